//! Vietnamese legal document numbers ("số hiệu"): parsing and canonical form.
//!
//! The canonical form is `NUMBER/YEAR/SUFFIX` with the suffix upper-cased and
//! its Đ restored: `123/2015/NĐ-CP`, `60/2014/QH13`, `01/2020/TT-BTP`,
//! `05/2015/TTLT-BTP-BCA-BYT`. Users and sources write `123/2015/ND-CP`,
//! `123/2015/nđ-cp`, `Nghị định số 123/2015/NĐ-CP`: all parse to the same.
//! File stems are ASCII: `123-2015-ND-CP`.

use crate::text::{fold_accents, nfc};

/// Suffix parts that carry a Đ in their official spelling.
const D_BAR_PARTS: &[(&str, &str)] = &[
    ("ND", "NĐ"),
    ("QD", "QĐ"),
    ("HDND", "HĐND"),
    ("HDTP", "HĐTP"),
    ("HDTC", "HĐTC"),
    ("DCT", "ĐCT"),
    ("UBTVQH", "UBTVQH"),
    ("TTG", "TTg"),
    ("BLDTBXH", "BLĐTBXH"),
    ("TLD", "TLĐ"),
];

/// Canonicalize one document number, or `None` if `s` does not contain one.
/// Finds the first `N/YYYY/SUFFIX` (or `N/YYYY` is *not* accepted: a suffix is
/// required) anywhere in `s`.
pub fn canonical(s: &str) -> Option<String> {
    find_all(s).into_iter().next()
}

