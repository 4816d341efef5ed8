//! Every error the API can answer, in one table: kind → (HTTP status, stable
//! snake_case code, default message), and the single JSON shape they share:
//!
//! ```json
//! {"error": {"code": "empty_message", "message": "The message is empty."}}
//! ```
//!
//! axum's own rejections (JSON syntax, content type, body limit, query and
//! path parsing) are converted here, so a client never sees a plain-text
//! error. Server errors (5xx) are logged with their cause — never with the
//! citizen's message — and answered with a fixed message that leaks nothing.
//!
//! This module does not decide *when* a request is wrong (the routes do); it
//! only says how each kind of wrong is answered.

use axum::body::Body;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Longest client-facing detail copied from a parser error, in characters.
const MAX_DETAIL_CHARS: usize = 300;

/// What went wrong, as a client can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    EmptyMessage,
    MessageTooLong,
    InvalidJson,
    InvalidRequest,
    InvalidBody,
    UnsupportedMediaType,
    PayloadTooLarge,
    EmptyQuery,
    QueryTooLong,
    InvalidLimit,
    InvalidKind,
    InvalidQuery,
    InvalidPath,
    BadRequest,
    ProcedureNotFound,
    DocumentNotFound,
    ArticleNotFound,
    NotFound,
    MethodNotAllowed,
    RateLimited,
    Unauthorized,
    ReindexRunning,
    ReindexFailed,
    Overloaded,
    Timeout,
    NotReady,
    Internal,
}

impl ErrorKind {
    /// Every kind, for documentation and tests.
    pub const ALL: [ErrorKind; 27] = [
        ErrorKind::EmptyMessage,
        ErrorKind::MessageTooLong,
        ErrorKind::InvalidJson,
        ErrorKind::InvalidRequest,
        ErrorKind::InvalidBody,
        ErrorKind::UnsupportedMediaType,
        ErrorKind::PayloadTooLarge,
        ErrorKind::EmptyQuery,
        ErrorKind::QueryTooLong,
        ErrorKind::InvalidLimit,
        ErrorKind::InvalidKind,
        ErrorKind::InvalidQuery,
        ErrorKind::InvalidPath,
        ErrorKind::BadRequest,
        ErrorKind::ProcedureNotFound,
        ErrorKind::DocumentNotFound,
        ErrorKind::ArticleNotFound,
        ErrorKind::NotFound,
        ErrorKind::MethodNotAllowed,
        ErrorKind::RateLimited,
        ErrorKind::Unauthorized,
        ErrorKind::ReindexRunning,
        ErrorKind::ReindexFailed,
        ErrorKind::Overloaded,
        ErrorKind::Timeout,
        ErrorKind::NotReady,
        ErrorKind::Internal,
    ];

