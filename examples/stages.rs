//! Times the stages of the default text view in process (profiling aid):
//! `cargo run --release --example stages -- FILE` (`ITERS=n` runs; best of
//! each stage): parse, group (similarity args), the varying arguments of
//! every bucket, and the whole view rendered to a string, and dropping the
//! reports; then the view as the CLI makes it from a file: grouped while
//! parsed (`Scanner::group_while_parsing`, the text scanned in place with
//! `Scanner::finish_with`), members' frames kept or released.
use std::time::{Duration, Instant};

use gostack::group::{group_report, Similarity};

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages FILE");
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let iters: usize = std::env::var("ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    if let Ok(stage) = std::env::var("ONLY") {
        // Profiling aid: one stage alone (`group` or `varying`), many times.
        let reports = gostack::parse(&text);
        let buckets: Vec<_> = reports
            .iter()
            .map(|r| (r, group_report(r, Similarity::IgnoreArgs)))
            .collect();
        let t = Instant::now();
        for _ in 0..iters {
            for (r, bs) in &buckets {
                if stage == "group" {
                    std::hint::black_box(group_report(r, Similarity::IgnoreArgs));
                    continue;
                }
                std::hint::black_box(gostack::group::varying_args_all(bs, &r.goroutines));
            }
        }
        let each = t.elapsed().as_secs_f64() * 1e3 / iters as f64;
        println!("{stage}: {each:.1} ms a run");
        return;
    }
    let mut best = [Duration::MAX; 7];
    let mut note = |i: usize, t: Instant| best[i] = best[i].min(t.elapsed());
    let mut out = 0;
    for _ in 0..iters {
        let t = Instant::now();
        let reports = gostack::parse(&text);
        note(0, t);
        let t = Instant::now();
        let mut buckets = 0;
        for r in &reports {
            buckets += group_report(r, Similarity::IgnoreArgs).len();
        }
        note(1, t);
        let t = Instant::now();
        let mut varying = 0;
        for r in &reports {
            let buckets = group_report(r, Similarity::IgnoreArgs);
            varying += gostack::group::varying_args_all(&buckets, &r.goroutines).len();
        }
        note(2, t);
        let t = Instant::now();
        let mut s = String::new();
        let o = gostack::render::GroupedOptions::default();
        for (i, r) in reports.iter().enumerate() {
            gostack::render::write_grouped_report(&mut s, i, r, &o).expect("to a string");
        }
        out = s.len();
        note(3, t);
        let t = Instant::now();
        drop(reports);
        note(4, t);
        std::hint::black_box((buckets, varying));
        // As the CLI's folded views read a file: grouped while parsed,
        // members' frames released, the whole text scanned in place.
        for (stage, release) in [(5, false), (6, true)] {
            let t = Instant::now();
            let mut scanner = gostack::Scanner::new();
            scanner.group_while_parsing(Some(Similarity::IgnoreArgs));
            scanner.release_member_frames(release);
            let mut fused = String::new();
            let o = gostack::render::GroupedOptions::default();
            scanner.finish_with(text.as_bytes(), |r| {
                gostack::render::write_grouped_report(&mut fused, 0, &r, &o).expect("to a string");
            });
            note(stage, t);
            assert_eq!(fused.len(), out, "the same view");
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} bytes: parse {:.1} ms, group {:.1} ms, group+varying {:.1} ms, view {:.1} ms ({out} bytes), drop {:.1} ms; \
         grouped while parsed, parse to view and drop: {:.1} ms, members' frames released: {:.1} ms",
        text.len(),
        ms(best[0]),
        ms(best[1]),
        ms(best[2]),
        ms(best[3]),
        ms(best[4]),
        ms(best[5]),
        ms(best[6])
    );
}
