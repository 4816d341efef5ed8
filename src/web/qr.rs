//! QR codes for the printed boards, as inline SVG made on the server (no
//! image, no script). The code points to the procedure page's public URL
//! (`public_base_url` of the commune profile).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::html::escape;

/// The public URL of a site path: `public_base_url` + `path`.
pub fn public_url(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim().trim_end_matches('/'))
}

/// An inline `<svg role="img">` QR code for `url`, labelled `label`; `None`
/// if the URL is too long for a QR code.
pub fn svg(url: &str, label: &str) -> Option<String> {
    // Level M survives a scratched or dirty board (15 % of the modules).
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(4, 4)
        .build();
    let start = image.find("<svg")?;
    let svg = &image[start..];
    let rest = svg.strip_prefix("<svg")?;
    Some(format!(
        "<svg class=\"qr-code\" role=\"img\" aria-label=\"{}\"{rest}",
        escape(label)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_is_inline_and_labelled() {
        let s = svg("https://example.vn/thu-tuc/1.001193", "QR \"x\"").expect("fits");
        assert!(s.starts_with(
            "<svg class=\"qr-code\" role=\"img\" aria-label=\"QR &quot;x&quot;\" xmlns="
        ));
        assert!(s.ends_with("</svg>"));
        assert!(!s.contains("<?xml"));
        assert!(!s.contains("style="), "no inline style under the page CSP");
    }

    #[test]
    fn public_urls_join_without_double_slashes() {
        assert_eq!(
            public_url("https://a.vn/", "/thu-tuc/1"),
            "https://a.vn/thu-tuc/1"
        );
        assert_eq!(
            public_url("https://a.vn", "/thu-tuc/1"),
            "https://a.vn/thu-tuc/1"
        );
    }
}
