//! The tantivy index: schema, building a generation, opening the current one.
//!
//! A build never touches what is being served. It writes a fresh generation
//! into `gen-<n>.tmp/`, commits, **validates** it (document counts equal the
//! corpus, a few lookups succeed), renames it to `gen-<n>/` and only then
//! switches the `CURRENT` pointer file (write `CURRENT.tmp`, rename). A build
//! that fails or is killed leaves the previous generation serving; its
//! leftovers are removed by the next [`build`] or [`open`]. See
//! [`generation`] for the directory layout.
//!
//! There is one [`open`] function, and it registers the analyzers: tantivy
//! does not store custom analyzer names in the index.
//!
//! Each generation carries a [`Manifest`] (schema version, corpus
//! fingerprint, counts) so `serve` can ask [`freshness`] whether to rebuild.
//!
//! This module does not search: see [`crate::search`].

pub mod document;
pub mod generation;
pub mod manifest;
pub mod schema;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

pub use self::generation::Generation;
pub use self::manifest::{corpus_fingerprint, Manifest};
pub use self::schema::{build_schema, Fields, TextPair, KIND_ARTICLE, KIND_PROCEDURE};
use crate::analysis::{self, Analyzer};
use crate::corpus::Corpus;
use crate::{Error, Result};

/// Version of the schema *and* of the analyzer chains. Bump it whenever a
/// field, an analyzer, the stop-word list or the tone rule changes: indexes
/// built with another version are refused by [`open`] and reported by
/// [`freshness`] as needing a rebuild.
pub const SCHEMA_VERSION: u32 = 1;

/// Memory budget of the single indexing thread (tantivy's minimum is 15 MB).
const WRITER_MEMORY_BYTES: usize = 64_000_000;

/// An opened generation, ready for [`crate::search::Engine::new`].
pub struct Opened {
    pub index: Index,
    /// A reader on the (immutable) generation; reload policy manual.
    pub reader: IndexReader,
    pub fields: Fields,
    pub manifest: Manifest,
    pub generation: Generation,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("generation", &self.generation)
            .field("manifest", &self.manifest)
            .finish_non_exhaustive()
    }
}

/// Whether the served index matches this program and this corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// No generation to serve.
    Missing,
    /// Built by a program with another [`SCHEMA_VERSION`].
    SchemaChanged { found: u32 },
    /// Built from another corpus.
    CorpusChanged,
    /// Up to date.
    Fresh,
}

impl Freshness {
    pub fn needs_rebuild(&self) -> bool {
        *self != Freshness::Fresh
    }
}

/// Compare the current generation's manifest with this program and a corpus
/// fingerprint ([`corpus_fingerprint`]). Does not open the index. An
/// unreadable `CURRENT` or manifest counts as [`Freshness::Missing`].
pub fn freshness(index_root: &Path, corpus_fingerprint: &str) -> Freshness {
    let Ok(Some(generation)) = serving_generation(index_root) else {
        return Freshness::Missing;
    };
    match Manifest::read(&generation.path) {
        Err(_) => Freshness::Missing,
        Ok(m) if m.schema_version != SCHEMA_VERSION => Freshness::SchemaChanged {
            found: m.schema_version,
        },
        Ok(m) if m.corpus_fingerprint != corpus_fingerprint => Freshness::CorpusChanged,
        Ok(_) => Freshness::Fresh,
    }
}

/// The generation to serve: `CURRENT`'s, or — when `CURRENT` is missing
/// because a first build was killed between its rename and the switch — the
/// newest complete generation (complete ones were validated before rename).
pub fn serving_generation(index_root: &Path) -> Result<Option<Generation>> {
    if let Some(g) = generation::current(index_root)? {
        return Ok(Some(g));
    }
    Ok(generation::list(index_root)?.pop())
}

/// Build `corpus` into a new generation under `index_root`, validate it and
/// make it current. On error the previous generation keeps serving.
pub fn build(corpus: &Corpus, index_root: &Path) -> Result<Generation> {
    build_checked(corpus, index_root, |_| Ok(()))
}

