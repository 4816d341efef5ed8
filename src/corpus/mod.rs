//! The corpus: procedures and legal documents as human-editable files.
//!
//! Layout of a corpus directory:
//!
//! ```text
//! corpus/
//!   README.md                 the format, for editors
//!   procedures/<code>.toml    one administrative procedure each
//!   documents/<stem>.md       one legal document each (TOML front matter + articles)
//!   synonyms.toml             everyday names and abbreviations (query time)
//!   commune.toml              the commune center's profile (contact shown on abstain)
//!   IMPORT_REPORT.md          what the last import did and skipped
//! ```

pub mod docnum;
pub mod document_file;
pub mod load;
pub mod model;
pub mod procedure_file;
pub mod snapshot;
pub mod synonyms;
pub mod validate;

pub use model::*;

/// A whole corpus in memory: what the loader returns and the index consumes.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Procedures sorted by code.
    pub procedures: Vec<Procedure>,
    /// Legal documents sorted by number.
    pub documents: Vec<LegalDocument>,
}

impl Corpus {
    /// The procedure with this national code.
    pub fn procedure(&self, code: &str) -> Option<&Procedure> {
        self.procedure_index(code).map(|i| &self.procedures[i])
    }

    /// The position in [`Self::procedures`] of the procedure with this code.
    pub fn procedure_index(&self, code: &str) -> Option<usize> {
        // Sorted by code (as loaded): binary search, back to the first of
        // equal codes. A hand-built, unsorted corpus falls back to a scan.
        let i = self.procedures.partition_point(|p| p.code.as_str() < code);
        match self.procedures.get(i) {
            Some(p) if p.code == code => Some(i),
            _ => self.procedures.iter().position(|p| p.code == code),
        }
    }

    /// The document with this canonical number.
    pub fn document(&self, number: &str) -> Option<&LegalDocument> {
        self.documents.iter().find(|d| d.header.number == number)
    }
}
