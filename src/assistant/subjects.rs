//! Which legal documents are about a subject, judged by their headings.
//!
//! A chat answer shows articles that back it: first from the procedure's own
//! legal basis, then from the documents its field cites
//! ([`super::basis::BasisDocuments`]). Many portal procedures have neither in
//! the corpus (their basis is a decision or circular the corpus does not
//! carry). For them, and for questions no procedure answers, the documents
//! to search are the ones whose *headings* — the document title, its chapter
//! and section headings and its article titles — are most about the
//! procedure's name or the question: a table of contents names a law's
//! subjects ("Luật Hộ tịch": "Đăng ký khai sinh", "Đăng ký kết hôn", …).
//!
//! Ranking a few hundred documents by their headings takes microseconds,
//! where ranking every article of a national corpus by its text is most of a
//! chat turn. Words and adjacent word pairs, accent-folded, are scored with
//! BM25 over each document's headings.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::corpus::{Corpus, DocumentStatus};
use crate::snapshot::{fnv, fnv_prefixed, fnv_u64, FNV_OFFSET};
use crate::text::{fold_accents, nfc};

/// BM25 saturation and length normalization over a document's headings.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Weight of the document's own title among its headings: it names the
/// whole document's subject, an article title only one article's.
const TITLE_WEIGHT: f32 = 3.0;
/// Score factor of a superseded document (as in article search).
const SUPERSEDED: f32 = 0.5;

/// Folded function words that say nothing about a subject. Only words
/// whose every accented form is one: "can" (căn cước), "so" (sổ), "the"
/// (thẻ), "tai" (tài sản), "ma" (mã số), "toi" (tội) stay.
const STOP: &[&str] = &[
    "cua", "va", "hoac", "cac", "nhung", "la", "neu", "rang", "nay", "duoc", "nao", "gi", "vay",
    "oi", "nhe", "nhi", "cho", "voi", "theo", "khi", "khong", "muon", "hoi",
];

/// A term: the FNV hash of a folded word, or of an adjacent pair's two
/// word hashes. Hashes instead of strings keep the table of a national
/// corpus (~100,000 heading terms) quick to build.
type Term = u64;

/// The terms of a folded, lower-cased text: its content words and each
/// adjacent pair of them ("khai sinh" → "khai", "sinh", "khai sinh").
fn terms(folded: &str, out: &mut Vec<Term>) {
    let mut previous: Option<Term> = None;
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || STOP.contains(&w) || w.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let h = fnv_prefixed(FNV_OFFSET, w.as_bytes());
        if let Some(p) = previous {
            out.push(fnv_u64(fnv_u64(FNV_OFFSET, p), h));
        }
        out.push(h);
        previous = Some(h);
    }
}

fn fold(text: &str) -> String {
    fold_accents(text).to_lowercase()
}

/// Hashing for keys that are hashes already.
#[derive(Default, Clone, Copy)]
struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0, bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type TermMap<V> = HashMap<Term, V, BuildHasherDefault<Passthrough>>;

/// Per term, the documents whose headings have it and how often.
#[derive(Debug, Clone, Default)]
pub struct DocumentSubjects {
    postings: TermMap<Vec<(u32, f32)>>,
    /// Heading terms per document (weighted), for length normalization.
    lengths: Vec<f32>,
    average: f32,
    /// Score factor per document (superseded documents count less).
    factors: Vec<f32>,
}

impl DocumentSubjects {
    pub fn new(corpus: &Corpus) -> Self {
        let n = corpus.documents.len();
        let mut postings: TermMap<Vec<(u32, f32)>> = TermMap::default();
        let mut lengths = vec![0.0f32; n];
        let mut factors = vec![1.0f32; n];
        let mut tf: TermMap<f32> = TermMap::default();
        let mut buf = Vec::new();
        for (di, d) in corpus.documents.iter().enumerate() {
            tf.clear();
            let mut add = |text: &str, weight: f32| {
                buf.clear();
                terms(&fold(text), &mut buf);
                for &t in &buf {
                    *tf.entry(t).or_insert(0.0) += weight;
                }
            };
            add(&d.header.title, TITLE_WEIGHT);
            let mut last_chapter = "";
            let mut last_section = "";
            for a in &d.articles {
                add(&a.title, 1.0);
                // A chapter or section heading repeats on each of its articles.
                if a.chapter != last_chapter {
                    add(&a.chapter, 1.0);
                    last_chapter = &a.chapter;
                }
                if a.section != last_section {
                    add(&a.section, 1.0);
                    last_section = &a.section;
                }
            }
            lengths[di] = tf.values().sum();
            if d.header.status == DocumentStatus::Superseded {
                factors[di] = SUPERSEDED;
            }
            for (&t, &f) in &tf {
                postings.entry(t).or_default().push((di as u32, f));
            }
        }
        let average = match n {
            0 => 1.0,
            n => (lengths.iter().sum::<f32>() / n as f32).max(1.0),
        };
        DocumentSubjects {
            postings,
            lengths,
            average,
            factors,
        }
    }

