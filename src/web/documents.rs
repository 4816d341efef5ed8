//! `GET /van-ban/{number}` (a legal document, every article with an anchor
//! `#dieu-16`, clauses `#dieu-16-khoan-1`) and `GET /van-ban/{number}/dieu/{n}`
//! (one article, clauses `#khoan-1`, points `#khoan-1-diem-a`), for
//! officials and for the links under chat answers.
//!
//! `{number}` is the ASCII file stem (`60-2014-QH13`) or any spelling the
//! API accepts (`60%2F2014%2FQH13`, `123-2015-ND-CP`).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::card::{article_path, document_path};
use super::html::Html;
use super::i18n::M;
use super::layout::{page, Ctx, Section};
use super::{assistant_or_page, error_page, html_response, lang_of, Web};
use crate::corpus::{Article, DocumentStatus, LegalDocument};
use crate::http::routes::documents::{find_article, find_document};

/// The clause number of a line ("2. …" → "2"), or its point letter
/// ("a) …" → "a").
fn clause_of(line: &str) -> Option<(&'static str, String)> {
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && line[digits.len()..].starts_with(". ") {
        return Some(("khoan", digits));
    }
    let mut chars = line.chars();
    match (chars.next(), chars.next()) {
        (Some(c), Some(')')) if c.is_lowercase() => {
            Some(("diem", crate::text::fold_accents(&c.to_string())))
        }
        _ => None,
    }
}

/// An article's text, one paragraph per line; clauses and points get ids
/// under `prefix` (`dieu-16-` on the document page, `` on the article page).
fn article_text(h: &mut Html, text: &str, prefix: &str) {
    let mut clause = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let id = match clause_of(line) {
            Some(("khoan", n)) => {
                clause = n.clone();
                Some(format!("{prefix}khoan-{n}"))
            }
            Some((_, letter)) if !clause.is_empty() => {
                Some(format!("{prefix}khoan-{clause}-diem-{letter}"))
            }
            _ => None,
        };
        let class = match &id {
            Some(i) if i.contains("-diem-") => Some("point"),
            Some(_) => Some("clause"),
            None => None,
        };
        h.open("p", &[("id", id.as_deref()), ("class", class)])
            .text(line)
            .close("p");
    }
}

fn article_heading(a: &Article) -> String {
    if a.title.is_empty() {
        format!("Điều {}", a.number)
    } else {
        format!("Điều {}. {}", a.number, a.title)
    }
}

fn header(h: &mut Html, ctx: &Ctx, d: &LegalDocument) {
    let hd = &d.header;
    let status = match hd.status {
        DocumentStatus::InForce => M::InForce,
        DocumentStatus::Amended => M::Amended,
        DocumentStatus::Superseded => M::Superseded,
    };
    h.raw("<dl class=\"doc-meta\">");
    let rows: [(M, &str); 5] = [
        (M::DocNumber, &hd.number),
        (M::DocType, &hd.doc_type),
        (M::Issuer, &hd.issuer),
        (M::Issued, &hd.issued),
        (M::Effective, &hd.effective),
    ];
    for (label, value) in rows {
        if !value.is_empty() {
            h.el("dt", &[], ctx.t(label));
            h.el("dd", &[("lang", ctx.vi_attr())], value);
        }
    }
    h.el("dt", &[], ctx.t(M::Status));
    h.el("dd", &[], ctx.t(status));
    if !hd.amended_by.is_empty() {
        h.el("dt", &[], ctx.t(M::AmendedBy));
        h.raw("<dd>");
        for (i, n) in hd.amended_by.iter().enumerate() {
            if i > 0 {
                h.raw(", ");
            }
            h.link(&ctx.href(&document_path(n)), n);
        }
        h.raw("</dd>");
    }
    if !hd.superseded_by.is_empty() {
        h.el("dt", &[], ctx.t(M::SupersededBy));
        h.raw("<dd>")
            .link(
                &ctx.href(&document_path(&hd.superseded_by)),
                &hd.superseded_by,
            )
            .raw("</dd>");
    }
    h.raw("</dl>");
    if hd.partial {
        h.el("p", &[("class", Some("note"))], ctx.t(M::Partial));
    }
    if ctx.lang == crate::assistant::Lang::En {
        h.el("p", &[("class", Some("note"))], ctx.t(M::VietnameseText));
    }
}

