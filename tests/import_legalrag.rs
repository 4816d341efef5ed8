//! The provincial procedure sheets importer (`motcua::import::legalrag`):
//! loading, the checklist parser, name matching, merging into portal
//! procedures, the evaluation export, and the matching table on the real data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use motcua::corpus::{
    ChecklistItem, ChecklistKind, Fee, LegalRef, Procedure, ProcessingTime, Source, TimeUnit,
};
use motcua::import::legalrag::{
    checklist_from_section, condensed_items, eval_items, load_sheets, match_sheet, merge,
    write_jsonl, EvalItem, Sheet, PROVINCIAL_FEE_CASE,
};
use motcua::text::nfc;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legalrag")
}

fn shared_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

fn procedure(code: &str, name: &str, field: &str, levels: &[&str]) -> Procedure {
    Procedure {
        code: code.into(),
        name: name.into(),
        field: field.into(),
        levels: levels.iter().map(|l| l.to_string()).collect(),
        source: Source {
            as_of: "2025-01-01".into(),
            ..Source::default()
        },
        ..Procedure::default()
    }
}

/// Real names and codes from the portal data (`dichvucong/bo-tu-phap`).
fn portal_sample() -> Vec<Procedure> {
    vec![
        procedure("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", &["Cấp xã"]),
        procedure("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch", &["Cấp xã"]),
        procedure(
            "2.000528",
            "Thủ tục đăng ký khai sinh có yếu tố nước ngoài",
            "Hộ tịch",
            &["Cấp xã"],
        ),
        procedure(
            "1.000110",
            "Thủ tục đăng ký khai sinh có yếu tố nước ngoài tại khu vực biên giới",
            "Hộ tịch",
            &["Cấp xã"],
        ),
        procedure(
            "2.000806",
            "Thủ tục đăng ký kết hôn có yếu tố nước ngoài",
            "Hộ tịch",
            &["Cấp xã"],
        ),
        procedure(
            "1.003583",
            "Thủ tục đăng ký khai sinh lưu động",
            "Hộ tịch",
            &["Cấp xã"],
        ),
        procedure(
            "2.000884",
            "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)",
            "Chứng thực",
            &["Cấp xã", "Cơ quan khác"],
        ),
        procedure(
            "1.001612",
            "Đăng ký thành lập hộ kinh doanh",
            "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
            &["Cấp bộ", "Cấp xã"],
        ),
    ]
}

fn sheet<'a>(sheets: &'a [Sheet], title: &str) -> &'a Sheet {
    sheets
        .iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("fixture sheet '{title}' missing"))
}

#[test]
fn fixture_sheets_load_with_sections_questions_and_legal_refs() {
    let sheets = load_sheets(&fixtures()).expect("fixtures load");
    assert_eq!(sheets.len(), 4);
    let ks = sheet(&sheets, "Đăng ký khai sinh");
    assert_eq!(
        ks.rel_path,
        "legalrag/collections/quy_trinh_cap_ho_tich_cap_xa/documents/DOC_001/01. Đăng ký khai sinh.json"
    );
    assert_eq!(ks.collection(), "quy_trinh_cap_ho_tich_cap_xa");
    assert_eq!(ks.field(), Some("Hộ tịch"));
    assert_eq!(ks.sheet_code, "QT 01/CX-HCTP");
    assert_eq!(ks.effective_date, "2025-07-07");
    assert!(ks.processing_time_text.starts_with("Ngay trong ngày"));
    assert_eq!(ks.sections.len(), 7);
    assert_eq!(
        ks.sections[0].0,
        "Thành phần, số lượng hồ sơ và các lưu ý quan trọng"
    );
    assert!(ks.questions.len() > 10);
    assert!(ks.questions[0].starts_with("Thủ tục đăng ký khai sinh tại cấp xã"));
    let numbers: Vec<&str> = ks
        .legal_refs
        .iter()
        .map(|r| r.document_number.as_str())
        .collect();
    // Laws cited by title only get their number from the table.
    assert_eq!(
        &numbers[..3],
        ["52/2014/QH13", "60/2014/QH13", "123/2015/NĐ-CP"]
    );
    assert!(numbers.contains(&"10/2022/NQ-HĐND"));
    assert!(ks.legal_refs.iter().all(|r| !r.document_number.is_empty()));
    for s in &sheets {
        assert!(motcua::text::is_nfc(&s.title) && motcua::text::is_nfc(&s.rel_path));
    }
    let ct = sheets
        .iter()
        .find(|s| {
            s.rel_path
                .contains("quy_trinh_chung_thuc/documents/DOC_007")
        })
        .expect("chứng thực sheet");
    assert_eq!(ct.field(), Some("Chứng thực"));
    assert_eq!(ct.fee_vnd, Some(10_000));
}

