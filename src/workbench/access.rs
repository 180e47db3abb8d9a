//! Who is asking, and what each role may do (CONTENT-MODEL §9.4).
//!
//! On this PC without accounts, the officer is the only one who can reach
//! the workbench and may do everything ([`Who::Local`]), as before
//! accounts existed. Once `.pinpai/users.yaml` has accounts, every request
//! comes from a signed-in account, and [`Who::may`] is asked for each one
//! on the server: hiding a button in the page is a courtesy, not a check.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::accounts::{Account, Role, Users};

/// What a request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Pages, forms, files, history, problems: every signed-in account.
    Read,
    /// A new page, an import, a paste.
    Create,
    /// A save of fields or text.
    Edit,
    /// A photo or attachment added.
    Upload,
    /// A page moved to 回收站.
    Delete,
    /// An old version put back (管理).
    Restore,
    /// A review level recorded (the level is checked by [`Who::may_review`]).
    Review,
    /// The site built and zipped for the intranet (管理).
    Package,
    /// The preview switched to show drafts, for everyone using it.
    Drafts,
    /// The change log read (管理).
    Log,
}

impl Action {
    /// The words for a refusal: "不能{what}".
    pub fn what(self) -> &'static str {
        match self {
            Action::Read => "查看",
            Action::Create => "新建或导入页面",
            Action::Edit => "修改页面",
            Action::Upload => "上传文件",
            Action::Delete => "删除页面",
            Action::Restore => "恢复旧版本",
            Action::Review => "审核",
            Action::Package => "打包网站",
            Action::Drafts => "切换草稿预览",
            Action::Log => "查看操作记录",
        }
    }
}

/// What each role may do: the table the tests walk cell by cell.
pub fn role_may(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::Admin => true,
        Role::Editor => matches!(action, Read | Create | Edit | Upload | Delete | Drafts),
        Role::Reviewer => matches!(action, Read | Review),
    }
}

/// The one asking.
#[derive(Debug, Clone)]
pub enum Who {
    /// On this PC, no accounts: the holder of the folder.
    Local { token: String },
    /// A signed-in account.
    Signed {
        account: Account,
        /// The session's cookie id (sign-out closes it) and page token.
        session: String,
        token: String,
    },
}

impl Who {
    /// The token a change must carry.
    pub fn token(&self) -> &str {
        match self {
            Who::Local { token } | Who::Signed { token, .. } => token,
        }
    }

    pub fn may(&self, action: Action) -> bool {
        match self {
            Who::Local { .. } => true,
            Who::Signed { account, .. } => role_may(account.role, action),
        }
    }

    /// Whether this one may record `level`. On this PC without accounts,
    /// any: the name is typed, as `review approve --by` takes it.
    pub fn may_review(&self, level: &str) -> bool {
        match self {
            Who::Local { .. } => true,
            Who::Signed { account, .. } => account.may_review(level),
        }
    }

    /// The name a review step records: the signed-in one, never a typed
    /// one; on this PC without accounts, the one typed.
    pub fn reviewer<'a>(&'a self, typed: &'a str) -> &'a str {
        match self {
            Who::Local { .. } => typed,
            Who::Signed { account, .. } => &account.name,
        }
    }

    /// The name the change log records.
    pub fn log_name(&self) -> &str {
        match self {
            Who::Local { .. } => "本机",
            Who::Signed { account, .. } => &account.name,
        }
    }

    pub fn account(&self) -> Option<&Account> {
        match self {
            Who::Local { .. } => None,
            Who::Signed { account, .. } => Some(account),
        }
    }
}

/// The accounts file as it is now: read again whenever it changes on disk,
/// so an account removed (or a role changed) by `pinpai user` takes effect
/// at the next request without restarting `serve`.
#[derive(Debug)]
pub struct Accounts {
    file: PathBuf,
    cached: Mutex<Option<(Stamp, Current)>>,
}

/// The file's modified time and length when it was read.
type Stamp = Option<(SystemTime, u64)>;
/// The accounts as read, or why they could not be.
pub type Current = Arc<Result<Users, String>>;

impl Accounts {
    pub fn of(root: &Path) -> Accounts {
        Accounts {
            file: Users::path(root),
            cached: Mutex::new(None),
        }
    }

    /// The accounts; an error (a file that does not read) lets nobody in.
    pub fn current(&self) -> Current {
        let stamp: Stamp = std::fs::metadata(&self.file)
            .ok()
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()));
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((seen, users)) = cached.as_ref() {
            if *seen == stamp {
                return Arc::clone(users);
            }
        }
        let root = self
            .file
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."));
        let users = Arc::new(Users::load(root).map_err(|e| e.to_string()));
        *cached = Some((stamp, Arc::clone(&users)));
        users
    }

    /// Whether any account exists (or the file is there but broken: then
    /// the workbench must not fall back to the single-user mode).
    pub fn exist(&self) -> bool {
        match self.current().as_ref() {
            Ok(users) => !users.is_empty(),
            Err(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_table() {
        use Action::*;
        let all = [
            Read, Create, Edit, Upload, Delete, Restore, Review, Package, Drafts, Log,
        ];
        let allowed =
            |role| -> Vec<Action> { all.iter().copied().filter(|a| role_may(role, *a)).collect() };
        assert_eq!(allowed(Role::Admin), all.to_vec());
        assert_eq!(
            allowed(Role::Editor),
            vec![Read, Create, Edit, Upload, Delete, Drafts]
        );
        assert_eq!(allowed(Role::Reviewer), vec![Read, Review]);
    }

    #[test]
    fn accounts_are_read_again_when_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = Accounts::of(dir.path());
        assert!(!accounts.exist());
        let users = Users {
            users: vec![Account {
                name: "张三".into(),
                role: Role::Editor,
                levels: vec![],
                password: "x".into(),
            }],
        };
        users.save(dir.path()).unwrap();
        assert!(accounts.exist());
        std::fs::write(Users::path(dir.path()), "users: [oops").unwrap();
        assert!(
            accounts.exist(),
            "a broken file lets nobody in, never everyone"
        );
        assert!(accounts.current().is_err());
    }
}
