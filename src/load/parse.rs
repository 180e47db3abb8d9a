//! Reading one page or section intro: front matter (typed by the page's
//! kind, see [`crate::model`]), body, slug and URL.

use std::path::Path;
use std::sync::Arc;

use super::intro::IndexFile;
use super::walk::Entry;
use super::{
    section_slug, Asset, DraftPage, FileParse, Include, Origin, Parsed, PendingPage, SourcePage,
};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostics};
use crate::lint;
use crate::model::{located_list, located_string, read_date, Kind, KindFields, COMMON_FIELDS};
use crate::paths::{relative, url_path};
use crate::review::{self, PageReview};
use crate::slug::slugify;
use crate::textfile::read_utf8;
use crate::yaml::{parse_mapping, Fields, KeyLines};

/// Reads and parses one entry of the walk.
pub(super) fn parse_entry(
    root: &Path,
    content_dir: &Path,
    entry: &Entry,
    config: &Config,
    include: Include,
) -> FileParse {
    let mut diags = Diagnostics::new();
    let parsed = match entry {
        Entry::Page { path, bundle } => {
            let file = PageFile {
                root,
                content_dir,
                path,
                bundle: *bundle,
                kept: None,
            };
            let rel = relative(root, path);
            match Document::read(path, &rel, &mut diags) {
                Some(doc) => parse_page(&file, doc, config, include, &mut diags),
                None => Parsed::Nothing,
            }
        }
        Entry::Index(path) => {
            let file = IndexFile {
                root,
                content_dir,
                path,
            };
            super::intro::parse_index(&file, config, include, &mut diags)
        }
    };
    FileParse { parsed, diags }
}

/// Splits `---` front matter from the body: (front matter, body, body's first line).
pub(crate) fn split_front_matter<'t>(
    text: &'t str,
    rel: &str,
    diags: &mut Diagnostics,
) -> Option<(&'t str, &'t str, usize)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        diags.error(
            Code::FrontMatter,
            rel,
            Some(1),
            "文件开头缺少字段区：第一行应当是 ---，接着写 title 等字段，再以一行 --- 结束",
        );
        return None;
    }
    let start = first.len();
    let mut offset = start;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            let body_start = offset + line.len();
            return Some((&text[start..offset], &text[body_start..], i + 3));
        }
        offset += line.len();
    }
    diags.error(
        Code::FrontMatter,
        rel,
        Some(1),
        "文件开头的字段区没有结束：第 1 行的 --- 之后找不到结束的那一行 ---",
    );
    None
}

/// A file's text split into parsed front matter and body.
pub(super) struct Document {
    pub(super) text: String,
    pub(super) map: serde_yaml::Mapping,
    /// Byte range of the front matter and of the body in `text`.
    front: std::ops::Range<usize>,
    body: std::ops::Range<usize>,
    pub(super) body_line: usize,
}

impl Document {
    pub(super) fn read(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<Document> {
        Document::parse(read_utf8(path, rel, diags)?, rel, diags)
    }

    fn parse(text: String, rel: &str, diags: &mut Diagnostics) -> Option<Document> {
        let (front, body, body_line) = split_front_matter(&text, rel, diags)?;
        let base = text.as_ptr() as usize;
        let range = |s: &str| {
            let start = s.as_ptr() as usize - base;
            start..start + s.len()
        };
        let (front, body) = (range(front), range(body));
        let map = match parse_mapping(&text[front.clone()]) {
            Ok(map) => map,
            Err(err) => {
                diags.error(Code::Yaml, rel, Some(err.line + 1), err.message);
                return None;
            }
        };
        Some(Document {
            text,
            map,
            front,
            body,
            body_line,
        })
    }

    pub(super) fn front(&self) -> &str {
        &self.text[self.front.clone()]
    }

    pub(super) fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }
}

/// Where a page file is, and what that makes of it.
struct PageFile<'a> {
    root: &'a Path,
    content_dir: &'a Path,
    path: &'a Path,
    /// `index.md` of a page bundle.
    bundle: bool,
    /// Read from the copy last approved (`.pinpai/approved/…`), which is
    /// where its file and the files beside it really are; `path` is
    /// still where the page lives in `content/`.
    kept: Option<&'a Path>,
}

impl PageFile<'_> {
    /// Where the file and the files beside it are read from.
    fn on_disk(&self) -> &Path {
        self.kept.unwrap_or(self.path)
    }

    fn in_content(&self) -> &Path {
        self.path
            .strip_prefix(self.content_dir)
            .unwrap_or(self.path)
    }

    /// Folder name under `content/`; empty for top-level pages (and
    /// top-level bundles).
    fn section(&self) -> String {
        let components: Vec<String> = self
            .in_content()
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if components.len() >= 2 && !(self.bundle && components.len() == 2) {
            components[0].clone()
        } else {
            String::new()
        }
    }

    /// The name the slug comes from when the page gives none.
    fn stem(&self) -> String {
        let name = if self.bundle {
            self.path.parent().and_then(Path::file_name)
        } else {
            self.path.file_stem()
        };
        name.map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Site-root URL under which the files beside the page are published.
    fn dir_url(&self, url: &str) -> String {
        if self.bundle {
            return url.to_string();
        }
        let parent = self.in_content().parent().unwrap_or(Path::new(""));
        let p = url_path(parent);
        if p.is_empty() {
            "/".into()
        } else {
            format!("/{p}/")
        }
    }
}

