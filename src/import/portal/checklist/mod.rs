//! The "Thành phần hồ sơ" table → checklist items, notes and the
//! "no document needed" statement.
//!
//! The crawl ran each table together:
//!
//! ```text
//! * Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- <name><template file>1 bản chính- <name>0 bản chính,1 bản sao* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng…
//! ```
//!
//! A table is `<section title>` + column headings + rows; a row ends with its
//! quantity cell (`N bản chính` or `N bản chính,M bản sao`) glued to the next
//! row, and may carry a form template file name (`Mẫu DC02 ….doc`) just
//! before it. The section title says whether the rows are submitted, only
//! shown ("xuất trình"), notes ("Lưu ý") or apply to one case ("a) Trường
//! hợp …").
//!
//! Rows with quantity 0 that are not documents ("Trường hợp … thì không phải
//! nộp bản giấy.0 bản chính") become the condition of the item they name, or a
//! note of the procedure; they are never turned into fake documents.

mod item;
mod template;

use std::sync::LazyLock;

use regex::Regex;

use super::clean;
use super::record::DOCUMENTS_TABLE;
use crate::corpus::{ChecklistItem, Note};
use crate::text::fold_accents;

use item::{build_items, join_conditions, LEADING_CONDITIONS};
use template::split_templates;

static QUANTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d+) bản chính(?:,(\d+) bản sao)?").expect("static regex"));

static QUANTITY_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+ bản chính").expect("static regex"));

/// What the section yields for the procedure.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Documents {
    pub items: Vec<ChecklistItem>,
    pub notes: Vec<Note>,
    pub no_documents_statement: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    Submit,
    Show,
    Notes,
}

#[derive(Debug, Clone)]
struct Section {
    /// Cleaned title, for note titles ("Lưu ý").
    title: String,
    kind: SectionKind,
    /// The case every row of the section applies to.
    condition: String,
}

#[derive(Debug, Clone)]
struct Row {
    section: usize,
    text: String,
    originals: u32,
    copies: u32,
}

const NOTES_TITLE: &str = "Thành phần hồ sơ";

