//! Reindexing a running server without downtime.
//!
//! Two ways a new generation arrives, one at a time (a second attempt while
//! one runs is refused with `409 reindex_running`, and so is one while
//! another *process* holds the index lock):
//!
//! - [`reindex`] (`POST /api/admin/reindex`): build from the corpus on disk
//!   with [`crate::app::rebuild`] (counts, checksums and golden queries are
//!   checked before `CURRENT` switches), then publish the new assistant.
//! - [`watch_generations`]: every few seconds, read `CURRENT`; when another
//!   process (`motcua index`) has switched it, load that generation with
//!   [`crate::app::load_current`] (which refuses one built from another
//!   corpus or failing the checks) and publish it. A refused generation is
//!   logged once, not retried until `CURRENT` changes again.
//!
//! Publishing swaps an `Arc` (see [`super::state`]): requests in flight end
//! on the generation they started with. Conversations carry over.
//! The build itself runs on a blocking thread, not on a search worker, and
//! in a task of its own: a client that disconnects does not cancel it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tokio::sync::watch;

use super::error::{ApiError, ErrorKind};
use super::metrics::ReindexResult;
use super::state::{AppState, DataDirs};
use crate::app::{self, Loaded};
use crate::Error;

/// How often `motcua serve` looks at `CURRENT` by default.
pub const DEFAULT_WATCH_INTERVAL: Duration = Duration::from_secs(2);

/// What started a reindex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// `POST /api/admin/reindex`.
    Admin,
    /// A generation switched by another process, picked up by the watch.
    Watch,
}

/// The outcome of the last reindex (`GET /api/admin/reindex`).
#[derive(Debug, Clone, Serialize)]
pub struct ReindexReport {
    pub ok: bool,
    pub trigger: Trigger,
    /// Generation served after it.
    pub generation: Option<u64>,
    /// Generation served before it.
    pub previous: Option<u64>,
    pub procedures: u64,
    pub documents: u64,
    pub articles: u64,
    pub took_ms: u64,
    /// Why it failed (redacted); nothing was changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Unix seconds.
    pub finished_at: u64,
}

/// Reindex bookkeeping of one server.
#[derive(Debug)]
pub struct Reindexer {
    data: Option<DataDirs>,
    running: AtomicBool,
    last: Mutex<Option<ReindexReport>>,
    /// A generation the watch refused, not to be retried.
    refused: Mutex<Option<u64>>,
}

/// Clears the running flag when dropped.
struct Running<'a>(&'a AtomicBool);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl Reindexer {
    pub fn new(data: Option<DataDirs>) -> Self {
        Reindexer {
            data,
            running: AtomicBool::new(false),
            last: Mutex::new(None),
            refused: Mutex::new(None),
        }
    }

    pub fn data(&self) -> Option<&DataDirs> {
        self.data.as_ref()
    }

    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    /// Take the running flag; release it with a [`Running`] guard.
    fn try_claim(&self) -> bool {
        self.running
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    pub fn last(&self) -> Option<ReindexReport> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn record(&self, report: ReindexReport) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(report);
    }
}

fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Swap in `loaded`, keeping the conversations of the assistant it replaces.
fn publish(state: &AppState, loaded: Loaded) -> Option<u64> {
    let generation = loaded.generation.number;
    let assistant = match state.served() {
        Some(old) => loaded.assistant.keep_sessions_of(&old.assistant),
        None => loaded.assistant,
    };
    let previous = state.publish(Arc::new(assistant), generation);
    previous.map(|p| p.generation)
}

