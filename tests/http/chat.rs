use serde_json::Value;

use crate::support::{assert_error, chat, post_json};

/// The procedure code of a chat reply (`null` → None).
fn code(r: &Value) -> Option<&str> {
    r["procedure"]["code"].as_str()
}

fn cites(r: &Value, numbers: &[&str]) -> bool {
    r["passages"].as_array().is_some_and(|ps| {
        ps.iter()
            .any(|p| numbers.contains(&p["document_number"].as_str().unwrap_or("")))
    })
}

fn checklist_has(r: &Value, needle: &str) -> bool {
    r["procedure"]["checklist"].as_array().is_some_and(|items| {
        items
            .iter()
            .any(|i| i["name"].as_str().is_some_and(|n| n.contains(needle)))
    })
}

const BIRTH: &str = "1.001193";
const MARRIAGE: &str = "1.000894";
const BIRTH_LAWS: &[&str] = &["60/2014/QH13", "123/2015/NĐ-CP"];

#[tokio::test]
async fn a_birth_registration_question_gets_the_procedure_its_checklist_and_its_law() {
    let r = chat("làm giấy khai sinh cho con cần gì", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(code(&r.json), Some(BIRTH), "{}", r.json["answer"]);
    assert!(
        checklist_has(&r.json, "Giấy chứng sinh"),
        "{}",
        r.json["procedure"]["checklist"]
    );
    assert!(cites(&r.json, BIRTH_LAWS), "{}", r.json["passages"]);
    assert!(r.json["answer"].as_str().is_some_and(|a| !a.is_empty()));
    assert!(r.json["session"].as_str().is_some_and(|s| !s.is_empty()));
}

#[tokio::test]
async fn the_same_question_typed_without_diacritics_gets_the_same_answer() {
    let r = chat("lam giay khai sinh cho con can gi", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(code(&r.json), Some(BIRTH), "{}", r.json["answer"]);
    assert!(checklist_has(&r.json, "Giấy chứng sinh"));
    assert!(cites(&r.json, BIRTH_LAWS), "{}", r.json["passages"]);
}

#[tokio::test]
async fn punctuation_that_is_query_syntax_elsewhere_is_just_text_here() {
    let r = chat("Thủ tục: đăng ký kết hôn (cần gì?)", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(code(&r.json), Some(MARRIAGE), "{}", r.json["answer"]);
}

#[tokio::test]
async fn an_out_of_scope_question_gets_no_procedure_and_the_centers_contact() {
    let r = chat("giá vàng hôm nay bao nhiêu", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.json["procedure"].is_null(), "{}", r.json["procedure"]);
    assert!(r.json["contact"].is_object(), "{}", r.text);
}

#[tokio::test]
async fn a_follow_up_with_the_session_stays_on_the_same_procedure() {
    let first = chat("làm giấy khai sinh cho con cần gì", None).await;
    assert_eq!(code(&first.json), Some(BIRTH), "{}", first.json["answer"]);
    let session = first.json["session"].as_str().expect("a session");
    let next = chat("lệ phí bao nhiêu?", Some(session)).await;
    assert_eq!(next.status, 200, "{}", next.text);
    assert_eq!(code(&next.json), Some(BIRTH), "{}", next.json["answer"]);
    assert_eq!(next.json["intent"], "fees");
}

/// A session-less question asked again is answered from the answer cache:
/// the same answer, in a session of its own that follow-ups can use.
#[tokio::test]
async fn a_repeated_question_gets_the_same_answer_in_a_new_session() {
    let q = "cho tôi hỏi thủ tục đăng ký kết hôn cần giấy tờ gì";
    let first = chat(q, None).await;
    let again = chat(q, None).await;
    assert_eq!(again.status, 200, "{}", again.text);
    let (s1, s2) = (first.json["session"].clone(), again.json["session"].clone());
    assert_ne!(s1, s2);
    let strip = |v: &Value| {
        let mut v = v.clone();
        v["session"] = Value::Null;
        v
    };
    assert_eq!(strip(&first.json), strip(&again.json));
    let next = chat("lệ phí bao nhiêu?", s2.as_str()).await;
    assert_eq!(code(&next.json), Some(MARRIAGE), "{}", next.json["answer"]);
}

#[tokio::test]
async fn english_labels_are_given_when_asked() {
    let r = post_json(
        "/api/chat",
        r#"{"message":"làm giấy khai sinh cho con cần gì","lang":"en"}"#,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["lang"], "en");
}

#[tokio::test]
async fn an_empty_or_blank_message_is_refused() {
    assert_error(&chat("", None).await, 400, "empty_message");
    assert_error(&chat(" \n\t ", None).await, 400, "empty_message");
}

#[tokio::test]
async fn a_message_over_2000_characters_is_refused_and_2000_is_accepted() {
    // 2,001 two-byte characters: 4 KiB, well within the body limit.
    assert_error(
        &chat(&"ă".repeat(2_001), None).await,
        400,
        "message_too_long",
    );
    let r = chat(&"ă".repeat(2_000), None).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn malformed_json_is_invalid_json_with_the_json_error_body() {
    let r = post_json("/api/chat", r#"{"message": "khai sinh""#).await;
    assert_error(&r, 400, "invalid_json");
    let r = post_json("/api/chat", "not json at all").await;
    assert_error(&r, 400, "invalid_json");
}

#[tokio::test]
async fn wrong_types_missing_and_unknown_fields_are_invalid_request() {
    for body in [
        r#"{"message": 5}"#,
        r#"{}"#,
        r#"{"message": "khai sinh", "extra": true}"#,
        r#"{"message": "khai sinh", "lang": "fr"}"#,
        r#"["khai sinh"]"#,
    ] {
        assert_error(&post_json("/api/chat", body).await, 422, "invalid_request");
    }
}
