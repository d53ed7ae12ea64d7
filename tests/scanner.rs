//! The push scanner: the same reports as `parse` whatever the chunking,
//! reports handed out as soon as they are complete, sources kept apart,
//! memory bounded by the limits.

mod common;

use common::{all_fixtures, assert_no_failures, transport_fixtures};
use gostack::{Report, Scanner};
use proptest::prelude::*;

/// Every report of `input` fed to a scanner in chunks ending at `cuts`.
fn scan_chunked(input: &[u8], cuts: &[usize]) -> Vec<Report<'static>> {
    scan_chunked_hinted(input, cuts, None)
}

/// The same, the scanner told first that `hint` bytes are coming.
fn scan_chunked_hinted(input: &[u8], cuts: &[usize], hint: Option<u64>) -> Vec<Report<'static>> {
    let mut out = Vec::new();
    let mut s = Scanner::new();
    if let Some(h) = hint {
        s.size_hint(h);
    }
    let mut at = 0;
    for &c in cuts {
        let c = c.clamp(at, input.len());
        s.feed(&input[at..c], |r| out.push(r.into_owned()));
        at = c;
    }
    s.feed(&input[at..], |r| out.push(r.into_owned()));
    s.finish(|r| out.push(r.into_owned()));
    out
}

/// Sorted cut points drawn from a small deterministic generator.
fn cuts(len: usize, n: usize, seed: u64) -> Vec<usize> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut v: Vec<usize> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % (len as u64 + 1)) as usize
        })
        .collect();
    v.sort_unstable();
    v
}

/// Reports in source order: those of one source (and stream) in the order
/// they came, sources after one another. Reports of different sources come
/// out as each completes, which depends on the chunking.
fn per_source<'a, 'b>(reports: &'b [Report<'a>]) -> Vec<&'b Report<'a>> {
    let mut v: Vec<&Report<'a>> = reports.iter().collect();
    v.sort_by_key(|r| {
        (
            r.source.clone(),
            r.log.as_ref().and_then(|l| l.stream.clone()),
        )
    });
    v
}

fn first_difference(a: &[Report<'_>], b: &[Report<'_>]) -> Option<String> {
    let (a, b) = (per_source(a), per_source(b));
    if a.len() != b.len() {
        return Some(format!("{} reports, parse() has {}", a.len(), b.len()));
    }
    a.iter().zip(&b).position(|(x, y)| x != y).map(|i| {
        format!(
            "report {i} differs:\n{:#?}\nparse():\n{:#?}",
            a[i].lines, b[i].lines
        )
    })
}

fn crlf(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for &c in text {
        if c == b'\n' {
            out.push(b'\r');
        }
        out.push(c);
    }
    out
}

#[test]
fn every_fixture_in_random_chunks_matches_parse() {
    let mut failures = Vec::new();
    let mut files = all_fixtures();
    assert!(files.len() > 1000, "fixtures missing: {}", files.len());
    files.extend(transport_fixtures());
    for (i, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        // CRLF for every third fixture: cuts fall between CR and LF too.
        let bytes = if i % 3 == 0 { crlf(&bytes) } else { bytes };
        let whole = gostack::parse_bytes(&bytes);
        let n = 1 + (i % 40);
        // A size hint (right, too small, too large) changes nothing but
        // the buffer's room.
        let len = bytes.len() as u64;
        let hint = [None, Some(len), Some(len / 3), Some(len * 4)][i % 4];
        let got = scan_chunked_hinted(&bytes, &cuts(bytes.len(), n, i as u64), hint);
        if let Some(d) = first_difference(&got, &whole) {
            failures.push(format!("{}: {d}", path.display()));
        }
    }
    assert_no_failures(&failures, "fixtures scan differently in chunks", 3);
}

/// `finish_with` on a whole input reads it as feeding it then finishing
/// does, in place or not: every fixture (plain, CRLF, through a transport,
/// invalid UTF-8), whole and after a first piece was fed; the lines read
/// are counted the same.
#[test]
fn finish_with_reads_as_feed_and_finish() {
    let mut failures = Vec::new();
    let mut files = all_fixtures();
    files.extend(transport_fixtures());
    for (i, path) in files.iter().enumerate() {
        let mut bytes = std::fs::read(path).unwrap();
        match i % 4 {
            0 => bytes = crlf(&bytes),
            1 => bytes.extend_from_slice(b"\xff broken \xc3\n"),
            _ => {}
        }
        let fed = |at: usize| {
            let mut out = Vec::new();
            let mut s = Scanner::new();
            s.feed(&bytes[..at], |r| out.push(r.into_owned()));
            s.feed(&bytes[at..], |r| out.push(r.into_owned()));
            s.finish(|r| out.push(r.into_owned()));
            (out, s.lines_read())
        };
        let at = [0, bytes.len() / 2][i % 2];
        let mut out = Vec::new();
        let mut s = Scanner::new();
        s.size_hint(bytes.len() as u64);
        s.feed(&bytes[..at], |r| out.push(r.into_owned()));
        s.finish_with(&bytes[at..], |r| out.push(r.into_owned()));
        let (want, lines) = fed(at);
        if let Some(d) = first_difference(&out, &want) {
            failures.push(format!("{} (first {at} bytes fed): {d}", path.display()));
        }
        if s.lines_read() != lines {
            failures.push(format!(
                "{}: {} lines, not {lines}",
                path.display(),
                s.lines_read()
            ));
        }
    }
    assert_no_failures(&failures, "fixtures read differently by finish_with", 3);
}

