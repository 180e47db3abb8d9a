//! Volunteer statistics for the list and year pages: totals by year,
//! branch and month, and their charts.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use super::Renderer;
use crate::charts::{self, Bar};
use crate::resolve::{PageId, Site, Totals};

/// The `stats` a volunteer list's template gets (totals and the rows of
/// the by-year, by-month and by-branch tables) and its `charts`.
pub(super) type Stats = (Value, Value);

/// Branches shown in the by-branch chart.
const CHART_BRANCHES: usize = 15;

pub(super) fn records_by_year(site: &Site) -> BTreeMap<i32, Vec<PageId>> {
    let mut by_year: BTreeMap<i32, Vec<PageId>> = BTreeMap::new();
    for &id in site.records() {
        if let Some(date) = site.pages[id].src.date {
            by_year.entry(date.year()).or_default().push(id);
        }
    }
    by_year
}

/// January to December of one year: `2024-01` … `2024-12`.
fn months_of(year: i32) -> Vec<String> {
    (1..=12).map(|m| format!("{year}-{m:02}")).collect()
}

fn month_label(month: &str) -> String {
    match month.split_once('-') {
        Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
        None => month.to_string(),
    }
}

fn short_month_label(month: &str) -> String {
    match month.split_once('-') {
        Some((_, m)) => format!("{}月", m.trim_start_matches('0')),
        None => month.to_string(),
    }
}

impl Renderer<'_> {
    /// Statistics of every record, computed once for the home page and
    /// every page of the volunteer list.
    pub(super) fn all_stats(&self) -> &Stats {
        self.stats
            .get_or_init(|| volunteer_stats(self.site, self.site.records(), None))
    }

    /// Statistics of one year's records, computed once for its pages
    /// (year pages are made only for years that have records).
    pub(super) fn year_stats(&self, year: i32) -> &Stats {
        let Some(cell) = self.year_stats.get(&year) else {
            return self.all_stats();
        };
        cell.get_or_init(|| {
            let records = self
                .records_by_year
                .get(&year)
                .map_or(&[][..], Vec::as_slice);
            let (mut stats, charts) = volunteer_stats(self.site, records, Some(year));
            // Year navigation always lists every year.
            stats["by_year"] = self.all_stats().0["by_year"].clone();
            (stats, charts)
        })
    }
}

/// Totals of some records, by year, month and organising brand.
struct Sums {
    totals: Totals,
    by_year: BTreeMap<i32, Totals>,
    by_month: BTreeMap<String, Totals>,
    /// Brands by hours, most first (then by slug, so the order is stable).
    by_branch: Vec<(PageId, Totals)>,
}

impl Sums {
    fn of(site: &Site, records: &[PageId]) -> Sums {
        let mut totals = Totals::default();
        let mut by_year: BTreeMap<i32, Totals> = BTreeMap::new();
        let mut by_month: BTreeMap<String, Totals> = BTreeMap::new();
        let mut by_branch: HashMap<PageId, Totals> = HashMap::new();
        for &id in records {
            let page = &site.pages[id];
            let t = page.links.totals;
            totals.add(&t);
            if let Some(date) = page.src.date {
                by_year.entry(date.year()).or_default().add(&t);
                by_month.entry(date.month_key()).or_default().add(&t);
            }
            for &brand in &page.links.brands {
                by_branch.entry(brand).or_default().add(&t);
            }
        }
        let mut by_branch: Vec<(PageId, Totals)> = by_branch.into_iter().collect();
        by_branch.sort_by(|a, b| {
            b.1.hours
                .total_cmp(&a.1.hours)
                .then(site.pages[a.0].src.slug.cmp(&site.pages[b.0].src.slug))
        });
        Sums {
            totals,
            by_year,
            by_month,
            by_branch,
        }
    }

    fn month(&self, month: &str) -> Totals {
        self.by_month.get(month).copied().unwrap_or_default()
    }
}

/// Totals by year, branch and month of some records, and their charts.
fn volunteer_stats(site: &Site, records: &[PageId], year: Option<i32>) -> Stats {
    let sums = Sums::of(site, records);
    // The by-month figures are of one calendar year, January to December
    // (months without records get a zero column): a year page's own, and on
    // the whole list the latest year with records — never a rolling window
    // whose labels would need the year spelled into each month.
    let month_year = year.or_else(|| sums.by_year.keys().next_back().copied());
    let months = month_year.map(months_of).unwrap_or_default();
    let month_rows: Vec<Value> = months
        .iter()
        .map(|m| {
            let t = sums.month(m);
            json!({"month": m, "label": month_label(m), "activities": t.activities, "volunteers": t.volunteers, "hours": t.hours, "served": t.served})
        })
        .collect();
    let year_rows: Vec<Value> = sums
        .by_year
        .iter()
        .rev()
        .map(|(y, t)| json!({"year": y, "url": site.year_url(*y), "activities": t.activities, "volunteers": t.volunteers, "hours": t.hours, "served": t.served}))
        .collect();
    let branch_rows: Vec<Value> = sums
        .by_branch
        .iter()
        .map(|(id, t)| {
            let p = &site.pages[*id];
            json!({"title": p.src.title, "url": p.src.url, "branch": p.branch_name(), "activities": t.activities, "volunteers": t.volunteers, "hours": t.hours, "served": t.served})
        })
        .collect();
    (
        json!({"totals": sums.totals, "by_year": year_rows, "month_year": month_year, "by_month": month_rows, "by_branch": branch_rows}),
        stats_charts(site, &sums, &months, year, month_year),
    )
}

/// The charts of the volunteer list and year pages.
fn stats_charts(
    site: &Site,
    sums: &Sums,
    months: &[String],
    year: Option<i32>,
    month_year: Option<i32>,
) -> Value {
    let month_bars = |f: fn(&Totals) -> f64| -> Vec<Bar> {
        months
            .iter()
            .map(|m| Bar {
                label: short_month_label(m),
                value: f(&sums.month(m)),
            })
            .collect()
    };
    let scope = year.map(|y| format!("{y}年")).unwrap_or_default();
    let month_scope = month_year.map(|y| format!("{y}年")).unwrap_or_default();
    // A chart of hundreds of bars reads as noise; the table lists them all.
    let branch_chart_title = if sums.by_branch.len() > CHART_BRANCHES {
        format!("{scope}志愿服务时长最多的 {CHART_BRANCHES} 个支部")
    } else {
        format!("{scope}各支部志愿服务时长")
    };
    let year_bars: Vec<Bar> = sums
        .by_year
        .iter()
        .map(|(y, t)| Bar {
            label: format!("{y}年"),
            value: t.hours,
        })
        .collect();
    let branch_bars: Vec<Bar> = sums
        .by_branch
        .iter()
        .take(CHART_BRANCHES)
        .map(|(id, t)| Bar {
            label: site.pages[*id].branch_name(),
            value: t.hours,
        })
        .collect();
    json!({
        "hours_by_month": charts::column_chart(&format!("{month_scope}每月志愿服务时长"), "小时", &month_bars(|t| t.hours)),
        "served_by_month": charts::column_chart(&format!("{month_scope}每月服务群众人次"), "人次", &month_bars(|t| t.served as f64)),
        "by_year": charts::column_chart("历年志愿服务时长", "小时", &year_bars),
        "by_branch": charts::bar_chart(&branch_chart_title, "小时", &branch_bars),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_one_calendar_year() {
        let months = months_of(2024);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "2024-01");
        assert_eq!(short_month_label(&months[0]), "1月");
        assert_eq!(short_month_label(&months[11]), "12月");
        assert_eq!(month_label("2024-03"), "2024年3月");
    }
}
