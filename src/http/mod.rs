//! The HTTP API — the only module that knows axum, hyper or tokio.
//!
//! [`router`] is the whole application as a `tower::Service` (what the tests
//! drive with `oneshot`); [`serve`] puts it on a socket with the timeouts a
//! public server needs. Routes, error codes and limits are published as
//! OpenAPI 3 at `GET /api/openapi.json` ([`openapi`]).
//!
//! Layers, outermost first: security headers → JSON error safety net →
//! access log and metrics → body limit → (public API) CORS → rate limit →
//! request deadline → routes; (admin) rate limit → admin key → routes;
//! (webhooks) body limit of their own → request deadline → secret → route.
//! Admin routes and `/metrics` are on the public router unless
//! `--admin-addr` gives them a listener of their own ([`admin_router`]).

pub mod access_log;
pub mod admin;
pub mod answer_cache;
pub mod error;
pub mod extract;
pub mod headers;
pub mod limits;
pub mod metrics;
pub mod openapi;
pub mod policy;
pub mod rate_limit;
pub mod reload;
pub mod routes;
pub mod serve;
pub mod state;
pub mod timeout;
pub mod workers;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderValue;
use axum::middleware::{from_fn_with_state, map_response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use error::{ApiError, ErrorKind};
pub use limits::Limits;
pub use policy::Policy;
pub use state::AppState;

/// How long an admin request may take (a national-size rebuild takes tens
/// of seconds on a small server); the public deadline does not apply.
pub const ADMIN_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(600);

/// The application: every public route, fallback and layer — and the admin
/// routes and `/metrics` unless the policy puts them on their own listener.
pub fn router(state: AppState) -> Router {
    let request_timeout = state.limits().request_timeout;
    let api = Router::new()
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
        // Before the layers, so CORS also wraps it (preflight requests).
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(from_fn_with_state(
            request_timeout,
            timeout::request_timeout,
        ))
        .layer(from_fn_with_state(state.clone(), rate_limit::rate_limit))
        .layer(cors(&state));
    let api = api.merge(webhooks(&state));
    let app = if state.policy().admin_separate {
        api
    } else {
        api.merge(admin_routes(&state))
    };
    // Web pages answer errors in HTML, so they join after the JSON net; they
    // share the rate limit, CORS and the access log / metrics.
    let web = crate::web::routes(state.clone())
        .layer(from_fn_with_state(state.clone(), rate_limit::rate_limit))
        .layer(cors(&state))
        .layer(from_fn_with_state(state.clone(), access_log::access_log));
    secure(finish(app, &state).merge(web), state)
}

/// The admin listener's application (`--admin-addr`): admin routes and
/// `/metrics` only.
pub fn admin_router(state: AppState) -> Router {
    secure(finish(admin_routes(&state), &state), state)
}

/// The messaging webhooks that are configured (`/webhooks/telegram` with
/// its secret): no CORS (servers call them, not browsers), exempt from the
/// per-client rate limit, a larger body limit than the API's.
fn webhooks(state: &AppState) -> Router<AppState> {
    let mut hooks = Router::new();
    if state.policy().telegram_secret.is_some() {
        hooks = hooks
            .route("/webhooks/telegram", post(routes::telegram::webhook))
            .route_layer(from_fn_with_state(
                state.clone(),
                routes::telegram::require_secret,
            ))
            .layer(DefaultBodyLimit::max(routes::telegram::MAX_UPDATE_BYTES))
            .layer(from_fn_with_state(
                state.limits().request_timeout,
                timeout::request_timeout,
            ));
    }
    hooks
}

/// `/metrics`, and the key-protected admin routes when a key is set.
fn admin_routes(state: &AppState) -> Router<AppState> {
    let mut admin = Router::new();
    if state.policy().admin_key.is_some() {
        admin = admin
            .route(
                "/api/admin/reindex",
                post(admin::reindex).get(admin::status),
            )
            .route_layer(from_fn_with_state(state.clone(), admin::require_admin_key))
            .layer(from_fn_with_state(
                ADMIN_REQUEST_TIMEOUT,
                timeout::request_timeout,
            ))
            .layer(from_fn_with_state(state.clone(), rate_limit::rate_limit));
    }
    admin.route("/metrics", get(metrics::metrics))
}

/// CORS for the public API and pages: browsers on `--cors-origins` or on
/// the commune profile's `widget_origins` may call; other origins get no
/// CORS headers (the browser keeps its same-origin rule). Never applied to
/// admin routes or `/metrics`.
fn cors(state: &AppState) -> CorsLayer {
    let state = state.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            if state.policy().cors_origins.iter().any(|o| o == origin) {
                return true;
            }
            let Ok(origin) = origin.to_str() else {
                return false;
            };
            state.assistant().is_ok_and(|a| {
                crate::web::widget::allowed_origins(a.profile()).any(|o| o == origin)
            })
        }))
        .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
        .allow_headers([axum::http::header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600))
}

/// Fallbacks and the layers every JSON route shares.
fn finish(app: Router<AppState>, state: &AppState) -> Router<AppState> {
    app.fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(limits::MAX_BODY_BYTES))
        .layer(from_fn_with_state(state.clone(), access_log::access_log))
        .layer(map_response(error::ensure_json_error))
}

/// Security headers on everything, then the state.
fn secure(app: Router<AppState>, state: AppState) -> Router {
    headers::security_headers()
        .fold(app, |app, layer| app.layer(layer))
        .with_state(state)
}
