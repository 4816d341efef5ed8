//! The chat page (`/`, and `/widget` inside a frame on the commune's site).
//!
//! With the script, the form is sent to `POST /api/chat` and the answer is
//! built in the page (`web/motcua.js`). Without it, the form posts here and
//! the server renders the same answer ([`turn`]); the session goes back and
//! forth in a hidden field, quick replies are submit buttons of the form.

use axum::extract::rejection::FormRejection;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

use super::card::{self, procedure_path, CardOptions};
use super::html::Html;
use super::i18n::{self, M};
use super::layout::{page, Ctx, Section};
use super::{error_page, html_response, lang_of, Web};
use crate::assistant::{ChatRequest, ChatResponse, Intent, Lang, Passage, ProcedureView};
use crate::http::error::ErrorKind;
use crate::http::routes::chat::check_message;

/// The no-script form.
#[derive(Debug, Default, Deserialize)]
pub struct ChatForm {
    #[serde(default)]
    pub message: String,
    /// A quick reply's text (a submit button of the form).
    #[serde(default)]
    pub chip: Option<String>,
    #[serde(default)]
    pub session: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

/// What one rendering of the chat page shows.
struct View<'a> {
    question: Option<&'a str>,
    answer: Option<&'a ChatResponse>,
    error: Option<M>,
    session: Option<&'a str>,
}

/// `GET /`.
pub async fn index(State(web): State<Web>, RawQuery(q): RawQuery) -> Response {
    show(&web, lang_of(q.as_deref()), false).await
}

/// `GET /widget`.
pub async fn widget(State(web): State<Web>, RawQuery(q): RawQuery) -> Response {
    super::widget::with_frame_ancestors(&web, show(&web, lang_of(q.as_deref()), true).await)
}

async fn show(web: &Web, lang: Lang, widget: bool) -> Response {
    let view = View {
        question: None,
        answer: None,
        error: None,
        session: None,
    };
    render(web, lang, widget, StatusCode::OK, &view)
}

/// `POST /` (the chat without script).
pub async fn post(State(web): State<Web>, form: Result<Form<ChatForm>, FormRejection>) -> Response {
    answer(&web, form, false).await
}

/// `POST /widget`.
pub async fn widget_post(
    State(web): State<Web>,
    form: Result<Form<ChatForm>, FormRejection>,
) -> Response {
    super::widget::with_frame_ancestors(&web, answer(&web, form, true).await)
}

async fn answer(web: &Web, form: Result<Form<ChatForm>, FormRejection>, widget: bool) -> Response {
    let form = match form {
        Ok(Form(f)) => f,
        Err(_) => {
            let view = View {
                question: None,
                answer: None,
                error: Some(M::ChatError),
                session: None,
            };
            return render(web, Lang::Vi, widget, StatusCode::BAD_REQUEST, &view);
        }
    };
    let lang = i18n::parse_lang(form.lang.as_deref());
    let message = form
        .chip
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .unwrap_or(&form.message)
        .to_string();
    let session = form.session.as_deref().filter(|s| !s.is_empty());
    if let Err(e) = check_message(&message) {
        let error = match e.kind() {
            ErrorKind::MessageTooLong => M::LongQuestion,
            _ => M::EmptyQuestion,
        };
        let view = View {
            question: None,
            answer: None,
            error: Some(error),
            session,
        };
        return render(web, lang, widget, StatusCode::BAD_REQUEST, &view);
    }
    let assistant = match web.app.assistant() {
        Ok(a) => a,
        Err(e) => return error_page(web, lang, e.kind().status(), M::Loading),
    };
    let req = ChatRequest {
        message: message.clone(),
        session: session.map(str::to_string),
        lang: Some(lang),
    };
    let res = match web.app.workers().run(move || assistant.chat(&req)).await {
        Ok(Ok(res)) => res,
        Ok(Err(e)) => {
            let status = super::log_error(crate::http::ApiError::from(e));
            return error_page(web, lang, status, M::ChatError);
        }
        Err(e) => {
            let status = super::log_error(e);
            return error_page(web, lang, status, M::Busy);
        }
    };
    let view = View {
        question: Some(&message),
        answer: Some(&res),
        error: None,
        session: Some(&res.session),
    };
    render(web, lang, widget, StatusCode::OK, &view)
}

