//! Start-up from the corpus snapshot (`gen-N/corpus.bin`): reused when the
//! corpus files are unchanged, never served stale, never an error.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use motcua::assistant::chat::Assistant;
use motcua::assistant::ChatRequest;
use motcua::corpus::snapshot::{self, SNAPSHOT_FILE};

const QUESTION: &str = "làm giấy khai sinh cho con cần gì";

/// A copy of the committed corpus and an index directory beside it.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = dir.path().join("corpus");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        &corpus,
    );
    let index = dir.path().join("index");
    (dir, corpus, index)
}

fn load(corpus: &Path, index: &Path) -> Assistant {
    motcua::app::load(corpus, index).expect("loads")
}

fn answer(a: &Assistant) -> String {
    let r = a
        .chat(&ChatRequest {
            message: QUESTION.into(),
            session: None,
            lang: None,
        })
        .expect("chat");
    format!(
        "{:?} {} {:?}",
        r.procedure.as_ref().map(|p| (&p.code, &p.name)),
        r.answer,
        r.passages
            .iter()
            .map(|p| (&p.document_number, &p.article))
            .collect::<Vec<_>>()
    )
}

fn snapshot_path(index: &Path) -> PathBuf {
    motcua::index::serving_generation(index)
        .expect("generations")
        .expect("a generation")
        .path
        .join(SNAPSHOT_FILE)
}

#[test]
fn the_snapshot_holds_the_parsed_corpus_and_is_reused() {
    let (_dir, corpus_dir, index) = setup();
    let first = load(&corpus_dir, &index);
    let expected = answer(&first);
    let path = snapshot_path(&index);
    let good = fs::read(&path).expect("snapshot written at start-up");

    // Exactly the parsed corpus, articles' lines included, and its fingerprint.
    let (parsed, _) = motcua::corpus::load::load(&corpus_dir).expect("parse");
    let key = snapshot::files_key(&corpus_dir).expect("key");
    let (read, fingerprint) = snapshot::read(&path, key).expect("snapshot reads back");
    assert_eq!(read.procedures, parsed.procedures);
    assert_eq!(read.documents, parsed.documents);
    assert!(parsed
        .documents
        .iter()
        .any(|d| d.articles.iter().any(|a| a.line > 0)));
    assert_eq!(fingerprint, motcua::index::corpus_fingerprint(&parsed));
    assert_eq!(first.corpus().procedures, parsed.procedures);
    drop(first);

    // Reused: a snapshot with a marker (same key and fingerprint) is what
    // the next start-up serves, and it is left as it is.
    let mut marked = parsed.clone();
    let p = marked
        .procedures
        .iter_mut()
        .find(|p| p.code == common::KHAI_SINH)
        .expect("birth registration");
    p.name = format!("{} (từ snapshot)", p.name);
    snapshot::write(&path, key, &marked, &fingerprint).expect("write");
    let marked_bytes = fs::read(&path).expect("read");
    let again = load(&corpus_dir, &index);
    assert!(answer(&again).contains("(từ snapshot)"));
    assert_eq!(
        fs::read(&path).expect("read"),
        marked_bytes,
        "not rewritten"
    );
    drop(again);

    // Restored: the same answer as a start-up from the files.
    fs::write(&path, &good).expect("restore");
    assert_eq!(answer(&load(&corpus_dir, &index)), expected);
}

#[test]
fn a_corrupt_truncated_or_foreign_snapshot_falls_back_to_the_files() {
    let (_dir, corpus_dir, index) = setup();
    let expected = answer(&load(&corpus_dir, &index));
    let path = snapshot_path(&index);
    let good = fs::read(&path).expect("snapshot");

    for bad in common::spoiled_snapshots(&good, b"MCCORPS3") {
        fs::write(&path, &bad).expect("spoil");
        assert_eq!(answer(&load(&corpus_dir, &index)), expected);
        assert_eq!(fs::read(&path).expect("snapshot"), good, "rewritten");
    }

    // Neither readable nor writable: parsed, and answering works.
    fs::remove_file(&path).expect("rm");
    fs::create_dir(&path).expect("a directory in its way");
    assert_eq!(answer(&load(&corpus_dir, &index)), expected);
}

#[test]
fn an_edited_corpus_file_is_never_served_from_the_snapshot() {
    let (_dir, corpus_dir, index) = setup();
    let before = answer(&load(&corpus_dir, &index));
    assert!(before.contains("Thủ tục đăng ký khai sinh"), "{before}");
    let file = corpus_dir
        .join("procedures")
        .join(format!("{}.toml", common::KHAI_SINH));

    // Same length, modification time put back: only the content differs.
    let modified = fs::metadata(&file)
        .expect("meta")
        .modified()
        .expect("mtime");
    let text = fs::read_to_string(&file).expect("read");
    let edited = text.replacen(
        "name = \"Thủ tục đăng ký khai sinh\"",
        "name = \"Thủ tục đăng ký khai sinX\"",
        1,
    );
    assert_ne!(edited, text);
    assert_eq!(edited.len(), text.len());
    fs::write(&file, &edited).expect("edit");
    fs::File::options()
        .write(true)
        .open(&file)
        .expect("open")
        .set_modified(modified)
        .expect("set mtime");
    let after = answer(&load(&corpus_dir, &index));
    assert!(after.contains("Thủ tục đăng ký khai sinX"), "{after}");

    // A file added: picked up too.
    let copy = text
        .replacen(
            &format!("code = \"{}\"", common::KHAI_SINH),
            "code = \"9.999999\"",
            1,
        )
        .replacen(
            "name = \"Thủ tục đăng ký khai sinh\"",
            "name = \"Thủ tục thử nghiệm\"",
            1,
        );
    fs::write(corpus_dir.join("procedures").join("9.999999.toml"), copy).expect("add");
    let a = load(&corpus_dir, &index);
    assert!(a.corpus().procedure("9.999999").is_some());
}
