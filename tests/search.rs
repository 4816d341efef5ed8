//! Index life cycle and search ranking against the fixture corpus of
//! `tests/common`. Ranking tests assert ranks, never scores.

mod common;

use std::fs;
use std::sync::Arc;

use motcua::index::{self, generation, Freshness, SCHEMA_VERSION};
use motcua::search::{ArticleFilter, Engine, Hit, Kind};
use unicode_normalization::UnicodeNormalization;

use common::*;

fn codes(engine: &Engine, q: &str) -> Vec<String> {
    engine
        .search_procedures(q, 10)
        .expect("search")
        .into_iter()
        .map(|h| h.code)
        .collect()
}

fn first_code(engine: &Engine, q: &str) -> String {
    codes(engine, q).into_iter().next().unwrap_or_default()
}

fn articles(engine: &Engine, q: &str) -> Vec<(String, String, bool)> {
    engine
        .search_articles(q, &ArticleFilter::default(), 10)
        .expect("search")
        .into_iter()
        .map(|h| (h.document_number, h.article, h.cited))
        .collect()
}

fn first_article(engine: &Engine, q: &str) -> (String, String, bool) {
    articles(engine, q).into_iter().next().unwrap_or_default()
}

fn cited(doc: &str, art: &str) -> (String, String, bool) {
    (doc.to_string(), art.to_string(), true)
}

// ---------------------------------------------------------------- index ---

#[test]
fn build_then_open_has_one_document_per_procedure_and_article() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = corpus();
    let generation = index::build(&corpus, dir.path()).expect("build");
    assert_eq!(generation.number, 1);
    let opened = index::open(dir.path()).expect("open");
    assert_eq!(opened.generation, generation);
    assert_eq!(opened.manifest.procedures, corpus.procedures.len() as u64);
    assert_eq!(opened.manifest.articles, article_count(&corpus));
    assert_eq!(opened.manifest.schema_version, SCHEMA_VERSION);
    let engine = Engine::new(opened, Arc::new(corpus.clone()));
    assert_eq!(
        engine.counts().expect("counts"),
        (corpus.procedures.len() as u64, article_count(&corpus))
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("CURRENT")).expect("CURRENT"),
        "gen-1\n"
    );
}

#[test]
fn rebuilding_switches_generation_and_keeps_only_the_last_two() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = corpus();
    for _ in 0..4 {
        index::build(&corpus, dir.path()).expect("build");
    }
    let gens: Vec<u64> = generation::list(dir.path())
        .expect("list")
        .iter()
        .map(|g| g.number)
        .collect();
    assert_eq!(gens, [3, 4]);
    assert_eq!(index::open(dir.path()).expect("open").generation.number, 4);
}

#[test]
fn interrupted_build_is_cleaned_and_the_previous_generation_serves() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = corpus();
    index::build(&corpus, dir.path()).expect("build");
    // A build killed half-way: a temporary generation and a torn pointer.
    let tmp = dir.path().join("gen-2.tmp");
    fs::create_dir_all(tmp.join("index")).expect("mkdir");
    fs::write(tmp.join("index").join("meta.json"), b"{ half").expect("write");
    fs::write(dir.path().join("CURRENT.tmp"), b"gen-").expect("write");

    let opened = index::open(dir.path()).expect("open");
    assert_eq!(opened.generation.number, 1);
    assert!(!tmp.exists(), "stale generation removed");
    assert!(
        !dir.path().join("CURRENT.tmp").exists(),
        "stale pointer removed"
    );
    let engine = Engine::new(opened, Arc::new(corpus.clone()));
    assert_eq!(first_code(&engine, "đăng ký khai sinh"), KHAI_SINH);

    // The next build does not reuse the interrupted number's leftovers.
    let next = index::build(&corpus, dir.path()).expect("build");
    assert_eq!(next.number, 2);
}

#[test]
fn a_failed_build_leaves_the_previous_generation_current() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = corpus();
    index::build(&corpus, dir.path()).expect("build");
    // Hold the build lock as a concurrent build would: the second build fails.
    let lock = generation::try_lock(dir.path())
        .expect("lock")
        .expect("free");
    assert!(index::build(&corpus, dir.path()).is_err());
    drop(lock);
    assert_eq!(index::open(dir.path()).expect("open").generation.number, 1);
}

