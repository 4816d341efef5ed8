//! The assistant on the committed corpus, without HTTP: what a citizen sees
//! for the questions the product must answer, and what it must refuse.

mod common;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use motcua::assistant::chat::Assistant;
use motcua::assistant::{ChatRequest, ChatResponse, Intent, Lang};

fn assistant() -> &'static Assistant {
    static APP: OnceLock<(tempfile::TempDir, Assistant)> = OnceLock::new();
    &APP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let a = motcua::app::load(&corpus, &dir.path().join("index")).expect("app loads");
        (dir, a)
    })
    .1
}

fn ask(message: &str, session: Option<&str>) -> ChatResponse {
    assistant()
        .chat(&ChatRequest {
            message: message.into(),
            session: session.map(str::to_string),
            lang: None,
        })
        .expect("chat answers")
}

fn code(r: &ChatResponse) -> Option<&str> {
    r.procedure.as_ref().map(|p| p.code.as_str())
}

#[test]
fn birth_registration_question_gets_the_checklist_and_cited_law() {
    let r = ask("làm giấy khai sinh cho con cần gì", None);
    assert_eq!(code(&r), Some("1.001193"), "{}", r.answer);
    let p = r.procedure.as_ref().expect("procedure");
    assert!(p
        .checklist
        .iter()
        .any(|c| c.name.contains("Giấy chứng sinh")));
    assert_eq!(r.intent, Intent::Documents);
    assert!(
        r.passages
            .iter()
            .any(|x| x.document_number == "60/2014/QH13" || x.document_number == "123/2015/NĐ-CP"),
        "{:?}",
        r.passages
            .iter()
            .map(|p| &p.document_number)
            .collect::<Vec<_>>()
    );
    assert!(r.answer.contains("Giấy chứng sinh"));
}

#[test]
fn the_same_question_without_diacritics_finds_the_same_procedure() {
    let r = ask("lam giay khai sinh cho con can gi", None);
    assert_eq!(code(&r), Some("1.001193"), "{}", r.answer);
}

#[test]
fn query_syntax_characters_mean_nothing() {
    let r = ask("Thủ tục: đăng ký kết hôn (cần gì?)", None);
    assert_eq!(code(&r), Some("1.000894"), "{}", r.answer);
}

#[test]
fn an_unrelated_question_is_not_answered_with_a_procedure() {
    let r = ask("giá vàng hôm nay bao nhiêu", None);
    assert_eq!(code(&r), None, "{}", r.answer);
    assert_eq!(r.intent, Intent::OutOfScope);
    assert!(r.contact.is_some());
}

#[test]
fn a_follow_up_stays_on_the_previous_procedure() {
    let first = ask("làm giấy khai sinh cho con cần gì", None);
    let r = ask("lệ phí bao nhiêu?", Some(&first.session));
    assert_eq!(code(&r), Some("1.001193"), "{}", r.answer);
    assert_eq!(r.intent, Intent::Fees);
    assert_eq!(r.session, first.session);
}

/// Regression: "cảm ơn" after an answer repeated the whole checklist, and
/// "cảm ơn bạn nhiều nha, bye" was answered with "Bán nhà ở cũ" ("nha" read
/// as "nhà", "bạn" as "bán"). Social talk gets a courtesy, no procedure,
/// and the conversation stays on its procedure.
#[test]
fn thanks_and_greetings_get_a_courtesy_and_keep_the_conversation() {
    let first = ask("làm giấy khai sinh cho con cần gì", None);
    assert_eq!(code(&first), Some("1.001193"), "{}", first.answer);
    let thanks = ask("cảm ơn bạn nhiều nha", Some(&first.session));
    assert_eq!(thanks.intent, Intent::Social);
    assert_eq!(code(&thanks), None, "{}", thanks.answer);
    assert!(!thanks.answer.contains("Giấy tờ"), "{}", thanks.answer);
    assert!(thanks.suggestions.iter().any(|s| s == "Lệ phí bao nhiêu?"));
    assert_eq!(thanks.session, first.session);
    let fees = ask("lệ phí bao nhiêu?", Some(&thanks.session));
    assert_eq!(code(&fees), Some("1.001193"), "{}", fees.answer);

    let bye = ask("cảm ơn bạn nhiều nha, bye", None);
    assert_eq!(
        (bye.intent, code(&bye)),
        (Intent::Social, None),
        "{}",
        bye.answer
    );
    let hello = ask("Hello! Are you a real person or a bot?", None);
    assert_eq!(hello.intent, Intent::Social);
    assert_eq!(hello.lang, Lang::En);
    assert!(hello.contact.is_some(), "a greeting gives the contact");
    // The example questions offered answer with a procedure.
    assert!(!hello.suggestions.is_empty());
    for s in &hello.suggestions {
        assert!(code(&ask(s, None)).is_some(), "{s}");
    }
    // A greeting before a question is no social talk.
    let q = ask("chào bạn, làm khai sinh cần gì", None);
    assert_eq!(code(&q), Some("1.001193"), "{}", q.answer);
}

