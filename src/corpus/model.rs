//! The corpus data model: what a procedure file and a legal-document file hold.
//!
//! These types are the contract between the importers (which write them), the
//! loader and validator (which read and check them) and the engine (which
//! indexes them). Every string is NFC. Field names are English; the domain
//! text inside them stays Vietnamese.
//!
//! This module does no I/O: see [`crate::corpus::procedure_file`] and
//! [`crate::corpus::document_file`] for the on-disk formats.

use serde::{Deserialize, Serialize};

/// One administrative procedure (thủ tục hành chính), stored as
/// `corpus/procedures/<code>.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// National code (mã thủ tục), e.g. `1.001193`.
    pub code: String,
    /// Official name (tên thủ tục).
    pub name: String,
    /// Names citizens actually use ("làm giấy khai sinh").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Field (lĩnh vực), e.g. "Hộ tịch".
    pub field: String,
    /// Levels that perform it (cấp thực hiện), e.g. ["Cấp xã"].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// Who may apply (đối tượng thực hiện).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub applicants: String,
    /// Where to submit: the competent agency (cơ quan thực hiện).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub agency: String,
    /// Conditions the applicant must meet (yêu cầu, điều kiện), verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub requirements: String,
    /// How to submit, each with its own time and fee (cách thức thực hiện).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// Ordered steps (trình tự thực hiện).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Set when the source states that no document is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_documents_statement: Option<String>,
    /// Documents to bring (thành phần hồ sơ).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ChecklistItem>,
    /// Overall processing time (thời hạn giải quyết).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_time: Option<ProcessingTime>,
    /// Fees and charges (phí, lệ phí), per channel or case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fees: Vec<Fee>,
    /// What the citizen receives (kết quả thực hiện).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<String>,
    /// Legal basis (căn cứ pháp lý).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<LegalRef>,
    /// Free-text notes from a source, each with its section title (e.g. the
    /// provincial sheet's "Lưu ý"), kept verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Where this record comes from.
    pub source: Source,
}

/// A submission channel (hình thức nộp).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub kind: ChannelKind,
    /// Time limit for this channel, when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_time: Option<ProcessingTime>,
    /// Fee wording for this channel ("Miễn phí", "Lệ phí : 8.000 Đồng").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fee_text: String,
    /// Description from the source (mô tả).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Link for online submission.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Trực tiếp.
    #[default]
    InPerson,
    /// Trực tuyến.
    Online,
    /// Dịch vụ bưu chính.
    Post,
}

/// One step of the procedure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub text: String,
}

/// One document of the checklist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// What the document is ("Giấy chứng sinh").
    pub name: String,
    /// How many copies; `0` when the source says none is needed on paper.
    #[serde(default = "one")]
    pub quantity: u32,
    pub form: DocumentForm,
    /// Submitted (phải nộp) or only shown (phải xuất trình).
    #[serde(default)]
    pub kind: ChecklistKind,
    /// When it applies ("Trường hợp ủy quyền…"); empty when always.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub condition: String,
    /// Form template name, if the source names one (mẫu đơn, tờ khai).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub template: String,
    /// Document numbers (and articles) this item comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<LegalRef>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentForm {
    /// Bản chính.
    #[default]
    Original,
    /// Bản sao có chứng thực / bản sao.
    CertifiedCopy,
    /// Bản chụp / bản sao không cần chứng thực.
    Copy,
    /// Xuất trình bản chính để đối chiếu.
    Shown,
    /// The source does not say.
    Unspecified,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistKind {
    /// Giấy tờ phải nộp.
    #[default]
    Submit,
    /// Giấy tờ phải xuất trình.
    Show,
}

/// A processing time, structured where the wording allows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessingTime {
    pub unit: TimeUnit,
    /// Number of units; absent for `same_day` and `unspecified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f32>,
    /// The official wording.
    pub text: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Trong ngày / ngay khi nhận hồ sơ.
    SameDay,
    /// Giờ (làm việc).
    Hours,
    /// Ngày làm việc.
    WorkingDays,
    /// Ngày (calendar).
    Days,
    /// Only the wording is known.
    #[default]
    Unspecified,
}

/// A fee or charge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// Which channel it applies to, if it is channel-specific.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<ChannelKind>,
    /// The case it applies to ("cấp bản sao", "đăng ký quá hạn"); empty if general.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub case: String,
    /// Amount in VND; `Some(0)` for free; `None` when only the wording is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_vnd: Option<u64>,
    /// The official wording.
    pub text: String,
}

/// A reference to a legal document, and an article of it where known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalRef {
    /// Canonical document number, e.g. `60/2014/QH13`, `123/2015/NĐ-CP`.
    pub document_number: String,
    /// Article number (Điều), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The title as the source gives it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
}

/// A free-text section kept verbatim from a source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub title: String,
    pub text: String,
    /// Which source it comes from (`portal`, `legalrag`).
    pub source: String,
}

/// Provenance of a procedure record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Portal page of the procedure.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub portal_url: String,
    /// Decision that published it (số quyết định).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub decision: String,
    /// Date the data was taken (ISO 8601).
    pub as_of: String,
    /// Source files, relative to the shared data folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// Which source each section came from, e.g. `checklist = "legalrag"`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sections: std::collections::BTreeMap<String, String>,
}

/// A legal document, stored as `corpus/documents/<number-with-dashes>.md`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalDocument {
    /// The header (front matter).
    #[serde(flatten)]
    pub header: DocumentHeader,
    /// Articles in order, each with its place in the structure.
    #[serde(skip)]
    pub articles: Vec<Article>,
}

/// Front matter of a legal-document file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentHeader {
    /// Canonical number, e.g. `60/2014/QH13`.
    pub number: String,
    /// Luật / Nghị định / Thông tư / Thông tư liên tịch / Nghị quyết / Bộ luật.
    #[serde(rename = "type")]
    pub doc_type: String,
    /// Full title, e.g. "Luật Hộ tịch".
    pub title: String,
    /// Issuing body, e.g. "Quốc hội", "Chính phủ".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub issuer: String,
    /// ISO date, when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub issued: String,
    /// ISO date, when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub effective: String,
    pub status: DocumentStatus,
    /// Documents that amend this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amended_by: Vec<String>,
    /// The document that replaces this one, if superseded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub superseded_by: String,
    /// True when only some articles are present (e.g. taken from Pháp điển).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// Where the text comes from (source file(s), licence).
    pub source: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    #[default]
    InForce,
    Amended,
    Superseded,
}

/// One article (Điều) with its place in the document structure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Article number as written ("16", "3a").
    pub number: String,
    pub title: String,
    /// "Chương II. ĐĂNG KÝ HỘ TỊCH TẠI ỦY BAN NHÂN DÂN CẤP XÃ", if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chapter: String,
    /// "Mục 1. ĐĂNG KÝ KHAI SINH", if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
    /// Body text, clauses and points on their own lines ("1. …", "a) …").
    pub text: String,
    /// Per-article provenance note (e.g. the Pháp điển source line).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// 1-based line in the file where the article heading is (0 if unknown).
    #[serde(skip)]
    pub line: usize,
}
