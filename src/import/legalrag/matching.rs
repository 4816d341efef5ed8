//! Matching a sheet to a portal procedure by name.
//!
//! The sheets carry no national code. Names are compared after
//! [`normalize_name`] as token sets, among commune-level procedures of the
//! sheet's field only, with three guards that keep a variant from matching
//! its base procedure:
//!
//! 1. **Variant markers** ([`VARIANT_MARKERS`]): "có yếu tố nước ngoài",
//!    "lưu động", "đăng ký lại", "kết hợp", "liên thông", "khu vực biên
//!    giới"… must be in both names or in neither.
//! 2. **No substitution**: if each name has a word the other lacks, they name
//!    different things ("văn bản *khai nhận* di sản" vs "văn bản *phân chia*
//!    di sản") and do not match, however many words they share. One name may
//!    be a fuller version of the other ("…hợp đồng, giao dịch…" vs
//!    "…giao dịch…"; a short title vs the portal's long one).
//! 3. **Confidence**: the score must reach [`MIN_SCORE`] and beat the runner-up
//!    (with a different name) by [`MIN_MARGIN`]; otherwise no match.

use std::collections::BTreeSet;

use crate::corpus::Procedure;
use crate::text::{fold_accents, nfc};

/// Lowest score accepted as a match.
pub const MIN_SCORE: f32 = 0.8;
/// How far the best candidate must lead the runner-up.
pub const MIN_MARGIN: f32 = 0.05;

/// Phrases (normalized) that make a procedure a distinct variant of another:
/// a name with one matches only a name with the same one.
pub const VARIANT_MARKERS: &[&str] = &[
    "co yeu to nuoc ngoai",
    "khu vuc bien gioi",
    "luu dong",
    "dang ky lai",
    "cap lai",
    "ket hop",
    "lien thong",
    "da co ho so",
    "cham dut",
    "giam sat",
    "khong phai",
    "ly hon",
    "ho tich khac",
    "trong nuoc",
    "ban sao",
];

/// Words that carry no meaning for matching (after normalization).
const STOPWORDS: &[&str] = &["va", "cac", "nhung"];

/// Normalize a procedure name for comparison: NFC, lower case, accents
/// folded, punctuation to spaces, the words "thủ tục" removed.
///
/// `"Thủ tục đăng ký khai sinh (lưu động)"` → `"dang ky khai sinh luu dong"`.
pub fn normalize_name(s: &str) -> String {
    let folded = fold_accents(&nfc(s)).to_lowercase();
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if words[i] == "thu" && words.get(i + 1) == Some(&"tuc") {
            i += 2;
            continue;
        }
        out.push(words[i]);
        i += 1;
    }
    out.join(" ")
}

/// The name without parenthesized parts, normalized: two sheets with the same
/// base name describe the same procedure (e.g. the commune's and the notary
/// office's sheet for "chứng thực chữ ký").
pub(crate) fn base_name(s: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    normalize_name(&out)
}

fn tokens(norm: &str) -> BTreeSet<&str> {
    norm.split(' ')
        .filter(|t| !t.is_empty() && !STOPWORDS.contains(t))
        .collect()
}

fn has_phrase(norm: &str, phrase: &str) -> bool {
    format!(" {norm} ").contains(&format!(" {phrase} "))
}

/// Similarity in `[0, 1]` of a sheet's name and a procedure's name; `0` when
/// the guards (markers, substitution) say they are different procedures.
///
/// Score: `0.6 × recall + 0.4 × Dice` over word sets, where recall is the
/// share of the sheet's words found in the procedure's name. Recall weighs
/// more because portal names are often the longer, more formal version.
pub fn name_similarity(sheet_name: &str, procedure_name: &str) -> f32 {
    similarity_normalized(&normalize_name(sheet_name), &normalize_name(procedure_name))
}

fn similarity_normalized(a: &str, b: &str) -> f32 {
    if VARIANT_MARKERS
        .iter()
        .any(|m| has_phrase(a, m) != has_phrase(b, m))
    {
        return 0.0;
    }
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let only_a = ta.difference(&tb).next().is_some();
    let only_b = tb.difference(&ta).next().is_some();
    if only_a && only_b {
        return 0.0;
    }
    let common = ta.intersection(&tb).count() as f32;
    let recall = common / ta.len() as f32;
    let dice = 2.0 * common / (ta.len() + tb.len()) as f32;
    0.6 * recall + 0.4 * dice
}

/// True when the procedure is performed at commune level (cấp xã), whatever
/// the levels are written as ("Cấp xã", "Cấp bộ, Cấp tỉnh, Cấp xã").
pub(crate) fn is_commune_level(p: &Procedure) -> bool {
    p.levels
        .iter()
        .any(|l| has_phrase(&normalize_name(l), "cap xa"))
}

