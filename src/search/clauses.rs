//! Clause-level evidence for article ranking.
//!
//! An article of a law is often a list of clauses (khoản "1.", "2.", …) on
//! different matters, and an official's question is answered by one of them
//! ("… nhận hồ sơ sau 15 giờ thì sao?" is one clause of the ten-clause
//! Article 5 of Luật Hộ tịch). Whole-article BM25 dilutes that clause in a
//! long article and rewards articles that spread the question's words over
//! unrelated clauses. So every article is also cut into passages (the text
//! before the first numbered clause, then one passage per clause), each
//! passage is scored with BM25 over all passages of the corpus, on syllables
//! and on pairs of adjacent syllables, and the article gets its best
//! passage's score ([`ClauseIndex::best`]), added to its tantivy score.
//!
//! Everything is precomputed when the engine is built; a query costs a few
//! hash look-ups per passage of the articles it re-ranks, never a pass over
//! the corpus.

use std::collections::HashMap;

use super::prepare::PreparedQuery;
use crate::analysis::{analyze, Analyzer};
use crate::corpus::Corpus;

/// BM25 saturation and length normalization of passages.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// One passage: its byte offset in the article text and its term counts.
#[derive(Debug)]
struct Passage {
    offset: usize,
    len: f32,
    /// (term id, count), sorted by term id.
    terms: Vec<(u32, u16)>,
}

/// Passages of every article of a corpus, with their BM25 statistics.
#[derive(Debug, Default)]
pub(crate) struct ClauseIndex {
    /// Folded syllables and "a b" syllable pairs → term id.
    vocab: HashMap<String, u32>,
    /// Passages containing each term id.
    df: Vec<u32>,
    passages: Vec<Passage>,
    /// Per document, per article: the range of its passages.
    articles: Vec<Vec<(u32, u32)>>,
    avg_len: f32,
}

/// The best passage of an article for a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BestPassage {
    /// Its BM25 score (unigram + `pair_weight` × pairs).
    pub score: f32,
    /// Byte offset of its first line in the article text.
    pub offset: usize,
}

/// Query terms resolved against the passage vocabulary, with their weights.
pub(crate) struct ClauseQuery {
    /// (term id, idf × weight), sorted by term id.
    terms: Vec<(u32, f32)>,
}

