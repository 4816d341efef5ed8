//! The `motcua` binary as a user runs it: `index`, `ask`, `search` against
//! the committed corpus and an index in a temporary directory (built once by
//! `motcua index`, then shared by the other tests).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Run `motcua` with these arguments (no environment fallbacks leak in).
fn motcua(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        .env_remove("MOTCUA_CORPUS")
        .env_remove("MOTCUA_INDEX")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run motcua")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The index directory, built once with `motcua index`.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        common::remove_old_index_dirs("cli-index-");
        let dir = tempfile::Builder::new()
            .prefix("cli-index-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("temporary index directory")
            .keep();
        let out = motcua(&[
            "index",
            "--corpus",
            corpus().to_str().expect("UTF-8 path"),
            "--index",
            dir.to_str().expect("UTF-8 path"),
        ]);
        assert!(
            out.status.success(),
            "motcua index failed: {}",
            stderr(&out)
        );
        dir
    })
}

/// `args` followed by `--corpus <corpus> --index <index>`.
fn with_dirs<'a>(args: &[&'a str], corpus: &'a str, index: &'a str) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--corpus", corpus, "--index", index]);
    all
}

fn run(args: &[&str]) -> Output {
    let corpus = corpus();
    let corpus = corpus.to_str().expect("UTF-8 path");
    let index = index().to_str().expect("UTF-8 path");
    motcua(&with_dirs(args, corpus, index))
}

#[test]
fn index_reports_what_it_built() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let out = motcua(&[
        "index",
        "--corpus",
        corpus().to_str().expect("UTF-8 path"),
        "--index",
        dir.path().to_str().expect("UTF-8 path"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("procedures"), "{text}");
    assert!(text.contains("articles"), "{text}");
}

#[test]
fn ask_json_prints_exactly_the_chat_contract() {
    let out = run(&["ask", "--json", "làm giấy khai sinh cho con cần gì"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "one JSON line: {text}");
    let response: motcua::assistant::ChatResponse =
        serde_json::from_str(&text).expect("a ChatResponse");
    assert_eq!(
        response.procedure.as_ref().map(|p| p.code.as_str()),
        Some("1.001193"),
        "{}",
        response.answer
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    for key in [
        "answer",
        "procedure",
        "alternatives",
        "passages",
        "suggestions",
        "session",
        "intent",
        "lang",
    ] {
        assert!(json.get(key).is_some(), "{key} missing");
    }
}

#[test]
fn ask_prints_a_readable_answer_with_its_citations() {
    let out = run(&["ask", "làm giấy khai sinh cho con cần gì"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Giấy chứng sinh"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("— Điều ") && l.ends_with(')')),
        "no citation line like `— Điều 16, Luật Hộ tịch (60/2014/QH13)`: {text}"
    );
    assert!(!text.trim_start().starts_with('{'), "not JSON: {text}");
}

#[test]
fn ask_with_lang_en_labels_in_english() {
    let out = run(&[
        "ask",
        "--json",
        "--lang",
        "en",
        "làm giấy khai sinh cho con cần gì",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["lang"], "en");
}

#[test]
fn search_json_has_the_api_shape_and_respects_the_limit() {
    let out = run(&["search", "--json", "--limit", "3", "Điều 16 Luật Hộ tịch"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let hits = json["hits"].as_array().expect("hits");
    assert!(!hits.is_empty() && hits.len() <= 3, "{json}");
    assert_eq!(json["total"].as_u64(), Some(hits.len() as u64));
    assert_eq!(hits[0]["document_number"], "60/2014/QH13", "{json}");
    assert_eq!(hits[0]["article"], "16", "{json}");
}

#[test]
fn search_prints_one_numbered_line_per_hit() {
    let out = run(&["search", "--kind", "procedure", "--limit", "5", "khai sinh"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let numbered: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().split_once(". [").is_some())
        .collect();
    assert!(!numbered.is_empty() && numbered.len() <= 5, "{text}");
    assert!(numbered.iter().all(|l| l.contains("[procedure]")), "{text}");
}

#[test]
fn usage_errors_exit_with_status_2_and_runtime_errors_with_1() {
    let out = run(&["search", "--kind", "law", "khai sinh"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = motcua(&[
        "ask",
        "khai sinh",
        "--corpus",
        "/nonexistent/corpus",
        "--index",
        "/nonexistent/index",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("error"), "{}", stderr(&out));
    let out = run(&["ask", "   "]);
    assert_eq!(out.status.code(), Some(1), "an empty question is an error");
}

/// `motcua eval` reports a set it is given, and with `MOTCUA_EVAL_DUMP`
/// writes the ranking features that `benches/tune_rank.py` re-scores: one
/// line per question, the candidates in the order the assistant ranked them.
#[test]
fn eval_reports_a_set_and_dumps_its_ranking_features() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let set = dir.path().join("set.jsonl");
    std::fs::write(
        &set,
        concat!(
            r#"{"id":"a","question":"làm giấy khai sinh cho con cần gì","gold":["1.001193"],"tags":["accented"],"context":null}"#,
            "\n",
            r#"{"id":"b","question":"dang ky ket hon can giay to gi","gold":["1.000894"],"tags":["unaccented"],"context":null}"#,
            "\n",
        ),
    )
    .expect("write set");
    let dump = dir.path().join("features.jsonl");
    let corpus = corpus();
    let out = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(with_dirs(
            &["eval", "--json", set.to_str().expect("UTF-8 path")],
            corpus.to_str().expect("UTF-8 path"),
            index().to_str().expect("UTF-8 path"),
        ))
        .env("MOTCUA_EVAL_DUMP", &dump)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run motcua eval");
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    assert!(stdout(&out).contains("\"top1\""), "{report}");

    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&dump)
        .expect("dump written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    for (line, gold) in lines.iter().zip(["1.001193", "1.000894"]) {
        assert_eq!(line["chosen"], gold, "{line}");
        let first = &line["candidates"][0];
        assert_eq!(first["code"], gold, "{line}");
        for key in [
            "relevance",
            "topic_covered",
            "unasked",
            "missing",
            "text_fit",
        ] {
            assert!(first.get(key).is_some(), "{key} missing: {first}");
        }
    }
}
