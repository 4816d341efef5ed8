//! Ranking weights: per-field boosts, phrase (proximity) boosts and the
//! exact-over-folded bonus. Plain data with a [`Default`] so an evaluation
//! run can tune them by measurement and pass them to
//! [`super::Engine::with_weights`].
//!
//! How a query term contributes, per field `f` with weight `w`:
//!
//! - user typed accents (exact ≠ folded): `w·bm25(f_folded) + w·exact_bonus·bm25(f_exact)`;
//! - no accents in the term: `w·(1 + exact_bonus)·bm25(f_folded)`, so accented
//!   and unaccented queries weigh their terms alike.
//!
//! Adjacent query terms also form two-term phrase queries (with
//! `phrase_slop`) on the folded name/aliases/checklist (procedures) or
//! title/text (articles): "khai sinh" ranks above documents with the two
//! syllables apart.

use serde::{Deserialize, Serialize};

/// All tunable weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    pub procedure: ProcedureWeights,
    pub article: ArticleWeights,
    /// Extra weight, relative to the field weight, of a match on the exact
    /// (accented) variant.
    pub exact_bonus: f32,
    /// Slop of the two-term phrase queries (0 = adjacent).
    pub phrase_slop: u32,
    /// Score factor of articles of an amended document.
    pub amended_factor: f32,
    /// Score factor of articles of a superseded document.
    pub superseded_factor: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            procedure: ProcedureWeights::default(),
            article: ArticleWeights::default(),
            exact_bonus: 0.5,
            phrase_slop: 1,
            amended_factor: 1.0,
            superseded_factor: 0.5,
        }
    }
}

/// Field weights of procedure documents: name/aliases ≫ checklist ≫ steps ≫ other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProcedureWeights {
    pub name: f32,
    pub aliases: f32,
    pub field: f32,
    pub checklist: f32,
    pub results: f32,
    pub steps: f32,
    pub requirements: f32,
    pub fees: f32,
    pub time: f32,
    pub agency: f32,
    pub other: f32,
    /// Phrase boosts.
    pub phrase_name: f32,
    pub phrase_aliases: f32,
    pub phrase_checklist: f32,
    /// Checklist phrases are made of the query's first this many word
    /// pairs only. A long question's later pairs match the boilerplate of
    /// checklists ("bản sao", "giấy tờ"): on the national corpus they were
    /// ~40% of routing's slowest turns (route p99 7.1 ms → 4.8 with 4),
    /// for no gain on the development sets (citizen top-1 unchanged,
    /// second set +0.004) and −0.005 top-3 on the held-out set.
    pub phrase_checklist_pairs: usize,
    /// A document number of the query in the legal basis.
    pub legal_basis: f32,
    /// The national code typed as is ("1.001193").
    pub code: f32,
    /// Re-ranking: score × (1 + name_coverage × share of the name the query
    /// covers in order). 0 disables it. Measured on the 25 LegalRAG test
    /// queries (22 answerable) against the 588 commune-level portal procedures
    /// (raw names, checklists and steps, no aliases), P@1: 9 without; 15 / 17
    /// with a bag-of-words share at 1 / 2; 18 / 19 / 19 with the in-order share
    /// at 2 / 3 / 4. A small set: re-measure on the real evaluation sets.
    pub name_coverage: f32,
    /// Candidates re-ranked (at least the requested limit).
    pub rerank_depth: usize,
}

impl Default for ProcedureWeights {
    fn default() -> Self {
        ProcedureWeights {
            name: 6.0,
            aliases: 5.0,
            field: 1.5,
            checklist: 2.0,
            results: 1.5,
            steps: 0.8,
            requirements: 0.6,
            fees: 0.6,
            time: 0.4,
            agency: 0.4,
            other: 0.2,
            phrase_name: 4.0,
            phrase_aliases: 4.0,
            phrase_checklist: 1.5,
            phrase_checklist_pairs: 4,
            legal_basis: 2.0,
            code: 50.0,
            name_coverage: 3.0,
            rerank_depth: 50,
        }
    }
}

/// Field weights of article documents.
///
/// Measured on `tests/eval/official.jsonl` (142 plain-language questions,
/// `motcua eval`), R@10 / MRR@10: title 4, document title 1.5, chapter 0.8,
/// title phrase 3 gave 0.887 / 0.736. A heavy title lets any article whose
/// short title shares one word with the question ("Thẩm quyền …", "Lệ phí …")
/// beat the article whose body answers it; the document title and chapter add
/// the same score to every article of a law, so a question naming "hộ tịch"
/// or "phí" pulled in whole laws. Title 0.5, no document title or chapter,
/// title phrase 0.5: 0.972 / 0.846 (title 1: 0.951 / 0.843; title phrase 1:
/// 0.965 / 0.849). A law named in the question still counts, through the
/// citation hint ([`ArticleWeights::document`]).
///
/// Then, with the re-rank (same set, same order of runs): definitions factor
/// 1 / 1.5 / 2 → MRR@10 0.841 / 0.852 / 0.857; best clause passage at 0.3
/// with pairs at 2 on top → R@5 0.958, MRR@10 0.860 (clause 1 with pairs 1:
/// 0.838; the clause score mostly reorders the top 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleWeights {
    pub article_title: f32,
    pub text: f32,
    pub doc_title: f32,
    pub chapter: f32,
    pub phrase_title: f32,
    pub phrase_text: f32,
    /// A document number of the query (full or `N/YYYY`).
    pub docnum: f32,
    /// The document a citation or law name resolved to.
    pub document: f32,
    /// "Điều N" without a resolvable document: articles numbered N.
    pub article_number: f32,
    /// Weight of the best clause passage's BM25 score (see
    /// `search::clauses`), added to the article's score. 0 disables it.
    pub clause: f32,
    /// Weight of adjacent-syllable pairs in the clause score, relative to
    /// single syllables.
    pub clause_pairs: f32,
    /// Candidates re-ranked (at least twice the requested limit plus 8).
    pub rerank_depth: usize,
    /// Score factor of a "Giải thích từ ngữ" article when the question asks
    /// what a term means (see `search::legal_query`). 1 disables it.
    pub definitions: f32,
    /// Re-ranking: score × (1 + title_coverage × share of the article title
    /// the query covers in order, as for procedure names). 0 disables it.
    pub title_coverage: f32,
    /// [`Weights::exact_bonus`] for article fields. Officials type accents
    /// and the laws distinguish words that fold alike ("lưu trú" residence,
    /// "lưu trữ" archive).
    pub exact_bonus: f32,
}

impl Default for ArticleWeights {
    fn default() -> Self {
        ArticleWeights {
            article_title: 0.5,
            text: 1.0,
            doc_title: 0.0,
            chapter: 0.0,
            phrase_title: 0.5,
            phrase_text: 1.0,
            docnum: 3.0,
            document: 3.0,
            article_number: 2.0,
            clause: 0.3,
            clause_pairs: 2.0,
            rerank_depth: 50,
            definitions: 2.0,
            title_coverage: 0.3,
            exact_bonus: 1.0,
        }
    }
}
