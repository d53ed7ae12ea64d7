//! Every real fixture: parses without diagnostics (except the deliberately
//! broken ones), finds one goroutine per goroutine header line, loses no
//! line, and matches its reviewed snapshot.

mod common;

use std::collections::HashMap;

use common::{go_fixtures, outline};
use regex::Regex;

/// Fixtures whose diagnostics are expected, with the kinds expected.
fn expected_diagnostics(name: &str) -> &'static [gostack::ErrorKind] {
    match name {
        // runtime.Stack into a small buffer: cut mid-line.
        "api_stack_small.txt" => &[gostack::ErrorKind::Truncated],
        _ => &[],
    }
}

/// Header lines that are not goroutines: a multi-line panic value printed
/// raw by Go ≤ 1.22 that contains the text of a header (spec §3.1.4).
fn fake_headers(path: &std::path::Path) -> usize {
    let name = path.file_name().unwrap().to_string_lossy();
    let ver = path
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let minor = ver.split('.').nth(1).and_then(|m| m.parse::<u32>().ok());
    match (&*name, minor) {
        ("panic_string_multiline.txt", Some(m)) if m <= 22 => 1,
        _ => 0,
    }
}

#[test]
fn fixtures_parse_cleanly_and_count_every_goroutine() {
    // A complete header, or one cut short inside its brackets (truncated
    // `runtime.Stack` buffer).
    let header =
        Regex::new(r"^[ \t]*goroutine \d+ (gp=0x[0-9a-f]+ m=(\d+ mp=0x[0-9a-f]+|nil) )?\[.*$")
            .unwrap();
    let record = Regex::new(r"^\d+ @( 0x[0-9a-f]+)*$").unwrap();
    let access =
        Regex::new(r"^(Previous )?(read|write|Read|Write) at 0x[0-9a-f]+ by (main )?goroutine")
            .unwrap();
    let mut failures = Vec::new();
    let files = go_fixtures();
    assert!(files.len() > 100, "fixtures missing: {}", files.len());
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let reports = gostack::parse(&text);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // Continuation lines of 1.23+ multi-line messages are TAB-indented
        // and are not goroutine headers.
        // Plus one goroutine per pprof `debug=1` record and per race access.
        let expected = text
            .lines()
            .filter(|l| {
                (header.is_match(l) && !l.starts_with('\t'))
                    || record.is_match(l)
                    || access.is_match(l)
            })
            .count()
            - fake_headers(path);
        let got: usize = reports.iter().map(|r| r.goroutines.len()).sum();
        if got != expected {
            failures.push(format!(
                "{}: {got} goroutines, {expected} headers",
                path.display()
            ));
        }
        let kinds: Vec<_> = reports
            .iter()
            .flat_map(|r| r.diagnostics.iter().map(|d| d.kind))
            .collect();
        let allowed = expected_diagnostics(&name);
        if kinds.iter().any(|k| !allowed.contains(k)) || (!allowed.is_empty() && kinds.is_empty()) {
            failures.push(format!("{}: diagnostics {kinds:?}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rendering each report back to Go text yields every non-blank line of the
/// input it spans: nothing the parser read was dropped.
#[test]
fn fixtures_lose_no_line() {
    let mut failures = Vec::new();
    for path in go_fixtures() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        for r in gostack::parse(&text) {
            let mut rendered = String::new();
            gostack::render::write_report(&mut rendered, &r).unwrap();
            // Goroutine headers compare by meaning: Go 1.26 prints labels inside
            // the brackets, the renderer always uses the 1.27 form.
            // pprof frame lines are aligned with runs of TABs; their `N @ 0x…`
            // lines list return addresses (frames print pc-1).
            let key = |l: &str| -> String {
                let l = l.trim();
                if l.starts_with("#\t") {
                    return l
                        .split('\t')
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join("\t");
                }
                if r.profile.is_some() && l.contains(" @") {
                    return "@".into();
                }
                if l.starts_with("goroutine ") && l.ends_with(':') {
                    if let Some(g) = gostack::parse(l).first().and_then(|r| r.goroutines.first()) {
                        return format!(
                            "{:?} {:?} {:?} {:?}",
                            g.id, g.state, g.labels, g.wait_minutes
                        );
                    }
                }
                l.to_owned()
            };
            let mut have: HashMap<String, usize> = HashMap::new();
            for l in rendered.lines() {
                *have.entry(key(l)).or_default() += 1;
            }
            let skipped: Vec<usize> = r.diagnostics.iter().map(|d| d.line).collect();
            for n in r.lines.start..=r.lines.end {
                let l = lines[n - 1].trim();
                if l.is_empty() || l == "-----" || skipped.contains(&n) {
                    continue;
                }
                match have.get_mut(&key(l)) {
                    Some(c) if *c > 0 => *c -= 1,
                    _ => failures.push(format!("{}:{n}: lost {l:?}", path.display())),
                }
            }
        }
    }
    common::assert_no_failures(&failures, "lines lost", 50);
}

#[test]
fn snapshots() {
    insta::glob!("../testdata", "{go/**/*.txt,seed/*.txt}", |path| {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let reports = gostack::parse(&text);
        insta::assert_snapshot!(outline(&reports));
    });
}

#[test]
fn delve_snapshots() {
    insta::glob!("../testdata", "{dlv/**/*.txt,seed/dlv/*.txt}", |path| {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let reports = gostack::parse(&text);
        insta::assert_snapshot!(outline(&reports));
    });
}

/// Logs as they really arrive (`transport/`: Docker json-file, CRI,
/// compose, kubectl, journald, stern; `records/`: JSON records carrying a
/// stack) and older releases' shapes (`old/`): the source, the transport's
/// context and who recovered a panic are part of the outline.
#[test]
fn wild_snapshots() {
    insta::glob!(
        "../testdata",
        "{transport/*.log,records/*.log,old/*.txt}",
        |path| {
            let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
            let reports = gostack::parse(&text);
            insta::assert_snapshot!(outline(&reports));
        }
    );
}

/// The grouped text view (the CLI's default) on real fixtures of every
/// kind, every version.
#[test]
fn grouped_view_snapshots() {
    insta::glob!(
        "../testdata",
        "{go/*/states_panic_all.txt,go/*/states_sigquit.txt,go/*/leakdiff_twodumps.txt,go/*/race_two_goroutines.txt,go/*/api_pprof1_labels.txt,go/*/fatal_deep_panic_200.txt,dlv/1.27/goroutines-t__nocolor.txt,seed/dlv/*.txt}",
        |path| {
            let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
            let mut out = String::new();
            gostack::render::write_grouped(
                &mut out,
                &gostack::parse(&text),
                &gostack::render::GroupedOptions::default(),
            )
            .unwrap();
            insta::assert_snapshot!(out);
        }
    );
}
