//! Password hashing: argon2id with the crate's defaults (m=19 MiB, t=2, p=1),
//! stored as a PHC string so parameters can be raised later.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 8;

pub fn hash(password: &str) -> Result<String, String> {
    if password.chars().count() < MIN_LENGTH {
        return Err(format!("mật khẩu cần ít nhất {MIN_LENGTH} ký tự"));
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("không băm được mật khẩu: {e}"))
}

/// A hash of no one's password: an unknown username is checked against it,
/// so that a login takes as long whether or not the username exists.
static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    Argon2::default()
        .hash_password(b"dondoc: no such user")
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Checks `password` against `phc`, or against a dummy hash when there is
/// no user (always false then), off the async threads: argon2 is meant to
/// be slow.
pub async fn check(password: String, phc: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match phc {
        Some(phc) => verify(&password, &phc),
        None => {
            let _ = verify(&password, &DUMMY);
            false
        }
    })
    .await
    .unwrap_or(false)
}

pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = super::hash("mật khẩu dài").unwrap_or_default();
        let b = super::hash("mật khẩu dài").unwrap_or_default();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(super::verify("mật khẩu dài", &a));
        assert!(!super::verify("mat khau dai", &a));
        assert!(!super::verify("anything", "not a hash"));
        assert!(super::hash("short").is_err());
    }
}
