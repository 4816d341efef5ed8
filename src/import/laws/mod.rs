//! Import the full texts of laws from `laws-vlc/*.txt` (Vietnamese Law
//! Corpus, Apache-2.0): one plain-text file per law, as promulgated.
//!
//! Each file is a header ([`header`]: number, type, title, date) followed by
//! the body ([`body`]: chapters, sections, articles). The effective date comes
//! from the final articles ("Luật này có hiệu lực thi hành từ ngày …"); the
//! status from a small table of known supersessions.
//!
//! This module only reads: writing the corpus is the caller's job
//! ([`crate::corpus::document_file::write`]). It does not consolidate
//! amendments: the texts are the original ones.

mod body;
mod header;
pub(crate) mod scan;

use std::collections::BTreeMap;
use std::path::Path;

use crate::corpus::{DocumentStatus, LegalDocument};
use crate::error::Error;

pub(crate) use body::{article_key, ArticleKey};

/// Which laws to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LawSet {
    /// The laws a commune one-stop center applies ([`COMMUNE_LAWS`]).
    Commune,
    /// Every law in the folder (national-size corpus).
    All,
}

/// The commune set, by number (files are matched by the number they state,
/// not by file name).
pub const COMMUNE_LAWS: &[(&str, &str)] = &[
    ("60/2014/QH13", "Luật Hộ tịch 2014"),
    ("68/2020/QH14", "Luật Cư trú 2020"),
    ("52/2014/QH13", "Luật Hôn nhân và gia đình 2014"),
    ("52/2010/QH12", "Luật Nuôi con nuôi 2010"),
    ("35/2013/QH13", "Luật Hòa giải ở cơ sở 2013"),
    ("24/2008/QH12", "Luật Quốc tịch Việt Nam 2008"),
    ("97/2015/QH13", "Luật Phí và lệ phí 2015"),
    ("59/2014/QH13", "Luật Căn cước công dân 2014"),
    ("45/2013/QH13", "Luật Đất đai 2013"),
];

/// Laws in laws-vlc that a later law replaced, and the replacing law's
/// number. Source: `../shared/data/SOURCES.md`, row `laws-vlc` ("Luật Căn
/// cước công dân 2014 (superseded by Luật Căn cước 2023), Luật Đất đai 2013
/// (superseded by Luật Đất đai 2024)"); the numbers of the 2023 and 2024
/// laws are the official ones (26/2023/QH15, 31/2024/QH15).
const SUPERSEDED: &[(&str, &str)] = &[
    ("59/2014/QH13", "26/2023/QH15"),
    ("45/2013/QH13", "31/2024/QH15"),
];

/// Official titles of the laws whose text in laws-vlc has no title lines
/// (the files start with the preamble or the session line). Used only when
/// the text gives none.
const TITLES_MISSING_FROM_TEXT: &[(&str, &str)] = &[
    ("06/2003/QH11", "Luật Biên giới quốc gia"),
    (
        "75/2006/QH11",
        "Luật Hiến, lấy, ghép mô, bộ phận cơ thể người và hiến, lấy xác",
    ),
];

/// What an import produced.
#[derive(Debug, Default)]
pub struct LawImport {
    /// Documents sorted by number, one per number.
    pub documents: Vec<LegalDocument>,
    /// Files that could not be used, duplicates, gaps in article numbering.
    pub warnings: Vec<String>,
}

