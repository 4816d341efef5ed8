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
///
/// Written with their marks: a word typed with marks is filler only when
/// they agree ("cần" is, "cận" of "cận nghèo" is not); typed without marks it
/// is filler when its letters match. Words without marks here (English,
/// abbreviations, "con", "anh") are filler only when typed without marks
/// ("ảnh" is a photo, not "anh").
const FILLER: &[&str] = &[
    "à", "ạ", "a", "ah", "ơi", "mình", "tôi", "em", "anh", "chị", "có", "chứ", "chú", "ad",
    "admin", "cho", "hỏi", "xin", "vậy", "nhỉ", "nhé", "thế", "thì", "là", "con", "nữa", "ko",
    "không", "k", "dc", "đc", "được", "j", "gì", "bn", "nhiêu", "nào", "này", "nay", "đó", "kia",
    "và", "với", "của", "cần", "phải", "muốn", "làm", "xã", "ubnd", "như", "rồi", "mà", "cảm",
    "ơn", "ok", "vâng", "dạ", "đã", "ừ", "uh", "chào", "hả", "ha", "mất", "hết", "tốn", "nè",
    "lun", "luôn", "thêm", "r", "z", "zậy", "ak", "nhiều", "ạh", // English words follow.
    "and", "the", "it", "is", "an", "i", "do", "does", "what", "how", "can", "my", "me", "to",
    "for", "of", "please", "thanks", "on", "hello", "hi", "huh", "much", "long", "take", "need",
    "there", "this", "that", "be", "will", "get", "them",
];

/// Filler that is filler only as a whole phrase: "thủ tục" is the word for
/// any procedure, but its syllables alone are words of their own ("thu" of
/// "thu hồi", "thư", "tục" of "tiếp tục"; "bao" of "bao hiem"), which an
/// unaccented question would lose if each syllable were filler.
const FILLER_PHRASES: &[&[&str]] = &[
    &["thủ", "tục"],
    // "bao" alone may be "bảo" of "bảo hiểm" or "báo" of "báo mất".
    &["bao", "nhiêu"],
    &["bao", "giờ"],
    &["bao", "lâu"],
];

/// Whether each word (as typed, and lower-cased and folded) belongs to a
/// [`FILLER_PHRASES`] phrase.
fn in_filler_phrase(original: &[String], folded: &[String]) -> Vec<bool> {
    // Each phrase's words with their folds, folded once.
    static PHRASES: std::sync::OnceLock<Vec<Vec<(&str, String)>>> = std::sync::OnceLock::new();
    let phrases = PHRASES.get_or_init(|| {
        FILLER_PHRASES
            .iter()
            .map(|p| p.iter().map(|w| (*w, fold_accents(w))).collect())
            .collect()
    });
    let lower: Vec<String> = original.iter().map(|w| w.to_lowercase()).collect();
    let mut inside = vec![false; original.len()];
    for phrase in phrases {
        let n = phrase.len();
        if n > original.len() {
            continue;
        }
        for i in 0..=original.len() - n {
            let here = phrase.iter().enumerate().all(|(k, (p, f))| {
                *f == folded[i + k] && crate::text::marks_compatible(&lower[i + k], p)
            });
            if here {
                inside[i..i + n].fill(true);
            }
        }
    }
    inside
}

/// English words that carry no topic, dropped from English questions only
/// (several are Vietnamese words without their marks: "in", "at", "we").
pub const ENGLISH_STOP: &[&str] = &[
    "a", "about", "after", "all", "am", "an", "and", "any", "are", "as", "at", "be", "before",
    "by", "can", "could", "did", "do", "does", "done", "for", "from", "get", "go", "going", "got",
    "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "im", "in", "into",
    "is", "it", "its", "just", "know", "like", "m", "make", "me", "my", "need", "needed", "now",
    "of", "on", "or", "our", "out", "please", "s", "she", "should", "so", "still", "t", "than",
    "that", "the", "their", "them", "then", "there", "they", "this", "to", "today", "too", "up",
    "us", "ve", "want", "wants", "was", "we", "were", "what", "whats", "when", "where", "which",
    "who", "why", "will", "with", "would", "you", "your", "ll", "d", "re", "yet", "also", "some",
    "one", "way", "long", "much", "many", "day", "days", "week", "year",
];