/// [`build`], with one more gate: once the new generation has passed the
/// structural validation, `check` gets it opened (still in its temporary
/// directory) and may refuse it — e.g. golden queries through the search
/// engine, which this module does not know. A refusal discards the
/// generation and changes nothing. An error [`Error::Busy`] means another
/// build holds the lock.
pub fn build_checked<F>(corpus: &Corpus, index_root: &Path, check: F) -> Result<Generation>
where
    F: FnOnce(Opened) -> Result<()>,
{
    std::fs::create_dir_all(index_root).map_err(|e| Error::io(index_root, e))?;
    let lock = generation::try_lock(index_root)?.ok_or_else(|| {
        Error::Busy(format!(
            "{}: another build is running (LOCK is held)",
            index_root.display()
        ))
    })?;
    generation::clean_stale(index_root, &lock)?;

    let number = generation::next_number(index_root)?;
    let tmp = generation::tmp_path(index_root, number);
    let result = build_into(corpus, &tmp).and_then(|()| {
        let opened = open_dir(Generation {
            number,
            path: tmp.clone(),
        })?;
        check(opened)
    });
    if let Err(e) = result {
        // Best effort: a leftover is also removed by the next build or open.
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }

    let generation = Generation::at(index_root, number);
    std::fs::rename(&tmp, &generation.path).map_err(|e| Error::io(&generation.path, e))?;
    generation::sync_dir(index_root);
    generation::switch_current(index_root, &generation)?;
    generation::prune(index_root, &lock)?;
    tracing::info!(generation = number, "index generation is current");
    Ok(generation)
}

/// Verify the checksums tantivy keeps for every file of the index (detects
/// truncated or corrupted segment files).
pub fn verify_checksums(index: &Index) -> Result<()> {
    let bad = index.validate_checksum()?;
    if bad.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = bad.iter().map(|p| p.display().to_string()).collect();
    names.sort();
    Err(Error::Index(format!(
        "validation failed: bad checksum in {}",
        names.join(", ")
    )))
}

