//! One Pháp điển topic file (`phapdien/van-ban/<field>/<topic>.md`):
//!
//! ```text
//! ---                                   YAML front matter, then a metadata table
//! ## VĂN BẢN
//! # Hộ tịch
//! Chương I                              the topic's own structure (dropped)
//! NHỮNG QUY ĐỊNH CHUNG
//! Điều 15.3.LQ.1. Phạm vi điều chỉnh    Pháp điển heading
//! (Điều 1 Luật số 60/2014/QH13 …)       source line: the original article
//! 1. Luật này quy định …                body
//! (Điều này có nội dung liên quan …)    cross-reference (kept in the note)
//! ## Danh sách điều khoản               table of contents: headings only
//! ### 1500300000000000100000100000000000000000
//! Điều 15.3.LQ.1. Phạm vi điều chỉnh
//! ```
//!
//! An article is a source line and the body after it. The Pháp điển code is
//! not a reliable key (one code prefix can cover several documents), so the
//! source line is the truth. Some source lines have no heading above them:
//! their title is recovered from the table of contents, matching the article
//! number and a code prefix already seen for that document. Headings without
//! a source line or without a body carry no text and are counted, not kept.

use std::collections::{BTreeSet, HashMap};

use super::source_line::{parse_source_line, SourceLine};
use crate::import::laws::scan::{clean_line, decode_entities, to_nfc};

/// An original article found in a topic.
#[derive(Debug, Clone)]
pub(crate) struct Extracted {
    pub source: SourceLine,
    /// The source line as printed, and the cross-reference lines after the
    /// body: the article's provenance note.
    pub note: Vec<String>,
    pub title: String,
    pub text: String,
}

/// What a topic gives.
#[derive(Debug, Default)]
pub(crate) struct Topic {
    pub articles: Vec<Extracted>,
    /// Distinct Pháp điển headings (body or table of contents) that carry no
    /// text in this export.
    pub headings_without_text: usize,
    pub warnings: Vec<String>,
}

/// A Pháp điển heading: code prefix ("15.3.NĐ.1"), last part ("1"), title.
#[derive(Debug, Clone)]
struct Heading {
    prefix: String,
    last: String,
    title: String,
}

impl Heading {
    fn code(&self) -> String {
        format!("{}.{}", self.prefix, self.last)
    }
}

/// `Điều 15.3.NĐ.1.1. Phạm vi điều chỉnh` → heading. Original-style headings
/// ("Điều 5. …", quoted in bodies) have too few parts to match.
fn pd_heading(line: &str) -> Option<Heading> {
    let rest = line.strip_prefix("Điều ")?;
    let (code, title) = rest.split_once(' ').unwrap_or((rest, ""));
    let code = code.strip_suffix('.')?;
    let parts: Vec<&str> = code.split('.').collect();
    let well_formed = parts.len() >= 4
        && parts[0].chars().all(|c| c.is_ascii_digit())
        && parts[2].chars().all(char::is_uppercase)
        && parts.iter().all(|p| !p.is_empty());
    if !well_formed {
        return None;
    }
    let (last, prefix) = parts.split_last()?;
    Some(Heading {
        prefix: prefix.join("."),
        last: last.to_string(),
        title: title.trim().to_string(),
    })
}

/// Some tables of contents run the article's first paragraph into the
/// heading ("Điều 15.1.NĐ.4. Thẩm quyền … từ sổ gốc 1. Cơ quan, tổ chức …"):
/// cut the title where the article's text begins.
fn toc_title(toc: &str, first_paragraph: &str) -> String {
    let probe: String = first_paragraph.chars().take(40).collect();
    let cut = (!probe.is_empty())
        .then(|| {
            toc.match_indices(probe.as_str())
                .map(|(i, _)| i)
                .find(|&i| i > 0)
        })
        .flatten()
        .or_else(|| toc.find(" 1. "));
    match cut {
        Some(i) => toc[..i].trim().to_string(),
        None => toc.to_string(),
    }
}

/// `Chương II`, `Mục 1`: the topic's own structure.
fn is_topic_structure(line: &str) -> bool {
    let mut words = line.split(' ');
    let kind = words.next();
    let numeral = words.next();
    words.next().is_none()
        && matches!(kind, Some("Chương" | "Mục" | "Phần"))
        && numeral.is_some_and(|n| {
            n.chars().all(|c| c.is_ascii_digit()) || n.chars().all(|c| "IVXLC".contains(c))
        })
}

