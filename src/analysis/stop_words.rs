//! The Vietnamese stop-word list: function words removed from both the index
//! and the query.
//!
//! The list is deliberately short. A procedure name is a handful of syllables
//! and many everyday syllables carry meaning there, so a word is listed only
//! when it is a grammatical particle in every sense a citizen or a legal text
//! uses it. Kept on purpose (content words in procedure names or questions):
//!
//! - "có" ("có yếu tố nước ngoài"), "không" ("không có giấy chứng sinh"),
//!   "cho" ("cấp bản sao cho…"), "con" (child: "nhận cha, mẹ, con"),
//!   "đi" ("người đi đăng ký"), "với" ("kết hôn với người nước ngoài"),
//!   "để", "theo", "về", "người", "em", "anh", "chị", "mình" (kinship words in
//!   "anh, chị, em ruột"), "thể" (the "có thể" bigram cannot be removed by a
//!   one-token filter and "thể" alone is a content word).
//!
//! Removal keeps position gaps (positions come from the tokenizer), so a
//! phrase query "khai sinh của con" still matches "khai sinh cho con" with a
//! slop of 0 on the pair ("khai", "sinh") and the right offset on ("sinh", "con").
//!
//! The folded analyzer applies this list *before* folding: an unaccented
//! "cua" could be "cửa" ("một cửa"), so only the accented forms are removed.

use tantivy::tokenizer::StopWordFilter;

/// Each entry: the word and why it is a stop word.
pub const STOP_WORDS: &[(&str, &str)] = &[
    ("của", "possessive 'of'"),
    ("và", "conjunction 'and'"),
    ("hoặc", "conjunction 'or'"),
    ("các", "plural marker"),
    ("những", "plural marker"),
    ("là", "copula 'is'"),
    ("thì", "topic / consequence particle"),
    ("mà", "relative / contrastive connector"),
    ("nếu", "conditional 'if'"),
    ("rằng", "complementizer 'that'"),
    ("này", "demonstrative 'this'"),
    ("đó", "demonstrative 'that'"),
    ("ấy", "demonstrative 'that'"),
    ("được", "passive / ability marker ('được cấp')"),
    ("bị", "adversative passive marker ('bị bỏ rơi')"),
    ("nào", "interrogative 'which' ('thủ tục nào')"),
    ("gì", "interrogative 'what' ('cần giấy tờ gì')"),
    ("thế", "interrogative 'how' ('như thế nào')"),
    ("vậy", "sentence-final 'so'"),
    ("ạ", "politeness particle"),
    ("à", "question particle"),
    ("ơi", "vocative particle"),
    ("nhé", "sentence-final particle"),
    ("nhỉ", "sentence-final particle"),
    ("tôi", "first-person pronoun in questions ('tôi muốn…')"),
];

/// The words of [`STOP_WORDS`].
pub fn words() -> impl Iterator<Item = &'static str> {
    STOP_WORDS.iter().map(|(w, _)| *w)
}

/// True when `word` (lower-case, NFC, canonical tone) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    words().any(|w| w == word)
}

/// A tantivy filter removing [`STOP_WORDS`].
pub fn filter() -> StopWordFilter {
    StopWordFilter::remove(words().map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_of_procedure_names_are_not_stop_words() {
        for w in ["có", "không", "cho", "con", "đi", "với", "để", "thể"] {
            assert!(!is_stop_word(w), "{w}");
        }
    }

    #[test]
    fn list_is_nfc_lower_case_and_canonical() {
        for w in words() {
            assert_eq!(crate::text::nfc(w), w);
            assert_eq!(w.to_lowercase(), w);
            assert_eq!(super::super::tone::canonical_tone(w), None);
        }
    }
}
