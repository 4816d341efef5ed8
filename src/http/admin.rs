//! Admin routes: `POST /api/admin/reindex` (build, check and serve a new
//! index generation) and `GET /api/admin/reindex` (what is served, whether a
//! build runs, the last outcome).
//!
//! They exist only when an admin key is configured, need it on every request
//! (`Authorization: Bearer <key>`, or `X-Admin-Key: <key>`; compared in
//! constant time), never get CORS headers, and can be moved to a listener of
//! their own (`--admin-addr`, e.g. `127.0.0.1:9090`). A refused attempt is
//! logged without the key it tried.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::error::{ApiError, ErrorKind};
use super::reload::{self, ReindexReport};
use super::state::AppState;

/// The key a request presents, if any.
fn presented_key(headers: &HeaderMap) -> Option<&[u8]> {
    if let Some(v) = headers.get(header::AUTHORIZATION) {
        let v = v.as_bytes();
        let scheme = b"bearer ";
        if v.len() > scheme.len() && v[..scheme.len()].eq_ignore_ascii_case(scheme) {
            return Some(v[scheme.len()..].trim_ascii());
        }
        return None;
    }
    headers
        .get("x-admin-key")
        .map(|v| v.as_bytes().trim_ascii())
}

/// Middleware: the admin key, or `401 unauthorized`.
pub async fn require_admin_key(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let Some(key) = state.policy().admin_key.as_ref() else {
        return ApiError::new(ErrorKind::NotFound).into_response();
    };
    match presented_key(req.headers()) {
        Some(candidate) if key.matches(candidate) => next.run(req).await,
        presented => {
            tracing::warn!(key_presented = presented.is_some(), "admin request refused");
            ApiError::new(ErrorKind::Unauthorized).into_response()
        }
    }
}

/// `POST /api/admin/reindex`.
pub async fn reindex(State(state): State<AppState>) -> Result<Json<ReindexReport>, ApiError> {
    reload::reindex(&state).await.map(Json)
}

/// `GET /api/admin/reindex`.
pub async fn status(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "generation": state.generation(),
        "running": state.reindexer().is_running(),
        "last": state.reindexer().last(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_key_comes_from_bearer_or_x_admin_key() {
        let mut h = HeaderMap::new();
        assert_eq!(presented_key(&h), None);
        h.insert("x-admin-key", HeaderValue::from_static(" k1 "));
        assert_eq!(presented_key(&h), Some(&b"k1"[..]));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer k2"));
        assert_eq!(presented_key(&h), Some(&b"k2"[..]));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic k2"));
        assert_eq!(presented_key(&h), None);
    }
}
