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

use std::sync::LazyLock;

use regex::Regex;

use super::clean;
use super::record::DOCUMENTS_TABLE;
use crate::corpus::{docnum, ChecklistItem, ChecklistKind, DocumentForm, LegalRef, Note};
use crate::text::fold_accents;

static QUANTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d+) bản chính(?:,(\d+) bản sao)?").expect("static regex"));
static QUANTITY_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+ bản chính").expect("static regex"));
static TEMPLATE_EXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\.(?:docx|doc|pdf|xlsx|xls)\s*$").expect("static regex"));
/// ": 01 bản chụp;" at the end of a name: the quantity repeated in words.
static TRAILING_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r":\s*0?\d+\s+(bản\s+(?:chính|sao|chụp)[^:;()]*)[;.]?\s*$").expect("static regex")
});
static TEMPLATE_IN_PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(((?:[Mm]ẫu|MẪU) [^()]{1,80})\)").expect("static regex"));
static TEMPLATE_AFTER_THEO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"theo (Mẫu [^;()]{1,100})").expect("static regex"));
static TEMPLATE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:Mẫu|mẫu|MẪU) số:? ?[\w./\-]*\w").expect("static regex"));
static FORM_BEFORE_THEO_MAU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:Tờ khai|Đơn|Phiếu|Văn bản|Giấy đề nghị|Bản khai|Tờ trình|Báo cáo)\b.{0,150}?)\s+theo mẫu\b")
        .expect("static regex")
});

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
            sub_condition = Some((row.section, clean_title(&body)));
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
        match out.notes.last_mut() {
            Some(n) if n.title == title => {
                n.text.push('\n');
                n.text.push_str(&text);
            }
            _ => out.notes.push(Note {
                title,
                text,
                source: "portal".to_string(),
            }),
        }
    }
    // Section titles that are general notes rather than cases.
    for s in &sections {
        if s.kind == SectionKind::Submit
            && s.condition.is_empty()
            && (is_general_note(&s.title)
                || (is_intro(&s.title) && s.title.split_whitespace().count() > 4))
        {
            out.notes.insert(
                0,
                Note {
                    title: NOTES_TITLE.to_string(),
                    text: s.title.clone(),
                    source: "portal".to_string(),
                },
            );
        }
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

fn join_conditions(a: &str, b: &str) -> String {
    match (a.trim(), b.trim()) {
        ("", b) => clean::capitalize(b),
        (a, "") => a.to_string(),
        (a, b) if a.ends_with(['.', ';']) => format!("{a} {}", clean::capitalize(b)),
        (a, b) => format!("{a}; {}", clean::capitalize(b)),
    }
}

/// Turn one row into its checklist item(s): one per form when the portal
/// asks for both originals and copies.
fn build_items(
    body: &str,
    templates: Vec<String>,
    row: &Row,
    sec: &Section,
    condition: &str,
) -> Vec<ChecklistItem> {
    let (name, own_condition) = split_condition(body);
    let (name, count_wording) = match TRAILING_COUNT.captures(&name) {
        Some(c) => (
            name[..c.get(0).map_or(name.len(), |m| m.start())]
                .trim()
                .to_string(),
            c.get(1).map_or(String::new(), |m| m.as_str().to_string()),
        ),
        None => (name, String::new()),
    };
    let name = if name.is_empty() {
        // Only a template file was given: it names the document.
        templates.first().cloned().unwrap_or_default()
    } else {
        let n = clean::trim_cell(&name);
        let n = if n.ends_with('.') && !n.ends_with("..") {
            &n[..n.len() - 1]
        } else {
            n
        };
        clean::capitalize(clean::trim_cell(n))
    };
    let template = if templates.is_empty() {
        template_from_name(&name)
    } else {
        templates.join("; ")
    };
    let citations: Vec<LegalRef> = docnum::find_all(body)
        .into_iter()
        .map(|n| LegalRef {
            document_number: n,
            article: None,
            title: String::new(),
        })
        .collect();
    let condition = join_conditions(condition, &own_condition);
    let wording = fold_accents(&format!("{name} {count_wording}").to_lowercase());
    let copy_form = if [
        "ban chup",
        "photo",
        "khong can chung thuc",
        "khong chung thuc",
        "ban sao dien tu",
    ]
    .iter()
    .any(|w| wording.contains(w))
    {
        DocumentForm::Copy
    } else {
        DocumentForm::CertifiedCopy
    };
    let named_copy = wording.starts_with("ban sao") || wording.starts_with("ban chup");
    let item = |quantity: u32, form: DocumentForm| ChecklistItem {
        name: name.clone(),
        quantity,
        form,
        kind: if sec.kind == SectionKind::Show {
            ChecklistKind::Show
        } else {
            ChecklistKind::Submit
        },
        condition: condition.clone(),
        template: template.clone(),
        citations: citations.clone(),
    };
    if sec.kind == SectionKind::Show {
        return vec![item(row.originals.max(row.copies), DocumentForm::Shown)];
    }
    match (row.originals, row.copies) {
        (0, 0) => vec![item(0, DocumentForm::Unspecified)],
        (o, 0) if named_copy => vec![item(o, copy_form)],
        (o, 0) => vec![item(o, DocumentForm::Original)],
        (0, c) => vec![item(c, copy_form)],
        (o, c) => vec![item(o, DocumentForm::Original), item(c, copy_form)],
    }
}

/// Markers of a condition embedded in an item's text, in the order tried.
const INLINE_CONDITIONS: &[&str] = &[
    " trong trường hợp ",
    "; trường hợp ",
    ". trường hợp ",
    ", trường hợp ",
    " đối với trường hợp ",
    "; nếu ",
    " (nếu có)",
    " nếu có",
];
const PAREN_CONDITIONS: &[&str] = &[
    "(trong trường hợp ",
    "(trường hợp ",
    "(nếu ",
    "(đối với trường hợp ",
];
const LEADING_CONDITIONS: &[&str] = &["trường hợp ", "nếu ", "đối với ", "khi "];
/// Where a leading case ends and the document begins.
const LEADING_SEPARATORS: &[&str] = &[
    " thì ",
    ": ",
    " phải có ",
    " phải nộp ",
    " phải bổ sung ",
    " cần có ",
];

/// Split "the document" from "when it is needed".
fn split_condition(body: &str) -> (String, String) {
    let lower = body.to_lowercase();
    // Lower-casing Vietnamese keeps byte offsets only if lengths match.
    let offsets_ok = lower.len() == body.len();

    // "Trường hợp trẻ em bị bỏ rơi thì phải có biên bản …",
    // "Trường hợp gộp sổ BHXH: Tờ khai …", "Trường hợp X phải có Y".
    if offsets_ok && LEADING_CONDITIONS.iter().any(|p| lower.starts_with(p)) {
        let cut = LEADING_SEPARATORS
            .iter()
            .filter_map(|sep| lower.find(sep).map(|i| (i, sep.len())))
            .min_by_key(|x| x.0);
        if let Some((cut, sep)) = cut {
            let rest = strip_verb(&body[cut + sep..]);
            if !rest.to_lowercase().starts_with("không") && rest.split_whitespace().count() >= 2 {
                return (
                    clean::capitalize(rest.trim()),
                    body[..cut].trim_end_matches(',').trim().to_string(),
                );
            }
        }
        return (body.to_string(), String::new());
    }
    if !offsets_ok {
        return (body.to_string(), String::new());
    }
    // "Chứng thư giám định (trường hợp hàng hóa vận chuyển …)"
    let paren = PAREN_CONDITIONS
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, *m)))
        .min_by_key(|x| x.0);
    let inline = INLINE_CONDITIONS
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, *m)))
        .min_by_key(|x| x.0);
    let use_paren = match (paren, inline) {
        (Some(p), Some(i)) => p.0 < i.0 && !i.1.contains("nếu có"),
        (Some(_), None) => true,
        _ => false,
    };
    if use_paren {
        let (at, _) = paren.expect("checked above");
        if let Some(close) = matching_paren(body, at) {
            let name = format!("{} {}", body[..at].trim(), body[close + 1..].trim());
            let name = clean::trim_cell(name.trim()).to_string();
            if name.split_whitespace().count() >= 2 {
                let inner = body[at + 1..close].trim();
                let inner = inner.strip_prefix("trong ").unwrap_or(inner);
                return (name, clean::capitalize(inner));
            }
        }
    }
    if let Some((at, marker)) = inline {
        let name = clean::trim_cell(body[..at].trim()).to_string();
        if name.split_whitespace().count() >= 2 {
            let cond = if marker.contains("nếu có") {
                "Nếu có".to_string()
            } else {
                let c = body[at..].trim_start_matches([' ', ';', '.', ',']);
                let c = c.strip_prefix("trong ").unwrap_or(c);
                clean::capitalize(c.trim())
            };
            let rest_after = if marker.contains("nếu có") {
                body[at + marker.len()..].trim()
            } else {
                ""
            };
            let name = if rest_after.is_empty() || rest_after.chars().all(|c| ";.,".contains(c)) {
                name
            } else {
                format!("{name} {rest_after}")
            };
            return (name, cond);
        }
    }
    (body.to_string(), String::new())
}

