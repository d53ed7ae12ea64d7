//! Invariant checks shared by the fuzz targets.
//!
//! Everything asserted here must hold for *any* input; a failure is a bug in
//! gostack (or in this list), never something to paper over.

use gostack::{Goroutine, LineSpan, Report};

/// Number of lines the parser can see in `input` (`\n`-terminated; a last
/// line without terminator counts).
pub fn line_count(input: &str) -> usize {
    // A text whose first line (up to its first LF) holds lone CRs takes CR
    // as a line end too (see gostack's scanner).
    let b = input.as_bytes();
    let first = &b[..b.iter().position(|c| *c == b'\n').unwrap_or(b.len())];
    let lone = |s: &[u8]| {
        (0..s.len())
            .filter(|&i| s[i] == b'\r' && s.get(i + 1).is_some_and(|c| *c != b'\n'))
            .count()
    };
    if lone(first) >= 3 {
        let ends = memchr_count(b) + lone(b) + usize::from(b.last() == Some(&b'\r'));
        let ended = matches!(b.last(), Some(b'\n' | b'\r'));
        return ends + usize::from(!input.is_empty() && !ended);
    }
    let n = memchr_count(input.as_bytes());
    if !input.is_empty() && !input.ends_with('\n') {
        n + 1
    } else {
        n
    }
}

/// JSON escapes that decode to a newline (`\n`, `\u000a`): at most this
/// many more lines than the input has when a transport decodes it.
pub fn escaped_newlines(input: &str) -> usize {
    let b = input.as_bytes();
    (0..b.len())
        .filter(|&i| {
            b[i] == b'\\'
                && (b.get(i + 1) == Some(&b'n')
                    || b.len() >= i + 6 && b[i + 1..i + 6].eq_ignore_ascii_case(b"u000a"))
        })
        .count()
}

fn memchr_count(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

fn span_ok(s: LineSpan, lo: usize, hi: usize) -> bool {
    lo <= s.start && s.start <= s.end && s.end <= hi
}

fn check_goroutine(g: &Goroutine<'_>, r: &Report<'_>) {
    // Only the first block of a signal report may lack a header (Windows).
    // Delve listings, stacks and pprof records may print no id, nor a stack
    // a JSON log record holds without its header (zap's `stacktrace`).
    let headerless_ok = r.kind == gostack::ReportKind::Signal
        && r.goroutines.first().is_some_and(|f| std::ptr::eq(f, g))
        || r.kind.is_delve()
        || r.kind == gostack::ReportKind::PprofDebug1
        || r.log.as_ref().is_some_and(|l| l.escaped);
    assert!(
        g.id.is_some() || headerless_ok,
        "goroutine without id: {g:?}"
    );
    assert!(
        span_ok(g.lines, r.lines.start, r.lines.end),
        "goroutine lines {:?} outside report lines {:?}",
        g.lines,
        r.lines
    );
    if let Some(e) = g.elision {
        assert!(
            e.at <= g.frames.len(),
            "elision.at {} > {} frames",
            e.at,
            g.frames.len()
        );
    }
    let _ = (
        g.wait_reason(),
        g.is_leaked(),
        g.is_durable(),
        g.parent_id(),
    );
    for f in &g.frames {
        let _ = (f.func(), f.arg_tokens(), f.is_inlined(), f.is_runtime());
        let fname = f.func();
        let _ = (
            fname.is_closure(),
            fname.is_generic(),
            fname.suffixes().count(),
        );
    }
}

/// Asserts the structural invariants of `reports` parsed from `input`, and
/// exercises every cheap accessor and renderer.
pub fn check_reports(input: &str, reports: &[Report<'_>]) {
    let n = line_count(input);
    // A transport's line numbers count the decoded stream's lines: a record
    // whose text holds an escaped newline before its end (Docker never
    // writes one, a mangled log may) is two lines of its stream.
    let decoded_n = n + escaped_newlines(input);
    // Line numbers count per source and stream (a transport demultiplexes
    // services, and Docker's stdout and stderr).
    type Key = (Option<String>, Option<String>);
    let mut prev_ends: std::collections::HashMap<Key, usize> = Default::default();
    for r in reports {
        let stream = r.log.as_ref().and_then(|l| l.stream.as_deref());
        let key = (
            r.source.as_deref().map(str::to_owned),
            stream.map(str::to_owned),
        );
        let prev_end = prev_ends.entry(key).or_default();
        // Traces decoded from one line (escaped newlines) all sit on it.
        let escaped = r.log.as_ref().is_some_and(|l| l.escaped);
        let framed = r.log.as_ref().is_some_and(|l| l.transport.is_some());
        let hi = if framed { decoded_n } else { n };
        assert!(
            span_ok(r.lines, 1, hi),
            "report lines {:?} outside 1..={hi}",
            r.lines
        );
        // Delve JSON-RPC responses written back to back on one line share
        // it (spans count lines, not bytes).
        let json_report = r.delve.as_ref().is_some_and(|d| d.json);
        assert!(
            r.lines.start > *prev_end || ((json_report || escaped) && r.lines.start == *prev_end),
            "report lines {:?} overlap the previous report (ended at {prev_end})",
            r.lines
        );
        *prev_end = r.lines.end;
        for p in &r.panics {
            assert!(
                r.lines.start <= p.line && p.line <= r.lines.end,
                "panic line {} outside report lines {:?}",
                p.line,
                r.lines
            );
            let _ = (p.is_nil_panic(), p.is_runtime_error());
        }
        let mut g_prev_end = 0;
        let json = r.delve.as_ref().is_some_and(|d| d.json);
        for g in &r.goroutines {
            check_goroutine(g, r);
            assert!(
                json || escaped || g.lines.start > g_prev_end,
                "goroutine lines {:?} overlap the previous block (ended at {g_prev_end})",
                g.lines
            );
            g_prev_end = g.lines.end;
        }
        for d in &r.diagnostics {
            assert!(
                d.line() >= 1 && d.line() <= decoded_n.max(1),
                "diagnostic {d} outside 1..={decoded_n}"
            );
            assert!(d.column() >= 1, "diagnostic {d} has column 0");
            let _ = format!("{d} {d:#} {:?}", d.kind());
        }
        let _ = (r.crash(), r.crashing_goroutine());
        // Owning copies compare equal to the borrowed originals.
        assert_eq!(&r.clone().into_owned(), r);
        // Renderers never panic.
        let mut s = String::new();
        gostack::render::write_report(&mut s, r).unwrap();
        gostack::render::write_delve_report(&mut s, r).unwrap();
        if let Some(race) = &r.race {
            for a in &race.accesses {
                assert!(
                    a.goroutine < r.goroutines.len(),
                    "race access without goroutine"
                );
            }
        }
        if let Some(d) = &r.delve {
            for g in &d.groups {
                assert!(
                    g.first + g.listed <= r.goroutines.len(),
                    "group {g:?} outside {} goroutines",
                    r.goroutines.len()
                );
            }
        }
        let _ = gostack::render::summary_line(r);
    }
    let mut s = String::new();
    gostack::render::write_text(&mut s, reports).unwrap();
}
