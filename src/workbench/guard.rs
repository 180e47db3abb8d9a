//! Who may talk to the workbench (CONTENT-MODEL §9.3). Every request to
//! `/_pinpai/` passes [`Guard::check`] before anything else happens:
//!
//! - `Host` must be an address this server is reached at: a page on
//!   `evil.example` that a DNS trick points at 127.0.0.1 sends its own name
//!   as `Host` and is refused (DNS rebinding).
//! - A request that changes something must also carry the token of the
//!   workbench page the officer opened, in a header (`X-Pinpai-Token`):
//!   another site's page cannot read that page, so it cannot know the
//!   token. A cookie would not do: a page on another port of 127.0.0.1 is
//!   "same-site" to a browser and would send it along.
//! - Its `Origin` must be this server's own, and when the browser says
//!   (`Sec-Fetch-Site`), it must say `same-origin`.
//! - It must say what it sends (`Content-Type`), as the handler expects:
//!   a form post from another page can only send the three "simple" types.
//! - Served on a LAN address without accounts (§9.4, next), the workbench
//!   answers nothing (it would show drafts and files to the whole network).
//! - Reading is refused to a request another site's page makes
//!   (`Sec-Fetch-Site: cross-site`): it could not read the answer, but it
//!   could make the server work; and the page holding the token is given
//!   only to a navigation (`Sec-Fetch-Dest: document`), never to a script's
//!   fetch, even one from a file of this same address.

use std::fmt;

use axum::http::{header, HeaderMap, Method};
use sha2::{Digest, Sha256};

/// The header that carries the page's token.
pub const TOKEN_HEADER: &str = "x-pinpai-token";

/// What the workbench allows on this server.
#[derive(Debug, Clone)]
pub struct Guard {
    /// `127.0.0.1:1111`, `localhost:1111`, and the LAN addresses when bound
    /// to them: the `Host` values this server answers to.
    hosts: Vec<String>,
    /// `http://` + each host: the only origins that may change files.
    origins: Vec<String>,
    token: String,
    /// False when served to the LAN without accounts: read-only.
    writable: bool,
}

/// Why a request was refused; the status and the words the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 421: not addressed to this server by a name it answers to.
    WrongHost,
    /// 403: from another page or site, or without this page's token.
    NotThisPage,
    /// 403: served on the LAN without accounts.
    ReadOnly,
    /// 415: not the content type this request must have.
    WrongContentType(&'static str),
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::WrongHost => 421,
            Refusal::NotThisPage | Refusal::ReadOnly => 403,
            Refusal::WrongContentType(_) => 415,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::WrongHost => write!(
                f,
                "工作台只接受从本机地址打开的请求（例如 http://127.0.0.1:1111/_pinpai/）"
            ),
            Refusal::NotThisPage => write!(
                f,
                "这个请求不是从工作台页面发出的，已拒绝：请刷新工作台页面后再试"
            ),
            Refusal::ReadOnly => write!(
                f,
                "预览开放给了局域网（--bind），还没有设置账号：工作台不能使用，以免别人看到草稿或改动网站。只在本机使用工作台请去掉 --bind"
            ),
            Refusal::WrongContentType(expected) => {
                write!(f, "请求的内容类型不对（应当是 {expected}）")
            }
        }
    }
}

impl Guard {
    /// A guard for a server reached at `addresses` (`127.0.0.1:1111` …)
    /// over `http` or `https`, with a new random token.
    pub fn new(addresses: &[String], scheme: &str, writable: bool) -> std::io::Result<Guard> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let hosts: Vec<String> = addresses.iter().map(|a| a.to_ascii_lowercase()).collect();
        Ok(Guard {
            origins: hosts.iter().map(|h| format!("{scheme}://{h}")).collect(),
            hosts,
            token,
            writable,
        })
    }

    /// The token the workbench page is given (in its HTML only).
    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn writable(&self) -> bool {
        self.writable
    }

    /// The page holding the token goes only to the browser navigating to
    /// it (typed, clicked, opened), not to a script fetching it.
    pub fn check_navigation(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        match header_text(headers, "sec-fetch-dest") {
            None | Some("document") => Ok(()),
            Some(_) => Err(Refusal::NotThisPage),
        }
    }

    /// Checks a request to `/_pinpai/`; `body_type` is the content type a
    /// changing request must have (`application/json`, or
    /// `application/octet-stream` for an upload); `token` the token it
    /// must carry: the run's ([`Guard::token`]) on this PC, the session's
    /// with accounts, none for the sign-in itself.
    pub fn check(
        &self,
        method: &Method,
        headers: &HeaderMap,
        body_type: Option<&'static str>,
        token: Option<&str>,
    ) -> Result<(), Refusal> {
        let host = header_text(headers, header::HOST).map(str::to_ascii_lowercase);
        if !host.is_some_and(|h| self.hosts.contains(&h)) {
            return Err(Refusal::WrongHost);
        }
        if !self.writable {
            return Err(Refusal::ReadOnly);
        }
        let fetched_from = header_text(headers, "sec-fetch-site");
        if matches!(*method, Method::GET | Method::HEAD) {
            // A browser that does not say (an old one) is let read: no
            // CORS headers are ever sent, so another site cannot see the
            // answer.
            return match fetched_from {
                None | Some("same-origin" | "none") => Ok(()),
                Some(_) => Err(Refusal::NotThisPage),
            };
        }
        let origin = header_text(headers, header::ORIGIN);
        if !origin.is_some_and(|o| self.origins.iter().any(|ours| ours.eq_ignore_ascii_case(o))) {
            return Err(Refusal::NotThisPage);
        }
        if fetched_from.is_some_and(|s| s != "same-origin") {
            return Err(Refusal::NotThisPage);
        }
        if let Some(expected) = token {
            self.check_token(headers, expected)?;
        }
        if let Some(expected) = body_type {
            let sent = header_text(headers, header::CONTENT_TYPE)
                .and_then(|t| t.split(';').next())
                .map(str::trim);
            if !sent.is_some_and(|t| t.eq_ignore_ascii_case(expected)) {
                return Err(Refusal::WrongContentType(expected));
            }
        }
        Ok(())
    }
}

