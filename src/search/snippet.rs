//! Snippets: a window of an article's text around the best-matching query
//! terms, with the matched words as byte ranges. No HTML: the client escapes
//! the text and wraps the ranges itself.
//!
//! Matching is on accent-folded terms, so an unaccented query still
//! highlights accented words. Windows are at most [`SNIPPET_CHARS`]
//! characters (plus "…" marks where the text is cut), cut at character
//! boundaries and, where a space is near, at word boundaries. Highlights are
//! whole words (analyzer tokens).

use std::collections::HashSet;

use serde::Serialize;

use crate::analysis::{for_each_token, Analyzer};
use crate::text::nfc;

/// Maximum characters of a snippet's text, not counting the "…" marks.
pub const SNIPPET_CHARS: usize = 300;
const ELLIPSIS: &str = "…";
/// How far (in characters) a cut may move to land on a space.
const SNAP_CHARS: usize = 24;
/// Matches considered when choosing a window (bounds work on huge texts).
const MAX_MATCHES: usize = 2_000;
/// Bytes of a text analysed for a snippet: the whole of nearly every
/// article, a region of the few huge ones (an annex imported as one article
/// can run to 150 KB, whose analysis took ~20 ms a snippet). The region is
/// around the cited clause or the best-matching passage when known, else
/// the start.
const ANALYZED_BYTES: usize = 8_192;

/// A passage of text with highlighted words.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges into `text`, ascending, non-overlapping, on whole words.
    pub highlights: Vec<(usize, usize)>,
}

struct Match {
    from: usize,
    to: usize,
    term: usize,
}

/// Char index ↔ byte offset of an NFC string.
struct Chars {
    starts: Vec<usize>,
    len: usize,
}

impl Chars {
    fn new(text: &str) -> Chars {
        Chars {
            starts: text.char_indices().map(|(b, _)| b).collect(),
            len: text.len(),
        }
    }
    fn count(&self) -> usize {
        self.starts.len()
    }
    fn char_at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }
    fn byte_at(&self, ch: usize) -> usize {
        self.starts.get(ch).copied().unwrap_or(self.len)
    }
}

/// The byte range of `text` analysed for a snippet near byte `near`:
/// [`ANALYZED_BYTES`] from a quarter of it before `near`, on character
/// boundaries; all of a shorter text.
fn region(text: &str, near: usize) -> (usize, usize) {
    if text.len() <= ANALYZED_BYTES {
        return (0, text.len());
    }
    let mut from = near
        .min(text.len())
        .saturating_sub(ANALYZED_BYTES / 4)
        .min(text.len() - ANALYZED_BYTES);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = from + ANALYZED_BYTES;
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    (from, to)
}

/// Matches of `terms` in `text[from..to]`, as byte ranges of `text`.
fn matches(
    text: &str,
    (from, to): (usize, usize),
    terms: &HashSet<String>,
) -> (Vec<Match>, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for_each_token(Analyzer::ViFolded, &text[from..to], |t| {
        if out.len() >= MAX_MATCHES {
            return false;
        }
        if terms.contains(&t.text) {
            let term = match names.iter().position(|n| *n == t.text) {
                Some(i) => i,
                None => {
                    names.push(t.text.clone());
                    names.len() - 1
                }
            };
            out.push(Match {
                from: from + t.offset_from,
                to: from + t.offset_to,
                term,
            });
        }
        true
    });
    (out, names)
}

/// The best window of `text` for the folded query `terms`.
pub fn snippet(text: &str, terms: &HashSet<String>) -> Snippet {
    snippet_with(text, terms, None, 0, SNIPPET_CHARS)
}

/// [`snippet`], knowing that the best passage of `text` starts at byte
/// `near` of its NFC form (a huge text is searched for the window only
/// around it).
pub fn snippet_near(text: &str, near: usize, terms: &HashSet<String>) -> Snippet {
    snippet_with(text, terms, None, near, SNIPPET_CHARS)
}

