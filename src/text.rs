//! Text primitives shared by the importers, the loader and the analyzers:
//! NFC normalization and accent folding of Vietnamese.
//!
//! Tokenization lives in [`crate::analysis`]; this module only rewrites
//! whole strings.

use std::sync::OnceLock;

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Normalize to NFC. Vietnamese typed on macOS or pasted from PDFs arrives
/// decomposed (NFD); everything in the corpus and every query goes through here.
///
/// Hot path (snippets and re-ranking normalize corpus text per query): text
/// that the quick check proves NFC — nearly all of it — is copied as is.
pub fn nfc(s: &str) -> String {
    if s.is_ascii() || is_nfc_quick(s) == IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// The length in bytes of `nfc(s)`, without copying `s` when it is NFC
/// already (as corpus text is).
pub fn nfc_len(s: &str) -> usize {
    if s.is_ascii() || is_nfc_quick(s) == IsNormalized::Yes {
        return s.len();
    }
    nfc(s).len()
}

/// `unicode_normalization::is_nfc_quick`, with a fast path for Vietnamese:
/// every character below U+0300 (ASCII, Latin-1, ă đ ơ ư …) and in Latin
/// Extended Additional (U+1E00–U+1EFF: ạ ả ấ … ỹ) is a starter that NFC
/// allows (tested below over both ranges), so text made only of those is
/// NFC without the per-character table lookups of the general check.
pub fn is_nfc_quick(s: &str) -> IsNormalized {
    if s.chars()
        .all(|c| c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c))
    {
        return IsNormalized::Yes;
    }
    unicode_normalization::is_nfc_quick(s.chars())
}

/// True when `s` is already NFC.
pub fn is_nfc(s: &str) -> bool {
    match is_nfc_quick(s) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => unicode_normalization::is_nfc(s),
    }
}

/// Remove Vietnamese diacritics (and any other combining mark) and map đ/Đ to
/// d/D. Case is preserved.
///
/// Equal to "NFD, then drop every combining mark" (see the tests), computed
/// per character: canonical reordering only moves combining marks, which are
/// all dropped. Characters below U+2000 (Latin, Vietnamese) come from a table
/// built once; the rest are decomposed one by one.
pub fn fold_accents(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    fold_accents_into(s, &mut out);
    out
}

/// [`fold_accents`] appended to `out` (a buffer reused across tokens).
pub fn fold_accents_into(s: &str, out: &mut String) {
    let table = fold_table();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(folded) = table.get(c as usize - 0x80) {
            out.push_str(folded);
        } else {
            fold_char(c, out);
        }
    }
}

/// The fold of one character, appended to `out`.
fn fold_char(c: char, out: &mut String) {
    match c {
        'đ' => out.push('d'),
        'Đ' => out.push('D'),
        c => unicode_normalization::char::decompose_canonical(c, |d| {
            if !unicode_normalization::char::is_combining_mark(d) {
                out.push(d);
            }
        }),
    }
}

/// Folds of U+0080..U+1FFF, by code point − 0x80.
fn fold_table() -> &'static [Box<str>] {
    static TABLE: OnceLock<Vec<Box<str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80u32..0x2000)
            .map(|u| {
                let mut s = String::new();
                if let Some(c) = char::from_u32(u) {
                    fold_char(c, &mut s);
                }
                s.into_boxed_str()
            })
            .collect()
    })
}

