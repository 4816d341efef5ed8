//! Who may do what: the admin key, CORS origins, trusted proxies and the
//! per-client rate limit — the security settings of one server, parsed once
//! from [`super::serve::ServeConfig`] and held in [`super::AppState`].
//!
//! The default ([`Policy::default`]) is what tests and library users get: no
//! admin routes, no CORS, no proxy trusted, no rate limit. `motcua serve`
//! turns the rate limit on by default.
//!
//! Client address: the TCP peer, unless the peer is a configured trusted
//! proxy; then `X-Forwarded-For` is read from the right, skipping trusted
//! hops, and the first untrusted address is the client. Nothing else
//! (`X-Real-IP`, `Forwarded`) is read, and nothing is read from an
//! untrusted peer: a client cannot choose its own rate-limit bucket.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, HeaderValue};

use crate::error::{Error, Result};

/// Shortest admin key accepted.
pub const MIN_ADMIN_KEY_CHARS: usize = 16;
/// Default sustained rate per client (requests per second).
pub const DEFAULT_RATE_PER_SECOND: f64 = 10.0;
/// Default burst per client (requests allowed at once from a full bucket).
pub const DEFAULT_RATE_BURST: u32 = 40;

/// The admin key, compared in constant time. Its `Debug` hides it.
#[derive(Clone)]
pub struct AdminKey(Vec<u8>);

impl std::fmt::Debug for AdminKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminKey(…)")
    }
}

impl AdminKey {
    /// A key of at least [`MIN_ADMIN_KEY_CHARS`] visible ASCII characters
    /// (surrounding whitespace, e.g. a key file's newline, is trimmed).
    pub fn new(key: &str) -> Result<AdminKey> {
        let key = key.trim();
        if key.chars().count() < MIN_ADMIN_KEY_CHARS {
            return Err(Error::Config(format!(
                "the admin key must have at least {MIN_ADMIN_KEY_CHARS} characters"
            )));
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Config(
                "the admin key must be visible ASCII characters (no spaces)".into(),
            ));
        }
        Ok(AdminKey(key.as_bytes().to_vec()))
    }

    /// Whether `candidate` is the key. The time taken depends only on the
    /// lengths, never on where the first differing byte is.
    pub fn matches(&self, candidate: &[u8]) -> bool {
        constant_time_eq(&self.0, candidate)
    }
}

/// The secret Telegram sends with every webhook call in
/// `X-Telegram-Bot-Api-Secret-Token` (the `secret_token` given to
/// `setWebhook`), compared in constant time. Its `Debug` hides it.
#[derive(Clone)]
pub struct WebhookSecret(Vec<u8>);

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(…)")
    }
}

impl WebhookSecret {
    /// 16 to 256 characters of `A–Z a–z 0–9 _ -` (what Telegram accepts;
    /// surrounding whitespace, e.g. a file's newline, is trimmed).
    pub fn new(secret: &str) -> Result<WebhookSecret> {
        let secret = secret.trim();
        let ok = (MIN_ADMIN_KEY_CHARS..=256).contains(&secret.len())
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !ok {
            return Err(Error::Config(format!(
                "the Telegram secret must be {MIN_ADMIN_KEY_CHARS} to 256 characters of A-Z, a-z, 0-9, _ and -"
            )));
        }
        Ok(WebhookSecret(secret.as_bytes().to_vec()))
    }

    pub fn matches(&self, candidate: &[u8]) -> bool {
        constant_time_eq(&self.0, candidate)
    }
}

/// Byte-string equality in time independent of the content (the length is
/// not secret: it is compared first, as `subtle` does).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= std::hint::black_box(x ^ y);
    }
    std::hint::black_box(diff) == 0
}

/// An IP network (`10.0.0.0/8`, `::1/128`, or one address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// `a.b.c.d`, `a.b.c.d/n`, an IPv6 address with or without `/n`.
    pub fn parse(s: &str) -> Result<IpNet> {
        let s = s.trim();
        let bad = || Error::Config(format!("not an IP address or network: {s:?}"));
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (
                a.parse::<IpAddr>().map_err(|_| bad())?,
                Some(p.parse::<u8>().map_err(|_| bad())?),
            ),
            None => (s.parse::<IpAddr>().map_err(|_| bad())?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return Err(bad());
        }
        Ok(IpNet { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                prefix_eq(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_eq(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let full = usize::from(prefix / 8);
    let rest = prefix % 8;
    if a[..full] != b[..full] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    (a[full] & mask) == (b[full] & mask)
}

/// IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as IPv4, so one client is one client.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Per-client token bucket settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Sustained requests per second.
    pub per_second: f64,
    /// Requests a client may send at once.
    pub burst: u32,
}

impl RateLimit {
    /// Time to earn one request.
    pub fn interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.per_second.max(1e-9))
    }
}

/// The security settings of a server.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Admin routes exist only when a key is set.
    pub admin_key: Option<AdminKey>,
    /// Admin routes (and `/metrics`) are served on a separate listener, not
    /// on the public one.
    pub admin_separate: bool,
    /// Origins allowed to call the API from a browser (exact match); empty:
    /// no CORS headers at all.
    pub cors_origins: Vec<HeaderValue>,
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// `None`: no rate limit.
    pub rate_limit: Option<RateLimit>,
    /// The Telegram webhook exists only when its secret is set.
    pub telegram_secret: Option<WebhookSecret>,
}