#[test]
fn a_missing_data_folder_is_an_error_not_an_empty_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(load_sheets(dir.path()).is_err());
}

#[test]
fn checklist_parser_reads_the_real_khai_sinh_section() {
    let sheets = load_sheets(&fixtures()).expect("fixtures load");
    let ks = sheet(&sheets, "Đăng ký khai sinh");
    let (_, text) = ks.section("Thành phần").expect("checklist section");
    let items = checklist_from_section(text);
    let find = |prefix: &str| -> &ChecklistItem {
        items
            .iter()
            .find(|i| i.name.starts_with(prefix))
            .unwrap_or_else(|| panic!("no item '{prefix}' in {items:#?}"))
    };
    // 2 forms + 4 submitted + 2 shown; the notes (D.) are not items.
    assert_eq!(items.len(), 8, "{items:#?}");
    let birth = find("Giấy chứng sinh");
    assert_eq!(birth.kind, ChecklistKind::Submit);
    assert!(birth.name.contains("giấy cam đoan về việc sinh"));
    let form = find("Tờ khai đăng ký khai sinh");
    assert_eq!(form.template, "Tờ khai đăng ký khai sinh");
    assert_eq!(form.condition, "nếu nộp trực tiếp hoặc qua bưu chính");
    let abandoned = find("Biên bản về việc trẻ bị bỏ rơi");
    assert_eq!(abandoned.condition, "trường hợp trẻ em bị bỏ rơi");
    assert!(!abandoned.name.contains('('));
    assert_eq!(find("Văn bản ủy quyền").condition, "trường hợp ủy quyền");
    let id = find("Giấy tờ tùy thân");
    assert_eq!(id.kind, ChecklistKind::Show);
    assert!(id.name.ends_with("Thẻ căn cước..."));
    let residence = find("Giấy tờ chứng minh thông tin về nơi cư trú");
    assert_eq!(residence.kind, ChecklistKind::Show);
    assert!(residence.condition.starts_with("trong trường hợp"));
    assert!(!items.iter().any(|i| i.name.contains("Quyền lựa chọn")));
}

#[test]
fn checklist_parser_reads_a_certification_sheet_without_a_submit_list() {
    let sheets = load_sheets(&fixtures()).expect("fixtures load");
    let ct = sheets
        .iter()
        .find(|s| {
            s.rel_path
                .contains("quy_trinh_chung_thuc/documents/DOC_007")
        })
        .expect("chứng thực sheet");
    let (_, text) = ct.section("thanh phan").expect("checklist section");
    let items = checklist_from_section(text);
    assert_eq!(items.len(), 2, "{items:#?}");
    assert!(items.iter().all(|i| i.kind == ChecklistKind::Show));
    assert!(items[0]
        .name
        .starts_with("Bản chính hoặc bản sao có chứng thực giấy tờ tùy thân"));
}

#[test]
fn khai_sinh_matches_the_plain_procedure_not_the_foreign_element_ones() {
    let sheets = load_sheets(&fixtures()).expect("fixtures load");
    let procs = portal_sample();
    let (i, score) = match_sheet(&procs, sheet(&sheets, "Đăng ký khai sinh")).expect("match");
    assert_eq!(procs[i].code, "1.001193");
    assert!(score > 0.99);
    let (i, _) = match_sheet(
        &procs,
        sheet(&sheets, "Đăng ký khai sinh có yếu tố nước ngoài"),
    )
    .expect("match");
    assert_eq!(
        procs[i].code, "2.000528",
        "not the border-area variant 1.000110"
    );
}

#[test]
fn a_sheet_without_its_plain_procedure_does_not_fall_back_to_a_variant() {
    let sheets = load_sheets(&fixtures()).expect("fixtures load");
    let procs: Vec<Procedure> = portal_sample()
        .into_iter()
        .filter(|p| p.code != "1.001193")
        .collect();
    assert_eq!(
        match_sheet(&procs, sheet(&sheets, "Đăng ký khai sinh")),
        None
    );
}

