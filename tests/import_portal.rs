//! The National Public Service Portal importer, on real crawled records.
//!
//! Fixtures under `tests/fixtures/portal/<ministry>/<code>.json` are copied
//! unchanged from `../shared/data/dichvucong/`. The last test runs over the
//! whole crawl when it is present.

use std::path::{Path, PathBuf};

use motcua::corpus::{
    ChannelKind, ChecklistItem, ChecklistKind, DocumentForm, Procedure, TimeUnit,
};
use motcua::import::portal::{import_dir, import_record, RecordError, Scope};
use motcua::text::is_nfc;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/portal")
}

fn fixture_json(rel: &str) -> String {
    let path = fixtures().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(rel: &str) -> Procedure {
    import_record(&format!("dichvucong/{rel}"), &fixture_json(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn item<'a>(p: &'a Procedure, name_start: &str) -> &'a ChecklistItem {
    p.checklist
        .iter()
        .find(|i| i.name.starts_with(name_start))
        .unwrap_or_else(|| panic!("{}: no item {name_start:?} in {:#?}", p.code, p.checklist))
}

/// Every string of a procedure, for whole-record checks.
fn strings(p: &Procedure) -> Vec<String> {
    let value = serde_json::to_value(p).expect("a procedure serializes");
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(a) => stack.extend(a),
            serde_json::Value::Object(o) => stack.extend(o.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    out
}

/// Portal UI text and table headings the crawl ran into the fields.
const LEAK_MARKERS: &[&str] = &[
    "Chọn cơ quan thực hiện",
    "Hệ thống chỉ hiển thị",
    "-- Chọn",
    "Từ khóa",
    "Mã: KQ",
    "Tên giấy tờMẫu đơn",
    "Hình thức nộpThời gian",
    "Tên văn bản pháp lýMã văn bản",
];

fn assert_clean(p: &Procedure) {
    for s in strings(p) {
        assert!(is_nfc(&s), "{}: not NFC: {s:?}", p.code);
        for m in LEAK_MARKERS {
            assert!(
                !s.contains(m),
                "{}: UI/table text {m:?} leaked into {s:?}",
                p.code
            );
        }
    }
    for r in &p.results {
        assert_ne!(
            r, "Nộp hồ sơ",
            "{}: the submit button is not a result",
            p.code
        );
    }
}

#[test]
fn birth_registration_lists_the_birth_certificate_and_the_declaration_form() {
    let p = import("bo-tu-phap/1.001193.json");
    assert_eq!(p.code, "1.001193");
    assert_eq!(p.name, "Thủ tục đăng ký khai sinh");
    assert_eq!(p.aliases, ["Đăng ký khai sinh"]);
    assert_eq!(p.levels, ["Cấp xã"]);

    let cert = item(&p, "Giấy chứng sinh");
    assert_eq!(cert.name, "Giấy chứng sinh");
    assert_eq!(
        (cert.quantity, cert.form, cert.kind),
        (1, DocumentForm::Original, ChecklistKind::Submit)
    );
    // The exemption row ("… thì không phải nộp bản giấy.0 bản chính") is not a
    // document of its own: it qualifies the birth certificate.
    assert!(
        cert.condition.contains("không phải nộp bản giấy"),
        "{}",
        cert.condition
    );
    assert!(p
        .checklist
        .iter()
        .all(|i| !i.name.starts_with("Trường hợp người yêu cầu đã nộp")));

    let form = item(&p, "Tờ khai đăng ký khai sinh");
    assert_eq!(form.template, "Tờ khai đăng ký khai sinh");
    assert_eq!(form.quantity, 1);
    assert!(form
        .condition
        .starts_with("Nếu người có yêu cầu lựa chọn nộp hồ sơ"));

    // "- Văn bản ủy quyền (được chứng thực) … trong trường hợp ủy quyền …"
    let proxy = item(&p, "Văn bản ủy quyền");
    assert_eq!(
        proxy.name,
        "Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật"
    );
    assert!(proxy
        .condition
        .starts_with("Trường hợp ủy quyền thực hiện việc đăng ký khai sinh"));
    let abandoned = item(&p, "Biên bản về việc trẻ bị bỏ rơi");
    assert_eq!(abandoned.condition, "Trường hợp trẻ em bị bỏ rơi");

    // "* Giấy tờ phải xuất trình:" — shown, not handed in.
    let id = item(&p, "Hộ chiếu/Thẻ căn cước");
    assert_eq!(
        (id.kind, id.form),
        (ChecklistKind::Show, DocumentForm::Shown)
    );
    let residence = item(&p, "Giấy tờ có giá trị chứng minh thông tin về cư trú");
    assert_eq!(residence.citations[0].document_number, "104/2022/NĐ-CP");
    assert!(p.notes.iter().any(|n| n.title == "Lưu ý"));
    assert_clean(&p);
}

#[test]
fn birth_registration_channels_fees_time_results_and_legal_basis() {
    let p = import("bo-tu-phap/1.001193.json");
    let kinds: Vec<ChannelKind> = p.channels.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ChannelKind::Online,
            ChannelKind::Post,
            ChannelKind::InPerson
        ]
    );
    assert!(p.channels[0].url.starts_with("https://dichvucong.gov.vn/"));
    assert!(p.channels.iter().all(|c| c.fee_text == "Miễn phí"));
    assert_eq!(p.fees.len(), 1);
    assert_eq!(p.fees[0].amount_vnd, Some(0));
    // The portal shows a bare "1" (no unit): kept as worded, not guessed.
    let time = p.processing_time.as_ref().expect("a processing time");
    assert_eq!(
        (time.text.as_str(), time.unit),
        ("1", TimeUnit::Unspecified)
    );

    assert_eq!(p.results, ["Giấy khai sinh"]);
    let numbers: Vec<&str> = p
        .legal_basis
        .iter()
        .map(|r| r.document_number.as_str())
        .collect();
    for n in [
        "60/2014/QH13",
        "123/2015/NĐ-CP",
        "87/2020/NĐ-CP",
        "03/2023/TT-BTP",
        "66.7/2025/NQ-CP",
    ] {
        assert!(numbers.contains(&n), "{n} missing from {numbers:?}");
    }
    let law = p
        .legal_basis
        .iter()
        .find(|r| r.document_number == "60/2014/QH13")
        .expect("Luật Hộ tịch");
    assert_eq!(law.title, "Luật 60/2014/QH13");
    let circular = p
        .legal_basis
        .iter()
        .find(|r| r.document_number == "03/2023/TT-BTP")
        .expect("TT 03/2023");
    assert_eq!(
        circular.title,
        "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp"
    );
    assert!(p.steps.len() >= 5);
    assert!(p.steps[2].text.starts_with("- Cán bộ tiếp nhận hồ sơ"));
    assert_eq!(p.source.decision, "163/QĐ-BTP");
    assert_eq!(p.source.files, ["dichvucong/bo-tu-phap/1.001193.json"]);
    assert_eq!(
        p.source.sections.get("checklist").map(String::as_str),
        Some("portal")
    );
}

#[test]
fn marriage_registration_from_a_decomposed_record_comes_out_nfc() {
    let json = fixture_json("bo-tu-phap/1.000894.json");
    let raw: serde_json::Value = serde_json::from_str(&json).expect("fixture is JSON");
    let steps = raw["trinh_tu_thuc_hien"].as_str().expect("steps field");
    assert!(
        !is_nfc(steps),
        "the fixture should be one of the NFD records"
    );

    let p = import("bo-tu-phap/1.000894.json");
    assert_eq!(p.name, "Thủ tục đăng ký kết hôn");
    assert_eq!(p.results, ["Giấy chứng nhận kết hôn"]);
    assert_eq!(
        item(&p, "Tờ khai đăng ký kết hôn").template,
        "Tờ khai đăng ký kết hôn"
    );
    let numbers: Vec<&str> = p
        .legal_basis
        .iter()
        .map(|r| r.document_number.as_str())
        .collect();
    assert!(numbers.contains(&"52/2014/QH13") && numbers.contains(&"60/2014/QH13"));
    assert!(p.fees[0].text.starts_with("Miễn phí (Miễn lệ phí."));
    assert_clean(&p);

    let card = import("bo-cong-an/1.014064.json");
    assert_eq!(card.field, "Cấp, quản lý căn cước");
    assert_clean(&card);
}

#[test]
fn a_record_holding_another_procedures_page_is_rejected_as_a_crawl_error() {
    let json = fixture_json("bo-cong-an/3.000224.json");
    match import_record("dichvucong/bo-cong-an/3.000224.json", &json) {
        Err(RecordError::Crawl(e)) => {
            assert_eq!(e.code, "3.000224");
            assert_eq!(e.embedded_code, "1.014023");
            assert_eq!(e.file, "dichvucong/bo-cong-an/3.000224.json");
        }
        other => panic!("expected a crawl error, got {other:?}"),
    }
}

#[test]
fn adoption_fee_is_parsed_and_an_unknown_time_stays_unknown() {
    let p = import("bo-tu-phap/2.001263.json");
    assert!(
        p.fees.iter().all(|f| f.amount_vnd == Some(400_000)),
        "{:#?}",
        p.fees
    );
    assert!(p.channels.iter().all(|c| c.processing_time.is_none()));
    assert_eq!(p.processing_time, None);
    // Template files whose names lost every accented letter are not shown.
    assert!(p.checklist.iter().all(|i| i.template != "nxinnhnconnui"));
    assert_eq!(
        item(&p, "Đơn xin nhận con nuôi").name,
        "Đơn xin nhận con nuôi"
    );
    assert_clean(&p);
}

#[test]
fn identity_card_reissue_keeps_its_form_template() {
    let p = import("bo-cong-an/1.014064.json");
    let form = item(&p, "Phiếu đề nghị giải quyết thủ tục về căn cước");
    assert_eq!(
        form.template,
        "Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước"
    );
    assert_eq!(form.citations[0].document_number, "17/2024/TT-BCA");
    assert_eq!(p.fees.len(), 1);
    assert_eq!(p.fees[0].amount_vnd, Some(70_000));
    let time = p.processing_time.as_ref().expect("time");
    assert_eq!((time.unit, time.amount), (TimeUnit::WorkingDays, Some(7.0)));
    assert_eq!(p.results, ["Thẻ căn cước"]);
}

#[test]
fn several_rows_per_channel_split_with_their_own_times() {
    let p = import("bo-cong-an/1.013076.json");
    let rows: Vec<(ChannelKind, TimeUnit, Option<f32>)> = p
        .channels
        .iter()
        .map(|c| {
            let t = c.processing_time.as_ref().expect("every row has a time");
            (c.kind, t.unit, t.amount)
        })
        .collect();
    assert_eq!(
        rows,
        [
            (ChannelKind::Online, TimeUnit::WorkingDays, Some(2.0)),
            (ChannelKind::InPerson, TimeUnit::WorkingDays, Some(2.0)),
            (ChannelKind::InPerson, TimeUnit::WorkingDays, Some(7.0)),
            (ChannelKind::InPerson, TimeUnit::Hours, Some(1.0)),
            (ChannelKind::Online, TimeUnit::WorkingDays, Some(7.0)),
            (ChannelKind::Online, TimeUnit::Hours, Some(1.0)),
        ]
    );
    assert_eq!(
        p.processing_time.as_ref().map(|t| t.text.as_str()),
        Some("2 Ngày làm việc")
    );
    assert_clean(&p);
}

#[test]
fn channel_names_quoted_in_a_description_do_not_start_rows() {
    let p = import("bo-cong-an/1.014364.json");
    let kinds: Vec<ChannelKind> = p.channels.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ChannelKind::InPerson,
            ChannelKind::Online,
            ChannelKind::Post
        ]
    );
    assert!(p.channels[0]
        .description
        .contains("+ Trực tiếp: nộp hồ sơ trực tiếp"));
    let amounts: Vec<Option<u64>> = p.fees.iter().map(|f| f.amount_vnd).collect();
    assert_eq!(amounts, [Some(25_000), Some(50_000), Some(50_000)]);
    assert_eq!(p.fees[0].channel, Some(ChannelKind::InPerson));
}

