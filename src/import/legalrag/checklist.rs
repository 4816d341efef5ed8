//! Parsing a sheet's "Thành phần, số lượng hồ sơ" section into checklist items.
//!
//! The sections are light Markdown: bold headings ("**B. GIẤY TỜ PHẢI
//! NỘP:**", "**C. GIẤY TỜ PHẢI XUẤT TRÌNH:**", "**D. CÁC LƯU Ý…**") over
//! numbered or dashed lists; indented sub-items belong to the item above.
//! Without headings, the intro sentence says whether papers are submitted or
//! shown ("Người yêu cầu cần xuất trình:"). Notes ("Lưu ý") are not items.
//!
//! Per item: the text without Markdown becomes the name; a parenthesized
//! "(trường hợp …)", "(nếu …)", "(đối với …)" and a bold lead-in such as
//! "**Đối với giám hộ cử:**" become the condition; "… theo mẫu" names the
//! template. The sheets rarely say whether a paper is an original or a copy,
//! so the form is `Unspecified` unless the text starts with "Bản sao",
//! "Bản chụp" or "Bản chính".

use crate::corpus::{ChecklistItem, ChecklistKind, DocumentForm};
use crate::text::{fold_accents, squash_ws};

/// Where the parser is in the section.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Items(ChecklistKind),
    /// Notes and anything else that is not a list of papers.
    Skip,
}

/// Words a condition starts with (accent-folded, lower case).
const CONDITION_STARTS: &[&str] = &[
    "truong hop",
    "trong truong hop",
    "neu",
    "doi voi",
    "khi",
    "ap dung",
];

/// Words a document's name starts with: a bold lead-in starting with one is
/// the document itself, not a condition.
const DOCUMENT_STARTS: &[&str] = &[
    "giay",
    "ban",
    "van ban",
    "to khai",
    "don",
    "ho chieu",
    "the",
    "bien ban",
    "quyet dinh",
    "trich luc",
    "du thao",
    "hop dong",
    "chung cu",
    "phieu",
    "so",
    "anh",
    "hai anh",
    "mau",
];

