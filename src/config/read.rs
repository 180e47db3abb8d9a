//! Reading the structured settings of `site.yaml`: the menu, lint word
//! lists, the logo, the theme colours, raw-HTML handling and review levels.

use super::{default_nav, Lint, NavItem, CONFIG_FILE};
use crate::diagnostics::Code;
use crate::urls::is_script_url;
use crate::yaml::{scalar_text, Fields};

pub(super) fn read_nav(f: &mut Fields) -> Vec<NavItem> {
    let Some(value) = f.get("nav") else {
        return default_nav();
    };
    let Some(items) = value.as_sequence() else {
        let line = f.line("nav");
        f.error(line, "nav 应当是菜单项列表，每项写 title 和 url");
        return default_nav();
    };
    let mut nav = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let line = f.item_line("nav", i);
        let title = item.get("title").and_then(scalar_text);
        let url = item.get("url").and_then(scalar_text);
        match (title, url) {
            (Some(_), Some(url)) if is_script_url(&url) => f.error(
                line,
                format!(
                    "nav 的第 {} 项的 url 不能是 javascript: 或 data: 地址",
                    i + 1
                ),
            ),
            (Some(title), Some(url)) => nav.push(NavItem {
                title,
                url: if url.contains("://") || url.starts_with('/') {
                    url
                } else {
                    format!("/{url}")
                },
                line: Some(line),
            }),
            _ => f.error(
                line,
                format!("nav 的第 {} 项需要 title 和 url 两个字段", i + 1),
            ),
        }
    }
    nav
}

pub(super) fn read_lint(f: &mut Fields) -> Lint {
    let mut lint = Lint::default();
    let Some(value) = f.get("lint") else {
        return lint;
    };
    let Some(map) = value.as_mapping() else {
        let line = f.line("lint");
        f.error(
            line,
            "lint 应当包含 forbidden（禁用词列表）和 replace（替换表）",
        );
        return lint;
    };
    for (key, value) in map {
        let key = scalar_text(key).unwrap_or_default();
        let line = f.line_within("lint", &key);
        match key.as_str() {
            "forbidden" => match value.as_sequence() {
                Some(words) => lint.forbidden.extend(
                    words
                        .iter()
                        .filter_map(scalar_text)
                        .filter(|w| !w.is_empty()),
                ),
                None => f.error(line, "lint.forbidden 应当是词语列表，例如 [机密, 内部资料]"),
            },
            "replace" => match value.as_mapping() {
                Some(pairs) => lint.replace.extend(pairs.iter().filter_map(|(old, new)| {
                    Some((scalar_text(old)?, scalar_text(new)?)).filter(|(o, _)| !o.is_empty())
                })),
                None => f.error(line, "lint.replace 应当是“旧写法: 新写法”的对照表"),
            },
            other => {
                let hint = crate::diagnostics::closest(other, ["forbidden", "replace"])
                    .map(|k| format!("，是不是想写 {k}？"))
                    .unwrap_or_else(|| "。可用：forbidden、replace".into());
                f.error(line, format!("lint 下不认识字段 {other}{hint}"));
            }
        }
    }
    lint
}

/// `logo`: an image under `static/`, as a site-root path. `extra.logo`,
/// which the default theme read before `logo` existed, still counts.
pub(super) fn read_logo(f: &mut Fields, extra: &serde_json::Value) -> Option<String> {
    let written = f
        .string("logo")
        .or_else(|| extra.get("logo").and_then(|v| v.as_str()).map(String::from))?;
    let path = written.trim();
    if path.is_empty() {
        return None;
    }
    if is_script_url(path) || path.contains("://") || path.starts_with("//") {
        let line = f.line("logo");
        f.error(
            line,
            "logo 应当是 static/ 文件夹里的图片，例如 /images/logo.png（不能是网址）",
        );
        return None;
    }
    let path = path.trim_start_matches("static/");
    Some(if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    })
}

