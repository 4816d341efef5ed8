//! Text primitives shared by the importers, the loader and the analyzers:
//! NFC normalization and accent folding of Vietnamese.
//!
//! Tokenization lives in [`crate::analysis`]; this module only rewrites
//! whole strings.

use unicode_normalization::UnicodeNormalization;

/// Normalize to NFC. Vietnamese typed on macOS or pasted from PDFs arrives
/// decomposed (NFD); everything in the corpus and every query goes through here.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// True when `s` is already NFC.
pub fn is_nfc(s: &str) -> bool {
    unicode_normalization::is_nfc(s)
}

/// Remove Vietnamese diacritics (and any other combining mark) and map đ/Đ to
/// d/D. Case is preserved.
pub fn fold_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            c if unicode_normalization::char::is_combining_mark(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Collapse runs of whitespace to one space and trim.
pub fn squash_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_and_nfc_agree_after_normalization() {
        let nfd: String = "Việt Nam đăng ký".nfd().collect();
        assert_ne!(nfd, "Việt Nam đăng ký");
        assert_eq!(nfc(&nfd), "Việt Nam đăng ký");
        assert!(is_nfc(&nfc(&nfd)));
    }

    #[test]
    fn folding_removes_tones_and_maps_d_bar() {
        assert_eq!(fold_accents("Đăng ký khai sinh"), "Dang ky khai sinh");
        assert_eq!(fold_accents("thường trú"), "thuong tru");
    }
}