/// The front-matter fields every page has.
struct Common {
    title: String,
    date: Option<crate::dates::Date>,
    summary: Option<String>,
    tags: Vec<crate::model::Located<String>>,
    weight: i64,
    cover: Option<crate::model::Located<String>>,
    extra: serde_json::Value,
}

impl Common {
    fn read(f: &mut Fields, kind: Kind, section: &str) -> Common {
        Common {
            title: f.required_string("title", "标题").unwrap_or_default(),
            date: read_date(f, "date", kind.date_required(section)),
            summary: f.string("summary").filter(|s| !s.trim().is_empty()),
            tags: located_list(f, "tags"),
            weight: f.integer("weight").unwrap_or(0),
            cover: located_string(f, "cover"),
            extra: f.extra("extra"),
        }
    }
}

/// A page file's text as if it were `content/<in_content>` of a site at
/// `/site`, parsed as the build would (the fuzzer's way in: no disk).
pub(crate) fn parse_page_text(
    in_content: &str,
    text: String,
    config: &Config,
    diags: &mut Diagnostics,
) -> Parsed {
    let root = Path::new("/site");
    let content_dir = root.join("content");
    let path = content_dir.join(in_content);
    let file = PageFile {
        root,
        content_dir: &content_dir,
        path: &path,
        bundle: in_content.ends_with("/index.md"),
        kept: None,
    };
    let rel = relative(root, &path);
    match Document::parse(text, &rel, diags) {
        Some(doc) => parse_page(&file, doc, config, Include::default(), diags),
        None => Parsed::Nothing,
    }
}

/// A draft left out: where it would be.
fn draft_page(file: &PageFile, doc: &Document, source: String) -> DraftPage {
    let written = doc.map.get("slug").and_then(crate::yaml::scalar_text);
    let slug = slugify(written.as_deref().unwrap_or(&file.stem()));
    DraftPage {
        url: page_url(&file.section(), &slug),
        source,
        unfinished: false,
    }
}

fn is_draft(doc: &Document) -> bool {
    matches!(doc.map.get("draft"), Some(serde_yaml::Value::Bool(true)))
}

/// A draft in a preview that shows drafts leniently: built when it reads
/// without errors; otherwise left out, as a hidden draft is, with its
/// problems told as warnings (the workbench shows them at their fields).
fn parse_lenient_draft(
    file: &PageFile,
    doc: Document,
    config: &Config,
    include: Include,
    diags: &mut Diagnostics,
) -> Parsed {
    let rel = relative(file.root, file.path);
    let left_out = DraftPage {
        unfinished: true,
        ..draft_page(file, &doc, rel.clone())
    };
    let strict = Include {
        lenient_drafts: false,
        ..include
    };
    let mut own = Diagnostics::new();
    let parsed = parse_page(file, doc, config, strict, &mut own);
    if !own.has_errors() {
        diags.extend(own);
        return parsed;
    }
    let errors = own.error_count();
    diags.extend(own.as_warnings());
    diags.warning(
        Code::Field,
        &rel,
        None,
        format!(
            "这篇草稿还有 {errors} 处要改，预览里先不显示它（其他页面照常）；改好并保存后就会显示"
        ),
    );
    Parsed::Draft(left_out)
}

