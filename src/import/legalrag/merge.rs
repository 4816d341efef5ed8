//! Merging matched sheets into portal procedures.
//!
//! Rules (each field records its source in `source.sections`: `legalrag`
//! when the sheet supplied it, `<previous>+legalrag` when the sheet added to
//! what was there; the sheet's path goes to `source.files`):
//!
//! | field | rule |
//! | --- | --- |
//! | `aliases` | the sheet's title, unless it normalizes to the name or an alias |
//! | `notes` | every content section as a `Note` (source `legalrag`), verbatim |
//! | `processing_time` | the sheet's, parsed, when the procedure has none or an `unspecified` one |
//! | `fees` | the sheet's fee text as one [`PROVINCIAL_FEE_CASE`](super::PROVINCIAL_FEE_CASE) fee, unless it repeats what is there |
//! | `checklist` | parsed from the sheet's checklist section only when the procedure has none |
//! | `legal_basis` | the sheet's numbered references not already present; title-only ones are reported |
//! | `requirements` | the sheet's, when the procedure has none |
//!
//! Merging is idempotent: a second run adds nothing.
//!
//! One procedure receives at most one sheet. Two sheets may match the same
//! procedure only when they have the same name once parenthesized parts are
//! dropped (the province publishes one sheet for the commune and one for the
//! notary office for two certification procedures): then one sheet is
//! merged (the commune's, if one names it as the agency), the others add
//! only their title as an alias and stay matched (their questions are good
//! evaluation data), with a warning. Otherwise the better match wins and the
//! other sheet is reported unmatched.

use std::collections::BTreeMap;

use super::matching::{self, base_name, normalize_name, Outcome, MIN_SCORE};
use super::wording::{money_amounts, parse_processing_time, says_free, sheet_fee};
use super::Sheet;
use crate::corpus::{Fee, Note, Procedure, TimeUnit};

/// The source name recorded in notes and `source.sections`.
const SOURCE: &str = "legalrag";

/// What [`merge`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    /// (sheet `rel_path`, procedure code, match score), in sheet order.
    pub matched: Vec<(String, String, f32)>,
    /// `rel_path` of each sheet with no procedure.
    pub unmatched: Vec<String>,
    /// Why a sheet is unmatched, duplicates, references left out, etc.
    pub warnings: Vec<String>,
}

impl MergeReport {
    /// The procedure code a sheet was matched to.
    pub fn code_of(&self, rel_path: &str) -> Option<&str> {
        self.matched
            .iter()
            .find(|(p, _, _)| p == rel_path)
            .map(|(_, c, _)| c.as_str())
    }

    /// A Markdown summary: counts, the matching table, unmatched sheets and
    /// warnings (for the corpus's `IMPORT_REPORT.md`).
    pub fn to_markdown(&self, sheets: &[Sheet], procedures: &[Procedure]) -> String {
        let mut out = format!(
            "## legalrag: {} sheets matched, {} unmatched\n\n| sheet | title | code | procedure | score |\n| --- | --- | --- | --- | --- |\n",
            self.matched.len(),
            self.unmatched.len()
        );
        for (path, code, score) in &self.matched {
            let title = sheets
                .iter()
                .find(|s| &s.rel_path == path)
                .map_or("", |s| s.title.as_str());
            let name = procedures
                .iter()
                .find(|p| &p.code == code)
                .map_or("", |p| p.name.as_str());
            out.push_str(&format!(
                "| {} | {title} | {code} | {name} | {score:.2} |\n",
                short_path(path)
            ));
        }
        if !self.unmatched.is_empty() {
            out.push_str("\nUnmatched:\n\n");
            for path in &self.unmatched {
                out.push_str(&format!("- {path}\n"));
            }
        }
        if !self.warnings.is_empty() {
            out.push_str("\nWarnings:\n\n");
            for w in &self.warnings {
                out.push_str(&format!("- {w}\n"));
            }
        }
        out
    }
}

/// `legalrag/collections/quy_trinh_chung_thuc/documents/DOC_001/x.json` →
/// `quy_trinh_chung_thuc/DOC_001`.
fn short_path(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [_, "collections", collection, "documents", doc, ..] => format!("{collection}/{doc}"),
        _ => path.to_string(),
    }
}

