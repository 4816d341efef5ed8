//! What every handler shares: the assistant (once loaded), the bounded
//! worker pool and the limits.
//!
//! The server starts answering `/healthz` before the index is loaded (a first
//! start may build it); until [`AppState::set_ready`] every route that needs
//! the assistant answers `503 not_ready` and `/readyz` says so.

use std::sync::{Arc, OnceLock};

use super::error::{ApiError, ErrorKind};
use super::limits::Limits;
use super::workers::Workers;
use crate::assistant::chat::Assistant;

/// Shared state of the router; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    assistant: OnceLock<Arc<Assistant>>,
    workers: Workers,
    limits: Limits,
}

impl AppState {
    /// State whose assistant is still loading.
    pub fn loading(limits: Limits) -> Self {
        AppState {
            inner: Arc::new(Inner {
                assistant: OnceLock::new(),
                workers: Workers::new(&limits),
                limits,
            }),
        }
    }

    /// State with a loaded assistant.
    pub fn ready(assistant: Arc<Assistant>, limits: Limits) -> Self {
        let state = AppState::loading(limits);
        state.set_ready(assistant);
        state
    }

    /// Publish the loaded assistant. Returns false if one was already set
    /// (the first one stays).
    pub fn set_ready(&self, assistant: Arc<Assistant>) -> bool {
        self.inner.assistant.set(assistant).is_ok()
    }

    /// The assistant, or `503 not_ready` while it loads.
    pub fn assistant(&self) -> Result<Arc<Assistant>, ApiError> {
        self.inner
            .assistant
            .get()
            .cloned()
            .ok_or_else(|| ApiError::new(ErrorKind::NotReady))
    }

    pub fn is_ready(&self) -> bool {
        self.inner.assistant.get().is_some()
    }

    pub fn workers(&self) -> &Workers {
        &self.inner.workers
    }

    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }
}
