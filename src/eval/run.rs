//! `motcua eval`: run the labelled sets through the assistant and through the
//! plain baseline, in one process on one corpus, and report both.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::baseline::Baseline;
use super::metrics::{ByTag, Latency, Tally};
use crate::assistant::chat::Assistant;
use crate::assistant::ChatRequest;
use crate::error::{Error, Result};
use crate::search::ArticleFilter;

/// One labelled question. Which fields are set depends on the set:
/// citizen questions have `gold` codes, officials' have `gold_articles`,
/// out-of-scope ones have neither.
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    #[serde(default)]
    pub id: String,
    pub question: String,
    #[serde(default)]
    pub gold: Vec<String>,
    #[serde(default)]
    pub gold_articles: Vec<GoldArticle>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The previous turn's procedure, for follow-ups.
    #[serde(default)]
    pub context: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct GoldArticle {
    pub document_number: String,
    pub article: String,
}

/// Read a JSON Lines file; a bad line is an error naming file and line.
pub fn read_items(path: &Path) -> Result<Vec<Item>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let item: Item =
            serde_json::from_str(line).map_err(|e| Error::corpus(path, i + 1, e.to_string()))?;
        out.push(item);
    }
    Ok(out)
}

/// What kind of set a file is, from its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetKind {
    Routing,
    Articles,
    OutOfScope,
}

fn kind_of(items: &[Item]) -> SetKind {
    if items.iter().any(|i| !i.gold_articles.is_empty()) {
        SetKind::Articles
    } else if items.iter().any(|i| !i.gold.is_empty()) {
        SetKind::Routing
    } else {
        SetKind::OutOfScope
    }
}

/// Results of one set for one system, by tag.
#[derive(Debug, Clone, Serialize)]
pub struct SetReport {
    pub file: String,
    pub kind: SetKind,
    pub motcua: BTreeRows,
    pub baseline: BTreeRows,
    pub latency: Latency,
}

/// Rows of numbers by tag ("all" first).
pub type BTreeRows = std::collections::BTreeMap<String, Row>;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Row {
    pub n: usize,
    pub top1: f64,
    pub top3: f64,
    pub mrr10: f64,
    pub false_abstention: f64,
    pub recall1: f64,
    pub recall5: f64,
    pub recall10: f64,
    pub abstained: f64,
}

fn rows(by: &ByTag) -> BTreeRows {
    by.0.iter().map(|(tag, t)| (tag.clone(), row(t))).collect()
}

fn row(t: &Tally) -> Row {
    Row {
        n: t.n.max(t.oos_n),
        top1: t.top1(),
        top3: t.top3(),
        mrr10: t.mrr(),
        false_abstention: t.false_abstention(),
        recall1: t.recall(1),
        recall5: t.recall(5),
        recall10: t.recall(10),
        abstained: t.abstention(),
    }
}

/// Write one routed question's candidates and their ranking features as a
/// JSON line.
fn dump_features(
    (path, out): &mut (PathBuf, std::io::BufWriter<std::fs::File>),
    item: &Item,
    kind: SetKind,
    routing: &crate::assistant::chat::Routing,
) -> Result<()> {
    use std::io::Write as _;
    let candidates: Vec<serde_json::Value> = routing
        .candidates
        .iter()
        .map(|c| {
            serde_json::json!({
                "code": c.code,
                "score": c.score,
                "credible": c.credible,
                "relevance": c.relevance,
                "topic_covered": c.name_match.topic_covered,
                "name_covered": c.name_match.name_covered,
                "ordered_pairs": c.name_match.ordered_pairs,
                "matched_mass": c.name_match.matched_mass,
                "object_mass": c.name_match.object_mass,
                "text_fit": c.name_match.text_fit,
                "unasked": c.variants.unasked,
                "missing": c.variants.missing,
                "field_factor": c.field_factor,
                "topic_words": c.topic_words,
            })
        })
        .collect();
    let line = serde_json::json!({
        "id": item.id,
        "in_scope": kind == SetKind::Routing,
        "gold": item.gold,
        "tags": item.tags,
        "follow_up": routing.follow_up,
        "chosen": routing.chosen,
        "advice": crate::assistant::intent::asks_advice(&item.question),
        "english": crate::assistant::intent::detect_lang(&item.question) == crate::assistant::Lang::En,
        "candidates": candidates,
    });
    writeln!(out, "{line}").map_err(|e| Error::io(path.as_path(), e))
}

