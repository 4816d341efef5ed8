use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use motcua::assistant::chat::Assistant;
use motcua::http::{router, AppState, Limits};
use serde_json::Value;
use tower::ServiceExt;

/// The committed corpus.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The assistant over the committed corpus, its index built once per test
/// binary in a temporary directory under `target/`.
pub fn assistant() -> Arc<Assistant> {
    static APP: OnceLock<Arc<Assistant>> = OnceLock::new();
    APP.get_or_init(|| {
        crate::common::remove_old_index_dirs("http-index-");
        let index = tempfile::Builder::new()
            .prefix("http-index-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("temporary index directory")
            .keep();
        let app = motcua::app::load(&corpus_dir(), &index).expect("load the committed corpus");
        Arc::new(app)
    })
    .clone()
}

pub fn limits() -> Limits {
    Limits::with_workers(4)
}

pub fn app() -> Router {
    router(AppState::ready(assistant(), limits()))
}

/// A reply, its body parsed as JSON (`Value::Null` when empty or not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    /// The stable error code of an error reply.
    pub fn code(&self) -> &str {
        self.json["error"]["code"]
            .as_str()
            .unwrap_or("<no error code>")
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub async fn send_to(app: Router, req: Request<Body>) -> Reply {
    let res = app.oneshot(req).await.expect("the router is infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
        .await
        .expect("read the body");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        text,
        json,
    }
}

pub async fn send(req: Request<Body>) -> Reply {
    send_to(app(), req).await
}

pub async fn get(uri: &str) -> Reply {
    send(Request::get(uri).body(Body::empty()).expect("request")).await
}

pub async fn post_json(uri: &str, body: impl Into<String>) -> Reply {
    send(
        Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.into()))
            .expect("request"),
    )
    .await
}

/// `POST /api/chat` with this message (and session).
pub async fn chat(message: &str, session: Option<&str>) -> Reply {
    let body = serde_json::json!({"message": message, "session": session});
    post_json("/api/chat", body.to_string()).await
}

/// Percent-encoding for URLs in requests: the one the web pages use.
pub use motcua::web::html::encode;

/// Assert an error reply: status, code, and the shared JSON shape.
#[track_caller]
pub fn assert_error(r: &Reply, status: u16, code: &str) {
    assert_eq!(r.status.as_u16(), status, "{code}: {}", r.text);
    assert_eq!(r.code(), code, "{}", r.text);
    assert!(
        r.json["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "error without a message: {}",
        r.text
    );
    assert!(
        r.header("content-type").starts_with("application/json"),
        "{:?}",
        r.headers
    );
}

/// A test admin key.
pub const ADMIN_KEY: &str = "test-admin-key-0123456789";

/// A policy with the test admin key and nothing else.
pub fn admin_policy() -> motcua::http::Policy {
    motcua::http::Policy {
        admin_key: Some(motcua::http::policy::AdminKey::new(ADMIN_KEY).expect("valid key")),
        ..Default::default()
    }
}

/// A request from a given peer address (as the real server records it).
pub fn from_peer(mut req: Request<Body>, peer: &str) -> Request<Body> {
    let addr: std::net::SocketAddr = peer.parse().expect("peer address");
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    req
}

/// A copy of an index built once per test binary from the committed corpus
/// (copying is much faster than building), in a fresh temporary directory.
pub fn index_copy() -> tempfile::TempDir {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        crate::common::remove_old_index_dirs("template-index-");
        let dir = tempfile::Builder::new()
            .prefix("template-index-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("temporary index directory")
            .keep();
        let (corpus, _) = motcua::corpus::load::load(&corpus_dir()).expect("corpus");
        motcua::index::build(&corpus, &dir).expect("build the template index");
        dir
    });
    let copy = tempfile::Builder::new()
        .prefix("index-copy-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("temporary index directory");
    copy_dir(template, copy.path());
    copy
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from).expect("read directory").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "LOCK" {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A small seeded random generator (xorshift64*), so failures replay.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
