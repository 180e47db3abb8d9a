//! Template errors located at a file and line.
//!
//! Tera gives a line for syntax errors only. For an error while rendering
//! (an undefined variable, a filter on the wrong type) it names the
//! template and the expression; pinpai finds the line where that
//! expression is written, says in Chinese what went wrong, and names the
//! page being rendered, so a theme author sees `templates/member.html:5:`
//! and the page that tripped it rather than Tera's bare English.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostics};

/// One template of the theme (or a built-in one) as messages show it.
pub(crate) struct TemplateFile {
    /// `templates/branch.html`, or `(内置模板)/atom.xml`.
    pub path: String,
    pub text: String,
}

/// Every template by the name templates use for it.
pub(crate) type Shown = HashMap<String, TemplateFile>;

/// A template error while rendering one output.
#[derive(Debug)]
pub(crate) struct RenderFailure {
    /// The template the output is rendered with (Tera may name an inner one).
    pub template: String,
    /// Tera's error and its causes.
    pub message: String,
    /// What was being rendered: the page's file, or the output's URL.
    pub page: String,
}

/// Tera's error and its causes, which hold the useful part.
pub(crate) fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join("：")
}

/// The innermost template a message names (Tera quotes names), as shown.
fn named_template<'a>(template: &'a str, message: &'a str, shown: &Shown) -> &'a str {
    let mut name = template;
    for candidate in message.split('\'').skip(1).step_by(2) {
        if shown.contains_key(candidate) {
            name = candidate;
        }
    }
    name
}

fn shown_path(name: &str, shown: &Shown) -> String {
    shown
        .get(name)
        .map_or_else(|| name.to_string(), |t| t.path.clone())
}

/// The template file and line of a syntax error: Tera names the template in
/// quotes and gives `--> line:column`.
pub(crate) fn locate_syntax_error(
    template: &str,
    message: &str,
    shown: &Shown,
) -> (String, Option<usize>) {
    let name = named_template(template, message, shown);
    let line = message.split("--> ").nth(1).and_then(|rest| {
        rest.split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
    });
    (shown_path(name, shown), line)
}

/// Reports each distinct render error once, at its template file and line,
/// naming the first page it happened on and how many more it hit.
pub(crate) fn report_render_errors(
    failures: Vec<RenderFailure>,
    shown: &Shown,
    diags: &mut Diagnostics,
) {
    let mut order: Vec<String> = Vec::new();
    let mut by_message: HashMap<String, (RenderFailure, usize)> = HashMap::new();
    for failure in failures {
        match by_message.get_mut(&failure.message) {
            Some((_, count)) => *count += 1,
            None => {
                order.push(failure.message.clone());
                by_message.insert(failure.message.clone(), (failure, 1));
            }
        }
    }
    for message in order {
        let Some((failure, count)) = by_message.remove(&message) else {
            continue;
        };
        let (path, line, text) = describe(&failure, count, shown);
        diags.error(Code::Template, path, line, text);
    }
}

/// The file, line and Chinese message of one render error.
fn describe(
    failure: &RenderFailure,
    count: usize,
    shown: &Shown,
) -> (String, Option<usize>, String) {
    let name = named_template(&failure.template, &failure.message, shown);
    let cause = Cause::of(&failure.message);
    let place = cause
        .needle()
        .and_then(|needle| find_line(name, &needle, shown));
    let (file, line) = match place {
        Some((file, line)) => (shown_path(file, shown), Some(line)),
        None => (shown_path(name, shown), None),
    };
    let also = match count {
        1 => String::new(),
        n => format!("；共 {n} 个页面出现同样的错误"),
    };
    let text = format!(
        "模板出错：{}（生成 {} 时{also}）。Tera 的原话：{}",
        cause.explain(),
        failure.page,
        failure.message
    );
    (file, line, text)
}