fn source(h: &mut Html, ctx: &Ctx, d: &LegalDocument) {
    if !d.header.source.is_empty() {
        h.raw("<p class=\"source\">")
            .text(ctx.t(M::Source))
            .raw(": ")
            .text(&d.header.source)
            .raw("</p>");
    }
}

fn not_found(web: &Web, ctx_lang: crate::assistant::Lang, m: M) -> Response {
    error_page(web, ctx_lang, StatusCode::NOT_FOUND, m)
}

/// `GET /van-ban/{number}`.
pub async fn show(
    State(web): State<Web>,
    number: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let lang = lang_of(raw.as_deref());
    let assistant = match assistant_or_page(&web, lang) {
        Ok(a) => a,
        Err(page) => return *page,
    };
    let Some(d) = number
        .ok()
        .and_then(|Path(n)| find_document(assistant.corpus(), &n))
    else {
        return not_found(&web, lang, M::NotFoundDocument);
    };
    let path = document_path(&d.header.number);
    let ctx = Ctx::new(lang, assistant.profile(), path.clone()).section(Section::Documents);
    let title = format!("{} {}", d.header.title, d.header.number);
    let body = page(&ctx, &title, |h| {
        h.raw("<article class=\"document\" aria-labelledby=\"doc-title\">");
        h.open("h1", &[("id", Some("doc-title")), ("lang", ctx.vi_attr())])
            .text(&d.header.title)
            .raw(" <span class=\"doc-number\">")
            .text(&d.header.number)
            .raw("</span></h1>");
        header(h, &ctx, d);
        // Contents: chapters and their articles.
        h.raw("<nav class=\"toc doc-toc\" aria-labelledby=\"toc-title\">");
        h.el("h2", &[("id", Some("toc-title"))], ctx.t(M::Contents));
        h.open("ol", &[("lang", ctx.vi_attr())]);
        for a in &d.articles {
            h.raw("<li>")
                .link(&format!("#dieu-{}", a.number), &article_heading(a))
                .raw("</li>");
        }
        h.raw("</ol></nav>");
        h.open(
            "div",
            &[("class", Some("doc-text")), ("lang", ctx.vi_attr())],
        );
        let (mut chapter, mut section) = ("", "");
        for a in &d.articles {
            if a.chapter != chapter && !a.chapter.is_empty() {
                h.el("h2", &[("class", Some("chapter"))], &a.chapter);
            }
            if a.section != section && !a.section.is_empty() {
                h.el("h3", &[("class", Some("section-title"))], &a.section);
            }
            chapter = &a.chapter;
            section = &a.section;
            let id = format!("dieu-{}", a.number);
            h.open(
                "section",
                &[
                    ("class", Some("article")),
                    ("id", Some(&id)),
                    ("aria-labelledby", Some(&format!("{id}-h"))),
                ],
            );
            h.open("h4", &[("id", Some(&format!("{id}-h")))])
                .link(
                    &ctx.href(&article_path(&d.header.number, &a.number)),
                    &article_heading(a),
                )
                .close("h4");
            article_text(h, &a.text, &format!("{id}-"));
            h.raw("</section>");
        }
        h.raw("</div>");
        source(h, &ctx, d);
        h.raw("</article>");
    });
    html_response(StatusCode::OK, body)
}

