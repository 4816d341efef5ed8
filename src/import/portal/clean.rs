//! Text repair shared by the portal parsers: invisible characters, whitespace,
//! bullets and the "Không có thông tin" placeholder.
//!
//! Everything here works on strings that are already NFC (the record is
//! normalized once when it is read). Nothing here rewrites words.

/// Characters the crawl left in the text that carry no meaning: bidi marks,
/// zero-width characters, soft hyphens and private-use glyphs (Word's
/// Wingdings bullets such as U+F0FC, U+F0A7).
fn is_junk(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{E000}'..='\u{F8FF}')
}

/// Spaces of every kind (tab, no-break space, em space…) become one ASCII space.
fn is_space_like(c: char) -> bool {
    c != '\n' && c != '\r' && c.is_whitespace()
}

fn filter_chars(s: &str) -> String {
    s.chars()
        .filter(|c| !is_junk(*c))
        .map(|c| if is_space_like(c) { ' ' } else { c })
        .collect()
}

/// A single-line field: junk removed, whitespace runs squashed, trimmed.
pub(super) fn line(s: &str) -> String {
    crate::text::squash_ws(&filter_chars(s))
}

/// A multi-line field: junk removed, each line squashed, empty lines dropped,
/// line structure kept.
pub(super) fn multiline(s: &str) -> String {
    filter_chars(s)
        .lines()
        .map(crate::text::squash_ws)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The portal's placeholder for an empty cell, and its variants.
pub(super) fn is_placeholder(s: &str) -> bool {
    let t = s
        .trim()
        .trim_end_matches(['.', ';', ':'])
        .trim()
        .to_lowercase();
    matches!(
        t.as_str(),
        "" | "không có thông tin" | "không" | "không có" | "không quy định" | "chưa có thông tin"
    )
}

/// `s` unless it is the placeholder, in which case the empty string.
pub(super) fn unless_placeholder(s: String) -> String {
    if is_placeholder(&s) {
        String::new()
    } else {
        s
    }
}

/// Remove a leading list marker: `- `, `+ `, `++ `, `* `, `• `, `a) `, `1. `,
/// `1) `, `(i) `, `(1) `, `1.2.3. `. Repeated markers (`- a) `) are all removed.
pub(super) fn strip_bullet(s: &str) -> &str {
    let mut t = s.trim_start();
    loop {
        let before = t;
        t = t
            .trim_start_matches(['-', '+', '*', '•', '–', '·'])
            .trim_start();
        if let Some(rest) = strip_enumerator(t) {
            t = rest.trim_start();
        }
        if t.len() == before.len() {
            return t;
        }
    }
}

/// `a) `, `đ) `, `1. `, `1) `, `(i) `, `(1) `, `1.2. ` at the start of `s`
/// (followed by a space or the end): the rest of `s`, or `None`.
fn strip_enumerator(s: &str) -> Option<&str> {
    fn is_enum(inner: &str) -> bool {
        let roman =
            !inner.is_empty() && inner.len() <= 4 && inner.chars().all(|c| "ivxIVX".contains(c));
        let letter = inner.chars().count() == 1 && inner.chars().all(char::is_lowercase);
        roman || letter || is_number(inner)
    }
    fn is_number(inner: &str) -> bool {
        let inner = inner.trim_end_matches('.');
        !inner.is_empty()
            && inner.len() <= 8
            && inner
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    }
    let (inner, rest) = if let Some(r) = s.strip_prefix('(') {
        let close = r.find(')')?;
        (&r[..close], &r[close + 1..])
    } else {
        let end = s.find(' ').unwrap_or(s.len());
        let (token, rest) = s.split_at(end);
        if let Some(inner) = token.strip_suffix(')') {
            (inner, rest)
        } else if token.ends_with('.') && is_number(token) {
            (token, rest)
        } else {
            return None;
        }
    };
    (is_enum(inner) && (rest.is_empty() || rest.starts_with(' '))).then_some(rest)
}

/// Upper-case the first letter ("trường hợp …" → "Trường hợp …").
pub(super) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Trim spaces and the punctuation that dangles when a cell is cut out of a
/// sentence (`;`, `,`, `:`), keeping a final `.` or `)`.
pub(super) fn trim_cell(s: &str) -> &str {
    s.trim().trim_end_matches([';', ',', ':']).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_and_odd_spaces_are_removed() {
        assert_eq!(line("đăng k\u{200E}ý\u{00A0}hộ\ttịch  "), "đăng ký hộ tịch");
        assert_eq!(line("\u{F0FC} Giấy tờ"), "Giấy tờ");
    }

    #[test]
    fn multiline_keeps_lines_but_squashes_inside_them() {
        assert_eq!(multiline("a  b \n\n  c\td\n"), "a b\nc d");
    }

    #[test]
    fn bullets_and_enumerators_are_stripped() {
        assert_eq!(strip_bullet("- Giấy chứng sinh"), "Giấy chứng sinh");
        assert_eq!(strip_bullet("+ Văn bản"), "Văn bản");
        assert_eq!(strip_bullet("a) Tờ khai"), "Tờ khai");
        assert_eq!(strip_bullet("(ii) Đơn"), "Đơn");
        assert_eq!(strip_bullet("1. Đơn đề nghị"), "Đơn đề nghị");
        assert_eq!(strip_bullet("2.3.1. Thành phần"), "Thành phần");
        assert_eq!(strip_bullet("- a) Đơn"), "Đơn");
        assert_eq!(strip_bullet("02 ảnh 3x4"), "02 ảnh 3x4");
        assert_eq!(strip_bullet("Bản sao"), "Bản sao");
    }

    #[test]
    fn placeholders_are_recognized() {
        assert!(is_placeholder("Không có thông tin"));
        assert!(is_placeholder(" Không. "));
        assert!(!is_placeholder("Không phải trả kết quả"));
    }
}
