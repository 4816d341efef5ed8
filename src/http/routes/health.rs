//! Liveness and readiness probes.
//!
//! `/healthz` answers as soon as the process serves HTTP; `/readyz` only once
//! the index is loaded (a load balancer sends traffic from then on).

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::http::error::ApiError;
use crate::http::state::AppState;

/// `GET /healthz` → `{"status":"ok"}`.
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /readyz` → `{"status":"ready","procedures":N,"documents":M}`, or
/// `503 not_ready` while the index loads.
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let assistant = state.assistant()?;
    let corpus = assistant.corpus();
    Ok(Json(json!({
        "status": "ready",
        "procedures": corpus.procedures.len(),
        "documents": corpus.documents.len(),
    })))
}
