//! Where `serve` listens and how it is reached: the address to open, the
//! `Host` names it answers, the banner, and whether the LAN may use the
//! workbench (accounts, and HTTPS or `--allow-http`: CONTENT-MODEL §9.4).

use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::Path;

use super::{Options, ServeError, POLL_INTERVAL};

/// How the workbench is offered, decided once at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Offered {
    /// Listening beyond this PC.
    pub lan: bool,
    /// Accounts exist (or the file is there: a broken one lets nobody in).
    pub accounts: bool,
    pub https: bool,
}

impl Offered {
    /// On the LAN with accounts, passwords must not cross the network in
    /// clear: HTTPS, or `--allow-http` said knowingly.
    pub fn decide(root: &Path, ip: IpAddr, options: &Options) -> Result<Offered, ServeError> {
        let accounts = match crate::accounts::Users::load(root) {
            Ok(users) => !users.is_empty(),
            Err(_) => root.join(crate::accounts::USERS_FILE).exists(),
        };
        let offered = Offered {
            lan: !ip.is_loopback(),
            accounts,
            https: options.tls.is_some(),
        };
        if offered.lan && offered.accounts && !offered.https && !options.allow_http {
            return Err(ServeError::PlainHttpWithAccounts);
        }
        Ok(offered)
    }

    /// Whether anything can be changed: on this PC, or on the LAN with
    /// accounts to sign in with.
    pub fn writable(self) -> bool {
        !self.lan || self.accounts
    }

    pub fn scheme(self) -> &'static str {
        if self.https {
            "https"
        } else {
            "http"
        }
    }
}

/// The address to open: the loopback one when listening everywhere. The
/// sub-path is only known after reading site.yaml; the root redirects to
/// it, so the plain address always works.
pub(super) fn preview_url(scheme: &str, ip: IpAddr, port: u16) -> String {
    let shown = if ip.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        ip
    };
    match shown {
        IpAddr::V6(v6) => format!("{scheme}://[{v6}]:{port}/"),
        IpAddr::V4(v4) => format!("{scheme}://{v4}:{port}/"),
    }
}

/// The addresses other computers reach this one at, for a server listening
/// on every interface (`0.0.0.0` or `::`): the interfaces' own addresses of
/// that family, loopback and link-local ones left out.
fn lan_addresses(bound: IpAddr) -> Vec<IpAddr> {
    let mut found: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|interface| interface.ip())
        .filter(|ip| !ip.is_loopback() && ip.is_ipv4() == bound.is_ipv4())
        .filter(|ip| match ip {
            IpAddr::V4(v4) => !v4.is_link_local(),
            IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) != 0xfe80,
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The `Host` values this server answers the workbench on: the loopback
/// names, and when bound to the LAN its addresses there.
pub(super) fn served_hosts(ip: IpAddr, port: u16) -> Vec<String> {
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    let with_port = |a: IpAddr| match a {
        IpAddr::V4(v4) => format!("{v4}:{port}"),
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
    };
    if ip.is_unspecified() {
        hosts.extend(lan_addresses(ip).into_iter().map(with_port));
    } else {
        // `--bind 127.0.0.2` or a LAN address.
        hosts.push(with_port(ip));
    }
    // On port 80 a browser sends the name alone.
    if port == 80 {
        let bare: Vec<String> = hosts
            .iter()
            .filter_map(|h| h.strip_suffix(":80"))
            .map(str::to_string)
            .collect();
        hosts.extend(bare);
    }
    hosts.sort();
    hosts.dedup();
    hosts
}

pub(super) fn print_banner(ip: IpAddr, port: u16, offered: Offered, drafts: bool, poll: bool) {
    let scheme = offered.scheme();
    let url = preview_url(scheme, ip, port);
    if !ip.is_loopback() {
        println!(
            "注意：正在监听 {ip}，同一网络里的其他电脑也能打开这个预览网站{}。只在本机预览请去掉 --bind。",
            if drafts { "（包括草稿）" } else { "" }
        );
    }
    println!("预览地址：{url}   （修改并保存文件后，浏览器会自动刷新；按 Ctrl+C 停止）");
    let workbench = crate::workbench::PREFIX.trim_start_matches('/');
    if ip.is_loopback() {
        println!("工作台：{url}{workbench}   （在浏览器里新建、修改、导入、审核和打包）");
    } else if offered.accounts {
        println!(
            "工作台：其他电脑打开下面“工作台”的地址，用自己的账号登录（pinpai user list 列出账号）"
        );
        if !offered.https {
            println!("注意：没有用 --tls，登录的密码会明文经过局域网。");
        }
    } else {
        println!("工作台在局域网上只读：还没有账号（pinpai user add 添加，再重新启动预览）。");
    }
    if ip.is_unspecified() {
        let others = lan_addresses(ip);
        if others.is_empty() {
            println!("没有找到本机的局域网地址：请在“网络设置”里查看本机 IP，再告诉对方 {scheme}://本机IP:{port}/");
        }
        for other in others {
            let url = preview_url(scheme, other, port);
            println!("其他电脑请打开：{url}");
            if offered.accounts {
                println!("    工作台：{url}{workbench}");
            }
        }
    }
    if poll {
        println!(
            "用轮询方式监视文件（每 {:.0} 秒检查一次改动）。",
            POLL_INTERVAL.as_secs_f64()
        );
    }
    println!("正在生成网站…");
}

pub(super) fn parse_bind(bind: &str) -> Result<IpAddr, ServeError> {
    if bind.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    bind.trim_matches(|c| c == '[' || c == ']')
        .parse()
        .map_err(|_| ServeError::Address(bind.to_string()))
}

pub(super) fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    TcpListener::bind((ip, port)).map_err(|error| match error.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::PortInUse {
            port,
            free: (port.saturating_add(1)..=port.saturating_add(100))
                .find(|&p| p != port && TcpListener::bind((ip, p)).is_ok()),
        },
        std::io::ErrorKind::AddrNotAvailable => ServeError::NotThisComputer(ip),
        std::io::ErrorKind::PermissionDenied => ServeError::PortForbidden(port),
        _ => ServeError::Listen { ip, port, error },
    })
}