fn parse_page(
    file: &PageFile,
    doc: Document,
    config: &Config,
    include: Include,
    diags: &mut Diagnostics,
) -> Parsed {
    let rel = relative(file.root, file.path);
    let lines = KeyLines::new(doc.front());
    let section = file.section();
    let kind = Kind::of_section(&section);
    if include.drafts && include.lenient_drafts && is_draft(&doc) {
        return parse_lenient_draft(file, doc, config, include, diags);
    }
    let mut f = Fields::new(&doc.map, &lines, &rel, 1, diags);
    let draft = f.bool("draft").unwrap_or(false);
    if draft && !include.drafts {
        // Not checked (drafts are work in progress), but where it would
        // be, so that `serve` can say why that address shows nothing.
        return Parsed::Draft(draft_page(file, &doc, rel));
    }
    let mut known: Vec<&str> = COMMON_FIELDS.to_vec();
    known.extend(kind.info().fields);
    f.reject_unknown(&known, kind.info().what);
    let common = Common::read(&mut f, kind, &section);
    let fields = KindFields::read(kind, &mut f);

    let slug_line = f.line("slug");
    let slug = slugify(f.string("slug").as_deref().unwrap_or(&file.stem()));
    // A page with field errors is still kept, so that its references and
    // links are checked in the same run; the build fails on the errors anyway.
    if slug.is_empty() {
        f.diags.error(
            Code::Url,
            &rel,
            Some(slug_line),
            "无法从文件名生成网址：请在文件开头的字段区里写 slug（只用字母、数字和 -）",
        );
        return Parsed::Nothing;
    }
    lint::check(&doc.text, &config.lint, &rel, f.diags);
    let mut review = review_state(&mut f, config, &doc, file.on_disk());
    if review.is_pending() && file.kept.is_none() {
        review.approved_live = crate::review::approved::page(file.root, &rel).is_some();
    }
    let url = page_url(&section, &slug);
    if review.is_pending() && !include.pending {
        let published = match file.kept {
            None => approved_copy(file, config, include),
            // The approved copy itself no longer passes (the levels
            // changed): nothing of this page is published.
            Some(_) => return Parsed::Nothing,
        };
        let mut names: Vec<String> = fields
            .reference_names(&common.title)
            .into_iter()
            .map(str::to_string)
            .collect();
        names.push(slug);
        let pending = PendingPage {
            source: rel,
            title: common.title,
            state: review.state,
            content_path: url_path(file.in_content()),
            url,
            names,
            kind,
            approved_published: published.is_some(),
            intro: false,
        };
        return match published {
            Some((page, files)) => Parsed::Approved(page, pending, files),
            None => Parsed::Pending(pending),
        };
    }
    Parsed::Page(Arc::new(SourcePage {
        source: rel,
        content_path: url_path(file.in_content()),
        dir: file
            .on_disk()
            .parent()
            .unwrap_or(file.content_dir)
            .to_path_buf(),
        dir_url: file.dir_url(&url),
        section,
        kind,
        slug,
        url,
        title: common.title,
        date: common.date,
        summary: common.summary,
        tags: common.tags,
        weight: common.weight,
        draft,
        cover: common.cover,
        extra: common.extra,
        fields,
        body: doc.body().into(),
        body_line: doc.body_line,
        origin: Origin::Markdown,
        review,
    }))
}

/// The copy of a page in review last approved at every level (§9.5), to
/// publish in its place, with the files kept beside it as the assets they
/// are published as. `None` when there is none, or it does not load
/// without problems (its messages would name lines of a copy the officer
/// never sees: the page is then left out, as before copies were kept).
fn approved_copy(
    file: &PageFile,
    config: &Config,
    include: Include,
) -> Option<(Arc<SourcePage>, Vec<Asset>)> {
    let rel = relative(file.root, file.path);
    let copy = crate::review::approved::page(file.root, &rel)?;
    let mut own = Diagnostics::new();
    let doc = Document::read(&copy, &rel, &mut own)?;
    let kept = PageFile {
        kept: Some(&copy),
        ..*file
    };
    let Parsed::Page(page) = parse_page(&kept, doc, config, include, &mut own) else {
        return None;
    };
    if own.has_errors() {
        return None;
    }
    let files = kept_assets(&copy, &page.dir_url);
    Some((page, files))
}

/// The files kept beside an approved copy, as the assets they are
/// published as under `dir_url`.
pub(super) fn kept_assets(copy: &Path, dir_url: &str) -> Vec<Asset> {
    crate::review::approved::kept_files(copy)
        .into_iter()
        .map(|(name, source)| Asset {
            url: format!("{dir_url}{}", url_path(Path::new(&name))),
            source,
        })
        .collect()
}

/// `/members/du-jie/`, `/about/`.
fn page_url(section: &str, slug: &str) -> String {
    if section.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{}/{slug}/", section_slug(section))
    }
}

/// Where the page stands in review: its approvals against what it says
/// now; and its `author`, for the review sheet.
pub(super) fn review_state(
    f: &mut Fields,
    config: &Config,
    doc: &Document,
    path: &Path,
) -> PageReview {
    let approvals = review::read_approvals(f);
    let author = f.string("author").unwrap_or_default().trim().to_string();
    if !config.review.required {
        return PageReview {
            author,
            ..PageReview::default()
        };
    }
    let text = review::page_digest(&doc.map, doc.body());
    let files = review::files::page_files(path, &doc.map, doc.body());
    let digests = review::Digests::of(text, &files);
    PageReview::of(&config.review, approvals, &digests, author)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split_and_body_line() {
        let mut d = Diagnostics::new();
        let (front, body, line) =
            split_front_matter("---\ntitle: a\n---\n正文\n", "x.md", &mut d).unwrap();
        assert_eq!((front, body, line), ("title: a\n", "正文\n", 4));
        assert!(split_front_matter("---\ntitle: a\n", "x.md", &mut d).is_none());
        assert!(split_front_matter("title: a\n", "x.md", &mut d).is_none());
        let shown: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert!(shown[0].starts_with("x.md:1: "), "{shown:?}");
        assert_eq!(shown.len(), 2);
    }
}