/// A word of a word list (filler, social talk), with its fold when it has
/// marks (`None`: matched exactly as typed).
struct Listed {
    word: &'static str,
    folded: Option<String>,
}

impl Listed {
    fn new(word: &'static str) -> Listed {
        Listed {
            word,
            folded: (!word.is_ascii()).then(|| fold_accents(word)),
        }
    }

    /// Whether a typed word (lower-case, and folded) is this one: same
    /// letters with agreeing marks when it has marks, exactly as typed when
    /// it has none.
    fn is(&self, lower: &str, folded: &str) -> bool {
        match &self.folded {
            None => lower == self.word,
            Some(f) => f == folded && crate::text::marks_compatible(lower, self.word),
        }
    }
}

/// Whether a word as typed is filler.
pub fn is_filler(typed: &str) -> bool {
    let lower = typed.to_lowercase();
    let folded = fold_accents(&lower);
    is_filler_folded(&lower, &folded)
}

/// [`is_filler`] of a word already lower-cased and folded.
fn is_filler_folded(lower: &str, folded: &str) -> bool {
    // Folded once rather than on every call.
    static FILLERS: std::sync::OnceLock<Vec<Listed>> = std::sync::OnceLock::new();
    FILLERS
        .get_or_init(|| FILLER.iter().map(|f| Listed::new(f)).collect())
        .iter()
        .any(|f| f.is(lower, folded))
}

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
    topic_terms_keeping(message, &|_, _, _, _| false)
}

/// Whether a word typed without marks is filler only as a word with marks
/// ("hoi" read as "hỏi"; not "con", which the filler list has as typed): it
/// may as well be another word ("hồi" of "thu hồi", "hội" of "xã hội").
fn bare_for_marked_filler(typed: &str) -> bool {
    if !typed.is_ascii() {
        return false;
    }
    let lower = typed.to_lowercase();
    !FILLER.contains(&lower.as_str()) && is_filler_folded(&lower, &lower)
}

/// [`topic_terms`], keeping a filler word that forms with a neighbour a word
/// pair that `pair(first, second, filler, bare)` accepts (folded): "con" of
/// "nhận con", "con nuôi" names the procedure; "cho con" does not. The
/// neighbour is a topic word, or, when the filler word is `bare` (typed
/// without the marks of the filler it matched, [`bare_for_marked_filler`]),
/// another such word: "bao hiem xa hoi" is "bảo hiểm xã hội", not "bao …
/// xã … hỏi".
pub fn topic_terms_keeping(
    message: &str,
    pair: &dyn Fn(&str, &str, &str, bool) -> bool,
) -> Vec<(String, String)> {
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
    let phrase = in_filler_phrase(&original, &words);
    let filler: Vec<bool> = original
        .iter()
        .zip(&phrase)
        .map(|(w, p)| *p || is_filler(w))
        .collect();
    let topic = |i: usize| !cue_word[i] && !filler[i];
    let bare: Vec<bool> = (0..words.len())
        .map(|i| filler[i] && !cue_word[i] && !phrase[i] && bare_for_marked_filler(&original[i]))
        .collect();
    // A neighbour a filler word may pair with.
    let partner = |i: usize, j: usize| topic(j) || (bare[i] && bare[j]);
    let keep: Vec<bool> = (0..words.len())
        .map(|i| {
            topic(i)
                || (!cue_word[i]
                    && !phrase[i]
                    && ((i > 0
                        && partner(i, i - 1)
                        && pair(&words[i - 1], &words[i], &words[i], bare[i]))
                        || (i + 1 < words.len()
                            && partner(i, i + 1)
                            && pair(&words[i], &words[i + 1], &words[i], bare[i]))))
        })
        .collect();
    original
        .into_iter()
        .zip(words)
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|((o, w), _)| (o, w))
        .collect()
}

/// Phrases that ask for an opinion, a recommendation or a ranking (folded).
/// A procedure assistant gives none: a question built around one of them is
/// not a request for a procedure even when it names one ("kết hôn với người
/// yêu cũ có nên không", "mẫu thiệp cưới nào đẹp").
const ADVICE: &[&str] = &[
    "co nen",
    "nen khong",
    "nen ko",
    "nen lam gi",
    "nen dat",
    "hop tuoi",
    "hop khong",
    "xem ngay",
    "xem tuoi",
    "ngay dep",
    "nao dep",
    "dep nhat",
    "nao tot",
    "tot nhat",
    "re nhat",
    "cao nhat",
    "gia re",
    "dang hot",
    "should i",
    "should we",
    "good name",
    "best",
    "recommend",
    "cheapest",
    "review",
];

