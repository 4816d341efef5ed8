//! The page shell every page shares: `<head>`, the banner with navigation,
//! language switch and text-size control, the `<main>` landmark, the footer
//! with the center's contact, and the UI text table for the script.
//!
//! Links inside the site keep the interface language ([`Ctx::href`]).

use super::html::{encode, Html};
use super::i18n::{self, M};
use crate::assistant::Lang;
use crate::config::CommuneProfile;

/// Which navigation entry a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Chat,
    Catalog,
    Documents,
    None,
}

/// What a page needs to know about its request.
#[derive(Debug, Clone)]
pub struct Ctx<'a> {
    pub lang: Lang,
    pub profile: &'a CommuneProfile,
    /// Path of this page, for the language switch.
    pub path: String,
    /// Query parameters the language switch keeps (besides `lang`).
    pub keep: Vec<(&'static str, String)>,
    pub section: Section,
    /// The embeddable widget: no banner or footer, links open a new tab.
    pub widget: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(lang: Lang, profile: &'a CommuneProfile, path: impl Into<String>) -> Self {
        Ctx {
            lang,
            profile,
            path: path.into(),
            keep: Vec::new(),
            section: Section::None,
            widget: false,
        }
    }

    pub fn section(mut self, section: Section) -> Self {
        self.section = section;
        self
    }

    pub fn t(&self, m: M) -> &'static str {
        m.get(self.lang)
    }

    /// A site path, with `lang=en` added in the English interface.
    pub fn href(&self, path: &str) -> String {
        with_lang(path, self.lang)
    }

    /// `lang="vi"` for corpus text when the interface is English.
    pub fn vi_attr(&self) -> Option<&'static str> {
        (self.lang == Lang::En).then_some("vi")
    }

    fn switch_href(&self) -> String {
        let other = match self.lang {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        };
        let mut query: Vec<String> = self
            .keep
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        if other == Lang::En {
            query.push("lang=en".into());
        }
        if query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, query.join("&"))
        }
    }
}

/// `path` with `lang=en` appended for English (before any `#fragment`).
pub fn with_lang(path: &str, lang: Lang) -> String {
    if lang == Lang::Vi {
        return path.to_string();
    }
    let (base, fragment) = match path.find('#') {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}lang=en{fragment}")
}

