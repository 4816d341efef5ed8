//! `GET /api/search?q=&limit=&document=&kind=`: the officials' search over
//! articles and procedures.
//!
//! Parameters are checked here (`empty_query`, `query_too_long`,
//! `invalid_limit`, `invalid_kind`, `document_not_found`); the search runs on
//! the bounded blocking pool. [`SearchResponse`] is also what
//! `motcua search --json` prints.

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::documents::find_document;
use crate::assistant::chat::Assistant;
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::Query;
use crate::http::limits::{DEFAULT_SEARCH_LIMIT, MAX_QUERY_CHARS, MAX_SEARCH_LIMIT};
use crate::http::state::AppState;
use crate::search::{Hit, Kind};

/// Raw parameters, all text so each gets its own error code.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
}

/// The body of `/api/search`.
#[derive(Debug, Serialize)]
pub struct SearchResponse {
    pub hits: Vec<HitView>,
    /// Number of hits returned (at most `limit`).
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct HitView {
    /// `article` or `procedure`.
    pub kind: &'static str,
    pub document_number: String,
    pub article: String,
    /// Article title, or procedure name.
    pub title: String,
    /// Title of the article's document (article hits only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_title: Option<String>,
    pub snippet: String,
    /// Byte ranges of `snippet` to highlight.
    pub highlights: Vec<[usize; 2]>,
    pub score: f32,
    /// Procedure code, for procedure hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Article => "article",
        Kind::Procedure => "procedure",
    }
}

/// Parse `article` / `procedure`.
pub fn parse_kind(s: &str) -> Option<Kind> {
    match s.trim().to_ascii_lowercase().as_str() {
        "article" => Some(Kind::Article),
        "procedure" => Some(Kind::Procedure),
        _ => None,
    }
}

impl SearchResponse {
    pub fn from_hits(hits: Vec<Hit>) -> Self {
        let hits: Vec<HitView> = hits.into_iter().map(HitView::from).collect();
        SearchResponse {
            total: hits.len(),
            hits,
        }
    }
}

impl From<Hit> for HitView {
    fn from(hit: Hit) -> Self {
        match hit {
            Hit::Procedure(p) => HitView {
                kind: kind_name(Kind::Procedure),
                document_number: String::new(),
                article: String::new(),
                title: p.name,
                document_title: None,
                snippet: String::new(),
                highlights: Vec::new(),
                score: p.score,
                code: Some(p.code),
            },
            Hit::Article(a) => HitView {
                kind: kind_name(Kind::Article),
                document_number: a.document_number,
                article: a.article,
                title: a.article_title,
                document_title: Some(a.document_title),
                highlights: a.snippet.highlights.iter().map(|&(s, e)| [s, e]).collect(),
                snippet: a.snippet.text,
                score: a.score,
                code: None,
            },
        }
    }
}

/// The canonical number of the document a user names: any spelling of its
/// number, its ASCII file stem, or its name ("Luật Hộ tịch").
pub fn resolve_document(assistant: &Assistant, raw: &str) -> Option<String> {
    find_document(assistant.corpus(), raw)
        .map(|d| d.header.number.clone())
        .or_else(|| assistant.engine().resolve_document(raw))
}

/// The checked parameters.
struct Checked {
    q: String,
    limit: usize,
    kind: Option<Kind>,
    document: Option<String>,
}

fn check(p: SearchParams) -> Result<Checked, ApiError> {
    let q = p.q.unwrap_or_default();
    let q = q.trim();
    if q.is_empty() {
        return Err(ApiError::new(ErrorKind::EmptyQuery));
    }
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::new(ErrorKind::QueryTooLong));
    }
    let limit = match p.limit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => DEFAULT_SEARCH_LIMIT,
        Some(s) => match s.parse::<usize>() {
            Ok(0) | Err(_) => return Err(ApiError::new(ErrorKind::InvalidLimit)),
            Ok(n) => n.min(MAX_SEARCH_LIMIT),
        },
    };
    let kind = match p.kind.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(parse_kind(s).ok_or_else(|| ApiError::new(ErrorKind::InvalidKind))?),
    };
    let document = p
        .document
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty());
    Ok(Checked {
        q: q.to_string(),
        limit,
        kind,
        document,
    })
}

/// `GET /api/search`.
pub async fn search(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<axum::Json<SearchResponse>, ApiError> {
    let c = check(params)?;
    let assistant = state.assistant()?;
    let document = match &c.document {
        None => None,
        Some(raw) => Some(
            resolve_document(&assistant, raw)
                .ok_or_else(|| ApiError::new(ErrorKind::DocumentNotFound))?,
        ),
    };
    let hits = state
        .workers()
        .run(move || {
            assistant
                .engine()
                .search(&c.q, c.kind, document.as_deref(), c.limit)
        })
        .await??;
    Ok(axum::Json(SearchResponse::from_hits(hits)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str, limit: Option<&str>, kind: Option<&str>) -> SearchParams {
        SearchParams {
            q: Some(q.into()),
            limit: limit.map(Into::into),
            kind: kind.map(Into::into),
            document: None,
        }
    }

    fn err(p: SearchParams) -> Option<ErrorKind> {
        check(p).err().map(|e| e.kind())
    }

    #[test]
    fn limits_default_clamp_and_reject() {
        assert_eq!(
            check(params("a", None, None)).map(|c| c.limit).ok(),
            Some(10)
        );
        assert_eq!(
            check(params("a", Some("500"), None)).map(|c| c.limit).ok(),
            Some(50)
        );
        assert_eq!(
            err(params("a", Some("99999999999999999999999"), None)),
            Some(ErrorKind::InvalidLimit)
        );
        assert_eq!(
            err(params("a", Some("0"), None)),
            Some(ErrorKind::InvalidLimit)
        );
        assert_eq!(
            err(params("a", Some("-3"), None)),
            Some(ErrorKind::InvalidLimit)
        );
        assert_eq!(
            err(params("a", Some("ten"), None)),
            Some(ErrorKind::InvalidLimit)
        );
    }

    #[test]
    fn query_must_be_present_and_short() {
        assert_eq!(err(params("   ", None, None)), Some(ErrorKind::EmptyQuery));
        assert_eq!(err(SearchParams::default()), Some(ErrorKind::EmptyQuery));
        let long = "ă".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            err(params(&long, None, None)),
            Some(ErrorKind::QueryTooLong)
        );
        assert!(check(params(&"ă".repeat(MAX_QUERY_CHARS), None, None)).is_ok());
    }

    #[test]
    fn kind_is_article_or_procedure() {
        assert_eq!(
            check(params("a", None, Some("procedure")))
                .map(|c| c.kind)
                .ok(),
            Some(Some(Kind::Procedure))
        );
        assert_eq!(
            err(params("a", None, Some("law"))),
            Some(ErrorKind::InvalidKind)
        );
    }
}
