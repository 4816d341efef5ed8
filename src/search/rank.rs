//! Ranking helpers outside tantivy's scoring: per-kind BM25 statistics, the
//! name-coverage re-rank of procedures, and which fields of a hit matched.

use std::collections::HashSet;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::Searcher;

use super::prepare::PreparedQuery;
use crate::analysis::{tokens, Analyzer};
use crate::corpus::Procedure;

/// BM25 statistics of one kind of document. Procedures and articles share an
/// index but no text field, so document frequencies are already per kind;
/// only the document count must be too, or adding laws would change how
/// procedures rank (average field lengths and IDF would be diluted).
pub(crate) struct KindStats<'a> {
    pub searcher: &'a Searcher,
    pub docs: u64,
}

impl Bm25StatisticsProvider for KindStats<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_tokens(self.searcher, field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs.max(1))
    }

    fn doc_freq(&self, term: &tantivy::Term) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::doc_freq(self.searcher, term)
    }
}

/// Folded term sequences of a procedure's name and of each alias. "Thủ tục"
/// opening a name is dropped: it says nothing about which procedure is meant.
pub(crate) fn name_terms(p: &Procedure) -> Vec<Vec<String>> {
    std::iter::once(p.name.as_str())
        .chain(p.aliases.iter().map(String::as_str))
        .map(|name| {
            let mut terms = tokens(Analyzer::ViFolded, name);
            if terms.len() > 2 && terms[0] == "thu" && terms[1] == "tuc" {
                terms.drain(..2);
            }
            terms
        })
        .filter(|terms| !terms.is_empty())
        .collect()
}

/// The distinct adjacent folded term pairs of a query, gathered once per
/// query for [`name_coverage_of_pairs`] (not once per hit): sorted, for a
/// binary search (a query has at most [`super::MAX_TERMS`] terms). Most
/// pairs looked up are a procedure name's, not the query's: two 64-bit
/// masks of the pairs' first and second terms (see [`term_bit`]) turn most
/// of them away before any string comparison.
pub(crate) struct QueryPairs<'q> {
    pairs: Vec<(&'q str, &'q str)>,
    firsts: u64,
    seconds: u64,
}

/// A term's bit in [`QueryPairs`]'s masks, from its length and first and
/// last bytes: equal terms share it, so a clear bit proves a term absent.
fn term_bit(t: &str) -> u64 {
    let b = t.as_bytes();
    let (first, last) = (
        b.first().copied().unwrap_or(0),
        b.last().copied().unwrap_or(0),
    );
    let h = (b.len() as u32)
        .wrapping_mul(0x9E37_79B9)
        .wrapping_add(u32::from(first).wrapping_mul(0x85EB_CA6B))
        .wrapping_add(u32::from(last).wrapping_mul(0xC2B2_AE35));
    1 << (h >> 26)
}

impl<'q> QueryPairs<'q> {
    pub(crate) fn new(q: &'q PreparedQuery) -> Self {
        let mut pairs: Vec<(&str, &str)> = q
            .terms
            .windows(2)
            .map(|w| (w[0].folded.as_str(), w[1].folded.as_str()))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let (mut firsts, mut seconds) = (0, 0);
        for (a, b) in &pairs {
            firsts |= term_bit(a);
            seconds |= term_bit(b);
        }
        QueryPairs {
            pairs,
            firsts,
            seconds,
        }
    }

    fn contains(&self, a: &str, b: &str) -> bool {
        self.firsts & term_bit(a) != 0
            && self.seconds & term_bit(b) != 0
            && self.pairs.binary_search(&(a, b)).is_ok()
    }
}

/// How much (0–1) of the best-covered name or alias the query contains: the
/// share of name terms inside a two-term run that the query has in the same
/// order (a one-term name: that term anywhere). Order matters: a bag-of-words
/// share measured worse (see [`super::weights::ProcedureWeights::name_coverage`]).
///
/// A question containing a whole short name ("… đăng ký khai sinh cho con
/// trong bao nhiêu ngày?") then beats a longer name that merely shares more
/// incidental words ("… khai sinh kết hợp đăng ký nhận cha, mẹ, con …").
///
/// The query is given as its pairs ([`QueryPairs`], gathered once per query)
/// and its folded terms.
pub(crate) fn name_coverage_of_pairs(
    names: &[Vec<String>],
    pairs: &QueryPairs,
    folded: &HashSet<String>,
) -> f32 {
    names
        .iter()
        .map(|terms| {
            // Terms in a run: those starting or ending a pair of the query.
            let n = terms.len();
            let in_run = match terms.as_slice() {
                [one] => usize::from(folded.contains(one)),
                _ => {
                    let (mut count, mut ends_pair) = (0, false);
                    for i in 0..n {
                        let starts_pair = i + 1 < n && pairs.contains(&terms[i], &terms[i + 1]);
                        if ends_pair || starts_pair {
                            count += 1;
                        }
                        ends_pair = starts_pair;
                    }
                    count
                }
            };
            in_run as f32 / n.max(1) as f32
        })
        .fold(0.0, f32::max)
}

