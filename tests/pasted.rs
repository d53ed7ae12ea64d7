//! Traces as people paste them and as damaged logs hold them: real fixtures
//! edited the way an issue thread, a quoting mail client or a cut log file
//! edits them. Each edit must keep the report whole — the same goroutines
//! and frames as the clean text — and say what it skipped.

mod common;

use common::fixture;
use gostack::{ErrorKind, Report};

/// A real Go 1.27 crash with 26 goroutines (`GOTRACEBACK=all`).
fn clean() -> String {
    fixture("go/1.27/states_panic_all.txt")
}

/// What must survive an edit: ids and every frame's function, file, line.
type Shape = Vec<(Option<u64>, Vec<(String, Option<String>, Option<u32>)>)>;

fn shape(r: &Report<'_>) -> Shape {
    r.goroutines
        .iter()
        .map(|g| {
            (
                g.id,
                g.frames
                    .iter()
                    .map(|f| {
                        (
                            f.function.to_string(),
                            f.file.as_deref().map(str::to_owned),
                            f.line,
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

fn one_report(text: &str) -> Report<'static> {
    let reports = gostack::parse(text);
    assert_eq!(
        reports.len(),
        1,
        "one report expected, got:\n{}",
        common::outline(&reports)
    );
    reports.into_iter().next().unwrap().into_owned()
}

fn kinds(r: &Report<'_>) -> Vec<ErrorKind> {
    r.diagnostics.iter().map(|d| d.kind()).collect()
}

/// Inserts `line` after the line number `after` (1-based).
fn insert_after(text: &str, after: usize, line: &str) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let owned = format!("{line}\n");
    lines.insert(after, &owned);
    lines.concat()
}

#[test]
fn a_log_line_between_panic_and_goroutines_stays_out_of_the_message() {
    let want = one_report(&clean());
    for stray in [
        "2026/12/02 10:00:00 INFO request done",
        "2026-12-02T10:00:00.123Z worker 3 stopped",
        "time=2026-12-02T10:00:00Z level=info msg=\"tick\"",
        "E1202 10:00:00.123456   12 main.go:3] lost connection",
        r#"{"level":"info","msg":"tick"}"#,
    ] {
        // Right under the `panic:` line: a raw (pre-1.23) continuation
        // line would have taken it into the message.
        let text = insert_after(&clean(), 1, stray);
        let got = one_report(&text);
        assert_eq!(got.panics[0].message, want.panics[0].message, "{stray}");
        assert_eq!(shape(&got), shape(&want), "{stray}");
        assert_eq!(got.crashing_goroutine().unwrap().id, Some(1));
        assert_eq!(kinds(&got), [ErrorKind::ForeignLogLine], "{stray}");
        assert_eq!(got.diagnostics[0].line(), 2);
    }
}

#[test]
fn placeholders_keep_the_report_whole() {
    let want = one_report(&clean());
    for p in [
        "...",
        "[snip]",
        "(stacks elided for clarity)",
        "···",
        "```",
        "<snip>",
    ] {
        // Between two frames' blocks (after goroutine 8's `created by`
        // location, line 11), between goroutine blocks (after the blank
        // line 12), and under a header (after line 7).
        for after in [11, 12, 7] {
            let text = insert_after(&clean(), after, p);
            let got = one_report(&text);
            assert_eq!(shape(&got), shape(&want), "{p:?} after line {after}");
            assert_eq!(kinds(&got), [ErrorKind::Placeholder], "{p:?} after {after}");
            assert_eq!(got.diagnostics[0].line(), after + 1);
        }
    }
    // A goroutine whose frames an author replaced by `[snip]`: kept, empty.
    let snipped = clean().replacen(
        "main.startAll.func1()\n\t/home/gopher/app/states/main.go:57 +0x25\ncreated by main.startAll in goroutine 1\n\t/home/gopher/app/states/main.go:57 +0x25\n",
        "[snip]\n",
        1,
    );
    let got = one_report(&snipped);
    assert_eq!(got.goroutines.len(), want.goroutines.len());
    assert!(got.goroutines[1].frames.is_empty());
    assert_eq!(got.goroutines[2].id, want.goroutines[2].id);
}

#[test]
fn a_markdown_fence_around_a_trace_is_not_part_of_it() {
    let want = one_report(&clean());
    let text = format!("Here is the crash:\n\n```go\n{}```\n\nAny idea?\n", clean());
    let got = one_report(&text);
    assert_eq!(shape(&got), shape(&want));
    assert_eq!(got.lines.start, 4);
    assert_eq!(got.lines.end, want.lines.end + 3);
    assert!(got.diagnostics.is_empty(), "{:?}", got.diagnostics);
}

#[test]
fn quoted_and_commented_traces() {
    let want = one_report(&clean());
    for q in ["> ", "// ", "# ", ">> "] {
        let text: String = clean().lines().map(|l| format!("{q}{l}\n")).collect();
        let got = one_report(&text);
        assert_eq!(shape(&got), shape(&want), "{q:?}");
        assert_eq!(got.panics[0].message, want.panics[0].message, "{q:?}");
    }
}

#[test]
fn nul_before_every_line_end() {
    let want = one_report(&clean());
    let text = clean().replace('\n', "\0\n");
    let got = one_report(&text);
    assert_eq!(shape(&got), shape(&want));
    assert_eq!(got.panics[0].message, want.panics[0].message);
}

#[test]
fn input_cut_inside_a_location_line() {
    let text = clean();
    // `…/main.go:146 +0x379` cut inside its number, and down to its TAB.
    let at = text.find("main.go:146").unwrap() + "main.go:14".len();
    let tab = text.find("\t/home/gopher/app/states/main.go:146").unwrap() + 1;
    for (what, cut) in [("number", at), ("tab", tab)] {
        let got = one_report(&text[..cut]);
        let g = &got.goroutines[0];
        assert!(g.partial, "cut inside the {what}");
        assert_eq!(g.frames[0].function, "main.main");
        assert!(
            kinds(&got).contains(&ErrorKind::Truncated),
            "{what}: {:?}",
            got.diagnostics
        );
        // The same through the scanner, fed in pieces.
        let mut s = gostack::Scanner::new();
        let mut got2 = Vec::new();
        for c in text.as_bytes()[..cut].chunks(7) {
            s.feed(c, |r| got2.push(r.into_owned()));
        }
        s.finish(|r| got2.push(r.into_owned()));
        assert_eq!(got2, vec![got.clone()], "{what}");
    }
    // A complete last line (with its line end) is not cut.
    let end = text.find("+0x379\n").unwrap() + "+0x379\n".len();
    let got = one_report(&text[..end]);
    assert!(!got.goroutines[0].partial);
}

#[test]
fn lines_ending_with_a_lone_cr() {
    let want = one_report(&clean());
    let cr = clean().replace('\n', "\r");
    let got = one_report(&cr);
    assert_eq!(shape(&got), shape(&want));
    assert_eq!(got.lines, want.lines);
    // CR and CRLF mixed, fed in pieces (a CR at the end of one piece, its
    // LF at the start of the next, is one line end). CR is a line end when
    // the first line (up to the first LF) holds lone CRs: a CR-only text.
    let mixed: String = clean()
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{l}{}", if i > 20 && i % 2 == 0 { "\r\n" } else { "\r" }))
        .collect();
    let whole = gostack::parse(&mixed);
    assert_eq!(whole.len(), 1);
    assert_eq!(shape(&whole[0]), shape(&want));
    for n in 1..=7 {
        let mut s = gostack::Scanner::new();
        let mut got = Vec::new();
        for c in mixed.as_bytes().chunks(n) {
            s.feed(c, |r| got.push(r.into_owned()));
        }
        s.finish(|r| got.push(r.into_owned()));
        assert_eq!(got, whole, "chunks of {n}");
    }
    // An LF text with a stray CR inside a line keeps its lines.
    let stray = clean().replacen("main.main()", "main.main()\rx", 1);
    let got = gostack::parse(&stray);
    assert_eq!(got[0].lines, want.lines);
}

#[test]
fn damaged_goroutine_headers_keep_their_blocks() {
    let want = one_report(&clean());
    // The crashing goroutine's header right after the panic: a lost `]`
    // once folded the goroutine into the panic message.
    for (from, to) in [
        ("goroutine 1 [running]:", "goroutine 1 [running:"),
        (
            "goroutine 1 [running]:",
            "goroutine 1 [running, labels:{\"k\":\"v}:",
        ),
        ("goroutine 8 [chan receive]:", "goroutine 8 [chan receive:"),
        ("goroutine 9 [chan send]:", "goroutine 9 [chan send]"),
    ] {
        let text = clean().replacen(from, to, 1);
        let got = one_report(&text);
        assert_eq!(shape(&got), shape(&want), "{to}");
        assert_eq!(got.panics[0].message, want.panics[0].message, "{to}");
        assert_eq!(kinds(&got), [ErrorKind::BadGoroutineHeader], "{to}");
        let g = got
            .goroutines
            .iter()
            .find(|g| to.contains(&format!("goroutine {} ", g.id.unwrap())))
            .unwrap();
        let w = want.goroutines.iter().find(|w| w.id == g.id).unwrap();
        assert_eq!(g.state, w.state, "{to}");
        assert!(!g.partial);
    }
}

#[test]
fn damaged_function_lines_keep_their_frames() {
    let text = fixture("go/1.27/args_default.txt");
    let want = one_report(&text);
    for (from, to) in [
        // An invalid byte inside the argument list (read lossily).
        (
            "main.leaf({0x186d1d906020?, 0x2?})",
            "main.leaf({0x186d1d906020?, \u{fffd}0x2?})",
        ),
        // The closing parenthesis lost.
        (
            "main.leaf({0x186d1d906020?, 0x2?})",
            "main.leaf({0x186d1d906020?, 0x2?}",
        ),
    ] {
        let got = one_report(&text.replacen(from, to, 1));
        assert_eq!(shape(&got), shape(&want), "{to}");
        assert_eq!(kinds(&got), [ErrorKind::BadFunctionLine], "{to}");
        assert_eq!(got.goroutines[0].frames[0].function, "main.leaf");
    }
    // The same with the invalid byte as raw bytes, through parse_bytes.
    let bytes = text.replacen("0x2?})", "\u{1}", 1).into_bytes();
    let i = bytes.iter().position(|b| *b == 1).unwrap();
    let mut bytes = bytes;
    bytes.splice(i..=i, *b"\xff0x2?})");
    let got = gostack::parse_bytes(&bytes);
    assert_eq!(got.len(), 1);
    assert_eq!(shape(&got[0]), shape(&want));
}

/// Every report's kind and shape (goroutines and frames).
fn outline(reports: &[Report<'_>]) -> Vec<(gostack::ReportKind, Shape)> {
    reports.iter().map(|r| (r.kind, shape(r))).collect()
}

#[test]
fn every_fixture_quoted_reads_the_same() {
    let mut failures = Vec::new();
    let files = common::all_fixtures();
    for path in files.iter().step_by(3) {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let want = outline(&gostack::parse(&text));
        for q in ["> ", "// ", "# "] {
            let quoted: String = text.lines().map(|l| format!("{q}{l}\n")).collect();
            let got = outline(&gostack::parse(&quoted));
            if got != want {
                failures.push(format!(
                    "{} quoted with {q:?}: {} reports, {} unquoted",
                    path.display(),
                    got.len(),
                    want.len()
                ));
            }
        }
    }
    common::assert_no_failures(&failures, "fixtures read differently quoted", 60);
}

/// Delve's listings with an author's placeholder inside: `stack` (after a
/// frame line, after its `at` line), `goroutines` (between goroutine lines)
/// and `goroutines -t` (between a goroutine's frames, and between two
/// goroutines' stacks), each from real Delve 1.27 output.
#[test]
fn placeholders_inside_delve_listings() {
    let mut failures = Vec::new();
    for name in [
        "core-stack__nocolor",
        "core-stack",
        "core-goroutines__nocolor",
        "connect-goroutines-t__nocolor",
    ] {
        let text = fixture(&format!("dlv/1.27/{name}.txt"));
        let want = one_report(&text);
        assert!(want.diagnostics.is_empty());
        // After every line of every goroutine, up to the last one's end.
        let last = want.goroutines.last().unwrap().lines.end;
        let mut spots: Vec<usize> = want
            .goroutines
            .iter()
            .flat_map(|g| g.lines.start..=g.lines.end)
            .filter(|&n| n < last)
            .collect();
        spots.dedup();
        assert!(spots.len() > 5, "{name}: {spots:?}");
        for p in [
            "...",
            "···",
            "[snip]",
            "\t...",
            "(stacks elided for clarity)",
        ] {
            for &after in &spots {
                let edited = insert_after(&text, after, p);
                let got = gostack::parse(&edited);
                let ok = got.len() == 1
                    && shape(&got[0]) == shape(&want)
                    && kinds(&got[0]) == [ErrorKind::Placeholder]
                    && got[0].diagnostics[0].line() == after + 1;
                if !ok {
                    failures.push(format!(
                        "{name}: {p:?} after line {after}: {} reports, same shape {}, {:?}",
                        got.len(),
                        got.first().is_some_and(|g| shape(g) == shape(&want)),
                        got.first().map(kinds)
                    ));
                }
            }
        }
    }
    common::assert_no_failures(&failures, "Delve listings split by a placeholder", 40);
}