#[test]
fn only_commune_level_procedures_of_the_sheets_field_are_candidates() {
    let sheets = load_sheets(&fixtures()).expect("fixtures load");
    let ks = sheet(&sheets, "Đăng ký khai sinh");
    let provincial = vec![procedure(
        "9.999999",
        "Thủ tục đăng ký khai sinh",
        "Hộ tịch",
        &["Cấp tỉnh"],
    )];
    assert_eq!(match_sheet(&provincial, ks), None);
    let other_field = vec![procedure(
        "9.999998",
        "Thủ tục đăng ký khai sinh",
        "Chứng thực",
        &["Cấp xã"],
    )];
    assert_eq!(match_sheet(&other_field, ks), None);
    // Levels written as one string still count.
    let joined = vec![procedure(
        "2.000635",
        "Thủ tục đăng ký khai sinh",
        "Hộ tịch",
        &["Cấp tỉnh, Cấp xã"],
    )];
    assert!(match_sheet(&joined, ks).is_some());
}

fn merged_sample() -> (
    Vec<Sheet>,
    Vec<Procedure>,
    motcua::import::legalrag::MergeReport,
) {
    let sheets = load_sheets(&fixtures()).expect("fixtures load");
    let mut procs = portal_sample();
    // Portal-like content on the khai sinh record.
    let ks = &mut procs[0];
    ks.legal_basis = vec![LegalRef {
        document_number: "60/2014/QH13".into(),
        article: None,
        title: "Luật Hộ tịch".into(),
    }];
    ks.checklist = vec![ChecklistItem {
        name: "Tờ khai đăng ký khai sinh".into(),
        quantity: 1,
        ..ChecklistItem::default()
    }];
    ks.processing_time = Some(ProcessingTime {
        unit: TimeUnit::WorkingDays,
        amount: Some(1.0),
        text: "1 ngày làm việc".into(),
    });
    let report = merge(&mut procs, &sheets);
    (sheets, procs, report)
}

#[test]
fn merge_adds_notes_sources_and_legal_refs_without_duplicates() {
    let (sheets, procs, report) = merged_sample();
    let ks_sheet = sheet(&sheets, "Đăng ký khai sinh");
    let ks = &procs[0];
    assert_eq!(ks.notes.len(), ks_sheet.sections.len());
    assert!(ks.notes.iter().all(|n| n.source == "legalrag"));
    assert_eq!(ks.notes[1].title, "Thời hạn giải quyết");
    assert!(ks.source.files.contains(&ks_sheet.rel_path));
    assert_eq!(
        ks.source.sections.get("notes").map(String::as_str),
        Some("legalrag")
    );
    assert_eq!(
        ks.source.sections.get("legal_basis").map(String::as_str),
        Some("portal+legalrag")
    );
    let n_602014 = ks
        .legal_basis
        .iter()
        .filter(|r| r.document_number == "60/2014/QH13")
        .count();
    assert_eq!(n_602014, 1);
    assert!(ks
        .legal_basis
        .iter()
        .any(|r| r.document_number == "52/2014/QH13"));
    assert_eq!(ks.legal_basis.len(), ks_sheet.legal_refs.len());
    // Portal data stays: checklist and a specified processing time.
    assert_eq!(ks.checklist.len(), 1);
    assert_eq!(
        ks.processing_time.as_ref().map(|t| t.amount),
        Some(Some(1.0))
    );
    assert!(!ks.source.sections.contains_key("processing_time"));
    // "Đăng ký khai sinh" is the name without "Thủ tục": no alias.
    assert!(ks.aliases.is_empty());
    assert!(report.unmatched.is_empty(), "{report:#?}");
}

#[test]
fn merge_fills_what_the_portal_lacks() {
    let (sheets, procs, _) = merged_sample();
    let ytnn = procs
        .iter()
        .find(|p| p.code == "2.000528")
        .expect("2.000528");
    let t = ytnn.processing_time.as_ref().expect("processing time");
    assert_eq!(t.unit, TimeUnit::SameDay);
    assert!(t.text.starts_with("Ngay trong ngày tiếp nhận hồ sơ"));
    assert_eq!(
        ytnn.source
            .sections
            .get("processing_time")
            .map(String::as_str),
        Some("legalrag")
    );
    assert!(ytnn.checklist.iter().any(|i| i.kind == ChecklistKind::Show));
    assert_eq!(
        ytnn.source.sections.get("checklist").map(String::as_str),
        Some("legalrag")
    );
    assert_eq!(ytnn.fees.len(), 1);
    assert_eq!(ytnn.fees[0].case, PROVINCIAL_FEE_CASE);
    assert_eq!(
        ytnn.fees[0].amount_vnd, None,
        "several figures: no single amount"
    );
    let _ = sheets;
}

