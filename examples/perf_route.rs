//! Routing alone over the evaluation questions: `passes` timed passes after
//! a warm-up pass (every procedure's lazily built data filled), then p50,
//! p99 and the total. A profiling aid (`perf record`, `valgrind
//! --tool=callgrind` with a pass count of 1), run by hand.
//!
//!     cargo run --release --example perf_route -- corpus-national index-national 5
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let passes: usize = args.get(3).map_or(5, |s| s.parse().unwrap());
    let a = motcua::app::load(Path::new(&args[1]), Path::new(&args[2])).expect("load");
    let mut qs = Vec::new();
    for file in ["citizen", "official", "out_of_scope"] {
        let path = format!("tests/eval/{file}.jsonl");
        let items = motcua::eval::run::read_items(Path::new(&path)).expect("evaluation set");
        qs.extend(items.into_iter().map(|item| item.question));
    }
    for q in &qs {
        a.route(q, None).unwrap();
    }
    let mut times: Vec<Duration> = Vec::new();
    let all = Instant::now();
    for _ in 0..passes {
        for q in &qs {
            let t = Instant::now();
            let _ = a.route(q, None).unwrap();
            times.push(t.elapsed());
        }
    }
    let total = all.elapsed();
    times.sort();
    let p = |q: f64| {
        times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1].as_secs_f64()
            * 1e3
    };
    println!(
        "{} routes: p50 {:.3} ms, p99 {:.3} ms, mean {:.3} ms",
        times.len(),
        p(0.5),
        p(0.99),
        total.as_secs_f64() * 1e3 / times.len() as f64
    );
}