fn strip_verb(s: &str) -> &str {
    const VERBS: &[&str] = &[
        "phải có ",
        "phải nộp ",
        "phải bổ sung ",
        "phải xuất trình ",
        "cần có ",
        "nộp thêm ",
        "nộp ",
        "bổ sung ",
        "xuất trình ",
        "có thêm ",
        "kèm theo ",
        "gửi kèm ",
        "phải ",
        "có ",
    ];
    let t = s.trim_start();
    VERBS.iter().find_map(|v| t.strip_prefix(v)).unwrap_or(t)
}

/// Byte index of the `)` closing the `(` at byte `open`.
fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A form template named in the document's own text.
fn template_from_name(name: &str) -> String {
    if let Some(c) = TEMPLATE_IN_PARENS.captures(name) {
        return clean::capitalize(c[1].trim());
    }
    if let Some(c) = TEMPLATE_AFTER_THEO.captures(name) {
        return clean::trim_cell(&c[1]).to_string();
    }
    if let Some(m) = TEMPLATE_NUMBER.find(name) {
        return clean::capitalize(m.as_str());
    }
    if let Some(c) = FORM_BEFORE_THEO_MAU.captures(name) {
        return c[1].trim().to_string();
    }
    String::new()
}

/// Prefixes that start a template file name (folded, lower case).
const TEMPLATE_PREFIXES: &[&str] = &[
    "mau",
    "mu",
    "phu luc",
    "pl",
    "tk",
    "to khai",
    "don",
    "bieu mau",
    "phieu",
    "ban khai",
    "van ban",
    "giay",
    "danh",
    "form",
    "bm",
    "tthc",
    "quyet dinh",
    "bao cao",
    "hop dong",
    "ke hoach",
    "de nghi",
    "so yeu",
    "ly lich",
    "thong bao",
    "to trinh",
];