/// Evaluate every file on the assistant and the baseline.
pub fn evaluate(assistant: &Assistant, files: &[PathBuf]) -> Result<Vec<SetReport>> {
    evaluate_with(assistant, files, &mut |_| {})
}

/// [`evaluate`], calling `miss` with a line for every question the assistant
/// got wrong (for `motcua eval --misses`).
pub fn evaluate_with(
    assistant: &Assistant,
    files: &[PathBuf],
    miss: &mut dyn FnMut(String),
) -> Result<Vec<SetReport>> {
    let baseline = Baseline::build(assistant.corpus())?;
    // MOTCUA_EVAL_DUMP=FILE: the ranking features of every routed question,
    // as JSON Lines, for tuning the re-ranking offline (benches/tune_rank.py).
    let mut dump = match std::env::var_os("MOTCUA_EVAL_DUMP") {
        Some(path) => {
            let path = PathBuf::from(path);
            let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
            Some((path, std::io::BufWriter::new(file)))
        }
        None => None,
    };
    let mut out = Vec::new();
    for file in files {
        let items = read_items(file)?;
        let kind = kind_of(&items);
        let mut ours = ByTag::default();
        let mut base = ByTag::default();
        let mut micros = Vec::with_capacity(items.len());
        for item in &items {
            match kind {
                SetKind::Routing | SetKind::OutOfScope => {
                    // Latency is the whole turn a citizen waits for (routing,
                    // answer composition, passages).
                    let started = Instant::now();
                    let _ = assistant.chat(&ChatRequest {
                        message: item.question.clone(),
                        session: None,
                        lang: None,
                    });
                    micros.push(started.elapsed().as_micros() as u64);
                    let routing = assistant
                        .route(&crate::text::nfc(&item.question), item.context.as_deref())?;
                    let ranked: Vec<String> = if routing.follow_up {
                        routing.chosen.iter().cloned().collect()
                    } else {
                        routing.candidates.iter().map(|c| c.code.clone()).collect()
                    };
                    let b = baseline.procedures(&item.question, 10)?;
                    let top: Vec<String> = routing
                        .candidates
                        .iter()
                        .take(3)
                        .map(|c| {
                            format!(
                                "{}{} {:.2} tc={:.2} m={:.1} nc={:.2}",
                                c.code,
                                if c.credible { "" } else { "?" },
                                c.score,
                                c.name_match.topic_covered,
                                c.name_match.matched_mass,
                                c.name_match.name_covered
                            )
                        })
                        .collect();
                    if let Some(dump) = dump.as_mut() {
                        dump_features(dump, item, kind, &routing)?;
                    }
                    let wrong = match kind {
                        SetKind::Routing => !routing
                            .chosen
                            .as_ref()
                            .is_some_and(|c| item.gold.contains(c)),
                        _ => routing.chosen.is_some(),
                    };
                    if wrong {
                        miss(format!(
                            "{} [{}] {:?} gold={:?} chosen={:?} top={:?}",
                            item.id,
                            item.tags.join(","),
                            item.question,
                            item.gold,
                            routing.chosen,
                            top
                        ));
                    }
                    if kind == SetKind::Routing {
                        ours.each(&item.tags, |t| {
                            t.add_routing(routing.chosen.as_deref(), &ranked, &item.gold)
                        });
                        base.each(&item.tags, |t| {
                            t.add_routing(b.first().map(String::as_str), &b, &item.gold)
                        });
                    } else {
                        ours.each(&item.tags, |t| t.add_oos(routing.chosen.is_none()));
                        base.each(&item.tags, |t| t.add_oos(b.is_empty()));
                    }
                }
                SetKind::Articles => {
                    let started = Instant::now();
                    let hits = assistant.engine().search_articles(
                        &item.question,
                        &ArticleFilter::default(),
                        10,
                    )?;
                    micros.push(started.elapsed().as_micros() as u64);
                    let ranked: Vec<GoldArticle> = hits
                        .into_iter()
                        .map(|h| GoldArticle {
                            document_number: h.document_number,
                            article: h.article,
                        })
                        .collect();
                    let b: Vec<GoldArticle> = baseline
                        .articles(&item.question, 10)?
                        .into_iter()
                        .map(|(document_number, article)| GoldArticle {
                            document_number,
                            article,
                        })
                        .collect();
                    if ranked
                        .first()
                        .is_none_or(|r| !item.gold_articles.contains(r))
                    {
                        miss(format!(
                            "{} [{}] {:?} gold={:?} top={:?}",
                            item.id,
                            item.tags.join(","),
                            item.question,
                            item.gold_articles
                                .iter()
                                .map(|g| format!("{} Đ{}", g.document_number, g.article))
                                .collect::<Vec<_>>(),
                            ranked
                                .iter()
                                .take(3)
                                .map(|g| format!("{} Đ{}", g.document_number, g.article))
                                .collect::<Vec<_>>()
                        ));
                    }
                    ours.each(&item.tags, |t| t.add_articles(&ranked, &item.gold_articles));
                    base.each(&item.tags, |t| t.add_articles(&b, &item.gold_articles));
                }
            }
        }
        out.push(SetReport {
            file: file.display().to_string(),
            kind,
            motcua: rows(&ours),
            baseline: rows(&base),
            latency: Latency::from_micros(micros),
        });
    }
    Ok(out)
}

