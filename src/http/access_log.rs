//! One log line per request: method, route *template*, status, latency; the
//! same request counted in [`super::metrics`].
//!
//! Deliberately not logged: the path's parameters beyond the template, the
//! query string (only its length), bodies and headers — a citizen's question
//! or an ID number must never reach the logs in clear.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::state::AppState;

pub async fn access_log(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let _in_flight = state.metrics().request_started();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "<unmatched>".to_string(), |p| p.as_str().to_string());
    let query_len = req.uri().query().map_or(0, str::len);
    let res = next.run(req).await;
    let latency = start.elapsed();
    state
        .metrics()
        .observe(&route, &method, res.status().as_u16(), latency);
    tracing::info!(
        target: "motcua::http",
        method = %method,
        route = %route,
        status = res.status().as_u16(),
        latency_ms = %format_args!("{:.1}", latency.as_secs_f64() * 1000.0),
        query_len,
        "request"
    );
    res
}
