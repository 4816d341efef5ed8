//! In-process benchmark (a bench binary, not a timed test): index build time
//! and size, cold start, chat and search latency (p50/p90/p99/max) over the
//! committed evaluation questions, adversarial query latency, and process
//! RSS — on the committed corpus and on the national-size corpus.
//!
//! ```sh
//! cargo bench --bench latency                   # both corpora
//! cargo bench --bench latency -- corpus         # one corpus directory
//! ```
//!
//! The national corpus (`corpus-national/`, not committed) is imported from
//! `../shared/data` first if missing (`motcua import --national --corpus
//! corpus-national`, ~10 s). Each corpus runs in a child process of its own
//! so its RSS is its own. Results go to stdout as a Markdown table row set.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use motcua::assistant::ChatRequest;

/// The server's allocator (src/main.rs), so latency and RSS are the server's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const NATIONAL: &str = "corpus-national";
/// Passes over the question set for each measurement.
const PASSES: usize = 5;

fn main() {
    motcua::allocator::tune();
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if let Ok(corpus) = std::env::var("MOTCUA_BENCH_CORPUS") {
        run_one(Path::new(&corpus));
        return;
    }
    let corpora: Vec<String> = if args.is_empty() {
        vec!["corpus".into(), NATIONAL.into()]
    } else {
        args
    };
    println!("machine: {}", machine());
    for corpus in corpora {
        if corpus == NATIONAL && !Path::new(NATIONAL).is_dir() {
            eprintln!("importing the national corpus into {NATIONAL}/ …");
            let report = motcua::import::run(&motcua::import::ImportOptions {
                from: PathBuf::from(
                    std::env::var("MOTCUA_SHARED_DATA").unwrap_or_else(|_| "../shared/data".into()),
                ),
                corpus: PathBuf::from(NATIONAL),
                national: true,
                legalrag_eval: None,
            });
            if let Err(e) = report {
                eprintln!("cannot import the national corpus ({e}); skipping it");
                continue;
            }
        }
        let exe = std::env::current_exe().expect("own path");
        let status = Command::new(exe)
            .env("MOTCUA_BENCH_CORPUS", &corpus)
            .status()
            .expect("run the bench child");
        assert!(status.success(), "bench on {corpus} failed");
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores available")
}

/// Questions of the committed evaluation sets (citizen, official, out of
/// scope), in file order.
fn questions() -> Vec<String> {
    let mut out = Vec::new();
    for file in ["citizen", "official", "out_of_scope"] {
        let path = format!("tests/eval/{file}.jsonl");
        let items = motcua::eval::run::read_items(Path::new(&path)).expect("evaluation set");
        out.extend(items.into_iter().map(|item| item.question));
    }
    out
}

fn adversarial() -> Vec<String> {
    vec![
        "(".repeat(999) + "a" + &")".repeat(999),
        "ă".repeat(1_999),
        "khai sinh ".repeat(199),
        "+-&&||!(){}[]^\"~*?:\\/ AND OR NOT".repeat(50),
        "Điều 16 Luật Hộ tịch ".repeat(90),
        "1.001193 60/2014/QH13 ".repeat(80),
    ]
}

struct Stats {
    n: usize,
    p50: Duration,
    p90: Duration,
    p99: Duration,
    max: Duration,
    mean: Duration,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort_unstable();
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
    let total: Duration = v.iter().sum();
    Stats {
        n: v.len(),
        p50: at(0.50),
        p90: at(0.90),
        p99: at(0.99),
        max: v[v.len() - 1],
        mean: total / v.len() as u32,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn row(corpus: &str, what: &str, s: &Stats) {
    println!(
        "| {corpus} | {what} | {} | {} | {} | {} | {} | {} |",
        s.n,
        ms(s.p50),
        ms(s.p90),
        ms(s.p99),
        ms(s.max),
        ms(s.mean)
    );
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() {
                        dir_size(&path)
                    } else {
                        e.metadata().map_or(0, |m| m.len())
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// (VmRSS, VmHWM) in MiB.
fn rss_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn run_one(corpus: &Path) {
    let name = corpus.display().to_string();
    let index = tempfile::tempdir().expect("temporary index");

    // Build (with the golden checks, as `motcua index` does).
    let t = Instant::now();
    let built = motcua::app::rebuild(corpus, index.path()).expect("build");
    let build = t.elapsed();
    let m = built.assistant.engine().manifest().clone();
    let size = dir_size(&built.generation.path);
    drop(built);

    // Cold start: load corpus + open the built index + first answer.
    let t = Instant::now();
    let assistant = motcua::app::load(corpus, index.path()).expect("load");
    let loaded = t.elapsed();
    let ask = |q: &str| {
        assistant
            .chat(&ChatRequest {
                message: q.to_string(),
                session: None,
                lang: None,
            })
            .expect("chat")
    };
    let _ = ask("làm giấy khai sinh cho con cần gì");
    let cold = t.elapsed();

    println!();
    println!(
        "## {name}: {} procedures, {} documents, {} articles",
        m.procedures, m.documents, m.articles
    );
    println!();
    println!(
        "index build (incl. validation and golden queries): {:.2} s; size on disk {:.1} MiB",
        build.as_secs_f64(),
        size as f64 / (1024.0 * 1024.0)
    );
    println!(
        "cold start (load corpus + open index: {} ms; to first chat answer: {} ms)",
        ms(loaded),
        ms(cold)
    );
    let (rss_loaded, _) = rss_mib();

    let qs = questions();
    // Warm-up pass.
    for q in &qs {
        let _ = ask(q);
    }
    let mut chat = Vec::new();
    let mut search = Vec::new();
    let mut abstained = 0usize;
    for _ in 0..PASSES {
        for q in &qs {
            let t = Instant::now();
            let r = ask(q);
            chat.push(t.elapsed());
            abstained += usize::from(r.procedure.is_none());
            let t = Instant::now();
            let _ = assistant
                .engine()
                .search(q, None, None, 10)
                .expect("search");
            search.push(t.elapsed());
        }
    }
    let mut hostile = Vec::new();
    for _ in 0..PASSES {
        for q in adversarial() {
            let t = Instant::now();
            let _ = ask(&q);
            let _ = assistant.engine().search(&q, None, None, 50);
            hostile.push(t.elapsed());
        }
    }
    println!();
    println!("| corpus | measure | n | p50 ms | p90 ms | p99 ms | max ms | mean ms |");
    println!("|---|---|---|---|---|---|---|---|");
    row(&name, "chat turn", &stats(chat));
    row(&name, "search (limit 10)", &stats(search));
    row(&name, "adversarial chat+search", &stats(hostile));
    let (rss, hwm) = rss_mib();
    println!();
    println!(
        "RSS: {rss_loaded:.0} MiB after load, {rss:.0} MiB after the run (peak {hwm:.0} MiB, build included); abstained on {:.0}% of turns",
        100.0 * abstained as f64 / (PASSES * qs.len()) as f64
    );
}