/// Import the laws of `set` from `<data_dir>/laws-vlc/`.
///
/// A file that fails to parse is a warning, not an error; so is a commune law
/// that is not found. Two files with one number keep the one with more
/// articles.
pub fn import_dir(data_dir: &Path, set: LawSet) -> crate::Result<LawImport> {
    let dir = data_dir.join("laws-vlc");
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut files: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") && !name.starts_with("LICENSE") {
            files.push(name);
        }
    }
    files.sort();

    let mut warnings = Vec::new();
    let mut failed = Vec::new();
    let mut by_number: BTreeMap<String, LegalDocument> = BTreeMap::new();
    for name in &files {
        let rel = format!("laws-vlc/{name}");
        let text = match std::fs::read_to_string(dir.join(name)) {
            Ok(text) => text,
            Err(e) => {
                failed.push(format!("{rel}: {e}"));
                continue;
            }
        };
        if set == LawSet::Commune {
            // Read the header only; parse the body of the nine laws alone.
            let peeked = peek_number(&rel, &text);
            if peeked.is_some_and(|n| !COMMUNE_LAWS.iter().any(|(c, _)| *c == n)) {
                continue;
            }
        }
        let parsed = parse_law_reporting(&rel, &text).map_err(|e| e.to_string());
        let (doc, doc_warnings) = match parsed {
            Ok(parsed) => parsed,
            Err(e) => {
                failed.push(e);
                continue;
            }
        };
        let number = doc.header.number.clone();
        if set == LawSet::Commune && !COMMUNE_LAWS.iter().any(|(n, _)| *n == number) {
            continue;
        }
        warnings.extend(doc_warnings);
        match by_number.get(&number) {
            Some(kept) if kept.articles.len() >= doc.articles.len() => warnings.push(format!(
                "{rel}: duplicate number {number}: kept {} ({} articles), dropped this file ({} articles)",
                kept.header.source,
                kept.articles.len(),
                doc.articles.len()
            )),
            Some(kept) => {
                warnings.push(format!(
                    "{rel}: duplicate number {number}: kept this file ({} articles), dropped {} ({} articles)",
                    doc.articles.len(),
                    kept.header.source,
                    kept.articles.len()
                ));
                by_number.insert(number, doc);
            }
            None => {
                by_number.insert(number, doc);
            }
        }
    }
    match set {
        LawSet::All => warnings.extend(failed),
        LawSet::Commune => {
            for (number, name) in COMMUNE_LAWS {
                if !by_number.contains_key(*number) {
                    warnings.push(format!(
                        "commune law {name} ({number}) not found in {} (files that failed to parse: {})",
                        dir.display(),
                        if failed.is_empty() { "none".to_string() } else { failed.join("; ") }
                    ));
                }
            }
        }
    }
    Ok(LawImport {
        documents: by_number.into_values().collect(),
        warnings,
    })
}

/// The number a law text states, from its first lines only; `None` when the
/// header is longer than that or states none.
fn peek_number(rel_path: &str, text: &str) -> Option<String> {
    /// Headers are under 20 lines; the longest preambles reach about 30.
    const HEADER_LINES: usize = 40;
    let lines: Vec<String> = text
        .lines()
        .take(HEADER_LINES)
        .map(|l| scan::clean_line(&scan::to_nfc(l)))
        .filter(|l| !l.is_empty())
        .collect();
    let start = body::body_start(&lines)?;
    header::parse_header(&lines[..start])
        .number
        .or_else(|| number_from_file_name(rel_path))
}

/// Parse one law text. `rel_path` (e.g. `laws-vlc/Luat-Ho-tich-2014-259727.txt`)
/// names the file in errors and in the document's `source`.
pub fn parse_law(rel_path: &str, text: &str) -> crate::Result<LegalDocument> {
    parse_law_reporting(rel_path, text).map(|(doc, _)| doc)
}