/// What Tera's message says went wrong, from its most telling part.
#[derive(Debug, PartialEq)]
enum Cause {
    /// `Variable `page.x` not found in context`
    Variable(String),
    /// `Filter `num` received an incorrect type for arg `value`…`
    FilterArgument {
        filter: String,
        argument: String,
        detail: String,
    },
    /// `Filter call 'f' failed` for another reason.
    Filter { filter: String, detail: String },
    /// `Function call 'get_page' failed`
    Function { function: String, detail: String },
    /// `Variable `x` was used in a math operation but is not a number`
    NotANumber(String),
    /// `Macro `m::card` not found`
    Macro(String),
    /// `Macro `card` is missing the argument `title``
    MacroArgument { name: String, argument: String },
    /// `Macro namespace `m` was not found`: no `import … as m`.
    MacroNamespace(String),
    /// `Template 'partials/x.html' not found`
    Template(String),
    /// Anything else, with a name the message quotes, if any.
    Other(Option<String>),
}

/// The text between the first `open` after `after` and the next `close`.
fn quoted(message: &str, after: &str, open: char, close: char) -> Option<String> {
    let rest = &message[message.find(after)? + after.len()..];
    let rest = &rest[rest.find(open)? + open.len_utf8()..];
    Some(rest[..rest.find(close)?].to_string())
}

/// What follows the part of the chain that starts with `head`.
fn after_part(message: &str, head: &str) -> String {
    message
        .split('：')
        .skip_while(|part| !part.starts_with(head))
        .skip(1)
        .collect::<Vec<_>>()
        .join("：")
}

impl Cause {
    fn of(message: &str) -> Cause {
        if let Some(variable) = quoted(message, "Variable ", '`', '`') {
            if message.contains("not found in context") {
                return Cause::Variable(variable);
            }
            if message.contains("used in a math operation") {
                return Cause::NotANumber(variable);
            }
        }
        if message.contains("received an incorrect type for arg") {
            if let (Some(filter), Some(argument)) = (
                quoted(message, "Filter ", '`', '`'),
                quoted(message, "for arg ", '`', '`'),
            ) {
                let detail = message
                    .split("but expected ")
                    .nth(1)
                    .map(|e| {
                        let got = quoted(message, ": got ", '`', '`').unwrap_or_default();
                        format!("得到的是 {got}，需要{}", type_in_chinese(e))
                    })
                    .unwrap_or_default();
                return Cause::FilterArgument {
                    filter,
                    argument,
                    detail,
                };
            }
        }
        if let Some(filter) = quoted(message, "Filter call '", '\'', '\'')
            .or_else(|| quoted(message, "Filter call ", '\'', '\''))
        {
            let detail = after_part(message, "Filter call");
            return Cause::Filter { filter, detail };
        }
        if let Some(function) = quoted(message, "Function call ", '\'', '\'') {
            let detail = after_part(message, "Function call");
            return Cause::Function { function, detail };
        }
        if let Some(namespace) = quoted(message, "Macro namespace ", '`', '`') {
            return Cause::MacroNamespace(namespace);
        }
        if let Some(name) = quoted(message, "Macro ", '`', '`') {
            if let Some(argument) = quoted(message, "missing the argument ", '`', '`') {
                return Cause::MacroArgument { name, argument };
            }
            return Cause::Macro(name);
        }
        if let Some(name) =
            quoted(message, "Template ", '\'', '\'').filter(|_| message.contains("not found"))
        {
            return Cause::Template(name);
        }
        // Another error about a name: at least find where it is written.
        Cause::Other(
            message
                .split_once('`')
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(name, _)| name.to_string()),
        )
    }

    /// What to look for in the template's text.
    fn needle(&self) -> Option<Needle> {
        match self {
            Cause::Variable(v) | Cause::NotANumber(v) => Some(Needle::Word(v.clone())),
            Cause::FilterArgument { filter, .. } | Cause::Filter { filter, .. } => {
                Some(Needle::Filter(filter.clone()))
            }
            Cause::Function { function, .. } => Some(Needle::Call(function.clone())),
            Cause::Macro(name) | Cause::MacroArgument { name, .. } => {
                Some(Needle::Call(name.clone()))
            }
            Cause::MacroNamespace(namespace) => Some(Needle::Start(format!("{namespace}::"))),
            Cause::Template(name) => Some(Needle::Word(name.clone())),
            Cause::Other(name) => name.clone().map(Needle::Word),
        }
    }

    fn explain(&self) -> String {
        match self {
            Cause::Variable(v) => format!(
                "变量 {v} 不存在：名字可能写错了，或者这类页面没有这个字段（可以先用 {{% if {v} %}} 判断有没有）"
            ),
            Cause::FilterArgument { filter, argument, detail } => {
                format!("过滤器 {filter} 的参数 {argument} 类型不对：{detail}")
            }
            Cause::Filter { filter, detail } => format!("过滤器 {filter} 出错：{detail}"),
            Cause::Function { function, detail } => format!("函数 {function} 出错：{detail}"),
            Cause::NotANumber(v) => format!("变量 {v} 用在了算式里，但它不是数字"),
            Cause::Macro(name) => format!("宏 {name} 不存在：看看宏的名字和 import 的文件"),
            Cause::MacroArgument { name, argument } => {
                format!("调用宏 {name} 时少了参数 {argument}")
            }
            Cause::MacroNamespace(namespace) => format!(
                "没有名为 {namespace} 的宏文件：模板开头需要 {{% import \"macros.html\" as {namespace} %}}"
            ),
            Cause::Template(name) => format!("找不到模板 {name}"),
            Cause::Other(_) => "渲染页面时出错".to_string(),
        }
    }
}

