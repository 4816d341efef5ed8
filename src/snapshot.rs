//! Checksummed binary snapshots of derived data kept beside an index
//! generation (`clauses.bin`, `corpus.bin`, `articles.bin`): one framing for
//! all of them.
//!
//! Layout (little-endian): an 8-byte magic (its last digit the format
//! version), a 64-bit key naming what the snapshot was made from, the body
//! length and the body checksum, then the body. A reader gets the body only
//! when magic, key, length and checksum all match; anything else (missing,
//! truncated, corrupted, another format, made from other inputs) is `None`
//! and the caller recomputes.

use std::path::Path;

/// Bytes before the body.
const HEADER: usize = 32;

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, continued from `h`.
pub(crate) fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// [`fnv`] of `n` as 8 little-endian bytes.
pub(crate) fn fnv_u64(h: u64, n: u64) -> u64 {
    fnv(h, &n.to_le_bytes())
}

/// [`fnv`] of `bytes` after their length ([`fnv_u64`]), so that two strings
/// hashed one after the other never read as another pair.
pub(crate) fn fnv_prefixed(h: u64, bytes: &[u8]) -> u64 {
    fnv(fnv_u64(h, bytes.len() as u64), bytes)
}

/// A fast 64-bit checksum (FNV-like, 8 bytes a step).
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = (h ^ le_u64(c))
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(29);
    }
    fnv(h, chunks.remainder())
}

pub(crate) fn le_u64(c: &[u8]) -> u64 {
    u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
}

/// A buffer holding the header of a snapshot (length and checksum still
/// zero); append the body, then [`finish`] it.
pub(crate) fn begin(magic: &[u8; 8], key: u64, body_capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + body_capacity);
    out.extend_from_slice(magic);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&[0; 16]);
    out
}

/// Fill in the body length and checksum of a buffer from [`begin`].
pub(crate) fn finish(out: &mut [u8]) {
    let len = (out.len() - HEADER) as u64;
    let sum = checksum(&out[HEADER..]);
    out[16..24].copy_from_slice(&len.to_le_bytes());
    out[24..32].copy_from_slice(&sum.to_le_bytes());
}

/// The body of a snapshot, if it is whole and of this magic and key.
pub(crate) fn body<'a>(bytes: &'a [u8], magic: &[u8; 8], key: u64) -> Option<&'a [u8]> {
    if bytes.len() < HEADER || &bytes[..8] != magic || le_u64(&bytes[8..16]) != key {
        return None;
    }
    let len = usize::try_from(le_u64(&bytes[16..24])).ok()?;
    let body = &bytes[HEADER..];
    (body.len() == len && checksum(body) == le_u64(&bytes[24..32])).then_some(body)
}

/// Write a snapshot (to a temporary file renamed over `path`).
pub(crate) fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("bin.tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Read the snapshot at `path`: its body if it is there and valid for
/// `magic` and `key`. A missing file is silent; an unreadable or invalid one
/// is logged as `what`.
pub(crate) fn read(path: &Path, magic: &[u8; 8], key: u64, what: &str) -> Option<Vec<u8>> {
    match std::fs::read(path) {
        Ok(bytes) => {
            if body(&bytes, magic, key).is_some() {
                return Some(bytes);
            }
            // Another corpus or another build of motcua wrote it: expected
            // after an edit or an upgrade. Anything else is damage.
            // An older format version (the magic's last digit) is an upgrade.
            let stale = bytes.len() >= HEADER
                && ((&bytes[..8] == magic && le_u64(&bytes[8..16]) != key)
                    || (bytes[..7] == magic[..7] && bytes[7] != magic[7]));
            if stale {
                tracing::info!(path = %path.display(), "{what} snapshot is for another corpus or build; recomputing it");
            } else {
                tracing::warn!(path = %path.display(), "{what} snapshot corrupted; recomputing it");
            }
            None
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "{what} snapshot unreadable");
            None
        }
    }
}

/// Offset of the body in a buffer [`read`] returned.
pub(crate) fn body_of(bytes: &[u8]) -> &[u8] {
    &bytes[HEADER..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_reads_back_only_whole_and_with_its_key() {
        let mut out = begin(b"MCTEST01", 7, 3);
        out.extend_from_slice(b"abc");
        finish(&mut out);
        assert_eq!(body(&out, b"MCTEST01", 7), Some(&b"abc"[..]));
        assert_eq!(body(&out, b"MCTEST01", 8), None);
        assert_eq!(body(&out, b"MCTEST02", 7), None);
        assert_eq!(body(&out[..out.len() - 1], b"MCTEST01", 7), None);
        let mut flipped = out.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(body(&flipped, b"MCTEST01", 7), None);
        assert_eq!(body(&[], b"MCTEST01", 7), None);
    }
}
