//! `pinpai user add|list|remove|password`: the accounts of the workbench
//! (CONTENT-MODEL §9.4), in `.pinpai/users.yaml`.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::Subcommand;
use pinpai::accounts::{check_name, password, Account, Role, Users};
use pinpai::diagnostics::Diagnostics;

use super::{fail_with, Cli};

#[derive(Subcommand)]
pub(super) enum UserAction {
    /// 新增账号，例如：pinpai user add 张三 --role 审核 --levels 初审
    Add {
        /// 姓名（审核记录里写的就是它，登录时也输入它）
        name: String,
        /// 编辑（新建、修改页面）| 审核（只能审核给定的级别）| 管理（全部，并能打包、恢复旧版本、看操作记录）
        #[arg(long)]
        role: String,
        /// 能审核哪几级，用逗号隔开，例如 初审,复审（审核必须写；管理不写则全部级别）
        #[arg(long, value_name = "级别")]
        levels: Option<String>,
    },
    /// 列出所有账号
    List,
    /// 删除账号（他已登录的工作台会立即退出）
    Remove { name: String },
    /// 重设密码
    Password { name: String },
}

pub(super) fn user(cli: &Cli, action: &UserAction) -> ExitCode {
    let mut diags = Diagnostics::new();
    let Some(config) = pinpai::config::Config::load(&cli.root, &mut diags) else {
        for d in diags.sorted() {
            eprintln!("{d}");
        }
        return ExitCode::from(1);
    };
    let mut users = match Users::load(&cli.root) {
        Ok(users) => users,
        Err(e) => return fail_with(&e.to_string()),
    };
    let mut added = String::new();
    match action {
        UserAction::List => {
            list(&users);
            return ExitCode::SUCCESS;
        }
        UserAction::Add { name, role, levels } => {
            let levels = levels.as_deref().unwrap_or("");
            match new_account(&users, name, role, levels, &config.review.levels) {
                Ok(account) => {
                    added = match account.role {
                        Role::Editor => String::new(),
                        _ => format!("，能审核：{}", account.levels_label()),
                    };
                    users.users.push(account);
                }
                Err(why) => {
                    eprintln!("错误：{why}");
                    return ExitCode::from(2);
                }
            }
        }
        UserAction::Remove { name } => {
            if users.find(name).is_none() {
                return no_such_account(name);
            }
            users.users.retain(|a| &a.name != name);
        }
        UserAction::Password { name } => {
            if users.find(name).is_none() {
                return no_such_account(name);
            }
            let hash = match ask_password(name).and_then(|p| password::hash(&p)) {
                Ok(hash) => hash,
                Err(why) => return fail_with(&why),
            };
            if let Some(account) = users.users.iter_mut().find(|a| &a.name == name) {
                account.password = hash;
            }
        }
    }
    if let Err(e) = users.save(&cli.root) {
        return fail_with(&e.to_string());
    }
    println!("{}", done_message(action, &added));
    let no_admin = !users.users.iter().any(|a| a.role == Role::Admin);
    if matches!(action, UserAction::Add { .. }) && no_admin {
        // The holder of the folder signs in too from now on, even here.
        println!("注意：有了账号以后，打开工作台都要先登录，在这台电脑上也一样。还没有“管理”账号，请给自己也添加一个：pinpai user add 你的名字 --role 管理");
    }
    ExitCode::SUCCESS
}

fn done_message(action: &UserAction, levels: &str) -> String {
    match action {
        UserAction::Add { name, role, .. } => format!(
            "已添加账号“{name}”（{}{levels}）。在局域网上用工作台：pinpai serve --bind 0.0.0.0 --tls 证书.pem 私钥.pem",
            Role::parse(role).map_or("", Role::label),
        ),
        UserAction::Remove { name } => format!("已删除账号“{name}”"),
        UserAction::Password { name } => format!("已重设“{name}”的密码"),
        UserAction::List => String::new(),
    }
}

fn no_such_account(name: &str) -> ExitCode {
    eprintln!("错误：没有叫“{name}”的账号（pinpai user list 列出全部账号）");
    ExitCode::from(2)
}

fn list(users: &Users) {
    if users.is_empty() {
        println!("还没有账号。新增：pinpai user add 张三 --role 审核 --levels 初审");
        return;
    }
    println!("姓名\t角色\t能审核的级别");
    for a in &users.users {
        println!("{}\t{}\t{}", a.name, a.role, a.levels_label());
    }
}

/// The account `user add` makes, its password asked for last, once the
/// rest is known to be right.
fn new_account(
    users: &Users,
    name: &str,
    role: &str,
    levels: &str,
    site_levels: &[String],
) -> Result<Account, String> {
    check_name(name)?;
    if users.find(name).is_some() {
        return Err(format!(
            "已经有叫“{name}”的账号了；改密码请用 pinpai user password {name}"
        ));
    }
    let role = Role::parse(role)
        .ok_or_else(|| format!("--role 只能是 编辑、审核 或 管理，这里写的是“{role}”"))?;
    let mut wanted: Vec<String> = Vec::new();
    for level in levels.split([',', '，', '、']).map(str::trim) {
        if !level.is_empty() && !wanted.iter().any(|l| l == level) {
            wanted.push(level.to_string());
        }
    }
    let levels = wanted;
    for level in &levels {
        if !site_levels.contains(level) {
            return Err(format!(
                "没有“{level}”这一级审核；site.yaml 的审核级别是：{}",
                site_levels.join("、")
            ));
        }
    }
    match role {
        Role::Reviewer if levels.is_empty() => {
            return Err(format!(
                "审核账号要写明能审核哪几级，例如 --levels {}",
                site_levels.first().map_or("初审", String::as_str)
            ))
        }
        Role::Editor if !levels.is_empty() => {
            return Err("编辑账号不能审核；要审核请用 --role 审核 或 --role 管理".into())
        }
        _ => {}
    }
    let password = password::hash(&ask_password(name)?)?;
    Ok(Account {
        name: name.to_string(),
        role,
        levels,
        password,
    })
}

/// The password, typed twice without echo at a terminal, or the first
/// line of what a script pipes in.
fn ask_password(name: &str) -> Result<String, String> {
    let typed = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("请输入“{name}”的密码（输入时不显示）："))
            .map_err(|e| format!("读不到输入的密码：{e}"))?;
        password::check_strength(&first)?;
        let again = rpassword::prompt_password("请再输入一遍：")
            .map_err(|e| format!("读不到输入的密码：{e}"))?;
        if again != first {
            return Err("两次输入的密码不一样，没有保存".into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("读不到输入的密码：{e}"))?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    password::check_strength(&typed)?;
    Ok(typed)
}
