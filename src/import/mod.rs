//! Importers: from the raw public sources in `../shared/data` to `corpus/`.
//! See `../shared/data/SOURCES.md` for each source's quirks.

pub mod laws;
pub mod legalrag;
pub mod phapdien;
pub mod portal;

/// What `motcua import` does and what it found.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub procedures: usize,
    pub documents: usize,
    pub articles: usize,
    pub crawl_errors: Vec<portal::CrawlError>,
    /// The sheet-matching table, as the legalrag merge reports it.
    pub sheets_markdown: String,
    pub sheets_matched: usize,
    pub sheets_unmatched: usize,
    pub skipped_laws: Vec<String>,
    pub warnings: Vec<String>,
    /// Items written to `ImportOptions::legalrag_eval`, if asked.
    pub legalrag_eval_items: usize,
}

/// Options of one import run.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Folder holding `dichvucong/`, `legalrag/`, `laws-vlc/`, `phapdien/`.
    pub from: std::path::PathBuf,
    /// Corpus directory to (re)write.
    pub corpus: std::path::PathBuf,
    /// Every portal procedure and every law, not only the commune's.
    pub national: bool,
    /// Also write the legalrag question variants and condensed test items
    /// (machine-generated; a second development set) as JSON Lines here.
    pub legalrag_eval: Option<std::path::PathBuf>,
}

/// Import all sources into `opts.corpus`, replacing the generated files
/// (`procedures/*.toml`, `documents/*.md`, `IMPORT_REPORT.md`). Files the
/// importer does not generate (README, synonyms, commune profile) are left
/// alone. The output is deterministic: the same sources give the same bytes.
pub fn run(opts: &ImportOptions) -> crate::Result<ImportReport> {
    use crate::corpus::{document_file, procedure_file};
    use crate::error::Error;

    let scope = if opts.national {
        portal::Scope::All
    } else {
        portal::Scope::Commune
    };
    let mut portal_import = portal::import_dir(&opts.from, scope)?;
    let sheets = legalrag::load_sheets(&opts.from)?;
    let merge = legalrag::merge(&mut portal_import.procedures, &sheets);
    let mut legalrag_eval_items = 0;
    if let Some(path) = &opts.legalrag_eval {
        let mut items = legalrag::eval_items(&sheets, &merge);
        items.extend(legalrag::condensed_items(
            &opts.from,
            &portal_import.procedures,
        )?);
        legalrag::write_jsonl(path, &items)?;
        legalrag_eval_items = items.len();
    }
    let set = if opts.national {
        laws::LawSet::All
    } else {
        laws::LawSet::Commune
    };
    let law_import = laws::import_dir(&opts.from, set)?;
    let have: std::collections::HashSet<String> = law_import
        .documents
        .iter()
        .map(|d| d.header.number.clone())
        .collect();
    let pd = phapdien::import_dir(&opts.from, &have)?;

    let mut documents = law_import.documents;
    documents.extend(pd.documents);
    documents.sort_by(|a, b| a.header.number.cmp(&b.header.number));

    let proc_dir = opts.corpus.join(crate::corpus::load::PROCEDURES_DIR);
    let doc_dir = opts.corpus.join(crate::corpus::load::DOCUMENTS_DIR);
    for dir in [&proc_dir, &doc_dir] {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    // Remove generated files that the sources no longer produce.
    let keep_procs: std::collections::HashSet<String> = portal_import
        .procedures
        .iter()
        .map(|p| format!("{}.toml", p.code))
        .collect();
    let keep_docs: std::collections::HashSet<String> = documents
        .iter()
        .map(|d| format!("{}.md", crate::corpus::docnum::file_stem(&d.header.number)))
        .collect();
    remove_stale(&proc_dir, "toml", &keep_procs)?;
    remove_stale(&doc_dir, "md", &keep_docs)?;

    for p in &portal_import.procedures {
        procedure_file::write(&proc_dir, p)?;
    }
    for d in &documents {
        document_file::write(&doc_dir, d)?;
    }

    let mut warnings = portal_import.warnings;
    warnings.extend(merge.warnings.iter().cloned());
    warnings.extend(law_import.warnings);
    warnings.extend(pd.warnings);
    let report = ImportReport {
        procedures: portal_import.procedures.len(),
        documents: documents.len(),
        articles: documents.iter().map(|d| d.articles.len()).sum(),
        crawl_errors: portal_import.crawl_errors,
        sheets_markdown: merge.to_markdown(&sheets, &portal_import.procedures),
        sheets_matched: merge.matched.len(),
        sheets_unmatched: merge.unmatched.len(),
        skipped_laws: pd.skipped_laws,
        warnings,
        legalrag_eval_items,
    };
    procedure_file::write_atomically(&opts.corpus.join("IMPORT_REPORT.md"), &report.to_markdown())?;
    Ok(report)
}

fn remove_stale(
    dir: &std::path::Path,
    ext: &str,
    keep: &std::collections::HashSet<String>,
) -> crate::Result<()> {
    for path in crate::corpus::load::files_with_extension(dir, ext)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !keep.contains(&name) {
            std::fs::remove_file(&path).map_err(|e| crate::Error::io(&path, e))?;
        }
    }
    Ok(())
}

impl ImportReport {
    /// The report committed beside the corpus: counts, and everything skipped.
    pub fn to_markdown(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "# Import report\n");
        let _ = writeln!(
            s,
            "Generated by `motcua import` from `../shared/data` (see `../shared/data/SOURCES.md`). Do not edit: rerun the import.\n"
        );
        let _ = writeln!(s, "- procedures: {}", self.procedures);
        let _ = writeln!(
            s,
            "- legal documents: {} ({} articles)",
            self.documents, self.articles
        );
        let _ = writeln!(
            s,
            "- provincial sheets merged: {} (unmatched: {})",
            self.sheets_matched, self.sheets_unmatched
        );
        let _ = writeln!(
            s,
            "\n## Portal crawl errors (not imported)\n\nThe record's `raw_text` holds another procedure's content (its `Mã thủ tục` differs from `ma_thu_tuc`).\n"
        );
        let _ = writeln!(
            s,
            "| file | code | code inside raw_text | reason |\n|---|---|---|---|"
        );
        for e in &self.crawl_errors {
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} |",
                e.file, e.code, e.embedded_code, e.reason
            );
        }
        let _ = writeln!(s, "\n## Provincial sheets\n");
        s.push_str(&self.sheets_markdown);
        if !self.skipped_laws.is_empty() {
            let _ = writeln!(
                s,
                "\n## Pháp điển documents skipped (full text imported from laws-vlc)\n"
            );
            for l in &self.skipped_laws {
                let _ = writeln!(s, "- {l}");
            }
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(s, "\n## Warnings\n");
            for w in &self.warnings {
                let _ = writeln!(s, "- {w}");
            }
        }
        s
    }
}
