//! One file per resource; each handler validates its input, calls the
//! library (blocking work through [`super::workers`]) and maps the result to
//! JSON. None of them formats an error body itself: they return
//! [`super::error::ApiError`].

pub mod chat;
pub mod documents;
pub mod health;
pub mod procedures;
pub mod search;
pub mod telegram;
