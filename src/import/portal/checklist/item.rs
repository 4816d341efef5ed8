//! One checklist row → its item(s): the document's name split from the case
//! it applies to, its form (original, copy, shown), quantity, template and
//! the document numbers its own text cites.

use std::sync::LazyLock;

use regex::Regex;

use super::{Row, Section, SectionKind};
use crate::corpus::{docnum, ChecklistItem, ChecklistKind, DocumentForm, LegalRef};
use crate::import::portal::clean;
use crate::text::fold_accents;

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

pub(super) fn join_conditions(a: &str, b: &str) -> String {
    match (a.trim(), b.trim()) {
        ("", b) => clean::capitalize(b),
        (a, "") => a.to_string(),
        (a, b) if a.ends_with(['.', ';']) => format!("{a} {}", clean::capitalize(b)),
        (a, b) => format!("{a}; {}", clean::capitalize(b)),
    }
}

/// Turn one row into its checklist item(s): one per form when the portal
/// asks for both originals and copies.
pub(super) fn build_items(
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

pub(super) const LEADING_CONDITIONS: &[&str] = &["trường hợp ", "nếu ", "đối với ", "khi "];

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
pub(super) fn split_condition(body: &str) -> (String, String) {
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
