//! `POST /api/feedback {session, procedure?, helpful}` → `204`: the thumbs
//! up / down under each answer, kept as counters in memory.
//!
//! Deliberately stored: per procedure code (or "no procedure" for answers
//! that abstained), how many answers were found helpful and how many not.
//! Deliberately not stored: the session, the message, anything about the
//! person. Only codes of the corpus become keys, so the table is bounded by
//! the corpus size.

use std::collections::BTreeMap;
use std::sync::Mutex;

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::Web;
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::Json;

/// Longest accepted `session` (ids handed out are far shorter).
pub const MAX_SESSION_CHARS: usize = 64;

/// The body of `POST /api/feedback`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRequest {
    /// The `session` of the answer rated.
    pub session: String,
    /// The procedure the answer showed (`null` or absent when it abstained).
    #[serde(default)]
    pub procedure: Option<String>,
    pub helpful: bool,
}

/// Votes for one procedure (or for abstentions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Votes {
    pub helpful: u64,
    pub not_helpful: u64,
}

/// The counters.
#[derive(Debug, Default)]
pub struct Feedback {
    /// Procedure code → votes; `""` for answers without a procedure.
    votes: Mutex<BTreeMap<String, Votes>>,
}

impl Feedback {
    /// Count one vote.
    pub fn record(&self, procedure: Option<&str>, helpful: bool) {
        let mut votes = self.votes.lock().unwrap_or_else(|p| p.into_inner());
        let v = votes
            .entry(procedure.unwrap_or("").to_string())
            .or_default();
        if helpful {
            v.helpful += 1;
        } else {
            v.not_helpful += 1;
        }
    }

    /// Votes for a procedure (`None`: answers without a procedure).
    pub fn votes(&self, procedure: Option<&str>) -> Votes {
        let votes = self.votes.lock().unwrap_or_else(|p| p.into_inner());
        votes
            .get(procedure.unwrap_or(""))
            .copied()
            .unwrap_or_default()
    }

    /// Every counter, by procedure code (`""`: no procedure).
    pub fn snapshot(&self) -> BTreeMap<String, Votes> {
        self.votes.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// `POST /api/feedback`.
pub async fn post(
    State(web): State<Web>,
    Json(req): Json<FeedbackRequest>,
) -> Result<StatusCode, ApiError> {
    let session = req.session.trim();
    if session.is_empty() || session.chars().count() > MAX_SESSION_CHARS {
        return Err(ApiError::with_detail(
            ErrorKind::InvalidRequest,
            "`session` must be the non-empty session of the answer rated.",
        ));
    }
    let assistant = web.app.assistant()?;
    let procedure = match req.procedure.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(
            assistant
                .corpus()
                .procedure(code)
                .map(|p| p.code.as_str())
                .ok_or_else(|| ApiError::new(ErrorKind::ProcedureNotFound))?,
        ),
    };
    web.feedback.record(procedure, req.helpful);
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_are_counted_per_procedure() {
        let f = Feedback::default();
        f.record(Some("1.001193"), true);
        f.record(Some("1.001193"), false);
        f.record(Some("1.001193"), true);
        f.record(None, false);
        assert_eq!(
            f.votes(Some("1.001193")),
            Votes {
                helpful: 2,
                not_helpful: 1
            }
        );
        assert_eq!(f.votes(None).not_helpful, 1);
        assert_eq!(f.snapshot().len(), 2);
    }
}