/// Build checklist items from the text of a sheet's checklist section.
pub fn checklist_from_section(text: &str) -> Vec<ChecklistItem> {
    let mut items: Vec<ChecklistItem> = Vec::new();
    let mut mode = Mode::Items(ChecklistKind::Submit);
    let mut seen_heading = false;
    // "Hồ sơ của người nhận con nuôi": whose papers the items below are.
    let mut group = String::new();
    // Indentation of the current top-level item, while one is open.
    let mut open_indent: Option<usize> = None;
    for raw in text.lines() {
        if raw.trim().is_empty() {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if let Some(body) = list_body(line) {
            match (mode, open_indent) {
                (Mode::Items(_), Some(parent)) if indent > parent => {
                    // A sub-item: part of the item above.
                    if let Some(last) = items.last_mut() {
                        let sub = trim_end_punct(&strip_markdown(body));
                        last.name = if last.name.is_empty() {
                            sub
                        } else {
                            let sep = if last.name.ends_with(':') { " " } else { "; " };
                            format!("{}{sep}{sub}", last.name)
                        };
                    }
                }
                (Mode::Items(kind), _) => {
                    if let Some(mut item) = parse_item(body, kind) {
                        if !group.is_empty() {
                            item.condition = match item.condition.is_empty() {
                                true => group.clone(),
                                false => format!("{group}; {}", item.condition),
                            };
                        }
                        items.push(item);
                        open_indent = Some(indent);
                    }
                }
                (Mode::Skip, _) => {}
            }
            continue;
        }
        open_indent = None;
        let folded = fold_accents(&strip_markdown(line)).to_lowercase();
        if line.starts_with("**") {
            seen_heading = true;
            mode = heading_mode(&folded);
            group = if folded.contains("ho so cua") {
                group_label(&strip_markdown(line))
            } else {
                String::new()
            };
        } else if !seen_heading && items.is_empty() {
            // The intro sentence: "Người yêu cầu cần xuất trình:".
            if folded.contains("xuat trinh") && !folded.contains("nop") {
                mode = Mode::Items(ChecklistKind::Show);
            }
        }
    }
    // A lead-in whose sub-items never came has no document.
    items.retain(|i| !i.name.is_empty());
    if items.is_empty() {
        items.extend(single_sentence_item(text));
    }
    items
}

/// "A. HỒ SƠ CỦA NGƯỜI NHẬN CON NUÔI (02 BỘ):" → "Hồ sơ của người nhận con nuôi".
fn group_label(heading: &str) -> String {
    let mut label = heading.trim().trim_end_matches(':').trim();
    // Drop the "A. " enumeration.
    if let Some((head, rest)) = label.split_once(". ") {
        if head.chars().count() <= 2 && head.chars().all(char::is_alphanumeric) {
            label = rest;
        }
    }
    // Drop a trailing "(02 BỘ)".
    if let Some(open) = label.rfind(" (") {
        label = &label[..open];
    }
    capitalize(&label.to_lowercase())
}

/// A section without any list, e.g. "Người yêu cầu chứng thực chỉ cần xuất
/// trình bản chính hoặc bản sao có chứng thực giấy tờ tùy thân…": the words
/// after "xuất trình" are one `Show` item.
fn single_sentence_item(text: &str) -> Option<ChecklistItem> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let folded: Vec<String> = words
        .iter()
        .map(|w| fold_accents(w).to_lowercase())
        .collect();
    let at = folded
        .windows(2)
        .position(|w| w[0] == "xuat" && w[1] == "trinh")?;
    let rest = words[at + 2..].join(" ");
    let rest = strip_markdown(rest.trim_start_matches(':'));
    let name = capitalize(&trim_end_punct(&rest));
    if name.is_empty() {
        return None;
    }
    let folded_name = fold_accents(&name).to_lowercase();
    Some(ChecklistItem {
        quantity: 1,
        form: form(&folded_name),
        kind: ChecklistKind::Show,
        condition: String::new(),
        template: String::new(),
        citations: Vec::new(),
        name,
    })
}

fn heading_mode(folded: &str) -> Mode {
    if folded.contains("luu y") {
        Mode::Skip
    } else if folded.contains("xuat trinh") {
        Mode::Items(ChecklistKind::Show)
    } else if folded.contains("nop")
        || folded.contains("mau ke khai")
        || folded.contains("ho so")
        || folded.contains("giay to")
    {
        Mode::Items(ChecklistKind::Submit)
    } else {
        Mode::Skip
    }
}

/// The text of a list line ("1. …", "- …", "* …"), or `None`.
fn list_body(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some(rest.trim());
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim());
        }
    }
    None
}

