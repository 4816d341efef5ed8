//! What a public endpoint meets: random and adversarial input, oversized
//! bodies, floods from one address, cross-origin pages — and what must never
//! leak into metrics.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request};
use motcua::http::policy::RateLimit;
use motcua::http::{router, AppState, Limits, Policy};
use unicode_normalization::UnicodeNormalization;

use crate::support::{assert_error, assistant, encode, from_peer, send_to, Rng};

/// Queries of the fuzz test.
const QUERIES: usize = 10_000;
/// The first queries (the hand-made adversarial shapes and then some) go
/// through both chat and search; the rest alternate between the two, which
/// keeps the test near a minute on a small machine.
const BOTH_ROUTES: usize = 256;

/// Characters tantivy's query parser treats specially, and friends.
const SYNTAX: &[&str] = &[
    "+", "-", "&&", "||", "!", "(", ")", "{", "}", "[", "]", "^", "\"", "~", "*", "?", ":", "\\",
    "/", "AND", "OR", "NOT", "IN", "TO", "$", "'", "`", "<", ">", "=", ";", ",", ".", "%", "#",
    "@", "_", "|", "&",
];

const WORDS: &[&str] = &[
    "làm",
    "giấy",
    "khai",
    "sinh",
    "cho",
    "con",
    "cần",
    "gì",
    "đăng",
    "ký",
    "kết",
    "hôn",
    "cccd",
    "tạm",
    "trú",
    "chứng",
    "thực",
    "bản",
    "sao",
    "Điều",
    "16",
    "Luật",
    "Hộ",
    "tịch",
    "60/2014/QH13",
    "1.001193",
    "hoà",
    "thuỷ",
    "lam",
    "giay",
    "ks",
    "đk",
    "birth",
    "certificate",
    "phí",
    "bao",
    "lâu",
    "ở",
    "đâu",
    "123/2015/NĐ-CP",
    "Khoản",
    "2",
    "Điểm",
    "a",
];

/// Realistic questions, to decompose (NFD) and mangle.
const QUESTIONS: &[&str] = &[
    "làm giấy khai sinh cho con cần gì",
    "đăng ký kết hôn cần giấy tờ gì",
    "Điều 16 Luật Hộ tịch",
    "chứng thực bản sao mất bao lâu",
    "thủ tục đăng ký thường trú",
    "xin cấp bản sao trích lục khai tử",
];

fn random_char(rng: &mut Rng) -> char {
    match rng.below(10) {
        0 => char::from_u32(rng.below(0x20) as u32).unwrap_or('\0'), // control
        1 => char::from_u32(0x300 + rng.below(0x70) as u32).unwrap_or('a'), // combining
        2 => *rng.pick(&[
            '\u{200b}', '\u{200f}', '\u{202e}', '\u{feff}', '\u{7f}', '\u{fffd}',
        ]),
        3 => char::from_u32(0x1f300 + rng.below(0x300) as u32).unwrap_or('a'), // emoji
        4 => char::from_u32(rng.below(0xd7ff) as u32).unwrap_or('a'),
        5 => *rng.pick(&['(', ')', '"', ':', '\\', '*', '~', '^', '[', ']', '{', '}']),
        _ => *rng.pick(&['a', 'ă', 'â', 'đ', 'ệ', 'ư', 'ở', ' ', '1', '/', '.', '-']),
    }
}

