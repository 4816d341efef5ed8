use crate::support::{assert_error, encode, get};

#[tokio::test]
async fn the_procedure_list_has_codes_names_and_fields() {
    let r = get("/api/procedures").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let all = r.json["procedures"].as_array().expect("procedures");
    assert_eq!(r.json["total"].as_u64(), Some(all.len() as u64));
    assert!(all.iter().any(|p| p["code"] == "1.001193"));
    for p in all {
        assert!(
            p["code"].is_string() && p["name"].is_string() && p["field"].is_string(),
            "{p}"
        );
    }
}

#[tokio::test]
async fn the_field_filter_ignores_accents_and_case() {
    let all = get("/api/procedures").await.json;
    let birth_field = all["procedures"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["code"] == "1.001193"))
        .and_then(|p| p["field"].as_str())
        .expect("the birth registration procedure has a field")
        .to_string();
    let exact = get(&format!("/api/procedures?field={}", encode(&birth_field))).await;
    let folded = motcua::text::fold_accents(&birth_field).to_uppercase();
    let loose = get(&format!("/api/procedures?field={}", encode(&folded))).await;
    assert_eq!(exact.status, 200);
    assert_eq!(exact.json, loose.json);
    let listed = exact.json["procedures"].as_array().expect("procedures");
    assert!(listed.iter().any(|p| p["code"] == "1.001193"));
    assert!(listed.iter().all(|p| p["field"] == birth_field.as_str()));
    let none = get("/api/procedures?field=khong-co-linh-vuc-nay").await;
    assert_eq!(none.json["total"], 0);
}

#[tokio::test]
async fn a_procedure_is_shown_in_full() {
    let r = get("/api/procedures/1.001193").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["code"], "1.001193");
    let checklist = r.json["checklist"].as_array().expect("checklist");
    assert!(checklist.iter().any(|i| i["name"]
        .as_str()
        .is_some_and(|n| n.contains("Giấy chứng sinh"))));
    let en = get("/api/procedures/1.001193?lang=en").await;
    assert_eq!(en.status, 200, "{}", en.text);
    assert_error(
        &get("/api/procedures/1.001193?lang=fr").await,
        400,
        "invalid_query",
    );
}

#[tokio::test]
async fn an_unknown_procedure_is_procedure_not_found() {
    assert_error(
        &get("/api/procedures/9.999999").await,
        404,
        "procedure_not_found",
    );
}

#[tokio::test]
async fn an_article_is_found_by_its_url_encoded_number_and_by_the_ascii_stem() {
    for number in ["60%2F2014%2FQH13", "60-2014-QH13"] {
        let r = get(&format!("/api/documents/{number}/articles/16")).await;
        assert_eq!(r.status, 200, "{number}: {}", r.text);
        assert_eq!(r.json["document"]["number"], "60/2014/QH13");
        assert_eq!(r.json["document"]["title"], "Luật Hộ tịch");
        assert_eq!(r.json["article"]["number"], "16");
        assert!(r.json["article"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
    }
}

#[tokio::test]
async fn nd_stands_for_nđ_in_document_numbers() {
    for number in [
        "123%2F2015%2FND-CP",
        "123-2015-ND-CP",
        "123%2F2015%2FN%C4%90-CP",
    ] {
        let r = get(&format!("/api/documents/{number}")).await;
        assert_eq!(r.status, 200, "{number}: {}", r.text);
        assert_eq!(r.json["document"]["number"], "123/2015/NĐ-CP");
    }
}

#[tokio::test]
async fn a_document_lists_its_articles() {
    let r = get("/api/documents/60%2F2014%2FQH13").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let articles = r.json["articles"].as_array().expect("articles");
    assert!(articles.iter().any(|a| a["number"] == "16"));
    assert!(
        articles.iter().all(|a| a.get("text").is_none()),
        "the list has no article text"
    );
}

#[tokio::test]
async fn unknown_documents_and_articles_are_not_found() {
    assert_error(
        &get("/api/documents/1%2F1999%2FQH10").await,
        404,
        "document_not_found",
    );
    assert_error(
        &get("/api/documents/1%2F1999%2FQH10/articles/1").await,
        404,
        "document_not_found",
    );
    assert_error(
        &get("/api/documents/60%2F2014%2FQH13/articles/9999").await,
        404,
        "article_not_found",
    );
}
