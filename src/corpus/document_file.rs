//! Read and write `documents/<stem>.md`: one legal document per file, in a
//! format an editor can fix by hand and review in a diff.
//!
//! ```text
//! +++
//! number = "60/2014/QH13"
//! type = "Luật"
//! title = "Luật Hộ tịch"
//! issuer = "Quốc hội"
//! issued = "2014-11-20"
//! effective = "2016-01-01"
//! status = "in_force"
//! source = "laws-vlc/Luat-Ho-tich-2014-259727.txt (Vietnamese Law Corpus, Apache-2.0)"
//! +++
//!
//! ## Chương I. NHỮNG QUY ĐỊNH CHUNG
//!
//! ### Mục 1. ĐĂNG KÝ KHAI SINH
//!
//! #### Điều 1. Phạm vi điều chỉnh
//!
//! > (Điều 1 Luật số 60/2014/QH13 …)
//!
//! 1. Luật này quy định …
//!
//! a) …
//! ```
//!
//! The rules, in the order the parser applies them:
//!
//! - Every line must be NFC (decomposed Vietnamese is rejected with its line).
//! - The file starts with a `+++` line; the TOML up to the next `+++` line is
//!   the [`DocumentHeader`] (unknown keys are errors).
//! - `## …` sets the chapter (and clears the section), `### …` sets the
//!   section, `#### Điều N. Title` starts an article. An empty `##` means "no
//!   chapter". Other heading levels are errors.
//! - Inside an article, a line starting with `> ` (or a bare `>`) is a line of
//!   the provenance note ([`Article::note`]); every other non-blank line is one
//!   paragraph of [`Article::text`] (joined with `\n`). Blank lines only
//!   separate; lines are trimmed. A paragraph that itself starts with `#`, `>`
//!   or `\` is written with a leading `\`.
//! - Text before the first article that is not a chapter or section heading is
//!   an error, not a silently dropped preamble: the importers never write one,
//!   and an editor's text there would otherwise never be indexed.
//!
//! This module does no validation across files (numbers resolving, stems
//! matching): that is [`crate::corpus::validate`]'s job.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::corpus::docnum;
use crate::corpus::model::{Article, DocumentHeader, LegalDocument};
use crate::error::Error;
use crate::text::is_nfc;

/// The front-matter fence.
const FENCE: &str = "+++";
/// File extension of a document file.
pub const EXTENSION: &str = "md";

/// The file name of a document: `123/2015/NĐ-CP` → `123-2015-ND-CP.md`.
pub fn file_name(number: &str) -> String {
    format!("{}.{EXTENSION}", docnum::file_stem(number))
}

/// Parse a document file. `path` is only used in error messages. Sets
/// [`Article::line`] to the 1-based line of each article heading.
pub fn parse(path: &Path, text: &str) -> crate::Result<LegalDocument> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let err = |line: usize, msg: String| Error::corpus(path, line, msg);

    for (i, line) in lines.iter().enumerate() {
        if !line_is_nfc(line) {
            return Err(err(
                i + 1,
                "text is not NFC (decomposed accents?): save the file as NFC".into(),
            ));
        }
    }

    if lines.first().map(|l| l.trim_end()) != Some(FENCE) {
        return Err(err(
            1,
            format!("missing front matter: the file must start with a `{FENCE}` line"),
        ));
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == FENCE)
        .map(|p| p + 1)
        .ok_or_else(|| {
            err(
                1,
                format!("unterminated front matter: no closing `{FENCE}` line"),
            )
        })?;
    let toml_text = lines[1..close].join("\n");
    let header: DocumentHeader = toml::from_str(&toml_text).map_err(|e| {
        // Line 1 is the opening fence, so the TOML starts on line 2.
        let line = e
            .span()
            .map(|s| {
                2 + toml_text[..s.start.min(toml_text.len())]
                    .matches('\n')
                    .count()
            })
            .unwrap_or(1);
        err(line, format!("front matter: {}", e.message().trim()))
    })?;

    let mut body = BodyParser::new(path);
    for (i, raw) in lines.iter().enumerate().skip(close + 1) {
        body.line(i + 1, raw)?;
    }
    Ok(LegalDocument {
        header,
        articles: body.finish(),
    })
}