/// The `i`-th query: adversarial shapes first, then random mixtures.
pub(crate) fn query(i: usize, rng: &mut Rng) -> String {
    match i {
        0 => "(".repeat(10_000) + "a" + &")".repeat(10_000),
        1 => "(".repeat(999) + "a" + &")".repeat(999),
        2 => "x".repeat(1 << 20),
        3 => "ă".repeat(1_999),
        4 => SYNTAX.concat(),
        5 => SYNTAX.join(" "),
        6 => "\u{0}\u{1}\u{7}\u{1b}[31m\u{7f}".to_string(),
        7 => "a".to_string() + &"\u{301}".repeat(1_500),
        8 => "title:khai sinh AND code:1.001193 OR NOT -+".to_string(),
        9 => "\"unclosed phrase ( [ {".to_string(),
        10 => "khai~2 sinh^10 [a TO z] {a TO z} IN [a b] /regex.*/".to_string(),
        11 => " ".repeat(1_000),
        12 => "Điều 16 Điều 16 Điều 16 ".repeat(60),
        13 => "1.001193 ".repeat(200),
        14 => "60/2014/QH13 ".repeat(150),
        _ => match rng.below(6) {
            0 => {
                let n = 1 + rng.below(40);
                (0..n).map(|_| random_char(rng)).collect()
            }
            1 => rng.pick(QUESTIONS).nfd().collect(),
            2 => {
                let n = 1 + rng.below(12);
                (0..n)
                    .map(|_| {
                        if rng.below(3) == 0 {
                            rng.pick(SYNTAX).to_string()
                        } else {
                            rng.pick(WORDS).to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(if rng.below(2) == 0 { " " } else { "" })
            }
            3 => {
                let depth = rng.below(400);
                "(".repeat(depth) + *rng.pick(WORDS) + &")".repeat(rng.below(400))
            }
            4 => {
                let q = rng.pick(QUESTIONS);
                let mut out: String = q.nfd().collect();
                let at = rng.below(out.len() + 1);
                if out.is_char_boundary(at) {
                    out.insert(at, random_char(rng));
                }
                out
            }
            _ => {
                let word = rng.pick(WORDS);
                word.repeat(1 + rng.below(300))
            }
        },
    }
}

/// 10,000 queries through chat and search, in-process; no 5xx, every error
/// is JSON with a code, and the process is still here at the end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_random_and_adversarial_queries_never_get_a_5xx() {
    let limits = Limits {
        // Debug builds are slow: nothing here should be refused for load.
        request_timeout: Duration::from_secs(120),
        queue_wait: Duration::from_secs(120),
        ..Limits::with_workers(2)
    };
    let app = router(AppState::ready(assistant(), limits));
    let tasks = 4;
    let mut handles = Vec::new();
    for t in 0..tasks {
        let app = app.clone();
        handles.push(tokio::spawn(async move {
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (t as u64 + 1));
            let mut bad = Vec::new();
            for i in (t..QUERIES).step_by(tasks) {
                let q = query(i, &mut rng);
                let body = serde_json::json!({ "message": q }).to_string();
                let chat = Request::post("/api/chat")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body))
                    .expect("request");
                // The longest URI a client can send is far below 1 MiB (the
                // server's read buffer is 96 KiB): cut, still over the limit.
                let in_uri: String = q.chars().take(8_000).collect();
                let limit = if i % 16 == 0 { 50 } else { 10 };
                let search =
                    Request::get(format!("/api/search?q={}&limit={limit}", encode(&in_uri)))
                        .body(Body::empty())
                        .expect("request");
                let both = i < BOTH_ROUTES;
                let requests = match (both, i % 2) {
                    (true, _) => vec![chat, search],
                    (false, 0) => vec![chat],
                    (false, _) => vec![search],
                };
                for req in requests {
                    let r = send_to(app.clone(), req).await;
                    let code = r.status.as_u16();
                    let json_error = r.json["error"]["code"].is_string();
                    if code >= 500 || (code >= 400 && !json_error) || code == 0 {
                        bad.push(format!(
                            "query #{i} ({} chars): {code} {}",
                            q.chars().count(),
                            r.text.chars().take(200).collect::<String>()
                        ));
                    }
                }
            }
            bad
        }));
    }
    let mut bad = Vec::new();
    for h in handles {
        bad.extend(h.await.expect("fuzz task"));
    }
    assert!(
        bad.is_empty(),
        "{} bad answers: {:#?}",
        bad.len(),
        &bad[..bad.len().min(20)]
    );
}

#[tokio::test]
async fn a_one_mebibyte_body_is_a_413_json_error() {
    let app = router(AppState::ready(assistant(), Limits::with_workers(2)));
    let body = serde_json::json!({ "message": "a".repeat(1 << 20) }).to_string();
    let r = send_to(
        app.clone(),
        Request::post("/api/chat")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.clone()))
            .expect("request"),
    )
    .await;
    assert_error(&r, 413, "payload_too_large");
    // Over a real socket, with and without a declared length: see
    // `real_server.rs`.
}

fn limited_app(per_second: f64, burst: u32, proxies: &[&str]) -> axum::Router {
    let policy = Policy {
        rate_limit: Some(RateLimit { per_second, burst }),
        trusted_proxies: Policy::parse_proxies(proxies).expect("proxies"),
        ..Policy::default()
    };
    let state = AppState::new(Limits::with_workers(2), policy, None);
    state.set_ready(assistant());
    router(state)
}

fn get_from(uri: &str, peer: &str) -> Request<Body> {
    from_peer(
        Request::get(uri).body(Body::empty()).expect("request"),
        peer,
    )
}