/// [`parse_law`], with the warnings about this file.
fn parse_law_reporting(rel_path: &str, text: &str) -> crate::Result<(LegalDocument, Vec<String>)> {
    let fail = |msg: &str| Error::Import(format!("{rel_path}: {msg}"));
    let text = scan::to_nfc(text);
    let lines: Vec<String> = text
        .lines()
        .map(scan::clean_line)
        .filter(|l| !l.is_empty())
        .collect();
    let start = body::body_start(&lines).ok_or_else(|| fail("no chapter or article heading"))?;
    let head = header::parse_header(&lines[..start]);
    let mut warnings = Vec::new();

    let number = match head.number {
        Some(n) => n,
        None => {
            let n = number_from_file_name(rel_path)
                .ok_or_else(|| fail("no document number in the text or the file name"))?;
            warnings.push(format!(
                "{rel_path}: no document number in the text; took {n} from the file name"
            ));
            n
        }
    };
    let title = match &head.name {
        Some(name) => header::law_title(&head.doc_type, name),
        None => match TITLES_MISSING_FROM_TEXT.iter().find(|(n, _)| *n == number) {
            Some((_, title)) => title.to_string(),
            None => {
                warnings.push(format!("{rel_path}: no title in the text"));
                format!("{} số {number}", head.doc_type)
            }
        },
    };

    let body = body::parse_body(&lines[start..]);
    if body.articles.is_empty() {
        return Err(fail("no articles"));
    }
    if !body.missing.is_empty() {
        warnings.push(format!(
            "{rel_path}: articles {} have no heading in the source (their text is in the article before)",
            ranges(&body.missing)
        ));
    }
    let empty: Vec<&str> = body
        .articles
        .iter()
        .filter(|a| a.text.is_empty())
        .map(|a| a.number.as_str())
        .collect();
    if !empty.is_empty() {
        warnings.push(format!(
            "{rel_path}: articles without text: {}",
            empty.join(", ")
        ));
    }

    let issued = head
        .issued
        .or_else(|| scan::find_date_after(&lines.join("\n"), "thông qua ngày"))
        .unwrap_or_default();
    let effective = effective_date(&lines[start..]).unwrap_or_default();
    let superseded_by = SUPERSEDED
        .iter()
        .find(|(old, _)| *old == number)
        .map(|(_, new)| new.to_string())
        .unwrap_or_default();
    let status = if superseded_by.is_empty() {
        DocumentStatus::InForce
    } else {
        DocumentStatus::Superseded
    };

    let doc = LegalDocument {
        header: crate::corpus::DocumentHeader {
            number,
            doc_type: head.doc_type,
            title,
            issuer: "Quốc hội".to_string(),
            issued,
            effective,
            status,
            amended_by: Vec::new(),
            superseded_by,
            partial: false,
            source: format!("{rel_path} (Vietnamese Law Corpus, Apache-2.0)"),
        },
        articles: body.articles,
    };
    Ok((doc, warnings))
}

/// "Luật này có hiệu lực thi hành (kể) từ ngày 01 tháng 01 năm 2016".
fn effective_date(lines: &[String]) -> Option<String> {
    lines.iter().find_map(|line| {
        let lower = line.to_lowercase();
        lower
            .match_indices("luật này có hiệu lực")
            .find_map(|(i, m)| {
                let after = &lower[i + m.len()..];
                let window_end = after.char_indices().nth(40).map_or(after.len(), |(j, _)| j);
                let j = after[..window_end].find("từ ngày")?;
                scan::date_at(&after[j + "từ ngày".len()..])
            })
    })
}

/// `…-Bien-gioi-Quoc-gia-2003-06-2003-QH11-51044.txt` → `06/2003/QH11`.
fn number_from_file_name(rel_path: &str) -> Option<String> {
    let stem = Path::new(rel_path).file_stem()?.to_str()?;
    let parts: Vec<&str> = stem.split('-').collect();
    parts.windows(3).find_map(|w| {
        let ok = w[0].chars().all(|c| c.is_ascii_digit())
            && w[1].len() == 4
            && w[1].chars().all(|c| c.is_ascii_digit())
            && w[2].starts_with("QH");
        ok.then(|| crate::corpus::docnum::canonical(&w.join("/")))
            .flatten()
    })
}

/// `[2, 3, 4, 9]` → `"2–4, 9"`.
fn ranges(numbers: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let start = numbers[i];
        let mut end = start;
        while i + 1 < numbers.len() && numbers[i + 1] == end + 1 {
            i += 1;
            end = numbers[i];
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i += 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_file_names() {
        assert_eq!(
            number_from_file_name("laws-vlc/Luat-Bien-gioi-Quoc-gia-2003-06-2003-QH11-51044.txt")
                .as_deref(),
            Some("06/2003/QH11")
        );
        assert_eq!(
            number_from_file_name("laws-vlc/Luat-Ho-tich-2014-259727.txt"),
            None
        );
    }

    #[test]
    fn ranges_are_compact() {
        assert_eq!(ranges(&[2, 3, 4, 9]), "2–4, 9");
    }

    #[test]
    fn effective_dates() {
        let lines =
            vec!["1. Luật này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2016.".to_string()];
        assert_eq!(effective_date(&lines).as_deref(), Some("2016-01-01"));
    }
}
