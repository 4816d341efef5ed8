//! Import decrees, circulars and other documents from the topics of the
//! official consolidated legal code, Bộ Pháp điển
//! (`phapdien/van-ban/**.md`, MIT, repo `diepxuan/diepxuan.github.io`).
//!
//! Pháp điển arranges articles of many documents by topic; each article's
//! source line names the original document and article ([`source_line`]).
//! This importer maps every article back to its original and groups them:
//! one [`LegalDocument`] per original document, `partial = true` (only the
//! articles the topics include, and in this export only those with text),
//! articles sorted by number, the source line kept as the article's note.
//!
//! It is the only source here for decrees and circulars. Documents the caller
//! already has in full (laws from laws-vlc) are skipped and listed. The same
//! article cited by two topics is kept once.

mod source_line;
mod topic;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::corpus::{Article, DocumentHeader, DocumentStatus, LegalDocument};
use crate::error::Error;
use crate::import::laws::scan::lowercase_first_word;
use crate::import::laws::{article_key, ArticleKey};

/// Licence and origin, for each document's `source`.
const PROVENANCE: &str = "Bộ Pháp điển, MIT, repo diepxuan/diepxuan.github.io";

/// What an import produced.
#[derive(Debug, Default)]
pub struct PhapdienImport {
    /// One partial document per original document, sorted by number.
    pub documents: Vec<LegalDocument>,
    /// Numbers of documents skipped because the caller already has them.
    pub skipped_laws: Vec<String>,
    pub warnings: Vec<String>,
    /// Pháp điển headings that carry no text in this export (counted over
    /// all topics), hence not imported.
    pub headings_without_text: usize,
}

/// Import every topic under `<data_dir>/phapdien/van-ban/`. `already_have`
/// holds the canonical numbers the corpus has in full: those are skipped.
pub fn import_dir(
    data_dir: &Path,
    already_have: &HashSet<String>,
) -> crate::Result<PhapdienImport> {
    let root = data_dir.join("phapdien").join("van-ban");
    let mut files = Vec::new();
    collect_markdown(&root, &mut files)?;
    files.sort();
    let mut topics = Vec::with_capacity(files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
        let rel = file
            .strip_prefix(data_dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        topics.push((rel, text));
    }
    Ok(import_topics(&topics, already_have))
}

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) -> crate::Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_dir() {
            collect_markdown(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// One original document being assembled.
#[derive(Default)]
struct Assembly {
    doc_type: String,
    title: Option<String>,
    issuer: Option<String>,
    issued: Option<String>,
    /// The effective date stated for the lowest-numbered article.
    effective: Option<(ArticleKey, String)>,
    amended_by: BTreeSet<String>,
    topics: BTreeSet<String>,
    articles: BTreeMap<ArticleKey, (Article, String)>,
}

/// Import topics given as `(path relative to the data folder, text)`, in the
/// order given (the first topic to cite an article wins).
pub fn import_topics(
    topics: &[(String, String)],
    already_have: &HashSet<String>,
) -> PhapdienImport {
    let mut out = PhapdienImport::default();
    let mut docs: BTreeMap<String, Assembly> = BTreeMap::new();
    let mut skipped: BTreeSet<String> = BTreeSet::new();
    let mut source_lines: Vec<String> = Vec::new();

    for (rel, text) in topics {
        let topic = topic::parse_topic(rel, text);
        out.warnings.extend(topic.warnings);
        out.headings_without_text += topic.headings_without_text;
        for extracted in topic.articles {
            let src = &extracted.source;
            source_lines.extend(extracted.note.first().cloned());
            if already_have.contains(&src.number) {
                skipped.insert(src.number.clone());
                continue;
            }
            let Some(key) = article_key(&src.article) else {
                out.warnings.push(format!(
                    "{rel}: article number \"{}\" of {} has no digits; skipped",
                    src.article, src.number
                ));
                continue;
            };
            let doc = docs.entry(src.number.clone()).or_default();
            if doc.doc_type.is_empty() {
                doc.doc_type = src.doc_type.clone();
            }
            doc.title = doc.title.take().or_else(|| src.title.clone());
            doc.issuer = doc.issuer.take().or_else(|| src.issuer.clone());
            doc.issued = doc.issued.take().or_else(|| src.issued.clone());
            if let Some(date) = &src.effective {
                if doc.effective.as_ref().is_none_or(|(k, _)| key < *k) {
                    doc.effective = Some((key.clone(), date.clone()));
                }
            }
            doc.amended_by.extend(src.amended_by.iter().cloned());
            doc.topics.insert(rel.clone());
            if let Some((kept, kept_in)) = doc.articles.get(&key) {
                if kept.text != extracted.text {
                    out.warnings.push(format!(
                        "{rel}: Điều {} of {} differs from the copy in {kept_in}; kept that one",
                        src.article, src.number
                    ));
                }
                continue;
            }
            let article = Article {
                number: src.article.clone(),
                title: extracted.title,
                text: extracted.text,
                note: extracted.note.join("\n"),
                ..Article::default()
            };
            doc.articles.insert(key, (article, rel.clone()));
        }
    }

    for (number, doc) in docs {
        out.documents.push(finish(number, doc, &source_lines));
    }
    out.skipped_laws = skipped.into_iter().collect();
    out
}

fn finish(number: String, doc: Assembly, source_lines: &[String]) -> LegalDocument {
    // A document cited only by number may be described in another's title:
    // "Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ
    // quy định …".
    let hint = (doc.title.is_none() || doc.issued.is_none() || doc.issuer.is_none())
        .then(|| {
            source_lines
                .iter()
                .find_map(|l| source_line::mention(l, &number))
        })
        .flatten();
    let is_law = doc.doc_type == "Luật" || doc.doc_type == "Bộ luật";
    let title = match (&doc.title, &hint) {
        (Some(t), _) if is_law => format!("{} {t}", doc.doc_type),
        (Some(t), _) => format!("{} {}", doc.doc_type, lowercase_first_word(t)),
        (None, Some((_, _, t))) => format!("{} {t}", doc.doc_type),
        (None, None) => format!("{} {number}", doc.doc_type),
    };
    let issuer = doc
        .issuer
        .or_else(|| hint.as_ref().map(|(_, issuer, _)| issuer.clone()))
        // The issuer follows from the type for laws and decrees.
        .or_else(|| match doc.doc_type.as_str() {
            "Luật" | "Bộ luật" => Some("Quốc hội".to_string()),
            "Nghị định" => Some("Chính phủ".to_string()),
            _ => None,
        })
        .unwrap_or_default();
    let issued = doc
        .issued
        .or_else(|| hint.as_ref().map(|(issued, _, _)| issued.clone()))
        .unwrap_or_default();
    let amended_by: Vec<String> = doc.amended_by.into_iter().collect();
    let status = if amended_by.is_empty() {
        DocumentStatus::InForce
    } else {
        DocumentStatus::Amended
    };
    let topics: Vec<String> = doc.topics.into_iter().collect();
    LegalDocument {
        header: DocumentHeader {
            number,
            doc_type: doc.doc_type,
            title,
            issuer,
            issued,
            effective: doc.effective.map(|(_, d)| d).unwrap_or_default(),
            status,
            amended_by,
            superseded_by: String::new(),
            partial: true,
            source: format!("{} ({PROVENANCE})", topics.join(", ")),
        },
        articles: doc.articles.into_values().map(|(a, _)| a).collect(),
    }
}