#[test]
fn byte_at_a_time_and_line_at_a_time_match_parse() {
    let files = all_fixtures();
    let mut failures = Vec::new();
    // Every 25th fixture (feeding one byte at a time is slow in debug
    // builds), and the transports' small enough.
    let transports = transport_fixtures()
        .into_iter()
        .filter(|p| std::fs::metadata(p).unwrap().len() < 16 << 10);
    for path in files.iter().step_by(25).cloned().chain(transports) {
        let path = &path;
        let bytes = std::fs::read(path).unwrap();
        let whole = gostack::parse_bytes(&bytes);
        let every_byte: Vec<usize> = (0..bytes.len()).collect();
        let every_line: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        for (what, cuts) in [("bytes", every_byte), ("lines", every_line)] {
            if let Some(d) = first_difference(&scan_chunked(&bytes, &cuts), &whole) {
                failures.push(format!("{} by {what}: {d}", path.display()));
            }
        }
    }
    assert_no_failures(&failures, "fixtures scan differently", 3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any fixture, any cut points, with or without CRLF line ends.
    #[test]
    fn any_chunking_of_a_transport_matches_parse(
        pick in any::<prop::sample::Index>(),
        raw_cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..64),
        use_crlf in any::<bool>(),
    ) {
        let files = transport_fixtures();
        let path = pick.get(&files);
        let bytes = std::fs::read(path).unwrap();
        let bytes = if use_crlf { crlf(&bytes) } else { bytes };
        let mut cuts: Vec<usize> = raw_cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let whole = gostack::parse_bytes(&bytes);
        prop_assert!(!whole.is_empty(), "{}", path.display());
        let got = scan_chunked(&bytes, &cuts);
        prop_assert!(first_difference(&got, &whole).is_none(), "{}: {:?}", path.display(), first_difference(&got, &whole));
    }

    #[test]
    fn any_chunking_matches_parse(
        pick in any::<prop::sample::Index>(),
        raw_cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..64),
        use_crlf in any::<bool>(),
    ) {
        let files = all_fixtures();
        let path = pick.get(&files);
        let bytes = std::fs::read(path).unwrap();
        let bytes = if use_crlf { crlf(&bytes) } else { bytes };
        let mut cuts: Vec<usize> = raw_cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let whole = gostack::parse_bytes(&bytes);
        let got = scan_chunked(&bytes, &cuts);
        prop_assert!(first_difference(&got, &whole).is_none(), "{}: {:?}", path.display(), first_difference(&got, &whole));
    }
}

/// A real panic and the lines a service prints around it.
fn panic_text() -> String {
    common::fixture("go/1.24/panic_index.txt")
}

#[test]
fn a_report_is_handed_out_when_a_line_cannot_continue_it() {
    let mut fed = format!("service starting\n{}", panic_text());
    let mut s = Scanner::new();
    let mut got = Vec::new();
    s.feed(fed.as_bytes(), |r| got.push(r.into_owned()));
    assert!(got.is_empty(), "the report may still go on");
    // Service lines end the report once they are more than the few foreign
    // lines a report may hold between frames.
    let mut n = 0;
    while got.is_empty() && n <= gostack::MAX_JUNK_LINES + 2 {
        n += 1;
        let line = format!("request {n} served\n");
        s.feed(line.as_bytes(), |r| got.push(r.into_owned()));
        fed.push_str(&line);
    }
    assert_eq!(got.len(), 1, "the panic was handed out before the end");
    assert!(n > 1, "one foreign line may still be followed by frames");
    assert_eq!(got[0], gostack::parse(&fed)[0]);
}

#[test]
fn flush_idle_hands_out_what_is_open() {
    let text = panic_text();
    let mut s = Scanner::new();
    let mut got = Vec::new();
    s.feed(text.as_bytes(), |r| got.push(r.into_owned()));
    assert!(got.is_empty(), "nothing says the report is over yet");
    s.flush_idle(|r| got.push(r.into_owned()));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0], gostack::parse(&text)[0]);
    // Scanning goes on, with line numbers counted on.
    let lines = text.lines().count();
    s.feed(text.as_bytes(), |r| got.push(r.into_owned()));
    s.finish(|r| got.push(r.into_owned()));
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].lines.start, got[0].lines.start + lines);
    assert!(s.buffered() == 0);
}