/// The human-readable report: one table per set, ours beside the baseline.
pub fn render(reports: &[SetReport]) -> String {
    let mut s = String::new();
    for r in reports {
        let _ = writeln!(s, "\n## {} ({:?})\n", r.file, r.kind);
        match r.kind {
            SetKind::Routing => {
                let _ = writeln!(
                    s,
                    "| tag | n | top-1 | top-3 | MRR@10 | false abstention | baseline top-1 | baseline top-3 | baseline MRR@10 |\n|---|---|---|---|---|---|---|---|---|"
                );
                for (tag, m) in &r.motcua {
                    let b = r.baseline.get(tag).cloned().unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "| {tag} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                        m.n, m.top1, m.top3, m.mrr10, m.false_abstention, b.top1, b.top3, b.mrr10
                    );
                }
            }
            SetKind::Articles => {
                let _ = writeln!(
                    s,
                    "| tag | n | R@1 | R@5 | R@10 | MRR@10 | baseline R@1 | baseline R@5 | baseline R@10 | baseline MRR@10 |\n|---|---|---|---|---|---|---|---|---|---|"
                );
                for (tag, m) in &r.motcua {
                    let b = r.baseline.get(tag).cloned().unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "| {tag} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                        m.n, m.recall1, m.recall5, m.recall10, m.mrr10, b.recall1, b.recall5, b.recall10, b.mrr10
                    );
                }
            }
            SetKind::OutOfScope => {
                let _ = writeln!(
                    s,
                    "| tag | n | abstained | baseline abstained |\n|---|---|---|---|"
                );
                for (tag, m) in &r.motcua {
                    let b = r.baseline.get(tag).cloned().unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "| {tag} | {} | {:.3} | {:.3} |",
                        m.n, m.abstained, b.abstained
                    );
                }
            }
        }
        let l = r.latency;
        let _ = writeln!(
            s,
            "\nlatency per question (in-process): p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            l.p50_ms, l.p90_ms, l.p99_ms, l.max_ms
        );
    }
    s
}

/// The committed development sets, relative to the crate root.
pub const DEFAULT_SETS: &[&str] = &[
    "tests/eval/citizen.jsonl",
    "tests/eval/out_of_scope.jsonl",
    "tests/eval/official.jsonl",
    "tests/eval/citizen2.jsonl",
    "tests/eval/out_of_scope2.jsonl",
    "tests/eval/citizen3.jsonl",
    "tests/eval/out_of_scope3.jsonl",
];
