//! Slows password guessing. Every password check — a login, or the current
//! password on the change form — first takes a turn from the throttle. The
//! checks of one username run one at a time (a turn is a per-username
//! lock), so fifty guesses sent at once are judged one after the other and
//! the sixth already finds the username locked; several honest logins at
//! once simply queue. Checks from one address run in parallel, but a check
//! in flight counts against the address until it is known to have
//! succeeded. After [`MAX_FAILURES`] failures a username is locked for
//! [`LOCK`]; an address after [`MAX_CLIENT_FAILURES`]. A flood of made-up
//! usernames cannot clear a lock: the table drops only entries that lock
//! nothing.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// Failed checks of one username before it is locked.
pub const MAX_FAILURES: u32 = 5;
/// Failed checks from one client address before it is locked (several
/// users behind one office gateway share an address).
pub const MAX_CLIENT_FAILURES: u32 = 30;
/// How long a lock lasts after the last failure; failures older than this
/// are forgotten.
pub const LOCK: Duration = Duration::from_secs(60);
/// Entries kept per table; past it, entries that lock nothing are dropped.
const CAPACITY: usize = 50_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    in_flight: u32,
    last: Instant,
}

impl Entry {
    fn fresh(now: Instant) -> Entry {
        Entry {
            failures: 0,
            in_flight: 0,
            last: now,
        }
    }

    fn expire(&mut self, now: Instant) {
        if self.in_flight == 0 && now.duration_since(self.last) > LOCK {
            self.failures = 0;
        }
    }

    fn spent(&self, max: u32) -> bool {
        self.failures + self.in_flight >= max
    }
}

struct Table<K> {
    map: HashMap<K, Entry>,
    max: u32,
}

impl<K: Hash + Eq + Clone> Table<K> {
    fn new(max: u32) -> Self {
        Table {
            map: HashMap::new(),
            max,
        }
    }

    fn allowed(&mut self, key: &K, now: Instant) -> bool {
        match self.map.get_mut(key) {
            Some(e) => {
                e.expire(now);
                !e.spent(self.max)
            }
            None => true,
        }
    }

    fn reserve(&mut self, key: &K, now: Instant) {
        if !self.map.contains_key(key) && self.map.len() >= CAPACITY {
            // Drop what locks nothing: forgotten failures, or fewer than the
            // limit and nothing in flight. Locks stay.
            let max = self.max;
            self.map.retain(|_, e| {
                e.expire(now);
                e.in_flight > 0 || e.failures >= max
            });
            if self.map.len() >= CAPACITY {
                // Every entry is a live lock: this key goes unrecorded.
                return;
            }
        }
        let e = self.map.entry(key.clone()).or_insert(Entry::fresh(now));
        e.in_flight += 1;
        e.last = now;
    }

    /// Ends a check: a failure counts; a success clears the key's failures
    /// when `success_clears`.
    fn settle(&mut self, key: &K, failed: bool, success_clears: bool, now: Instant) {
        if let Some(e) = self.map.get_mut(key) {
            e.in_flight = e.in_flight.saturating_sub(1);
            if failed {
                e.failures += 1;
                e.last = now;
            } else if success_clears && e.in_flight == 0 {
                self.map.remove(key);
            }
        }
    }
}

struct Tables {
    users: Table<String>,
    clients: Table<IpAddr>,
    /// The turn (lock) of each username with a check in flight or queued.
    turns: HashMap<String, Weak<tokio::sync::Mutex<()>>>,
}

impl Tables {
    fn turn_of(&mut self, username: &str) -> Arc<tokio::sync::Mutex<()>> {
        if let Some(turn) = self.turns.get(username).and_then(Weak::upgrade) {
            return turn;
        }
        if self.turns.len() >= CAPACITY {
            self.turns.retain(|_, w| w.strong_count() > 0);
        }
        let turn = Arc::new(tokio::sync::Mutex::new(()));
        self.turns
            .insert(username.to_owned(), Arc::downgrade(&turn));
        turn
    }
}

pub struct LoginThrottle {
    tables: Arc<Mutex<Tables>>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle {
            tables: Arc::new(Mutex::new(Tables {
                users: Table::new(MAX_FAILURES),
                clients: Table::new(MAX_CLIENT_FAILURES),
                turns: HashMap::new(),
            })),
        }
    }
}

