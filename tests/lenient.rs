//! Leniency, checked on every real fixture: the same text after CRLF
//! conversion, uniform indentation, TABs turned into spaces, or with log
//! lines interleaved into the frames parses to the same goroutines and
//! frames. Plus strict mode and invalid UTF-8.

mod common;

use std::fmt::Write;

use common::go_fixtures;
use gostack::{ErrorKind, ParseOptions, Report};

/// What must not change under a harmless transformation: reports, their
/// kinds and crash kinds, goroutines with their frames and creators.
fn structure(reports: &[Report<'_>]) -> String {
    let mut s = String::new();
    for r in reports {
        let kinds: Vec<_> = r.panics.iter().map(|p| p.kind).collect();
        let _ = writeln!(
            s,
            "{} {:?} goroutines={}",
            r.kind,
            kinds,
            r.goroutines.len()
        );
        for g in &r.goroutines {
            let _ = writeln!(
                s,
                " g{:?} {:?} {:?} locked={} labels={:?} partial={}",
                g.id, g.state, g.wait_minutes, g.locked_to_thread, g.labels, g.partial
            );
            for f in &g.frames {
                let _ = writeln!(
                    s,
                    "  {}({:?}) {:?}:{:?} {:?} {:?}",
                    f.function, f.args, f.file, f.line, f.offset, f.pc
                );
            }
            if let Some(c) = &g.created_by {
                let _ = writeln!(s, "  by {} {:?}", c.frame.function, c.goroutine);
            }
        }
    }
    s
}

fn check_all(transform: impl Fn(&str) -> String, what: &str, allow_diagnostics: bool) {
    let mut failures = Vec::new();
    for path in go_fixtures() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let want = structure(&gostack::parse(&text));
        let changed = transform(&text);
        let reports = gostack::parse(&changed);
        let got = structure(&reports);
        if got != want {
            failures.push(format!(
                "{}:\n--- want\n{want}\n--- got\n{got}",
                path.display()
            ));
        }
        if !allow_diagnostics {
            let before: usize = gostack::parse(&text)
                .iter()
                .map(|r| r.diagnostics.len())
                .sum();
            let after: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
            if before != after {
                failures.push(format!(
                    "{}: {after} diagnostics after {what}, {before} before",
                    path.display()
                ));
            }
        }
    }
    common::assert_no_failures(&failures, &format!("fixtures changed under {what}"), 3);
}

#[test]
fn crlf_line_ends() {
    check_all(|t| t.replace('\n', "\r\n"), "CRLF", false);
}

#[test]
fn uniformly_indented_text() {
    check_all(
        |t| t.lines().map(|l| format!("    {l}\n")).collect(),
        "indentation",
        false,
    );
}

#[test]
fn tabs_turned_into_spaces() {
    check_all(|t| t.replace('\t', "        "), "TAB expansion", false);
}

/// A log line after every third location line of a goroutine: each is
/// skipped with an `UnexpectedLine` diagnostic and no frame is lost.
#[test]
fn log_lines_interleaved_into_frames() {
    let inject = |t: &str| {
        let mut out = String::new();
        let mut n = 0;
        let lines: Vec<&str> = t.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            out.push_str(l);
            out.push('\n');
            let next_is_func = lines
                .get(i + 1)
                .is_some_and(|n| n.ends_with(')') && !n.starts_with('\t') && !n.starts_with(' '));
            if l.starts_with('\t') && l.contains(".go:") && next_is_func {
                n += 1;
                if n % 3 == 0 {
                    out.push_str("2026/11/27 08:28:32 INFO request served path=/api\n");
                }
            }
        }
        out
    };
    check_all(inject, "interleaved log lines", true);
    let text = common::fixture("go/1.19/states_panic_all.txt");
    let injected = inject(&text);
    let reports = gostack::parse(&injected);
    let added = injected.lines().count() - text.lines().count();
    assert!(added > 10);
    let diags: Vec<_> = reports.iter().flat_map(|r| &r.diagnostics).collect();
    assert_eq!(diags.len(), added);
    assert!(diags
        .iter()
        .all(|d| d.kind == ErrorKind::UnexpectedLine && d.column == 1));
    let e = gostack::parse_with(&injected, ParseOptions::strict()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedLine);
    assert!(injected
        .lines()
        .nth(e.line() - 1)
        .unwrap()
        .contains("INFO request served"));
    assert!(format!("{e:#}").contains("^"));
}

/// Cutting a dump at every byte never panics, keeps the goroutines whose
/// header was read, and marks the last one partial when cut inside it.
#[test]
fn truncated_at_every_byte() {
    let text = common::fixture("go/1.19/api_stack_all.txt");
    let full = gostack::parse(&text);
    let total = full[0].goroutines.len();
    let mut last = 0;
    for cut in (0..text.len()).filter(|&c| text.is_char_boundary(c)) {
        let reports = gostack::parse(&text[..cut]);
        let n: usize = reports.iter().map(|r| r.goroutines.len()).sum();
        let headers = text[..cut].matches("goroutine ").count();
        assert!(n <= total && n >= last, "cut at {cut}: {n} goroutines");
        // every goroutine whose header is complete up to its id is kept
        let complete = text[..cut]
            .lines()
            .filter(|l| l.starts_with("goroutine ") && l.len() > "goroutine 1 [".len())
            .count();
        assert!(n >= complete.min(headers), "cut at {cut}: {n} < {complete}");
        last = n;
    }
    assert_eq!(last, total);
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    let mut bytes = common::fixture("go/1.19/panic_string.txt").into_bytes();
    let pos = bytes.windows(6).position(|w| w == b"panic:").unwrap() + 7;
    bytes.insert(pos, 0xff);
    let reports = gostack::parse_bytes(&bytes);
    assert_eq!(reports.len(), 1);
    assert!(reports[0].panics[0].message.starts_with('\u{fffd}'));
    assert_eq!(reports[0].goroutines.len(), 1);
}

