//! The parsed corpus kept beside an index generation (`gen-N/corpus.bin`),
//! so a start-up on an unchanged corpus skips parsing thousands of TOML and
//! Markdown files and computing the corpus fingerprint.
//!
//! The snapshot is keyed by [`files_key`]: the name, length and content
//! checksum of every procedure and document file, and the running
//! executable's size and modification time (a rebuilt motcua, whose parsers
//! may have changed, never reads an older one's snapshot). Reading and
//! checksumming the files costs a few tens of milliseconds on the national
//! corpus, against ~0.6 s of parsing; a file's size and modification time
//! alone would be cheaper still but miss an edit that keeps both (a copy
//! with `cp -p`, a checkout within the same timestamp). The body, framed and
//! checksummed by [`crate::snapshot`], is the length of a MessagePack part,
//! that part, then every article text end to end. The MessagePack part (named
//! fields: the model's `skip_serializing_if` fields rule out formats that
//! are not self-describing, such as postcard or bincode) holds the corpus
//! without its article texts and their lengths. The texts apart are checked
//! as UTF-8 in one SIMD pass (`simdutf8`): checking them string by string with
//! std's `from_utf8` was most of reading the snapshot, in JSON (the first
//! format) as in MessagePack. A missing, stale, truncated or corrupted snapshot is
//! never an error: the caller parses the files and rewrites it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::load::{files_with_extension, DOCUMENTS_DIR, PROCEDURES_DIR};
use crate::corpus::{Article, Corpus, DocumentHeader, LegalDocument, Procedure};
use crate::snapshot::{checksum, fnv, fnv_prefixed, fnv_u64, FNV_OFFSET};

/// File name of the snapshot in a generation directory.
pub const SNAPSHOT_FILE: &str = "corpus.bin";
/// First bytes of a snapshot; the last digit is the format version.
const MAGIC: &[u8; 8] = b"MCCORPS3";
/// Bytes of the MessagePack part's length at the start of the body.
const PART_LEN: usize = 8;

/// What a snapshot of the corpus in `dir` must have been made from (see the
/// module documentation); `None` when a file cannot be read (the caller
/// then parses, and reports the error).
pub fn files_key(dir: &Path) -> Option<u64> {
    if !dir.is_dir() {
        return None;
    }
    let mut h = fnv(FNV_OFFSET, MAGIC);
    if let Some(exe) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        h = fnv_u64(h, exe.len());
        let modified = exe
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        h = fnv(h, &modified.to_le_bytes());
    }
    for (sub, ext) in [(PROCEDURES_DIR, "toml"), (DOCUMENTS_DIR, "md")] {
        let files = files_with_extension(&dir.join(sub), ext).ok()?;
        h = fnv_u64(h, files.len() as u64);
        for path in files {
            let name = path.file_name()?.as_encoded_bytes();
            h = fnv_prefixed(h, name);
            let bytes = std::fs::read(&path).ok()?;
            h = fnv_u64(h, bytes.len() as u64);
            h = fnv_u64(h, checksum(&bytes));
        }
    }
    Some(h)
}

#[derive(Serialize)]
struct Out<'a> {
    fingerprint: &'a str,
    procedures: &'a [Procedure],
    documents: Vec<DocumentOut<'a>>,
}

/// A document with what its serde form leaves out (the articles, their
/// lines); the articles without their texts, which follow the MessagePack
/// part, and the texts' lengths.
#[derive(Serialize)]
struct DocumentOut<'a> {
    header: &'a DocumentHeader,
    articles: Vec<Article>,
    lines: Vec<usize>,
    text_lens: Vec<usize>,
}

#[derive(Deserialize)]
struct In {
    fingerprint: String,
    procedures: Vec<Procedure>,
    documents: Vec<DocumentIn>,
}

#[derive(Deserialize)]
struct DocumentIn {
    header: DocumentHeader,
    articles: Vec<Article>,
    lines: Vec<usize>,
    text_lens: Vec<usize>,
}

/// Write the snapshot of `corpus` (whose fingerprint is `fingerprint`) to
/// `path`, keyed by `key` from [`files_key`].
pub fn write(path: &Path, key: u64, corpus: &Corpus, fingerprint: &str) -> std::io::Result<()> {
    let out = Out {
        fingerprint,
        procedures: &corpus.procedures,
        documents: corpus
            .documents
            .iter()
            .map(|d| DocumentOut {
                header: &d.header,
                articles: d
                    .articles
                    .iter()
                    .map(|a| Article {
                        text: String::new(),
                        ..a.clone()
                    })
                    .collect(),
                lines: d.articles.iter().map(|a| a.line).collect(),
                text_lens: d.articles.iter().map(|a| a.text.len()).collect(),
            })
            .collect(),
    };
    let text: usize = corpus
        .documents
        .iter()
        .flat_map(|d| &d.articles)
        .map(|a| a.text.len())
        .sum();
    let estimate = text + text / 8 + corpus.procedures.len() * 16 * 1024;
    let mut bytes = crate::snapshot::begin(MAGIC, key, estimate);
    let at = bytes.len();
    bytes.extend_from_slice(&[0; PART_LEN]);
    rmp_serde::encode::write_named(&mut bytes, &out).map_err(std::io::Error::other)?;
    let part = (bytes.len() - at - PART_LEN) as u64;
    bytes[at..at + PART_LEN].copy_from_slice(&part.to_le_bytes());
    for a in corpus.documents.iter().flat_map(|d| &d.articles) {
        bytes.extend_from_slice(a.text.as_bytes());
    }
    crate::snapshot::finish(&mut bytes);
    crate::snapshot::write(path, &bytes)
}