/// The parts of a procedure [`matched_fields`] reports, in its order.
const MATCHED_FIELDS: [&str; 9] = [
    "name",
    "aliases",
    "field",
    "checklist",
    "results",
    "steps",
    "requirements",
    "fees",
    "agency",
];

/// The distinct folded terms of a procedure, each with the parts of
/// [`MATCHED_FIELDS`] it occurs in (a bit mask). Analysing a procedure's text
/// is far dearer than looking terms up, so it is done once per procedure
/// (see `Engine::procedure_fields`) rather than for every hit. Compact: the
/// sorted terms concatenated in one string.
#[derive(Debug, Default)]
pub(crate) struct FieldTerms {
    terms: String,
    /// End (byte) of each term in `terms`.
    ends: Vec<u32>,
    masks: Vec<u16>,
}

impl FieldTerms {
    pub(crate) fn new(p: &Procedure) -> FieldTerms {
        let mut all: Vec<(String, u16)> = Vec::new();
        let mut add = |part: usize, text: &str| {
            all.extend(
                tokens(Analyzer::ViFolded, text)
                    .into_iter()
                    .map(|t| (t, 1u16 << part)),
            );
        };
        add(0, &p.name);
        for a in &p.aliases {
            add(1, a);
        }
        add(2, &p.field);
        for c in &p.checklist {
            for text in [&c.name, &c.condition, &c.template] {
                add(3, text);
            }
        }
        for r in &p.results {
            add(4, r);
        }
        for s in &p.steps {
            add(5, &s.text);
        }
        add(6, &p.requirements);
        add(6, &p.applicants);
        for f in &p.fees {
            add(7, &f.text);
        }
        for c in &p.channels {
            add(7, &c.fee_text);
        }
        add(8, &p.agency);
        all.sort_unstable();
        let mut out = FieldTerms::default();
        for (term, mask) in all {
            let last = out.ends.len().checked_sub(1);
            if last.is_some_and(|l| out.term(l) == term) {
                if let Some(m) = out.masks.last_mut() {
                    *m |= mask;
                }
                continue;
            }
            out.terms.push_str(&term);
            out.ends.push(out.terms.len() as u32);
            out.masks.push(mask);
        }
        out.terms.shrink_to_fit();
        out.ends.shrink_to_fit();
        out.masks.shrink_to_fit();
        out
    }

    fn term(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.terms[start..self.ends[i] as usize]
    }

    /// The parts `term` occurs in.
    fn mask(&self, term: &str) -> u16 {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.term(mid).cmp(term) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.masks[mid],
            }
        }
        0
    }
}

/// Which parts of a procedure (its [`FieldTerms`]) contain a query term
/// (folded comparison).
pub(crate) fn matched_fields(terms: &FieldTerms, folded: &HashSet<String>) -> Vec<&'static str> {
    let mask = folded.iter().fold(0u16, |m, t| m | terms.mask(t));
    MATCHED_FIELDS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, f)| *f)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_pairs_contain_exactly_the_query_s_adjacent_pairs() {
        let q = PreparedQuery::new("đăng ký khai sinh cho con, khai tử");
        let pairs = QueryPairs::new(&q);
        let folded: Vec<&str> = q.terms.iter().map(|t| t.folded.as_str()).collect();
        let words = [
            "dang", "ky", "khai", "sinh", "con", "tu", "ket", "hon", "", "k",
        ];
        for a in words {
            for b in words {
                let expected = folded.windows(2).any(|w| w[0] == a && w[1] == b);
                assert_eq!(pairs.contains(a, b), expected, "({a:?}, {b:?})");
            }
        }
    }
}