/// The words of `s` as typed: NFC, split on every character that is not a
/// letter or digit.
pub fn words(s: &str) -> Vec<String> {
    nfc(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The words of `s` accent-folded and lower-cased ("Đăng ký" → ["dang",
/// "ky"]): how questions, names and dictionary phrases are compared.
pub fn folded_words(s: &str) -> Vec<String> {
    fold_accents(&nfc(s))
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The marks of one Vietnamese word: per letter its vowel-quality mark (˘ ˆ
/// horn, or the bar of đ), and the word's tone (one per syllable, wherever
/// it was placed: "hoà" and "hòa" have the same tone).
fn marks(word: &str) -> Option<(Vec<Option<char>>, Option<char>)> {
    let mut quality = Vec::new();
    let mut tone = None;
    for c in word.chars() {
        let mut q = None;
        match c {
            'đ' | 'Đ' => q = Some('đ'),
            c if c.is_ascii() => {}
            c => unicode_normalization::char::decompose_canonical(c, |d| match d {
                '\u{0306}' | '\u{0302}' | '\u{031B}' => q = Some(d),
                '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' => tone = Some(d),
                _ => {}
            }),
        }
        quality.push(q);
    }
    Some((quality, tone))
}

/// Whether a word as typed can stand for `reference` (a dictionary or name
/// word with the same folded letters): marks may be missing ("dang ky",
/// "đang ky" for "đăng ký") but not different ("để" is not "đẻ", "cười" is
/// not "cưới"), except that hỏi and ngã count as one tone ("báo tữ" is "báo
/// tử"). A reference written without any mark accepts every spelling.
pub fn marks_compatible(typed: &str, reference: &str) -> bool {
    if reference.is_ascii() || typed.is_ascii() {
        return true;
    }
    let (Some((tq, tt)), Some((rq, rt))) = (marks(typed), marks(reference)) else {
        return true;
    };
    if tq.len() != rq.len() {
        return true;
    }
    // Hỏi and ngã are one tone: many writers do not tell them apart.
    let same_tone = |a: Option<char>| a.map(|t| if t == '\u{0303}' { '\u{0309}' } else { t });
    let tone_ok = tt.is_none() || same_tone(tt) == same_tone(rt);
    tone_ok && tq.iter().zip(&rq).all(|(t, r)| t.is_none() || t == r)
}

/// Whether a text is typed with Vietnamese marks: at least half of its words
/// of two letters or more (digits aside) carry one, and at least two do. In
/// such a text a word without any mark is written so ("lao" of "lao động"
/// is no "lào"); in a text typed bare it may stand for any marks.
pub fn writes_marks(words: &[String]) -> bool {
    let mut marked = 0;
    let mut counted = 0;
    for w in words {
        if w.chars().count() < 2 || !w.chars().all(char::is_alphabetic) {
            continue;
        }
        counted += 1;
        if !w.is_ascii() {
            marked += 1;
        }
    }
    marked >= 2 && marked * 2 >= counted
}

/// [`marks_compatible`], unless the word is typed bare and written bare:
/// in a text typed with marks ([`writes_marks`]), a bare word that the
/// corpus often writes bare ("lao" of "lao động", "dung" of "nội dung") is
/// that word, not a marked reference ("lào", "dừng"); a bare word the corpus
/// rarely writes bare ("giay") is a dropped mark and may stand for one.
pub fn marks_fit(typed: &str, reference: &str, written_bare: bool) -> bool {
    if written_bare && typed.is_ascii() && !reference.is_ascii() {
        return false;
    }
    marks_compatible(typed, reference)
}

/// Collapse runs of whitespace to one space and trim.
pub fn squash_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hoi_and_nga_are_one_tone_other_marks_differ() {
        assert!(marks_compatible("tữ", "tử"));
        assert!(marks_compatible("sữa", "sửa"));
        assert!(marks_compatible("xả", "xã"));
        assert!(!marks_compatible("vàng", "vắng"));
        assert!(!marks_compatible("để", "đẻ"));
        assert!(!marks_compatible("tứ", "tử"));
    }

    #[test]
    fn nfc_len_is_the_length_of_the_nfc_text() {
        for s in [
            "",
            "abc",
            "Thủ tục đăng ký khai sinh",
            // Decomposed: "ủ" as u + U+0309 (hook above).
            "Thu\u{309} tu\u{323}c",
            // A singleton that NFC maps to a longer sequence (U+0958).
            "\u{958}",
        ] {
            assert_eq!(nfc_len(s), nfc(s).len(), "{s:?}");
        }
        // "a" + grave (3 bytes) composes to "à" (2 bytes).
        assert_eq!(nfc_len("a\u{300}"), 2);
    }

    #[test]
    fn fast_nfc_ranges_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        let ranges = [0u32..0x300, 0x1E00..0x1F00];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
        }
        assert_eq!(is_nfc_quick("Đăng ký khai sinh"), IsNormalized::Yes);
        let nfd: String = "Việt".nfd().collect();
        assert_ne!(is_nfc_quick(&nfd), IsNormalized::Yes);
    }

    #[test]
    fn nfd_and_nfc_agree_after_normalization() {
        let nfd: String = "Việt Nam đăng ký".nfd().collect();
        assert_ne!(nfd, "Việt Nam đăng ký");
        assert_eq!(nfc(&nfd), "Việt Nam đăng ký");
        assert!(is_nfc(&nfc(&nfd)));
    }

    /// The definition `fold_accents` must keep: NFD, drop marks, đ → d.
    fn fold_reference(s: &str) -> String {
        s.nfd()
            .filter_map(|c| match c {
                'đ' => Some('d'),
                'Đ' => Some('D'),
                c if unicode_normalization::char::is_combining_mark(c) => None,
                c => Some(c),
            })
            .collect()
    }

    #[test]
    fn folding_per_character_equals_folding_the_nfd_string() {
        // Canonical reordering only moves characters with a non-zero
        // combining class; all of them are combining marks (dropped).
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            if unicode_normalization::char::canonical_combining_class(c) != 0 {
                assert!(
                    unicode_normalization::char::is_combining_mark(c),
                    "U+{u:04X} reorders but is not a mark"
                );
            }
            let s = c.to_string();
            assert_eq!(fold_accents(&s), fold_reference(&s), "U+{u:04X}");
        }
        let mixed = "Đường THỦY hoà\u{301}a\u{323}\u{302} ǅ 가 ﬁ Ω Å\u{0}x";
        let nfd: String = mixed.nfd().collect();
        for s in [mixed, nfd.as_str(), "", "abc"] {
            assert_eq!(fold_accents(s), fold_reference(s), "{s:?}");
        }
    }

    #[test]
    fn nfc_fast_path_agrees_with_full_normalization() {
        for s in [
            "Việt Nam",
            "Vie\u{323}\u{302}t",
            "a\u{301}\u{323}",
            "",
            "ascii",
            "가",
            "Å",
        ] {
            assert_eq!(nfc(s), s.nfc().collect::<String>(), "{s:?}");
        }
    }

    #[test]
    fn missing_marks_are_compatible_different_marks_are_not() {
        assert!(marks_compatible("dang", "đăng"));
        assert!(marks_compatible("đang", "đăng"));
        assert!(marks_compatible("hoà", "hòa"));
        assert!(marks_compatible("THƯC", "thực"));
        assert!(marks_compatible("ks", "ks"));
        assert!(!marks_compatible("để", "đẻ"));
        assert!(!marks_compatible("cười", "cưới"));
        assert!(!marks_compatible("mắt", "mất"));
        assert!(marks_compatible("mát", "mất"));
    }

    #[test]
    fn a_bare_word_of_a_marked_text_is_written_bare() {
        let w = |s: &str| words(s);
        assert!(writes_marks(&w(
            "xin xác nhận người lao động thu nhập thấp"
        )));
        assert!(!writes_marks(&w("xin xac nhan nguoi lao dong")));
        assert!(!writes_marks(&w("làm giay khai sinh cho con")));
        assert!(!marks_fit("lao", "lào", true));
        assert!(marks_fit("lao", "lào", false));
        assert!(marks_fit("register", "register", true));
        assert!(marks_fit("đăng", "đăng", true));
    }

    #[test]
    fn folding_removes_tones_and_maps_d_bar() {
        assert_eq!(fold_accents("Đăng ký khai sinh"), "Dang ky khai sinh");
        assert_eq!(fold_accents("thường trú"), "thuong tru");
    }
}