#[test]
fn english_questions_get_english_labels() {
    let r = ask("How do I register my baby's birth?", None);
    assert_eq!(r.lang, Lang::En);
    assert_eq!(code(&r), Some("1.001193"), "{}", r.answer);
    assert!(r.answer.starts_with("Procedure:"));
}

/// Regression: markup injected into a question made the assistant abstain.
#[test]
fn markup_in_a_question_does_not_hide_its_topic() {
    let r = ask(
        "làm giấy khai sinh cho con <img src=x onerror=alert(1)>",
        None,
    );
    assert_eq!(code(&r), Some("1.001193"), "{}", r.answer);
}

#[test]
fn a_nationality_asks_for_the_foreign_element_variant() {
    let r = ask(
        "chồng em là người Nhật, làm khai sinh cho con thế nào",
        None,
    );
    let ranked: Vec<&str> = r
        .procedure
        .iter()
        .map(|p| p.code.as_str())
        .chain(r.alternatives.iter().map(|a| a.code.as_str()))
        .collect();
    assert_eq!(ranked.first(), Some(&"2.000528"), "{ranked:?}");
}

/// A question that shares only an action ("gia hạn") or only a variant
/// ("…as a foreigner") with a procedure's name has not named it: the
/// assistant says it does not know instead of answering another procedure.
#[test]
fn a_shared_action_or_variant_alone_is_no_answer() {
    assert_eq!(
        code(&ask("gia hạn tạm trú thế nào", None)),
        Some("1.002755")
    );
    let r = ask("gia hạn hộ chiếu thế nào", None);
    assert_eq!(code(&r), None, "{}", r.answer);
    // The commune only takes reports of lost passports.
    assert_eq!(
        code(&ask("mất hộ chiếu phải báo ở đâu", None)),
        Some("1.010386")
    );
    let r = ask("làm hộ chiếu lần đầu cần giấy tờ gì", None);
    assert_eq!(code(&r), None, "{}", r.answer);
    // A tax record answers a question about tax, not one about a company.
    assert_eq!(
        code(&ask(
            "khai thuế thu nhập doanh nghiệp chuyển nhượng bất động sản",
            None
        )),
        Some("1.008335")
    );
    let r = ask("thủ tục thành lập công ty TNHH một thành viên", None);
    assert_eq!(code(&r), None, "{}", r.answer);
    let r = ask("how to open a bank account in Vietnam as a foreigner", None);
    assert_eq!(code(&r), None, "{}", r.answer);
    assert_eq!(r.intent, Intent::OutOfScope);
}

/// A procedure whose name says "người nước ngoài" answers a question the
/// synonyms read as "có yếu tố nước ngoài": it is not demoted for lacking
/// the variant it has in other words.
#[test]
fn a_name_that_says_foreigner_has_the_foreign_element() {
    let r = ask(
        "người nước ngoài ở nhà tôi, tôi phải khai báo tạm trú cho họ thế nào",
        None,
    );
    assert_eq!(code(&r), Some("1.000253"), "{}", r.answer);
}

/// Regression: "tại nhà" was read as "lưu động" (officials registering at
/// the family's home), so a birth or death that happened at home went to the
/// mobile registration instead of the ordinary one.
#[test]
fn at_home_is_where_it_happened_not_a_home_visit() {
    let r = ask("bé sinh tại nhà, làm khai sinh cần gì", None);
    assert_eq!(code(&r), Some("1.001193"), "{}", r.answer);
    let r = ask("bà tôi mất tại nhà, làm giấy khai tử ở đâu", None);
    assert_eq!(code(&r), Some("1.000656"), "{}", r.answer);
    let r = ask(
        "bà tôi nằm liệt giường, xin cán bộ đến nhà đăng ký khai tử",
        None,
    );
    assert_eq!(code(&r), Some("1.000419"), "{}", r.answer);
}

/// The abbreviations people type for household business ("hkd") and the
/// land-use certificate ("gcn qsdđ") are read as the names they stand for.
#[test]
fn common_abbreviations_name_their_procedure() {
    let r = ask("dk hkd can nhung gi", None);
    assert_eq!(code(&r), Some("1.001612"), "{}", r.answer);
    // "định danh mức 2" is the electronic identification account; "VNeID"
    // alone is a channel, not that procedure.
    let r = ask("làm định danh mức 2 ở đâu", None);
    assert!(
        r.procedure
            .iter()
            .map(|p| p.code.as_str())
            .chain(r.alternatives.iter().map(|a| a.code.as_str()))
            .take(2)
            .any(|c| c == "3.000228"),
        "{}",
        r.answer
    );
    let r = ask("xin cấp gcn qsdđ lần đầu cho hộ gia đình", None);
    assert_eq!(code(&r), Some("1.013978"), "{}", r.answer);
}

/// English glossary entries for what procedures are about: ending a
/// guardianship, removing a permanent residence, suspending a household
/// business, renewing a health insurance card.
#[test]
fn english_names_of_procedure_actions_route() {
    for (q, expected) in [
        ("how do I end the guardianship of my niece", "1.004845"),
        ("remove permanent residence registration", "1.003197"),
        ("temporarily suspend my household business", "1.001570"),
        ("renew my health insurance card", "1.002759"),
    ] {
        let r = ask(q, None);
        assert_eq!(code(&r), Some(expected), "{q}: {}", r.answer);
    }
}

