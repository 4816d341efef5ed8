//! Small hand-written scanners over raw source text, shared by the law and
//! Pháp điển importers: line cleanup, case-insensitive prefixes and
//! Vietnamese dates ("ngày 20 tháng 11 năm 2014", "ngày 01/01/2016").
//!
//! No regex: the patterns are few and fixed, and spelling them out keeps the
//! accepted forms visible.

/// Clean one line of source text (already NFC): the look-alike `Ð` (U+00D0,
/// used by some sources for `Đ`) becomes `Đ`, no-break spaces become spaces,
/// invisible characters (soft hyphen, zero-width, direction marks, BOM) go,
/// and whitespace is squashed. One pass, one allocation: it runs on every
/// line of every source.
pub(crate) fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{d0}' => 'Đ',
            '\u{f0}' => 'đ',
            '\u{ad}'
            | '\u{200b}'..='\u{200d}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2060}'
            | '\u{feff}' => continue,
            c if c.is_whitespace() => {
                space = !out.is_empty();
                continue;
            }
            c => c,
        };
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// `s` in NFC, without copying when it already is (most sources are).
pub(crate) fn to_nfc(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(crate::text::nfc(s)),
    }
}

/// `s` without a case-insensitive `prefix` (given in lower case), or `None`.
pub(crate) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = s.char_indices();
    for p in prefix.chars() {
        let (_, c) = rest.next()?;
        if !c.to_lowercase().eq(std::iter::once(p)) {
            return None;
        }
    }
    Some(rest.next().map_or("", |(i, _)| &s[i..]))
}

/// True when `s` has letters and none of them is lower case.
pub(crate) fn is_upper_text(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// An ISO date from day, month and year, if they make sense.
pub(crate) fn iso_date(day: u32, month: u32, year: u32) -> Option<String> {
    ((1..=31).contains(&day) && (1..=12).contains(&month) && (1900..=2100).contains(&year))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The date at the start of `s` (the text right after "ngày"): `20 tháng 11
/// năm 2014`, `01/01/2016` or `20-5-1957`.
pub(crate) fn date_at(s: &str) -> Option<String> {
    let s = s.trim_start();
    let (day, rest) = leading_number(s)?;
    if let Some(rest) = rest.strip_prefix(['/', '-', '.']) {
        let (month, rest) = leading_number(rest)?;
        let rest = rest.strip_prefix(['/', '-', '.'])?;
        let (year, after) = leading_number(rest)?;
        return (rest.len() - after.len() == 4)
            .then(|| iso_date(day, month, year))
            .flatten();
    }
    let rest = strip_prefix_ci(rest.trim_start(), "tháng")?;
    let (month, rest) = leading_number(rest.trim_start())?;
    let rest = strip_prefix_ci(rest.trim_start(), "năm")?;
    let rest = rest.trim_start();
    let (year, after) = leading_number(rest)?;
    (rest.len() - after.len() == 4)
        .then(|| iso_date(day, month, year))
        .flatten()
}

fn leading_number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 4 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// The first date that follows `marker` (lower case, matched case-insensitively)
/// somewhere in `hay`.
pub(crate) fn find_date_after(hay: &str, marker: &str) -> Option<String> {
    let lower = hay.to_lowercase();
    lower
        .match_indices(marker)
        .find_map(|(i, m)| date_at(&lower[i + m.len()..]))
}

/// Decode the HTML character references that leak into Markdown exports
/// (`&#160;`, `&amp;`…). Unknown ones are kept as written.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name.strip_prefix('#').and_then(|num| {
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Replace whole-word occurrences of `from` (lower case) in `s` by `to`.
pub(crate) fn replace_words(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (i, _) in s.match_indices(from) {
        if i < last {
            continue;
        }
        let end = i + from.len();
        let before_ok = !s[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let after_ok = !s[end..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            out.push_str(&s[last..i]);
            out.push_str(to);
            last = end;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// `s` with its first letter upper-cased.
pub(crate) fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `s` with its first letter lower-cased when it starts an ordinary word
/// ("Quy định" → "quy định"; "UBND" stays).
pub(crate) fn lowercase_first_word(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(c), Some(next)) if c.is_uppercase() && next.is_lowercase() => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words_and_digits() {
        assert_eq!(
            date_at(" 20 tháng 11 năm 2014").as_deref(),
            Some("2014-11-20")
        );
        assert_eq!(
            date_at("03 tháng 12 năm 2004,").as_deref(),
            Some("2004-12-03")
        );
        assert_eq!(date_at("01/01/2016 )").as_deref(), Some("2016-01-01"));
        assert_eq!(date_at("20-5-1957 QUY").as_deref(), Some("1957-05-20"));
        assert_eq!(date_at("17 tháng 10 đến"), None);
        assert_eq!(date_at("32/01/2016"), None);
        assert_eq!(
            find_date_after("Hà Nội, Ngày 26 tháng 11 năm 2019", "ngày").as_deref(),
            Some("2019-11-26")
        );
        assert_eq!(
            find_date_after(
                "(Từ ngày 17 tháng 10 đến ngày 29 tháng 11 năm 2006)",
                "ngày"
            )
            .as_deref(),
            Some("2006-11-29")
        );
    }

    #[test]
    fn lines_lose_lookalikes_and_invisibles() {
        assert_eq!(
            clean_line("Ðiều 317.\u{a0} Tội\u{ad}  x"),
            "Điều 317. Tội x"
        );
    }

    #[test]
    fn prefixes_ignore_case() {
        assert_eq!(strip_prefix_ci("CHƯƠNG I", "chương"), Some(" I"));
        assert_eq!(strip_prefix_ci("Chương", "chương"), Some(""));
        assert_eq!(strip_prefix_ci("Chư", "chương"), None);
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("Điều 2. &#160;Thẩm quyền &amp; x"),
            "Điều 2. \u{a0}Thẩm quyền & x"
        );
        assert_eq!(decode_entities("a & b &unknown; c"), "a & b &unknown; c");
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(
            replace_words("người việt nam", "việt nam", "Việt Nam"),
            "người Việt Nam"
        );
        assert_eq!(
            replace_words("xviệt nam", "việt nam", "Việt Nam"),
            "xviệt nam"
        );
    }
}