/// Run `job` (a blocking load) with the running flag held, publish what it
/// loads, and record the report. The flag is taken by the caller.
async fn run<F>(state: AppState, trigger: Trigger, job: F) -> Result<ReindexReport, Error>
where
    F: FnOnce() -> crate::Result<Loaded> + Send + 'static,
{
    let started = Instant::now();
    let loaded = tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| Error::Index(format!("the index build stopped: {e}")))
        .and_then(|r| r);
    let took = started.elapsed();
    let before = state.generation();
    let report = match &loaded {
        Ok(l) => {
            let m = l.assistant.engine().manifest();
            ReindexReport {
                ok: true,
                trigger,
                generation: Some(l.generation.number),
                previous: before,
                procedures: m.procedures,
                documents: m.documents,
                articles: m.articles,
                took_ms: took.as_millis() as u64,
                error: None,
                finished_at: now_unix(),
            }
        }
        Err(e) => ReindexReport {
            ok: false,
            trigger,
            generation: before,
            previous: before,
            procedures: 0,
            documents: 0,
            articles: 0,
            took_ms: took.as_millis() as u64,
            error: Some(crate::redact::redact(&e.to_string()).into_owned()),
            finished_at: now_unix(),
        },
    };
    let result = match loaded {
        Ok(l) => {
            let generation = l.generation.number;
            publish(&state, l);
            tracing::info!(
                generation,
                previous = ?before,
                trigger = ?trigger,
                took_ms = report.took_ms,
                "now serving a new index generation"
            );
            state.metrics().reindex(ReindexResult::Ok, took);
            Ok(report.clone())
        }
        Err(e) => {
            let busy = matches!(e, Error::Busy(_));
            state.metrics().reindex(
                if busy {
                    ReindexResult::Busy
                } else {
                    ReindexResult::Failed
                },
                took,
            );
            Err(e)
        }
    };
    if !matches!(result, Err(Error::Busy(_))) {
        state.reindexer().record(report);
    }
    result
}

/// Build, check and serve a new generation (the admin route). Waits for the
/// build; the build goes on if the caller stops waiting.
pub async fn reindex(state: &AppState) -> Result<ReindexReport, ApiError> {
    let Some(data) = state.reindexer().data().cloned() else {
        return Err(ApiError::with_detail(
            ErrorKind::ReindexFailed,
            "This server was started without corpus and index directories.",
        ));
    };
    let busy = |state: &AppState| {
        state.metrics().reindex(ReindexResult::Busy, Duration::ZERO);
        ApiError::new(ErrorKind::ReindexRunning)
    };
    // The flag is taken here (so a second request is refused at once) and
    // moved into the task, which clears it when the build ends.
    if !state.reindexer().try_claim() {
        return Err(busy(state));
    }
    let task_state = state.clone();
    let task = tokio::spawn(async move {
        let _running = Running(&task_state.reindexer().running);
        let job_state = task_state.clone();
        run(job_state, Trigger::Admin, move || {
            app::rebuild(&data.corpus, &data.index)
        })
        .await
    });
    match task.await {
        Ok(Ok(report)) => Ok(report),
        Ok(Err(Error::Busy(_))) => Err(ApiError::with_detail(
            ErrorKind::ReindexRunning,
            "Another process is building the index (the index LOCK is held); nothing was changed.",
        )),
        Ok(Err(e)) => Err(ApiError::shown(ErrorKind::ReindexFailed, e)),
        Err(e) => Err(ApiError::shown(
            ErrorKind::ReindexFailed,
            Error::Index(format!("the reindex task stopped: {e}")),
        )),
    }
}

/// Follow `CURRENT` (see the module documentation) until `stop` turns true.
pub async fn watch_generations(state: AppState, every: Duration, mut stop: watch::Receiver<bool>) {
    let Some(data) = state.reindexer().data().cloned() else {
        return;
    };
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        let Some(served) = state.generation() else {
            continue;
        };
        let index = data.index.clone();
        let current = tokio::task::spawn_blocking(move || app::current_generation(&index))
            .await
            .ok()
            .flatten();
        let Some(current) = current else { continue };
        let refused = *state
            .reindexer()
            .refused
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if current == served || refused == Some(current) {
            continue;
        }
        if !state.reindexer().try_claim() {
            continue;
        }
        let _running = Running(&state.reindexer().running);
        tracing::info!(
            generation = current,
            served,
            "CURRENT changed on disk; loading the new generation"
        );
        let (corpus, index) = (data.corpus.clone(), data.index.clone());
        if let Err(e) = run(state.clone(), Trigger::Watch, move || {
            app::load_current(&corpus, &index)
        })
        .await
        {
            if !matches!(e, Error::Busy(_)) {
                tracing::warn!(
                    generation = current,
                    error = %crate::redact::redact(&e.to_string()),
                    "not switching to the new generation; still serving the old one"
                );
                *state
                    .reindexer()
                    .refused
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = Some(current);
            }
        }
    }
}
