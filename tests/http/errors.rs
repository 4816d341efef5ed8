use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request};
use motcua::http::{router, AppState, Limits};

use crate::support::{assert_error, assistant, get, limits, post_json, send, send_to};

fn chat_request(body: &str) -> Request<Body> {
    Request::post("/api/chat")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request")
}

#[tokio::test]
async fn unknown_routes_are_not_found_in_json() {
    // (`/` is the web chat page.)
    for uri in [
        "/nope",
        "/api/nope",
        "/api/chat/extra",
        "/api/procedures/1.001193/x",
    ] {
        assert_error(&get(uri).await, 404, "not_found");
    }
}

#[tokio::test]
async fn a_wrong_method_is_method_not_allowed_with_allow() {
    let r = get("/api/chat").await;
    assert_error(&r, 405, "method_not_allowed");
    assert!(r.header("allow").contains("POST"), "{:?}", r.headers);
    let r = post_json("/api/search?q=a", "{}").await;
    assert_error(&r, 405, "method_not_allowed");
    let r = send(
        Request::delete("/api/procedures/1.001193")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_error(&r, 405, "method_not_allowed");
}

#[tokio::test]
async fn a_body_over_16_kib_is_payload_too_large() {
    let message = "a".repeat(17 * 1024);
    let r = post_json("/api/chat", format!(r#"{{"message":"{message}"}}"#)).await;
    assert_error(&r, 413, "payload_too_large");
}

#[tokio::test]
async fn a_body_that_is_not_declared_json_is_unsupported_media_type() {
    let body = r#"{"message":"khai sinh"}"#;
    let r = send(
        Request::post("/api/chat")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(body))
            .expect("request"),
    )
    .await;
    assert_error(&r, 415, "unsupported_media_type");
    let r = send(
        Request::post("/api/chat")
            .body(Body::from(body))
            .expect("request"),
    )
    .await;
    assert_error(&r, 415, "unsupported_media_type");
}

#[tokio::test]
async fn a_path_that_is_not_utf8_is_invalid_path() {
    assert_error(&get("/api/procedures/%FF%FE").await, 400, "invalid_path");
}

#[tokio::test]
async fn when_no_worker_is_free_the_answer_is_overloaded_with_retry_after() {
    let busy = Limits {
        workers: 0,
        queue: 0,
        queue_wait: Duration::from_millis(10),
        ..limits()
    };
    let app = router(AppState::ready(assistant(), busy));
    let r = send_to(app.clone(), chat_request(r#"{"message":"khai sinh"}"#)).await;
    assert_error(&r, 503, "overloaded");
    assert_eq!(r.header("retry-after"), "1");
    let r = send_to(
        app,
        Request::get("/api/search?q=khai")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_error(&r, 503, "overloaded");
}

#[tokio::test]
async fn a_request_past_the_deadline_is_a_json_timeout() {
    // No worker ever frees up and the queue wait outlasts the deadline.
    let stuck = Limits {
        request_timeout: Duration::from_millis(50),
        workers: 0,
        queue: 1,
        queue_wait: Duration::from_secs(60),
    };
    let app = router(AppState::ready(assistant(), stuck));
    let r = send_to(app, chat_request(r#"{"message":"làm giấy khai sinh"}"#)).await;
    assert_error(&r, 503, "timeout");
    assert_eq!(r.header("retry-after"), "1");
}

#[tokio::test]
async fn while_the_index_loads_health_is_ok_and_the_rest_is_not_ready() {
    let app = router(AppState::loading(limits()));
    let ok = send_to(
        app.clone(),
        Request::get("/healthz")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(ok.status, 200);
    let r = send_to(
        app.clone(),
        Request::get("/readyz")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_error(&r, 503, "not_ready");
    assert_eq!(r.header("retry-after"), "1");
    let r = send_to(app, chat_request(r#"{"message":"khai sinh"}"#)).await;
    assert_error(&r, 503, "not_ready");
}
