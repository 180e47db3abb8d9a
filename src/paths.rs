//! File paths as users see them, and which files are an editor's leftovers
//! rather than content.
//!
//! Inside pinpai a site path is relative to the site folder with `/`
//! separators on every system (`content/news/七一.md`): that is what
//! diagnostics carry, what review records store and what URLs are made
//! from. Only when a message is printed is it shown as the user's own file
//! manager writes it: with `\` on Windows (`content\news\七一.md`, as in
//! Explorer's address bar and cmd), with `/` elsewhere. One rule, applied
//! where messages leave the program ([`native`], [`shown`]).

use std::borrow::Cow;
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

/// A site path (`/` separators) as this system's users write it: `\` on
/// Windows. Paths a user wrote inside a file (`![](照片/现场.jpg)`) are quoted
/// as written, not through this.
pub fn native(site_path: &str) -> Cow<'_, str> {
    if cfg!(windows) && site_path.contains('/') {
        Cow::Owned(site_path.replace('/', "\\"))
    } else {
        Cow::Borrowed(site_path)
    }
}

/// A message with the site paths in its text (`请整个移出 data/volunteer/`,
/// `与 content/volunteer/a.md 是同一天`) written with this system's
/// separators, like the place it starts with. Only words that begin with a
/// folder of the site are paths here; what a user wrote (`@/members/a.md`,
/// `照片/现场.jpg`) and URLs are left as they are.
pub fn native_text(message: &str) -> Cow<'_, str> {
    if cfg!(windows) {
        backslashes_in_site_paths(message)
    } else {
        Cow::Borrowed(message)
    }
}

/// The folders of a site a message can name.
const SITE_FOLDERS: [&str; 6] = [
    "content/", "data/", "themes/", "static/", "output/", ".pinpai/",
];

/// [`native_text`]'s rule, on every system (so that it is tested here).
fn backslashes_in_site_paths(message: &str) -> Cow<'_, str> {
    if !SITE_FOLDERS.iter().any(|f| message.contains(f)) {
        return Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(message.len());
    let mut in_path = false;
    let mut previous: Option<char> = None;
    for (i, c) in message.char_indices() {
        let starts_word =
            previous.is_none_or(|p| !(p.is_ascii_alphanumeric() || "/@.\\_-:".contains(p)));
        if !in_path && starts_word && SITE_FOLDERS.iter().any(|f| message[i..].starts_with(f)) {
            in_path = true;
        } else if in_path
            && (c.is_whitespace() || "，。：；、（）【】「」“”‘’《》\"'()<>".contains(c))
        {
            in_path = false;
        }
        out.push(if in_path && c == '/' { '\\' } else { c });
        previous = Some(c);
    }
    Cow::Owned(out)
}

/// `path` as a message shows it: relative to the site folder when inside it,
/// with this system's separators ([`native`]).
pub fn shown(root: &Path, path: &Path) -> String {
    native(&relative(root, path)).into_owned()
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

    #[test]
    fn site_paths_in_a_message_are_found_and_nothing_else() {
        assert_eq!(
            backslashes_in_site_paths(
                "与 content/volunteer/a.md 是同一天（请整个移出 data/volunteer/）；链接 @/members/杜杰.md、照片/现场.jpg、http://x/content/a、（content/news/七一.md:3）"
            ),
            "与 content\\volunteer\\a.md 是同一天（请整个移出 data\\volunteer\\）；链接 @/members/杜杰.md、照片/现场.jpg、http://x/content/a、（content\\news\\七一.md:3）"
        );
        assert_eq!(backslashes_in_site_paths("没有路径 a/b"), "没有路径 a/b");
    }

    #[test]
    fn messages_use_this_systems_separators() {
        let expected = if cfg!(windows) {
            "content\\news\\七一 前夕.md"
        } else {
            "content/news/七一 前夕.md"
        };
        assert_eq!(native("content/news/七一 前夕.md"), expected);
        let root = Path::new("site");
        assert_eq!(
            shown(root, &root.join("content/news/七一 前夕.md")),
            expected
        );
    }
}