#[test]
fn a_time_run_into_a_fee_amount_is_told_apart() {
    // "Trực tuyến120 VNĐ(20.000 đ/tờ khai)": time "1", fee 20.000 đồng.
    let p = import("bo-tai-chinh/1.007863.json");
    assert_eq!(
        p.channels[0]
            .processing_time
            .as_ref()
            .map(|t| t.text.as_str()),
        Some("1")
    );
    assert_eq!(p.channels[0].fee_text, "20 VNĐ (20.000 đ/tờ khai)");
    assert!(p.fees.iter().all(|f| f.amount_vnd == Some(20_000)));
}

#[test]
fn fees_per_page_and_in_foreign_currency() {
    let p = import("bo-tu-phap/2.000815.json");
    let fees: Vec<(Option<u64>, &str, &str)> = p
        .fees
        .iter()
        .map(|f| (f.amount_vnd, f.case.as_str(), f.text.as_str()))
        .collect();
    assert_eq!(
        fees,
        [
            (
                Some(2_000),
                "Tại Ủy ban nhân dân cấp xã, Tổ chức hành nghề công chứng",
                "2,000 Việt Nam Đồng (/trang)"
            ),
            (None, "Tại cơ quan đại diện", "10 USD (/bản)"),
        ]
    );
}

#[test]
fn sections_cut_short_by_a_quoted_heading_are_recovered_from_the_page_text() {
    // Its steps quote "(Thành phần hồ sơ)", which made the crawler start the
    // documents field in the middle of step 1.
    let p = import("bo-tai-chinh/1.001521.json");
    assert_eq!(p.steps.len(), 3);
    assert!(p.steps[0]
        .text
        .contains("theo quy định tại mục 5.3 (Thành phần hồ sơ); nộp hồ sơ"));
    assert!(p.steps[2].text.starts_with("Bước 3. Nhận kết quả"));
    // Eight rows, two of them ("3." and "8.") word for word the same.
    assert_eq!(p.checklist.len(), 7);
    assert_eq!(
        item(&p, "Bản chính Sổ BHXH")
            .condition
            .split_whitespace()
            .next(),
        Some("Trường")
    );
    assert!(p
        .notes
        .iter()
        .any(|n| n.text.starts_with("Trường hợp không quy định là bản chính")));
    assert_clean(&p);
}

