//! Start-up: from a corpus directory and an index directory to a ready
//! [`Assistant`]. The one place that wires corpus, profile, synonyms, index
//! and engine together; `serve`, `ask`, `search`, tests and benches call it.

use std::path::Path;
use std::sync::Arc;

use crate::assistant::chat::Assistant;
use crate::config::CommuneProfile;
use crate::corpus::load::load as load_corpus;
use crate::corpus::synonyms::Synonyms;
use crate::error::Result;
use crate::index;
use crate::search::Engine;

/// Load the corpus, build the index if it is missing or older than the
/// corpus (or of another schema), open it and return the assistant.
///
/// A malformed corpus file, profile or synonyms file is logged (file and
/// line) and left out; everything else keeps working. Only an unreadable
/// corpus directory or an index that cannot be built is an error.
pub fn load(corpus_dir: &Path, index_dir: &Path) -> Result<Assistant> {
    let (corpus, report) = load_corpus(corpus_dir)?;
    for e in &report.errors {
        tracing::warn!(error = %e, "corpus file left out");
    }
    let profile = CommuneProfile::load(corpus_dir).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "commune profile unreadable; using defaults");
        CommuneProfile::default()
    });
    let synonyms = Synonyms::load(corpus_dir).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "synonyms file unreadable; searching without synonyms");
        Synonyms::default()
    });
    let opened = index::open_or_build(&corpus, index_dir)?;
    tracing::info!(
        procedures = corpus.procedures.len(),
        documents = corpus.documents.len(),
        synonyms = synonyms.len(),
        "corpus loaded"
    );
    let corpus = Arc::new(corpus);
    let engine = Engine::new(opened, Arc::clone(&corpus));
    Ok(Assistant::new(engine, corpus, profile, synonyms))
}
