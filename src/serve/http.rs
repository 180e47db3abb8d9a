//! The HTTP side of `pinpai serve`: pages from memory, other files from
//! disk, the live-reload event stream and the reload script.
//!
//! Request paths are only ever looked up in the maps of the current build,
//! never joined onto a folder, so no request can reach a file outside the
//! site; suspicious paths are still refused outright (400).

use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::Connected;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::serve::IncomingStream;
use axum::Router;
use bytes::Bytes;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::{DiskFile, Shared, Snapshot, SHUTDOWN_GRACE};
use crate::html::escape as escape_html;

/// Reserved for the server itself; no site file can live here.
const RESERVED: &str = "/__pinpai/";
const CLIENT_JS: &str = include_str!("client.js");

pub(crate) async fn run(
    listener: std::net::TcpListener,
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    shared: Arc<Shared>,
    ctrl_c: bool,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("错误：无法启动网络服务：{e}");
            return;
        }
    };
    let app = Router::new()
        .fallback(handle)
        .with_state(Arc::clone(&shared));
    let stop = Arc::clone(&shared);
    let signal = async move {
        let mut stopping = stop.stopping.subscribe();
        if ctrl_c {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = stopping.wait_for(|s| *s) => {}
            }
        } else {
            let _ = stopping.wait_for(|s| *s).await;
        }
        // Ends the open event streams so the connections can close.
        stop.stopping.send_replace(true);
    };
    // The peer's address reaches the workbench: sign-in is limited per
    // address, and the change log says where each change came from.
    let app = app.into_make_service_with_connect_info::<Peer>();
    let served = async move {
        match tls {
            Some(config) => match super::tls::TlsListener::start(listener, config) {
                Ok(listener) => axum::serve(listener, app)
                    .with_graceful_shutdown(signal)
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            },
            None => axum::serve(NoDelay(listener), app)
                .with_graceful_shutdown(signal)
                .await
                .map_err(|e| e.to_string()),
        }
    };
    let mut stopped = shared.stopping.subscribe();
    tokio::select! {
        result = served => {
            if let Err(e) = result {
                eprintln!("错误：网络服务出错：{e}");
            }
        }
        // A browser that keeps a connection open must not hold up Ctrl-C.
        _ = async {
            let _ = stopped.wait_for(|s| *s).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {}
    }
}

/// The address a request came from, over HTTP or HTTPS.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub std::net::SocketAddr);

impl Connected<IncomingStream<'_, super::tls::TlsListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, super::tls::TlsListener>) -> Peer {
        Peer(*stream.remote_addr())
    }
}

impl Connected<IncomingStream<'_, NoDelay>> for Peer {
    fn connect_info(stream: IncomingStream<'_, NoDelay>) -> Peer {
        Peer(*stream.remote_addr())
    }
}

/// Plain HTTP connections with TCP_NODELAY: without it a file sent as
/// headers then body waits for the browser's delayed acknowledgement,
/// 40 ms per style sheet or photo on a kept-open connection (found by
/// tools/serve-load.py).
pub struct NoDelay(tokio::net::TcpListener);

