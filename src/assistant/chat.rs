//! One chat turn, end to end.

use std::sync::Arc;

use super::compose;
use super::intent::{self, detect_lang, folded_words, topic_words};
use super::rank::{self, name_match};
use super::session::Sessions;
use super::types::*;
use crate::config::CommuneProfile;
use crate::corpus::synonyms::Synonyms;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::search::{ArticleFilter, Engine};

/// Longest message considered; the rest is ignored (the HTTP layer rejects
/// far larger bodies before this).
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// Thresholds of the confidence decision; tuned on the development sets.
#[derive(Debug, Clone)]
pub struct Tuning {
    /// Share of topic words a procedure's names must cover, without a bigram.
    pub min_coverage: f32,
    /// Second score / first score at or above which both are offered.
    pub close_ratio: f32,
    pub passages: usize,
    pub alternatives: usize,
    /// Hits re-ranked after search.
    pub candidates: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            min_coverage: 0.5,
            close_ratio: 0.92,
            passages: 3,
            alternatives: 3,
            candidates: 20,
        }
    }
}

/// The assistant: engine + corpus + commune profile + conversation memory.
pub struct Assistant {
    engine: Engine,
    corpus: Arc<Corpus>,
    profile: CommuneProfile,
    synonyms: Synonyms,
    sessions: Sessions,
    tuning: Tuning,
}

/// A procedure considered for a question, after re-ranking.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub code: String,
    pub name: String,
    pub score: f32,
    /// Whether its names cover the question well enough to answer with it.
    pub credible: bool,
}

/// How a question was routed: the procedure answered with (if any) and the
/// ranked candidates. What `chat` acts on and `eval` measures.
#[derive(Debug, Clone, Default)]
pub struct Routing {
    pub chosen: Option<String>,
    pub candidates: Vec<Candidate>,
    /// The question only made sense as a follow-up of `previous`.
    pub follow_up: bool,
}