/// Parse the section text (after the "Thành phần hồ sơ" heading).
pub(super) fn parse(section: &str) -> Documents {
    let (sections, rows, trailing) = split(section);
    let mut out = Documents::default();
    let mut items: Vec<(usize, ChecklistItem)> = Vec::new();
    // Note rows waiting to be attached: (section, text).
    let mut note_rows: Vec<(usize, String)> = Vec::new();
    let mut statement = None;
    let mut sub_condition: Option<(usize, String)> = None;

    for row in &rows {
        let sec = &sections[row.section];
        let (name_part, templates) = split_templates(&row.text);
        let heading = clean::strip_bullet(&name_part).trim_end().ends_with(':');
        let body = clean::trim_cell(clean::strip_bullet(&name_part)).to_string();
        if body.is_empty() && templates.is_empty() {
            continue;
        }
        if sec.kind == SectionKind::Notes {
            note_rows.push((row.section, clean::line(&row.text)));
            continue;
        }
        if heading && is_sub_heading(&body) {
            // "Đối với X thì hồ sơ … bao gồm:" heads its rows with "Đối với X".
            let case = leading_case(&body).unwrap_or_else(|| clean_title(&body));
            sub_condition = Some((row.section, case));
            continue;
        }
        let zero = row.originals == 0 && row.copies == 0;
        if is_no_documents(&body) {
            statement.get_or_insert(body);
            continue;
        }
        if zero && (heading || !looks_like_document(&body) || reads_like_rule(&body)) {
            note_rows.push((row.section, clean::line(&row.text)));
            continue;
        }
        let mut condition = sec.condition.clone();
        if let Some((s, c)) = &sub_condition {
            if *s == row.section {
                condition = join_conditions(&condition, c);
            }
        }
        for item in build_items(&body, templates, row, sec, &condition) {
            items.push((row.section, item));
        }
    }
    if let Some(text) = trailing {
        // Text after the last quantity cell: a row the portal gave no count.
        let body = clean::trim_cell(clean::strip_bullet(&text)).to_string();
        if is_no_documents(&body) {
            statement.get_or_insert(body);
        } else if !body.is_empty() {
            note_rows.push((sections.len().saturating_sub(1), text));
        }
    }

    // Attach each note row to the item it names, or keep it as a note.
    let mut loose: Vec<(usize, String)> = Vec::new();
    for (section, text) in note_rows {
        if sections[section].kind != SectionKind::Notes {
            if let Some(i) = item_named_in(&items, section, &text) {
                let item = &mut items[i].1;
                item.condition = join_conditions(&item.condition, clean::strip_bullet(&text));
                continue;
            }
        }
        loose.push((section, text));
    }
    for (section, text) in loose {
        let sec = &sections[section];
        let title = match sec.kind {
            SectionKind::Notes | SectionKind::Show if !sec.title.is_empty() => sec.title.clone(),
            _ if !sec.condition.is_empty() => sec.condition.clone(),
            _ => NOTES_TITLE.to_string(),
        };
        // One note per title, in order of first appearance.
        match out.notes.iter_mut().find(|n| n.title == title) {
            Some(n) => {
                n.text.push('\n');
                n.text.push_str(&text);
            }
            None => out.notes.push(Note {
                title,
                text,
                source: "portal".to_string(),
            }),
        }
    }
    // Section titles that are general notes rather than cases come first.
    let general: Vec<&str> = sections
        .iter()
        .filter(|s| {
            s.kind == SectionKind::Submit
                && s.condition.is_empty()
                && (is_general_note(&s.title)
                    || (is_intro(&s.title) && s.title.split_whitespace().count() > 4))
        })
        .map(|s| s.title.as_str())
        .collect();
    if !general.is_empty() {
        let mut text = general.join("\n");
        if let Some(i) = out.notes.iter().position(|n| n.title == NOTES_TITLE) {
            let existing = out.notes.remove(i);
            text = format!("{text}\n{}", existing.text);
        }
        out.notes.insert(
            0,
            Note {
                title: NOTES_TITLE.to_string(),
                text,
                source: "portal".to_string(),
            },
        );
    }
    // The portal repeats some rows word for word: keep each item once.
    for (_, item) in items {
        if !out.items.contains(&item) {
            out.items.push(item);
        }
    }
    if out.items.is_empty() {
        out.no_documents_statement = statement;
    }
    out
}

/// Cut the text into sections and rows. Also returns text left after the
/// last quantity cell, if any.
fn split(section: &str) -> (Vec<Section>, Vec<Row>, Option<String>) {
    let text = section.trim();
    let mut parts = text.split(DOCUMENTS_TABLE);
    let first_title = parts.next().unwrap_or("");
    let mut sections = vec![make_section(first_title)];
    let mut rows = Vec::new();
    let tables: Vec<&str> = parts.collect();
    if tables.is_empty() {
        let rest = clean::line(text.trim_matches('-'));
        return (sections, rows, (!rest.is_empty()).then_some(rest));
    }
    let mut trailing = None;
    for (t, table) in tables.iter().enumerate() {
        let section = sections.len() - 1;
        let mut pos = 0;
        for (start, end, originals, copies) in quantity_cells(table) {
            rows.push(Row {
                section,
                text: table[pos..start].to_string(),
                originals,
                copies,
            });
            pos = end;
        }
        let rest = &table[pos..];
        if t + 1 < tables.len() {
            sections.push(make_section(rest));
        } else if !clean::line(rest).is_empty() {
            trailing = Some(clean::line(rest));
        }
    }
    (sections, rows, trailing)
}

