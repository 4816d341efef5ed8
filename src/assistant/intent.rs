//! What part of a procedure a question asks about, and whether a message is
//! a follow-up that only makes sense after the previous turn.
//!
//! Matching is on accent-folded, lower-cased words, so "lệ phí", "le phi" and
//! "lệ phi" all count. This module knows only cue phrases; which procedure is
//! meant is decided by search.

use super::types::{Intent, Lang};
use crate::text::{fold_accents, nfc};

/// Cue phrases per intent, folded. Order matters: the first intent with a cue
/// in the message wins, so specific aspects come before `Steps`.
const CUES: &[(Intent, &[&str])] = &[
    (
        Intent::Fees,
        &[
            "le phi",
            "phi",
            "bao nhieu tien",
            "mat tien",
            "ton tien",
            "het bao nhieu",
            "chi phi",
            "mien phi",
            "tien",
            "fee",
            "fees",
            "cost",
            "costs",
            "how much",
            "price",
            "charge",
            "free",
        ],
    ),
    (
        Intent::Time,
        &[
            "bao lau",
            "may ngay",
            "bao nhieu ngay",
            "thoi han",
            "thoi gian",
            "khi nao co",
            "lau khong",
            "lau ko",
            "trong ngay",
            "how long",
            "how many days",
            "when will",
            "processing time",
        ],
    ),
    (
        Intent::Documents,
        &[
            "giay to",
            "ho so",
            "can gi",
            "can nhung gi",
            "can mang",
            "mang gi",
            "mang theo",
            "chuan bi",
            "thanh phan",
            "can nhung",
            "documents",
            "document",
            "papers",
            "what do i need",
            "bring",
            "required",
        ],
    ),
    (
        Intent::Where,
        &[
            "o dau",
            "noi nao",
            "cho nao",
            "co quan nao",
            "nop o dau",
            "dia chi",
            "online",
            "truc tuyen",
            "qua mang",
            "buu dien",
            "buu chinh",
            "where",
            "submit",
            "apply online",
        ],
    ),
    (
        Intent::Result,
        &[
            "nhan duoc gi",
            "ket qua",
            "duoc cap gi",
            "what will i get",
            "result",
        ],
    ),
    (
        Intent::LegalBasis,
        &[
            "can cu",
            "quy dinh o dau",
            "luat nao",
            "nghi dinh nao",
            "theo luat",
            "legal basis",
            "which law",
        ],
    ),
    (
        Intent::Steps,
        &[
            "cac buoc",
            "quy trinh",
            "trinh tu",
            "cach lam",
            "lam the nao",
            "lam sao",
            "steps",
            "process",
        ],
    ),
];

/// Words that carry no topic: greetings, pronouns, particles, question words.
/// A follow-up is a message with nothing but these and intent cues.
const FILLER: &[&str] = &[
    "a", "ah", "oi", "minh", "toi", "em", "anh", "chi", "co", "chu", "ad", "admin", "cho", "hoi",
    "xin", "vay", "nhi", "nhe", "the", "thi", "la", "con", "nua", "ko", "khong", "k", "dc", "duoc",
    "j", "gi", "bn", "bao", "nhieu", "nao", "the", "nay", "do", "kia", "va", "voi", "cua", "can",
    "phai", "muon", "lam", "xa", "ubnd", "nhu", "roi", "ma", "thu", "tuc", "and", "the", "it",
    "is", "a", "an", "i", "do", "does", "what", "how", "can", "my", "me", "to", "for", "of",
    "please", "thanks", "cam", "on", "ok", "vang", "da", "u", "uh", "hello", "hi", "chao", "ah",
    "ha", "huh", "much", "long", "take", "need", "there", "this", "that", "be", "mat", "het",
    "ton", "it", "will", "get", "vay", "a", "ne", "lun", "luon", "them",
];

pub use crate::text::folded_words;

fn contains_phrase(words: &[String], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(parts.len())
        .any(|w| w.iter().zip(&parts).all(|(a, b)| a == b))
}

