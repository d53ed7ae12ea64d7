//! Measures parse throughput on a file: `cargo run --release --example throughput -- FILE`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: throughput FILE");
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let mut best = f64::MAX;
    let mut goroutines = 0;
    let iters: usize = std::env::var("ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    for _ in 0..iters {
        let t = Instant::now();
        let reports = gostack::parse(&text);
        let dt = t.elapsed().as_secs_f64();
        goroutines = reports.iter().map(|r| r.goroutines.len()).sum::<usize>();
        best = best.min(dt);
    }
    println!(
        "{} bytes, {goroutines} goroutines, best {:.2} ms, {:.0} MB/s",
        text.len(),
        best * 1e3,
        text.len() as f64 / best / 1e6
    );
}
