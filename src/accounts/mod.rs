//! Accounts of the people who may use the workbench from other PCs
//! (CONTENT-MODEL §9.4): `.pinpai/users.yaml`, written by `pinpai user`.
//!
//! Each account has a name (the one review steps record), a role
//! ([`Role`]: 编辑, 审核, 管理), the review levels it may record, and a
//! salted slow hash of its password ([`password`]); the password itself
//! is never stored. [`log`] is the record of every change made through the
//! workbench, `.pinpai/log.jsonl`.

pub mod log;
pub mod password;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where the accounts are kept, inside the site folder.
pub const USERS_FILE: &str = ".pinpai/users.yaml";

/// What an account may do (§9.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Creates, edits and uploads; deletes into 回收站.
    #[serde(rename = "编辑")]
    Editor,
    /// Records the review levels granted to it, nothing else.
    #[serde(rename = "审核")]
    Reviewer,
    /// Everything: also packages, restores from history, reads the log.
    #[serde(rename = "管理")]
    Admin,
}

impl Role {
    /// As typed after `--role`; the English words are taken too.
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim() {
            "编辑" | "editor" => Some(Role::Editor),
            "审核" | "reviewer" => Some(Role::Reviewer),
            "管理" | "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Editor => "编辑",
            Role::Reviewer => "审核",
            Role::Admin => "管理",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One account as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// The review levels this account records. Empty for 管理 means every
    /// level; 编辑 records none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// `$argon2id$…`: the salted hash, never the password.
    pub password: String,
}

impl Account {
    /// Whether this account may record `level`.
    pub fn may_review(&self, level: &str) -> bool {
        match self.role {
            Role::Editor => false,
            Role::Reviewer => self.levels.iter().any(|l| l == level),
            Role::Admin => self.levels.is_empty() || self.levels.iter().any(|l| l == level),
        }
    }

    /// The levels as shown: `初审、复审`, or `全部` for 管理 without a list.
    pub fn levels_label(&self) -> String {
        match (self.role, self.levels.is_empty()) {
            (Role::Editor, _) => "—".to_string(),
            (Role::Admin, true) => "全部".to_string(),
            _ => self.levels.join("、"),
        }
    }
}

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Users {
    #[serde(default)]
    pub users: Vec<Account>,
}

/// Why the accounts could not be read or written.
#[derive(Debug)]
pub enum UsersError {
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    Parse {
        path: PathBuf,
        line: usize,
        why: String,
    },
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for UsersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsersError::Read { path, error } => {
                write!(f, "{}：读不出账号文件：{error}", path.display())
            }
            UsersError::Parse { path, line, why } => write!(
                f,
                "{}:{line}：账号文件写得不对（{why}）。这个文件由 pinpai user 命令维护，请不要手改",
                path.display()
            ),
            UsersError::Write { path, error } => {
                write!(f, "{}：写不进账号文件：{error}", path.display())
            }
        }
    }
}

impl std::error::Error for UsersError {}

const HEADER: &str = "# pinpai 的账号（工作台登录用），由 pinpai user 命令维护，请不要手改。\n\
# password 一行是密码的加盐慢哈希（argon2id），不是密码本身。\n";

impl Users {
    pub fn path(root: &Path) -> PathBuf {
        root.join(USERS_FILE)
    }

    /// The accounts of the site at `root`; none when the file is missing.
    pub fn load(root: &Path) -> Result<Users, UsersError> {
        let path = Users::path(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Users::default()),
            Err(error) => return Err(UsersError::Read { path, error }),
        };
        Users::parse(&text).map_err(|(line, why)| UsersError::Parse { path, line, why })
    }

    fn parse(text: &str) -> Result<Users, (usize, String)> {
        if text.trim().is_empty() {
            return Ok(Users::default());
        }
        let users: Users = serde_yaml::from_str(text).map_err(|e| {
            let line = e.location().map_or(1, |l| l.line());
            (line, e.to_string())
        })?;
        let mut seen = std::collections::HashSet::new();
        for account in &users.users {
            if !seen.insert(account.name.as_str()) {
                return Err((1, format!("账号“{}”出现了两次", account.name)));
            }
        }
        Ok(users)
    }

    /// Written atomically, owner-only where the system has such a thing.
    pub fn save(&self, root: &Path) -> Result<(), UsersError> {
        let path = Users::path(root);
        let write_error = |error| UsersError::Write {
            path: path.clone(),
            error,
        };
        let yaml =
            serde_yaml::to_string(self).map_err(|e| write_error(std::io::Error::other(e)))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(write_error)?;
        }
        let fresh = !path.exists();
        crate::edit::write_atomically(&path, format!("{HEADER}{yaml}").as_bytes())
            .map_err(write_error)?;
        if fresh {
            let _ = crate::edit::set_new_file_permissions(&path);
        }
        Ok(())
    }

    pub fn find(&self, name: &str) -> Option<&Account> {
        self.users.iter().find(|a| a.name == name)
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }
}

/// Checks a name given to `user add`: it is what review steps record and
/// what the sign-in page asks for.
pub fn check_name(name: &str) -> Result<(), String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("姓名不能为空".into());
    }
    if trimmed != name {
        return Err("姓名前后不能有空格".into());
    }
    if name.chars().count() > 40 {
        return Err("姓名太长（最多 40 个字）".into());
    }
    if name.chars().any(|c| c.is_control()) {
        return Err("姓名里不能有控制字符".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let users = Users {
            users: vec![
                Account {
                    name: "张三".into(),
                    role: Role::Reviewer,
                    levels: vec!["初审".into()],
                    password: "$argon2id$x".into(),
                },
                Account {
                    name: "李四".into(),
                    role: Role::Admin,
                    levels: vec![],
                    password: "$argon2id$y".into(),
                },
            ],
        };
        users.save(dir.path()).unwrap();
        let text = std::fs::read_to_string(Users::path(dir.path())).unwrap();
        assert!(text.contains("role: 审核"), "{text}");
        assert_eq!(Users::load(dir.path()).unwrap(), users);
        assert!(Users::load(tempfile::tempdir().unwrap().path())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn what_each_account_may_review() {
        let account = |role, levels: &[&str]| Account {
            name: "x".into(),
            role,
            levels: levels.iter().map(|l| l.to_string()).collect(),
            password: String::new(),
        };
        assert!(account(Role::Reviewer, &["初审"]).may_review("初审"));
        assert!(!account(Role::Reviewer, &["初审"]).may_review("复审"));
        assert!(!account(Role::Editor, &["初审"]).may_review("初审"));
        assert!(account(Role::Admin, &[]).may_review("终审"));
        assert!(!account(Role::Admin, &["初审"]).may_review("终审"));
    }

    #[test]
    fn a_broken_file_names_its_line() {
        let err =
            Users::parse("users:\n  - name: 张三\n    role: 老板\n    password: x\n").unwrap_err();
        assert_eq!(err.0, 3, "{}", err.1);
        let twice =
            "users:\n- {name: a, role: 编辑, password: x}\n- {name: a, role: 编辑, password: y}\n";
        assert!(Users::parse(twice).unwrap_err().1.contains("两次"));
        assert!(check_name(" 张三").is_err());
        assert!(check_name("张三").is_ok());
    }
}
