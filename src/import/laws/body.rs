//! The body of a law text: parts, chapters, sections and articles, line by
//! line.
//!
//! ```text
//! Chương II                                  chapter; its title is the next line
//! ĐĂNG KÝ HỘ TỊCH TẠI ỦY BAN NHÂN DÂN CẤP XÃ
//! Mục 1. ĐĂNG KÝ KHAI SINH                   section, title on the same line
//! Điều 13. Thẩm quyền đăng ký khai sinh      article
//! 1. …                                       body
//! ```
//!
//! A line that starts with "Điều N" is only a heading when it reads like one
//! (`Điều N.`, `Điều N:` or `Điều N Title` with a capital) *and* its number is
//! past the previous article's: "Điều 11 của Luật này." and the reference
//! tables of Luật Quy hoạch ("Điều 8, Điều 9, khoản 3 Điều 49") stay text.
//! Parts (Phần) and sub-sections (Tiểu mục) are not in the model and are
//! dropped. The body ends at the closing formula "Luật này đã được Quốc hội
//! … thông qua …" (signatures and appendices follow it).

use super::scan::{is_upper_text, strip_prefix_ci};
use crate::corpus::Article;

/// Sort key of an article number: `3a` → `(3, "a")`.
pub(crate) type ArticleKey = (u32, String);

/// `"16"` → `(16, "")`, `"3a"` → `(3, "a")`; `None` without leading digits.
pub(crate) fn article_key(number: &str) -> Option<ArticleKey> {
    let end = number
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(number.len());
    Some((number[..end].parse().ok()?, number[end..].to_string()))
}

/// A structural line.
enum Line {
    Part {
        title_follows: bool,
    },
    Chapter {
        label: String,
        title_follows: bool,
    },
    Section {
        label: String,
        title_follows: bool,
    },
    SubSection {
        title_follows: bool,
    },
    Article {
        key: ArticleKey,
        number: String,
        title: String,
    },
}

/// What the next line is expected to be.
#[derive(PartialEq)]
enum Pending {
    Nothing,
    ChapterTitle,
    SectionTitle,
    /// The title of a part or sub-section: read and dropped.
    IgnoredTitle,
}

/// The articles of a law body, and the numbers the sequence skips.
pub(super) struct Body {
    pub articles: Vec<Article>,
    pub missing: Vec<u32>,
}

/// Index of the first structural line (where the header ends).
pub(super) fn body_start(lines: &[String]) -> Option<usize> {
    lines.iter().position(|l| classify(l, None).is_some())
}

pub(super) fn parse_body(lines: &[String]) -> Body {
    let mut chapter = String::new();
    let mut section = String::new();
    let mut pending = Pending::Nothing;
    let mut current: Option<Article> = None;
    let mut text: Vec<&str> = Vec::new();
    let mut articles: Vec<Article> = Vec::new();
    let mut missing: Vec<u32> = Vec::new();
    let mut last: Option<ArticleKey> = None;

    let mut flush = |current: &mut Option<Article>, text: &mut Vec<&str>| {
        if let Some(mut article) = current.take() {
            article.text = text.join("\n");
            articles.push(article);
        }
        text.clear();
    };

    for line in lines {
        let line = line.as_str();
        if !line.chars().any(char::is_alphanumeric) {
            continue; // "--------", "********"
        }
        if is_closing_formula(line) {
            break;
        }
        let structural = classify(line, last.as_ref());
        if pending != Pending::Nothing && structural.is_none() {
            match pending {
                Pending::ChapterTitle => chapter = format!("{chapter}. {line}"),
                Pending::SectionTitle => section = format!("{section}. {line}"),
                _ => {}
            }
            pending = Pending::Nothing;
            continue;
        }
        pending = Pending::Nothing;
        match structural {
            None => {
                if current.is_some() {
                    text.push(line);
                }
            }
            Some(Line::Part { title_follows }) => {
                flush(&mut current, &mut text);
                chapter.clear();
                section.clear();
                if title_follows {
                    pending = Pending::IgnoredTitle;
                }
            }
            Some(Line::Chapter {
                label,
                title_follows,
            }) => {
                flush(&mut current, &mut text);
                chapter = label;
                section.clear();
                if title_follows {
                    pending = Pending::ChapterTitle;
                }
            }
            Some(Line::Section {
                label,
                title_follows,
            }) => {
                flush(&mut current, &mut text);
                section = label;
                if title_follows {
                    pending = Pending::SectionTitle;
                }
            }
            Some(Line::SubSection { title_follows }) => {
                flush(&mut current, &mut text);
                if title_follows {
                    pending = Pending::IgnoredTitle;
                }
            }
            Some(Line::Article { key, number, title }) => {
                flush(&mut current, &mut text);
                let previous = last.as_ref().map_or(0, |k| k.0);
                missing.extend(previous + 1..key.0);
                last = Some(key);
                current = Some(Article {
                    number,
                    title,
                    chapter: chapter.clone(),
                    section: section.clone(),
                    ..Article::default()
                });
            }
        }
    }
    flush(&mut current, &mut text);
    Body { articles, missing }
}

