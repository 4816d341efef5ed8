//! motcua — a retrieval-based assistant for a Vietnamese commune's one-stop
//! administrative service center (Trung tâm Phục vụ hành chính công).
//!
//! Layers, top to bottom (each uses only the ones below it):
//!
//! - [`import`]: turns the raw public sources into the editable `corpus/`.
//! - [`corpus`]: the corpus model, its file formats, loading and validation.
//! - [`analysis`]: Vietnamese analyzers (NFC, accent folding, tone placement,
//!   document numbers, stop words).
//! - [`index`]: the tantivy schema, building generations, opening them.
//! - [`search`]: queries built in code from analyzer tokens; ranking.
//! - [`assistant`]: one chat turn → procedure, checklist, passages, follow-ups.
//! - [`http`]: the axum server (the only module that knows HTTP or tokio).
//! - [`web`]: the web pages and the widget, served beside the API.
//!
//! The engine below `http` is synchronous and usable from the CLI, tests and
//! benches without a runtime.

pub mod allocator;
pub mod analysis;
pub mod app;
pub mod assistant;
pub mod config;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod http;
pub mod import;
pub mod index;
pub mod redact;
pub mod search;
pub(crate) mod snapshot;
pub mod text;
pub mod web;

pub use error::{Error, Result};
