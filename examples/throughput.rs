//! Measures parse throughput on a file, dropping the result inside the
//! timing as a caller would: `cargo run --release --example throughput -- FILE`
//! (`ITERS=n` repeats; prints the best and the median run).
//!
//! `MODE=scan` feeds the file to a `Scanner` in 256 KiB chunks with the
//! reports borrowed (as the CLI does); `MODE=owned` does the same and keeps
//! each report with `into_owned`; the default is `parse` on the whole text
//! (`MODE=parse_owned`: and every report made owned).
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: throughput FILE");
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let iters: usize = std::env::var("ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let mode = std::env::var("MODE").unwrap_or_else(|_| "parse".into());
    let mut times = Vec::new();
    let mut goroutines = 0;
    let mut scanned = 0;
    for _ in 0..iters {
        let t = Instant::now();
        goroutines = match mode.as_str() {
            "parse" => {
                let reports = gostack::parse(&text);
                reports.iter().map(|r| r.goroutines.len()).sum::<usize>()
            }
            "parse_owned" => {
                let reports: Vec<_> = gostack::parse(&text)
                    .into_iter()
                    .map(gostack::Report::into_owned)
                    .collect();
                reports.iter().map(|r| r.goroutines.len()).sum::<usize>()
            }
            "scan" | "owned" => {
                let owned = mode == "owned";
                let mut n = 0;
                let mut kept = Vec::new();
                let mut each = |r: gostack::Report<'_>| {
                    n += r.goroutines.len();
                    if owned {
                        kept.push(r.into_owned());
                    }
                };
                let mut s = gostack::Scanner::new();
                for chunk in text.as_bytes().chunks(256 << 10) {
                    s.feed(chunk, &mut each);
                }
                s.finish(&mut each);
                drop(kept);
                scanned = s.bytes_scanned();
                n
            }
            other => panic!("MODE: parse, parse_owned, scan or owned, not {other}"),
        };
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let mbs = |t: f64| text.len() as f64 / t / 1e6;
    if scanned > 0 {
        println!(
            "scanned {scanned} bytes ({:.2}x the input)",
            scanned as f64 / text.len() as f64
        );
    }
    println!(
        "{mode}: {} bytes, {goroutines} goroutines: best {:.1} ms ({:.0} MB/s), median {:.1} ms ({:.0} MB/s)",
        text.len(),
        times[0] * 1e3,
        mbs(times[0]),
        times[times.len() / 2] * 1e3,
        mbs(times[times.len() / 2])
    );
}
