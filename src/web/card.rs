//! A procedure as a citizen reads it, rendered on the server: the checklist
//! they can tick (what they already have) with what is still missing, then
//! time, fees, where and how to submit, result, steps and legal basis.
//!
//! The chat script (`web/motcua.js`) builds the same markup from the
//! `/api/chat` JSON; keep the two in step (class names, order, wording from
//! [`super::i18n`]). Nothing here invents text: the "where to get it" of an
//! item is what the corpus says in the item's name, note, form template and
//! legal citation.

use super::html::{encode, Html};
use super::i18n::{fill, M};
use super::layout::Ctx;
use crate::assistant::{ChecklistView, Intent, LegalBasisView, ProcedureView};
use crate::corpus::{docnum, DocumentForm, LegalRef};

/// How a card is shown.
#[derive(Debug, Clone)]
pub struct CardOptions<'a> {
    /// Prefix of element ids (unique per page).
    pub id: &'a str,
    /// Heading level of the card's sections (2 on the procedure page, 3 in
    /// a chat answer).
    pub level: u8,
    /// The section asked about comes first.
    pub intent: Intent,
    /// Indexes of the checklist items already ticked.
    pub have: &'a [usize],
}

/// `h2`…`h4` from a level.
pub fn heading(level: u8) -> &'static str {
    match level {
        0..=2 => "h2",
        3 => "h3",
        _ => "h4",
    }
}

/// Path of a document page (`/van-ban/60-2014-QH13`).
pub fn document_path(number: &str) -> String {
    format!("/van-ban/{}", encode(&docnum::file_stem(number)))
}

/// Path of an article page (`/van-ban/60-2014-QH13/dieu/16`).
pub fn article_path(number: &str, article: &str) -> String {
    format!("{}/dieu/{}", document_path(number), encode(article.trim()))
}

/// Path of a procedure page.
pub fn procedure_path(code: &str) -> String {
    format!("/thu-tuc/{}", encode(code.trim()))
}

/// Sections in the order shown: the one asked about first.
fn order(intent: Intent) -> Vec<Intent> {
    let all = [
        Intent::Documents,
        Intent::Time,
        Intent::Fees,
        Intent::Where,
        Intent::Result,
        Intent::Steps,
        Intent::LegalBasis,
    ];
    let mut out: Vec<Intent> = all.iter().copied().filter(|i| *i == intent).collect();
    out.extend(all.iter().copied().filter(|i| *i != intent));
    out
}

/// The card's sections (not its title: pages head it themselves).
pub fn sections(h: &mut Html, ctx: &Ctx, v: &ProcedureView, o: &CardOptions) {
    for s in order(o.intent) {
        match s {
            Intent::Documents => checklist(h, ctx, v, o),
            Intent::Time => time(h, ctx, v, o),
            Intent::Fees => fees(h, ctx, v, o),
            Intent::Where => place(h, ctx, v, o),
            Intent::Result => result(h, ctx, v, o),
            Intent::Steps => steps(h, ctx, v, o),
            Intent::LegalBasis => legal_basis(h, ctx, v, o),
            Intent::Overview | Intent::OutOfScope | Intent::Social => {}
        }
    }
}

/// The `aria-labelledby` of a card's section: on the procedure page each
/// section is a named region; in a chat answer none is, since every answer
/// has the same sections and a conversation would list many regions of one
/// name (its headings still outline it).
fn region_label<'a>(o: &CardOptions, id: &'a str) -> Option<&'a str> {
    (o.level <= 2).then_some(id)
}

fn open_section(h: &mut Html, o: &CardOptions, name: &'static str, title: &str) {
    let id = format!("{}-{name}", o.id);
    h.open(
        "section",
        &[
            ("class", Some(&format!("sec sec-{name}"))),
            ("aria-labelledby", region_label(o, &id)),
        ],
    );
    h.el(heading(o.level), &[("id", Some(&id))], title);
}

/// "1 bản chính", "xuất trình bản chính" (a document only shown has no
/// count)…
pub fn quantity(c: &ChecklistView) -> String {
    if c.form_label.is_empty() {
        String::new()
    } else if c.quantity == 0 || c.form == DocumentForm::Shown {
        c.form_label.clone()
    } else {
        format!("{} {}", c.quantity, c.form_label)
    }
}

/// "chỉ mang theo để xuất trình, không nộp", unless the form already says so.
fn show_only(c: &ChecklistView) -> bool {
    c.show_only && c.form != DocumentForm::Shown
}

