//! Chat-turn time split over the evaluation questions: routing alone vs the
//! whole turn (p50/p99 of passes 2 and 3), then the 12 slowest turns.
//!
//!     cargo run --release --example perf_split -- corpus-national index-national
//!
//! A profiling aid run by hand, not a benchmark of record (that is
//! `cargo bench --bench latency`).
use motcua::assistant::ChatRequest;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let a = motcua::app::load(Path::new(&args[1]), Path::new(&args[2])).expect("load");
    let mut qs = Vec::new();
    for file in ["citizen", "official", "out_of_scope"] {
        let path = format!("tests/eval/{file}.jsonl");
        let items = motcua::eval::run::read_items(Path::new(&path)).expect("evaluation set");
        qs.extend(items.into_iter().map(|item| item.question));
    }
    let mut route = Vec::new();
    let mut chat = Vec::new();
    let mut worst: Vec<(Duration, Duration, String)> = Vec::new();
    for pass in 0..3 {
        for q in &qs {
            let t = Instant::now();
            let _ = a.route(q, None).unwrap();
            let r = t.elapsed();
            let t = Instant::now();
            let _ = a
                .chat(&ChatRequest {
                    message: q.clone(),
                    session: None,
                    lang: None,
                })
                .unwrap();
            let c = t.elapsed();
            if pass > 0 {
                route.push(r);
                chat.push(c);
                worst.push((c, r, q.clone()));
            }
        }
    }
    let p = |v: &mut Vec<Duration>, q: f64| {
        v.sort();
        v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1].as_secs_f64() * 1e3
    };
    println!(
        "route p50 {:.2} p99 {:.2}; chat p50 {:.2} p99 {:.2}",
        p(&mut route, 0.5),
        p(&mut route, 0.99),
        p(&mut chat, 0.5),
        p(&mut chat, 0.99)
    );
    worst.sort_by_key(|w| std::cmp::Reverse(w.0));
    for (c, r, q) in worst.iter().take(12) {
        println!(
            "{:.1} ms (route {:.1}) {q}",
            c.as_secs_f64() * 1e3,
            r.as_secs_f64() * 1e3
        );
    }
}