    /// Corpus indices of the documents whose headings are most about
    /// `text`, best first: at most `limit`, each scoring at least `ratio`
    /// of the best. Empty when no heading shares a content word with it.
    pub fn rank(&self, text: &str, limit: usize, ratio: f32) -> Vec<usize> {
        let n = self.lengths.len() as f32;
        let mut scores: HashMap<u32, f32> = HashMap::new();
        let mut query = Vec::new();
        terms(&fold(&nfc(text)), &mut query);
        query.sort_unstable();
        query.dedup();
        for t in &query {
            let Some(list) = self.postings.get(t) else {
                continue;
            };
            let df = list.len() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(d, tf) in list {
                let len = self.lengths[d as usize] / self.average;
                let s = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len));
                *scores.entry(d).or_insert(0.0) += s;
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores
            .into_iter()
            .map(|(d, s)| (d as usize, s * self.factors[d as usize]))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = ranked.first().map_or(0.0, |r| r.1);
        ranked
            .into_iter()
            .take_while(|r| r.1 >= best * ratio)
            .take(limit)
            .map(|r| r.0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, DocumentHeader, LegalDocument};

    fn doc(number: &str, title: &str, articles: &[(&str, &str)]) -> LegalDocument {
        LegalDocument {
            header: DocumentHeader {
                number: number.into(),
                title: title.into(),
                ..Default::default()
            },
            articles: articles
                .iter()
                .map(|(chapter, title)| Article {
                    title: title.to_string(),
                    chapter: chapter.to_string(),
                    ..Default::default()
                })
                .collect(),
        }
    }

    fn corpus() -> Corpus {
        Corpus {
            procedures: Vec::new(),
            documents: vec![
                doc(
                    "60/2014/QH13",
                    "Luật Hộ tịch",
                    &[
                        ("Chương II. ĐĂNG KÝ HỘ TỊCH", "Thẩm quyền đăng ký khai sinh"),
                        ("Chương II. ĐĂNG KÝ HỘ TỊCH", "Thủ tục đăng ký kết hôn"),
                        ("Chương III", "Đăng ký khai tử"),
                    ],
                ),
                doc(
                    "68/2020/QH14",
                    "Luật Cư trú",
                    &[
                        ("", "Đăng ký thường trú"),
                        ("", "Đăng ký tạm trú"),
                        ("", "Khai báo tạm vắng"),
                    ],
                ),
                doc(
                    "23/2015/NĐ-CP",
                    "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
                    &[("", "Thẩm quyền chứng thực"), ("", "Chứng thực chữ ký")],
                ),
            ],
        }
    }

    #[test]
    fn documents_are_ranked_by_what_their_headings_are_about() {
        let s = DocumentSubjects::new(&corpus());
        assert_eq!(s.rank("Đăng ký khai sinh", 1, 0.0), [0]);
        assert_eq!(s.rank("dang ky tam tru", 1, 0.0), [1]);
        assert_eq!(s.rank("Chứng thực hợp đồng mua bán nhà", 1, 0.0), [2]);
        // Every document shares "đăng ký"; the pair "kết hôn" decides.
        assert_eq!(s.rank("đăng ký kết hôn", 3, 0.0)[0], 0);
        // Nothing in common, or only function words: no document.
        assert!(s.rank("thời tiết ngày mai", 3, 0.0).is_empty());
        assert!(s.rank("của và là", 3, 0.0).is_empty());
        assert!(s.rank("", 3, 0.0).is_empty());
    }

    #[test]
    fn the_limit_and_the_ratio_cut_the_ranking() {
        let s = DocumentSubjects::new(&corpus());
        // "ký" is in every document ("chứng thực chữ ký").
        assert_eq!(s.rank("đăng ký", 3, 0.0).len(), 3);
        assert_eq!(s.rank("đăng ký", 2, 0.0).len(), 2);
        // "khai sinh" is only in the Luật Hộ tịch; "đăng ký" in two documents,
        // "ký" in all three.
        assert_eq!(s.rank("đăng ký khai sinh", 3, 0.9), [0]);
    }
}
