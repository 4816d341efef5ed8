//! One log line per request: method, route *template*, status, latency.
//!
//! Deliberately not logged: the path's parameters beyond the template, the
//! query string (only its length), bodies and headers — a citizen's question
//! or an ID number must never reach the logs in clear.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

pub async fn access_log(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "<unmatched>".to_string(), |p| p.as_str().to_string());
    let query_len = req.uri().query().map_or(0, str::len);
    let res = next.run(req).await;
    tracing::info!(
        target: "motcua::http",
        method = %method,
        route = %route,
        status = res.status().as_u16(),
        latency_ms = %format_args!("{:.1}", start.elapsed().as_secs_f64() * 1000.0),
        query_len,
        "request"
    );
    res
}