fn render(web: &Web, lang: Lang, widget: bool, status: StatusCode, view: &View) -> Response {
    let assistant = web.app.assistant().ok();
    let default_profile = crate::config::CommuneProfile::default();
    let profile = assistant.as_ref().map_or(&default_profile, |a| a.profile());
    let mut ctx =
        Ctx::new(lang, profile, if widget { "/widget" } else { "/" }).section(Section::Chat);
    ctx.widget = widget;
    let action = if widget { "/widget" } else { "/" };
    let body = page(&ctx, ctx.t(M::ChatTitle), |h| {
        h.raw("<div class=\"chat\">");
        h.el("h1", &[], ctx.t(M::ChatTitle));
        if !widget {
            h.el("p", &[("class", Some("intro"))], ctx.t(M::ChatIntro));
        }
        h.open(
            "div",
            &[
                ("id", Some("log")),
                ("class", Some("log")),
                ("role", Some("log")),
                ("aria-live", Some("polite")),
                ("aria-label", Some(ctx.t(M::Conversation))),
            ],
        );
        if let (Some(q), Some(a)) = (view.question, view.answer) {
            turn(h, &ctx, "t1", q, a);
        }
        h.raw("</div>");
        chips(h, &ctx, view.answer);
        form(h, &ctx, action, view);
        h.raw("</div>");
    });
    html_response(status, body)
}

