//! Legal documents in the corpus: `GET /api/documents/{number}` (header and
//! list of articles) and `GET /api/documents/{number}/articles/{n}` (one
//! article with its document's header).
//!
//! `{number}` is the canonical number URL-encoded (`60%2F2014%2FQH13`), any
//! spelling [`docnum::canonical`] understands (`123/2015/ND-CP`), or the
//! ASCII file stem (`123-2015-ND-CP`).

use axum::extract::State;
use serde::Serialize;

use crate::corpus::{docnum, Article, Corpus, DocumentHeader, LegalDocument};
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::Path;
use crate::http::state::AppState;
use crate::text::fold_accents;

#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub document: DocumentHeader,
    pub articles: Vec<ArticleSummary>,
}

#[derive(Debug, Serialize)]
pub struct ArticleSummary {
    pub number: String,
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub chapter: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub section: String,
}

#[derive(Debug, Serialize)]
pub struct ArticleView {
    pub document: DocumentHeader,
    pub article: Article,
}

/// `GET /api/documents/{number}`.
pub async fn show(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<axum::Json<DocumentView>, ApiError> {
    let assistant = state.assistant()?;
    let doc = find_document(assistant.corpus(), &number)
        .ok_or_else(|| ApiError::new(ErrorKind::DocumentNotFound))?;
    Ok(axum::Json(DocumentView {
        document: doc.header.clone(),
        articles: doc
            .articles
            .iter()
            .map(|a| ArticleSummary {
                number: a.number.clone(),
                title: a.title.clone(),
                chapter: a.chapter.clone(),
                section: a.section.clone(),
            })
            .collect(),
    }))
}

/// `GET /api/documents/{number}/articles/{n}`.
pub async fn article(
    State(state): State<AppState>,
    Path((number, n)): Path<(String, String)>,
) -> Result<axum::Json<ArticleView>, ApiError> {
    let assistant = state.assistant()?;
    let doc = find_document(assistant.corpus(), &number)
        .ok_or_else(|| ApiError::new(ErrorKind::DocumentNotFound))?;
    let article = find_article(doc, &n).ok_or_else(|| ApiError::new(ErrorKind::ArticleNotFound))?;
    Ok(axum::Json(ArticleView {
        document: doc.header.clone(),
        article: article.clone(),
    }))
}

/// The document a user-supplied number names, in any accepted spelling.
pub fn find_document<'c>(corpus: &'c Corpus, raw: &str) -> Option<&'c LegalDocument> {
    let raw = raw.trim();
    if let Some(doc) = docnum::canonical(raw).and_then(|n| corpus.document(&n)) {
        return Some(doc);
    }
    let stem = fold_accents(raw).to_ascii_uppercase();
    corpus
        .documents
        .iter()
        .find(|d| docnum::file_stem(&d.header.number).to_ascii_uppercase() == stem)
}

/// The article numbered `n` ("16", "3a"; "Điều 16" also works).
pub fn find_article<'d>(doc: &'d LegalDocument, n: &str) -> Option<&'d Article> {
    let n = n.trim();
    let n = fold_accents(n).to_lowercase();
    let n = n.strip_prefix("dieu").map_or(n.as_str(), str::trim);
    doc.articles.iter().find(|a| a.number.to_lowercase() == n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let doc = |number: &str| LegalDocument {
            header: DocumentHeader {
                number: number.into(),
                ..Default::default()
            },
            articles: vec![Article {
                number: "16".into(),
                ..Default::default()
            }],
        };
        Corpus {
            procedures: Vec::new(),
            documents: vec![doc("123/2015/NĐ-CP"), doc("60/2014/QH13")],
        }
    }

    #[test]
    fn every_accepted_spelling_finds_the_document() {
        let c = corpus();
        for s in [
            "60/2014/QH13",
            "60-2014-QH13",
            "60-2014-qh13",
            " 60/2014/qh13 ",
        ] {
            assert_eq!(
                find_document(&c, s).map(|d| d.header.number.as_str()),
                Some("60/2014/QH13"),
                "{s}"
            );
        }
        for s in ["123/2015/ND-CP", "123-2015-ND-CP", "123/2015/NĐ-CP"] {
            assert_eq!(
                find_document(&c, s).map(|d| d.header.number.as_str()),
                Some("123/2015/NĐ-CP"),
                "{s}"
            );
        }
        assert!(find_document(&c, "1/2000/QH10").is_none());
        assert!(find_document(&c, "").is_none());
    }

    #[test]
    fn articles_are_found_by_number() {
        let c = corpus();
        let d = &c.documents[1];
        assert!(find_article(d, "16").is_some());
        assert!(find_article(d, "Điều 16").is_some());
        assert!(find_article(d, "17").is_none());
    }
}
