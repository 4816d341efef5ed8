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
pub mod model;
pub mod procedure_file;
pub mod validate;

pub use model::*;
