//! Importer for the provincial procedure sheets (`legalrag/` in the shared
//! data): 53 commune-level procedures of a provincial Department of Justice,
//! effective 2025-07, written after the two-tier local government reform.
//!
//! The sheets carry no national procedure code, so they are matched to the
//! portal procedures by name ([`match_sheet`]) and merged into them
//! ([`merge`]): their clean sections become notes, and they fill what the
//! portal record lacks (processing time, checklist, requirements) or add to
//! it (aliases, provincial fees, legal references). Their machine-generated
//! question variants become a development evaluation set ([`eval_items`]).
//!
//! What this module does not do: it never creates a procedure (a sheet
//! without a portal counterpart is reported, not imported), never invents a
//! document number, and never overrides portal data that is already there
//! except an `unspecified` processing time.
//!
//! Layout of the source:
//!
//! ```text
//! legalrag/collections/<collection>/documents/DOC_NNN/<title>.json   metadata + content_chunks
//! legalrag/collections/<collection>/documents/DOC_NNN/questions.json main_question + question_variants
//! legalrag/test_set_condensed.json                                   25 queries → expected procedure name
//! ```

mod checklist;
mod eval;
mod matching;
mod merge;
mod wording;

use std::path::Path;

use serde::Deserialize;

use crate::corpus::docnum;
use crate::corpus::LegalRef;
use crate::text::{nfc, squash_ws};
use crate::{Error, Result};

pub use checklist::checklist_from_section;
pub use eval::{condensed_items, eval_items, write_jsonl, EvalItem};
pub use matching::{
    match_name, match_sheet, name_similarity, normalize_name, MIN_MARGIN, MIN_SCORE,
    VARIANT_MARKERS,
};
pub use merge::{merge, MergeReport};
pub use wording::{parse_processing_time, PROVINCIAL_FEE_CASE};

/// Folder of the source inside the shared data folder.
pub const SOURCE_DIR: &str = "legalrag";

/// Collections of the source and the portal field (lĩnh vực) each covers.
pub const COLLECTIONS: &[(&str, &str)] = &[
    ("quy_trinh_cap_ho_tich_cap_xa", "Hộ tịch"),
    ("quy_trinh_chung_thuc", "Chứng thực"),
    ("quy_trinh_nuoi_con_nuoi", "Nuôi con nuôi"),
];

/// One provincial procedure sheet, NFC throughout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// Path of the sheet JSON relative to the shared data folder
    /// (`legalrag/collections/<collection>/documents/DOC_NNN/<file>.json`).
    pub rel_path: String,
    /// Procedure name as the sheet gives it ("Đăng ký khai sinh").
    pub title: String,
    /// The province's own process code ("QT 01/CX-HCTP"), not a national code.
    pub sheet_code: String,
    /// Executing agency (cơ quan thực hiện).
    pub agency: String,
    pub processing_time_text: String,
    pub fee_text: String,
    /// The sheet's single fee figure, when its metadata gives one.
    pub fee_vnd: Option<u64>,
    /// Requirements and conditions (yêu cầu, điều kiện), verbatim; may be empty.
    pub requirements: String,
    /// Legal basis in the sheet's order: a canonical number where the title
    /// has or implies one (see [`law_number`]); a title without a known
    /// number is kept with an empty `document_number` (merge reports it).
    pub legal_refs: Vec<LegalRef>,
    /// Content sections in order: (section title, content).
    pub sections: Vec<(String, String)>,
    /// ISO date the sheet takes effect.
    pub effective_date: String,
    /// The main question followed by the variants, without duplicates.
    pub questions: Vec<String>,
}

impl Sheet {
    /// The collection folder the sheet comes from, e.g. `quy_trinh_chung_thuc`.
    pub fn collection(&self) -> &str {
        let mut parts = self.rel_path.split('/');
        while let Some(p) = parts.next() {
            if p == "collections" {
                return parts.next().unwrap_or("");
            }
        }
        ""
    }

