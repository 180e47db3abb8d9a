//! Front-matter images: each file checked, and its web versions made once
//! however many pages use it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{missing_image_message, ImageMode, PageId, PageImages};
use crate::diagnostics::{Code, Diagnostics};
use crate::images::{Derivative, WebImage};
use crate::load::SourcePage;
use crate::model::{ImageSlot, KindFields};

/// A relative image is next to the page; an absolute one is in `static/`.
pub(super) fn find_image(src: &str, page_dir: &Path, static_dir: &Path) -> Option<PathBuf> {
    if src.contains("..") {
        return None;
    }
    let path = match src.strip_prefix('/') {
        Some(rest) => static_dir.join(rest),
        None => page_dir.join(src.trim_start_matches("./")),
    };
    path.is_file().then_some(path)
}

pub(super) type ProcessedImages = (HashMap<PageId, PageImages>, Vec<Derivative>);

/// One front-matter image a page names.
struct Wanted {
    page: PageId,
    slot: ImageSlot,
    file: PathBuf,
    /// Where the original is published.
    url: String,
    line: usize,
}

/// Checks every front-matter image and makes its web versions, each file
/// once however many pages use it.
pub(super) fn process_images(
    root: &Path,
    pages: &[Arc<SourcePage>],
    mode: &ImageMode,
    diags: &mut Diagnostics,
    count: &mut usize,
) -> ProcessedImages {
    let wanted = wanted_images(root, pages, diags);
    let mut unique: Vec<(&PathBuf, &String)> = wanted.iter().map(|w| (&w.file, &w.url)).collect();
    unique.sort();
    unique.dedup();
    *count = unique.len();
    let results: HashMap<&PathBuf, Result<(WebImage, Vec<Derivative>), String>> = unique
        .par_iter()
        .map(|&(file, url)| {
            let result = match mode {
                ImageMode::Process(processor) => processor.process(file, url),
                ImageMode::Verify => verify_image(file, url),
            };
            (file, result)
        })
        .collect();

    let mut out: HashMap<PageId, PageImages> = HashMap::new();
    let mut reported = std::collections::HashSet::new();
    for w in &wanted {
        let page = &pages[w.page];
        match results.get(&w.file) {
            Some(Ok((image, _))) => {
                let mut image = image.clone();
                image.alt = image_alt(page);
                let entry = out.entry(w.page).or_default();
                match w.slot {
                    ImageSlot::Cover => entry.cover = Some(image),
                    ImageSlot::Logo => entry.logo = Some(image),
                    ImageSlot::Photo => entry.photo = Some(image),
                    ImageSlot::Photos => entry.photos.push(image),
                }
            }
            Some(Err(message)) if reported.insert((page.source.clone(), w.line)) => {
                diags.error(Code::Image, &page.source, Some(w.line), message.clone());
            }
            _ => {}
        }
    }
    let mut derivatives = Vec::new();
    for result in results.into_values().flatten() {
        derivatives.extend(result.1);
    }
    (out, derivatives)
}

/// Every front-matter image of every page that exists; a missing one is
/// an error at its line.
fn wanted_images(root: &Path, pages: &[Arc<SourcePage>], diags: &mut Diagnostics) -> Vec<Wanted> {
    let static_dir = root.join("static");
    let mut wanted = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        let cover = page.cover.iter().map(|c| (ImageSlot::Cover, c));
        for (slot, located) in cover.chain(page.fields.images()) {
            let src = &located.value;
            match find_image(src, &page.dir, &static_dir) {
                Some(file) => {
                    let url = if src.starts_with('/') {
                        src.to_string()
                    } else {
                        format!("{}{}", page.dir_url, src.trim_start_matches("./"))
                    };
                    wanted.push(Wanted {
                        page: id,
                        slot,
                        file,
                        url,
                        line: located.line,
                    });
                }
                None => diags.error(
                    Code::Image,
                    &page.source,
                    Some(located.line),
                    missing_image_message(src),
                ),
            }
        }
    }
    wanted
}

/// For `check`: the header must decode; nothing is written.
fn verify_image(file: &Path, url: &str) -> Result<(WebImage, Vec<Derivative>), String> {
    match image::image_dimensions(file) {
        Ok((width, height)) => Ok((
            WebImage {
                src: url.to_string(),
                srcset: String::new(),
                width,
                height,
                original: url.to_string(),
                alt: String::new(),
            },
            Vec::new(),
        )),
        Err(_) => Err(format!(
            "图片无法读取（文件损坏或格式不支持）：{}",
            file.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        )),
    }
}

pub(super) fn image_alt(page: &SourcePage) -> String {
    match &page.fields {
        KindFields::Member(m) if !m.name.is_empty() => m.name.clone(),
        _ => page.title.clone(),
    }
}
