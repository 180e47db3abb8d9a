//! The page bundle an import writes: `content/<section>/<slug>/index.md`
//! with every picture beside it. It is filled in a hidden folder next to
//! its place and renamed into place at the end, so a failed import leaves
//! nothing behind, and an existing page is never overwritten.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::document::{Document, Picture, PictureSource};
use super::ImportError;
use crate::model::Kind;

/// What an import wrote, for the command's report.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The new page (`…/index.md`).
    pub page: PathBuf,
    /// Its title, as the document gave it.
    pub title: String,
    /// Pictures saved beside it.
    pub pictures: usize,
    /// Pictures the document did not hold, each with its place and address.
    pub missing: Vec<String>,
    /// Fields left for the writer, as `pinpai new` comments them.
    pub to_fill: Vec<String>,
    /// What was left out (tracked deletions, QR codes…).
    pub dropped: Vec<String>,
    /// Whether the date is the day of the import, for the writer to correct.
    pub date_is_today: bool,
}

/// The section folder under `content/` for `typed` (`news` by default):
/// a kind's folder, `news`, or a folder the site already has.
pub fn section_folder(root: &Path, typed: &str) -> Result<(String, Kind), ImportError> {
    let typed = typed.trim().trim_end_matches(['/', '\\']);
    let known = match typed {
        "branch" | "branches" => Some("branches"),
        "member" | "members" => Some("members"),
        "volunteer" => Some("volunteer"),
        "news" => Some("news"),
        _ => None,
    };
    let content = root.join("content");
    let plain = !typed.is_empty() && !typed.starts_with('.') && !typed.contains(['/', '\\', ':']);
    let folder = match known {
        Some(folder) => folder.to_string(),
        None if plain && content.join(typed).is_dir() => typed.to_string(),
        None => {
            return Err(ImportError::UnknownSection {
                typed: typed.to_string(),
                sections: crate::scaffold::section_folders(&content),
            });
        }
    };
    let kind = Kind::of_section(&folder);
    Ok((folder, kind))
}

