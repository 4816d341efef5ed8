//! Citizen text → bounded query terms. Nothing here parses query syntax: a
//! `:` or a parenthesis is just a separator, so no input can select a field
//! or nest anything.
//!
//! Work is bounded: the text is cut at [`MAX_QUERY_CHARS`] characters and at
//! most [`MAX_TERMS`] terms are kept. The excess is ignored, never an error.

use crate::analysis::docnum::docnum_tokens;
use crate::analysis::fold::fold_token;
use crate::analysis::{analyze, Analyzer};
use crate::text::nfc;

/// Characters of a query considered; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Terms of a query considered; the rest are ignored.
pub const MAX_TERMS: usize = 64;
/// Document numbers and procedure codes of a query considered.
pub const MAX_KEYWORDS: usize = 8;

/// One term of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// As the `vi` analyzer makes it (accents kept, canonical tone).
    pub exact: String,
    /// As the `vi_folded` analyzer makes it.
    pub folded: String,
    /// Position in the query (stop words leave gaps).
    pub position: usize,
}

impl QueryTerm {
    /// True when the user typed diacritics in this term.
    pub fn is_accented(&self) -> bool {
        self.exact != self.folded
    }
}

/// A query ready for building tantivy queries.
#[derive(Debug, Clone, Default)]
pub struct PreparedQuery {
    /// The NFC, length-capped text.
    pub text: String,
    /// Terms in order (with repeats), at most [`MAX_TERMS`].
    pub terms: Vec<QueryTerm>,
    /// `docnum` tokens (`23/2015/nd-cp`, `23/2015`).
    pub docnums: Vec<String>,
    /// Procedure codes typed as such (`1.001193`).
    pub codes: Vec<String>,
}

impl PreparedQuery {
    pub fn new(query: &str) -> PreparedQuery {
        let capped: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let text = nfc(&capped);
        let terms = analyze(Analyzer::Vi, &text)
            .into_iter()
            .take(MAX_TERMS)
            .map(|t| QueryTerm {
                folded: fold_token(&t.text).into_owned(),
                exact: t.text,
                position: t.position,
            })
            .collect();
        let mut docnums = docnum_tokens(&text);
        docnums.truncate(MAX_KEYWORDS);
        let mut codes = procedure_codes(&text);
        codes.truncate(MAX_KEYWORDS);
        PreparedQuery {
            text,
            terms,
            docnums,
            codes,
        }
    }

    /// No term, number or code: nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.docnums.is_empty() && self.codes.is_empty()
    }

    /// Distinct terms (first occurrence order).
    pub fn distinct_terms(&self) -> Vec<&QueryTerm> {
        let mut out: Vec<&QueryTerm> = Vec::new();
        for t in &self.terms {
            if !out.iter().any(|o| o.exact == t.exact) {
                out.push(t);
            }
        }
        out
    }

    /// Distinct folded terms.
    pub fn folded_set(&self) -> std::collections::HashSet<String> {
        self.terms.iter().map(|t| t.folded.clone()).collect()
    }

    /// Adjacent term pairs with their position distance.
    pub fn pairs(&self) -> impl Iterator<Item = (&QueryTerm, &QueryTerm, usize)> {
        self.terms.windows(2).map(|w| {
            let gap = w[1].position.saturating_sub(w[0].position).max(1);
            (&w[0], &w[1], gap)
        })
    }
}

/// National procedure codes (`D.DDDDDD`) as whole words of `text`.
fn procedure_codes(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
        let word = word.trim_matches('.');
        let bytes = word.as_bytes();
        let is_code = bytes.len() == 8
            && bytes[0].is_ascii_digit()
            && bytes[1] == b'.'
            && bytes[2..].iter().all(u8::is_ascii_digit);
        if is_code && !out.iter().any(|o| o == word) {
            out.push(word.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_queries_are_capped_not_rejected() {
        let q = PreparedQuery::new(&"khai sinh ".repeat(5_000));
        assert_eq!(q.terms.len(), MAX_TERMS);
    }

    #[test]
    fn codes_are_found_as_whole_words() {
        let q = PreparedQuery::new("thủ tục 1.001193 và 12.3");
        assert_eq!(q.codes, ["1.001193"]);
    }

    #[test]
    fn syntax_characters_are_separators() {
        let q = PreparedQuery::new("name:(khai sinh)^2 OR \"kết hôn\"~1");
        let exact: Vec<_> = q.terms.iter().map(|t| t.exact.as_str()).collect();
        assert_eq!(
            exact,
            ["name", "khai", "sinh", "2", "or", "kết", "hôn", "1"]
        );
    }
}
