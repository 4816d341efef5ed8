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
use std::path::Path;

use super::prepare::PreparedQuery;
use crate::analysis::Analyzer;
use crate::corpus::Corpus;
use crate::snapshot::{checksum, fnv, fnv_u64, le_u64, FNV_OFFSET};

/// BM25 saturation and length normalization of passages.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// File name of the snapshot in a generation directory (see [`ClauseIndex::load`]).
pub(crate) const SNAPSHOT_FILE: &str = "clauses.bin";
/// First bytes of a snapshot; the last digit is the format version.
const MAGIC: &[u8; 8] = b"MCCLAUS1";

/// One passage: its byte offset in the article text, its length and where
/// its terms end in [`ClauseIndex::term_ids`] (they start where the previous
/// passage's end).
#[derive(Debug, Clone, Copy)]
struct Passage {
    offset: u32,
    len: f32,
    terms_end: u32,
}

/// Passages of every article of a corpus, with their BM25 statistics.
#[derive(Debug, Default)]
pub(crate) struct ClauseIndex {
    /// FNV-1a hashes of the folded syllables and "a b" syllable pairs,
    /// sorted: a term's id is its position here.
    vocab: Vec<u64>,
    /// Passages containing each term id.
    df: Vec<u32>,
    passages: Vec<Passage>,
    /// Term ids of all passages, passage after passage, each passage's sorted.
    term_ids: Vec<u32>,
    /// Their counts in the passage.
    term_counts: Vec<u16>,
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

/// The id-free name of a syllable ("a") or a pair ("a b"): its FNV-1a hash.
/// Two grams of a corpus sharing a 64-bit hash would share statistics; with
/// a few million grams that is about one chance in a million, and costs one
/// passage score, never an error.
fn gram_hash(a: &str, b: Option<&str>) -> u64 {
    let h = fnv(FNV_OFFSET, a.as_bytes());
    match b {
        Some(b) => fnv(fnv(h, b" "), b.as_bytes()),
        None => h,
    }
}

/// What a clause index is computed from: the article texts of a corpus, in
/// order. A snapshot made from another corpus has another key.
pub(crate) fn corpus_key(corpus: &Corpus) -> u64 {
    let mut h = fnv(FNV_OFFSET, MAGIC);
    h = fnv_u64(h, corpus.documents.len() as u64);
    for d in &corpus.documents {
        h = fnv_u64(h, d.articles.len() as u64);
        for a in &d.articles {
            // 8 bytes a step: hashing ~40 MiB of national article text byte
            // by byte was a tenth of a start-up.
            h = fnv_u64(h, a.text.len() as u64);
            h = fnv_u64(h, checksum(a.text.as_bytes()));
        }
    }
    h
}

impl ClauseIndex {
    pub fn new(corpus: &Corpus) -> ClauseIndex {
        let mut analyzer = Analyzer::ViFolded.text_analyzer();
        // Build with ids in order of first sight, renumbered by hash below.
        let mut ids: HashMap<u64, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut index = ClauseIndex::default();
        let mut total_len = 0.0;
        let mut counts: HashMap<u32, u16> = HashMap::new();
        let mut hashes: Vec<u64> = Vec::new();
        let mut tokens: Vec<String> = Vec::new();
        for d in &corpus.documents {
            let mut spans = Vec::with_capacity(d.articles.len());
            for a in &d.articles {
                let text = crate::text::nfc(&a.text);
                let first = index.passages.len() as u32;
                let starts = passage_starts(&text);
                for (i, &start) in starts.iter().enumerate() {
                    let end = starts.get(i + 1).copied().unwrap_or(text.len());
                    tokens.clear();
                    let mut stream = analyzer.token_stream(&text[start..end]);
                    while let Some(t) = stream.next() {
                        tokens.push(t.text.clone());
                    }
                    hashes.clear();
                    hashes.extend(tokens.windows(2).map(|w| gram_hash(&w[0], Some(&w[1]))));
                    hashes.extend(tokens.iter().map(|t| gram_hash(t, None)));
                    counts.clear();
                    for &h in &hashes {
                        let next = ids.len() as u32;
                        let id = *ids.entry(h).or_insert(next);
                        if id == next {
                            df.push(0);
                        }
                        let c = counts.entry(id).or_insert(0);
                        *c = c.saturating_add(1);
                    }
                    for &id in counts.keys() {
                        df[id as usize] += 1;
                    }
                    index.term_ids.extend(counts.keys().copied());
                    index.term_counts.extend(counts.values().copied());
                    let len = tokens.len() as f32;
                    total_len += len;
                    index.passages.push(Passage {
                        offset: start as u32,
                        len,
                        terms_end: index.term_ids.len() as u32,
                    });
                }
                spans.push((first, index.passages.len() as u32));
            }
            index.articles.push(spans);
        }
        // Renumber by hash (the vocabulary is then a sorted list) and sort
        // each passage's terms by the new ids.
        let mut by_hash: Vec<(u64, u32)> = ids.into_iter().collect();
        by_hash.sort_unstable();
        let mut renumber = vec![0u32; by_hash.len()];
        for (new, &(_, old)) in by_hash.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        index.df = by_hash.iter().map(|&(_, old)| df[old as usize]).collect();
        index.vocab = by_hash.into_iter().map(|(h, _)| h).collect();
        let mut from = 0;
        let mut pairs: Vec<(u32, u16)> = Vec::new();
        for p in &index.passages {
            let to = p.terms_end as usize;
            pairs.clear();
            pairs.extend(
                index.term_ids[from..to]
                    .iter()
                    .zip(&index.term_counts[from..to])
                    .map(|(&id, &c)| (renumber[id as usize], c)),
            );
            pairs.sort_unstable();
            for (k, &(id, c)) in pairs.iter().enumerate() {
                index.term_ids[from + k] = id;
                index.term_counts[from + k] = c;
            }
            from = to;
        }
        index.avg_len = if index.passages.is_empty() {
            1.0
        } else {
            (total_len / index.passages.len() as f32).max(1.0)
        };
        index
    }