#[test]
fn schema_version_mismatch_needs_a_rebuild() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = corpus();
    let fingerprint = index::corpus_fingerprint(&corpus);
    assert_eq!(
        index::freshness(dir.path(), &fingerprint),
        Freshness::Missing
    );
    let generation = index::build(&corpus, dir.path()).expect("build");
    assert_eq!(index::freshness(dir.path(), &fingerprint), Freshness::Fresh);

    let mut manifest = index::Manifest::read(&generation.path).expect("manifest");
    manifest.schema_version = SCHEMA_VERSION + 1;
    manifest.write(&generation.path).expect("write");
    assert_eq!(
        index::freshness(dir.path(), &fingerprint),
        Freshness::SchemaChanged {
            found: SCHEMA_VERSION + 1
        }
    );
    let err = index::open(dir.path()).expect_err("refused");
    assert!(err.to_string().contains("rebuild"), "{err}");

    // open_or_build rebuilds and serves the new generation.
    let opened = index::open_or_build(&corpus, dir.path()).expect("rebuild");
    assert_eq!(opened.generation.number, 2);
    assert_eq!(index::freshness(dir.path(), &fingerprint), Freshness::Fresh);
}

#[test]
fn a_changed_corpus_is_detected_by_its_fingerprint() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = corpus();
    index::build(&corpus, dir.path()).expect("build");
    let mut changed = corpus.clone();
    changed.procedures[0].name.push_str(" (sửa)");
    assert_eq!(
        index::freshness(dir.path(), &index::corpus_fingerprint(&changed)),
        Freshness::CorpusChanged
    );
}

#[test]
fn opening_a_missing_index_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tmp");
    assert!(index::open(&dir.path().join("nope")).is_err());
    assert!(index::open(dir.path()).is_err());
}

// ------------------------------------------------------- procedures ---

#[test]
fn khai_sinh_question_finds_birth_registration_with_or_without_accents() {
    let (_dir, engine) = engine();
    assert_eq!(first_code(&engine, "làm giấy khai sinh cho con"), KHAI_SINH);
    assert_eq!(first_code(&engine, "lam giay khai sinh cho con"), KHAI_SINH);
    assert_eq!(first_code(&engine, "LÀM GIẤY KHAI SINH CHO CON"), KHAI_SINH);
}

#[test]
fn official_names_rank_their_procedure_first() {
    let (_dir, engine) = engine();
    assert_eq!(first_code(&engine, "đăng ký khai sinh"), KHAI_SINH);
    assert_eq!(first_code(&engine, "Thủ tục đăng ký kết hôn"), KET_HON);
    assert_eq!(first_code(&engine, "dang ky ket hon"), KET_HON);
    assert_eq!(first_code(&engine, "đăng ký khai tử"), KHAI_TU);
    assert_eq!(
        first_code(&engine, "khai sinh có yếu tố nước ngoài"),
        KHAI_SINH_NN
    );
    assert_eq!(
        first_code(&engine, "chứng thực bản sao từ bản chính"),
        CHUNG_THUC
    );
    assert_eq!(first_code(&engine, "đăng ký thường trú"), THUONG_TRU);
    assert_eq!(
        first_code(&engine, "xin bản sao giấy khai sinh"),
        BAN_SAO_KHAI_SINH
    );
}

#[test]
fn checklist_words_find_their_procedure() {
    let (_dir, engine) = engine();
    assert_eq!(first_code(&engine, "giấy báo tử"), KHAI_TU);
    assert_eq!(
        first_code(&engine, "giay xac nhan tinh trang hon nhan"),
        KET_HON
    );
}

#[test]
fn syllables_together_rank_above_syllables_apart() {
    let (_dir, engine) = engine();
    // "khai sinh" adjacent in the name beats "khai … sinh" apart.
    let ranked = codes(&engine, "khai sinh");
    let pos = |c: &str| ranked.iter().position(|x| x == c).unwrap_or(usize::MAX);
    assert!(pos(KHAI_SINH) < pos(KHAI_TU), "{ranked:?}");
}