fn citations(h: &mut Html, ctx: &Ctx, refs: &[LegalRef]) {
    if refs.is_empty() {
        return;
    }
    h.open("p", &[("class", Some("cite"))])
        .text(ctx.t(M::Basis))
        .raw(" ");
    for (i, r) in refs.iter().enumerate() {
        if i > 0 {
            h.raw("; ");
        }
        let label = match &r.article {
            Some(a) => format!("{} {a} {}", ctx.t(M::Article), r.document_number),
            None => r.document_number.clone(),
        };
        let path = match &r.article {
            Some(a) => article_path(&r.document_number, a),
            None => document_path(&r.document_number),
        };
        h.link(&ctx.href(&path), &label);
    }
    h.close("p");
}

fn checklist(h: &mut Html, ctx: &Ctx, v: &ProcedureView, o: &CardOptions) {
    h.open(
        "section",
        &[
            ("class", Some("sec sec-documents checklist")),
            (
                "aria-labelledby",
                region_label(o, &format!("{}-documents", o.id)),
            ),
            ("data-code", Some(&v.code)),
        ],
    );
    h.el(
        heading(o.level),
        &[("id", Some(&format!("{}-documents", o.id)))],
        ctx.t(M::Documents),
    );
    if v.checklist.is_empty() {
        h.el("p", &[], ctx.t(M::NoDocuments)).close("section");
        return;
    }
    let action = ctx.href(&format!("{}#giay-to", procedure_path(&v.code)));
    h.open(
        "form",
        &[
            ("method", Some("get")),
            ("action", Some(&action)),
            ("class", Some("tick-form")),
            ("target", Some("_self")),
        ],
    );
    if ctx.lang == crate::assistant::Lang::En {
        h.raw("<input type=\"hidden\" name=\"lang\" value=\"en\">");
    }
    h.raw("<fieldset><legend>")
        .text(ctx.t(M::TickLegend))
        .raw("</legend><ol class=\"items\">");
    for (i, c) in v.checklist.iter().enumerate() {
        let id = format!("{}-c{i}", o.id);
        let index = i.to_string();
        h.raw("<li class=\"item\">");
        h.open(
            "input",
            &[
                ("type", Some("checkbox")),
                ("id", Some(&id)),
                ("name", Some("co")),
                ("value", Some(&index)),
                ("checked", o.have.contains(&i).then_some("")),
            ],
        );
        h.raw("<div class=\"item-body\">");
        h.open("label", &[("for", Some(&id)), ("lang", ctx.vi_attr())])
            .text(&c.name)
            .close("label");
        let q = quantity(c);
        if !q.is_empty() || show_only(c) {
            h.raw("<p class=\"meta\">");
            h.open("span", &[("lang", ctx.vi_attr())])
                .text(&q)
                .close("span");
            if show_only(c) {
                if !q.is_empty() {
                    h.raw(" · ");
                }
                h.text(ctx.t(M::ShowOnly));
            }
            h.raw("</p>");
        }
        if !c.condition.is_empty() {
            h.raw("<p class=\"cond\"><span class=\"label\">")
                .text(ctx.t(M::Note))
                .raw("</span> ");
            h.open("span", &[("lang", ctx.vi_attr())])
                .text(&c.condition)
                .raw("</span></p>");
        }
        if !c.template.is_empty() {
            h.raw("<p class=\"tpl\"><span class=\"label\">")
                .text(ctx.t(M::Template))
                .raw("</span> ");
            h.open("span", &[("lang", ctx.vi_attr())])
                .text(&c.template)
                .raw("</span></p>");
        }
        citations(h, ctx, &c.citations);
        h.raw("</div></li>");
    }
    h.raw("</ol></fieldset>");
    h.raw("<p class=\"nojs\"><button type=\"submit\" class=\"button\">")
        .text(ctx.t(M::UpdateMissing))
        .raw("</button></p></form>");
    missing(h, ctx, v, o);
    h.close("section");
}