    /// The table: status, stable code, default message.
    pub fn row(self) -> (StatusCode, &'static str, &'static str) {
        use ErrorKind::*;
        match self {
            EmptyMessage => (
                StatusCode::BAD_REQUEST,
                "empty_message",
                "The message is empty.",
            ),
            MessageTooLong => (
                StatusCode::BAD_REQUEST,
                "message_too_long",
                "The message is longer than 2000 characters.",
            ),
            InvalidJson => (
                StatusCode::BAD_REQUEST,
                "invalid_json",
                "The request body is not valid JSON.",
            ),
            InvalidRequest => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_request",
                "The JSON body does not match the expected fields and types.",
            ),
            InvalidBody => (
                StatusCode::BAD_REQUEST,
                "invalid_body",
                "The request body could not be read.",
            ),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the body as `Content-Type: application/json`.",
            ),
            PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "The request body is larger than 16 KiB.",
            ),
            EmptyQuery => (
                StatusCode::BAD_REQUEST,
                "empty_query",
                "The query parameter `q` is missing or empty.",
            ),
            QueryTooLong => (
                StatusCode::BAD_REQUEST,
                "query_too_long",
                "The query is longer than 2000 characters.",
            ),
            InvalidLimit => (
                StatusCode::BAD_REQUEST,
                "invalid_limit",
                "`limit` must be a whole number from 1 (values above 50 are lowered to 50).",
            ),
            InvalidKind => (
                StatusCode::BAD_REQUEST,
                "invalid_kind",
                "`kind` must be `article` or `procedure`.",
            ),
            InvalidQuery => (
                StatusCode::BAD_REQUEST,
                "invalid_query",
                "The query string could not be parsed.",
            ),
            InvalidPath => (
                StatusCode::BAD_REQUEST,
                "invalid_path",
                "The URL path could not be parsed.",
            ),
            BadRequest => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                "The request could not be understood.",
            ),
            ProcedureNotFound => (
                StatusCode::NOT_FOUND,
                "procedure_not_found",
                "No procedure has this code.",
            ),
            DocumentNotFound => (
                StatusCode::NOT_FOUND,
                "document_not_found",
                "No legal document in the corpus has this number.",
            ),
            ArticleNotFound => (
                StatusCode::NOT_FOUND,
                "article_not_found",
                "The document has no article with this number in the corpus.",
            ),
            NotFound => (StatusCode::NOT_FOUND, "not_found", "No such route."),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This route does not accept this method.",
            ),
            RateLimited => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests from this address; retry after the number of seconds in `Retry-After`.",
            ),
            Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "This route needs the admin key (`Authorization: Bearer <key>`).",
            ),
            ReindexRunning => (
                StatusCode::CONFLICT,
                "reindex_running",
                "An index build is already running; nothing was changed.",
            ),
            ReindexFailed => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "reindex_failed",
                "The new index generation failed; the current one keeps serving.",
            ),
            Overloaded => (
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "Too many requests are being answered; retry in a second.",
            ),
            Timeout => (
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                "The request took too long to answer; retry later.",
            ),
            NotReady => (
                StatusCode::SERVICE_UNAVAILABLE,
                "not_ready",
                "The index is still loading; retry shortly.",
            ),
            Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error.",
            ),
        }
    }

    pub fn status(self) -> StatusCode {
        self.row().0
    }

    pub fn code(self) -> &'static str {
        self.row().1
    }

    /// The kind a bare error status stands for (used for responses produced
    /// outside the routes, e.g. by a middleware that knows only a status).
    pub fn from_status(status: StatusCode) -> ErrorKind {
        match status {
            StatusCode::NOT_FOUND => ErrorKind::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorKind::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorKind::PayloadTooLarge,
            StatusCode::TOO_MANY_REQUESTS => ErrorKind::RateLimited,
            StatusCode::UNAUTHORIZED => ErrorKind::Unauthorized,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorKind::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => ErrorKind::InvalidRequest,
            StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => ErrorKind::Timeout,
            StatusCode::SERVICE_UNAVAILABLE => ErrorKind::Overloaded,
            s if s.is_client_error() => ErrorKind::BadRequest,
            _ => ErrorKind::Internal,
        }
    }

    /// Whether the client should retry after a pause (`Retry-After: 1`).
    fn retry_later(self) -> bool {
        matches!(
            self,
            ErrorKind::Overloaded | ErrorKind::Timeout | ErrorKind::NotReady
        )
    }
}

/// An error answered to a client.
#[derive(Debug)]
pub struct ApiError {
    kind: ErrorKind,
    /// Client-facing detail replacing the default message (parser messages,
    /// never internals).
    detail: Option<String>,
    /// The cause of a server error, logged and never sent.
    cause: Option<crate::Error>,
    /// `Retry-After` in seconds, overriding the kind's default.
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(kind: ErrorKind) -> Self {
        ApiError {
            kind,
            detail: None,
            cause: None,
            retry_after: None,
        }
    }

    /// A client error with a more precise message (truncated; still safe to
    /// echo: it describes the client's own input).
    pub fn with_detail(kind: ErrorKind, detail: impl Into<String>) -> Self {
        let detail: String = detail.into().chars().take(MAX_DETAIL_CHARS).collect();
        ApiError {
            kind,
            detail: Some(detail),
            cause: None,
            retry_after: None,
        }
    }

    /// A server error caused by the library.
    pub fn internal(cause: crate::Error) -> Self {
        ApiError {
            kind: ErrorKind::Internal,
            detail: None,
            cause: Some(cause),
            retry_after: None,
        }
    }

    /// An error whose cause is both logged and shown (redacted, truncated):
    /// for admin routes, where the caller is the operator.
    pub fn shown(kind: ErrorKind, cause: crate::Error) -> Self {
        let text = crate::redact::redact(&cause.to_string()).into_owned();
        ApiError {
            cause: Some(cause),
            ..ApiError::with_detail(kind, text)
        }
    }

