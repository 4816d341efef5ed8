//! A small LRU cache of chat answers to session-less questions.
//!
//! A turn without `session` depends only on the message, the requested
//! language and the assistant being served (no conversation state), so the
//! same question asked again gets the same answer. Only the session id
//! differs: a hit still starts a fresh session on the answered procedure,
//! exactly as the turn itself would. The cache lives with the served
//! assistant ([`super::state::Served`]), so a reindex starts an empty one.
//! Turns with a session are never cached.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::assistant::{ChatRequest, ChatResponse};

/// Answers kept per served assistant.
pub const ANSWER_CACHE_ENTRIES: usize = 1024;

/// (requested language, message as sent).
type Key = (String, String);

#[derive(Debug)]
pub struct AnswerCache {
    capacity: usize,
    inner: Mutex<Lru>,
}

#[derive(Debug, Default)]
struct Lru {
    map: HashMap<Key, (ChatResponse, u64)>,
    tick: u64,
}

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache::new(ANSWER_CACHE_ENTRIES)
    }
}

impl AnswerCache {
    pub fn new(capacity: usize) -> Self {
        AnswerCache {
            capacity,
            inner: Mutex::new(Lru::default()),
        }
    }

    /// The cache key of `req`; `None` (not cacheable) when it has a session.
    pub fn key(&self, req: &ChatRequest) -> Option<(String, String)> {
        if req.session.is_some() || self.capacity == 0 {
            return None;
        }
        Some((format!("{:?}", req.lang), req.message.clone()))
    }

    /// The cached answer for `key`, its `session` still to be filled in.
    pub fn get(&self, key: &Key) -> Option<ChatResponse> {
        let mut lru = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        lru.tick += 1;
        let tick = lru.tick;
        let (res, used) = lru.map.get_mut(key)?;
        *used = tick;
        Some(res.clone())
    }

    pub fn put(&self, key: Key, res: &ChatResponse) {
        let mut lru = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        lru.tick += 1;
        let tick = lru.tick;
        if lru.map.len() >= self.capacity && !lru.map.contains_key(&key) {
            let oldest = lru
                .map
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                lru.map.remove(&k);
            }
        }
        let mut res = res.clone();
        res.session = String::new();
        lru.map.insert(key, (res, tick));
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map(|l| l.map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(message: &str, session: Option<&str>) -> ChatRequest {
        ChatRequest {
            message: message.into(),
            session: session.map(str::to_string),
            lang: None,
        }
    }

    fn res(answer: &str) -> ChatResponse {
        serde_json::from_value(serde_json::json!({
            "answer": answer, "procedure": null, "alternatives": [], "passages": [],
            "suggestions": [], "session": "s", "intent": "overview", "lang": "vi",
            "contact": null
        }))
        .expect("response")
    }

    #[test]
    fn only_session_less_turns_are_cached_and_the_oldest_goes_first() {
        let c = AnswerCache::new(2);
        assert!(c.key(&req("a", Some("x"))).is_none());
        let (a, b, d) = (
            c.key(&req("a", None)).unwrap(),
            c.key(&req("b", None)).unwrap(),
            c.key(&req("d", None)).unwrap(),
        );
        c.put(a.clone(), &res("A"));
        c.put(b.clone(), &res("B"));
        assert_eq!(c.get(&a).unwrap().answer, "A");
        c.put(d.clone(), &res("D"));
        assert_eq!(c.len(), 2);
        assert!(c.get(&b).is_none(), "least recently used evicted");
        assert_eq!(c.get(&a).unwrap().session, "");
        assert_eq!(c.get(&d).unwrap().answer, "D");
    }
}