/// The English glossary covers the words of the procedure names of every
/// field, not only the common procedures: long-tail questions in English
/// reach their procedure.
#[test]
fn english_questions_on_the_long_tail_route() {
    for (q, expected) in [
        (
            "How do I apply for support after my pigs died of African swine fever?",
            "1.013997",
        ),
        (
            "How do I get approval to harvest timber from a planted forest?",
            "1.011471",
        ),
        (
            "How do I get a permit to build inside the irrigation canal protection zone?",
            "1.014849",
        ),
        ("Where can I get a copy of a court judgment?", "3.000165"),
    ] {
        assert_routes(q, Some(expected));
    }
}

#[test]
fn the_spoken_checklist_starts_with_what_everyone_needs() {
    let r = ask("đăng ký khai sinh cần giấy tờ gì", None);
    let first_item = r
        .answer
        .lines()
        .find(|l| l.starts_with("1. "))
        .expect("a numbered checklist");
    assert!(
        first_item.contains("Giấy chứng sinh") || first_item.contains("Tờ khai"),
        "{first_item}"
    );
}

/// Regression: "để" (in order to) was read as "đẻ" (give birth) and sent a
/// question about a CV to birth registration. Marks that differ never match.
#[test]
fn a_word_with_other_marks_is_not_a_synonym() {
    let r = assistant()
        .route("cần xác nhận chữ ký trên đơn để nộp cho công ty", None)
        .expect("routes");
    let top = r.candidates.first().map(|c| c.code.as_str());
    assert_ne!(top, Some("1.001193"), "{:?}", r.chosen);
}

/// Typed without marks, "de" is "để" (in order to) far more often than "đẻ"
/// (give birth), and "cuoi" "cuối" (end) more than "cưới" (wed): alone they
/// are no synonym of a procedure (an unaccented "…để nộp…" was a birth
/// registration, a weekend question a marriage). As written, or inside a
/// longer phrase, they still are.
#[test]
fn a_bare_word_whose_letters_mostly_spell_another_word_is_not_a_synonym() {
    let r = assistant()
        .route("xin xac nhan chu ky de nop cho cong ty", None)
        .expect("routes");
    let top = r.candidates.first().map(|c| c.code.as_str());
    assert_ne!(top, Some("1.001193"), "{:?}", r.chosen);
    let r = assistant()
        .route("cuoi tuan nay ubnd xa co lam viec khong", None)
        .expect("routes");
    let top = r.candidates.first().map(|c| c.code.as_str());
    assert_ne!(top, Some("1.000894"), "{:?}", r.chosen);
    assert_eq!(
        code(&ask("vợ tôi vừa đẻ thì làm thủ tục gì", None)),
        Some("1.001193")
    );
    assert_eq!(
        code(&ask("vo moi de, lam giay to gi cho con", None)),
        Some("1.001193")
    );
    assert_eq!(
        code(&ask("thu tuc dang ky cuoi can gi", None)),
        Some("1.000894")
    );
}

/// In a question typed with marks, a bare word the corpus writes bare is
/// that word: "lao" of "người lao động" is no "người lào" (a foreigner), so
/// the low-income worker's certificate is not taken for a foreign-element
/// procedure. Typed bare, "người lào" still says foreigner.
#[test]
fn a_bare_word_among_marked_words_is_read_as_written() {
    assert_eq!(
        code(&ask(
            "tôi là người lao động tự do, thu nhập thấp, cần giấy xác nhận để thuê nhà ở xã hội",
            None
        )),
        Some("3.000412")
    );
    assert_eq!(
        code(&ask("ket hon voi nguoi lao can giay to gi", None)),
        Some("2.000806")
    );
}

/// Procedure names are rewritten by synonyms that have already learned the
/// corpus's spellings: "người lao động" of a name is no "người lào" (the
/// name of the low-income worker's certificate had a form saying "có yếu tố
/// nước ngoài", which answered every question asking for a foreign element).
#[test]
fn procedure_names_are_rewritten_with_the_learned_spellings() {
    let forms = assistant().name_forms("3.000412");
    assert!(!forms.is_empty());
    assert!(
        forms
            .iter()
            .all(|f| !f.join(" ").contains("yeu to nuoc ngoai")),
        "{forms:?}"
    );
}

/// English wording that the glossary does not translate is not topic: the
/// question is answered, not left as unsure.
#[test]
fn english_wording_around_the_glossary_terms_is_ignored() {
    let r = ask(
        "my grandfather died last week, how do I register his death?",
        None,
    );
    assert_eq!(code(&r), Some("1.000656"), "{}", r.answer);
}

/// A certified copy of a paper, not a copy of a transaction certified
/// earlier (a variant chosen only when asked for).
#[test]
fn a_certified_copy_is_the_plain_certification_procedure() {
    let r = ask("chung thuc ban sao bang tot nghiep", None);
    assert_eq!(code(&r), Some("2.000815"), "{}", r.answer);
}

