//! `POST /api/chat`: one turn of the conversation (the contract is
//! [`crate::assistant::types`]).
//!
//! The message is checked here (empty, too long) so a bad request never
//! takes a worker; the turn itself runs on the bounded blocking pool.

use std::sync::Arc;

use axum::extract::State;

use crate::assistant::{ChatRequest, ChatResponse, Intent};
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::Json;
use crate::http::limits::MAX_MESSAGE_CHARS;
use crate::http::state::AppState;

pub async fn chat(
    State(state): State<AppState>,
    Json(req): Json<ChatRequest>,
) -> Result<axum::Json<ChatResponse>, ApiError> {
    check_message(&req.message)?;
    let served = state
        .served()
        .ok_or_else(|| ApiError::new(ErrorKind::NotReady))?;
    // A session-less question asked before gets the same answer, in a new
    // session (see `answer_cache`).
    let key = served.answers.key(&req);
    if let Some(mut res) = key.as_ref().and_then(|k| served.answers.get(k)) {
        res.session = served
            .assistant
            .start_session(res.procedure.as_ref().map(|p| p.code.as_str()));
        state.metrics().chat_turn(res.intent == Intent::OutOfScope);
        return Ok(axum::Json(res));
    }
    let assistant = Arc::clone(&served.assistant);
    let res = state.workers().run(move || assistant.chat(&req)).await??;
    if let Some(key) = key {
        served.answers.put(key, &res);
    }
    state.metrics().chat_turn(res.intent == Intent::OutOfScope);
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
