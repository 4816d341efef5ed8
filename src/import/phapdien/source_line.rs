//! The source line under each Pháp điển article, which names the original
//! document and article:
//!
//! ```text
//! (Điều 16 Luật số 60/2014/QH13 Hộ tịch ngày 20/11/2014 của Quốc hội, có hiệu lực thi hành kể từ ngày 01/01/2016 )
//! (Điều 1 Nghị định số 123/2015/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/01/2016, có nội dung được sửa đổi, có nội dung được bổ sung bởi Điều 2 Nghị định số 07/2025/NĐ-CP có hiệu lực thi hành kể từ ngày 09/01/2025)
//! ```
//!
//! The title, date and issuer are only printed the first time a topic cites
//! a document; later lines give the number and the effective date.

use crate::corpus::docnum;
use crate::import::laws::scan::{date_at, find_date_after, strip_prefix_ci};

/// Document types, longest first so that "Thông tư liên tịch" wins over
/// "Thông tư".
const TYPES: &[&str] = &[
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Thông tư",
    "Quyết định",
    "Pháp lệnh",
    "Bộ luật",
    "Luật",
];

/// What a source line says.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SourceLine {
    /// Article number in the original document ("16", "10a").
    pub article: String,
    pub doc_type: String,
    /// Canonical number of the original document.
    pub number: String,
    /// Title as printed after the number ("Hộ tịch", "Quy định về …").
    pub title: Option<String>,
    pub issued: Option<String>,
    pub issuer: Option<String>,
    pub effective: Option<String>,
    /// Numbers of the documents that amended this article.
    pub amended_by: Vec<String>,
}

