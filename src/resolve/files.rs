//! Files that pages refer to — images, video and sound, attachments — found
//! beside the page or in `static/`, with the URL they are published at and
//! what must be published for them (the file itself, an image's web
//! versions). A file in `content/` is published only when a page uses it.

use std::path::{Component, Path, PathBuf};

use rustc_hash::FxHashSet;

use super::ImageMode;
use crate::diagnostics::{Code, Diagnostics};
use crate::images::{Derivative, WebImage};
use crate::load::{Asset, CONTENT_DIR};
use crate::markdown::{Found, ImageFacts};
use crate::paths::relative;

/// The content files to publish — those a page or intro uses, each once —
/// and every image version once. Files in `content/` that nothing uses (a
/// Word draft, 新建文本文档.txt) are left out and named in one warning.
pub(super) fn published(
    root: &Path,
    candidates: Vec<Asset>,
    uses: Uses,
    diags: &mut Diagnostics,
) -> (Vec<Asset>, Vec<Derivative>) {
    let used: FxHashSet<&Path> = uses.files.iter().map(|a| a.source.as_path()).collect();
    let mut stray: Vec<String> = candidates
        .iter()
        .filter(|a| !used.contains(a.source.as_path()))
        .map(|a| relative(&root.join(CONTENT_DIR), &a.source))
        .collect();
    if !stray.is_empty() {
        stray.sort();
        diags.warning(
            Code::Layout,
            CONTENT_DIR,
            None,
            format!(
                "这些文件没有被任何页面用到，不会发布：{}（要发布附件，请在页面里链接它，例如 [下载通知](通知.pdf)）",
                stray.join("、")
            ),
        );
    }
    let mut files = uses.files;
    files.sort_by(|a, b| a.url.cmp(&b.url));
    files.dedup_by(|a, b| a.url == b.url);
    let mut derivatives = uses.derivatives;
    derivatives.sort_by(|a, b| a.url.cmp(&b.url));
    derivatives.dedup_by(|a, b| a.url == b.url);
    (files, derivatives)
}

/// A photo this size or larger gets a warning: its original is published
/// and linked, and slow to open on a hospital PC.
pub(super) const LARGE_PHOTO_BYTES: u64 = 5 * 1024 * 1024;

/// Where a page's files are looked for.
#[derive(Clone, Copy)]
pub(super) struct SearchScope<'a> {
    /// The page's folder, for relative names.
    pub dir: &'a Path,
    /// The URL the files of `dir` are published under.
    pub dir_url: &'a str,
    pub static_dir: &'a Path,
}

/// A file a page refers to, found.
pub(super) struct OnDisk {
    pub file: PathBuf,
    /// The original's published URL.
    pub url: String,
}

impl SearchScope<'_> {
    /// A relative name is next to the page; one starting with `/` is in
    /// `static/`. Names climbing out with `..` are never found.
    pub(super) fn find(&self, src: &str) -> Option<OnDisk> {
        // Windows shows `照片\现场.jpg`; written so, it means `照片/现场.jpg`
        // (and `..\` climbs like `../`, which is refused below).
        let src = src.replace('\\', "/");
        let src = src.as_str();
        let (base, name, url) = match src.strip_prefix('/') {
            Some(rest) => (self.static_dir, rest, src.to_string()),
            None => {
                let name = src.trim_start_matches("./");
                (self.dir, name, format!("{}{name}", self.dir_url))
            }
        };
        let file = inside(base, name)?;
        file.is_file().then_some(OnDisk { file, url })
    }

    /// The file to publish for a file found beside its page (in
    /// `content/`, or beside a ledger in `data/`); files in `static/` are
    /// published anyway.
    fn used(&self, found: &OnDisk) -> Vec<Asset> {
        if !found.file.starts_with(self.static_dir) {
            vec![Asset {
                source: found.file.clone(),
                url: found.url.clone(),
            }]
        } else {
            Vec::new()
        }
    }
}

/// `base/name` when `name` is a plain relative path that stays inside
/// `base` (no `..`, no root or drive, no link leading out): a page may only
/// use files of the site.
pub(super) fn inside(base: &Path, name: &str) -> Option<PathBuf> {
    let plain = Path::new(name)
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !plain || name.is_empty() || name.contains('\\') {
        return None;
    }
    let file = base.join(name);
    // A symbolic link may still lead out.
    match (file.canonicalize(), base.canonicalize()) {
        (Ok(real), Ok(base)) if real.starts_with(&base) => Some(file),
        (Err(_), _) => Some(file), // not there: reported as missing
        _ => None,
    }
}

/// What answering a body's question needs published besides pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Uses {
    pub files: Vec<Asset>,
    pub derivatives: Vec<Derivative>,
}

/// Web versions made before the bodies that show them render, by file
/// and published URL (see [`prepare_body_images`]).
pub(super) type Prepared =
    rustc_hash::FxHashMap<(PathBuf, String), Result<(WebImage, Vec<Derivative>), String>>;