/// The corpus and its fingerprint from the snapshot at `path`, if it is
/// there, whole and keyed `key`.
pub fn read(path: &Path, key: u64) -> Option<(Corpus, String)> {
    let bytes = crate::snapshot::read(path, MAGIC, key, "corpus")?;
    let unreadable = |error: &dyn std::fmt::Display| {
        tracing::warn!(path = %path.display(), %error, "corpus snapshot unreadable; parsing the corpus");
    };
    let body = crate::snapshot::body_of(&bytes);
    let split = body
        .get(..PART_LEN)
        .and_then(|n| usize::try_from(crate::snapshot::le_u64(n)).ok())
        .and_then(|n| Some((body.get(PART_LEN..PART_LEN.checked_add(n)?)?, n)));
    let Some((part, n)) = split else {
        unreadable(&"bad part length");
        return None;
    };
    let parsed: In = match rmp_serde::from_slice(part) {
        Ok(parsed) => parsed,
        Err(e) => {
            unreadable(&e);
            return None;
        }
    };
    let texts = match simdutf8::basic::from_utf8(&body[PART_LEN + n..]) {
        Ok(texts) => texts,
        Err(e) => {
            unreadable(&e);
            return None;
        }
    };
    let mut at: usize = 0;
    let mut documents = Vec::with_capacity(parsed.documents.len());
    for d in parsed.documents {
        if d.lines.len() != d.articles.len() || d.text_lens.len() != d.articles.len() {
            unreadable(&"article counts disagree");
            return None;
        }
        let mut articles = d.articles;
        for ((a, line), len) in articles.iter_mut().zip(d.lines).zip(d.text_lens) {
            a.line = line;
            // `get` checks the bounds and that both ends are char boundaries.
            let Some(text) = at.checked_add(len).and_then(|end| texts.get(at..end)) else {
                unreadable(&"article text out of bounds");
                return None;
            };
            a.text = text.to_string();
            at += len;
        }
        documents.push(LegalDocument {
            header: d.header,
            articles,
        });
    }
    if at != texts.len() {
        unreadable(&"trailing bytes after the article texts");
        return None;
    }
    let corpus = Corpus {
        procedures: parsed.procedures,
        documents,
    };
    Some((corpus, parsed.fingerprint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let article = |number: &str, text: &str| Article {
            number: number.into(),
            text: text.into(),
            line: 3,
            ..Default::default()
        };
        Corpus {
            procedures: vec![Procedure {
                code: "1.000001".into(),
                name: "Đăng ký khai sinh".into(),
                ..Default::default()
            }],
            documents: vec![LegalDocument {
                header: DocumentHeader {
                    number: "60/2014/QH13".into(),
                    ..Default::default()
                },
                articles: vec![article("1", "Điều một."), article("2", "")],
            }],
        }
    }

    /// A snapshot whose frame is intact (checksum recomputed) but whose body
    /// was not written by `write`: never read, never a panic.
    #[test]
    fn a_well_framed_but_inconsistent_body_is_not_read() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(SNAPSHOT_FILE);
        let corpus = corpus();
        write(&path, 7, &corpus, "fp").expect("write");
        let (read_back, fingerprint) = read(&path, 7).expect("reads");
        assert_eq!(fingerprint, "fp");
        assert_eq!(read_back.procedures, corpus.procedures);
        assert_eq!(read_back.documents, corpus.documents);
        assert_eq!(read_back.documents[0].articles[0].line, 3);

        let good = std::fs::read(&path).expect("bytes");
        let reframe = |edit: &dyn Fn(&mut Vec<u8>)| {
            let mut bytes = good.clone();
            edit(&mut bytes);
            crate::snapshot::finish(&mut bytes);
            std::fs::write(&path, &bytes).expect("write");
            read(&path, 7)
        };
        let last = good.len() - 1;
        // The last text byte no longer UTF-8; a text split inside a character.
        assert!(reframe(&|b| b[last] = 0xFF).is_none());
        assert!(reframe(&|b| b[last - 1] = 0xC3).is_none());
        // Texts missing or trailing bytes.
        assert!(reframe(&|b| b.truncate(last)).is_none());
        assert!(reframe(&|b| b.push(b'x')).is_none());
        // A MessagePack part longer than the body, or cut short.
        assert!(reframe(&|b| b[32..40].copy_from_slice(&u64::MAX.to_le_bytes())).is_none());
        assert!(reframe(&|b| b[32..40].copy_from_slice(&3u64.to_le_bytes())).is_none());
    }
}