impl Assistant {
    pub fn new(
        engine: Engine,
        corpus: Arc<Corpus>,
        profile: CommuneProfile,
        synonyms: Synonyms,
    ) -> Self {
        Assistant {
            engine,
            corpus,
            profile,
            synonyms,
            sessions: Sessions::default(),
            tuning: Tuning::default(),
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    pub fn profile(&self) -> &CommuneProfile {
        &self.profile
    }

    /// The same assistant speaking for another profile (tests, deployments
    /// that override `commune.toml`).
    pub fn with_profile(mut self, profile: CommuneProfile) -> Self {
        self.profile = profile;
        self
    }

    /// Answer one turn.
    pub fn chat(&self, req: &ChatRequest) -> Result<ChatResponse> {
        let message: String = crate::text::nfc(req.message.trim())
            .chars()
            .take(MAX_MESSAGE_CHARS)
            .collect();
        if message.trim().is_empty() {
            return Err(Error::InvalidInput("message is empty".into()));
        }
        let lang = req.lang.unwrap_or_else(|| detect_lang(&message));
        let mut intent = intent::detect(&message);
        let previous = req
            .session
            .as_deref()
            .and_then(|id| self.sessions.procedure(id));
        let Routing {
            chosen,
            candidates,
            follow_up,
        } = self.route(&message, previous.as_deref())?;

        let procedure = chosen.as_deref().and_then(|c| self.corpus.procedure(c));
        let session = self
            .sessions
            .record(req.session.as_deref(), procedure.map(|p| p.code.as_str()));
        let alternatives: Vec<Alternative> = candidates
            .iter()
            .filter(|c| Some(&c.code) != chosen.as_ref())
            .take(self.tuning.alternatives)
            .map(|c| Alternative {
                code: c.code.clone(),
                name: c.name.clone(),
                score: c.score,
            })
            .collect();

        let Some(p) = procedure else {
            intent = Intent::OutOfScope;
            let contact = compose::contact(&self.profile, lang);
            return Ok(ChatResponse {
                answer: compose::not_sure(&alternatives, &contact, lang),
                procedure: None,
                suggestions: alternatives.iter().map(|a| a.name.clone()).collect(),
                alternatives,
                passages: Vec::new(),
                session,
                intent,
                lang,
                contact: Some(contact),
            });
        };

        let view = compose::view(p, &self.corpus, &self.profile, lang);
        let mut answer = compose::answer(&view, intent, follow_up, lang);
        let mut suggestions = Vec::new();
        if let (Some(first), Some(second)) = (candidates.first(), candidates.get(1)) {
            if second.credible && second.score >= first.score * self.tuning.close_ratio {
                let ask = match lang {
                    Lang::Vi => "Bạn hỏi thủ tục nào? Tôi đang trả lời cho thủ tục đầu tiên:",
                    Lang::En => "Which procedure do you mean? I am answering for the first one:",
                };
                answer = format!("{ask} {} / {}\n{answer}", first.name, second.name);
                suggestions.push(first.name.clone());
                suggestions.push(second.name.clone());
            }
        }
        suggestions.extend(follow_up_chips(intent, lang));
        let passages = self.passages(&message, p)?;
        Ok(ChatResponse {
            answer,
            procedure: Some(view),
            alternatives,
            passages,
            suggestions,
            session,
            intent,
            lang,
            contact: None,
        })
    }

    /// Route a question: a follow-up stays on `previous`; otherwise search,
    /// re-rank, and choose the best candidate if it is credible.
    pub fn route(&self, message: &str, previous: Option<&str>) -> Result<Routing> {
        if previous.is_some() && intent::is_follow_up(message) {
            return Ok(Routing {
                chosen: previous.map(str::to_string),
                candidates: Vec::new(),
                follow_up: true,
            });
        }
        let candidates = self.candidates(message)?;
        let chosen = candidates
            .first()
            .filter(|c| c.credible)
            .map(|c| c.code.clone());
        Ok(Routing {
            chosen,
            candidates,
            follow_up: false,
        })
    }

    /// Search with the question and the legal terms it implies (synonyms),
    /// re-rank by variant, and mark which hits are credible.
    fn candidates(&self, message: &str) -> Result<Vec<Candidate>> {
        let expanded = self.synonyms.expand(message);
        let hits = self
            .engine
            .search_procedures(&expanded, self.tuning.candidates)?;
        let words = folded_words(&expanded);
        let topic = topic_words(&expanded);
        let mut out: Vec<Candidate> = hits
            .into_iter()
            .filter_map(|h| {
                let p = self.corpus.procedure(&h.code)?;
                let m = name_match(&topic, p, &[]);
                Some(Candidate {
                    code: h.code.clone(),
                    name: p.name.clone(),
                    score: h.score * rank::variant_factor(&words, &p.name),
                    credible: m.bigram || m.coverage >= self.tuning.min_coverage,
                })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(out)
    }

    /// Articles that back the answer: those of the procedure's legal basis first.
    fn passages(&self, message: &str, p: &crate::corpus::Procedure) -> Result<Vec<Passage>> {
        let query = format!("{} {}", p.name, message);
        let hits = self
            .engine
            .search_articles(&query, &ArticleFilter::default(), 20)?;
        let basis: Vec<&str> = p
            .legal_basis
            .iter()
            .map(|r| r.document_number.as_str())
            .collect();
        let mut hits: Vec<_> = hits.into_iter().enumerate().collect();
        hits.sort_by_key(|(i, h)| (!basis.contains(&h.document_number.as_str()), *i));
        Ok(hits
            .into_iter()
            .take(self.tuning.passages)
            .map(|(_, h)| Passage {
                document_number: h.document_number,
                document_title: h.document_title,
                article: h.article,
                article_title: h.article_title,
                highlights: h.snippet.highlights.iter().map(|&(a, b)| [a, b]).collect(),
                snippet: h.snippet.text,
                score: h.score,
            })
            .collect())
    }
}

/// Quick replies offered after an answer, skipping the one just answered.
fn follow_up_chips(intent: Intent, lang: Lang) -> Vec<String> {
    let all: [(Intent, &str, &str); 4] = [
        (
            Intent::Documents,
            "Cần giấy tờ gì?",
            "What documents do I need?",
        ),
        (Intent::Fees, "Lệ phí bao nhiêu?", "How much does it cost?"),
        (Intent::Time, "Mất bao lâu?", "How long does it take?"),
        (Intent::Where, "Nộp ở đâu?", "Where do I submit?"),
    ];
    all.iter()
        .filter(|(i, _, _)| {
            *i != intent && !(intent == Intent::Overview && *i == Intent::Documents)
        })
        .map(|(_, vi, en)| if lang == Lang::En { en } else { vi }.to_string())
        .collect()
}
