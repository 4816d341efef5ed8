use crate::support::{assert_error, encode, get};

#[tokio::test]
async fn searching_for_an_article_by_its_name_finds_it_first() {
    let r = get(&format!("/api/search?q={}", encode("Điều 16 Luật Hộ tịch"))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let first = &r.json["hits"][0];
    assert_eq!(first["kind"], "article", "{}", r.text);
    assert_eq!(first["document_number"], "60/2014/QH13", "{first}");
    assert_eq!(first["article"], "16", "{first}");
    assert_eq!(
        r.json["total"].as_u64(),
        r.json["hits"].as_array().map(|h| h.len() as u64)
    );
}

#[tokio::test]
async fn every_hit_has_the_documented_shape() {
    let r = get(&format!("/api/search?q={}&limit=50", encode("khai sinh"))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let hits = r.json["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    for h in hits {
        for key in [
            "kind",
            "document_number",
            "article",
            "title",
            "snippet",
            "highlights",
            "score",
        ] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
        let snippet = h["snippet"].as_str().unwrap_or("");
        for range in h["highlights"].as_array().expect("highlights") {
            let (a, b) = (
                range[0].as_u64().unwrap_or(0),
                range[1].as_u64().unwrap_or(0),
            );
            assert!(
                a < b && b as usize <= snippet.len(),
                "{range} outside {snippet:?}"
            );
        }
        if h["kind"] == "procedure" {
            assert!(h["code"].is_string(), "{h}");
        }
    }
}

#[tokio::test]
async fn kind_restricts_the_hits() {
    for kind in ["article", "procedure"] {
        let r = get(&format!(
            "/api/search?q={}&kind={kind}",
            encode("khai sinh")
        ))
        .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let hits = r.json["hits"].as_array().expect("hits");
        assert!(!hits.is_empty(), "no {kind} hit");
        assert!(hits.iter().all(|h| h["kind"] == kind), "{}", r.text);
    }
}

#[tokio::test]
async fn document_restricts_the_hits_and_accepts_the_ascii_spelling() {
    let r = get(&format!(
        "/api/search?q={}&document=60-2014-QH13&kind=article",
        encode("khai sinh")
    ))
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let hits = r.json["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h["document_number"] == "60/2014/QH13"),
        "{}",
        r.text
    );
    let r = get("/api/search?q=a&document=1%2F1999%2FQH10").await;
    assert_error(&r, 404, "document_not_found");
}

#[tokio::test]
async fn limit_defaults_to_10_and_is_lowered_to_50() {
    let r = get(&format!("/api/search?q={}", encode("đăng ký"))).await;
    assert!(r.json["hits"].as_array().expect("hits").len() <= 10);
    let r = get(&format!("/api/search?q={}&limit=1000", encode("đăng ký"))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.json["hits"].as_array().expect("hits").len() <= 50);
    let r = get(&format!("/api/search?q={}&limit=2", encode("đăng ký"))).await;
    assert!(r.json["hits"].as_array().expect("hits").len() <= 2);
}

#[tokio::test]
async fn bad_parameters_get_their_own_codes() {
    assert_error(&get("/api/search").await, 400, "empty_query");
    assert_error(&get("/api/search?q=%20%20").await, 400, "empty_query");
    let long = encode(&"a".repeat(2_001));
    assert_error(
        &get(&format!("/api/search?q={long}")).await,
        400,
        "query_too_long",
    );
    assert_error(&get("/api/search?q=a&limit=0").await, 400, "invalid_limit");
    assert_error(
        &get("/api/search?q=a&limit=many").await,
        400,
        "invalid_limit",
    );
    assert_error(&get("/api/search?q=a&kind=law").await, 400, "invalid_kind");
}

#[tokio::test]
async fn query_syntax_and_deep_nesting_never_cause_a_server_error() {
    for q in [
        "Thủ tục: đăng ký khai sinh",
        "\"unbalanced",
        "title:(khai OR sinh) AND -",
        &"(".repeat(1_500),
        "*",
        "~~~ ^^^ [[[ {{{",
    ] {
        let r = get(&format!("/api/search?q={}", encode(q))).await;
        assert!(
            !r.status.is_server_error(),
            "{q:?} → {} {}",
            r.status,
            r.text
        );
    }
}
