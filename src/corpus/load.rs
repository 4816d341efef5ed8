//! Load a corpus directory into memory.
//!
//! A malformed file never stops the rest: it is reported (file and line) and
//! left out, so a server keeps answering from everything else while `motcua
//! check` fails loudly on the same error.

use std::path::{Path, PathBuf};

use crate::corpus::{document_file, procedure_file, Corpus};
use crate::error::{Error, Result};

/// Subfolder of procedure files.
pub const PROCEDURES_DIR: &str = "procedures";
/// Subfolder of legal-document files.
pub const DOCUMENTS_DIR: &str = "documents";

/// What loading found wrong; the corpus holds everything else.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Files read, of both kinds.
    pub files: usize,
    /// One error per file that was left out.
    pub errors: Vec<Error>,
    /// The file each loaded procedure came from: (code, path).
    pub procedure_files: Vec<(String, PathBuf)>,
    /// The file each loaded document came from: (number, path).
    pub document_files: Vec<(String, PathBuf)>,
}

impl LoadReport {
    /// The files a procedure code was read from (more than one if duplicated).
    pub fn procedure_paths(&self, code: &str) -> Vec<&Path> {
        self.procedure_files
            .iter()
            .filter(|(c, _)| c == code)
            .map(|(_, p)| p.as_path())
            .collect()
    }

    /// The file a document number was read from.
    pub fn document_path(&self, number: &str) -> Option<&Path> {
        self.document_files
            .iter()
            .find(|(n, _)| n == number)
            .map(|(_, p)| p.as_path())
    }
}

/// Load every procedure and document under `dir`. Fails only when `dir`
/// itself cannot be read.
pub fn load(dir: &Path) -> Result<(Corpus, LoadReport)> {
    if !dir.is_dir() {
        return Err(Error::Config(format!(
            "corpus directory {} does not exist",
            dir.display()
        )));
    }
    let mut corpus = Corpus::default();
    let mut report = LoadReport::default();
    let procedures = files_with_extension(&dir.join(PROCEDURES_DIR), "toml")?;
    report.files += procedures.len();
    for (path, result) in procedures
        .iter()
        .zip(read_all(&procedures, procedure_file::read))
    {
        match result {
            Ok(p) => {
                report.procedure_files.push((p.code.clone(), path.clone()));
                corpus.procedures.push(p);
            }
            Err(e) => report.errors.push(e),
        }
    }
    let documents = files_with_extension(&dir.join(DOCUMENTS_DIR), "md")?;
    report.files += documents.len();
    for (path, result) in documents
        .iter()
        .zip(read_all(&documents, document_file::read))
    {
        match result {
            Ok(d) => {
                report
                    .document_files
                    .push((d.header.number.clone(), path.clone()));
                corpus.documents.push(d);
            }
            Err(e) => report.errors.push(e),
        }
    }
    corpus.procedures.sort_by(|a, b| a.code.cmp(&b.code));
    corpus
        .documents
        .sort_by(|a, b| a.header.number.cmp(&b.header.number));
    Ok((corpus, report))
}

/// Sorted paths of the files in `dir` with this extension; none if `dir` is absent.
/// `read` over `paths` on one thread per core (parsing thousands of files
/// is most of a national-size cold start), results in the order of `paths`.
fn read_all<T: Send>(paths: &[PathBuf], read: fn(&Path) -> Result<T>) -> Vec<Result<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if threads == 1 || paths.len() < 64 {
        return paths.iter().map(|p| read(p)).collect();
    }
    let chunk = paths.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|p| read(p)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

pub fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_file() && path.extension().is_some_and(|x| x == ext) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
