//! Per-client rate limiting: a token bucket per client address, answered
//! `429 rate_limited` with `Retry-After` (whole seconds until a request is
//! allowed again).
//!
//! Clients are keyed by address ([`super::policy::Policy::client_ip`]); IPv6
//! clients by their /64, which one subscriber usually owns whole. Memory is
//! bounded: the table is sharded, each shard holds at most
//! [`MAX_CLIENTS_PER_SHARD`] buckets, and a full bucket is the same as no
//! bucket, so full ones are dropped first when a shard fills.
//!
//! Exempt: health probes, `/metrics`, and webhooks (`/webhooks/…`, called
//! by a few platforms from shared addresses; they authenticate themselves).
//! Requests without a peer address (in-process tests) are not limited.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, ErrorKind};
use super::policy::{peer_ip, RateLimit};
use super::state::AppState;

const SHARDS: usize = 16;
/// Buckets per shard at most (16 × 4,096 ≈ 65,000 clients, a few MB).
pub const MAX_CLIENTS_PER_SHARD: usize = 4_096;

/// Paths never rate limited: probes, metrics, webhooks.
pub fn is_exempt(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics") || path.starts_with("/webhooks/")
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// The bucket table.
#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    shards: Vec<Mutex<HashMap<IpAddr, Bucket>>>,
    hasher: RandomState,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        RateLimiter {
            limit,
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            hasher: RandomState::new(),
        }
    }

    /// Take one token for `client` at `now`: `Ok(())`, or the time until one
    /// is available.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = bucket_key(client);
        let shard = &self.shards[(self.hasher.hash_one(key) as usize) % SHARDS];
        let mut map = shard.lock().unwrap_or_else(|p| p.into_inner());
        let burst = f64::from(self.limit.burst.max(1));
        let rate = self.limit.per_second;
        if map.len() >= MAX_CLIENTS_PER_SHARD && !map.contains_key(&key) {
            // Drop buckets that have refilled (same as absent); if every
            // client is still busy, forget them all rather than grow.
            map.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.updated).as_secs_f64() * rate < burst
            });
            if map.len() >= MAX_CLIENTS_PER_SHARD {
                map.clear();
            }
        }
        let bucket = map.entry(key).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / rate.max(1e-9),
            ))
        }
    }

    /// Clients currently tracked.
    pub fn clients(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|p| p.into_inner()).len())
            .sum()
    }
}

/// IPv4 address as is; IPv6 cut to its /64.
fn bucket_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => {
            let mut o = v6.octets();
            o[8..].fill(0);
            IpAddr::V6(o.into())
        }
        v4 => v4,
    }
}

/// The middleware.
pub async fn rate_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(limiter) = state.rate_limiter() else {
        return next.run(req).await;
    };
    if is_exempt(req.uri().path()) {
        return next.run(req).await;
    }
    let Some(client) = state.policy().client_ip(peer_ip(&req), req.headers()) else {
        return next.run(req).await;
    };
    match limiter.check(client, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            state.metrics().rate_limited();
            let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
            ApiError::new(ErrorKind::RateLimited)
                .retry_after(seconds)
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_second: f64, burst: u32) -> RateLimiter {
        RateLimiter::new(RateLimit { per_second, burst })
    }

    #[test]
    fn a_burst_is_allowed_then_the_sustained_rate() {
        let l = limiter(2.0, 3);
        let a: IpAddr = "203.0.113.1".parse().expect("ip");
        let t = Instant::now();
        for _ in 0..3 {
            assert!(l.check(a, t).is_ok());
        }
        let wait = l.check(a, t).expect_err("over the burst");
        assert!(wait <= Duration::from_millis(500) && wait > Duration::ZERO);
        // Another client is unaffected.
        assert!(l.check("203.0.113.2".parse().expect("ip"), t).is_ok());
        // Half a second later one more request is allowed, not two.
        let later = t + Duration::from_millis(500);
        assert!(l.check(a, later).is_ok());
        assert!(l.check(a, later).is_err());
    }

    #[test]
    fn ipv6_clients_share_their_slash_64() {
        let l = limiter(1.0, 1);
        let t = Instant::now();
        assert!(l.check("2001:db8:1:2::1".parse().expect("ip"), t).is_ok());
        assert!(l
            .check("2001:db8:1:2::ffff".parse().expect("ip"), t)
            .is_err());
        assert!(l.check("2001:db8:1:3::1".parse().expect("ip"), t).is_ok());
    }

    #[test]
    fn the_table_stays_bounded() {
        let l = limiter(1.0, 5);
        let t = Instant::now();
        for i in 0..(SHARDS * MAX_CLIENTS_PER_SHARD * 2) as u32 {
            let _ = l.check(IpAddr::V4(i.into()), t);
        }
        assert!(l.clients() <= SHARDS * MAX_CLIENTS_PER_SHARD);
    }

    #[test]
    fn probes_metrics_and_webhooks_are_exempt() {
        for p in ["/healthz", "/readyz", "/metrics", "/webhooks/zalo"] {
            assert!(is_exempt(p), "{p}");
        }
        for p in [
            "/api/chat",
            "/api/search",
            "/webhooks",
            "/api/admin/reindex",
        ] {
            assert!(!is_exempt(p), "{p}");
        }
    }
}
