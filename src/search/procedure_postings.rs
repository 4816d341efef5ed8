//! The term clauses of a procedure search, scored from memory.
//!
//! A procedure query is a union of a term clause for every query term on
//! each of the eleven text fields of a procedure (exact and folded), plus a
//! few phrase clauses (see [`super::query::procedures`]). Tantivy answers
//! such a union by building a weight and a scorer for every clause (two
//! term-dictionary lookups, a postings cursor, a 256-entry norm table and
//! an explanation each) and merging their postings: on a national corpus,
//! ~40% of a chat turn's CPU for 2,625 procedures. Block-WAND measured
//! slower still on these many-term unions (routing p50 1.5 → 3.8 ms).
//!
//! Procedures are few, so their postings are read once per index
//! generation, when the engine opens it: for each field and term, the
//! documents with the part of the BM25 score that does not depend on the
//! query (`tf / (tf + k1·(1 − b + b·dl/avgdl))`, tantivy's own formula and
//! statistics, per kind as [`super::rank::KindStats`] gives them). A query's
//! term clauses are then a sum over short lists. The scores are the ones
//! tantivy computes, term for term, added in the query's clause order; the
//! phrase, legal-basis and code clauses are still tantivy's scorers, added
//! after, in the same order as in the union.

use std::collections::HashMap;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings as _;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Score, Searcher, TERMINATED};

use super::query::TermClause;
use super::rank::KindStats;

/// A term's postings while they are read: (global document, factor).
type Postings = Vec<(u32, Score)>;

/// Tantivy's BM25 parameters (`tantivy::query::bm25`).
const K1: Score = 1.2;
const B: Score = 0.75;

/// One term of one field: `idf · (1 + k1)` and its postings.
struct TermPostings {
    weight: Score,
    start: u32,
    end: u32,
}

/// The postings of one indexed field of procedures.
#[derive(Default)]
struct FieldPostings {
    terms: HashMap<Box<str>, TermPostings>,
}

/// Procedure postings of every searched field, for one index generation.
pub(crate) struct ProcedurePostings {
    fields: HashMap<Field, FieldPostings>,
    /// Global document number (segment base + doc id) of each posting.
    docs: Vec<u32>,
    /// The query-independent factor of each posting's BM25 score.
    factors: Vec<Score>,
    /// First global document number of each segment.
    bases: Vec<u32>,
    /// Documents in all segments.
    max_doc: u32,
}