/// Match each sheet to one procedure by name and merge it in.
pub fn merge(procedures: &mut [Procedure], sheets: &[Sheet]) -> MergeReport {
    let mut report = MergeReport::default();
    // procedure index → [(sheet index, score)]
    let mut by_procedure: BTreeMap<usize, Vec<(usize, f32)>> = BTreeMap::new();
    let mut unmatched: Vec<usize> = Vec::new();
    for (si, sheet) in sheets.iter().enumerate() {
        let field = sheet.field();
        match matching::outcome(procedures, &sheet.title, field) {
            Outcome::Matched(pi, score) => by_procedure.entry(pi).or_default().push((si, score)),
            other => {
                report
                    .warnings
                    .push(why_unmatched(procedures, sheet, &other));
                unmatched.push(si);
            }
        }
    }

    let mut matched: Vec<(usize, usize, f32)> = Vec::new(); // (sheet, procedure, score)
    for (pi, mut group) in by_procedure {
        // Best score first; ties keep sheet order.
        group.sort_by(|a, b| b.1.total_cmp(&a.1));
        let best_base = base_name(&sheets[group[0].0].title);
        let (same, other): (Vec<_>, Vec<_>) = group
            .into_iter()
            .partition(|(si, _)| base_name(&sheets[*si].title) == best_base);
        for (si, _) in &other {
            report.warnings.push(format!(
                "{}: '{}' also matches {} '{}', which went to the better-matching '{}'; left unmatched",
                sheets[*si].rel_path,
                sheets[*si].title,
                procedures[pi].code,
                procedures[pi].name,
                sheets[same[0].0].title
            ));
            unmatched.push(*si);
        }
        // Among sheets of the same procedure, merge the commune's.
        let primary = same
            .iter()
            .position(|(si, _)| is_commune_agency(&sheets[*si].agency))
            .unwrap_or(0);
        let (primary_si, _) = same[primary];
        merge_one(
            &mut procedures[pi],
            &sheets[primary_si],
            &mut report.warnings,
        );
        for (k, (si, score)) in same.iter().enumerate() {
            matched.push((*si, pi, *score));
            if k != primary {
                merge_alias(&mut procedures[pi], &sheets[*si]);
                report.warnings.push(format!(
                    "{} (agency: {}) describes the same procedure {} as the merged {}: only its title was added",
                    sheets[*si].rel_path,
                    sheets[*si].agency,
                    procedures[pi].code,
                    sheets[primary_si].rel_path,
                ));
            }
        }
    }

    matched.sort_by_key(|(si, _, _)| *si);
    report.matched = matched
        .into_iter()
        .map(|(si, pi, score)| {
            (
                sheets[si].rel_path.clone(),
                procedures[pi].code.clone(),
                score,
            )
        })
        .collect();
    unmatched.sort_unstable();
    report.unmatched = unmatched
        .into_iter()
        .map(|si| sheets[si].rel_path.clone())
        .collect();
    report
}

fn is_commune_agency(agency: &str) -> bool {
    normalize_name(agency).contains("cap xa")
}

fn describe(p: &Procedure) -> String {
    format!("{} '{}' ({})", p.code, p.name, p.levels.join(", "))
}

fn why_unmatched(procedures: &[Procedure], sheet: &Sheet, outcome: &Outcome) -> String {
    let field = sheet.field().unwrap_or("any field");
    let head = format!("{}: '{}' unmatched", sheet.rel_path, sheet.title);
    match outcome {
        Outcome::Ambiguous { best, second } => format!(
            "{head}: ambiguous between {} ({:.2}) and {} ({:.2})",
            describe(&procedures[best.0]),
            best.1,
            describe(&procedures[second.0]),
            second.1
        ),
        Outcome::Weak(best) => {
            let mut msg = match best {
                Some((i, s)) => format!(
                    "{head}: best commune-level candidate in {field} is {} at {s:.2} (< {MIN_SCORE})",
                    describe(&procedures[*i])
                ),
                None => format!("{head}: no compatible commune-level procedure in {field}"),
            };
            if let Outcome::Matched(i, s) =
                matching::outcome_any_level(procedures, &sheet.title, sheet.field())
            {
                if !matching::is_commune_level(&procedures[i]) {
                    msg.push_str(&format!(
                        "; its counterpart is not commune-level: {} at {s:.2}",
                        describe(&procedures[i])
                    ));
                }
            }
            msg
        }
        Outcome::Matched(..) => head,
    }
}

/// Record that `key` now (also) comes from the sheets.
fn mark(p: &mut Procedure, key: &str, appended: bool) {
    let value = if appended {
        let prev = p
            .source
            .sections
            .get(key)
            .cloned()
            .unwrap_or_else(|| "portal".to_string());
        if prev.split('+').any(|s| s == SOURCE) {
            prev
        } else {
            format!("{prev}+{SOURCE}")
        }
    } else {
        SOURCE.to_string()
    };
    p.source.sections.insert(key.to_string(), value);
}

