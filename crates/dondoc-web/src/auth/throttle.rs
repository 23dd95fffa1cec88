//! Slows password guessing: after `MAX_FAILURES` failed logins for one
//! username, further attempts are refused for `LOCK_SECONDS`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: u32 = 5;
pub const LOCK_SECONDS: u64 = 60;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginThrottle {
    /// Whether `username` may try now.
    pub fn allowed(&self, username: &str) -> bool {
        let Ok(map) = self.failures.lock() else {
            return true;
        };
        match map.get(username) {
            Some((n, since)) if *n >= MAX_FAILURES => {
                since.elapsed() > Duration::from_secs(LOCK_SECONDS)
            }
            _ => true,
        }
    }

    pub fn failed(&self, username: &str) {
        if let Ok(mut map) = self.failures.lock() {
            // Bounded: a flood of made-up usernames cannot grow it forever.
            if map.len() > 10_000 {
                map.clear();
            }
            let e = map
                .entry(username.to_owned())
                .or_insert((0, Instant::now()));
            if e.1.elapsed() > Duration::from_secs(LOCK_SECONDS) {
                *e = (0, Instant::now());
            }
            e.0 += 1;
            e.1 = Instant::now();
        }
    }

    pub fn succeeded(&self, username: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(username);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn locks_after_repeated_failures_only_that_username() {
        let t = super::LoginThrottle::default();
        for _ in 0..super::MAX_FAILURES {
            assert!(t.allowed("a"));
            t.failed("a");
        }
        assert!(!t.allowed("a"));
        assert!(t.allowed("b"));
        t.succeeded("a");
        assert!(t.allowed("a"));
    }
}
