//! What every handler shares: the assistant being served (swappable), the
//! bounded worker pool, the limits, the security policy, metrics and the
//! reindex machinery.
//!
//! The server starts answering `/healthz` before the index is loaded (a first
//! start may build it); until an assistant is published every route that
//! needs it answers `503 not_ready` and `/readyz` says so.
//!
//! Swapping: the served assistant sits behind a `RwLock<Option<Arc<_>>>`
//! that a request holds only long enough to clone the `Arc` (no lock is held
//! while searching). A reindex publishes a new one; requests in flight keep
//! the `Arc` they took and finish on the old generation, which is dropped
//! (its memory maps unmapped) when the last of them ends.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use super::answer_cache::AnswerCache;
use super::error::{ApiError, ErrorKind};
use super::limits::Limits;
use super::metrics::Metrics;
use super::policy::Policy;
use super::rate_limit::RateLimiter;
use super::reload::Reindexer;
use super::workers::Workers;
use crate::assistant::chat::Assistant;

/// The assistant being served and the index generation it searches.
pub struct Served {
    pub assistant: Arc<Assistant>,
    /// Generation number (0 when unknown, e.g. an assistant built in tests).
    pub generation: u64,
    /// Answers to session-less chat turns on this assistant.
    pub answers: AnswerCache,
}

/// Where the corpus and the index live, for reindexing.
#[derive(Debug, Clone)]
pub struct DataDirs {
    pub corpus: PathBuf,
    pub index: PathBuf,
}

/// Shared state of the router; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    served: RwLock<Option<Arc<Served>>>,
    workers: Workers,
    limits: Limits,
    policy: Policy,
    rate_limiter: Option<RateLimiter>,
    metrics: Metrics,
    reindexer: Reindexer,
}

impl AppState {
    /// State whose assistant is still loading, with the default policy (no
    /// admin routes, no CORS, no rate limit) and no reindexing.
    pub fn loading(limits: Limits) -> Self {
        AppState::new(limits, Policy::default(), None)
    }

    /// State with everything: `data` enables reindexing (admin route and
    /// the generation watch).
    pub fn new(limits: Limits, policy: Policy, data: Option<DataDirs>) -> Self {
        AppState {
            inner: Arc::new(Inner {
                served: RwLock::new(None),
                workers: Workers::new(&limits),
                rate_limiter: policy.rate_limit.map(RateLimiter::new),
                limits,
                policy,
                metrics: Metrics::default(),
                reindexer: Reindexer::new(data),
            }),
        }
    }

    /// State with a loaded assistant.
    pub fn ready(assistant: Arc<Assistant>, limits: Limits) -> Self {
        let state = AppState::loading(limits);
        state.set_ready(assistant);
        state
    }

    /// Publish the first assistant. Returns false if one was already set
    /// (the first one stays; use [`AppState::publish`] to swap).
    pub fn set_ready(&self, assistant: Arc<Assistant>) -> bool {
        let mut served = self.inner.served.write().unwrap_or_else(|p| p.into_inner());
        if served.is_some() {
            return false;
        }
        *served = Some(Arc::new(Served {
            assistant,
            generation: 0,
            answers: AnswerCache::default(),
        }));
        true
    }

    /// Serve `assistant` (of index generation `generation`) from now on;
    /// returns what was served before. Requests in flight finish on theirs.
    pub fn publish(&self, assistant: Arc<Assistant>, generation: u64) -> Option<Arc<Served>> {
        let next = Arc::new(Served {
            assistant,
            generation,
            answers: AnswerCache::default(),
        });
        let mut served = self.inner.served.write().unwrap_or_else(|p| p.into_inner());
        served.replace(next)
    }

    /// What is served now, if anything.
    pub fn served(&self) -> Option<Arc<Served>> {
        self.inner
            .served
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The assistant, or `503 not_ready` while it loads.
    pub fn assistant(&self) -> Result<Arc<Assistant>, ApiError> {
        self.served()
            .map(|s| Arc::clone(&s.assistant))
            .ok_or_else(|| ApiError::new(ErrorKind::NotReady))
    }

    pub fn is_ready(&self) -> bool {
        self.served().is_some()
    }

    /// Generation served, if any.
    pub fn generation(&self) -> Option<u64> {
        self.served().map(|s| s.generation)
    }

    pub fn workers(&self) -> &Workers {
        &self.inner.workers
    }

    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }

    pub fn rate_limiter(&self) -> Option<&RateLimiter> {
        self.inner.rate_limiter.as_ref()
    }

    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    pub fn reindexer(&self) -> &Reindexer {
        &self.inner.reindexer
    }
}