/// "Luật này đã được Quốc hội … thông qua ngày …" (also "Bộ luật này…").
fn is_closing_formula(line: &str) -> bool {
    let rest = strip_prefix_ci(line, "bộ ").unwrap_or(line);
    let Some(rest) = strip_prefix_ci(rest, "luật này ") else {
        return false;
    };
    let rest = rest.strip_prefix("đã ").unwrap_or(rest);
    rest.starts_with("được Quốc hội")
}

fn classify(line: &str, last: Option<&ArticleKey>) -> Option<Line> {
    if let Some(article) = article_heading(line) {
        let (key, number, title) = article;
        return (last.is_none_or(|l| key > *l)).then_some(Line::Article { key, number, title });
    }
    if let Some((token, rest)) = numbered(line, "chương", false) {
        return Some(Line::Chapter {
            label: join_label("Chương", &token, &rest),
            title_follows: rest.is_empty(),
        });
    }
    if let Some((token, rest)) = numbered(line, "mục", true) {
        return Some(Line::Section {
            label: join_label("Mục", &token, &rest),
            title_follows: rest.is_empty(),
        });
    }
    if let Some((_, rest)) = numbered(line, "tiểu mục", false) {
        return Some(Line::SubSection {
            title_follows: rest.is_empty(),
        });
    }
    let rest = strip_prefix_ci(line, "phần thứ ")?;
    let mut words = rest.split_whitespace();
    words.next()?;
    let title: Vec<&str> = words.collect();
    let title = title.join(" ");
    (title.is_empty() || is_upper_text(&title)).then_some(Line::Part {
        title_follows: title.is_empty(),
    })
}

fn join_label(kind: &str, token: &str, title: &str) -> String {
    if title.is_empty() {
        format!("{kind} {token}")
    } else {
        format!("{kind} {token}. {title}")
    }
}

/// `Chương II`, `CHƯƠNG 1:`, `Mục 1. ĐĂNG KÝ KHAI SINH`, `Mục.2` → the numeral
/// and the title on the same line (maybe empty). A title without a `.`/`:`
/// before it must be upper case, so that "Mục 2 Chương này…" stays text.
fn numbered(line: &str, word: &str, dot_allowed: bool) -> Option<(String, String)> {
    let after_word = strip_prefix_ci(line, word)?;
    let (dotted, rest) = match after_word.strip_prefix('.') {
        Some(rest) if dot_allowed => (true, rest),
        _ => (false, after_word),
    };
    if !dotted && !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    let token = &rest[..end];
    let is_numeral = !token.is_empty()
        && (token.chars().all(|c| c.is_ascii_digit())
            || token.chars().all(|c| "IVXLC".contains(c)));
    if !is_numeral {
        return None;
    }
    let after = rest[end..].trim_start();
    let (separated, title) = match after.strip_prefix(['.', ':']) {
        Some(t) => (true, t.trim()),
        None => (false, after),
    };
    if !title.is_empty() && !separated && !is_upper_text(title) {
        return None;
    }
    Some((token.to_string(), title.to_string()))
}