    /// The portal field (lĩnh vực) of the sheet's collection; for an unknown
    /// collection, guessed from the title; `None` when neither tells.
    pub fn field(&self) -> Option<&'static str> {
        let collection = self.collection();
        if let Some((_, field)) = COLLECTIONS.iter().find(|(c, _)| *c == collection) {
            return Some(field);
        }
        let title = normalize_name(&self.title);
        if title.contains("chung thuc") || title.contains("ban sao tu so goc") {
            Some("Chứng thực")
        } else if title.contains("nuoi con nuoi") {
            Some("Nuôi con nuôi")
        } else if title.contains("dang ky") || title.contains("ho tich") {
            Some("Hộ tịch")
        } else {
            None
        }
    }

    /// The content section whose title starts with `prefix` (accent- and
    /// case-insensitive), e.g. `"thanh phan"` for the checklist.
    pub fn section(&self, prefix: &str) -> Option<&(String, String)> {
        let prefix = normalize_name(prefix);
        self.sections
            .iter()
            .find(|(title, _)| normalize_name(title).starts_with(&prefix))
    }
}

/// Legal references the sheets name by title only, and their numbers.
///
/// Each entry: accent-folded lower-case title prefix, the year of the
/// version meant, its canonical number. A title naming another year (e.g.
/// "Bộ luật Dân sự năm 2005") does not match: nothing is guessed. Numbers
/// checked against the headers of the texts in `laws-vlc/`.
pub const LAW_NAMES: &[(&str, &str, &str)] = &[
    ("luat ho tich", "2014", "60/2014/QH13"),
    ("luat hon nhan va gia dinh", "2014", "52/2014/QH13"),
    ("bo luat dan su", "2015", "91/2015/QH13"),
    ("luat nuoi con nuoi", "2010", "52/2010/QH12"),
];

/// The canonical number of a law the sheets cite by title ("Luật Hộ tịch năm
/// 2014" → `60/2014/QH13`), or `None` if the title is not in [`LAW_NAMES`] or
/// names another year.
pub fn law_number(title: &str) -> Option<&'static str> {
    let norm = normalize_name(title);
    let years: Vec<&str> = norm
        .split(' ')
        .filter(|t| t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))
        .collect();
    LAW_NAMES.iter().find_map(|(name, year, number)| {
        let rest = norm.strip_prefix(name)?;
        let whole_words = rest.is_empty() || rest.starts_with(' ');
        (whole_words && years.iter().all(|y| y == year)).then_some(*number)
    })
}

/// Turn the sheet's `legal_basis_references` into references: every document
/// number found in a title, else the number of a law known by title, else the
/// title alone with an empty `document_number`. Deduplicated by number.
pub fn legal_refs_from_titles(titles: &[String]) -> Vec<LegalRef> {
    let mut refs: Vec<LegalRef> = Vec::new();
    for title in titles {
        let title = squash_ws(&nfc(title));
        if title.is_empty() {
            continue;
        }
        let mut numbers = docnum::find_all(&title);
        if numbers.is_empty() {
            numbers.extend(law_number(&title).map(str::to_string));
        }
        if numbers.is_empty()
            && !refs
                .iter()
                .any(|r| r.document_number.is_empty() && r.title == title)
        {
            refs.push(LegalRef {
                document_number: String::new(),
                article: None,
                title: title.clone(),
            });
        }
        for number in numbers {
            if !refs.iter().any(|r| r.document_number == number) {
                refs.push(LegalRef {
                    document_number: number,
                    article: None,
                    title: title.clone(),
                });
            }
        }
    }
    refs
}

