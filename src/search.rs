//! The search index written beside `/search/`.

use crate::render::OutputFile;
use crate::resolve::Site;

pub fn index_files(_site: &Site) -> Vec<OutputFile> {
    Vec::new()
}
