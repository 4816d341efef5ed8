//! Search: procedures and legal articles, ranked with BM25, field boosts,
//! exact-over-folded bonuses, proximity, and citation recognition.
//!
//! Citizen text never goes through tantivy's `QueryParser` (a `:` would select
//! a field; deep parentheses overflow the stack). [`prepare`] turns it into
//! bounded analyzer terms; [`query`] builds term, phrase and keyword queries
//! in code; [`citation`] recognizes "Điều 16 Luật Hộ tịch" and friends and
//! the cited article is put first; [`snippet`] cuts highlighted passages.
//!
//! The engine is synchronous CPU work and holds no runtime: callers in async
//! code run it on a blocking pool.
//!
//! ```no_run
//! # fn main() -> motcua::Result<()> {
//! use std::sync::Arc;
//! use motcua::search::{ArticleFilter, Engine};
//! # let corpus: motcua::corpus::Corpus = Default::default();
//! let opened = motcua::index::open(std::path::Path::new("index"))?;
//! let engine = Engine::new(opened, Arc::new(corpus));
//! let procedures = engine.search_procedures("làm giấy khai sinh cho con", 5)?;
//! let articles = engine.search_articles("Điều 16 Luật Hộ tịch", &ArticleFilter::default(), 5)?;
//! # Ok(()) }
//! ```

mod addresses;
pub mod citation;
mod clauses;
mod doc_filter;
pub mod hits;
pub mod legal_query;
pub mod prepare;
mod procedure_postings;
pub mod query;
mod rank;
mod restricted;
pub mod snippet;
pub mod weights;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexReader, Searcher, TantivyDocument};

pub use self::citation::Citation;
pub use self::hits::{ArticleFilter, ArticleHit, Hit, Kind, ProcedureHit};
pub use self::prepare::{PreparedQuery, MAX_QUERY_CHARS, MAX_TERMS};
use self::rank::{
    matched_fields, name_coverage_of_pairs, name_terms, FieldTerms, KindStats, QueryPairs,
};
pub use self::snippet::Snippet;
pub use self::weights::{ArticleWeights, ProcedureWeights, Weights};
use crate::analysis::docnum::normalize;
use crate::corpus::{Article, Corpus, DocumentStatus, LegalDocument, Procedure};
use crate::index::document::article_key;
use crate::index::{Fields, Manifest, Opened, KIND_ARTICLE, KIND_PROCEDURE};
use crate::Result;

/// Results per call are capped at this many.
pub const MAX_LIMIT: usize = 100;

/// The search engine over one opened index generation and its corpus.
pub struct Engine {
    reader: IndexReader,
    fields: Fields,
    manifest: Manifest,
    corpus: Arc<Corpus>,
    weights: Weights,
    names: citation::DocumentNames,
    procedures_by_code: HashMap<String, usize>,
    /// Per procedure: distinct folded terms of its name and of each alias.
    procedure_names: Vec<Vec<Vec<String>>>,
    /// Per procedure: its folded terms by part, for `matched_fields`;
    /// analysed on the procedure's first hit.
    procedure_fields: Vec<OnceLock<FieldTerms>>,
    /// Per segment, per document: the corpus index of the procedure indexed
    /// there, read from its stored code on its first hit (a stored-document
    /// fetch for each of the ~50 re-ranked hits of every procedure search
    /// otherwise). The generation's segments never change (manual reload).
    procedure_at: Vec<Vec<OnceLock<u32>>>,
    /// (normalized document number, article key) → (document index, article index).
    articles_by_key: HashMap<(String, String), (usize, usize)>,
    /// Indexed article → (document index, article index) in the corpus.
    articles_by_addr: HashMap<DocAddress, (usize, usize)>,
    /// Clause passages of every article (see [`clauses`]).
    clauses: clauses::ClauseIndex,
    /// The procedures' postings, for their term clauses (see
    /// [`procedure_postings`]); `None` if they could not be read (tantivy
    /// scores every clause then).
    procedure_postings: Option<procedure_postings::ProcedurePostings>,
    /// Per document, per article: what its title tells, analysed on the
    /// article's first hit (18,401 titles of a national corpus cost ~0.2 s
    /// at start-up; a search sees a few dozen).
    article_titles: Vec<Vec<OnceLock<ArticleTitle>>>,
}

/// What the ranking reads in an article's title.
struct ArticleTitle {
    /// Its folded terms (one "name" for [`name_coverage_of_pairs`]).
    terms: Vec<Vec<String>>,
    /// A "Giải thích từ ngữ" article (see [`legal_query`]).
    definitions: bool,
}

impl ArticleTitle {
    fn new(title: &str) -> Self {
        ArticleTitle {
            terms: vec![crate::analysis::tokens(
                crate::analysis::Analyzer::ViFolded,
                title,
            )],
            definitions: legal_query::is_definitions_title(title),
        }
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("manifest", &self.manifest)
            .field("weights", &self.weights)
            .finish_non_exhaustive()
    }
}

