//! Citation recognition: "Điều 16 Luật Hộ tịch", "khoản 2 điều 9 nghị định
//! 123/2015", "Điều 5 NĐ 23/2015/NĐ-CP", "điều 3 thông tư 01/2020" →
//! (document, article, clause), so the cited article can be put first.
//!
//! Documents are resolved against the corpus only, never a table of answers:
//!
//! 1. a full number in the query ("23/2015/NĐ-CP", any spelling);
//! 2. a short number ("123/2015"); when several documents share it, the
//!    type named in the query ("nđ", "nghị định", "thông tư", "luật"…) decides;
//! 3. a document name: the accent-folded title of a corpus document (with its
//!    type: "luat ho tich") appearing as a run of query terms. The longest name
//!    wins; among equals, a year in the query ("luật cư trú 2020"), then a
//!    document in force, then the newest.
//!
//! Matching runs on `vi_folded` terms on both sides, so accents, case, tone
//! placement and stop words do not matter.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::analysis::docnum::{docnum_tokens, normalize};
use crate::analysis::fold::fold_token;
use crate::analysis::stop_words;
use crate::analysis::{tokens, Analyzer};
use crate::corpus::{Corpus, DocumentStatus};

/// A recognized citation. `document` is the canonical number of a corpus
/// document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Citation {
    pub document: Option<String>,
    /// Article number, lower case ("16", "3a").
    pub article: Option<String>,
    /// Clause number (khoản).
    pub clause: Option<String>,
}

impl Citation {
    pub fn is_empty(&self) -> bool {
        self.document.is_none() && self.article.is_none()
    }
}

struct Entry {
    number: String,
    /// Normalized short form `123/2015` (no leading zero).
    short: Option<String>,
    /// First part of the normalized suffix: `nd`, `tt`, `qh13`, `ttlt`…
    suffix: String,
    year: Option<String>,
    in_force: bool,
    /// Folded term sequences naming it ("luat ho tich").
    names: Vec<Vec<String>>,
}

/// Names and numbers of the corpus documents, prepared once per engine.
pub struct DocumentNames {
    entries: Vec<Entry>,
    by_full: HashMap<String, usize>,
}

/// Folded terms for name matching. Besides the analyzer's stop words, the
/// folded forms of stop words are dropped ("va" typed for "và"): both sides
/// go through here, so this only makes names easier to match.
fn folded(text: &str) -> Vec<String> {
    // The stop words' folded forms, folded once (not once per term).
    static FOLDED_STOP_WORDS: OnceLock<Vec<String>> = OnceLock::new();
    let stop = FOLDED_STOP_WORDS.get_or_init(|| {
        stop_words::words()
            .map(|w| fold_token(w).into_owned())
            .collect()
    });
    let mut out = tokens(Analyzer::ViFolded, text);
    out.retain(|t| !stop.iter().any(|w| w == t));
    // Bound the work on long inputs, like the query terms.
    out.truncate(super::prepare::MAX_TERMS);
    out
}

impl DocumentNames {
    pub fn new(corpus: &Corpus) -> DocumentNames {
        let mut entries = Vec::new();
        let mut by_full = HashMap::new();
        for d in &corpus.documents {
            let h = &d.header;
            let full = normalize(&h.number);
            let mut parts = full.splitn(3, '/');
            let _number = parts.next();
            let year = parts.next().map(str::to_string);
            let suffix = parts
                .next()
                .and_then(|s| s.split('-').next())
                .unwrap_or_default()
                .to_string();
            let short = crate::corpus::docnum::number_and_year(&full).map(str::to_string);
            let title = folded(&h.title);
            let doc_type = folded(&h.doc_type);
            let full_name: Vec<String> = if title.starts_with(&doc_type) {
                title
            } else {
                doc_type.iter().chain(&title).cloned().collect()
            };
            let mut candidates = vec![full_name.clone()];
            // "Bộ luật Dân sự" is also called "Luật Dân sự".
            if let Some(rest) = full_name.strip_prefix(&["bo".to_string()][..]) {
                candidates.push(rest.to_vec());
            }
            let mut names: Vec<Vec<String>> = Vec::new();
            for n in candidates {
                // A name must say more than its type ("Luật" alone names nothing).
                if n.len() > doc_type.len().max(1) && !names.contains(&n) {
                    names.push(n);
                }
            }
            by_full.insert(full, entries.len());
            entries.push(Entry {
                number: h.number.clone(),
                short,
                suffix,
                year,
                in_force: h.status != DocumentStatus::Superseded,
                names,
            });
        }
        DocumentNames { entries, by_full }
    }

