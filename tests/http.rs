//! HTTP API tests: the real router (`motcua::http::router`) over the
//! committed `corpus/`, driven with `tower::ServiceExt::oneshot`, plus one
//! test binary's worth of real-socket checks. The app is built once per
//! binary (see `support`).

/// Helpers shared with the other test binaries.
mod common;
/// Building the app once, sending requests, reading JSON replies.
#[path = "http/support.rs"]
mod support;

/// Admin routes: the key, no CORS, a listener of their own.
#[path = "http/admin.rs"]
mod admin;
/// `GET /api/procedures…` and `GET /api/documents…`: the catalog.
#[path = "http/catalog.rs"]
mod catalog;
/// `POST /api/chat`: answers a citizen would notice, and its input errors.
#[path = "http/chat.rs"]
mod chat;
/// Errors every route shares: unknown route, wrong method, body limits, 503s.
#[path = "http/errors.rs"]
mod errors;
/// Hostile input (10,000 random and adversarial queries), body limits, rate
/// limits, CORS, metrics and redaction.
#[path = "http/hostile.rs"]
mod hostile;
/// Security headers, health probes, the OpenAPI document.
#[path = "http/meta.rs"]
mod meta;
/// A real server on a real port: slow clients, graceful shutdown.
#[path = "http/real_server.rs"]
mod real_server;
/// Reindexing a serving router: under load, failures, one at a time, the
/// watch on `CURRENT`, and a `kill -9` in the middle of a build.
#[path = "http/reindex.rs"]
mod reindex;
/// `GET /api/search`: officials' search and its parameter errors.
#[path = "http/search.rs"]
mod search;
/// `POST /webhooks/telegram`: the secret, replies, conversations.
#[path = "http/telegram.rs"]
mod telegram;