#[test]
fn typed_accents_prefer_the_exact_word() {
    let (_dir, engine) = engine();
    assert_eq!(first_code(&engine, "đường"), DUONG_TINH);
    assert_eq!(first_code(&engine, "dương"), TUYEN_DUONG);
    let both = codes(&engine, "duong");
    assert!(both.contains(&DUONG_TINH.to_string()) && both.contains(&TUYEN_DUONG.to_string()));
}

#[test]
fn old_and_new_tone_placement_find_the_same_procedure() {
    let (_dir, engine) = engine();
    // "văn hóa" in the corpus; "văn hoá" typed.
    assert_eq!(
        first_code(&engine, "tuyên dương gia đình văn hoá"),
        TUYEN_DUONG
    );
    assert_eq!(
        codes(&engine, "uỷ quyền đăng ký khai sinh"),
        codes(&engine, "ủy quyền đăng ký khai sinh")
    );
}

#[test]
fn nfd_query_equals_nfc_query() {
    let (_dir, engine) = engine();
    for q in [
        "làm giấy khai sinh cho con",
        "Điều 16 Luật Hộ tịch",
        "giấy chứng nhận kết hôn",
    ] {
        let nfd: String = q.nfd().collect();
        assert_ne!(nfd, q);
        assert_eq!(codes(&engine, &nfd), codes(&engine, q), "{q}");
        assert_eq!(articles(&engine, &nfd), articles(&engine, q), "{q}");
    }
}

#[test]
fn procedure_code_finds_the_procedure() {
    let (_dir, engine) = engine();
    assert_eq!(first_code(&engine, "thủ tục 1.000656"), KHAI_TU);
}

#[test]
fn hits_say_which_fields_matched() {
    let (_dir, engine) = engine();
    let hits = engine
        .search_procedures("giấy chứng sinh", 5)
        .expect("search");
    let ks = hits
        .iter()
        .find(|h| h.code == KHAI_SINH)
        .expect("khai sinh found");
    assert!(
        ks.matched_fields.contains(&"checklist"),
        "{:?}",
        ks.matched_fields
    );
    assert!(!ks.name.is_empty());
}

// ---------------------------------------------------------- articles ---

#[test]
fn citing_an_article_of_a_law_by_name_puts_it_first() {
    let (_dir, engine) = engine();
    for q in [
        "Điều 16 Luật Hộ tịch",
        "điều 16 luật hộ tịch 2014",
        "dieu 16 luat ho tich",
        "Điều 16 của Luật Hộ tịch quy định gì?",
    ] {
        assert_eq!(
            first_article(&engine, q),
            cited("60/2014/QH13", "16"),
            "{q}"
        );
    }
}

/// After a cited article come the other articles of its document, not
/// articles of any law that also says "điều" and "nghị định".
#[test]
fn a_cited_article_is_followed_by_its_own_documents_articles() {
    let (_dir, engine) = engine();
    let hits = articles(&engine, "Điều 16 Luật Hộ tịch");
    assert_eq!(hits.first(), Some(&cited("60/2014/QH13", "16")));
    assert!(hits.len() > 1, "{hits:?}");
    assert!(
        hits.iter().all(|(doc, _, _)| doc == "60/2014/QH13"),
        "{hits:?}"
    );
    // Without a citation, the same words rank articles of several laws.
    let hits = articles(&engine, "đăng ký hộ tịch");
    let mut docs: Vec<&String> = hits.iter().map(|(d, _, _)| d).collect();
    docs.dedup();
    assert!(docs.len() > 1, "{hits:?}");
}

#[test]
fn citing_by_number_in_any_spelling() {
    let (_dir, engine) = engine();
    assert_eq!(
        first_article(&engine, "nđ 123/2015 điều 9"),
        cited("123/2015/NĐ-CP", "9")
    );
    assert_eq!(
        first_article(&engine, "Điều 5 NĐ 23/2015/NĐ-CP"),
        cited("23/2015/NĐ-CP", "5")
    );
    assert_eq!(
        first_article(&engine, "dieu 5 nghi dinh 23/2015/ND-CP"),
        cited("23/2015/NĐ-CP", "5")
    );
    assert_eq!(
        first_article(&engine, "điều 3 thông tư 01/2020"),
        cited("01/2020/TT-BTP", "3")
    );
    assert_eq!(
        first_article(&engine, "điều 3 thông tư 1/2020/TT-BTP"),
        cited("01/2020/TT-BTP", "3")
    );
}

