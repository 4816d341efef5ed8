//! Web pages through the real router (`motcua::http::router`, which merges
//! `motcua::web`), over the committed corpus, driven with `oneshot`. The app
//! is built once per binary, with a profile that sets the public base URL
//! and one widget origin.

mod common;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use motcua::assistant::chat::Assistant;
use motcua::assistant::{ChatRequest, Lang};
use motcua::config::CommuneProfile;
use motcua::http::{router, AppState, Limits};
use motcua::web::{assets, i18n, Web};
use tower::ServiceExt;

const PUBLIC_BASE: &str = "https://dichvucong.hatmon.example";
const WIDGET_ORIGIN: &str = "https://hatmon.hanoi.gov.vn";

fn assistant() -> Arc<Assistant> {
    static APP: OnceLock<Arc<Assistant>> = OnceLock::new();
    APP.get_or_init(|| {
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
        common::remove_old_index_dirs("web-index-");
        let index = tempfile::Builder::new()
            .prefix("web-index-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("temporary index directory")
            .keep();
        let profile = CommuneProfile {
            public_base_url: format!("{PUBLIC_BASE}/"),
            widget_origins: vec![
                WIDGET_ORIGIN.into(),
                "https://bad.example; script-src *".into(),
            ],
            ..CommuneProfile::default()
        };
        let app = motcua::app::load(&corpus, &index)
            .expect("load the committed corpus")
            .with_profile(profile);
        Arc::new(app)
    })
    .clone()
}

fn state() -> AppState {
    AppState::ready(assistant(), Limits::with_workers(2))
}

fn app() -> Router {
    router(state())
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn send_to(app: Router, req: Request<Body>) -> Reply {
    let res = app.oneshot(req).await.expect("the router is infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 8 << 20)
        .await
        .expect("read the body");
    Reply {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(uri: &str) -> Reply {
    send_to(
        app(),
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

async fn post_form(uri: &str, body: &str) -> Reply {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .expect("request");
    send_to(app(), req).await
}

fn encode(s: &str) -> String {
    motcua::web::html::encode(s)
}

#[track_caller]
fn assert_page(r: &Reply, status: u16, lang: &str) {
    assert_eq!(
        r.status.as_u16(),
        status,
        "{}",
        &r.text[..r.text.len().min(500)]
    );
    assert!(
        r.header("content-type").starts_with("text/html"),
        "{:?}",
        r.headers
    );
    assert!(
        r.text.contains(&format!("<html lang=\"{lang}\">")),
        "no lang={lang}"
    );
    let csp = r.header("content-security-policy");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "CSP: {csp}"
    );
    assert!(!csp.contains("unsafe"), "CSP: {csp}");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    for landmark in ["<header class=\"banner\">", "<main id=\"main\"", "<nav "] {
        assert!(r.text.contains(landmark), "no {landmark}");
    }
}

/// The part of `text` from `start` to the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[tokio::test]
async fn every_page_is_html_with_a_lang_attribute_and_a_strict_csp() {
    for (uri, lang) in [
        ("/", "vi"),
        ("/?lang=en", "en"),
        ("/thu-tuc", "vi"),
        ("/thu-tuc?q=khai+sinh&lang=en", "en"),
        ("/thu-tuc/1.001193", "vi"),
        ("/thu-tuc/1.001193?lang=en", "en"),
        ("/van-ban/60-2014-QH13", "vi"),
        ("/van-ban/60-2014-QH13/dieu/16", "vi"),
        ("/widget", "vi"),
    ] {
        let r = get(uri).await;
        assert_page(&r, 200, lang);
        if uri != "/widget" {
            assert!(
                r.header("content-security-policy")
                    .ends_with("frame-ancestors 'none'"),
                "{uri}"
            );
            assert!(r.text.contains("<footer"), "{uri}: no footer");
        }
    }
}

#[tokio::test]
async fn the_catalog_lists_1_001193_under_ho_tich() {
    let r = get("/thu-tuc").await;
    assert_page(&r, 200, "vi");
    let ho_tich = between(
        &r.text,
        "<section class=\"field\" id=\"lv-ho-tich\"",
        "</section>",
    );
    assert!(ho_tich.contains(">Hộ tịch</h2>"), "{ho_tich}");
    assert!(
        ho_tich.contains("href=\"/thu-tuc/1.001193\">Thủ tục đăng ký khai sinh</a>"),
        "1.001193 not under Hộ tịch"
    );
    let listed = r.text.matches("<li data-k=").count();
    assert_eq!(listed, assistant().corpus().procedures.len());
}

#[tokio::test]
async fn the_catalog_search_ignores_accents_without_script() {
    let r = get("/thu-tuc?q=dang+ky+KHAI+sinh").await;
    assert_page(&r, 200, "vi");
    assert!(r.text.contains("href=\"/thu-tuc/1.001193\""));
    let listed = r.text.matches("<li data-k=").count();
    assert!(listed > 0 && listed < 20, "{listed} listed");
    assert!(r.text.contains("thủ tục khớp với “dang ky KHAI sinh”"));
    let none = get("/thu-tuc?q=zzzzqqq").await;
    assert!(none.text.contains(i18n::M::NoMatch.get(Lang::Vi)));
}

#[tokio::test]
async fn the_procedure_page_has_the_qr_code_to_its_public_url() {
    let r = get("/thu-tuc/1.001193").await;
    assert_page(&r, 200, "vi");
    let figure = between(&r.text, "<figure class=\"qr\">", "</figure>");
    assert!(figure.contains("<svg class=\"qr-code\" role=\"img\" aria-label="));
    assert!(figure.contains(&format!("{PUBLIC_BASE}/thu-tuc/1.001193")));
    assert!(!figure.contains("<?xml"));
    // The board: commune name for print, checklist, time, fees, where.
    assert!(r.text.contains("board-org print-only"));
    for section in ["sec-documents", "sec-time", "sec-fees", "sec-where"] {
        assert!(r.text.contains(section), "no {section}");
    }
    // Legal basis linked to the documents in the corpus.
    let legal = between(&r.text, "sec-legal", "</details>");
    assert!(
        legal.contains("href=\"/van-ban/123-2015-ND-CP\""),
        "{legal}"
    );
}

#[tokio::test]
async fn ticked_items_leave_the_missing_list() {
    let r = get("/thu-tuc/1.001193?co=3&co=99&co=x").await;
    assert_page(&r, 200, "vi");
    let total = r.text.matches("name=\"co\"").count();
    assert!(total >= 3);
    assert!(r
        .text
        .contains("id=\"p-c3\" name=\"co\" value=\"3\" checked>"));
    let li = between(&r.text, "<li data-i=\"3\"", ">");
    assert!(li.ends_with(" hidden"), "{li}");
    assert!(!between(&r.text, "<li data-i=\"2\"", ">").contains("hidden"));
    assert!(r.text.contains(&format!("Bạn đã có 1/{total} giấy tờ.")));
    assert!(r.text.contains("href=\"/thu-tuc/1.001193?co=3#giay-to\""));
}

#[tokio::test]
async fn english_pages_keep_the_language_in_links_and_mark_corpus_text_vietnamese() {
    let r = get("/thu-tuc/1.001193?lang=en").await;
    assert_page(&r, 200, "en");
    assert!(r.text.contains(">Documents to bring<"));
    assert!(r.text.contains("href=\"/thu-tuc?lang=en\""));
    assert!(r
        .text
        .contains("<h1 id=\"proc-title\" lang=\"vi\">Thủ tục đăng ký khai sinh</h1>"));
    assert!(r
        .text
        .contains("href=\"/thu-tuc/1.001193\" lang=\"vi\" hreflang=\"vi\""));
}

#[tokio::test]
async fn the_article_page_shows_dieu_16_of_the_civil_status_law() {
    for uri in [
        "/van-ban/60-2014-QH13/dieu/16",
        "/van-ban/60%2F2014%2FQH13/dieu/16",
    ] {
        let r = get(uri).await;
        assert_page(&r, 200, "vi");
        assert!(
            r.text
                .contains("<h1 id=\"art-title\">Điều 16. Thủ tục đăng ký khai sinh</h1>"),
            "{uri}"
        );
        assert!(r.text.contains("id=\"khoan-1\""));
        assert!(r.text.contains("href=\"/van-ban/60-2014-QH13#dieu-16\""));
    }
    let doc = get("/van-ban/60-2014-QH13").await;
    assert!(doc.text.contains("id=\"dieu-16\""));
    assert!(doc.text.contains("id=\"dieu-16-khoan-1\""));
    assert!(doc.text.contains("href=\"/van-ban/60-2014-QH13/dieu/16\""));
}

#[tokio::test]
async fn unknown_codes_and_articles_are_404_html_pages() {
    for uri in [
        "/thu-tuc/9.999999",
        "/thu-tuc/%3Cscript%3E",
        "/van-ban/1-2000-QH10",
        "/van-ban/60-2014-QH13/dieu/999",
    ] {
        let r = get(uri).await;
        assert_page(&r, 404, "vi");
        assert!(r.text.contains("Không tìm thấy trang"), "{uri}");
        assert!(!r.text.contains("<script>"), "{uri}");
    }
}

#[tokio::test]
async fn the_chat_without_script_escapes_the_question() {
    let question = "<script>alert(1)</script> làm giấy khai sinh cho con";
    let r = post_form(
        "/",
        &format!("message={}&session=&lang=vi", encode(question)),
    )
    .await;
    assert_page(&r, 200, "vi");
    assert!(r
        .text
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; làm giấy khai sinh"));
    assert!(!r.text.contains("<script>alert"));
    assert!(r.text.contains("class=\"sec sec-documents checklist\""));
    let session = between(&r.text, "name=\"session\" value=\"", "\">");
    assert!(
        session.len() > "name=\"session\" value=\"".len(),
        "no session"
    );
    // Quick replies are submit buttons of the form.
    assert!(r.text.contains("form=\"chat-form\" name=\"chip\""));
}

#[tokio::test]
async fn a_greeting_without_script_gets_the_introduction_examples_and_contact() {
    let r = post_form("/", &format!("message={}", encode("xin chào"))).await;
    assert_page(&r, 200, "vi");
    let reply = between(&r.text, "class=\"bubble reply\"", "</article>");
    assert!(reply.contains("class=\"courtesy\""), "{reply}");
    assert!(reply.contains("class=\"contact-card\""), "{reply}");
    assert!(!reply.contains("feedback"), "nothing to rate: {reply}");
    // The example questions are the quick replies, not "did you mean".
    assert!(r.text.contains("Bạn có thể hỏi tiếp"));
    assert!(r.text.contains("value=\"Đăng ký kết hôn cần giấy tờ gì?\""));
}

#[tokio::test]
async fn a_quick_reply_wins_over_the_empty_text_box_and_follows_the_session() {
    let first = post_form(
        "/",
        &format!("message={}", encode("làm giấy khai sinh cho con")),
    )
    .await;
    let session = between(&first.text, "name=\"session\" value=\"", "\">")
        .trim_start_matches("name=\"session\" value=\"")
        .to_string();
    let r = post_form(
        "/",
        &format!(
            "message=&chip={}&session={}&lang=vi",
            encode("Lệ phí bao nhiêu?"),
            encode(&session)
        ),
    )
    .await;
    assert_page(&r, 200, "vi");
    assert!(
        r.text.contains("Thủ tục đăng ký khai sinh"),
        "lost the session"
    );
    // Fees are asked, so they come first.
    let fees = r.text.find("sec sec-fees").expect("fees");
    let docs = r.text.find("sec sec-documents").expect("documents");
    assert!(fees < docs);
}

#[tokio::test]
async fn an_empty_or_malformed_post_shows_the_form_with_an_error() {
    let r = post_form("/", "message=+++").await;
    assert_page(&r, 400, "vi");
    assert!(r.text.contains("Vui lòng nhập câu hỏi."));
    let long = "ă".repeat(2_001);
    let r = post_form("/", &format!("message={}&lang=en", encode(&long))).await;
    assert_page(&r, 400, "en");
    assert!(r.text.contains("longer than 2,000 characters"));
}

#[tokio::test]
async fn the_widget_may_be_framed_by_the_configured_origins_only() {
    let r = get("/widget").await;
    assert_page(&r, 200, "vi");
    let csp = r.header("content-security-policy");
    assert!(
        csp.ends_with(&format!("frame-ancestors 'self' {WIDGET_ORIGIN}")),
        "{csp}"
    );
    assert!(!csp.contains("bad.example"), "{csp}");
    assert!(r.text.contains("action=\"/widget\""));
    let r = post_form("/widget", &format!("message={}", encode("khai sinh"))).await;
    assert!(r
        .header("content-security-policy")
        .ends_with(&format!("frame-ancestors 'self' {WIDGET_ORIGIN}")));
    let js = get("/widget.js").await;
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").starts_with("text/javascript"));
}

#[tokio::test]
async fn cors_allows_the_configured_origins_only() {
    let preflight = |origin: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/api/chat")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .expect("request")
    };
    let ok = send_to(app(), preflight(WIDGET_ORIGIN)).await;
    assert_eq!(ok.header("access-control-allow-origin"), WIDGET_ORIGIN);
    let other = send_to(app(), preflight("https://elsewhere.example")).await;
    assert_eq!(other.header("access-control-allow-origin"), "");
}

async fn feedback(web: &Web, body: &str) -> Reply {
    let req = Request::post("/api/feedback")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    send_to(web.clone().router(), req).await
}

#[tokio::test]
async fn feedback_is_counted_and_bad_bodies_are_json_errors() {
    let web = Web::new(state());
    let r = feedback(
        &web,
        r#"{"session":"s1","procedure":"1.001193","helpful":true}"#,
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let r = feedback(
        &web,
        r#"{"session":"s1","procedure":"1.001193","helpful":false}"#,
    )
    .await;
    assert_eq!(r.status, 204);
    let r = feedback(&web, r#"{"session":"s2","procedure":null,"helpful":false}"#).await;
    assert_eq!(r.status, 204);
    let v = web.feedback().votes(Some("1.001193"));
    assert_eq!((v.helpful, v.not_helpful), (1, 1));
    assert_eq!(web.feedback().votes(None).not_helpful, 1);

    for (body, status, code) in [
        ("{", 400, "invalid_json"),
        (r#"{"session":"s","helpful":"yes"}"#, 422, "invalid_request"),
        (r#"{"session":"","helpful":true}"#, 422, "invalid_request"),
        (
            r#"{"session":"s","helpful":true,"message":"x"}"#,
            422,
            "invalid_request",
        ),
        (
            r#"{"session":"s","procedure":"9.9","helpful":true}"#,
            404,
            "procedure_not_found",
        ),
    ] {
        let r = feedback(&web, body).await;
        assert_eq!(r.status.as_u16(), status, "{body}: {}", r.text);
        assert!(r.header("content-type").starts_with("application/json"));
        let json: serde_json::Value = serde_json::from_str(&r.text).expect("JSON error");
        assert_eq!(json["error"]["code"], code, "{body}");
    }
    assert_eq!(web.feedback().snapshot().len(), 2, "bad votes not counted");

    // Through the whole router: 204, and JSON 405 for a GET.
    let r = send_to(
        app(),
        Request::post("/api/feedback")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"session":"s","helpful":true}"#))
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, 204);
    let r = get("/api/feedback").await;
    assert_eq!(r.status, 405);
    assert!(r.text.contains("method_not_allowed"));
}

#[tokio::test]
async fn assets_are_served_and_the_scripts_never_use_inner_html() {
    for (uri, kind) in [
        ("/assets/motcua.css", "text/css"),
        ("/assets/motcua.js", "text/javascript"),
        ("/assets/icon.svg", "image/svg+xml"),
    ] {
        let r = get(uri).await;
        assert_eq!(r.status, 200, "{uri}");
        assert!(r.header("content-type").starts_with(kind), "{uri}");
    }
    for script in [assets::JS, assets::WIDGET_JS] {
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!script.contains(sink), "a script uses {sink}");
        }
    }
}

#[test]
fn every_example_question_answers_with_a_procedure() {
    let assistant = assistant();
    for lang in [Lang::Vi, Lang::En] {
        for q in i18n::examples(lang) {
            let res = assistant
                .chat(&ChatRequest {
                    message: q.to_string(),
                    session: None,
                    lang: Some(lang),
                })
                .expect("chat");
            assert!(res.procedure.is_some(), "{q}: {}", res.answer);
        }
    }
}