/// `Điều 16. Thủ tục đăng ký khai sinh`, `Điều 1`, `Điều 24:Nguyên tắc…`,
/// `Điều 5 Chính sách…` → key, number, title. Not "Điều 6, khoản 2…" nor
/// "Điều 11 của Luật này.".
fn article_heading(line: &str) -> Option<(ArticleKey, String, String)> {
    let rest = line.strip_prefix("Điều")?.trim_start();
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if digits == 0 || digits > 4 {
        return None;
    }
    let mut end = digits;
    let mut after = &rest[end..];
    // A one-letter suffix: "Điều 3a."
    if let Some(c) = after
        .chars()
        .next()
        .filter(|c| c.is_ascii_lowercase() || *c == 'đ')
    {
        let next = after[c.len_utf8()..].chars().next();
        if next.is_none_or(|n| !n.is_alphanumeric()) {
            end += c.len_utf8();
            after = &rest[end..];
        }
    }
    let number = &rest[..end];
    let (separated, title) = if let Some(t) = after.strip_prefix(['.', ':']) {
        (true, t.trim())
    } else if after.is_empty() || after.starts_with(char::is_whitespace) {
        (false, after.trim())
    } else {
        return None;
    };
    if !separated
        && title
            .chars()
            .next()
            .is_some_and(|c| !(c.is_uppercase() || "“\"(".contains(c)))
    {
        return None;
    }
    Some((article_key(number)?, number.to_string(), title.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Body {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        parse_body(&lines)
    }

    #[test]
    fn chapters_sections_and_articles() {
        let b = body(
            "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. Một.\nChương II\nĐĂNG KÝ\nMục 1. KHAI SINH\nĐiều 2. Thẩm quyền\nNội dung Điều 1 của Luật này.\nĐiều 1 của Luật này quy định\nĐiều 3a. Chèn\nx\nLuật này đã được Quốc hội thông qua.\nCHỦ TỊCH",
        );
        let a = &b.articles;
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].chapter, "Chương I. NHỮNG QUY ĐỊNH CHUNG");
        assert_eq!(a[0].text, "1. Một.");
        assert_eq!(a[1].chapter, "Chương II. ĐĂNG KÝ");
        assert_eq!(a[1].section, "Mục 1. KHAI SINH");
        assert_eq!(
            a[1].text,
            "Nội dung Điều 1 của Luật này.\nĐiều 1 của Luật này quy định"
        );
        assert_eq!(a[2].number, "3a");
        assert_eq!(a[2].text, "x");
        assert!(b.missing.is_empty());
    }

    #[test]
    fn references_are_not_headings() {
        assert!(article_heading("Điều 6, khoản 2 Điều 46").is_none());
        assert!(article_heading("Điều 11 của Luật này.").is_none());
        assert!(article_heading("Điều tra viên").is_none());
        assert!(article_heading("Điều 5 Chính sách").is_some());
        assert!(article_heading("Điều 24:Nguyên tắc").is_some());
        assert!(article_heading("Điều 31.").is_some());
        assert!(numbered("Chương trình, dự án", "chương", false).is_none());
        assert!(numbered("Mục đích của giao dịch", "mục", true).is_none());
        assert!(numbered("Mục.2", "mục", true).is_some());
        assert!(numbered("CHƯƠNG I: QUY ĐỊNH", "chương", false).is_some());
    }

    #[test]
    fn gaps_are_reported() {
        let b = body("Điều 1. A\nx\nĐiều 4. B\ny");
        assert_eq!(b.missing, vec![2, 3]);
    }
}