/// Parse a source line, or `None` if `line` is not one.
pub(crate) fn parse_source_line(line: &str) -> Option<SourceLine> {
    let inner = line.strip_prefix('(')?.trim_end();
    let inner = inner.strip_suffix(')').unwrap_or(inner).trim();
    let rest = inner.strip_prefix("Điều ")?;
    let (article, rest) = rest.split_once(' ')?;
    if !article.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let doc_type = TYPES.iter().find(|t| rest.starts_with(*t))?;
    let rest = rest[doc_type.len()..].trim_start();
    let rest = strip_prefix_ci(rest, "số ").unwrap_or(rest).trim_start();
    let end = rest.find([' ', ',']).unwrap_or(rest.len());
    let number = canonical_number(&rest[..end])?;
    let rest = &rest[end..];

    let (main, amendment) = match rest.find(", có nội dung được") {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let amended_by = match amendment.find("bởi") {
        Some(i) => docnum::find_all(&amendment[i..])
            .into_iter()
            .filter(|n| *n != number)
            .collect(),
        None => Vec::new(),
    };
    let (meta, effective) = match main.find(", có hiệu lực") {
        Some(i) => (&main[..i], find_date_after(&main[i..], "từ ngày")),
        None => (main, None),
    };
    let (title, issued, issuer) = split_meta(meta.trim().trim_start_matches(',').trim());
    Some(SourceLine {
        article: article.to_string(),
        doc_type: doc_type.to_string(),
        number,
        title,
        issued,
        issuer,
        effective,
        amended_by,
    })
}

/// `Hộ tịch ngày 20/11/2014 của Quốc hội` → title, ISO date, issuer. The
/// date that ends the title is the last `ngày dd/mm/yyyy` (titles may cite
/// other documents "ngày 16 tháng 02 năm 2015").
fn split_meta(meta: &str) -> (Option<String>, Option<String>, Option<String>) {
    let non_empty = |s: &str| {
        let s = s.trim().trim_end_matches('.').trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    for (i, _) in meta.rmatch_indices("ngày ") {
        let after = &meta[i + "ngày ".len()..];
        let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        if digits == 0 || !after[digits..].starts_with('/') {
            continue;
        }
        let Some(date) = date_at(after) else { continue };
        let rest = after
            .find(|c: char| !(c.is_ascii_digit() || c == '/'))
            .map_or("", |j| &after[j..]);
        let issuer = rest.trim().strip_prefix("của ").and_then(non_empty);
        return (non_empty(&meta[..i]), Some(date), issuer);
    }
    (non_empty(meta), None, None)
}

/// Canonical form of a number as printed. Numbers with more than three parts
/// ("01/2014/NQLT/CP-UBTƯMTTQVN") keep their tail, upper-cased.
pub(crate) fn canonical_number(raw: &str) -> Option<String> {
    let raw = raw.trim_end_matches(['.', ',', ';', ')']);
    let parts: Vec<&str> = raw.split('/').collect();
    if parts.len() > 3 {
        let head = docnum::canonical(&parts[..3].join("/"))?;
        return Some(format!("{head}/{}", parts[3..].join("/").to_uppercase()));
    }
    docnum::canonical(raw)
}

/// What another document's title says about `number`: "Nghị định số
/// 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ quy định chi tiết
/// … Luật hộ tịch" → (issued, issuer, title starting lower case).
pub(crate) fn mention(text: &str, number: &str) -> Option<(String, String, String)> {
    text.match_indices(number).find_map(|(i, m)| {
        let after = text[i + m.len()..].strip_prefix(" ngày ")?;
        let issued = date_at(after)?;
        let year_end = after.find("năm ")? + "năm ".len() + 4;
        let rest = after.get(year_end..)?.strip_prefix(" của ")?;
        let start = [" quy định", " về ", " hướng dẫn", " ban hành"]
            .iter()
            .filter_map(|k| rest.find(k))
            .min()?;
        let issuer = rest[..start].trim();
        let title = &rest[start + 1..];
        let end = title
            .match_indices(" ngày ")
            .find(|(j, m)| title[j + m.len()..].starts_with(|c: char| c.is_ascii_digit()))
            .map_or(title.len(), |(j, _)| j);
        let title = title[..end].trim_end_matches([',', ';', ')', '.']).trim();
        (!issuer.is_empty() && !title.is_empty())
            .then(|| (issued, issuer.to_string(), title.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_citation_has_title_date_and_issuer() {
        let s = parse_source_line("(Điều 16 Luật số 60/2014/QH13 Hộ tịch ngày 20/11/2014 của Quốc hội, có hiệu lực thi hành kể từ ngày 01/01/2016 )").expect("parses");
        assert_eq!(s.article, "16");
        assert_eq!(s.doc_type, "Luật");
        assert_eq!(s.number, "60/2014/QH13");
        assert_eq!(s.title.as_deref(), Some("Hộ tịch"));
        assert_eq!(s.issued.as_deref(), Some("2014-11-20"));
        assert_eq!(s.issuer.as_deref(), Some("Quốc hội"));
        assert_eq!(s.effective.as_deref(), Some("2016-01-01"));
        assert!(s.amended_by.is_empty());
    }

    #[test]
    fn later_citations_and_amendments() {
        let s = parse_source_line("(Điều 9 Nghị định số 63/2010/NĐ-CP, có hiệu lực thi hành kể từ ngày 14/10/2010, có nội dung được sửa đổi bởi Điều 1 Nghị định số 48/2013/NĐ-CP có hiệu lực thi hành kể từ ngày 01/07/2013; Điều 1 Nghị định số 92/2017/NĐ-CP có hiệu lực thi hành kể từ ngày 25/09/2017)").expect("parses");
        assert_eq!(s.number, "63/2010/NĐ-CP");
        assert_eq!(s.title, None);
        assert_eq!(s.effective.as_deref(), Some("2010-10-14"));
        assert_eq!(s.amended_by, vec!["48/2013/NĐ-CP", "92/2017/NĐ-CP"]);
    }

    #[test]
    fn titles_may_cite_other_dates() {
        let s = parse_source_line("(Điều 1 Thông tư số 01/2020/TT-BTP Quy định chi tiết và hướng dẫn thi hành một số điều của Nghị định số 23/2015/NĐ-CP ngày 16 tháng 02 năm 2015 của Chính phủ về cấp bản sao ngày 03/03/2020 của Bộ Tư pháp, có hiệu lực thi hành kể từ ngày 20/04/2020)").expect("parses");
        assert_eq!(s.doc_type, "Thông tư");
        assert_eq!(
            s.title.as_deref(),
            Some("Quy định chi tiết và hướng dẫn thi hành một số điều của Nghị định số 23/2015/NĐ-CP ngày 16 tháng 02 năm 2015 của Chính phủ về cấp bản sao")
        );
        assert_eq!(s.issued.as_deref(), Some("2020-03-03"));
        assert_eq!(s.issuer.as_deref(), Some("Bộ Tư pháp"));
    }

    #[test]
    fn joint_numbers_keep_their_tail() {
        let s = parse_source_line("(Điều 1 Nghị quyết liên tịch số 01/2014/NQLT/CP-UBTƯMTTQVN Hướng dẫn ngày 18/11/2014 của Chính phủ và Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam, có hiệu lực thi hành kể từ ngày 05/01/2015)").expect("parses");
        assert_eq!(s.doc_type, "Nghị quyết liên tịch");
        assert_eq!(s.number, "01/2014/NQLT/CP-UBTƯMTTQVN");
        assert_eq!(
            s.issuer.as_deref(),
            Some("Chính phủ và Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam")
        );
    }

    #[test]
    fn not_source_lines() {
        assert!(parse_source_line("(Điều này có nội dung liên quan đến Điều 1)").is_none());
        assert!(parse_source_line("1. Luật này quy định").is_none());
    }

    #[test]
    fn mentions_in_other_titles() {
        let text = "Quy định chi tiết thi hành một số điều của Luật hộ tịch và Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật hộ tịch ngày 28/05/2020 của Bộ Tư pháp";
        assert_eq!(
            mention(text, "123/2015/NĐ-CP"),
            Some((
                "2015-11-15".to_string(),
                "Chính phủ".to_string(),
                "quy định chi tiết một số điều và biện pháp thi hành Luật hộ tịch".to_string()
            ))
        );
    }
}
