//! Review and publishing buttons: a review level recorded (the code path
//! of `pinpai review approve`), and the site packaged (`pinpai package`).

use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::{about_file, opened_as, parse_request, refuse, reply};
use crate::build::{self, BuildOptions};
use crate::diagnostics::Diagnostics;
use crate::review::approve::approve;
use crate::review::State;
use crate::workbench::access::Who;
use crate::workbench::pages::Problem;
use crate::workbench::Workbench;

about_file!(ReviewRequest);

#[derive(Deserialize)]
struct ReviewRequest {
    path: String,
    /// The file as the reviewer saw it: a version changed meanwhile is not
    /// approved unseen.
    digest: String,
    level: String,
    /// The reviewer's name, as `--by` takes it, on this PC without
    /// accounts. With accounts (§9.4) the signed-in name is recorded and
    /// this is not read.
    #[serde(default)]
    by: String,
}

/// `POST api/review`: one level recorded in the page's front matter, with
/// the digest of what it says now.
pub fn review(wb: &Workbench, body: &[u8], today: &str, who: &Who) -> Response {
    let (request, path) = match parse_request::<ReviewRequest>(body) {
        Ok(parsed) => parsed,
        Err(refused) => return *refused,
    };
    if !who.may_review(&request.level) {
        let granted = who.account().map(|a| a.levels_label()).unwrap_or_default();
        return refuse(
            StatusCode::FORBIDDEN,
            format!("你的账号不能做{}；能审核的级别：{granted}", request.level),
        );
    }
    if let Err(refused) = opened_as(wb, &path, &request.digest) {
        return *refused;
    }
    let mut diags = Diagnostics::new();
    let Some(config) = crate::config::Config::load(wb.root(), &mut diags) else {
        let why: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, why.join("\n"));
    };
    let file = wb.root().join(path.as_str());
    match approve(
        wb.root(),
        &config,
        &file,
        &request.level,
        who.reviewer(&request.by),
        today,
    ) {
        Ok(done) => {
            let mut next = match &done.state {
                State::Passed => "已全部通过，网站生成时发布".to_string(),
                state => format!("现在{}", state.label()),
            };
            if let Some(why) = &done.not_kept {
                next.push_str(&format!(
                    "。注意：没能保存审核通过的版本（{why}），以后改这个页面时，改好的版本通过审核之前它不会发布"
                ));
            }
            let digest = wb
                .editor()
                .open(&path)
                .ok()
                .flatten()
                .map(|o| o.digest)
                .unwrap_or_default();
            reply(
                StatusCode::OK,
                json!({
                    "path": path.as_str(),
                    "digest": digest,
                    "state": done.state.label(),
                    "message": format!(
                        "已记录：{}通过（{}，{}）。{next}",
                        done.approval.level, done.approval.by, done.approval.date
                    ),
                }),
            )
        }
        Err(e) => refuse(StatusCode::UNPROCESSABLE_ENTITY, e),
    }
}

/// `POST api/package`: a normal build into `output/` (pages in review left
/// out, as `pinpai package` does) and its zip in the site folder, named
/// with the date. One at a time: a second click waits for nothing and is
/// told so.
pub fn package(wb: &Workbench, today: &str) -> Response {
    let Ok(_one_at_a_time) = wb.packaging.try_lock() else {
        return refuse(StatusCode::CONFLICT, "正在打包，请等这次打包完成");
    };
    let opts = BuildOptions::new(wb.root());
    let mut diags = Diagnostics::new();
    let summary = build::build(&opts, &mut diags);
    if summary.is_none() || diags.has_errors() {
        let problems: Vec<Problem> = diags
            .sorted()
            .iter()
            .filter(|d| d.level == crate::diagnostics::Level::Error)
            .map(|d| Problem::of(d))
            .collect();
        return reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({
                "message": format!("网站有 {} 个错误，没有打包。请先改正：", problems.len()),
                "problems": problems,
            }),
        );
    }
    let zip = wb.root().join(crate::package::default_name(today));
    match crate::package::package(&opts.output_dir(), &zip) {
        Ok(files) => {
            // Where the officer finds it in Explorer, even when serve was
            // started with a relative --root.
            let shown = std::path::absolute(&zip)
                .unwrap_or(zip)
                .display()
                .to_string();
            let pending = summary.map_or(0, |s| s.pending.len());
            reply(
                StatusCode::OK,
                json!({
                    "zip": shown,
                    "files": files,
                    "message": format!(
                        "已打包：{shown}（{files} 个文件）。把它拷到内网服务器，解压到网站目录即可。{}",
                        if pending > 0 { format!("有 {pending} 个页面还在审核，没有打包进去。") } else { String::new() }
                    ),
                }),
            )
        }
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}
