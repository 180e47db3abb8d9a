//! Errors and warnings of a run, each tied to a file and (where known) a line.
//!
//! Every stage pushes into a [`Diagnostics`] list instead of returning at the
//! first problem, so one run reports everything that is wrong with a site.

use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// What kind of problem a diagnostic is: one family of messages each, so
/// tests assert the kind and the position rather than the wording (which
/// the golden files in `tests/snapshots/` keep).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A file could not be read, or is not UTF-8.
    Read,
    /// A Markdown file without its `---` front matter, or one not closed.
    FrontMatter,
    /// YAML that does not parse.
    Yaml,
    /// A field the file's kind does not have (a typo).
    UnknownField,
    /// A field missing, empty, of the wrong type or with a wrong value.
    Field,
    /// A brand or member reference that names no page, or several.
    Reference,
    /// A front-matter image that is missing or unreadable.
    Image,
    /// A problem inside a Markdown body: a broken `@/` link, a missing
    /// image, an unclosed comment.
    Body,
    /// Two pages (or a page and a generated list) with one URL; a file
    /// name no URL can be made from.
    Url,
    /// Files where they do not belong: no `content/`, `content/index.md`,
    /// an `_index.md` too deep, no `site.yaml`.
    Layout,
    /// A forbidden or outdated word (`lint` in site.yaml).
    Lint,
    /// The theme or one of its required templates is missing.
    Theme,
    /// A template that does not parse or fails while rendering.
    Template,
    /// The output folder cannot be written or is not pinpai's.
    Output,
    /// A command-line option with a wrong value.
    Option,
}

impl Code {
    /// Every code, for tests that go through all families.
    pub const ALL: [Code; 15] = [
        Code::Read,
        Code::FrontMatter,
        Code::Yaml,
        Code::UnknownField,
        Code::Field,
        Code::Reference,
        Code::Image,
        Code::Body,
        Code::Url,
        Code::Layout,
        Code::Lint,
        Code::Theme,
        Code::Template,
        Code::Output,
        Code::Option,
    ];

    /// A short name: `reference`, `unknown-field`.
    pub fn name(self) -> &'static str {
        match self {
            Code::Read => "read",
            Code::FrontMatter => "front-matter",
            Code::Yaml => "yaml",
            Code::UnknownField => "unknown-field",
            Code::Field => "field",
            Code::Reference => "reference",
            Code::Image => "image",
            Code::Body => "body",
            Code::Url => "url",
            Code::Layout => "layout",
            Code::Lint => "lint",
            Code::Theme => "theme",
            Code::Template => "template",
            Code::Output => "output",
            Code::Option => "option",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub code: Code,
    /// Relative to the site root, with `/` separators: `content/members/杜杰.md`.
    pub path: String,
    /// 1-based; `None` when the problem concerns the whole file.
    pub line: Option<usize>,
    /// The cell of a spreadsheet (a volunteer ledger) the problem is in.
    pub cell: Option<SheetCell>,
    pub message: String,
}

/// A cell of a spreadsheet, where staff find a ledger problem in Excel:
/// `Sheet1!E7`, or `E7` in a CSV (one sheet, named after the file).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SheetCell {
    pub sheet: Option<Arc<str>>,
    /// 0-based, as stored; shown 1-based as Excel numbers rows.
    pub row: u32,
    /// 0-based; shown as letters.
    pub column: u32,
}

impl fmt::Display for SheetCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "{sheet}!")?;
        }
        write!(
            f,
            "{}{}",
            column_letters(self.column),
            u64::from(self.row) + 1
        )
    }
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
pub fn column_letters(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Where a problem is: a file, with a line of it or a cell of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Relative to the site root, with `/` separators.
    pub path: String,
    pub line: Option<usize>,
    pub cell: Option<SheetCell>,
}

impl Place {
    pub fn file(path: impl Into<String>) -> Place {
        Place {
            path: path.into(),
            line: None,
            cell: None,
        }
    }

