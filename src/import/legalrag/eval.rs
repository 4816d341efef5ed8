//! Development evaluation items from the sheets' questions and the source's
//! condensed test set.
//!
//! The question variants were machine-generated: they measure retrieval on
//! realistic phrasings during development, not the assistant's quality.
//! Only questions whose sheet matched a procedure get an item (no gold
//! otherwise); a question asked of two procedures gets both codes as gold.
//!
//! Many generated variants only make sense inside their sheet ("Lệ phí cho
//! thủ tục này là bao nhiêu?"). They are kept but tagged so an evaluation can
//! leave them out: `shared` when the same question was generated for more
//! than one procedure, `deictic` when it points at "this" procedure
//! ("… này") instead of naming it.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{matching, MergeReport, Sheet, SOURCE_DIR};
use crate::corpus::Procedure;
use crate::text::{nfc, squash_ws};
use crate::{Error, Result};

/// One evaluation query with the procedure codes that answer it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalItem {
    pub question: String,
    /// National codes of the procedures that answer it.
    pub gold: Vec<String>,
    /// Provenance: `legalrag`, `generated` or `condensed`, the collection.
    pub tags: Vec<String>,
}

/// Test-set collections of `test_set_condensed.json` and their portal field;
/// other collections are matched in any field.
const CONDENSED_COLLECTIONS: &[(&str, &str)] = &[
    ("ho-tich", "Hộ tịch"),
    ("chung-thuc", "Chứng thực"),
    ("nuoi-con-nuoi", "Nuôi con nuôi"),
];

fn push_item(items: &mut Vec<EvalItem>, question: &str, code: &str, tags: &[&str]) {
    let question = squash_ws(&nfc(question));
    if question.is_empty() {
        return;
    }
    let key = question.to_lowercase();
    if let Some(existing) = items.iter_mut().find(|i| i.question.to_lowercase() == key) {
        if !existing.gold.iter().any(|g| g == code) {
            existing.gold.push(code.to_string());
        }
        for t in tags {
            if !existing.tags.iter().any(|e| e == t) {
                existing.tags.push(t.to_string());
            }
        }
        return;
    }
    items.push(EvalItem {
        question,
        gold: vec![code.to_string()],
        tags: tags.iter().map(|t| t.to_string()).collect(),
    });
}

/// One item per question (main question and variants) of every matched
/// sheet, gold = the matched code, tags `legalrag`, `generated`, the
/// collection, and `shared` / `deictic` where they apply (see module docs).
pub fn eval_items(sheets: &[Sheet], report: &MergeReport) -> Vec<EvalItem> {
    let mut items = Vec::new();
    for sheet in sheets {
        let Some(code) = report.code_of(&sheet.rel_path) else {
            continue;
        };
        let tags = ["legalrag", "generated", sheet.collection()];
        for q in &sheet.questions {
            push_item(&mut items, q, code, &tags);
        }
    }
    tag_context_dependent(&mut items);
    items
}

fn tag_context_dependent(items: &mut [EvalItem]) {
    for item in items {
        if item.gold.len() > 1 {
            item.tags.push("shared".to_string());
        }
        if item.question.split_whitespace().any(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .eq_ignore_ascii_case("này")
        }) {
            item.tags.push("deictic".to_string());
        }
    }
}

#[derive(Deserialize)]
struct Condensed {
    items: Vec<CondensedItem>,
}

#[derive(Deserialize)]
struct CondensedItem {
    query: String,
    #[serde(default)]
    collection: String,
    expected_document: String,
}

/// Items of `legalrag/test_set_condensed.json`: each expected procedure name
/// is matched to a commune-level procedure the same way sheets are (in the
/// field of its collection where known). Queries whose procedure has no
/// confident match are left out and logged.
pub fn condensed_items(data_dir: &Path, procedures: &[Procedure]) -> Result<Vec<EvalItem>> {
    let path = data_dir.join(SOURCE_DIR).join("test_set_condensed.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let condensed: Condensed =
        serde_json::from_str(&text).map_err(|e| Error::corpus(&path, e.line(), e.to_string()))?;
    let mut items = Vec::new();
    for item in condensed.items {
        let field = CONDENSED_COLLECTIONS
            .iter()
            .find(|(c, _)| *c == item.collection)
            .map(|(_, f)| *f);
        let expected = nfc(&item.expected_document);
        match matching::match_name(procedures, &expected, field) {
            Some((i, _)) => push_item(
                &mut items,
                &item.query,
                &procedures[i].code,
                &["legalrag", "condensed", &item.collection],
            ),
            None => tracing::warn!(
                expected = %expected,
                collection = %item.collection,
                "condensed test item: no commune-level procedure matches; left out"
            ),
        }
    }
    tag_context_dependent(&mut items);
    Ok(items)
}

/// Write items as JSON Lines (one object per line), creating parent folders.
pub fn write_jsonl(path: &Path, items: &[EvalItem]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut out = Vec::new();
    for item in items {
        let line = serde_json::to_string(item)
            .map_err(|e| Error::Import(format!("{}: {e}", path.display())))?;
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    let mut file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    file.write_all(&out).map_err(|e| Error::io(path, e))
}
