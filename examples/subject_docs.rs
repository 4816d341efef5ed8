//! How well each way of picking documents for a procedure's passages finds
//! its real legal basis, over the procedures whose basis the corpus has:
//! the heading ranking ([`DocumentSubjects`]) of the name (and field) vs the
//! documents of the best articles of a whole-corpus article search for the
//! name (what chat did before for procedures without a basis). Also times both.
//!
//!     cargo run --release --example subject_docs -- corpus-national index-national
//!
//! A measuring aid run by hand, not a test.
use motcua::assistant::basis::BasisDocuments;
use motcua::assistant::subjects::DocumentSubjects;
use motcua::search::ArticleFilter;
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let a = motcua::app::load(Path::new(&args[1]), Path::new(&args[2])).expect("load");
    let corpus = a.corpus().clone();
    let t = Instant::now();
    let subjects = DocumentSubjects::new(&corpus);
    println!(
        "heading table: {:.1} ms for {} documents",
        t.elapsed().as_secs_f64() * 1e3,
        corpus.documents.len()
    );
    let basis = BasisDocuments::new(&corpus);
    let number_of =
        |i: usize| motcua::analysis::docnum::normalize(&corpus.documents[i].header.number);
    let (mut n, mut name1, mut name3, mut field1, mut field3, mut search1, mut search3) =
        (0, 0, 0, 0, 0, 0, 0);
    let (mut t_rank, mut t_search) = (0.0, 0.0);
    for (i, p) in corpus.procedures.iter().enumerate() {
        let own = basis.own(i);
        if own.is_empty() {
            continue;
        }
        n += 1;
        let hit = |docs: &[usize], k: usize| docs.iter().take(k).any(|d| own.contains(d));
        let t = Instant::now();
        let by_name = subjects.rank(&p.name, 3, 0.0);
        let by_field = subjects.rank(&format!("{} {}", p.name, p.field), 3, 0.0);
        t_rank += t.elapsed().as_secs_f64();
        name1 += hit(&by_name, 1) as usize;
        name3 += hit(&by_name, 3) as usize;
        field1 += hit(&by_field, 1) as usize;
        field3 += hit(&by_field, 3) as usize;
        let t = Instant::now();
        let found = a
            .engine()
            .search_articles_unsnipped(&p.name, &ArticleFilter::default(), 3)
            .expect("search");
        t_search += t.elapsed().as_secs_f64();
        let docs: Vec<usize> = found
            .hits()
            .iter()
            .filter_map(|h| {
                let num = motcua::analysis::docnum::normalize(&h.document_number);
                (0..corpus.documents.len()).find(|&d| number_of(d) == num)
            })
            .collect();
        search1 += hit(&docs, 1) as usize;
        search3 += hit(&docs, 3) as usize;
    }
    let r = |x: usize| x as f64 / n.max(1) as f64;
    println!("{n} procedures whose basis the corpus has; a basis document among the first 1 / 3:");
    println!(
        "  headings, name:          {:.3} / {:.3}",
        r(name1),
        r(name3)
    );
    println!(
        "  headings, name + field:  {:.3} / {:.3}",
        r(field1),
        r(field3)
    );
    println!(
        "  whole-corpus article search (documents of the top-3 articles): {:.3} / {:.3}",
        r(search1),
        r(search3)
    );
    println!(
        "mean time per procedure: headings {:.3} ms (both rankings), article search {:.2} ms",
        t_rank * 1e3 / n.max(1) as f64,
        t_search * 1e3 / n.max(1) as f64
    );
}
