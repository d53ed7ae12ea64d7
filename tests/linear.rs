//! Linear time on every input shape that once was quadratic, and the
//! scanner's memory and work bounded whatever it is fed.
//!
//! Time: each shape is run with n and 10n items through everything the CLI
//! does (the scanner fed in chunks, grouping, the grouped text view, JSON,
//! the summary line); the best of three runs of 10n must take less than 35
//! times the best of n (linear: about 10; quadratic: about 100). No
//! absolute time is asserted. `.ci/run` also runs this file in release
//! mode, with sizes at which a quadratic term dominates.

mod common;

#[path = "common/shapes.rs"]
mod shapes_mod;

use std::time::{Duration, Instant};

use gostack::render::{
    summary_line, write_grouped_report, GroupedOptions, JsonGroupedReport, JsonReport,
};
use gostack::{Limits, Report, Scanner};
use shapes_mod::{shape, SHAPES};

/// What the CLI does with an input, returning a number that depends on
/// all of it (so that nothing is optimised away).
fn pipeline(input: &[u8]) -> usize {
    let mut out = 0;
    let mut index = 0;
    let opts = GroupedOptions::default();
    let mut each = |r: Report<'_>| {
        let mut s = String::new();
        write_grouped_report(&mut s, index, &r, &opts).unwrap();
        out += s.len();
        out += serde_json::to_string(&JsonReport::new(&r)).unwrap().len();
        let grouped = JsonGroupedReport::new(&r, Default::default());
        out += serde_json::to_string(&grouped).unwrap().len();
        out += summary_line(&r).len();
        index += 1;
    };
    let mut scanner = Scanner::new();
    for chunk in input.chunks(64 << 10) {
        scanner.feed(chunk, &mut each);
    }
    scanner.finish(&mut each);
    if input.first() == Some(&b'{') {
        let text = std::str::from_utf8(input).unwrap();
        out += gostack::parse_delve_json(text).map_or(0, |r| r.len());
    }
    out
}

fn best_of_three(input: &[u8]) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(pipeline(std::hint::black_box(input)));
            t.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn every_shape_takes_linear_time() {
    let mut failures = Vec::new();
    for name in SHAPES {
        // Release builds (as `.ci/run` also runs this file) afford sizes at
        // which a quadratic term dominates any constant.
        let n = if cfg!(debug_assertions) {
            2_000
        } else {
            10_000
        };
        let (small, large) = (shape(name, n), shape(name, 10 * n));
        let (a, b) = (best_of_three(&small), best_of_three(&large));
        let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-6);
        eprintln!(
            "{name}: {n} items {a:?}, {} items {b:?}, ratio {ratio:.1}",
            10 * n
        );
        if ratio > 35.0 {
            failures.push(format!("{name}: 10x the items took {ratio:.1}x the time"));
        }
    }
    common::assert_no_failures(&failures, "shapes not linear", 20);
}

/// The work the scanner does (bytes given to the parsers, retries
/// included) stays within a few times the bytes fed, for a large report
/// fed in small pieces followed by lines that end it one by one.
#[test]
fn retries_are_bounded_by_the_bytes_fed() {
    let dump = common::fixture("go/1.27/states_sigquit_crash.txt").repeat(20);
    let mut input = dump.into_bytes();
    for i in 0..2_000 {
        input.extend_from_slice(format!("log line {i}\n").as_bytes());
    }
    for chunk in [1, 7, 100, 4096] {
        let mut s = Scanner::new();
        let mut n = 0;
        for c in input.chunks(chunk) {
            s.feed(c, |_| n += 1);
        }
        s.finish(|_| n += 1);
        assert!(n >= 1);
        let work = s.bytes_scanned();
        assert!(
            work <= 5 * input.len() as u64 + (64 << 10),
            "chunks of {chunk}: {work} bytes scanned for {} fed",
            input.len()
        );
    }
}

/// Gigabytes through the scanner: what it holds stays under the limits
/// (plus a chunk), and every report comes out.
#[test]
fn memory_is_flat_whatever_the_length() {
    let gib: usize = std::env::var("GOSTACK_MEMORY_TEST_GIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 1 } else { 4 });
    // One MiB block: service log lines and one real panic.
    let panic = common::fixture("go/1.24/panic_index.txt");
    let mut block = String::new();
    let mut i = 0;
    while block.len() < (1 << 20) - panic.len() {
        block.push_str(&format!(
            "2026-12-02T14:00:00.{:03}Z INFO api/handler.go:142 request served path=/v1/users/{i}\n",
            i % 1000
        ));
        i += 1;
    }
    block.push_str(&panic);
    let blocks = gib << 10;
    let mut s = Scanner::new();
    let (mut reports, mut held) = (0usize, 0usize);
    for _ in 0..blocks {
        for chunk in block.as_bytes().chunks(256 << 10) {
            s.feed(chunk, |_| reports += 1);
            held = held.max(s.buffered());
        }
    }
    s.finish(|_| reports += 1);
    assert_eq!(reports, blocks, "one panic per block");
    assert!(held < 2 << 20, "held up to {held} bytes");

    // A dump that never ends: cut at the report limit, memory bounded by it.
    let limit = 4 << 20;
    let mut s = Scanner::with_limits(Limits::default().max_report_bytes(limit));
    let (mut cut, mut total, mut held) = (0, 0, 0);
    let (mut fed, mut id) = (0, 0);
    while fed < 64 << 20 {
        let mut chunk = String::new();
        for _ in 0..2000 {
            id += 1;
            chunk.push_str(&format!("goroutine {id} [chan receive]:\nmain.worker(0xc000010000)\n\t/app/main.go:20 +0x25\ncreated by main.main in goroutine 1\n\t/app/main.go:8 +0x3e\n\n"));
        }
        s.feed(chunk.as_bytes(), |r| {
            total += 1;
            cut += usize::from(r.cut.as_ref().is_some_and(|c| c.report_bytes));
        });
        fed += chunk.len();
        held = held.max(s.buffered());
    }
    s.finish(|_| total += 1);
    assert!(held <= limit + (1 << 20), "held up to {held} bytes");
    assert!(
        cut >= (64 << 20) / limit - 1,
        "{cut} of {total} reports cut"
    );

    // Small dumps with log lines between them (SIGQUIT now and then):
    // each is handed out once the lines after it show it ended, even when
    // a chunk's last lines are inside the next dump.
    let lf = shape("periodic_dumps", 200_000);
    let crlf: Vec<u8> = lf
        .iter()
        .flat_map(|&c| if c == b'\n' { vec![b'\r', c] } else { vec![c] })
        .collect();
    for dumps in [lf, crlf] {
        let mut s = Scanner::new();
        let (mut early, mut total, mut held) = (0usize, 0usize, 0usize);
        for chunk in dumps.chunks(256 << 10) {
            s.feed(chunk, |_| early += 1);
            held = held.max(s.buffered());
        }
        total += early;
        s.finish(|_| total += 1);
        assert_eq!(total, 200_000);
        assert!(
            held < 2 << 20,
            "held up to {held} bytes, {early} of {total} reports before the end"
        );
    }
}
