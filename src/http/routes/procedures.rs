//! The procedure catalog: `GET /api/procedures?field=` (code, name, field of
//! each) and `GET /api/procedures/{code}?lang=` (the full view a citizen
//! reads, as in a chat answer).
//!
//! Both read the in-memory corpus only: no search, no worker.

use axum::extract::State;
use serde::{Deserialize, Serialize};

use crate::assistant::{compose, Lang, ProcedureView};
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::{Path, Query};
use crate::http::state::AppState;
use crate::text::{fold_accents, squash_ws};

#[derive(Debug, Deserialize)]
pub struct ListParams {
    /// Field (lĩnh vực), matched without accents, case or extra spaces.
    #[serde(default)]
    pub field: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ProcedureSummary {
    pub code: String,
    pub name: String,
    pub field: String,
}

#[derive(Debug, Serialize)]
pub struct ProcedureList {
    pub procedures: Vec<ProcedureSummary>,
    pub total: usize,
}

/// `GET /api/procedures?field=`.
pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Result<axum::Json<ProcedureList>, ApiError> {
    let assistant = state.assistant()?;
    let wanted = params
        .field
        .as_deref()
        .map(field_key)
        .filter(|k| !k.is_empty());
    let procedures: Vec<ProcedureSummary> = assistant
        .corpus()
        .procedures
        .iter()
        .filter(|p| wanted.as_ref().is_none_or(|w| field_key(&p.field) == *w))
        .map(|p| ProcedureSummary {
            code: p.code.clone(),
            name: p.name.clone(),
            field: p.field.clone(),
        })
        .collect();
    Ok(axum::Json(ProcedureList {
        total: procedures.len(),
        procedures,
    }))
}

/// Comparison key of a field name: "Hộ  tịch" and "ho tich" agree.
fn field_key(s: &str) -> String {
    squash_ws(&fold_accents(&crate::text::nfc(s))).to_lowercase()
}

#[derive(Debug, Deserialize)]
pub struct ViewParams {
    /// Label language (`vi` or `en`); legal text stays Vietnamese.
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// `GET /api/procedures/{code}`.
pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(params): Query<ViewParams>,
) -> Result<axum::Json<ProcedureView>, ApiError> {
    let assistant = state.assistant()?;
    let corpus = assistant.corpus();
    let p = corpus
        .procedure(code.trim())
        .ok_or_else(|| ApiError::new(ErrorKind::ProcedureNotFound))?;
    Ok(axum::Json(compose::view(
        p,
        corpus,
        assistant.profile(),
        params.lang.unwrap_or_default(),
    )))
}

#[cfg(test)]
mod tests {
    use super::field_key;

    #[test]
    fn field_names_match_without_accents_case_or_spacing() {
        assert_eq!(field_key("Hộ tịch"), field_key(" ho  TICH "));
        assert_ne!(field_key("Hộ tịch"), field_key("Hộ khẩu"));
    }
}
