//! The HTTP API — the only module that knows axum, hyper or tokio.
//!
//! [`router`] is the whole application as a `tower::Service` (what the tests
//! drive with `oneshot`); [`serve`] puts it on a socket with the timeouts a
//! public server needs. Routes, error codes and limits are published as
//! OpenAPI 3 at `GET /api/openapi.json` ([`openapi`]).
//!
//! Layers, outermost first: security headers → JSON error safety net →
//! access log → request deadline → body limit → routes.

pub mod access_log;
pub mod error;
pub mod extract;
pub mod headers;
pub mod limits;
pub mod openapi;
pub mod routes;
pub mod serve;
pub mod state;
pub mod timeout;
pub mod workers;

use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state, map_response};
use axum::routing::{get, post};
use axum::Router;

pub use error::{ApiError, ErrorKind};
pub use limits::Limits;
pub use state::AppState;

/// The application: every route, fallback and layer.
pub fn router(state: AppState) -> Router {
    let request_timeout = state.limits().request_timeout;
    let app = Router::new()
        .route("/api/chat", post(routes::chat::chat))
        .route("/api/search", get(routes::search::search))
        .route("/api/procedures", get(routes::procedures::list))
        .route("/api/procedures/{code}", get(routes::procedures::show))
        .route("/api/documents/{number}", get(routes::documents::show))
        .route(
            "/api/documents/{number}/articles/{article}",
            get(routes::documents::article),
        )
        .route("/api/openapi.json", get(openapi::document))
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(limits::MAX_BODY_BYTES))
        .layer(from_fn_with_state(
            request_timeout,
            timeout::request_timeout,
        ))
        .layer(from_fn(access_log::access_log))
        .layer(map_response(error::ensure_json_error))
        // Web pages answer errors in HTML, so they join after the JSON net.
        .merge(crate::web::routes(state.clone()))
        .layer(crate::web::cors(state.clone()));
    headers::security_headers()
        .fold(app, |app, layer| app.layer(layer))
        .with_state(state)
}
