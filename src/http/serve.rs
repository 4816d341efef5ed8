//! Putting the router on a socket, with the limits a public server needs.
//!
//! Why not `axum::serve`: in axum 0.8 it installs no timer, so hyper's
//! header-read timeout never fires and a client that sends half a request
//! line and stalls holds its connection forever (slowloris). Here each
//! connection is served by hyper's HTTP/1 builder with a `TokioTimer` and an
//! explicit `header_read_timeout`, which also bounds idle keep-alive
//! connections. HTTP/1 only, on purpose: hyper-util's auto (h1/h2) builder
//! first sniffs the HTTP/2 preface with no timeout at all.
//!
//! Also here: a cap on open connections, the peer address recorded for the
//! rate limiter, graceful shutdown on SIGTERM or Ctrl-C bounded by a grace
//! period, and [`run`], what `motcua serve` does (bind, answer `/healthz` at
//! once, load the index, then `/readyz`; an admin listener if configured;
//! the watch on `CURRENT` for generations built by `motcua index`).

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

use super::limits::{Limits, DEFAULT_REQUEST_TIMEOUT};
use super::metrics::OPEN_CONNECTIONS;
use super::policy::{
    AdminKey, Policy, RateLimit, WebhookSecret, DEFAULT_RATE_BURST, DEFAULT_RATE_PER_SECOND,
};
use super::reload::DEFAULT_WATCH_INTERVAL;
use super::state::{AppState, DataDirs};
use crate::error::{Error, Result};

/// Listen address of `motcua serve`.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// Corpus directory.
pub const DEFAULT_CORPUS: &str = "corpus";
/// Index directory (built on first start).
pub const DEFAULT_INDEX: &str = "index";
/// Time a client has to send a request's headers (and idle keep-alive).
pub const DEFAULT_HEADER_TIMEOUT_MS: u64 = 5_000;
/// Whole-request deadline.
pub const DEFAULT_REQUEST_TIMEOUT_MS: u64 = DEFAULT_REQUEST_TIMEOUT.as_millis() as u64;
/// Time requests in flight get to finish after SIGTERM.
pub const DEFAULT_SHUTDOWN_GRACE_MS: u64 = 10_000;
/// Open connections at most; further clients wait in the listen backlog.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1_024;
/// Read buffer per connection, which bounds the request line and headers:
/// room for a 2,000-character Vietnamese query fully percent-encoded
/// (≈ 54 KB), and 1,024 connections stay within ≈ 100 MB.
pub const MAX_READ_BUFFER_BYTES: usize = 96 * 1024;

