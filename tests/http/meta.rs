use std::collections::BTreeSet;

use motcua::http::ErrorKind;

use crate::support::{get, post_json, Reply};

#[track_caller]
fn assert_security_headers(r: &Reply) {
    assert_eq!(
        r.header("x-content-type-options"),
        "nosniff",
        "{:?}",
        r.headers
    );
    assert_eq!(r.header("referrer-policy"), "no-referrer");
    assert_eq!(r.header("x-frame-options"), "DENY");
    assert_eq!(
        r.header("content-security-policy"),
        "default-src 'none'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    assert_security_headers(&get("/healthz").await);
    assert_security_headers(&get("/api/procedures/1.001193").await);
    assert_security_headers(&get("/api/openapi.json").await);
    assert_security_headers(&get("/nope").await);
    assert_security_headers(&get("/api/chat").await);
    assert_security_headers(&post_json("/api/chat", "{").await);
}

#[tokio::test]
async fn health_and_readiness() {
    let r = get("/healthz").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, serde_json::json!({"status": "ok"}));
    let r = get("/readyz").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["status"], "ready");
    assert!(r.json["procedures"].as_u64().is_some_and(|n| n > 0));
}

/// Every route the router serves, as OpenAPI spells it.
const ROUTES: &[&str] = &[
    "/api/chat",
    "/api/feedback",
    "/api/search",
    "/api/procedures",
    "/api/procedures/{code}",
    "/api/documents/{number}",
    "/api/documents/{number}/articles/{article}",
    "/api/openapi.json",
    "/healthz",
    "/readyz",
    "/metrics",
    "/api/admin/reindex",
    "/webhooks/telegram",
];

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_every_error_code() {
    let r = get("/api/openapi.json").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("application/json"));
    let doc = r.json;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let paths: BTreeSet<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(paths, ROUTES.iter().copied().collect());
    let documented: BTreeSet<&str> = doc["components"]["schemas"]["Error"]["properties"]["error"]
        ["properties"]["code"]["enum"]
        .as_array()
        .expect("the Error schema enumerates its codes")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    let built: BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    assert_eq!(documented, built);
}

#[tokio::test]
async fn every_documented_route_exists() {
    for route in ROUTES {
        if route.starts_with("/api/admin/") || route.starts_with("/webhooks/") {
            // Need an admin key or a webhook secret: see `admin.rs`,
            // `telegram.rs`.
            continue;
        }
        let uri = route
            .replace("{code}", "1.001193")
            .replace("{number}", "60-2014-QH13")
            .replace("{article}", "16");
        let r = if *route == "/api/chat" {
            post_json(&uri, r#"{"message":"khai sinh"}"#).await
        } else if *route == "/api/feedback" {
            let r = post_json(&uri, r#"{"session":"s","helpful":true}"#).await;
            assert_eq!(r.status, 204, "{uri}: {}", r.text);
            continue;
        } else if *route == "/api/search" {
            get(&format!("{uri}?q=khai")).await
        } else {
            get(&uri).await
        };
        assert_eq!(r.status, 200, "{uri}: {}", r.text);
    }
}

/// Everything logged by this test binary, at debug level.
fn captured_logs() -> &'static std::sync::Mutex<Vec<u8>> {
    use std::sync::{Mutex, OnceLock};
    static LOGS: OnceLock<&'static Mutex<Vec<u8>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs: &'static Mutex<Vec<u8>> = Box::leak(Box::new(Mutex::new(Vec::new())));
        let writer = move || Capture(logs);
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_writer(writer)
            .with_ansi(false)
            .try_init();
        logs
    })
}

struct Capture(&'static std::sync::Mutex<Vec<u8>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_never_contain_the_message_the_query_or_personal_numbers() {
    let logs = captured_logs();
    let secret = "Nguyễn Văn Bê CCCD 001099012345 SĐT 0912345678";
    let chat = crate::support::chat(&format!("làm giấy khai sinh cho con {secret}"), None).await;
    assert_eq!(chat.status, 200, "{}", chat.text);
    let search = get(&format!("/api/search?q={}", crate::support::encode(secret))).await;
    assert_eq!(search.status, 200, "{}", search.text);
    let bad = post_json("/api/chat", format!(r#"{{"message": "{secret}", "x": 1}}"#)).await;
    assert_eq!(bad.status, 422);

    let text =
        String::from_utf8_lossy(&logs.lock().unwrap_or_else(|p| p.into_inner())).into_owned();
    assert!(
        text.contains("/api/chat") && text.contains("/api/search"),
        "nothing captured: {text}"
    );
    for needle in [
        "0912345678",
        "001099012345",
        "Nguyễn Văn Bê",
        "Nguy%E1%BB%85n",
    ] {
        assert!(!text.contains(needle), "{needle} logged:\n{text}");
    }
}