/// A window of `text` starting at the line that begins at byte `focus` of
/// the NFC text (a clause), highlighting `terms`.
pub fn snippet_at(text: &str, focus: usize, terms: &HashSet<String>) -> Snippet {
    snippet_with(text, terms, Some(focus), focus, SNIPPET_CHARS)
}

/// Byte offset (in the NFC text) of the line starting clause `clause`
/// ("2. …"), if any.
pub fn clause_offset(text: &str, clause: &str) -> Option<usize> {
    let text = nfc(text);
    let prefix = format!("{clause}.");
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(&prefix) {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

fn snippet_with(
    text: &str,
    terms: &HashSet<String>,
    focus: Option<usize>,
    near: usize,
    max: usize,
) -> Snippet {
    let text = nfc(text);
    let chars = Chars::new(&text);
    let total = chars.count();
    let (found, _) = matches(&text, region(&text, near), terms);

    let (mut start, mut end) = match focus {
        Some(byte) => {
            let s = chars.char_at(byte.min(text.len()));
            (s, (s + max).min(total))
        }
        None => best_window(&found, &chars, total, max),
    };
    // Snap to word boundaries without losing a match at the edges.
    let first_match = found
        .iter()
        .map(|m| chars.char_at(m.from))
        .find(|&c| c >= start && c < end);
    // A focused window already starts at a line start.
    if start > 0 && focus.is_none() {
        let limit = first_match.unwrap_or(end).min(start + SNAP_CHARS);
        if let Some(space) = (start..limit).find(|&c| is_space_at(&text, &chars, c)) {
            start = space + 1;
        }
    }
    if end < total {
        let last_match_end = found
            .iter()
            .filter(|m| chars.char_at(m.from) >= start && chars.char_at(m.to) <= end)
            .map(|m| chars.char_at(m.to))
            .max()
            .unwrap_or(start);
        let floor = last_match_end.max(end.saturating_sub(SNAP_CHARS));
        if let Some(space) = (floor..end).rev().find(|&c| is_space_at(&text, &chars, c)) {
            end = space;
        }
    }
    let mut from = chars.byte_at(start);
    let mut to = chars.byte_at(end);
    // Trim whitespace at the cut edges (byte-wise on ASCII spaces only: safe).
    while from < to && text.as_bytes()[from].is_ascii_whitespace() {
        from += 1;
    }
    while to > from && text.as_bytes()[to - 1].is_ascii_whitespace() {
        to -= 1;
    }

    let mut out = String::with_capacity(to - from + 2 * ELLIPSIS.len());
    if from > 0 {
        out.push_str(ELLIPSIS);
    }
    let shift = out.len();
    out.push_str(&text[from..to]);
    if to < text.len() {
        out.push_str(ELLIPSIS);
    }
    let highlights = found
        .iter()
        .filter(|m| m.from >= from && m.to <= to)
        .map(|m| (m.from - from + shift, m.to - from + shift))
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

fn is_space_at(text: &str, chars: &Chars, c: usize) -> bool {
    let b = chars.byte_at(c);
    text[b..].chars().next().is_some_and(char::is_whitespace)
}

/// The window of at most `max` chars holding the most distinct terms (then
/// the most matches), padded with context: a third before, the rest after.
fn best_window(found: &[Match], chars: &Chars, total: usize, max: usize) -> (usize, usize) {
    if found.is_empty() || total <= max {
        return (0, total.min(max));
    }
    let mut best = (0usize, 0usize, 0usize, 0usize); // (distinct, count, i, j)
    let mut j = 0;
    for i in 0..found.len() {
        let start = chars.char_at(found[i].from);
        j = j.max(i);
        while j + 1 < found.len() && chars.char_at(found[j + 1].to) - start <= max {
            j += 1;
        }
        let mut seen: Vec<usize> = found[i..=j].iter().map(|m| m.term).collect();
        seen.sort_unstable();
        seen.dedup();
        let key = (seen.len(), j - i + 1);
        if key > (best.0, best.1) {
            best = (key.0, key.1, i, j);
        }
    }
    let (_, _, i, j) = best;
    let ws = chars.char_at(found[i].from);
    let we = chars.char_at(found[j].to).max(ws);
    let slack = max.saturating_sub(we - ws);
    let mut start = ws.saturating_sub(slack / 3);
    let mut end = (start + max).min(total);
    if end == total {
        start = total.saturating_sub(max);
    }
    if end < we {
        end = we.min(total);
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> HashSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn short_text_is_whole_and_highlights_are_words() {
        let s = snippet("Thủ tục đăng ký khai sinh", &terms(&["khai", "sinh"]));
        assert_eq!(s.text, "Thủ tục đăng ký khai sinh");
        let words: Vec<&str> = s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect();
        assert_eq!(words, ["khai", "sinh"]);
    }

    #[test]
    fn unaccented_terms_highlight_accented_words() {
        let s = snippet("Giấy chứng nhận kết hôn", &terms(&["ket", "hon"]));
        let words: Vec<&str> = s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect();
        assert_eq!(words, ["kết", "hôn"]);
    }

    #[test]
    fn a_huge_text_is_searched_for_its_window_around_the_best_passage() {
        // An annex imported as one article: 150 KB of text.
        let head = "Phụ lục biểu mẫu số liệu thống kê. ".repeat(2_500);
        let text = format!(
            "{head}5. Hồ sơ đăng ký khai sinh gồm tờ khai. {}",
            "dolor sit ".repeat(500)
        );
        assert!(text.len() > 100_000);
        let near = text.find("5. Hồ sơ").unwrap();
        let s = snippet_near(&text, near, &terms(&["khai", "sinh"]));
        assert!(s.text.contains("đăng ký khai sinh"), "{}", s.text);
        let words: Vec<&str> = s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect();
        assert_eq!(words, ["khai", "sinh", "khai"]); // "tờ khai" too
        assert!(s.text.starts_with(ELLIPSIS) && s.text.ends_with(ELLIPSIS));
        // Without a hint, only its start is searched: a window from there.
        let s = snippet(&text, &terms(&["khai", "sinh"]));
        assert!(
            s.highlights.is_empty() && s.text.starts_with("Phụ lục"),
            "{}",
            s.text
        );
        // A hint on a short text changes nothing.
        let short = "Thủ tục đăng ký khai sinh";
        assert_eq!(
            snippet_near(short, 17, &terms(&["khai"])),
            snippet(short, &terms(&["khai"]))
        );
    }

    #[test]
    fn the_analysed_region_stays_on_character_boundaries() {
        let text = "ỗ".repeat(10_000); // 3 bytes a character
        for near in [0, 1, 2, 4_097, 15_000, 29_999, 30_000, 99_999] {
            let (from, to) = region(&text, near);
            assert!(
                text.is_char_boundary(from) && text.is_char_boundary(to),
                "{near}"
            );
            assert!(
                to - from <= ANALYZED_BYTES && to - from > ANALYZED_BYTES - 3,
                "{near}"
            );
        }
        assert_eq!(region("ngắn", 3), (0, "ngắn".len()));
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let text = format!(
            "{} khai sinh {}",
            "lorem ipsum ".repeat(100),
            "dolor sit ".repeat(100)
        );
        let s = snippet(&text, &terms(&["khai", "sinh"]));
        assert!(s.text.starts_with(ELLIPSIS) && s.text.ends_with(ELLIPSIS));
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 2);
        let words: Vec<&str> = s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect();
        assert_eq!(words, ["khai", "sinh"]);
    }

    #[test]
    fn clause_lines_are_found() {
        let text = "1. Một.\n2. Hai khai sinh.\n3. Ba.";
        let at = clause_offset(text, "2").expect("clause 2");
        let s = snippet_at(text, at, &terms(&["khai"]));
        assert!(s.text.starts_with(ELLIPSIS));
        assert!(s.text.contains("2. Hai khai sinh."));
    }
}
