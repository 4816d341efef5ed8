//! The library's error type. Every variant says what failed and where (file,
//! line, field) so a corpus editor can fix it without reading code.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A corpus file is malformed. `line` is 1-based, 0 when unknown.
    #[error("{}{}: {message}", path.display(), if *line > 0 { format!(":{line}") } else { String::new() })]
    Corpus {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("import: {0}")]
    Import(String),
    #[error("index: {0}")]
    Index(String),
    /// Another index build holds the build lock; nothing was changed.
    #[error("index busy: {0}")]
    Busy(String),
    #[error("search: {0}")]
    Search(String),
    /// Input a client sent that cannot be answered (empty message…).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("config: {0}")]
    Config(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn corpus(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Error::Corpus {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Index(e.to_string())
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for Error {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        Error::Index(e.to_string())
    }
}
