//! `POST /webhooks/telegram`: the same assistant in a Telegram chat.
//!
//! Telegram calls the webhook with each update; the reply goes back in the
//! webhook's response as a `sendMessage` call (Telegram's "reply to the
//! webhook" form), so the server never calls out to the internet and needs
//! no bot token. Each Telegram chat is one conversation
//! ([`crate::assistant::chat::Assistant::session_for`]): "lệ phí bao nhiêu?"
//! after an answer stays on its procedure.
//!
//! The route exists only with `--telegram-secret(-file)`; every call must
//! carry that secret in `X-Telegram-Bot-Api-Secret-Token` (compared in
//! constant time) or gets `401`. It is exempt from the per-client rate limit
//! (all calls come from Telegram's few addresses). An update that is not a
//! text message gets a short reply asking for text; one Telegram would
//! redeliver (a `503` when the server is busy) is answered later.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::assistant::{ChatRequest, ChatResponse, Intent, Lang};
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::Json;
use crate::http::limits::MAX_MESSAGE_CHARS;
use crate::http::state::AppState;

/// The header Telegram sends the secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// Longest message text Telegram sends (UTF-16 code units).
pub const MAX_TEXT_UNITS: usize = 4096;
/// Largest update body accepted: a 4,096-character message with its
/// metadata fits well within it.
pub const MAX_UPDATE_BYTES: usize = 64 * 1024;

/// The parts of a Telegram `Update` the assistant reads; everything else
/// (and every other kind of update) is ignored.
#[derive(Debug, Deserialize)]
pub struct Update {
    #[serde(default)]
    pub message: Option<Message>,
}

#[derive(Debug, Deserialize)]
pub struct Message {
    pub chat: Chat,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub from: Option<User>,
}

#[derive(Debug, Deserialize)]
pub struct Chat {
    pub id: i64,
}

#[derive(Debug, Deserialize)]
pub struct User {
    #[serde(default)]
    pub language_code: Option<String>,
}

/// Refuse calls without the configured secret before reading the body.
pub async fn require_secret(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(secret) = state.policy().telegram_secret.as_ref() else {
        return ApiError::new(ErrorKind::NotFound).into_response();
    };
    let presented = req.headers().get(SECRET_HEADER).map(|v| v.as_bytes());
    match presented {
        Some(candidate) if secret.matches(candidate) => next.run(req).await,
        presented => {
            tracing::warn!(
                secret_presented = presented.is_some(),
                "telegram webhook call refused"
            );
            ApiError::with_detail(
                ErrorKind::Unauthorized,
                "This webhook needs the secret token set with setWebhook \
                 (X-Telegram-Bot-Api-Secret-Token).",
            )
            .into_response()
        }
    }
}

pub async fn webhook(
    State(state): State<AppState>,
    Json(update): Json<Update>,
) -> Result<axum::Json<Value>, ApiError> {
    let Some(message) = update.message else {
        // Edits, joins, reactions…: nothing to answer.
        return Ok(axum::Json(json!({})));
    };
    let chat_id = message.chat.id;
    let hinted = message
        .from
        .as_ref()
        .and_then(|u| u.language_code.as_deref())
        .map(|c| {
            if c.starts_with("en") {
                Lang::En
            } else {
                Lang::Vi
            }
        })
        .unwrap_or(Lang::Vi);
    let served = state
        .served()
        .ok_or_else(|| ApiError::new(ErrorKind::NotReady))?;
    let text = message.text.as_deref().map(str::trim).unwrap_or("");
    if text.is_empty() {
        // A photo, a sticker, a voice message: ask for words.
        return Ok(axum::Json(send(chat_id, plain(hinted, NOT_TEXT), None)));
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Ok(axum::Json(send(chat_id, plain(hinted, TOO_LONG), None)));
    }
    let session = served.assistant.session_for(&format!("telegram:{chat_id}"));
    let assistant = Arc::clone(&served.assistant);
    let res = if text.starts_with('/') {
        // "/start", "/help" and any other command: the introduction.
        assistant.greeting(Some(&session), hinted)
    } else {
        let req = ChatRequest {
            message: text.to_string(),
            session: Some(session),
            lang: None,
        };
        let res = state.workers().run(move || assistant.chat(&req)).await??;
        state.metrics().chat_turn(res.intent == Intent::OutOfScope);
        res
    };
    let base = served.assistant.profile().public_base_url.clone();
    Ok(axum::Json(send(
        chat_id,
        reply_text(&res, &base),
        Some(&res.suggestions),
    )))
}

/// Fixed replies in both languages.
type Plain = (&'static str, &'static str);
const NOT_TEXT: Plain = (
    "Xin lỗi, tôi chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi, có dấu hay không dấu đều được.",
    "Sorry, I can only read text messages. Please type your question.",
);
const TOO_LONG: Plain = (
    "Tin nhắn dài quá (tối đa 2.000 ký tự). Bạn hãy hỏi ngắn gọn hơn nhé.",
    "Your message is too long (2,000 characters at most). Please ask more briefly.",
);

fn plain(lang: Lang, (vi, en): Plain) -> String {
    match lang {
        Lang::Vi => vi.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The answer's text, with the link to the whole procedure (checklist to
/// tick, print, QR code) when the site's public address is known, cut at a
/// line to fit one Telegram message.
pub fn reply_text(res: &ChatResponse, public_base_url: &str) -> String {
    let base = public_base_url.trim_end_matches('/');
    let link = match (&res.procedure, base.is_empty()) {
        (Some(p), false) => {
            let label = match res.lang {
                Lang::Vi => "Xem đầy đủ, đánh dấu giấy tờ đã có và in:",
                Lang::En => "The whole procedure, to tick and print:",
            };
            let lang = if res.lang == Lang::En { "?lang=en" } else { "" };
            format!("\n\n{label} {base}/thu-tuc/{}{lang}", p.code)
        }
        _ => String::new(),
    };
    let units = |s: &str| s.encode_utf16().count();
    let room = MAX_TEXT_UNITS - units(&link);
    let mut text = res.answer.clone();
    if units(&text) > room {
        // Keep whole lines, then mark the cut.
        let mut kept = String::new();
        for line in res.answer.lines() {
            if units(&kept) + units(line) + 2 > room {
                break;
            }
            kept.push_str(line);
            kept.push('\n');
        }
        if kept.is_empty() {
            kept = res.answer.chars().take(room / 2 - 1).collect();
        }
        kept.push('…');
        text = kept;
    }
    text + &link
}

/// A `sendMessage` call as the webhook's answer; the suggestions become a
/// one-time keyboard (tapping is easier than typing).
fn send(chat_id: i64, text: String, suggestions: Option<&[String]>) -> Value {
    let markup = match suggestions {
        Some(s) if !s.is_empty() => json!({
            "keyboard": s.iter().map(|t| vec![json!({ "text": t })]).collect::<Vec<_>>(),
            "resize_keyboard": true,
            "one_time_keyboard": true,
        }),
        _ => json!({ "remove_keyboard": true }),
    };
    json!({
        "method": "sendMessage",
        "chat_id": chat_id,
        "text": text,
        "reply_markup": markup,
        "link_preview_options": { "is_disabled": true },
    })
}