    /// The canonical number of the corpus document `text` designates: a number
    /// in any spelling, or a name ("Luật Hộ tịch").
    pub fn resolve(&self, text: &str) -> Option<String> {
        let terms = folded(text);
        self.resolve_terms(text, &terms)
    }

    fn resolve_terms(&self, text: &str, terms: &[String]) -> Option<String> {
        let keywords = docnum_tokens(text);
        // 1. Full numbers.
        for k in keywords.iter().filter(|k| k.matches('/').count() == 2) {
            if let Some(&i) = self.by_full.get(k) {
                return Some(self.entries[i].number.clone());
            }
        }
        // 2. Short numbers, disambiguated by the type named in the query.
        let hints = type_hints(terms);
        for k in keywords.iter().filter(|k| k.matches('/').count() == 1) {
            let mut candidates: Vec<&Entry> = self
                .entries
                .iter()
                .filter(|e| e.short.as_deref() == Some(k.as_str()))
                .collect();
            if candidates.len() > 1 && !hints.is_empty() {
                let hinted: Vec<&Entry> = candidates
                    .iter()
                    .copied()
                    .filter(|e| hints.iter().any(|h| e.suffix.starts_with(h)))
                    .collect();
                if !hinted.is_empty() {
                    candidates = hinted;
                }
            }
            candidates.sort_by_key(|e| !e.in_force);
            if let Some(e) = candidates.first() {
                return Some(e.number.clone());
            }
        }
        // 2b. A bare number after a document type ("nđ 23", "thông tư 01"):
        // the document of that type and number, in force and newest first.
        for (hint, number) in typed_numbers(terms) {
            let mut candidates: Vec<&Entry> = self
                .entries
                .iter()
                .filter(|e| {
                    e.suffix.starts_with(hint)
                        && e.short
                            .as_deref()
                            .and_then(|s| s.split('/').next())
                            .is_some_and(|n| n == number)
                })
                .collect();
            candidates.sort_by(|a, b| (b.in_force, &b.year).cmp(&(a.in_force, &a.year)));
            if let Some(e) = candidates.first() {
                return Some(e.number.clone());
            }
        }
        // 3. Names.
        let mut best: Option<(usize, bool, bool, &str, &Entry)> = None;
        for e in &self.entries {
            let Some(len) = e
                .names
                .iter()
                .filter(|n| contains_run(terms, n))
                .map(Vec::len)
                .max()
            else {
                continue;
            };
            let year_named = e.year.as_ref().is_some_and(|y| terms.contains(y));
            let key = (
                len,
                year_named,
                e.in_force,
                e.year.as_deref().unwrap_or(""),
                e,
            );
            let better = match &best {
                None => true,
                Some(b) => (key.0, key.1, key.2, key.3) > (b.0, b.1, b.2, b.3),
            };
            if better {
                best = Some(key);
            }
        }
        best.map(|b| b.4.number.clone())
    }

    /// Recognize a citation in a query.
    pub fn parse(&self, query: &str) -> Citation {
        let terms = folded(query);
        // "đ 5", "đ10": officials' shorthand for "điều".
        let article = number_after(&terms, "dieu").or_else(|| number_after(&terms, "d"));
        let clause = number_after(&terms, "khoan");
        let document = self.resolve_terms(query, &terms);
        let clause = clause.filter(|_| article.is_some());
        Citation {
            document,
            article,
            clause,
        }
    }
}

/// True when `needle` occurs as a contiguous run in `haystack`.
fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.len() <= haystack.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The article or clause number after a keyword: "dieu 16", "dieu16", "dieu 3a".
fn number_after(terms: &[String], keyword: &str) -> Option<String> {
    let is_number = |s: &str| {
        s.len() <= 5
            && s.chars().next().is_some_and(|c| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_alphanumeric())
    };
    for (i, t) in terms.iter().enumerate() {
        if t == keyword {
            if let Some(next) = terms.get(i + 1).filter(|n| is_number(n)) {
                return Some(next.trim_start_matches('0').to_string()).filter(|s| !s.is_empty());
            }
        } else if let Some(rest) = t.strip_prefix(keyword).filter(|r| is_number(r)) {
            return Some(rest.trim_start_matches('0').to_string()).filter(|s| !s.is_empty());
        }
    }
    None
}