/// [`is_nfc`] with the quick check first: loading the corpus checks every
/// line.
fn line_is_nfc(line: &str) -> bool {
    use unicode_normalization::IsNormalized;
    match crate::text::is_nfc_quick(line) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => is_nfc(line),
    }
}

/// State of the body parser: the current chapter, section and article.
struct BodyParser<'a> {
    path: &'a Path,
    chapter: String,
    section: String,
    current: Option<Article>,
    text: Vec<String>,
    note: Vec<String>,
    articles: Vec<Article>,
    seen: HashMap<String, usize>,
}

impl<'a> BodyParser<'a> {
    fn new(path: &'a Path) -> Self {
        BodyParser {
            path,
            chapter: String::new(),
            section: String::new(),
            current: None,
            text: Vec::new(),
            note: Vec::new(),
            articles: Vec::new(),
            seen: HashMap::new(),
        }
    }

    fn error(&self, line: usize, msg: String) -> Error {
        Error::corpus(self.path, line, msg)
    }

    fn line(&mut self, lineno: usize, raw: &str) -> crate::Result<()> {
        let line = raw.trim();
        if line.is_empty() {
            return Ok(());
        }
        if let Some((level, heading)) = heading(line) {
            self.flush();
            match level {
                2 => {
                    self.chapter = heading.to_string();
                    self.section.clear();
                }
                3 => self.section = heading.to_string(),
                4 => self.start_article(lineno, heading)?,
                _ => {
                    return Err(self.error(
                        lineno,
                        format!(
                            "unexpected heading level {level}: use `##` for a chapter, \
                             `###` for a section, `####` for an article"
                        ),
                    ))
                }
            }
            return Ok(());
        }
        if self.current.is_none() {
            return Err(self.error(
                lineno,
                "text outside an article: only chapter (`##`) and section (`###`) \
                 headings may come before an article heading (`#### Điều N. Title`)"
                    .into(),
            ));
        }
        if line == ">" {
            self.note.push(String::new());
        } else if let Some(note) = line.strip_prefix("> ") {
            self.note.push(note.trim().to_string());
        } else {
            let para = line.strip_prefix('\\').unwrap_or(line);
            self.text.push(para.to_string());
        }
        Ok(())
    }

    fn start_article(&mut self, lineno: usize, heading: &str) -> crate::Result<()> {
        let (number, title) = parse_article_heading(heading).ok_or_else(|| {
            self.error(
                lineno,
                format!(
                    "article heading without a number: expected `#### Điều N. Title`, \
                     found `#### {heading}`"
                ),
            )
        })?;
        if let Some(first) = self.seen.get(&number) {
            return Err(self.error(
                lineno,
                format!("duplicate article Điều {number} (first at line {first})"),
            ));
        }
        self.seen.insert(number.clone(), lineno);
        self.current = Some(Article {
            number,
            title,
            chapter: self.chapter.clone(),
            section: self.section.clone(),
            line: lineno,
            ..Article::default()
        });
        Ok(())
    }

    fn flush(&mut self) {
        if let Some(mut article) = self.current.take() {
            article.text = std::mem::take(&mut self.text).join("\n");
            article.note = std::mem::take(&mut self.note).join("\n");
            self.articles.push(article);
        }
    }

    fn finish(mut self) -> Vec<Article> {
        self.flush();
        self.articles
    }
}

/// `## Chương I` → `(2, "Chương I")`. A run of `#` must be followed by a
/// space or the end of the line, as in Markdown.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if level == 0 {
        return None;
    }
    let rest = &line[level..];
    if rest.is_empty() || rest.starts_with(' ') {
        Some((level, rest.trim()))
    } else {
        None
    }
}

/// `Điều 16. Thủ tục đăng ký khai sinh` → `("16", "Thủ tục đăng ký khai sinh")`.
/// The number starts with a digit and runs over letters and digits ("3a").
fn parse_article_heading(heading: &str) -> Option<(String, String)> {
    let rest = heading.strip_prefix("Điều")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(i, _)| i);
    let number = &rest[..end];
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest[end..].trim_start();
    let title = rest.strip_prefix('.').unwrap_or(rest).trim();
    Some((number.to_string(), title.to_string()))
}

