//! File paths as users see them: relative to the site folder with `/`
//! separators (also on Windows), and which files are an editor's leftovers
//! rather than content.

use std::path::Path;

/// Editor backups, swap files and hidden files are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// `path` relative to `root`, with `/` separators, as messages show it; a
/// path outside the site (a draft on the desktop) as it was given.
pub fn relative(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(inside) => url_path(inside),
        Err(_) => path.display().to_string(),
    }
}

/// A relative path with `/` separators.
pub fn url_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files() {
        for name in [".DS_Store", "a.md~", ".a.md.swp", "#a.md#", "~$a.docx"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("杜杰.md"));
    }
}