impl ProcedurePostings {
    /// Reads the postings of `fields` (procedure fields only) from every
    /// segment of `searcher`.
    pub(crate) fn new(
        searcher: &Searcher,
        stats: &KindStats<'_>,
        fields: &[Field],
    ) -> tantivy::Result<Self> {
        let mut bases = Vec::new();
        let mut max_doc = 0u32;
        for segment in searcher.segment_readers() {
            bases.push(max_doc);
            max_doc += segment.max_doc();
        }
        let total_docs = stats.total_num_docs()?;
        // Per field: term → (global doc, factor), over all segments.
        let mut out = ProcedurePostings {
            fields: HashMap::new(),
            docs: Vec::new(),
            factors: Vec::new(),
            bases,
            max_doc,
        };
        for &field in fields {
            let average = stats.total_num_tokens(field)? as Score / total_docs as Score;
            let mut norms = [0.0 as Score; 256];
            for (id, norm) in norms.iter_mut().enumerate() {
                let length = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
                *norm = K1 * (1.0 - B + B * length / average);
            }
            // Term → document frequency and (global doc, factor) postings.
            let mut by_term: HashMap<Box<str>, (u64, Postings)> = HashMap::new();
            for (ord, segment) in searcher.segment_readers().iter().enumerate() {
                let base = out.bases[ord];
                let inverted = segment.inverted_index(field)?;
                let fieldnorms = segment
                    .fieldnorms_readers()
                    .get_field(field)?
                    .unwrap_or_else(|| FieldNormReader::constant(segment.max_doc(), 1));
                let alive = segment.alive_bitset();
                let mut terms = inverted.terms().stream()?;
                while terms.advance() {
                    let Ok(text) = std::str::from_utf8(terms.key()) else {
                        continue;
                    };
                    let info = terms.value();
                    let mut postings =
                        inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
                    let (df, list) = by_term.entry(text.into()).or_default();
                    // Tantivy's document frequency: the term dictionaries'
                    // (deleted documents too).
                    *df += u64::from(info.doc_freq);
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            let tf = postings.term_freq() as Score;
                            let norm = norms[usize::from(fieldnorms.fieldnorm_id(doc))];
                            list.push((base + doc, tf / (tf + norm)));
                        }
                        doc = postings.advance();
                    }
                }
            }
            let mut postings = FieldPostings::default();
            for (text, (df, list)) in by_term {
                let start = out.docs.len() as u32;
                out.docs.extend(list.iter().map(|&(d, _)| d));
                out.factors.extend(list.iter().map(|&(_, f)| f));
                postings.terms.insert(
                    text,
                    TermPostings {
                        weight: idf(df, total_docs) * (1.0 + K1),
                        start,
                        end: out.docs.len() as u32,
                    },
                );
            }
            out.fields.insert(field, postings);
        }
        out.docs.shrink_to_fit();
        out.factors.shrink_to_fit();
        Ok(out)
    }

    /// Postings held (for the start-up log).
    pub(crate) fn len(&self) -> usize {
        self.docs.len()
    }

    /// The best `depth` documents for the term clauses plus the `other`
    /// clauses (scored by tantivy), best first: what tantivy's top-docs
    /// collector gives for the union of all of them.
    pub(crate) fn top(
        &self,
        searcher: &Searcher,
        stats: &KindStats<'_>,
        terms: &[TermClause<'_>],
        other: &[Box<dyn Query>],
        depth: usize,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut scores: Vec<Score> = vec![0.0; self.max_doc as usize];
        for clause in terms {
            let Some(t) = self
                .fields
                .get(&clause.field)
                .and_then(|f| f.terms.get(clause.text))
            else {
                continue;
            };
            let weight = t.weight * clause.boost;
            let (start, end) = (t.start as usize, t.end as usize);
            for (&doc, &factor) in self.docs[start..end].iter().zip(&self.factors[start..end]) {
                scores[doc as usize] += weight * factor;
            }
        }
        if !other.is_empty() {
            let scoring = EnableScoring::enabled_from_statistics_provider(stats, searcher);
            for query in other {
                let weight = query.weight(scoring)?;
                for (ord, segment) in searcher.segment_readers().iter().enumerate() {
                    let base = self.bases[ord];
                    let alive = segment.alive_bitset();
                    let mut scorer = weight.scorer(segment, 1.0)?;
                    let mut doc = scorer.doc();
                    while doc != TERMINATED {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            scores[(base + doc) as usize] += scorer.score();
                        }
                        doc = scorer.advance();
                    }
                }
            }
        }
        // Every clause scores a match above 0 (positive boosts and idf).
        let mut top: Vec<(Score, u32)> = scores
            .iter()
            .enumerate()
            .filter(|(_, &s)| s > 0.0)
            .map(|(doc, &s)| (s, doc as u32))
            .collect();
        let best_first =
            |a: &(Score, u32), b: &(Score, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if top.len() > depth && depth > 0 {
            top.select_nth_unstable_by(depth - 1, best_first);
        }
        top.truncate(depth);
        top.sort_by(best_first);
        Ok(top
            .into_iter()
            .map(|(score, doc)| (score, self.address(doc)))
            .collect())
    }

    fn address(&self, doc: u32) -> DocAddress {
        let ord = self.bases.partition_point(|&b| b <= doc) - 1;
        DocAddress::new(ord as u32, doc - self.bases[ord])
    }
}

/// Tantivy's inverse document frequency (`tantivy::query::bm25::idf`).
fn idf(doc_freq: u64, doc_count: u64) -> Score {
    let x = ((doc_count.saturating_sub(doc_freq)) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}