/// Render a document in the file format; [`parse`] of the result gives the
/// document back (with [`Article::line`] set).
pub fn render(doc: &LegalDocument) -> String {
    let header = toml::to_string(&doc.header)
        .expect("a DocumentHeader (strings, a list, a bool, an enum) always serializes to TOML");
    let mut out = String::with_capacity(header.len() + 64 * doc.articles.len());
    out.push_str(FENCE);
    out.push('\n');
    out.push_str(&header);
    if !header.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(FENCE);
    out.push('\n');

    let mut chapter = "";
    let mut section = "";
    for article in &doc.articles {
        // A repeated chapter heading resets the section: the only way to
        // leave a section without entering another one.
        let leave_section = article.section.is_empty() && !section.is_empty();
        if article.chapter != chapter || leave_section {
            chapter = &article.chapter;
            section = "";
            push_heading(&mut out, "##", chapter);
        }
        if article.section != section {
            section = &article.section;
            push_heading(&mut out, "###", section);
        }
        let heading = if article.title.is_empty() {
            format!("Điều {}.", article.number)
        } else {
            format!("Điều {}. {}", article.number, article.title)
        };
        push_heading(&mut out, "####", &heading);
        if !article.note.is_empty() {
            out.push('\n');
            for line in article.note.split('\n') {
                if line.is_empty() {
                    out.push_str(">\n");
                } else {
                    out.push_str("> ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        for para in article.text.split('\n').filter(|p| !p.trim().is_empty()) {
            out.push('\n');
            if para.starts_with(['#', '>', '\\']) {
                out.push('\\');
            }
            out.push_str(para);
            out.push('\n');
        }
    }
    out
}

fn push_heading(out: &mut String, marks: &str, text: &str) {
    out.push('\n');
    out.push_str(marks);
    if !text.is_empty() {
        out.push(' ');
        out.push_str(text);
    }
    out.push('\n');
}

/// Read and parse one document file.
pub fn read(path: &Path) -> crate::Result<LegalDocument> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(path, &text)
}

/// Write `doc` to `<dir>/<stem>.md` (creating `dir`), atomically: a reader
/// never sees half a file. Returns the path written.
pub fn write(dir: &Path, doc: &LegalDocument) -> crate::Result<PathBuf> {
    if doc.header.number.trim().is_empty() {
        return Err(Error::corpus(
            dir,
            0,
            format!("document \"{}\" has no number", doc.header.title),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(file_name(&doc.header.number));
    let tmp = path.with_extension(format!("{EXTENSION}.tmp"));
    std::fs::write(&tmp, render(doc)).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_need_a_space_after_the_marks() {
        assert_eq!(heading("## Chương I"), Some((2, "Chương I")));
        assert_eq!(heading("##"), Some((2, "")));
        assert_eq!(heading("#5 is not a heading"), None);
        assert_eq!(heading("Điều 1"), None);
    }

    #[test]
    fn article_headings_split_number_and_title() {
        let h = |s| parse_article_heading(s);
        assert_eq!(h("Điều 16. Thủ tục"), Some(("16".into(), "Thủ tục".into())));
        assert_eq!(h("Điều 3a. X"), Some(("3a".into(), "X".into())));
        assert_eq!(h("Điều 7."), Some(("7".into(), String::new())));
        assert_eq!(h("Điều . Thủ tục"), None);
        assert_eq!(h("Điều"), None);
        assert_eq!(h("Phạm vi"), None);
    }

    #[test]
    fn paragraphs_that_look_like_markup_are_escaped() {
        let doc = LegalDocument {
            header: DocumentHeader {
                number: "1/2020/QH14".into(),
                doc_type: "Luật".into(),
                title: "Luật X".into(),
                source: "test".into(),
                ..Default::default()
            },
            articles: vec![Article {
                number: "1".into(),
                title: "T".into(),
                text: "# not a heading\n> not a note\n\\ backslash".into(),
                ..Default::default()
            }],
        };
        let back = parse(Path::new("x.md"), &render(&doc)).expect("round trip");
        assert_eq!(back.articles[0].text, doc.articles[0].text);
        assert!(back.articles[0].note.is_empty());
    }
}