    /// Answer with `Retry-After: seconds`.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        let (_, code, message) = self.kind.row();
        json!({"error": {"code": code, "message": self.detail.as_deref().unwrap_or(message)}})
    }
}

impl From<crate::Error> for ApiError {
    fn from(e: crate::Error) -> Self {
        match e {
            // The library refuses input it cannot answer; say so without
            // echoing its wording (which may quote the input).
            crate::Error::InvalidInput(_) => ApiError::new(ErrorKind::BadRequest),
            other => ApiError::internal(other),
        }
    }
}

/// Describe a library error for the log without the text a client sent:
/// search and input errors may quote the query, so only their kind is kept.
fn loggable(e: &crate::Error) -> String {
    match e {
        crate::Error::Search(s) => format!("search error ({} bytes of detail withheld)", s.len()),
        crate::Error::InvalidInput(_) => "invalid input (detail withheld)".to_string(),
        other => crate::redact::redact(&other.to_string()).into_owned(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.kind.status();
        if status.is_server_error() {
            match &self.cause {
                Some(cause) => tracing::error!(
                    code = self.kind.code(),
                    cause = %loggable(cause),
                    "server error"
                ),
                None => tracing::warn!(code = self.kind.code(), "unavailable"),
            }
        }
        let retry = self
            .retry_after
            .or_else(|| self.kind.retry_later().then_some(1));
        let mut res = json_error_response(status, retry, &self.body());
        if self.kind == ErrorKind::Unauthorized {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

fn json_error_response(
    status: StatusCode,
    retry: Option<u64>,
    body: &serde_json::Value,
) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    if let Some(seconds) = retry {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    res
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonSyntaxError(e) => {
                ApiError::with_detail(ErrorKind::InvalidJson, e.body_text())
            }
            JsonRejection::JsonDataError(e) => {
                ApiError::with_detail(ErrorKind::InvalidRequest, e.body_text())
            }
            JsonRejection::MissingJsonContentType(_) => {
                ApiError::new(ErrorKind::UnsupportedMediaType)
            }
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::new(ErrorKind::PayloadTooLarge)
            }
            other if other.status().is_server_error() => {
                ApiError::internal(crate::Error::Config(other.body_text()))
            }
            _ => ApiError::new(ErrorKind::InvalidBody),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::with_detail(ErrorKind::InvalidQuery, r.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        if r.status().is_server_error() {
            // A route declared with the wrong parameters: a bug, not the client.
            ApiError::internal(crate::Error::Config(r.body_text()))
        } else {
            ApiError::with_detail(ErrorKind::InvalidPath, r.body_text())
        }
    }
}

/// Fallback for unknown routes.
pub async fn not_found() -> ApiError {
    ApiError::new(ErrorKind::NotFound)
}

/// Fallback for a known route called with a method it does not accept
/// (axum still adds the `Allow` header).
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(ErrorKind::MethodNotAllowed)
}

/// Safety net, outermost but for the headers: an error response that is not
/// JSON (produced by a layer that knows only a status) gets the JSON body of
/// the kind its status stands for. Headers such as `Allow` are kept.
pub async fn ensure_json_error(res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return res;
    }
    let kind = ErrorKind::from_status(status);
    let (mut parts, _) = res.into_parts();
    let body = ApiError::new(kind).body().to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if kind.retry_later() && !parts.headers.contains_key(header::RETRY_AFTER) {
        parts
            .headers
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            let code = kind.code();
            assert!(seen.insert(code), "duplicate code {code}");
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code} is not snake_case"
            );
        }
    }

    #[test]
    fn only_server_side_kinds_are_5xx() {
        for kind in ErrorKind::ALL {
            let server = matches!(
                kind,
                ErrorKind::Overloaded
                    | ErrorKind::Timeout
                    | ErrorKind::NotReady
                    | ErrorKind::Internal
                    | ErrorKind::ReindexFailed
            );
            assert_eq!(kind.status().is_server_error(), server, "{kind:?}");
        }
    }

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let e = ApiError::internal(crate::Error::Index("/secret/path: boom".into()));
        let body = e.body().to_string();
        assert!(!body.contains("secret"), "{body}");
        assert!(body.contains("\"internal\""));
    }

    #[test]
    fn search_errors_are_logged_without_their_text() {
        let e = crate::Error::Search("Nguyễn Văn A 0912345678".into());
        assert!(!loggable(&e).contains("0912"));
    }
}
