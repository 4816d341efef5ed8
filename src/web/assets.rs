//! The static files, compiled into the binary from the top-level `web/`
//! folder: one stylesheet, one script for the pages, the widget loader for
//! other sites, the icon.

use axum::http::header;
use axum::response::IntoResponse;

pub const CSS: &str = include_str!("../../web/motcua.css");
pub const JS: &str = include_str!("../../web/motcua.js");
pub const WIDGET_JS: &str = include_str!("../../web/widget.js");
pub const ICON: &str = include_str!("../../web/icon.svg");

/// Short enough that a new release is picked up within minutes.
const CACHE: &str = "public, max-age=300";

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        CSS,
    )
}

pub async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        JS,
    )
}

/// `GET /widget.js`: loaded by other sites' pages with a plain script tag.
pub async fn widget_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        WIDGET_JS,
    )
}

pub async fn icon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, CACHE),
        ],
        ICON,
    )
}