#[test]
fn lines_of_any_length() {
    let long = "x".repeat(5_000_000);
    let text = format!("{long}\npanic: {long}\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:1 +0x1\n{long}\n");
    // Lines are cut at the line limit, and the report says so.
    let reports = gostack::parse(&text);
    assert_eq!(reports.len(), 1);
    let max = gostack::MAX_LINE_BYTES;
    assert_eq!(reports[0].panics[0].message.len(), max - "panic: ".len());
    assert_eq!(reports[0].goroutines[0].frames.len(), 1);
    assert_eq!(reports[0].lines.start, 2);
    let cut = reports[0].cut.as_ref().expect("the message line was cut");
    assert_eq!(cut.long_lines, 1, "lines 1 and 7 are outside the report");
    assert_eq!(cut.line_bytes_dropped, (long.len() + 7 - max) as u64);
    // With a larger limit they are kept whole.
    let limits = gostack::Limits::default().max_line_bytes(8_000_000);
    let options = gostack::ParseOptions::lenient().limits(limits);
    let reports = gostack::parse_with(&text, options).unwrap();
    assert_eq!(reports[0].panics[0].message.len(), long.len());
    assert_eq!(reports[0].cut, None);
    // The scanner, fed in pieces, cuts the same line the same way.
    let mut got = Vec::new();
    let mut s = gostack::Scanner::new();
    for piece in text.as_bytes().chunks(100_000) {
        s.feed(piece, |r| got.push(r.into_owned()));
    }
    s.finish(|r| got.push(r.into_owned()));
    assert_eq!(got, gostack::parse(&text));
}

/// Reports whose every line carries a log prefix: a constant one
/// (`docker compose`), or timestamps whose digits vary in value and width
/// (`kubectl logs --timestamps`, CRI files). Reports without any goroutine
/// block (GOTRACEBACK=none) are not recognised behind a prefix.
#[test]
fn log_prefixes_on_every_line() {
    let with_blocks = |t: &str| -> String {
        let reports: Vec<_> = gostack::parse(t)
            .into_iter()
            .filter(|r| !r.goroutines.is_empty())
            .collect();
        structure(&reports)
    };
    let compose = |t: &str| {
        t.lines()
            .map(|l| format!("web-1  | {l}\n"))
            .collect::<String>()
    };
    let stamps = |t: &str| {
        t.lines()
            .enumerate()
            .map(|(i, l)| {
                format!(
                    "2026-11-27T08:{:02}:{:02}.{}Z stderr F {l}\n",
                    i / 60 % 60,
                    i % 60,
                    7 * i + 1
                )
            })
            .collect::<String>()
    };
    let mut failures = Vec::new();
    for path in go_fixtures() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let want = with_blocks(&text);
        for (what, changed) in [("compose", compose(&text)), ("timestamps", stamps(&text))] {
            let got = with_blocks(&changed);
            if got != want {
                failures.push(format!(
                    "{} ({what}):\n--- want\n{want}\n--- got\n{got}",
                    path.display()
                ));
            }
        }
    }
    common::assert_no_failures(&failures, "failures", 2);
}

/// `log.Printf("stack: %s", debug.Stack())`: the log prefix is on the
/// header line only.
#[test]
fn dump_after_text_on_the_header_line() {
    let dump = common::fixture("go/1.27/api_stack_all.txt");
    let text = format!("2026/11/27 08:28:32 stack: {dump}2026/11/27 08:28:33 done\n");
    let r = gostack::parse(&text);
    let plain = gostack::parse(&dump);
    assert_eq!(structure(&r), structure(&plain));
    assert_eq!(r[0].lines.start, 1);
    // A sentence that mentions a panic is not a report.
    let r = gostack::parse("WARN about to fail: panic: not really\nnext line\n");
    assert!(r.is_empty());
}

/// Log shippers that drop empty lines: reports still hold all their
/// goroutines (fixtures whose panic values span lines need the blank line
/// to find where the value ends, and are left out).
#[test]
fn empty_lines_dropped() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in go_fixtures() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let reports = gostack::parse(&text);
        if reports
            .iter()
            .flat_map(|r| &r.panics)
            .any(|p| p.message.contains('\n'))
        {
            continue;
        }
        checked += 1;
        let squeezed: String = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        let want = structure(&reports);
        let got = structure(&gostack::parse(&squeezed));
        if got != want {
            failures.push(format!(
                "{}:\n--- want\n{want}\n--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(checked > 1000, "{checked}");
    common::assert_no_failures(&failures, "failures", 2);
}
