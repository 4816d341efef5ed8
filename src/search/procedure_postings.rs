//! The clauses of a procedure search, scored from memory.
//!
//! A procedure query is a union of a term clause for every query term on
//! each of the eleven text fields of a procedure (exact and folded), and a
//! phrase clause for word pairs in the folded name, aliases and checklist
//! (see [`super::query::procedures`]). Tantivy answers such a union by
//! building a weight and a scorer for every clause (term-dictionary
//! lookups, postings cursors, a 256-entry norm table and an explanation
//! each) and merging their postings: on a national corpus, ~40% of a chat
//! turn's CPU for 2,625 procedures. Block-WAND measured slower still on
//! these many-term unions (routing p50 1.5 → 3.8 ms).
//!
//! Procedures are few, so their postings are read once per index
//! generation, when the engine opens it (1.9 million postings, ~60 ms and
//! ~15 MiB on the national corpus): for each field and term, the documents
//! with the part of the BM25 score that does not depend on the query
//! (`tf / (tf + k1·(1 − b + b·dl/avgdl))`), and for the three phrase fields
//! their positions too. Statistics are per kind, as
//! [`super::rank::KindStats`] gives them to tantivy. A query's clauses are
//! then sums over short lists: the scores tantivy computes, term for term
//! and phrase for phrase (its slop matching, its order of a phrase's two
//! terms), added in the query's clause order. The legal-basis and code
//! clauses, rare, are still tantivy's scorers, added last as in the union.
//! A test compares both on every question of the development sets.

use std::collections::HashMap;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings as _;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Score, Searcher, SegmentReader, TERMINATED};

use super::query::{PhraseClause, TermClause};
use super::rank::KindStats;
use crate::index::KIND_PROCEDURE;

/// A term's postings while they are read: (global document, factor).
type Postings = Vec<(u32, Score)>;

/// Tantivy's BM25 parameters (`tantivy::query::bm25`).
pub(crate) const K1: Score = 1.2;
pub(crate) const B: Score = 0.75;

/// One term of one field: its idf, `idf · (1 + k1)` and its postings.
struct TermPostings {
    idf: Score,
    weight: Score,
    start: u32,
    end: u32,
}

/// The postings of one indexed field of procedures.
struct FieldPostings {
    terms: HashMap<Box<str>, TermPostings>,
    /// `k1 · (1 − b + b · dl / avgdl)` by field-norm id.
    norms: [Score; 256],
    /// For a phrase field: each term's postings with positions.
    positions: HashMap<Box<str>, PositionalTerm>,
}

/// A term's postings with positions ([`ProcedurePostings::phrase_docs`]).
struct PositionalTerm {
    start: u32,
    end: u32,
    /// Its document frequency in each segment (how tantivy orders a
    /// phrase's terms).
    segment_df: Vec<u32>,
}

/// One document of a positional term.
struct PositionalDoc {
    doc: u32,
    fieldnorm_id: u8,
    /// Range of its positions in [`ProcedurePostings::positions`].
    start: u32,
    end: u32,
}

/// Procedure postings of every searched field, for one index generation.
pub(crate) struct ProcedurePostings {
    fields: HashMap<Field, FieldPostings>,
    /// Global document number (segment base + doc id) of each posting.
    docs: Vec<u32>,
    /// The query-independent factor of each posting's BM25 score.
    factors: Vec<Score>,
    /// Documents of the phrase fields' terms, with their positions.
    phrase_docs: Vec<PositionalDoc>,
    positions: Vec<u32>,
    /// First global document number of each segment.
    bases: Vec<u32>,
    /// The procedures' global document numbers: `span.0..span.1`
    /// (procedures are indexed together; articles may be among them).
    span: (u32, u32),
}

