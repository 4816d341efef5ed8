//! The "Căn cứ pháp lý" table: `Tên văn bản pháp lýMã văn bản` followed by
//! rows of *title* + *number* run together.
//!
//! ```text
//! …Luật Hộ tịch123/2015/NĐ-CPThông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư phápThông tư số 03/2023/TT-BTP…
//! Luật 60/2014/QH1360/2014/QH13                      ← title "Luật 60/2014/QH13", number 60/2014/QH13
//! ```
//!
//! A number ends a row when the next title starts right after it (or after one
//! space and a capital letter); a number followed by " ngày …", " của …" or
//! "-Quy định …" belongs to the title. Numbers are canonicalized with
//! [`crate::corpus::docnum`]; dotted numbers ("66.7/2025/NQ-CP") keep their
//! dotted part, which `docnum` does not read.

use std::sync::LazyLock;

use regex::Regex;

use super::clean;
use crate::corpus::{docnum, LegalRef};

const TABLE_HEADER: &str = "Tên văn bản pháp lýMã văn bản";

/// Words a "number" column written as prose leaves glued to the end of the
/// previous title ("…Bộ Tư phápThông tư số").
static TRAILING_KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:Bộ luật|Luật|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Nghị quyết|Pháp lệnh|Lệnh)(?:\s+số)?\s*$")
        .expect("static regex")
});

/// A document number found in the text.
#[derive(Debug, Clone, PartialEq)]
struct Span {
    start: usize,
    end: usize,
    canonical: String,
}

/// Parse the section. Returns the references (deduplicated, in order) and
/// warnings for text that could not be tied to a number.
pub(super) fn parse(section: &str) -> (Vec<LegalRef>, Vec<String>) {
    let text = clean::line(section);
    let body = text.strip_prefix(TABLE_HEADER).unwrap_or(&text).trim();
    let mut refs: Vec<LegalRef> = Vec::new();
    let mut warnings = Vec::new();
    if clean::is_placeholder(body) {
        return (refs, warnings);
    }
    let spans = scan(body);
    let ends_row = |s: &Span| {
        let after = &body[s.end..];
        let mut chars = after.chars();
        match chars.next() {
            None => true,
            Some(' ') => chars.next().is_some_and(char::is_uppercase),
            // Glued to the next title, whatever its case ("NĐ-CPquy định"),
            // unless the words go on with the same title ("TT-BCAngày 01/7").
            Some(c) => {
                c.is_alphanumeric()
                    && !["ngày ", "của ", "và ", "năm ", "tháng "]
                        .iter()
                        .any(|w| after.starts_with(w))
            }
        }
    };
    let mut codes: Vec<&Span> = spans.iter().filter(|s| ends_row(s)).collect();
    // "Nghị định 143/2018/NĐ-CP143/2018/NĐ-CP": a number directly followed by
    // another row-ending number is part of that row's title.
    let adjacent: Vec<bool> = codes
        .iter()
        .enumerate()
        .map(|(i, s)| codes.get(i + 1).is_some_and(|n| n.start == s.end))
        .collect();
    let mut keep = adjacent.iter().map(|a| !a);
    codes.retain(|_| keep.next().unwrap_or(true));

    let mut row_start = 0;
    for code in codes {
        let title_text = &body[row_start..code.start];
        // An upper-case title glued to the number ("…TT-BLĐTBXHBAN HÀNH…")
        // lengthens its suffix; the same number written in the title shows
        // where it really ends.
        let (number, end) = spans
            .iter()
            .filter(|t| t.start >= row_start && t.end <= code.start)
            .find(|t| {
                let short_end = code.start + (t.end - t.start);
                t.canonical.len() < code.canonical.len()
                    && code.canonical.starts_with(&t.canonical)
                    && body[code.start..].starts_with(&body[t.start..t.end])
                    // What the shorter number leaves must start a title, not
                    // continue the suffix ("TT- BTP" in a title, "TT-BTP" after).
                    && body[short_end..].chars().next().is_some_and(char::is_uppercase)
            })
            .map_or((code.canonical.clone(), code.end), |t| {
                (t.canonical.clone(), code.start + (t.end - t.start))
            });
        row_start = end;
        push_unique(
            &mut refs,
            LegalRef {
                document_number: number,
                article: None,
                title: tidy_title(title_text),
            },
        );
    }
    let rest = body[row_start..].trim();
    // A number column cut short ("Nghị định số 46/2020/NĐ-CP" + "46/2020")
    // adds nothing.
    let repeats_last = refs
        .last()
        .is_some_and(|r| !rest.is_empty() && r.document_number.starts_with(rest));
    if !rest.is_empty() && !repeats_last {
        match docnum::canonical(rest) {
            Some(n) => push_unique(
                &mut refs,
                LegalRef {
                    document_number: n,
                    article: None,
                    title: tidy_title(rest),
                },
            ),
            None => warnings.push(format!("legal basis without a document number: {rest:?}")),
        }
    }
    (refs, warnings)
}