    /// The clause index of `corpus`: read from the snapshot at `path` when
    /// it is there, intact and made from this corpus; otherwise computed
    /// (the bulk of a national-size start-up: every article analysed) and
    /// the snapshot (re)written, best effort. A missing, stale, truncated or
    /// corrupted snapshot is never an error.
    pub fn load_or_new(corpus: &Corpus, path: Option<&Path>) -> ClauseIndex {
        let key = corpus_key(corpus);
        if let Some(path) = path {
            let cached = crate::snapshot::read(path, MAGIC, key, "clause");
            if let Some(bytes) = cached {
                match ClauseIndex::decode(crate::snapshot::body_of(&bytes), corpus) {
                    Some(index) => return index,
                    None => tracing::warn!(
                        path = %path.display(),
                        "clause snapshot does not fit the corpus; recomputing it"
                    ),
                }
            }
        }
        let index = ClauseIndex::new(corpus);
        if let Some(path) = path {
            if let Err(e) = index.save(path, key) {
                tracing::warn!(path = %path.display(), error = %e, "clause snapshot not written");
            }
        }
        index
    }

    /// Write the snapshot (to a temporary file renamed over `path`).
    fn save(&self, path: &Path, key: u64) -> std::io::Result<()> {
        crate::snapshot::write(path, &self.encode(key))
    }

    /// Framed by [`crate::snapshot`] (magic, key, length, checksum).
    /// Body (little-endian): avg_len, vocab, df, passages, term ids, term counts, articles;
    /// every list prefixed by its length.
    fn encode(&self, key: u64) -> Vec<u8> {
        // One buffer (header patched last): a national snapshot is ~30 MiB.
        let mut out = crate::snapshot::begin(
            MAGIC,
            key,
            16 + self.vocab.len() * 12 + self.passages.len() * 12 + self.term_ids.len() * 6,
        );
        let put = |out: &mut Vec<u8>, v: u64| out.extend_from_slice(&v.to_le_bytes());
        out.extend_from_slice(&self.avg_len.to_le_bytes());
        put(&mut out, self.vocab.len() as u64);
        self.vocab.iter().for_each(|h| put(&mut out, *h));
        put(&mut out, self.df.len() as u64);
        self.df
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        put(&mut out, self.passages.len() as u64);
        for p in &self.passages {
            out.extend_from_slice(&p.offset.to_le_bytes());
            out.extend_from_slice(&p.len.to_le_bytes());
            out.extend_from_slice(&p.terms_end.to_le_bytes());
        }
        put(&mut out, self.term_ids.len() as u64);
        self.term_ids
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.term_counts
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        put(&mut out, self.articles.len() as u64);
        for spans in &self.articles {
            put(&mut out, spans.len() as u64);
            for &(from, to) in spans {
                out.extend_from_slice(&from.to_le_bytes());
                out.extend_from_slice(&to.to_le_bytes());
            }
        }
        crate::snapshot::finish(&mut out);
        out
    }

