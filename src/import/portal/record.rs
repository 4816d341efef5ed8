//! One crawled portal record: its JSON fields, and the sections re-cut from
//! `raw_text`.
//!
//! The crawler split the page text on the *first* occurrence of each section
//! heading, so a heading quoted inside a section ("… theo mục 5.3 (Thành phần
//! hồ sơ)", "Miễn phí(Căn cứ pháp lý: Thông tư …") truncated that section
//! and shifted the rest into the next field. `raw_text` still holds the whole
//! page in order; [`Sections::cut`] finds each heading where the page
//! structure says it must be and falls back to the JSON field only when the
//! page text lacks a heading.

use serde::Deserialize;

use crate::text::{is_nfc, nfc};

/// The fields of a crawled record that the importer reads. Unknown fields
/// (`formality_id`, `loai_thu_tuc`, …) are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawRecord {
    pub ma_thu_tuc: String,
    pub detail_url: String,
    pub ten_thu_tuc: String,
    pub so_quyet_dinh: String,
    pub cap_thuc_hien: String,
    pub linh_vuc: String,
    pub doi_tuong_thuc_hien: String,
    pub co_quan_co_tham_quyen: String,
    pub trinh_tu_thuc_hien: String,
    pub cach_thuc_thuc_hien: String,
    pub thanh_phan_ho_so: String,
    pub can_cu_phap_ly: String,
    pub co_quan_thuc_hien: String,
    pub yeu_cau_dieu_kien: String,
    pub ket_qua_xu_ly: String,
    pub raw_text: String,
}

impl RawRecord {
    /// Parse the JSON and normalize every string to NFC (500 records of the
    /// crawl are decomposed).
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        let mut r: RawRecord = serde_json::from_str(json)?;
        r.normalize();
        Ok(r)
    }

    /// Parse the JSON without normalizing (to filter on a field first).
    pub fn from_json_unnormalized(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Normalize every string to NFC.
    pub fn normalize(&mut self) {
        let r = self;
        for field in [
            &mut r.ma_thu_tuc,
            &mut r.detail_url,
            &mut r.ten_thu_tuc,
            &mut r.so_quyet_dinh,
            &mut r.cap_thuc_hien,
            &mut r.linh_vuc,
            &mut r.doi_tuong_thuc_hien,
            &mut r.co_quan_co_tham_quyen,
            &mut r.trinh_tu_thuc_hien,
            &mut r.cach_thuc_thuc_hien,
            &mut r.thanh_phan_ho_so,
            &mut r.can_cu_phap_ly,
            &mut r.co_quan_thuc_hien,
            &mut r.yeu_cau_dieu_kien,
            &mut r.ket_qua_xu_ly,
            &mut r.raw_text,
        ] {
            // Most records are NFC already; checking is much cheaper than
            // normalizing.
            if !is_nfc(field) {
                *field = nfc(field);
            }
        }
    }

    /// The procedure code the page text itself shows (`Mã thủ tục<code>Số
    /// quyết định`), if present.
    pub fn embedded_code(&self) -> Option<&str> {
        let start = self.raw_text.find(CODE_LABEL)? + CODE_LABEL.len();
        let rest = &self.raw_text[start..];
        let end = rest.find(DECISION_LABEL).unwrap_or_else(|| {
            rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len())
        });
        Some(rest[..end].trim())
    }
}

const CODE_LABEL: &str = "Mã thủ tục";
const DECISION_LABEL: &str = "Số quyết định";

pub(super) const STEPS_HEADING: &str = "Trình Tự Thực Hiện";
pub(super) const CHANNELS_HEADING: &str = "Cách Thức Thực Hiện";
pub(super) const DOCUMENTS_HEADING: &str = "Thành phần hồ sơ";
pub(super) const LEGAL_HEADING: &str = "Căn cứ pháp lý";
pub(super) const AGENCY_HEADING: &str = "Cơ quan thực hiện";
pub(super) const REQUIREMENTS_HEADING: &str = "Yêu cầu, điều kiện thực hiện";
pub(super) const RESULTS_HEADING: &str = "Kết quả xử lý";
/// Column headings of the documents table.
pub(super) const DOCUMENTS_TABLE: &str = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";
/// The portal's side panel starts here (keywords, description, agency picker).
pub(super) const UI_PANEL: &str = "Từ khóa";

/// The page sections, still raw (NFC, not yet cleaned).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Sections {
    pub steps: String,
    pub channels: String,
    pub documents: String,
    pub legal: String,
    pub agency: String,
    pub requirements: String,
    pub results: String,
    /// The portal side panel after the results (keywords, description, UI).
    pub panel: String,
    /// True when `raw_text` could not be cut and the JSON fields were used.
    pub from_json_fields: bool,
}

impl Sections {
    pub fn cut(r: &RawRecord) -> Sections {
        Self::cut_raw(&r.raw_text).unwrap_or_else(|| Self::from_fields(r))
    }

    fn from_fields(r: &RawRecord) -> Sections {
        let (results, panel) = split_panel(&r.ket_qua_xu_ly);
        Sections {
            steps: r.trinh_tu_thuc_hien.clone(),
            channels: r.cach_thuc_thuc_hien.clone(),
            documents: r.thanh_phan_ho_so.clone(),
            legal: r.can_cu_phap_ly.clone(),
            agency: r.co_quan_thuc_hien.clone(),
            requirements: r.yeu_cau_dieu_kien.clone(),
            results: results.to_string(),
            panel: panel.to_string(),
            from_json_fields: true,
        }
    }