impl axum::serve::Listener for NoDelay {
    type Io = tokio::net::TcpStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, peer) = axum::serve::Listener::accept(&mut self.0).await;
        let _ = stream.set_nodelay(true);
        (stream, peer)
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with(crate::workbench::PREFIX) {
        let problems = shared.problems();
        return crate::workbench::screen::handle(&shared.workbench, request, problems).await;
    }
    // No service worker may take hold of this address: it would stand
    // between the officer and the workbench on every later run.
    if request.headers().contains_key("service-worker") {
        return plain(StatusCode::NOT_FOUND, "没有这个地址");
    }
    let mut response = preview(&shared, request, path).await;
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A request for the site itself.
async fn preview(shared: &Arc<Shared>, request: Request, path: String) -> Response {
    if path == crate::workbench::PREFIX.trim_end_matches('/') {
        return redirect(crate::workbench::PREFIX);
    }
    if let Some(rest) = path.strip_prefix(RESERVED) {
        return match rest {
            "events" => events(shared).into_response(),
            "client.js" => (
                [
                    (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                CLIENT_JS,
            )
                .into_response(),
            _ => plain(StatusCode::NOT_FOUND, "没有这个地址"),
        };
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "预览网站只能浏览，不能提交");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Some(site) = shared.current() else {
        return waiting_page(shared);
    };
    let prefix = site.prefix.as_str();
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    // A sub-path site lives under its sub-path; the root leads there.
    if prefix != "/" && (path == "/" || path == prefix.trim_end_matches('/')) {
        return redirect(&format!("{prefix}{query}"));
    }
    let Some(rest) = path.strip_prefix(prefix) else {
        return not_found(&site, request.headers(), "");
    };
    let rel = match safe_path(rest) {
        Ok(rel) => rel,
        Err(()) => return plain(StatusCode::BAD_REQUEST, "地址无效"),
    };
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    if let Some(bytes) = site.files.get(key.as_str()) {
        return memory_file(
            &key,
            bytes.clone(),
            StatusCode::OK,
            &site.build,
            request.headers(),
        );
    }
    if let Some(file) = site.disk.get(&key) {
        let response = match file {
            DiskFile::Embedded(bytes) => memory_file(
                &key,
                Bytes::from_static(bytes),
                StatusCode::OK,
                &site.build,
                request.headers(),
            ),
            DiskFile::Path(source) => disk_file(&key, source, request).await,
        };
        if response.status() != StatusCode::NOT_FOUND {
            return response;
        }
        return not_found(&site, &HeaderMap::new(), &key);
    }
    // `/branches` → `/branches/`, as static web servers do.
    if !rel.is_empty()
        && site
            .files
            .contains_key(format!("{rel}/index.html").as_str())
    {
        return redirect(&format!("{path}/{query}"));
    }
    not_found(&site, request.headers(), &key)
}

/// The part of a request path after the site's prefix, decoded; refuses
/// anything that could climb out of the site or name a file by an absolute
/// or Windows path.
pub(crate) fn safe_path(raw: &str) -> Result<String, ()> {
    let decoded = percent_decode(raw).ok_or(())?;
    if decoded.starts_with('/')
        || decoded.contains('\\')
        || decoded.contains('\0')
        || decoded.split('/').any(|part| part == ".." || part == ".")
    {
        return Err(());
    }
    let bytes = decoded.as_bytes();
    // `C:` at the start is a Windows drive.
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Err(());
    }
    if decoded.contains("//") {
        return Err(());
    }
    Ok(decoded)
}

/// `%E6%9D%9C` → `杜`; `None` for broken escapes or text that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    // The crate passes a broken escape through; a request path with one is refused.
    let broken = bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if broken {
        return None;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

/// Content type by file name; text types say UTF-8, which the site uses.
pub(crate) fn content_type(path: &str) -> String {
    if path.ends_with("atom.xml") {
        return "application/atom+xml; charset=utf-8".into();
    }
    // What a browser should show rather than download or guess at.
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("xml") => return "application/xml; charset=utf-8".into(),
        Some("md" | "txt") => return "text/plain; charset=utf-8".into(),
        _ => {}
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            essence,
            "application/json" | "application/xml" | "application/javascript"
        );
    if text {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

/// A file held in memory, with an ETag so unchanged files answer 304.
fn memory_file(
    key: &str,
    bytes: Bytes,
    status: StatusCode,
    build: &str,
    headers: &HeaderMap,
) -> Response {
    let ctype = content_type(key);
    let body = if ctype.starts_with("text/html") {
        inject(&bytes, build)
    } else {
        bytes
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    let etag = format!("\"{:016x}\"", hasher.finish());
    if status == StatusCode::OK && etag_matches(headers, &etag) {
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .header(header::ETAG, &etag)
            .header(header::CACHE_CONTROL, "no-cache")
            .body(Body::empty())
            .unwrap_or_default();
    }
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, ctype)
        .header(header::ETAG, &etag)
        // Always revalidate: a preview must never show a stale page.
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from(body))
        .unwrap_or_default()
}

fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// Streams a file from disk; tower-http handles Last-Modified / 304 and ranges.
async fn disk_file(key: &str, source: &std::path::Path, request: Request) -> Response {
    let result = ServeFile::new(source).oneshot(request).await;
    let mut response = match result {
        Ok(response) => response.map(Body::new),
        Err(_) => return plain(StatusCode::NOT_FOUND, "文件不存在"),
    };
    if response.status().is_success() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(&content_type(key))
                .unwrap_or(HeaderValue::from_static("application/octet-stream")),
        );
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        // A file from disk (an attachment, a picture, a file of static/) is
        // never a page of the site: opened on its own, an HTML or SVG file
        // runs in a sandbox, away from the workbench on this same address.
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox"),
        );
    }
    response
}

/// The reload script, before `</body>` (or at the end).
pub(crate) fn inject(html: &[u8], build: &str) -> Bytes {
    let tag = format!(
        "<script src=\"/__pinpai/client.js\" data-build=\"{}\"></script>",
        escape_html(build)
    );
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    Bytes::from(out)
}