impl ClauseQuery {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Byte offsets of the passages of an article text: 0, then every line that
/// starts a numbered clause ("2. …", "3a. …") after the first line.
pub(crate) fn passage_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if offset > 0 && starts_clause(trimmed) {
            starts.push(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    starts
}

/// "12. …", "3a. …": digits, an optional letter, a dot.
fn starts_clause(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let rest = &line[digits..];
    let rest = rest
        .strip_prefix(|c: char| c.is_ascii_lowercase())
        .unwrap_or(rest);
    rest.starts_with('.')
}

/// Syllables and adjacent-syllable pairs of a text, folded.
fn grams(text: &str) -> Vec<String> {
    let tokens: Vec<String> = analyze(Analyzer::ViFolded, text)
        .into_iter()
        .map(|t| t.text)
        .collect();
    let mut out = Vec::with_capacity(tokens.len() * 2);
    for w in tokens.windows(2) {
        out.push(format!("{} {}", w[0], w[1]));
    }
    out.extend(tokens);
    out
}

impl ClauseIndex {
    pub fn new(corpus: &Corpus) -> ClauseIndex {
        let mut index = ClauseIndex::default();
        let mut total_len = 0.0;
        for d in &corpus.documents {
            let mut spans = Vec::with_capacity(d.articles.len());
            for a in &d.articles {
                let text = crate::text::nfc(&a.text);
                let first = index.passages.len() as u32;
                let starts = passage_starts(&text);
                for (i, &start) in starts.iter().enumerate() {
                    let end = starts.get(i + 1).copied().unwrap_or(text.len());
                    let passage = index.passage(start, &text[start..end]);
                    total_len += passage.len;
                    index.passages.push(passage);
                }
                spans.push((first, index.passages.len() as u32));
            }
            index.articles.push(spans);
        }
        index.avg_len = if index.passages.is_empty() {
            1.0
        } else {
            (total_len / index.passages.len() as f32).max(1.0)
        };
        index
    }

    fn passage(&mut self, offset: usize, text: &str) -> Passage {
        let grams = grams(text);
        let unigrams = grams.iter().filter(|g| !g.contains(' ')).count();
        let mut counts: HashMap<u32, u16> = HashMap::new();
        for g in grams {
            let next = self.vocab.len() as u32;
            let id = *self.vocab.entry(g).or_insert(next);
            if id == next {
                self.df.push(0);
            }
            let c = counts.entry(id).or_insert(0);
            *c = c.saturating_add(1);
        }
        let mut terms: Vec<(u32, u16)> = counts.into_iter().collect();
        terms.sort_unstable();
        for &(id, _) in &terms {
            self.df[id as usize] += 1;
        }
        Passage {
            offset,
            len: unigrams as f32,
            terms,
        }
    }

    /// The query's distinct folded syllables (weight 1) and adjacent pairs
    /// (weight `pair_weight`), with their passage IDF.
    pub fn query(&self, q: &PreparedQuery, pair_weight: f32) -> ClauseQuery {
        let n = self.passages.len() as f32;
        let mut terms: Vec<(u32, f32)> = Vec::new();
        let mut add = |gram: &str, weight: f32| {
            if weight <= 0.0 {
                return;
            }
            if let Some(&id) = self.vocab.get(gram) {
                if terms.iter().any(|(t, _)| *t == id) {
                    return;
                }
                let df = self.df[id as usize] as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                terms.push((id, idf * weight));
            }
        };
        for t in &q.terms {
            add(&t.folded, 1.0);
        }
        for w in q.terms.windows(2) {
            add(&format!("{} {}", w[0].folded, w[1].folded), pair_weight);
        }
        terms.sort_unstable_by_key(|(id, _)| *id);
        ClauseQuery { terms }
    }

    /// The best passage of article `article` of document `document` (corpus
    /// indices), or `None` when no passage has a query term.
    pub fn best(&self, q: &ClauseQuery, document: usize, article: usize) -> Option<BestPassage> {
        let &(from, to) = self.articles.get(document)?.get(article)?;
        let mut best: Option<BestPassage> = None;
        for p in self.passages.get(from as usize..to as usize)? {
            let norm = K1 * (1.0 - B + B * p.len / self.avg_len);
            let mut score = 0.0;
            // Both lists are sorted by term id: merge.
            let (mut i, mut j) = (0, 0);
            while i < q.terms.len() && j < p.terms.len() {
                let (qt, w) = q.terms[i];
                let (pt, tf) = p.terms[j];
                match qt.cmp(&pt) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        let tf = f32::from(tf);
                        score += w * tf * (K1 + 1.0) / (tf + norm);
                        i += 1;
                        j += 1;
                    }
                }
            }
            if score > 0.0 && best.is_none_or(|b| score > b.score) {
                best = Some(BestPassage {
                    score,
                    offset: p.offset,
                });
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_start_at_numbered_clauses() {
        let text = "Mở đầu:\n1. Một.\na) điểm a;\n2. Hai.\n12a. Mười hai a.\nNăm 2015.";
        let starts = passage_starts(text);
        let firsts: Vec<&str> = starts
            .iter()
            .map(|&s| text[s..].lines().next().unwrap_or(""))
            .collect();
        assert_eq!(
            firsts,
            ["Mở đầu:", "1. Một.", "2. Hai.", "12a. Mười hai a."]
        );
    }

    #[test]
    fn an_article_without_clauses_is_one_passage() {
        assert_eq!(passage_starts("1. Chỉ một khoản."), [0]);
        assert_eq!(passage_starts(""), [0]);
    }
}