/// Quantity cells that end a row: glued to what follows (a quantity quoted in
/// prose, "nộp 02 bản chính tờ khai", is followed by a space).
fn quantity_cells(table: &str) -> Vec<(usize, usize, u32, u32)> {
    let mut out = Vec::new();
    for m in QUANTITY.captures_iter(table) {
        let whole = m.get(0).expect("group 0 always matches");
        let count = m.get(1).expect("group 1 always matches");
        // The cell's number is glued to the row text, which may itself end in
        // digits ("ngày 28/8/2020" + "1 bản chính"): a glued multi-digit run
        // keeps only its last digit as the count.
        let glued = table[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| !(c.is_whitespace() || c == '('));
        let start = if glued && count.len() >= 2 {
            count.end() - 1
        } else {
            whole.start()
        };
        let after = &table[whole.end()..];
        let ends_row = match after.chars().next() {
            None => true,
            Some(c) => !(c.is_whitespace() || ".,;:)".contains(c)),
        };
        // "…: 01 bản chính1 bản chính": the first one is prose.
        if !ends_row || QUANTITY_AT_START.is_match(after) {
            continue;
        }
        let originals = table[start..count.end()].parse().unwrap_or(0);
        let copies = m.get(2).and_then(|g| g.as_str().parse().ok()).unwrap_or(0);
        out.push((start, whole.end(), originals, copies));
    }
    out
}

fn make_section(raw_title: &str) -> Section {
    let title = clean_title(&clean::line(raw_title));
    let folded = fold_accents(&title.to_lowercase());
    let kind = if folded.contains("luu y") || folded.starts_with("ghi chu") {
        SectionKind::Notes
    } else if folded.contains("xuat trinh") {
        SectionKind::Show
    } else {
        SectionKind::Submit
    };
    let plain = folded.trim_end_matches(':').trim();
    let generic = plain.is_empty()
        || plain == "thanh phan ho so"
        || plain.starts_with("giay to phai nop")
        || plain.starts_with("giay to phai xuat trinh")
        || plain.starts_with("thanh phan, so luong ho so")
        || plain.starts_with("thanh phan ho so, bao gom")
        || plain.starts_with("thanh phan ho so gom");
    let condition = if kind == SectionKind::Notes || generic || is_general_note(&title) {
        String::new()
    } else if let Some(case) = leading_case(&title) {
        // "Trường hợp ủy quyền thực hiện thủ tục thì hồ sơ phải kèm theo …"
        case
    } else if is_intro(&title) {
        // "Hồ sơ đề nghị … bao gồm": a lead-in, kept as a note.
        String::new()
    } else {
        title.clone()
    };
    Section {
        title,
        kind,
        condition,
    }
}

/// The case a title opens with, when it goes on to say what it requires.
fn leading_case(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    if lower.len() != title.len() || !LEADING_CONDITIONS.iter().any(|p| lower.starts_with(p)) {
        return None;
    }
    let cut = lower.find(" thì ")?;
    Some(title[..cut].trim_end_matches(',').trim().to_string())
}

/// A title that only introduces the list ("… gồm các giấy tờ sau đây").
fn is_intro(title: &str) -> bool {
    let f = fold_accents(&title.to_lowercase());
    let f = f.trim_end_matches([':', '.', ' ']);
    ["gom", "sau", "sau day", "nhu sau", "bao gom"]
        .iter()
        .any(|e| f.ends_with(e))
}

/// A section title without its bullet, dashes and final colon.
fn clean_title(t: &str) -> String {
    let t = t.trim().trim_matches('-').trim();
    let t = clean::strip_bullet(t);
    t.trim_end_matches([':', ' ']).trim().to_string()
}

/// A title that is a general remark ("Trường hợp không quy định là bản chính
/// thì có thể nộp bản sao hợp lệ. Trường hợp nộp hồ sơ trực tuyến: …"), not
/// the case its rows apply to.
fn is_general_note(title: &str) -> bool {
    let sentences = title.trim_end_matches('.').matches(". ").count();
    sentences >= 1 || title.chars().count() > 250
}

/// A row that heads the rows after it ("- Thành phần hồ sơ đối với phương
/// tiện thương mại:").
fn is_sub_heading(body: &str) -> bool {
    let f = fold_accents(&body.to_lowercase());
    body.chars().count() < 200
        && ["thanh phan ho so", "ho so ", "doi voi ", "truong hop "]
            .iter()
            .any(|p| f.starts_with(p))
}

fn is_no_documents(body: &str) -> bool {
    let f = fold_accents(&body.to_lowercase());
    let f = f.trim_end_matches(['.', ';']).trim();
    matches!(f, "khong quy dinh" | "khong co" | "khong" | "khong yeu cau")
        || f.starts_with("khong phai nop ho so")
        || f.starts_with("khong yeu cau ho so")
        || f.starts_with("khong quy dinh thanh phan ho so")
}

