//! The synonyms dictionary (`corpus/synonyms.toml`): everyday names,
//! abbreviations and English terms mapped to the legal terms that procedure
//! names use. Applied at query time: a question that contains a phrase a
//! citizen says is searched as if it also contained the legal term.
//!
//! Matching is on accent-folded, lower-case whole words, so "báo tử", "bao tu"
//! and "Báo Tử" are one phrase. Editable by officials; `motcua check` parses it.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::text::{fold_accents, nfc};

/// File name inside the corpus directory.
pub const SYNONYMS_FILE: &str = "synonyms.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    synonym: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// The legal term (Vietnamese, with accents).
    means: String,
    /// What citizens say or type for it.
    say: Vec<String>,
}

#[derive(Debug, Clone)]
struct Rule {
    phrase: Vec<String>,
    means: String,
}

/// The loaded dictionary.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    rules: Vec<Rule>,
}

fn words(s: &str) -> Vec<String> {
    fold_accents(&nfc(s))
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Synonyms {
    /// Load `<dir>/synonyms.toml`; an absent file is an empty dictionary.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(SYNONYMS_FILE);
        if !path.exists() {
            return Ok(Self::default());
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Self::parse(&path, &text)
    }

    /// Parse the dictionary's text; errors name the file and line.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| super::procedure_file::line_of_offset(text, s.start))
                .unwrap_or(0);
            Error::corpus(path, line, e.message().to_string())
        })?;
        let mut rules = Vec::new();
        for entry in file.synonym {
            if entry.means.trim().is_empty() {
                return Err(Error::corpus(path, 0, "a `means` is empty"));
            }
            for say in entry.say {
                let phrase = words(&say);
                if phrase.is_empty() {
                    return Err(Error::corpus(
                        path,
                        0,
                        format!("`say` entry {say:?} of {:?} has no word", entry.means),
                    ));
                }
                rules.push(Rule {
                    phrase,
                    means: nfc(&entry.means),
                });
            }
        }
        // Longest phrases first, so "giấy khai sinh" wins over "khai sinh".
        rules.sort_by_key(|r| std::cmp::Reverse(r.phrase.len()));
        Ok(Synonyms { rules })
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The legal terms a question implies, in order of appearance, without
    /// duplicates or terms the question already contains.
    pub fn expansions(&self, query: &str) -> Vec<String> {
        let q = words(query);
        let mut found: Vec<(usize, String)> = Vec::new();
        let mut used = vec![false; q.len()];
        for rule in &self.rules {
            let n = rule.phrase.len();
            if n > q.len() {
                continue;
            }
            for i in 0..=q.len() - n {
                if used[i..i + n].iter().any(|u| *u) {
                    continue;
                }
                if q[i..i + n] == rule.phrase[..] {
                    used[i..i + n].iter_mut().for_each(|u| *u = true);
                    found.push((i, rule.means.clone()));
                }
            }
        }
        found.sort_by_key(|(i, _)| *i);
        let folded_query = format!(" {} ", q.join(" "));
        let mut out: Vec<String> = Vec::new();
        for (_, means) in found {
            let m = format!(" {} ", words(&means).join(" "));
            if !out.contains(&means) && !folded_query.contains(&m) {
                out.push(means);
            }
        }
        out
    }

    /// The question followed by the legal terms it implies.
    pub fn expand(&self, query: &str) -> String {
        let extra = self.expansions(query);
        if extra.is_empty() {
            query.to_string()
        } else {
            format!("{query} {}", extra.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Synonyms {
        Synonyms::parse(
            Path::new("synonyms.toml"),
            r#"
[[synonym]]
means = "khai tử"
say = ["báo tử", "death"]
[[synonym]]
means = "khai sinh"
say = ["ks", "giấy khai sinh", "birth"]
"#,
        )
        .expect("valid")
    }

    #[test]
    fn everyday_words_imply_legal_terms_with_or_without_accents() {
        let d = dict();
        assert_eq!(d.expansions("làm giấy báo tử cho bà"), vec!["khai tử"]);
        assert_eq!(d.expansions("lam giay bao tu"), vec!["khai tử"]);
        assert_eq!(d.expansions("đk ks cho con"), vec!["khai sinh"]);
        assert_eq!(d.expansions("register a death"), vec!["khai tử"]);
    }

    #[test]
    fn terms_already_present_are_not_repeated_and_parts_of_words_do_not_match() {
        let d = dict();
        assert!(d.expansions("giấy khai sinh").is_empty());
        assert!(d.expansions("kstt").is_empty());
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = Synonyms::parse(Path::new("s.toml"), "[[synonym]]\nmeans = \"x\"\nsay = 3\n")
            .expect_err("bad type");
        assert!(e.to_string().starts_with("s.toml:3"), "{e}");
    }
}

#[cfg(test)]
mod committed_file {
    use super::*;

    /// The committed dictionary parses and contains no phrase twice.
    #[test]
    fn committed_synonyms_file_is_valid() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let d = Synonyms::load(&dir).expect("corpus/synonyms.toml parses");
        assert!(d.len() > 100, "{} rules", d.len());
        let mut seen = std::collections::HashSet::new();
        for r in &d.rules {
            assert!(seen.insert(r.phrase.clone()), "phrase {:?} twice", r.phrase);
        }
    }
}
