//! Security headers on every response, errors included.
//!
//! Set only when absent, so a route that serves HTML (the web pages, later)
//! can send its own `Content-Security-Policy` and `X-Frame-Options`.

use axum::http::{header, HeaderName, HeaderValue};
use tower_http::set_header::SetResponseHeaderLayer;

/// CSP for API responses: JSON is never rendered, framed or scripted.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The headers, as `(name, value)`.
pub const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::CONTENT_SECURITY_POLICY, API_CSP),
];

/// One layer per header of [`SECURITY_HEADERS`].
pub fn security_headers() -> impl Iterator<Item = SetResponseHeaderLayer<HeaderValue>> {
    SECURITY_HEADERS.into_iter().map(|(name, value)| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    })
}
