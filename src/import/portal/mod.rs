//! Importer for the National Public Service Portal crawl
//! (`../shared/data/dichvucong/<ministry>/<code>.json`, see `SOURCES.md`).
//!
//! Each record is repaired, not copied: strings are normalized to NFC, the
//! page text is re-cut into its sections (`record`), and the run-together
//! tables are parsed into structure: channels with times and fees
//! (`channels`), the document checklist (`checklist`), the legal basis
//! (`legal`), steps and results (`steps`). Records whose page text shows
//! another procedure's code are crawl errors: they are reported, never
//! imported.
//!
//! This module does not write files, fill in defaults the commune's config
//! provides (agency, contact) or add aliases beyond the name without its
//! leading "Thủ tục": the orchestrator does that.

mod channels;
mod checklist;
mod clean;
mod legal;
mod record;
mod steps;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::corpus::{ChannelKind, Note, Procedure, Source, Step};
use crate::text::fold_accents;
use crate::{Error, Result};

use record::{RawRecord, Sections};

/// The folder of the crawl inside the shared data folder.
pub const SOURCE_DIR: &str = "dichvucong";
/// Date of the data when the record gives none: the crawl was made in 2026.
pub const DEFAULT_AS_OF: &str = "2026";

/// Which records to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only procedures performed at commune level (`cap_thuc_hien` names "xã").
    Commune,
    /// Every procedure of the crawl.
    All,
}

/// Everything an import run produced.
#[derive(Debug, Clone, Default)]
pub struct PortalImport {
    /// Procedures sorted by code, one per code.
    pub procedures: Vec<Procedure>,
    /// Records rejected because their content belongs to another procedure,
    /// sorted by file.
    pub crawl_errors: Vec<CrawlError>,
    /// Things a corpus editor should know (duplicates, unreadable records,
    /// text the parsers could not place).
    pub warnings: Vec<String>,
}

/// A record whose page text describes another procedure than its code says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawlError {
    /// Path relative to the data folder, e.g. `dichvucong/bo-cong-an/3.000224.json`.
    pub file: String,
    /// The record's `ma_thu_tuc`.
    pub code: String,
    /// The code shown in its `raw_text` (`Mã thủ tục …`).
    pub embedded_code: String,
    pub reason: String,
}

impl fmt::Display for CrawlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

impl std::error::Error for CrawlError {}

/// Why one record was not imported.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The record holds another procedure's content.
    #[error("crawl error: {0}")]
    Crawl(CrawlError),
    /// The record could not be read at all.
    #[error(transparent)]
    Invalid(#[from] Error),
}

/// Import the crawl found in `data_dir/dichvucong/`.
///
/// Output is deterministic: ministry folders and files are read in name
/// order, procedures are sorted by code, and a code found in two folders is
/// kept from the first folder with a warning.
pub fn import_dir(data_dir: &Path, scope: Scope) -> Result<PortalImport> {
    let root = data_dir.join(SOURCE_DIR);
    let mut out = PortalImport::default();
    let mut by_code: BTreeMap<String, (String, Procedure)> = BTreeMap::new();
    for ministry in sorted_entries(&root)? {
        if !ministry.is_dir() {
            continue;
        }
        for file in sorted_entries(&ministry)? {
            if file.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let rel = rel_path(data_dir, &file);
            let json = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            let mut raw = match RawRecord::from_json_unnormalized(&json) {
                Ok(raw) => raw,
                Err(e) => {
                    out.warnings.push(format!("{rel}: unreadable record: {e}"));
                    continue;
                }
            };
            // Accent folding reads NFD and NFC alike: filter before normalizing.
            if scope == Scope::Commune && !is_commune_level(&raw.cap_thuc_hien) {
                continue;
            }
            raw.normalize();
            match convert(&rel, &raw) {
                Ok((procedure, warnings)) => {
                    out.warnings
                        .extend(warnings.into_iter().map(|w| format!("{rel}: {w}")));
                    match by_code.get(&procedure.code) {
                        Some((first, _)) => out.warnings.push(format!(
                            "{rel}: code {} already imported from {first}; kept the first",
                            procedure.code
                        )),
                        None => {
                            by_code.insert(procedure.code.clone(), (rel, procedure));
                        }
                    }
                }
                Err(RecordError::Crawl(e)) => out.crawl_errors.push(e),
                Err(RecordError::Invalid(e)) => out.warnings.push(format!("{rel}: {e}")),
            }
        }
    }
    out.procedures = by_code.into_values().map(|(_, p)| p).collect();
    out.crawl_errors.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// Import one record. `rel_path` is its path relative to the data folder
/// (kept as provenance).
pub fn import_record(rel_path: &str, json: &str) -> Result<Procedure, RecordError> {
    let raw = RawRecord::from_json(json)
        .map_err(|e| Error::Import(format!("{rel_path}: unreadable record: {e}")))?;
    convert(rel_path, &raw).map(|(p, _)| p)
}

/// `cap_thuc_hien` names the commune level ("Cấp xã"), in any case or spelling
/// of the accents.
pub fn is_commune_level(levels: &str) -> bool {
    fold_accents(&levels.to_lowercase())
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "xa")
}

fn sorted_entries(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|err| Error::io(dir, err)))
        .collect::<Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}

