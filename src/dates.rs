//! Front-matter dates: the ISO 8601 forms users write, shown the Chinese way.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime};

/// China Standard Time, assumed when a date carries no offset.
const CST_OFFSET_SECS: i32 = 8 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Month,
    Day,
    Minute,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// Local wall-clock time as written.
    pub local: NaiveDateTime,
    pub precision: Precision,
    /// Seconds east of UTC when the author wrote an offset.
    pub offset_secs: Option<i32>,
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.local.cmp(&other.local)
    }
}

impl Date {
    /// Accepts `2024-03-05`, `2024-03-05 09:30`, `2024-03-05 09:30:00`,
    /// `2024-03-05T09:30`, `2024-03-05T09:30:00+08:00` (RFC 3339), the ways
    /// offices write a day (`2024/3/5`, `2024.3.5`, `2024年3月5日`, with a
    /// time after the first and last), and for founding dates a month
    /// (`2015-07`, `2015年7月`). Years outside 1000–9999 (`-5000-01-01`,
    /// which the date library would take) are not dates anyone means.
    pub fn parse(text: &str) -> Option<Date> {
        Self::parse_any_year(text).filter(|d| (1000..=9999).contains(&d.local.year()))
    }

    fn parse_any_year(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
            return Some(Date {
                local: dt.naive_local(),
                precision: Precision::Minute,
                offset_secs: Some(dt.offset().local_minus_utc()),
            });
        }
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Date {
                local: day.and_time(NaiveTime::MIN),
                precision: Precision::Day,
                offset_secs: None,
            });
        }
        for format in [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Some(Date {
                    local,
                    precision: Precision::Minute,
                    offset_secs: None,
                });
            }
        }
        // The ways offices write dates (what ledgers accept too).
        for format in ["%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y年%m月%d号"] {
            if let Ok(day) = NaiveDate::parse_from_str(text, format) {
                return Some(Date {
                    local: day.and_time(NaiveTime::MIN),
                    precision: Precision::Day,
                    offset_secs: None,
                });
            }
        }
        for format in ["%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日 %H:%M"] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Some(Date {
                    local,
                    precision: Precision::Minute,
                    offset_secs: None,
                });
            }
        }
        // A month: `2019-07`, `2019年7月` (when a brand was founded).
        let (year, month) = match text.strip_suffix('月') {
            Some(month_text) => month_text.split_once('年')?,
            None => text.split_once('-')?,
        };
        if year.len() == 4 && (1..=2).contains(&month.len()) {
            let day = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
            return Some(Date {
                local: day.and_time(NaiveTime::MIN),
                precision: Precision::Month,
                offset_secs: None,
            });
        }
        None
    }

    pub fn year(&self) -> i32 {
        self.local.year()
    }

    /// `2024-03` — the month a record counts towards.
    pub fn month_key(&self) -> String {
        self.local.format("%Y-%m").to_string()
    }

    /// `2024-03-05` (or `2015-07` for a month).
    pub fn short(&self) -> String {
        match self.precision {
            Precision::Month => self.local.format("%Y-%m").to_string(),
            _ => self.local.format("%Y-%m-%d").to_string(),
        }
    }

    /// `2024年3月5日`, `2024年3月5日 09:30`, `2015年7月`.
    pub fn zh(&self) -> String {
        let d = self.local;
        match self.precision {
            Precision::Month => format!("{}年{}月", d.year(), d.month()),
            Precision::Day => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            Precision::Minute => format!(
                "{}年{}月{}日 {}",
                d.year(),
                d.month(),
                d.day(),
                d.format("%H:%M")
            ),
        }
    }

    /// Machine-readable form for `<time datetime>`.
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Minute => format!(
                "{}{}",
                self.local.format("%Y-%m-%dT%H:%M:%S"),
                offset_text(self.offset_secs.unwrap_or(CST_OFFSET_SECS))
            ),
            _ => self.short(),
        }
    }

    /// RFC 3339 with an offset, as the Atom feed needs.
    pub fn rfc3339(&self) -> String {
        format!(
            "{}{}",
            self.local.format("%Y-%m-%dT%H:%M:%S"),
            offset_text(self.offset_secs.unwrap_or(CST_OFFSET_SECS))
        )
    }
}

fn offset_text(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// `2024-03-05…` → `2024年3月5日`, for the template filter; anything else
/// unchanged.
pub fn zh_from_text(text: &str) -> String {
    match Date::parse(text) {
        Some(d) => d.zh(),
        None => text.to_string(),
    }
}

/// The ways of writing a day that [`Date::parse`] takes, as messages list them.
pub const ACCEPTED_FORMS: &str = "2024-03-05、2024/3/5、2024年3月5日 或 2024-03-05 09:30";

/// The same for `founded`, which may be a month.
pub const ACCEPTED_FOUNDED_FORMS: &str =
    "2019-07-01、2019/7/1、2019年7月1日，或只写年月：2019-07、2019年7月";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_contract_form() {
        let d = Date::parse("2024-03-05").unwrap();
        assert_eq!(
            (d.zh(), d.iso()),
            ("2024年3月5日".into(), "2024-03-05".into())
        );
        let d = Date::parse("2024-03-05 09:30").unwrap();
        assert_eq!(d.zh(), "2024年3月5日 09:30");
        assert_eq!(d.iso(), "2024-03-05T09:30:00+08:00");
        let d = Date::parse("2024-03-05T09:30:00+08:00").unwrap();
        assert_eq!(d.rfc3339(), "2024-03-05T09:30:00+08:00");
        assert_eq!(Date::parse("2015-07").unwrap().zh(), "2015年7月");
        assert_eq!(Date::parse("2019年7月").unwrap().zh(), "2019年7月");
        for office in [
            "2024/3/5",
            "2024/03/05",
            "2024.3.5",
            "2024年3月5日",
            " 2024年03月05日 ",
        ] {
            assert_eq!(Date::parse(office).unwrap().iso(), "2024-03-05", "{office}");
        }
        assert_eq!(
            Date::parse("2024年3月5日 09:30").unwrap().zh(),
            "2024年3月5日 09:30"
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2024-02-30",
            "2024/02/30",
            "2024年13月",
            "2024年3月32日",
            "昨天",
            "2024-13",
            "",
            "-5000-01-01",
            "+12024-01-01",
            "0000-01-01",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn orders_by_time() {
        assert!(Date::parse("2024-03-05 09:30").unwrap() > Date::parse("2024-03-05").unwrap());
    }
}