/// Quick replies: examples before the first answer, then the answer's
/// suggestions. Submit buttons of the chat form, so they work without script.
fn chips(h: &mut Html, ctx: &Ctx, answer: Option<&ChatResponse>) {
    let (title, items): (M, Vec<String>) = match answer {
        Some(a) if !a.suggestions.is_empty() => (
            if a.procedure.is_some() || a.intent == Intent::Social {
                M::Suggestions
            } else {
                M::MaybeLookingFor
            },
            a.suggestions.clone(),
        ),
        Some(_) => (M::Suggestions, Vec::new()),
        None => (
            M::Examples,
            i18n::examples(ctx.lang)
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
    };
    h.open(
        "section",
        &[
            ("class", Some("chips")),
            ("aria-labelledby", Some("chips-title")),
            ("hidden", items.is_empty().then_some("")),
        ],
    );
    h.el("h2", &[("id", Some("chips-title"))], ctx.t(title));
    h.raw("<ul>");
    for s in &items {
        h.raw("<li>")
            .open(
                "button",
                &[
                    ("type", Some("submit")),
                    ("form", Some("chat-form")),
                    ("name", Some("chip")),
                    ("value", Some(s)),
                    ("class", Some("chip")),
                ],
            )
            .text(s)
            .raw("</button></li>");
    }
    h.raw("</ul></section>");
}

fn form(h: &mut Html, ctx: &Ctx, action: &str, view: &View) {
    h.open(
        "form",
        &[
            ("id", Some("chat-form")),
            ("class", Some("ask")),
            ("method", Some("post")),
            ("action", Some(action)),
            ("target", Some("_self")),
        ],
    );
    h.open(
        "input",
        &[
            ("type", Some("hidden")),
            ("name", Some("session")),
            ("value", Some(view.session.unwrap_or(""))),
        ],
    );
    h.open(
        "input",
        &[
            ("type", Some("hidden")),
            ("name", Some("lang")),
            ("value", Some(i18n::code(ctx.lang))),
        ],
    );
    h.open("label", &[("for", Some("q"))])
        .text(ctx.t(M::QuestionLabel))
        .close("label");
    h.raw("<div class=\"ask-row\">");
    h.open(
        "textarea",
        &[
            ("id", Some("q")),
            ("name", Some("message")),
            ("rows", Some("2")),
            ("maxlength", Some("2000")),
            ("autocomplete", Some("off")),
            ("aria-describedby", Some("q-hint q-error")),
            ("aria-invalid", view.error.is_some().then_some("true")),
        ],
    )
    .close("textarea");
    h.raw("<button type=\"submit\" class=\"button primary\">")
        .text(ctx.t(M::Ask))
        .raw("</button></div>");
    h.el(
        "p",
        &[("id", Some("q-hint")), ("class", Some("hint"))],
        ctx.t(M::QuestionHint),
    );
    h.open(
        "p",
        &[
            ("id", Some("q-error")),
            ("class", Some("error")),
            ("role", Some("alert")),
            ("hidden", view.error.is_none().then_some("")),
        ],
    );
    if let Some(e) = view.error {
        h.text(ctx.t(e));
    }
    h.raw("</p></form>");
}

/// One question and its answer, as the script renders it too.
pub fn turn(h: &mut Html, ctx: &Ctx, id: &str, question: &str, a: &ChatResponse) {
    h.open(
        "article",
        &[
            ("class", Some("turn")),
            ("aria-labelledby", Some(&format!("{id}-title"))),
        ],
    );
    h.raw("<div class=\"bubble you\"><p class=\"who\">")
        .text(ctx.t(M::YouAsked))
        .raw("</p><p class=\"said\">")
        .text(question)
        .raw("</p></div>");
    h.open(
        "div",
        &[
            ("class", Some("bubble reply")),
            ("lang", (a.lang != ctx.lang).then_some(i18n::code(a.lang))),
        ],
    );
    h.raw("<p class=\"who\">")
        .text(ctx.t(M::Answer))
        .raw("</p>");
    match &a.procedure {
        Some(p) => procedure_reply(h, ctx, id, a, p),
        None if a.intent == Intent::Social => courtesy(h, ctx, id, a),
        None => not_sure(h, ctx, id, a),
    }
    h.raw("</div></article>");
}

/// The lines of `answer` before the procedure line ("Bạn hỏi thủ tục
/// nào?…" when two procedures are close).
pub fn lead(answer: &str) -> Vec<&str> {
    answer
        .lines()
        .take_while(|l| !l.starts_with("Thủ tục:") && !l.starts_with("Procedure:"))
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn procedure_reply(h: &mut Html, ctx: &Ctx, id: &str, a: &ChatResponse, p: &ProcedureView) {
    for line in lead(&a.answer) {
        h.el("p", &[("class", Some("lead"))], line);
    }
    h.open(
        "h2",
        &[
            ("id", Some(&format!("{id}-title"))),
            ("class", Some("proc-title")),
            ("tabindex", Some("-1")),
            ("lang", ctx.vi_attr()),
        ],
    )
    .text(&p.name)
    .close("h2");
    h.raw("<p class=\"proc-meta\">")
        .text(ctx.t(M::Code))
        .raw(": ")
        .link(&ctx.href(&procedure_path(&p.code)), &p.code)
        .raw(" · ")
        .text(ctx.t(M::Field))
        .raw(": ");
    h.open("span", &[("lang", ctx.vi_attr())])
        .text(&p.field)
        .raw("</span></p>");
    card::sections(
        h,
        ctx,
        p,
        &CardOptions {
            id,
            level: 3,
            intent: a.intent,
            have: &[],
        },
    );
    passages(h, ctx, id, &a.passages);
    h.raw("<p class=\"more\">")
        .link(&ctx.href(&procedure_path(&p.code)), ctx.t(M::FullProcedure))
        .raw("</p>");
    card::source(h, ctx, p);
    feedback(h, ctx, a, Some(&p.code));
}

fn passages(h: &mut Html, ctx: &Ctx, id: &str, passages: &[Passage]) {
    if passages.is_empty() {
        return;
    }
    h.open("section", &[("class", Some("sec sec-passages"))]);
    h.el(
        "h3",
        &[("id", Some(&format!("{id}-passages")))],
        ctx.t(M::Passages),
    );
    h.raw("<ul class=\"passages\">");
    for p in passages {
        h.open("li", &[("lang", ctx.vi_attr())]);
        let label = format!(
            "{} ({}) — Điều {}. {}",
            p.document_title, p.document_number, p.article, p.article_title
        );
        h.link(
            &ctx.href(&card::article_path(&p.document_number, &p.article)),
            &label,
        );
        h.raw("<blockquote>");
        highlighted(h, &p.snippet, &p.highlights);
        h.raw("</blockquote></li>");
    }
    h.raw("</ul></section>");
}

/// `text` with the byte ranges `marks` in `<mark>` (ranges that are not
/// on character boundaries, overlap or go backwards are skipped).
pub fn highlighted(h: &mut Html, text: &str, marks: &[[usize; 2]]) {
    let mut at = 0;
    for &[start, end] in marks {
        if start < at || end <= start {
            continue;
        }
        let (Some(before), Some(marked)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        h.text(before).raw("<mark>").text(marked).raw("</mark>");
        at = end;
    }
    h.text(text.get(at..).unwrap_or(""));
}

/// The reply to a greeting, thanks or goodbye: the courtesy, and the
/// center's contact when it comes with one. Nothing to rate.
fn courtesy(h: &mut Html, ctx: &Ctx, id: &str, a: &ChatResponse) {
    h.open(
        "p",
        &[
            ("id", Some(&format!("{id}-title"))),
            ("class", Some("courtesy")),
            ("tabindex", Some("-1")),
        ],
    )
    .text(&a.answer)
    .close("p");
    contact_card(h, ctx, a);
}

fn not_sure(h: &mut Html, ctx: &Ctx, id: &str, a: &ChatResponse) {
    let first = a.answer.lines().next().unwrap_or("");
    h.open(
        "h2",
        &[
            ("id", Some(&format!("{id}-title"))),
            ("class", Some("notsure-title")),
            ("tabindex", Some("-1")),
        ],
    )
    .text(first)
    .close("h2");
    if !a.alternatives.is_empty() {
        h.el("p", &[], ctx.t(M::MaybeLookingFor));
        h.raw("<ul class=\"alternatives\">");
        for alt in &a.alternatives {
            h.open("li", &[("lang", ctx.vi_attr())])
                .link(&ctx.href(&procedure_path(&alt.code)), &alt.name)
                .raw(" <span class=\"muted\">(")
                .text(&alt.code)
                .raw(")</span></li>");
        }
        h.raw("</ul>");
    }
    contact_card(h, ctx, a);
    feedback(h, ctx, a, None);
}

/// The center's contact, when the answer carries it.
fn contact_card(h: &mut Html, ctx: &Ctx, a: &ChatResponse) {
    if let Some(c) = &a.contact {
        h.raw("<div class=\"contact-card\">");
        h.el("h3", &[], ctx.t(M::ContactCenter));
        h.el("p", &[("lang", ctx.vi_attr())], &c.name);
        if !c.lines.is_empty() {
            h.raw("<dl class=\"contact\">");
            for [k, v] in &c.lines {
                h.el("dt", &[], k);
                h.el("dd", &[("lang", ctx.vi_attr())], v);
            }
            h.raw("</dl>");
        }
        h.raw("</div>");
    }
}

/// Thumbs up / down; needs the script (which shows it).
fn feedback(h: &mut Html, ctx: &Ctx, a: &ChatResponse, code: Option<&str>) {
    h.open(
        "div",
        &[
            ("class", Some("feedback no-print")),
            ("data-session", Some(&a.session)),
            ("data-procedure", code),
            ("hidden", Some("")),
        ],
    );
    h.el("p", &[], ctx.t(M::Helpful));
    for (value, label, class) in [("true", M::Yes, "thumb up"), ("false", M::No, "thumb down")] {
        h.open(
            "button",
            &[
                ("type", Some("button")),
                ("class", Some(&format!("button secondary {class}"))),
                ("data-helpful", Some(value)),
                ("aria-pressed", Some("false")),
            ],
        )
        .raw(THUMB_SVG)
        .text(ctx.t(label))
        .raw("</button> ");
    }
    h.raw("<p class=\"thanks\" role=\"status\"></p></div>");
}

/// A thumb (drawn for this project), pointing up; CSS turns it for "down".
pub const THUMB_SVG: &str = "<svg class=\"icon\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" aria-hidden=\"true\" focusable=\"false\"><path fill=\"currentColor\" d=\"M2 10h4v11H2zM8 10l4-7c1.6 0 2.5 1.1 2.2 2.6L13.5 9H20c1.2 0 2.1 1.1 1.8 2.3l-2 8.2c-.3.9-1 1.5-2 1.5H8z\"/></svg>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_skip_ranges_off_character_boundaries() {
        let mut h = Html::new();
        highlighted(&mut h, "khai sinh <b>", &[[0, 4], [3, 2], [5, 9], [6, 7]]);
        assert_eq!(
            h.into_string(),
            "<mark>khai</mark> <mark>sinh</mark> &lt;b&gt;"
        );
        let mut h = Html::new();
        highlighted(&mut h, "hộ tịch", &[[0, 2]]);
        assert_eq!(h.into_string(), "hộ tịch");
    }

    #[test]
    fn the_lead_is_what_comes_before_the_procedure_line() {
        assert!(lead("Thủ tục: X (mã 1).\nGiấy tờ").is_empty());
        assert_eq!(
            lead("Bạn hỏi thủ tục nào? A / B\nThủ tục: A (mã 1)."),
            vec!["Bạn hỏi thủ tục nào? A / B"]
        );
    }
}
