//! The law-text importers: laws-vlc (full laws) and Pháp điển (decrees,
//! circulars… mapped back from the consolidated code), on trimmed real files
//! in `tests/fixtures/`, and on the full data in `../shared/data` when it is
//! there.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use motcua::corpus::document_file;
use motcua::corpus::{DocumentStatus, LegalDocument};
use motcua::import::laws::{self, LawSet, COMMUNE_LAWS};
use motcua::import::phapdien::{self, PhapdienImport};
use motcua::text::is_nfc;

fn fixture(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ho_tich() -> LegalDocument {
    laws::parse_law(
        "laws-vlc/Luat-Ho-tich-2014-259727.txt",
        &fixture("laws/Luat-Ho-tich-2014-259727.txt"),
    )
    .expect("the Hộ tịch fixture parses")
}

fn article<'a>(doc: &'a LegalDocument, number: &str) -> &'a motcua::corpus::Article {
    doc.articles
        .iter()
        .find(|a| a.number == number)
        .unwrap_or_else(|| panic!("{} has no Điều {number}", doc.header.number))
}

/// Every string of the document is NFC, every article has text, numbers
/// increase, and the document survives the file format.
fn assert_well_formed(doc: &LegalDocument) {
    let h = &doc.header;
    for s in [&h.number, &h.doc_type, &h.title, &h.issuer, &h.source] {
        assert!(is_nfc(s), "{}: not NFC: {s}", h.number);
    }
    let mut last = (0u32, String::new());
    for a in &doc.articles {
        for s in [
            &a.number, &a.title, &a.chapter, &a.section, &a.text, &a.note,
        ] {
            assert!(is_nfc(s), "{} Điều {}: not NFC", h.number, a.number);
        }
        let digits: String = a.number.chars().take_while(char::is_ascii_digit).collect();
        let key = (
            digits
                .parse::<u32>()
                .expect("article numbers start with digits"),
            a.number[digits.len()..].to_string(),
        );
        assert!(key > last, "{}: Điều {} out of order", h.number, a.number);
        last = key;
    }
    let back = document_file::parse(Path::new("x.md"), &document_file::render(doc))
        .unwrap_or_else(|e| panic!("{}: {e}", h.number));
    let mut back_articles = back.articles.clone();
    for a in &mut back_articles {
        a.line = 0;
    }
    assert_eq!(back.header, doc.header);
    assert_eq!(back_articles, doc.articles, "{}", h.number);
}

#[test]
fn the_ho_tich_header_is_read_from_the_text() {
    let doc = ho_tich();
    let h = &doc.header;
    assert_eq!(h.number, "60/2014/QH13");
    assert_eq!(h.doc_type, "Luật");
    assert_eq!(h.title, "Luật Hộ tịch");
    assert_eq!(h.issuer, "Quốc hội");
    assert_eq!(h.issued, "2014-11-20");
    assert_eq!(h.effective, "2016-01-01");
    assert_eq!(h.status, DocumentStatus::InForce);
    assert!(!h.partial);
    assert_eq!(
        h.source,
        "laws-vlc/Luat-Ho-tich-2014-259727.txt (Vietnamese Law Corpus, Apache-2.0)"
    );
}

#[test]
fn article_16_of_the_ho_tich_law_has_its_title_text_and_place() {
    let doc = ho_tich();
    let a = article(&doc, "16");
    assert_eq!(a.title, "Thủ tục đăng ký khai sinh");
    assert_eq!(
        a.chapter,
        "Chương II. ĐĂNG KÝ HỘ TỊCH TẠI ỦY BAN NHÂN DÂN CẤP XÃ"
    );
    assert_eq!(a.section, "Mục 1. ĐĂNG KÝ KHAI SINH");
    let paragraphs: Vec<&str> = a.text.split('\n').collect();
    assert_eq!(paragraphs.len(), 4, "{}", a.text);
    assert!(paragraphs[0].starts_with(
        "1. Người đi đăng ký khai sinh nộp tờ khai theo mẫu quy định và giấy chứng sinh"
    ));
    assert!(paragraphs[1].starts_with("2. Ngay sau khi nhận đủ giấy tờ"));
    assert!(paragraphs[2].starts_with(
        "Công chức tư pháp - hộ tịch và người đi đăng ký khai sinh cùng ký tên vào Sổ hộ tịch"
    ));
    assert!(paragraphs[3].starts_with("3. Chính phủ quy định chi tiết việc đăng ký khai sinh"));
}

