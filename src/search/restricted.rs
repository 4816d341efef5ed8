//! An article search among a few documents, scored clause by clause.
//!
//! The passages of a chat answer are searched among the articles of a few
//! documents (the procedure's legal basis…), with a long query: the
//! procedure's name and the question, ~100 term and phrase clauses. As one
//! tantivy query (each clause restricted to the documents, see
//! [`super::doc_filter`]) that was ~40% of a national chat turn's CPU, most
//! of it building a weight, a scorer and an intersection for every clause
//! (two term-dictionary lookups, a 256-entry norm table, an explanation and
//! a copy of the document filter each) to score a few hundred articles.
//!
//! Here each clause looks its term up once per segment and seeks its
//! postings to the candidate articles only: the BM25 scores tantivy
//! computes (its statistics per kind, its phrase slop matching and order of
//! a phrase's two terms), added in the query's clause order. The keyword
//! clauses (document numbers, a cited document or article number), few,
//! are still tantivy's scorers, added last as in the union. A test compares
//! both on the development questions.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, Term, TERMINATED};

use super::procedure_postings::{
    best, count_exact, count_with_slop, field_norms, idf, norm_table, K1,
};
use super::query::{PhraseClause, TermClause};
use super::rank::KindStats;

/// The alive documents of each segment having one of `values` in `field`,
/// ascending: the articles of the documents searched.
pub(crate) fn candidates(
    searcher: &Searcher,
    field: Field,
    values: &[&str],
) -> tantivy::Result<Vec<Vec<DocId>>> {
    let mut out = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let alive = segment.alive_bitset();
        let mut docs = Vec::new();
        for value in values {
            let term = Term::from_field_text(field, value);
            if let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)? {
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        docs.push(doc);
                    }
                    doc = postings.advance();
                }
            }
        }
        docs.sort_unstable();
        docs.dedup();
        out.push(docs);
    }
    Ok(out)
}

/// Per field: the BM25 length norms, and each segment's field norms.
struct Norms {
    fields: Vec<(Field, [Score; 256], Vec<FieldNormReader>)>,
}

impl Norms {
    fn of(
        &mut self,
        searcher: &Searcher,
        stats: &KindStats<'_>,
        field: Field,
    ) -> tantivy::Result<usize> {
        if let Some(i) = self.fields.iter().position(|(f, _, _)| *f == field) {
            return Ok(i);
        }
        let norms = norm_table(stats, field)?;
        let readers = searcher
            .segment_readers()
            .iter()
            .map(|segment| field_norms(segment, field))
            .collect::<tantivy::Result<Vec<_>>>()?;
        self.fields.push((field, norms, readers));
        Ok(self.fields.len() - 1)
    }
}

/// A term's information in each segment and its document frequency.
fn term_infos(
    searcher: &Searcher,
    term: &Term,
) -> tantivy::Result<(Vec<Option<tantivy::postings::TermInfo>>, u64)> {
    let mut infos = Vec::with_capacity(searcher.segment_readers().len());
    let mut df = 0;
    for segment in searcher.segment_readers() {
        let info = segment.inverted_index(term.field())?.get_term_info(term)?;
        df += info.as_ref().map_or(0, |i| u64::from(i.doc_freq));
        infos.push(info);
    }
    Ok((infos, df))
}