#[test]
fn notary_and_commune_sheets_of_one_procedure_merge_once() {
    let (sheets, procs, report) = merged_sample();
    let chu_ky = procs
        .iter()
        .find(|p| p.code == "2.000884")
        .expect("2.000884");
    let to_code: BTreeMap<&str, &str> = report
        .matched
        .iter()
        .map(|(p, c, _)| (p.as_str(), c.as_str()))
        .collect();
    let ct: Vec<&Sheet> = sheets
        .iter()
        .filter(|s| s.collection() == "quy_trinh_chung_thuc")
        .collect();
    assert_eq!(ct.len(), 2);
    for s in &ct {
        assert_eq!(to_code.get(s.rel_path.as_str()), Some(&"2.000884"));
    }
    // Only the commune's sheet (DOC_007) is merged; the notary office's
    // (DOC_003) adds its shorter title, a real alias of the long portal name.
    assert_eq!(chu_ky.source.files.len(), 2);
    assert!(chu_ky.source.files[0].contains("DOC_007"));
    assert_eq!(chu_ky.notes.len(), 4);
    assert!(chu_ky.notes.iter().all(|n| n.source == "legalrag"));
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("DOC_003") && w.contains("only its title")));
    assert_eq!(
        chu_ky.aliases,
        vec!["Thủ tục chứng thực chữ ký trong các giấy tờ, văn bản".to_string()]
    );
    assert_eq!(
        chu_ky.fees,
        vec![Fee {
            channel: None,
            case: PROVINCIAL_FEE_CASE.into(),
            amount_vnd: Some(10_000),
            text: "10.000 đồng/trường hợp (một hoặc nhiều chữ ký trong một giấy tờ, văn bản)."
                .into(),
        }]
    );
    assert!(chu_ky.requirements.contains("không được chứng thực chữ ký"));
}

#[test]
fn merging_twice_changes_nothing() {
    let (sheets, mut procs, _) = merged_sample();
    let before = procs.clone();
    merge(&mut procs, &sheets);
    assert_eq!(procs, before);
}

#[test]
fn eval_items_carry_gold_codes_and_round_trip_as_jsonl() {
    let (sheets, procs, report) = merged_sample();
    let items = eval_items(&sheets, &report);
    let ks_questions = sheet(&sheets, "Đăng ký khai sinh").questions.len();
    let ks_items: Vec<&EvalItem> = items.iter().filter(|i| i.gold == ["1.001193"]).collect();
    assert_eq!(ks_items.len(), ks_questions);
    assert_eq!(
        ks_items[0].tags,
        ["legalrag", "generated", "quy_trinh_cap_ho_tich_cap_xa"]
    );
    assert!(items
        .iter()
        .all(|i| i.gold.iter().all(|g| procs.iter().any(|p| &p.code == g))));

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("eval/legalrag.jsonl");
    write_jsonl(&path, &items).expect("write");
    let text = std::fs::read_to_string(&path).expect("read back");
    let back: Vec<EvalItem> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one item per line"))
        .collect();
    assert_eq!(back, items);
}

#[test]
fn condensed_test_set_maps_expected_names_to_codes() {
    let procs = portal_sample();
    let items = condensed_items(&fixtures(), &procs).expect("condensed");
    let gold: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i.question.as_str(), i.gold[0].as_str()))
        .collect();
    assert_eq!(
        gold,
        [
            ("Thời hạn giải quyết đăng ký khai sinh là bao lâu?", "1.001193"),
            (
                "Trường hợp cha mẹ lựa chọn quốc tịch nước ngoài cho con khi đăng ký khai sinh có yếu tố nước ngoài cần giấy tờ gì?",
                "2.000528"
            ),
            ("Điều kiện độ tuổi để đăng ký kết hôn là gì?", "1.000894"),
            (
                "Lệ phí đăng ký thành lập hộ kinh doanh do cơ quan nào quyết định?",
                "1.001612"
            ),
        ],
        "the health-insurance item has no procedure and is left out"
    );
    assert_eq!(items[0].tags, ["legalrag", "condensed", "ho-tich"]);
}