/// The "still missing" box, as the server computes it from `o.have`. Every
/// item is listed and the ones already had are `hidden`, so the script only
/// toggles them.
fn missing(h: &mut Html, ctx: &Ctx, v: &ProcedureView, o: &CardOptions) {
    let total = v.checklist.len();
    let have = (0..total).filter(|i| o.have.contains(i)).count();
    h.open(
        "div",
        &[
            ("class", Some("missing")),
            ("aria-live", Some("polite")),
            ("data-have", Some(&have.to_string())),
        ],
    );
    h.el(heading(o.level + 1), &[], ctx.t(M::Missing));
    h.el(
        "p",
        &[("class", Some("progress"))],
        &fill(
            ctx.t(M::HaveCount),
            &[("n", &have.to_string()), ("total", &total.to_string())],
        ),
    );
    h.open("ul", &[("class", Some("missing-list"))]);
    let mut conditional = false;
    for (i, c) in v.checklist.iter().enumerate() {
        let had = o.have.contains(&i);
        missing_item(h, ctx, i, c, had);
        conditional |= !had && !c.condition.is_empty();
    }
    h.raw("</ul>");
    h.open(
        "p",
        &[
            ("class", Some("all-have")),
            ("hidden", (have < total).then_some("")),
        ],
    )
    .text(ctx.t(M::AllHave))
    .close("p");
    h.open(
        "p",
        &[
            ("class", Some("hint")),
            ("hidden", (!conditional).then_some("")),
        ],
    )
    .text(ctx.t(M::MissingHint))
    .close("p");
    h.raw("</div>");
    h.raw("<p class=\"actions no-print\">");
    h.open(
        "a",
        &[
            ("class", Some("button secondary print-link")),
            ("href", Some(&print_href(ctx, &v.code, o.have))),
        ],
    )
    .text(ctx.t(M::PrintShare))
    .raw("</a> ");
    h.open(
        "button",
        &[
            ("type", Some("button")),
            ("class", Some("button secondary share")),
            ("hidden", Some("")),
        ],
    )
    .text(ctx.t(M::Share))
    .raw("</button> <span class=\"share-status\" role=\"status\"></span></p>");
}

/// The procedure page with these items ticked: the print and share view.
pub fn print_href(ctx: &Ctx, code: &str, have: &[usize]) -> String {
    let mut path = procedure_path(code);
    for (n, i) in have.iter().enumerate() {
        path.push(if n == 0 { '?' } else { '&' });
        path.push_str(&format!("co={i}"));
    }
    format!("{}#giay-to", ctx.href(&path))
}

fn missing_item(h: &mut Html, ctx: &Ctx, i: usize, c: &ChecklistView, had: bool) {
    h.open(
        "li",
        &[
            ("data-i", Some(&i.to_string())),
            ("data-cond", (!c.condition.is_empty()).then_some("")),
            ("hidden", had.then_some("")),
        ],
    );
    h.open("span", &[("class", Some("name")), ("lang", ctx.vi_attr())])
        .text(&c.name)
        .close("span");
    let mut details: Vec<(String, bool)> = Vec::new();
    let q = quantity(c);
    if !q.is_empty() {
        details.push((q, true));
    }
    if !c.template.is_empty() {
        details.push((format!("{} {}", ctx.t(M::Template), c.template), true));
    }
    if !c.condition.is_empty() {
        details.push((ctx.t(M::Conditional).to_string(), false));
    }
    if !details.is_empty() {
        h.raw(" <span class=\"detail\">(");
        for (i, (d, vi)) in details.iter().enumerate() {
            if i > 0 {
                h.raw("; ");
            }
            let lang = if *vi { ctx.vi_attr() } else { None };
            h.open("span", &[("lang", lang)]).text(d).close("span");
        }
        h.raw(")</span>");
    }
    h.raw("</li>");
}

fn time(h: &mut Html, ctx: &Ctx, v: &ProcedureView, o: &CardOptions) {
    let lines: Vec<String> = match &v.processing_time {
        Some(t) if !t.text.trim().is_empty() => vec![t.text.clone()],
        _ => v
            .channels
            .iter()
            .filter_map(|c| {
                let t = c.processing_time.as_ref()?;
                (!t.text.trim().is_empty()).then(|| format!("{}: {}", c.label, t.text))
            })
            .collect(),
    };
    if lines.is_empty() {
        return;
    }
    open_section(h, o, "time", ctx.t(M::Time));
    for l in &lines {
        h.el("p", &[("lang", ctx.vi_attr())], l);
    }
    h.close("section");
}

/// Fee lines as the chat's plain answer words them, without duplicates.
pub fn fee_lines(v: &ProcedureView) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for f in &v.fees {
        let mut line = String::new();
        if let Some(ch) = f.channel {
            if let Some(c) = v.channels.iter().find(|c| c.kind == ch) {
                line.push_str(&format!("{}: ", c.label));
            }
        }
        if !f.case.is_empty() {
            line.push_str(&format!("{}: ", f.case));
        }
        line.push_str(&f.text);
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines
}

fn fees(h: &mut Html, ctx: &Ctx, v: &ProcedureView, o: &CardOptions) {
    let lines = fee_lines(v);
    if lines.is_empty() {
        return;
    }
    open_section(h, o, "fees", ctx.t(M::Fees));
    h.raw("<ul>");
    for l in &lines {
        h.el("li", &[("lang", ctx.vi_attr())], l);
    }
    h.raw("</ul></section>");
}

