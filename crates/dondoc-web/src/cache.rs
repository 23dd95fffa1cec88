//! Cached reads for the pages everyone polls (dashboards, wall screens, task
//! lists). Every write through the app starts a new *generation*. A cached
//! value of an older generation may still be served for [`STALE_OK`], and
//! after that while one reader recomputes it — the others are not held up —
//! except to the user who made the write: they read their own write
//! (`Freshness::min`). One computation per key at a time. Writes by other
//! processes (the CLI, cron) show within the time-to-live.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long after a write other users may still see the value before it.
pub const STALE_OK: Duration = Duration::from_secs(2);

struct Slot<V> {
    at: Instant,
    generation: u64,
    value: Arc<V>,
}

/// A bounded cache of values computed from the database.
pub struct ReadCache<K, V> {
    ttl: Duration,
    capacity: usize,
    slots: Mutex<HashMap<K, Slot<V>>>,
    /// One computation per key at a time: readers arriving meanwhile wait
    /// for it (or take the old value) instead of each querying.
    turns: Mutex<HashMap<K, Weak<tokio::sync::Mutex<()>>>>,
}

/// Which generation a reader needs.
#[derive(Debug, Clone, Copy)]
pub struct Freshness {
    /// The generation now.
    pub current: u64,
    /// The oldest generation this reader may see (its own last write).
    pub min: u64,
}

enum Peek<V> {
    /// Serve it.
    Hit(Arc<V>),
    /// Older than the last write and past [`STALE_OK`]: recompute if no
    /// one else is, else serve it.
    Stale(Arc<V>),
    /// Nothing this reader may see.
    Miss,
}

impl<K: Hash + Eq + Clone, V> ReadCache<K, V> {
    /// A cache keeping values up to `ttl` (zero: no caching) and at most
    /// `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        ReadCache {
            ttl,
            capacity,
            slots: Mutex::new(HashMap::new()),
            turns: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key`, from the cache when it may be served, else from
    /// `compute` (whose result is kept).
    pub async fn get<E, F, Fut>(&self, key: K, fresh: Freshness, compute: F) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<V, E>>,
    {
        if self.ttl.is_zero() {
            return compute().await.map(Arc::new);
        }
        let turn = self.turn(&key);
        let _guard = match self.peek(&key, fresh) {
            Peek::Hit(v) => return Ok(v),
            Peek::Stale(v) => match turn.try_lock_owned() {
                Ok(g) => g,
                Err(_) => return Ok(v),
            },
            Peek::Miss => {
                let g = turn.lock_owned().await;
                // Another reader may have computed it meanwhile.
                if let Peek::Hit(v) = self.peek(&key, fresh) {
                    return Ok(v);
                }
                g
            }
        };
        // The generation is read before computing: a write meanwhile makes
        // the result stale, never wrongly current.
        let generation = fresh.current;
        let value = Arc::new(compute().await?);
        if let Ok(mut slots) = self.slots.lock() {
            if slots.len() >= self.capacity
                && !slots.contains_key(&key)
                && let Some(oldest) = slots
                    .iter()
                    .min_by_key(|(_, s)| s.at)
                    .map(|(k, _)| k.clone())
            {
                slots.remove(&oldest);
            }
            slots.insert(
                key,
                Slot {
                    at: Instant::now(),
                    generation,
                    value: value.clone(),
                },
            );
        }
        Ok(value)
    }

    fn peek(&self, key: &K, fresh: Freshness) -> Peek<V> {
        let Ok(slots) = self.slots.lock() else {
            return Peek::Miss;
        };
        let Some(slot) = slots.get(key) else {
            return Peek::Miss;
        };
        let age = slot.at.elapsed();
        if age >= self.ttl || slot.generation < fresh.min {
            Peek::Miss
        } else if slot.generation >= fresh.current || age < STALE_OK {
            Peek::Hit(slot.value.clone())
        } else {
            Peek::Stale(slot.value.clone())
        }
    }

    fn turn(&self, key: &K) -> Arc<tokio::sync::Mutex<()>> {
        let Ok(mut turns) = self.turns.lock() else {
            return Arc::new(tokio::sync::Mutex::new(()));
        };
        if let Some(t) = turns.get(key).and_then(Weak::upgrade) {
            return t;
        }
        if turns.len() >= self.capacity * 2 {
            turns.retain(|_, w| w.strong_count() > 0);
        }
        let t = Arc::new(tokio::sync::Mutex::new(()));
        turns.insert(key.clone(), Arc::downgrade(&t));
        t
    }
}

/// The write generations: the app's, and each user's last.
#[derive(Default)]
pub struct Generations {
    current: AtomicU64,
    by_user: Mutex<HashMap<i64, u64>>,
}

impl Generations {
    /// The generation now.
    pub fn current(&self) -> u64 {
        self.current.load(Ordering::SeqCst)
    }

    /// A write happened (by `user`, when known): a new generation.
    pub fn written(&self, user: Option<i64>) {
        let g = self.current.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(u) = user
            && let Ok(mut map) = self.by_user.lock()
        {
            if map.len() > 100_000 {
                map.clear();
            }
            map.insert(u, g);
        }
    }

    /// What `user` may be shown: nothing older than their own last write.
    pub fn freshness(&self, user: i64) -> Freshness {
        Freshness {
            current: self.current(),
            min: self
                .by_user
                .lock()
                .ok()
                .and_then(|m| m.get(&user).copied())
                .unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test]
    async fn others_see_the_old_value_briefly_the_writer_sees_its_write() {
        let cache: ReadCache<&str, usize> = ReadCache::new(Duration::from_secs(60), 8);
        let gens = Generations::default();
        let computed = AtomicUsize::new(0);
        let compute = || async { Ok::<_, ()>(computed.fetch_add(1, Ordering::SeqCst)) };
        let v = cache.get("k", gens.freshness(1), compute).await;
        assert_eq!(v.map(|v| *v), Ok(0));
        gens.written(Some(1));
        // Another user, just after the write: the old value, no recomputation.
        let v = cache.get("k", gens.freshness(2), compute).await;
        assert_eq!(v.map(|v| *v), Ok(0));
        // The writer: a new value.
        let v = cache.get("k", gens.freshness(1), compute).await;
        assert_eq!(v.map(|v| *v), Ok(1));
        // Now current for everyone.
        let v = cache.get("k", gens.freshness(2), compute).await;
        assert_eq!(v.map(|v| *v), Ok(1));
        assert_eq!(computed.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_zero_ttl_always_computes() {
        let cache: ReadCache<&str, usize> = ReadCache::new(Duration::ZERO, 8);
        let gens = Generations::default();
        let n = AtomicUsize::new(0);
        for _ in 0..3 {
            let _ = cache
                .get("k", gens.freshness(1), || async {
                    Ok::<_, ()>(n.fetch_add(1, Ordering::SeqCst))
                })
                .await;
        }
        assert_eq!(n.load(Ordering::SeqCst), 3);
    }
}