/// The `depth` best of `candidates` (per segment, as [`candidates`] gives
/// them) for the clauses, best first: what tantivy's top-docs collector
/// gives for the union of the clauses restricted to them, in this order
/// (terms, phrases, then `other`).
pub(crate) fn top(
    searcher: &Searcher,
    stats: &KindStats<'_>,
    candidates: &[Vec<DocId>],
    terms: &[TermClause<'_>],
    phrases: &[PhraseClause<'_>],
    other: &[Box<dyn Query>],
    depth: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let mut scores: Vec<Vec<Score>> = candidates.iter().map(|c| vec![0.0; c.len()]).collect();
    if candidates.iter().all(Vec::is_empty) {
        return Ok(Vec::new());
    }
    let total_docs = stats.total_num_docs()?;
    let mut norms = Norms { fields: Vec::new() };
    for clause in terms {
        let term = Term::from_field_text(clause.field, clause.text);
        let (infos, df) = term_infos(searcher, &term)?;
        if df == 0 {
            continue;
        }
        let n = norms.of(searcher, stats, clause.field)?;
        let (_, table, readers) = &norms.fields[n];
        let weight = idf(df, total_docs) * (1.0 + K1) * clause.boost;
        for (ord, docs) in candidates.iter().enumerate() {
            let Some(info) = &infos[ord] else { continue };
            if docs.is_empty() {
                continue;
            }
            let inverted = searcher
                .segment_reader(ord as u32)
                .inverted_index(clause.field)?;
            let mut postings =
                inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
            for (i, &doc) in docs.iter().enumerate() {
                if postings.doc() < doc && postings.seek(doc) == TERMINATED {
                    break;
                }
                if postings.doc() == doc {
                    let tf = postings.term_freq() as Score;
                    let norm = table[usize::from(readers[ord].fieldnorm_id(doc))];
                    scores[ord][i] += weight * (tf / (tf + norm));
                }
            }
        }
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for clause in phrases {
        let (first, second) = (
            Term::from_field_text(clause.field, clause.first),
            Term::from_field_text(clause.field, clause.second),
        );
        let (infos_a, df_a) = term_infos(searcher, &first)?;
        let (infos_b, df_b) = term_infos(searcher, &second)?;
        if df_a == 0 || df_b == 0 {
            continue;
        }
        let n = norms.of(searcher, stats, clause.field)?;
        let (_, table, readers) = &norms.fields[n];
        let weight =
            ((0.0 + idf(df_a, total_docs)) + idf(df_b, total_docs)) * (1.0 + K1) * clause.boost;
        let gap = clause.gap as u32;
        for (ord, docs) in candidates.iter().enumerate() {
            let (Some(a), Some(b)) = (&infos_a[ord], &infos_b[ord]) else {
                continue;
            };
            if docs.is_empty() {
                continue;
            }
            let inverted = searcher
                .segment_reader(ord as u32)
                .inverted_index(clause.field)?;
            let read = |info| {
                inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqsAndPositions)
            };
            let (mut pa, mut pb): (SegmentPostings, SegmentPostings) = (read(a)?, read(b)?);
            // Tantivy takes the rarer term (in the segment) as the left
            // one, the first on a tie; the first term's positions move `gap`
            // on.
            let b_left = b.doc_freq < a.doc_freq;
            for (i, &doc) in docs.iter().enumerate() {
                if pa.doc() < doc && pa.seek(doc) == TERMINATED {
                    break;
                }
                if pb.doc() < doc && pb.seek(doc) == TERMINATED {
                    break;
                }
                if pa.doc() != doc || pb.doc() != doc {
                    continue;
                }
                let (l, r) = if b_left {
                    (&mut pb, &mut pa)
                } else {
                    (&mut pa, &mut pb)
                };
                let (l_offset, r_offset) = if b_left { (0, gap) } else { (gap, 0) };
                l.positions_with_offset(l_offset, &mut left);
                r.positions_with_offset(r_offset, &mut right);
                let count = match clause.slop {
                    0 => count_exact(&left, &right),
                    slop => count_with_slop(&left, &right, slop),
                };
                if count > 0 {
                    let tf = count as Score;
                    let norm = table[usize::from(readers[ord].fieldnorm_id(doc))];
                    scores[ord][i] += weight * (tf / (tf + norm));
                }
            }
        }
    }
    if !other.is_empty() {
        let scoring = EnableScoring::enabled_from_statistics_provider(stats, searcher);
        for query in other {
            let weight = query.weight(scoring)?;
            for (ord, docs) in candidates.iter().enumerate() {
                if docs.is_empty() {
                    continue;
                }
                let mut scorer = weight.scorer(searcher.segment_reader(ord as u32), 1.0)?;
                for (i, &doc) in docs.iter().enumerate() {
                    if scorer.doc() < doc && scorer.seek(doc) == TERMINATED {
                        break;
                    }
                    if scorer.doc() == doc {
                        scores[ord][i] += scorer.score();
                    }
                }
            }
        }
    }
    // Every clause scores a match above 0 (positive boosts and idf).
    let mut top: Vec<(Score, DocAddress)> = Vec::new();
    for (ord, docs) in candidates.iter().enumerate() {
        for (i, &doc) in docs.iter().enumerate() {
            if scores[ord][i] > 0.0 {
                top.push((scores[ord][i], DocAddress::new(ord as u32, doc)));
            }
        }
    }
    Ok(best(top, depth))
}