/// `motcua serve` options; each has an environment fallback. Its `Debug`
/// hides the admin key.
#[derive(Clone, clap::Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "MOTCUA_ADDR", default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// Corpus directory.
    #[arg(long, env = "MOTCUA_CORPUS", default_value = DEFAULT_CORPUS)]
    pub corpus: PathBuf,
    /// Index directory (built when missing or older than the corpus).
    #[arg(long, env = "MOTCUA_INDEX", default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Milliseconds a client has to send the request headers.
    #[arg(long, env = "MOTCUA_HEADER_TIMEOUT_MS", default_value_t = DEFAULT_HEADER_TIMEOUT_MS)]
    pub header_timeout_ms: u64,
    /// Milliseconds before a request is answered `503 timeout`.
    #[arg(long, env = "MOTCUA_REQUEST_TIMEOUT_MS", default_value_t = DEFAULT_REQUEST_TIMEOUT_MS)]
    pub request_timeout_ms: u64,
    /// Milliseconds requests in flight get to finish on shutdown.
    #[arg(long, env = "MOTCUA_SHUTDOWN_GRACE_MS", default_value_t = DEFAULT_SHUTDOWN_GRACE_MS)]
    pub shutdown_grace_ms: u64,
    /// Searches running at once (0: two per core).
    #[arg(long, env = "MOTCUA_WORKERS", default_value_t = 0)]
    pub workers: usize,
    /// Open connections at most.
    #[arg(long, env = "MOTCUA_MAX_CONNECTIONS", default_value_t = DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Admin key (16+ visible ASCII characters); admin routes exist only
    /// when a key is set. Prefer `--admin-key-file` (not in `ps`).
    #[arg(long, env = "MOTCUA_ADMIN_KEY", hide_env_values = true)]
    pub admin_key: Option<String>,
    /// File holding the admin key.
    #[arg(long, env = "MOTCUA_ADMIN_KEY_FILE", conflicts_with = "admin_key")]
    pub admin_key_file: Option<PathBuf>,
    /// Serve the admin routes and `/metrics` on this address only (e.g.
    /// 127.0.0.1:9090) instead of on the public one.
    #[arg(long, env = "MOTCUA_ADMIN_ADDR")]
    pub admin_addr: Option<SocketAddr>,
    /// Browser origins allowed to call the API (CORS), comma-separated, e.g.
    /// https://xahatmon.hanoi.gov.vn; none: no CORS.
    #[arg(long, env = "MOTCUA_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// Reverse proxies whose X-Forwarded-For is believed: addresses or
    /// networks, comma-separated (e.g. 127.0.0.1,10.0.0.0/8); none: the TCP
    /// peer is the client.
    #[arg(long, env = "MOTCUA_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// Requests per second each client may sustain (0: no rate limit).
    #[arg(long, env = "MOTCUA_RATE_LIMIT_RPS", default_value_t = DEFAULT_RATE_PER_SECOND)]
    pub rate_limit_rps: f64,
    /// Requests a client may send at once.
    #[arg(long, env = "MOTCUA_RATE_LIMIT_BURST", default_value_t = DEFAULT_RATE_BURST)]
    pub rate_limit_burst: u32,
    /// Secret token of the Telegram webhook (`POST /webhooks/telegram`,
    /// given to Telegram's setWebhook as `secret_token`); the webhook exists
    /// only when set. Prefer `--telegram-secret-file`.
    #[arg(long, env = "MOTCUA_TELEGRAM_SECRET", hide_env_values = true)]
    pub telegram_secret: Option<String>,
    /// File holding the Telegram webhook's secret token.
    #[arg(
        long,
        env = "MOTCUA_TELEGRAM_SECRET_FILE",
        conflicts_with = "telegram_secret"
    )]
    pub telegram_secret_file: Option<PathBuf>,
    /// Milliseconds between looks at the index's CURRENT for a generation
    /// built by `motcua index` (0: do not watch).
    #[arg(long, env = "MOTCUA_WATCH_INDEX_MS", default_value_t = DEFAULT_WATCH_INTERVAL.as_millis() as u64)]
    pub watch_index_ms: u64,
}

impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeConfig")
            .field("addr", &self.addr)
            .field("corpus", &self.corpus)
            .field("index", &self.index)
            .field("admin_key", &self.admin_key.as_ref().map(|_| "…"))
            .field("admin_key_file", &self.admin_key_file)
            .field("admin_addr", &self.admin_addr)
            .field(
                "telegram_secret",
                &self.telegram_secret.as_ref().map(|_| "…"),
            )
            .field("telegram_secret_file", &self.telegram_secret_file)
            .field("cors_origins", &self.cors_origins)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("rate_limit_rps", &self.rate_limit_rps)
            .field("rate_limit_burst", &self.rate_limit_burst)
            .finish_non_exhaustive()
    }
}

impl ServeConfig {
    /// The router's limits.
    pub fn limits(&self) -> Limits {
        let mut limits = if self.workers == 0 {
            Limits::for_this_machine()
        } else {
            Limits::with_workers(self.workers)
        };
        limits.request_timeout = Duration::from_millis(self.request_timeout_ms);
        limits
    }

