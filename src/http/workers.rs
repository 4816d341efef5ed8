//! The bounded queue in front of the blocking thread pool.
//!
//! Searches and chat turns are synchronous CPU work: they run on
//! `tokio::task::spawn_blocking`, never on the async workers. At most
//! `workers` run at once, at most `queue` more wait, each for at most
//! `queue_wait`; beyond that the request is refused at once with
//! `503 overloaded` + `Retry-After: 1` instead of piling up.
//!
//! A request that times out (see [`super::timeout`]) stops waiting, but its
//! job keeps its worker permit until it actually finishes, so the count of
//! running jobs never lies.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::error::{ApiError, ErrorKind};
use super::limits::Limits;

/// Handle to the bounded blocking pool; cheap to clone.
#[derive(Debug, Clone)]
pub struct Workers {
    /// Permits for running jobs.
    running: Arc<Semaphore>,
    /// Permits for jobs in the system (running or waiting).
    admitted: Arc<Semaphore>,
    wait: Duration,
    counters: Arc<Counters>,
}

/// What `/metrics` shows of the pool.
#[derive(Debug, Default)]
struct Counters {
    busy: AtomicUsize,
    queued: AtomicUsize,
    refused: AtomicU64,
}

/// Adds one to a gauge for as long as it lives.
struct Held(Arc<Counters>, fn(&Counters) -> &AtomicUsize);

impl Held {
    fn new(c: &Arc<Counters>, gauge: fn(&Counters) -> &AtomicUsize) -> Held {
        gauge(c).fetch_add(1, Ordering::Relaxed);
        Held(Arc::clone(c), gauge)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        (self.1)(&self.0).fetch_sub(1, Ordering::Relaxed);
    }
}

impl Workers {
    pub fn new(limits: &Limits) -> Self {
        Workers {
            running: Arc::new(Semaphore::new(limits.workers)),
            admitted: Arc::new(Semaphore::new(limits.workers + limits.queue)),
            wait: limits.queue_wait,
            counters: Arc::default(),
        }
    }

    /// Jobs running now.
    pub fn busy(&self) -> usize {
        self.counters.busy.load(Ordering::Relaxed)
    }

    /// Requests waiting for a worker now.
    pub fn queued(&self) -> usize {
        self.counters.queued.load(Ordering::Relaxed)
    }

    /// Requests refused with `overloaded` so far.
    pub fn refused(&self) -> u64 {
        self.counters.refused.load(Ordering::Relaxed)
    }

    /// Run `job` on a blocking thread, or refuse with `overloaded`.
    pub async fn run<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let overloaded = || {
            self.counters.refused.fetch_add(1, Ordering::Relaxed);
            ApiError::new(ErrorKind::Overloaded)
        };
        let admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| overloaded())?;
        let waiting = Held::new(&self.counters, |c| &c.queued);
        let running = tokio::time::timeout(self.wait, self.running.clone().acquire_owned())
            .await
            .map_err(|_| overloaded())?
            .map_err(|_| overloaded())?;
        drop(waiting);
        let busy = Held::new(&self.counters, |c| &c.busy);
        tokio::task::spawn_blocking(move || {
            let _permits = (admitted, running, busy);
            job()
        })
        .await
        .map_err(|e| {
            ApiError::internal(crate::Error::Search(if e.is_panic() {
                "a search worker panicked".into()
            } else {
                "a search worker was cancelled".into()
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn no_worker_means_overloaded() {
        let w = Workers::new(&Limits {
            workers: 0,
            queue: 4,
            queue_wait: Duration::from_millis(1),
            ..Limits::with_workers(0)
        });
        let e = w.run(|| 1).await.err().map(|e| e.kind());
        assert_eq!(e, Some(ErrorKind::Overloaded));
    }

    #[tokio::test]
    async fn a_panicking_job_is_an_internal_error_not_a_crash() {
        let w = Workers::new(&Limits::with_workers(1));
        let e = w
            .run(|| -> u8 { panic!("boom") })
            .await
            .err()
            .map(|e| e.kind());
        assert_eq!(e, Some(ErrorKind::Internal));
        assert_eq!(w.run(|| 2).await.ok(), Some(2), "the pool still works");
    }
}
