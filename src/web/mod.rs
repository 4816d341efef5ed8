//! The assistant's face on the commune website: server-rendered pages, the
//! embeddable widget, the feedback endpoint and the static assets.
//!
//! | route | page |
//! |---|---|
//! | `GET /`, `POST /` | the chat (the POST is the chat without script) |
//! | `GET /thu-tuc` | the catalog of procedures, by field, with search |
//! | `GET /thu-tuc/{code}` | one procedure, checklist to tick, printable A4 board with QR code |
//! | `GET /van-ban/{number}` | a legal document with anchors per article and clause |
//! | `GET /van-ban/{number}/dieu/{n}` | one article |
//! | `GET /widget`, `POST /widget`, `GET /widget.js` | the chat for other sites (frame / script tag) |
//! | `POST /api/feedback` | thumbs up / down, counted in memory |
//! | `GET /assets/…` | the one CSS file, the one script, the icon |
//!
//! Every page is HTML written through [`html::Html`], which escapes all
//! non-literal text; every page carries [`PAGE_CSP`] (no inline script or
//! style, nothing from other origins). Pages work without script; the
//! script (`web/motcua.js`) adds the live chat, live ticking and
//! search-as-you-type. Assets are compiled in: `motcua serve` needs no
//! build step.
//!
//! This module sits beside [`crate::http`] and reuses its state, limits,
//! workers and middleware; it does not change the API's routes or headers,
//! except for [`cors`], the allow-list of origins that may call the API
//! from a browser.

pub mod assets;
pub mod card;
pub mod catalog;
pub mod chat;
pub mod documents;
pub mod feedback;
pub mod html;
pub mod i18n;
pub mod layout;
pub mod procedure;
pub mod qr;
pub mod widget;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn_with_state, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use self::feedback::Feedback;
use self::i18n::M;
use self::layout::{page, Ctx};
use crate::assistant::Lang;
use crate::config::CommuneProfile;
use crate::http::{ApiError, AppState};

/// Content-Security-Policy of every page: scripts, styles and images only
/// from this server, no inline script or style, no plugin, no framing.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// State of the web routes: the API's state plus the feedback counters.
#[derive(Clone)]
pub struct Web {
    pub(crate) app: AppState,
    feedback: Arc<Feedback>,
}

impl Web {
    pub fn new(app: AppState) -> Self {
        Web {
            app,
            feedback: Arc::new(Feedback::default()),
        }
    }

    /// The thumbs-up/down counters (for an admin or metrics route).
    pub fn feedback(&self) -> &Arc<Feedback> {
        &self.feedback
    }

    /// The commune profile, or the defaults while the index loads.
    pub(crate) fn profile(&self) -> CommuneProfile {
        self.app
            .assistant()
            .map(|a| a.profile().clone())
            .unwrap_or_default()
    }

    /// The pages, the widget, the assets and `POST /api/feedback`, with the
    /// API's access log, request deadline and body limit, but HTML errors
    /// for pages (merge it after the API's JSON-error layer).
    pub fn router<S>(self) -> Router<S> {
        let request_timeout = self.app.limits().request_timeout;
        let pages = Router::new()
            .route("/", get(chat::index).post(chat::post))
            .route("/thu-tuc", get(catalog::index))
            .route("/thu-tuc/{code}", get(procedure::show))
            .route("/van-ban/{number}", get(documents::show))
            .route("/van-ban/{number}/dieu/{n}", get(documents::article))
            .route("/widget", get(chat::widget).post(chat::widget_post))
            .route("/widget.js", get(assets::widget_js))
            .route("/assets/motcua.css", get(assets::css))
            .route("/assets/motcua.js", get(assets::js))
            .route("/assets/icon.svg", get(assets::icon))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(PAGE_CSP),
            ));
        let api = Router::new()
            .route("/api/feedback", post(feedback::post))
            .layer(map_response(crate::http::error::ensure_json_error));
        pages
            .merge(api)
            .method_not_allowed_fallback(crate::http::error::method_not_allowed)
            .layer(DefaultBodyLimit::max(crate::http::limits::MAX_BODY_BYTES))
            .layer(from_fn_with_state(
                request_timeout,
                crate::http::timeout::request_timeout,
            ))
            // The access log and metrics are layered by `crate::http::router`.
            .with_state(self)
    }
}

/// The web routes over `state` (see [`Web::router`]).
pub fn routes<S>(state: AppState) -> Router<S> {
    Web::new(state).router()
}

/// CORS for the whole server: only the profile's `widget_origins` may call
/// it from a browser (GET and POST with a JSON body); other origins get no
/// CORS headers, so the browser keeps its same-origin rule.
pub fn cors(state: AppState) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            let Ok(origin) = origin.to_str() else {
                return false;
            };
            state
                .assistant()
                .is_ok_and(|a| widget::allowed_origins(a.profile()).any(|o| o == origin))
        }))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}

/// `?lang=` of a page.
pub fn lang_of(raw_query: Option<&str>) -> Lang {
    let params = query_params(raw_query);
    i18n::parse_lang(param(&params, "lang"))
}

/// The query string as decoded pairs, repeated keys kept (`co=1&co=3`).
/// Never fails: a page shows something for any query string.
pub fn query_params(raw: Option<&str>) -> Vec<(String, String)> {
    raw.unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .take(256)
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// The first value of `name`.
pub fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Decode `+` and `%XX` (form encoding); invalid escapes stay as they are.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    crate::text::nfc(&String::from_utf8_lossy(&out))
}

/// An HTML response.
pub fn html_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Log an API error the way the API does (5xx with its cause) and return
/// its status.
pub fn log_error(e: ApiError) -> StatusCode {
    let status = e.kind().status();
    drop(e.into_response());
    status
}

/// An error page: a title, one sentence, and the way back.
pub fn error_page(web: &Web, lang: Lang, status: StatusCode, message: M) -> Response {
    let profile = web.profile();
    let ctx = Ctx::new(lang, &profile, "/");
    let title = if status == StatusCode::NOT_FOUND {
        ctx.t(M::NotFoundTitle)
    } else {
        ctx.t(message)
    };
    let body = page(&ctx, title, |h| {
        h.el("h1", &[], title);
        h.el("p", &[("class", Some("lead"))], ctx.t(message));
        h.raw("<ul class=\"links\"><li>")
            .link(&ctx.href("/"), ctx.t(M::BackHome))
            .raw("</li><li>")
            .link(&ctx.href("/thu-tuc"), ctx.t(M::NavCatalog))
            .raw("</li></ul>");
    });
    let mut res = html_response(status, body);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    res
}

/// The assistant, or the 503 page while the index loads.
pub(crate) fn assistant_or_page(
    web: &Web,
    lang: Lang,
) -> Result<Arc<crate::assistant::chat::Assistant>, Box<Response>> {
    web.app
        .assistant()
        .map_err(|e| Box::new(error_page(web, lang, e.kind().status(), M::Loading)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_decode_leniently() {
        let p = query_params(Some("q=h%E1%BB%99+t%E1%BB%8Bch&co=1&co=3&bad=%zz&lang"));
        assert_eq!(param(&p, "q"), Some("hộ tịch"));
        let co: Vec<&str> = p
            .iter()
            .filter(|(k, _)| k == "co")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(co, ["1", "3"]);
        assert_eq!(param(&p, "bad"), Some("%zz"));
        assert_eq!(param(&p, "lang"), Some(""));
        assert_eq!(lang_of(Some("lang=EN")), Lang::En);
        assert_eq!(lang_of(None), Lang::Vi);
    }
}
