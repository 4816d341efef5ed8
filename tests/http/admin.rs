use axum::body::Body;
use axum::http::{header, Request};
use motcua::http::{admin_router, router, AppState, Policy};

use crate::support::{admin_policy, assert_error, assistant, limits, send_to, ADMIN_KEY};

fn admin_app(policy: Policy) -> axum::Router {
    let state = AppState::new(limits(), policy, None);
    state.set_ready(assistant());
    router(state)
}

fn status_request(auth: Option<(&str, &str)>) -> Request<Body> {
    let mut req = Request::get("/api/admin/reindex");
    if let Some((name, value)) = auth {
        req = req.header(name, value);
    }
    req.body(Body::empty()).expect("request")
}

#[tokio::test]
async fn admin_without_the_key_is_unauthorized() {
    let app = admin_app(admin_policy());
    let bearer = format!("Bearer {ADMIN_KEY}");
    for auth in [
        None,
        Some(("authorization", "Bearer wrong-key-wrong-key-wrong")),
        Some(("authorization", "Bearer ")),
        Some(("authorization", &format!("Basic {ADMIN_KEY}")[..])),
        Some(("x-admin-key", &ADMIN_KEY[..ADMIN_KEY.len() - 1])),
    ] {
        let r = send_to(app.clone(), status_request(auth)).await;
        assert_error(&r, 401, "unauthorized");
        assert_eq!(r.header("www-authenticate"), "Bearer");
    }
    let post = Request::post("/api/admin/reindex")
        .body(Body::empty())
        .expect("request");
    assert_error(&send_to(app.clone(), post).await, 401, "unauthorized");

    for auth in [("authorization", &bearer[..]), ("x-admin-key", ADMIN_KEY)] {
        let r = send_to(app.clone(), status_request(Some(auth))).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["running"], false);
    }
}

#[tokio::test]
async fn without_a_configured_key_there_are_no_admin_routes() {
    let app = admin_app(Policy::default());
    let r = send_to(
        app,
        status_request(Some(("authorization", &format!("Bearer {ADMIN_KEY}")))),
    )
    .await;
    assert_error(&r, 404, "not_found");
}

#[tokio::test]
async fn admin_routes_never_get_cors_headers_even_for_allowed_origins() {
    let policy = Policy {
        cors_origins: Policy::parse_origins(&["https://xa.example.vn"]).expect("origin"),
        ..admin_policy()
    };
    let app = admin_app(policy);
    let preflight = Request::options("/api/admin/reindex")
        .header("origin", "https://xa.example.vn")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .expect("request");
    let r = send_to(app.clone(), preflight).await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        "",
        "{:?}",
        r.headers
    );
    let get = Request::get("/api/admin/reindex")
        .header("origin", "https://xa.example.vn")
        .header(header::AUTHORIZATION, format!("Bearer {ADMIN_KEY}"))
        .body(Body::empty())
        .expect("request");
    let r = send_to(app.clone(), get).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), "");
    // The public API does get them.
    let api = Request::get("/api/procedures/1.001193")
        .header("origin", "https://xa.example.vn")
        .body(Body::empty())
        .expect("request");
    let r = send_to(app, api).await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        "https://xa.example.vn"
    );
}

#[tokio::test]
async fn a_separate_admin_listener_takes_admin_routes_and_metrics_off_the_public_one() {
    let policy = Policy {
        admin_separate: true,
        ..admin_policy()
    };
    let state = AppState::new(limits(), policy, None);
    state.set_ready(assistant());
    let public = router(state.clone());
    let admin = admin_router(state);
    let bearer = format!("Bearer {ADMIN_KEY}");
    let r = send_to(
        public.clone(),
        status_request(Some(("authorization", &bearer))),
    )
    .await;
    assert_error(&r, 404, "not_found");
    let metrics = || {
        Request::get("/metrics")
            .body(Body::empty())
            .expect("request")
    };
    assert_error(&send_to(public.clone(), metrics()).await, 404, "not_found");
    let r = send_to(
        admin.clone(),
        status_request(Some(("authorization", &bearer))),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = send_to(admin.clone(), metrics()).await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("motcua_index_ready 1"), "{}", r.text);
    // The public routes are not on the admin listener.
    let chat = Request::get("/healthz")
        .body(Body::empty())
        .expect("request");
    assert_error(&send_to(admin, chat).await, 404, "not_found");
}
