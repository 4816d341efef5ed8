//! The limits every request lives within: sizes, counts and times, each a
//! named constant so the OpenAPI document, the tests and the code agree.
//!
//! Server-level limits (header-read timeout, shutdown grace, connection cap)
//! live in [`super::serve`]; these are the ones the router itself enforces.

use std::time::Duration;

/// Largest request body accepted (`413 payload_too_large` above).
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Longest chat message, in characters (`400 message_too_long` above); the
/// assistant itself reads no further.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// Longest search query, in characters (`400 query_too_long` above).
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Hits returned by `/api/search` when `limit` is absent.
pub const DEFAULT_SEARCH_LIMIT: usize = 10;
/// Larger `limit` values are lowered to this.
pub const MAX_SEARCH_LIMIT: usize = 50;
/// Whole-request deadline (`503 timeout` after it).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request may wait for a search worker before `503 overloaded`.
pub const DEFAULT_QUEUE_WAIT: Duration = Duration::from_millis(250);
/// Requests allowed to wait for a worker, per worker.
pub const QUEUE_PER_WORKER: usize = 8;

/// Limits the router enforces.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Whole-request deadline.
    pub request_timeout: Duration,
    /// Searches and chat turns running at once (blocking threads).
    pub workers: usize,
    /// Requests allowed to wait for a worker beyond those running.
    pub queue: usize,
    /// Longest wait for a worker.
    pub queue_wait: Duration,
}

impl Limits {
    /// Two workers per core (searches are short, CPU-bound and partly wait
    /// on memory-mapped reads), each with a short queue.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits::with_workers(2 * cores)
    }

    pub fn with_workers(workers: usize) -> Self {
        Limits {
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            workers,
            queue: workers * QUEUE_PER_WORKER,
            queue_wait: DEFAULT_QUEUE_WAIT,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::for_this_machine()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_message_limit_is_the_assistants() {
        assert_eq!(
            super::MAX_MESSAGE_CHARS,
            crate::assistant::chat::MAX_MESSAGE_CHARS
        );
    }
}
