//! Read and write `documents/<stem>.md`. (Placeholder until the format lands.)
use std::path::Path;

use crate::corpus::model::LegalDocument;
use crate::error::{Error, Result};

/// Read and parse one legal-document file.
pub fn read(path: &Path) -> Result<LegalDocument> {
    Err(Error::corpus(path, 0, "document format not yet built"))
}
