//! The HTTP API — the only module that knows axum, hyper or tokio.
//!
//! Plumbing first (errors, limits, worker pool, middleware, OpenAPI); the
//! routes and the server land with the engine.

pub mod access_log;
pub mod error;
pub mod extract;
pub mod headers;
pub mod limits;
pub mod openapi;
pub mod timeout;
pub mod workers;

pub use error::{ApiError, ErrorKind};
pub use limits::Limits;
