//! Passwords as stored: argon2id (the winner of the Password Hashing
//! Competition, OWASP's first choice) with a random salt, in the PHC text
//! form (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), so the parameters
//! travel with the hash and can be raised later without breaking old ones.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The shortest password `pinpai user` accepts.
pub const MIN_CHARS: usize = 8;

/// Why a password is not taken.
pub fn check_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_CHARS {
        return Err(format!("密码太短：至少要 {MIN_CHARS} 个字符"));
    }
    if password.trim() != password {
        return Err("密码前后不能有空格".into());
    }
    Ok(())
}

/// The salted hash of `password`.
pub fn hash(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("取不到随机数：{e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` is the one `stored` was made from. A stored text
/// that is not a hash matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// The same work as [`verify`] for a name that has no account, so that a
/// wrong name and a wrong password take the same time: an attacker cannot
/// tell which names exist.
pub fn verify_nothing(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("pinpai-no-such-account").unwrap_or_default());
    let _ = verify(password, dummy);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("正确的密码123").unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("正确的密码"));
        assert!(verify("正确的密码123", &stored));
        assert!(!verify("错误的密码123", &stored));
        assert!(
            !verify("正确的密码123", "正确的密码123"),
            "plain text is no hash"
        );
        assert_ne!(stored, hash("正确的密码123").unwrap(), "salted");
        verify_nothing("x");
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_strength("1234567").is_err());
        assert!(check_strength("12345678").is_ok());
        assert!(check_strength(" 12345678").is_err());
    }
}