/// Writes the bundle of `doc` into `content/<folder>/`.
pub fn write(
    root: &Path,
    (folder, kind): &(String, Kind),
    doc: &Document,
    today: &str,
) -> Result<Imported, ImportError> {
    let section = root.join("content").join(folder);
    let mut slug = crate::slug::slugify(&doc.title);
    if slug.is_empty() {
        slug = "import".to_string();
    }
    let target = section.join(&slug);
    for taken in [target.clone(), section.join(format!("{slug}.md"))] {
        if taken.exists() {
            return Err(ImportError::Exists(crate::paths::relative(root, &taken)));
        }
    }
    fs::create_dir_all(&section).map_err(|e| write_error(&section, &e))?;
    let staging = staging_folder(&section);
    fs::create_dir(&staging).map_err(|e| write_error(&staging, &e))?;
    let result = fill(&staging, *kind, doc, today);
    let result = result.and_then(|imported| {
        // A page of the same name made meanwhile is not replaced: rename
        // onto an existing folder with files in it fails.
        if target.exists() {
            return Err(ImportError::Exists(crate::paths::relative(root, &target)));
        }
        fs::rename(&staging, &target).map_err(|e| write_error(&target, &e))?;
        Ok(Imported {
            page: target.join("index.md"),
            ..imported
        })
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_error(path: &Path, e: &std::io::Error) -> ImportError {
    ImportError::Write(format!("{}（{e}）", path.display()))
}

/// A hidden folder beside the bundle's place: the build skips folders whose
/// names start with a dot, so a running `serve` never sees it half-filled.
fn staging_folder(section: &Path) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    section.join(format!(".pinpai-import-{}-{n}", std::process::id()))
}

fn fill(staging: &Path, kind: Kind, doc: &Document, today: &str) -> Result<Imported, ImportError> {
    let mut names = Vec::with_capacity(doc.pictures.len());
    let mut missing = Vec::new();
    let mut saved = 0;
    for (i, picture) in doc.pictures.iter().enumerate() {
        if picture.source == PictureSource::Dropped {
            names.push(String::new());
            continue;
        }
        match picture_bytes(picture) {
            Some((bytes, extension)) => {
                saved += 1;
                let name = format!("图{saved}.{extension}");
                let path = staging.join(&name);
                fs::write(&path, bytes).map_err(|e| write_error(&path, &e))?;
                names.push(name);
            }
            None => {
                missing.push(missing_line(i, picture));
                names.push(String::new());
            }
        }
    }
    let front = front_matter(kind, doc, today);
    let date_is_today = doc.date.is_none() && front.contains("\ndate: ");
    let to_fill = left_to_fill(&front);
    let mode = site_html_mode(staging);
    let text = format!("{front}\n{}", super::markdown::body_for(doc, &names, mode));
    let page = staging.join("index.md");
    let text = crate::textfile::for_this_system(&page, text.as_bytes());
    fs::write(&page, text).map_err(|e| write_error(&page, &e))?;
    Ok(Imported {
        page,
        title: doc.title.clone(),
        pictures: saved,
        missing,
        to_fill,
        dropped: doc.dropped.clone(),
        date_is_today,
    })
}

/// The site's `markdown.html` (the body is written for it), read from the
/// `site.yaml` above `content/<section>/<staging>`; `sanitize` when it
/// cannot be read (the build will say why).
pub(crate) fn site_html_mode(staging: &Path) -> crate::markdown::RawHtml {
    let root = staging.ancestors().nth(3).unwrap_or(staging);
    let mut ignored = crate::diagnostics::Diagnostics::new();
    crate::config::Config::load(root, &mut ignored)
        .map_or(crate::markdown::RawHtml::Sanitize, |c| c.html)
}

pub(crate) fn missing_line(index: usize, picture: &Picture) -> String {
    let address = match &picture.source {
        PictureSource::Missing(address) => address.as_str(),
        _ => "",
    };
    let place = if picture.place.trim().is_empty() {
        "文章开头".to_string()
    } else {
        format!("“{}”之后", picture.place.trim())
    };
    format!("第 {} 张图片（{place}）：{address}", index + 1)
}

/// A picture's bytes and the extension its content calls for (a WeChat
/// `640.jpeg` may be a WebP); BMP, which browsers show but the build does
/// not publish, becomes PNG.
/// A picture held in the document is written from its own bytes, not a copy.
pub(crate) fn picture_bytes(picture: &Picture) -> Option<(Cow<'_, [u8]>, String)> {
    let bytes: Cow<[u8]> = match &picture.source {
        PictureSource::Bytes(bytes) => Cow::Borrowed(bytes),
        PictureSource::File(path) => Cow::Owned(fs::read(path).ok()?),
        PictureSource::Missing(_) | PictureSource::Dropped => return None,
    };
    let format = image::guess_format(&bytes).ok();
    let extension = match format {
        Some(image::ImageFormat::Jpeg) => "jpg",
        Some(image::ImageFormat::Png) => "png",
        Some(image::ImageFormat::Gif) => "gif",
        Some(image::ImageFormat::WebP) => "webp",
        Some(image::ImageFormat::Bmp) => {
            let png = bmp_as_png(&bytes)?;
            return Some((Cow::Owned(png), "png".to_string()));
        }
        _ if crate::images::is_heif(&bytes) => "heic",
        _ => {
            let given = picture.extension.trim_start_matches('.');
            if given.is_empty() || !given.chars().all(|c| c.is_ascii_alphanumeric()) {
                "jpg"
            } else {
                given
            }
        }
    };
    Some((bytes, extension.to_string()))
}

fn bmp_as_png(bytes: &[u8]) -> Option<Vec<u8>> {
    let picture = image::load_from_memory_with_format(bytes, image::ImageFormat::Bmp).ok()?;
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

/// The kind's `pinpai new` front matter with what the document says filled
/// in: its title, date (a Word draft has none: the day of the import,
/// marked for the writer) and author, still a draft.
fn front_matter(kind: Kind, doc: &Document, today: &str) -> String {
    let date = doc.date.clone().unwrap_or_else(|| today.to_string());
    let scaffold = crate::model::scaffold(kind, &doc.title, &date);
    let date_comment = if doc.date.is_some() {
        "# 原文的发布时间"
    } else {
        "# 导入的日期：请改成文章或活动的日期"
    };
    let mut out = String::new();
    let mut in_front = false;
    let mut dated = false;
    for line in scaffold.lines() {
        if line == "---" {
            if in_front {
                // Every imported page has a date (§8.2): the article's, or
                // the day of the import, marked for the writer to check.
                if !dated {
                    out.push_str(&format!("date: {date}  {date_comment}\n"));
                }
                if !doc.author.is_empty() {
                    out.push_str(&format!(
                        "author: {}  # 作者（来自原文）\n",
                        crate::model::yaml_quote(&doc.author)
                    ));
                }
                out.push_str("---\n");
                break;
            }
            in_front = true;
            out.push_str("---\n");
            continue;
        }
        if line.starts_with("date:") {
            dated = true;
            out.push_str(&format!("date: {date}  {date_comment}\n"));
        } else if line.starts_with("name:") {
            // A member story's headline is not the member's name.
            out.push_str("name: \"\"                   # 必填：姓名\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The fields a writer must still fill in: the required ones left empty.
fn left_to_fill(front: &str) -> Vec<String> {
    front
        .lines()
        .filter(|line| line.contains("必填"))
        .filter_map(|line| {
            let (key, rest) = line.split_once(':')?;
            let (value, comment) = rest.split_once(" #").unwrap_or((rest, ""));
            let empty = matches!(value.trim(), "" | "\"\"" | "[]");
            let comment = comment.trim().trim_start_matches("必填：").trim();
            empty.then(|| format!("{key}（{comment}）"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_scaffold_asks_for_the_name_and_branch() {
        let doc = Document {
            title: "杜杰：把急救课堂搬进社区".into(),
            author: "宣传科 王芳".into(),
            ..Document::default()
        };
        let front = front_matter(Kind::Member, &doc, "2026-12-07");
        assert!(
            front.starts_with("---\ntitle: \"杜杰：把急救课堂搬进社区\""),
            "{front}"
        );
        assert!(front.contains("author: \"宣传科 王芳\""), "{front}");
        assert!(front.contains("draft: true"), "{front}");
        assert!(front.ends_with("---\n"), "{front}");
        let fill = left_to_fill(&front);
        assert_eq!(fill.len(), 2, "{fill:?}");
        assert!(fill[0].starts_with("name（姓名"), "{fill:?}");
        assert!(fill[1].starts_with("branch（"), "{fill:?}");
    }

    #[test]
    fn a_news_page_gets_the_date_marked_for_checking() {
        let doc = Document {
            title: "七一表彰".into(),
            ..Document::default()
        };
        let front = front_matter(Kind::Page, &doc, "2026-12-07");
        assert!(
            front.contains("date: 2026-12-07  # 导入的日期：请改成文章或活动的日期"),
            "{front}"
        );
        // Any section's page gets one, marked for checking (§8.2).
        let front = front_matter(Kind::Member, &doc, "2026-12-07");
        assert!(front.contains("date: 2026-12-07  # 导入的日期"), "{front}");
        let doc = Document {
            date: Some("2024-03-27 08:40".into()),
            ..doc
        };
        let front = front_matter(Kind::Page, &doc, "2026-12-07");
        assert!(
            front.contains("date: 2024-03-27 08:40  # 原文的发布时间"),
            "{front}"
        );
    }
}
