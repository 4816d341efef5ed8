//! One chat turn, end to end.

use std::sync::{Arc, OnceLock};

use super::basis::BasisDocuments;
use super::compose;
use super::intent::{self, detect_lang, folded_words};
use super::rank::{
    field_factor, name_match_of, AskedVariants, NameMatch, RankTuning, TopicWords, TypedWords,
    VariantCounts,
};
use super::session::Sessions;
use super::subjects::DocumentSubjects;
use super::types::*;
use super::understand::{understand, Understanding, Vocabulary};
use crate::config::CommuneProfile;
use crate::corpus::synonyms::Synonyms;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::search::Engine;

/// Longest message considered; the rest is ignored (the HTTP layer rejects
/// far larger bodies before this).
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// Documents that must spell a word's letters before the corpus's share of
/// a marked spelling is trusted ([`Synonyms::restrict_bare`]).
const MIN_SHARE_EVIDENCE: u64 = 20;

/// A word the corpus writes bare at least this share of its letters'
/// occurrences is, typed bare among marked words, written bare.
const WRITTEN_BARE_SHARE: f32 = 0.2;

/// Teach the synonyms how the corpus spells words, before anything reads
/// them (procedure names are rewritten with them too): "de" typed bare is
/// "để" far more often than "đẻ", so such one-word phrases match only as
/// written ([`Synonyms::restrict_bare`]); "lao" typed bare among marked words
/// is "lao" (động), not "lào" ([`Synonyms::learn_written_bare`]); a phrase
/// the `corpus`'s procedure names have stays beside its legal term
/// ([`Synonyms::keep_name_phrases`]).
/// `share(word, min)` is [`crate::search::written_share`] on the index.
pub fn learn_spellings(
    synonyms: &mut Synonyms,
    corpus: &Corpus,
    share: impl Fn(&str, u64) -> Option<f32>,
) {
    synonyms.keep_name_phrases(corpus.procedures.iter().map(|p| p.name.as_str()));
    synonyms.restrict_bare(|written| share(written, MIN_SHARE_EVIDENCE));
    synonyms.learn_written_bare(super::rank::trigger_words(), |folded| {
        share(folded, MIN_SHARE_EVIDENCE).is_some_and(|s| s >= WRITTEN_BARE_SHARE)
    });
    tracing::debug!(
        words = ?synonyms.marked_only(),
        written_bare = synonyms.written_bare_len(),
        "synonyms matched only as written; words often written bare"
    );
}