fn push_unique(refs: &mut Vec<LegalRef>, r: LegalRef) {
    match refs
        .iter_mut()
        .find(|x| x.document_number == r.document_number)
    {
        Some(existing) if existing.title.is_empty() => existing.title = r.title,
        Some(_) => {}
        None => refs.push(r),
    }
}

fn tidy_title(raw: &str) -> String {
    let t = raw.trim().trim_start_matches(['-', ' ']).trim();
    let t = match TRAILING_KIND.find(t) {
        Some(m) if m.start() > 0 => &t[..m.start()],
        _ => t,
    };
    clean::trim_cell(t).trim_end_matches([' ', '-']).to_string()
}

/// Every document number in `s` with its byte span.
fn scan(s: &str) -> Vec<Span> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let byte = |i: usize| chars.get(i).map_or(s.len(), |c| c.0);
    let ch = |i: usize| chars.get(i).map(|c| c.1);
    let is_digit = |i: usize| ch(i).is_some_and(|c| c.is_ascii_digit());
    let mut out = Vec::new();
    let mut i = 0;
    let mut last_end = usize::MAX;
    while i < chars.len() {
        // A number may follow a letter, a sentence's full stop or the previous
        // number directly ("QH13" + "60/2014/QH13"), not the middle of a date
        // or of a number.
        let after_number_dot = i >= 2 && ch(i - 1) == Some('.') && is_digit(i - 2);
        let starts = is_digit(i)
            && (i == 0
                || i == last_end
                || !(is_digit(i - 1) || ch(i - 1) == Some('/') || after_number_dot));
        if !starts {
            i += 1;
            continue;
        }
        let mut run_end = i;
        while is_digit(run_end) {
            run_end += 1;
        }
        // "Luật Cư trú 202068/2020/QH14": a year glued to the number.
        let glued_year = run_end - i > 4
            && run_end - i <= 8
            && ch(run_end) == Some('/')
            && matches!(
                (ch(i), ch(i + 1)),
                (Some('1'), Some('9')) | (Some('2'), Some('0'))
            );
        let from = if glued_year { i + 4 } else { i };
        match number_at(&chars, from) {
            Some(found) => {
                let number = &s[byte(from)..byte(found.slash)];
                let tail = &s[byte(found.slash) + 1..byte(found.end)];
                if let Some(canonical) = canonical_at(number, tail, found.has_year) {
                    out.push(Span {
                        start: byte(from),
                        end: byte(found.end),
                        canonical,
                    });
                }
                i = found.end;
                last_end = found.end;
            }
            None => i = run_end.max(i + 1),
        }
    }
    out
}

/// Canonical form of `number` + `/` + `tail` (`YYYY/SUFFIX`, or `SUFFIX`
/// alone for decisions without a year: "2338/QĐ-BTP"). The suffix is spelled
/// as [`docnum`] spells it; the number keeps a dotted or lettered form
/// ("66.7", "08.a", "09b") that `docnum` does not read.
fn canonical_at(number: &str, tail: &str, has_year: bool) -> Option<String> {
    // Upper-cased first so run-together lower-case text cannot extend the
    // suffix; `docnum` restores the official spelling ("TTg", "BLĐTBXH").
    let tail = tail.to_uppercase();
    let probe = if has_year {
        format!("1/{tail}")
    } else {
        format!("1/2000/{tail}")
    };
    // The crawl dropped the P of "NĐ-CP" before some titles
    // ("118/2025/NĐ-CQuy định"): no decree or resolution ends in "-C".
    let probe = if probe.ends_with("Đ-C") || probe.ends_with("D-C") || probe.ends_with("NQ-C") {
        format!("{probe}P")
    } else {
        probe
    };
    let canonical = docnum::canonical(&probe)?;
    let tail = canonical.strip_prefix(if has_year { "1/" } else { "1/2000/" })?;
    Some(format!("{}/{tail}", number.to_lowercase()))
}