/// The web versions of every photo the Markdown images of `pages` name,
/// each file once, all in parallel: a body asks for its photos one after
/// another while it renders, so a page of forty photos would use one
/// core. What is not found here is left to the body's own question.
pub(super) fn prepare_body_images(
    pages: &[&crate::load::SourcePage],
    static_dir: &Path,
    mode: &ImageMode,
) -> Prepared {
    use rayon::prelude::*;
    if matches!(mode, ImageMode::Verify) {
        return Prepared::default();
    }
    let mut wanted: Vec<OnDisk> = pages
        .par_iter()
        .flat_map_iter(|page| {
            let place = SearchScope {
                dir: &page.dir,
                dir_url: &page.dir_url,
                static_dir,
            };
            crate::markdown::image_sources(&page.body)
                .into_iter()
                .filter_map(move |src| place.find(&src))
        })
        .collect();
    wanted.sort_by(|a, b| (&a.file, &a.url).cmp(&(&b.file, &b.url)));
    wanted.dedup_by(|a, b| a.file == b.file && a.url == b.url);
    // Split down to single photos: each is tens of milliseconds of work,
    // so the cores stay busy to the last one.
    wanted
        .into_par_iter()
        .with_max_len(1)
        .map(|found| {
            let made = process(&found, mode);
            ((found.file, found.url), made)
        })
        .collect()
}

/// A body photo: its web versions (or, for `check`, its size), the
/// original published beside them, a warning when it is very large.
pub(super) fn body_image(
    src: &str,
    place: SearchScope,
    mode: &ImageMode,
    prepared: Option<&Prepared>,
) -> (Result<Found, String>, Uses) {
    let Some(found) = place.find(src) else {
        return (Err(missing_image_message(src)), Uses::default());
    };
    let mut uses = Uses {
        files: place.used(&found),
        derivatives: Vec::new(),
    };
    let made = prepared.and_then(|p| p.get(&(found.file.clone(), found.url.clone())));
    let web = match made.cloned().unwrap_or_else(|| process(&found, mode)) {
        Ok((web, derivatives)) => {
            uses.derivatives = derivatives;
            web
        }
        Err(message) => return (Err(message), uses),
    };
    let found = Found {
        url: web.src,
        image: Some(ImageFacts {
            srcset: web.srcset,
            width: web.width,
            height: web.height,
            original: web.original,
        }),
        warning: large_photo_warning(&found.file),
    };
    (Ok(found), uses)
}

/// Web versions of an image file, or (for `check`) only its size.
pub(super) fn process(
    found: &OnDisk,
    mode: &ImageMode,
) -> Result<(WebImage, Vec<Derivative>), String> {
    match mode {
        ImageMode::Process(processor) => processor.process(&found.file, &found.url),
        ImageMode::Verify => verify_image(&found.file, &found.url),
    }
}

/// A video, sound file or attachment: published as it is.
pub(super) fn body_file(
    src: &str,
    place: SearchScope,
    what: &str,
) -> (Result<Found, String>, Uses) {
    match place.find(src) {
        Some(found) => {
            let uses = Uses {
                files: place.used(&found),
                derivatives: Vec::new(),
            };
            (Ok(Found::from(found.url)), uses)
        }
        None => (Err(missing_file_message(src, what)), Uses::default()),
    }
}

pub(super) fn large_photo_warning(file: &Path) -> Option<String> {
    let size = std::fs::metadata(file).ok()?.len();
    (size >= LARGE_PHOTO_BYTES).then(|| {
        let name = file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        format!(
            "照片 {name} 有 {:.1} MB：网页上显示的是缩小后的版本，但原图也会发布，点开很慢。可以先用画图或手机相册把它缩小到 2 MB 以内再放进来",
            size as f64 / 1024.0 / 1024.0
        )
    })
}

/// For `check`: the header must decode; nothing is written.
fn verify_image(file: &Path, url: &str) -> Result<(WebImage, Vec<Derivative>), String> {
    let (width, height) = crate::images::dimensions(file)?;
    Ok((
        WebImage {
            src: url.to_string(),
            srcset: String::new(),
            width,
            height,
            original: url.to_string(),
            alt: String::new(),
        },
        Vec::new(),
    ))
}

pub(super) fn missing_image_message(src: &str) -> String {
    missing_file_message(src, "图片")
}

/// A photo named in a ledger's 照片 column that is not there.
pub(super) fn missing_ledger_photo_message(src: &str) -> String {
    if src.starts_with('/') {
        return missing_image_message(src);
    }
    format!("找不到照片 {src}：台账“照片”列里的照片应放在台账文件旁边（同一个文件夹，或它里面的文件夹，例如 照片/{src}）")
}

fn missing_file_message(src: &str, what: &str) -> String {
    if src.starts_with('/') {
        format!("找不到{what} {src}：以 / 开头的{what}应放在 static{src}")
    } else {
        format!("找不到{what} {src}：相对路径的{what}应放在这个页面文件旁边（或页面文件夹里）")
    }
}
