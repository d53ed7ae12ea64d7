//! Parse throughput on real fixtures.
//!
//! `cargo bench --bench parse` — criterion, bytes per second per input:
//!
//! - `small_panic`: one short panic (`panic_index.txt`) of the newest Go version present;
//! - `sigquit_crash`: a `GOTRACEBACK=crash` SIGQUIT report with per-M parts
//!   and registers (`states_sigquit_crash.txt`) of the newest Go version present;
//! - `seed_recovered_stack`: `testdata/seed/seed_recovered_debug_stack.txt`;
//! - `large_dump`: a pprof `debug=2`-style dump of at least 20,000 goroutines
//!   stitched from the goroutine blocks of real dump and crash fixtures of every
//!   Go version present, ids renumbered so they are unique.
//!
//! - `log_noise`: 20 MB of ordinary service log lines with one real panic in
//!   the middle — what a log pipeline mostly scans;
//! - `delve_goroutines_t`: a real Delve 1.27 `goroutines -t` listing, coloured.
//!
//! `scan/…` and `scan_owned/…` feed the large dump and the log noise to a
//! `Scanner` in 256 KiB chunks, reports dropped or kept with `into_owned`.
//!
//! Set `GOSTACK_BENCH_WRITE_DUMP=/path` to also write the large dump to a file
//! (for measuring the CLI, e.g. its peak RSS).

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const LARGE_DUMP_GOROUTINES: usize = 20_000;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// `testdata/go/<X.Y>` directories, oldest first.
fn go_versions() -> Vec<PathBuf> {
    let mut dirs: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir(testdata().join("go"))
        .expect("testdata/go")
        .filter_map(|e| {
            let e = e.ok()?;
            let v = e
                .file_name()
                .to_str()?
                .split('.')
                .map(|p| p.parse().ok())
                .collect::<Option<Vec<u32>>>()?;
            e.file_type().ok()?.is_dir().then(|| (v, e.path()))
        })
        .collect();
    dirs.sort();
    dirs.into_iter().map(|(_, p)| p).collect()
}

/// The newest version's copy of `name`.
fn newest(name: &str) -> (String, String) {
    for dir in go_versions().iter().rev() {
        let p = dir.join(name);
        if let Ok(text) = std::fs::read_to_string(&p) {
            let ver = dir.file_name().unwrap().to_string_lossy().into_owned();
            return (ver, text);
        }
    }
    panic!("no testdata/go/*/{name}");
}

/// Lines that follow a goroutine block without a blank line but are not part of it.
fn is_trailer(line: &str) -> bool {
    [
        "exit status",
        "-----",
        "SIGQUIT",
        "SIGABRT",
        "signal: ",
        "READY",
        "rax ",
        "r0 ",
    ]
    .iter()
    .any(|p| line.starts_with(p))
}

/// The goroutine blocks of `text` (header + following lines up to a blank line).
fn goroutine_blocks(text: &str) -> Vec<Vec<&str>> {
    let mut blocks = Vec::new();
    let mut cur: Option<Vec<&str>> = None;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            blocks.extend(cur.take());
            continue;
        }
        match &mut cur {
            Some(b) if is_trailer(line) => {
                blocks.push(std::mem::take(b));
                cur = None;
            }
            Some(b) => b.push(line),
            None => {
                let is_header = line.strip_prefix("goroutine ").is_some_and(|r| {
                    r.starts_with(|c: char| c.is_ascii_digit()) && line.ends_with("]:")
                });
                if is_header {
                    cur = Some(vec![line]);
                }
            }
        }
    }
    blocks.extend(cur);
    blocks.retain(|b| b.len() > 1);
    blocks
}

/// A `goroutine?debug=2`-style dump of at least `min` goroutines built from
/// real fixtures: blocks separated by one blank line, ids renumbered 1, 2, ….
fn large_dump(min: usize) -> String {
    let mut pool: Vec<String> = Vec::new();
    for dir in go_versions() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                n.ends_with(".txt")
                    && (n.starts_with("states_")
                        || n.starts_with("api_stack_all")
                        || n.starts_with("api_pprof2")
                        || n.starts_with("fatal_deadlock"))
            })
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            pool.extend(goroutine_blocks(&text).into_iter().map(|b| b.join("\n")));
        }
    }
    assert!(!pool.is_empty(), "no goroutine blocks found in testdata/go");
    let mut out = String::new();
    let mut id = 0usize;
    while id < min {
        for block in &pool {
            id += 1;
            if id > 1 {
                out.push('\n');
            }
            // "goroutine 21 [syscall]:" → "goroutine <id> [syscall]:"
            let rest = &block["goroutine ".len()..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let _ = write!(out, "goroutine {id}");
            out.push_str(&rest[digits..]);
            out.push('\n');
        }
    }
    out
}

