//! axum's extractors, with their rejections turned into [`ApiError`]s so
//! every malformed request gets the JSON error body.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::{ApiError, ErrorKind};

/// `axum::Json` for JSON objects, rejecting with `invalid_json`,
/// `invalid_request` (not an object, wrong field type, missing or unknown
/// field), `unsupported_media_type` or `payload_too_large`.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
        // serde would take `["text"]` for a struct: every body here is an object.
        if !value.is_object() {
            return Err(ApiError::with_detail(
                ErrorKind::InvalidRequest,
                "The body must be a JSON object.",
            ));
        }
        serde_json::from_value(value)
            .map(Json)
            .map_err(|e| ApiError::with_detail(ErrorKind::InvalidRequest, e.to_string()))
    }
}

/// `axum::extract::Query`, rejecting with `invalid_query`.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// `axum::extract::Path`, rejecting with `invalid_path`.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}
