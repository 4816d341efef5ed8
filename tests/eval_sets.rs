//! The committed evaluation sets are well-formed: what `motcua eval`
//! reports means something only if every label points at a procedure of the
//! corpus and every question is counted once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lines(file: &Path) -> Vec<(usize, serde_json::Value)> {
    let text = std::fs::read_to_string(file).expect("read eval set");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let v = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), i + 1));
            (i + 1, v)
        })
        .collect()
}

#[test]
fn every_label_is_a_corpus_procedure_and_every_question_is_counted_once() {
    let procedures = root().join("corpus/procedures");
    let mut seen_questions = HashSet::new();
    let mut files = 0;
    for name in motcua::eval::run::DEFAULT_SETS {
        let file = root().join(name);
        files += 1;
        let mut ids = HashSet::new();
        for (line, item) in lines(&file) {
            let at = format!("{}:{line}", file.display());
            let question = item["question"].as_str().expect("question");
            assert_eq!(
                motcua::text::nfc(question),
                question,
                "{at}: question not NFC"
            );
            let key: String = question
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                .collect();
            assert!(
                seen_questions.insert(key.split_whitespace().collect::<Vec<_>>().join(" ")),
                "{at}: question repeated in the default sets: {question}"
            );
            if let Some(id) = item["id"].as_str() {
                assert!(ids.insert(id.to_string()), "{at}: id {id} repeated");
            }
            let tags: Vec<&str> = item["tags"]
                .as_array()
                .map(|t| t.iter().filter_map(|t| t.as_str()).collect())
                .unwrap_or_default();
            if let Some(gold) = item["gold"].as_array().filter(|g| !g.is_empty()) {
                for code in gold {
                    let code = code.as_str().expect("gold code");
                    assert!(
                        procedures.join(format!("{code}.toml")).is_file(),
                        "{at}: gold {code} is not a corpus procedure"
                    );
                }
                assert_eq!(
                    gold.len() > 1,
                    tags.contains(&"ambiguous"),
                    "{at}: several gold codes if and only if tagged ambiguous"
                );
            }
        }
    }
    assert!(files >= 5, "the default sets include both citizen sets");
}
