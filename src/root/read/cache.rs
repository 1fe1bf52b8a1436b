//! An optional cache of decoded baskets (least recently used out first), for interactive
//! random access: stepping through events of one basket decodes it once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::column::AnyColumn;

/// Decoded baskets keyed by (flat branch index, basket index), bounded in bytes.
#[derive(Debug)]
pub(crate) struct BasketCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    capacity: usize,
    used: usize,
    tick: u64,
    hits: u64,
    misses: u64,
    map: HashMap<(usize, usize), Entry>,
}

#[derive(Debug)]
struct Entry {
    column: Arc<AnyColumn>,
    bytes: usize,
    last_use: u64,
}

impl BasketCache {
    /// A cache holding at most `capacity` bytes of decoded values.
    pub fn new(capacity: usize) -> Self {
        BasketCache {
            state: Mutex::new(State {
                capacity,
                ..State::default()
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves a consistent map: keep using it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The decoded basket, if cached.
    pub fn get(&self, key: (usize, usize)) -> Option<Arc<AnyColumn>> {
        let mut s = self.lock();
        s.tick += 1;
        let tick = s.tick;
        match s.map.get_mut(&key) {
            Some(e) => {
                e.last_use = tick;
                let c = e.column.clone();
                s.hits += 1;
                Some(c)
            }
            None => {
                s.misses += 1;
                None
            }
        }
    }

    /// Stores a decoded basket, evicting the least recently used ones to make room.
    pub fn put(&self, key: (usize, usize), column: Arc<AnyColumn>) {
        let bytes = column.heap_bytes();
        let mut s = self.lock();
        if bytes > s.capacity {
            return;
        }
        while s.used + bytes > s.capacity {
            let Some((&victim, _)) = s.map.iter().min_by_key(|(_, e)| e.last_use) else {
                break;
            };
            if let Some(e) = s.map.remove(&victim) {
                s.used -= e.bytes;
            }
        }
        s.tick += 1;
        let last_use = s.tick;
        if let Some(old) = s.map.insert(
            key,
            Entry {
                column,
                bytes,
                last_use,
            },
        ) {
            s.used -= old.bytes;
        }
        s.used += bytes;
    }

    /// (hits, misses) so far.
    pub fn stats(&self) -> (u64, u64) {
        let s = self.lock();
        (s.hits, s.misses)
    }
}
