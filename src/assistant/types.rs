//! The chat contract: what one turn takes and returns. These types are the
//! JSON bodies of `POST /api/chat` and the output of `motcua ask --json`.

use serde::{Deserialize, Serialize};

use crate::corpus::{ChannelKind, DocumentForm, Fee, LegalRef, ProcessingTime};

/// Answer language. Legal content stays Vietnamese; labels follow `lang`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// One chat turn from a citizen.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatRequest {
    pub message: String,
    /// The `session` returned by the previous turn, for follow-ups.
    #[serde(default)]
    pub session: Option<String>,
    /// Force the answer language; detected from the message when absent.
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// The assistant's answer to one turn.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChatResponse {
    /// Plain text a person can read aloud: the procedure, and the part asked
    /// about first. Every sentence comes from the corpus or fixed labels.
    pub answer: String,
    /// The matched procedure, or `null` when the assistant is not confident.
    pub procedure: Option<ProcedureView>,
    /// Closest procedures (when not confident, or as "did you mean").
    pub alternatives: Vec<Alternative>,
    /// Cited legal passages.
    pub passages: Vec<Passage>,
    /// Quick replies the client can offer as chips.
    pub suggestions: Vec<String>,
    /// Pass back on the next turn.
    pub session: String,
    /// What the turn was understood as asking about.
    pub intent: Intent,
    /// Language of the labels in `answer`.
    pub lang: Lang,
    /// The center's contact, shown when not confident (empty fields omitted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
}

/// The part of a procedure a question is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// The whole procedure (no specific aspect asked).
    #[default]
    Overview,
    Documents,
    Fees,
    Time,
    Where,
    Steps,
    Result,
    LegalBasis,
    /// Not an administrative procedure question.
    OutOfScope,
    /// Social talk only (a greeting, thanks, a goodbye): answered with a
    /// fixed courtesy, no procedure; the session keeps its procedure.
    Social,
}

/// A procedure as a citizen needs it: the checklist first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcedureView {
    pub code: String,
    pub name: String,
    pub field: String,
    pub agency: String,
    pub channels: Vec<ChannelView>,
    pub checklist: Vec<ChecklistView>,
    pub steps: Vec<String>,
    pub processing_time: Option<ProcessingTime>,
    pub fees: Vec<Fee>,
    pub result: Vec<String>,
    pub legal_basis: Vec<LegalBasisView>,
    pub source_url: String,
    pub as_of: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChannelView {
    pub kind: ChannelKind,
    /// "Trực tiếp" / "In person"…
    pub label: String,
    pub processing_time: Option<ProcessingTime>,
    pub fee_text: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChecklistView {
    pub name: String,
    pub quantity: u32,
    pub form: DocumentForm,
    /// "Bản chính" / "Original"…
    pub form_label: String,
    /// Only shown, not handed in.
    pub show_only: bool,
    pub condition: String,
    pub template: String,
    pub citations: Vec<LegalRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LegalBasisView {
    pub document_number: String,
    pub article: Option<String>,
    pub title: String,
    /// Whether the document's text is in the corpus (links can open it).
    pub in_corpus: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Alternative {
    pub code: String,
    pub name: String,
    pub score: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Passage {
    pub document_number: String,
    pub document_title: String,
    pub article: String,
    pub article_title: String,
    pub snippet: String,
    /// Byte ranges of `snippet` to highlight (no HTML: the client escapes).
    pub highlights: Vec<[usize; 2]>,
    pub score: f32,
}

impl From<crate::search::ArticleHit> for Passage {
    fn from(h: crate::search::ArticleHit) -> Self {
        Passage {
            document_number: h.document_number,
            document_title: h.document_title,
            article: h.article,
            article_title: h.article_title,
            highlights: h.snippet.highlights.iter().map(|&(a, b)| [a, b]).collect(),
            snippet: h.snippet.text,
            score: h.score,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    /// Labelled lines, e.g. ["Đường dây nóng", "024…"]; empty fields are absent.
    pub lines: Vec<[String; 2]>,
}