/// The aspect asked about; `Overview` when none is named.
pub fn detect(message: &str) -> Intent {
    let words = folded_words(message);
    for (intent, cues) in CUES {
        if cues.iter().any(|c| contains_phrase(&words, c)) {
            return *intent;
        }
    }
    Intent::Overview
}

/// Topic words: what is left after removing cue phrases and filler, folded.
pub fn topic_words(message: &str) -> Vec<String> {
    topic_terms(message).into_iter().map(|(_, f)| f).collect()
}

/// Topic words as typed (NFC) with their folded form, in order.
pub fn topic_terms(message: &str) -> Vec<(String, String)> {
    let original = crate::text::words(message);
    let words: Vec<String> = original
        .iter()
        .map(|w| fold_accents(w).to_lowercase())
        .collect();
    let mut cue_word = vec![false; words.len()];
    for (_, cues) in CUES {
        for cue in *cues {
            let parts: Vec<&str> = cue.split(' ').collect();
            if parts.len() > words.len() {
                continue;
            }
            for i in 0..=words.len() - parts.len() {
                if words[i..i + parts.len()]
                    .iter()
                    .zip(&parts)
                    .all(|(a, b)| a == b)
                {
                    cue_word[i..i + parts.len()]
                        .iter_mut()
                        .for_each(|f| *f = true);
                }
            }
        }
    }
    original
        .into_iter()
        .zip(words)
        .zip(cue_word)
        .filter(|((_, w), cue)| !cue && !FILLER.contains(&w.as_str()))
        .map(|((o, w), _)| (o, w))
        .collect()
}

/// True when a folded word carries no topic.
pub fn is_filler(folded: &str) -> bool {
    FILLER.contains(&folded)
}

/// True when the message names an aspect but no topic of its own, so it
/// refers to the previous turn's procedure ("lệ phí bao nhiêu?").
pub fn is_follow_up(message: &str) -> bool {
    detect(message) != Intent::Overview && topic_words(message).is_empty()
}

/// English or Vietnamese, from the message alone: Vietnamese letters decide;
/// otherwise common English function words.
pub fn detect_lang(message: &str) -> Lang {
    let text = nfc(message);
    if text.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
        return Lang::Vi;
    }
    const EN: &[&str] = &[
        "how",
        "what",
        "where",
        "do",
        "i",
        "my",
        "the",
        "is",
        "need",
        "to",
        "get",
        "can",
        "register",
        "certificate",
        "much",
        "long",
        "a",
        "for",
        "of",
        "please",
        "want",
        "does",
        "birth",
        "marriage",
    ];
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let hits = words.iter().filter(|w| EN.contains(&w.as_str())).count();
    if hits >= 2 || (hits == 1 && words.len() <= 2) {
        Lang::En
    } else {
        Lang::Vi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aspects_with_and_without_accents() {
        assert_eq!(detect("lệ phí bao nhiêu?"), Intent::Fees);
        assert_eq!(detect("le phi bao nhieu"), Intent::Fees);
        assert_eq!(detect("mất bao lâu?"), Intent::Time);
        assert_eq!(
            detect("làm giấy khai sinh cho con cần gì"),
            Intent::Documents
        );
        assert_eq!(detect("nộp ở đâu"), Intent::Where);
        assert_eq!(detect("đăng ký khai sinh"), Intent::Overview);
    }

    #[test]
    fn follow_ups_have_no_topic_of_their_own() {
        assert!(is_follow_up("lệ phí bao nhiêu?"));
        assert!(is_follow_up("mất bao lâu vậy ạ"));
        assert!(is_follow_up("how much does it cost?"));
        assert!(!is_follow_up("lệ phí đăng ký kết hôn bao nhiêu"));
        assert!(!is_follow_up("đăng ký khai sinh"));
    }

    #[test]
    fn language_from_letters_and_words() {
        assert_eq!(detect_lang("How do I register a birth?"), Lang::En);
        assert_eq!(detect_lang("làm giấy khai sinh"), Lang::Vi);
        assert_eq!(detect_lang("lam giay khai sinh"), Lang::Vi);
    }
}