/// True when the message asks for an opinion or a recommendation.
pub fn asks_advice(message: &str) -> bool {
    let words = folded_words(message);
    // "what should I do / bring?" asks for the procedure itself.
    let how_to = [
        "should i do",
        "should we do",
        "what should i",
        "what should we",
    ]
    .iter()
    .any(|p| contains_phrase(&words, p));
    !how_to && ADVICE.iter().any(|a| contains_phrase(&words, a))
}

/// A message that is only social talk: no question to route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Social {
    /// "xin chào", "hello", "bạn là ai?", "help": introduce the assistant.
    Greeting,
    /// "cảm ơn", "ok", "thanks": acknowledge, keep the conversation open.
    Thanks,
    /// "tạm biệt", "bye".
    Goodbye,
}

/// Social phrases by kind, written as people type them with their marks
/// (a phrase word with marks matches a typed word whose marks agree or are
/// missing; a word without marks matches only as typed, so "nha" is a
/// particle and "nhà" a house). Earlier kinds win: "cảm ơn nhé, bye" is a
/// goodbye.
const SOCIAL: &[(Social, &[&str])] = &[
    (
        Social::Goodbye,
        &[
            "tạm biệt",
            "hẹn gặp lại",
            "bye",
            "bai",
            "goodbye",
            "see you",
            "good night",
            "chúc ngủ ngon",
        ],
    ),
    (
        Social::Thanks,
        &[
            "cảm ơn",
            "cám ơn",
            "thank",
            "thanks",
            "thx",
            "tks",
            "ok",
            "oke",
            "okay",
            "vâng",
            "dạ",
            "được rồi",
            "hiểu rồi",
            "biết rồi",
            "rõ rồi",
            "got it",
            "great",
        ],
    ),
    (
        Social::Greeting,
        &[
            "xin chào",
            "chào",
            "hello",
            "hi",
            "hey",
            "alo",
            "a lô",
            "good morning",
            "good afternoon",
            "good evening",
            "bạn là ai",
            "ai vậy",
            "who are you",
            "bot",
            "robot",
            "người thật",
            "real person",
            "help",
            "giúp",
            "giúp đỡ",
            "hướng dẫn",
        ],
    ),
];

/// Words that may come with social phrases without making a question of
/// them (besides [`FILLER`]): whom it is said to, how much, small talk.
const SOCIAL_PARTICLES: &[&str] = &[
    "bạn", "nhiều", "lắm", "rất", "nha", "nhé", "nhá", "nghen", "nhen", "nhe", "ơi", "mọi",
    "người", "cháu", "bác", "cô", "ông", "bà", "hôm", "nay", "khỏe", "khoẻ", "ai", "máy", "hay",
    "sáng", "trưa", "chiều", "tối", "buổi", "quá", "tốt", "lành", "nhiệt", "tình", "hẹn", "gặp",
    "lại", "sau", "ạ", "so", "very", "lot", "you", "u", "are", "or", "a", "real", "again", "all",
    "there", "bro", "sir", "madam", "everyone", "guys", "have", "nice", "good", "day", "bye",
    "tôi", "với", "ad", "i", "me", "am", "just", "ngủ", "ngon",
];

/// [`SOCIAL`] and [`SOCIAL_PARTICLES`], folded once.
struct SocialWords {
    phrases: Vec<(Social, Vec<Listed>)>,
    particles: Vec<Listed>,
}

fn social_words() -> &'static SocialWords {
    static WORDS: std::sync::OnceLock<SocialWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| SocialWords {
        phrases: SOCIAL
            .iter()
            .flat_map(|(k, phrases)| {
                phrases
                    .iter()
                    .map(move |p| (*k, p.split(' ').map(Listed::new).collect()))
            })
            .collect(),
        particles: SOCIAL_PARTICLES.iter().map(|w| Listed::new(w)).collect(),
    })
}