/// Tera's `a usize`, `a String`… as a theme author reads them.
fn type_in_chinese(expected: &str) -> String {
    let kind = expected
        .trim()
        .trim_start_matches("an ")
        .trim_start_matches("a ");
    let word = match kind {
        "usize" | "u64" | "i64" | "u32" | "i32" | "integer" => "整数",
        "f64" | "number" => "数字",
        "String" | "string" => "文字",
        "bool" | "boolean" => "true 或 false",
        "array" | "Vec" => "列表",
        "object" | "map" => "对象",
        _ => return format!(" {expected}"),
    };
    format!("{word}（{kind}）")
}

/// An expression as it is written in a template.
#[derive(Debug)]
enum Needle {
    /// A name not followed by more of a name: `page.x` but not `page.xy`.
    Word(String),
    /// The start of a name: `m::` of `m::card(`.
    Start(String),
    /// `| name`
    Filter(String),
    /// `name(`
    Call(String),
}

impl Needle {
    /// Whether the needle is in `code` (a line's `{{ }}` and `{% %}` parts).
    fn found_in(&self, code: &str) -> bool {
        let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
        let name_goes_on = |rest: &str| rest.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        let word = match self {
            Needle::Word(w) | Needle::Start(w) | Needle::Filter(w) | Needle::Call(w) => w,
        };
        code.match_indices(word.as_str()).any(|(at, _)| {
            let before = &code[..at];
            let rest = &code[at + word.len()..];
            if before.ends_with(is_name) {
                return false;
            }
            match self {
                Needle::Word(_) => !name_goes_on(rest),
                Needle::Start(_) => true,
                Needle::Filter(_) => before.trim_end().ends_with('|') && !name_goes_on(rest),
                Needle::Call(_) => rest.trim_start().starts_with('('),
            }
        })
    }
}

/// Each line's template code: the text inside `{{ }}` and `{% %}` (which
/// may span lines), not HTML, text or `{# #}` comments, where a name like
/// `title` is no expression.
fn code_by_line(text: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut rest = text;
    let mut closing: Option<&str> = None;
    while !rest.is_empty() {
        let next = match closing {
            Some(end) => rest.find(end).map(|at| (at, end.len())),
            None => rest.find('{').map(|at| (at, 0)),
        };
        let (at, skip) = next.unwrap_or((rest.len(), 0));
        let (part, after) = rest.split_at(at);
        for (i, piece) in part.split('\n').enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            if closing.is_some_and(|end| end != "#}") {
                if let Some(line) = lines.last_mut() {
                    line.push_str(piece);
                    line.push(' ');
                }
            }
        }
        rest = after;
        if rest.is_empty() {
            break;
        }
        if closing.is_some() {
            closing = None;
            rest = &rest[skip..];
            continue;
        }
        closing = match rest.get(..2) {
            Some("{{") => Some("}}"),
            Some("{%") => Some("%}"),
            Some("{#") => Some("#}"),
            _ => None,
        };
        rest = &rest[if closing.is_some() { 2 } else { 1 }..];
    }
    lines
}

