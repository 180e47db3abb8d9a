//! Home and section intros (`_index.md`) reviewed like pages (CONTENT-MODEL
//! §9.5) where reviewers work: the workbench lists them with where they
//! stand, opens them in a form of their own, and a signed-in reviewer
//! approves them under their own name.

mod common;

use common::bench::{encode, Json};
use common::lan::{reviewed_site, start};
use common::{run_in, Site};
use serde_json::{json, Value};

const INTRO: &str = "content/news/_index.md";

/// Review on, everything approved at every level, then a news intro
/// written: it waits for 初审.
fn site_with_a_new_intro() -> Site {
    let site = reviewed_site();
    site.write(
        INTRO,
        "---\ntitle: 党建动态\nsummary: 医院党委的新闻\n---\n本栏目刊登医院党建新闻。\n",
    );
    site
}

fn item<'a>(list: &'a Value, path: &str) -> &'a Value {
    list["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["pages"].as_array().into_iter().flatten())
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("{path} not listed: {list}"))
}

#[test]
fn a_reviewer_finds_opens_and_approves_an_intro_in_the_workbench() {
    let site = site_with_a_new_intro();
    let lan = start(&site);
    let reviewer = lan.person("初审张书记");
    let list = lan.get_as(&reviewer.cookie, "/_pinpai/api/pages").json();
    let news = item(&list, INTRO);
    assert_eq!(news["title"], "栏目介绍：党建动态");
    assert_eq!(news["state"], "待初审");
    assert_eq!(news["url"], "/news/");
    let home = item(&list, "content/_index.md");
    assert_eq!(home["title"], "首页介绍");
    assert_eq!(home["state"], "已发布");

    let form = lan
        .get_as(
            &reviewer.cookie,
            &format!("/_pinpai/api/form?path={}", encode(INTRO)),
        )
        .json();
    assert_eq!(form["kind"], "intro");
    let keys: Vec<&str> = form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["key"].as_str())
        .collect();
    assert_eq!(keys, ["title", "summary"]);
    assert_eq!(form["review"]["next"], "初审");

    let digest = lan.digest(&reviewer, INTRO);
    let approved = lan.post_as(
        &reviewer,
        "/_pinpai/api/review",
        json!({"path": INTRO, "digest": digest, "level": "初审"}),
    );
    assert_eq!(approved.status, 200, "{}", approved.text());
    assert_eq!(approved.json()["state"], "待复审");
    let text = site.read(INTRO);
    assert!(
        text.contains("{level: \"初审\", by: \"初审张书记\""),
        "{text}"
    );
    // Until every level has passed, the built site shows the section
    // without the intro.
    let built = run_in(site.root(), &["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(
        built
            .stdout
            .contains("介绍未发布（待复审）：content/news/_index.md“党建动态”"),
        "{}",
        built.stdout
    );
    assert!(!site
        .read("output/news/index.html")
        .contains("本栏目刊登医院党建新闻"));
}
