//! Golden tests of the Vietnamese analyzers: what the index and the query
//! builder see for the inputs citizens and sources actually produce.

use motcua::analysis::{analyze, tokens, Analyzer};
use unicode_normalization::UnicodeNormalization;

fn nfd(s: &str) -> String {
    s.nfd().collect()
}

#[test]
fn nfd_and_nfc_input_give_the_same_tokens() {
    for text in [
        "Thủ tục đăng ký khai sinh",
        "Giấy chứng nhận kết hôn",
        "Ủy ban nhân dân cấp xã",
        "Nghị định 123/2015/NĐ-CP",
    ] {
        for analyzer in Analyzer::ALL {
            assert_eq!(
                tokens(analyzer, &nfd(text)),
                tokens(analyzer, text),
                "{analyzer} {text}"
            );
        }
    }
}

#[test]
fn exact_analyzer_keeps_accents_and_lower_cases() {
    assert_eq!(
        tokens(Analyzer::Vi, "Thủ tục: đăng ký (khai sinh)?"),
        ["thủ", "tục", "đăng", "ký", "khai", "sinh"]
    );
    assert_eq!(
        tokens(Analyzer::Vi, "THỦ TỤC ĐĂNG KÝ KHAI SINH"),
        ["thủ", "tục", "đăng", "ký", "khai", "sinh"]
    );
}

#[test]
fn d_bar_is_a_letter_and_folds_to_d() {
    assert_eq!(tokens(Analyzer::Vi, "Đường đương"), ["đường", "đương"]);
    assert_eq!(
        tokens(Analyzer::ViFolded, "Đường đương dương"),
        ["duong"; 3]
    );
}

#[test]
fn folded_analyzer_matches_unaccented_typing() {
    assert_eq!(
        tokens(Analyzer::ViFolded, "Làm giấy khai sinh cho con"),
        tokens(Analyzer::ViFolded, "lam giay khai sinh cho con")
    );
}

#[test]
fn old_and_new_tone_placement_give_one_term() {
    let pairs = [
        ("hoà giải", "hòa giải"),
        ("thuỷ lợi", "thủy lợi"),
        ("sức khoẻ", "sức khỏe"),
        ("Uỷ ban", "Ủy ban"),
        ("UỶ BAN", "ủy ban"),
        ("tuỳ thân", "tùy thân"),
        ("thoả thuận", "thỏa thuận"),
        ("hoạ sĩ", "họa sĩ"),
        ("luỹ kế", "lũy kế"),
    ];
    for (a, b) in pairs {
        assert_eq!(
            tokens(Analyzer::Vi, a),
            tokens(Analyzer::Vi, b),
            "{a} / {b}"
        );
        assert_eq!(
            tokens(Analyzer::Vi, &nfd(a)),
            tokens(Analyzer::Vi, b),
            "NFD {a} / {b}"
        );
    }
    // The canonical form puts the tone on the first vowel.
    assert_eq!(tokens(Analyzer::Vi, "hoà"), ["hòa"]);
    assert_eq!(tokens(Analyzer::Vi, "quý hoàn"), ["quý", "hoàn"]);
}

#[test]
fn stop_words_leave_position_gaps() {
    let t = analyze(Analyzer::Vi, "giấy khai sinh của con");
    let got: Vec<_> = t.iter().map(|t| (t.text.as_str(), t.position)).collect();
    assert_eq!(
        got,
        [("giấy", 0), ("khai", 1), ("sinh", 2), ("con", 4)],
        "'của' removed, 'con' keeps its position"
    );
}

#[test]
fn content_words_are_not_stopped() {
    assert_eq!(
        tokens(Analyzer::Vi, "có yếu tố nước ngoài không cho con đi"),
        ["có", "yếu", "tố", "nước", "ngoài", "không", "cho", "con", "đi"]
    );
}

#[test]
fn offsets_point_at_whole_words() {
    let text = "Đăng ký khai sinh";
    for t in analyze(Analyzer::ViFolded, text) {
        let word = &text[t.offset_from..t.offset_to];
        assert!(!word.contains(' '));
        assert_eq!(motcua::text::fold_accents(word).to_lowercase(), t.text);
    }
}

#[test]
fn document_numbers_in_every_spelling_give_one_token() {
    let want = ["23/2015/nd-cp", "23/2015"];
    for s in [
        "23/2015/NĐ-CP",
        "23/2015/ND-CP",
        "23/2015/nđ-cp",
        "Nghị định số 23/2015/NĐ-CP ngày 16/02/2015",
    ] {
        assert_eq!(tokens(Analyzer::Docnum, s), want, "{s}");
        assert_eq!(tokens(Analyzer::Docnum, &nfd(s)), want, "NFD {s}");
    }
    assert_eq!(
        tokens(Analyzer::Docnum, "60/2014/QH13"),
        ["60/2014/qh13", "60/2014"]
    );
}

#[test]
fn short_document_numbers_as_people_cite_them() {
    assert_eq!(tokens(Analyzer::Docnum, "nđ 23/2015"), ["23/2015"]);
    assert_eq!(
        tokens(Analyzer::Docnum, "nghị định 123/2015 điều 9"),
        ["123/2015"]
    );
    assert!(tokens(Analyzer::Docnum, "ngày 15/11/2015").is_empty());
    assert!(tokens(Analyzer::Docnum, "đăng ký khai sinh").is_empty());
}

#[test]
fn several_numbers_in_one_value() {
    assert_eq!(
        tokens(
            Analyzer::Docnum,
            "Luật Hộ tịch 60/2014/QH13; Nghị định 123/2015/NĐ-CP"
        ),
        ["60/2014/qh13", "60/2014", "123/2015/nd-cp", "123/2015"]
    );
}

#[test]
fn analyzers_are_found_by_name() {
    for a in Analyzer::ALL {
        assert_eq!(a.name().parse::<Analyzer>().ok(), Some(a));
    }
    assert!("standard".parse::<Analyzer>().is_err());
}

#[test]
fn hostile_input_is_just_text() {
    let nasty = "\u{0}\u{301}\u{301}(((((:\"^-~*[]{}\\/))))) 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ";
    for a in Analyzer::ALL {
        let _ = tokens(a, nasty);
    }
    let long = "a".repeat(10_000);
    assert!(
        tokens(Analyzer::Vi, &long).is_empty(),
        "over-long token dropped"
    );
}
