//! Why the preview server could not start, in words for the user.

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Debug)]
pub enum ServeError {
    /// `--bind` is not an address.
    Address(String),
    /// The port is taken; `free` is a nearby one that is not.
    PortInUse { port: u16, free: Option<u16> },
    /// `--bind` names an address this computer does not have.
    NotThisComputer(IpAddr),
    /// Ports below 1024 need administrator rights.
    PortForbidden(u16),
    Listen {
        ip: IpAddr,
        port: u16,
        error: std::io::Error,
    },
    /// The site folder is not there.
    NoSiteFolder {
        root: PathBuf,
        error: std::io::Error,
    },
    /// The system refused to report file changes.
    Watch(notify::Error),
    /// On the LAN with accounts, without `--tls` or `--allow-http`.
    PlainHttpWithAccounts,
    /// `--tls` files that cannot be used.
    Tls(String),
    /// A thread or the network runtime could not be started.
    Start {
        what: &'static str,
        error: std::io::Error,
    },
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Address(bind) => write!(
                f,
                "--bind 的地址“{bind}”无效：请写成 127.0.0.1（只在本机预览）或 0.0.0.0（让局域网里的电脑也能打开）"
            ),
            ServeError::PortInUse { port, free } => {
                write!(
                    f,
                    "端口 {port} 已被占用（也许另一个 pinpai serve 还开着，或别的程序在用它）。"
                )?;
                match free {
                    Some(p) => write!(f, "可以换一个端口：pinpai serve --port {p}"),
                    None => write!(f, "请用 --port 换一个端口，例如 --port 8080"),
                }
            }
            ServeError::NotThisComputer(ip) => write!(
                f,
                "无法监听 {ip}：这台电脑没有这个地址。只在本机预览请去掉 --bind"
            ),
            ServeError::PortForbidden(port) => write!(
                f,
                "没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请换一个端口，例如 --port 1111"
            ),
            ServeError::Listen { ip, port, error } => write!(f, "无法监听 {ip}:{port}：{error}"),
            ServeError::NoSiteFolder { root, error } => {
                write!(f, "找不到网站文件夹 {}：{error}", root.display())
            }
            ServeError::Watch(error) => {
                write!(f, "无法监视文件的改动：{error}（网络共享盘上请加 --poll）")
            }
            ServeError::Start { what, error } => write!(f, "无法启动{what}：{error}"),
            ServeError::PlainHttpWithAccounts => write!(
                f,
                "没有启动：网站有账号，又开放给了局域网（--bind），但没有用 https。这样登录时的密码和登录凭据会明文经过局域网，同一网络里谁抓包都能看到，拿去冒充审核人。\
请加上 --tls 证书.pem 私钥.pem（证书可向医院信息科要，做法见 docs/WORKBENCH.md）；\
只在完全可信的网络里、明白这个风险，才加 --allow-http"
            ),
            ServeError::Tls(why) => write!(f, "没有启动 https：{why}"),
        }
    }
}

impl std::error::Error for ServeError {}
