//! Signing in and out (CONTENT-MODEL §9.4): the page `/_pinpai/signin`,
//! `POST api/signin` and `POST api/signout`.
//!
//! A wrong password and a name without an account get the same answer
//! after the same work (an argon2 verification either way), so nobody can
//! find out which names exist. Wrong passwords are counted
//! ([`super::session::Limiter`]); past the limit, the attempt is refused
//! before any password is looked at.

use std::net::IpAddr;
use std::time::Instant;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::api::{refuse, reply};
use super::screen::{CSP, OLD_BROWSER};
use super::{session, Workbench, PREFIX};
use crate::accounts::{log, password};
use crate::html::escape;

/// Where a signed-out browser is sent, remembering where it was going.
pub fn redirect_to_sign_in(path_and_query: &str) -> Response {
    let next =
        percent_encoding::utf8_percent_encode(path_and_query, percent_encoding::NON_ALPHANUMERIC);
    let location = format!("{PREFIX}signin?next={next}");
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location)],
        "请先登录",
    )
        .into_response()
}

/// The answer to a request without a session: where to sign in.
pub fn not_signed_in() -> Response {
    reply(
        StatusCode::UNAUTHORIZED,
        json!({
            "message": "还没有登录，或者登录已过期：请重新登录",
            "signin": format!("{PREFIX}signin"),
        }),
    )
}

/// A place inside the workbench to go after signing in; anything else
/// (another site, `//evil.example`) is the workbench's home.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with(PREFIX)
                && !n.contains("//")
                && !n.contains('\\')
                && !n.starts_with(&format!("{PREFIX}api/")) =>
        {
            n.to_string()
        }
        _ => PREFIX.to_string(),
    }
}

/// `GET signin`.
pub fn page(wb: &Workbench, query: Option<&str>) -> Response {
    let next = query
        .map(crate::workbench::api::query_params)
        .and_then(|q| q.get("next").cloned());
    let next = safe_next(next.as_deref());
    let notice = match wb.accounts().current().as_ref() {
        // What is wrong with it (a line of the file) is for the holder of
        // the folder, not for whoever opens the page on the LAN.
        Err(_) => "<p class=\"problem\" role=\"alert\">账号文件读不出来，暂时不能登录。请在放网站的电脑上运行 pinpai user list，它会说明哪里有问题。</p>".to_string(),
        Ok(users) if users.is_empty() => "<p class=\"problem\" role=\"alert\">还没有账号。请在放网站的电脑上运行 pinpai user add 姓名 --role 编辑 添加账号。</p>".to_string(),
        Ok(_) => String::new(),
    };
    let plain_http = if wb.https() {
        ""
    } else {
        "<p class=\"note\">注意：这个连接没有加密（http），同一网络里有人抓包就能看到密码。请让管理员用 --tls 开启 https。</p>"
    };
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>登录 - 工作台</title><link rel=\"stylesheet\" href=\"{PREFIX}ui/workbench.css\"></head>\
<body><header class=\"bar\"><h1>工作台登录</h1></header>{OLD_BROWSER}\
<main class=\"signin\"><form id=\"signin\" data-next=\"{next}\" novalidate>{notice}\
<p><label for=\"name\">姓名</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required></p>\
<p><label for=\"password\">密码</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>\
<p><button type=\"submit\">登录</button></p><p id=\"status\" role=\"status\" aria-live=\"polite\"></p>{plain_http}\
</form></main><script src=\"{PREFIX}ui/common.js\"></script><script src=\"{PREFIX}ui/signin.js\"></script></body></html>",
        next = escape(&next),
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
        ],
        html,
    )
        .into_response()
}

#[derive(Deserialize)]
struct SignIn {
    name: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// `POST api/signin` `{name, password, next}`: a new session and its
/// cookie, or the one answer for every wrong name or password.
pub fn sign_in(wb: &Workbench, body: &[u8], address: IpAddr) -> Response {
    let request: SignIn = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, format!("请求的格式不对：{e}")),
    };
    let name = request.name.trim();
    let attempt = wb
        .sessions()
        .limiter()
        .attempt(address, name, Instant::now());
    if let Err(wait) = attempt {
        let seconds = wait.as_secs().max(1);
        let mut refused = refuse(
            StatusCode::TOO_MANY_REQUESTS,
            format!("登录失败的次数太多，请 {seconds} 秒后再试"),
        );
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            refused.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return refused;
    }
    let users = wb.accounts().current();
    let account = users.as_ref().as_ref().ok().and_then(|u| u.find(name));
    let right = match account {
        Some(a) => password::verify(&request.password, &a.password),
        None => {
            password::verify_nothing(&request.password);
            false
        }
    };
    let Some(account) = account.filter(|_| right) else {
        record(wb, name, address, "signin_failed");
        return refuse(StatusCode::UNAUTHORIZED, "姓名或密码不对");
    };
    wb.sessions().limiter().succeeded(address, name);
    let (id, _token) = match wb.sessions().open(&account.name, &account.password) {
        Ok(opened) => opened,
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e),
    };
    record(wb, &account.name, address, "signin");
    let mut answer = reply(
        StatusCode::OK,
        json!({
            "name": account.name,
            "role": account.role.label(),
            "next": safe_next(request.next.as_deref()),
        }),
    );
    with_cookie(&mut answer, &session::set_cookie(&id, wb.https()));
    answer
}

/// `POST api/signout`: the session ends; its cookie is nobody's.
pub fn sign_out(wb: &Workbench, session_id: &str, name: &str, address: IpAddr) -> Response {
    wb.sessions().close(session_id);
    record(wb, name, address, "signout");
    let mut answer = reply(
        StatusCode::OK,
        json!({ "message": "已退出", "next": format!("{PREFIX}signin") }),
    );
    with_cookie(&mut answer, &session::set_cookie("", wb.https()));
    answer
}

fn with_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
}

fn record(wb: &Workbench, name: &str, address: IpAddr, action: &str) {
    let entry = log::Entry {
        time: log::now(),
        account: name.to_string(),
        address: address.to_string(),
        action: action.to_string(),
        file: String::new(),
        before: String::new(),
        after: String::new(),
        detail: String::new(),
    };
    if let Err(e) = log::append(wb.root(), &entry) {
        eprintln!("警告：写不进操作记录 .pinpai/log.jsonl：{e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_places_in_the_workbench_are_gone_to_after_signing_in() {
        assert_eq!(
            safe_next(Some("/_pinpai/edit?path=a")),
            "/_pinpai/edit?path=a"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/_pinpai/",
            "/_pinpai//evil.example",
            "/_pinpai/\\evil",
            "/elsewhere",
            "/_pinpai/api/delete",
        ] {
            assert_eq!(safe_next(Some(bad)), "/_pinpai/", "{bad}");
        }
        assert_eq!(safe_next(None), "/_pinpai/");
    }
}
