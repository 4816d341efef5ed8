//! Prometheus metrics, kept in memory and rendered as the text exposition
//! format at `GET /metrics` (written by hand: a few counters, gauges and
//! histograms do not need a client library).
//!
//! Label values are bounded and never come from a client's text: routes are
//! the router's *templates* (`/api/procedures/{code}`, or `<unmatched>`),
//! methods are the standard ones (else `OTHER`), statuses are numbers.
//!
//! | metric | type | labels |
//! |---|---|---|
//! | `motcua_http_requests_total` | counter | `route`, `method`, `status` |
//! | `motcua_http_request_duration_seconds` | histogram | `route` |
//! | `motcua_http_requests_in_flight` | gauge | |
//! | `motcua_http_connections_open` | gauge | |
//! | `motcua_rate_limited_total` | counter | |
//! | `motcua_search_workers_busy` | gauge | |
//! | `motcua_search_queue_depth` | gauge | |
//! | `motcua_search_overloaded_total` | counter | |
//! | `motcua_chat_turns_total` | counter | |
//! | `motcua_chat_abstentions_total` | counter | |
//! | `motcua_index_ready` | gauge | |
//! | `motcua_index_generation` | gauge | |
//! | `motcua_index_documents` | gauge | `kind` (`procedure`, `article`) |
//! | `motcua_reindex_total` | counter | `result` (`ok`, `failed`, `busy`) |
//! | `motcua_reindex_last_duration_seconds` | gauge | |
//! | `motcua_process_resident_memory_bytes` | gauge | |
//! | `motcua_process_start_time_seconds` | gauge | |

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};

use super::state::AppState;

/// Upper bounds of the latency histogram buckets, in seconds.
pub const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Open TCP connections of the process (counted by [`super::serve`]).
pub static OPEN_CONNECTIONS: AtomicU64 = AtomicU64::new(0);

#[derive(Debug, Default)]
struct RouteStats {
    /// (method, status) → count.
    counts: BTreeMap<(&'static str, u16), u64>,
    /// Per bucket (not cumulative) and one for +Inf.
    buckets: [u64; BUCKETS.len() + 1],
    sum_seconds: f64,
    count: u64,
}

/// The registry of one server.
#[derive(Debug)]
pub struct Metrics {
    routes: Mutex<HashMap<String, RouteStats>>,
    in_flight: AtomicU64,
    rate_limited: AtomicU64,
    chat_turns: AtomicU64,
    abstentions: AtomicU64,
    reindex_ok: AtomicU64,
    reindex_failed: AtomicU64,
    reindex_busy: AtomicU64,
    /// f64 bits.
    reindex_last_seconds: AtomicU64,
    started: SystemTime,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            routes: Mutex::new(HashMap::new()),
            in_flight: AtomicU64::new(0),
            rate_limited: AtomicU64::new(0),
            chat_turns: AtomicU64::new(0),
            abstentions: AtomicU64::new(0),
            reindex_ok: AtomicU64::new(0),
            reindex_failed: AtomicU64::new(0),
            reindex_busy: AtomicU64::new(0),
            reindex_last_seconds: AtomicU64::new(0f64.to_bits()),
            started: SystemTime::now(),
        }
    }
}

/// Outcome of a reindex, for `motcua_reindex_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReindexResult {
    Ok,
    Failed,
    Busy,
}