    /// The security policy, or why the options are wrong.
    pub fn policy(&self) -> Result<Policy> {
        let key = secret(&self.admin_key, &self.admin_key_file, AdminKey::new)?;
        let telegram_secret = secret(
            &self.telegram_secret,
            &self.telegram_secret_file,
            WebhookSecret::new,
        )?;
        if self.admin_addr.is_some() && key.is_none() {
            tracing::warn!("--admin-addr without an admin key: it serves /metrics only");
        }
        let rate_limit = (self.rate_limit_rps > 0.0).then_some(RateLimit {
            per_second: self.rate_limit_rps,
            burst: self.rate_limit_burst.max(1),
        });
        Ok(Policy {
            admin_key: key,
            admin_separate: self.admin_addr.is_some(),
            cors_origins: Policy::parse_origins(&self.cors_origins)?,
            trusted_proxies: Policy::parse_proxies(&self.trusted_proxies)?,
            rate_limit,
            telegram_secret,
        })
    }

    /// The socket-level options.
    pub fn server_options(&self) -> ServerOptions {
        ServerOptions {
            header_read_timeout: Duration::from_millis(self.header_timeout_ms),
            shutdown_grace: Duration::from_millis(self.shutdown_grace_ms),
            max_connections: self.max_connections.max(1),
        }
    }
}

/// A secret given on the command line (or in the environment) or in a
/// file, checked by `parse`; `None` when neither is given.
fn secret<T>(
    value: &Option<String>,
    file: &Option<PathBuf>,
    parse: impl Fn(&str) -> Result<T>,
) -> Result<Option<T>> {
    match (value, file) {
        (Some(v), _) => parse(v).map(Some),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            parse(&text).map(Some)
        }
        (None, None) => Ok(None),
    }
}