/// Thresholds of the confidence decision; tuned on the development sets.
#[derive(Debug, Clone)]
pub struct Tuning {
    pub rank: RankTuning,
    /// A new procedure replaces the session's only when its names cover at
    /// least this share of the topic.
    pub switch_topic_covered: f32,
    /// …and the message covers at least this share of its name.
    pub switch_name_covered: f32,
    /// A question asking for an opinion is answered only when the best
    /// procedure's names cover at least this share of its topic.
    pub advice_topic_covered: f32,
    /// A message stays on the session's procedure when at least this share of
    /// its topic (IDF mass) appears in that procedure's text.
    pub follow_up_fit: f32,
    /// A message of at most this many words stays on the session's
    /// procedure unless another procedure matches it strongly.
    pub follow_up_words: usize,
    /// Second score / first score at or above which both are offered.
    pub close_ratio: f32,
    pub passages: usize,
    /// Documents searched for passages when a procedure's legal basis and
    /// field fall short, or no procedure matched: the best by headings.
    pub subject_documents: usize,
    /// Without a procedure, articles are shown when the best one's title has
    /// at least this share of the topic (IDF mass), or when it is cited.
    pub article_title_covered: f32,
    pub alternatives: usize,
    /// Hits re-ranked after search.
    pub candidates: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            rank: RankTuning::default(),
            switch_topic_covered: 0.7,
            switch_name_covered: 0.3,
            advice_topic_covered: 0.8,
            follow_up_fit: 0.5,
            follow_up_words: 8,
            close_ratio: 0.92,
            passages: 3,
            subject_documents: 3,
            article_title_covered: 0.6,
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
    vocab: Vocabulary,
    /// Where each procedure's passages are searched first.
    basis: BasisDocuments,
    /// Documents by what their headings are about: where passages are
    /// searched when the basis falls short. Built on first use (~35 ms on
    /// the national corpus).
    subjects: OnceLock<DocumentSubjects>,
    /// Shared with the assistant this one replaces at a reindex.
    sessions: Arc<Sessions>,
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
    pub name_match: NameMatch,
    /// The other inputs of `score`, kept for `motcua eval`'s feature dump.
    pub relevance: f32,
    pub variants: VariantCounts,
    pub field_factor: f32,
    /// Words in the question's topic.
    pub topic_words: usize,
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
        let mut synonyms = synonyms;
        learn_spellings(&mut synonyms, &corpus, |w, min| {
            engine.written_share(w, min)
        });
        let vocab = Vocabulary::new(&corpus, &synonyms);
        Assistant::with_vocabulary(engine, corpus, profile, synonyms, vocab)
    }

    /// [`Assistant::new`] with the vocabulary of `corpus` and `synonyms`
    /// already built ([`Vocabulary::new`]), the synonyms having learned the
    /// corpus's spellings ([`learn_spellings`]).
    pub fn with_vocabulary(
        engine: Engine,
        corpus: Arc<Corpus>,
        profile: CommuneProfile,
        synonyms: Synonyms,
        vocab: Vocabulary,
    ) -> Self {
        let basis = BasisDocuments::new(&corpus);
        Assistant {
            engine,
            basis,
            subjects: OnceLock::new(),
            corpus,
            profile,
            synonyms,
            vocab,
            sessions: Arc::new(Sessions::default()),
            tuning: Tuning::default(),
        }
    }

    /// Continue the conversations of `previous` (the assistant this one
    /// replaces at a reindex), so a follow-up after the swap stays on its
    /// procedure.
    pub fn keep_sessions_of(mut self, previous: &Assistant) -> Self {
        self.sessions = Arc::clone(&previous.sessions);
        self
    }

    /// Start a new session on `procedure`, as a session-less turn answered
    /// with it does; returns the session id.
    pub fn start_session(&self, procedure: Option<&str>) -> String {
        self.sessions.record(None, procedure)
    }

    /// The folded forms of a procedure's names and aliases as questions
    /// meet them (as written, and as the synonyms rewrite them).
    pub fn name_forms(&self, code: &str) -> &[Vec<String>] {
        self.vocab.names(code)
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
        if let Some(kind) = intent::social(&message) {
            return Ok(self.social(kind, req.session.as_deref(), lang));
        }
        let mut intent = intent::detect(&message);
        let understood = understand(&message, &self.synonyms, &self.vocab);
        let previous = req
            .session
            .as_deref()
            .and_then(|id| self.sessions.procedure(id));
        let Routing {
            chosen,
            candidates,
            follow_up,
        } = self.route_understood(&message, &understood, previous.as_deref())?;

        let index = chosen
            .as_deref()
            .and_then(|c| self.corpus.procedure_index(c));
        let procedure = index.map(|i| &self.corpus.procedures[i]);
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
            let passages = self.unrouted_passages(&message, &understood)?;
            let mut answer = compose::not_sure(&alternatives, &contact, lang);
            if !passages.is_empty() {
                answer.push('\n');
                answer.push_str(match lang {
                    Lang::Vi => {
                        "Không có thủ tục nào khớp, nhưng các điều luật dưới đây có thể liên quan."
                    }
                    Lang::En => "No procedure matched, but the articles below may be relevant.",
                });
            }
            return Ok(ChatResponse {
                answer,
                procedure: None,
                suggestions: alternatives.iter().map(|a| a.name.clone()).collect(),
                alternatives,
                passages,
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
        let passages = self.passages(&message, &understood, p, index.unwrap_or(usize::MAX))?;
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

    /// The session of a conversation held elsewhere (a messaging chat), by
    /// that system's key for it: follow-ups there stay on their procedure.
    pub fn session_for(&self, key: &str) -> String {
        self.sessions.keyed(key)
    }

    /// The reply to a greeting in `lang` (a messaging app's "/start").
    pub fn greeting(&self, session: Option<&str>, lang: Lang) -> ChatResponse {
        self.social(intent::Social::Greeting, session, lang)
    }

    /// A courtesy for social talk: no search, and the session keeps its
    /// procedure, so "cảm ơn" and then "lệ phí bao nhiêu?" still asks
    /// about it. A greeting introduces the assistant with example
    /// questions and the center's contact; thanks offer the follow-ups.
    fn social(&self, kind: intent::Social, session: Option<&str>, lang: Lang) -> ChatResponse {
        let previous = session.and_then(|id| self.sessions.procedure(id));
        let session = self.sessions.record(session, None);
        let suggestions: Vec<String> = match kind {
            intent::Social::Greeting => compose::examples(lang)
                .iter()
                .map(|s| s.to_string())
                .collect(),
            intent::Social::Thanks if previous.is_some() => follow_up_chips(Intent::Overview, lang),
            _ => Vec::new(),
        };
        let contact =
            (kind == intent::Social::Greeting).then(|| compose::contact(&self.profile, lang));
        ChatResponse {
            answer: compose::social(kind, &self.profile.name, lang),
            procedure: None,
            alternatives: Vec::new(),
            passages: Vec::new(),
            suggestions,
            session,
            intent: Intent::Social,
            lang,
            contact,
        }
    }

    /// Route a question. In a session, a message stays on the previous
    /// procedure when it only names an aspect ("lệ phí bao nhiêu?"), or when
    /// no other procedure matches it strongly and its words fit the previous
    /// procedure's text ("cả hai người có phải cùng đến không?").
    pub fn route(&self, message: &str, previous: Option<&str>) -> Result<Routing> {
        // Social talk is answered before routing (see `chat`): no procedure.
        if intent::social(message).is_some() {
            return Ok(Routing::default());
        }
        let u = understand(message, &self.synonyms, &self.vocab);
        self.route_understood(message, &u, previous)
    }

    /// [`Self::route`] with the message already understood.
    fn route_understood(
        &self,
        message: &str,
        u: &Understanding,
        previous: Option<&str>,
    ) -> Result<Routing> {
        tracing::trace!(rewritten = %u.rewritten, query = %u.query(), "understood");
        let stay = |candidates: Vec<Candidate>| Routing {
            chosen: previous.map(str::to_string),
            candidates,
            follow_up: true,
        };
        if previous.is_some() && (intent::is_follow_up(message) || u.topic.is_empty()) {
            return Ok(stay(Vec::new()));
        }
        let candidates = self.candidates(u)?;
        // An opinion asked about a procedure's subject is no request for the
        // procedure, unless the question is mostly its name.
        // In English the topic is only what the glossary turned into
        // Vietnamese terms, so coverage cannot tell an opinion ("should I
        // get married before buying a house?") from a request: never answered.
        let advice = intent::asks_advice(message);
        let english = detect_lang(message) == Lang::En;
        let top = candidates.first().filter(|c| {
            c.credible
                && !(advice
                    && (english || c.name_match.topic_covered < self.tuning.advice_topic_covered))
        });
        if let Some(prev) = previous {
            // A new topic also covers a fair part of the new name: one
            // generic word ("chứng minh", "thứ 7") does not change the subject.
            let strong_new = top.is_some_and(|c| {
                c.code != prev
                    && c.name_match.topic_covered >= self.tuning.switch_topic_covered
                    && c.name_match.name_covered >= self.tuning.switch_name_covered
            });
            let top_is_prev = top.is_some_and(|c| c.code == prev);
            // A short message that names no other procedure strongly is
            // about the one being discussed ("làm qua app VNeID được không",
            // "thứ 7 có làm không"): it has too few words to fit any text.
            let short = folded_words(message).len() <= self.tuning.follow_up_words;
            if top_is_prev || (!strong_new && (short || self.fits(prev, u))) {
                return Ok(stay(candidates));
            }
        }
        let chosen = top.map(|c| c.code.clone());
        Ok(Routing {
            chosen,
            candidates,
            follow_up: false,
        })
    }

    /// Whether a question's topic fits a procedure's own text.
    fn fits(&self, code: &str, u: &Understanding) -> bool {
        self.vocab.text_fit(code, &u.folded()) >= self.tuning.follow_up_fit
    }

    /// Search with the topic of the question, re-rank by name coverage and
    /// variant, and mark which candidates are credible.
    fn candidates(&self, u: &Understanding) -> Result<Vec<Candidate>> {
        if u.query().trim().is_empty() {
            return Ok(Vec::new());
        }
        let query = u.search_query();
        // Scores and procedures only: routing needs no `matched_fields`.
        let hits = self
            .engine
            .rank_procedures(&query, self.tuning.candidates)?;
        let best = hits
            .first()
            .map(|h| h.0)
            .filter(|s| *s > 0.0)
            .unwrap_or(1.0);
        let question = folded_words(&u.rewritten);
        let topic = u.folded();
        // What depends on the question alone, once for all candidates. Names
        // are matched by the words as names can write them.
        let name_topic = u.name_folded();
        let topic_words = TopicWords::new(&name_topic, &self.vocab);
        let asked = AskedVariants::new(
            &TypedWords::new(&u.rewritten).marked(u.marked, |w| self.synonyms.is_written_bare(w)),
        );
        let rank = &self.tuning.rank;
        let mut out: Vec<Candidate> = hits
            .into_iter()
            .filter_map(|(score, hit)| {
                // The corpus's first procedure with the hit's code (as the
                // code's lookup always gave).
                let p = self.corpus.procedure(&hit.code)?;
                let names = self.vocab.name_features(p);
                let m = if topic.is_empty() {
                    NameMatch::default()
                } else {
                    let fit = self.vocab.text_fit_of(&p.code, &topic, topic_words.idf());
                    name_match_of(&topic_words, &names, fit)
                };
                let relevance = score / best;
                let variants = asked.counts(&names.variants, self.vocab.names(&p.code));
                let field = field_factor(&question, &p.field);
                Some(Candidate {
                    code: hit.code.clone(),
                    name: p.name.clone(),
                    score: rank.score(relevance, &m, variants.factor() * field),
                    // One syllable is rarely a topic of its own ("mai" of
                    // "mai có bão không" is no "thương mại"). A special case
                    // the question did not ask for ("trình báo mất hộ chiếu"
                    // for "làm hộ chiếu"), or a customs or tax record for a
                    // question that names neither, is no answer.
                    credible: topic.len() >= 2
                        && rank.credible(&m, u.english)
                        && variants.unasked == 0
                        && field == 1.0,
                    name_match: m,
                    relevance,
                    variants,
                    field_factor: field,
                    topic_words: topic.len(),
                })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(out)
    }

    /// Articles for a question no procedure answers (an official's "điều 5
    /// nđ 23/2015", "người giám hộ có nghĩa vụ gì"): only when the question
    /// cites the article, or when the best article's title has most of the
    /// question's topic. They back a "no procedure matched" answer.
    ///
    /// Searched in the document the question names, if any, else in the
    /// documents whose headings are most about its topic
    /// ([`DocumentSubjects`]), never in every article of the corpus.
    fn unrouted_passages(&self, message: &str, topic: &Understanding) -> Result<Vec<Passage>> {
        let cited = self.engine.citation(message).document;
        let docs: Vec<&str> = match &cited {
            Some(d) => vec![d.as_str()],
            None => self.document_numbers(&self.subjects().rank(
                &topic.query(),
                self.tuning.subject_documents,
                0.0,
            )),
        };
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let found = self
            .engine
            .search_articles_in(message, &docs, self.tuning.passages)?;
        let Some(first) = found.hits().first() else {
            return Ok(Vec::new());
        };
        let strong = first.cited || {
            let topic = topic.folded();
            let title = folded_words(&first.article_title);
            let total: f32 = topic.iter().map(|t| self.vocab.idf(t)).sum();
            let hit: f32 = topic
                .iter()
                .filter(|t| title.contains(t))
                .map(|t| self.vocab.idf(t))
                .sum();
            topic.len() >= 2 && total > 0.0 && hit / total >= self.tuning.article_title_covered
        };
        if !strong {
            return Ok(Vec::new());
        }
        let shown = if first.cited { 1 } else { found.hits().len() };
        Ok(found
            .into_hits(0..shown)
            .into_iter()
            .map(Passage::from)
            .collect())
    }

    fn subjects(&self) -> &DocumentSubjects {
        self.subjects
            .get_or_init(|| DocumentSubjects::new(&self.corpus))
    }

    /// Documents by number as the corpus spells it (the document filter's form).
    fn document_numbers(&self, docs: &[usize]) -> Vec<&str> {
        docs.iter()
            .filter_map(|&i| self.corpus.documents.get(i))
            .map(|d| d.header.number.as_str())
            .collect()
    }

    /// Articles that back the answer: the best-matching articles of the
    /// document the question cites, if any; then of the procedure's legal
    /// basis; when those have too few that match, of the other documents its
    /// field's procedures cite; then of the documents whose headings are
    /// most about the procedure ([`DocumentSubjects`]: its name and field).
    ///
    /// Each set of documents is searched on its own (a document filter: a
    /// few documents' articles to rank instead of every article of the
    /// corpus, most of a national-size chat turn otherwise). The tables come
    /// from [`BasisDocuments`], built once per corpus.
    fn passages(
        &self,
        message: &str,
        u: &Understanding,
        p: &crate::corpus::Procedure,
        index: usize,
    ) -> Result<Vec<Passage>> {
        let want = self.tuning.passages;
        if want == 0 {
            return Ok(Vec::new());
        }
        let topic = u.query();
        let query = format!("{} {topic}", p.name);
        let cited = self
            .engine
            .citation(message)
            .document
            .and_then(|d| self.basis.document(&d));
        let mut searched: Vec<usize> = Vec::new();
        let mut shown = Vec::new();
        for tier in 0..4 {
            if shown.len() >= want {
                break;
            }
            let docs: Vec<usize> = match tier {
                0 => cited.into_iter().collect(),
                1 => self.basis.own(index).to_vec(),
                2 => self.basis.field(&self.corpus, index).to_vec(),
                _ => self.subjects().rank(
                    &format!("{} {}", p.name, p.field),
                    self.tuning.subject_documents,
                    0.0,
                ),
            };
            let docs: Vec<usize> = docs.into_iter().filter(|d| !searched.contains(d)).collect();
            if docs.is_empty() {
                continue;
            }
            // Snippets are cut only for the passages shown.
            let found = self.engine.search_articles_in(
                &query,
                &self.document_numbers(&docs),
                want - shown.len(),
            )?;
            let n = found.hits().len();
            shown.extend(found.into_hits(0..n));
            searched.extend(docs);
        }
        Ok(shown.into_iter().map(Passage::from).collect())
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