/// The templates `name` uses, as written in its `extends`, `include` and
/// `import` tags.
fn used_templates(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    for code in code_by_line(text) {
        let code = code.trim();
        let Some(rest) = ["extends", "include", "import"]
            .iter()
            .find_map(|tag| code.strip_prefix(tag))
        else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some((name, _)) = rest[1..].split_once(quote) {
                used.push(name.to_string());
            }
        }
    }
    used
}

/// The template and line where `needle` is written: in the named template
/// first, then in the templates it extends, includes or imports, nearest
/// first. `None` when it is written in none of them.
fn find_line<'a>(name: &'a str, needle: &Needle, shown: &'a Shown) -> Option<(&'a str, usize)> {
    let mut queue: std::collections::VecDeque<&str> = [name].into();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(current) = queue.pop_front() {
        if seen.contains(&current) {
            continue;
        }
        seen.push(current);
        let Some((key, template)) = shown.get_key_value(current) else {
            continue;
        };
        let found = code_by_line(&template.text)
            .iter()
            .position(|code| needle.found_in(code));
        if let Some(index) = found {
            return Some((key.as_str(), index + 1));
        }
        for used in used_templates(&template.text) {
            if let Some((key, _)) = shown.get_key_value(used.as_str()) {
                queue.push_back(key.as_str());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(files: &[(&str, &str)]) -> Shown {
        files
            .iter()
            .map(|(name, text)| {
                let file = TemplateFile {
                    path: format!("templates/{name}"),
                    text: text.to_string(),
                };
                (name.to_string(), file)
            })
            .collect()
    }

    #[test]
    fn syntax_error_location() {
        let shown = shown(&[("branch.html", "")]);
        let (path, line) = locate_syntax_error(
            "x.html",
            "Failed to parse 'branch.html'： --> 12:5\n  |\n12 | {{ oops",
            &shown,
        );
        assert_eq!((path.as_str(), line), ("templates/branch.html", Some(12)));
    }

    fn located(message: &str, files: &[(&str, &str)]) -> (String, Option<usize>, String) {
        let failure = RenderFailure {
            template: files[0].0.to_string(),
            message: message.to_string(),
            page: "content/members/杜杰.md".into(),
        };
        describe(&failure, 1, &shown(files))
    }

    #[test]
    fn an_undefined_variable_is_found_on_its_line_not_on_a_longer_name() {
        let (path, line, text) = located(
            "Failed to render 'member.html'：Variable `page.tit` not found in context while rendering 'member.html'",
            &[("member.html", "{% block main %}\n<p>{{ page.title }}</p>\n<h1>{{ page.tit | upper }}</h1>\n")],
        );
        assert_eq!((path.as_str(), line), ("templates/member.html", Some(3)));
        assert!(text.starts_with("模板出错：变量 page.tit 不存在"), "{text}");
        assert!(text.contains("生成 content/members/杜杰.md 时"), "{text}");
    }

    #[test]
    fn a_filter_on_the_wrong_type_is_found_where_the_filter_is_used() {
        let (path, line, text) = located(
            "Failed to render 'member.html'：Filter call 'truncate' failed：Filter `truncate` received an incorrect type for arg `length`: got `\"x\"` but expected a usize",
            &[("member.html", "{% extends \"base.html\" %}\n"), ("base.html", "<title>{{ truncate }}</title>\n{{ page.title | truncate(length=\"x\") }}\n")],
        );
        assert_eq!((path.as_str(), line), ("templates/base.html", Some(2)));
        assert!(
            text.contains(
                "过滤器 truncate 的参数 length 类型不对：得到的是 \"x\"，需要整数（usize）"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_missing_macro_and_a_failing_function() {
        let (_, line, text) = located(
            "Failed to render 'x.html'：Macro `m::nope` not found in template `x.html`",
            &[(
                "x.html",
                "{% import \"macros.html\" as m %}\n{{ m::nope() }}\n",
            )],
        );
        assert_eq!(line, Some(2));
        assert!(text.starts_with("模板出错：宏 m::nope 不存在"), "{text}");
        let (_, line, text) = located(
            "Failed to render 'x.html'：Function call 'get_page' failed：get_page：找不到页面 a.md",
            &[("x.html", "a\n\n{% set p = get_page(path=\"a.md\") %}\n")],
        );
        assert_eq!(line, Some(3));
        assert!(
            text.starts_with("模板出错：函数 get_page 出错：get_page：找不到页面 a.md"),
            "{text}"
        );
    }

    #[test]
    fn names_in_html_text_and_comments_are_not_taken_for_the_expression() {
        let (_, line, _) = located(
            "Failed to render 'x.html'：Variable `title` not found in context while rendering 'x.html'",
            &[("x.html", "<title>党建</title>\n<meta content=\"title\">\n{# title #}\n<h1>{{\n  title }}</h1>\n")],
        );
        assert_eq!(line, Some(5), "the line the name is on");
    }

    #[test]
    fn only_templates_it_uses_are_searched() {
        let files = [
            (
                "member.html",
                "{% extends \"base.html\" %}\n{% import \"macros.html\" as m %}\n",
            ),
            ("base.html", "<p>\n{{ site.logo }}\n"),
            (
                "macros.html",
                "{% macro card(p) %}\n\n{{ p.nickname }}\n{% endmacro %}\n",
            ),
            ("aaa.html", "{{ p.nickname }}\n"),
        ];
        let message = "Failed to render 'member.html'：Variable `p.nickname` not found in context while rendering 'member.html'";
        let (path, line, _) = located(message, &files);
        assert_eq!((path.as_str(), line), ("templates/macros.html", Some(3)));
        let unrelated = "Variable `page.other` not found in context while rendering 'member.html'";
        let (path, line, _) = located(unrelated, &files);
        assert_eq!((path.as_str(), line), ("templates/member.html", None));
    }

    #[test]
    fn math_on_text_and_a_missing_macro_argument_say_so() {
        let (_, line, text) = located(
            "Variable `page.title` was used in a math operation but is not a number",
            &[("x.html", "{{ page.title }}\n{{ page.title + 1 }}\n")],
        );
        assert_eq!(line, Some(1), "first use; Tera names no more");
        assert!(
            text.starts_with("模板出错：变量 page.title 用在了算式里"),
            "{text}"
        );
        let (_, line, text) = located(
            "Macro `card` is missing the argument `title`",
            &[("x.html", "{% import \"m.html\" as m %}\n{{ m::card() }}\n")],
        );
        assert_eq!(line, Some(2));
        assert!(
            text.starts_with("模板出错：调用宏 card 时少了参数 title"),
            "{text}"
        );
        let (_, line, text) = located(
            "Macro namespace `mm` was not found in template `x.html`. Have you maybe forgotten to import it, or misspelled it?",
            &[("x.html", "\n{{ mm::card(p=page) }}\n")],
        );
        assert_eq!(line, Some(2));
        assert!(text.contains("没有名为 mm 的宏文件"), "{text}");
    }

    #[test]
    fn without_an_expression_to_find_the_template_and_page_are_named() {
        let (path, line, text) = located(
            "Failed to render 'x.html'：something new",
            &[("x.html", "")],
        );
        assert_eq!((path.as_str(), line), ("templates/x.html", None));
        assert!(
            text.contains("渲染页面时出错（生成 content/members/杜杰.md 时）"),
            "{text}"
        );
    }

    #[test]
    fn one_error_on_many_pages_is_reported_once_with_the_count() {
        let failures = (0..3)
            .map(|i| RenderFailure {
                template: "x.html".into(),
                message: "Variable `a` not found in context while rendering 'x.html'".into(),
                page: format!("content/{i}.md"),
            })
            .collect();
        let mut diags = Diagnostics::default();
        report_render_errors(failures, &shown(&[("x.html", "{{ a }}")]), &mut diags);
        let shown: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(shown.len(), 1);
        assert!(
            shown[0].starts_with("templates/x.html:1: 模板出错：变量 a 不存在"),
            "{shown:?}"
        );
        assert!(
            shown[0].contains("生成 content/0.md 时；共 3 个页面出现同样的错误"),
            "{shown:?}"
        );
    }
}