/// Service log lines (deterministic) with one real panic in the middle.
fn log_noise(panic: &str) -> String {
    let mut s = String::new();
    let mut x: u64 = 1;
    for i in 0..180_000u64 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let _ = writeln!(
            s,
            "2026-11-27T10:00:{:02}.{:03}Z INFO server: handled request path=/api/v1/users/{i} id={} status=200 dur={}.{:03}ms",
            i % 60,
            i % 1000,
            (x >> 33) % 99_999,
            (x >> 20) % 10,
            (x >> 40) % 1000
        );
        if i == 90_000 {
            s.push_str(panic);
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let (ver, small) = newest("panic_index.txt");
    let (crash_ver, crash) = newest("states_sigquit_crash.txt");
    let seed = std::fs::read_to_string(testdata().join("seed/seed_recovered_debug_stack.txt"))
        .expect("seed fixture");
    let dump = large_dump(LARGE_DUMP_GOROUTINES);
    let dump_goroutines: usize = gostack::parse(&dump)
        .iter()
        .map(|r| r.goroutines.len())
        .sum();
    assert!(
        dump_goroutines >= LARGE_DUMP_GOROUTINES,
        "large dump parsed to {dump_goroutines} goroutines"
    );
    if let Some(path) = std::env::var_os("GOSTACK_BENCH_WRITE_DUMP") {
        std::fs::write(&path, &dump).expect("writing the large dump");
    }
    eprintln!(
        "inputs: small_panic go{ver} {} B, sigquit_crash go{crash_ver} {} B, seed {} B, \
         large_dump {} B / {dump_goroutines} goroutines",
        small.len(),
        crash.len(),
        seed.len(),
        dump.len()
    );

    let mut g = c.benchmark_group("parse");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let noise = log_noise(&small);
    let delve = std::fs::read_to_string(testdata().join("dlv/1.27/goroutines-t.txt"))
        .expect("Delve fixture");
    let inputs = [
        ("small_panic", &small),
        ("sigquit_crash", &crash),
        ("seed_recovered_stack", &seed),
        ("large_dump", &dump),
        ("log_noise", &noise),
        ("delve_goroutines_t", &delve),
    ];
    for (name, text) in inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("parse", name), text.as_str(), |b, t| {
            b.iter(|| gostack::parse(black_box(t)))
        });
    }
    g.throughput(Throughput::Bytes(dump.len() as u64));
    g.bench_with_input(
        BenchmarkId::new("parse_bytes", "large_dump"),
        dump.as_bytes(),
        |b, t| b.iter(|| gostack::parse_bytes(black_box(t))),
    );
    // The scanner fed 256 KiB chunks (as the CLI reads), reports borrowed
    // and dropped, or kept with `into_owned`.
    for (name, text) in [("large_dump", &dump), ("log_noise", &noise)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        for owned in [false, true] {
            let id = if owned { "scan_owned" } else { "scan" };
            g.bench_with_input(BenchmarkId::new(id, name), text.as_bytes(), |b, t| {
                b.iter(|| {
                    let mut kept = Vec::new();
                    let mut n = 0;
                    let mut each = |r: gostack::Report<'_>| {
                        n += r.goroutines.len();
                        if owned {
                            kept.push(r.into_owned());
                        }
                    };
                    let mut s = gostack::Scanner::new();
                    for chunk in black_box(t).chunks(256 << 10) {
                        s.feed(chunk, &mut each);
                    }
                    s.finish(&mut each);
                    (n, kept.len())
                })
            });
        }
    }
    g.finish();

    // Grouping: the large dump's goroutines five times over (> 100,000).
    let reports = gostack::parse(&dump);
    let mut all: Vec<gostack::Goroutine<'_>> = Vec::new();
    for _ in 0..5 {
        all.extend(reports.iter().flat_map(|r| r.goroutines.iter().cloned()));
    }
    let mut g = c.benchmark_group("group");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements(all.len() as u64));
    for sim in [
        gostack::group::Similarity::Exact,
        gostack::group::Similarity::IgnorePointers,
        gostack::group::Similarity::IgnoreArgs,
        gostack::group::Similarity::IgnoreLines,
    ] {
        g.bench_with_input(
            BenchmarkId::new(format!("{sim:?}"), all.len()),
            &all,
            |b, all| b.iter(|| gostack::group::group(black_box(all), sim)),
        );
    }
    g.bench_with_input(
        BenchmarkId::new("stack_fingerprint", all.len()),
        &all,
        |b, all| {
            b.iter(|| {
                all.iter()
                    .map(|x| gostack::fingerprint::stack_fingerprint(x, Default::default()).0)
                    .fold(0u64, |a, f| a ^ f)
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
