//! Where templates and theme files come from: the site's own `templates/`,
//! then `themes/<name>/`, then (for the default theme) the copy compiled
//! into the binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostics};
use crate::paths::{is_ignored, relative};
use crate::textfile::read_utf8;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Template {
    /// Name templates use in `extends`/`include`: `branch.html`, `partials/x.html`.
    pub name: String,
    /// Shown in error messages: `templates/branch.html`.
    pub shown_path: String,
    pub text: String,
}

/// A file to publish as it is.
pub enum StaticFile {
    Disk { source: PathBuf, url: String },
    Embedded { bytes: &'static [u8], url: String },
}

impl StaticFile {
    pub fn url(&self) -> &str {
        match self {
            StaticFile::Disk { url, .. } | StaticFile::Embedded { url, .. } => url,
        }
    }
}

pub struct Theme {
    pub templates: Vec<Template>,
    /// By URL; the site's `static/` wins over the theme's on a clash.
    pub statics: BTreeMap<String, StaticFile>,
}

/// The theme `name` with the site's own templates and static files over
/// it; `line` is where site.yaml names the theme.
pub fn load(
    root: &Path,
    name: &str,
    line: Option<usize>,
    diags: &mut Diagnostics,
) -> Option<Theme> {
    let theme_dir = root.join("themes").join(name);
    let mut theme = Theme {
        templates: Vec::new(),
        statics: BTreeMap::new(),
    };
    if theme_dir.is_dir() {
        read_templates(
            root,
            &theme_dir.join("templates"),
            &mut theme.templates,
            diags,
        );
        read_statics(&theme_dir.join("static"), &mut theme.statics);
    } else if name == "default" {
        embedded_theme(&mut theme);
    } else {
        diags.error(
            Code::Theme,
            "site.yaml",
            line,
            format!("找不到主题“{name}”：应当在 themes/{name}/ 文件夹里（删除 theme 这一行即使用自带的默认主题）"),
        );
        return None;
    }
    let overrides = root.join("templates");
    let mut own = Vec::new();
    read_templates(root, &overrides, &mut own, diags);
    for t in own {
        theme.templates.retain(|existing| existing.name != t.name);
        theme.templates.push(t);
    }
    read_statics(&root.join("static"), &mut theme.statics);
    if reserved_addresses(root, &theme.statics, diags) {
        return None;
    }
    Some(theme)
}

/// Addresses `pinpai serve` answers itself (CONTENT-MODEL §9): the workbench
/// at `/_pinpai/` and the preview's own files at `/__pinpai/`. Pages and
/// sections cannot reach them (a slug has only letters, digits and `-`), but
/// a file of `static/` or of a theme could: an error, compared without case
/// (a Windows server finds `/_PinPai/` on disk as `/_pinpai/`).
pub const RESERVED_PREFIXES: [&str; 2] = ["/_pinpai/", "/__pinpai/"];

/// Reports each static file under a reserved address; whether there was one.
fn reserved_addresses(
    root: &Path,
    statics: &BTreeMap<String, StaticFile>,
    diags: &mut Diagnostics,
) -> bool {
    let mut found = false;
    for file in statics.values() {
        let StaticFile::Disk { source, url } = file else {
            continue;
        };
        let Some(prefix) = RESERVED_PREFIXES.into_iter().find(|prefix| {
            url.get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        }) else {
            continue;
        };
        diags.error(
            Code::Theme,
            relative(root, source),
            None,
            format!("网址 {url} 以 {prefix} 开头，这个网址留给预览和工作台使用：请把这个文件放到别的文件夹里"),
        );
        found = true;
    }
    found
}

fn embedded_theme(theme: &mut Theme) {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(dir.files());
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut files = Vec::new();
    walk(&DEFAULT_THEME, &mut files);
    for file in files {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            theme.templates.push(Template {
                name: name.to_string(),
                shown_path: format!("(内置默认主题)/templates/{name}"),
                text: String::from_utf8_lossy(file.contents()).into_owned(),
            });
        } else if let Some(url) = path.strip_prefix("static/") {
            let url = format!("/{url}");
            theme.statics.insert(
                url.clone(),
                StaticFile::Embedded {
                    bytes: file.contents(),
                    url,
                },
            );
        }
    }
}

fn read_templates(root: &Path, dir: &Path, out: &mut Vec<Template>, diags: &mut Diagnostics) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() || is_ignored(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let shown_path = relative(root, entry.path());
        let name = relative(dir, entry.path());
        if let Some(text) = read_utf8(entry.path(), &shown_path, diags) {
            out.push(Template {
                name,
                shown_path,
                text,
            });
        }
    }
}

fn read_statics(dir: &Path, out: &mut BTreeMap<String, StaticFile>) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() || is_ignored(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let url = format!("/{}", relative(dir, entry.path()));
        out.insert(
            url.clone(),
            StaticFile::Disk {
                source: entry.into_path(),
                url,
            },
        );
    }
}