fn not_found(site: &Snapshot, headers: &HeaderMap, rel: &str) -> Response {
    match site.files.get("404.html") {
        Some(bytes) => {
            let bytes = match draft_note(site, rel) {
                Some(note) => insert_after_main(bytes, &note),
                None => bytes.clone(),
            };
            memory_file(
                "404.html",
                bytes,
                StatusCode::NOT_FOUND,
                &site.build,
                headers,
            )
        }
        None => plain(StatusCode::NOT_FOUND, "找不到这个页面"),
    }
}

/// When `rel` (the request path inside the site) is where a draft would
/// be: what the writer is looking at and how to see it.
fn draft_note(site: &Snapshot, rel: &str) -> Option<String> {
    let wanted = format!("/{}", rel.trim_end_matches("index.html"));
    let draft = site
        .drafts
        .iter()
        .find(|d| d.url == wanted || d.url == format!("{wanted}/"))?;
    let why = if draft.unfinished {
        "还有要改的地方（写在工作台里它的字段下面），改好并保存后就在预览里显示。"
    } else {
        "里写着 draft: true，预览时不显示。写好后把 draft 改为 false 并保存；要先看看草稿的样子，在工作台里按“预览草稿”，或者用 pinpai serve --drafts。"
    };
    Some(format!(
        "<div class=\"review-band\" role=\"note\"><div class=\"container\"><strong>这是草稿</strong>{} {why}</div></div>",
        crate::html::escape(&draft.source)
    ))
}

/// The 404 page with `note` at the top of its main content.
fn insert_after_main(html: &Bytes, note: &str) -> Bytes {
    let text = String::from_utf8_lossy(html);
    let at = text
        .find("<main")
        .and_then(|i| text[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    Bytes::from(format!("{}{note}{}", &text[..at], &text[at..]))
}

fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => Response::builder()
            .status(StatusCode::FOUND)
            .header(header::LOCATION, value)
            .body(Body::empty())
            .unwrap_or_default(),
        Err(_) => plain(StatusCode::BAD_REQUEST, "地址无效"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Before the first good build: say why, and reload when it is ready.
fn waiting_page(shared: &Shared) -> Response {
    let status = shared.status.borrow().clone();
    let (title, body) = if status.generation == 0 {
        (
            "正在生成网站…",
            "<p>正在生成网站，请稍候，完成后这个页面会自动刷新。</p>".to_string(),
        )
    } else {
        let items: String = status
            .errors
            .iter()
            .map(|e| format!("<li>{}</li>", escape_html(e)))
            .collect();
        (
            "网站没有生成成功",
            format!("<p>请修改下面的问题，保存后这个页面会自动刷新：</p><ul>{items}</ul>"),
        )
    };
    let html = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    );
    let body = inject(html.as_bytes(), "");
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .unwrap_or_default()
}

/// `/__pinpai/events`: the current status at once, then after every build.
fn events(shared: &Shared) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let status = shared.status.subscribe();
    let stopping = shared.stopping.subscribe();
    let stream = futures_util::stream::unfold(
        (status, stopping, true),
        |(mut status, mut stopping, first)| async move {
            if *stopping.borrow() {
                return None;
            }
            if !first {
                tokio::select! {
                    changed = status.changed() => changed.ok()?,
                    _ = stopping.wait_for(|s| *s) => return None,
                }
            }
            let current = status.borrow_and_update().clone();
            let data = serde_json::to_string(&current).unwrap_or_default();
            let event = Event::default().event("status").data(data);
            Some((Ok(event), (status, stopping, false)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal() {
        for bad in [
            "../etc/passwd",
            "a/../../x",
            "%2e%2e/x",
            "%2E%2E%2Fx",
            "..%5cx",
            "a\\b",
            "/etc/passwd",
            "%2fetc/passwd",
            "C:/Windows",
            "c%3a/x",
            "a/./b",
            "%ff",
            "%zz",
            "a%00b",
        ] {
            assert!(safe_path(bad).is_err(), "{bad}");
        }
        assert_eq!(
            safe_path("members/%E6%9D%9C%E6%9D%B0/").as_deref(),
            Ok("members/杜杰/")
        );
        assert_eq!(safe_path("").as_deref(), Ok(""));
        assert_eq!(safe_path("a%20b.pdf").as_deref(), Ok("a b.pdf"));
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", "b1");
        let text = String::from_utf8(out.to_vec()).unwrap();
        assert!(
            text.ends_with(
                "<script src=\"/__pinpai/client.js\" data-build=\"b1\"></script></BODY></html>"
            ),
            "{text}"
        );
    }

    #[test]
    fn text_types_are_utf8() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("theme/x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("files/说明.md"), "text/plain; charset=utf-8");
        assert_eq!(content_type("a.webp"), "image/webp");
        assert_eq!(
            content_type("b.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
    }
}