/// Words the portal's document names start with (lower case, accented:
/// folding would confuse "sổ" with "số").
const DOCUMENT_NOUNS: &[&str] = &[
    "giấy",
    "bản ",
    "tờ khai",
    "đơn ",
    "văn bản",
    "hộ chiếu",
    "sổ ",
    "phiếu",
    "quyết định",
    "hợp đồng",
    "biên bản",
    "chứng ",
    "thẻ ",
    "căn cước",
    "danh sách",
    "danh mục",
    "báo cáo",
    "hóa đơn",
    "hoá đơn",
    "vận đơn",
    "tờ trình",
    "công văn",
    "thông báo",
    "kế hoạch",
    "phương án",
    "dự án",
    "đề án",
    "hồ sơ",
    "ảnh ",
    "trích lục",
    "bảng ",
    "chứng từ",
    "tài liệu",
    "các giấy tờ",
    "mẫu ",
    "lý lịch",
    "sơ đồ",
    "bản vẽ",
    "văn bằng",
    "chứng chỉ",
    "giấy phép",
    "bảng kê",
    "thư ",
    "dự toán",
    "đề xuất",
];

fn looks_like_document(body: &str) -> bool {
    let lower = body.to_lowercase();
    DOCUMENT_NOUNS.iter().any(|n| lower.starts_with(n))
}

/// A sentence stating a rule rather than naming a document ("… thì …",
/// "… phải …", "Phiếu này là …").
fn reads_like_rule(body: &str) -> bool {
    let lower = body.to_lowercase();
    [" thì ", " phải ", " này "]
        .iter()
        .any(|w| lower.contains(w))
}

/// The item of `section` whose name the note text mentions (the longest such
/// name wins).
fn item_named_in(items: &[(usize, ChecklistItem)], section: usize, note: &str) -> Option<usize> {
    let note = note.to_lowercase();
    items
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| *s == section)
        .filter_map(|(i, (_, item))| {
            let head = name_head(&item.name).to_lowercase();
            (head.split_whitespace().count() >= 2
                && head.chars().count() >= 8
                && note.contains(&head))
            .then_some((i, head.len()))
        })
        .max_by_key(|x| x.1)
        .map(|x| x.0)
}

