//! One chat turn: understand the question, pick the procedure (or admit not
//! knowing), and compose an answer only from corpus text and fixed labels.

pub mod types;

pub use types::*;
pub mod basis;
pub mod chat;
pub mod compose;
pub mod intent;
pub mod rank;
pub mod session;
pub mod subjects;
pub mod understand;