    pub fn line(path: impl Into<String>, line: usize) -> Place {
        Place {
            line: Some(line),
            ..Place::file(path)
        }
    }

    pub fn cell(path: impl Into<String>, cell: SheetCell) -> Place {
        Place {
            cell: Some(cell),
            ..Place::file(path)
        }
    }
}

/// As messages name a place: `content/a.md:3`, `data/volunteer/台账.xlsx:Sheet1!E7`
/// (with `\` on Windows).
impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `content\news\a.md:3` on Windows: see `paths`.
        write!(f, "{}", crate::paths::native(&self.path))?;
        if let Some(cell) = &self.cell {
            write!(f, ":{cell}")?;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.level {
            Level::Error => "",
            Level::Warning => "警告：",
        };
        let place = Place {
            path: self.path.clone(),
            line: self.line,
            cell: self.cell.clone(),
        };
        let message = crate::paths::native_text(&self.message);
        write!(f, "{place}: {prefix}{message}")
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
        code: Code,
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        let place = Place {
            line,
            ..Place::file(path)
        };
        self.push(Level::Error, code, place, message.into());
    }

    pub fn warning(
        &mut self,
        code: Code,
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        let place = Place {
            line,
            ..Place::file(path)
        };
        self.push(Level::Warning, code, place, message.into());
    }

    /// An error at a place that may be a cell of a ledger.
    pub fn error_at(&mut self, code: Code, place: Place, message: impl Into<String>) {
        self.push(Level::Error, code, place, message.into());
    }

    pub fn warning_at(&mut self, code: Code, place: Place, message: impl Into<String>) {
        self.push(Level::Warning, code, place, message.into());
    }

    fn push(&mut self, level: Level, code: Code, place: Place, message: String) {
        self.items.push(Diagnostic {
            level,
            code,
            path: place.path,
            line: place.line,
            cell: place.cell,
            message,
        });
    }

    /// Every diagnostic, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The same problems, every error told as a warning.
    pub fn as_warnings(mut self) -> Diagnostics {
        for d in &mut self.items {
            d.level = Level::Warning;
        }
        self
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
                &a.cell,
                a.line.unwrap_or(0),
                a.level,
                a.message.as_str(),
            )
                .cmp(&(
                    b.path.as_str(),
                    &b.cell,
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
        d.error(Code::Field, "content/a.md", Some(3), "坏了");
        d.warning(Code::Lint, "content/b.md", None, "注意");
        let shown: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(shown, ["content/a.md:3: 坏了", "content/b.md: 警告：注意"]);
    }

    #[test]
    fn cells_show_the_excel_way_and_sort_by_row_then_column() {
        let at = |row, column| {
            let sheet = Some(Arc::from("Sheet1"));
            Place::cell("data/volunteer/台账.xlsx", SheetCell { sheet, row, column })
        };
        let mut d = Diagnostics::new();
        d.error_at(Code::Field, at(9, 0), "十");
        d.error_at(Code::Field, at(6, 4), "七");
        d.warning_at(Code::Field, at(6, 27), "宽");
        let shown: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "data/volunteer/台账.xlsx:Sheet1!E7: 七",
                "data/volunteer/台账.xlsx:Sheet1!AB7: 警告：宽",
                "data/volunteer/台账.xlsx:Sheet1!A10: 十",
            ]
        );
        let csv = SheetCell {
            sheet: None,
            row: 0,
            column: 701,
        };
        assert_eq!(csv.to_string(), "ZZ1");
    }

    #[test]
    fn code_names_are_unique() {
        let names: std::collections::BTreeSet<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn closest_finds_typos_only() {
        let known = ["title", "base_url", "paginate"];
        assert_eq!(closest("base_ur", known), Some("base_url"));
        assert_eq!(closest("paginat", known), Some("paginate"));
        assert_eq!(closest("zzzz", known), None);
    }
}
