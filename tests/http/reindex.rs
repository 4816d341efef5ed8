//! Reindexing while serving. Each test works on its own copy of an index
//! built once from the committed corpus.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request};
use axum::Router;
use motcua::http::state::DataDirs;
use motcua::http::{router, AppState, Limits};

use crate::support::{admin_policy, corpus_dir, index_copy, send_to, ADMIN_KEY};

/// A router serving the index in `index`, with reindexing enabled.
fn serving(index: &Path, corpus: PathBuf) -> (AppState, Router) {
    let limits = Limits {
        queue_wait: Duration::from_secs(30),
        request_timeout: Duration::from_secs(60),
        ..Limits::with_workers(2)
    };
    let state = AppState::new(
        limits,
        admin_policy(),
        Some(DataDirs {
            corpus: corpus.clone(),
            index: index.to_path_buf(),
        }),
    );
    let loaded = motcua::app::load_generation(&corpus, index).expect("load the copied index");
    state.publish(Arc::new(loaded.assistant), loaded.generation.number);
    let app = router(state.clone());
    (state, app)
}

fn reindex_request() -> Request<Body> {
    Request::post("/api/admin/reindex")
        .header(header::AUTHORIZATION, format!("Bearer {ADMIN_KEY}"))
        .body(Body::empty())
        .expect("request")
}

fn chat_request(message: &str) -> Request<Body> {
    Request::post("/api/chat")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({ "message": message }).to_string(),
        ))
        .expect("request")
}

