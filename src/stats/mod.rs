//! `pinpai stats`: the site's volunteer totals for reporting upward, per
//! organising branch or per month, with a 合计 row — the same figures the
//! site shows, printed as an aligned table or written as `.xlsx` / `.csv`.

mod write;

use std::collections::BTreeMap;

use crate::model::Kind;
use crate::resolve::{PageId, Site, Totals};

pub use write::{to_text, write_csv_rows, write_file, SheetFile, WriteError};

/// How the rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// 按支部
    Branch,
    /// 按月份
    Month,
}

/// One row: a branch or a month, with its totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub totals: Totals,
}

/// The statistics of one scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `2024年志愿服务统计（按支部）`
    pub title: String,
    /// The first column's heading: 支部 or 月份.
    pub group: &'static str,
    pub rows: Vec<Row>,
    /// Every record once: a record organised by two branches is in both
    /// branches' rows, so the rows may add up to more than this.
    pub total: Totals,
}

/// The column headings after the first.
pub const COLUMNS: [&str; 4] = ["活动次数", "志愿者人次", "服务时长（小时）", "服务群众人次"];

/// The statistics of the site's records (of one year, if given).
pub fn compute(site: &Site, year: Option<i32>, by: By) -> Table {
    let records: Vec<PageId> = site
        .records()
        .iter()
        .copied()
        .filter(|&id| year.is_none_or(|y| site.pages[id].src.date.is_some_and(|d| d.year() == y)))
        .collect();
    let mut total = Totals::default();
    for &id in &records {
        total.add(&site.pages[id].links.totals);
    }
    let rows = match by {
        By::Branch => by_branch(site, &records),
        By::Month => by_month(site, &records, year),
    };
    let scope = year
        .map(|y| format!("{y}年"))
        .unwrap_or_else(|| "历年".into());
    let (title_by, group) = match by {
        By::Branch => ("按支部", "支部"),
        By::Month => ("按月份", "月份"),
    };
    Table {
        title: format!("{scope}志愿服务统计（{title_by}）"),
        group,
        rows,
        total,
    }
}

/// Each organising brand's records, most hours first (the order of the
/// site's by-branch table).
fn by_branch(site: &Site, records: &[PageId]) -> Vec<Row> {
    let mut sums: BTreeMap<PageId, Totals> = BTreeMap::new();
    for &id in records {
        let page = &site.pages[id];
        for &brand in &page.links.brands {
            sums.entry(brand).or_default().add(&page.links.totals);
        }
    }
    let mut rows: Vec<(PageId, Totals)> = sums.into_iter().collect();
    rows.sort_by(|a, b| {
        b.1.hours
            .total_cmp(&a.1.hours)
            .then(site.pages[a.0].src.slug.cmp(&site.pages[b.0].src.slug))
    });
    rows.into_iter()
        .map(|(brand, totals)| Row {
            label: site.pages[brand].branch_name(),
            totals,
        })
        .collect()
}

/// Each month of the year (every month, empty ones too), or every month
/// that has records.
fn by_month(site: &Site, records: &[PageId], year: Option<i32>) -> Vec<Row> {
    let mut sums: BTreeMap<String, Totals> = BTreeMap::new();
    if let Some(y) = year {
        for m in 1..=12 {
            sums.insert(format!("{y}-{m:02}"), Totals::default());
        }
    }
    for &id in records {
        let page = &site.pages[id];
        if let Some(date) = page.src.date {
            sums.entry(date.month_key())
                .or_default()
                .add(&page.links.totals);
        }
    }
    sums.into_iter()
        .map(|(month, totals)| Row {
            label: match month.split_once('-') {
                Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
                None => month,
            },
            totals,
        })
        .collect()
}

/// Whether the site has any volunteer records at all (for the message
/// when it has none).
pub fn has_records(site: &Site) -> bool {
    site.pages.iter().any(|p| p.src.kind == Kind::Volunteer)
}
