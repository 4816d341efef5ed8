//! The manifest of a generation (`gen-<n>/manifest.json`): what it was built
//! from, so `serve` can tell whether the index is older than the corpus or
//! than this program's schema.

use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::{Error, Result};

/// File name of the manifest inside a generation directory.
pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`super::SCHEMA_VERSION`] of the program that built it.
    pub schema_version: u32,
    /// [`corpus_fingerprint`] of the corpus it was built from.
    pub corpus_fingerprint: String,
    pub procedures: u64,
    pub documents: u64,
    pub articles: u64,
    /// Unix time of the build, in seconds.
    pub built_at: u64,
    /// Version of motcua that built it.
    pub motcua_version: String,
}

impl Manifest {
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Index(format!("{}: {e}", path.display())))
    }

    /// Write into `dir` (a generation still being built) and fsync.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(MANIFEST_FILE);
        let json =
            serde_json::to_vec_pretty(self).map_err(|e| Error::Index(format!("manifest: {e}")))?;
        let mut file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        file.write_all(&json)
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io(&path, e))
    }
}

/// 64-bit FNV-1a, streamed: stable across Rust versions and platforms (unlike
/// `DefaultHasher`), which is all a change detector needs.
struct Fnv64(u64);

impl Write for Fnv64 {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for b in buf {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn feed<T: Serialize>(h: &mut Fnv64, value: &T) {
    if serde_json::to_writer(&mut *h, value).is_err() {
        // Unreachable for the corpus model (the writer never fails, keys are
        // strings); still make the hash differ.
        h.0 = h.0.rotate_left(1) ^ 0xdead_beef;
    }
    // Record separator, so moving text between records changes the hash.
    h.0 = (h.0 ^ 0x1e).wrapping_mul(0x0100_0000_01b3);
}

/// A fingerprint of the corpus content (every procedure, every document
/// header and article), independent of file names and formatting.
pub fn corpus_fingerprint(corpus: &Corpus) -> String {
    let mut h = Fnv64(0xcbf2_9ce4_8422_2325);
    for p in &corpus.procedures {
        feed(&mut h, p);
    }
    for d in &corpus.documents {
        feed(&mut h, &d.header);
        for a in &d.articles {
            feed(&mut h, a);
        }
    }
    format!(
        "fnv64:{:016x}:{}:{}",
        h.0,
        corpus.procedures.len(),
        corpus.documents.len()
    )
}
