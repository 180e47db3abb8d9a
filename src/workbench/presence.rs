//! Who else has a page open (CONTENT-MODEL §9.2 between people): each
//! open form says every half minute that it is still open (`GET
//! api/presence`); the answer names the other signed-in people who said so
//! for the same file within the last minute. Saving is still guarded by
//! the digest (a second save over the first is refused with both
//! versions): this only warns before anyone types.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an open form counts as open after it last said so.
pub const FRESH: Duration = Duration::from_secs(60);

/// One open form: the session, the name signed in, when it last said so.
type Open = (String, String, Instant);

#[derive(Debug, Default)]
pub struct Presence {
    /// File → the forms that have it open.
    open: Mutex<HashMap<String, Vec<Open>>>,
}

impl Presence {
    /// Marks `session` (signed in as `name`) as having `path` open, and
    /// returns the names of the others who have it open now.
    pub fn here(&self, path: &str, session: &str, name: &str, now: Instant) -> Vec<String> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.retain(|_, people| {
            people.retain(|(_, _, seen)| now.duration_since(*seen) < FRESH);
            !people.is_empty()
        });
        let people = open.entry(path.to_string()).or_default();
        people.retain(|(id, _, _)| id != session);
        // The same account in an older session (signed in again, another
        // tab) is not someone else.
        let mut others: Vec<String> = people
            .iter()
            .filter(|(_, n, _)| n != name)
            .map(|(_, n, _)| n.clone())
            .collect();
        people.push((session.to_string(), name.to_string(), now));
        others.sort();
        others.dedup();
        others
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn others_with_the_same_page_open_are_named_until_they_go_quiet() {
        let presence = Presence::default();
        let t0 = Instant::now();
        assert!(presence.here("content/a.md", "s1", "张三", t0).is_empty());
        assert_eq!(presence.here("content/a.md", "s2", "李四", t0), ["张三"]);
        assert_eq!(presence.here("content/a.md", "s1", "张三", t0), ["李四"]);
        assert!(presence.here("content/b.md", "s3", "王五", t0).is_empty());
        assert!(
            presence.here("content/b.md", "s4", "王五", t0).is_empty(),
            "王五 signed in again is not someone else"
        );
        let later = t0 + FRESH + Duration::from_secs(1);
        assert!(presence
            .here("content/a.md", "s2", "李四", later)
            .is_empty());
    }
}
