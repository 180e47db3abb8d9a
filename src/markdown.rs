// TEMPORARY shim until the real module lands.
pub enum LinkTarget<'a> { Page(&'a str), Image(&'a str) }
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading { pub level: u8, pub id: String, pub title: String }
#[derive(Debug, Clone)]
pub struct BodyProblem { pub line: usize, pub message: String }
#[derive(Debug, Clone)]
pub struct Rendered { pub html: String, pub toc: Vec<Heading>, pub text: String, pub summary_text: Option<String>, pub problems: Vec<BodyProblem> }
pub fn render(body: &str, _resolve: &dyn Fn(LinkTarget) -> Result<String, String>) -> Rendered {
    Rendered { html: format!("<p>{}</p>", body), toc: vec![], text: body.to_string(), summary_text: None, problems: vec![] }
}
pub fn truncate_chars(text: &str, max: usize) -> String { text.chars().take(max).collect() }
pub fn reading_minutes(_text: &str) -> u32 { 1 }
