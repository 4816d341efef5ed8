//! [`AccentFolder`]: remove Vietnamese diacritics from tokens ("đường" →
//! "duong"), for the `vi_folded` analyzer.
//!
//! Citizens often type without accents. Folding replaces the token (there is
//! no "keep the original" mode), so the index holds an exact field and a
//! folded field side by side and the search layer boosts the exact one:
//! "đường", "đương" and "dương" all fold to "duong".
//!
//! Folding is [`crate::text::fold_accents`] (NFD, drop combining marks,
//! đ/Đ → d/D): the same function the search layer uses on query tokens, so
//! index and query fold identically by construction.
//!
//! ```
//! use motcua::analysis::fold::fold_token;
//! assert_eq!(fold_token("đường"), "duong");
//! assert_eq!(fold_token("khỏe"), "khoe");
//! ```

use std::borrow::Cow;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// One token without its diacritics. ASCII input is returned as is.
pub fn fold_token(token: &str) -> Cow<'_, str> {
    if token.is_ascii() {
        Cow::Borrowed(token)
    } else {
        Cow::Owned(crate::text::fold_accents(token))
    }
}

/// Token filter that folds each token with [`fold_token`].
#[derive(Clone, Default)]
pub struct AccentFolder;

impl TokenFilter for AccentFolder {
    type Tokenizer<T: Tokenizer> = AccentFolderFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> AccentFolderFilter<T> {
        AccentFolderFilter { inner: tokenizer }
    }
}

/// The [`Tokenizer`] produced by [`AccentFolder`].
#[derive(Clone)]
pub struct AccentFolderFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for AccentFolderFilter<T> {
    type TokenStream<'a> = AccentFolderStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        AccentFolderStream {
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

/// The stream of [`AccentFolderFilter`].
pub struct AccentFolderStream<T> {
    tail: T,
    /// The folded token is written here, then swapped with the token's
    /// text: the two buffers are reused, no allocation per token.
    buffer: String,
}

impl<T: TokenStream> TokenStream for AccentFolderStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &self.tail.token().text;
        if !text.is_ascii() {
            self.buffer.clear();
            crate::text::fold_accents_into(text, &mut self.buffer);
            std::mem::swap(&mut self.tail.token_mut().text, &mut self.buffer);
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