#[derive(Deserialize)]
struct RawSheet {
    metadata: RawMetadata,
    #[serde(default)]
    content_chunks: Vec<RawChunk>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawMetadata {
    title: Option<String>,
    code: Option<String>,
    executing_agency: Option<String>,
    processing_time_text: Option<String>,
    fee_vnd: Option<serde_json::Value>,
    fee_text: Option<String>,
    requirements_conditions: Option<String>,
    legal_basis_references: Option<Vec<String>>,
    effective_date: Option<String>,
}

#[derive(Deserialize)]
struct RawChunk {
    #[serde(default)]
    section_title: String,
    #[serde(default)]
    content: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawQuestions {
    main_question: Option<String>,
    question_variants: Vec<String>,
}

/// Load every sheet under `data_dir/legalrag/collections`, in collection and
/// document order. Each `DOC_*` folder must hold exactly one sheet JSON
/// besides `questions.json` (which may be missing: no questions then).
pub fn load_sheets(data_dir: &Path) -> Result<Vec<Sheet>> {
    let collections_dir = data_dir.join(SOURCE_DIR).join("collections");
    let mut sheets = Vec::new();
    for collection in sorted_dirs(&collections_dir)? {
        let documents = collections_dir.join(&collection).join("documents");
        if !documents.is_dir() {
            continue;
        }
        for doc in sorted_dirs(&documents)? {
            let doc_dir = documents.join(&doc);
            let rel_dir = format!("{SOURCE_DIR}/collections/{collection}/documents/{doc}");
            sheets.push(load_sheet(&doc_dir, &rel_dir)?);
        }
    }
    if sheets.is_empty() {
        return Err(Error::Import(format!(
            "{}: no procedure sheets found",
            collections_dir.display()
        )));
    }
    Ok(sheets)
}

fn sorted_dirs(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if entry.path().is_dir() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

fn load_sheet(doc_dir: &Path, rel_dir: &str) -> Result<Sheet> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(doc_dir).map_err(|e| Error::io(doc_dir, e))? {
        let entry = entry.map_err(|e| Error::io(doc_dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && name != "questions.json" {
            files.push(name);
        }
    }
    files.sort();
    let file = match files.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(Error::corpus(doc_dir, 0, "no sheet JSON in this folder"));
        }
        many => {
            return Err(Error::corpus(
                doc_dir,
                0,
                format!("expected one sheet JSON, found {}: {many:?}", many.len()),
            ));
        }
    };
    let path = doc_dir.join(&file);
    let raw: RawSheet = read_json(&path)?;
    let m = raw.metadata;
    let title = clean(m.title.as_deref().unwrap_or(""));
    if title.is_empty() {
        return Err(Error::corpus(&path, 0, "metadata.title is empty"));
    }
    let legal_refs = legal_refs_from_titles(m.legal_basis_references.as_deref().unwrap_or(&[]));
    let sections = raw
        .content_chunks
        .into_iter()
        .map(|c| (clean(&c.section_title), nfc(c.content.trim())))
        .filter(|(t, c)| !t.is_empty() && !c.is_empty())
        .collect();

    let questions_path = doc_dir.join("questions.json");
    let mut questions: Vec<String> = Vec::new();
    if questions_path.is_file() {
        let q: RawQuestions = read_json(&questions_path)?;
        for text in q.main_question.into_iter().chain(q.question_variants) {
            let text = clean(&text);
            if !text.is_empty() && !questions.contains(&text) {
                questions.push(text);
            }
        }
    }

    Ok(Sheet {
        rel_path: format!("{rel_dir}/{}", nfc(&file)),
        title,
        sheet_code: clean(m.code.as_deref().unwrap_or("")),
        agency: clean(m.executing_agency.as_deref().unwrap_or("")),
        processing_time_text: nfc(m.processing_time_text.as_deref().unwrap_or("").trim()),
        fee_text: nfc(m.fee_text.as_deref().unwrap_or("").trim()),
        fee_vnd: m.fee_vnd.as_ref().and_then(serde_json::Value::as_u64),
        requirements: nfc(m.requirements_conditions.as_deref().unwrap_or("").trim()),
        legal_refs,
        sections,
        effective_date: clean(m.effective_date.as_deref().unwrap_or("")),
        questions,
    })
}

/// NFC and whitespace collapsed: for one-line fields.
fn clean(s: &str) -> String {
    squash_ws(&nfc(s))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::corpus(path, e.line(), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laws_cited_by_title_get_their_number_only_for_the_right_year() {
        assert_eq!(law_number("Luật Hộ tịch năm 2014"), Some("60/2014/QH13"));
        assert_eq!(law_number("Luật Nuôi con nuôi 2010"), Some("52/2010/QH12"));
        assert_eq!(law_number("Bộ luật Dân sự năm 2015"), Some("91/2015/QH13"));
        assert_eq!(law_number("Bộ luật Dân sự năm 2005"), None);
        assert_eq!(law_number("Luật Hộ tịchx"), None);
        assert_eq!(law_number("Luật Cư trú năm 2020"), None);
    }

    #[test]
    fn unknown_titles_are_kept_without_a_number() {
        let refs = legal_refs_from_titles(&[
            "Nghị định số 123/2015/NĐ-CP".to_string(),
            "Luật Cư trú năm 2020".to_string(),
            "Nghị định 123/2015/ND-CP".to_string(),
        ]);
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].document_number, "123/2015/NĐ-CP");
        assert_eq!(refs[1].document_number, "");
        assert_eq!(refs[1].title, "Luật Cư trú năm 2020");
    }
}
