//! The whole-request deadline: a request not answered within it gets
//! `503 timeout` (JSON, `Retry-After: 1`) and its future is dropped.
//!
//! tower-http's `TimeoutLayer::with_status_code` answers with an empty body;
//! this middleware answers through [`ApiError`] so the body has the shape of
//! every other error. Blocking work already started finishes on its thread
//! (see [`super::workers`]).

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, ErrorKind};

pub async fn request_timeout(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ApiError::new(ErrorKind::Timeout).into_response(),
    }
}
