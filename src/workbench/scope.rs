//! What an account other than 管理 may not write, whatever its role
//! allows (CONTENT-MODEL §9.4): the site's settings and templates, which
//! decide whether review is on at all, and review records. A review step
//! is recorded only by the 通过 button, which checks the account's levels
//! and names the account; typed into a page's text (`api/save`), a field
//! (`api/edit`) or a ledger's `.review.yaml`, it would be a step nobody
//! signed. A save may still drop approvals (any edit voids them anyway).

use std::path::Path;

use serde_json::Value;

use super::access::Who;
use crate::accounts::Role;

/// Why this request is beyond `who`'s role; `None` when it is not.
pub fn beyond_role(
    who: &Who,
    rest: &str,
    request: Option<&Value>,
    query: Option<&str>,
    root: &Path,
) -> Option<String> {
    let account = who.account()?;
    if account.role == Role::Admin || !rest.starts_with("api/") {
        return None;
    }
    let target = request
        .and_then(|r| r.get("path"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            let params = super::api::query_params(query.unwrap_or(""));
            params.get("folder").cloned()
        })
        .unwrap_or_default();
    let target = target.trim_start_matches(['/', '\\']).replace('\\', "/");
    let settings = target.eq_ignore_ascii_case("site.yaml")
        || starts_with_folder(&target, "templates")
        || starts_with_folder(&target, "themes")
        || target.to_ascii_lowercase().ends_with(".review.yaml");
    if settings {
        return Some(format!(
            "你的账号（{}）不能改网站设置、模板和审核记录：请管理账号来改",
            account.role
        ));
    }
    let typed_review = match rest {
        "api/edit" => request
            .and_then(|r| r.get("fields"))
            .and_then(Value::as_array)
            .is_some_and(|fields| fields.iter().any(names_review)),
        "api/field" => request.is_some_and(names_review),
        "api/save" => request
            .and_then(|r| r.get("text"))
            .and_then(Value::as_str)
            .is_some_and(|text| adds_approvals(&root.join(&target), text)),
        _ => false,
    };
    typed_review.then(|| "审核记录只能用“通过”按钮记录，不能在页面里填写".to_string())
}

fn starts_with_folder(path: &str, folder: &str) -> bool {
    path.len() > folder.len()
        && path[..folder.len()].eq_ignore_ascii_case(folder)
        && path.as_bytes()[folder.len()] == b'/'
}

fn names_review(field: &Value) -> bool {
    field.get("key").and_then(Value::as_str) == Some(crate::review::KEY)
}

/// Whether `new_text` records an approval the file at `file` does not.
fn adds_approvals(file: &Path, new_text: &str) -> bool {
    let before = std::fs::read_to_string(file)
        .map(|t| approvals_in(&t))
        .unwrap_or_default();
    approvals_in(new_text)
        .iter()
        .any(|approval| !before.contains(approval))
}

/// The approvals a page's text records (none when it is no page).
fn approvals_in(text: &str) -> Vec<crate::review::Approval> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut scratch = crate::diagnostics::Diagnostics::new();
    let Some((front, _, _)) = crate::load::split_front_matter(text, "", &mut scratch) else {
        return Vec::new();
    };
    let Ok(map) = crate::yaml::parse_mapping(front) else {
        return Vec::new();
    };
    match map.get(crate::review::KEY) {
        Some(serde_yaml::Value::Sequence(items)) => items
            .iter()
            .filter_map(crate::review::approval_of)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approvals_may_be_dropped_but_not_added() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        let one = "---\ntitle: a\nreview:\n  - {level: 初审, by: 张三, date: 2024-01-01, digest: v2-1}\n---\n正文\n";
        std::fs::write(&file, one).unwrap();
        assert!(!adds_approvals(&file, one));
        assert!(!adds_approvals(&file, "---\ntitle: b\n---\n正文\n"));
        let two = one.replace(
            "---\n正文",
            "  - {level: 复审, by: 李四, date: 2024-01-02, digest: v2-1}\n---\n正文",
        );
        assert!(adds_approvals(&file, &two));
        assert!(adds_approvals(&dir.path().join("new.md"), one));
        assert!(starts_with_folder("Themes/default/x", "themes"));
        assert!(!starts_with_folder("themes-x/a", "themes"));
    }
}