#[test]
fn interleaved_sources_never_mix() {
    let a = common::fixture("go/1.24/panic_index.txt");
    let b = common::fixture("go/1.24/fatal_concurrent_map_writes.txt");
    let mut s = Scanner::new();
    let mut got = Vec::new();
    let (mut la, mut lb) = (a.split_inclusive('\n'), b.split_inclusive('\n'));
    loop {
        let (x, y) = (la.next(), lb.next());
        if x.is_none() && y.is_none() {
            break;
        }
        if let Some(x) = x {
            s.feed_source("api", x.as_bytes(), |r| got.push(r.into_owned()));
        }
        if let Some(y) = y {
            s.feed_source("worker", y.as_bytes(), |r| got.push(r.into_owned()));
        }
    }
    s.finish(|r| got.push(r.into_owned()));
    let mut want: Vec<Report<'static>> = Vec::new();
    for (name, text) in [("api", &a), ("worker", &b)] {
        for mut r in gostack::parse(text).into_iter().map(Report::into_owned) {
            r.source = Some(name.to_owned().into());
            want.push(r);
        }
    }
    got.sort_by(|x, y| x.source.cmp(&y.source));
    assert_eq!(got.len(), want.len());
    assert_eq!(got, want);
}

/// A sink that parses too (a consumer re-reading what it got) does not
/// disturb the scan that called it.
#[test]
fn a_sink_may_parse() {
    // The second report's long first line is read (and cut) while the
    // first report is still being ended, before the sink sees the first.
    let long = "x".repeat(300_000);
    let block = "\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:1 +0x1\n";
    let text = format!(
        "panic: {long}{block}panic: {long}{block}{}",
        "service line\n".repeat(20)
    );
    let want = gostack::parse(&text);
    assert!(want.iter().all(|r| r.cut.is_some()), "both messages cut");
    let mut got = Vec::new();
    let mut s = Scanner::new();
    s.feed(text.as_bytes(), |r| {
        let again = gostack::parse("panic: y\n\ngoroutine 1 [running]:\nmain.main()\n");
        assert_eq!(again.len(), 1);
        got.push(r.into_owned())
    });
    s.finish(|r| got.push(r.into_owned()));
    let cuts = |v: &[Report<'_>]| v.iter().map(|r| r.cut.clone()).collect::<Vec<_>>();
    assert_eq!(cuts(&got), cuts(&want));
    assert!(got == want, "reports differ");
}

/// A log without crashes is scanned once, whatever its lines start with,
/// although a step on each chunk's last line needs the next line (a Delve
/// group header would): the retries that finish it cost a few lines per
/// chunk. (That the next chunk is then scanned where it lies, not copied,
/// shows only in CPU time: `benches/cli.py`, README.)
#[test]
fn plain_logs_are_scanned_once() {
    let mut log = String::new();
    for i in 0..40_000 {
        match i % 3 {
            0 => log.push_str(&format!(
                "2026-12-02T10:00:{:02}.{i:06}Z INFO request served path=/v1/{i}\n",
                i % 60
            )),
            1 => log.push_str(&format!("INFO\tcache miss key={i}\n")),
            _ => log.push_str(&format!("worker {i} idle\n")),
        }
    }
    let chunk = 64 << 10;
    let mut s = Scanner::new();
    let mut n = 0;
    for c in log.as_bytes().chunks(chunk) {
        s.feed(c, |_| n += 1);
    }
    s.finish(|_| n += 1);
    assert_eq!(n, 0);
    let chunks = log.len().div_ceil(chunk) as u64;
    let scanned = s.bytes_scanned();
    assert!(
        scanned <= log.len() as u64 + chunks * 4096,
        "{scanned} bytes scanned for {} fed in {chunks} chunks",
        log.len()
    );
}

/// Anchors (a report starting after other text on a line) are searched a
/// window ahead of the lines looked at: one is found wherever it falls,
/// across a window's end included, and far into a long log.
#[test]
fn prefixed_reports_are_found_across_search_windows() {
    let noise = "level=info caller=api/handler.go:142 msg=\"request served\" status=200\n";
    let report = "web-1  | panic: boom\nweb-1  | \nweb-1  | goroutine 1 [running]:\nweb-1  | main.main()\nweb-1  | \t/app/main.go:5 +0x1d\nweb-1  | exit status 2\n";
    for base in [64 << 10, 200 << 10] {
        for pad in 0..80 {
            let mut text = String::new();
            while text.len() + noise.len() < base - 40 {
                text.push_str(noise);
            }
            text.push_str(&"x".repeat(pad));
            text.push('\n');
            let at = text.len() + "web-1  | ".len();
            text.push_str(report);
            text.push_str(noise);
            let reports = gostack::parse(&text);
            assert_eq!(reports.len(), 1, "panic at byte {at}");
            assert_eq!(reports[0].goroutines.len(), 1, "panic at byte {at}");
            assert_eq!(reports[0].panics[0].message, "boom", "panic at byte {at}");
            let scanned = scan_chunked(text.as_bytes(), &cuts(text.len(), 7, pad as u64));
            assert_eq!(scanned.len(), 1, "panic at byte {at}, scanned");
            assert_eq!(
                scanned[0].panics[0].message, "boom",
                "panic at byte {at}, scanned"
            );
        }
    }
}