/// Copy the fixtures into `<tmp>/dichvucong/` (the layout `import_dir` reads).
fn fixture_data_dir(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for ministry in std::fs::read_dir(fixtures()).expect("fixtures dir") {
        let ministry = ministry.expect("entry").path();
        let name = ministry.file_name().expect("name").to_owned();
        let dest = tmp.path().join("dichvucong").join(&name);
        std::fs::create_dir_all(&dest).expect("mkdir");
        for file in std::fs::read_dir(&ministry).expect("ministry dir") {
            let file = file.expect("entry").path();
            std::fs::copy(&file, dest.join(file.file_name().expect("name"))).expect("copy");
        }
    }
    for (rel, from) in extra {
        let dest = tmp.path().join("dichvucong").join(rel);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::copy(fixtures().join(from), dest).expect("copy");
    }
    tmp
}

#[test]
fn importing_a_folder_is_sorted_deduplicated_and_reports_crawl_errors() {
    let tmp = fixture_data_dir(&[("zz-duplicate/1.001193.json", "bo-tu-phap/1.001193.json")]);
    let out = import_dir(tmp.path(), Scope::Commune).expect("import");
    let codes: Vec<&str> = out.procedures.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "1.000894", "1.001193", "1.001521", "1.007863", "1.013076", "1.014064", "1.014364",
            "2.000815", "2.001263"
        ]
    );
    let khai_sinh = &out.procedures[1];
    assert_eq!(
        khai_sinh.source.files,
        ["dichvucong/bo-tu-phap/1.001193.json"]
    );
    assert_eq!(out.crawl_errors.len(), 1);
    assert_eq!(
        out.crawl_errors[0].file,
        "dichvucong/bo-cong-an/3.000224.json"
    );
    assert!(
        out.warnings
            .iter()
            .any(|w| w.starts_with("dichvucong/zz-duplicate/1.001193.json")
                && w.contains("kept the first")),
        "{:?}",
        out.warnings
    );
    let again = import_dir(tmp.path(), Scope::Commune).expect("import");
    assert_eq!(again.procedures, out.procedures, "output is deterministic");
}

