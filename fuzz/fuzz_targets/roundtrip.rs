#![no_main]
//! parse → `render::write_report` → parse: the Go text gostack writes for a
//! report parses back to the same goroutines (ids, count) and the same frames
//! (function, file, line).

use gostack::{Frame, Report};
use libfuzzer_sys::fuzz_target;

fn key<'f>(f: &'f Frame<'_>) -> (&'f str, Option<&'f str>, Option<u32>) {
    (&f.function, f.file.as_deref(), f.line)
}

/// A goroutine as compared: its id and its frames' function, file and line.
type Summary = (Option<u64>, Vec<(String, Option<String>, Option<u32>)>);

fn summary(reports: &[Report<'_>]) -> Vec<Summary> {
    reports
        .iter()
        .flat_map(|r| r.goroutines.iter())
        .map(|g| {
            (
                g.id,
                g.frames
                    .iter()
                    .map(|f| {
                        let (a, b, c) = key(f);
                        (a.to_owned(), b.map(str::to_owned), c)
                    })
                    .collect(),
            )
        })
        .collect()
}

/// A line in the shape of a CRI record (`TIME stdout|stderr F|P… text`).
fn cri_record(line: &str) -> bool {
    let mut f = line.splitn(4, ' ');
    let (Some(time), Some(stream), Some(tag)) = (f.next(), f.next(), f.next()) else {
        return false;
    };
    time.starts_with(|c: char| c.is_ascii_digit())
        && time.contains('T')
        && matches!(stream, "stdout" | "stderr")
        && (tag.starts_with('F') || tag.starts_with('P'))
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for r in gostack::parse(s) {
        // `-exec` output is kept verbatim and may hold anything, listing
        // lines included: it cannot promise a round trip.
        if r
            .goroutines
            .iter()
            .any(|g| g.delve.as_ref().is_some_and(|d| !d.output.is_empty()))
        {
            continue;
        }
        // A Delve goroutine line cut by the end of the input is kept by its
        // id alone: there is no line to write back.
        if r.kind.is_delve() && r.goroutines.iter().any(|g| g.partial) {
            continue;
        }
        let mut text = String::new();
        gostack::render::write_report(&mut text, &r).unwrap();
        let again = gostack::parse(&text);
        gostack_fuzz::check_reports(&text, &again);
        // A `locals`/`print` value is kept verbatim and may hold anything,
        // stack lines included (found by fuzzing: a `chan` value whose
        // lines were a stack's): in the session the prompts delimit it,
        // rendered alone nothing does — like `-exec` output above.
        if r.kind == gostack::ReportKind::DlvVariables
            && again
                .iter()
                .any(|a| a.kind != gostack::ReportKind::DlvVariables)
        {
            continue;
        }
        // A line kept verbatim (a Delve group's label) that happens to be
        // a transport's record (`2026-…Z stderr F …`, CRI's): rendered
        // first, it makes the text that transport's, which the report's
        // own input was not — context one report rendered alone cannot
        // carry (tests/regressions.rs).
        // Likewise lines of a transport kept in a value (a recovered
        // panic's value that ran over journald's records).
        let framed = |x: &Report<'_>| x.log.as_ref().is_some_and(|l| l.transport.is_some());
        if !framed(&r) && (text.lines().next().is_some_and(cri_record) || again.iter().any(framed)) {
            continue;
        }
        let mut want = summary(std::slice::from_ref(&r));
        // `Frame N:` prints no function: the parser names the frame from a
        // stack printed earlier in the session, context that one report
        // rendered alone cannot carry (whole documents keep it, see
        // tests/regressions.rs).
        if r.kind == gostack::ReportKind::DlvFrame {
            for f in want.iter_mut().flat_map(|g| g.1.iter_mut()) {
                f.0.clear();
            }
        }
        let got = summary(&again);
        assert_eq!(
            got.len(),
            want.len(),
            "goroutine count changed; rendered:\n{text}"
        );
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g.0, w.0, "goroutine #{i}: id changed; rendered:\n{text}");
            assert_eq!(
                g.1.len(),
                w.1.len(),
                "goroutine #{i} (id {:?}): frame count changed; rendered:\n{text}",
                w.0
            );
            for (j, (gf, wf)) in g.1.iter().zip(&w.1).enumerate() {
                assert_eq!(
                    gf, wf,
                    "goroutine #{i} (id {:?}) frame #{j} changed; rendered:\n{text}",
                    w.0
                );
            }
        }
    }
});
