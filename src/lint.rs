//! Wording that must never be published (`lint.forbidden`, an error) and
//! outdated wording (`lint.replace`, a warning with the replacement).

use crate::config::Lint;
use crate::diagnostics::{Code, Diagnostics, Place};

/// Checks every line of a source file: title, front-matter strings and body
/// alike, so the line reported is the one to edit.
pub fn check(text: &str, lint: &Lint, path: &str, diags: &mut Diagnostics) {
    if lint.forbidden.is_empty() && lint.replace.is_empty() {
        return;
    }
    for (i, line) in text.lines().enumerate() {
        for word in &lint.forbidden {
            if line.contains(word.as_str()) {
                diags.error(Code::Lint, path, Some(i + 1), forbidden_message(word));
            }
        }
        for (old, new) in &lint.replace {
            if line.contains(old.as_str()) {
                diags.warning(Code::Lint, path, Some(i + 1), replace_message(old, new));
            }
        }
    }
}

/// Checks the text of one cell of a ledger, reporting at the cell.
pub fn check_cell(text: &str, lint: &Lint, place: Place, diags: &mut Diagnostics) {
    for word in &lint.forbidden {
        if text.contains(word.as_str()) {
            diags.error_at(Code::Lint, place.clone(), forbidden_message(word));
        }
    }
    for (old, new) in &lint.replace {
        if text.contains(old.as_str()) {
            diags.warning_at(Code::Lint, place.clone(), replace_message(old, new));
        }
    }
}

fn forbidden_message(word: &str) -> String {
    format!("出现了禁止发布的词语“{word}”（site.yaml 的 lint.forbidden），请删除或改写")
}

fn replace_message(old: &str, new: &str) -> String {
    format!("“{old}”是过时或不规范的写法，请改为“{new}”")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_line() {
        let lint = Lint {
            forbidden: vec!["机密".into()],
            replace: vec![("病人".into(), "患者".into())],
        };
        let mut d = Diagnostics::new();
        check(
            "---\ntitle: 机密文件\n---\n关爱病人\n",
            &lint,
            "content/a.md",
            &mut d,
        );
        let shown: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "content/a.md:2: 出现了禁止发布的词语“机密”（site.yaml 的 lint.forbidden），请删除或改写",
                "content/a.md:4: 警告：“病人”是过时或不规范的写法，请改为“患者”",
            ]
        );
    }
}