fn parse_item(body: &str, kind: ChecklistKind) -> Option<ChecklistItem> {
    let mut conditions: Vec<String> = Vec::new();
    let mut rest = body.trim();

    // A bold lead-in ending with a colon: "**Đối với giám hộ cử:** Văn bản…".
    if let Some(after) = rest.strip_prefix("**") {
        if let Some(end) = after.find("**") {
            let label = after[..end].trim();
            let tail = after[end + 2..].trim();
            if let Some(label) = label.strip_suffix(':') {
                let folded = fold_accents(label).to_lowercase();
                if !starts_with_any(&folded, DOCUMENT_STARTS) {
                    // With no text after it, the sub-items below are the documents.
                    conditions.push(label.trim().to_string());
                    rest = tail;
                }
            }
        }
    }
    let mut name = strip_markdown(rest);

    // Parenthesized conditions: "(trường hợp ủy quyền)", "(nếu có)".
    let mut kept = String::with_capacity(name.len());
    let mut scan = name.as_str();
    while let Some(open) = scan.find('(') {
        let Some(close_rel) = scan[open..].find(')') else {
            break;
        };
        let close = open + close_rel;
        let inner = scan[open + 1..close].trim();
        let folded = fold_accents(inner).to_lowercase();
        kept.push_str(&scan[..open]);
        if starts_with_any(&folded, CONDITION_STARTS) {
            conditions.push(inner.to_string());
        } else {
            kept.push_str(&scan[open..=close]);
        }
        scan = &scan[close + 1..];
    }
    kept.push_str(scan);
    name = trim_end_punct(&squash_ws(&kept).replace(" .", ".").replace(" ,", ","));

    // "Nếu không có giấy tờ trên, phải nộp bản sao …": condition first.
    let folded = fold_accents(&name).to_lowercase();
    if folded.starts_with("neu ") {
        if let Some(comma) = name.find(", ") {
            let cond = name[..comma].to_string();
            let mut tail = name[comma + 2..].trim().to_string();
            for verb in ["phải nộp ", "nộp ", "phải xuất trình ", "xuất trình "] {
                if let Some(t) = tail.strip_prefix(verb) {
                    tail = t.to_string();
                    break;
                }
            }
            if !tail.is_empty() {
                conditions.push(cond);
                name = capitalize(&tail);
            }
        }
    }
    // "Văn bản ủy quyền (được chứng thực) nếu có".
    if let Some(head) = name.strip_suffix(" nếu có") {
        conditions.push("nếu có".to_string());
        name = trim_end_punct(head.trim_end_matches(','));
    }
    if name.is_empty() && conditions.is_empty() {
        return None;
    }

    let folded = fold_accents(&name).to_lowercase();
    let template = match name.find(" theo mẫu") {
        Some(i) => name[..i].trim().to_string(),
        None => String::new(),
    };
    Some(ChecklistItem {
        quantity: quantity(&folded),
        form: form(&folded),
        kind,
        condition: conditions.join("; "),
        template,
        citations: Vec::new(),
        name,
    })
}

fn form(folded: &str) -> DocumentForm {
    if folded.starts_with("ban chinh hoac") {
        DocumentForm::Unspecified
    } else if folded.starts_with("ban sao") {
        DocumentForm::CertifiedCopy
    } else if folded.starts_with("ban chup") {
        DocumentForm::Copy
    } else if folded.starts_with("ban chinh") {
        DocumentForm::Original
    } else {
        DocumentForm::Unspecified
    }
}

/// "Hai ảnh …" → 2; "02 ảnh …" → 2; otherwise 1.
fn quantity(folded: &str) -> u32 {
    let first = folded.split(' ').next().unwrap_or("");
    match first {
        "hai" => 2,
        "ba" => 3,
        "bon" => 4,
        n if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
            n.parse().ok().filter(|&q| q > 0 && q < 100).unwrap_or(1)
        }
        _ => 1,
    }
}

fn starts_with_any(folded: &str, starts: &[&str]) -> bool {
    starts.iter().any(|s| {
        folded
            .strip_prefix(s)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', ':']))
    })
}

/// Remove Markdown emphasis and collapse whitespace.
fn strip_markdown(s: &str) -> String {
    squash_ws(&s.replace("**", "").replace('*', " "))
}

