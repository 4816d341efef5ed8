//! The commune profile: who the assistant speaks for and where a citizen can
//! turn when it is not sure. Read from `commune.toml` in the corpus directory;
//! every field that is empty is hidden from answers, never invented.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// File name of the profile inside the corpus directory.
pub const PROFILE_FILE: &str = "commune.toml";

/// Contact details of the commune's Public Administrative Service Center.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CommuneProfile {
    /// Name of the center, e.g. "Trung tâm Phục vụ hành chính công xã Hát Môn".
    pub name: String,
    /// Commune and province, e.g. "Xã Hát Môn, thành phố Hà Nội".
    pub locality: String,
    pub address: String,
    pub hotline: String,
    /// Opening hours in words.
    pub hours: String,
    pub website: String,
    pub email: String,
    /// Public base URL of this assistant (for links and QR codes), no trailing slash.
    pub public_base_url: String,
    /// Origins of the commune's own sites allowed to embed the chat widget
    /// (CSP `frame-ancestors` of `/widget`) and to call the API from a
    /// browser (CORS), e.g. `["https://hatmon.hanoi.gov.vn"]`. Empty: none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub widget_origins: Vec<String>,
}

impl Default for CommuneProfile {
    /// Xã Hát Môn, Hà Nội: only what is known without asking the commune;
    /// the rest is left empty for the commune to fill in `commune.toml`.
    fn default() -> Self {
        CommuneProfile {
            name: "Trung tâm Phục vụ hành chính công xã Hát Môn".into(),
            locality: "Xã Hát Môn, thành phố Hà Nội".into(),
            address: String::new(),
            hotline: String::new(),
            hours: String::new(),
            website: String::new(),
            email: String::new(),
            public_base_url: "http://127.0.0.1:8080".into(),
            widget_origins: Vec::new(),
        }
    }
}

impl CommuneProfile {
    /// Load `<corpus>/commune.toml`, or the defaults when there is none.
    pub fn load(corpus_dir: &Path) -> Result<Self> {
        let path = corpus_dir.join(PROFILE_FILE);
        if !path.exists() {
            return Ok(Self::default());
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        toml::from_str(&crate::text::nfc(&text)).map_err(|e| {
            let line = e
                .span()
                .map(|s| crate::corpus::procedure_file::line_of_offset(&text, s.start))
                .unwrap_or(0);
            Error::corpus(&path, line, e.message().to_string())
        })
    }

    /// The non-empty contact lines, labelled, in reading order.
    pub fn contact_lines(&self, english: bool) -> Vec<(String, String)> {
        let labels: [(&str, &str, &String); 6] = [
            ("Địa chỉ", "Address", &self.address),
            ("Đường dây nóng", "Hotline", &self.hotline),
            ("Giờ làm việc", "Opening hours", &self.hours),
            ("Trang web", "Website", &self.website),
            ("Thư điện tử", "E-mail", &self.email),
            ("Địa bàn", "Locality", &self.locality),
        ];
        labels
            .iter()
            .filter(|(_, _, v)| !v.trim().is_empty())
            .map(|(vi, en, v)| ((if english { en } else { vi }).to_string(), v.to_string()))
            .collect()
    }
}
