//! `serve --tls CERT KEY`: HTTPS for the workbench on the hospital LAN
//! (CONTENT-MODEL §9.4), so that passwords and session cookies do not
//! cross the network in clear. rustls with ring: nothing to install on a
//! Windows PC.
//!
//! Handshakes run each in a task of their own and hand finished
//! connections to [`TlsListener::accept`]: one slow or silent client never
//! holds up the others.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// The certificate and key files `--tls` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// How long a client may take to finish its handshake.
const HANDSHAKE: Duration = Duration::from_secs(10);
/// Finished connections waiting to be served.
const WAITING: usize = 64;

/// The server's TLS settings from PEM files, or why they cannot be used,
/// naming the file.
pub fn load(files: &TlsFiles) -> Result<Arc<ServerConfig>, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&files.cert)
        .map_err(|e| pem_error(&files.cert, "证书", e))?
        .collect::<Result<_, _>>()
        .map_err(|e| pem_error(&files.cert, "证书", e))?;
    if certs.is_empty() {
        return Err(format!(
            "{}：里面没有证书（应当有一段 -----BEGIN CERTIFICATE-----）",
            files.cert.display()
        ));
    }
    let key =
        PrivateKeyDer::from_pem_file(&files.key).map_err(|e| pem_error(&files.key, "私钥", e))?;
    // ring's default set (X25519, P-256/384, AES-GCM, ChaCha20): what
    // Windows 7's IE-free browsers and today's Edge and Chrome all speak.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|_| {
            format!(
                "证书 {} 和私钥 {} 不是一对（是不是用错了文件，或者把两个文件的顺序写反了？--tls 后面先写证书，再写私钥）",
                files.cert.display(),
                files.key.display()
            )
        })?;
    Ok(Arc::new(config))
}

fn pem_error(path: &Path, what: &str, error: rustls_pki_types::pem::Error) -> String {
    use rustls_pki_types::pem::Error;
    match error {
        Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("找不到{what}文件 {}", path.display())
        }
        Error::NoItemsFound => format!(
            "{}：里面没有{what}。--tls 后面先写证书（-----BEGIN CERTIFICATE-----），再写私钥（-----BEGIN PRIVATE KEY-----）：是不是写反了，或者用错了文件？",
            path.display()
        ),
        other => format!("{}：读不出{what}：{other}", path.display()),
    }
}

/// Connections, each past its TLS handshake.
pub struct TlsListener {
    finished: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Accepts on `tcp` from now on, in a task of the current runtime.
    pub fn start(tcp: TcpListener, config: Arc<ServerConfig>) -> std::io::Result<TlsListener> {
        let local = tcp.local_addr()?;
        let (to_serve, finished) = mpsc::channel(WAITING);
        let acceptor = TlsAcceptor::from(config);
        tokio::spawn(async move {
            loop {
                let (stream, peer) = match tcp.accept().await {
                    Ok(accepted) => accepted,
                    // Out of file handles and the like: wait, as axum does.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                if to_serve.is_closed() {
                    return;
                }
                let (acceptor, to_serve) = (acceptor.clone(), to_serve.clone());
                tokio::spawn(async move {
                    // An address typed as http:// (or without https://)
                    // is sent to https:// instead of a browser error page.
                    if !starts_tls(&stream).await {
                        let _ = tokio::time::timeout(HANDSHAKE, to_https(stream)).await;
                        return;
                    }
                    // A scanner or a client that never finishes is
                    // dropped here, alone.
                    if let Ok(Ok(tls)) =
                        tokio::time::timeout(HANDSHAKE, acceptor.accept(stream)).await
                    {
                        let _ = to_serve.send((tls, peer)).await;
                    }
                });
            }
        });
        Ok(TlsListener { finished, local })
    }
}

/// Whether the client's first byte opens a TLS handshake (a record of
/// type 22); a client that says nothing in time is left to the handshake's
/// own timeout.
async fn starts_tls(stream: &TcpStream) -> bool {
    let mut first = [0u8; 1];
    match tokio::time::timeout(HANDSHAKE, stream.peek(&mut first)).await {
        Ok(Ok(1)) => first[0] == 0x16,
        _ => true,
    }
}

/// Answers a plain-HTTP request with a redirect to the same address over
/// HTTPS (and words for a client that does not follow it).
async fn to_https(mut stream: TcpStream) -> std::io::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while head.len() < 8192 && !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let path = head
        .lines()
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or("/");
    let host = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        });
    let body = "这个地址要用 https:// 打开。";
    let answer = match host {
        Some(host) => format!(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: https://{host}{}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            path.split(|c: char| c.is_whitespace() || c.is_control()).next().unwrap_or("/"),
            body.len()
        ),
        None => format!(
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    };
    stream.write_all(answer.as_bytes()).await?;
    stream.shutdown().await
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.finished.recv().await {
            Some(connection) => connection,
            // The accepting task has ended: no connection will come again.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