/// The whole crawl, when the shared data folder is present.
#[test]
fn the_whole_crawl_imports_cleanly() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if !data.join("dichvucong").is_dir() {
        println!("skipped: {} not found", data.join("dichvucong").display());
        return;
    }
    let out = import_dir(&data, Scope::Commune).expect("import");
    // 588 commune-level records, 17 of them holding another procedure's page.
    assert_eq!(out.procedures.len(), 571);
    assert_eq!(out.crawl_errors.len(), 17);
    let mut embedded: Vec<&str> = out
        .crawl_errors
        .iter()
        .map(|e| e.embedded_code.as_str())
        .collect();
    embedded.sort();
    embedded.dedup();
    assert_eq!(embedded, ["1.014023", "3.000579"]);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);

    // Every procedure has a name and either documents or the statement that
    // none is needed. Should a record ever have neither, it is listed here;
    // today every commune-level record has one or the other.
    let without_documents: Vec<&str> = out
        .procedures
        .iter()
        .filter(|p| p.checklist.is_empty() && p.no_documents_statement.is_none())
        .map(|p| p.code.as_str())
        .collect();
    println!("records with neither checklist nor statement: {without_documents:?}");
    assert!(without_documents.is_empty());
    for p in &out.procedures {
        assert!(!p.name.is_empty(), "{}: no name", p.code);
        assert!(!p.channels.is_empty(), "{}: no channel", p.code);
        assert!(
            p.checklist.iter().all(|i| !i.name.is_empty()),
            "{}: unnamed item",
            p.code
        );
        assert_clean(p);
    }
    let items: usize = out.procedures.iter().map(|p| p.checklist.len()).sum();
    let channels: usize = out.procedures.iter().map(|p| p.channels.len()).sum();
    let fees: usize = out.procedures.iter().map(|p| p.fees.len()).sum();
    println!(
        "procedures {} items {items} channels {channels} fees {fees}",
        out.procedures.len()
    );
}