/// Socket-level limits.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub header_read_timeout: Duration,
    pub shutdown_grace: Duration,
    pub max_connections: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            header_read_timeout: Duration::from_millis(DEFAULT_HEADER_TIMEOUT_MS),
            shutdown_grace: Duration::from_millis(DEFAULT_SHUTDOWN_GRACE_MS),
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// Serve `app` on `listener` until `shutdown` completes, then stop
/// accepting, let requests in flight finish for up to `shutdown_grace`, and
/// close whatever remains.
pub async fn serve<F>(
    listener: TcpListener,
    app: Router,
    options: ServerOptions,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send,
{
    let (stop_tx, stop_rx) = watch::channel(false);
    let slots = Arc::new(Semaphore::new(options.max_connections));
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        while connections.try_join_next().is_some() {}
        let slot = tokio::select! {
            _ = &mut shutdown => break,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: back off, keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let (stream, peer) = stream;
        connections.spawn(serve_connection(
            stream,
            peer,
            app.clone(),
            options.header_read_timeout,
            stop_rx.clone(),
            slot,
        ));
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(options.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            open = connections.len(),
            "shutdown grace elapsed; closing the remaining connections"
        );
        connections.shutdown().await;
    }
    Ok(())
}

/// Counts an open connection for `/metrics` while it lives.
struct Open;

impl Open {
    fn new() -> Open {
        OPEN_CONNECTIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Open
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        OPEN_CONNECTIONS.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    header_read_timeout: Duration,
    mut stop: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let _open = Open::new();
    let _ = stream.set_nodelay(true);
    // The peer address, for the rate limiter (axum's `ConnectInfo`).
    let app = tower::ServiceBuilder::new()
        .map_request(move |mut req: axum::http::Request<hyper::body::Incoming>| {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            req
        })
        .service(app);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .max_buf_size(MAX_READ_BUFFER_BYTES)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(conn);
    let stopping = async move {
        // A closed channel also means stop.
        let _ = stop.wait_for(|stop| *stop).await;
    };
    let result = tokio::select! {
        result = conn.as_mut() => result,
        () = stopping => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = result {
        // Header timeouts, resets, malformed requests: the client's business.
        tracing::debug!(error = %e, "connection closed with an error");
    }
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}

/// `motcua serve`: bind (failing fast if an address is taken), answer
/// `/healthz` at once, load the corpus and index (building it if needed),
/// then report ready and serve until SIGTERM or Ctrl-C. With `--admin-addr`,
/// a second listener serves the admin routes and `/metrics`; unless
/// `--watch-index-ms 0`, generations switched on disk by `motcua index` are
/// picked up.
pub async fn run(config: ServeConfig) -> Result<()> {
    let policy = config.policy()?;
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|e| Error::Config(format!("cannot listen on {}: {e}", config.addr)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Config(format!("listener address: {e}")))?;
    let admin_listener = match config.admin_addr {
        Some(a) => Some(
            TcpListener::bind(a)
                .await
                .map_err(|e| Error::Config(format!("cannot listen on {a}: {e}")))?,
        ),
        None => None,
    };
    let data = DataDirs {
        corpus: config.corpus.clone(),
        index: config.index.clone(),
    };
    let state = AppState::new(config.limits(), policy, Some(data));
    let (stop_tx, stop_rx) = watch::channel(false);
    let stopped = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    // SIGTERM / Ctrl-C sets the stop flag every task follows.
    let signal_tx = stop_tx.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = signal_tx.send(true);
    });
    let mut server = tokio::spawn(serve(
        listener,
        super::router(state.clone()),
        config.server_options(),
        stopped(stop_rx.clone()),
    ));
    let admin_server = admin_listener.map(|l| {
        if let Ok(a) = l.local_addr() {
            tracing::info!("admin routes and /metrics on http://{a}");
        }
        tokio::spawn(serve(
            l,
            super::admin_router(state.clone()),
            config.server_options(),
            stopped(stop_rx.clone()),
        ))
    });
    tracing::info!("listening on http://{addr} — loading the corpus and index");

    let (corpus, index) = (config.corpus.clone(), config.index.clone());
    let load = tokio::task::spawn_blocking(move || crate::app::load_generation(&corpus, &index));
    let result = tokio::select! {
        loaded = load => {
            let loaded = loaded
                .map_err(|e| Error::Index(format!("loading stopped: {e}")))
                .and_then(|r| r);
            match loaded {
                Ok(loaded) => {
                    let corpus = loaded.assistant.corpus();
                    let (procedures, documents) = (corpus.procedures.len(), corpus.documents.len());
                    let generation = loaded.generation.number;
                    state.publish(Arc::new(loaded.assistant), generation);
                    tracing::info!(procedures, documents, generation, "ready on http://{addr}");
                    if config.watch_index_ms > 0 {
                        tokio::spawn(super::reload::watch_generations(
                            state.clone(),
                            Duration::from_millis(config.watch_index_ms),
                            stop_rx.clone(),
                        ));
                    }
                    finished(server.await)
                }
                Err(e) => {
                    let _ = stop_tx.send(true);
                    let _ = server.await;
                    Err(e)
                }
            }
        }
        served = &mut server => finished(served),
    };
    let _ = stop_tx.send(true);
    if let Some(admin) = admin_server {
        let _ = admin.await;
    }
    result
}

fn finished(
    served: std::result::Result<std::io::Result<()>, tokio::task::JoinError>,
) -> Result<()> {
    match served {
        Ok(Ok(())) => {
            tracing::info!("server stopped");
            Ok(())
        }
        Ok(Err(e)) => Err(Error::Config(format!("server: {e}"))),
        Err(e) => Err(Error::Config(format!("server task: {e}"))),
    }
}

/// [`run`] on its own runtime, for the command line. On return, blocking
/// work still running (an index build interrupted by SIGTERM) gets one
/// second before the process exits anyway. A panic is logged with its
/// location only: its message could quote a citizen's text.
pub fn run_blocking(config: ServeConfig) -> Result<()> {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map_or_else(
            || "unknown".to_string(),
            |l| format!("{}:{}", l.file(), l.line()),
        );
        tracing::error!(%location, "panic (message withheld: it may quote a request)");
    }));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Config(format!("tokio runtime: {e}")))?;
    let result = runtime.block_on(run(config));
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}