/// Numbers without a year right after a document type ("nđ 23",
/// "nghị định 23", "tt 01"), as (suffix prefix, number without leading zeros).
fn typed_numbers(terms: &[String]) -> Vec<(&'static str, String)> {
    let is_number =
        |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    let single = |t: &str| match t {
        "nd" => Some("nd"),
        "tt" => Some("tt"),
        "ttlt" => Some("ttlt"),
        "nq" => Some("nq"),
        "qd" => Some("qd"),
        _ => None,
    };
    let pair = |a: &str, b: &str| match (a, b) {
        ("nghi", "dinh") => Some("nd"),
        ("thong", "tu") => Some("tt"),
        ("nghi", "quyet") => Some("nq"),
        ("quyet", "dinh") => Some("qd"),
        _ => None,
    };
    let mut out = Vec::new();
    for i in 0..terms.len() {
        let typed = single(&terms[i]).map(|h| (h, i + 1)).or_else(|| {
            terms
                .get(i + 1)
                .and_then(|b| pair(&terms[i], b))
                .map(|h| (h, i + 2))
        });
        if let Some((hint, at)) = typed {
            if let Some(n) = terms.get(at).filter(|n| is_number(n)) {
                let n = n.trim_start_matches('0');
                if !n.is_empty() {
                    out.push((hint, n.to_string()));
                }
            }
        }
    }
    out
}

/// Document types named in the query, as suffix prefixes of their numbers.
fn type_hints(terms: &[String]) -> Vec<&'static str> {
    let mut hints = Vec::new();
    let has = |w: &str| terms.iter().any(|t| t == w);
    let has_pair = |a: &str, b: &str| terms.windows(2).any(|w| w[0] == a && w[1] == b);
    if has("nd") || has_pair("nghi", "dinh") {
        hints.push("nd");
    }
    if has("ttlt") || (has_pair("thong", "tu") && has("lien") && has("tich")) {
        hints.push("ttlt");
    }
    if has("tt") || has_pair("thong", "tu") {
        hints.push("tt");
    }
    if has("nq") || has_pair("nghi", "quyet") {
        hints.push("nq");
    }
    if has("qd") || has_pair("quyet", "dinh") {
        hints.push("qd");
    }
    if has("luat") {
        hints.push("qh");
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        folded(s)
    }

    #[test]
    fn article_numbers_after_the_keyword() {
        assert_eq!(
            number_after(&t("Điều 16 Luật Hộ tịch"), "dieu").as_deref(),
            Some("16")
        );
        assert_eq!(number_after(&t("điều 3a"), "dieu").as_deref(), Some("3a"));
        assert_eq!(number_after(&t("Điều16"), "dieu").as_deref(), Some("16"));
        assert_eq!(number_after(&t("điều kiện kết hôn"), "dieu"), None);
        assert_eq!(
            number_after(&t("khoản 02 điều 9"), "khoan").as_deref(),
            Some("2")
        );
    }

    #[test]
    fn officials_shorthand_for_article_and_bare_numbers() {
        assert_eq!(
            number_after(&t("đ 5 nđ 23/2015"), "d").as_deref(),
            Some("5")
        );
        assert_eq!(
            number_after(&t("đ10 tt 01/2020 btp"), "d").as_deref(),
            Some("10")
        );
        assert_eq!(number_after(&t("điểm d khoản 2"), "d"), None);
        assert_eq!(
            typed_numbers(&t("khoản 1 điều 36 nđ 23")),
            [("nd", "23".to_string())]
        );
        assert_eq!(
            typed_numbers(&t("thông tư 01 của bộ tư pháp")),
            [("tt", "1".to_string())]
        );
    }

    #[test]
    fn type_hints_from_words_and_abbreviations() {
        assert_eq!(type_hints(&t("nđ 123/2015")), ["nd"]);
        assert_eq!(type_hints(&t("thông tư 01/2020")), ["tt"]);
        assert_eq!(type_hints(&t("luật hộ tịch")), ["qh"]);
    }
}