// ---------------------------------------------------------------------------
// The real data: all 53 sheets against every portal record (only the
// commune-level ones are candidates). `cargo test --test import_legalrag
// real_data -- --nocapture` prints the matching table.

#[derive(serde::Deserialize)]
struct PortalRecord {
    ma_thu_tuc: String,
    ten_thu_tuc: String,
    #[serde(default)]
    linh_vuc: String,
    #[serde(default)]
    cap_thuc_hien: String,
}

/// Every portal record (code, name, field, levels): the matcher itself must
/// keep to the commune-level ones.
fn portal_procedures(data: &Path) -> Vec<Procedure> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data.join("dichvucong"))
        .expect("dichvucong/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("ministry folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("read portal record");
            let r: PortalRecord = serde_json::from_str(&text).expect("portal record JSON");
            let levels: Vec<String> = nfc(&r.cap_thuc_hien)
                .split(',')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            let mut p = procedure(&r.ma_thu_tuc, &nfc(&r.ten_thu_tuc), &nfc(&r.linh_vuc), &[]);
            p.levels = levels;
            out.push(p);
        }
    }
    out
}

/// Every matched pair, checked by eye against the portal names (see the
/// printed table). Sheets without a commune-level portal counterpart:
/// chứng thực DOC_011 (văn bản khai nhận di sản: no such portal procedure)
/// and nuôi con nuôi DOC_002 (its counterpart 1.003976 is provincial).
const EXPECTED: &[(&str, &str)] = &[
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_001/",
        "1.001193",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_002/",
        "2.000528",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_003/",
        "1.004884",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_004/",
        "2.000522",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_005/",
        "1.001022",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_006/",
        "2.000779",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_007/",
        "1.000689",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_008/",
        "1.001695",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_009/",
        "1.004772",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_010/",
        "1.000893",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_011/",
        "1.000894",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_012/",
        "2.000806",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_013/",
        "1.004746",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_014/",
        "2.000513",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_015/",
        "1.000656",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_016/",
        "1.001766",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_017/",
        "1.005461",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_018/",
        "2.000497",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_019/",
        "1.004837",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_020/",
        "1.001669",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_021/",
        "1.004845",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_022/",
        "2.000756",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_023/",
        "3.000323",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_024/",
        "3.000322",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_025/",
        "1.004859",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_026/",
        "2.000748",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_027/",
        "2.002189",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_028/",
        "2.000554",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_029/",
        "2.000547",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_030/",
        "1.003583",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_031/",
        "1.000593",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_032/",
        "1.000419",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_033/",
        "1.004873",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_034/",
        "2.000635",
    ),
    (
        "quy_trinh_cap_ho_tich_cap_xa/documents/DOC_035/",
        "2.002516",
    ),
    ("quy_trinh_chung_thuc/documents/DOC_001/", "2.000908"),
    ("quy_trinh_chung_thuc/documents/DOC_002/", "2.000815"),
    ("quy_trinh_chung_thuc/documents/DOC_003/", "2.000884"),
    ("quy_trinh_chung_thuc/documents/DOC_004/", "2.001035"),
    ("quy_trinh_chung_thuc/documents/DOC_005/", "2.001008"),
    ("quy_trinh_chung_thuc/documents/DOC_006/", "2.000815"),
    ("quy_trinh_chung_thuc/documents/DOC_007/", "2.000884"),
    ("quy_trinh_chung_thuc/documents/DOC_008/", "2.001019"),
    ("quy_trinh_chung_thuc/documents/DOC_009/", "2.001016"),
    ("quy_trinh_chung_thuc/documents/DOC_010/", "2.001406"),
    ("quy_trinh_chung_thuc/documents/DOC_012/", "2.000913"),
    ("quy_trinh_chung_thuc/documents/DOC_013/", "2.000927"),
    ("quy_trinh_chung_thuc/documents/DOC_014/", "2.000942"),
    ("quy_trinh_chung_thuc/documents/DOC_015/", "2.000992"),
    ("quy_trinh_nuoi_con_nuoi/documents/DOC_001/", "2.001263"),
    ("quy_trinh_nuoi_con_nuoi/documents/DOC_003/", "2.001255"),
];

