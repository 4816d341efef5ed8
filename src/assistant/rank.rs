//! Re-ranking and confidence on top of search: procedure variants only when
//! asked for, and whether the best procedure is a credible answer at all.

use crate::corpus::Procedure;
use crate::text::fold_accents;

use super::intent::folded_words;

/// A procedure variant: a phrase in its name, and the words in a question
/// that ask for it. Without one of those words the variant is demoted.
pub struct Variant {
    pub marker: &'static str,
    pub triggers: &'static [&'static str],
}

/// Variants of the civil-status and certification procedures.
pub const VARIANTS: &[Variant] = &[
    Variant {
        marker: "yeu to nuoc ngoai",
        triggers: &[
            "nuoc ngoai",
            "ngoai quoc",
            "viet kieu",
            "quoc tich",
            "nguoi nuoc",
            "foreign",
            "foreigner",
            "abroad",
            "overseas",
            "yeu to",
        ],
    },
    Variant {
        marker: "luu dong",
        triggers: &["luu dong", "mobile", "tai nha", "tai gia", "den nha"],
    },
    Variant {
        marker: "dang ky lai",
        triggers: &[
            "dang ky lai",
            "dk lai",
            "dki lai",
            "lai khai sinh",
            "lai ket hon",
            "lai khai tu",
            "again",
            "re register",
            "register again",
            "so goc",
            "mat so",
        ],
    },
    Variant {
        marker: "lien thong",
        triggers: &[
            "lien thong",
            "bhyt",
            "bao hiem y te",
            "cung luc",
            "dong thoi",
            "mai tang",
        ],
    },
    Variant {
        marker: "ket hop",
        triggers: &["ket hop", "cung luc", "dong thoi", "kem theo"],
    },
];

/// Multiplier applied to a variant the question does not ask for.
pub const VARIANT_PENALTY: f32 = 0.6;

fn has_phrase(words: &[String], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(parts.len())
        .any(|w| w.iter().zip(&parts).all(|(a, b)| a == b))
}

/// Score multiplier for `name` given the question's folded words.
pub fn variant_factor(question_words: &[String], name: &str) -> f32 {
    let name_words = folded_words(name);
    let mut factor = 1.0;
    for v in VARIANTS {
        let in_name = has_phrase(&name_words, v.marker);
        let asked = v.triggers.iter().any(|t| has_phrase(question_words, t));
        if in_name && !asked {
            factor *= VARIANT_PENALTY;
        }
    }
    factor
}

/// How well the topic words of a question are covered by a procedure's
/// names (official name and aliases), in two signals:
/// - `bigram`: two adjacent topic words appear adjacent in a name;
/// - `coverage`: share of topic words found in the names.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Match {
    pub bigram: bool,
    pub coverage: f32,
}

pub fn name_match(topic: &[String], p: &Procedure, extra_names: &[String]) -> Match {
    if topic.is_empty() {
        return Match::default();
    }
    let names: Vec<Vec<String>> = std::iter::once(&p.name)
        .chain(p.aliases.iter())
        .chain(extra_names.iter())
        .map(|n| folded_words(n))
        .collect();
    let bigram = topic.windows(2).any(|pair| {
        names
            .iter()
            .any(|n| n.windows(2).any(|w| w[0] == pair[0] && w[1] == pair[1]))
    });
    let covered = topic
        .iter()
        .filter(|t| names.iter().any(|n| n.contains(t)))
        .count();
    Match {
        bigram,
        coverage: covered as f32 / topic.len() as f32,
    }
}

/// Folded name, for comparisons.
pub fn folded(s: &str) -> String {
    fold_accents(s).to_lowercase()
}