/// Split the template file names (`Mẫu DC02 ….doc`, possibly several) off the
/// end of a row. Returns the name part and the templates without extension.
fn split_templates(row: &str) -> (String, Vec<String>) {
    let mut text = clean::line(row);
    let mut templates = Vec::new();
    while let Some(ext) = TEMPLATE_EXT.find(&text) {
        let start = template_start(&text[..ext.start()]);
        let file = text[start..ext.start()]
            .trim()
            .trim_start_matches('.')
            .trim()
            .to_string();
        text.truncate(start);
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
        if is_readable_template(&file) {
            templates.insert(0, file);
        }
        if start == 0 {
            break;
        }
    }
    (text, templates)
}

/// Where the template file name ending at `before.len()` starts.
fn template_start(before: &str) -> usize {
    let chars: Vec<(usize, char)> = before.char_indices().collect();
    let min_byte = before.len().saturating_sub(160);
    let mut fallback = None;
    let mut separated = None;
    for k in (1..chars.len()).rev() {
        let (at, c) = chars[k];
        if at < min_byte {
            break;
        }
        let prev = chars[k - 1].1;
        let next = chars.get(k + 1).map(|x| x.1);
        let boundary = !c.is_whitespace()
            && (".;)".contains(prev)
                || ((prev.is_lowercase() || prev.is_ascii_digit()) && c.is_uppercase())
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(char::is_lowercase)));
        if !boundary {
            continue;
        }
        if ends_with_extension(&before[..at]) {
            // Right after another file name: certainly a boundary.
            return at;
        }
        let head: String = before[at..].chars().take(12).collect();
        let folded = fold_accents(&head.to_lowercase());
        if TEMPLATE_PREFIXES.iter().any(|p| folded.starts_with(p)) {
            return at;
        }
        // Without a telling prefix, a list separator is the likeliest start.
        if ";)".contains(prev) {
            separated.get_or_insert(at);
        }
        fallback.get_or_insert(at);
    }
    separated.or(fallback).unwrap_or(0)
}

fn ends_with_extension(s: &str) -> bool {
    let tail: String = s
        .trim_end()
        .chars()
        .rev()
        .take(5)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.to_lowercase();
    [".docx", ".doc", ".pdf", ".xlsx", ".xls"]
        .iter()
        .any(|e| tail.ends_with(e))
}

/// A file name worth showing as a template: words, or a form code. Names the
/// upload stripped of every accented letter ("nxinnhnconnui" for "Đơn xin
/// nhận con nuôi") are dropped.
fn is_readable_template(file: &str) -> bool {
    let folded = fold_accents(&file.to_lowercase());
    !file.is_empty()
        && (file.contains(' ') || TEMPLATE_PREFIXES.iter().any(|p| folded.starts_with(p)))
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
    fn template_files_are_split_off() {
        let (name, t) = split_templates("Phiếu đề nghị (Mẫu DC02 ban hành kèm theo Thông tư số 17/2024/TT-BCA)Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước.doc");
        assert_eq!(
            name,
            "Phiếu đề nghị (Mẫu DC02 ban hành kèm theo Thông tư số 17/2024/TT-BCA)"
        );
        assert_eq!(t, ["Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước"]);
        let (_, t) =
            split_templates("Văn bản đề nghị cấp lại hoặc hiệu đínhMẫu I.1.17.docxMẫu I.1.18.docx");
        assert_eq!(t, ["Mẫu I.1.17", "Mẫu I.1.18"]);
        let (name, t) = split_templates(
            "- Danh mục hồ sơ theo Phụ lục VIb Nghị định số 06/2021/NĐ-CPDanhmuchoso.docx",
        );
        assert_eq!(
            name,
            "- Danh mục hồ sơ theo Phụ lục VIb Nghị định số 06/2021/NĐ-CP"
        );
        assert_eq!(t, ["Danhmuchoso"]);
        let (_, t) = split_templates("Biên bản (Mẫu số 08) của Công an cấp huyện;Mẫu 08.TT41.doc");
        assert_eq!(t, ["Mẫu 08.TT41"]);
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
