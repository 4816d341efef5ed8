//! `POST /api/chat`: one turn of the conversation (the contract is
//! [`crate::assistant::types`]).
//!
//! The message is checked here (empty, too long) so a bad request never
//! takes a worker; the turn itself runs on the bounded blocking pool.

use axum::extract::State;

use crate::assistant::{ChatRequest, ChatResponse};
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::Json;
use crate::http::limits::MAX_MESSAGE_CHARS;
use crate::http::state::AppState;

pub async fn chat(
    State(state): State<AppState>,
    Json(req): Json<ChatRequest>,
) -> Result<axum::Json<ChatResponse>, ApiError> {
    check_message(&req.message)?;
    let assistant = state.assistant()?;
    let res = state.workers().run(move || assistant.chat(&req)).await??;
    state.metrics().chat_turn(res.procedure.is_none());
    Ok(axum::Json(res))
}

/// `empty_message` for blank text, `message_too_long` beyond the limit
/// (counted in characters, surrounding whitespace excluded).
pub fn check_message(message: &str) -> Result<(), ApiError> {
    let message = message.trim();
    if message.is_empty() {
        return Err(ApiError::new(ErrorKind::EmptyMessage));
    }
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::new(ErrorKind::MessageTooLong));
    }
    Ok(())
}