/// Add the sheet's title as an alias (and the sheet to the source files)
/// unless it normalizes to the name or an alias already there.
fn merge_alias(p: &mut Procedure, sheet: &Sheet) {
    if !p.source.files.contains(&sheet.rel_path) {
        p.source.files.push(sheet.rel_path.clone());
    }
    let title_norm = normalize_name(&sheet.title);
    let known = std::iter::once(&p.name)
        .chain(p.aliases.iter())
        .any(|n| normalize_name(n) == title_norm);
    if !known {
        let had = !p.aliases.is_empty();
        p.aliases.push(sheet.title.clone());
        mark(p, "aliases", had);
    }
}

fn merge_one(p: &mut Procedure, sheet: &Sheet, warnings: &mut Vec<String>) {
    merge_alias(p, sheet);

    // Notes: every section, verbatim.
    let had_notes = p.notes.iter().any(|n| n.source != SOURCE);
    let mut added = false;
    for (title, text) in &sheet.sections {
        let exists = p
            .notes
            .iter()
            .any(|n| n.source == SOURCE && &n.title == title && &n.text == text);
        if !exists {
            p.notes.push(Note {
                title: title.clone(),
                text: text.clone(),
                source: SOURCE.to_string(),
            });
            added = true;
        }
    }
    if added {
        mark(p, "notes", had_notes);
    }

    // Processing time.
    let unspecified = p
        .processing_time
        .as_ref()
        .is_none_or(|t| t.unit == TimeUnit::Unspecified);
    if unspecified && !sheet.processing_time_text.is_empty() {
        let parsed = parse_processing_time(&sheet.processing_time_text);
        if p.processing_time.as_ref() != Some(&parsed) {
            p.processing_time = Some(parsed);
            mark(p, "processing_time", false);
        }
    }

    // Fees.
    if let Some(fee) = sheet_fee(sheet, warnings) {
        if fee_adds_information(&p.fees, &fee) {
            let had = !p.fees.is_empty();
            p.fees.push(fee);
            mark(p, "fees", had);
        }
    }

    // Checklist, only when the portal has none.
    if p.checklist.is_empty() && p.no_documents_statement.is_none() {
        if let Some((_, text)) = sheet.section("thanh phan") {
            let items = super::checklist_from_section(text);
            if items.is_empty() {
                warnings.push(format!(
                    "{}: {} has no checklist and the sheet's section yields no item",
                    sheet.rel_path, p.code
                ));
            } else {
                p.checklist = items;
                mark(p, "checklist", false);
            }
        }
    }

    // Legal basis.
    let mut added = false;
    let had = !p.legal_basis.is_empty();
    for r in &sheet.legal_refs {
        if r.document_number.is_empty() {
            warnings.push(format!(
                "{}: legal reference without a known number left out: '{}'",
                sheet.rel_path, r.title
            ));
            continue;
        }
        if !p
            .legal_basis
            .iter()
            .any(|e| e.document_number == r.document_number)
        {
            p.legal_basis.push(r.clone());
            added = true;
        }
    }
    if added {
        mark(p, "legal_basis", had);
    }

    // Requirements.
    if p.requirements.trim().is_empty() {
        let text = if sheet.requirements.is_empty() {
            sheet
                .section("yeu cau")
                .map(|(_, t)| t.clone())
                .unwrap_or_default()
        } else {
            sheet.requirements.clone()
        };
        if !text.is_empty() {
            p.requirements = text;
            mark(p, "requirements", false);
        }
    }
}

/// The amounts a fee states: its `amount_vnd`, else the figures in its text
/// (0 when it says it is free).
fn stated_amounts(fee: &Fee) -> Vec<u64> {
    if let Some(a) = fee.amount_vnd {
        return vec![a];
    }
    let mut amounts = money_amounts(&fee.text);
    if says_free(&fee.text) && !amounts.contains(&0) {
        amounts.push(0);
    }
    amounts
}

/// False when `fee` repeats the procedure's fees: the same wording, or one
/// figure that every existing fee already states.
fn fee_adds_information(existing: &[Fee], fee: &Fee) -> bool {
    let norm = normalize_name(&fee.text);
    if existing.iter().any(|e| normalize_name(&e.text) == norm) {
        return false;
    }
    if let Some(a) = fee.amount_vnd {
        if !existing.is_empty() && existing.iter().all(|e| stated_amounts(e) == [a]) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fee_that_repeats_the_portal_is_not_added() {
        let portal = vec![Fee {
            text: "Lệ phí : 50.000 Đồng".into(),
            ..Fee::default()
        }];
        let sheet = Fee {
            amount_vnd: Some(50_000),
            text: "50.000 đồng/di chúc.".into(),
            ..Fee::default()
        };
        assert!(!fee_adds_information(&portal, &sheet));
        assert!(fee_adds_information(&[], &sheet));
    }
}
