//! A workbench with accounts (CONTENT-MODEL §9.4), over real HTTP: people
//! signed in with a cookie and the token of the pages they were given,
//! requests as their browser sends them, from this or another address.

use std::net::IpAddr;
use std::time::Duration;

use pinpai::accounts::{password, Account, Role, Users};
use pinpai::build::BuildOptions;
use pinpai::serve::{Options, Server};
use serde_json::{json, Value};

use super::{http, http_from, Reply, Site};

/// The one password of every test account (hashing is slow on purpose:
/// once is enough).
pub const PASSWORD: &str = "dangjian-2024";

/// Accounts for the role table: name, role, levels.
pub const PEOPLE: &[(&str, Role, &[&str])] = &[
    ("编辑小王", Role::Editor, &[]),
    ("初审张书记", Role::Reviewer, &["初审"]),
    ("复审李主任", Role::Reviewer, &["复审"]),
    ("终审赵书记", Role::Reviewer, &["终审"]),
    ("管理刘科长", Role::Admin, &[]),
];

/// Writes [`PEOPLE`] to the site's `.pinpai/users.yaml`.
pub fn add_people(site: &Site) {
    let hash = password::hash(PASSWORD).expect("hash");
    let users = Users {
        users: PEOPLE
            .iter()
            .map(|(name, role, levels)| Account {
                name: name.to_string(),
                role: *role,
                levels: levels.iter().map(|l| l.to_string()).collect(),
                password: hash.clone(),
            })
            .collect(),
    };
    users.save(site.root()).expect("users saved");
}

/// The fixture with review on, every page and intro approved at every
/// level (so the site packages), and the accounts of [`PEOPLE`].
pub fn reviewed_site() -> Site {
    let site = super::fixture().file(
        "site.yaml",
        format!(
            "{}review:\n  required: true\n  levels: [初审, 复审, 终审]\n",
            super::SITE_YAML
        ),
    );
    for level in ["初审", "复审", "终审"] {
        let run = super::run_in(
            site.root(),
            &[
                "review", "approve", "content", "--level", level, "--by", "测试",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    add_people(&site);
    site
}

pub struct Lan {
    pub server: Server,
    pub host: String,
}

/// Someone signed in: their cookie, and the token their pages hold.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub cookie: String,
    pub token: String,
}

pub fn start(site: &Site) -> Lan {
    let server = Server::start(
        BuildOptions {
            preview: true,
            ..BuildOptions::new(site.root())
        },
        Options {
            bind: "127.0.0.1".into(),
            port: 0,
            quiet: true,
            ..Default::default()
        },
    )
    .expect("server starts");
    server
        .wait_for_generation(1, Duration::from_secs(120))
        .expect("first build");
    let host = format!("127.0.0.1:{}", server.addr().port());
    Lan { server, host }
}

impl Lan {
    pub fn origin(&self) -> String {
        format!("http://{}", self.host)
    }

    /// `POST api/signin` as the sign-in page sends it, from `from` (this
    /// address when `None`).
    pub fn sign_in_from(&self, from: Option<IpAddr>, name: &str, password: &str) -> Reply {
        let body = json!({"name": name, "password": password}).to_string();
        let origin = self.origin();
        let headers = [
            ("Host", self.host.as_str()),
            ("Origin", origin.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
            ("Content-Type", "application/json"),
        ];
        match from {
            Some(source) => http_from(
                source,
                self.server.addr(),
                "POST",
                "/_pinpai/api/signin",
                &headers,
                body.as_bytes(),
            ),
            None => http(
                self.server.addr(),
                "POST",
                "/_pinpai/api/signin",
                &headers,
                body.as_bytes(),
            ),
        }
    }

    /// Signed in as `name`, with the token of the workbench page.
    pub fn person(&self, name: &str) -> Person {
        let reply = self.sign_in_from(None, name, PASSWORD);
        assert_eq!(reply.status, 200, "{name}: {}", reply.text());
        let cookie = cookie_of(&reply).expect("a session cookie");
        let page = self.get_as(&cookie, "/_pinpai/");
        assert_eq!(page.status, 200, "{}", page.text());
        let token = token_of(&page.text()).expect("the page holds a token");
        Person {
            name: name.to_string(),
            cookie,
            token,
        }
    }

    pub fn get_as(&self, cookie: &str, path: &str) -> Reply {
        http(
            self.server.addr(),
            "GET",
            path,
            &[("Host", &self.host), ("Cookie", cookie)],
            b"",
        )
    }

    /// What the workbench page of `who` sends.
    pub fn headers_of(&self, who: &Person, content_type: &str) -> Vec<(String, String)> {
        vec![
            ("Host".into(), self.host.clone()),
            ("Origin".into(), self.origin()),
            ("Sec-Fetch-Site".into(), "same-origin".into()),
            ("Cookie".into(), who.cookie.clone()),
            ("X-Pinpai-Token".into(), who.token.clone()),
            ("Content-Type".into(), content_type.into()),
        ]
    }

    pub fn send(&self, headers: &[(String, String)], path: &str, body: &[u8]) -> Reply {
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        http(self.server.addr(), "POST", path, &headers, body)
    }

    pub fn post_as(&self, who: &Person, path: &str, body: Value) -> Reply {
        let headers = self.headers_of(who, "application/json");
        self.send(&headers, path, body.to_string().as_bytes())
    }

    pub fn file_as(&self, who: &Person, path: &str, bytes: &[u8]) -> Reply {
        let headers = self.headers_of(who, "application/octet-stream");
        self.send(&headers, path, bytes)
    }

    /// The file's digest now, as the workbench reports it to `who`.
    pub fn digest(&self, who: &Person, page: &str) -> Value {
        let reply = self.get_as(
            &who.cookie,
            &format!("/_pinpai/api/file?path={}", super::bench::encode(page)),
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
        serde_json::from_slice::<Value>(&reply.body).expect("json")["digest"].clone()
    }
}

/// `name=value` of the answer's `Set-Cookie`, as the browser sends it back.
pub fn cookie_of(reply: &Reply) -> Option<String> {
    let set = reply.header("set-cookie")?;
    let pair = set.split(';').next()?.trim();
    Some(pair.to_string())
}

pub fn token_of(html: &str) -> Option<String> {
    html.split("name=\"pinpai-token\" content=\"")
        .nth(1)?
        .split('"')
        .next()
        .map(str::to_string)
}