fn tmp_entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read index directory")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_under_concurrent_requests_fails_none_of_them() {
    let dir = index_copy();
    let (state, app) = serving(dir.path(), corpus_dir());
    let before = state.generation().expect("served");

    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for i in 0..4 {
        let (app, stop, answered) = (app.clone(), stop.clone(), answered.clone());
        clients.push(tokio::spawn(async move {
            let mut failures = Vec::new();
            let mut n = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let req = match (i + n) % 3 {
                    0 => chat_request("làm giấy khai sinh cho con cần gì"),
                    1 => Request::get("/api/search?q=%C4%90i%E1%BB%81u%2016%20Lu%E1%BA%ADt%20H%E1%BB%99%20t%E1%BB%8Bch")
                        .body(Body::empty())
                        .expect("request"),
                    _ => Request::get("/readyz").body(Body::empty()).expect("request"),
                };
                let r = send_to(app.clone(), req).await;
                if r.status != 200 {
                    failures.push(format!("{} {}", r.status, r.text));
                }
                n += 1;
                answered.fetch_add(1, Ordering::Relaxed);
            }
            failures
        }));
    }
    for round in 1..=2u64 {
        let r = send_to(app.clone(), reindex_request()).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["ok"], true, "{}", r.text);
        assert_eq!(r.json["generation"], before + round, "{}", r.text);
    }
    // Requests keep flowing on the new generation for a moment.
    let seen = answered.load(Ordering::Relaxed);
    let deadline = Instant::now() + Duration::from_secs(30);
    while answered.load(Ordering::Relaxed) < seen + 20 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let mut failures = Vec::new();
    for c in clients {
        failures.extend(c.await.expect("client task"));
    }
    assert!(failures.is_empty(), "failed requests: {failures:?}");
    assert!(
        answered.load(Ordering::Relaxed) > 20,
        "too few requests to mean anything"
    );
    assert_eq!(state.generation(), Some(before + 2));
    assert!(tmp_entries(dir.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_build_changes_nothing_and_says_why() {
    let dir = index_copy();
    let corpus = dir.path().join("no-such-corpus");
    // Serve from the real corpus, then lose it.
    let (state, _) = serving(dir.path(), corpus_dir());
    let served = state.served().expect("served");
    let state = AppState::new(
        Limits::with_workers(2),
        admin_policy(),
        Some(DataDirs {
            corpus,
            index: dir.path().to_path_buf(),
        }),
    );
    state.publish(served.assistant.clone(), served.generation);
    let app = router(state.clone());
    let current_before = std::fs::read_to_string(dir.path().join("CURRENT")).expect("CURRENT");

    let r = send_to(app.clone(), reindex_request()).await;
    assert_eq!(r.status, 500, "{}", r.text);
    assert_eq!(r.json["error"]["code"], "reindex_failed");
    let message = r.json["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("no-such-corpus"), "says why: {message}");

    assert_eq!(state.generation(), Some(served.generation));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("CURRENT")).expect("CURRENT"),
        current_before
    );
    assert!(tmp_entries(dir.path()).is_empty());
    let chat = send_to(app.clone(), chat_request("đăng ký khai sinh")).await;
    assert_eq!(chat.status, 200, "still serving: {}", chat.text);
    let status = send_to(
        app,
        Request::get("/api/admin/reindex")
            .header("x-admin-key", ADMIN_KEY)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status.json["last"]["ok"], false, "{}", status.text);
    assert!(status.json["last"]["error"].as_str().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_one_rebuild_at_a_time_others_get_409() {
    let dir = index_copy();
    let (state, app) = serving(dir.path(), corpus_dir());
    let before = state.generation();

    // Another process (say `motcua index`) holds the build lock.
    let lock = motcua::index::generation::try_lock(dir.path())
        .expect("lock file")
        .expect("lock is free");
    let r = send_to(app.clone(), reindex_request()).await;
    assert_eq!(r.status, 409, "{}", r.text);
    assert_eq!(r.json["error"]["code"], "reindex_running");
    drop(lock);
    assert_eq!(state.generation(), before);

    // Two at once in this process: one builds, the other is refused at once.
    let (a, b) = tokio::join!(
        send_to(app.clone(), reindex_request()),
        send_to(app.clone(), reindex_request())
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    assert_eq!(state.generation(), before.map(|g| g + 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generation_built_by_another_process_is_picked_up() {
    let dir = index_copy();
    let (state, _app) = serving(dir.path(), corpus_dir());
    let before = state.generation().expect("served");
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let watch = tokio::spawn(motcua::http::reload::watch_generations(
        state.clone(),
        Duration::from_millis(50),
        stop_rx,
    ));

    // What `motcua index` does.
    let index = dir.path().to_path_buf();
    let built = tokio::task::spawn_blocking(move || {
        motcua::app::rebuild(&corpus_dir(), &index).map(|l| l.generation.number)
    })
    .await
    .expect("build task")
    .expect("build");
    assert_eq!(built, before + 1);

    let deadline = Instant::now() + Duration::from_secs(60);
    while state.generation() != Some(built) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(state.generation(), Some(built));
    let _ = stop_tx.send(true);
    watch.await.expect("watch task");
}

/// Start `motcua serve` on port 0 and return it with its address, once ready.
fn start_server(index: &Path) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(["serve", "--addr", "127.0.0.1:0", "--watch-index-ms", "0"])
        .arg("--corpus")
        .arg(corpus_dir())
        .arg("--index")
        .arg(index)
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start motcua serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut addr = None;
    for line in lines.by_ref() {
        let line = line.expect("log line");
        if let Some(i) = line.find("http://127.0.0.1:") {
            let rest = &line[i + "http://".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':'))
                .unwrap_or(rest.len());
            addr = Some(rest[..end].to_string());
            if line.contains("ready on") {
                break;
            }
        }
    }
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr.expect("the server logged its address"))
}

fn http_get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = out.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

#[test]
fn a_rebuild_killed_at_any_moment_restarts_onto_a_complete_generation() {
    let dir = index_copy();
    // Kill `motcua index` at several moments of its build: as soon as its
    // temporary generation appears, and later into it.
    for delay_ms in [0u64, 150, 600] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_motcua"))
            .arg("index")
            .arg("--corpus")
            .arg(corpus_dir())
            .arg("--index")
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start motcua index");
        let deadline = Instant::now() + Duration::from_secs(60);
        while tmp_entries(dir.path()).is_empty()
            && Instant::now() < deadline
            && child.try_wait().expect("child status").is_none()
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().expect("SIGKILL the build"); // kill -9
        let _ = child.wait();
    }

    let (mut server, addr) = start_server(dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    let (status, body) = loop {
        let (status, body) = http_get(&addr, "/readyz");
        if status == 200 || Instant::now() > deadline {
            break (status, body);
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let chat_ok = {
        use std::io::{Read, Write};
        let body = r#"{"message":"làm giấy khai sinh cho con cần gì"}"#;
        let mut s = std::net::TcpStream::connect(&addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        write!(
            s,
            "POST /api/chat HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).expect("read");
        out.starts_with("HTTP/1.1 200") && out.contains("1.001193")
    };
    let _ = server.kill();
    let _ = server.wait();

    assert_eq!(status, 200, "{body}");
    let ready: serde_json::Value = serde_json::from_str(&body).expect("readyz JSON");
    let generation = ready["generation"].as_u64().expect("generation");
    let gen_dir = dir.path().join(format!("gen-{generation}"));
    assert!(
        gen_dir.join("manifest.json").is_file(),
        "served generation is complete"
    );
    let current = std::fs::read_to_string(dir.path().join("CURRENT")).expect("CURRENT");
    assert_eq!(current.trim(), format!("gen-{generation}"));
    assert!(chat_ok, "the restarted server answers");
    assert!(
        tmp_entries(dir.path()).is_empty(),
        "stale build output left: {:?}",
        tmp_entries(dir.path())
    );
}