/// Unaccented Vietnamese with "can", "to" is not English, so Telex residue
/// is still repaired.
#[test]
fn unaccented_vietnamese_is_repaired_not_taken_for_english() {
    let r = ask("ddangw kys keets hoon can giay to gi", None);
    assert_eq!(code(&r), Some("1.000894"), "{}", r.answer);
}

/// A generic word that a new procedure's name happens to contain does not
/// move a conversation off its procedure.
#[test]
fn a_generic_word_does_not_switch_the_procedure() {
    let first = ask("thay đổi, cải chính thông tin hộ tịch", None);
    assert_eq!(code(&first), Some("1.004859"));
    let r = ask("can giay to gi de chung minh", Some(&first.session));
    assert_eq!(code(&r), Some("1.004859"), "{}", r.answer);
}

/// Asking for an opinion about a procedure's subject is not asking for it.
#[test]
fn an_opinion_question_is_not_answered_with_a_procedure() {
    let r = ask("lấy chồng xa quê có nên không mọi người", None);
    assert!(r.procedure.is_none(), "{:?}", code(&r));
}

/// An assistant over the fixture corpus of `tests/common`, changed by `edit`.
fn fixture_assistant(
    edit: impl FnOnce(&mut motcua::corpus::Corpus),
) -> (tempfile::TempDir, Assistant) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = common::corpus();
    edit(&mut corpus);
    motcua::index::build(&corpus, dir.path()).expect("build");
    let opened = motcua::index::open(dir.path()).expect("open");
    let corpus = Arc::new(corpus);
    let engine = motcua::search::Engine::new(opened, Arc::clone(&corpus));
    let a = Assistant::new(
        engine,
        corpus,
        motcua::config::CommuneProfile::default(),
        motcua::corpus::synonyms::Synonyms::default(),
    );
    (dir, a)
}

fn fixture_ask(a: &Assistant, message: &str) -> ChatResponse {
    a.chat(&ChatRequest {
        message: message.into(),
        session: None,
        lang: None,
    })
    .expect("chat answers")
}

fn passage_documents(r: &ChatResponse) -> Vec<&str> {
    r.passages
        .iter()
        .map(|p| p.document_number.as_str())
        .collect()
}