/// Officials' shorthand: "đ" for "điều", and a decree or circular named by
/// its number without the year.
#[test]
fn citing_with_officials_shorthand() {
    let (_dir, engine) = engine();
    assert_eq!(
        first_article(&engine, "đ 5 nđ 23/2015"),
        cited("23/2015/NĐ-CP", "5")
    );
    assert_eq!(
        first_article(&engine, "đ3 tt 01/2020 btp"),
        cited("01/2020/TT-BTP", "3")
    );
    assert_eq!(
        first_article(&engine, "khoản 2 điều 5 nđ 23"),
        cited("23/2015/NĐ-CP", "5")
    );
    assert_eq!(
        first_article(&engine, "điều 9 nghị định 123"),
        cited("123/2015/NĐ-CP", "9")
    );
}

#[test]
fn citing_a_clause_focuses_the_snippet() {
    let (_dir, engine) = engine();
    let hits = engine
        .search_articles(
            "khoản 2 điều 9 nghị định 123/2015",
            &ArticleFilter::default(),
            3,
        )
        .expect("search");
    let top = &hits[0];
    assert!(top.cited);
    assert_eq!(
        (top.document_number.as_str(), top.article.as_str()),
        ("123/2015/NĐ-CP", "9")
    );
    assert_eq!(top.clause.as_deref(), Some("2"));
    assert!(
        top.snippet
            .text
            .contains("2. Người đi đăng ký khai sinh xuất trình"),
        "{}",
        top.snippet.text
    );
}

#[test]
fn a_year_disambiguates_laws_with_the_same_name() {
    let (_dir, engine) = engine();
    assert_eq!(
        first_article(&engine, "điều 20 luật cư trú 2006"),
        cited("81/2006/QH11", "20")
    );
    assert_eq!(
        first_article(&engine, "điều 20 luật cư trú 2020"),
        cited("68/2020/QH14", "20")
    );
    // Without a year, the law in force.
    assert_eq!(
        first_article(&engine, "điều 20 luật cư trú"),
        cited("68/2020/QH14", "20")
    );
}

#[test]
fn a_law_name_inside_a_longer_title_does_not_resolve_to_it() {
    let (_dir, engine) = engine();
    // NĐ 123/2015's title contains "Luật Hộ tịch"; the law itself is meant.
    assert_eq!(
        engine.resolve_document("Luật Hộ tịch").as_deref(),
        Some("60/2014/QH13")
    );
    assert_eq!(
        engine
            .resolve_document("luat hon nhan va gia dinh")
            .as_deref(),
        Some("52/2014/QH13")
    );
    assert_eq!(engine.resolve_document("Luật Đất đai"), None);
}

#[test]
fn an_uncited_article_question_ranks_by_content() {
    let (_dir, engine) = engine();
    let top = first_article(&engine, "điều kiện kết hôn");
    assert_eq!(top, ("52/2014/QH13".to_string(), "8".to_string(), false));
    let top = first_article(&engine, "thủ tục đăng ký khai sinh");
    assert_eq!(top.0, "60/2014/QH13");
    assert_eq!(top.1, "16");
}

#[test]
fn document_filter_restricts_articles() {
    let (_dir, engine) = engine();
    for document in ["123/2015/ND-CP", "Nghị định 123/2015/NĐ-CP"] {
        let filter = ArticleFilter {
            document: Some(document.into()),
        };
        let hits = engine
            .search_articles("khai sinh", &filter, 10)
            .expect("search");
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| h.document_number == "123/2015/NĐ-CP"));
    }
    // "Điều 16" inside a filtered document cites that document.
    let filter = ArticleFilter {
        document: Some("Luật Hộ tịch".into()),
    };
    let hits = engine
        .search_articles("điều 16", &filter, 3)
        .expect("search");
    assert!(hits[0].cited && hits[0].article == "16" && hits[0].document_number == "60/2014/QH13");
    // An unknown document matches nothing.
    let filter = ArticleFilter {
        document: Some("Luật Không Tồn Tại".into()),
    };
    assert!(engine
        .search_articles("khai sinh", &filter, 10)
        .expect("search")
        .is_empty());
}

