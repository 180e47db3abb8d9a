//! Front-matter images: each file checked, and its web versions made once
//! however many pages use it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::files::{
    self, missing_image_message, missing_ledger_photo_message, OnDisk, SearchScope, Uses,
};
use super::{ImageMode, PageId, PageImages};
use crate::diagnostics::{Code, Diagnostics};
use crate::images::{Derivative, WebImage};
use crate::load::Asset;
use crate::load::SourcePage;
use crate::markdown;
use crate::model::{ImageSlot, KindFields};

/// Each page's front-matter images, and what to publish for them.
pub(super) struct ProcessedImages {
    pub by_page: HashMap<PageId, PageImages>,
    pub uses: Uses,
}

/// One front-matter image a page names.
struct Wanted {
    page: PageId,
    slot: ImageSlot,
    found: OnDisk,
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
    let mut unique: Vec<&OnDisk> = wanted.iter().map(|w| &w.found).collect();
    unique.sort_by(|a, b| (&a.file, &a.url).cmp(&(&b.file, &b.url)));
    unique.dedup_by(|a, b| a.file == b.file && a.url == b.url);
    *count = unique.len();
    // Files in static/ are published anyway; those beside a page (or a
    // ledger) only because a page uses them.
    let static_dir = root.join("static");
    let mut uses = Uses::default();
    for found in &unique {
        if !found.file.starts_with(&static_dir) {
            uses.files.push(Asset {
                source: found.file.clone(),
                url: found.url.clone(),
            });
        }
    }
    let results: HashMap<&PathBuf, Result<(WebImage, Vec<Derivative>), String>> = unique
        .par_iter()
        .map(|found| (&found.file, files::process(found, mode)))
        .collect();

    let mut out: HashMap<PageId, PageImages> = HashMap::new();
    let mut reported = std::collections::HashSet::new();
    for w in &wanted {
        let page = &pages[w.page];
        match results.get(&w.found.file) {
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
            Some(Err(message)) if reported.insert((w.page, w.line)) => {
                diags.error_at(Code::Image, page.place(Some(w.line)), message.clone());
            }
            _ => {}
        }
        if let Some(warning) = files::large_photo_warning(&w.found.file) {
            diags.warning_at(Code::Image, page.place(Some(w.line)), warning);
        }
    }
    for result in results.into_values().flatten() {
        uses.derivatives.extend(result.1);
    }
    ProcessedImages { by_page: out, uses }
}

/// Every front-matter image of every page that exists; a missing one is
/// an error at its line.
fn wanted_images(root: &Path, pages: &[Arc<SourcePage>], diags: &mut Diagnostics) -> Vec<Wanted> {
    let static_dir = root.join("static");
    let mut wanted = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        let place = SearchScope {
            dir: &page.dir,
            dir_url: &page.dir_url,
            static_dir: &static_dir,
        };
        let cover = page.cover.iter().map(|c| (ImageSlot::Cover, c));
        for (slot, located) in cover.chain(page.fields.images()) {
            let src = &located.value;
            match place.find(src) {
                Some(found) => {
                    wanted.push(Wanted {
                        page: id,
                        slot,
                        found,
                        line: located.line,
                    });
                }
                None => {
                    let message = if let Some(outside) = markdown::outside_image_message(src) {
                        outside
                    } else if page.is_ledger_row() {
                        missing_ledger_photo_message(src)
                    } else {
                        missing_image_message(src)
                    };
                    diags.error_at(Code::Image, page.place(Some(located.line)), message);
                }
            }
        }
    }
    wanted
}

pub(super) fn image_alt(page: &SourcePage) -> String {
    match &page.fields {
        KindFields::Member(m) if !m.name.is_empty() => m.name.clone(),
        _ => page.title.clone(),
    }
}
