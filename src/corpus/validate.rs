//! Corpus validation: what `motcua check` reports.
//!
//! Errors make the corpus unusable as committed (a malformed file, a
//! duplicate code, a procedure without a name or checklist); they fail the
//! check. Unresolved legal references are not errors: the corpus lacks some
//! documents (see `../shared/data/SOURCES.md`, "Known gaps") and says so by
//! listing and counting them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use crate::corpus::load::{load, LoadReport};
use crate::corpus::{docnum, Corpus, LegalRef};
use crate::error::Result;

/// The outcome of checking a corpus directory.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Each error names a file (and line or field where known).
    pub errors: Vec<String>,
    /// Notable but not fatal.
    pub warnings: Vec<String>,
    /// Procedures per field (lĩnh vực).
    pub procedures_by_field: BTreeMap<String, usize>,
    pub procedures: usize,
    pub checklist_items: usize,
    pub documents: usize,
    pub articles: usize,
    /// Referenced document numbers absent from the corpus → procedures citing them.
    pub unresolved: BTreeMap<String, BTreeSet<String>>,
    /// Total unresolved references (procedure × document).
    pub unresolved_references: usize,
    pub resolved_references: usize,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Load and check the corpus at `dir`.
pub fn check_dir(dir: &Path) -> Result<(Corpus, CheckReport)> {
    let (corpus, load_report) = load(dir)?;
    let report = check(dir, &corpus, &load_report);
    Ok((corpus, report))
}

/// Check a loaded corpus. `dir` is used to name files in messages.
pub fn check(dir: &Path, corpus: &Corpus, loaded: &LoadReport) -> CheckReport {
    let mut r = CheckReport {
        errors: loaded.errors.iter().map(|e| e.to_string()).collect(),
        ..Default::default()
    };
    let proc_file = |code: &str| {
        loaded
            .procedure_paths(code)
            .first()
            .map(|p| p.to_path_buf())
            .unwrap_or_else(|| dir.join("procedures").join(format!("{code}.toml")))
    };

    // Procedures.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for p in &corpus.procedures {
        let file = proc_file(&p.code);
        *seen.entry(p.code.as_str()).or_default() += 1;
        if !is_valid_code(&p.code) {
            r.errors.push(format!(
                "{}: field `code`: \"{}\" is not a national procedure code like 1.001193",
                file.display(),
                p.code
            ));
        }
        if file.file_stem().is_some_and(|stem| stem != p.code.as_str()) {
            r.errors.push(format!(
                "{}: field `code` is \"{}\" but the file is named after another code",
                file.display(),
                p.code
            ));
        }
        if p.name.trim().is_empty() {
            r.errors
                .push(format!("{}: field `name` is empty", file.display()));
        }
        if p.checklist.is_empty() && p.no_documents_statement.is_none() {
            r.errors.push(format!(
                "{}: no `checklist` item and no `no_documents_statement`",
                file.display()
            ));
        }
        for (i, item) in p.checklist.iter().enumerate() {
            if item.name.trim().is_empty() {
                r.errors.push(format!(
                    "{}: field `checklist[{i}].name` is empty",
                    file.display()
                ));
            }
        }
        r.checklist_items += p.checklist.len();
        *r.procedures_by_field.entry(p.field.clone()).or_default() += 1;

        let refs = p
            .legal_basis
            .iter()
            .chain(p.checklist.iter().flat_map(|c| c.citations.iter()));
        let mut counted: BTreeSet<&str> = BTreeSet::new();
        for lr in refs {
            check_ref(&mut r, corpus, &p.code, lr, &mut counted);
        }
    }
    for (code, n) in seen {
        if n > 1 {
            let files: Vec<String> = loaded
                .procedure_paths(code)
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            r.errors.push(format!(
                "code {code} appears in {n} procedure files: {}",
                files.join(", ")
            ));
        }
    }
    r.procedures = corpus.procedures.len();

    // Documents.
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    for d in &corpus.documents {
        let n = &d.header.number;
        let file = loaded
            .document_path(n)
            .map(|p| p.to_path_buf())
            .unwrap_or_else(|| {
                dir.join("documents")
                    .join(format!("{}.md", docnum::file_stem(n)))
            });
        *numbers.entry(n.as_str()).or_default() += 1;
        if docnum::canonical(n).as_deref() != Some(n.as_str()) {
            r.errors.push(format!(
                "{}: field `number`: \"{n}\" is not a canonical document number (e.g. 123/2015/NĐ-CP)",
                file.display()
            ));
        }
        if d.articles.is_empty() {
            r.errors
                .push(format!("{}: the document has no article", file.display()));
        }
        r.articles += d.articles.len();
    }
    for (n, k) in numbers {
        if k > 1 {
            r.errors
                .push(format!("document {n} appears in {k} document files"));
        }
    }
    r.documents = corpus.documents.len();
    r
}

fn check_ref<'a>(
    r: &mut CheckReport,
    corpus: &Corpus,
    code: &str,
    lr: &'a LegalRef,
    counted: &mut BTreeSet<&'a str>,
) {
    let first = counted.insert(lr.document_number.as_str());
    match corpus.document(&lr.document_number) {
        Some(doc) => {
            if first {
                r.resolved_references += 1;
            }
            if let Some(article) = &lr.article {
                if !doc.articles.iter().any(|a| &a.number == article) {
                    r.warnings.push(format!(
                        "procedure {code}: Điều {article} of {} is not in the corpus{}",
                        lr.document_number,
                        if doc.header.partial {
                            " (the document is partial)"
                        } else {
                            ""
                        }
                    ));
                }
            }
        }
        None => {
            if first {
                r.unresolved_references += 1;
            }
            r.unresolved
                .entry(lr.document_number.clone())
                .or_default()
                .insert(code.to_string());
        }
    }
}

/// National procedure codes look like `1.001193` or `2.000794`.
pub fn is_valid_code(code: &str) -> bool {
    let mut parts = code.split('.');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(a), Some(b), None)
            if !a.is_empty() && !b.is_empty()
                && a.chars().all(|c| c.is_ascii_digit())
                && b.chars().all(|c| c.is_ascii_digit())
    )
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.errors {
            writeln!(f, "error: {e}")?;
        }
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        writeln!(
            f,
            "procedures: {} ({} checklist items)",
            self.procedures, self.checklist_items
        )?;
        for (field, n) in &self.procedures_by_field {
            writeln!(f, "  {n:4}  {field}")?;
        }
        writeln!(
            f,
            "documents: {} ({} articles)",
            self.documents, self.articles
        )?;
        writeln!(
            f,
            "legal references: {} resolved, {} unresolved ({} distinct documents not in the corpus)",
            self.resolved_references,
            self.unresolved_references,
            self.unresolved.len()
        )?;
        for (number, codes) in &self.unresolved {
            writeln!(
                f,
                "  unresolved {number}: cited by {} procedure(s)",
                codes.len()
            )?;
        }
        write!(
            f,
            "{} error(s), {} warning(s)",
            self.errors.len(),
            self.warnings.len()
        )
    }
}