/// A password check in flight. Say how it ended; dropped unsaid (an error
/// before the verdict), it counts as a failure.
pub struct Attempt {
    tables: Arc<Mutex<Tables>>,
    username: String,
    client: Option<IpAddr>,
    settled: bool,
    /// The username's turn, held until the verdict is recorded.
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl Attempt {
    pub fn succeeded(mut self) {
        self.settle(false);
    }

    pub fn failed(mut self) {
        self.settle(true);
    }

    fn settle(&mut self, failed: bool) {
        if self.settled {
            return;
        }
        self.settled = true;
        let now = Instant::now();
        if let Ok(mut t) = self.tables.lock() {
            t.users.settle(&self.username, failed, true, now);
            if let Some(ip) = self.client {
                // A success clears the user, not the address: one good
                // password does not excuse guesses at other accounts.
                t.clients.settle(&ip, failed, false, now);
            }
        }
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        self.settle(true);
    }
}

impl LoginThrottle {
    /// A turn to check a password for `username` from `client` (waiting
    /// for the checks of that username before it), or `None` while either
    /// is locked.
    pub async fn begin(&self, username: &str, client: Option<IpAddr>) -> Option<Attempt> {
        let turn = self.tables.lock().ok()?.turn_of(username);
        let turn = turn.lock_owned().await;
        let now = Instant::now();
        let mut t = self.tables.lock().ok()?;
        let user = username.to_owned();
        if !t.users.allowed(&user, now) || client.is_some_and(|ip| !t.clients.allowed(&ip, now)) {
            return None;
        }
        t.users.reserve(&user, now);
        if let Some(ip) = client {
            t.clients.reserve(&ip, now);
        }
        Some(Attempt {
            tables: self.tables.clone(),
            username: user,
            client,
            settled: false,
            _turn: turn,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, n]))
    }

    async fn fail(t: &LoginThrottle, user: &str, from: Option<IpAddr>) {
        if let Some(a) = t.begin(user, from).await {
            a.failed();
        }
    }

    #[tokio::test]
    async fn locks_after_repeated_failures_only_that_username() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILURES {
            fail(&t, "a", ip(1)).await;
        }
        assert!(
            t.begin("a", ip(2)).await.is_none(),
            "locked from any address"
        );
        assert!(t.begin("b", ip(1)).await.is_some());
    }

    #[tokio::test]
    async fn parallel_guesses_are_judged_one_by_one() {
        let t = Arc::new(LoginThrottle::default());
        let tries: Vec<_> = (0..50)
            .map(|_| {
                let t = t.clone();
                tokio::spawn(async move {
                    match t.begin("a", ip(1)).await {
                        Some(a) => {
                            tokio::task::yield_now().await;
                            a.failed();
                            true
                        }
                        None => false,
                    }
                })
            })
            .collect();
        let mut checked = 0;
        for h in tries {
            checked += usize::from(h.await.unwrap_or(false));
        }
        assert_eq!(checked, MAX_FAILURES as usize);
    }

    #[tokio::test]
    async fn honest_parallel_logins_queue_instead_of_failing() {
        let t = Arc::new(LoginThrottle::default());
        let tries: Vec<_> = (0..12)
            .map(|_| {
                let t = t.clone();
                tokio::spawn(async move {
                    let a = t.begin("lanhdao", ip(1)).await;
                    let ok = a.is_some();
                    if let Some(a) = a {
                        a.succeeded();
                    }
                    ok
                })
            })
            .collect();
        for h in tries {
            assert!(h.await.unwrap_or(false));
        }
    }

    #[tokio::test]
    async fn a_success_clears_the_username() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILURES - 1 {
            fail(&t, "a", ip(1)).await;
        }
        if let Some(a) = t.begin("a", ip(1)).await {
            a.succeeded();
        }
        for _ in 0..MAX_FAILURES - 1 {
            fail(&t, "a", ip(1)).await;
        }
        assert!(t.begin("a", ip(1)).await.is_some());
    }

    #[tokio::test]
    async fn a_flood_of_made_up_usernames_does_not_unlock() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILURES {
            fail(&t, "victim", ip(1)).await;
        }
        for n in 0..CAPACITY + 10 {
            // Many addresses, so the per-address lock does not stop the flood.
            let addr = Some(IpAddr::from([
                10,
                1,
                (n / 250 % 250) as u8,
                (n % 250) as u8,
            ]));
            fail(&t, &format!("x{n}"), addr).await;
        }
        assert!(t.begin("victim", ip(2)).await.is_none());
    }

    #[tokio::test]
    async fn one_address_guessing_many_usernames_is_locked() {
        let t = LoginThrottle::default();
        for n in 0..MAX_CLIENT_FAILURES {
            fail(&t, &format!("u{n}"), ip(9)).await;
        }
        assert!(t.begin("someone", ip(9)).await.is_none());
        assert!(t.begin("someone", ip(8)).await.is_some());
    }
}
