//! Who is signed in (CONTENT-MODEL §9.4): sessions and the sign-in limit.
//!
//! - A session is made only by a right password, with a new random id:
//!   an id the browser brings that this server did not give is nobody's
//!   (no session fixation). It lives in an HttpOnly, SameSite=Strict
//!   cookie scoped to `/_pinpai/`, so no script of the preview's pages can
//!   read it and no other site's page sends it.
//! - Each session has its own token, written into the pages it is given;
//!   a change must carry it (§9.3), as in the single-user workbench. A
//!   page on another port of the same address is same-site to a browser
//!   and would send the cookie, but cannot read the token.
//! - Idle sessions end after a setting (8 hours by default); signing out
//!   ends one at once, and its cookie is then nobody's.
//! - Wrong passwords are counted per address and per account ([`Limiter`]).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// The cookie's name. With HTTPS it is `__Host-` prefixed, which a browser
/// only takes from a secure page, for the whole host, never from a
/// sub-domain.
pub const COOKIE: &str = "pinpai_session";
pub const SECURE_COOKIE: &str = "__Host-pinpai_session";

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct Session {
    pub name: String,
    /// The token of the pages this session is given.
    pub token: String,
    /// The account's password hash when it signed in: once the password
    /// is changed (or the account removed and made again), the session is
    /// no longer that account's.
    pub credential: String,
    last_seen: Instant,
}

/// Every open session of this run.
#[derive(Debug)]
pub struct Sessions {
    /// Keyed by the SHA-256 of the id: the ids themselves are kept nowhere.
    open: Mutex<HashMap<[u8; 32], Session>>,
    idle: Duration,
    limiter: Mutex<Limiter>,
}

fn random_hex() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn key(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

impl Sessions {
    pub fn new(idle: Duration) -> Sessions {
        Sessions {
            open: Mutex::new(HashMap::new()),
            idle,
            limiter: Mutex::new(Limiter::default()),
        }
    }

    /// A new session for `name`, signed in with the password whose hash is
    /// `credential`; its id (for the cookie) and token.
    pub fn open(&self, name: &str, credential: &str) -> std::io::Result<(String, String)> {
        let id = random_hex()?;
        let token = random_hex()?;
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        open.retain(|_, s| now.duration_since(s.last_seen) < self.idle);
        open.insert(
            key(&id),
            Session {
                name: name.to_string(),
                token: token.clone(),
                credential: credential.to_string(),
                last_seen: now,
            },
        );
        Ok((id, token))
    }

    /// The session of the cookie's id, still open; seen again (its idle
    /// time starts over) when `active`: a request the person made, not a
    /// page left open polling in the background.
    pub fn find(&self, id: &str, active: bool) -> Option<Session> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let k = key(id);
        let now = Instant::now();
        let session = open.get_mut(&k)?;
        if now.duration_since(session.last_seen) >= self.idle {
            open.remove(&k);
            return None;
        }
        if active {
            session.last_seen = now;
        }
        Some(session.clone())
    }

    /// Signs out: the id is nobody's from now on.
    pub fn close(&self, id: &str) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.remove(&key(id));
    }

    pub fn limiter(&self) -> std::sync::MutexGuard<'_, Limiter> {
        self.limiter.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The session id a request brings in its cookie, under the name of this
/// server's mode only: over HTTPS a plain `pinpai_session` cookie (which
/// anyone on the network could have planted over HTTP) is not taken.
pub fn cookie_id(headers: &axum::http::HeaderMap, secure: bool) -> Option<String> {
    let wanted = if secure { SECURE_COOKIE } else { COOKIE };
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value.to_string())
}

/// The `Set-Cookie` value that gives the browser `id` (or, with an empty
/// id, takes it away).
pub fn set_cookie(id: &str, secure: bool) -> String {
    let age = if id.is_empty() { "; Max-Age=0" } else { "" };
    if secure {
        // `__Host-` cookies must have Path=/; the cookie is still sent only
        // to this host, never to another port's server that is not HTTPS.
        format!("{SECURE_COOKIE}={id}; Path=/; HttpOnly; Secure; SameSite=Strict{age}")
    } else {
        format!("{COOKIE}={id}; Path=/_pinpai/; HttpOnly; SameSite=Strict{age}")
    }
}

/// Wrong passwords allowed from one address in a minute; the next attempt
/// is refused without looking at the password.
pub const PER_ADDRESS: usize = 5;
pub const ADDRESS_WINDOW: Duration = Duration::from_secs(60);
/// Wrong passwords for one account from every address in a quarter of an
/// hour: then the account waits until the oldest is a quarter of an hour
/// old, never longer (the right person is locked out for minutes, not for
/// good, however many addresses guess).
pub const PER_ACCOUNT: usize = 20;
pub const ACCOUNT_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Recent wrong passwords.
#[derive(Debug, Default)]
pub struct Limiter {
    by_address: HashMap<IpAddr, Vec<Instant>>,
    by_account: HashMap<String, Vec<Instant>>,
}

/// Names remembered at most (an attacker trying every name would grow the
/// map without end): past this, the oldest counts are forgotten.
const NAMES_KEPT: usize = 10_000;

