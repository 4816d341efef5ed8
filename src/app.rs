//! Start-up and reindexing: from a corpus directory and an index directory to
//! a ready [`Assistant`]. The one place that wires corpus, profile, synonyms,
//! index and engine together; `serve`, `ask`, `search`, tests and benches
//! call it.
//!
//! Three ways in, all synchronous (the HTTP layer runs them on a blocking
//! thread):
//!
//! - [`load`] / [`load_generation`]: start-up; builds the index first when it
//!   is missing or stale.
//! - [`rebuild`]: a new generation for a running server (admin reindex): the
//!   build is validated structurally by [`crate::index`], then [`golden_check`]
//!   runs real searches on it *before* `CURRENT` is switched.
//! - [`load_current`]: a generation another process built (`motcua index`
//!   beside a running server), accepted only if it matches the corpus on disk
//!   and passes the same checks.
//!
//! This module does not swap anything: the caller decides what to serve.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::assistant::chat::Assistant;
use crate::assistant::understand::Vocabulary;
use crate::config::CommuneProfile;
use crate::corpus::load::load as load_corpus;
use crate::corpus::snapshot;
use crate::corpus::synonyms::Synonyms;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::index::{self, Generation};
use crate::search::{ArticleFilter, Engine};

/// An assistant and the index generation it searches.
pub struct Loaded {
    pub assistant: Assistant,
    pub generation: Generation,
}

/// Load the corpus, build the index if it is missing or older than the
/// corpus (or of another schema), open it and return the assistant.
///
/// A malformed corpus file, profile or synonyms file is logged (file and
/// line) and left out; everything else keeps working. Only an unreadable
/// corpus directory or an index that cannot be built is an error.
pub fn load(corpus_dir: &Path, index_dir: &Path) -> Result<Assistant> {
    load_generation(corpus_dir, index_dir).map(|l| l.assistant)
}

/// [`load`], also telling which generation is served.
pub fn load_generation(corpus_dir: &Path, index_dir: &Path) -> Result<Loaded> {
    let parts = Parts::load(corpus_dir, index_dir)?;
    if index::freshness(index_dir, &parts.fingerprint).needs_rebuild() {
        // Built at start-up: the same checks as any other build.
        let generation = build_golden(&parts, index_dir)?;
        let opened = index::open_generation(generation)?;
        return Ok(parts.assemble(opened));
    }
    let opened = index::open(index_dir)?;
    Ok(parts.assemble(opened))
}

/// Build the corpus of `parts`, with [`golden_check`] before the switch.
fn build_golden(parts: &Parts, index_dir: &Path) -> Result<Generation> {
    let corpus = Arc::clone(&parts.corpus);
    index::build_checked(&parts.corpus, index_dir, |opened| {
        golden_check(&Engine::new(opened, Arc::clone(&corpus)), &corpus)
    })
}

/// Build a new generation from the corpus on disk, check it (counts and
/// checksums in [`index::build_checked`], then [`golden_check`]) and switch
/// `CURRENT` to it; return the assistant on it. On any error nothing on disk
/// changed but leftovers of the failed build, which are removed.
/// [`Error::Busy`] when another build holds the index lock.
pub fn rebuild(corpus_dir: &Path, index_dir: &Path) -> Result<Loaded> {
    let parts = Parts::load(corpus_dir, index_dir)?;
    let generation = build_golden(&parts, index_dir)?;
    let opened = index::open_generation(generation)?;
    Ok(parts.assemble(opened))
}

/// The generation `CURRENT` names, checked for a server that is about to
/// switch to it: its manifest must match the corpus on disk (so the corpus
/// in memory and the index agree), its checksums must verify and
/// [`golden_check`] must pass. Never builds.
pub fn load_current(corpus_dir: &Path, index_dir: &Path) -> Result<Loaded> {
    let parts = Parts::load(corpus_dir, index_dir)?;
    let opened = index::open(index_dir)?;
    if opened.manifest.corpus_fingerprint != parts.fingerprint {
        return Err(Error::Index(format!(
            "{} was built from another corpus than {} ({} procedures, {} documents): not switching",
            opened.generation.path.display(),
            corpus_dir.display(),
            opened.manifest.procedures,
            opened.manifest.documents
        )));
    }
    index::verify_checksums(&opened.index)?;
    let loaded = parts.assemble(opened);
    golden_check(loaded.assistant.engine(), loaded.assistant.corpus())?;
    Ok(loaded)
}