    /// The index of a snapshot's body (already checked whole, of this
    /// format and key), if it fits `corpus` (its articles, their text
    /// lengths); `None` otherwise.
    fn decode(body: &[u8], corpus: &Corpus) -> Option<ClauseIndex> {
        let mut r = Reader(body);
        let avg_len = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
        let n = r.len(8)?;
        let vocab: Vec<u64> = r.take(n * 8)?.chunks_exact(8).map(le_u64).collect();
        if r.len(4)? != n {
            return None;
        }
        let df: Vec<u32> = r.take(n * 4)?.chunks_exact(4).map(le_u32).collect();
        let np = r.len(12)?;
        let passages: Vec<Passage> = r
            .take(np * 12)?
            .chunks_exact(12)
            .map(|c| Passage {
                offset: le_u32(&c[0..4]),
                len: f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                terms_end: le_u32(&c[8..12]),
            })
            .collect();
        let nt = r.len(6)?;
        let term_ids: Vec<u32> = r.take(nt * 4)?.chunks_exact(4).map(le_u32).collect();
        let term_counts: Vec<u16> = r
            .take(nt * 2)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        if r.len(8)? != corpus.documents.len() {
            return None;
        }
        let mut articles = Vec::with_capacity(corpus.documents.len());
        for d in &corpus.documents {
            if r.len(8)? != d.articles.len() {
                return None;
            }
            let mut spans = Vec::with_capacity(d.articles.len());
            for a in &d.articles {
                let (from, to) = (le_u32(r.take(4)?), le_u32(r.take(4)?));
                if from > to || to as usize > np {
                    return None;
                }
                let text_len = crate::text::nfc_len(&a.text);
                if passages[from as usize..to as usize]
                    .iter()
                    .any(|p| p.offset as usize > text_len)
                {
                    return None;
                }
                spans.push((from, to));
            }
            articles.push(spans);
        }
        // Every range and id in bounds: a query can then never index out.
        let mut from = 0;
        for p in &passages {
            if p.terms_end < from || p.terms_end as usize > nt {
                return None;
            }
            from = p.terms_end;
        }
        if !r.0.is_empty() || term_ids.iter().any(|&id| id as usize >= n) {
            return None;
        }
        Some(ClauseIndex {
            vocab,
            df,
            passages,
            term_ids,
            term_counts,
            articles,
            avg_len,
        })
    }

    /// The query's distinct folded syllables (weight 1) and adjacent pairs
    /// (weight `pair_weight`), with their passage IDF.
    pub fn query(&self, q: &PreparedQuery, pair_weight: f32) -> ClauseQuery {
        let n = self.passages.len() as f32;
        let mut terms: Vec<(u32, f32)> = Vec::new();
        let mut add = |gram: u64, weight: f32| {
            if weight <= 0.0 {
                return;
            }
            if let Ok(at) = self.vocab.binary_search(&gram) {
                let id = at as u32;
                if terms.iter().any(|(t, _)| *t == id) {
                    return;
                }
                let df = self.df[at] as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                terms.push((id, idf * weight));
            }
        };
        for t in &q.terms {
            add(gram_hash(&t.folded, None), 1.0);
        }
        for w in q.terms.windows(2) {
            add(gram_hash(&w[0].folded, Some(&w[1].folded)), pair_weight);
        }
        terms.sort_unstable_by_key(|(id, _)| *id);
        ClauseQuery { terms }
    }

    /// The best passage of article `article` of document `document` (corpus
    /// indices), or `None` when no passage has a query term.
    pub fn best(&self, q: &ClauseQuery, document: usize, article: usize) -> Option<BestPassage> {
        let &(from, to) = self.articles.get(document)?.get(article)?;
        let mut best: Option<BestPassage> = None;
        let mut start = match from {
            0 => 0,
            f => self.passages.get(f as usize - 1)?.terms_end as usize,
        };
        for p in self.passages.get(from as usize..to as usize)? {
            let end = p.terms_end as usize;
            let ids = self.term_ids.get(start..end)?;
            let counts = self.term_counts.get(start..end)?;
            start = end;
            let norm = K1 * (1.0 - B + B * p.len / self.avg_len);
            let mut score = 0.0;
            // Both lists are sorted by term id: merge.
            let (mut i, mut j) = (0, 0);
            while i < q.terms.len() && j < ids.len() {
                let (qt, w) = q.terms[i];
                match qt.cmp(&ids[j]) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        let tf = f32::from(counts[j]);
                        score += w * tf * (K1 + 1.0) / (tf + norm);
                        i += 1;
                        j += 1;
                    }
                }
            }
            if score > 0.0 && best.is_none_or(|b| score > b.score) {
                best = Some(BestPassage {
                    score,
                    offset: p.offset as usize,
                });
            }
        }
        best
    }
}

fn le_u32(c: &[u8]) -> u32 {
    u32::from_le_bytes([c[0], c[1], c[2], c[3]])
}

/// Reads a snapshot front to back; every read is bounds-checked.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take(8).map(le_u64)
    }

    /// A list length whose items take `item` bytes each, if that many bytes
    /// are left.
    fn len(&mut self, item: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n.checked_mul(item)? <= self.0.len()).then_some(n)
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
