//! What searches return: procedure and article hits, mixed hits, filters.
//! Plain data, serializable for the HTTP layer; snippets carry byte ranges,
//! never HTML.

use serde::Serialize;

use super::snippet::Snippet;

/// What a mixed search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Procedure,
    Article,
}

/// A procedure found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureHit {
    pub code: String,
    pub name: String,
    pub score: f32,
    /// Which parts of the record contain a query term (`name`, `aliases`,
    /// `checklist`, `steps`, …), for explaining the match.
    pub matched_fields: Vec<&'static str>,
}

/// An article found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleHit {
    pub document_number: String,
    pub document_title: String,
    pub article: String,
    pub article_title: String,
    /// The clause (khoản) the query cited, if any.
    pub clause: Option<String>,
    pub snippet: Snippet,
    pub score: f32,
    /// True when the query cited this article ("Điều 16 Luật Hộ tịch").
    pub cited: bool,
}

/// One hit of a mixed search.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Hit {
    Procedure(ProcedureHit),
    Article(ArticleHit),
}

impl Hit {
    pub fn score(&self) -> f32 {
        match self {
            Hit::Procedure(h) => h.score,
            Hit::Article(h) => h.score,
        }
    }
}

/// Restrictions on article search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    /// Only articles of this document: a number in any spelling
    /// ("123/2015/ND-CP") or a name ("Luật Hộ tịch"). A document that cannot
    /// be resolved matches nothing.
    pub document: Option<String>,
}