    fn cut_raw(raw: &str) -> Option<Sections> {
        let steps_at = raw.find(STEPS_HEADING)?;
        let steps_start = steps_at + STEPS_HEADING.len();
        let channels_at = steps_start + raw[steps_start..].find(CHANNELS_HEADING)?;
        let channels_start = channels_at + CHANNELS_HEADING.len();

        // The legal heading is followed by its table, its placeholder or the
        // next heading; a quoted "Căn cứ pháp lý: …" is not.
        let legal_at = find_any_followed(
            raw,
            channels_start,
            LEGAL_HEADING,
            &["Tên văn bản pháp lý", "Không có thông tin", AGENCY_HEADING],
        )?;
        let legal_start = legal_at + LEGAL_HEADING.len();

        // The documents heading comes after the last row of the channels table.
        let table_at = raw[channels_start..legal_at]
            .find(DOCUMENTS_TABLE)
            .map_or(legal_at, |i| channels_start + i);
        let last_row = super::channels::last_row_start(&raw[channels_start..table_at])
            .map_or(channels_start, |i| channels_start + i);
        let (channels_end, documents_start) = match raw[last_row..legal_at].find(DOCUMENTS_HEADING)
        {
            Some(i) => (last_row + i, last_row + i + DOCUMENTS_HEADING.len()),
            None => (legal_at, legal_at),
        };

        let agency_at = legal_start + raw[legal_start..].find(AGENCY_HEADING)?;
        let agency_start = agency_at + AGENCY_HEADING.len();
        let req_at = agency_start + raw[agency_start..].find(REQUIREMENTS_HEADING)?;
        let req_start = req_at + REQUIREMENTS_HEADING.len();
        let (requirements, results, panel) = match raw[req_start..].find(RESULTS_HEADING) {
            Some(i) => {
                let (results, panel) = split_panel(&raw[req_start + i + RESULTS_HEADING.len()..]);
                (&raw[req_start..req_start + i], results, panel)
            }
            None => {
                // Some pages have no results heading: the panel follows the
                // requirements directly.
                let (requirements, panel) = split_panel(&raw[req_start..]);
                (requirements, "", panel)
            }
        };
        Some(Sections {
            steps: raw[steps_start..channels_at].to_string(),
            channels: raw[channels_start..channels_end].to_string(),
            documents: raw[documents_start..legal_at].to_string(),
            legal: raw[legal_start..agency_at].to_string(),
            agency: raw[agency_start..req_at].to_string(),
            requirements: requirements.to_string(),
            results: results.to_string(),
            panel: panel.to_string(),
            from_json_fields: false,
        })
    }
}

/// First occurrence of `needle` at or after `from` that is directly followed
/// by one of `next`.
fn find_any_followed(hay: &str, from: usize, needle: &str, next: &[&str]) -> Option<usize> {
    let mut at = from;
    while let Some(i) = hay[at..].find(needle) {
        let pos = at + i;
        let after = hay[pos + needle.len()..].trim_start();
        if next.iter().any(|n| after.starts_with(n)) {
            return Some(pos);
        }
        at = pos + needle.len();
    }
    None
}

/// Split the results text from the portal side panel that follows it.
fn split_panel(s: &str) -> (&str, &str) {
    match s.rfind(UI_PANEL) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// The description the side panel shows (`Mô tả…`), without UI text.
pub(super) fn panel_description(panel: &str) -> &str {
    let Some(i) = panel.find("Mô tả") else {
        return "";
    };
    let rest = &panel[i + "Mô tả".len()..];
    let end = rest.find("Chọn cơ quan thực hiện").unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(raw: &str) -> RawRecord {
        RawRecord {
            raw_text: raw.to_string(),
            ..RawRecord::default()
        }
    }

    #[test]
    fn embedded_code_is_read_from_the_page_header() {
        let r = record("Tên thủ tụcXMã thủ tục1.014023Số quyết định1/QĐ");
        assert_eq!(r.embedded_code(), Some("1.014023"));
    }

    #[test]
    fn a_quoted_heading_does_not_cut_a_section() {
        let raw = "Trình Tự Thực HiệnBước 1. Lập hồ sơ theo mục 5.3 (Thành phần hồ sơ); nộp.\
                   Cách Thức Thực HiệnHình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp1 Ngày100 VNĐ(Căn cứ pháp lý: TT 1)\
                   Thành phần hồ sơ--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn1 bản chính\
                   Căn cứ pháp lýKhông có thông tinCơ quan thực hiệnUBND xãYêu cầu, điều kiện thực hiệnKhông có thông tin\
                   Kết quả xử lýGiấy Mã: KQ.1Từ khóaKhông có thông tinMô tảKhông có thông tinNộp hồ sơ";
        let s = Sections::cut(&record(raw));
        assert!(!s.from_json_fields);
        assert!(s.steps.ends_with("(Thành phần hồ sơ); nộp."), "{}", s.steps);
        assert!(
            s.channels.ends_with("(Căn cứ pháp lý: TT 1)"),
            "{}",
            s.channels
        );
        assert!(s.documents.starts_with("--Tên giấy tờ"), "{}", s.documents);
        assert_eq!(s.legal, "Không có thông tin");
        assert_eq!(s.agency, "UBND xã");
        assert_eq!(s.results, "Giấy Mã: KQ.1");
        assert!(s.panel.starts_with("Từ khóa"));
        assert_eq!(panel_description(&s.panel), "Không có thông tinNộp hồ sơ");
    }
}
