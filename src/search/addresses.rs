//! Where each indexed article is in the corpus (`DocAddress` → document and
//! article index), kept beside the generation in `gen-N/articles.bin`.
//!
//! Computing it reads every stored article back from the index (decompressing
//! and decoding all article texts: ~0.2 s of a national start-up); the
//! snapshot is a few hundred KiB of integers. It is keyed by the generation's
//! segments (ids and sizes: the addresses are theirs), its manifest and the
//! corpus's article keys in order (the indices are the corpus's), and every
//! entry is checked against both on reading. A missing, stale, truncated or
//! corrupted snapshot is never an error: the table is computed and the
//! snapshot rewritten, best effort.

use std::collections::HashMap;
use std::path::Path;

use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::analysis::docnum::normalize;
use crate::corpus::Corpus;
use crate::index::{Fields, Manifest, KIND_ARTICLE};
use crate::snapshot::{fnv, le_u64, FNV_OFFSET};

/// File name of the snapshot in a generation directory.
pub(crate) const SNAPSHOT_FILE: &str = "articles.bin";
/// First bytes of a snapshot; the last digit is the format version.
pub(crate) const MAGIC: &[u8; 8] = b"MCADDRS1";

pub(crate) type Addresses = HashMap<DocAddress, (usize, usize)>;
pub(crate) type ArticleKeys = HashMap<(String, String), (usize, usize)>;

/// The table from the snapshot at `path` when it is there, intact and made
/// from this index and corpus; otherwise computed and the snapshot
/// (re)written. `corpus_key` hashes the corpus's article keys in order.
pub(crate) fn load_or_new(
    searcher: &Searcher,
    fields: &Fields,
    manifest: &Manifest,
    corpus: &Corpus,
    articles_by_key: &ArticleKeys,
    corpus_key: u64,
    path: Option<&Path>,
) -> Addresses {
    let key = key(searcher, manifest, corpus_key);
    if let Some(path) = path {
        if let Some(bytes) = crate::snapshot::read(path, MAGIC, key, "article address") {
            match decode(crate::snapshot::body_of(&bytes), searcher, corpus) {
                Some(table) => return table,
                None => tracing::warn!(
                    path = %path.display(),
                    "article address snapshot does not fit the index; recomputing it"
                ),
            }
        }
    }
    let table = compute(searcher, fields, articles_by_key);
    if let Some(path) = path {
        if let Err(e) = crate::snapshot::write(path, &encode(&table, key)) {
            tracing::warn!(path = %path.display(), error = %e, "article address snapshot not written");
        }
    }
    table
}

/// What the table is made from: the segments (id, size), the manifest and
/// the corpus's article keys.
fn key(searcher: &Searcher, manifest: &Manifest, corpus_key: u64) -> u64 {
    let mut h = fnv(FNV_OFFSET, MAGIC);
    for segment in searcher.segment_readers() {
        h = fnv(h, segment.segment_id().uuid_string().as_bytes());
        h = fnv(h, &segment.max_doc().to_le_bytes());
        h = fnv(h, &segment.num_docs().to_le_bytes());
    }
    h = fnv(h, manifest.corpus_fingerprint.as_bytes());
    h = fnv(h, &manifest.articles.to_le_bytes());
    h = fnv(h, &manifest.built_at.to_le_bytes());
    fnv(h, &corpus_key.to_le_bytes())
}

/// Body: the entry count, then per entry segment ordinal, doc id, document
/// index and article index (u32 each, little-endian).
fn encode(table: &Addresses, key: u64) -> Vec<u8> {
    let mut out = crate::snapshot::begin(MAGIC, key, 8 + table.len() * 16);
    out.extend_from_slice(&(table.len() as u64).to_le_bytes());
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_unstable_by_key(|(a, _)| (a.segment_ord, a.doc_id));
    for (addr, &(di, ai)) in entries {
        for v in [addr.segment_ord, addr.doc_id, di as u32, ai as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    crate::snapshot::finish(&mut out);
    out
}

/// The table of a body, if every entry addresses a live document of the
/// index and an article of the corpus.
fn decode(body: &[u8], searcher: &Searcher, corpus: &Corpus) -> Option<Addresses> {
    let n = usize::try_from(le_u64(body.get(..8)?)).ok()?;
    let rest = &body[8..];
    if rest.len() != n.checked_mul(16)? {
        return None;
    }
    let segments = searcher.segment_readers();
    let mut table = HashMap::with_capacity(n);
    for e in rest.chunks_exact(16) {
        let v = |i: usize| u32::from_le_bytes([e[i], e[i + 1], e[i + 2], e[i + 3]]);
        let (segment_ord, doc_id, di, ai) = (v(0), v(4), v(8) as usize, v(12) as usize);
        let segment = segments.get(segment_ord as usize)?;
        if doc_id >= segment.max_doc() || segment.is_deleted(doc_id) {
            return None;
        }
        corpus.documents.get(di)?.articles.get(ai)?;
        table.insert(DocAddress::new(segment_ord, doc_id), (di, ai));
    }
    Some(table)
}

/// Read once from the stored fields of the (immutable) generation. An
/// article missing from the corpus is left out: its hits are then built
/// from the stored fields.
fn compute(searcher: &Searcher, fields: &Fields, articles_by_key: &ArticleKeys) -> Addresses {
    let mut out = HashMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let Ok(store) = segment.get_store_reader(1) else {
            continue;
        };
        for doc_id in segment.doc_ids_alive() {
            let Ok(doc) = store.get::<TantivyDocument>(doc_id) else {
                continue;
            };
            let get = |field| doc.get_first(field).and_then(|v| v.as_str());
            if get(fields.kind) != Some(KIND_ARTICLE) {
                continue;
            }
            let (Some(number), Some(article)) = (get(fields.document_number), get(fields.article))
            else {
                continue;
            };
            if let Some(&found) = articles_by_key.get(&(normalize(number), article.to_string())) {
                out.insert(DocAddress::new(ord as u32, doc_id), found);
            }
        }
    }
    out
}