fn same_field(p: &Procedure, field: &str) -> bool {
    normalize_name(&p.field) == normalize_name(field)
}

/// What the matcher concluded, with the evidence (for the merge report).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    Matched(usize, f32),
    /// Two differently named candidates scored too close to choose.
    Ambiguous {
        best: (usize, f32),
        second: (usize, f32),
    },
    /// Nothing reached [`MIN_SCORE`]; the best compatible candidate, if any.
    Weak(Option<(usize, f32)>),
}

/// Match a name among commune-level procedures (of `field`, when given).
pub(crate) fn outcome(procedures: &[Procedure], name: &str, field: Option<&str>) -> Outcome {
    outcome_where(procedures, name, |p| {
        is_commune_level(p) && field.is_none_or(|f| same_field(p, f))
    })
}

/// Like [`outcome`] but at any level: to say where a sheet's counterpart is
/// when it has none at commune level.
pub(crate) fn outcome_any_level(
    procedures: &[Procedure],
    name: &str,
    field: Option<&str>,
) -> Outcome {
    outcome_where(procedures, name, |p| field.is_none_or(|f| same_field(p, f)))
}

fn outcome_where(
    procedures: &[Procedure],
    name: &str,
    eligible: impl Fn(&Procedure) -> bool,
) -> Outcome {
    let norm = normalize_name(name);
    let mut scored: Vec<(usize, f32, String)> = procedures
        .iter()
        .enumerate()
        .filter(|(_, p)| eligible(p))
        .filter_map(|(i, p)| {
            let pn = normalize_name(&p.name);
            let s = similarity_normalized(&norm, &pn);
            (s > 0.0).then_some((i, s, pn))
        })
        .collect();
    // Best first; on equal scores the earlier procedure (stable sort).
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    let Some((best_i, best_s, best_name)) = scored.first().cloned() else {
        return Outcome::Weak(None);
    };
    if best_s < MIN_SCORE {
        return Outcome::Weak(Some((best_i, best_s)));
    }
    let runner_up = scored.iter().skip(1).find(|(_, _, n)| *n != best_name);
    if let Some((i, s, _)) = runner_up {
        if best_s - s < MIN_MARGIN {
            return Outcome::Ambiguous {
                best: (best_i, best_s),
                second: (*i, *s),
            };
        }
    }
    Outcome::Matched(best_i, best_s)
}

/// Match a procedure name (e.g. a test set's expected procedure) to one
/// commune-level procedure of `field` (any field when `None`): its index and
/// score, or `None` when no candidate is confident (see the module docs).
pub fn match_name(
    procedures: &[Procedure],
    name: &str,
    field: Option<&str>,
) -> Option<(usize, f32)> {
    match outcome(procedures, name, field) {
        Outcome::Matched(i, s) => Some((i, s)),
        _ => None,
    }
}

/// Match a sheet to one commune-level procedure of its field by name.
pub fn match_sheet(procedures: &[Procedure], sheet: &super::Sheet) -> Option<(usize, f32)> {
    match_name(procedures, &sheet.title, sheet.field())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_drops_thu_tuc_accents_and_punctuation() {
        assert_eq!(
            normalize_name("Thủ tục đăng ký nhận cha, mẹ, con"),
            "dang ky nhan cha me con"
        );
        assert_eq!(normalize_name("Ủy ban"), normalize_name("Uỷ ban"));
    }

    #[test]
    fn variant_markers_must_agree() {
        assert_eq!(
            name_similarity(
                "Đăng ký khai sinh",
                "Thủ tục đăng ký khai sinh có yếu tố nước ngoài"
            ),
            0.0
        );
        assert_eq!(
            name_similarity("Đăng ký khai sinh lưu động", "Thủ tục đăng ký khai sinh"),
            0.0
        );
        assert!(name_similarity("Đăng ký khai sinh", "Thủ tục đăng ký khai sinh") > 0.99);
    }

    #[test]
    fn a_substituted_word_is_a_different_procedure() {
        assert_eq!(
            name_similarity(
                "Thủ tục chứng thực văn bản khai nhận di sản mà di sản là động sản, quyền sử dụng đất, nhà ở",
                "Chứng thực văn bản phân chia di sản mà di sản là động sản, quyền sử dụng đất, nhà ở"
            ),
            0.0
        );
        assert!(
            name_similarity(
                "Thủ tục chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
                "Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch"
            ) >= MIN_SCORE
        );
    }

    #[test]
    fn base_name_drops_parentheses() {
        assert_eq!(
            base_name("Chứng thực chữ ký (áp dụng cho cả điểm chỉ)"),
            "chung thuc chu ky"
        );
    }
}