/// `GET /van-ban/{number}/dieu/{n}`.
pub async fn article(
    State(web): State<Web>,
    params: Result<Path<(String, String)>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let lang = lang_of(raw.as_deref());
    let assistant = match assistant_or_page(&web, lang) {
        Ok(a) => a,
        Err(page) => return *page,
    };
    let Ok(Path((number, n))) = params else {
        return not_found(&web, lang, M::NotFoundArticle);
    };
    let Some(d) = find_document(assistant.corpus(), &number) else {
        return not_found(&web, lang, M::NotFoundDocument);
    };
    let Some(a) = find_article(d, &n) else {
        return not_found(&web, lang, M::NotFoundArticle);
    };
    let index = d
        .articles
        .iter()
        .position(|x| std::ptr::eq(x, a))
        .unwrap_or(0);
    let doc_path = document_path(&d.header.number);
    let ctx = Ctx::new(
        lang,
        assistant.profile(),
        article_path(&d.header.number, &a.number),
    )
    .section(Section::Documents);
    let title = format!(
        "{} — {} {}",
        article_heading(a),
        d.header.title,
        d.header.number
    );
    let body = page(&ctx, &title, |h| {
        h.open(
            "nav",
            &[
                ("class", Some("crumbs")),
                ("aria-label", Some(ctx.t(M::Breadcrumb))),
            ],
        )
        .raw("<ol><li>");
        h.open(
            "a",
            &[
                ("href", Some(&ctx.href(&doc_path))),
                ("lang", ctx.vi_attr()),
            ],
        )
        .text(&d.header.title)
        .raw(" ")
        .text(&d.header.number)
        .raw("</a></li><li aria-current=\"page\">")
        .text(ctx.t(M::Article))
        .raw(" ")
        .text(&a.number)
        .raw("</li></ol></nav>");
        h.open(
            "article",
            &[
                ("class", Some("article-page")),
                ("aria-labelledby", Some("art-title")),
                ("lang", ctx.vi_attr()),
            ],
        );
        if !a.chapter.is_empty() || !a.section.is_empty() {
            h.raw("<p class=\"context\">").text(&a.chapter);
            if !a.chapter.is_empty() && !a.section.is_empty() {
                h.raw(" · ");
            }
            h.text(&a.section).raw("</p>");
        }
        h.el("h1", &[("id", Some("art-title"))], &article_heading(a));
        h.raw("<div class=\"doc-text\">");
        article_text(h, &a.text, "");
        h.raw("</div>");
        if !a.note.is_empty() {
            h.el("p", &[("class", Some("note"))], &a.note);
        }
        h.raw("</article>");
        h.open(
            "nav",
            &[
                ("class", Some("pager")),
                ("aria-label", Some(ctx.t(M::ArticleNav))),
            ],
        )
        .raw("<ul>");
        if let Some(prev) = index.checked_sub(1).and_then(|i| d.articles.get(i)) {
            h.raw("<li class=\"prev\">")
                .link(
                    &ctx.href(&article_path(&d.header.number, &prev.number)),
                    &format!("← {} {}", ctx.t(M::PrevArticle), prev.number),
                )
                .raw("</li>");
        }
        h.raw("<li>")
            .link(
                &format!("{}#dieu-{}", ctx.href(&doc_path), a.number),
                ctx.t(M::WholeDocument),
            )
            .raw("</li>");
        if let Some(next) = d.articles.get(index + 1) {
            h.raw("<li class=\"next\">")
                .link(
                    &ctx.href(&article_path(&d.header.number, &next.number)),
                    &format!("{} {} →", ctx.t(M::NextArticle), next.number),
                )
                .raw("</li>");
        }
        h.raw("</ul></nav>");
        header(h, &ctx, d);
        source(h, &ctx, d);
    });
    html_response(StatusCode::OK, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_and_points_get_anchors() {
        let mut h = Html::new();
        article_text(
            &mut h,
            "1. Một.\n\na) Điểm a;\nđ) Điểm đ.\nDòng thường.\n2. Hai.",
            "dieu-3-",
        );
        let s = h.into_string();
        assert!(
            s.contains("<p id=\"dieu-3-khoan-1\" class=\"clause\">1. Một.</p>"),
            "{s}"
        );
        assert!(s.contains("id=\"dieu-3-khoan-1-diem-a\""), "{s}");
        assert!(s.contains("id=\"dieu-3-khoan-1-diem-d\""), "{s}");
        assert!(s.contains("<p>Dòng thường.</p>"), "{s}");
        assert!(s.contains("id=\"dieu-3-khoan-2\""), "{s}");
    }
}