/// Issuer codes a suffix can end with; used when the next title starts in
/// lower case right after the code's last capital ("TT-BCAngày").
const ISSUERS: &[&str] = &[
    "BCA", "BTC", "BTP", "BYT", "BXD", "BQP", "BCT", "BNV", "BGTVT", "BNNMT", "BNNPTNT", "BTNMT",
    "BKHĐT", "BGDĐT", "BLĐTBXH", "BTTTT", "NHNN", "BHXH", "BNG", "VPCP", "CP", "QH", "UBTVQH",
    "TTLT",
];

/// Upper-case words that start a title glued after a suffix ("CPTHÔNG TƯ").
const TITLE_WORDS: &[&str] = &[
    "THÔNG", "NGHỊ", "QUYẾT", "QUY", "LUẬT", "BAN", "HƯỚNG", "SỬA", "VỀ", "PHÊ", "CÔNG", "BỘ",
];

/// True when the suffix part ending before char `j`, plus the capital at `j`,
/// is a known issuer code.
fn completes_issuer(chars: &[(usize, char)], s_start: usize, j: usize) -> bool {
    let part_start = (s_start..j)
        .rev()
        .find(|&k| chars[k].1 == '-')
        .map_or(s_start, |k| k + 1);
    let candidate: String = chars[part_start..=j].iter().map(|c| c.1).collect();
    ISSUERS.contains(&candidate.as_str())
}

/// Where a number found in the text ends, in chars.
struct Found {
    /// End, exclusive.
    end: usize,
    /// The slash after the number part.
    slash: usize,
    /// False for `N/SUFFIX`.
    has_year: bool,
}

