//! The parts of a `.docx`: a zip of XML files and media, found through its
//! relationship files. Every read is bounded, so a zip bomb posing as a
//! draft stops with a message instead of filling the memory.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::super::ImportError;

/// No XML part of a real draft comes near this (a 300-page report's
/// document.xml is a few MB).
const MAX_XML: u64 = 32 << 20;
/// One picture.
const MAX_MEDIA: u64 = 200 << 20;
/// All pictures of a document together (they are held until written).
const MAX_ALL_MEDIA: u64 = 400 << 20;

pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Entry names in lowercase, for the few tools that write `Word/…`.
    lowercase: std::collections::HashMap<String, usize>,
    /// Picture bytes read so far.
    media_read: u64,
}

/// A relationship of a part: where its picture or link points.
#[derive(Debug, Clone)]
pub struct Rel {
    pub target: String,
    pub external: bool,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, ImportError> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::Damaged)?;
        let lowercase = (0..zip.len())
            .filter_map(|i| Some((zip.name_for_index(i)?.ok()?.to_lowercase(), i)))
            .collect();
        Ok(Package {
            zip,
            lowercase,
            media_read: 0,
        })
    }

    /// An XML part as text, or `None` when the document has no such part.
    pub fn xml(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        let Some(bytes) = self.read(name, MAX_XML)? else {
            return Ok(None);
        };
        let text = String::from_utf8(bytes).map_err(|_| ImportError::Damaged)?;
        Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
    }

    /// A media part's bytes.
    pub fn media(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let bytes = self.read(name, MAX_MEDIA)?;
        self.media_read += bytes.as_ref().map_or(0, |b| b.len() as u64);
        if self.media_read > MAX_ALL_MEDIA {
            return Err(ImportError::TooLarge);
        }
        Ok(bytes)
    }

    fn read(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, ImportError> {
        // Zip names are case-sensitive; a few tools write `Word/…`.
        let found = self
            .zip
            .index_for_name(name)
            .or_else(|| self.lowercase.get(&name.to_lowercase()).copied());
        let Some(index) = found else {
            return Ok(None);
        };
        let file = self.zip.by_index(index).map_err(|_| ImportError::Damaged)?;
        if file.size() > limit {
            return Err(ImportError::TooLarge);
        }
        // The declared size may lie: it only sizes the first allocation.
        let mut bytes = Vec::with_capacity(usize::try_from(file.size().min(1 << 20)).unwrap_or(0));
        // Read one byte past the limit to know it was passed.
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| ImportError::Damaged)?;
        if bytes.len() as u64 > limit {
            return Err(ImportError::TooLarge);
        }
        Ok(Some(bytes))
    }

    /// The main document part's name (`word/document.xml` in every Word
    /// file; the package relationships say so).
    pub fn main_part(&mut self) -> Result<String, ImportError> {
        let rels = self.rels("_rels/.rels", "")?;
        let main = rels
            .into_values()
            .find(|r| r.target.ends_with("document.xml") || r.target.ends_with("document2.xml"))
            .map(|r| r.target);
        Ok(main.unwrap_or_else(|| "word/document.xml".to_string()))
    }

    /// The relationships of `part`, by id, with targets resolved against
    /// the part's folder (`media/image1.png` → `word/media/image1.png`).
    pub fn rels_of(&mut self, part: &str) -> Result<HashMap<String, Rel>, ImportError> {
        let (folder, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        self.rels(&rels_name, folder)
    }

    fn rels(&mut self, name: &str, folder: &str) -> Result<HashMap<String, Rel>, ImportError> {
        let Some(text) = self.xml(name)? else {
            return Ok(HashMap::new());
        };
        // Without its relationships a draft still has its text.
        let Ok(doc) = super::parse_xml(&text) else {
            return Ok(HashMap::new());
        };
        let mut rels = HashMap::new();
        for node in doc
            .descendants()
            .filter(|n| n.tag_name().name() == "Relationship")
        {
            let (Some(id), Some(target)) = (node.attribute("Id"), node.attribute("Target")) else {
                continue;
            };
            let external = node.attribute("TargetMode") == Some("External");
            let target = if external {
                target.to_string()
            } else {
                resolve(folder, target)
            };
            rels.insert(id.to_string(), Rel { target, external });
        }
        Ok(rels)
    }
}

/// A relative part name against a folder: `../media/a.png` from `word`
/// is `media/a.png`; `/word/media/a.png` is absolute.
fn resolve(folder: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            piece => parts.push(piece),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_folder() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word", "/word/media/a.png"), "word/media/a.png");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word", "../../../../etc/passwd"), "etc/passwd");
    }
}
