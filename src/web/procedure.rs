//! `GET /thu-tuc/{code}?co=0&co=3`: one procedure in full, and — printed —
//! the A4 board the commune posts at the center, with a QR code to this
//! page's public URL.
//!
//! `co` lists the checklist items the citizen already has (the chat's
//! "print or share" link and the no-script tick form send them): they are
//! ticked, and the "still missing" box lists the others. The QR code always
//! points to the plain page.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::card::{self, procedure_path, CardOptions};
use super::i18n::M;
use super::layout::{page, Ctx, Section};
use super::{assistant_or_page, error_page, html_response, param, qr, query_params, Web};
use crate::assistant::{compose, Intent};

/// `GET /thu-tuc/{code}`.
pub async fn show(
    State(web): State<Web>,
    code: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = query_params(raw.as_deref());
    let lang = super::i18n::parse_lang(param(&params, "lang"));
    let assistant = match assistant_or_page(&web, lang) {
        Ok(a) => a,
        Err(page) => return *page,
    };
    let corpus = assistant.corpus();
    let Some(p) = code.ok().and_then(|Path(c)| corpus.procedure(c.trim())) else {
        return error_page(&web, lang, StatusCode::NOT_FOUND, M::NotFoundProcedure);
    };
    let profile = assistant.profile();
    let v = compose::view(p, corpus, profile, lang);
    let have: Vec<usize> = params
        .iter()
        .filter(|(k, _)| k == "co")
        .filter_map(|(_, v)| v.trim().parse::<usize>().ok())
        .filter(|i| *i < v.checklist.len())
        .collect();
    let path = procedure_path(&p.code);
    let public = qr::public_url(&profile.public_base_url, &path);
    let mut ctx = Ctx::new(lang, profile, path.clone()).section(Section::Catalog);
    for i in &have {
        ctx.keep.push(("co", i.to_string()));
    }
    let body = page(&ctx, &p.name, |h| {
        h.open(
            "nav",
            &[
                ("class", Some("crumbs no-print")),
                ("aria-label", Some(ctx.t(M::Breadcrumb))),
            ],
        )
        .raw("<ol><li>")
        .link(&ctx.href("/thu-tuc"), ctx.t(M::NavCatalog))
        .raw("</li><li>")
        .link(
            &format!(
                "{}#{}",
                ctx.href("/thu-tuc"),
                super::catalog::field_id(&p.field)
            ),
            &p.field,
        )
        .raw("</li><li aria-current=\"page\">")
        .text(&p.code)
        .raw("</li></ol></nav>");
        h.raw("<article class=\"procedure board\" aria-labelledby=\"proc-title\">");
        h.raw("<header class=\"board-head\"><div class=\"board-title\">");
        h.open(
            "p",
            &[
                ("class", Some("board-org print-only")),
                ("lang", ctx.vi_attr()),
            ],
        )
        .text(&profile.name)
        .close("p");
        h.open("h1", &[("id", Some("proc-title")), ("lang", ctx.vi_attr())])
            .text(&p.name)
            .close("h1");
        h.raw("<p class=\"proc-meta\">")
            .text(ctx.t(M::Code))
            .raw(": <strong>")
            .text(&p.code)
            .raw("</strong> · ")
            .text(ctx.t(M::Field))
            .raw(": ");
        h.open("span", &[("lang", ctx.vi_attr())])
            .text(&p.field)
            .raw("</span></p>");
        h.raw("<p class=\"actions no-print\"><button type=\"button\" class=\"button primary print\" hidden>")
            .text(ctx.t(M::PrintBoard))
            .raw("</button></p></div>");
        if let Some(svg) = qr::svg(&public, ctx.t(M::QrLabel)) {
            h.raw("<figure class=\"qr\">").trusted(&svg);
            h.raw("<figcaption>")
                .text(ctx.t(M::ScanToOpen))
                .raw("<br><span class=\"url\">")
                .text(&public)
                .raw("</span></figcaption></figure>");
        }
        h.raw("</header>");
        if !p.applicants.is_empty() {
            h.raw(
                "<section class=\"sec sec-applicants no-print\" aria-labelledby=\"p-applicants\">",
            );
            h.el("h2", &[("id", Some("p-applicants"))], ctx.t(M::Applicants));
            h.el("p", &[("lang", ctx.vi_attr())], &p.applicants);
            h.raw("</section>");
        }
        if !p.requirements.is_empty() {
            h.raw("<section class=\"sec sec-requirements no-print\" aria-labelledby=\"p-requirements\">");
            h.el(
                "h2",
                &[("id", Some("p-requirements"))],
                ctx.t(M::Requirements),
            );
            h.open("div", &[("lang", ctx.vi_attr())]);
            card::lines(h, &p.requirements);
            h.raw("</div></section>");
        }
        h.raw("<div id=\"giay-to\" class=\"board-body\">");
        card::sections(
            h,
            &ctx,
            &v,
            &CardOptions {
                id: "p",
                level: 2,
                intent: Intent::Overview,
                have: &have,
            },
        );
        h.raw("</div>");
        card::source(h, &ctx, &v);
        h.raw("</article>");
    });
    html_response(StatusCode::OK, body)
}