#[test]
fn chapters_sections_and_the_closing_formula() {
    let doc = ho_tich();
    // Chapters I–III and VII of the fixture.
    let numbers: Vec<u32> = doc
        .articles
        .iter()
        .map(|a| a.number.parse().expect("plain numbers"))
        .collect();
    assert_eq!(numbers.first(), Some(&1));
    assert_eq!(&numbers[numbers.len() - 3..], &[75, 76, 77]);
    assert_eq!(article(&doc, "1").chapter, "Chương I. NHỮNG QUY ĐỊNH CHUNG");
    assert!(article(&doc, "1").section.is_empty());
    assert_eq!(
        article(&doc, "75").chapter,
        "Chương VII. ĐIỀU KHOẢN THI HÀNH"
    );
    assert!(article(&doc, "75").section.is_empty());
    // References to other articles stay in the text.
    assert!(article(&doc, "2")
        .text
        .contains("quy định tại Điều 3 của Luật này"));
    // The closing formula and signature are not part of the last article.
    let last = article(&doc, "77");
    assert_eq!(
        last.text,
        "1. Luật này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2016.\n\
         2. Chính phủ, cơ quan có thẩm quyền quy định chi tiết các điều, khoản được giao trong Luật."
    );
    assert_well_formed(&doc);
}

#[test]
fn an_old_law_with_bare_article_headings() {
    let doc = laws::parse_law(
        "laws-vlc/Luat-Dau-khi-1993-18-L-CTN-38474.txt",
        &fixture("laws/Luat-Dau-khi-1993-18-L-CTN-38474.txt"),
    )
    .expect("parses");
    let h = &doc.header;
    assert_eq!(h.number, "18-L/CTN");
    assert_eq!(h.title, "Luật Dầu khí");
    assert_eq!(h.issued, "1993-07-06");
    assert_eq!(h.effective, "1993-09-01");
    let numbers: Vec<&str> = doc.articles.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "50", "51"]);
    let first = article(&doc, "1");
    assert!(first.title.is_empty());
    assert!(first.text.starts_with("Toàn bộ tài nguyên dầu khí"));
    assert_eq!(first.chapter, "Chương 1. NHỮNG QUY ĐỊNH CHUNG");
    assert_eq!(
        article(&doc, "51").text,
        "Luật này có hiệu lực từ ngày 01 tháng 9 năm 1993."
    );
    assert_well_formed(&doc);
}

#[test]
fn decomposed_input_comes_out_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = fixture("laws/Luat-Ho-tich-2014-259727.txt").nfd().collect();
    let doc = laws::parse_law("laws-vlc/Luat-Ho-tich-2014-259727.txt", &nfd).expect("parses");
    assert_eq!(doc.header.title, "Luật Hộ tịch");
    assert_eq!(doc, ho_tich());
}

fn topics(names: &[&str]) -> Vec<(String, String)> {
    names
        .iter()
        .map(|n| {
            (
                format!("phapdien/van-ban/hanh-chinh-tu-phap/{n}"),
                fixture(&format!("phapdien/{n}")),
            )
        })
        .collect()
}

fn pd_fixtures() -> PhapdienImport {
    let have: HashSet<String> = ["60/2014/QH13".to_string()].into();
    phapdien::import_topics(
        &topics(&["ho-tich.md", "chung-thuc.md", "ly-lich-tu-phap.md"]),
        &have,
    )
}

fn document<'a>(import: &'a PhapdienImport, number: &str) -> &'a LegalDocument {
    import
        .documents
        .iter()
        .find(|d| d.header.number == number)
        .unwrap_or_else(|| panic!("no document {number}"))
}

