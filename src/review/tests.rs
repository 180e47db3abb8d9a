use super::approve::{with_approval_in_page, with_approval_in_yaml};
use super::*;

fn approval(level: &str) -> Approval {
    Approval {
        level: level.into(),
        by: "张三".into(),
        date: "2024-03-05".into(),
        digest: "0123456789abcdef".into(),
    }
}

fn levels() -> Review {
    Review {
        required: true,
        levels: ["初审", "复审", "终审"].map(String::from).to_vec(),
    }
}

#[test]
fn state_is_the_first_level_without_an_approval_of_this_version() {
    let review = levels();
    let mut approvals = vec![approval("初审")];
    assert_eq!(
        State::of(
            &review,
            &approvals,
            &Digests::plain("0123456789abcdef".into())
        ),
        State::Pending("复审".into())
    );
    // An approval of another version does not count.
    assert_eq!(
        State::of(&review, &approvals, &Digests::plain("ffff".into())),
        State::Pending("初审".into())
    );
    approvals.push(approval("复审"));
    approvals.push(approval("终审"));
    assert_eq!(
        State::of(
            &review,
            &approvals,
            &Digests::plain("0123456789abcdef".into())
        ),
        State::Passed
    );
    assert_eq!(
        State::of(&Review::default(), &[], &Digests::plain("x".into())),
        State::NotRequired
    );
    assert_eq!(State::Pending("复审".into()).label(), "待复审");
}

#[test]
fn the_digest_sees_fields_and_body_not_layout_comments_or_approvals() {
    let digest =
        |front: &str, body: &str| page_digest(&crate::yaml::parse_mapping(front).unwrap(), body);
    let base = digest("title: 义诊\ntags: [a, b]\n", "正文\n");
    assert_eq!(
        base,
        digest("# 注释\ntags:\n  - a\n  - b\ntitle: \"义诊\"\n", "正文\r\n")
    );
    assert_eq!(base, digest("title: 义诊\ntags: [a, b]\nreview:\n  - {level: 初审, by: 张三, date: 2024-03-05, digest: x}\n", "正文\n"));
    assert_ne!(base, digest("title: 义诊！\ntags: [a, b]\n", "正文\n"));
    assert_ne!(base, digest("title: 义诊\ntags: [a, b]\n", "正文。\n"));
    assert_ne!(base, digest("title: 义诊\ntags: [b, a]\n", "正文\n"));
    assert_eq!(base.len(), 16);
}

#[test]
fn an_approval_is_added_keeping_every_other_byte() {
    let page = "---\r\n# 审核前\r\ntitle: 义诊   # 标题\r\ndate: 2024-03-05\r\n---\r\n正文\r\n---\r\n第二段\r\n";
    let once = with_approval_in_page(page, &approval("初审")).unwrap();
    assert_eq!(
        once,
        "---\r\n# 审核前\r\ntitle: 义诊   # 标题\r\ndate: 2024-03-05\r\nreview:\r\n  - {level: \"初审\", by: \"张三\", date: \"2024-03-05\", digest: 0123456789abcdef}\r\n---\r\n正文\r\n---\r\n第二段\r\n"
    );
    let twice = with_approval_in_page(&once, &approval("复审")).unwrap();
    assert!(twice.starts_with(&once[..once.find("---\r\n正文").unwrap()]));
    assert!(
        twice.contains("digest: 0123456789abcdef}\r\n  - {level: \"复审\","),
        "{twice}"
    );
    assert!(twice.ends_with("---\r\n正文\r\n---\r\n第二段\r\n"));
}

#[test]
fn review_blocks_in_the_middle_and_empty_lists_are_added_to() {
    let yaml = "title: 义诊\nreview:\n  - {level: 初审, by: 李四, date: 2024-03-01, digest: aaaa}\n\ntags: [a]\n";
    let added = with_approval_in_yaml(yaml, &approval("复审")).unwrap();
    assert_eq!(
        added,
        "title: 义诊\nreview:\n  - {level: 初审, by: 李四, date: 2024-03-01, digest: aaaa}\n  - {level: \"复审\", by: \"张三\", date: \"2024-03-05\", digest: 0123456789abcdef}\n\ntags: [a]\n"
    );
    let empty = with_approval_in_yaml("review: []\ntitle: 义诊\n", &approval("初审")).unwrap();
    assert!(
        empty.starts_with("review:\n  - {level: \"初审\""),
        "{empty}"
    );
    // A file with no final line break, and a new review file.
    assert!(with_approval_in_yaml("title: 义诊", &approval("初审"))
        .unwrap()
        .starts_with("title: 义诊\nreview:\n"));
    assert!(with_approval_in_yaml("", &approval("初审"))
        .unwrap()
        .starts_with("review:\n  - "));
    // Hand-written flow lists are not pinpai's to rewrite.
    assert_eq!(
        with_approval_in_yaml("review: [{level: 初审}]\n", &approval("复审")),
        None
    );
}

#[test]
fn names_that_yaml_would_misread_are_quoted() {
    let mut odd = approval("初审");
    odd.by = "张三: 主任, #1".into();
    let added = with_approval_in_yaml("title: a\n", &odd).unwrap();
    let map = crate::yaml::parse_mapping(&added).unwrap();
    let item = &map.get(KEY).unwrap().as_sequence().unwrap()[0];
    assert_eq!(approval_of(item).unwrap().by, "张三: 主任, #1");
}

#[test]
fn a_page_saved_with_a_byte_order_mark_keeps_it_and_gets_its_approval() {
    let page = "\u{feff}---\r\ntitle: 义诊\r\n---\r\n正文\r\n";
    let added = with_approval_in_page(page, &approval("初审")).unwrap();
    assert!(
        added.starts_with("\u{feff}---\r\ntitle: 义诊\r\nreview:\r\n  - {level: \"初审\""),
        "{added:?}"
    );
    assert!(added.ends_with("}\r\n---\r\n正文\r\n"), "{added:?}");
}

#[test]
fn items_at_column_zero_comments_and_marks_are_kept_in_their_style() {
    let column0 = "title: 义诊\nreview:\n- {level: 初审, by: 李四, date: 2024-03-01, digest: aaaa}\ntags: [a]\n";
    let added = with_approval_in_yaml(column0, &approval("复审")).unwrap();
    assert!(added.contains("aaaa}\n- {level: \"复审\""), "{added}");
    let map = crate::yaml::parse_mapping(&added).unwrap();
    assert_eq!(map.get(KEY).unwrap().as_sequence().unwrap().len(), 2);

    let commented = with_approval_in_yaml("review: []  # 审核记录\n", &approval("初审")).unwrap();
    assert!(
        commented.starts_with("review:  # 审核记录\n  - {"),
        "{commented}"
    );

    let sidecar = with_approval_in_yaml("\u{feff}review:\n", &approval("初审")).unwrap();
    assert!(
        sidecar.starts_with("\u{feff}review:\n  - {level"),
        "{sidecar:?}"
    );
    assert_eq!(sidecar.matches("review:").count(), 1);
}
