//! Accounts, sign-in and HTTPS of pinpai.exe under Wine, as on an office
//! PC that lets colleagues review from theirs (CONTENT-MODEL §9.4, §10):
//! `user add` with the password from a script, the argon2 hash it writes,
//! `serve --tls` with a certificate named by a Windows path, a wrong and a
//! right password over HTTPS, the log line of the sign-in, and plain HTTP
//! sent to https://.
//!
//! How the exe and Wine are found: `tests/common/wine.rs`.

mod common;

use common::tls::{self_signed, tls_to};
use common::wine::{free_port, windows};
use common::{fixture, http, http_over};

const PASSWORD: &str = "dangjian-2024";

#[test]
fn an_account_made_on_windows_signs_in_over_https() {
    let Some(wine) = windows() else { return };
    let site = fixture();
    let added = wine.run_with_input(
        site.root(),
        &[
            "user",
            "add",
            "张书记",
            "--role",
            "审核",
            "--levels",
            "初审",
        ],
        &format!("{PASSWORD}\r\n"),
    );
    assert_eq!(added.code, 0, "{}{}", added.stdout, added.stderr);
    let listed = wine.run(site.root(), &["user", "list"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        listed.stdout.contains("张书记") && listed.stdout.contains("初审"),
        "{}",
        listed.stdout
    );
    let users = site.read(".pinpai/users.yaml");
    assert!(
        users.contains("$argon2id$") && !users.contains(PASSWORD),
        "{users}"
    );
    let short = wine.run_with_input(
        site.root(),
        &["user", "add", "李主任", "--role", "编辑"],
        "123\r\n",
    );
    assert_eq!(short.code, 2, "{}", short.stderr);

    let cert = self_signed(&site);
    let port = free_port();
    let mut server = wine.spawn(
        site.root(),
        &[
            "serve",
            "--port",
            &port.to_string(),
            "--tls",
            r"tls\cert.pem",
            r"tls\key.pem",
        ],
    );
    server.wait_for_line("网站已生成");
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let host = format!("127.0.0.1:{port}");
    let origin = format!("https://{host}");
    let headers = [
        ("Host", host.as_str()),
        ("Origin", origin.as_str()),
        ("Content-Type", "application/json"),
    ];
    let sign_in = |password: &str| {
        let body = serde_json::json!({"name": "张书记", "password": password}).to_string();
        http_over(
            tls_to(addr, &cert),
            "POST",
            "/_pinpai/api/signin",
            &headers,
            body.as_bytes(),
        )
    };
    let wrong = sign_in("not-the-password");
    assert_eq!(wrong.status, 401, "{}", wrong.text());
    let signed = sign_in(PASSWORD);
    assert_eq!(signed.status, 200, "{}", signed.text());
    let set = signed.header("set-cookie").expect("a session cookie");
    assert!(
        set.starts_with("__Host-pinpai_session=") && set.contains("; Secure"),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap_or_default().to_string();
    let page = http_over(
        tls_to(addr, &cert),
        "GET",
        "/_pinpai/",
        &[("Host", host.as_str()), ("Cookie", cookie.as_str())],
        b"",
    );
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.text().contains("张书记"), "{}", page.text());
    let log = site.read(".pinpai/log.jsonl");
    assert!(
        log.contains("\"signin_failed\"") && log.contains("\"signin\""),
        "{log}"
    );
    let plain = http(addr, "GET", "/_pinpai/", &[("Host", &host)], b"");
    assert_eq!(plain.status, 301, "{}", plain.text());
}
