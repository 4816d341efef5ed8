//! The chat on the commune's own website, two ways:
//!
//! - an iframe: `<iframe src="https://<motcua>/widget" title="…"></iframe>`;
//! - a script tag: `<script src="https://<motcua>/widget.js" async></script>`
//!   adds a floating "Hỏi đáp thủ tục" button that opens that iframe
//!   (`data-lang="en"` for English).
//!
//! Only the origins listed in `widget_origins` of `commune.toml` may frame
//! `/widget` (CSP `frame-ancestors`); the same list is the CORS allow-list
//! ([`super::cors`]). An entry that is not a bare origin
//! (`scheme://host[:port]`) is ignored, so a typo cannot inject another
//! CSP directive.

use axum::http::{header, HeaderValue};
use axum::response::Response;

use super::{Web, PAGE_CSP};
use crate::config::CommuneProfile;

/// The configured origins that are well-formed, lower-cased, without a
/// trailing slash.
pub fn allowed_origins(profile: &CommuneProfile) -> impl Iterator<Item = String> + '_ {
    profile
        .widget_origins
        .iter()
        .filter_map(|o| normalize_origin(o))
}

/// `scheme://host[:port]` (http or https; letters, digits, dots and dashes
/// in the host), lower-cased; `None` for anything else.
pub fn normalize_origin(raw: &str) -> Option<String> {
    let o = raw.trim().trim_end_matches('/').to_ascii_lowercase();
    let rest = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()));
    (host_ok && port_ok).then_some(o)
}

/// The CSP of the widget: the page CSP, framable by this site and the
/// allowed origins.
pub fn widget_csp(profile: &CommuneProfile) -> String {
    let mut ancestors = String::from("frame-ancestors 'self'");
    for o in allowed_origins(profile) {
        ancestors.push(' ');
        ancestors.push_str(&o);
    }
    PAGE_CSP.replace("frame-ancestors 'none'", &ancestors)
}

/// Give a widget response its `frame-ancestors`.
pub fn with_frame_ancestors(web: &Web, mut res: Response) -> Response {
    let csp = widget_csp(&web.profile());
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_origins_are_allowed() {
        assert_eq!(
            normalize_origin("https://HatMon.Hanoi.gov.vn/"),
            Some("https://hatmon.hanoi.gov.vn".into())
        );
        assert_eq!(
            normalize_origin("http://localhost:8081"),
            Some("http://localhost:8081".into())
        );
        for bad in [
            "hatmon.gov.vn",
            "https://a.vn; script-src *",
            "https://a.vn/path",
            "javascript://x",
            "https://",
            "https://a.vn:80a",
            "*",
        ] {
            assert_eq!(normalize_origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_widget_csp_lists_the_allowed_origins_only() {
        let profile = CommuneProfile {
            widget_origins: vec!["https://a.vn".into(), "https://b.vn; script-src *".into()],
            ..CommuneProfile::default()
        };
        let csp = widget_csp(&profile);
        assert!(
            csp.ends_with("frame-ancestors 'self' https://a.vn"),
            "{csp}"
        );
        assert!(!csp.contains("b.vn"));
    }
}