/// `colors: {primary, accent}`, each `#rgb` or `#rrggbb`.
pub(super) fn read_colors(f: &mut Fields) -> super::Colors {
    let mut colors = super::Colors::default();
    let Some(value) = f.get("colors") else {
        return colors;
    };
    let Some(map) = value.as_mapping() else {
        let line = f.line("colors");
        f.error(
            line,
            "colors 应当写成 primary 和 accent 两项，例如 primary: \"#C8161D\"",
        );
        return colors;
    };
    // The colours as written (`#abc`), for the warning below.
    let mut written: Vec<(String, String)> = Vec::new();
    for (key, value) in map {
        let key = scalar_text(key).unwrap_or_default();
        let text = scalar_text(value).unwrap_or_default();
        let line = f.line_within("colors", &key);
        let slot = match key.as_str() {
            "primary" => &mut colors.primary,
            "accent" => &mut colors.accent,
            other => {
                f.error(
                    line,
                    format!("colors 下不认识 {other}：只有 primary（主色）和 accent（强调色）"),
                );
                continue;
            }
        };
        match normalize_hex(&text) {
            Some(hex) => {
                *slot = Some(hex);
                written.push((key.clone(), text.clone()));
            }
            None => f.error(
                line,
                format!("colors.{key} 应当是 # 加 6 位（或 3 位）十六进制数的颜色，例如 \"#C8161D\"，这里写的是“{text}”（颜色要加引号）"),
            ),
        }
    }
    // The warning speaks of the default theme's masthead and button: a
    // custom theme uses the colours its own way.
    let default_theme = f
        .get("theme")
        .and_then(scalar_text)
        .is_none_or(|t| t == "default");
    for (key, text) in written.iter().filter(|_| default_theme) {
        let hex = if key == "primary" {
            &colors.primary
        } else {
            &colors.accent
        };
        let Some(hex) = hex else { continue };
        if let Some(problem) =
            super::colors::readability_problem(key, hex, text, colors.primary.as_deref())
        {
            let line = f.line_within("colors", key);
            f.diags
                .warning(Code::Field, CONFIG_FILE, Some(line), problem);
        }
    }
    colors
}

/// `#abc` → `#aabbcc`; `#AABBCC` → `#aabbcc`; anything else `None`.
fn normalize_hex(text: &str) -> Option<String> {
    let hex = text.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(
            std::iter::once('#')
                .chain(hex.chars().flat_map(|c| [c, c]))
                .collect::<String>()
                .to_ascii_lowercase(),
        ),
        _ => None,
    }
}

/// `markdown: {html: sanitize | escape | trust}`.
pub(super) fn read_html_mode(f: &mut Fields) -> super::HtmlMode {
    use super::HtmlMode;
    let Some(value) = f.get("markdown") else {
        return HtmlMode::default();
    };
    let mode = value.get("html").and_then(scalar_text);
    let line = f.line_within("markdown", "html");
    match mode.as_deref() {
        None | Some("sanitize") => HtmlMode::Sanitize,
        Some("escape") => HtmlMode::Escape,
        Some("trust") => HtmlMode::Trust,
        Some(other) => {
            f.error(
                line,
                format!("markdown.html 只能是 sanitize（默认：保留安全的排版，去掉脚本）、escape（把 HTML 显示为文字）或 trust（原样保留），这里写的是“{other}”"),
            );
            HtmlMode::default()
        }
    }
}

/// `review: {required, levels}`.
pub(super) fn read_review(f: &mut Fields) -> super::Review {
    let mut review = super::Review::default();
    let Some(value) = f.get("review") else {
        return review;
    };
    if let Some(required) = value.get("required") {
        match required.as_bool() {
            Some(b) => review.required = b,
            None => {
                let line = f.line_within("review", "required");
                f.error(line, "review.required 应当是 true 或 false");
            }
        }
    }
    if let Some(levels) = value.get("levels") {
        let names: Option<Vec<String>> = levels
            .as_sequence()
            .map(|items| items.iter().filter_map(scalar_text).collect());
        match names {
            Some(names) if !names.is_empty() => review.levels = names,
            _ => {
                let line = f.line_within("review", "levels");
                f.error(
                    line,
                    "review.levels 应当是审核级别的列表，例如 [初审, 复审, 终审]",
                );
            }
        }
    }
    review
}

/// `workbench: {history, upload_limit, session_hours}`: whole numbers, at least 1.
pub(super) fn read_workbench(f: &mut Fields) -> super::WorkbenchSettings {
    let mut settings = super::WorkbenchSettings::default();
    let Some(value) = f.get("workbench").cloned() else {
        return settings;
    };
    for (key, what) in [
        ("history", "每个文件保留的以前版本数"),
        ("upload_limit", "上传文件的大小上限（MB）"),
        ("session_hours", "登录后多久不操作就要重新登录（小时）"),
    ] {
        let Some(v) = value.get(key) else { continue };
        match v.as_u64().filter(|n| *n >= 1) {
            Some(n) if key == "history" => {
                settings.history = usize::try_from(n).unwrap_or(usize::MAX)
            }
            Some(n) if key == "session_hours" => settings.session_hours = n,
            Some(n) => settings.upload_limit_mb = n,
            None => {
                let line = f.line_within("workbench", key);
                f.error(
                    line,
                    format!("workbench.{key} 是{what}，应当是不小于 1 的整数"),
                );
            }
        }
    }
    settings
}
