//! `GET /thu-tuc?q=`: every procedure of the corpus, grouped by field, with
//! a search box. The server filters on `q` (so it works without script);
//! the script filters the same way as one types. Matching ignores accents,
//! case and word order: every word of the query must appear in the name,
//! the code or an alias.

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::card::procedure_path;
use super::i18n::{fill, M};
use super::layout::{page, Ctx, Section};
use super::{assistant_or_page, html_response, param, query_params, Web};
use crate::corpus::Procedure;
use crate::text::fold_accents;

/// Longest query considered, in characters.
const MAX_QUERY_CHARS: usize = 200;

/// Lower-cased, accent-folded text (what the script computes too).
pub fn fold(s: &str) -> String {
    fold_accents(&crate::text::nfc(s)).to_lowercase()
}

/// What a procedure is found by.
pub fn search_key(p: &Procedure) -> String {
    let mut key = fold(&p.name);
    key.push(' ');
    key.push_str(&p.code.to_lowercase());
    for a in &p.aliases {
        key.push(' ');
        key.push_str(&fold(a));
    }
    key
}

/// Whether every word of the folded query is in `key`.
pub fn matches(key: &str, folded_query: &str) -> bool {
    folded_query.split_whitespace().all(|w| key.contains(w))
}

/// An anchor id for a field: `Hộ tịch` → `lv-ho-tich`.
pub fn field_id(field: &str) -> String {
    let mut id = String::from("lv-");
    let mut dash = false;
    for c in fold(field).chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    id.trim_end_matches('-').to_string()
}

/// A field as written, and its procedures with their search keys.
type Group<'c> = (String, Vec<(&'c Procedure, String)>);

