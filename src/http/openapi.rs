//! The published contract: `GET /api/openapi.json` serves `openapi.json`
//! (hand-written, committed next to this file). Tests check that it lists
//! every route and every error code of [`super::error::ErrorKind`].

use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI 3 document, verbatim.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// `GET /api/openapi.json`.
pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}
