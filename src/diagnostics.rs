//! Errors and warnings of a run, each tied to a file and (where known) a line.
//!
//! Every stage pushes into a [`Diagnostics`] list instead of returning at the
//! first problem, so one run reports everything that is wrong with a site.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// Relative to the site root, with `/` separators: `content/members/杜杰.md`.
    pub path: String,
    /// 1-based; `None` when the problem concerns the whole file.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.level {
            Level::Error => "",
            Level::Warning => "警告：",
        };
        match self.line {
            Some(line) => write!(f, "{}:{}: {}{}", self.path, line, prefix, self.message),
            None => write!(f, "{}: {}{}", self.path, prefix, self.message),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(
        &mut self,
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        self.push(Level::Error, path.into(), line, message.into());
    }

    pub fn warning(
        &mut self,
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        self.push(Level::Warning, path.into(), line, message.into());
    }

    fn push(&mut self, level: Level, path: String, line: Option<usize>, message: String) {
        self.items.push(Diagnostic {
            level,
            path,
            line,
            message,
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.level == Level::Warning)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// In file order, so a user can work through them top to bottom; parallel
    /// stages push in whatever order their threads finish.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (
                a.path.as_str(),
                a.line.unwrap_or(0),
                a.level,
                a.message.as_str(),
            )
                .cmp(&(
                    b.path.as_str(),
                    b.line.unwrap_or(0),
                    b.level,
                    b.message.as_str(),
                ))
        });
        items.dedup();
        items
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The known name closest to a misspelt one, if any is close enough to be a
/// plausible typo.
pub fn closest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(wrong, k), k))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_path_line_and_warning_prefix() {
        let mut d = Diagnostics::new();
        d.error("content/a.md", Some(3), "坏了");
        d.warning("content/b.md", None, "注意");
        let shown: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(shown, ["content/a.md:3: 坏了", "content/b.md: 警告：注意"]);
    }

    #[test]
    fn closest_finds_typos_only() {
        let known = ["title", "base_url", "paginate"];
        assert_eq!(closest("base_ur", known), Some("base_url"));
        assert_eq!(closest("paginat", known), Some("paginate"));
        assert_eq!(closest("zzzz", known), None);
    }
}