fn place(h: &mut Html, ctx: &Ctx, v: &ProcedureView, o: &CardOptions) {
    if v.agency.is_empty() && v.channels.is_empty() {
        return;
    }
    open_section(h, o, "where", ctx.t(M::Where));
    if !v.agency.is_empty() {
        h.el(
            "p",
            &[("class", Some("agency")), ("lang", ctx.vi_attr())],
            &v.agency,
        );
    }
    if !v.channels.is_empty() {
        h.open("p", &[])
            .text(ctx.t(M::How))
            .raw(":</p><ul class=\"channels\">");
        for c in &v.channels {
            h.raw("<li>").text(&c.label);
            if !c.url.is_empty() {
                h.raw(" — ").link(&c.url, ctx.t(M::ApplyOnline));
            }
            h.raw("</li>");
        }
        h.raw("</ul>");
    }
    h.close("section");
}

fn result(h: &mut Html, ctx: &Ctx, v: &ProcedureView, o: &CardOptions) {
    if v.result.is_empty() {
        return;
    }
    open_section(h, o, "result", ctx.t(M::Result));
    h.raw("<ul>");
    for r in &v.result {
        h.el("li", &[("lang", ctx.vi_attr())], r);
    }
    h.raw("</ul></section>");
}

fn steps(h: &mut Html, ctx: &Ctx, v: &ProcedureView, o: &CardOptions) {
    if v.steps.is_empty() {
        return;
    }
    h.raw("<details class=\"sec sec-steps no-print\">");
    h.open("summary", &[])
        .open(heading(o.level), &[("class", Some("summary-heading"))])
        .text(ctx.t(M::Steps))
        .close(heading(o.level))
        .close("summary");
    h.open("ol", &[("lang", ctx.vi_attr())]);
    for s in &v.steps {
        h.raw("<li>");
        lines(h, s);
        h.raw("</li>");
    }
    h.raw("</ol></details>");
}

/// Text with its line breaks kept, one `<p>` per line.
pub fn lines(h: &mut Html, text: &str) {
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        h.el("p", &[], line);
    }
}

fn legal_basis(h: &mut Html, ctx: &Ctx, v: &ProcedureView, o: &CardOptions) {
    if v.legal_basis.is_empty() {
        return;
    }
    h.raw("<details class=\"sec sec-legal no-print\">");
    h.open("summary", &[])
        .open(heading(o.level), &[("class", Some("summary-heading"))])
        .text(ctx.t(M::LegalBasis))
        .close(heading(o.level))
        .close("summary");
    h.raw("<ul>");
    for r in &v.legal_basis {
        basis_item(h, ctx, r);
    }
    h.raw("</ul></details>");
}

fn basis_item(h: &mut Html, ctx: &Ctx, r: &LegalBasisView) {
    h.open("li", &[("lang", ctx.vi_attr())]);
    let label = match (&r.article, r.title.is_empty()) {
        (Some(a), _) => format!("{} {a}, {}", ctx.t(M::Article), r.document_number),
        (None, _) => r.document_number.clone(),
    };
    if r.in_corpus {
        let path = match &r.article {
            Some(a) => article_path(&r.document_number, a),
            None => document_path(&r.document_number),
        };
        h.link(&ctx.href(&path), &label);
    } else {
        h.text(&label);
    }
    if !r.title.is_empty() && r.title != r.document_number {
        h.raw(" — ").text(&r.title);
    }
    if !r.in_corpus {
        h.raw(" <span class=\"muted\">")
            .text(ctx.t(M::NotInCorpus))
            .raw("</span>");
    }
    h.close("li");
}

/// "Nguồn: Cổng Dịch vụ công quốc gia, cập nhật 2025-06-30".
pub fn source(h: &mut Html, ctx: &Ctx, v: &ProcedureView) {
    if v.source_url.is_empty() && v.as_of.is_empty() {
        return;
    }
    h.raw("<p class=\"source\">")
        .text(ctx.t(M::Source))
        .raw(": ");
    if v.source_url.is_empty() {
        h.text(ctx.t(M::PortalName));
    } else {
        h.link(&v.source_url, ctx.t(M::PortalName));
    }
    if !v.as_of.is_empty() {
        h.raw(", ").text(ctx.t(M::AsOf)).raw(" ").text(&v.as_of);
    }
    h.raw(".</p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_asked_section_comes_first() {
        assert_eq!(order(Intent::Fees)[0], Intent::Fees);
        assert_eq!(order(Intent::Overview)[0], Intent::Documents);
        assert_eq!(order(Intent::Fees).len(), 7);
    }

    #[test]
    fn document_paths_use_the_ascii_stem() {
        assert_eq!(document_path("123/2015/NĐ-CP"), "/van-ban/123-2015-ND-CP");
        assert_eq!(
            article_path("60/2014/QH13", "16"),
            "/van-ban/60-2014-QH13/dieu/16"
        );
    }
}
