//! `POST /webhooks/telegram`: a Telegram chat gets the same answers as the
//! web chat, in the webhook's response, and only Telegram (holding the
//! secret) may call it.

use axum::body::Body;
use axum::http::{header, Request};
use motcua::http::policy::{RateLimit, WebhookSecret};
use motcua::http::{router, AppState, Policy};
use serde_json::{json, Value};

use crate::support::*;

const SECRET: &str = "telegram-secret_0123456789";

fn telegram_app(policy: Policy) -> axum::Router {
    let state = AppState::new(limits(), policy, None);
    state.set_ready(assistant());
    router(state)
}

fn policy() -> Policy {
    Policy {
        telegram_secret: Some(WebhookSecret::new(SECRET).expect("secret")),
        ..Policy::default()
    }
}

fn update(chat: i64, message: Value) -> Value {
    let mut m = json!({
        "message_id": 7,
        "date": 1_764_300_000,
        "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": false, "first_name": "Lan", "language_code": "vi"},
    });
    m.as_object_mut()
        .expect("object")
        .extend(message.as_object().expect("object").clone());
    json!({"update_id": 1, "message": m})
}

async fn deliver(app: &axum::Router, secret: Option<&str>, body: &Value) -> Reply {
    let mut req =
        Request::post("/webhooks/telegram").header(header::CONTENT_TYPE, "application/json");
    if let Some(s) = secret {
        req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
    }
    send_to(
        app.clone(),
        req.body(Body::from(body.to_string())).expect("request"),
    )
    .await
}

async fn say(app: &axum::Router, chat: i64, text: &str) -> Value {
    let r = deliver(app, Some(SECRET), &update(chat, json!({"text": text}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json
}

#[tokio::test]
async fn a_telegram_chat_gets_the_checklist_and_its_follow_ups_stay_on_the_procedure() {
    let app = telegram_app(policy());
    let first = say(&app, 4242, "lam giay khai sinh cho con can gi").await;
    assert_eq!(first["method"], "sendMessage");
    assert_eq!(first["chat_id"], 4242);
    let text = first["text"].as_str().expect("text");
    assert!(text.contains("1.001193"), "{text}");
    assert!(text.contains("Giấy tờ"), "{text}");
    assert!(text.encode_utf16().count() <= 4096);
    // Suggestions become buttons to tap.
    let keys = first["reply_markup"]["keyboard"]
        .as_array()
        .expect("keyboard");
    assert!(
        keys.iter().any(|row| row[0]["text"] == "Lệ phí bao nhiêu?"),
        "{keys:?}"
    );
    // The same chat's follow-up stays on the procedure; another chat's does not.
    let fees = say(&app, 4242, "Lệ phí bao nhiêu?").await;
    assert!(
        fees["text"].as_str().expect("text").contains("1.001193"),
        "{fees}"
    );
    let stranger = say(&app, 777, "Lệ phí bao nhiêu?").await;
    assert!(
        !stranger["text"]
            .as_str()
            .expect("text")
            .contains("1.001193"),
        "{stranger}"
    );
}

#[tokio::test]
async fn start_stickers_and_long_messages_get_a_reply_not_an_error() {
    let app = telegram_app(policy());
    let start = say(&app, 1, "/start").await;
    assert!(
        start["text"]
            .as_str()
            .expect("text")
            .starts_with("Xin chào"),
        "{start}"
    );
    let sticker = deliver(
        &app,
        Some(SECRET),
        &update(1, json!({"sticker": {"file_id": "x"}})),
    )
    .await;
    assert_eq!(sticker.status, 200);
    assert!(sticker.json["text"]
        .as_str()
        .expect("text")
        .contains("tin nhắn chữ"));
    let long = say(&app, 1, &"khai sinh ".repeat(300)).await;
    assert!(
        long["text"].as_str().expect("text").contains("dài quá"),
        "{long}"
    );
    // Not a message (an edit, a reaction…): nothing to send.
    let edit = deliver(
        &app,
        Some(SECRET),
        &json!({"update_id": 2, "edited_message": {}}),
    )
    .await;
    assert_eq!((edit.status.as_u16(), edit.json.clone()), (200, json!({})));
}

#[tokio::test]
async fn only_calls_with_the_secret_are_answered_and_the_rate_limit_does_not_apply() {
    let limited = Policy {
        rate_limit: Some(RateLimit {
            per_second: 0.01,
            burst: 1,
        }),
        ..policy()
    };
    let app = telegram_app(limited);
    let body = update(5, json!({"text": "khai sinh"}));
    assert_error(&deliver(&app, None, &body).await, 401, "unauthorized");
    assert_error(
        &deliver(&app, Some("telegram-secret_0123456788"), &body).await,
        401,
        "unauthorized",
    );
    // Telegram's few addresses carry every chat: never rate limited.
    for _ in 0..3 {
        assert_eq!(deliver(&app, Some(SECRET), &body).await.status, 200);
    }
    // Without a configured secret the route does not exist.
    let r = deliver(&app_without_secret(), Some(SECRET), &body).await;
    assert_error(&r, 404, "not_found");
}

fn app_without_secret() -> axum::Router {
    telegram_app(Policy::default())
}

#[test]
fn secrets_telegram_would_refuse_are_refused_at_start() {
    assert!(WebhookSecret::new("short").is_err());
    assert!(WebhookSecret::new("has spaces in the secret token").is_err());
    assert!(WebhookSecret::new(&"a".repeat(257)).is_err());
    assert!(WebhookSecret::new(SECRET).is_ok());
}

#[test]
fn a_long_answer_is_cut_at_a_line_and_keeps_the_link_to_the_whole_procedure() {
    use motcua::assistant::ChatRequest;
    use motcua::http::routes::telegram::reply_text;
    let mut res = assistant()
        .chat(&ChatRequest {
            message: "làm giấy khai sinh cho con".into(),
            ..ChatRequest::default()
        })
        .expect("answer");
    let text = reply_text(&res, "https://xa.example.vn/");
    assert!(
        text.ends_with("https://xa.example.vn/thu-tuc/1.001193"),
        "{text}"
    );
    res.answer = "Một dòng giấy tờ rất dài của thủ tục.\n".repeat(400);
    let text = reply_text(&res, "https://xa.example.vn");
    assert!(text.encode_utf16().count() <= 4096);
    assert!(text.contains("…\n\n"), "the cut is marked before the link");
    assert!(text.ends_with("/thu-tuc/1.001193"));
    // Without a public address there is no link.
    assert!(!reply_text(&res, "").contains("thu-tuc"));
}

/// The hostile queries of `hostile.rs` (10,000 nested parentheses, NFD
/// text, control characters, every query syntax character, random
/// mixtures) as Telegram messages: never a 5xx, always a reply to send or a
/// JSON error (a body beyond 64 KiB).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_messages_through_the_webhook_never_get_a_5xx() {
    let app = telegram_app(policy());
    let mut rng = Rng(0x7e1e_6a4d);
    for i in 0..300 {
        let text = crate::hostile::query(i, &mut rng);
        let r = deliver(
            &app,
            Some(SECRET),
            &update(i as i64, json!({ "text": text })),
        )
        .await;
        assert!(r.status.as_u16() < 500, "#{i}: {} {}", r.status, r.text);
        if r.status == 200 {
            assert_eq!(r.json["method"], "sendMessage", "#{i}: {}", r.text);
            assert!(!r.json["text"].as_str().unwrap_or("").is_empty(), "#{i}");
        } else {
            assert_error(&r, 413, "payload_too_large");
        }
    }
}