/// A whole page: the shell around `body`, which writes the inside of `<main>`.
pub fn page(ctx: &Ctx, title: &str, body: impl FnOnce(&mut Html)) -> String {
    let mut h = Html::new();
    h.raw("<!doctype html>\n")
        .open("html", &[("lang", Some(i18n::code(ctx.lang)))])
        .raw("<head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<meta name=\"color-scheme\" content=\"light\">")
        .open("title", &[])
        .text(title);
    if !title.is_empty() {
        h.raw(" — ");
    }
    h.text(ctx.t(M::SiteTitle)).close("title");
    h.open(
        "meta",
        &[
            ("name", Some("description")),
            ("content", Some(ctx.t(M::ChatIntro))),
        ],
    );
    h.raw("<link rel=\"stylesheet\" href=\"/assets/motcua.css\">")
        .raw("<link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">")
        .raw("<script src=\"/assets/motcua.js\" defer></script>");
    if ctx.widget {
        // Links leave the small frame; the chat form targets itself.
        h.raw("<base target=\"_blank\">");
    }
    h.raw("</head>");
    h.open(
        "body",
        &[("class", Some(if ctx.widget { "widget" } else { "site" }))],
    );
    h.raw("<a class=\"skip\" href=\"#main\">")
        .text(ctx.t(M::SkipToMain))
        .raw("</a>");
    banner(&mut h, ctx);
    h.raw("<main id=\"main\" tabindex=\"-1\"><div class=\"wrap\">");
    body(&mut h);
    h.raw("</div></main>");
    if !ctx.widget {
        footer(&mut h, ctx);
    }
    h.raw("<script type=\"application/json\" id=\"motcua-text\">")
        .trusted(&i18n::json_for(ctx.lang))
        .raw("</script></body></html>\n");
    h.into_string()
}

fn banner(h: &mut Html, ctx: &Ctx) {
    h.raw("<header class=\"banner\"><div class=\"wrap\">");
    h.raw("<p class=\"brand\">");
    h.open(
        "a",
        &[(
            "href",
            Some(&ctx.href(if ctx.widget { "/widget" } else { "/" })),
        )],
    );
    h.raw("<span class=\"brand-title\">")
        .text(ctx.t(M::SiteTitle))
        .raw("</span>");
    if !ctx.widget {
        h.raw("<span class=\"brand-org\">")
            .text(&ctx.profile.name)
            .raw("</span>");
    }
    h.raw("</a></p>");
    h.open("nav", &[("aria-label", Some(ctx.t(M::NavLabel)))])
        .raw("<ul>");
    if !ctx.widget {
        for (section, path, label) in [
            (Section::Chat, "/", M::NavChat),
            (Section::Catalog, "/thu-tuc", M::NavCatalog),
        ] {
            let current = (ctx.section == section).then_some("page");
            h.raw("<li>")
                .open(
                    "a",
                    &[("href", Some(&ctx.href(path))), ("aria-current", current)],
                )
                .text(ctx.t(label))
                .raw("</a></li>");
        }
    }
    let other = ctx.t(M::OtherLangCode);
    h.raw("<li>")
        .open(
            "a",
            &[
                ("href", Some(&ctx.switch_href())),
                ("lang", Some(other)),
                ("hreflang", Some(other)),
                ("target", ctx.widget.then_some("_self")),
            ],
        )
        .text(ctx.t(M::OtherLang))
        .raw("</a></li></ul></nav>");
    // The text-size control needs the script; it shows itself.
    h.open(
        "div",
        &[
            ("class", Some("textsize")),
            ("role", Some("group")),
            ("aria-label", Some(ctx.t(M::TextSize))),
            ("hidden", Some("")),
        ],
    );
    for (step, visible, label) in [("-1", "A−", M::TextSmaller), ("1", "A+", M::TextBigger)] {
        h.open(
            "button",
            &[("type", Some("button")), ("data-size", Some(step))],
        )
        .raw(visible)
        .raw("<span class=\"vh\"> ")
        .text(ctx.t(label))
        .raw("</span></button>");
    }
    h.raw("</div>");
    h.raw("</div></header>");
}

fn footer(h: &mut Html, ctx: &Ctx) {
    h.raw("<footer class=\"site-footer\"><div class=\"wrap\">");
    h.el("h2", &[], ctx.t(M::Contact));
    h.open("p", &[("class", Some("org")), ("lang", ctx.vi_attr())])
        .text(&ctx.profile.name)
        .raw("</p>");
    let lines = ctx.profile.contact_lines(ctx.lang == Lang::En);
    if !lines.is_empty() {
        h.raw("<dl class=\"contact\">");
        for (label, value) in &lines {
            h.el("dt", &[], label);
            h.open("dd", &[("lang", ctx.vi_attr())]);
            let lower = value.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                h.link(value, value);
            } else if value.contains('@') && !value.contains(' ') {
                h.link(&format!("mailto:{value}"), value);
            } else {
                h.text(value);
            }
            h.close("dd");
        }
        h.raw("</dl>");
    }
    h.el("p", &[("class", Some("note"))], ctx.t(M::FooterNote));
    h.raw("</div></footer>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_links_keep_the_language_before_the_fragment() {
        assert_eq!(
            with_lang("/thu-tuc/1.001193", Lang::Vi),
            "/thu-tuc/1.001193"
        );
        assert_eq!(
            with_lang("/thu-tuc/1.001193#giay-to", Lang::En),
            "/thu-tuc/1.001193?lang=en#giay-to"
        );
        assert_eq!(with_lang("/thu-tuc?q=x", Lang::En), "/thu-tuc?q=x&lang=en");
    }

    #[test]
    fn the_language_switch_keeps_the_other_parameters() {
        let profile = CommuneProfile::default();
        let mut ctx = Ctx::new(Lang::Vi, &profile, "/thu-tuc");
        ctx.keep.push(("q", "hộ tịch".into()));
        assert_eq!(
            ctx.switch_href(),
            "/thu-tuc?q=h%E1%BB%99%20t%E1%BB%8Bch&lang=en"
        );
        ctx.lang = Lang::En;
        assert_eq!(ctx.switch_href(), "/thu-tuc?q=h%E1%BB%99%20t%E1%BB%8Bch");
    }
}