/// The generation number `CURRENT` names (cheap: reads one small file).
pub fn current_generation(index_dir: &Path) -> Option<u64> {
    index::serving_generation(index_dir)
        .ok()
        .flatten()
        .map(|g| g.number)
}

/// Structural checks through the real search engine, on queries whose answer
/// is known from the corpus itself (no quality judgment): document counts;
/// a few procedures found first by their code; a few articles found first by
/// their citation ("Điều 12 60/2014/QH13"); and, when the corpus has it,
/// "Điều 16 Luật Hộ tịch" → 60/2014/QH13 Điều 16.
pub fn golden_check(engine: &Engine, corpus: &Corpus) -> Result<()> {
    let fail = |what: String| Err(Error::Index(format!("golden query failed: {what}")));
    let articles: u64 = corpus
        .documents
        .iter()
        .map(|d| d.articles.len() as u64)
        .sum();
    let (p, a) = engine.counts()?;
    if (p, a) != (corpus.procedures.len() as u64, articles) {
        return fail(format!(
            "index has {p} procedures and {a} articles, corpus {} and {articles}",
            corpus.procedures.len()
        ));
    }
    for p in sample(&corpus.procedures) {
        let code = p.code.trim();
        let hits = engine.search_procedures(code, 3)?;
        if hits.first().map(|h| h.code.as_str()) != Some(code) {
            return fail(format!(
                "procedure {code} is not the first hit for its code"
            ));
        }
    }
    let numbered: Vec<(&str, &str)> = corpus
        .documents
        .iter()
        .filter_map(|d| {
            let a = d
                .articles
                .iter()
                .find(|a| !a.number.is_empty() && a.number.bytes().all(|b| b.is_ascii_digit()))?;
            Some((d.header.number.as_str(), a.number.as_str()))
        })
        .collect();
    let mut cited: Vec<(String, &str, &str)> = sample(&numbered)
        .into_iter()
        .map(|&(number, article)| (format!("Điều {article} {number}"), number, article))
        .collect();
    if engine.article("60/2014/QH13", "16").is_some() {
        cited.push(("Điều 16 Luật Hộ tịch".into(), "60/2014/QH13", "16"));
    }
    for (query, number, article) in cited {
        let hits = engine.search_articles(&query, &ArticleFilter::default(), 3)?;
        let first = hits.first();
        let found = first.is_some_and(|h| {
            h.cited
                && crate::text::nfc(&h.document_number) == crate::text::nfc(number)
                && h.article == article
        });
        if !found {
            return fail(format!(
                "{query:?} → {:?}",
                first.map(|h| format!("{} Điều {}", h.document_number, h.article))
            ));
        }
    }
    Ok(())
}

/// First, middle and last (fewer when there are fewer).
fn sample<T>(items: &[T]) -> Vec<&T> {
    let mut picked: Vec<usize> = match items.len() {
        0 => Vec::new(),
        n => vec![0, n / 2, n - 1],
    };
    picked.dedup();
    picked.into_iter().map(|i| &items[i]).collect()
}

/// What an assistant is made of, besides its index.
struct Parts {
    corpus: Arc<Corpus>,
    /// [`index::corpus_fingerprint`] of `corpus`.
    fingerprint: String,
    profile: CommuneProfile,
    synonyms: Synonyms,
    /// Whether and where to write the corpus snapshot once a generation
    /// built from this corpus is opened.
    snapshot: CorpusSnapshot,
}

/// The corpus snapshot's key ([`snapshot::files_key`]; `None`: none is
/// written) and the generation it was read from, if it was.
struct CorpusSnapshot {
    key: Option<u64>,
    read_from: Option<PathBuf>,
}