#[test]
fn restricting_to_documents_keeps_the_unrestricted_ranking_and_scores() {
    let (_dir, engine) = engine();
    let all = ArticleFilter::default();
    for (query, only) in [
        (
            "đăng ký khai sinh cần giấy tờ gì",
            &["60/2014/QH13", "123/2015/NĐ-CP"][..],
        ),
        (
            "kết hôn",
            &["52/2014/QH13", "60/2014/QH13", "68/2020/QH14"][..],
        ),
        ("dang ky thuong tru", &["68/2020/QH14", "81/2006/QH11"][..]),
        ("chứng thực chữ ký", &["23/2015/NĐ-CP"][..]),
    ] {
        let everywhere = engine.search_articles(query, &all, 50).expect("search");
        let expected: Vec<(String, String, f32)> = everywhere
            .iter()
            .filter(|h| only.contains(&h.document_number.as_str()))
            .map(|h| (h.document_number.clone(), h.article.clone(), h.score))
            .collect();
        assert!(!expected.is_empty(), "{query}");
        let found = engine.search_articles_in(query, only, 50).expect("search");
        let got: Vec<(String, String, f32)> = found
            .hits()
            .iter()
            .map(|h| (h.document_number.clone(), h.article.clone(), h.score))
            .collect();
        assert_eq!(
            got.len(),
            expected.len(),
            "{query}: {got:?} vs {expected:?}"
        );
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!((&g.0, &g.1), (&e.0, &e.1), "{query}");
            assert!(
                (g.2 - e.2).abs() <= 1e-4 * e.2.abs().max(1.0),
                "{query}: {g:?} vs {e:?}"
            );
        }
    }
}

#[test]
fn snippets_highlight_whole_words_even_without_accents() {
    let (_dir, engine) = engine();
    let hits = engine
        .search_articles("giay chung sinh", &ArticleFilter::default(), 3)
        .expect("search");
    let s = &hits[0].snippet;
    assert!(!s.highlights.is_empty());
    assert!(s.text.chars().count() <= 302);
    for &(a, b) in &s.highlights {
        let word = &s.text[a..b];
        let folded = motcua::text::fold_accents(word).to_lowercase();
        assert!(
            ["giay", "chung", "sinh"].contains(&folded.as_str()),
            "{word}"
        );
    }
}

#[test]
fn article_lookup_accepts_any_spelling_of_the_number() {
    let (_dir, engine) = engine();
    let (d, a) = engine.article("123/2015/nd-cp", "9").expect("found");
    assert_eq!(d.header.number, "123/2015/NĐ-CP");
    assert_eq!(a.title, "Giấy tờ nộp và xuất trình khi đăng ký khai sinh");
    assert!(engine.article("60/2014/QH13", "999").is_none());
}

#[test]
fn superseded_documents_rank_below_those_in_force() {
    let (_dir, engine) = engine();
    let hits = articles(&engine, "điều kiện đăng ký thường trú");
    let pos = |doc: &str| hits.iter().position(|h| h.0 == doc).unwrap_or(usize::MAX);
    assert!(pos("68/2020/QH14") < pos("81/2006/QH11"), "{hits:?}");
}

// ------------------------------------------------------------- mixed ---

#[test]
fn mixed_search_returns_both_kinds_and_honours_the_kind_filter() {
    let (_dir, engine) = engine();
    let hits = engine
        .search("đăng ký khai sinh", None, None, 10)
        .expect("search");
    assert!(hits.iter().any(|h| matches!(h, Hit::Procedure(_))));
    assert!(hits.iter().any(|h| matches!(h, Hit::Article(_))));
    let only = engine
        .search("đăng ký khai sinh", Some(Kind::Procedure), None, 10)
        .expect("search");
    assert!(only.iter().all(|h| matches!(h, Hit::Procedure(_))));
    let cited = engine
        .search("Điều 16 Luật Hộ tịch", None, None, 10)
        .expect("search");
    assert!(matches!(&cited[0], Hit::Article(a) if a.cited && a.article == "16"));
}