#[tokio::test]
async fn a_flood_from_one_address_is_429_json_with_retry_after() {
    let app = limited_app(0.5, 3, &[]);
    for _ in 0..3 {
        let r = send_to(
            app.clone(),
            get_from("/api/procedures/1.001193", "203.0.113.5:40000"),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = send_to(
        app.clone(),
        get_from("/api/procedures/1.001193", "203.0.113.5:40001"),
    )
    .await;
    assert_error(&r, 429, "rate_limited");
    let retry: u64 = r
        .header("retry-after")
        .parse()
        .expect("Retry-After seconds");
    assert!((1..=2).contains(&retry), "Retry-After {retry}");
    // Another client is served; probes and webhooks are never limited.
    let r = send_to(
        app.clone(),
        get_from("/api/procedures/1.001193", "203.0.113.6:1"),
    )
    .await;
    assert_eq!(r.status, 200);
    for uri in ["/healthz", "/readyz", "/webhooks/zalo"] {
        let r = send_to(app.clone(), get_from(uri, "203.0.113.5:40002")).await;
        assert_ne!(r.status, 429, "{uri} was rate limited");
    }
    let m = send_to(app, get_from("/metrics", "203.0.113.5:40003")).await;
    assert!(m.text.contains("motcua_rate_limited_total 1"), "{}", m.text);
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    let with_xff = |peer: &str, xff: &str| {
        let mut req = get_from("/api/procedures/1.001193", peer);
        req.headers_mut()
            .insert("x-forwarded-for", xff.parse().expect("header"));
        req
    };
    // Behind the trusted proxy, each forwarded client has its own bucket.
    let app = limited_app(0.01, 1, &["10.0.0.1"]);
    assert_eq!(
        send_to(app.clone(), with_xff("10.0.0.1:1", "198.51.100.1"))
            .await
            .status,
        200
    );
    assert_eq!(
        send_to(app.clone(), with_xff("10.0.0.1:1", "198.51.100.2"))
            .await
            .status,
        200
    );
    assert_eq!(
        send_to(app.clone(), with_xff("10.0.0.1:1", "198.51.100.1"))
            .await
            .status,
        429
    );
    // An untrusted peer cannot pick a fresh bucket by forging the header.
    let app = limited_app(0.01, 1, &["10.0.0.1"]);
    assert_eq!(
        send_to(app.clone(), with_xff("203.0.113.7:1", "198.51.100.1"))
            .await
            .status,
        200
    );
    assert_eq!(
        send_to(app.clone(), with_xff("203.0.113.7:1", "198.51.100.2"))
            .await
            .status,
        429
    );
}

#[tokio::test]
async fn cors_is_only_for_configured_origins() {
    let policy = Policy {
        cors_origins: Policy::parse_origins(&["https://xa.example.vn"]).expect("origin"),
        ..Policy::default()
    };
    let state = AppState::new(Limits::with_workers(2), policy, None);
    state.set_ready(assistant());
    let app = router(state);
    let preflight = |origin: &str| {
        Request::options("/api/chat")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .expect("request")
    };
    let r = send_to(app.clone(), preflight("https://xa.example.vn")).await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        "https://xa.example.vn"
    );
    assert!(r.header("access-control-allow-methods").contains("POST"));
    let r = send_to(app.clone(), preflight("https://evil.example")).await;
    assert_eq!(r.header("access-control-allow-origin"), "");
    // With no origins configured, no CORS headers at all.
    let app = router(AppState::ready(assistant(), Limits::with_workers(2)));
    let r = send_to(app, preflight("https://xa.example.vn")).await;
    assert_eq!(r.header("access-control-allow-origin"), "");
}

#[tokio::test]
async fn metrics_count_requests_abstentions_and_never_hold_request_text() {
    let state = AppState::ready(assistant(), Limits::with_workers(2));
    let app = router(state.clone());
    let secret = "Nguyễn Văn Bê 001099012345 0912345678 be.nguyen@example.vn 123456789";
    for message in [
        format!("làm giấy khai sinh cho con {secret}"),
        format!("thời tiết hôm nay thế nào {secret}"),
    ] {
        let body = serde_json::json!({ "message": message }).to_string();
        let r = send_to(
            app.clone(),
            Request::post("/api/chat")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let path = format!("/api/procedures/{}", encode(secret));
    let _ = send_to(
        app.clone(),
        Request::get(path.as_str())
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    let _ = send_to(
        app.clone(),
        Request::get(format!("/{}", encode(secret)))
            .body(Body::empty())
            .expect("request"),
    )
    .await;

    let r = send_to(
        app,
        Request::get("/metrics")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("text/plain"));
    let text = r.text;
    for needle in [
        "motcua_http_requests_total{route=\"/api/chat\",method=\"POST\",status=\"200\"} 2",
        "motcua_http_requests_total{route=\"/api/procedures/{code}\",method=\"GET\",status=\"404\"} 1",
        "motcua_http_requests_total{route=\"<unmatched>\",method=\"GET\",status=\"404\"} 1",
        "motcua_http_request_duration_seconds_bucket{route=\"/api/chat\",le=\"+Inf\"} 2",
        "motcua_chat_turns_total 2",
        "motcua_index_ready 1",
        "motcua_index_documents{kind=\"procedure\"}",
        "motcua_search_queue_depth 0",
        "motcua_process_resident_memory_bytes",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    let abstentions: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("motcua_chat_abstentions_total "))
        .and_then(|v| v.parse().ok())
        .expect("abstentions");
    assert!(abstentions >= 1, "the weather question should abstain");
    for needle in [
        "Nguy",
        "001099012345",
        "0912345678",
        "be.nguyen",
        "123456789",
        "%E1",
    ] {
        assert!(!text.contains(needle), "{needle} in metrics");
    }
    drop(state);
}
