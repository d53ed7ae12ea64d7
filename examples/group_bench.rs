//! Groups the goroutines of a dump file N times over (profiling aid):
//! `cargo run --release --example group_bench -- FILE [COPIES]`
//! (`SIM=IgnorePointers` for one similarity, `ITERS=n` runs).
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
        let mut times = Vec::new();
        let mut n = 0;
        let iters: usize = std::env::var("ITERS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(10);
        for _ in 0..iters {
            let t = Instant::now();
            n = gostack::group::group(&all, sim).len();
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{sim:?}: {} goroutines, {n} buckets, best {:.1} ms, median {:.1} ms",
            all.len(),
            times[0] * 1e3,
            times[times.len() / 2] * 1e3
        );
    }
}
