//! Time spent per template (`pinpai build --timings`), so that a user
//! with a slow custom template finds which one it is and on which page.

use std::collections::HashMap;
use std::time::Duration;

/// One output's rendering: its template, URL and time.
pub(super) struct JobTime {
    pub template: &'static str,
    pub url: String,
    pub time: Duration,
}

/// The renderings of one template, summed.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateTime {
    pub template: String,
    pub calls: usize,
    pub total: Duration,
    pub slowest: Duration,
    /// The page that took longest.
    pub slowest_url: String,
}

/// Per template, most total time first.
pub(super) fn per_template(jobs: Vec<JobTime>) -> Vec<TemplateTime> {
    let mut by_template: HashMap<&'static str, TemplateTime> = HashMap::new();
    for job in jobs {
        let entry = by_template
            .entry(job.template)
            .or_insert_with(|| TemplateTime {
                template: job.template.to_string(),
                calls: 0,
                total: Duration::ZERO,
                slowest: Duration::ZERO,
                slowest_url: String::new(),
            });
        entry.calls += 1;
        entry.total += job.time;
        if job.time >= entry.slowest {
            entry.slowest = job.time;
            entry.slowest_url = job.url;
        }
    }
    let mut list: Vec<TemplateTime> = by_template.into_values().collect();
    list.sort_by(|a, b| b.total.cmp(&a.total).then(a.template.cmp(&b.template)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_per_template_and_names_the_slowest_page() {
        let job = |template, url: &str, ms| JobTime {
            template,
            url: url.into(),
            time: Duration::from_millis(ms),
        };
        let list = per_template(vec![
            job("page.html", "/a/", 2),
            job("index.html", "/", 1),
            job("page.html", "/b/", 5),
            job("page.html", "/c/", 3),
        ]);
        assert_eq!(list[0].template, "page.html");
        assert_eq!(list[0].calls, 3);
        assert_eq!(list[0].total, Duration::from_millis(10));
        assert_eq!(list[0].slowest_url, "/b/");
        assert_eq!(list[1].template, "index.html");
    }
}