/// Parse a document number at char `start`.
fn number_at(chars: &[(usize, char)], start: usize) -> Option<Found> {
    let ch = |i: usize| chars.get(i).map(|c| c.1);
    let digits_from = |mut i: usize| {
        while ch(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        i
    };
    let mut i = digits_from(start);
    if i - start > 4 {
        return None;
    }
    // "66.7/…", "08.a/…", "09b/…".
    let plain = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c.is_ascii_lowercase());
    if ch(i) == Some('.') && plain(ch(i + 1)) {
        let mut after = i + 1;
        while plain(ch(after)) && after - i <= 3 {
            after += 1;
        }
        if ch(after) == Some('/') {
            i = after;
        }
    } else if ch(i).is_some_and(|c| c.is_ascii_lowercase()) && ch(i + 1) == Some('/') {
        i += 1;
    }
    if ch(i) != Some('/') {
        return None;
    }
    let slash = i;
    let plain_number = chars[start..slash].iter().all(|c| c.1.is_ascii_digit());
    let y = digits_from(i + 1);
    let (s_start, has_year) = if y - (i + 1) == 4 && ch(y) == Some('/') {
        (y + 1, true)
    } else if plain_number && y == i + 1 && ch(i + 1).is_some_and(char::is_uppercase) {
        (i + 1, false)
    } else {
        return None;
    };
    let mut j = s_start;
    let mut seen_upper = false;
    while let Some(c) = ch(j) {
        if !(c.is_alphanumeric() || c == '-') {
            break;
        }
        // "QĐ-TTg": the Prime Minister's suffix ends in a lower-case g.
        if c == 'T' && ch(j + 1) == Some('T') && ch(j + 2) == Some('g') {
            j += 3;
            break;
        }
        // Same stops as `docnum`: the next title begins with a capital
        // followed by lower case, or with lower case…
        let next_lower = ch(j + 1).is_some_and(char::is_lowercase);
        if seen_upper && c.is_uppercase() && next_lower && completes_issuer(chars, s_start, j) {
            // "TT-BCAngày": the A belongs to "BCA".
            j += 1;
            break;
        }
        if seen_upper && (c.is_lowercase() || (c.is_uppercase() && next_lower)) {
            break;
        }
        seen_upper |= c.is_uppercase();
        j += 1;
    }
    // Overshot into the next number ("QH1360/2014/QH13", "TT-BTP08.a/2010"):
    // give the trailing digits back.
    let next_number = ch(j) == Some('/')
        || (ch(j) == Some('.') && plain(ch(j + 1)) && ch(j + 1) != Some(' '))
        || (ch(j).is_some_and(|c| c.is_ascii_lowercase()) && ch(j + 1) == Some('/'));
    if next_number {
        let mut d = j;
        while d > s_start && ch(d - 1).is_some_and(|c| c.is_ascii_digit()) {
            d -= 1;
        }
        let digits = j - d;
        let own: String = chars[start..d].iter().map(|c| c.1).collect();
        let keep = (0..digits)
            .find(|&k| {
                // Prefer the split that repeats the number ("60/2014/QH13" twice).
                let candidate: String = chars[start..d + k].iter().map(|c| c.1).collect();
                let next: String = chars
                    [d + k..(d + k + candidate.chars().count()).min(chars.len())]
                    .iter()
                    .map(|c| c.1)
                    .collect();
                candidate == next
            })
            .unwrap_or_else(|| {
                if own.ends_with("QH") {
                    2.min(digits)
                } else {
                    0
                }
            });
        j = d + keep;
    }
    // An upper-case title glued to the suffix: "NĐ-CPTHÔNG TƯ …".
    let part_start = (s_start..j)
        .rev()
        .find(|&k| ch(k) == Some('-'))
        .map_or(s_start, |k| k + 1);
    if ch(j) == Some(' ') {
        let part: String = chars[part_start..j].iter().map(|c| c.1).collect();
        if let Some(cut) = TITLE_WORDS
            .iter()
            .filter_map(|w| {
                part.strip_suffix(w)
                    .filter(|head| head.chars().count() >= 2)
            })
            .map(|head| part_start + head.chars().count())
            .min()
        {
            j = cut;
        }
    }
    while j > s_start && ch(j - 1) == Some('-') {
        j -= 1;
    }
    if j == s_start || !ch(s_start).is_some_and(char::is_alphabetic) {
        return None;
    }
    if !has_year {
        // Without a year only an issuer code with a dash is a number
        // ("QĐ-BTP"), not any "3/A".
        let suffix: String = chars[s_start..j].iter().map(|c| c.1).collect();
        if !suffix.contains('-') || suffix.chars().filter(|c| c.is_uppercase()).count() < 3 {
            return None;
        }
    }
    Some(Found {
        end: j,
        slash,
        has_year,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(section: &str) -> Vec<(String, String)> {
        parse(section)
            .0
            .into_iter()
            .map(|r| (r.document_number, r.title))
            .collect()
    }

    #[test]
    fn run_together_rows_split_at_their_numbers() {
        let got = numbers(
            "Tên văn bản pháp lýMã văn bảnNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch123/2015/NĐ-CPLuật 60/2014/QH1360/2014/QH13",
        );
        assert_eq!(
            got,
            vec![
                (
                    "123/2015/NĐ-CP".to_string(),
                    "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch".to_string()
                ),
                ("60/2014/QH13".to_string(), "Luật 60/2014/QH13".to_string()),
            ]
        );
    }

    #[test]
    fn a_number_written_as_prose_in_the_number_column() {
        let got = numbers(
            "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư phápThông tư số 03/2023/TT-BTPThông tư sửa đổi85/2019/TT-BTC",
        );
        assert_eq!(got[0].0, "03/2023/TT-BTP");
        assert_eq!(
            got[0].1,
            "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp"
        );
        assert_eq!(
            got[1],
            ("85/2019/TT-BTC".to_string(), "Thông tư sửa đổi".to_string())
        );
    }

    #[test]
    fn numbers_inside_titles_and_repeated_numbers() {
        let got = numbers(
            "Nghị định 143/2018/NĐ-CP143/2018/NĐ-CPNghị định 166/2016/NĐ-CP-Quy định về giao dịch điện tử166/2016/NĐ-CP Nghị định quy định về Cơ sở dữ liệu87/2020/NĐ-CP",
        );
        let nums: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(nums, ["143/2018/NĐ-CP", "166/2016/NĐ-CP", "87/2020/NĐ-CP"]);
        assert_eq!(got[0].1, "Nghị định 143/2018/NĐ-CP");
        assert_eq!(
            got[1].1,
            "Nghị định 166/2016/NĐ-CP-Quy định về giao dịch điện tử"
        );
    }

    #[test]
    fn dotted_and_lettered_numbers_keep_their_form() {
        let got = numbers(
            "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ66.7/2025/NQ-CPThông tư 08.a/2010/TT-BTP08.a/2010/TT-BTPThông tư 09b/2013/TT-BTP09b/2013/TT-BTPChứng thực.07/2025/NĐ-CPquy định mức thu18/2026/NĐ-CP",
        );
        let nums: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            nums,
            [
                "66.7/2025/NQ-CP",
                "08.a/2010/TT-BTP",
                "09b/2013/TT-BTP",
                "07/2025/NĐ-CP",
                "18/2026/NĐ-CP"
            ]
        );
        assert_eq!(got[3].1, "Chứng thực.");
    }

    #[test]
    fn numbers_without_a_year_and_years_glued_to_numbers() {
        let got = numbers(
            "Công bố thủ tục hành chính của Bộ Tư phápQuyết định số 2338/QĐ-BTPVề việc trợ cấp613/QĐ-TTgLuật Cư trú 202068/2020/QH14",
        );
        let nums: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(nums, ["2338/QĐ-BTP", "613/QĐ-TTg", "68/2020/QH14"]);
        assert_eq!(got[0].1, "Công bố thủ tục hành chính của Bộ Tư pháp");
        assert_eq!(got[2].1, "Luật Cư trú 2020");
    }

    #[test]
    fn an_upper_case_title_glued_to_a_number_does_not_lengthen_it() {
        let got =
            numbers("Thông tư 01/2016/TT-BLĐTBXH01/2016/TT-BLĐTBXHBAN HÀNH QUY TRÌNH2222/QĐ-BHXH");
        assert_eq!(got[0].0, "01/2016/TT-BLĐTBXH");
        assert_eq!(got[1].1, "BAN HÀNH QUY TRÌNH");
    }

    #[test]
    fn suffix_ends_are_found_before_glued_titles() {
        let got = numbers("Luật Căn cước17/2024/TT-BCAThông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an53/2025/TT-BCANghị định104/2022/NĐ-CPTHÔNG TƯ HƯỚNG DẪN10/2020/TT-BTP");
        let nums: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            nums,
            [
                "17/2024/TT-BCA",
                "53/2025/TT-BCA",
                "104/2022/NĐ-CP",
                "10/2020/TT-BTP"
            ]
        );
        assert_eq!(
            got[1].1,
            "Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an"
        );
        assert_eq!(got[3].1, "THÔNG TƯ HƯỚNG DẪN");
    }

    #[test]
    fn a_dropped_p_of_nd_cp_is_restored() {
        let got = numbers("Cơ chế một cửa118/2025/NĐ-CQuy định về phân định169/2025/NĐ-CP");
        assert_eq!(got[0].0, "118/2025/NĐ-CP");
        assert_eq!(got[1].1, "Quy định về phân định");
    }

    #[test]
    fn a_spaced_suffix_in_the_title_does_not_shorten_the_number() {
        let got =
            numbers("Thông tư số 11/2020/TT- BTP ngày 31/12/2020 của Bộ trưởng11/2020/TT-BTP");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "11/2020/TT-BTP");
        let (refs, warnings) = parse("Nghị định số 46/2020/NĐ-CP46/2020");
        assert_eq!((refs.len(), warnings.len()), (1, 0));
    }

    #[test]
    fn duplicates_are_dropped_and_placeholders_are_empty() {
        assert_eq!(numbers("Luật X60/2014/QH13Luật Y60/2014/QH13").len(), 1);
        assert!(numbers("Không có thông tin").is_empty());
    }
}