/// The kind of social talk a message is, when it is nothing else: every
/// word belongs to a social phrase, a particle said with them, or filler.
/// "cảm ơn bạn nhiều nha, bye" is; "chào bạn, làm khai sinh cần gì" is not.
pub fn social(message: &str) -> Option<Social> {
    let typed: Vec<String> = crate::text::words(message)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    if typed.is_empty() || typed.len() > 16 {
        return None;
    }
    let folded: Vec<String> = typed.iter().map(|w| fold_accents(w)).collect();
    let words = social_words();
    let mut covered = vec![false; typed.len()];
    let mut kind = None;
    for (k, parts) in &words.phrases {
        for i in 0..(typed.len() + 1).saturating_sub(parts.len()) {
            let hit = parts
                .iter()
                .enumerate()
                .all(|(j, p)| p.is(&typed[i + j], &folded[i + j]));
            if hit {
                covered[i..i + parts.len()]
                    .iter_mut()
                    .for_each(|c| *c = true);
                kind = kind.or(Some(*k));
            }
        }
    }
    let kind = kind?;
    let small_talk = |i: usize| {
        covered[i]
            || is_filler_folded(&typed[i], &folded[i])
            || words.particles.iter().any(|p| p.is(&typed[i], &folded[i]))
    };
    (0..typed.len()).all(small_talk).then_some(kind)
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
    // English words that are no Vietnamese syllable once accents are
    // dropped count fully; those that are ("can" cần, "to" tờ, "do" đó,
    // "the" thế, "long", "a", "my" Mỹ…) count half, so an unaccented
    // Vietnamese question ("keets hoon can giay to gi") stays Vietnamese.
    const EN: &[&str] = &[
        "how",
        "what",
        "where",
        "when",
        "why",
        "who",
        "which",
        "is",
        "are",
        "was",
        "need",
        "get",
        "register",
        "certificate",
        "much",
        "for",
        "of",
        "please",
        "want",
        "does",
        "birth",
        "marriage",
        "we",
        "our",
        "you",
        "your",
        "with",
        "should",
        "would",
        "have",
        "has",
        "it",
        "if",
        "from",
        "about",
        "this",
        "that",
        "lost",
        "apply",
        "and",
        "or",
        "at",
        "id",
        "card",
        "married",
        "father",
        "mother",
        "child",
        "wife",
        "husband",
        "house",
        "there",
    ];
    const WEAK: &[&str] = &[
        "the", "do", "to", "can", "a", "i", "long", "my", "in", "on", "me", "im",
    ];
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let strong = words.iter().filter(|w| EN.contains(&w.as_str())).count() as f32;
    let weak = words.iter().filter(|w| WEAK.contains(&w.as_str())).count() as f32;
    // Words no Vietnamese syllable could be, even typed in Telex ("update",
    // "database", "contract"), count as English too.
    let foreign = words
        .iter()
        .filter(|w| !EN.contains(&w.as_str()) && !WEAK.contains(&w.as_str()))
        .filter(|w| not_vietnamese(w))
        .count() as f32;
    let hits = strong + foreign + 0.5 * weak;
    // Weak words alone ("can", "to", "long" are also Vietnamese syllables)
    // make no English question.
    if (hits >= 2.0 && strong + foreign >= 1.0) || (strong >= 1.0 && words.len() <= 2) {
        Lang::En
    } else {
        Lang::Vi
    }
}

/// Loanwords Vietnamese questions use as they are.
const LOANWORDS: &[&str] = &[
    "online", "app", "vneid", "email", "gmail", "zalo", "facebook", "website", "web", "internet",
    "photo", "copy", "scan", "file", "pdf", "ok", "oke", "okay", "sms", "qr", "code", "hotline",
    "wifi", "mail", "link", "password", "pass", "selfie", "visa", "taxi", "grab", "shop", "show",
];

/// Whether a lower-case word is no Vietnamese syllable, typed bare or in
/// Telex ("keets" is "kết"), nor an abbreviation (short, or no vowel but
/// "y": "adn", "bhyt") nor a loanword ("online"): an English word
/// ("update", "contract").
fn not_vietnamese(word: &str) -> bool {
    if !word.chars().all(|c| c.is_ascii_lowercase())
        || word.len() < 4
        || !word.chars().any(|c| "aeiou".contains(c))
        || LOANWORDS.contains(&word)
    {
        return false;
    }
    !is_syllable(word) && !super::understand::telex_residue(word).is_some_and(|t| is_syllable(&t))
}