/// Most lines in parentheses are whole, but a few source and cross-reference
/// lines run over two lines (even across a blank line), with the next
/// paragraph glued after the closing parenthesis:
///
/// ```text
/// (Điều 7 Thông tư số 39/2014/TT-BGTVT Quy định công tác tiếp công dân, giải quyết khiếu nại,
/// giải quyết tố cáo … có hiệu lực thi hành kể từ ngày 01/11/2014 )1. Người tiếp công dân …
/// ```
///
/// Join such a line with the lines after it up to its closing parenthesis,
/// and put what follows the parenthesis on a line of its own.
fn join_parenthesized(lines: &[String]) -> Vec<String> {
    /// Up to how many lines a parenthesis may span.
    const MAX_SPAN: usize = 6;
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let opens = ["(Điều ", "(Chương này", "(Mục này"]
            .iter()
            .any(|p| line.starts_with(p));
        if !opens {
            out.push(line.clone());
            i += 1;
            continue;
        }
        let mut joined = line.clone();
        let mut end = i;
        while closing_paren(&joined).is_none() && end + 1 < lines.len() && end - i < MAX_SPAN {
            end += 1;
            if !lines[end].is_empty() {
                joined.push(' ');
                joined.push_str(&lines[end]);
            }
        }
        match closing_paren(&joined) {
            Some(close) => {
                let rest = joined[close + 1..].trim();
                out.push(joined[..=close].to_string());
                if !rest.is_empty() {
                    out.push(rest.to_string());
                }
                i = end + 1;
            }
            None => {
                out.push(line.clone());
                i += 1;
            }
        }
    }
    out
}

/// Byte index of the parenthesis that closes the one opening `s`.
fn closing_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Body text without Markdown emphasis (`**…**`, `*…*`).
fn body_line(line: &str) -> String {
    crate::text::squash_ws(&line.replace('*', ""))
}

struct Building {
    source: SourceLine,
    note: Vec<String>,
    heading: Option<Heading>,
    text: Vec<String>,
}