impl Limiter {
    /// Before a password is checked: `Err(wait)` when `address` must wait
    /// before trying `name` again. Otherwise the attempt is counted as a
    /// failure at once, under the same lock, so that requests sent in
    /// parallel cannot all pass before any is counted; [`Limiter::succeeded`]
    /// takes it back.
    ///
    /// The account's own limit holds only against an address that has
    /// failed lately: the right person at another PC, who has not, is let
    /// try however many guesses were made elsewhere.
    pub fn attempt(&mut self, address: IpAddr, name: &str, now: Instant) -> Result<(), Duration> {
        self.forget_old(now);
        let full = |times: Option<&Vec<Instant>>, most: usize, window: Duration| {
            times
                .filter(|t| t.len() >= most)
                .and_then(|t| t.first())
                .map(|oldest| window.saturating_sub(now.duration_since(*oldest)))
        };
        if let Some(wait) = full(self.by_address.get(&address), PER_ADDRESS, ADDRESS_WINDOW) {
            return Err(wait);
        }
        if self.by_address.contains_key(&address) {
            if let Some(wait) = full(self.by_account.get(name), PER_ACCOUNT, ACCOUNT_WINDOW) {
                return Err(wait);
            }
        }
        if self.by_account.len() >= NAMES_KEPT {
            self.by_account.clear();
        }
        self.by_address.entry(address).or_default().push(now);
        self.by_account
            .entry(name.to_string())
            .or_default()
            .push(now);
        Ok(())
    }

    /// A right password: the attempt was no failure, and this address's
    /// slate is clean.
    pub fn succeeded(&mut self, address: IpAddr, name: &str) {
        self.by_address.remove(&address);
        if let Some(times) = self.by_account.get_mut(name) {
            times.pop();
        }
    }

    fn forget_old(&mut self, now: Instant) {
        self.by_address.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < ADDRESS_WINDOW);
            !times.is_empty()
        });
        self.by_account.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < ACCOUNT_WINDOW);
            !times.is_empty()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_found_by_its_id_until_closed_or_idle() {
        let sessions = Sessions::new(Duration::from_millis(200));
        let (id, token) = sessions.open("张三", "h").unwrap();
        assert_eq!(sessions.find(&id, true).unwrap().token, token);
        assert!(sessions.find("made-up", true).is_none());
        sessions.close(&id);
        assert!(
            sessions.find(&id, true).is_none(),
            "a closed session is nobody's"
        );
        let (id, _) = sessions.open("张三", "h").unwrap();
        std::thread::sleep(Duration::from_millis(250));
        assert!(sessions.find(&id, true).is_none(), "idle too long");
    }

    #[test]
    fn a_page_polling_in_the_background_does_not_keep_a_session_open() {
        let sessions = Sessions::new(Duration::from_millis(400));
        let (id, _) = sessions.open("张三", "h").unwrap();
        std::thread::sleep(Duration::from_millis(250));
        assert!(sessions.find(&id, false).is_some(), "still open");
        std::thread::sleep(Duration::from_millis(250));
        assert!(
            sessions.find(&id, false).is_none(),
            "the poll did not count"
        );
        let (id, _) = sessions.open("张三", "h").unwrap();
        std::thread::sleep(Duration::from_millis(250));
        assert!(sessions.find(&id, true).is_some());
        std::thread::sleep(Duration::from_millis(250));
        assert!(sessions.find(&id, true).is_some(), "a click counts");
    }

    #[test]
    fn the_sixth_wrong_password_in_a_minute_waits_and_other_addresses_do_not() {
        let mut limiter = Limiter::default();
        let t0 = Instant::now();
        let here: IpAddr = "192.168.1.20".parse().unwrap();
        let there: IpAddr = "192.168.1.30".parse().unwrap();
        for i in 0..PER_ADDRESS {
            assert_eq!(limiter.attempt(here, "张三", t0), Ok(()), "attempt {i}");
        }
        let wait = limiter.attempt(here, "张三", t0 + Duration::from_secs(10));
        assert_eq!(wait, Err(Duration::from_secs(50)));
        assert_eq!(limiter.attempt(there, "张三", t0), Ok(()));
        limiter.succeeded(there, "张三");
        assert_eq!(limiter.attempt(here, "张三", t0 + ADDRESS_WINDOW), Ok(()));
    }

    #[test]
    fn an_account_guessed_from_many_addresses_still_lets_the_right_person_try() {
        let mut limiter = Limiter::default();
        let t0 = Instant::now();
        for i in 0..PER_ACCOUNT {
            let address = IpAddr::from([10, 0, 0, i as u8]);
            assert_eq!(limiter.attempt(address, "张三", t0), Ok(()));
        }
        // A guessing address is held back …
        let guesser = IpAddr::from([10, 0, 0, 1]);
        assert!(limiter.attempt(guesser, "张三", t0).is_err());
        // … a PC that has not failed may try, and a right password there
        // is not counted.
        let fresh: IpAddr = "10.0.1.1".parse().unwrap();
        assert_eq!(limiter.attempt(fresh, "张三", t0), Ok(()));
        limiter.succeeded(fresh, "张三");
        assert_eq!(
            limiter.attempt(guesser, "张三", t0 + ACCOUNT_WINDOW),
            Ok(())
        );
    }

    #[test]
    fn cookies_are_http_only_strict_and_read_back() {
        let c = set_cookie("abc", false);
        assert!(
            c.contains("HttpOnly") && c.contains("SameSite=Strict"),
            "{c}"
        );
        assert!(set_cookie("abc", true).starts_with("__Host-"));
        let mut h = axum::http::HeaderMap::new();
        h.insert("cookie", "a=1; pinpai_session=abc; b=2".parse().unwrap());
        assert_eq!(cookie_id(&h, false).as_deref(), Some("abc"));
        assert_eq!(cookie_id(&h, true), None, "not the HTTPS cookie");
    }
}