#[test]
fn passages_come_from_the_legal_basis_when_it_has_enough() {
    let (_dir, a) = fixture_assistant(|_| {});
    let r = fixture_ask(&a, "đăng ký kết hôn cần giấy tờ gì");
    assert_eq!(code(&r), Some(common::KET_HON), "{}", r.answer);
    let docs = passage_documents(&r);
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert!(
        docs.iter()
            .all(|d| ["52/2014/QH13", "60/2014/QH13"].contains(d)),
        "{docs:?}"
    );
    // Best first, and every passage has its snippet.
    assert!(r.passages.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(r.passages.iter().all(|p| !p.snippet.is_empty()));
}

#[test]
fn passages_fill_up_from_other_documents_when_the_basis_falls_short() {
    // Luật Cư trú (68/2020/QH14) has two articles in the fixture.
    let (_dir, a) = fixture_assistant(|_| {});
    let r = fixture_ask(&a, "đăng ký thường trú cần hồ sơ gì");
    assert_eq!(code(&r), Some(common::THUONG_TRU), "{}", r.answer);
    let docs = passage_documents(&r);
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert_eq!(&docs[..2], ["68/2020/QH14", "68/2020/QH14"], "{docs:?}");
    assert_ne!(docs[2], "68/2020/QH14", "{docs:?}");

    // A legal basis that is not in the corpus at all: passages from the
    // documents the other procedures of its field (Hộ tịch) cite.
    let (_dir, a) = fixture_assistant(|c| {
        for p in &mut c.procedures {
            if p.code == common::KET_HON {
                for b in &mut p.legal_basis {
                    b.document_number = "99/2099/QH99".into();
                }
            }
        }
    });
    let r = fixture_ask(&a, "đăng ký kết hôn cần giấy tờ gì");
    assert_eq!(code(&r), Some(common::KET_HON), "{}", r.answer);
    let docs = passage_documents(&r);
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert!(
        docs.iter()
            .all(|d| ["60/2014/QH13", "123/2015/NĐ-CP", "52/2014/QH13"].contains(d)),
        "{docs:?}"
    );
}

#[test]
fn a_procedure_with_no_basis_nor_field_documents_gets_passages_from_the_laws_about_its_subject() {
    // Đăng ký khai tử cites nothing and is alone in its field: the documents
    // whose headings are about it ("Thủ tục đăng ký khai tử" in Luật Hộ
    // tịch) are searched, not every article of the corpus ("giấy tờ" is all
    // over the Nghị định on chứng thực).
    let (_dir, a) = fixture_assistant(|c| {
        for p in &mut c.procedures {
            if p.code == common::KHAI_TU {
                p.legal_basis.clear();
                p.field = "Lĩnh vực riêng".into();
            }
        }
    });
    let r = fixture_ask(&a, "đăng ký khai tử cần giấy tờ gì");
    assert_eq!(code(&r), Some(common::KHAI_TU), "{}", r.answer);
    let docs = passage_documents(&r);
    assert!(!docs.is_empty(), "{docs:?}");
    assert_eq!(docs[0], "60/2014/QH13", "{docs:?}");
    assert!(
        !docs
            .iter()
            .any(|d| ["23/2015/NĐ-CP", "01/2020/TT-BTP"].contains(d)),
        "{docs:?}"
    );
}

#[test]
fn a_law_the_question_names_comes_first_in_the_passages() {
    let (_dir, a) = fixture_assistant(|_| {});
    // Đăng ký kết hôn cites Luật Hộ tịch first; the question names the Luật
    // Hôn nhân và gia đình.
    let r = fixture_ask(
        &a,
        "đăng ký kết hôn theo Luật Hôn nhân và gia đình cần điều kiện gì",
    );
    assert_eq!(code(&r), Some(common::KET_HON), "{}", r.answer);
    let docs = passage_documents(&r);
    assert_eq!(docs.first(), Some(&"52/2014/QH13"), "{docs:?}");
}

#[test]
fn a_procedure_without_a_legal_basis_gets_passages_from_the_laws_of_its_field() {
    // Đăng ký thường trú loses its legal basis; the other procedure of its
    // field (Đăng ký, quản lý cư trú) cites the 2006 Luật Cư trú only.
    let (_dir, a) = fixture_assistant(|c| {
        for p in &mut c.procedures {
            if p.code == common::THUONG_TRU {
                p.legal_basis.clear();
            }
        }
        let mut p = c.procedures[0].clone();
        p.code = "1.999003".into();
        p.name = "Thủ tục tách hộ".into();
        p.aliases.clear();
        p.field = "Đăng ký, quản lý cư trú".into();
        p.legal_basis = vec![motcua::corpus::LegalRef {
            document_number: "81/2006/QH11".into(),
            article: None,
            title: "Luật Cư trú".into(),
        }];
        c.procedures.push(p);
        c.procedures.sort_by(|a, b| a.code.cmp(&b.code));
    });
    let r = fixture_ask(&a, "đăng ký thường trú cần hồ sơ gì");
    assert_eq!(code(&r), Some(common::THUONG_TRU), "{}", r.answer);
    let docs = passage_documents(&r);
    // The field's law first (the whole corpus would rank the 2020 law, in
    // force, above the superseded 2006 one), then the rest of the corpus for
    // the passages it lacks.
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert_eq!(docs[0], "81/2006/QH11", "{docs:?}");
    assert!(docs[1..].iter().all(|d| *d != "81/2006/QH11"), "{docs:?}");

    // Enough matching articles in the field's laws: nothing from elsewhere.
    // Đăng ký khai tử without a basis: the Hộ tịch procedures cite Luật Hộ
    // tịch, Nghị định 123/2015 and Luật Hôn nhân và gia đình.
    let (_dir, a) = fixture_assistant(|c| {
        for p in &mut c.procedures {
            if p.code == common::KHAI_TU {
                p.legal_basis.clear();
            }
        }
    });
    let r = fixture_ask(&a, "đăng ký khai tử cần giấy tờ gì");
    assert_eq!(code(&r), Some(common::KHAI_TU), "{}", r.answer);
    let docs = passage_documents(&r);
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert!(
        docs.iter()
            .all(|d| ["60/2014/QH13", "123/2015/NĐ-CP", "52/2014/QH13"].contains(d)),
        "{docs:?}"
    );
}

/// The candidates of a question, best first.
fn ranked(message: &str) -> Vec<String> {
    assistant()
        .route(message, None)
        .expect("routes")
        .candidates
        .into_iter()
        .map(|c| c.code)
        .collect()
}

/// Procedure names are rewritten by the synonyms like the question: "thẻ
/// bảo hiểm y tế" meets "thẻ BHYT" of the name (it lost to procedures
/// spelling out "bảo hiểm y tế" before).
#[test]
fn a_name_written_with_an_abbreviation_meets_the_spelled_out_question() {
    assert_eq!(
        ranked("thẻ bảo hiểm y tế bị rách muốn xin cấp lại")
            .first()
            .map(String::as_str),
        Some("1.002759")
    );
    // And the search itself also looks for the abbreviation: the procedure
    // named "Đăng ký đóng, cấp thẻ BHYT…" is found for "bảo hiểm y tế".
    assert_eq!(
        ranked("mua thẻ bhyt cho cả nhà ở đâu")
            .first()
            .map(String::as_str),
        Some("1.001939")
    );
}

/// Tax records tagged commune level ("Thông báo địa điểm kinh doanh của hộ
/// kinh doanh") do not win a household-business question that does not
/// mention tax.
#[test]
fn tax_records_are_not_chosen_unless_tax_is_asked() {
    let r = ranked("đăng ký kinh doanh hộ cá thể bao lâu thì xong");
    assert_eq!(r.first().map(String::as_str), Some("1.001612"), "{r:?}");
    let tax = ranked("hộ kinh doanh khai thuế thông báo địa điểm kinh doanh");
    assert_eq!(tax.first().map(String::as_str), Some("1.009824"), "{tax:?}");
}

/// English wording the glossary does not translate ("new apartment") is not
/// topic even when some checklist happens to contain the word.
#[test]
fn an_english_question_is_answered_from_its_glossary_terms() {
    let r = ask(
        "how do I register permanent residence for my new apartment?",
        None,
    );
    assert_eq!(code(&r), Some("1.004222"), "{}", r.answer);
}

/// In English only the glossary terms are topic, so coverage cannot tell an
/// opinion from a request: an English opinion question is never answered.
#[test]
fn an_english_opinion_question_is_not_answered() {
    let r = ask("what's the best age to get married?", None);
    assert!(r.procedure.is_none(), "{:?}", code(&r));
    // "what should I bring" asks for the procedure itself.
    let r = ask("I want to get married, what should I bring?", None);
    assert_eq!(code(&r), Some("1.000894"), "{}", r.answer);
}

/// "sổ hộ tịch" asks for "đăng ký lại", except when the procedure's own
/// name says it ("ghi vào Sổ hộ tịch việc kết hôn…").
#[test]
fn a_variant_trigger_that_the_name_says_is_no_request_for_the_variant() {
    let r = ranked("vợ chồng tôi cưới ở Hàn Quốc, giờ muốn ghi chú kết hôn ở Việt Nam");
    assert_eq!(r.first().map(String::as_str), Some("2.002189"), "{r:?}");
}

/// "mất mấy ngày" is how long it takes, not a lost permit to reissue.
#[test]
fn mat_as_time_taken_does_not_ask_for_a_reissue() {
    let r = ranked("xin giấy phép xây dựng nhà ở mất mấy ngày");
    assert_eq!(r.first().map(String::as_str), Some("1.013225"), "{r:?}");
}

/// A three-letter typo is repaired from the word before it ("khai sin").
#[test]
fn a_short_typo_is_repaired_from_the_previous_word() {
    let r = ask("dang ky khai sin cho be", None);
    assert_eq!(code(&r), Some("1.001193"), "{}", r.answer);
}

/// A translator who is not the commune's collaborator is a variant of its
/// own; inheritance shared without a will is the partition of an estate.
#[test]
fn negated_and_everyday_wordings_pick_the_certification_variant() {
    let r = ranked("tự dịch hồ sơ, không phải cộng tác viên, chứng thực chữ ký người dịch");
    assert_eq!(r.first().map(String::as_str), Some("2.001008"), "{r:?}");
    let r = ranked("bố mẹ mất không có di chúc, các con muốn chứng thực văn bản chia đất");
    assert_eq!(r.first().map(String::as_str), Some("2.001406"), "{r:?}");
}

/// A short message in a session that names no other procedure strongly
/// stays on the session's procedure.
#[test]
fn a_short_message_without_a_strong_new_topic_stays_in_the_session() {
    let first = ask("đăng ký kết hôn cần giấy tờ gì", None);
    assert_eq!(code(&first), Some("1.000894"));
    let r = ask("nộp qua app vneid được chứ", Some(&first.session));
    assert_eq!(code(&r), Some("1.000894"), "{}", r.answer);
}

/// A name that lists its cases ("Đăng ký, đăng ký lại, điều chỉnh đóng
/// BHXH tự nguyện") is not the "đăng ký lại" variant: it is not demoted for
/// a question that does not ask to register again.
#[test]
fn a_name_listing_its_cases_is_not_a_variant() {
    let r = ranked("đóng bhxh tự nguyện cho mẹ ở quê");
    assert_eq!(r.first().map(String::as_str), Some("1.002179"), "{r:?}");
}

/// An official's citation matches no procedure: the answer still says so,
/// and shows the cited article; an unrelated question shows none.
#[test]
fn a_citation_without_a_procedure_shows_the_cited_article() {
    let r = ask("điều 5 nghị định 23/2015", None);
    assert!(r.procedure.is_none(), "{:?}", code(&r));
    let first = r.passages.first().expect("the cited article");
    assert_eq!(
        (first.document_number.as_str(), first.article.as_str()),
        ("23/2015/NĐ-CP", "5")
    );
    assert!(
        r.answer.contains("Không có thủ tục nào khớp"),
        "{}",
        r.answer
    );
    let r = ask("tối nay ăn gì cho ngon", None);
    assert!(r.passages.is_empty(), "{:?}", r.passages.len());
}

/// One syllable is no topic: "mai" (tomorrow) only meets "thương mại".
#[test]
fn a_one_syllable_topic_is_not_answered() {
    let r = ask("ad oi mai co bao khong", None);
    assert!(r.procedure.is_none(), "{:?}", code(&r));
}

/// Adjusting an earlier land decision is a variant: a question about the
/// change of land use itself ranks the decision above its adjustment.
#[test]
fn adjusting_a_decision_is_asked_for_not_assumed() {
    let r = ranked("chuyển mục đích sử dụng đất vườn sang đất ở");
    let pos = |c: &str| r.iter().position(|x| x == c).unwrap_or(usize::MAX);
    assert!(pos("1.013949") < pos("1.013952"), "{r:?}");
}

/// Birth registration and the father's recognition asked together (parents
/// not married) is the joint procedure; once the birth is registered, the
/// recognition alone.
#[test]
fn birth_with_the_fathers_name_is_the_joint_procedure_unless_already_registered() {
    let r = ranked(
        "anh chị chưa làm giấy kết hôn, giờ khai sinh cho em bé muốn ghi tên bố thì làm sao",
    );
    assert_eq!(r.first().map(String::as_str), Some("1.000689"), "{r:?}");
    let r = ranked("con đã có giấy khai sinh rồi, giờ bố muốn làm thủ tục nhận con");
    assert_eq!(r.first().map(String::as_str), Some("1.001022"), "{r:?}");
}

/// A lost, burnt or ruined certificate of a registered event asks for its
/// re-registration ("đăng ký lại"), with the foreign element when there is
/// one; a lost hospital birth paper ("giấy chứng sinh") before the birth is
/// registered does not.
#[test]
fn a_lost_or_ruined_certificate_asks_for_re_registration() {
    let r = ranked(
        "bản chính giấy khai sinh của mẹ tôi bị cháy trong lần hỏa hoạn năm ngoái, giờ xin ở đâu",
    );
    assert_eq!(r.first().map(String::as_str), Some("1.004884"), "{r:?}");
    let r = ranked("giấy chứng nhận kết hôn của bố mẹ tôi bị thất lạc từ lâu");
    assert_eq!(r.first().map(String::as_str), Some("1.004746"), "{r:?}");
    let r = ranked("chồng tôi người Hàn, giấy khai sinh của con bị hư hỏng");
    assert_eq!(r.first().map(String::as_str), Some("2.000522"), "{r:?}");
    let r = ranked("giấy chứng sinh của bệnh viện bị mất, làm khai sinh cho con thế nào");
    assert_eq!(r.first().map(String::as_str), Some("1.001193"), "{r:?}");
}

/// A grown-up's first birth registration is the "already has papers"
/// variant; a newborn's is the plain one.
#[test]
fn a_grown_ups_birth_registration_is_the_variant_for_people_with_papers() {
    let r = ranked("làm khai sinh cho người đã trưởng thành");
    assert_eq!(r.first().map(String::as_str), Some("1.004772"), "{r:?}");
    let r = ranked("thủ tục khai sinh người lớn tuổi");
    assert_eq!(r.first().map(String::as_str), Some("1.004772"), "{r:?}");
    let r = ranked("khai sinh cho bé mới sinh");
    assert_eq!(r.first().map(String::as_str), Some("1.001193"), "{r:?}");
}

/// Ask `question` without a session and check the procedure answered
/// (`None`: no procedure, the "not sure" answer).
fn assert_routes(question: &str, expected: Option<&str>) {
    let r = ask(question, None);
    assert_eq!(code(&r), expected, "{question}: {}", r.answer);
}

/// A story around a long formal name covers little of the question and
/// little of the name, yet shares several rare words with it: an answer,
/// not an abstention.
#[test]
fn a_story_sharing_several_rare_words_with_a_name_is_answered() {
    assert_routes(
        "Ông nội để lại cho tôi một thanh mã tấu cổ để trưng bày trong nhà, có cần khai báo không ạ",
        Some("1.013442"),
    );
}

/// The long tail: everyday names of what the formal names call otherwise
/// (a "ghe" is a "phương tiện thủy nội địa"), and names written with an
/// abbreviation ("chế độ TNLĐ") met by the words a citizen types.
#[test]
fn everyday_words_and_abbreviated_names_of_the_long_tail_route() {
    assert_routes(
        "Chiếc ghe chở cát nhà tôi bị mất giấy đăng ký, xin cấp lại thế nào",
        Some("1.003930"),
    );
    assert_routes(
        "bị tai nạn lao động lần đầu thì hưởng trợ cấp thế nào",
        Some("1.001632"),
    );
}

/// English words of the long-tail names ("imported", "fully online",
/// "temporary", "motorbike", "car").
#[test]
fn english_words_of_vehicle_registration_names_route() {
    assert_routes(
        "register my imported motorbike fully online",
        Some("1.013066"),
    );
    // Not asked online: the at-the-office one.
    assert_routes("temporary registration for a new car", Some("1.013086"));
}

/// A vehicle procedure done entirely online ("…dịch vụ công toàn trình")
/// answers only a question that says online; otherwise its partly-online,
/// at-the-office sibling does.
#[test]
fn the_entirely_online_vehicle_procedure_only_when_asked_online() {
    assert_routes("thu hồi đăng ký biển số xe ô tô đã hỏng", Some("1.013123"));
    assert_routes("thu hồi đăng ký biển số xe làm online", Some("1.013065"));
}

/// A word typed with marks is no name word that the names write with other
/// marks: "vàng" (gold) is not the "vắng" of "Khai báo tạm vắng". Typed
/// bare, "vang" still is.
#[test]
fn a_word_typed_with_other_marks_is_not_a_name_word() {
    assert_routes("Giá vàng hôm nay bao nhiêu một chỉ?", None);
    assert_routes("khai bao tam vang o dau", Some("1.003677"));
}

/// Hỏi and ngã are one tone to many writers: "báo tữ" is "báo tử", "tạm
/// nghĩ" is "tạm nghỉ".
#[test]
fn hoi_and_nga_typed_for_each_other_still_route() {
    assert_routes(
        "chồng tôi mất tuần trước, đi làm giấy báo tữ ở đâu",
        Some("1.000656"),
    );
    assert_routes("hộ kinh doanh muốn tạm nghĩ bán 3 tháng", Some("1.001570"));
}

/// English words of the actions procedure names share ("extend" is "gia
/// hạn"): "extend my temporary residence" is the extension, not the first
/// registration.
#[test]
fn english_action_words_pick_the_procedure_of_that_action() {
    assert_routes("how do I extend my temporary residence", Some("1.002755"));
}

/// Someone who cannot travel ("nằm liệt giường") is whom mobile
/// registration ("lưu động") is for.
#[test]
fn a_bedridden_applicant_gets_the_mobile_registration() {
    assert_routes(
        "Bố tôi bị tai biến nằm liệt giường, muốn đăng ký kết hôn với cô ấy thì làm thế nào",
        Some("1.000593"),
    );
}

/// "l" and "n" sound alike in much of the north: "khiếu lại" is "khiếu
/// nại" (only the swapped word makes a word pair of a name).
#[test]
fn l_typed_for_n_is_read_as_the_name_says() {
    assert_routes(
        "khiếu lại công an xã giữ xe không lý do thì nộp đơn ở đâu",
        Some("1.004335"),
    );
}

/// Capitalized words inside an English sentence are place names, not
/// Vietnamese words: the "Ho" of "Ho Chi Minh City" is no "hộ" (of "giám
/// hộ"), and a company is no commune procedure.
#[test]
fn place_names_in_english_are_not_vietnamese_words() {
    assert_routes("register a company in Ho Chi Minh City", None);
    assert_routes("how do I register a birth in Da Nang", Some("1.001193"));
}

/// An English question without the usual English question words is still
/// English when its words can be no Vietnamese syllable ("update",
/// "database"): English labels. Telex and loanwords stay Vietnamese.
#[test]
fn english_words_no_vietnamese_syllable_could_be_make_an_english_question() {
    let r = ask("update my biometric data in the national database", None);
    assert_eq!(r.lang, Lang::En, "{}", r.answer);
    assert!(r.answer.starts_with("Procedure:"), "{}", r.answer);
    let r = ask("dang kys keets hoon online duoc ko", None);
    assert_eq!(r.lang, Lang::Vi, "{}", r.answer);
}

/// Unaccented syllables of filler words are words of their own: "thu" is
/// filler only in "thủ tục", "bao" only in "bao nhiêu", "bao giờ", "bao
/// lâu", and "hoi" of "thu hoi" is the "hồi" of "thu hồi", not "hỏi".
#[test]
fn unaccented_syllables_of_filler_words_keep_their_own_meaning() {
    assert_routes("thu hoi dang ky bien so xe may", Some("1.013123"));
    assert_routes("thu hồi đăng ký biển số xe máy", Some("1.013123"));
    // The phrase itself is still filler.
    assert_routes(
        "cho hoi thu tuc thu hoi dang ky bien so xe may",
        Some("1.013123"),
    );
}

/// "trợ cấp đối với nhà giáo" is spelled, without marks, like the "cấp
/// đổi" variant: the name carries no variant, and the question is answered.
#[test]
fn a_name_spelling_a_variant_across_its_words_is_no_variant() {
    assert_routes(
        "bố tôi là nhà giáo đã nghỉ hưu, lương hưu chưa có phụ cấp thâm niên, xin hưởng trợ cấp thế nào",
        Some("1.001646"),
    );
}

/// A synonym's phrase that names have ("hợp đồng" of "ký lại hợp đồng
/// thuê", also read as "giao dịch") stays in the question beside the legal
/// term: the tenancy cases are told apart by it.
#[test]
fn a_synonym_phrase_that_names_have_is_kept_beside_its_term() {
    assert_routes(
        "hợp đồng thuê nhà tập thể của nhà nước hết hạn thì ký lại ở đâu",
        Some("1.012898"),
    );
    assert_routes(
        "chưa có hợp đồng thuê nhà tập thể nhà nước thì làm sao",
        Some("1.012892"),
    );
}

/// "cmt", "cmnd" spell out the old card's name first ("chứng minh nhân
/// dân", which a procedure name has), then read as the card that replaced
/// it: the confirmation of an old ID number is found, and the card's own
/// procedures still are.
#[test]
fn old_id_card_abbreviations_name_the_old_card_and_the_new_one() {
    assert_routes(
        "ngân hàng đòi giấy xác nhận số cmt 9 số cũ, làm ở đâu",
        Some("1.012566"),
    );
    assert_routes("cmnd hết hạn rồi làm thẻ căn cước ở đâu", Some("1.014063"));
}

/// An age under 14 asks for the under-14 variant ("con tôi 10 tuổi"); an
/// older one does not.
#[test]
fn an_age_under_fourteen_asks_for_the_childrens_id_card() {
    assert_routes("con tôi 10 tuổi làm căn cước ở đâu", Some("1.014062"));
    assert_routes("em 16 tuổi làm căn cước ở đâu", Some("1.014061"));
}