impl ProcedurePostings {
    /// Reads the postings of `fields` (procedure fields only) from every
    /// segment of `searcher`, with positions for `phrase_fields` (some of
    /// `fields`).
    pub(crate) fn new(
        searcher: &Searcher,
        stats: &KindStats<'_>,
        kind: Field,
        fields: &[Field],
        phrase_fields: &[Field],
    ) -> tantivy::Result<Self> {
        let mut bases = Vec::new();
        let mut next = 0u32;
        for segment in searcher.segment_readers() {
            bases.push(next);
            next += segment.max_doc();
        }
        let total_docs = stats.total_num_docs()?;
        // Sized up front (a second copy of ~15 MiB while a vector grows or
        // shrinks stays in the process's peak): every posting of the
        // fields, every positional posting and position of the phrase
        // fields.
        let (mut postings, mut positional, mut positions) = (0usize, 0usize, 0usize);
        for &field in fields {
            let phrase = phrase_fields.contains(&field);
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut terms = inverted.terms().stream()?;
                while terms.advance() {
                    postings += terms.value().doc_freq as usize;
                    if phrase {
                        positional += terms.value().doc_freq as usize;
                    }
                }
                if phrase {
                    positions += inverted.total_num_tokens() as usize;
                }
            }
        }
        let mut out = ProcedurePostings {
            fields: HashMap::new(),
            docs: Vec::with_capacity(postings),
            factors: Vec::with_capacity(postings),
            phrase_docs: Vec::with_capacity(positional),
            positions: Vec::with_capacity(positions),
            bases,
            span: (0, 0),
        };
        for &field in fields {
            let norms = norm_table(stats, field)?;
            // Term → document frequency and (global doc, factor) postings.
            let mut by_term: HashMap<Box<str>, (u64, Postings)> = HashMap::new();
            for (ord, segment) in searcher.segment_readers().iter().enumerate() {
                let base = out.bases[ord];
                let inverted = segment.inverted_index(field)?;
                let fieldnorms = field_norms(segment, field)?;
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
            let mut postings = FieldPostings {
                terms: HashMap::with_capacity(by_term.len()),
                norms,
                positions: HashMap::new(),
            };
            for (text, (df, list)) in by_term {
                let start = out.docs.len() as u32;
                out.docs.extend(list.iter().map(|&(d, _)| d));
                out.factors.extend(list.iter().map(|&(_, f)| f));
                let idf = idf(df, total_docs);
                postings.terms.insert(
                    text,
                    TermPostings {
                        idf,
                        weight: idf * (1.0 + K1),
                        start,
                        end: out.docs.len() as u32,
                    },
                );
            }
            if phrase_fields.contains(&field) {
                postings.positions = out.read_positions(searcher, field)?;
            }
            out.fields.insert(field, postings);
        }
        // The procedures' documents (indexed together): a search's scores
        // are kept for them only.
        let (mut lo, mut hi) = (u32::MAX, 0);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let term = tantivy::Term::from_field_text(kind, KIND_PROCEDURE);
            let inverted = segment.inverted_index(kind)?;
            if let Some(mut docs) = inverted.read_postings(&term, IndexRecordOption::Basic)? {
                let mut doc = docs.doc();
                while doc != TERMINATED {
                    lo = lo.min(out.bases[ord] + doc);
                    hi = hi.max(out.bases[ord] + doc + 1);
                    doc = docs.advance();
                }
            }
        }
        out.span = (lo.min(hi), hi);
        Ok(out)
    }

    /// Every term of `field` with its documents and positions, as
    /// tantivy's phrase scorer reads them.
    fn read_positions(
        &mut self,
        searcher: &Searcher,
        field: Field,
    ) -> tantivy::Result<HashMap<Box<str>, PositionalTerm>> {
        let segments = searcher.segment_readers().len();
        // Term → (document frequency per segment, documents).
        let mut by_term: HashMap<Box<str>, (Vec<u32>, Vec<PositionalDoc>)> = HashMap::new();
        let mut positions = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let base = self.bases[ord];
            let inverted = segment.inverted_index(field)?;
            let fieldnorms = field_norms(segment, field)?;
            let alive = segment.alive_bitset();
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                let Ok(text) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                let info = terms.value();
                let mut postings = inverted
                    .read_postings_from_terminfo(info, IndexRecordOption::WithFreqsAndPositions)?;
                let (segment_df, docs) = by_term
                    .entry(text.into())
                    .or_insert_with(|| (vec![0; segments], Vec::new()));
                segment_df[ord] = info.doc_freq;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        postings.positions(&mut positions);
                        let start = self.positions.len() as u32;
                        self.positions.extend_from_slice(&positions);
                        docs.push(PositionalDoc {
                            doc: base + doc,
                            fieldnorm_id: fieldnorms.fieldnorm_id(doc),
                            start,
                            end: self.positions.len() as u32,
                        });
                    }
                    doc = postings.advance();
                }
            }
        }
        let mut out = HashMap::with_capacity(by_term.len());
        for (text, (segment_df, docs)) in by_term {
            let start = self.phrase_docs.len() as u32;
            self.phrase_docs.extend(docs);
            out.insert(
                text,
                PositionalTerm {
                    start,
                    end: self.phrase_docs.len() as u32,
                    segment_df,
                },
            );
        }
        Ok(out)
    }

    /// Adds a phrase clause's scores: tantivy's phrase scorer (two terms,
    /// the second `gap` positions after the first within `slop`), its BM25
    /// weight (the sum of both terms' idf) and its scores.
    fn add_phrase(&self, clause: &PhraseClause<'_>, scores: &mut [Score]) {
        let Some(field) = self.fields.get(&clause.field) else {
            return;
        };
        let (Some(a), Some(b)) = (
            field.positions.get(clause.first),
            field.positions.get(clause.second),
        ) else {
            return;
        };
        let (Some(idf_a), Some(idf_b)) = (
            field.terms.get(clause.first).map(|t| t.idf),
            field.terms.get(clause.second).map(|t| t.idf),
        ) else {
            return;
        };
        let weight = ((0.0 + idf_a) + idf_b) * (1.0 + K1) * clause.boost;
        let gap = clause.gap as u32;
        let (docs_a, docs_b) = (
            &self.phrase_docs[a.start as usize..a.end as usize],
            &self.phrase_docs[b.start as usize..b.end as usize],
        );
        let (mut i, mut j) = (0, 0);
        let (mut left, mut right) = (Vec::new(), Vec::new());
        while i < docs_a.len() && j < docs_b.len() {
            let (da, db) = (&docs_a[i], &docs_b[j]);
            match da.doc.cmp(&db.doc) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    // The first term's positions move `gap` on; tantivy
                    // takes the rarer term (in the segment) as the left
                    // one, the first on a tie.
                    let ord = self.bases.partition_point(|&s| s <= da.doc) - 1;
                    let a_positions = self.positions[da.start as usize..da.end as usize]
                        .iter()
                        .map(|p| p + gap);
                    let b_positions = &self.positions[db.start as usize..db.end as usize];
                    left.clear();
                    right.clear();
                    if b.segment_df[ord] < a.segment_df[ord] {
                        left.extend_from_slice(b_positions);
                        right.extend(a_positions);
                    } else {
                        left.extend(a_positions);
                        right.extend_from_slice(b_positions);
                    }
                    let count = match clause.slop {
                        0 => count_exact(&left, &right),
                        slop => count_with_slop(&left, &right, slop),
                    };
                    if count > 0 {
                        let tf = count as Score;
                        let norm = field.norms[usize::from(da.fieldnorm_id)];
                        scores[(da.doc - self.span.0) as usize] += weight * (tf / (tf + norm));
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
    }

    /// Postings, positional postings, positions and terms held (for the
    /// start-up log).
    pub(crate) fn sizes(&self) -> (usize, usize, usize, usize) {
        let terms = self
            .fields
            .values()
            .map(|f| f.terms.len() + f.positions.len())
            .sum();
        (
            self.docs.len(),
            self.phrase_docs.len(),
            self.positions.len(),
            terms,
        )
    }

    /// The best `depth` documents for the term and phrase clauses plus the
    /// `other` clauses (scored by tantivy), best first: what tantivy's
    /// top-docs collector gives for the union of all of them, in this order.
    pub(crate) fn top(
        &self,
        searcher: &Searcher,
        stats: &KindStats<'_>,
        terms: &[TermClause<'_>],
        phrases: &[PhraseClause<'_>],
        other: &[Box<dyn Query>],
        depth: usize,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        // By document, from the first procedure's.
        let lo = self.span.0;
        let mut scores: Vec<Score> = vec![0.0; (self.span.1 - lo) as usize];
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
                scores[(doc - lo) as usize] += weight * factor;
            }
        }
        for clause in phrases {
            self.add_phrase(clause, &mut scores);
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
                        // Only procedures have the keyword fields.
                        let slot = (base + doc).checked_sub(lo).map(|i| i as usize);
                        if let Some(score) = slot.and_then(|i| scores.get_mut(i)) {
                            if alive.is_none_or(|a| a.is_alive(doc)) {
                                *score += scorer.score();
                            }
                        }
                        doc = scorer.advance();
                    }
                }
            }
        }
        // Every clause scores a match above 0 (positive boosts and idf).
        let top: Vec<(Score, u32)> = scores
            .iter()
            .zip(lo..)
            .filter(|(&s, _)| s > 0.0)
            .map(|(&s, doc)| (s, doc))
            .collect();
        Ok(best(top, depth)
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
pub(crate) fn idf(doc_freq: u64, doc_count: u64) -> Score {
    let x = ((doc_count.saturating_sub(doc_freq)) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

/// Matches of two sorted position lists at the same place (tantivy's
/// `intersection_count`).
pub(crate) fn count_exact(left: &[u32], right: &[u32]) -> u32 {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        match left[i].cmp(&right[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

/// Matches of two sorted position lists at most `slop` apart, each
/// position used once (tantivy's `intersection_count_with_slop`).
pub(crate) fn count_with_slop(left: &[u32], right: &[u32], slop: u32) -> u32 {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        let (l, r) = (left[i], right[j]);
        if l.abs_diff(r) <= slop {
            // A later left position nearer the right one is the match.
            while i + 1 < left.len() && left[i + 1] <= r {
                i += 1;
            }
            count += 1;
            i += 1;
            j += 1;
        } else if l < r {
            i += 1;
        } else {
            j += 1;
        }
    }
    count
}

/// `k1 · (1 − b + b · dl / avgdl)` by field-norm id for `field`, its
/// average length from `stats` (tantivy's BM25 norm table).
pub(crate) fn norm_table(stats: &KindStats<'_>, field: Field) -> tantivy::Result<[Score; 256]> {
    let average = stats.total_num_tokens(field)? as Score / stats.total_num_docs()? as Score;
    let mut norms = [0.0 as Score; 256];
    for (id, norm) in norms.iter_mut().enumerate() {
        let length = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
        *norm = K1 * (1.0 - B + B * length / average);
    }
    Ok(norms)
}

/// A segment's field norms of `field`: all 1 when the field keeps none, as
/// tantivy's scorers read them.
pub(crate) fn field_norms(
    segment: &SegmentReader,
    field: Field,
) -> tantivy::Result<FieldNormReader> {
    Ok(segment
        .fieldnorms_readers()
        .get_field(field)?
        .unwrap_or_else(|| FieldNormReader::constant(segment.max_doc(), 1)))
}

/// The `depth` best of `hits`, best first; on equal scores the lower
/// document first, as tantivy's top-docs collector orders them.
pub(crate) fn best<T: Ord + Copy>(mut hits: Vec<(Score, T)>, depth: usize) -> Vec<(Score, T)> {
    let best_first = |a: &(Score, T), b: &(Score, T)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if hits.len() > depth && depth > 0 {
        hits.select_nth_unstable_by(depth - 1, best_first);
    }
    hits.truncate(depth);
    hits.sort_by(best_first);
    hits
}