/// Whether a lower-case ASCII word has the shape of an unaccented
/// Vietnamese syllable: an initial consonant, one to three vowels, a final
/// consonant.
fn is_syllable(word: &str) -> bool {
    const ONSETS: &[&str] = &[
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];
    const CODAS: &[&str] = &["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
    ONSETS.iter().any(|onset| {
        let Some(rest) = word.strip_prefix(onset) else {
            return false;
        };
        let vowels = rest.chars().take_while(|c| "aeiouy".contains(*c)).count();
        (1..=3).contains(&vowels) && CODAS.contains(&&rest[vowels..])
    })
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
    fn filler_phrases_are_filler_only_whole() {
        assert_eq!(topic_words("thủ tục khai sinh"), ["khai", "sinh"]);
        assert_eq!(topic_words("thu tuc khai sinh"), ["khai", "sinh"]);
        assert_eq!(topic_words("thu hoi giay phep"), ["thu", "giay", "phep"]);
        assert_eq!(topic_words("bao hiem y te"), ["bao", "hiem", "y", "te"]);
        assert!(topic_words("bao giờ thì có").is_empty());
        // "hoi" typed without marks pairs with another bare filler word
        // when the pair is accepted; "hỏi" typed with marks never does.
        let any_pair = |_: &str, _: &str, _: &str, bare: bool| bare;
        let kept = |m: &str| -> Vec<String> {
            topic_terms_keeping(m, &any_pair)
                .into_iter()
                .map(|(_, f)| f)
                .collect()
        };
        assert_eq!(kept("bao hiem xa hoi"), ["bao", "hiem", "xa", "hoi"]);
        assert_eq!(kept("bảo hiểm xã hỏi"), ["bao", "hiem"]);
    }

    #[test]
    fn opinions_are_not_procedure_requests() {
        assert!(asks_advice("lấy vợ năm nay có nên không"));
        assert!(asks_advice("chup anh the o dau dep nhat"));
        assert!(!asks_advice("I lost my ID card, what should I do?"));
        assert!(!asks_advice("đăng ký kết hôn cần gì"));
    }

    #[test]
    fn social_talk_is_only_social_words() {
        assert_eq!(social("cảm ơn bạn nhiều nha, bye"), Some(Social::Goodbye));
        assert_eq!(social("cam on ban nhe"), Some(Social::Thanks));
        assert_eq!(social("ok thanks ban nhe"), Some(Social::Thanks));
        assert_eq!(social("Xin chào, bạn là ai?"), Some(Social::Greeting));
        assert_eq!(social("thank you so much!"), Some(Social::Thanks));
        // Any topic makes a question of it.
        assert_eq!(social("chào bạn, làm khai sinh cần gì"), None);
        assert_eq!(social("cảm ơn, cho hỏi lệ phí kết hôn"), None);
        // Marks decide: "nhà" is a house, "cháo" no greeting.
        assert_eq!(social("cảm ơn nhà"), None);
        assert_eq!(social("cháo"), None);
        assert_eq!(social("lệ phí bao nhiêu?"), None);
    }

    #[test]
    fn language_from_letters_and_words() {
        assert_eq!(detect_lang("How do I register a birth?"), Lang::En);
        assert_eq!(detect_lang("làm giấy khai sinh"), Lang::Vi);
        assert_eq!(detect_lang("lam giay khai sinh"), Lang::Vi);
        assert_eq!(detect_lang("keets hoon can giay to gi"), Lang::Vi);
        assert_eq!(detect_lang("thi the nao, can mang gi"), Lang::Vi);
        assert_eq!(detect_lang("Can I do it online?"), Lang::En);
        // Words no Vietnamese syllable could be are English; Telex, loanwords
        // and abbreviations are not.
        assert_eq!(
            detect_lang("update my biometric data in the national database"),
            Lang::En
        );
        assert_eq!(detect_lang("tell me a joke"), Lang::En);
        assert_eq!(detect_lang("dang kys keets hoon online duoc ko"), Lang::Vi);
        assert_eq!(detect_lang("lam cccd online qua app vneid"), Lang::Vi);
        // Weak words alone ("long", "can", "to") are no English.
        assert_eq!(
            detect_lang("nuoi ca long trong long ho thi can nhung giay to gi"),
            Lang::Vi
        );
    }
}