#[test]
fn phapdien_articles_map_back_to_decree_123_2015() {
    let import = pd_fixtures();
    let doc = document(&import, "123/2015/NĐ-CP");
    let numbers: Vec<&str> = doc.articles.iter().map(|a| a.number.as_str()).collect();
    // Điều 15.3.NĐ.1.1 → Điều 1; 15.3.NĐ.1.43–45 → Điều 43–45. The heading
    // 15.3.NĐ.1.46 cites Điều 5 of 07/2025/NĐ-CP: the source line wins.
    assert_eq!(numbers, ["1", "43", "44", "45"]);
    assert_eq!(
        article(document(&import, "07/2025/NĐ-CP"), "5").title,
        "Điều khoản thi hành"
    );

    let a = article(doc, "45");
    assert_eq!(a.title, "Hiệu lực thi hành");
    assert!(a.text.starts_with(
        "1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2016.\n2. Bãi bỏ"
    ));
    assert_eq!(
        a.note,
        "(Điều 45 Nghị định số 123/2015/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/01/2016)"
    );
    let related = article(doc, "43");
    assert!(related
        .note
        .contains("\n(Điều này có nội dung liên quan đến"));
    assert!(!related.text.contains("Điều này có nội dung liên quan"));

    let h = &doc.header;
    assert_eq!(h.doc_type, "Nghị định");
    // Its own source lines give no title: taken from Thông tư 04/2020's title.
    assert_eq!(
        h.title,
        "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật hộ tịch"
    );
    assert_eq!(h.issuer, "Chính phủ");
    assert_eq!(h.issued, "2015-11-15");
    assert_eq!(h.effective, "2016-01-01");
    assert_eq!(h.status, DocumentStatus::Amended);
    assert_eq!(h.amended_by, ["07/2025/NĐ-CP"]);
    assert!(h.partial);
    assert!(h
        .source
        .starts_with("phapdien/van-ban/hanh-chinh-tu-phap/ho-tich.md ("));
}

#[test]
fn phapdien_titles_dates_and_issuers_come_from_the_first_citation() {
    let import = pd_fixtures();
    let h = &document(&import, "87/2020/NĐ-CP").header;
    assert_eq!(
        h.title,
        "Nghị định quy định về Cơ sở dữ liệu hộ tịch điện tử, đăng ký hộ tịch trực tuyến"
    );
    assert_eq!(h.issuer, "Chính phủ");
    assert_eq!(h.issued, "2020-07-28");
    assert_eq!(h.effective, "2020-09-15");
    let h = &document(&import, "05/2015/TTLT-BTP-BCA-BYT").header;
    assert_eq!(h.doc_type, "Thông tư liên tịch");
    assert!(h
        .title
        .starts_with("Thông tư liên tịch hướng dẫn thực hiện liên thông"));
    let h = &document(&import, "23/2015/NĐ-CP").header;
    assert_eq!(
        h.title,
        "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch"
    );
}

#[test]
fn phapdien_source_lines_without_a_heading_get_their_title_from_the_contents() {
    let import = pd_fixtures();
    let a = article(document(&import, "23/2015/NĐ-CP"), "4");
    assert_eq!(a.title, "Thẩm quyền và trách nhiệm cấp bản sao từ sổ gốc");
    assert!(a
        .text
        .starts_with("1. Cơ quan, tổ chức đang quản lý sổ gốc có thẩm quyền"));
    // The article before it ends where its source line starts.
    let before = article(document(&import, "01/2020/TT-BTP"), "7");
    assert!(!before.text.contains("sổ gốc có thẩm quyền"));
}

#[test]
fn phapdien_headings_without_text_are_skipped_and_counted() {
    let have = HashSet::new();
    let import = phapdien::import_topics(&topics(&["ly-lich-tu-phap.md"]), &have);
    // Three articles have text; the other twelve headings of the table of
    // contents have none in this export.
    let count: usize = import.documents.iter().map(|d| d.articles.len()).sum();
    assert_eq!(count, 3);
    assert_eq!(import.headings_without_text, 12);
    assert_eq!(document(&import, "111/2010/NĐ-CP").articles.len(), 1);
    for doc in &pd_fixtures().documents {
        assert!(doc.articles.iter().all(|a| !a.text.is_empty()));
        assert_well_formed(doc);
    }
}

#[test]
fn phapdien_skips_laws_the_corpus_has_in_full() {
    let import = pd_fixtures();
    assert_eq!(import.skipped_laws, ["60/2014/QH13"]);
    assert!(import
        .documents
        .iter()
        .all(|d| d.header.number != "60/2014/QH13"));
    // A law not in the set is kept, partial.
    let law = document(&import, "28/2009/QH12");
    assert_eq!(law.header.title, "Luật Lý lịch tư pháp");
    assert_eq!(law.header.issuer, "Quốc hội");
    assert!(law.header.partial);
}

