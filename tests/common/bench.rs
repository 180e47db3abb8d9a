//! The workbench's server over real HTTP, for the tests that attack and
//! use it (tests/workbench.rs, tests/workbench_office.rs): a server on a
//! fixture site, the token its page holds, and requests as the workbench's
//! own page sends them.

use std::time::Duration;

use pinpai::build::BuildOptions;
use pinpai::serve::{Options, Server};
use serde_json::Value;

use super::{Reply, Site};

/// Request headers, as names and values.
pub type Headers = Vec<(&'static str, String)>;

pub struct Bench {
    pub server: Server,
    pub token: String,
    pub host: String,
}

pub fn start(site: &Site, bind: &str) -> Bench {
    // As `pinpai serve` runs it: a preview, pages in review included.
    let server = Server::start(
        BuildOptions {
            preview: true,
            ..BuildOptions::new(site.root())
        },
        Options {
            bind: bind.into(),
            port: 0,
            poll: false,
            quiet: true,
            ctrl_c: false,
            ..Default::default()
        },
    )
    .expect("server starts");
    server
        .wait_for_generation(1, Duration::from_secs(120))
        .expect("first build");
    let host = format!("127.0.0.1:{}", server.addr().port());
    let page = request(&server, "GET", "/_pinpai/", &[("Host", &host)], b"");
    assert_eq!(page.status, 200, "{}", page.text());
    let text = page.text();
    let token = text
        .split("name=\"pinpai-token\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page holds its token")
        .to_string();
    Bench {
        server,
        token,
        host,
    }
}

/// What a test reads of an answer, beyond `common::Reply`.
pub trait Json {
    fn json(&self) -> Value;
}

impl Json for Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

pub fn request(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    super::http(server.addr(), method, path, headers, body)
}

impl Bench {
    /// What the workbench page itself sends.
    pub fn own_headers(&self, content_type: &'static str) -> Headers {
        vec![
            ("Host", self.host.clone()),
            ("Origin", format!("http://{}", self.host)),
            ("Sec-Fetch-Site", "same-origin".into()),
            ("X-Pinpai-Token", self.token.clone()),
            ("Content-Type", content_type.into()),
        ]
    }

    pub fn post(&self, path: &str, body: Value) -> Reply {
        let headers = self.own_headers("application/json");
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        request(
            &self.server,
            "POST",
            path,
            &headers,
            body.to_string().as_bytes(),
        )
    }

    pub fn get(&self, path: &str) -> Reply {
        request(&self.server, "GET", path, &[("Host", &self.host)], b"")
    }

    pub fn upload(&self, folder: &str, name: &str, bytes: &[u8]) -> Reply {
        self.send_file("upload", &[("folder", folder), ("name", name)], bytes)
    }

    pub fn open(&self, path: &str) -> Value {
        let reply = self.get(&format!("/_pinpai/api/file?path={}", encode(path)));
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.json()
    }

    /// Bytes sent as a file is (`api/upload`, `api/import`), the query
    /// values percent-encoded.
    pub fn send_file(&self, api: &str, query: &[(&str, &str)], bytes: &[u8]) -> Reply {
        let headers = self.own_headers("application/octet-stream");
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let query: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        let path = format!("/_pinpai/api/{api}?{}", query.join("&"));
        request(&self.server, "POST", &path, &headers, bytes)
    }
}

pub fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

pub fn swap(
    headers: &[(&'static str, String)],
    name: &str,
    value: &str,
) -> Vec<(&'static str, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            (
                *n,
                if *n == name {
                    value.to_string()
                } else {
                    v.clone()
                },
            )
        })
        .collect()
}

pub fn without(headers: &[(&'static str, String)], name: &str) -> Headers {
    headers
        .iter()
        .filter(|(n, _)| *n != name)
        .cloned()
        .collect()
}

/// The site folder unchanged but for the workbench's own records.
pub fn assert_same_site(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
) {
    let keep = |m: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<(String, Vec<u8>)> {
        m.iter()
            .filter(|(k, _)| !k.starts_with(".pinpai/"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    assert_eq!(keep(before), keep(after));
}
