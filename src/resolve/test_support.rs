//! Hand-made pages for the unit tests of the resolve stage: what `load`
//! gives for a file, without a file. Shared by `bodies`, `references` and
//! `lists`, which all start from the same kinds of pages.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Page, TagRef};
use crate::dates::Date;
use crate::load::{section_slug, SourcePage};
use crate::model::{BranchFields, Kind, KindFields, Located, MemberFields, VolunteerFields};
use crate::slug::slugify;

/// A value as written on `line` of its file.
pub(super) fn located(value: &str, line: usize) -> Located<String> {
    Located {
        value: value.to_string(),
        line,
    }
}

pub(super) fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("not a date: {text}"))
}

/// The page `load` makes of `content/{path}` with nothing in its front
/// matter but a title (the file's name): kind, slug, URL and folders as
/// the path gives them, the kind's fields empty, no body.
pub(super) fn source(path: &str) -> SourcePage {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let bundle = file == "index.md";
    let stem = if bundle {
        dir.rsplit('/').next().unwrap_or(dir)
    } else {
        file.strip_suffix(".md").expect("a Markdown file")
    };
    // A bundle's section is the folder its own folder is in.
    let folder = if bundle {
        dir.rsplit_once('/').map_or("", |(parent, _)| parent)
    } else {
        dir
    };
    let section = folder.split('/').next().unwrap_or_default().to_string();
    let kind = Kind::of_section(&section);
    let slug = slugify(stem);
    let url = if section.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{}/{slug}/", section_slug(&section))
    };
    let dir_url = match (bundle, dir) {
        (true, _) => url.clone(),
        (false, "") => "/".to_string(),
        (false, dir) => format!("/{dir}/"),
    };
    SourcePage {
        source: format!("content/{path}"),
        content_path: path.to_string(),
        dir: PathBuf::from("content").join(dir),
        dir_url,
        section,
        kind,
        slug,
        url,
        title: stem.to_string(),
        date: None,
        summary: None,
        tags: Vec::new(),
        weight: 0,
        draft: false,
        cover: None,
        extra: serde_json::Value::Null,
        fields: match kind {
            Kind::Branch => KindFields::Branch(BranchFields::default()),
            Kind::Member => KindFields::Member(MemberFields::default()),
            Kind::Volunteer => KindFields::Volunteer(VolunteerFields::default()),
            Kind::Page => KindFields::Page,
        },
        body: "".into(),
        body_line: 1,
        origin: crate::load::Origin::Markdown,
        review: Default::default(),
    }
}

/// A brand (`branches/…`) of `branch` titled `title`.
pub(super) fn brand(path: &str, branch: &str, title: &str) -> SourcePage {
    SourcePage {
        title: title.to_string(),
        fields: KindFields::Branch(BranchFields {
            branch: branch.to_string(),
            ..BranchFields::default()
        }),
        ..source(path)
    }
}

/// A member (`members/…`) named `name` whose `branch:` is on line 4.
pub(super) fn member(path: &str, name: &str, branch: &str) -> SourcePage {
    SourcePage {
        fields: KindFields::Member(MemberFields {
            name: name.to_string(),
            branch: Some(located(branch, 4)),
            ..MemberFields::default()
        }),
        ..source(path)
    }
}

/// A volunteer record (`volunteer/…`) on `day`, its `branch:` on line 4
/// and `members:` on line 5, with its numbers.
pub(super) fn record(
    path: &str,
    day: &str,
    brands: &[&str],
    members: &[&str],
    volunteers: u64,
    hours: f64,
    served: u64,
) -> SourcePage {
    SourcePage {
        date: Some(date(day)),
        fields: KindFields::Volunteer(VolunteerFields {
            branches: brands.iter().map(|b| located(b, 4)).collect(),
            members: members.iter().map(|m| located(m, 5)).collect(),
            volunteers,
            hours,
            served,
            ..VolunteerFields::default()
        }),
        ..source(path)
    }
}

/// A page as resolve makes it before links: an empty body, and a tag for
/// each tag the source names (two spellings of one tag are two tags with
/// one slug, as `make_pages` gives them).
pub(super) fn page(src: SourcePage) -> Page {
    let tags = src
        .tags
        .iter()
        .map(|t| {
            let slug = slugify(&t.value);
            Arc::new(TagRef {
                url: format!("/tags/{slug}/"),
                name: t.value.clone(),
                slug,
            })
        })
        .collect();
    Page {
        src: Arc::new(src),
        html: "".into(),
        toc: Arc::new(Vec::new()),
        text: "".into(),
        summary: String::new(),
        reading_minutes: 0,
        tags,
        images: Default::default(),
        links: Default::default(),
        uses: Default::default(),
    }
}

pub(super) fn pages(sources: impl IntoIterator<Item = SourcePage>) -> Vec<Page> {
    sources.into_iter().map(page).collect()
}