impl Guard {
    /// Whether the request carries `expected`, the token of the page that
    /// may make it.
    pub fn check_token(&self, headers: &HeaderMap, expected: &str) -> Result<(), Refusal> {
        let sent = header_text(headers, TOKEN_HEADER).unwrap_or("");
        // Compared as hashes: the time taken says nothing about the token.
        if Sha256::digest(sent.as_bytes()) != Sha256::digest(expected.as_bytes()) {
            return Err(Refusal::NotThisPage);
        }
        Ok(())
    }
}

fn header_text(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn guard() -> Guard {
        Guard::new(
            &["127.0.0.1:1111".into(), "localhost:1111".into()],
            "http",
            true,
        )
        .unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn a_request_from_the_workbench_page_passes() {
        let g = guard();
        let ok = headers(&[
            ("host", "127.0.0.1:1111"),
            ("origin", "http://127.0.0.1:1111"),
            ("sec-fetch-site", "same-origin"),
            ("x-pinpai-token", g.token()),
            ("content-type", "application/json; charset=utf-8"),
        ]);
        assert_eq!(
            g.check(
                &Method::POST,
                &ok,
                Some("application/json"),
                Some(g.token())
            ),
            Ok(())
        );
        assert_eq!(g.token().len(), 64);
        assert_ne!(g.token(), guard().token(), "a new token each run");
    }

    #[test]
    fn everything_else_is_refused() {
        let g = guard();
        let t = g.token().to_string();
        let base = [
            ("host", "127.0.0.1:1111"),
            ("origin", "http://127.0.0.1:1111"),
            ("x-pinpai-token", t.as_str()),
            ("content-type", "application/json"),
        ];
        let with = |name: &'static str, value: &'static str| {
            let mut h = headers(&base);
            h.insert(name, HeaderValue::from_static(value));
            h
        };
        let without = |name: &str| {
            let mut h = headers(&base);
            h.remove(name);
            h
        };
        let post = |h: &HeaderMap| g.check(&Method::POST, h, Some("application/json"), Some(&t));
        assert_eq!(
            post(&with("host", "evil.example:1111")),
            Err(Refusal::WrongHost)
        );
        assert_eq!(
            post(&with("host", "127.0.0.1:2222")),
            Err(Refusal::WrongHost)
        );
        assert_eq!(post(&without("host")), Err(Refusal::WrongHost));
        assert_eq!(
            post(&with("origin", "http://127.0.0.1:8080")),
            Err(Refusal::NotThisPage)
        );
        assert_eq!(post(&with("origin", "null")), Err(Refusal::NotThisPage));
        assert_eq!(post(&without("origin")), Err(Refusal::NotThisPage));
        assert_eq!(
            post(&with("sec-fetch-site", "same-site")),
            Err(Refusal::NotThisPage)
        );
        assert_eq!(
            post(&with("x-pinpai-token", "0000")),
            Err(Refusal::NotThisPage)
        );
        assert_eq!(post(&without("x-pinpai-token")), Err(Refusal::NotThisPage));
        assert_eq!(
            post(&with("content-type", "text/plain")),
            Err(Refusal::WrongContentType("application/json"))
        );
        // Reading needs the right Host, and not another site's page.
        assert_eq!(
            g.check(
                &Method::GET,
                &headers(&[("host", "localhost:1111")]),
                None,
                None
            ),
            Ok(())
        );
        let cross = headers(&[("host", "localhost:1111"), ("sec-fetch-site", "cross-site")]);
        assert_eq!(
            g.check(&Method::GET, &cross, None, None),
            Err(Refusal::NotThisPage)
        );
        let fetched = headers(&[("sec-fetch-dest", "empty")]);
        assert_eq!(g.check_navigation(&fetched), Err(Refusal::NotThisPage));
        let opened = headers(&[("sec-fetch-dest", "document")]);
        assert_eq!(g.check_navigation(&opened), Ok(()));
        assert_eq!(
            g.check(
                &Method::GET,
                &headers(&[("host", "evil.example")]),
                None,
                None
            ),
            Err(Refusal::WrongHost)
        );
    }

    #[test]
    fn on_the_lan_without_accounts_nothing_changes() {
        let g = Guard::new(&["192.168.1.5:1111".into()], "http", false).unwrap();
        let h = headers(&[
            ("host", "192.168.1.5:1111"),
            ("origin", "http://192.168.1.5:1111"),
            ("x-pinpai-token", g.token()),
            ("content-type", "application/json"),
        ]);
        assert_eq!(
            g.check(&Method::POST, &h, Some("application/json"), Some(g.token())),
            Err(Refusal::ReadOnly)
        );
        assert_eq!(
            g.check(&Method::GET, &h, None, None),
            Err(Refusal::ReadOnly)
        );
    }
}
