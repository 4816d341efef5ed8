//! The legal-document file format: round trip, and every error names its file
//! and line.

use std::path::Path;

use motcua::corpus::document_file::{parse, read, render, write};
use motcua::corpus::{Article, DocumentHeader, DocumentStatus, LegalDocument};
use motcua::Error;

fn sample() -> LegalDocument {
    LegalDocument {
        header: DocumentHeader {
            number: "60/2014/QH13".into(),
            doc_type: "Luật".into(),
            title: "Luật Hộ tịch".into(),
            issuer: "Quốc hội".into(),
            issued: "2014-11-20".into(),
            effective: "2016-01-01".into(),
            status: DocumentStatus::Amended,
            amended_by: vec!["07/2025/NĐ-CP".into()],
            superseded_by: String::new(),
            partial: true,
            source: "laws-vlc/Luat-Ho-tich-2014-259727.txt (Vietnamese Law Corpus, Apache-2.0)"
                .into(),
        },
        articles: vec![
            Article {
                number: "1".into(),
                title: "Phạm vi điều chỉnh".into(),
                chapter: "Chương I. NHỮNG QUY ĐỊNH CHUNG".into(),
                text: "1. Luật này quy định về hộ tịch.\n2. Thẩm quyền …".into(),
                ..Default::default()
            },
            Article {
                number: "13".into(),
                title: "Thẩm quyền đăng ký khai sinh".into(),
                chapter: "Chương II. ĐĂNG KÝ HỘ TỊCH TẠI ỦY BAN NHÂN DÂN CẤP XÃ".into(),
                section: "Mục 1. ĐĂNG KÝ KHAI SINH".into(),
                text: "Ủy ban nhân dân cấp xã nơi cư trú của người cha hoặc người mẹ…".into(),
                note:
                    "(Điều 13 Luật số 60/2014/QH13, có hiệu lực thi hành kể từ ngày 01/01/2016)\n\
                       (Điều này có nội dung liên quan đến Điều 12 …)"
                        .into(),
                ..Default::default()
            },
            Article {
                number: "13a".into(),
                title: String::new(),
                chapter: "Chương II. ĐĂNG KÝ HỘ TỊCH TẠI ỦY BAN NHÂN DÂN CẤP XÃ".into(),
                section: "Mục 1. ĐĂNG KÝ KHAI SINH".into(),
                text: "a) điểm một;\nb) điểm hai.".into(),
                ..Default::default()
            },
            Article {
                // Same chapter, but out of the section: needs the chapter again.
                number: "14".into(),
                title: "Nội dung".into(),
                chapter: "Chương II. ĐĂNG KÝ HỘ TỊCH TẠI ỦY BAN NHÂN DÂN CẤP XÃ".into(),
                text: "Văn bản.".into(),
                ..Default::default()
            },
            Article {
                number: "80".into(),
                title: "Không thuộc chương nào".into(),
                text: "Văn bản.".into(),
                ..Default::default()
            },
        ],
    }
}

fn without_lines(mut doc: LegalDocument) -> LegalDocument {
    for a in &mut doc.articles {
        a.line = 0;
    }
    doc
}

fn corpus_error(e: Error) -> (String, usize, String) {
    match e {
        Error::Corpus {
            path,
            line,
            message,
        } => (path.display().to_string(), line, message),
        other => panic!("expected a corpus error, got {other:?}"),
    }
}

fn parse_err(text: &str) -> (usize, String) {
    let e = parse(Path::new("documents/x.md"), text).expect_err("must fail");
    let shown = e.to_string();
    let (path, line, message) = corpus_error(e);
    assert_eq!(path, "documents/x.md");
    assert!(
        shown.starts_with(&format!("documents/x.md:{line}:")),
        "{shown}"
    );
    (line, message)
}

const HEADER: &str = "+++\nnumber = \"1/2020/QH14\"\ntype = \"Luật\"\ntitle = \"Luật X\"\nstatus = \"in_force\"\nsource = \"test\"\n+++\n";

#[test]
fn a_rendered_document_parses_back_to_itself() {
    let doc = sample();
    let text = render(&doc);
    let back = parse(Path::new("60-2014-QH13.md"), &text).expect("parses");
    assert_eq!(without_lines(back.clone()), doc);
    // Lines point at the headings.
    let lines: Vec<&str> = text.lines().collect();
    for a in &back.articles {
        assert!(
            lines[a.line - 1].starts_with(&format!("#### Điều {}", a.number)),
            "{}",
            lines[a.line - 1]
        );
    }
    // And rendering is stable.
    assert_eq!(render(&back), text);
}

