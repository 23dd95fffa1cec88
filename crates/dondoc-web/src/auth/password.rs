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

/// Password checks run at once, each on a thread of its own. A check takes
/// 19 MiB and ~50 ms of a core by design: more at once would only queue for
/// the cores; and on the blocking pool every thread's allocator arena kept
/// its 19 MiB (a burst of logins left the server at 400 MB).
const CHECKERS: usize = 2;

struct Job {
    password: String,
    phc: Option<String>,
    reply: tokio::sync::oneshot::Sender<bool>,
}

static QUEUE: std::sync::LazyLock<Option<std::sync::mpsc::SyncSender<Job>>> =
    std::sync::LazyLock::new(|| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Job>(1024);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for n in 0..CHECKERS {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("dondoc-password-{n}"))
                .spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = job else { return };
                        let ok = match &job.phc {
                            Some(phc) => verify(&job.password, phc),
                            None => {
                                let _ = verify(&job.password, &DUMMY);
                                false
                            }
                        };
                        let _ = job.reply.send(ok);
                    }
                })
                .ok()?;
        }
        Some(tx)
    });

/// Checks `password` against `phc`, or against a dummy hash when there is
/// no user (always false then), off the async threads.
pub async fn check(password: String, phc: Option<String>) -> bool {
    let Some(queue) = QUEUE.as_ref() else {
        return false;
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job = Job {
        password,
        phc,
        reply,
    };
    // The queue is bounded: wait for room off the async threads.
    let queue = queue.clone();
    if tokio::task::spawn_blocking(move || queue.send(job))
        .await
        .map_or(true, |r| r.is_err())
    {
        return false;
    }
    answer.await.unwrap_or(false)
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
