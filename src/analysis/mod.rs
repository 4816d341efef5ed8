//! Vietnamese analyzers: how text becomes index terms and query terms.
//!
//! Three analyzers, registered on an index by [`register`] (tantivy does not
//! store custom analyzer names in the index, so every path that opens one must
//! call it: [`crate::index::open`] does):
//!
//! | name        | chain                                                              | used for |
//! |-------------|--------------------------------------------------------------------|----------|
//! | `vi`        | NFC + syllable split → lower case → tone placement → stop words   | exact text fields |
//! | `vi_folded` | `vi` → accent folding (đ → d)                                      | folded text fields |
//! | `docnum`    | document numbers → `23/2015/nd-cp` + `23/2015`                     | document-number fields |
//!
//! All three also drop tokens longer than [`MAX_TOKEN_BYTES`] (base64 blobs,
//! URLs) so one odd value cannot bloat the term dictionary.
//!
//! Every entry point normalizes to NFC *before* splitting (see
//! [`tokenizer`]): a token filter would be too late.
//!
//! One component per file, tantivy style: a config struct, a `Clone` wrapper
//! implementing `Tokenizer`, and a stream that rewrites `token.text` in place
//! and never touches offsets.
//!
//! - [`tokenizer`]: NFC + syllable split;
//! - [`tone`]: tone placement ("hoà" = "hòa"), canonical form documented there;
//! - [`stop_words`]: the (short, justified) stop-word list;
//! - [`fold`]: accent folding;
//! - [`docnum`]: the document-number keyword analyzer.
//!
//! Changing any chain changes the terms in the index: bump
//! [`crate::index::SCHEMA_VERSION`] so existing indexes are rebuilt.

pub mod docnum;
pub mod fold;
pub mod stop_words;
pub mod tokenizer;
pub mod tone;

use std::fmt;
use std::str::FromStr;

use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream};

use self::docnum::DocnumTokenizer;
use self::fold::AccentFolder;
use self::tokenizer::VietnameseTokenizer;
use self::tone::ToneCanonicalizer;

/// Tokens of this many bytes or more are dropped.
pub const MAX_TOKEN_BYTES: usize = 64;

/// The analyzers of the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Analyzer {
    /// `vi`: exact Vietnamese (accents kept, tone placement canonical).
    Vi,
    /// `vi_folded`: Vietnamese without accents.
    ViFolded,
    /// `docnum`: document numbers as keywords.
    Docnum,
}

impl Analyzer {
    pub const ALL: [Analyzer; 3] = [Analyzer::Vi, Analyzer::ViFolded, Analyzer::Docnum];

    /// The name it is registered under.
    pub const fn name(self) -> &'static str {
        match self {
            Analyzer::Vi => "vi",
            Analyzer::ViFolded => "vi_folded",
            Analyzer::Docnum => "docnum",
        }
    }

    /// A fresh tantivy analyzer for this chain.
    pub fn text_analyzer(self) -> TextAnalyzer {
        match self {
            Analyzer::Vi => TextAnalyzer::builder(VietnameseTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .filter(LowerCaser)
                .filter(ToneCanonicalizer)
                .filter(stop_words::filter())
                .build(),
            Analyzer::ViFolded => TextAnalyzer::builder(VietnameseTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .filter(LowerCaser)
                .filter(ToneCanonicalizer)
                .filter(stop_words::filter())
                .filter(AccentFolder)
                .build(),
            Analyzer::Docnum => TextAnalyzer::builder(DocnumTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .build(),
        }
    }
}

impl fmt::Display for Analyzer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Analyzer {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Self> {
        Analyzer::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| crate::Error::Search(format!("unknown analyzer {s:?}")))
    }
}

/// Register the three analyzers on `index`. Idempotent.
pub fn register(index: &tantivy::Index) {
    for analyzer in Analyzer::ALL {
        index
            .tokenizers()
            .register(analyzer.name(), analyzer.text_analyzer());
    }
}

/// One token with its place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The term as indexed.
    pub text: String,
    /// Position (stop words leave gaps).
    pub position: usize,
    /// Byte range in the NFC form of the input (the input itself when it is
    /// NFC, as every corpus string is).
    pub offset_from: usize,
    pub offset_to: usize,
}

thread_local! {
    /// Each thread's analyzers, built once: a chain is a handful of boxed
    /// filters and a stop-word set, and a chat turn analyses dozens of texts.
    static ANALYZERS: std::cell::RefCell<Vec<TextAnalyzer>> = std::cell::RefCell::new(
        Analyzer::ALL.iter().map(|a| a.text_analyzer()).collect(),
    );
}

/// Run `analyzer` over `text`, keeping positions and offsets.
pub fn analyze(analyzer: Analyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut out = Vec::new();
    for_each_token(analyzer, text, |token| {
        out.push(AnalyzedToken {
            text: token.text.clone(),
            position: token.position,
            offset_from: token.offset_from,
            offset_to: token.offset_to,
        });
        true
    });
    out
}

/// Run `analyzer` over `text`, handing each token to `visit` (borrowed: no
/// copy of its text) until `visit` returns false.
pub fn for_each_token(analyzer: Analyzer, text: &str, mut visit: impl FnMut(&Token) -> bool) {
    let mut run = |text_analyzer: &mut TextAnalyzer| {
        let mut stream = text_analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if !visit(token) {
                break;
            }
        }
    };
    let slot = Analyzer::ALL
        .iter()
        .position(|a| *a == analyzer)
        .unwrap_or(0);
    ANALYZERS.with(|analyzers| match analyzers.try_borrow_mut() {
        Ok(mut analyzers) => run(&mut analyzers[slot]),
        // Never nested today; a fresh chain if it ever is.
        Err(_) => run(&mut analyzer.text_analyzer()),
    })
}

/// The terms `analyzer` makes of `text`.
///
/// ```
/// use motcua::analysis::{tokens, Analyzer};
/// assert_eq!(tokens(Analyzer::ViFolded, "Đăng ký khai sinh của con"),
///            ["dang", "ky", "khai", "sinh", "con"]);
/// ```
pub fn tokens(analyzer: Analyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(analyzer, text, |token| {
        out.push(token.text.clone());
        true
    });
    out
}
