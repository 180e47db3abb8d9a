//! The theme's templates, parsed once into Tera with pinpai's filters and
//! functions; template errors located at their file and line.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use tera::Tera;

use super::cards::{section_value, Card};
use super::feeds::BUILTINS;
use super::template_errors::{error_chain, locate_syntax_error, Shown, TemplateFile};
use crate::dates;
use crate::diagnostics::{Code, Diagnostics};
use crate::numbers::format_number;
use crate::resolve::Site;
use crate::theme::Theme;

pub(super) fn build_tera(
    site: &Site,
    theme: &Theme,
    cards: &Arc<Vec<Card>>,
    diags: &mut Diagnostics,
) -> Option<(Tera, Shown)> {
    let mut shown: Shown = theme
        .templates
        .iter()
        .map(|t| {
            let file = TemplateFile {
                path: t.shown_path.clone(),
                text: t.text.clone(),
            };
            (t.name.clone(), file)
        })
        .collect();
    // The feed and sitemap templates are built in; a theme or site may
    // bring its own.
    let builtins: Vec<(&str, &str)> = BUILTINS
        .into_iter()
        .filter(|(name, _)| !shown.contains_key(*name))
        .collect();
    for (name, text) in &builtins {
        let file = TemplateFile {
            path: format!("(内置模板)/{name}"),
            text: text.to_string(),
        };
        shown.insert(name.to_string(), file);
    }
    let mut missing = false;
    for name in super::required_templates() {
        if !shown.contains_key(name) {
            diags.error(
                Code::Theme,
                format!("templates/{name}"),
                None,
                format!("主题缺少模板 {name}（可以从默认主题复制一份）"),
            );
            missing = true;
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    // Tera's default also escapes `/`, which would break URLs in attributes.
    tera.set_escape_fn(crate::html::escape);
    // Parse each template alone first, so every broken one is reported with
    // its own file and line.
    let mut broken = false;
    for t in &theme.templates {
        if let Err(err) = tera::Template::new(&t.name, None, &t.text) {
            let message = error_chain(&err);
            let (path, line) = locate_syntax_error(&t.name, &message, &shown);
            diags.error(
                Code::Template,
                path,
                line,
                format!("模板语法错误：{message}"),
            );
            broken = true;
        }
    }
    if broken || missing {
        return None;
    }
    let all = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()))
        .chain(builtins);
    if let Err(err) = tera.add_raw_templates(all) {
        let message = error_chain(&err);
        let (path, line) = locate_syntax_error("index.html", &message, &shown);
        diags.error(Code::Template, path, line, format!("模板出错：{message}"));
        return None;
    }
    tera.register_filter("zh_date", zh_date_filter);
    tera.register_filter("num", num_filter);
    tera.register_function("grid_class", super::grid::grid_class_function);
    register_lookups(&mut tera, site, theme, cards);
    Some((tera, shown))
}

/// `get_page` and `get_section`: what they need is a copy of every page's
/// card, made only for themes that call them.
fn register_lookups(tera: &mut Tera, site: &Site, theme: &Theme, cards: &Arc<Vec<Card>>) {
    let uses = |name: &str| theme.templates.iter().any(|t| t.text.contains(name));
    if uses("get_page") {
        let by_path = Arc::new(site.by_content_path.clone());
        let page_cards = Arc::clone(cards);
        tera.register_function(
            "get_page",
            move |args: &HashMap<String, Value>| -> tera::Result<Value> {
                let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
                    tera::Error::msg(
                        "get_page 需要参数 path，例如 get_page(path=\"members/杜杰.md\")",
                    )
                })?;
                by_path
                    .get(path.trim_start_matches('/'))
                    .map(|&id| Value::clone(&page_cards[id]))
                    .ok_or_else(|| tera::Error::msg(format!("get_page：找不到页面 {path}")))
            },
        );
    }
    if uses("get_section") {
        let sections: Arc<HashMap<String, Value>> = Arc::new(
            site.sections
                .iter()
                .map(|s| {
                    let pages: Vec<Value> =
                        s.pages.iter().map(|&id| Value::clone(&cards[id])).collect();
                    let mut v = section_value(s);
                    v["pages"] = Value::Array(pages);
                    (s.name.clone(), v)
                })
                .collect(),
        );
        tera.register_function(
            "get_section",
            move |args: &HashMap<String, Value>| -> tera::Result<Value> {
                let name = args.get("name").and_then(Value::as_str).ok_or_else(|| {
                    tera::Error::msg("get_section 需要参数 name，例如 get_section(name=\"news\")")
                })?;
                sections
                    .get(name)
                    .cloned()
                    .ok_or_else(|| tera::Error::msg(format!("get_section：没有栏目 {name}")))
            },
        );
    }
}

fn zh_date_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(match value.as_str() {
        Some(s) => Value::String(dates::zh_from_text(s)),
        None => value.clone(),
    })
}

fn num_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(match value.as_f64() {
        Some(n) => Value::String(format_number(n)),
        None => value.clone(),
    })
}
