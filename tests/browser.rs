//! The web pages in a real browser: starts the real server (router, hyper
//! serving, committed corpus) on a free port and runs
//! `node tests/browser/run.mjs <base-url>` — headless Chromium driven by
//! playwright-core, with an axe-core accessibility audit. The script prints
//! one line per check; this test asserts its exit code.
//!
//! Needs `/usr/bin/chromium` (or `MOTCUA_CHROMIUM`), `node`, and
//! `npm ci --prefix tests/browser` (`.ci/run` installs all three). When one
//! is missing the test is skipped with a note — except under CI (`CI` set),
//! where it fails.
//!
//! `MOTCUA_SCREENSHOTS=1 cargo test --test browser` also writes the
//! screenshots of the README into `docs/screenshots/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use motcua::config::CommuneProfile;
use motcua::http::serve::{serve, ServerOptions};
use motcua::http::{router, AppState, Limits};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What is missing to run the browser, if anything.
fn missing_prerequisites(chromium: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium.exists() {
        missing.push(format!(
            "{} (apt-get install -y chromium)",
            chromium.display()
        ));
    }
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok {
        missing.push("node".into());
    }
    for module in ["playwright-core", "axe-core"] {
        let dir = manifest_dir()
            .join("tests/browser/node_modules")
            .join(module);
        if !dir.exists() {
            missing.push(format!("{} (npm ci --prefix tests/browser)", dir.display()));
        }
    }
    missing
}

#[test]
fn the_web_pages_work_in_a_real_browser() {
    let chromium = std::env::var_os("MOTCUA_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let missing = missing_prerequisites(&chromium);
    if !missing.is_empty() {
        let note = format!(
            "browser test needs: {} — `.ci/run` installs them",
            missing.join(", ")
        );
        if std::env::var_os("CI").is_some() {
            panic!("{note}");
        }
        eprintln!("SKIPPED: {note}");
        return;
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("local address");
    let base = format!("http://{addr}");
    // The script serves "the commune's site" on this port, as
    // http://localhost:<port>, and embeds the widget from there.
    let embed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a second free port")
        .port();

    let index = tempfile::Builder::new()
        .prefix("browser-index-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("temporary index directory");
    let profile = CommuneProfile {
        public_base_url: base.clone(),
        widget_origins: vec![format!("http://localhost:{embed_port}")],
        ..CommuneProfile::default()
    };
    let assistant = motcua::app::load(&manifest_dir().join("corpus"), index.path())
        .expect("load the committed corpus")
        .with_profile(profile);
    let state = AppState::ready(Arc::new(assistant), Limits::with_workers(2));

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = {
        let _guard = runtime.enter();
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        runtime.spawn(serve(
            listener,
            router(state),
            ServerOptions::default(),
            async move {
                let _ = stop_rx.await;
            },
        ))
    };

    let mut cmd = Command::new("node");
    cmd.current_dir(manifest_dir())
        .arg("tests/browser/run.mjs")
        .arg(&base)
        .arg("--embed-port")
        .arg(embed_port.to_string())
        .env("MOTCUA_CHROMIUM", &chromium);
    if std::env::var_os("MOTCUA_SCREENSHOTS").is_some() {
        cmd.arg("--screenshots").arg("docs/screenshots");
    }
    let started = Instant::now();
    let status = cmd.status().expect("run node");
    eprintln!(
        "browser checks took {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let _ = stop_tx.send(());
    let _ = runtime.block_on(async { tokio::time::timeout(Duration::from_secs(15), server).await });
    assert!(
        status.success(),
        "the browser checks failed ({status}); see the `not ok` lines above"
    );
}