/// Decrements the in-flight gauge when dropped (also when the request's
/// future is dropped by a timeout).
pub struct InFlight<'a>(&'a AtomicU64);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    pub fn request_started(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(&self.in_flight)
    }

    /// Record one answered request.
    pub fn observe(&self, route: &str, method: &Method, status: u16, latency: Duration) {
        let method = method_label(method);
        let seconds = latency.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|&b| seconds <= b)
            .unwrap_or(BUCKETS.len());
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        let stats = match routes.get_mut(route) {
            Some(s) => s,
            None => routes.entry(route.to_string()).or_default(),
        };
        *stats.counts.entry((method, status)).or_insert(0) += 1;
        stats.buckets[bucket] += 1;
        stats.sum_seconds += seconds;
        stats.count += 1;
    }

    pub fn rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    /// One chat turn answered; `abstained` when the assistant admitted not
    /// knowing (social talk is no abstention).
    pub fn chat_turn(&self, abstained: bool) {
        self.chat_turns.fetch_add(1, Ordering::Relaxed);
        if abstained {
            self.abstentions.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn reindex(&self, result: ReindexResult, took: Duration) {
        let counter = match result {
            ReindexResult::Ok => &self.reindex_ok,
            ReindexResult::Failed => &self.reindex_failed,
            ReindexResult::Busy => &self.reindex_busy,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if result != ReindexResult::Busy {
            self.reindex_last_seconds
                .store(took.as_secs_f64().to_bits(), Ordering::Relaxed);
        }
    }

    /// The text exposition of everything, with the state's gauges.
    pub fn render(&self, state: &AppState) -> String {
        let mut out = String::with_capacity(8 * 1024);
        {
            let routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
            let mut names: Vec<&String> = routes.keys().collect();
            names.sort();
            header(
                &mut out,
                "motcua_http_requests_total",
                "counter",
                "HTTP requests answered, by route template, method and status.",
            );
            for name in &names {
                for ((method, status), n) in &routes[*name].counts {
                    let _ = writeln!(
                        out,
                        "motcua_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                        escape(name)
                    );
                }
            }
            header(
                &mut out,
                "motcua_http_request_duration_seconds",
                "histogram",
                "Time from request to response, by route template.",
            );
            for name in &names {
                let s = &routes[*name];
                let route = escape(name);
                let mut cumulative = 0;
                for (i, le) in BUCKETS.iter().enumerate() {
                    cumulative += s.buckets[i];
                    let _ = writeln!(
                        out,
                        "motcua_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {cumulative}"
                    );
                }
                cumulative += s.buckets[BUCKETS.len()];
                let _ = writeln!(
                    out,
                    "motcua_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {cumulative}"
                );
                let _ = writeln!(
                    out,
                    "motcua_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    s.sum_seconds
                );
                let _ = writeln!(
                    out,
                    "motcua_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    s.count
                );
            }
        }
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        gauge(
            &mut out,
            "motcua_http_requests_in_flight",
            "gauge",
            "Requests being answered.",
            load(&self.in_flight),
        );
        gauge(
            &mut out,
            "motcua_http_connections_open",
            "gauge",
            "Open TCP connections.",
            load(&OPEN_CONNECTIONS),
        );
        gauge(
            &mut out,
            "motcua_rate_limited_total",
            "counter",
            "Requests refused by the per-client rate limit.",
            load(&self.rate_limited),
        );
        let workers = state.workers();
        gauge(
            &mut out,
            "motcua_search_workers_busy",
            "gauge",
            "Searches and chat turns running.",
            workers.busy() as u64,
        );
        gauge(
            &mut out,
            "motcua_search_queue_depth",
            "gauge",
            "Requests waiting for a search worker.",
            workers.queued() as u64,
        );
        gauge(
            &mut out,
            "motcua_search_overloaded_total",
            "counter",
            "Requests refused because the search queue was full.",
            workers.refused(),
        );
        gauge(
            &mut out,
            "motcua_chat_turns_total",
            "counter",
            "Chat turns answered.",
            load(&self.chat_turns),
        );
        gauge(
            &mut out,
            "motcua_chat_abstentions_total",
            "counter",
            "Chat turns answered without a procedure (not sure / out of scope).",
            load(&self.abstentions),
        );
        let served = state.served();
        gauge(
            &mut out,
            "motcua_index_ready",
            "gauge",
            "1 once an index generation is loaded.",
            u64::from(served.is_some()),
        );
        gauge(
            &mut out,
            "motcua_index_generation",
            "gauge",
            "Index generation being served.",
            served.as_ref().map_or(0, |s| s.generation),
        );
        header(
            &mut out,
            "motcua_index_documents",
            "gauge",
            "Records in the served index, by kind.",
        );
        if let Some(s) = &served {
            let m = s.assistant.engine().manifest();
            let _ = writeln!(
                out,
                "motcua_index_documents{{kind=\"procedure\"}} {}",
                m.procedures
            );
            let _ = writeln!(
                out,
                "motcua_index_documents{{kind=\"article\"}} {}",
                m.articles
            );
        }
        header(
            &mut out,
            "motcua_reindex_total",
            "counter",
            "Reindex attempts, by result.",
        );
        for (result, n) in [
            ("ok", &self.reindex_ok),
            ("failed", &self.reindex_failed),
            ("busy", &self.reindex_busy),
        ] {
            let _ = writeln!(
                out,
                "motcua_reindex_total{{result=\"{result}\"}} {}",
                load(n)
            );
        }
        header(
            &mut out,
            "motcua_reindex_last_duration_seconds",
            "gauge",
            "Duration of the last reindex that ran.",
        );
        let _ = writeln!(
            out,
            "motcua_reindex_last_duration_seconds {}",
            f64::from_bits(load(&self.reindex_last_seconds))
        );
        if let Some(rss) = resident_memory_bytes() {
            gauge(
                &mut out,
                "motcua_process_resident_memory_bytes",
                "gauge",
                "Resident set size of the process.",
                rss,
            );
        }
        let started = self
            .started
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        gauge(
            &mut out,
            "motcua_process_start_time_seconds",
            "gauge",
            "Start time of the process, Unix seconds.",
            started,
        );
        out
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn gauge(out: &mut String, name: &str, kind: &str, help: &str, value: u64) {
    header(out, name, kind, help);
    let _ = writeln!(out, "{name} {value}");
}

fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        _ => "OTHER",
    }
}

/// Label value escaping (backslash, quote, newline).
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Resident set size from `/proc/self/statm` (Linux); `None` elsewhere.
pub fn resident_memory_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let body = state.metrics().render(&state);
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative_and_counts_add_up() {
        let m = Metrics::default();
        m.observe("/api/chat", &Method::POST, 200, Duration::from_millis(3));
        m.observe("/api/chat", &Method::POST, 200, Duration::from_secs(60));
        m.observe("/api/chat", &Method::POST, 400, Duration::from_micros(10));
        let state = AppState::loading(crate::http::Limits::with_workers(1));
        let text = m.render(&state);
        assert!(text.contains(
            "motcua_http_requests_total{route=\"/api/chat\",method=\"POST\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "motcua_http_request_duration_seconds_bucket{route=\"/api/chat\",le=\"0.005\"} 2"
        ));
        assert!(text.contains(
            "motcua_http_request_duration_seconds_bucket{route=\"/api/chat\",le=\"+Inf\"} 3"
        ));
        assert!(text.contains("motcua_http_request_duration_seconds_count{route=\"/api/chat\"} 3"));
        assert!(text.contains("motcua_index_ready 0"));
    }
}
