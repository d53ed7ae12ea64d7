//! Groups the goroutines of a dump file N times over (profiling aid):
//! `cargo run --release --example group_bench -- FILE [COPIES]`.
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: group_bench FILE [COPIES]");
    let copies: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let reports = gostack::parse(&text);
    let mut all = Vec::new();
    for _ in 0..copies {
        all.extend(reports.iter().flat_map(|r| r.goroutines.iter().cloned()));
    }
    let only = std::env::var("SIM").ok();
    for sim in [
        gostack::group::Similarity::Exact,
        gostack::group::Similarity::IgnorePointers,
        gostack::group::Similarity::IgnoreArgs,
        gostack::group::Similarity::IgnoreLines,
    ] {
        if only.as_deref().is_some_and(|o| o != format!("{sim:?}")) {
            continue;
        }
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..10 {
            let t = Instant::now();
            n = gostack::group::group(&all, sim).len();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{sim:?}: {} goroutines, {n} buckets, best {:.1} ms",
            all.len(),
            best * 1e3
        );
    }
}