#[test]
fn real_data_matching_table() {
    let data = shared_data();
    if !data.join("legalrag").is_dir() || !data.join("dichvucong").is_dir() {
        eprintln!(
            "SKIPPED real_data_matching_table: {} not present",
            data.display()
        );
        return;
    }
    let sheets = load_sheets(&data).expect("real sheets load");
    assert_eq!(sheets.len(), 53);
    let mut procs = portal_procedures(&data);
    let original = procs.clone();

    println!(
        "{:<48} | {:<60} | score | code     | procedure",
        "sheet", "title"
    );
    for s in &sheets {
        let short = s
            .rel_path
            .split("/collections/")
            .nth(1)
            .unwrap_or(&s.rel_path);
        let short: String = short.chars().take(48).collect();
        match match_sheet(&procs, s) {
            Some((i, score)) => println!(
                "{short:<48} | {:<60} | {score:.2}  | {} | {}",
                s.title.chars().take(60).collect::<String>(),
                procs[i].code,
                procs[i].name
            ),
            None => println!(
                "{short:<48} | {:<60} | ----  | UNMATCHED",
                s.title.chars().take(60).collect::<String>()
            ),
        }
    }

    let report = merge(&mut procs, &sheets);
    println!("\n{}", report.to_markdown(&sheets, &original));
    assert!(
        report.matched.len() >= 45,
        "{} matched",
        report.matched.len()
    );
    assert_eq!(report.matched.len() + report.unmatched.len(), 53);

    // No procedure receives two sheets unless they are the same procedure
    // (same title once parenthesized parts are dropped).
    let mut by_code: BTreeMap<&str, Vec<&Sheet>> = BTreeMap::new();
    for (path, code, _) in &report.matched {
        let s = sheets.iter().find(|s| &s.rel_path == path).expect("sheet");
        by_code.entry(code).or_default().push(s);
    }
    let base = |t: &str| {
        let t: String = t.split('(').next().unwrap_or(t).to_string();
        motcua::import::legalrag::normalize_name(&t)
    };
    for (code, group) in &by_code {
        let first = base(&group[0].title);
        for s in group {
            assert_eq!(base(&s.title), first, "{code} got two different sheets");
        }
    }

    let got: Vec<(String, String)> = report
        .matched
        .iter()
        .map(|(p, c, _)| {
            let key = p.split("/collections/").nth(1).unwrap_or(p);
            let key = &key[..key.find("/DOC_").map_or(key.len(), |i| i + 9)];
            (key.to_string(), c.clone())
        })
        .collect();
    let expected: Vec<(String, String)> = EXPECTED
        .iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(report.unmatched.len(), 2);
    assert!(report.unmatched[0].contains("quy_trinh_chung_thuc/documents/DOC_011/"));
    assert!(report.unmatched[1].contains("quy_trinh_nuoi_con_nuoi/documents/DOC_002/"));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("not commune-level: 1.003976")),
        "the foreign adoption sheet's provincial counterpart is named"
    );

    println!("\ncode     | time                      | sheet fee amount | checklist | aliases");
    for (_, code, _) in &report.matched {
        let p = procs.iter().find(|p| &p.code == code).expect("procedure");
        let t = p.processing_time.as_ref().expect("every sheet has a time");
        println!(
            "{code} | {:<25} | {:<16} | {:>9} | {:?}",
            format!("{:?} {:?}", t.unit, t.amount),
            format!(
                "{:?}",
                p.fees
                    .iter()
                    .find(|f| f.case == PROVINCIAL_FEE_CASE)
                    .map(|f| f.amount_vnd)
            ),
            p.checklist.len(),
            p.aliases
        );
    }

    // Every matched procedure got notes; no sheet legal title was unknown.
    for (_, code, _) in &report.matched {
        let p = procs.iter().find(|p| &p.code == code).expect("procedure");
        assert!(!p.notes.is_empty(), "{code} has no notes");
    }
    assert!(
        !report
            .warnings
            .iter()
            .any(|w| w.contains("without a known number")),
        "{:#?}",
        report.warnings
    );
    // 1,750 questions on the matched sheets, 1,503 distinct.
    let items = eval_items(&sheets, &report);
    let tagged = |t: &str| {
        items
            .iter()
            .filter(|i| i.tags.iter().any(|x| x == t))
            .count()
    };
    println!(
        "{} evaluation items ({} shared, {} deictic)",
        items.len(),
        tagged("shared"),
        tagged("deictic")
    );
    assert!(items.len() > 1400);
    assert!(items
        .iter()
        .filter(|i| i.gold.len() > 1)
        .all(|i| i.tags.iter().any(|t| t == "shared")));
    let condensed = condensed_items(&data, &original).expect("condensed");
    println!("{} condensed items", condensed.len());
}