impl Parts {
    /// The corpus from the snapshot in the serving generation of
    /// `index_dir` when it was made from the files now in `corpus_dir`;
    /// otherwise parsed from the files.
    fn load(corpus_dir: &Path, index_dir: &Path) -> Result<Parts> {
        let started = Instant::now();
        let mut key = snapshot::files_key(corpus_dir);
        let keyed = started.elapsed();
        let cached = key.and_then(|key| {
            let generation = index::serving_generation(index_dir).ok().flatten()?;
            let (corpus, fingerprint) =
                snapshot::read(&generation.path.join(snapshot::SNAPSHOT_FILE), key)?;
            Some((corpus, fingerprint, generation.path))
        });
        let (corpus, fingerprint, read_from) = match cached {
            Some((corpus, fingerprint, path)) => (corpus, fingerprint, Some(path)),
            None => {
                let (corpus, report) = load_corpus(corpus_dir)?;
                for e in &report.errors {
                    tracing::warn!(error = %e, "corpus file left out");
                }
                if !report.errors.is_empty() {
                    // Served without the bad files, but not snapshotted: the
                    // next start-up parses again and reports them again.
                    key = None;
                }
                let fingerprint = index::corpus_fingerprint(&corpus);
                (corpus, fingerprint, None)
            }
        };
        tracing::debug!(
            key_ms = keyed.as_millis() as u64,
            corpus_ms = started.elapsed().as_millis() as u64,
            from_snapshot = read_from.is_some(),
            "corpus read"
        );
        let profile = CommuneProfile::load(corpus_dir).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "commune profile unreadable; using defaults");
            CommuneProfile::default()
        });
        let synonyms = Synonyms::load(corpus_dir).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "synonyms file unreadable; searching without synonyms");
            Synonyms::default()
        });
        Ok(Parts {
            corpus: Arc::new(corpus),
            fingerprint,
            profile,
            synonyms,
            snapshot: CorpusSnapshot { key, read_from },
        })
    }

    /// Write the corpus snapshot into `opened`'s generation if it was not
    /// read from there and the generation was built from this corpus. Best
    /// effort: a failure is logged.
    fn save_snapshot(&self, opened: &index::Opened) {
        let Some(key) = self.snapshot.key else {
            return;
        };
        let dir = &opened.generation.path;
        if self.snapshot.read_from.as_ref() == Some(dir)
            || opened.manifest.corpus_fingerprint != self.fingerprint
        {
            return;
        }
        let path = dir.join(snapshot::SNAPSHOT_FILE);
        if let Err(e) = snapshot::write(&path, key, &self.corpus, &self.fingerprint) {
            tracing::warn!(path = %path.display(), error = %e, "corpus snapshot not written");
        }
    }

    fn assemble(self, opened: index::Opened) -> Loaded {
        let started = Instant::now();
        self.save_snapshot(&opened);
        tracing::info!(
            procedures = self.corpus.procedures.len(),
            documents = self.corpus.documents.len(),
            synonyms = self.synonyms.len(),
            generation = opened.generation.number,
            "corpus loaded"
        );
        let generation = opened.generation.clone();
        let corpus = self.corpus;
        let mut synonyms = self.synonyms;
        crate::assistant::chat::learn_spellings(&mut synonyms, &corpus, |w, min| {
            crate::search::written_share(&opened.reader, &opened.fields, w, min)
        });
        // The engine's tables and the assistant's vocabulary are built from
        // the corpus independently: side by side, they take the longer of
        // the two instead of the sum (the vocabulary stays on this thread:
        // worker threads' malloc arenas once kept ~90 MiB more RSS).
        let (engine, vocab) = std::thread::scope(|scope| {
            let engine = scope.spawn(|| Engine::new(opened, Arc::clone(&corpus)));
            let vocab = Vocabulary::new(&corpus, &synonyms);
            tracing::debug!(
                ms = started.elapsed().as_millis() as u64,
                "vocabulary built"
            );
            match engine.join() {
                Ok(engine) => (engine, vocab),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            "engine tables and vocabulary built"
        );
        Loaded {
            assistant: Assistant::with_vocabulary(engine, corpus, self.profile, synonyms, vocab),
            generation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sample;

    #[test]
    fn samples_first_middle_last_without_repeats() {
        assert!(sample::<u8>(&[]).is_empty());
        assert_eq!(sample(&[1]), vec![&1]);
        assert_eq!(sample(&[1, 2]), vec![&1, &2]);
        assert_eq!(sample(&[1, 2, 3, 4, 5]), vec![&1, &3, &5]);
    }
}