fn build_into(corpus: &Corpus, dir: &Path) -> Result<()> {
    let tantivy_dir = dir.join(generation::TANTIVY_DIR);
    std::fs::create_dir_all(&tantivy_dir).map_err(|e| Error::io(&tantivy_dir, e))?;
    let index = Index::create_in_dir(&tantivy_dir, build_schema())?;
    analysis::register(&index);
    let fields = Fields::from_schema(&index.schema())?;

    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY_BYTES)?;
    let mut articles = 0u64;
    for p in &corpus.procedures {
        writer.add_document(document::procedure_doc(&fields, p))?;
    }
    for d in &corpus.documents {
        for a in &d.articles {
            writer.add_document(document::article_doc(&fields, d, a))?;
            articles += 1;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;

    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        corpus_fingerprint: corpus_fingerprint(corpus),
        procedures: corpus.procedures.len() as u64,
        documents: corpus.documents.len() as u64,
        articles,
        built_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        motcua_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    validate(&index, &fields, corpus, &manifest)?;
    manifest.write(dir)?;
    generation::sync_dir(dir);
    Ok(())
}

fn term_query(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

/// Check a freshly committed index against the corpus it was built from.
fn validate(index: &Index, f: &Fields, corpus: &Corpus, manifest: &Manifest) -> Result<()> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    verify_checksums(index)?;
    let fail = |what: String| Err(Error::Index(format!("validation failed: {what}")));
    let count = |q: &dyn Query| searcher.search(q, &Count);

    let procedures = count(term_query(f.kind, KIND_PROCEDURE).as_ref())? as u64;
    let articles = count(term_query(f.kind, KIND_ARTICLE).as_ref())? as u64;
    if procedures != manifest.procedures || articles != manifest.articles {
        return fail(format!(
            "index has {procedures} procedures and {articles} articles, corpus {} and {}",
            manifest.procedures, manifest.articles
        ));
    }
    if searcher.num_docs() != procedures + articles {
        return fail(format!("{} documents in all", searcher.num_docs()));
    }
    if let Some(p) = corpus.procedures.first() {
        if count(term_query(f.code, p.code.trim()).as_ref())? == 0 {
            return fail(format!("procedure {} not found by code", p.code));
        }
        // The analyzers are wired: the name's first term is in the name field.
        if let Some(term) = analysis::tokens(Analyzer::Vi, &p.name).first() {
            if count(term_query(f.name.exact, term).as_ref())? == 0 {
                return fail(format!(
                    "procedure {}: name term {term:?} not found",
                    p.code
                ));
            }
        }
    }
    if let Some((d, a)) = corpus
        .documents
        .iter()
        .find_map(|d| d.articles.first().map(|a| (d, a)))
    {
        let number = crate::text::nfc(&d.header.number);
        let q = BooleanQuery::new(vec![
            (Occur::Must, term_query(f.document_number, &number)),
            (
                Occur::Must,
                term_query(f.article, &document::article_key(&a.number)),
            ),
        ]);
        if count(&q)? == 0 {
            return fail(format!("article {} of {} not found", a.number, number));
        }
        if let Some(term) = analysis::tokens(Analyzer::Docnum, &number).first() {
            if count(term_query(f.docnum, term).as_ref())? == 0 {
                return fail(format!("document number {number} not found as {term:?}"));
            }
        }
    }
    Ok(())
}

/// Open the generation `CURRENT` points to, registering the analyzers.
///
/// When no build is running (the build lock is free) it first removes what
/// interrupted builds left (`*.tmp`) and prunes old generations to the last
/// [`generation::KEEP_GENERATIONS`]. It refuses an index built with another
/// [`SCHEMA_VERSION`]: rebuild it.
pub fn open(index_root: &Path) -> Result<Opened> {
    if !index_root.is_dir() {
        return Err(Error::Index(format!(
            "{}: no index; build one first",
            index_root.display()
        )));
    }
    match generation::try_lock(index_root) {
        Ok(Some(lock)) => {
            generation::clean_stale(index_root, &lock)?;
            generation::prune(index_root, &lock)?;
        }
        Ok(None) => tracing::info!("a build is running; skipping index clean-up"),
        // A read-only index directory still opens.
        Err(e) => tracing::warn!(error = %e, "cannot take the index lock; skipping clean-up"),
    }
    let generation = serving_generation(index_root)?.ok_or_else(|| {
        Error::Index(format!(
            "{}: no index generation; build one first",
            index_root.display()
        ))
    })?;
    open_dir(generation)
}

/// Open one complete generation (no clean-up: see [`open`]).
pub fn open_generation(generation: Generation) -> Result<Opened> {
    open_dir(generation)
}

/// Open one generation directory (complete or still temporary).
fn open_dir(generation: Generation) -> Result<Opened> {
    let manifest = Manifest::read(&generation.path)?;
    if manifest.schema_version != SCHEMA_VERSION {
        return Err(Error::Index(format!(
            "{}: built with schema version {}, this program uses {}: rebuild the index",
            generation.path.display(),
            manifest.schema_version,
            SCHEMA_VERSION
        )));
    }
    let index = Index::open_in_dir(generation.tantivy_dir())?;
    analysis::register(&index);
    let fields = Fields::from_schema(&index.schema())?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok(Opened {
        index,
        reader,
        fields,
        manifest,
        generation,
    })
}

/// Open the current generation, building one first when it is missing or
/// [`freshness`] says it is out of date for `corpus`.
pub fn open_or_build(corpus: &Corpus, index_root: &Path) -> Result<Opened> {
    if freshness(index_root, &corpus_fingerprint(corpus)).needs_rebuild() {
        build(corpus, index_root)?;
    }
    open(index_root)
}
