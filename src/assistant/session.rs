//! Conversation memory: which procedure a session was last about, so a
//! follow-up ("mất bao lâu?") stays on it. Bounded in size and age; holds no
//! message text, only the procedure code.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sessions idle longer than this are forgotten.
pub const DEFAULT_TTL: Duration = Duration::from_secs(30 * 60);
/// At most this many sessions are remembered; the oldest go first.
pub const DEFAULT_CAPACITY: usize = 20_000;

#[derive(Debug, Clone)]
struct Entry {
    code: Option<String>,
    touched: Instant,
}

/// Thread-safe session table.
#[derive(Debug)]
pub struct Sessions {
    inner: Mutex<HashMap<String, Entry>>,
    ttl: Duration,
    capacity: usize,
    seed: u64,
}

impl Default for Sessions {
    fn default() -> Self {
        Self::new(DEFAULT_TTL, DEFAULT_CAPACITY)
    }
}

impl Sessions {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        use std::hash::{BuildHasher, RandomState};
        Sessions {
            inner: Mutex::new(HashMap::new()),
            ttl,
            capacity: capacity.max(1),
            seed: RandomState::new().hash_one(Instant::now()),
        }
    }

    /// The procedure code of a live session, if it has one.
    pub fn procedure(&self, id: &str) -> Option<String> {
        let map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        map.get(id)
            .filter(|e| e.touched.elapsed() < self.ttl)
            .and_then(|e| e.code.clone())
    }

    /// Record the turn: returns the session id to hand back (a new one when
    /// `id` is absent, unknown or malformed).
    pub fn record(&self, id: Option<&str>, code: Option<&str>) -> String {
        let mut map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let id = match id {
            Some(id) if is_valid_id(id) && map.contains_key(id) => id.to_string(),
            _ => self.new_id(map.len()),
        };
        if map.len() >= self.capacity && !map.contains_key(&id) {
            let ttl = self.ttl;
            map.retain(|_, e| e.touched.elapsed() < ttl);
            if map.len() >= self.capacity {
                if let Some(oldest) = map
                    .iter()
                    .min_by_key(|(_, e)| e.touched)
                    .map(|(k, _)| k.clone())
                {
                    map.remove(&oldest);
                }
            }
        }
        let entry = map.entry(id.clone()).or_insert(Entry {
            code: None,
            touched: Instant::now(),
        });
        entry.touched = Instant::now();
        if let Some(code) = code {
            entry.code = Some(code.to_string());
        }
        id
    }

    fn new_id(&self, salt: usize) -> String {
        use std::hash::{BuildHasher, RandomState};
        let s = RandomState::new();
        let a = s.hash_one((self.seed, salt, Instant::now()));
        let b = s.hash_one((a, std::process::id()));
        format!("{a:016x}{b:016x}")
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Session ids are 32 lowercase hex digits; anything else gets a new session.
fn is_valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_procedure_of_a_session() {
        let s = Sessions::default();
        let id = s.record(None, Some("1.001193"));
        assert_eq!(s.procedure(&id).as_deref(), Some("1.001193"));
        assert_eq!(s.record(Some(&id), None), id);
        assert_eq!(s.procedure(&id).as_deref(), Some("1.001193"));
    }

    #[test]
    fn unknown_or_forged_ids_get_a_fresh_session() {
        let s = Sessions::default();
        let id = s.record(Some("not-a-session"), None);
        assert_ne!(id, "not-a-session");
        assert_eq!(id.len(), 32);
    }

    #[test]
    fn capacity_is_bounded() {
        let s = Sessions::new(DEFAULT_TTL, 3);
        for _ in 0..10 {
            s.record(None, Some("1"));
        }
        assert!(s.len() <= 3);
    }
}