pub(crate) fn parse_topic(rel_path: &str, text: &str) -> Topic {
    let text = to_nfc(text);
    let lines: Vec<String> = text
        .lines()
        .map(|l| clean_line(&decode_entities(l)))
        .collect();
    let lines = join_parenthesized(&lines);
    let toc_start = lines
        .iter()
        .position(|l| l == "## Danh sách điều khoản")
        .unwrap_or(lines.len());
    let body_start = lines[..toc_start]
        .iter()
        .position(|l| l == "## VĂN BẢN")
        .map_or(0, |i| i + 1);
    let toc: Vec<Heading> = lines[toc_start..]
        .iter()
        .filter_map(|l| pd_heading(l))
        .collect();

    let mut all_codes: BTreeSet<String> = toc.iter().map(Heading::code).collect();
    let mut built: Vec<Building> = Vec::new();
    let mut pending: Option<Heading> = None;
    let mut current: Option<Building> = None;
    let mut in_structure = false;
    for line in &lines[body_start..toc_start] {
        if line.is_empty() {
            continue;
        }
        if let Some(h) = pd_heading(line) {
            built.extend(current.take());
            all_codes.insert(h.code());
            pending = Some(h);
            in_structure = false;
            continue;
        }
        if line.starts_with("(Điều ") && !line.starts_with("(Điều này") {
            if let Some(source) = parse_source_line(line) {
                built.extend(current.take());
                current = Some(Building {
                    source,
                    note: vec![line.clone()],
                    heading: pending.take(),
                    text: Vec::new(),
                });
                in_structure = false;
                continue;
            }
        }
        if line.starts_with("(Điều này") {
            if let Some(b) = current.as_mut() {
                b.note.push(line.clone());
            }
            continue;
        }
        if line.starts_with("(Chương này") || line.starts_with("(Mục này") {
            continue;
        }
        if line.starts_with('#')
            || line.starts_with('|')
            || line == "---"
            || is_topic_structure(line)
        {
            built.extend(current.take());
            pending = None;
            in_structure = true;
            continue;
        }
        if in_structure {
            continue; // the topic's chapter titles
        }
        // A heading followed by text but no source line: nothing to map it to.
        pending = None;
        if let Some(b) = current.as_mut() {
            let text = body_line(line);
            if !text.is_empty() {
                b.text.push(text);
            }
        }
    }
    built.extend(current.take());

    // Code prefixes seen with each document, to recover orphan titles.
    let mut prefixes: HashMap<String, BTreeSet<String>> = HashMap::new();
    for b in &built {
        if let Some(h) = &b.heading {
            prefixes
                .entry(h.prefix.clone())
                .or_default()
                .insert(b.source.number.clone());
        }
    }

    let mut topic = Topic::default();
    let mut codes_with_text: BTreeSet<String> = BTreeSet::new();
    for b in built {
        if b.text.is_empty() {
            continue;
        }
        let heading = b.heading.or_else(|| {
            let candidates: Vec<&Heading> = toc
                .iter()
                .filter(|h| {
                    h.last == b.source.article
                        && prefixes
                            .get(&h.prefix)
                            .is_some_and(|docs| docs.contains(&b.source.number))
                })
                .collect();
            match candidates.as_slice() {
                [one] => Some(Heading {
                    title: toc_title(&one.title, b.text.first().map_or("", String::as_str)),
                    ..(*one).clone()
                }),
                _ => {
                    topic.warnings.push(format!(
                        "{rel_path}: no heading for Điều {} of {} ({} candidates in the table of contents); left without a title",
                        b.source.article,
                        b.source.number,
                        candidates.len()
                    ));
                    None
                }
            }
        });
        let title = match heading {
            Some(h) => {
                codes_with_text.insert(h.code());
                h.title
            }
            None => String::new(),
        };
        topic.articles.push(Extracted {
            source: b.source,
            note: b.note,
            title,
            text: b.text.join("\n"),
        });
    }
    topic.headings_without_text = all_codes.difference(&codes_with_text).count();
    topic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_source_lines_are_joined() {
        let lines: Vec<String> = [
            "(Điều 7 Thông tư số 39/2014/TT-BGTVT Quy định (x) công tác,",
            "",
            "giải quyết ngày 12/09/2014, có hiệu lực thi hành kể từ ngày 01/11/2014 )1. Người tiếp",
            "2. Hai",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let joined = join_parenthesized(&lines);
        assert_eq!(
            joined,
            vec![
                "(Điều 7 Thông tư số 39/2014/TT-BGTVT Quy định (x) công tác, giải quyết ngày 12/09/2014, có hiệu lực thi hành kể từ ngày 01/11/2014 )",
                "1. Người tiếp",
                "2. Hai",
            ]
        );
    }

    #[test]
    fn toc_titles_lose_the_text_run_into_them() {
        assert_eq!(
            toc_title(
                "Thẩm quyền cấp bản sao 1. Cơ quan, tổ chức đang quản lý",
                "1. Cơ quan, tổ chức đang quản lý"
            ),
            "Thẩm quyền cấp bản sao"
        );
        assert_eq!(
            toc_title(
                "Thời hạn Thời hạn thực hiện yêu cầu",
                "Thời hạn thực hiện yêu cầu"
            ),
            "Thời hạn"
        );
        assert_eq!(
            toc_title("Phạm vi điều chỉnh", "Nghị định này"),
            "Phạm vi điều chỉnh"
        );
        assert_eq!(
            toc_title(
                "Thời hạn chứng thực Thời hạn chứng thực không quá",
                "Thời hạn chứng thực không quá"
            ),
            "Thời hạn chứng thực"
        );
    }

    #[test]
    fn headings_have_codes() {
        let h = pd_heading("Điều 15.3.NĐ.1.1. Phạm vi điều chỉnh").expect("heading");
        assert_eq!(h.prefix, "15.3.NĐ.1");
        assert_eq!(h.last, "1");
        assert_eq!(h.title, "Phạm vi điều chỉnh");
        assert_eq!(
            pd_heading("Điều 15.6.TL.1.1.").map(|h| h.title),
            Some(String::new())
        );
        assert!(pd_heading("Điều 5. Bảo vệ chế độ hôn nhân").is_none());
        assert!(pd_heading("Điều 15.5.TT.2.10a. Lập sổ").is_some());
    }

    #[test]
    fn articles_orphans_and_empty_headings() {
        let text = "---\ntitle: x\n---\n## VĂN BẢN\n# Hộ tịch\n\nChương I\n\nNHỮNG QUY ĐỊNH CHUNG\n\n\
Điều 15.1.NĐ.3. Giá trị pháp lý\n\n(Điều 3 Nghị định số 23/2015/NĐ-CP, có hiệu lực thi hành kể từ ngày 10/04/2015)\n\n 1. Bản sao **được** cấp.\n\n\
(Điều này có nội dung liên quan đến Điều 9.2.NĐ.22. Cấp bản sao)\n\n\
(Điều 4 Nghị định số 23/2015/NĐ-CP, có hiệu lực thi hành kể từ ngày 10/04/2015)\n\n1. Cơ quan&#160;cấp.\n\n\
Điều 15.1.NĐ.5. Không có nội dung\n\n### 123\n\n\
## Danh sách điều khoản\n\n### 1\n\nĐiều 15.1.NĐ.3. Giá trị pháp lý\n\n### 2\n\nĐiều 15.1.NĐ.4. Thẩm quyền cấp bản sao\n\n### 3\n\nĐiều 15.1.NĐ.5. Không có nội dung\n";
        let t = parse_topic("phapdien/x.md", text);
        assert_eq!(t.articles.len(), 2, "{:?}", t.warnings);
        let a = &t.articles[0];
        assert_eq!(a.source.article, "3");
        assert_eq!(a.title, "Giá trị pháp lý");
        assert_eq!(a.text, "1. Bản sao được cấp.");
        assert_eq!(a.note.len(), 2);
        let b = &t.articles[1];
        assert_eq!(b.source.article, "4");
        assert_eq!(b.title, "Thẩm quyền cấp bản sao");
        assert_eq!(b.text, "1. Cơ quan cấp.");
        assert_eq!(t.headings_without_text, 1);
        assert!(t.warnings.is_empty());
    }
}
