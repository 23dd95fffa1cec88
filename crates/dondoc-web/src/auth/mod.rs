//! Who is asking: passwords (argon2id), browser sessions with a CSRF token,
//! and API tokens. Resolved once per request by [`session::resolve`].

pub mod password;
pub mod session;
pub mod throttle;

pub use session::Viewer;

/// A random secret: 32 bytes as 64 hex digits.
pub fn random_token() -> Result<String, crate::error::AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::error::AppError::Internal(format!("no randomness: {e}")))?;
    Ok(hex(&bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the store keeps of a token: its SHA-256.
pub fn token_digest(token: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

/// Equal without leaking, through timing, how much of the secret matched.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
