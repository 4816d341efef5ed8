//! How an official's question is read before article search: standard
//! administrative abbreviations are spelled out, and a question asking what
//! a term means is recognized.
//!
//! Both are general features of Vietnamese legal writing, not of any one
//! question:
//!
//! - laws never write "QSDĐ", "HNGĐ", "BHXH"…, questions often do, so the
//!   abbreviation alone would match nothing (it is replaced by the full
//!   form). Not "UBND" / "HĐND": their full forms are four of the most
//!   frequent syllables of every law, so the expansion floods long articles
//!   that name the committee many times (measured on the dev set: MRR@10
//!   0.860 with, 0.868 without), and the question's "xã" already says which;
//! - the meaning of a term ("… là gì?", "… được hiểu như thế nào?", "… khác
//!   nhau thế nào?") is given in the document's "Giải thích từ ngữ" article,
//!   whose words are mostly the defined terms themselves: plain BM25 prefers
//!   the articles that *use* the term.

use crate::text::folded_words;

/// Abbreviation (folded, as one word) → what it stands for.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("qsdd", "quyền sử dụng đất"),
    ("gcn", "giấy chứng nhận"),
    ("cccd", "căn cước công dân"),
    ("cmnd", "chứng minh nhân dân"),
    ("bhxh", "bảo hiểm xã hội"),
    ("bhyt", "bảo hiểm y tế"),
    ("hngd", "hôn nhân và gia đình"),
    ("cqdd", "Cơ quan đại diện"),
];

/// Folded word sequences that ask for a definition.
const DEFINITION_CUES: &[&[&str]] = &[
    &["la", "gi"],
    &["duoc", "hieu"],
    &["hieu", "la"],
    &["nghia", "la"],
    &["khai", "niem"],
    &["dinh", "nghia"],
    &["khac", "nhau", "the", "nao"],
    &["khac", "nhau", "nhu", "the", "nao"],
    &["khac", "nhau", "o", "dau"],
    &["khac", "gi"],
    &["khac", "the", "nao"],
    &["phan", "biet"],
];

/// `query` with every abbreviation of [`ABBREVIATIONS`] replaced by its full
/// form, in place ("UBND xã nào" → "Ủy ban nhân dân xã nào", so the pair
/// "dân xã" matches the law's wording); the text itself when there is none.
pub fn expand_abbreviations(query: &str) -> String {
    let full_form = |word: &str| {
        let folded = crate::text::fold_accents(word).to_lowercase();
        ABBREVIATIONS
            .iter()
            .find(|(a, _)| *a == folded)
            .map(|(_, full)| *full)
    };
    if !crate::text::words(query)
        .iter()
        .any(|w| full_form(w).is_some())
    {
        return query.to_string();
    }
    let mut out = String::with_capacity(query.len() + 32);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match full_form(word) {
            Some(full) => out.push_str(full),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in crate::text::nfc(query).chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// True when the question asks what a term means.
pub fn asks_definition(query: &str) -> bool {
    let words = folded_words(query);
    DEFINITION_CUES.iter().any(|cue| {
        cue.len() <= words.len()
            && words
                .windows(cue.len())
                .any(|w| w.iter().zip(cue.iter()).all(|(a, b)| a == b))
    })
}

/// True for a "Giải thích từ ngữ" (definitions) article title.
pub fn is_definitions_title(title: &str) -> bool {
    let words = folded_words(title);
    words.starts_with(&["giai".into(), "thich".into(), "tu".into(), "ngu".into()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_gain_their_full_form() {
        assert_eq!(
            expand_abbreviations("chuyển nhượng QSDĐ ở đâu?"),
            "chuyển nhượng quyền sử dụng đất ở đâu?"
        );
        assert_eq!(
            expand_abbreviations("Điều 5 Luật HNGĐ"),
            "Điều 5 Luật hôn nhân và gia đình"
        );
        assert_eq!(expand_abbreviations("khai sinh"), "khai sinh");
        // Only whole words.
        assert_eq!(expand_abbreviations("ubndx"), "ubndx");
    }

    #[test]
    fn definition_questions() {
        assert!(asks_definition("Tảo hôn là gì?"));
        assert!(asks_definition("tao hon la gi"));
        assert!(asks_definition("Chỗ ở hợp pháp được hiểu như thế nào?"));
        assert!(asks_definition("Phí và lệ phí khác nhau thế nào?"));
        assert!(!asks_definition(
            "Hai người ở hai xã khác nhau đăng ký ở đâu?"
        ));
        assert!(!asks_definition(
            "Thời hạn đăng ký khai sinh là bao nhiêu ngày?"
        ));
    }

    #[test]
    fn definitions_titles() {
        assert!(is_definitions_title("Giải thích từ ngữ"));
        assert!(!is_definitions_title("Phạm vi điều chỉnh"));
    }
}