/// Every document number in `s`, canonicalized, in order of appearance,
/// without duplicates.
pub fn find_all(s: &str) -> Vec<String> {
    let s = nfc(s);
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // A number may follow a letter directly: portal cells are run together
        // ("Luật Hộ tịch60/2014/QH13"); it may not follow a digit or a slash.
        if chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == '/'))
        {
            if let Some((num, end)) = parse_at(&chars, i) {
                if !out.contains(&num) {
                    out.push(num);
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn parse_at(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut i = start;
    let num_start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    let number: String = chars[num_start..i].iter().collect();
    if number.is_empty() || number.len() > 4 || i >= chars.len() || chars[i] != '/' {
        return None;
    }
    i += 1;
    let y_start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    let year: String = chars[y_start..i].iter().collect();
    if year.len() != 4 || i >= chars.len() || chars[i] != '/' {
        return None;
    }
    i += 1;
    let s_start = i;
    let mut seen_upper = false;
    while i < chars.len()
        && (chars[i].is_alphanumeric()
            || chars[i] == '-'
            // Joint resolutions: "01/2014/NQLT/CP-UBTƯMTTQVN".
            || (chars[i] == '/' && chars.get(i + 1).is_some_and(|c| c.is_uppercase())))
    {
        // "TTg" (Thủ tướng) is the one suffix part spelled with a lower-case
        // letter; accept it whole unless more lower case follows.
        let part_start = chars[s_start..i]
            .iter()
            .rposition(|&c| c == '-' || c == '/')
            .map_or(s_start, |p| s_start + p + 1);
        if i == part_start
            && chars.get(i..i + 3).is_some_and(|w| w == ['T', 'T', 'g'])
            && !chars.get(i + 3).is_some_and(|c| c.is_lowercase())
        {
            seen_upper = true;
            i += 3;
            continue;
        }
        // In run-together text the next title starts with an upper-case letter
        // followed by lower case ("QH13Nghị định"): stop before it.
        let next_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
        if seen_upper && chars[i].is_uppercase() && next_lower {
            break;
        }
        if seen_upper && chars[i].is_lowercase() {
            break;
        }
        seen_upper |= chars[i].is_uppercase();
        i += 1;
    }
    let raw: String = chars[s_start..i].iter().collect();
    let raw = raw.trim_end_matches(['-', '/']);
    if raw.is_empty() || !raw.chars().next().is_some_and(|c| c.is_alphabetic()) {
        return None;
    }
    let end = s_start + raw.chars().count();
    Some((format!("{number}/{year}/{}", canonical_suffix(raw)), end))
}

fn canonical_suffix(raw: &str) -> String {
    raw.split('/')
        .map(|group| {
            group
                .split('-')
                .filter(|p| !p.is_empty())
                .map(canonical_part)
                .collect::<Vec<_>>()
                .join("-")
        })
        .filter(|g| !g.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// Upper-case one suffix part, keeping its letters' marks ("UBTƯMTTQVN"),
/// and restore the official spelling of parts users type without Đ.
fn canonical_part(part: &str) -> String {
    let folded = fold_accents(part).to_uppercase();
    D_BAR_PARTS
        .iter()
        .find(|(ascii, _)| *ascii == folded)
        .map(|(_, official)| official.to_string())
        .unwrap_or_else(|| part.to_uppercase())
}

/// ASCII file stem for a canonical number: `123/2015/NĐ-CP` → `123-2015-ND-CP`.
pub fn file_stem(number: &str) -> String {
    fold_accents(number).replace('/', "-")
}

/// The short form users type for a number, without the suffix: `123/2015`.
pub fn number_and_year(number: &str) -> Option<&str> {
    let mut slash = number.match_indices('/');
    slash.next()?;
    let (second, _) = slash.next()?;
    Some(&number[..second])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_number_agree() {
        for s in [
            "123/2015/NĐ-CP",
            "123/2015/ND-CP",
            "123/2015/nđ-cp",
            "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015",
        ] {
            assert_eq!(canonical(s).as_deref(), Some("123/2015/NĐ-CP"), "{s}");
        }
    }

    #[test]
    fn laws_circulars_and_resolutions() {
        assert_eq!(
            canonical("Luật số: 60/2014/QH13").as_deref(),
            Some("60/2014/QH13")
        );
        assert_eq!(
            canonical("01/2020/TT-BTP").as_deref(),
            Some("01/2020/TT-BTP")
        );
        assert_eq!(
            canonical("05/2015/TTLT-BTP-BCA-BYT").as_deref(),
            Some("05/2015/TTLT-BTP-BCA-BYT")
        );
        assert_eq!(
            canonical("10/2022/NQ-HDND").as_deref(),
            Some("10/2022/NQ-HĐND")
        );
    }

    #[test]
    fn dates_are_not_document_numbers() {
        assert_eq!(canonical("ngày 15/11/2015"), None);
        assert!(find_all("ngày 20/11/2014 của Quốc hội").is_empty());
    }

    #[test]
    fn run_together_cells_split_at_numbers() {
        let all = find_all("Luật Hộ tịch60/2014/QH13Nghị định123/2015/NĐ-CP");
        assert_eq!(all, vec!["60/2014/QH13", "123/2015/NĐ-CP"]);
    }

    /// Regression: a joint resolution's suffix has a slash and a Ư.
    #[test]
    fn joint_resolution_numbers_keep_slash_and_marks() {
        assert_eq!(
            canonical("01/2014/NQLT/CP-UBTƯMTTQVN").as_deref(),
            Some("01/2014/NQLT/CP-UBTƯMTTQVN")
        );
        assert_eq!(
            canonical("05/2015/TT-BLDTBXH").as_deref(),
            Some("05/2015/TT-BLĐTBXH")
        );
        assert_eq!(canonical("ngày 15/11/2015/"), None);
    }

    /// Regression: the suffix part "TTg" (Thủ tướng) was cut to "T".
    #[test]
    fn prime_minister_decisions_keep_ttg() {
        assert_eq!(
            canonical("81/2014/QĐ-TTg").as_deref(),
            Some("81/2014/QĐ-TTg")
        );
        assert_eq!(
            canonical("81/2014/qd-ttg").as_deref(),
            Some("81/2014/QĐ-TTg")
        );
        assert_eq!(
            find_all("Quyết định 81/2014/QĐ-TTgThông tư 01/2020/TT-BTP"),
            vec!["81/2014/QĐ-TTg", "01/2020/TT-BTP"]
        );
    }

    #[test]
    fn file_stems_are_ascii() {
        assert_eq!(file_stem("123/2015/NĐ-CP"), "123-2015-ND-CP");
        assert_eq!(number_and_year("123/2015/NĐ-CP"), Some("123/2015"));
    }
}