#[test]
fn phapdien_keeps_an_article_cited_by_two_topics_once() {
    let have = HashSet::new();
    let mut both = topics(&["ho-tich.md"]);
    both.push((
        "phapdien/van-ban/other/ho-tich-copy.md".to_string(),
        both[0].1.clone(),
    ));
    let once = phapdien::import_topics(&topics(&["ho-tich.md"]), &have);
    let twice = phapdien::import_topics(&both, &have);
    assert_eq!(once.documents.len(), twice.documents.len());
    for (a, b) in once.documents.iter().zip(&twice.documents) {
        assert_eq!(a.articles, b.articles);
    }
    assert!(twice.warnings.is_empty(), "{:?}", twice.warnings);
    assert!(document(&twice, "123/2015/NĐ-CP")
        .header
        .source
        .contains("ho-tich-copy.md"));
}

/// The shared data folder, when present.
fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.join("laws-vlc").is_dir() && dir.join("phapdien").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} not found (full-data checks need it)",
            dir.display()
        );
        None
    }
}

#[test]
fn full_data_commune_laws_all_laws_and_phapdien() {
    let Some(data) = shared_data() else { return };

    let commune = laws::import_dir(&data, LawSet::Commune).expect("commune laws");
    let numbers: Vec<&str> = commune
        .documents
        .iter()
        .map(|d| d.header.number.as_str())
        .collect();
    let mut expected: Vec<&str> = COMMUNE_LAWS.iter().map(|(n, _)| *n).collect();
    expected.sort();
    assert_eq!(numbers, expected, "{:?}", commune.warnings);
    assert!(commune.warnings.is_empty(), "{:?}", commune.warnings);
    let by_number = |n: &str| {
        commune
            .documents
            .iter()
            .find(|d| d.header.number == n)
            .expect("present")
    };
    assert_eq!(by_number("60/2014/QH13").articles.len(), 77);
    let cccd = &by_number("59/2014/QH13").header;
    assert_eq!(cccd.status, DocumentStatus::Superseded);
    assert_eq!(cccd.superseded_by, "26/2023/QH15");
    assert_eq!(
        by_number("45/2013/QH13").header.superseded_by,
        "31/2024/QH15"
    );
    assert_eq!(
        by_number("52/2014/QH13").header.title,
        "Luật Hôn nhân và gia đình"
    );
    for doc in &commune.documents {
        assert!(!doc.header.effective.is_empty(), "{}", doc.header.number);
        assert_well_formed(doc);
    }
    eprintln!(
        "laws (commune): {} documents, {} articles",
        commune.documents.len(),
        commune
            .documents
            .iter()
            .map(|d| d.articles.len())
            .sum::<usize>()
    );

    let all = laws::import_dir(&data, LawSet::All).expect("all laws");
    let articles: usize = all.documents.iter().map(|d| d.articles.len()).sum();
    eprintln!(
        "laws (all): {} documents, {articles} articles, {} warnings",
        all.documents.len(),
        all.warnings.len()
    );
    assert!(all.documents.len() >= 200, "{}", all.documents.len());
    assert!(articles > 15_000);
    let dir = tempfile::tempdir().expect("tempdir");
    for doc in &all.documents {
        let path = document_file::write(dir.path(), doc).expect("writes");
        let back = document_file::read(&path).expect("reads back");
        assert_eq!(back.articles.len(), doc.articles.len());
    }

    let have: HashSet<String> = expected.iter().map(|n| n.to_string()).collect();
    let pd = phapdien::import_dir(&data, &have).expect("phapdien");
    for doc in &pd.documents {
        eprintln!(
            "phapdien: {} ({} articles) {}",
            doc.header.number,
            doc.articles.len(),
            doc.header.title
        );
        assert!(doc.header.partial);
        assert_well_formed(doc);
    }
    eprintln!(
        "phapdien: {} documents, {} articles, skipped laws {:?}, {} headings without text",
        pd.documents.len(),
        pd.documents.iter().map(|d| d.articles.len()).sum::<usize>(),
        pd.skipped_laws,
        pd.headings_without_text
    );
    for number in [
        "23/2015/NĐ-CP",
        "01/2020/TT-BTP",
        "123/2015/NĐ-CP",
        "87/2020/NĐ-CP",
        "16/2020/NĐ-CP",
        "126/2014/NĐ-CP",
        "20/2021/NĐ-CP",
    ] {
        assert!(
            !document(&pd, number).articles.is_empty(),
            "{number} has no articles"
        );
    }
    for law in [
        "60/2014/QH13",
        "52/2014/QH13",
        "52/2010/QH12",
        "24/2008/QH12",
    ] {
        assert!(
            pd.skipped_laws.iter().any(|n| n == law),
            "{law} not skipped"
        );
    }
    assert!(pd.warnings.is_empty(), "{:?}", pd.warnings);
}
