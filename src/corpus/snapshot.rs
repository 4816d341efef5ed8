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
//! with `cp -p`, a checkout within the same timestamp). The body is JSON
//! (serde_json is already a dependency; the model's `skip_serializing_if`
//! fields rule out non-self-describing formats), framed and checksummed by
//! [`crate::snapshot`]. A missing, stale, truncated or corrupted snapshot is
//! never an error: the caller parses the files and rewrites it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::load::{files_with_extension, DOCUMENTS_DIR, PROCEDURES_DIR};
use crate::corpus::{Article, Corpus, DocumentHeader, LegalDocument, Procedure};
use crate::snapshot::{checksum, fnv, FNV_OFFSET};

/// File name of the snapshot in a generation directory.
pub const SNAPSHOT_FILE: &str = "corpus.bin";
/// First bytes of a snapshot; the last digit is the format version.
const MAGIC: &[u8; 8] = b"MCCORPS1";

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
        h = fnv(h, &exe.len().to_le_bytes());
        let modified = exe
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        h = fnv(h, &modified.to_le_bytes());
    }
    for (sub, ext) in [(PROCEDURES_DIR, "toml"), (DOCUMENTS_DIR, "md")] {
        let files = files_with_extension(&dir.join(sub), ext).ok()?;
        h = fnv(h, &(files.len() as u64).to_le_bytes());
        for path in files {
            let name = path.file_name()?.as_encoded_bytes();
            h = fnv(h, &(name.len() as u64).to_le_bytes());
            h = fnv(h, name);
            let bytes = std::fs::read(&path).ok()?;
            h = fnv(h, &(bytes.len() as u64).to_le_bytes());
            h = fnv(h, &checksum(&bytes).to_le_bytes());
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

/// A document with what its serde form leaves out (the articles, their lines).
#[derive(Serialize)]
struct DocumentOut<'a> {
    header: &'a DocumentHeader,
    articles: &'a [Article],
    lines: Vec<usize>,
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
                articles: &d.articles,
                lines: d.articles.iter().map(|a| a.line).collect(),
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
    serde_json::to_writer(&mut bytes, &out).map_err(std::io::Error::other)?;
    crate::snapshot::finish(&mut bytes);
    crate::snapshot::write(path, &bytes)
}

/// The corpus and its fingerprint from the snapshot at `path`, if it is
/// there, whole and keyed `key`.
pub fn read(path: &Path, key: u64) -> Option<(Corpus, String)> {
    let bytes = crate::snapshot::read(path, MAGIC, key, "corpus")?;
    let parsed: In = match serde_json::from_slice(crate::snapshot::body_of(&bytes)) {
        Ok(parsed) => parsed,
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "corpus snapshot unreadable; parsing the corpus");
            return None;
        }
    };
    let mut documents = Vec::with_capacity(parsed.documents.len());
    for d in parsed.documents {
        if d.lines.len() != d.articles.len() {
            return None;
        }
        let mut articles = d.articles;
        for (a, line) in articles.iter_mut().zip(d.lines) {
            a.line = line;
        }
        documents.push(LegalDocument {
            header: d.header,
            articles,
        });
    }
    let corpus = Corpus {
        procedures: parsed.procedures,
        documents,
    };
    Some((corpus, parsed.fingerprint))
}
