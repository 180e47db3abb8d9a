//! Accounts on the workbench (CONTENT-MODEL §9.4), attacked and used over
//! real HTTP: each role does exactly what it may, a reviewer only its
//! levels, sessions cannot be fixed, forged from another origin or port,
//! or replayed after signing out; guessing passwords is limited without
//! locking the right person out; every change is in the log.

mod common;

use std::net::IpAddr;

use common::bench::Json;
use common::lan::{cookie_of, start, Lan, Person, PASSWORD};
use common::tls::{self_signed, tls_to};
use common::{fixture, run_in, snapshot, Site};
use serde_json::json;

const DOCX: &str = "tests/fixtures/import/libreoffice.docx";

/// [`common::lan::reviewed_site`], and one draft page per role and action
/// that removes or restores one.
fn reviewed_site() -> Site {
    let site = common::lan::reviewed_site();
    // One page per role and action that removes or restores one.
    for n in 0..4 {
        site.write(
            &format!("content/news/del-{n}.md"),
            format!(
                "---\ntitle: 待删除{n}\ndate: 2024-05-0{}\ndraft: true\n---\n正文。\n",
                n + 1
            ),
        );
    }
    site
}

fn fixture_file(rel: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// One request of the role table, as `who`'s workbench page sends it.
fn attempt(lan: &Lan, who: &Person, action: &str, n: usize) -> common::Reply {
    let about = "content/about.md";
    match action {
        "read" => lan.get_as(&who.cookie, "/_pinpai/api/pages"),
        "new" => lan.post_as(
            who,
            "/_pinpai/api/new",
            json!({"kind": "news", "title": format!("角色测试{n}")}),
        ),
        "import" => lan.file_as(
            who,
            // Each into its own section: the same draft twice is refused.
            &format!(
                "/_pinpai/api/import?name=role{n}.docx&section={}",
                ["news", "volunteer", "branches"][n % 3]
            ),
            &fixture_file(DOCX),
        ),
        "edit" => {
            let digest = lan.digest(who, about);
            lan.post_as(
                who,
                "/_pinpai/api/edit",
                json!({"path": about, "digest": digest, "fields": [{"key": "title", "value": format!("关于本站{n}")}]}),
            )
        }
        "paste" => lan.post_as(
            who,
            "/_pinpai/api/paste",
            json!({"path": about, "html": "<p>粘贴的<b>文字</b></p>"}),
        ),
        "upload" => lan.file_as(
            who,
            &format!("/_pinpai/api/upload?folder=content/news&name=photo{n}.png"),
            &common::png(8, 8),
        ),
        "delete" => {
            let page = format!("content/news/del-{n}.md");
            let digest = lan.digest(who, &page);
            lan.post_as(
                who,
                "/_pinpai/api/delete",
                json!({"path": page, "digest": digest}),
            )
        }
        "restore" => {
            let history = lan.get_as(&who.cookie, "/_pinpai/api/history?path=content%2Fabout.md");
            let id = history.json()["versions"][0]["id"].clone();
            let digest = lan.digest(who, about);
            lan.post_as(
                who,
                "/_pinpai/api/restore",
                json!({"path": about, "id": id, "digest": digest}),
            )
        }
        "review" => {
            let page = format!("content/news/review-{n}.md");
            let digest = lan.digest(who, &page);
            lan.post_as(
                who,
                "/_pinpai/api/review",
                json!({"path": page, "digest": digest, "level": "初审", "by": "冒名顶替"}),
            )
        }
        "package" => lan.post_as(who, "/_pinpai/api/package", json!({})),
        "drafts" => lan.post_as(who, "/_pinpai/api/drafts", json!({"show": false})),
        "log" => lan.get_as(&who.cookie, "/_pinpai/log"),
        other => panic!("no such action {other}"),
    }
}

#[test]
fn each_role_does_exactly_its_actions() {
    let site = reviewed_site();
    // Pages waiting for 初审, one per account.
    for n in 0..5 {
        site.write(
            &format!("content/news/review-{n}.md"),
            format!(
                "---\ntitle: 送审{n}\ndate: 2024-06-0{}\n---\n正文。\n",
                n + 1
            ),
        );
    }
    let lan = start(&site);
    let admin = lan.person("管理刘科长");
    // A version in history for the restores.
    assert_eq!(attempt(&lan, &admin, "edit", 99).status, 200);
    // ✓ allowed, · refused: 编辑, 初审, 管理.
    let table: &[(&str, [bool; 3], u16)] = &[
        ("read", [true, true, true], 200),
        ("new", [true, false, true], 201),
        ("import", [true, false, true], 201),
        ("edit", [true, false, true], 200),
        ("paste", [true, false, true], 200),
        ("upload", [true, false, true], 201),
        ("delete", [true, false, true], 200),
        ("restore", [false, false, true], 200),
        ("review", [false, true, true], 200),
        ("drafts", [true, false, true], 200),
        ("log", [false, false, true], 200),
        ("package", [false, false, true], 200),
    ];
    let people = ["编辑小王", "初审张书记", "管理刘科长"];
    let signed: Vec<Person> = people.iter().map(|name| lan.person(name)).collect();
    for (action, allowed, ok_status) in table {
        for (i, who) in signed.iter().enumerate() {
            let before = snapshot(site.root());
            let reply = attempt(&lan, who, action, i);
            if allowed[i] {
                assert_eq!(
                    reply.status,
                    *ok_status,
                    "{} {action}: {}",
                    who.name,
                    reply.text()
                );
            } else {
                assert_eq!(reply.status, 403, "{} {action}: {}", who.name, reply.text());
                assert!(
                    reply.text().contains("不能"),
                    "{} {action}: {}",
                    who.name,
                    reply.text()
                );
                common::assert_same_tree(&before, &snapshot(site.root()));
            }
        }
    }
    // The review steps recorded the signed-in names, not the typed one.
    for (n, name) in [(1, "初审张书记"), (2, "管理刘科长")] {
        let text = site.read(&format!("content/news/review-{n}.md"));
        assert!(text.contains(&format!("by: \"{name}\"")), "{text}");
        assert!(!text.contains("冒名顶替"), "{text}");
    }
    // The log has a line for every change, with its account.
    let log = pinpai::accounts::log::read(site.root());
    let changes: Vec<(String, String)> = log
        .iter()
        .filter(|e| e.action != "signin")
        .map(|e| (e.account.clone(), e.action.clone()))
        .collect();
    let expected: Vec<(String, String)> = std::iter::once(("管理刘科长", "edit"))
        .chain(table.iter().flat_map(|(action, allowed, _)| {
            let code = match *action {
                "read" | "log" => None,
                other => Some(other),
            };
            people
                .iter()
                .zip(allowed)
                .filter(move |(_, ok)| **ok && code.is_some())
                .map(move |(name, _)| (*name, code.unwrap_or_default()))
        }))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(changes, expected);
    let edit = log.iter().find(|e| e.action == "edit").unwrap();
    assert_eq!(edit.file, "content/about.md");
    assert_eq!(edit.address, "127.0.0.1");
    assert!(
        !edit.before.is_empty() && edit.before != edit.after,
        "{edit:?}"
    );
    let review = log.iter().find(|e| e.action == "review").unwrap();
    assert_eq!(review.detail, "初审");
}

#[test]
fn a_reviewer_records_only_its_own_levels_in_order() {
    let site = reviewed_site();
    let page = "content/news/2024-dangke.md";
    site.write(
        page,
        "---\ntitle: 七一专题党课（修改）\ndate: 2024-07-01\n---\n改过的党课。\n",
    );
    let lan = start(&site);
    let first = lan.person("初审张书记");
    let second = lan.person("复审李主任");
    let approve = |who: &Person, level: &str| {
        let digest = lan.digest(who, page);
        lan.post_as(
            who,
            "/_pinpai/api/review",
            json!({"path": page, "digest": digest, "level": level}),
        )
    };
    let too_early = approve(&second, "复审");
    assert_eq!(too_early.status, 422, "{}", too_early.text());
    let not_mine = approve(&first, "复审");
    assert_eq!(not_mine.status, 403, "{}", not_mine.text());
    assert!(not_mine.text().contains("初审"), "{}", not_mine.text());
    assert_eq!(approve(&first, "初审").status, 200);
    let again = approve(&first, "终审");
    assert_eq!(again.status, 403, "{}", again.text());
    let done = approve(&second, "复审");
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["state"], "待终审");
    // `pinpai review` names them, and says they signed in.
    let listed = run_in(site.root(), &["review"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let line = listed
        .stdout
        .lines()
        .find(|l| l.contains("2024-dangke"))
        .unwrap_or_else(|| panic!("{}", listed.stdout));
    assert!(
        line.contains("初审张书记（登录）") && line.contains("复审李主任（登录）"),
        "{line}"
    );
}

#[test]
fn sessions_cannot_be_fixed_forged_or_replayed() {
    let site = reviewed_site();
    let lan = start(&site);
    // Not signed in: the page sends the browser to sign in; the API says so.
    let page = lan.get_as("", "/_pinpai/edit?path=content%2Fabout.md");
    assert_eq!(page.status, 303);
    assert_eq!(
        page.header("location"),
        Some("/_pinpai/signin?next=%2F%5Fpinpai%2Fedit%3Fpath%3Dcontent%252Fabout%2Emd")
    );
    let api = lan.get_as("", "/_pinpai/api/pages");
    assert_eq!(api.status, 401);
    // A session id the server never gave is nobody's (fixation) …
    let planted = "pinpai_session=0123456789abcdef";
    assert_eq!(lan.get_as(planted, "/_pinpai/api/pages").status, 401);
    // … and signing in with it planted gives a new one.
    let body = json!({"name": "编辑小王", "password": PASSWORD}).to_string();
    let origin = lan.origin();
    let signed = common::http(
        lan.server.addr(),
        "POST",
        "/_pinpai/api/signin",
        &[
            ("Host", &lan.host),
            ("Origin", &origin),
            ("Cookie", planted),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    );
    assert_eq!(signed.status, 200, "{}", signed.text());
    let set = signed.header("set-cookie").unwrap().to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let cookie = cookie_of(&signed).unwrap();
    assert_ne!(cookie, planted);
    assert_eq!(lan.get_as(planted, "/_pinpai/api/pages").status, 401);

    let editor = lan.person("编辑小王");
    let edit_body = |n: u32| {
        json!({"path": "content/news/del-0.md", "digest": lan.digest(&editor, "content/news/del-0.md"),
               "fields": [{"key": "title", "value": format!("改{n}")}]})
        .to_string()
    };
    let other = lan.person("管理刘科长");
    let before = snapshot(site.root());
    // CSRF: the cookie comes along, but from another origin or port, or
    // without the page's token, or with another session's token.
    for (name, value) in [
        ("Origin", "http://evil.example".to_string()),
        ("Origin", "http://127.0.0.1:9".to_string()),
        ("Sec-Fetch-Site", "same-site".to_string()),
        ("X-Pinpai-Token", "0".repeat(64)),
        ("X-Pinpai-Token", other.token.clone()),
    ] {
        let mut headers = lan.headers_of(&editor, "application/json");
        headers.retain(|(n, _)| n != name);
        headers.push((name.to_string(), value.clone()));
        let reply = lan.send(&headers, "/_pinpai/api/edit", edit_body(1).as_bytes());
        assert_eq!(reply.status, 403, "{name}: {value}: {}", reply.text());
    }
    common::assert_same_tree(&before, &snapshot(site.root()));
    // Signed out: the same cookie and token are refused from then on.
    let second_try = edit_body(2);
    let out = lan.post_as(&editor, "/_pinpai/api/signout", json!({}));
    assert_eq!(out.status, 200, "{}", out.text());
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    let replayed = lan.send(
        &lan.headers_of(&editor, "application/json"),
        "/_pinpai/api/edit",
        second_try.as_bytes(),
    );
    assert_eq!(replayed.status, 401, "{}", replayed.text());
    assert_eq!(lan.get_as(&editor.cookie, "/_pinpai/").status, 303);
    // An account removed, or its password changed, is signed out at once.
    let run = run_in(site.root(), &["user", "remove", "管理刘科长"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(lan.get_as(&other.cookie, "/_pinpai/api/pages").status, 401);
}

#[test]
fn guessing_passwords_is_limited_without_locking_the_right_person_out() {
    let site = reviewed_site();
    let lan = start(&site);
    let here: IpAddr = "127.0.0.1".parse().unwrap();
    let there: IpAddr = "127.0.0.2".parse().unwrap();
    // A wrong password and a name without an account: the same answer.
    let wrong = lan.sign_in_from(Some(here), "编辑小王", "wrong-password");
    let nobody = lan.sign_in_from(Some(here), "没有这个人", "wrong-password");
    assert_eq!((wrong.status, nobody.status), (401, 401));
    assert_eq!(wrong.body, nobody.body);
    assert!(wrong.header("set-cookie").is_none());
    for attempt in 3..=5 {
        let reply = lan.sign_in_from(Some(here), "编辑小王", "wrong-password");
        assert_eq!(reply.status, 401, "attempt {attempt}");
    }
    // The sixth in a minute is refused, even with the right password.
    let sixth = lan.sign_in_from(Some(here), "编辑小王", PASSWORD);
    assert_eq!(sixth.status, 429, "{}", sixth.text());
    assert!(sixth.text().contains("秒后再试"), "{}", sixth.text());
    assert!(sixth.header("retry-after").is_some());
    // The right person at another PC signs in.
    let elsewhere = lan.sign_in_from(Some(there), "编辑小王", PASSWORD);
    assert_eq!(elsewhere.status, 200, "{}", elsewhere.text());
}

#[test]
fn a_wrong_name_takes_as_long_as_a_wrong_password() {
    let site = reviewed_site();
    let lan = start(&site);
    let time = |name: &str, from: &str| {
        let from: IpAddr = from.parse().unwrap();
        // The quickest of five (the most an address may try in a
        // minute): other tests running beside only ever add time.
        (0..5)
            .map(|_| {
                let t = std::time::Instant::now();
                let reply = lan.sign_in_from(Some(from), name, "wrong-password");
                assert_eq!(reply.status, 401);
                t.elapsed()
            })
            .min()
            .unwrap_or_default()
    };
    let wrong_password = time("编辑小王", "127.0.0.3");
    let wrong_name = time("没有这个人", "127.0.0.4");
    // Both verify an argon2 hash; a shortcut for unknown names would be
    // a hundred times faster.
    assert!(
        wrong_name * 4 > wrong_password && wrong_password * 4 > wrong_name,
        "wrong password {wrong_password:?}, wrong name {wrong_name:?}"
    );
}

#[test]
fn the_lan_with_accounts_needs_https_or_says_why() {
    let site = reviewed_site();
    let run = run_in(site.root(), &["serve", "--bind", "0.0.0.0", "--port", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--tls")
            && run.stderr.contains("抓包")
            && run.stderr.contains("--allow-http"),
        "{}",
        run.stderr
    );
    let missing = run_in(
        site.root(),
        &[
            "serve",
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
            "--tls",
            "无.pem",
            "无-key.pem",
        ],
    );
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("找不到证书文件 无.pem"),
        "{}",
        missing.stderr
    );
}

#[test]
fn user_commands_keep_only_a_hash() {
    let site = fixture();
    let add = |args: &[&str], stdin: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pinpai"))
            .args(args)
            .current_dir(site.root())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = add(
        &[
            "user",
            "add",
            "张三",
            "--role",
            "审核",
            "--levels",
            "初审,复审",
        ],
        "zhangsan-2024\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("已添加账号“张三”（审核，能审核：初审、复审）"),
        "{out}"
    );
    let file = site.read(".pinpai/users.yaml");
    assert!(
        !file.contains("zhangsan-2024") && file.contains("$argon2id$"),
        "{file}"
    );
    for (args, why) in [
        (
            vec!["user", "add", "张三", "--role", "编辑"],
            "已经有叫“张三”的账号",
        ),
        (
            vec!["user", "add", "李四", "--role", "老板"],
            "--role 只能是",
        ),
        (vec!["user", "add", "李四", "--role", "审核"], "--levels"),
        (
            vec!["user", "add", "李四", "--role", "审核", "--levels", "四审"],
            "没有“四审”这一级",
        ),
    ] {
        let (code, _, err) = add(&args, "lisi-2024-pw\n");
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(why), "{args:?}: {err}");
    }
    let (code, _, err) = add(&["user", "add", "李四", "--role", "编辑"], "short\n");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("至少要 8 个字符"), "{err}");
    let list = run_in(site.root(), &["user", "list"]);
    assert!(
        list.stdout.contains("张三\t审核\t初审、复审"),
        "{}",
        list.stdout
    );
    let before = site.read(".pinpai/users.yaml");
    let (code, _, err) = add(&["user", "password", "张三"], "another-pw-2024\n");
    assert_eq!(code, 0, "{err}");
    assert_ne!(before, site.read(".pinpai/users.yaml"));
    assert_eq!(run_in(site.root(), &["user", "remove", "张三"]).code, 0);
    assert!(!site.read(".pinpai/users.yaml").contains("张三"));
}

#[test]
fn over_https_the_session_cookie_is_secure_and_plain_http_is_sent_to_https() {
    let site = reviewed_site();
    let cert_pem = self_signed(&site);
    let server = pinpai::serve::Server::start(
        pinpai::build::BuildOptions {
            preview: true,
            ..pinpai::build::BuildOptions::new(site.root())
        },
        pinpai::serve::Options {
            bind: "127.0.0.1".into(),
            quiet: true,
            tls: Some(pinpai::serve::tls::TlsFiles {
                cert: site.path("tls/cert.pem"),
                key: site.path("tls/key.pem"),
            }),
            ..Default::default()
        },
    )
    .expect("server starts");
    assert!(
        server.url().starts_with("https://127.0.0.1:"),
        "{}",
        server.url()
    );
    let addr = server.addr();
    let host = format!("127.0.0.1:{}", addr.port());
    let origin = format!("https://{host}");
    let body = json!({"name": "编辑小王", "password": PASSWORD}).to_string();
    let headers = [
        ("Host", host.as_str()),
        ("Origin", origin.as_str()),
        ("Content-Type", "application/json"),
    ];
    let signed = common::http_over(
        tls_to(addr, &cert_pem),
        "POST",
        "/_pinpai/api/signin",
        &headers,
        body.as_bytes(),
    );
    assert_eq!(signed.status, 200, "{}", signed.text());
    let set = signed.header("set-cookie").unwrap();
    assert!(set.starts_with("__Host-pinpai_session="), "{set}");
    assert!(
        set.contains("; Secure") && set.contains("HttpOnly"),
        "{set}"
    );
    // The http:// origin is not this server's any more.
    let plain_origin = format!("http://{host}");
    let refused = common::http_over(
        tls_to(addr, &cert_pem),
        "POST",
        "/_pinpai/api/signin",
        &[
            ("Host", host.as_str()),
            ("Origin", plain_origin.as_str()),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    );
    assert_eq!(refused.status, 403, "{}", refused.text());
    // Plain HTTP to the HTTPS port: sent to https://, nothing served.
    let plain = common::http(addr, "GET", "/_pinpai/edit?path=a", &[("Host", &host)], b"");
    assert_eq!(plain.status, 301, "{}", plain.text());
    assert_eq!(
        plain.header("location"),
        Some(format!("https://{host}/_pinpai/edit?path=a").as_str())
    );
}

#[test]
fn two_people_on_one_page_see_each_other_and_the_second_save_is_refused() {
    let site = reviewed_site();
    let lan = start(&site);
    let first = lan.person("编辑小王");
    let second = lan.person("管理刘科长");
    let page = "content/about.md";
    let here = |who: &Person| {
        let reply = lan.get_as(&who.cookie, "/_pinpai/api/presence?path=content%2Fabout.md");
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.json()["others"].clone()
    };
    assert_eq!(here(&first), json!([]));
    assert_eq!(here(&second), json!(["编辑小王"]));
    assert_eq!(here(&first), json!(["管理刘科长"]));
    // Both opened the same version; the first to save wins, the second is
    // shown both versions and nothing is overwritten.
    let opened = lan.digest(&first, page);
    assert_eq!(lan.digest(&second, page), opened);
    let edit = |who: &Person, title: &str| {
        lan.post_as(
            who,
            "/_pinpai/api/edit",
            json!({"path": page, "digest": opened, "fields": [{"key": "title", "value": title}]}),
        )
    };
    assert_eq!(edit(&first, "小王改的标题").status, 200);
    let refused = edit(&second, "刘科长改的标题");
    assert_eq!(refused.status, 409, "{}", refused.text());
    assert!(refused.json()["now"]["text"]
        .as_str()
        .unwrap()
        .contains("小王改的标题"));
    let text = site.read(page);
    assert!(
        text.contains("小王改的标题") && !text.contains("刘科长"),
        "{text}"
    );
}

#[test]
fn no_role_but_管理_can_turn_review_off_or_type_an_approval() {
    let site = reviewed_site();
    let lan = start(&site);
    let editor = lan.person("编辑小王");
    let page = "content/news/2024-dangke.md";
    let before = snapshot(site.root());
    let text = site.read(page);
    let forged = text.replacen(
        "review:\n",
        "review:\n  - {level: 初审, by: 张书记, date: 2024-07-02, digest: v2-0000000000000000}\n",
        1,
    );
    let digest = lan.digest(&editor, page);
    let site_digest = lan.digest(&editor, "site.yaml");
    for (api, body) in [
        (
            "save",
            json!({"path": "site.yaml", "digest": site_digest, "text": "title: x\nreview: {required: false}\n"}),
        ),
        (
            "save",
            json!({"path": "templates/page.html", "digest": null, "text": "x"}),
        ),
        (
            "save",
            json!({"path": "data/volunteer/a.xlsx.review.yaml", "digest": null, "text": "review: []\n"}),
        ),
        (
            "save",
            json!({"path": page, "digest": digest, "text": forged}),
        ),
        (
            "edit",
            json!({"path": page, "digest": digest, "fields": [{"key": "review", "value": []}]}),
        ),
    ] {
        let reply = lan.post_as(&editor, &format!("/_pinpai/api/{api}"), body.clone());
        assert_eq!(reply.status, 403, "{body}: {}", reply.text());
    }
    let upload = lan.file_as(
        &editor,
        "/_pinpai/api/upload?folder=themes/default/templates&name=page.html",
        b"x",
    );
    assert_eq!(upload.status, 403, "{}", upload.text());
    common::assert_same_tree(&before, &snapshot(site.root()));
    // The log page holds 管理's token: not given to a script's fetch.
    let admin = lan.person("管理刘科长");
    let fetched = common::http(
        lan.server.addr(),
        "GET",
        "/_pinpai/log",
        &[
            ("Host", &lan.host),
            ("Cookie", &admin.cookie),
            ("Sec-Fetch-Dest", "empty"),
        ],
        b"",
    );
    assert_eq!(fetched.status, 403, "{}", fetched.text());
}

#[test]
fn guesses_sent_all_at_once_are_counted_all_the_same() {
    let site = reviewed_site();
    let lan = std::sync::Arc::new(start(&site));
    let from: IpAddr = "127.0.0.5".parse().unwrap();
    let answers: Vec<u16> = (0..12)
        .map(|_| {
            let lan = std::sync::Arc::clone(&lan);
            std::thread::spawn(move || {
                lan.sign_in_from(Some(from), "编辑小王", "wrong-password")
                    .status
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let checked = answers.iter().filter(|s| **s == 401).count();
    assert_eq!(checked, 5, "{answers:?}");
    assert_eq!(answers.iter().filter(|s| **s == 429).count(), 7);
}
