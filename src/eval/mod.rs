//! Evaluation: `motcua eval` measures routing and article retrieval on the
//! labelled sets in `tests/eval/`, beside a plain BM25 baseline.

pub mod baseline;
pub mod metrics;
