//! A tiny HTML writer that makes escaping the default.
//!
//! Markup can only be appended as `&'static str` ([`Html::raw`]): every
//! string that is not a literal in this crate — corpus text, a citizen's
//! question, a URL — goes through [`Html::text`] or an attribute value, and
//! is escaped there. So a `<script>` in a question or in a corpus file is
//! shown as text, never parsed as markup.
//!
//! Deliberately not a template engine: pages are short functions that call
//! these methods in document order.

use std::fmt::Display;

/// An HTML document (or fragment) being written.
#[derive(Debug, Default)]
pub struct Html {
    out: String,
}

impl Html {
    pub fn new() -> Self {
        Html {
            out: String::with_capacity(16 * 1024),
        }
    }

    /// Trusted markup: only string literals can be passed.
    pub fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Text content, escaped.
    pub fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s);
        self
    }

    /// A number or other `Display` value, escaped.
    pub fn display(&mut self, v: impl Display) -> &mut Self {
        self.text(&v.to_string())
    }

    /// `<tag a="v" …>`; attribute names are literals, values are escaped. An
    /// attribute whose value is `None` is left out; `Some("")` writes a bare
    /// boolean attribute (`hidden`, `checked`).
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, Option<&str>)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            let Some(value) = value else { continue };
            self.out.push(' ');
            self.out.push_str(name);
            if !value.is_empty() {
                self.out.push_str("=\"");
                escape_into(&mut self.out, value);
                self.out.push('"');
            }
        }
        self.out.push('>');
        self
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &'static str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// `<tag attrs>text</tag>`.
    pub fn el(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, Option<&str>)],
        text: &str,
    ) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// `<a href>text</a>` with a checked URL (see [`safe_url`]); an unsafe
    /// URL leaves only the text.
    pub fn link(&mut self, href: &str, text: &str) -> &mut Self {
        match safe_url(href) {
            Some(href) => self.el("a", &[("href", Some(href))], text),
            None => self.text(text),
        }
    }

    /// Markup produced elsewhere by this crate from trusted parts (the QR
    /// code SVG): the caller vouches it contains no untrusted text.
    pub(crate) fn trusted(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    pub fn into_string(self) -> String {
        self.out
    }
}

/// Escape `s` for text or a double-quoted attribute value.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `s`, escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// The URL if it is safe to put in `href`: `http(s)://`, `mailto:`, a path
/// (`/…`), a query (`?…`) or a fragment (`#…`). `javascript:`, `data:` and
/// friends from a corpus file are refused.
pub fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let ok = lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (u.starts_with('/') && !u.starts_with("//"))
        || u.starts_with('?')
        || u.starts_with('#');
    ok.then_some(u)
}

/// Percent-encode one path segment or query value (RFC 3986 unreserved
/// characters are kept).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut h = Html::new();
        h.el(
            "p",
            &[("title", Some("\"><script>"))],
            "<img src=x onerror=alert(1)> & 'x'",
        );
        assert_eq!(
            h.into_string(),
            "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;img src=x onerror=alert(1)&gt; &amp; &#39;x&#39;</p>"
        );
    }

    #[test]
    fn boolean_and_missing_attributes() {
        let mut h = Html::new();
        h.open("input", &[("checked", Some("")), ("name", None)]);
        assert_eq!(h.into_string(), "<input checked>");
    }

    #[test]
    fn only_safe_urls_become_links() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "//evil.example/",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
        for good in [
            "https://dichvucong.gov.vn/x",
            "/thu-tuc",
            "#dieu-16",
            "?lang=en",
        ] {
            assert!(safe_url(good).is_some(), "{good}");
        }
        let mut h = Html::new();
        h.link("javascript:alert(1)", "x");
        assert_eq!(h.into_string(), "x");
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(encode("60/2014/QH13"), "60%2F2014%2FQH13");
        assert_eq!(encode("1.001193"), "1.001193");
        assert_eq!(encode("hộ tịch"), "h%E1%BB%99%20t%E1%BB%8Bch");
    }
}
