//! Options of mimalloc, the global allocator of the `motcua` binary and of
//! the latency bench (each declares it; see Cargo.toml).

/// mimalloc's `mi_option_purge_delay` (its index in `mi_option_e` of the
/// mimalloc 3 built by libmimalloc-sys 0.1.49; the Rust bindings do not name
/// it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the OS after 100 ms instead of mimalloc's
/// default 1 s. Under every-turn-computed national load (16 connections,
/// 12 s, alternating binaries) the server's peak RSS was 296–307 MiB with
/// the default and 267–276 MiB with 100 ms, for 0–10% of throughput (0 ms
/// cost more CPU than glibc's malloc). An operator's `MIMALLOC_PURGE_DELAY`
/// wins. Call first thing in `main`; without mimalloc as the global
/// allocator it only sets an unused option.
pub fn tune() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's documented options to a valid value.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option set is the purge delay: mimalloc 3's default for it is
    /// 1,000 ms (no other option of its has that default), and `tune`
    /// makes it 100 ms.
    #[test]
    fn tune_sets_mimallocs_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads one of mimalloc's options.
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(get(), 1_000);
        tune();
        assert_eq!(get(), 100);
    }
}