/// `GET /thu-tuc`.
pub async fn index(State(web): State<Web>, RawQuery(raw): RawQuery) -> Response {
    let params = query_params(raw.as_deref());
    let lang = super::i18n::parse_lang(param(&params, "lang"));
    let assistant = match assistant_or_page(&web, lang) {
        Ok(a) => a,
        Err(page) => return *page,
    };
    let query: String = param(&params, "q")
        .unwrap_or("")
        .trim()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let folded = fold(&query);

    // Field sort key → (field as written, procedures by name).
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let corpus = assistant.corpus();
    for p in &corpus.procedures {
        let key = search_key(p);
        if !matches(&key, &folded) {
            continue;
        }
        let field = if p.field.trim().is_empty() {
            "Khác".to_string()
        } else {
            p.field.trim().to_string()
        };
        groups
            .entry(fold(&field))
            .or_insert_with(|| (field, Vec::new()))
            .1
            .push((p, key));
    }
    for (_, list) in groups.values_mut() {
        list.sort_by_key(|(p, _)| fold(&p.name));
    }
    let shown: usize = groups.values().map(|(_, l)| l.len()).sum();

    let mut ctx = Ctx::new(lang, assistant.profile(), "/thu-tuc").section(Section::Catalog);
    if !query.is_empty() {
        ctx.keep.push(("q", query.clone()));
    }
    let body = page(&ctx, ctx.t(M::CatalogTitle), |h| {
        h.el("h1", &[], ctx.t(M::CatalogTitle));
        h.el(
            "p",
            &[("class", Some("lead"))],
            &fill(
                ctx.t(M::CatalogIntro),
                &[("n", &corpus.procedures.len().to_string())],
            ),
        );
        h.open(
            "form",
            &[
                ("class", Some("find")),
                ("role", Some("search")),
                ("method", Some("get")),
                ("action", Some("/thu-tuc")),
            ],
        );
        if lang == crate::assistant::Lang::En {
            h.raw("<input type=\"hidden\" name=\"lang\" value=\"en\">");
        }
        h.open("label", &[("for", Some("find"))])
            .text(ctx.t(M::FindLabel))
            .close("label");
        h.raw("<div class=\"ask-row\">");
        h.open(
            "input",
            &[
                ("id", Some("find")),
                ("type", Some("search")),
                ("name", Some("q")),
                ("value", Some(&query)),
                ("autocomplete", Some("off")),
                ("aria-describedby", Some("find-hint")),
                ("aria-controls", Some("catalog")),
            ],
        );
        h.raw("<button type=\"submit\" class=\"button primary\">")
            .text(ctx.t(M::Find))
            .raw("</button></div>");
        h.el(
            "p",
            &[("id", Some("find-hint")), ("class", Some("hint"))],
            ctx.t(M::FindHint),
        );
        h.raw("</form>");
        let status = if query.is_empty() {
            String::new()
        } else if shown == 0 {
            ctx.t(M::NoMatch).to_string()
        } else {
            fill(
                ctx.t(M::Matching),
                &[("n", &shown.to_string()), ("q", &query)],
            )
        };
        h.el(
            "p",
            &[
                ("id", Some("find-status")),
                ("class", Some("status")),
                ("role", Some("status")),
            ],
            &status,
        );
        if !query.is_empty() {
            h.raw("<p class=\"show-all\">")
                .link(&ctx.href("/thu-tuc"), ctx.t(M::ShowAll))
                .raw("</p>");
        }
        if !groups.is_empty() {
            h.raw("<nav class=\"toc\" aria-labelledby=\"toc-title\">");
            h.el("h2", &[("id", Some("toc-title"))], ctx.t(M::Fields));
            h.raw("<ul>");
            for (field, list) in groups.values() {
                let id = field_id(field);
                h.open("li", &[("data-field", Some(&id))])
                    .open(
                        "a",
                        &[("href", Some(&format!("#{id}"))), ("lang", ctx.vi_attr())],
                    )
                    .text(field)
                    .raw("</a> <span class=\"count\">(")
                    .display(list.len())
                    .raw(")</span></li>");
            }
            h.raw("</ul></nav>");
        }
        h.raw("<div id=\"catalog\" class=\"catalog\">");
        for (field, list) in groups.values() {
            let id = field_id(field);
            h.open(
                "section",
                &[
                    ("class", Some("field")),
                    ("id", Some(&id)),
                    ("aria-labelledby", Some(&format!("{id}-h"))),
                ],
            );
            h.open(
                "h2",
                &[("id", Some(&format!("{id}-h"))), ("lang", ctx.vi_attr())],
            )
            .text(field)
            .close("h2");
            h.raw("<ul class=\"procs\">");
            for (p, key) in list {
                h.open("li", &[("data-k", Some(key))])
                    .open(
                        "a",
                        &[
                            ("href", Some(&ctx.href(&procedure_path(&p.code)))),
                            ("lang", ctx.vi_attr()),
                        ],
                    )
                    .text(&p.name)
                    .raw("</a> <span class=\"code\">")
                    .text(&p.code)
                    .raw("</span></li>");
            }
            h.raw("</ul></section>");
        }
        h.raw("</div>");
    });
    html_response(StatusCode::OK, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_ignores_accents_case_and_order() {
        let p = Procedure {
            code: "1.001193".into(),
            name: "Thủ tục đăng ký khai sinh".into(),
            aliases: vec!["Làm giấy khai sinh".into()],
            ..Default::default()
        };
        let key = search_key(&p);
        for q in [
            "khai sinh",
            "KHAI SINH",
            "dang ky",
            "sinh đăng",
            "1.001193",
            "giay",
        ] {
            assert!(matches(&key, &fold(q)), "{q}");
        }
        assert!(!matches(&key, &fold("kết hôn")));
        assert!(matches(&key, ""));
    }

    #[test]
    fn field_ids_are_ascii_slugs() {
        assert_eq!(field_id("Hộ tịch"), "lv-ho-tich");
        assert_eq!(field_id("Đất đai, nhà ở"), "lv-dat-dai-nha-o");
    }
}
