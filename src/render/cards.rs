//! Cards: what lists show of a page. A card is made from a [`CardSource`]
//! and nothing else, so a card whose source equals the previous build's is
//! that card: the incremental renderer reuses it by comparing sources, and
//! a field a card starts to show is compared as soon as it is read here.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::load::SourcePage;
use crate::model::KindFields;
use crate::resolve::{PageId, PageImages, Section, Site, TagRef, Totals};

/// A page's card, shared between builds when it is unchanged.
pub(super) type Card = Arc<Value>;

/// A value shared between builds: equal when it is the same allocation
/// (the usual case for an unchanged page, and cheap) or equal in value.
pub(super) struct Shared<'a, T>(pub(super) &'a Arc<T>);

// Derived `Clone`/`Copy` would ask the same of `T`; a reference is always `Copy`.
impl<T> Clone for Shared<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Shared<'_, T> {}

impl<T: PartialEq> PartialEq for Shared<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(self.0, other.0) || **self.0 == **other.0
    }
}

/// Everything a page's card is made of.
#[derive(PartialEq)]
pub(super) struct CardSource<'a> {
    src: Shared<'a, SourcePage>,
    summary: &'a str,
    reading_minutes: u32,
    tags: &'a [Arc<TagRef>],
    images: &'a PageImages,
    totals: Totals,
    member_count: usize,
    /// Title and URL of the page's section.
    section: Option<(&'a str, &'a str)>,
    /// A member's brand; a record's brands and members (shown as
    /// references, see [`reference`]).
    brand: Option<Shared<'a, SourcePage>>,
    brands: Vec<Shared<'a, SourcePage>>,
    members: Vec<Shared<'a, SourcePage>>,
}

impl<'a> CardSource<'a> {
    pub(super) fn of(site: &'a Site, id: PageId) -> CardSource<'a> {
        let page = &site.pages[id];
        let refs = |ids: &[PageId]| -> Vec<Shared<'a, SourcePage>> {
            ids.iter().map(|&i| Shared(&site.pages[i].src)).collect()
        };
        let record = matches!(page.src.fields, KindFields::Volunteer(_));
        CardSource {
            src: Shared(&page.src),
            summary: &page.summary,
            reading_minutes: page.reading_minutes,
            tags: &page.tags,
            images: &page.images,
            totals: page.links.totals,
            member_count: page.links.members.len(),
            section: site
                .section(&page.src.section)
                .map(|s| (s.title.as_str(), s.url.as_str())),
            brand: page.links.brand.map(|b| Shared(&site.pages[b].src)),
            brands: refs(&page.links.brands),
            // A brand's members are counted, not shown.
            members: if record {
                refs(&page.links.members)
            } else {
                Vec::new()
            },
        }
    }
}

pub(super) fn all_cards(site: &Site) -> Vec<Card> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| Arc::new(card(&CardSource::of(site, id))))
        .collect()
}

pub(super) fn section_value(s: &Section) -> Value {
    json!({
        "name": s.name,
        "title": s.title,
        "url": s.url,
        "content": s.html,
        "summary": s.summary,
        "extra": s.extra,
        "count": s.pages.len(),
        "review": s.review.label(),
        "pending": s.review.is_pending(),
        "approved_live": s.review.approved_live,
    })
}

/// Short reference to a brand or member, used inside cards so that cards
/// never nest.
fn reference(src: &SourcePage) -> Value {
    match &src.fields {
        KindFields::Branch(b) => {
            json!({"title": src.title, "url": src.url, "branch": b.branch, "slogan": b.slogan})
        }
        KindFields::Member(m) => {
            json!({"title": src.title, "url": src.url, "name": m.name, "position": m.position})
        }
        _ => json!({"title": src.title, "url": src.url}),
    }
}

/// The template data of a page as shown in lists.
pub(super) fn card(source: &CardSource) -> Value {
    let s = &**source.src.0;
    let (section_title, section_url) = source.section.unwrap_or_default();
    let mut v = json!({
        "title": s.title,
        "url": s.url,
        "slug": s.slug,
        "kind": s.kind.name(),
        "kind_zh": s.kind.label(source.section.map(|(title, _)| title)),
        "section": s.section,
        "section_title": section_title,
        "section_url": section_url,
        "source": s.source,
        "date": s.date.map(|d| d.short()),
        "datetime": s.date.map(|d| d.iso()),
        "date_zh": s.date.map(|d| d.zh()),
        "summary": source.summary,
        "reading_minutes": source.reading_minutes,
        "tags": source.tags,
        "weight": s.weight,
        "cover": source.images.cover,
        "extra": s.extra,
        "review": s.review.label(),
        "pending": s.review.is_pending(),
        "approved_live": s.review.approved_live,
    });
    let Value::Object(map) = &mut v else {
        return v;
    };
    map.extend(s.fields.card_fields());
    let refs = |pages: &[Shared<SourcePage>]| -> Value {
        Value::Array(pages.iter().map(|p| reference(p.0)).collect())
    };
    let resolved = match &s.fields {
        KindFields::Branch(_) => json!({
            "logo": source.images.logo,
            "totals": source.totals,
            "member_count": source.member_count,
        }),
        KindFields::Member(_) => json!({
            "photo": source.images.photo,
            "brand": source.brand.map_or(Value::Null, |b| reference(b.0)),
        }),
        KindFields::Volunteer(_) => json!({
            "photos": source.images.photos,
            "brands": refs(&source.brands),
            "members": refs(&source.members),
        }),
        KindFields::Page => json!({}),
    };
    if let Value::Object(add) = resolved {
        map.extend(add);
    }
    v
}
