//! A cache shared by every thread, for what graders and conversations would otherwise
//! work out again and again from the same input: compiled scenario scripts, phrase
//! expansions, normalised literals, compiled regexes, the customer's lines as read.
//! Each is a pure function of its key, so a value found once serves every caller.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::{Mutex, OnceLock, PoisonError};

/// Values by key, up to `most` of them (past that, values are made but not kept, so a
/// long-running `watch` cannot grow without bound).
pub struct SharedCache<K, V> {
    map: OnceLock<Mutex<rustc_hash::FxHashMap<K, V>>>,
    most: usize,
}

impl<K: Hash + Eq, V: Clone> SharedCache<K, V> {
    /// An empty cache keeping at most `most` values.
    pub const fn new(most: usize) -> SharedCache<K, V> {
        SharedCache {
            map: OnceLock::new(),
            most,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, rustc_hash::FxHashMap<K, V>> {
        // A poisoned lock only means another thread panicked mid-insert; the map is
        // still a valid cache.
        self.map
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The value kept for `key`, if any.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.lock().get(key).cloned()
    }

    /// Keeps `value` for `key`, unless the cache is full.
    pub fn keep(&self, key: K, value: V) {
        let mut map = self.lock();
        if map.len() < self.most {
            map.insert(key, value);
        }
    }

    /// The value for `key`: the one kept, or `make()`'s, then kept. The lock is not held
    /// while making it.
    pub fn get_or_make<Q>(&self, key: &Q, make: impl FnOnce() -> V) -> V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(found) = self.get(key) {
            return found;
        }
        let value = make();
        self.keep(key.to_owned(), value.clone());
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_and_a_full_cache_keeps_no_more() {
        let cache: SharedCache<String, usize> = SharedCache::new(1);
        let mut made = 0;
        let mut make = |n| {
            made += 1;
            n
        };
        assert_eq!(cache.get_or_make("a", || make(1)), 1);
        assert_eq!(cache.get_or_make("a", || make(2)), 1);
        assert_eq!(cache.get_or_make("b", || make(3)), 3);
        assert_eq!(cache.get("b"), None, "full: b was made but not kept");
        assert_eq!(made, 2);
    }
}
