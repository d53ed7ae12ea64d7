//! Measures parse throughput on a file, dropping the result inside the
//! timing as a caller would: `cargo run --release --example throughput -- FILE`
//! (`ITERS=n` repeats; prints the best and the median run).
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: throughput FILE");
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let iters: usize = std::env::var("ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let mut times = Vec::new();
    let mut goroutines = 0;
    for _ in 0..iters {
        let t = Instant::now();
        let reports = gostack::parse(&text);
        goroutines = reports.iter().map(|r| r.goroutines.len()).sum::<usize>();
        drop(reports);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let mbs = |t: f64| text.len() as f64 / t / 1e6;
    println!(
        "{} bytes, {goroutines} goroutines: best {:.1} ms ({:.0} MB/s), median {:.1} ms ({:.0} MB/s)",
        text.len(),
        times[0] * 1e3,
        mbs(times[0]),
        times[times.len() / 2] * 1e3,
        mbs(times[times.len() / 2])
    );
}