impl Engine {
    pub fn new(opened: Opened, corpus: Arc<Corpus>) -> Self {
        let started = std::time::Instant::now();
        let lap = |what: &str| {
            tracing::debug!(ms = started.elapsed().as_millis() as u64, "engine: {what}");
        };
        let procedures_by_code = corpus
            .procedures
            .iter()
            .enumerate()
            .map(|(i, p)| (p.code.trim().to_string(), i))
            .collect();
        let procedure_names = corpus.procedures.iter().map(name_terms).collect();
        let procedure_fields = corpus.procedures.iter().map(|_| OnceLock::new()).collect();
        let procedure_at = opened
            .reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|s| (0..s.max_doc()).map(|_| OnceLock::new()).collect())
            .collect();
        let mut articles_by_key = HashMap::new();
        // The keys in corpus order, for the article address snapshot.
        let mut keys_hash = crate::snapshot::FNV_OFFSET;
        for (di, d) in corpus.documents.iter().enumerate() {
            let number = normalize(&d.header.number);
            keys_hash = crate::snapshot::fnv_prefixed(keys_hash, number.as_bytes());
            keys_hash = crate::snapshot::fnv_u64(keys_hash, d.articles.len() as u64);
            for (ai, a) in d.articles.iter().enumerate() {
                let key = article_key(&a.number);
                keys_hash = crate::snapshot::fnv_prefixed(keys_hash, key.as_bytes());
                articles_by_key
                    .entry((number.clone(), key))
                    .or_insert((di, ai));
            }
        }
        lap("procedure names, article keys");
        // Precomputed beside the generation (a snapshot), else computed.
        let articles_by_addr = addresses::load_or_new(
            &opened.reader.searcher(),
            &opened.fields,
            &opened.manifest,
            &corpus,
            &articles_by_key,
            keys_hash,
            Some(&opened.generation.path.join(addresses::SNAPSHOT_FILE)),
        );
        lap("article addresses");
        let article_titles = corpus
            .documents
            .iter()
            .map(|d| d.articles.iter().map(|_| OnceLock::new()).collect())
            .collect();
        lap("article title slots");
        // Precomputed beside the generation (a snapshot), else computed.
        let clauses = clauses::ClauseIndex::load_or_new(
            &corpus,
            Some(&opened.generation.path.join(clauses::SNAPSHOT_FILE)),
        );
        lap("clause index");
        let names = citation::DocumentNames::new(&corpus);
        lap("document names");
        let procedure_postings = {
            let searcher = opened.reader.searcher();
            let stats = KindStats {
                searcher: &searcher,
                docs: opened.manifest.procedures,
            };
            let fields: Vec<_> = query::procedure_text_fields(&opened.fields)
                .iter()
                .flat_map(|pair| [pair.exact, pair.folded])
                .collect();
            let phrase_fields = query::procedure_phrase_fields(&opened.fields);
            match procedure_postings::ProcedurePostings::new(
                &searcher,
                &stats,
                opened.fields.kind,
                &fields,
                &phrase_fields,
            ) {
                Ok(p) => {
                    let (postings, positional, positions, terms) = p.sizes();
                    tracing::debug!(
                        postings,
                        positional,
                        positions,
                        terms,
                        "engine: procedure postings"
                    );
                    Some(p)
                }
                Err(e) => {
                    tracing::warn!(error = %e, "procedure postings not read; tantivy scores them");
                    None
                }
            }
        };
        lap("procedure postings");
        Engine {
            procedure_postings,
            clauses,
            article_titles,
            articles_by_addr,
            reader: opened.reader,
            fields: opened.fields,
            manifest: opened.manifest,
            names,
            corpus,
            weights: Weights::default(),
            procedures_by_code,
            procedure_names,
            procedure_fields,
            procedure_at,
            articles_by_key,
        }
    }

    /// Replace the ranking weights.
    pub fn with_weights(mut self, weights: Weights) -> Self {
        self.weights = weights;
        self
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    pub fn corpus(&self) -> &Arc<Corpus> {
        &self.corpus
    }

    /// The manifest of the generation being searched.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The article `article` of document `document_number` (any spelling of
    /// the number: "123/2015/ND-CP" finds "123/2015/NĐ-CP").
    pub fn article(
        &self,
        document_number: &str,
        article: &str,
    ) -> Option<(&LegalDocument, &Article)> {
        let number = crate::corpus::docnum::canonical(document_number)
            .unwrap_or_else(|| document_number.trim().to_string());
        let &(di, ai) = self
            .articles_by_key
            .get(&(normalize(&number), article_key(article)))?;
        let d = self.corpus.documents.get(di)?;
        Some((d, d.articles.get(ai)?))
    }

    /// The citation recognized in `query`, if any (see [`citation`]).
    pub fn citation(&self, query: &str) -> Citation {
        let capped: String = query.chars().take(MAX_QUERY_CHARS).collect();
        self.names.parse(&capped)
    }

    /// Resolve a document given by number or name to its canonical number.
    pub fn resolve_document(&self, document: &str) -> Option<String> {
        let capped: String = document.chars().take(MAX_QUERY_CHARS).collect();
        self.names.resolve(&capped)
    }

    /// Procedures matching `query`, best first.
    pub fn search_procedures(&self, query: &str, limit: usize) -> Result<Vec<ProcedureHit>> {
        let limit = limit.min(MAX_LIMIT);
        let q = PreparedQuery::new(query);
        if limit == 0 || q.is_empty() {
            return Ok(Vec::new());
        }
        self.procedure_hits(&q, None, limit)
    }

    /// Articles matching `query`, best first; a cited article comes first
    /// with `cited: true`.
    pub fn search_articles(
        &self,
        query: &str,
        filter: &ArticleFilter,
        limit: usize,
    ) -> Result<Vec<ArticleHit>> {
        let limit = limit.min(MAX_LIMIT);
        let q = PreparedQuery::new(&legal_query::expand_abbreviations(query));
        if limit == 0 || q.is_empty() {
            return Ok(Vec::new());
        }
        let only = match &filter.document {
            None => None,
            Some(d) => match self.resolve_filter(d) {
                Some(n) => Some(n),
                None => return Ok(Vec::new()),
            },
        };
        let mut hits = self.article_hits(&q, only.as_deref().as_slice(), limit)?;
        hits.truncate(limit);
        let folded = q.folded_set();
        Ok(hits.into_iter().map(|h| h.finish(&folded)).collect())
    }

    /// [`Self::search_articles`] without cutting the snippets yet: the
    /// caller picks the hits it shows and only those get theirs
    /// ([`ArticleResults::into_hits`]). Cutting a snippet analyses the whole
    /// article text, the largest cost of an article search.
    pub fn search_articles_unsnipped(
        &self,
        query: &str,
        filter: &ArticleFilter,
        limit: usize,
    ) -> Result<ArticleResults<'_>> {
        let only = match &filter.document {
            None => None,
            Some(d) => match self.resolve_filter(d) {
                Some(n) => Some(n),
                None => return Ok(ArticleResults::empty(&PreparedQuery::new(query))),
            },
        };
        self.search_articles_in(query, only.as_deref().as_slice(), limit)
    }

    /// [`Self::search_articles_unsnipped`] among the articles of the
    /// documents `only` (corpus numbers as [`Self::resolve_document`]
    /// returns them; any document when empty). Ranks and scores are those of
    /// the unrestricted search, without the other documents' articles: a
    /// few documents' articles are quick to rank where all articles of a
    /// national corpus are not.
    pub fn search_articles_in(
        &self,
        query: &str,
        only: &[&str],
        limit: usize,
    ) -> Result<ArticleResults<'_>> {
        let limit = limit.min(MAX_LIMIT);
        let q = PreparedQuery::new(query);
        let mut results = ArticleResults::empty(&q);
        if limit == 0 || q.is_empty() {
            return Ok(results);
        }
        let mut hits = self.article_hits(&q, only, limit)?;
        hits.truncate(limit);
        for h in hits {
            results.hits.push(h.hit);
            results.sources.push((h.text, h.focus, h.near));
        }
        Ok(results)
    }

    /// Mixed search for officials: procedures and articles in one ranking
    /// (cited articles first). `document` restricts articles to that document
    /// and procedures to those whose legal basis cites it.
    pub fn search(
        &self,
        query: &str,
        kind: Option<Kind>,
        document: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let limit = limit.min(MAX_LIMIT);
        let q = PreparedQuery::new(query);
        if limit == 0 || q.is_empty() {
            return Ok(Vec::new());
        }
        let only = match document {
            None => None,
            Some(d) => match self.resolve_filter(d) {
                Some(n) => Some(n),
                None => return Ok(Vec::new()),
            },
        };
        let want = |k: Kind| kind.is_none_or(|wanted| wanted == k);
        // Article snippets are cut once the ranking is known, for the hits kept.
        let mut hits: Vec<Result<PendingArticle, ProcedureHit>> = Vec::new();
        if want(Kind::Article) {
            let q = PreparedQuery::new(&legal_query::expand_abbreviations(query));
            hits.extend(
                self.article_hits(&q, only.as_deref().as_slice(), limit)?
                    .into_iter()
                    .map(Ok),
            );
        }
        if want(Kind::Procedure) {
            hits.extend(
                self.procedure_hits(&q, only.as_deref(), limit)?
                    .into_iter()
                    .map(Err),
            );
        }
        // Cited articles first, then by score.
        let cited = |h: &Result<PendingArticle, ProcedureHit>| matches!(h, Ok(a) if a.hit.cited);
        let score = |h: &Result<PendingArticle, ProcedureHit>| match h {
            Ok(a) => a.hit.score,
            Err(p) => p.score,
        };
        hits.sort_by(|a, b| cited(b).cmp(&cited(a)).then(score(b).total_cmp(&score(a))));
        hits.truncate(limit);
        let folded = q.folded_set();
        Ok(hits
            .into_iter()
            .map(|h| match h {
                Ok(a) => Hit::Article(a.finish(&folded)),
                Err(p) => Hit::Procedure(p),
            })
            .collect())
    }

    /// A document filter: resolved to a corpus number, or — a well-formed
    /// number absent from the corpus — kept as is (it then matches nothing
    /// among articles but still filters procedures by legal basis).
    fn resolve_filter(&self, document: &str) -> Option<String> {
        self.resolve_document(document).or_else(|| {
            let capped: String = document.chars().take(MAX_QUERY_CHARS).collect();
            crate::corpus::docnum::canonical(&capped)
        })
    }

    fn article_hits(
        &self,
        q: &PreparedQuery,
        only: &[&str],
        limit: usize,
    ) -> Result<Vec<PendingArticle<'_>>> {
        let mut citation = self.names.parse(&q.text);
        if let (None, Some(_), [one]) = (&citation.document, &citation.article, only) {
            // "Điều 16" within a document filter cites that document.
            citation.document = Some(one.to_string());
        }
        if let Some(doc) = &citation.document {
            if !only.is_empty() && !only.iter().any(|o| normalize(o) == normalize(doc)) {
                citation = Citation::default();
            }
        }
        let cited = match (&citation.document, &citation.article) {
            (Some(d), Some(a)) => self.article(d, a),
            _ => None,
        };
        // A cited article ("Điều 5 Nghị định 20/2021/NĐ-CP") comes first; the
        // rest of the ranking is its document's other articles. Ranking every
        // article of the corpus by "điều", "nghị định" and numbers — words of
        // every legal text — is most of a national-size turn and finds
        // nothing better.
        let cited_document: Vec<&str> = match (&cited, &citation.document) {
            (Some(_), Some(d)) if only.is_empty() => vec![d.as_str()],
            _ => Vec::new(),
        };
        let only = if cited_document.is_empty() {
            only
        } else {
            &cited_document[..]
        };
        let hints = query::ArticleHints {
            document: citation.document.as_deref(),
            article_number: citation.article.as_deref(),
            only_documents: only,
        };
        let mut hits = Vec::new();
        let searcher = self.reader.searcher();
        // Over-fetch: clause evidence and status factors re-rank after
        // collection.
        let w = &self.weights.article;
        let fetch = (limit * 2 + 8).max(w.rerank_depth).min(MAX_LIMIT * 2);
        let stats = KindStats {
            searcher: &searcher,
            docs: self.manifest.articles,
        };
        if let Some(top) = self.article_top(&searcher, &stats, q, &hints, fetch, true)? {
            let clause_query = self.clauses.query(q, w.clause_pairs);
            let definition = legal_query::asks_definition(&q.text);
            let folded = q.folded_set();
            let pairs = QueryPairs::new(q);
            // (score, (document, article), where its best passage starts)
            let mut found: Vec<(f32, (usize, usize), usize)> = Vec::with_capacity(top.len());
            for (score, addr) in top {
                let Some(&(di, ai)) = self.articles_by_addr.get(&addr) else {
                    // Index and corpus disagree: the stored fields tell.
                    hits.push(self.article_hit(&searcher, addr, score)?);
                    continue;
                };
                let best = match w.clause > 0.0 && !clause_query.is_empty() {
                    true => self.clauses.best(&clause_query, di, ai),
                    false => None,
                };
                let d = &self.corpus.documents[di];
                let mut score = (score + w.clause * best.map_or(0.0, |b| b.score))
                    * self.status_factor(d.header.status);
                let title = match (
                    self.article_titles.get(di).and_then(|t| t.get(ai)),
                    d.articles.get(ai),
                ) {
                    (Some(slot), Some(a)) => Some(slot.get_or_init(|| ArticleTitle::new(&a.title))),
                    _ => None,
                };
                if definition && title.is_some_and(|t| t.definitions) {
                    score *= w.definitions;
                }
                if w.title_coverage > 0.0 {
                    let covered =
                        title.map_or(0.0, |t| name_coverage_of_pairs(&t.terms, &pairs, &folded));
                    score *= 1.0 + w.title_coverage * covered;
                }
                found.push((score, (di, ai), best.map_or(0, |b| b.offset)));
            }
            found.sort_by(|a, b| b.0.total_cmp(&a.0));
            found.truncate(limit);
            hits.extend(
                found
                    .into_iter()
                    .map(|(score, (di, ai), near)| PendingArticle {
                        near,
                        ..self.corpus_article_hit(di, ai, score)
                    }),
            );
            hits.sort_by(|a, b| b.hit.score.total_cmp(&a.hit.score));
        }
        if let Some((d, a)) = cited {
            let key = (normalize(&d.header.number), article_key(&a.number));
            hits.retain(|h| {
                (
                    normalize(&h.hit.document_number),
                    article_key(&h.hit.article),
                ) != key
            });
            let top = hits.first().map_or(1.0, |h| h.hit.score + 1.0);
            hits.insert(0, corpus_hit(d, a, top, Some(citation.clause.as_deref())));
        }
        hits.truncate(limit);
        Ok(hits)
    }

    /// The `depth` best articles for a prepared query by BM25 alone, best
    /// first; `None` when the query has nothing to score. Among a few
    /// documents' articles, clause by clause ([`restricted`]) when
    /// `clause_by_clause`, else (and among all articles) by tantivy.
    fn article_top(
        &self,
        searcher: &Searcher,
        stats: &KindStats<'_>,
        q: &PreparedQuery,
        hints: &query::ArticleHints<'_>,
        depth: usize,
        clause_by_clause: bool,
    ) -> Result<Option<Vec<(f32, DocAddress)>>> {
        if clause_by_clause && !hints.only_documents.is_empty() {
            let terms = query::article_term_clauses(q, &self.fields, &self.weights);
            let phrases = query::article_phrase_clauses(q, &self.fields, &self.weights);
            let keywords = query::article_keyword_clauses(q, &self.fields, &self.weights, hints);
            if terms.is_empty() && phrases.is_empty() && keywords.is_empty() {
                return Ok(None);
            }
            let candidates = restricted::candidates(
                searcher,
                self.fields.document_number,
                hints.only_documents,
            )?;
            return Ok(Some(restricted::top(
                searcher,
                stats,
                &candidates,
                &terms,
                &phrases,
                &keywords,
                depth,
            )?));
        }
        let Some(tq) = query::articles(q, &self.fields, &self.weights, hints) else {
            return Ok(None);
        };
        Ok(Some(searcher.search_with_statistics_provider(
            &tq,
            &TopDocs::with_limit(depth).order_by_score(),
            stats,
        )?))
    }

    /// Score factor of articles of a document with this status.
    fn status_factor(&self, status: DocumentStatus) -> f32 {
        match status {
            DocumentStatus::Superseded => self.weights.superseded_factor,
            DocumentStatus::Amended => self.weights.amended_factor,
            DocumentStatus::InForce => 1.0,
        }
    }

    /// A hit for article `ai` of document `di` of the corpus.
    fn corpus_article_hit(&self, di: usize, ai: usize, score: f32) -> PendingArticle<'_> {
        let d = &self.corpus.documents[di];
        corpus_hit(d, &d.articles[ai], score, None)
    }

    fn article_hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: f32,
    ) -> Result<PendingArticle<'static>> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let f = &self.fields;
        let get = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        let document_number = get(f.document_number);
        let factor = crate::index::document::parse_status(&get(f.status))
            .map_or(1.0, |s| self.status_factor(s));
        // Show the article as written in the corpus when it is there.
        let article = get(f.article);
        let (article_number, document_title) = match self
            .articles_by_key
            .get(&(normalize(&document_number), article.clone()))
            .and_then(|&(di, ai)| self.corpus.documents.get(di).map(|d| (d, ai)))
        {
            Some((d, ai)) => (
                d.articles
                    .get(ai)
                    .map_or(article.clone(), |a| a.number.clone()),
                d.header.title.clone(),
            ),
            None => (article, get(f.doc_title.exact)),
        };
        Ok(PendingArticle {
            hit: ArticleHit {
                document_title,
                article: article_number,
                article_title: get(f.article_title.exact),
                clause: None,
                snippet: Snippet::default(),
                score: score * factor,
                cited: false,
                document_number,
            },
            text: Cow::Owned(get(f.text.exact)),
            focus: None,
            near: 0,
        })
    }

    /// Procedures for a prepared query: BM25 candidates, re-ranked by how
    /// much of each procedure's name (or alias) the query covers.
    fn procedure_hits(
        &self,
        q: &PreparedQuery,
        legal_basis: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ProcedureHit>> {
        let folded = q.folded_set();
        Ok(self
            .ranked_procedures(q, &folded, legal_basis, limit)?
            .into_iter()
            .map(|(score, i, p)| ProcedureHit {
                code: p.code.clone(),
                name: p.name.clone(),
                score,
                matched_fields: matched_fields(
                    self.procedure_fields[i].get_or_init(|| FieldTerms::new(p)),
                    &folded,
                ),
            })
            .collect())
    }

    /// Procedures matching `query`, best first, with their scores: what
    /// [`Engine::search_procedures`] finds, in the same order with the same
    /// scores, without the `matched_fields` explanation (analysing a
    /// procedure's whole text on its first hit; routing a question needs
    /// none).
    pub fn rank_procedures(&self, query: &str, limit: usize) -> Result<Vec<(f32, &Procedure)>> {
        let limit = limit.min(MAX_LIMIT);
        let q = PreparedQuery::new(query);
        if limit == 0 || q.is_empty() {
            return Ok(Vec::new());
        }
        let folded = q.folded_set();
        Ok(self
            .ranked_procedures(&q, &folded, None, limit)?
            .into_iter()
            .map(|(score, _, p)| (score, p))
            .collect())
    }

    /// [`Engine::procedure_hits`] before the hits are built: score, corpus
    /// index and procedure, best first.
    fn ranked_procedures(
        &self,
        q: &PreparedQuery,
        folded: &HashSet<String>,
        legal_basis: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(f32, usize, &Procedure)>> {
        let w = &self.weights.procedure;
        let depth = limit.max(w.rerank_depth).min(MAX_LIMIT * 2);
        let searcher = self.reader.searcher();
        let stats = KindStats {
            searcher: &searcher,
            docs: self.manifest.procedures,
        };
        let top = self.procedure_top(&searcher, &stats, q, legal_basis, depth, true)?;
        let pairs = QueryPairs::new(q);
        let mut candidates: Vec<(f32, usize, &Procedure)> = Vec::with_capacity(top.len());
        for (score, addr) in top {
            if let Some(i) = self.stored_procedure(&searcher, addr)? {
                let coverage = self
                    .procedure_names
                    .get(i)
                    .map_or(0.0, |names| name_coverage_of_pairs(names, &pairs, folded));
                if let Some(p) = self.corpus.procedures.get(i) {
                    candidates.push((score * (1.0 + w.name_coverage * coverage), i, p));
                }
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
        candidates.truncate(limit);
        Ok(candidates)
    }

    /// The `depth` best procedures for a prepared query by BM25 alone,
    /// best first: from the procedures' postings in memory when there are
    /// (and `from_memory`), else (and with a legal-basis filter) by tantivy.
    fn procedure_top(
        &self,
        searcher: &Searcher,
        stats: &KindStats<'_>,
        q: &PreparedQuery,
        legal_basis: Option<&str>,
        depth: usize,
        from_memory: bool,
    ) -> Result<Vec<(f32, DocAddress)>> {
        if let (Some(postings), None, true) = (&self.procedure_postings, legal_basis, from_memory) {
            return Ok(postings.top(
                searcher,
                stats,
                &query::procedure_term_clauses(q, &self.fields, &self.weights),
                &query::procedure_phrase_clauses(q, &self.fields, &self.weights),
                &query::procedure_keyword_clauses(q, &self.fields, &self.weights),
                depth,
            )?);
        }
        let Some(tq) = query::procedures(q, &self.fields, &self.weights, legal_basis) else {
            return Ok(Vec::new());
        };
        Ok(searcher.search_with_statistics_provider(
            &tq,
            &TopDocs::with_limit(depth).order_by_score(),
            stats,
        )?)
    }

    /// The corpus index of an indexed procedure: found once per document
    /// (see `procedure_at`), then kept.
    fn stored_procedure(&self, searcher: &Searcher, addr: DocAddress) -> Result<Option<usize>> {
        let slot = self
            .procedure_at
            .get(addr.segment_ord as usize)
            .and_then(|docs| docs.get(addr.doc_id as usize));
        if let Some(&i) = slot.and_then(OnceLock::get) {
            return Ok(Some(i as usize));
        }
        let found = self.read_stored_procedure(searcher, addr)?;
        if let (Some(slot), Some(i)) = (slot, found.and_then(|i| u32::try_from(i).ok())) {
            let _ = slot.set(i);
        }
        Ok(found)
    }

    /// The corpus index of an indexed procedure, from its stored code.
    fn read_stored_procedure(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
    ) -> Result<Option<usize>> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let Some(code) = doc.get_first(self.fields.code).and_then(|v| v.as_str()) else {
            return Ok(None);
        };
        let found = self.procedures_by_code.get(code).copied();
        if found.is_none() {
            tracing::warn!(
                code,
                "indexed procedure missing from the corpus; index older than corpus?"
            );
        }
        Ok(found)
    }

    /// See [`written_share`].
    pub fn written_share(&self, written: &str, min: u64) -> Option<f32> {
        written_share(&self.reader, &self.fields, written, min)
    }

    /// Number of indexed procedures and articles (for health checks).
    pub fn counts(&self) -> Result<(u64, u64)> {
        let searcher = self.reader.searcher();
        let count = |kind: &str| -> Result<u64> {
            let q = BooleanQuery::new(vec![(Occur::Must, query::filter(self.fields.kind, kind))]);
            Ok(searcher.search(&q as &dyn Query, &tantivy::collector::Count)? as u64)
        };
        Ok((count(KIND_PROCEDURE)?, count(KIND_ARTICLE)?))
    }
}

/// How often the corpus writes a word with the marks `written` has,
/// among all the ways of writing its letters: the documents (articles and
/// procedures) whose text has the word exactly as written, over those
/// that have its accent-folded form. `None` when fewer than `min`
/// documents have the folded form (too little evidence). "đẻ" is a small
/// share of "de" (mostly "để"), "tuất" all of "tuat".
pub fn written_share(
    reader: &IndexReader,
    fields: &Fields,
    written: &str,
    min: u64,
) -> Option<f32> {
    let searcher = reader.searcher();
    let df = |pairs: &[crate::index::TextPair], exact: bool, analyzer| -> u64 {
        let tokens = crate::analysis::analyze(analyzer, written);
        let [token] = &tokens[..] else {
            return 0;
        };
        pairs
            .iter()
            .map(|p| {
                let field = if exact { p.exact } else { p.folded };
                let term = tantivy::Term::from_field_text(field, &token.text);
                searcher.doc_freq(&term).unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
    };
    let pairs = [
        fields.text,
        fields.checklist,
        fields.steps,
        fields.requirements,
        fields.name,
    ];
    let folded = df(&pairs, false, crate::analysis::Analyzer::ViFolded);
    if folded < min {
        return None;
    }
    let exact = df(&pairs, true, crate::analysis::Analyzer::Vi);
    Some(exact as f32 / folded as f32)
}

/// An article hit whose snippet is not cut yet.
struct PendingArticle<'a> {
    hit: ArticleHit,
    /// The text the snippet is cut from.
    text: Cow<'a, str>,
    /// Where a cited article's snippet starts (byte in the NFC text); `None`:
    /// the best-matching window.
    focus: Option<usize>,
    /// Where the best-matching passage starts (byte in the NFC text; 0 when
    /// unknown): a huge text is searched for the window only around it.
    near: usize,
}

impl PendingArticle<'_> {
    fn finish(self, folded: &HashSet<String>) -> ArticleHit {
        ArticleHit {
            snippet: cut_snippet(&self.text, self.focus, self.near, folded),
            ..self.hit
        }
    }
}

fn cut_snippet(text: &str, focus: Option<usize>, near: usize, folded: &HashSet<String>) -> Snippet {
    match focus {
        Some(at) => snippet::snippet_at(text, at, folded),
        None => snippet::snippet_near(text, near, folded),
    }
}

/// Articles ranked by [`Engine::search_articles_unsnipped`]: the hits in rank
/// order with empty snippets, cut on demand.
pub struct ArticleResults<'a> {
    hits: Vec<ArticleHit>,
    /// Per hit: the text to cut its snippet from, the cited focus and
    /// where its best passage starts.
    sources: Vec<(Cow<'a, str>, Option<usize>, usize)>,
    folded: HashSet<String>,
}

impl ArticleResults<'_> {
    fn empty(q: &PreparedQuery) -> Self {
        ArticleResults {
            hits: Vec::new(),
            sources: Vec::new(),
            folded: q.folded_set(),
        }
    }

    /// The hits, best first; their snippets are empty.
    pub fn hits(&self) -> &[ArticleHit] {
        &self.hits
    }

    /// The hits at `picked` (indices into [`Self::hits`], in the order
    /// given), with their snippets — exactly as
    /// [`Engine::search_articles`] returns them.
    pub fn into_hits(self, picked: impl IntoIterator<Item = usize>) -> Vec<ArticleHit> {
        let mut hits: Vec<Option<ArticleHit>> = self.hits.into_iter().map(Some).collect();
        picked
            .into_iter()
            .filter_map(|i| {
                let hit = hits.get_mut(i)?.take()?;
                let (text, focus, near) = &self.sources[i];
                Some(ArticleHit {
                    snippet: cut_snippet(text, *focus, *near, &self.folded),
                    ..hit
                })
            })
            .collect()
    }
}

/// A hit for article `a` of corpus document `d`. `cited` is `Some(clause)`
/// for the article a question cites: it is shown from the cited clause, or
/// from its start; other hits are shown from their best passage.
fn corpus_hit<'a>(
    d: &LegalDocument,
    a: &'a Article,
    score: f32,
    cited: Option<Option<&str>>,
) -> PendingArticle<'a> {
    let clause = cited.flatten();
    let focus = clause.and_then(|c| snippet::clause_offset(&a.text, c));
    PendingArticle {
        hit: ArticleHit {
            document_number: d.header.number.clone(),
            document_title: d.header.title.clone(),
            article: a.number.clone(),
            article_title: a.title.clone(),
            clause: focus.and(clause.map(str::to_string)),
            snippet: Snippet::default(),
            score,
            cited: cited.is_some(),
        },
        text: Cow::Borrowed(&a.text),
        focus: cited.map(|_| focus.unwrap_or(0)),
        near: 0,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// An engine over the committed corpus (in a temporary index).
    fn committed_engine() -> (tempfile::TempDir, Engine) {
        let (corpus, _) = crate::corpus::load::load(&root().join("corpus")).expect("corpus");
        let dir = tempfile::tempdir().expect("tmp");
        crate::index::build(&corpus, dir.path()).expect("build");
        let opened = crate::index::open(dir.path()).expect("open");
        (dir, Engine::new(opened, Arc::new(corpus)))
    }

    /// The same hits in the same order, with the same scores up to the
    /// order floating-point additions are made in.
    fn assert_same_ranking(ours: &[(f32, DocAddress)], tantivy: &[(f32, DocAddress)], what: &str) {
        let docs = |hits: &[(f32, DocAddress)]| hits.iter().map(|h| h.1).collect::<Vec<_>>();
        assert_eq!(docs(ours), docs(tantivy), "{what}");
        for (a, b) in ours.iter().zip(tantivy) {
            assert!(
                (a.0 - b.0).abs() <= 1e-5 * b.0.abs(),
                "{what}: {} vs {}",
                a.0,
                b.0
            );
        }
    }

    /// The questions of these development sets.
    fn questions(sets: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for set in sets {
            let path = root().join(format!("tests/eval/{set}.jsonl"));
            let items = crate::eval::run::read_items(&path).expect("evaluation set");
            out.extend(items.into_iter().map(|i| i.question));
        }
        out
    }

    /// The procedures' postings in memory rank as tantivy's union of the
    /// same clauses does: the same procedures in the same order, with the
    /// same scores (up to the order floating-point additions are made in),
    /// for every question of the committed development sets.
    #[test]
    fn procedures_scored_from_memory_rank_as_tantivy_ranks_them() {
        let (_dir, engine) = committed_engine();
        assert!(engine.procedure_postings.is_some());
        let searcher = engine.reader.searcher();
        let stats = KindStats {
            searcher: &searcher,
            docs: engine.manifest.procedures,
        };
        let mut questions = questions(&["citizen", "citizen2", "official", "out_of_scope"]);
        // A typed code and a document number take the other clauses' path.
        questions.push("thủ tục 1.001193 theo 123/2015/NĐ-CP".into());
        assert!(questions.len() > 500);
        let mut compared = 0;
        for question in &questions {
            let q = PreparedQuery::new(question);
            let top = |memory| {
                engine
                    .procedure_top(&searcher, &stats, &q, None, 50, memory)
                    .expect("search")
            };
            let (ours, tantivy) = (top(true), top(false));
            assert_same_ranking(&ours, &tantivy, question);
            compared += usize::from(!tantivy.is_empty());
        }
        assert!(compared > 500, "{compared} questions found procedures");
    }

    /// An article search among a few documents, scored clause by clause,
    /// ranks as tantivy's restricted query does: the same articles in the
    /// same order with the same scores, for every question of the
    /// development sets (officials' and citizens') among one, two or three
    /// of the corpus's documents, with and without a citation hint.
    #[test]
    fn articles_among_documents_scored_clause_by_clause_rank_as_tantivy_ranks_them() {
        let (_dir, engine) = committed_engine();
        let numbers: Vec<String> = engine
            .corpus
            .documents
            .iter()
            .map(|d| crate::text::nfc(&d.header.number))
            .collect();
        assert!(numbers.len() >= 3);
        let searcher = engine.reader.searcher();
        let stats = KindStats {
            searcher: &searcher,
            docs: engine.manifest.articles,
        };
        let questions = questions(&["official", "citizen", "citizen2"]);
        let mut compared = 0;
        for (n, question) in questions.iter().enumerate() {
            let q = PreparedQuery::new(question);
            let only: Vec<&str> = (0..1 + n % 3)
                .map(|k| numbers[(n * 7 + k * 5) % numbers.len()].as_str())
                .collect();
            let cited = engine.names.parse(&q.text);
            let hints = query::ArticleHints {
                document: cited.document.as_deref(),
                article_number: cited.article.as_deref(),
                only_documents: &only,
            };
            let top = |by_clause| {
                engine
                    .article_top(&searcher, &stats, &q, &hints, 50, by_clause)
                    .expect("search")
                    .unwrap_or_default()
            };
            let (ours, tantivy) = (top(true), top(false));
            assert_same_ranking(&ours, &tantivy, &format!("{question} in {only:?}"));
            compared += usize::from(!tantivy.is_empty());
        }
        assert!(compared > 300, "{compared} searches found articles");
    }
}