/// Drop one final period or semicolon, but keep an ellipsis ("Thẻ căn cước...").
fn trim_end_punct(s: &str) -> String {
    let s = s.trim_end();
    if s.ends_with("...") || s.ends_with('…') {
        return s.to_string();
    }
    s.strip_suffix(['.', ';'])
        .unwrap_or(s)
        .trim_end()
        .to_string()
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_set_the_kind_and_notes_are_skipped() {
        let text = "Intro, bao gồm:\n\n**B. GIẤY TỜ PHẢI NỘP:**\n1. Giấy chứng sinh.\n\n\
                    **C. GIẤY TỜ PHẢI XUẤT TRÌNH:**\n1. Giấy tờ tùy thân.\n\n\
                    **D. CÁC LƯU Ý QUAN TRỌNG:**\n- **Cam đoan:** không phải giấy tờ.";
        let items = checklist_from_section(text);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].kind, ChecklistKind::Submit);
        assert_eq!(items[1].kind, ChecklistKind::Show);
    }

    #[test]
    fn bold_lead_in_is_a_condition_unless_it_names_a_document() {
        let items = checklist_from_section(
            "1. **Đối với giám hộ cử:** Văn bản cử người giám hộ.\n\
             2. **Bản chính bằng cấp ngoại ngữ:** Bằng cử nhân ngoại ngữ.",
        );
        assert_eq!(items[0].condition, "Đối với giám hộ cử");
        assert_eq!(items[0].name, "Văn bản cử người giám hộ");
        assert_eq!(items[1].condition, "");
        assert!(items[1].name.starts_with("Bản chính bằng cấp ngoại ngữ:"));
        assert_eq!(items[1].form, DocumentForm::Original);
    }

    #[test]
    fn intro_without_headings_says_show() {
        let items =
            checklist_from_section("Người yêu cầu cần xuất trình:\n1.  **Bản chính giấy tờ**.");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ChecklistKind::Show);
        assert_eq!(items[0].name, "Bản chính giấy tờ");
    }

    #[test]
    fn sub_items_join_their_parent() {
        let items = checklist_from_section(
            "- Chứng cứ, gồm một trong hai loại sau:\n  1. Văn bản y tế.\n  2. Văn bản cam đoan.\n- Tờ khai theo mẫu.",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].name,
            "Chứng cứ, gồm một trong hai loại sau: Văn bản y tế; Văn bản cam đoan"
        );
        assert_eq!(items[1].template, "Tờ khai");
    }

    #[test]
    fn a_lead_in_over_sub_items_is_their_condition() {
        let items = checklist_from_section(
            "1. **Đối với việc khai sinh:**\n   - Giấy chứng sinh.\n   - Nếu trẻ sinh ra ở nước ngoài: giấy tờ tương đương.\n2. Văn bản ủy quyền (được chứng thực) nếu có.",
        );
        assert_eq!(items.len(), 2, "{items:#?}");
        assert_eq!(items[0].condition, "Đối với việc khai sinh");
        assert_eq!(
            items[0].name,
            "Giấy chứng sinh; Nếu trẻ sinh ra ở nước ngoài: giấy tờ tương đương"
        );
        assert_eq!(items[1].name, "Văn bản ủy quyền (được chứng thực)");
        assert_eq!(items[1].condition, "nếu có");
    }

    #[test]
    fn whose_dossier_a_heading_names_is_kept_as_the_condition() {
        let items = checklist_from_section(
            "**A. HỒ SƠ CỦA NGƯỜI NHẬN CON NUÔI:**\n1. Giấy khám sức khỏe.\n\n\
             **B. HỒ SƠ CỦA TRẺ EM ĐƯỢC NHẬN LÀM CON NUÔI (03 BỘ):**\n1. Giấy khám sức khỏe.",
        );
        assert_eq!(items[0].condition, "Hồ sơ của người nhận con nuôi");
        assert_eq!(
            items[1].condition,
            "Hồ sơ của trẻ em được nhận làm con nuôi"
        );
    }

    #[test]
    fn leading_if_clause_becomes_the_condition() {
        let items = checklist_from_section(
            "- Nếu không có bản sao Giấy chứng nhận kết hôn, phải nộp bản sao hồ sơ cá nhân.",
        );
        assert_eq!(
            items[0].condition,
            "Nếu không có bản sao Giấy chứng nhận kết hôn"
        );
        assert_eq!(items[0].name, "Bản sao hồ sơ cá nhân");
        assert_eq!(items[0].form, DocumentForm::CertifiedCopy);
    }

    #[test]
    fn a_single_sentence_section_is_one_show_item() {
        let items = checklist_from_section(
            "Người yêu cầu chứng thực chỉ cần xuất trình bản chính giấy tờ tùy thân còn giá trị sử dụng.",
        );
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ChecklistKind::Show);
        assert_eq!(
            items[0].name,
            "Bản chính giấy tờ tùy thân còn giá trị sử dụng"
        );
        assert_eq!(items[0].form, DocumentForm::Original);
    }

    #[test]
    fn numbers_of_copies() {
        let items = checklist_from_section("3. Hai ảnh toàn thân, nhìn thẳng.");
        assert_eq!(items[0].quantity, 2);
    }
}
