//! Form template file names (`Mẫu DC02 ….doc`) that the crawl glued to the
//! end of a checklist row, between the document's name and its quantity.

use std::sync::LazyLock;

use regex::Regex;

use crate::import::portal::clean;
use crate::text::fold_accents;

static TEMPLATE_EXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\.(?:docx|doc|pdf|xlsx|xls)\s*$").expect("static regex"));

/// Prefixes that start a template file name (folded, lower case).
pub(super) const TEMPLATE_PREFIXES: &[&str] = &[
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
pub(super) fn split_templates(row: &str) -> (String, Vec<String>) {
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
#[cfg(test)]
mod tests {
    use super::*;

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
}
