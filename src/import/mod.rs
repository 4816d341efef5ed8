//! Importers: from the raw public sources in `../shared/data` to `corpus/`.
//! See `../shared/data/SOURCES.md` for each source's quirks.

pub mod laws;
pub mod legalrag;
pub mod phapdien;
pub mod portal;