#[test]
fn the_rendered_file_looks_like_the_documented_format() {
    let text = render(&sample());
    assert!(text.starts_with("+++\nnumber = \"60/2014/QH13\"\ntype = \"Luật\"\n"));
    assert!(text.contains("\n## Chương I. NHỮNG QUY ĐỊNH CHUNG\n\n#### Điều 1. Phạm vi điều chỉnh\n\n1. Luật này quy định về hộ tịch.\n\n2. Thẩm quyền …\n"));
    assert!(text.contains("\n### Mục 1. ĐĂNG KÝ KHAI SINH\n"));
    assert!(text.contains("\n#### Điều 13. Thẩm quyền đăng ký khai sinh\n\n> (Điều 13 Luật số"));
    assert!(text.contains("\n#### Điều 13a.\n"));
}

#[test]
fn write_then_read_uses_the_ascii_stem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut doc = sample();
    doc.header.number = "123/2015/NĐ-CP".into();
    let path = write(dir.path(), &doc).expect("writes");
    assert_eq!(path, dir.path().join("123-2015-ND-CP.md"));
    assert_eq!(without_lines(read(&path).expect("reads")), doc);
}

#[test]
fn hand_written_files_may_omit_blank_lines_and_use_crlf() {
    let text = format!("{HEADER}## Chương I\n#### Điều 1. A\n> nguồn\n1. một\r\n2. hai\n");
    let doc = parse(Path::new("x.md"), &text).expect("parses");
    assert_eq!(doc.articles[0].text, "1. một\n2. hai");
    assert_eq!(doc.articles[0].note, "nguồn");
    assert_eq!(doc.articles[0].line, 9);
}

#[test]
fn missing_front_matter_is_reported_on_line_1() {
    let (line, msg) = parse_err("#### Điều 1. A\n\ntext\n");
    assert_eq!(line, 1);
    assert!(msg.contains("missing front matter"), "{msg}");
}

#[test]
fn unterminated_front_matter_is_reported() {
    let (line, msg) = parse_err("+++\nnumber = \"1/2020/QH14\"\n");
    assert_eq!(line, 1);
    assert!(msg.contains("unterminated"), "{msg}");
}

#[test]
fn bad_toml_is_reported_on_its_line() {
    let text = "+++\nnumber = \"1/2020/QH14\"\ntype = \"Luật\"\ntitle = Luật X\nstatus = \"in_force\"\nsource = \"t\"\n+++\n";
    let (line, _) = parse_err(text);
    assert_eq!(line, 4);
}

#[test]
fn an_unknown_header_key_is_reported_on_its_line() {
    let text = "+++\nnumber = \"1/2020/QH14\"\ntype = \"Luật\"\ntitle = \"X\"\nstatus = \"in_force\"\nsource = \"t\"\nsigner = \"Nguyễn Sinh Hùng\"\n+++\n";
    let (line, msg) = parse_err(text);
    assert_eq!(line, 7);
    assert!(msg.contains("signer"), "{msg}");
}

#[test]
fn a_bad_status_is_reported_on_its_line() {
    let text = HEADER.replace("in_force", "repealed");
    let (line, msg) = parse_err(&text);
    assert_eq!(line, 5);
    assert!(msg.contains("repealed"), "{msg}");
}

#[test]
fn decomposed_text_is_rejected_with_its_line() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "Đăng ký khai sinh".nfd().collect();
    let text = format!("{HEADER}\n#### Điều 1. A\n\n{nfd}\n");
    let (line, msg) = parse_err(&text);
    assert_eq!(line, 11);
    assert!(msg.contains("NFC"), "{msg}");
}

#[test]
fn a_duplicate_article_is_reported_with_both_lines() {
    let text = format!("{HEADER}\n#### Điều 1. A\n\nx\n\n#### Điều 1. B\n\ny\n");
    let (line, msg) = parse_err(&text);
    assert_eq!(line, 13);
    assert!(msg.contains("duplicate") && msg.contains("line 9"), "{msg}");
}

#[test]
fn an_article_heading_without_a_number_is_reported() {
    for heading in [
        "#### Điều . Phạm vi",
        "#### Phạm vi điều chỉnh",
        "#### Điều",
    ] {
        let text = format!("{HEADER}\n{heading}\n\nx\n");
        let (line, msg) = parse_err(&text);
        assert_eq!(line, 9, "{heading}");
        assert!(msg.contains("without a number"), "{msg}");
    }
}

#[test]
fn text_before_the_first_article_is_rejected() {
    let text = format!("{HEADER}\n## Chương I\n\nCăn cứ Hiến pháp;\n\n#### Điều 1. A\n");
    let (line, msg) = parse_err(&text);
    assert_eq!(line, 11);
    assert!(msg.contains("outside an article"), "{msg}");
}

#[test]
fn other_heading_levels_are_rejected() {
    let text = format!("{HEADER}\n# Luật X\n");
    let (line, msg) = parse_err(&text);
    assert_eq!(line, 9);
    assert!(msg.contains("heading level 1"), "{msg}");
}