/// The document's own name: the text before the first `;`, `,`, `(` or `:`.
fn name_head(name: &str) -> &str {
    let end = name.find([';', ',', '(', ':']).unwrap_or(name.len());
    name[..end].trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{ChecklistKind, DocumentForm};

    const KHAI_SINH: &str = "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.1 bản chính- Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh. Trường hợp người được ủy quyền là ông, bà thì văn bản ủy quyền không phải chứng thực.1 bản chínhTrường hợp người yêu cầu đã nộp bản điện tử Giấy chứng sinh thì không phải nộp bản giấy.0 bản chính- Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh.1 bản chính* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Hộ chiếu/Thẻ căn cước còn giá trị sử dụng để chứng minh về nhân thân.1 bản chính* Lưu ý:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Cá nhân có quyền lựa chọn nơi đăng ký.0 bản chính--Tên giấy tờMẫu đơn, tờ khaiSố lượng- Người có yêu cầu thực hiện việc nộp các giấy tờ sau:0 bản chính- Tờ khai đăng ký khai sinh theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ trực tiếp);1 bản chính";

    fn item<'a>(d: &'a Documents, name_start: &str) -> &'a ChecklistItem {
        d.items
            .iter()
            .find(|i| i.name.starts_with(name_start))
            .unwrap_or_else(|| panic!("no item {name_start:?} in {:#?}", d.items))
    }

    #[test]
    fn leading_cases_become_conditions() {
        let d = parse(KHAI_SINH);
        let b = item(&d, "Biên bản về việc trẻ bị bỏ rơi");
        assert_eq!(b.condition, "Trường hợp trẻ em bị bỏ rơi");
        assert_eq!((b.quantity, b.form), (1, DocumentForm::Original));
    }

    #[test]
    fn embedded_cases_become_conditions() {
        let d = parse(KHAI_SINH);
        let u = item(&d, "Văn bản ủy quyền");
        assert_eq!(
            u.name,
            "Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật"
        );
        assert!(u
            .condition
            .starts_with("Trường hợp ủy quyền thực hiện việc đăng ký khai sinh."));
    }

    #[test]
    fn zero_quantity_notes_attach_to_the_item_they_name() {
        let d = parse(KHAI_SINH);
        let g = item(&d, "Giấy chứng sinh");
        assert_eq!(g.name, "Giấy chứng sinh");
        assert!(
            g.condition
                .contains("không có Giấy chứng sinh thì nộp văn bản"),
            "{}",
            g.condition
        );
        assert!(
            g.condition.contains("đã nộp bản điện tử Giấy chứng sinh"),
            "{}",
            g.condition
        );
        assert!(d.items.iter().all(|i| i.quantity > 0), "{:#?}", d.items);
    }

    #[test]
    fn shown_documents_and_notes_sections() {
        let d = parse(KHAI_SINH);
        let h = item(&d, "Hộ chiếu");
        assert_eq!((h.kind, h.form), (ChecklistKind::Show, DocumentForm::Shown));
        let notes: Vec<&str> = d.notes.iter().map(|n| n.title.as_str()).collect();
        assert!(notes.contains(&"Lưu ý"), "{notes:?}");
        assert!(d.notes.iter().any(|n| n.text.contains("các giấy tờ sau:")));
    }

    #[test]
    fn form_template_from_the_name() {
        let d = parse(KHAI_SINH);
        let t = item(&d, "Tờ khai đăng ký khai sinh");
        assert_eq!(t.template, "Tờ khai đăng ký khai sinh");
        assert!(
            t.condition.starts_with("Nếu người có yêu cầu"),
            "{}",
            t.condition
        );
    }

    #[test]
    fn originals_and_copies_and_copy_wording() {
        let d = parse("--Tên giấy tờMẫu đơn, tờ khaiSố lượngHóa đơn thương mại: 01 bản chụp;0 bản chính,1 bản saoDanh mục hồ sơ1 bản chính,1 bản saoGiấy phép xuất khẩu: 01 bản chính1 bản chính");
        let h = item(&d, "Hóa đơn thương mại");
        assert_eq!(h.name, "Hóa đơn thương mại");
        assert_eq!((h.quantity, h.form), (1, DocumentForm::Copy));
        let forms: Vec<DocumentForm> = d
            .items
            .iter()
            .filter(|i| i.name == "Danh mục hồ sơ")
            .map(|i| i.form)
            .collect();
        assert_eq!(forms, [DocumentForm::Original, DocumentForm::CertifiedCopy]);
        assert_eq!(item(&d, "Giấy phép xuất khẩu").quantity, 1);
    }

    #[test]
    fn no_documents_statement() {
        let d = parse("--Tên giấy tờMẫu đơn, tờ khaiSố lượngKhông quy định.1 bản chính");
        assert!(d.items.is_empty());
        assert_eq!(d.no_documents_statement.as_deref(), Some("Không quy định."));
    }

    #[test]
    fn section_titles_are_cases() {
        let d = parse("a) Trường hợp tai nạnTên giấy tờMẫu đơn, tờ khaiSố lượngGiấy ra viện1 bản chínhb) Trường hợp trợ cấp tiền tuất: Tên giấy tờMẫu đơn, tờ khaiSố lượngGiấy báo tử1 bản chính");
        assert_eq!(item(&d, "Giấy ra viện").condition, "Trường hợp tai nạn");
        assert_eq!(
            item(&d, "Giấy báo tử").condition,
            "Trường hợp trợ cấp tiền tuất"
        );
    }

    #[test]
    fn citations_come_from_the_items_own_text() {
        let d = parse("--Tên giấy tờMẫu đơn, tờ khaiSố lượngBảng kê theo Mẫu số 12 Phụ lục II Nghị định 100/2020/NĐ-CP ngày 28/8/20201 bản chínhĐơn1 bản chính");
        assert_eq!(d.items[0].citations[0].document_number, "100/2020/NĐ-CP");
        assert!(d.items[1].citations.is_empty());
    }
}
