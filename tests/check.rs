//! `motcua check` and `motcua import` as an official uses them: every class of
//! corpus error is reported with its file (and line where known) and fails
//! the check; the committed corpus passes; importing twice changes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn motcua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
}

const GOOD: &str = r#"code = "1.000001"
name = "Thủ tục thử"
field = "Hộ tịch"
levels = ["Cấp xã"]

[[checklist]]
name = "Tờ khai"
quantity = 1
form = "original"

[[legal_basis]]
document_number = "60/2014/QH13"

[source]
as_of = "2026"
"#;

fn corpus_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("procedures")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("documents")).expect("mkdir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

fn check(dir: &Path) -> (i32, String) {
    let out = motcua()
        .args(["check", "--corpus"])
        .arg(dir)
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn the_committed_corpus_passes_and_has_every_commune_procedure() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (code, text) = check(&corpus);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("procedures: 571"), "{text}");
    assert!(text.contains("0 error(s)"), "{text}");
    assert!(
        text.contains("unresolved"),
        "unresolved references are listed: {text}"
    );
}

#[test]
fn a_valid_procedure_passes_and_its_missing_law_is_listed_not_fatal() {
    let dir = corpus_with(&[("procedures/1.000001.toml", GOOD)]);
    let (code, text) = check(dir.path());
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("unresolved 60/2014/QH13"), "{text}");
}

#[test]
fn each_error_class_names_the_file_and_fails() {
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "unknown key",
            GOOD.replace("field =", "feild ="),
            "1.000001.toml:3",
        ),
        (
            "bad TOML",
            GOOD.replace("quantity = 1", "quantity = "),
            "1.000001.toml:8",
        ),
        (
            "wrong type",
            GOOD.replace("quantity = 1", "quantity = \"one\""),
            "1.000001.toml:8",
        ),
        (
            "not NFC",
            GOOD.replace("Thủ tục thử", "Thu\u{309} tu\u{323}c"),
            "1.000001.toml:2",
        ),
        (
            "empty name",
            GOOD.replace("Thủ tục thử", ""),
            "field `name` is empty",
        ),
        (
            "no checklist",
            GOOD.replace(
                "[[checklist]]\nname = \"Tờ khai\"\nquantity = 1\nform = \"original\"\n",
                "",
            ),
            "no `checklist` item",
        ),
        (
            "bad code",
            GOOD.replace("1.000001", "abc"),
            "not a national procedure code",
        ),
    ];
    for (what, text, expected) in cases {
        let dir = corpus_with(&[("procedures/1.000001.toml", &text)]);
        let (code, out) = check(dir.path());
        assert_eq!(code, 2, "{what}: {out}");
        assert!(
            out.contains(expected),
            "{what}: expected {expected:?} in\n{out}"
        );
        assert!(
            out.contains("1.000001.toml"),
            "{what}: file named in\n{out}"
        );
    }
}

#[test]
fn a_duplicate_code_fails() {
    let dir = corpus_with(&[
        ("procedures/1.000001.toml", GOOD),
        ("procedures/1.000002.toml", GOOD),
    ]);
    let (code, out) = check(dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("appears in 2 procedure files"), "{out}");
}

#[test]
fn a_document_with_a_non_canonical_number_fails() {
    let doc = "+++\nnumber = \"60/2014/qh13\"\ntype = \"Luật\"\ntitle = \"Luật Hộ tịch\"\nstatus = \"in_force\"\nsource = \"test\"\n+++\n\n#### Điều 1. Phạm vi\n\nNội dung.\n";
    let dir = corpus_with(&[("documents/60-2014-QH13.md", doc)]);
    let (code, out) = check(dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("not a canonical document number"), "{out}");
}

fn shared_data() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    p.join("dichvucong").is_dir().then_some(p)
}

#[test]
fn importing_twice_gives_the_same_bytes_as_the_committed_corpus() {
    let Some(data) = shared_data() else {
        eprintln!("skipped: ../shared/data is not here");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("corpus");
    let legalrag = dir.path().join("legalrag.jsonl");
    for second in [false, true] {
        let mut cmd = motcua();
        cmd.args(["import", "--from"])
            .arg(&data)
            .arg("--corpus")
            .arg(&out);
        if second {
            // The second development set comes out of the same import.
            cmd.arg("--legalrag-eval").arg(&legalrag);
        }
        assert!(cmd.status().expect("runs").success());
    }
    let committed_set = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/legalrag.jsonl");
    assert!(
        std::fs::read(&legalrag).expect("written")
            == std::fs::read(&committed_set).expect("committed"),
        "tests/eval/legalrag.jsonl differs from a fresh `motcua import --legalrag-eval`"
    );
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for sub in ["procedures", "documents"] {
        let mut names: Vec<_> = std::fs::read_dir(committed.join(sub))
            .expect("committed dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        let mut fresh: Vec<_> = std::fs::read_dir(out.join(sub))
            .expect("fresh dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        fresh.sort();
        assert_eq!(names, fresh, "{sub}: same files");
        for n in names {
            let a = std::fs::read(committed.join(sub).join(&n)).expect("read");
            let b = std::fs::read(out.join(sub).join(&n)).expect("read");
            assert!(a == b, "{sub}/{n:?} differs from a fresh import");
        }
    }
}