fn rel_path(base: &Path, file: &Path) -> String {
    file.strip_prefix(base)
        .unwrap_or(file)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Turn a record into a procedure, with warnings for the editor.
fn convert(rel_path: &str, raw: &RawRecord) -> Result<(Procedure, Vec<String>), RecordError> {
    let code = raw.ma_thu_tuc.trim().to_string();
    if code.is_empty() {
        return Err(Error::Import(format!("{rel_path}: record has no ma_thu_tuc")).into());
    }
    let mut warnings = Vec::new();
    match raw.embedded_code() {
        Some(embedded) if embedded != code => {
            return Err(RecordError::Crawl(CrawlError {
                file: rel_path.to_string(),
                code: code.clone(),
                embedded_code: embedded.to_string(),
                reason: format!(
                    "page text describes procedure {embedded}, not {code}: the crawl stored another procedure's content"
                ),
            }));
        }
        Some(_) => {}
        None => warnings.push("page text shows no procedure code; could not check it".to_string()),
    }

    let sections = Sections::cut(raw);
    if sections.from_json_fields {
        warnings.push(
            "page text could not be cut into sections; used the crawler's fields".to_string(),
        );
    }
    let name = clean::line(&raw.ten_thu_tuc);
    if name.is_empty() {
        return Err(Error::Import(format!("{rel_path}: record {code} has no name")).into());
    }

    let table = channels::parse(&sections.channels, raw.detail_url.trim());
    if !table.unparsed.is_empty() {
        warnings.push(format!(
            "channels table text not read: {:?}",
            table.unparsed
        ));
    }
    let processing_time = table
        .channels
        .iter()
        .find(|c| c.kind == ChannelKind::InPerson && c.processing_time.is_some())
        .or_else(|| table.channels.iter().find(|c| c.processing_time.is_some()))
        .and_then(|c| c.processing_time.clone());

    let docs = checklist::parse(&sections.documents);
    let (legal_basis, legal_warnings) = legal::parse(&sections.legal);
    warnings.extend(legal_warnings);
    let (step_texts, step_notes) = steps::parse(&sections.steps);
    let results = steps::results(&sections.results);

    let mut notes = docs.notes;
    if !step_notes.is_empty() {
        notes.push(Note {
            title: "Lưu ý về trình tự thực hiện".to_string(),
            text: step_notes,
            source: "portal".to_string(),
        });
    }
    let description =
        clean::unless_placeholder(clean::multiline(record::panel_description(&sections.panel)));
    if !description.is_empty() {
        notes.push(Note {
            title: "Mô tả".to_string(),
            text: description,
            source: "portal".to_string(),
        });
    }

    let agency = [
        &sections.agency,
        &raw.co_quan_thuc_hien,
        &raw.co_quan_co_tham_quyen,
    ]
    .into_iter()
    .map(|a| clean::unless_placeholder(clean::line(a)))
    .find(|a| !a.is_empty())
    .unwrap_or_default();

    let mut source_sections = BTreeMap::new();
    for (key, present) in [
        ("channels", !table.channels.is_empty()),
        (
            "checklist",
            !docs.items.is_empty() || docs.no_documents_statement.is_some(),
        ),
        ("fees", !table.fees.is_empty()),
        ("legal_basis", !legal_basis.is_empty()),
        ("results", !results.is_empty()),
        ("steps", !step_texts.is_empty()),
    ] {
        if present {
            source_sections.insert(key.to_string(), "portal".to_string());
        }
    }

    let aliases = name
        .strip_prefix("Thủ tục ")
        .map(|rest| vec![clean::capitalize(rest.trim())])
        .unwrap_or_default();

    let procedure = Procedure {
        code,
        aliases,
        field: clean::line(&raw.linh_vuc),
        levels: clean::line(&raw.cap_thuc_hien)
            .split([',', ';'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        applicants: clean::unless_placeholder(clean::line(&raw.doi_tuong_thuc_hien)),
        agency,
        requirements: clean::unless_placeholder(clean::multiline(&sections.requirements)),
        channels: table.channels,
        steps: step_texts.into_iter().map(|text| Step { text }).collect(),
        no_documents_statement: docs.no_documents_statement,
        checklist: docs.items,
        processing_time,
        fees: table.fees,
        results,
        legal_basis,
        notes,
        source: Source {
            portal_url: raw.detail_url.trim().to_string(),
            decision: clean::line(&raw.so_quyet_dinh),
            as_of: DEFAULT_AS_OF.to_string(),
            files: vec![rel_path.to_string()],
            sections: source_sections,
        },
        name,
    };
    Ok((procedure, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commune_level_is_recognized_in_any_spelling() {
        assert!(is_commune_level("Cấp bộ, Cấp tỉnh, Cấp xã"));
        assert!(is_commune_level("cap XA"));
        assert!(is_commune_level("Cấp xã, Cơ quan khác"));
        assert!(!is_commune_level("Cấp tỉnh, Cơ quan khác"));
    }

    #[test]
    fn a_record_with_another_procedures_page_is_a_crawl_error() {
        let json = r#"{"ma_thu_tuc":"3.000224","ten_thu_tuc":"Hỗ trợ","raw_text":"Tên thủ tụcHỗ trợMã thủ tục1.014023Số quyết định1"}"#;
        match import_record("dichvucong/x/3.000224.json", json) {
            Err(RecordError::Crawl(e)) => {
                assert_eq!(
                    (e.code.as_str(), e.embedded_code.as_str()),
                    ("3.000224", "1.014023")
                );
            }
            other => panic!("expected a crawl error, got {other:?}"),
        }
    }
}