#[test]
fn mixed_search_with_a_document_keeps_procedures_citing_it() {
    let (_dir, engine) = engine();
    let hits = engine
        .search("chứng thực bản sao", None, Some("23/2015/NĐ-CP"), 10)
        .expect("search");
    assert!(!hits.is_empty());
    for h in &hits {
        match h {
            Hit::Procedure(p) => assert_eq!(p.code, CHUNG_THUC),
            Hit::Article(a) => assert_eq!(a.document_number, "23/2015/NĐ-CP"),
        }
    }
}

// ------------------------------------------------------- robustness ---

#[test]
fn the_engine_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
}

#[test]
fn query_syntax_characters_are_just_text() {
    let (_dir, engine) = engine();
    let nasty =
        r#"Thủ tục: đăng ký (khai sinh)? name:"x" ^2 -kết ~hôn * [a TO b] {c} \ / && || ! +"#;
    engine.search_procedures(nasty, 10).expect("no error");
    engine
        .search_articles(nasty, &ArticleFilter::default(), 10)
        .expect("no error");
    engine.search(nasty, None, None, 10).expect("no error");
    assert_eq!(
        first_code(&engine, "Thủ tục: đăng ký (khai sinh)?"),
        KHAI_SINH
    );
}

#[test]
fn ten_thousand_nested_parentheses_do_not_crash() {
    let (_dir, engine) = engine();
    let deep = format!("{}khai sinh{}", "(".repeat(10_000), ")".repeat(10_000));
    engine.search_procedures(&deep, 10).expect("no error");
    engine
        .search_articles(&deep, &ArticleFilter::default(), 10)
        .expect("no error");
    engine.search(&deep, None, None, 10).expect("no error");
}

#[test]
fn empty_and_punctuation_only_queries_return_nothing() {
    let (_dir, engine) = engine();
    for q in ["", "   ", "?!", ":()\"^-~*[]{}\\/", "của và các"] {
        assert!(
            engine.search_procedures(q, 10).expect("ok").is_empty(),
            "{q:?}"
        );
        assert!(
            engine
                .search_articles(q, &ArticleFilter::default(), 10)
                .expect("ok")
                .is_empty(),
            "{q:?}"
        );
        assert!(
            engine.search(q, None, None, 10).expect("ok").is_empty(),
            "{q:?}"
        );
    }
}

#[test]
fn huge_queries_and_limits_are_bounded() {
    let (_dir, engine) = engine();
    let huge = "khai sinh kết hôn khai tử ".repeat(10_000);
    let hits = engine.search_procedures(&huge, usize::MAX).expect("ok");
    assert!(!hits.is_empty() && hits.len() <= motcua::search::MAX_LIMIT);
    assert!(engine
        .search_procedures("khai sinh", 0)
        .expect("ok")
        .is_empty());
    let many_words: String = (0..5_000).map(|i| format!("w{i} ")).collect();
    engine.search(&many_words, None, None, 10).expect("ok");
}

// ------------------------------------------------- officials' questions ---

/// An engine over the fixture corpus plus `extra` documents.
fn engine_with(extra: Vec<motcua::corpus::LegalDocument>) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut corpus = corpus();
    corpus.documents.extend(extra);
    index::build(&corpus, dir.path()).expect("build");
    let opened = index::open(dir.path()).expect("open");
    (dir, Engine::new(opened, Arc::new(corpus)))
}

