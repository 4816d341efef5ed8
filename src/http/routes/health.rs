//! Liveness and readiness probes.
//!
//! `/healthz` answers as soon as the process serves HTTP; `/readyz` only once
//! the index is loaded (a load balancer sends traffic from then on), with
//! the generation served.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::http::error::{ApiError, ErrorKind};
use crate::http::state::AppState;

/// `GET /healthz` → `{"status":"ok"}`.
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /readyz` → `{"status":"ready","procedures":N,"documents":M,"generation":G}`,
/// or `503 not_ready` while the index loads.
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let served = state
        .served()
        .ok_or_else(|| ApiError::new(ErrorKind::NotReady))?;
    let corpus = served.assistant.corpus();
    Ok(Json(json!({
        "status": "ready",
        "procedures": corpus.procedures.len(),
        "documents": corpus.documents.len(),
        "generation": served.generation,
    })))
}
