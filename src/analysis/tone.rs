//! [`ToneCanonicalizer`]: one spelling for the two tone-placement conventions.
//!
//! In an open syllable ending in `oa`, `oe` or `uy`, Vietnamese writers put
//! the tone mark either on the first vowel ("hòa", "khỏe", "thủy", "ủy" — the
//! traditional placement) or on the second ("hoà", "khoẻ", "thuỷ", "uỷ" — the
//! placement of the 1980s school reform). Both are correct and are different
//! NFC strings, so without this filter a query in one style misses documents
//! written in the other.
//!
//! **Canonical form: the tone on the first vowel** ("hòa", "khỏe", "thủy").
//! Measured on the laws in `shared/data/laws-vlc`: "hòa" 2641 vs "hoà" 327,
//! "ủy" 8164 vs "uỷ" 578, "thủy" 2688 vs "thuỷ" 306, "khỏe" 1370 vs "khoẻ" 227.
//! The canonical form is only the indexed term; stored text is never changed.
//!
//! The rule applies only where the conventions differ:
//!
//! - the syllable *ends* with the pair (a final consonant puts the tone on the
//!   second vowel in both conventions: "hoàn", "huỳnh", "khoèn");
//! - `uy` after `q` is not the pair: `qu` is a consonant ("quý", "quỳ");
//! - the pair is not preceded by another vowel (triphthongs are left alone).
//!
//! Case is preserved ("HOÀ" → "HÒA"), so the filter works before or after
//! lower-casing.
//!
//! ```
//! use motcua::analysis::tone::canonical_tone;
//! assert_eq!(canonical_tone("hoà").as_deref(), Some("hòa"));
//! assert_eq!(canonical_tone("THUỶ").as_deref(), Some("THỦY"));
//! assert_eq!(canonical_tone("hòa"), None); // already canonical
//! assert_eq!(canonical_tone("quý"), None); // qu + y
//! ```

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};
use unicode_normalization::char::{compose, decompose_canonical};

/// The five tone marks as combining characters: huyền, sắc, ngã, hỏi, nặng.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Splits a precomposed vowel into its base letter and tone mark. Returns
/// `None` when the character carries anything but at most one tone mark
/// (e.g. "â", "ơ": never part of `oa`/`oe`/`uy`).
fn base_and_tone(c: char) -> Option<(char, Option<char>)> {
    let mut parts = Vec::with_capacity(3);
    decompose_canonical(c, |p| parts.push(p));
    match parts.as_slice() {
        [base] => Some((*base, None)),
        [base, mark] if TONE_MARKS.contains(mark) => Some((*base, Some(*mark))),
        _ => None,
    }
}

fn base_letter(c: char) -> char {
    let mut first = None;
    decompose_canonical(c, |p| {
        if first.is_none() {
            first = Some(p);
        }
    });
    first.unwrap_or(c).to_ascii_lowercase()
}

fn is_vowel(c: char) -> bool {
    matches!(base_letter(c), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// The canonical spelling of one syllable, or `None` when it already is
/// canonical (or the rule does not apply). Expects NFC.
pub fn canonical_tone(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let mut chars = word.chars().rev();
    let second = chars.next()?;
    let first = chars.next()?;
    let before = chars.next();
    let (b1, t1) = base_and_tone(first)?;
    let (b2, t2) = base_and_tone(second)?;
    let pair = (b1.to_ascii_lowercase(), b2.to_ascii_lowercase());
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return None;
    }
    let tone = match (t1, t2) {
        (None, Some(t)) => t,
        _ => return None,
    };
    if let Some(b) = before {
        if is_vowel(b) || (pair == ('u', 'y') && base_letter(b) == 'q') {
            return None;
        }
    }
    let toned = compose(b1, tone)?;
    let stem_len = word.len() - first.len_utf8() - second.len_utf8();
    let mut out = String::with_capacity(word.len());
    out.push_str(&word[..stem_len]);
    out.push(toned);
    out.push(b2);
    Some(out)
}

/// Token filter that rewrites each token to its canonical tone placement.
#[derive(Clone, Default)]
pub struct ToneCanonicalizer;

impl TokenFilter for ToneCanonicalizer {
    type Tokenizer<T: Tokenizer> = ToneCanonicalizerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ToneCanonicalizerFilter<T> {
        ToneCanonicalizerFilter { inner: tokenizer }
    }
}

/// The [`Tokenizer`] produced by [`ToneCanonicalizer`].
#[derive(Clone)]
pub struct ToneCanonicalizerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for ToneCanonicalizerFilter<T> {
    type TokenStream<'a> = ToneCanonicalizerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ToneCanonicalizerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The stream of [`ToneCanonicalizerFilter`].
pub struct ToneCanonicalizerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for ToneCanonicalizerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if let Some(mut canonical) = canonical_tone(&self.tail.token().text) {
            mem::swap(&mut self.tail.token_mut().text, &mut canonical);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_five_tones_of_the_three_pairs() {
        let pairs = [
            // (new placement, canonical)
            ("hoà", "hòa"),
            ("hoá", "hóa"),
            ("hoả", "hỏa"),
            ("hoã", "hõa"),
            ("hoạ", "họa"),
            ("khoè", "khòe"),
            ("khoé", "khóe"),
            ("khoẻ", "khỏe"),
            ("khoẽ", "khõe"),
            ("khoẹ", "khọe"),
            ("thuỳ", "thùy"),
            ("thuý", "thúy"),
            ("thuỷ", "thủy"),
            ("thuỹ", "thũy"),
            ("thuỵ", "thụy"),
            ("uỷ", "ủy"),
            ("uỳ", "ùy"),
        ];
        for (new, canonical) in pairs {
            assert_eq!(canonical_tone(new).as_deref(), Some(canonical), "{new}");
            assert_eq!(canonical_tone(canonical), None, "{canonical}");
        }
    }

    #[test]
    fn upper_case_keeps_its_case() {
        assert_eq!(canonical_tone("HOÀ").as_deref(), Some("HÒA"));
        assert_eq!(canonical_tone("Uỷ").as_deref(), Some("Ủy"));
        assert_eq!(canonical_tone("KHOẺ").as_deref(), Some("KHỎE"));
    }

    #[test]
    fn closed_syllables_qu_and_triphthongs_are_left_alone() {
        for w in [
            "hoàn", "huỳnh", "quý", "quỳ", "quỷ", "khoái", "khuya", "ngoài", "tuổi",
        ] {
            assert_eq!(canonical_tone(w), None, "{w}");
        }
    }
}
