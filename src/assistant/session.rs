//! Conversation memory: which procedure a session was last about, so a
//! follow-up ("mất bao lâu?") stays on it. Bounded in size and age; holds no
//! message text, only the procedure code.

use std::collections::{BTreeSet, HashMap};
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

/// The sessions, and the same ids ordered by last use: evicting the oldest
/// of a full table is then a lookup, not a scan of every session under the
/// lock (a scan per session-less turn capped HTTP throughput).
#[derive(Debug, Default)]
struct Table {
    map: HashMap<String, Entry>,
    by_age: BTreeSet<(Instant, String)>,
}

impl Table {
    fn remove(&mut self, id: &str) {
        if let Some(e) = self.map.remove(id) {
            self.by_age.remove(&(e.touched, id.to_string()));
        }
    }
}

/// Thread-safe session table.
#[derive(Debug)]
pub struct Sessions {
    inner: Mutex<Table>,
    ttl: Duration,
    capacity: usize,
    seed: u64,
    /// Random keys of [`Sessions::keyed`] ids.
    keys: std::hash::RandomState,
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
            inner: Mutex::new(Table::default()),
            ttl,
            capacity: capacity.max(1),
            seed: RandomState::new().hash_one(Instant::now()),
            keys: RandomState::new(),
        }
    }

    /// The procedure code of a live session, if it has one.
    pub fn procedure(&self, id: &str) -> Option<String> {
        let table = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        table
            .map
            .get(id)
            .filter(|e| e.touched.elapsed() < self.ttl)
            .and_then(|e| e.code.clone())
    }

    /// Record the turn: returns the session id to hand back (a new one when
    /// `id` is absent, unknown or malformed).
    pub fn record(&self, id: Option<&str>, code: Option<&str>) -> String {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let table = &mut *guard;
        let id = match id {
            Some(id) if is_valid_id(id) && table.map.contains_key(id) => id.to_string(),
            _ => self.new_id(table.map.len()),
        };
        self.touch(table, id, code)
    }

    /// The session id of a conversation known by a key of another system
    /// (a messaging chat's id): the same key gives the same id for this
    /// table's life, and no one can derive it without the table's random
    /// keys. The session exists (without a procedure) once this returns.
    pub fn keyed(&self, key: &str) -> String {
        use std::hash::BuildHasher;
        let a = self.keys.hash_one((1u8, key));
        let b = self.keys.hash_one((2u8, key, a));
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        self.touch(&mut guard, format!("{a:016x}{b:016x}"), None)
    }

    /// Enter or refresh session `id` (making room in a full table as the
    /// expired, then the least recently used, sessions go), setting its
    /// procedure when `code` is given; returns `id`.
    fn touch(&self, table: &mut Table, id: String, code: Option<&str>) -> String {
        if table.map.len() >= self.capacity && !table.map.contains_key(&id) {
            // Forget the expired sessions (the oldest ones), then, if still
            // full, the least recently used.
            while let Some((touched, oldest)) = table.by_age.first().cloned() {
                if touched.elapsed() < self.ttl && table.map.len() < self.capacity {
                    break;
                }
                let expired = touched.elapsed() >= self.ttl;
                table.remove(&oldest);
                if !expired {
                    break;
                }
            }
        }
        let now = Instant::now();
        let entry = table.map.entry(id.clone()).or_insert(Entry {
            code: None,
            touched: now,
        });
        table.by_age.remove(&(entry.touched, id.clone()));
        entry.touched = now;
        table.by_age.insert((now, id.clone()));
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
        self.inner.lock().map(|t| t.map.len()).unwrap_or(0)
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
    fn a_keyed_conversation_has_one_session_per_key_and_table() {
        let s = Sessions::new(DEFAULT_TTL, 2);
        let a = s.keyed("telegram:1");
        assert!(is_valid_id(&a));
        assert_eq!(s.keyed("telegram:1"), a);
        assert_ne!(s.keyed("telegram:2"), a);
        assert_eq!(s.record(Some(&a), Some("1.001193")), a);
        assert_eq!(s.procedure(&a).as_deref(), Some("1.001193"));
        // Another table (another process) derives other ids.
        assert_ne!(Sessions::default().keyed("telegram:1"), a);
        // Keyed sessions count toward the capacity like any other.
        s.keyed("telegram:3");
        assert!(s.len() <= 2);
    }

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
    fn a_full_table_forgets_the_least_recently_used_session() {
        let s = Sessions::new(DEFAULT_TTL, 2);
        let a = s.record(None, Some("a"));
        let b = s.record(None, Some("b"));
        assert_eq!(s.record(Some(&a), None), a);
        let c = s.record(None, Some("c"));
        assert_eq!(s.len(), 2);
        assert_eq!(s.procedure(&a).as_deref(), Some("a"));
        assert_eq!(s.procedure(&b), None);
        assert_eq!(s.procedure(&c).as_deref(), Some("c"));
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