fn phi_le_phi() -> motcua::corpus::LegalDocument {
    use motcua::corpus::{DocumentStatus, LegalDocument};
    LegalDocument {
        header: header("97/2015/QH13", "Luật", "Luật Phí và lệ phí", DocumentStatus::InForce),
        articles: vec![
            article("3", "Giải thích từ ngữ", "Chương I. NHỮNG QUY ĐỊNH CHUNG",
                "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:\n1. Phí là khoản tiền mà tổ chức, cá nhân phải trả nhằm cơ bản bù đắp chi phí và mang tính phục vụ khi được cơ quan nhà nước cung cấp dịch vụ công.\n2. Lệ phí là khoản tiền được ấn định mà tổ chức, cá nhân phải nộp khi được cơ quan nhà nước cung cấp dịch vụ công, phục vụ công việc quản lý nhà nước."),
            article("10", "Miễn, giảm phí, lệ phí", "Chương II. PHÍ VÀ LỆ PHÍ",
                "1. Đối tượng thuộc diện miễn, giảm phí, lệ phí bao gồm trẻ em, hộ nghèo, người cao tuổi, người khuyết tật, người có công với cách mạng, đồng bào dân tộc thiểu số ở xã có điều kiện kinh tế - xã hội đặc biệt khó khăn và một số đối tượng đặc biệt theo quy định của pháp luật.\n2. Chính phủ quy định cụ thể đối tượng được miễn, giảm phí, lệ phí."),
            article("11", "Thu, nộp phí, lệ phí", "Chương II. PHÍ VÀ LỆ PHÍ",
                "1. Phí thu từ các hoạt động dịch vụ do cơ quan nhà nước thực hiện phải nộp vào ngân sách nhà nước.\n2. Lệ phí thu được phải nộp đầy đủ, kịp thời vào ngân sách nhà nước."),
        ],
    }
}

#[test]
fn a_definition_question_finds_the_definitions_article() {
    let (_dir, engine) = engine_with(vec![phi_le_phi()]);
    for q in [
        "lệ phí là gì",
        "le phi duoc hieu nhu the nao",
        "khái niệm phí",
    ] {
        let first = first_article(&engine, q);
        assert_eq!(
            (first.0.as_str(), first.1.as_str()),
            ("97/2015/QH13", "3"),
            "{q}"
        );
    }
}

#[test]
fn a_short_title_sharing_a_word_does_not_beat_the_answering_body() {
    // Article 13's title "Thẩm quyền đăng ký khai sinh" shares the question's
    // words; the 60-day deadline is in the body of Article 15.
    let (_dir, engine) = engine();
    let first = first_article(
        &engine,
        "Thời hạn đăng ký khai sinh cho con là bao nhiêu ngày kể từ ngày sinh?",
    );
    assert_eq!((first.0.as_str(), first.1.as_str()), ("60/2014/QH13", "15"));
}

#[test]
fn the_clause_that_answers_lifts_its_article() {
    // The answer is one clause of a long article; another article repeats
    // the question's common words.
    let (_dir, engine) = engine();
    let hits = articles(
        &engine,
        "cần xác minh điều kiện kết hôn thì thời hạn giải quyết là bao lâu",
    );
    assert_eq!(
        hits.first().map(|h| (h.0.as_str(), h.1.as_str())),
        Some(("60/2014/QH13", "18"))
    );
}

#[test]
fn a_law_named_by_its_initials_is_cited() {
    let (_dir, engine) = engine();
    assert_eq!(
        first_article(&engine, "điểm d khoản 1 Điều 8 Luật HNGĐ 2014"),
        cited("52/2014/QH13", "8")
    );
}

/// Article ranks, scores and snippets for questions whose clause evidence
/// counts (see `the_clause_that_answers_lifts_its_article`).
fn article_answers(engine: &Engine) -> Vec<String> {
    [
        "cần xác minh điều kiện kết hôn thì thời hạn giải quyết là bao lâu",
        "Thời hạn đăng ký khai sinh cho con là bao nhiêu ngày kể từ ngày sinh?",
        "hồ sơ đăng ký kết hôn gồm những gì",
    ]
    .iter()
    .flat_map(|q| {
        engine
            .search_articles(q, &ArticleFilter::default(), 10)
            .expect("search")
    })
    .map(|h| {
        format!(
            "{} {} {:.5} {}",
            h.document_number, h.article, h.score, h.snippet.text
        )
    })
    .collect()
}

/// An index of the committed corpus and the snapshot `file` its first
/// engine wrote beside the generation, after checking that the next engine
/// gives the same answers from it and that every spoiled copy (see
/// `common::spoiled_snapshots`) is recomputed and rewritten.
struct SnapshotCase {
    dir: tempfile::TempDir,
    corpus: motcua::corpus::Corpus,
    expected: Vec<String>,
    snapshot: std::path::PathBuf,
    good: Vec<u8>,
}

