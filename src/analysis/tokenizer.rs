//! [`VietnameseTokenizer`]: NFC-normalize, then split into syllables.
//!
//! Vietnamese is written one syllable per space-separated word, so a syllable
//! is the token. Splitting follows tantivy's `SimpleTokenizer` (runs of
//! alphanumeric characters), with two differences:
//!
//! - the input is normalized to NFC first. Combining marks (U+0300–U+0323,
//!   U+031B) are not alphanumeric, so decomposed input ("Việt" typed on macOS
//!   or pasted from a PDF) would otherwise split inside a syllable. A token
//!   filter would be too late. When the input is already NFC (the common case,
//!   checked with a quick scan) it is tokenized in place;
//! - a combining mark that NFC could not compose stays inside the token
//!   instead of splitting it.
//!
//! Offsets are byte offsets into the NFC text. For NFC input (every corpus
//! string) that is the input itself.
//!
//! It deliberately does no word segmentation ("khai sinh" stays two tokens):
//! the search layer restores word order with phrase queries.
//!
//! ```
//! use motcua::analysis::{tokens, Analyzer};
//! assert_eq!(tokens(Analyzer::Vi, "Thủ tục: đăng ký (khai sinh)?"),
//!            ["thủ", "tục", "đăng", "ký", "khai", "sinh"]);
//! ```

use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Splits NFC text into alphanumeric runs (syllables, numbers).
#[derive(Clone, Default)]
pub struct VietnameseTokenizer {
    token: Token,
    /// Holds the NFC form of the input when the input was not NFC.
    buffer: String,
}

/// The stream of [`VietnameseTokenizer`].
pub struct VietnameseTokenStream<'a> {
    text: &'a str,
    chars: CharIndices<'a>,
    token: &'a mut Token,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = VietnameseTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietnameseTokenStream<'a> {
        let Self { token, buffer } = self;
        token.reset();
        let text: &'a str = if crate::text::is_nfc_quick(text) == IsNormalized::Yes {
            text
        } else {
            buffer.clear();
            buffer.extend(text.nfc());
            let normalized: &'a String = buffer;
            normalized
        };
        VietnameseTokenStream {
            text,
            chars: text.char_indices(),
            token,
        }
    }
}

impl VietnameseTokenStream<'_> {
    fn search_token_end(&mut self) -> usize {
        self.chars
            .find(|(_, c)| !is_word_char(*c))
            .map(|(offset, _)| offset)
            .unwrap_or(self.text.len())
    }
}

impl TokenStream for VietnameseTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while let Some((offset_from, c)) = self.chars.next() {
            if c.is_alphanumeric() {
                let offset_to = self.search_token_end();
                self.token.offset_from = offset_from;
                self.token.offset_to = offset_to;
                self.token.text.push_str(&self.text[offset_from..offset_to]);
                return true;
            }
        }
        false
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

    fn run(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = VietnameseTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn decomposed_input_is_not_split_inside_a_syllable() {
        let nfd: String = "Việt Nam".nfd().collect();
        let tokens = run(&nfd);
        assert_eq!(tokens.len(), 2);
        assert_eq!(tokens[0].0, "Việt");
        // Offsets point into the NFC text.
        assert_eq!((tokens[0].2, tokens[0].3), (0, "Việt".len()));
    }

    #[test]
    fn punctuation_splits_and_positions_count_up() {
        let tokens = run("a:b (c)");
        let texts: Vec<_> = tokens.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert_eq!(tokens[2].1, 2);
    }

    #[test]
    fn empty_and_punctuation_only_input_give_no_token() {
        assert!(run("").is_empty());
        assert!(run(" :()\"^-~*[]{}\\/ ").is_empty());
    }
}
