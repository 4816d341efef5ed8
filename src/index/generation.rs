//! The index directory: generations, the `CURRENT` pointer, the build lock,
//! clean-up of interrupted builds and pruning of old generations.
//!
//! ```text
//! index/
//!   CURRENT          "gen-7\n": the generation being served (replaced by rename)
//!   LOCK             held (flock) by a build; open cleans up only when it is free
//!   gen-6/           previous generation, kept for rollback
//!   gen-7/
//!     manifest.json  schema version, corpus fingerprint, doc counts
//!     index/         the tantivy index
//!     clauses.bin    the articles' clause statistics, written by the first
//!                    engine on the generation (see search::clauses); a
//!                    cache: recomputed when missing, stale or damaged
//!     corpus.bin     the parsed corpus, written at start-up after parsing
//!                    (see corpus::snapshot); the same kind of cache
//!     articles.bin   index address → corpus article, written by the first
//!                    engine on the generation (see search::addresses); the
//!                    same kind of cache
//!   gen-8.tmp/       a build in progress (or interrupted: removed at next start)
//! ```

use std::fs::{self, File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

pub const CURRENT_FILE: &str = "CURRENT";
pub const LOCK_FILE: &str = "LOCK";
/// Name of the tantivy directory inside a generation.
pub const TANTIVY_DIR: &str = "index";
const TMP_SUFFIX: &str = ".tmp";
/// Generations kept: the current one and the one before it.
pub const KEEP_GENERATIONS: usize = 2;

/// One generation directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    pub number: u64,
    /// `index_root/gen-<n>`.
    pub path: PathBuf,
}

impl Generation {
    pub fn name(number: u64) -> String {
        format!("gen-{number}")
    }

    pub fn at(root: &Path, number: u64) -> Generation {
        Generation {
            number,
            path: root.join(Self::name(number)),
        }
    }

    /// The tantivy directory inside it.
    pub fn tantivy_dir(&self) -> PathBuf {
        self.path.join(TANTIVY_DIR)
    }
}

/// `gen-<n>` → n (no suffix, no leading sign, nothing else).
pub fn parse_name(name: &str) -> Option<u64> {
    let digits = name.strip_prefix("gen-")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Complete generations (`gen-<n>` directories), ascending.
pub fn list(root: &Path) -> Result<Vec<Generation>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(root).map_err(|e| Error::io(root, e))? {
        let entry = entry.map_err(|e| Error::io(root, e))?;
        let name = entry.file_name();
        if let Some(n) = name.to_str().and_then(parse_name) {
            if entry.path().is_dir() {
                out.push(Generation::at(root, n));
            }
        }
    }
    out.sort_by_key(|g| g.number);
    Ok(out)
}

/// The next free generation number (also past interrupted `gen-<n>.tmp`).
pub fn next_number(root: &Path) -> Result<u64> {
    let mut max = 0;
    for entry in fs::read_dir(root).map_err(|e| Error::io(root, e))? {
        let entry = entry.map_err(|e| Error::io(root, e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let base = name.strip_suffix(TMP_SUFFIX).unwrap_or(name);
        if let Some(n) = parse_name(base) {
            max = max.max(n);
        }
    }
    Ok(max + 1)
}

/// The generation `CURRENT` points to, if any.
pub fn current(root: &Path) -> Result<Option<Generation>> {
    let path = root.join(CURRENT_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let name = text.trim();
    let n = parse_name(name).ok_or_else(|| {
        Error::Index(format!(
            "{}: not a generation name: {name:?}",
            path.display()
        ))
    })?;
    Ok(Some(Generation::at(root, n)))
}

/// Point `CURRENT` at `generation`: write `CURRENT.tmp`, fsync, rename, fsync
/// the directory. Readers see the old or the new pointer, never a torn one.
pub fn switch_current(root: &Path, generation: &Generation) -> Result<()> {
    let tmp = root.join(format!("{CURRENT_FILE}{TMP_SUFFIX}"));
    let mut file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    file.write_all(format!("{}\n", Generation::name(generation.number)).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(&tmp, e))?;
    drop(file);
    let path = root.join(CURRENT_FILE);
    fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    sync_dir(root);
    Ok(())
}

/// fsync a directory so a rename in it is durable. Best effort: some file
/// systems refuse to sync directories.
pub fn sync_dir(dir: &Path) {
    if let Err(e) = File::open(dir).and_then(|d| d.sync_all()) {
        tracing::debug!(dir = %dir.display(), error = %e, "directory fsync skipped");
    }
}

/// The build lock: an exclusive `flock` on `root/LOCK`, released on drop.
pub struct BuildLock {
    _file: File,
}

/// Try to take the build lock. `Ok(None)` when another process holds it.
pub fn try_lock(root: &Path) -> Result<Option<BuildLock>> {
    let path = root.join(LOCK_FILE);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(BuildLock { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

/// Remove what interrupted builds leave behind: `*.tmp` entries in `root`
/// (`gen-<n>.tmp/`, `CURRENT.tmp`) and tantivy's `.tmp*` atomic-write files
/// inside complete generations. Call only while holding the build lock.
pub fn clean_stale(root: &Path, _lock: &BuildLock) -> Result<()> {
    for entry in fs::read_dir(root).map_err(|e| Error::io(root, e))? {
        let entry = entry.map_err(|e| Error::io(root, e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.ends_with(TMP_SUFFIX) {
            tracing::info!(path = %entry.path().display(), "removing stale build output");
            remove(&entry.path())?;
        }
    }
    for generation in list(root)? {
        let dir = generation.tantivy_dir();
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(".tmp"))
            {
                remove(&entry.path())?;
            }
        }
    }
    Ok(())
}

/// Keep the generation `CURRENT` points to and the newest one before it;
/// remove the rest (older ones, and newer ones a failed switch left).
/// Call only while holding the build lock.
pub fn prune(root: &Path, _lock: &BuildLock) -> Result<()> {
    let Some(current) = current(root)? else {
        return Ok(());
    };
    let all = list(root)?;
    let mut keep: Vec<u64> = vec![current.number];
    keep.extend(
        all.iter()
            .rev()
            .filter(|g| g.number < current.number)
            .take(KEEP_GENERATIONS.saturating_sub(1))
            .map(|g| g.number),
    );
    for generation in all {
        if !keep.contains(&generation.number) {
            tracing::info!(path = %generation.path.display(), "pruning old generation");
            remove(&generation.path)?;
        }
    }
    Ok(())
}

fn remove(path: &Path) -> Result<()> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Path of the temporary directory a build of generation `n` writes into.
pub fn tmp_path(root: &Path, number: u64) -> PathBuf {
    root.join(format!("{}{TMP_SUFFIX}", Generation::name(number)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_names_round_trip_and_reject_junk() {
        assert_eq!(parse_name(&Generation::name(12)), Some(12));
        for junk in [
            "gen-",
            "gen-1.tmp",
            "gen--1",
            "gen-+1",
            "gen-1/..",
            "CURRENT",
        ] {
            assert_eq!(parse_name(junk), None, "{junk}");
        }
    }
}