impl SnapshotCase {
    fn new(file: &str, magic: &[u8; 8]) -> Self {
        let dir = tempfile::tempdir().expect("tmp");
        let corpus = corpus();
        index::build(&corpus, dir.path()).expect("build");
        let snapshot = index::open(dir.path())
            .expect("open")
            .generation
            .path
            .join(file);
        let mut case = SnapshotCase {
            dir,
            corpus,
            expected: Vec::new(),
            snapshot,
            good: Vec::new(),
        };
        // The first engine on a generation writes the snapshot beside it.
        case.expected = article_answers(&case.open(&case.corpus));
        assert!(!case.expected.is_empty());
        case.good = fs::read(&case.snapshot).expect("snapshot written");
        assert_eq!(
            article_answers(&case.open(&case.corpus)),
            case.expected,
            "from the snapshot"
        );
        for bad in common::spoiled_snapshots(&case.good, magic) {
            fs::write(&case.snapshot, &bad).expect("spoil");
            assert_eq!(article_answers(&case.open(&case.corpus)), case.expected);
            let rewritten = fs::read(&case.snapshot).expect("snapshot");
            assert_eq!(rewritten, case.good, "rewritten");
        }
        case
    }

    /// With `changed` (a corpus the snapshot was not made for), the engine
    /// answers like one on a fresh index that never had a snapshot, and the
    /// snapshot is rewritten.
    fn answers_like_a_fresh_engine(&self, changed: &motcua::corpus::Corpus) {
        let fresh_dir = tempfile::tempdir().expect("tmp");
        index::build(&self.corpus, fresh_dir.path()).expect("build");
        let fresh = Engine::new(
            index::open(fresh_dir.path()).expect("open"),
            Arc::new(changed.clone()),
        );
        assert_eq!(
            article_answers(&self.open(changed)),
            article_answers(&fresh)
        );
        let rewritten = fs::read(&self.snapshot).expect("snapshot");
        assert_ne!(rewritten, self.good, "rewritten");
    }

    /// Neither readable nor writable (a directory in its way): computed, and
    /// searching works.
    fn unwritable_is_still_searched(&self) {
        fs::remove_file(&self.snapshot).expect("rm");
        fs::create_dir(&self.snapshot).expect("a directory in its way");
        assert_eq!(article_answers(&self.open(&self.corpus)), self.expected);
    }

    /// An engine on the index with `corpus` (the committed one, or changed).
    fn open(&self, corpus: &motcua::corpus::Corpus) -> Engine {
        Engine::new(
            index::open(self.dir.path()).expect("open"),
            Arc::new(corpus.clone()),
        )
    }
}

#[test]
fn the_clause_snapshot_is_reused_and_a_bad_one_is_recomputed() {
    let case = SnapshotCase::new("clauses.bin", b"MCCLAUS1");

    // Made from another corpus (an article changed since): not used.
    let mut changed = case.corpus.clone();
    let article = changed
        .documents
        .iter_mut()
        .flat_map(|d| d.articles.iter_mut())
        .find(|a| a.text.contains("xác minh"))
        .expect("an article to change");
    article.text = article.text.replace("xác minh", "kiểm tra");
    case.answers_like_a_fresh_engine(&changed);

    case.unwritable_is_still_searched();
}

/// `gen-N/articles.bin` (where each indexed article is in the corpus) is
/// written by the first engine on a generation and read by the next; a
/// damaged one, or one made for a corpus whose articles moved, is recomputed
/// and the answers are those of an engine that never had a snapshot.
#[test]
fn the_article_address_snapshot_is_reused_and_a_bad_one_is_recomputed() {
    let case = SnapshotCase::new("articles.bin", b"MCADDRS1");

    // The same articles in another order (the index unchanged): the old
    // table would point the hits at the wrong articles.
    let mut moved = case.corpus.clone();
    for d in &mut moved.documents {
        d.articles.reverse();
    }
    case.answers_like_a_fresh_engine(&moved);
    assert_eq!(
        article_answers(&case.open(&moved)),
        case.expected,
        "same articles"
    );

    case.unwritable_is_still_searched();
}
