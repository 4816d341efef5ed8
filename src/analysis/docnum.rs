//! [`DocnumTokenizer`]: the keyword analyzer for legal document numbers.
//!
//! The simple tokenizer would split "23/2015/NĐ-CP" into `23 · 2015 · nđ · cp`;
//! this one emits, for every document number found in the text:
//!
//! - the full number, canonicalized by [`crate::corpus::docnum`], folded to
//!   ASCII lower case, with leading zeros of the number dropped:
//!   "23/2015/NĐ-CP", "23/2015/ND-CP", "23/2015/nđ-cp" → `23/2015/nd-cp`;
//!   "01/2020/TT-BTP" and "1/2020/tt-btp" → `1/2020/tt-btp`;
//! - the short form `23/2015`, so "nđ 23/2015" or "nghị định 23/2015" match.
//!
//! A bare `N/YYYY` (no suffix) also yields its short form: that is how people
//! cite. Dates are not numbers: "15/11/2015" has no four-digit second part.
//! Anything else in the text is ignored.
//!
//! ```
//! use motcua::analysis::{tokens, Analyzer};
//! assert_eq!(tokens(Analyzer::Docnum, "Nghị định số 23/2015/NĐ-CP"),
//!            ["23/2015/nd-cp", "23/2015"]);
//! assert_eq!(tokens(Analyzer::Docnum, "nđ 23/2015"), ["23/2015"]);
//! ```

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::corpus::docnum;
use crate::text::fold_accents;

/// The index form of one canonical number: ASCII, lower case, no leading zero.
pub fn normalize(canonical: &str) -> String {
    let folded = fold_accents(canonical).to_lowercase();
    strip_leading_zeros(&folded)
}

fn strip_leading_zeros(s: &str) -> String {
    let trimmed = s.trim_start_matches('0');
    if trimmed.is_empty() || trimmed.starts_with('/') {
        // "0/2020" is not a number anyone writes; keep one zero.
        format!("0{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// Every document-number token of `text`, in order, without duplicates.
pub fn docnum_tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    for number in docnum::find_all(text) {
        let full = normalize(&number);
        let short = docnum::number_and_year(&full).map(str::to_string);
        push(full);
        if let Some(short) = short {
            push(short);
        }
    }
    for short in bare_numbers(text) {
        push(strip_leading_zeros(&short));
    }
    out
}

/// `N/YYYY` occurrences (1–4 digit number, 4-digit year) not glued to other
/// digits or slashes before, nor to a digit after.
fn bare_numbers(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_here = bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_digit() || matches!(bytes[i - 1], b'/' | b'.')));
        if !starts_here {
            i += 1;
            continue;
        }
        let n_end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let ok_number = n_end - i <= 4 && bytes.get(n_end) == Some(&b'/');
        if ok_number {
            let y_start = n_end + 1;
            let y_end = y_start
                + bytes[y_start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
            if y_end - y_start == 4 {
                // Both ends are ASCII digits: char boundaries.
                out.push(text[i..y_end].to_string());
                i = y_end;
                continue;
            }
        }
        i = n_end;
    }
    out
}

/// Emits the tokens of [`docnum_tokens`], one position each.
#[derive(Clone, Default)]
pub struct DocnumTokenizer {
    token: Token,
}

/// The stream of [`DocnumTokenizer`].
pub struct DocnumTokenStream<'a> {
    token: &'a mut Token,
    pending: std::vec::IntoIter<String>,
    len: usize,
}

impl Tokenizer for DocnumTokenizer {
    type TokenStream<'a> = DocnumTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DocnumTokenStream<'a> {
        self.token.reset();
        DocnumTokenStream {
            token: &mut self.token,
            pending: docnum_tokens(text).into_iter(),
            len: text.len(),
        }
    }
}

impl TokenStream for DocnumTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.pending.next() {
            Some(text) => {
                self.token.text = text;
                self.token.position = self.token.position.wrapping_add(1);
                // Keyword tokens cover the whole value.
                self.token.offset_from = 0;
                self.token.offset_to = self.len;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_not_short_numbers() {
        assert!(docnum_tokens("ngày 15/11/2015").is_empty());
        assert!(docnum_tokens("1.5/2015").is_empty());
    }

    #[test]
    fn leading_zeros_are_dropped() {
        assert_eq!(docnum_tokens("01/2020/TT-BTP"), ["1/2020/tt-btp", "1/2020"]);
        assert_eq!(docnum_tokens("thông tư 01/2020"), ["1/2020"]);
    }
}