impl Policy {
    /// Parse CORS origins (`https://xa.example.vn`), failing on anything that
    /// is not a plain `scheme://host[:port]`.
    pub fn parse_origins<S: AsRef<str>>(origins: &[S]) -> Result<Vec<HeaderValue>> {
        let mut out = Vec::new();
        for o in origins {
            let o = o.as_ref().trim().trim_end_matches('/');
            if o.is_empty() {
                continue;
            }
            let ok = (o.starts_with("https://") || o.starts_with("http://"))
                && !o.contains(['*', ' ', '?', '#'])
                && o.split("://")
                    .nth(1)
                    .is_some_and(|h| !h.is_empty() && !h.contains('/'));
            if !ok {
                return Err(Error::Config(format!(
                    "CORS origin {o:?} is not of the form https://host[:port]"
                )));
            }
            out.push(
                HeaderValue::from_str(o).map_err(|_| {
                    Error::Config(format!("CORS origin {o:?} is not a header value"))
                })?,
            );
        }
        Ok(out)
    }

    /// Parse trusted proxies (`127.0.0.1`, `10.0.0.0/8`, `::1`).
    pub fn parse_proxies<S: AsRef<str>>(proxies: &[S]) -> Result<Vec<IpNet>> {
        proxies
            .iter()
            .map(AsRef::as_ref)
            .filter(|s| !s.trim().is_empty())
            .map(IpNet::parse)
            .collect()
    }

    fn is_trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|n| n.contains(ip))
    }

    /// The client's address (see the module documentation); `None` when the
    /// request carries no peer address (in-process tests).
    pub fn client_ip(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = canonical(peer?);
        if !self.is_trusted(peer) {
            return Some(peer);
        }
        let mut hops: Vec<&str> = Vec::new();
        for value in headers.get_all("x-forwarded-for") {
            let Ok(value) = value.to_str() else {
                return Some(peer);
            };
            hops.extend(value.split(','));
        }
        let mut client = peer;
        for hop in hops.iter().rev() {
            match parse_hop(hop) {
                Some(ip) if self.is_trusted(ip) => client = ip,
                Some(ip) => return Some(ip),
                // Garbage: believe nothing further left.
                None => return Some(client),
            }
        }
        Some(client)
    }
}

/// One `X-Forwarded-For` entry: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`,
/// `[2001:db8::1]:443`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    hop.parse::<SocketAddr>().ok().map(|s| canonical(s.ip()))
}

/// The TCP peer of a request, as [`super::serve`] records it.
pub fn peer_ip<B>(req: &axum::http::Request<B>) -> Option<IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("test address")
    }

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_str(v).expect("header"));
        h
    }

    #[test]
    fn networks_contain_their_addresses_only() {
        let n = IpNet::parse("10.0.0.0/8").expect("net");
        assert!(n.contains(ip("10.1.2.3")));
        assert!(!n.contains(ip("11.0.0.1")));
        assert!(IpNet::parse("192.168.1.0/25")
            .expect("net")
            .contains(ip("192.168.1.127")));
        assert!(!IpNet::parse("192.168.1.0/25")
            .expect("net")
            .contains(ip("192.168.1.128")));
        assert!(IpNet::parse("127.0.0.1")
            .expect("net")
            .contains(ip("::ffff:127.0.0.1")));
        assert!(IpNet::parse("::1").expect("net").contains(ip("::1")));
        assert!(IpNet::parse("0.0.0.0/0")
            .expect("net")
            .contains(ip("8.8.8.8")));
        for bad in ["", "10.0.0.0/33", "abc", "10.0.0/8", "::1/129"] {
            assert!(IpNet::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_headers_are_ignored_from_untrusted_peers() {
        let p = Policy::default();
        assert_eq!(
            p.client_ip(Some(ip("203.0.113.9")), &xff("1.1.1.1")),
            Some(ip("203.0.113.9"))
        );
    }

    #[test]
    fn a_trusted_proxy_forwards_the_first_untrusted_hop_from_the_right() {
        let p = Policy {
            trusted_proxies: Policy::parse_proxies(&["127.0.0.1", "10.0.0.0/8"]).expect("nets"),
            ..Policy::default()
        };
        let peer = Some(ip("127.0.0.1"));
        // The client's own claim (leftmost) is not believed past an untrusted hop.
        assert_eq!(
            p.client_ip(peer, &xff("6.6.6.6, 198.51.100.7, 10.0.0.2")),
            Some(ip("198.51.100.7"))
        );
        assert_eq!(
            p.client_ip(peer, &xff("[2001:db8::1]:443")),
            Some(ip("2001:db8::1"))
        );
        assert_eq!(p.client_ip(peer, &xff("1.2.3.4:5678")), Some(ip("1.2.3.4")));
        assert_eq!(p.client_ip(peer, &HeaderMap::new()), peer);
        assert_eq!(p.client_ip(peer, &xff("garbage")), peer);
        assert_eq!(p.client_ip(peer, &xff("10.0.0.5")), Some(ip("10.0.0.5")));
        assert_eq!(p.client_ip(None, &xff("1.2.3.4")), None);
    }

    #[test]
    fn admin_keys_compare_whole() {
        let k = AdminKey::new("correct-horse-battery-staple\n").expect("key");
        assert!(k.matches(b"correct-horse-battery-staple"));
        assert!(!k.matches(b"correct-horse-battery-stapl"));
        assert!(!k.matches(b"correct-horse-battery-staplE"));
        assert!(!k.matches(b""));
        assert!(AdminKey::new("short").is_err());
        assert!(AdminKey::new("has a space in it, too long").is_err());
        assert!(!format!("{k:?}").contains("horse"));
    }

    #[test]
    fn cors_origins_must_be_plain_origins() {
        assert!(
            Policy::parse_origins(&["https://xa.example.vn", "http://localhost:3000/"]).is_ok()
        );
        for bad in ["*", "xa.example.vn", "https://", "https://a/b", "ftp://a"] {
            assert!(Policy::parse_origins(&[bad]).is_err(), "{bad}");
        }
    }
}
