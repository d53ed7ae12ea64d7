//! Delve output: the seed article's sessions, line-shape assertions on the
//! real captures of every Delve version in `testdata/dlv/`, counts that
//! tie the model to the text, colour stripping, and JSON-RPC responses.

mod common;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use common::fixture;
use gostack::{FrameKind, LocationKind, Report, ReportKind};
use regex::Regex;

fn dlv_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/dlv")
}

/// Delve versions with captures (`1.20`, `1.24`, `1.27`).
fn dlv_versions() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dlv_root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Every text capture (`<case>.txt`, `<case>__nocolor.txt`).
fn dlv_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for v in dlv_versions() {
        for e in std::fs::read_dir(dlv_root().join(&v)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read(p: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned()
}

/// A capture of `case` for Delve `ver`, uncoloured.
fn capture(ver: &str, case: &str) -> Option<String> {
    let p = dlv_root().join(ver).join(format!("{case}__nocolor.txt"));
    p.exists().then(|| read(&p))
}

/// The uncoloured capture of `case` from every Delve version that has it
/// (at least one must).
fn captures(case: &str) -> Vec<(String, String)> {
    let out: Vec<_> = dlv_versions()
        .into_iter()
        .filter_map(|v| capture(&v, case).map(|t| (v, t)))
        .collect();
    assert!(!out.is_empty(), "no Delve version has a capture of {case}");
    out
}

fn of_kind<'r, 'a>(reports: &'r [Report<'a>], kind: ReportKind) -> Vec<&'r Report<'a>> {
    reports.iter().filter(|r| r.kind == kind).collect()
}

// ---------------------------------------------------------------------------
// The seed article's outputs
// ---------------------------------------------------------------------------

#[test]
fn seed_goroutines() {
    let text = fixture("seed/dlv/goroutines.txt");
    let r = gostack::parse(&text);
    assert_eq!(r.len(), 1);
    let r = &r[0];
    assert_eq!(r.kind, ReportKind::DlvGoroutines);
    let d = r.delve.as_ref().unwrap();
    assert_eq!(d.command.as_deref(), Some("goroutines"));
    assert_eq!(d.listed, Some(8));
    let ids: Vec<_> = r.goroutines.iter().map(|g| g.id.unwrap()).collect();
    assert_eq!(ids, (1..=8).collect::<Vec<_>>());
    let g = &r.goroutines[0];
    assert_eq!(g.state.as_deref(), Some("IO wait"));
    assert_eq!(g.frames.len(), 1);
    assert_eq!(g.frames[0].function, "net.(*netFD).accept");
    assert_eq!(
        g.frames[0].file.as_deref(),
        Some("/root/.bin/go1.24.1/src/net/fd_unix.go")
    );
    assert_eq!(g.frames[0].line, Some(172));
    assert_eq!(g.frames[0].pc.unwrap().0, 0x5caaa9);
    let dg = g.delve.as_ref().unwrap();
    assert_eq!(dg.locations[0].kind, LocationKind::User);
    assert!(!dg.current);
    assert_eq!(
        r.goroutines[1].state.as_deref(),
        Some("force gc (idle)"),
        "reasons keep their parentheses"
    );
    assert_eq!(r.goroutines[6].frames[0].function, "time.Sleep");
}

#[test]
fn seed_bt() {
    let text = fixture("seed/dlv/bt.txt");
    let r = gostack::parse(&text);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, ReportKind::DlvStack);
    let g = &r[0].goroutines[0];
    assert_eq!(g.id, None, "nothing in the excerpt says which goroutine");
    assert_eq!(g.frames.len(), 13);
    let f = &g.frames[5];
    assert_eq!(f.function, "main.criticalOperation");
    assert_eq!(f.line, Some(19));
    assert_eq!(f.pc.unwrap().0, 0x73b54e);
    assert_eq!(f.delve.as_ref().unwrap().index, Some(5));
    assert_eq!(g.frames[12].function, "runtime.goexit");
    assert_eq!(
        g.frames[11].function, "net/http.(*Server).Serve.gowrap3",
        "two-digit indexes after one-digit ones"
    );
}

#[test]
fn seed_stack_full() {
    let text = fixture("seed/dlv/stack_full.txt");
    let r = gostack::parse(&text);
    assert_eq!(r.len(), 1);
    let g = &r[0].goroutines[0];
    // The excerpt ends with the article's own `... ...` after frame 8.
    assert_eq!(g.frames.len(), 9);
    let vars = |i: usize| &g.frames[i].delve.as_ref().unwrap().variables;
    assert_eq!(vars(0).len(), 8);
    assert_eq!(vars(0)[0].name, "unlockf");
    assert_eq!(vars(0)[0].value, "runtime.resetForSleep");
    assert!(vars(0)[7].is_unreadable());
    assert_eq!(vars(2)[0].name, "r");
    assert_eq!(
        vars(2)[0].value,
        "interface {}(runtime.boundsError) {x: 5, y: 0, signed: true,...+1 more}"
    );
    assert_eq!(vars(5)[0].value, "\"trigger_panic\"");
    assert_eq!(vars(8).len(), 4);
    assert!(r[0].diagnostics.is_empty());
}

#[test]
fn seed_frame_and_locals() {
    let text = fixture("seed/dlv/frame5_locals.txt");
    let r = gostack::parse(&text);
    assert_eq!(r.len(), 1);
    let r = &r[0];
    assert_eq!(r.kind, ReportKind::DlvFrame);
    let d = r.delve.as_ref().unwrap();
    assert_eq!(d.command.as_deref(), Some("frame 5"));
    let stop = d.stop.as_ref().unwrap();
    assert_eq!(stop.frame.function, "runtime.gopark");
    assert_eq!(stop.frame.line, Some(436));
    assert!(stop.optimized, "Warning: debugging optimized function");
    let f = &r.goroutines[0].frames[0];
    assert_eq!(
        f.file.as_deref(),
        Some("/root/test/goadv/ch28/remote_panic_service/main.go")
    );
    assert_eq!((f.line, f.pc.unwrap().0), (Some(19), 0x73b54e));
    let fd = f.delve.as_ref().unwrap();
    assert_eq!(fd.index, Some(5));
    assert_eq!(fd.variables.len(), 1);
    assert_eq!(fd.variables[0].name, "data");
    assert_eq!(fd.variables[0].value, "[]int len: 0, cap: 0, nil");
}

/// The article's session in order: the switch to goroutine 7 tells whose
/// stack the following `stack -full` is.
#[test]
fn seed_session_follows_the_selected_goroutine() {
    let session = format!(
        "{}(dlv) goroutine 7\nSwitched from 0 to 7 (thread 1286962)\n{}{}{}",
        fixture("seed/dlv/goroutines.txt"),
        fixture("seed/dlv/stack_full.txt"),
        fixture("seed/dlv/bt.txt"),
        fixture("seed/dlv/frame5_locals.txt"),
    );
    let r = gostack::parse(&session);
    let kinds: Vec<_> = r.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            ReportKind::DlvGoroutines,
            ReportKind::DlvGoroutine,
            ReportKind::DlvStack,
            ReportKind::DlvStack,
            ReportKind::DlvFrame
        ]
    );
    assert_eq!(r[1].goroutines[0].id, Some(7));
    assert_eq!(r[1].delve.as_ref().unwrap().switched_from, Some(0));
    assert_eq!(r[2].goroutines[0].id, Some(7));
    assert_eq!(r[3].goroutines[0].id, Some(7));
    assert_eq!(r[4].goroutines[0].id, Some(7));
    // `frame 5` prints no function; the stack printed before names it.
    assert_eq!(
        r[4].goroutines[0].frames[0].function,
        "main.criticalOperation"
    );
    // Each report starts at its `(dlv) ` command.
    let lines: Vec<&str> = session.lines().collect();
    for rep in &r {
        assert!(
            lines[rep.lines.start - 1].starts_with("(dlv) "),
            "{:?}",
            rep.lines
        );
    }
}

// ---------------------------------------------------------------------------
// Counts over every capture
// ---------------------------------------------------------------------------

/// Removes colour escapes and `(dlv) ` prompts, as the spec's recipes do.
fn clean(l: &str) -> String {
    let ansi = Regex::new(r"\x1b\[[0-9;]*m").unwrap();
    let s = ansi.replace_all(l, "").into_owned();
    let mut t = s.as_str();
    while let Some(r) = t.strip_prefix("(dlv) ") {
        t = r;
    }
    t.to_owned()
}

/// The spec's §16 patterns, counted over each capture, against the model.
#[test]
fn every_line_shape_is_accounted_for() {
    let goroutine = Regex::new(r"^(\t?)([* ]) Goroutine (?:\(unreadable (.*)\)|(\d+) - (User|Runtime|Go|Start): (.*?):(-?\d+) (.*) \((0x[0-9a-f]+)\)(?: \(thread (\d+)\))?(?: \[(.*)\])?)$").unwrap();
    let frame = Regex::new(r"^(\t*)( *)(\d+)  0x([0-9a-f]{16}) in (.*)$").unwrap();
    let at = Regex::new(r"^(\t*)( +)at (.*):(-?\d+)$").unwrap();
    let labels = Regex::new(r"^\t{1,2}Labels: ").unwrap();
    let trailer = Regex::new(r"^\[(\d+) goroutines\]$").unwrap();
    let total = Regex::new(r"^\tTotal: (\d+)$").unwrap();
    let thread = Regex::new(r"^[* ] Thread (\d+) at 0x").unwrap();
    let long_head = Regex::new(r"^Goroutine (\d+):$").unwrap();
    let ancestor = Regex::new(r"^Created by Goroutine (\d+):$").unwrap();
    let truncated = Regex::new(r"^(\t*)\(truncated\)$").unwrap();
    let mut failures = Vec::new();
    let files = dlv_fixtures();
    assert!(files.len() > 100, "Delve fixtures missing: {}", files.len());
    for path in &files {
        let text = read(path);
        let lines: Vec<String> = text.lines().map(clean).collect();
        let count = |re: &Regex| lines.iter().filter(|l| re.is_match(l)).count();
        let reports = gostack::parse(&text);
        let mut got = [0usize; 10];
        for r in &reports {
            let d = r.delve.as_deref();
            for g in &r.goroutines {
                let dg = g.delve.as_deref();
                if r.kind == ReportKind::DlvGoroutines {
                    got[0] += 1;
                }
                if r.kind == ReportKind::DlvGoroutine {
                    got[7] += 1;
                }
                got[3] += usize::from(!g.labels.is_empty());
                // (`Frame N:` headers carry an index too but are not frame lines.)
                let is_frame_cmd = r.kind == ReportKind::DlvFrame;
                let indexed = |f: &&gostack::Frame<'_>| {
                    !is_frame_cmd
                        && f.delve.as_ref().is_some_and(|d| d.index.is_some())
                        && f.pc.is_some()
                };
                got[1] += g.frames.iter().filter(indexed).count();
                got[2] += g
                    .frames
                    .iter()
                    .filter(|f| f.file.is_some() && indexed(f))
                    .count();
                for f in &g.frames {
                    for df in f.delve.iter().flat_map(|d| d.defers.iter()) {
                        got[2] += usize::from(df.call.as_ref().is_some_and(|c| c.file.is_some()));
                    }
                }
                for a in &g.ancestors {
                    got[1] += a.frames.iter().filter(indexed).count();
                    got[2] += a.frames.iter().filter(|f| f.file.is_some()).count();
                    got[8] += 1;
                    got[9] += usize::from(a.frames_elided);
                }
                got[9] += usize::from(dg.is_some_and(|d| d.truncated));
            }
            if let Some(d) = d {
                got[4] += usize::from(d.listed.is_some());
                got[5] += d.groups.len();
                got[6] += d
                    .threads
                    .iter()
                    .filter(|t| t.location.as_ref().is_some_and(|f| f.pc.is_some()))
                    .count();
                if let Some(n) = d.listed {
                    if n as usize != r.goroutines.len() {
                        failures.push(format!(
                            "{}: [{n} goroutines] but {} parsed",
                            path.display(),
                            r.goroutines.len()
                        ));
                    }
                }
            }
        }
        let want = [
            count(&goroutine),
            count(&frame),
            count(&at),
            count(&labels),
            count(&trailer),
            count(&total),
            count(&thread),
            count(&long_head),
            count(&ancestor),
            count(&truncated),
        ];
        let names = [
            "goroutine lines",
            "frame lines",
            "at lines",
            "label lines",
            "trailers",
            "group totals",
            "thread lines",
            "long blocks",
            "ancestors",
            "(truncated)",
        ];
        for i in 0..want.len() {
            if want[i] != got[i] {
                failures.push(format!(
                    "{}: {} {} in text, {} in model",
                    path.display(),
                    want[i],
                    names[i],
                    got[i]
                ));
            }
        }
    }
    common::assert_no_failures(&failures, "mismatches", 40);
}

/// A Delve capture is never read as a Go traceback, and Go fixtures never
/// produce Delve reports.
#[test]
fn formats_do_not_bleed() {
    for path in dlv_fixtures() {
        for r in gostack::parse(&read(&path)) {
            assert!(
                r.kind.is_delve(),
                "{}: {} report at lines {}-{}",
                path.display(),
                r.kind,
                r.lines.start,
                r.lines.end
            );
        }
    }
    for path in common::go_fixtures() {
        for r in gostack::parse(&read(&path)) {
            assert!(!r.kind.is_delve(), "{}: {}", path.display(), r.kind);
        }
    }
}

/// Coloured captures (Delve ≥ 1.23 colours stack lines; all versions colour
/// source listings) give the same model as uncoloured ones, and text
/// without escapes stays borrowed.
#[test]
fn colours_are_stripped() {
    let mut compared = 0;
    for path in dlv_fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("__nocolor") {
            // Zero-copy: nothing had to be rebuilt.
            for r in gostack::parse(&read(&path)) {
                for g in &r.goroutines {
                    for f in &g.frames {
                        assert!(
                            matches!(f.function, Cow::Borrowed(_)),
                            "{}: {} copied",
                            path.display(),
                            f.function
                        );
                    }
                }
            }
            continue;
        }
        let coloured = read(&path);
        let plain = path.with_file_name(name.replace(".txt", "__nocolor.txt"));
        if !plain.exists() {
            continue;
        }
        // Separate runs: ids, threads and addresses differ; the shape does not.
        let shape = |t: &str| -> Vec<String> {
            gostack::parse(t)
                .iter()
                .map(|r| {
                    let fs: Vec<String> = r
                        .goroutines
                        .iter()
                        .flat_map(|g| g.frames.iter())
                        .map(|f| format!("{}@{:?}:{:?}", f.function, f.file, f.line))
                        .collect();
                    format!("{} {} {}", r.kind, r.goroutines.len(), fs.join(","))
                })
                .collect()
        };
        if coloured.contains('\x1b') {
            compared += 1;
            let a = shape(&coloured);
            let b = shape(&read(&plain));
            // Goroutine sets of separate runs can differ by a runtime
            // goroutine; stacks of the stopped goroutine cannot.
            // (A running goroutine stops at a different line in each run.)
            let running = name.contains("running") || name.contains("syscall");
            if (name.starts_with("stack") || name.starts_with("bt") || name.starts_with("frame"))
                && !running
            {
                assert_eq!(a, b, "{}", path.display());
            } else {
                assert_eq!(a.len(), b.len(), "{}", path.display());
            }
        }
    }
    assert!(compared > 50, "only {compared} coloured captures compared");
}

// ---------------------------------------------------------------------------
// Targeted shapes on the real captures
// ---------------------------------------------------------------------------

#[test]
fn location_kinds_and_markers() {
    for v in dlv_versions() {
        for (case, kind) in [
            ("goroutines-u", LocationKind::User),
            ("goroutines-r", LocationKind::Runtime),
            ("goroutines-g", LocationKind::Go),
            ("goroutines-s", LocationKind::Start),
        ] {
            let Some(t) = capture(&v, case) else { continue };
            let r = gostack::parse(&t);
            let r = of_kind(&r, ReportKind::DlvGoroutines)[0];
            for g in &r.goroutines {
                let d = g.delve.as_ref().unwrap();
                assert_eq!(d.locations[0].kind, kind, "{v} {case}");
            }
            let current: Vec<_> = r
                .goroutines
                .iter()
                .filter(|g| g.delve.as_ref().unwrap().current)
                .collect();
            assert_eq!(current.len(), 1, "{v} {case}: one `*` goroutine");
            assert!(current[0].delve.as_ref().unwrap().thread.is_some());
            assert!(
                r.goroutines
                    .iter()
                    .any(|g| g.state.as_deref() == Some("chan receive")),
                "{v} {case}: wait reasons"
            );
        }
    }
}

#[test]
fn labels_with_more_and_quotes() {
    for (v, t) in captures("goroutines-l") {
        let r = gostack::parse(&t);
        let gs = &r[0].goroutines;
        let alpha = gs
            .iter()
            .find(|g| g.labels.get("worker") == Some("alpha"))
            .unwrap_or_else(|| panic!("{v}: no worker=alpha"));
        assert_eq!(alpha.labels.get("tier"), Some("1"));
        let many = gs
            .iter()
            .find(|g| g.delve.as_ref().unwrap().more_labels.is_some())
            .unwrap_or_else(|| panic!("{v}: no `... (N more)`"));
        assert_eq!(many.labels.len(), 5);
        assert!(
            gs.iter()
                .any(|g| g.labels.iter().any(|l| l.value.contains('"'))),
            "{v}: a label value with a quote, unescaped"
        );
    }
}

#[test]
fn stacks_in_listings_with_truncation() {
    for (v, t) in captures("goroutines-t0") {
        let r = gostack::parse(&t);
        for g in &r[0].goroutines {
            assert_eq!(g.frames.len(), 1, "{v}: -t 0 prints frame 0 only");
            assert!(
                g.delve.as_ref().unwrap().truncated && g.frames_elided(),
                "{v}: goroutine {:?} (truncated)",
                g.id
            );
        }
        let t = capture(&v, "goroutines-t3").unwrap();
        let r = gostack::parse(&t);
        assert!(r[0].goroutines.iter().all(|g| g.frames.len() <= 4));
        assert!(r[0].goroutines.iter().any(|g| g.frames.len() == 4));
    }
}

#[test]
fn groups_totals_and_too_many() {
    for (v, t) in captures("goroutines-group-label-toomany") {
        let r = gostack::parse(&t);
        assert_eq!(r.len(), 1, "{v}");
        let d = r[0].delve.as_ref().unwrap();
        assert!(d.too_many_groups, "{v}");
        assert_eq!(d.groups.len(), 50, "{v}: at most 50 groups");
        for g in &d.groups {
            assert!(g.listed <= 5 && g.listed as u64 <= g.total, "{v} {g:?}");
        }
        let t = capture(&v, "goroutines-group-running").unwrap();
        let r = gostack::parse(&t);
        let names: Vec<_> = r[0]
            .delve
            .as_ref()
            .unwrap()
            .groups
            .iter()
            .map(|g| g.name.to_string())
            .collect();
        assert_eq!(names, ["running=false", "running=true"], "{v}");
        let t = capture(&v, "goroutines-group-userloc").unwrap();
        let r = gostack::parse(&t);
        for g in &r[0].delve.as_ref().unwrap().groups {
            assert!(g.name.contains(" in "), "{v}: {}", g.name);
        }
    }
}

#[test]
fn exec_output_belongs_to_its_goroutine() {
    for (v, t) in captures("goroutines-exec-stack") {
        let r = gostack::parse(&t);
        assert_eq!(r.len(), 1, "{v}");
        for g in &r[0].goroutines {
            assert!(g.frames.len() > 2, "{v}: exec stack attached");
            assert_eq!(g.frames.last().unwrap().function, "runtime.goexit");
        }
        let t = capture(&v, "goroutines-exec-locals").unwrap();
        let r = gostack::parse(&t);
        assert_eq!(r.len(), 1, "{v}");
        assert!(r[0]
            .goroutines
            .iter()
            .all(|g| !g.delve.as_ref().unwrap().output.is_empty()));
    }
}

#[test]
fn long_form_and_switches() {
    for (v, t) in captures("goroutine-switch") {
        let r = gostack::parse(&t);
        let r = of_kind(&r, ReportKind::DlvGoroutine);
        let r = r.last().unwrap();
        let g = &r.goroutines[0];
        let d = g.delve.as_ref().unwrap();
        let kinds: Vec<_> = d.locations.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            [
                LocationKind::Runtime,
                LocationKind::User,
                LocationKind::Go,
                LocationKind::Start
            ],
            "{v}"
        );
        assert_eq!(g.frames[0].function, "runtime.gopark", "{v}");
        assert!(g.created_by.is_some(), "{v}: the Go location");
        assert!(r.delve.as_ref().unwrap().switched_from.is_some(), "{v}");
        assert!(!g.labels.is_empty(), "{v}: a labelled goroutine");
    }
}

#[test]
fn stack_variants() {
    for (v, t) in captures("stack-full") {
        let r = gostack::parse(&t);
        let g = &of_kind(&r, ReportKind::DlvStack)[0].goroutines[0];
        let vars: usize = g
            .frames
            .iter()
            .map(|f| f.delve.as_ref().unwrap().variables.len())
            .sum();
        assert!(vars > 10, "{v}: -full variables");
        if let Some(t) = capture(&v, "stack-offsets") {
            let r = gostack::parse(&t);
            let g = &r[0].goroutines[0];
            assert!(g
                .frames
                .iter()
                .all(|f| f.delve.as_ref().unwrap().frame_offset.is_some()));
        }
        if let Some(t) = capture(&v, "stack-defer") {
            let r = gostack::parse(&t);
            let defers: Vec<_> = r[0].goroutines[0]
                .frames
                .iter()
                .flat_map(|f| f.delve.as_ref().unwrap().defers.iter())
                .collect();
            assert_eq!(defers.len(), 2, "{v}");
            assert!(defers
                .iter()
                .all(|d| d.call.is_some() && d.deferred_by.is_some()));
            assert_eq!(defers[0].index, 1);
        }
        if let Some(t) = capture(&v, "stack-a") {
            let r = gostack::parse(&t);
            assert!(!r[0].goroutines[0].ancestors.is_empty(), "{v}: ancestors");
        }
        if let Some(t) = capture(&v, "stack-mode-fromg") {
            let r = gostack::parse(&t);
            let frames = &r[0].goroutines[0].frames;
            assert!(
                frames.iter().any(|f| f.kind == FrameKind::Error),
                "{v}: an error frame"
            );
        }
        if let Some(t) = capture(&v, "stack-0") {
            let r = gostack::parse(&t);
            let g = &r[0].goroutines[0];
            assert_eq!(g.frames.len(), 1);
            assert!(g.delve.as_ref().unwrap().truncated, "{v}: stack 0");
        }
        if let Some(t) = capture(&v, "names-stack") {
            let r = gostack::parse(&t);
            assert!(r.iter().any(|r| r.goroutines[0]
                .frames
                .iter()
                .any(|f| f.function.contains("go.shape.struct { "))));
        }
    }
}

#[test]
fn frames_locals_threads() {
    for (v, t) in captures("frame1") {
        let r = gostack::parse(&t);
        let r = of_kind(&r, ReportKind::DlvFrame)[0];
        let f = &r.goroutines[0].frames[0];
        assert_eq!(f.delve.as_ref().unwrap().index, Some(1), "{v}");
        assert!(r.delve.as_ref().unwrap().stop.is_some(), "{v}: stop line");
        if let Some(t) = capture(&v, "frame1-locals-v") {
            let r = gostack::parse(&t);
            let vars = &of_kind(&r, ReportKind::DlvVariables)[0]
                .delve
                .as_ref()
                .unwrap()
                .variables;
            let m = vars.iter().find(|x| x.name == "vMap").unwrap();
            assert!(m.value.contains('\n'), "{v}: multi-line value");
            assert!(m.value.ends_with(']'), "{v}: {}", m.value);
        }
        if let Some(t) = capture(&v, "threads") {
            let r = gostack::parse(&t);
            let r = of_kind(&r, ReportKind::DlvThreads)[0];
            let th = &r.delve.as_ref().unwrap().threads;
            assert!(th.len() > 2);
            assert_eq!(th.iter().filter(|t| t.current).count(), 1, "{v}");
        }
    }
}

#[test]
fn cores_and_connect() {
    for v in dlv_versions() {
        if let Some(t) = capture(&v, "core-stack") {
            let r = gostack::parse(&t);
            let g = &of_kind(&r, ReportKind::DlvStack)[0].goroutines[0];
            assert!(g.frames.iter().any(|f| f.function == "main.main"), "{v}");
        }
        if let Some(t) = capture(&v, "connect-goroutines") {
            let r = gostack::parse(&t);
            assert!(!of_kind(&r, ReportKind::DlvGoroutines)[0]
                .goroutines
                .is_empty());
        }
    }
}

#[test]
fn pipe_mode_prompts() {
    for (v, t) in captures("pipe-mode") {
        let r = gostack::parse(&t);
        let kinds: Vec<_> = r.iter().map(|r| r.kind).collect();
        assert!(kinds.contains(&ReportKind::DlvGoroutines), "{v}: {kinds:?}");
        assert!(kinds.contains(&ReportKind::DlvStack), "{v}: {kinds:?}");
        assert!(kinds.contains(&ReportKind::DlvThreads), "{v}: {kinds:?}");
    }
}

#[test]
fn unreadable_goroutines_and_unknown_frames() {
    // Spec §4.3 / §6.2 (no capture of a corrupted G): hand-written lines.
    let text = "  Goroutine (unreadable could not read G struct)\n* Goroutine 1 - User: ./main.go:3 main.bp (0x4b638a) (thread 7)\n  Goroutine 17 - Go: :0 ??? (0x0)\n[3 goroutines]\n";
    let r = gostack::parse(text);
    let gs = &r[0].goroutines;
    assert_eq!(gs.len(), 3);
    assert_eq!(gs[0].id, None);
    assert_eq!(
        gs[0].delve.as_ref().unwrap().unreadable.as_deref(),
        Some("could not read G struct")
    );
    assert_eq!(gs[2].frames[0].function, "???");
    assert_eq!(gs[2].frames[0].line, Some(0));
    let text = "0  0x0000000000000000 in ???\n   at ?:-1\n1  0x00000000004b640f in main.main\n   at ./main.go:4\n";
    let r = gostack::parse(text);
    let f = &r[0].goroutines[0].frames[0];
    assert_eq!(
        (&*f.function, f.file.as_deref(), f.line),
        ("???", Some("?"), None)
    );
}

// ---------------------------------------------------------------------------
// JSON-RPC
// ---------------------------------------------------------------------------

#[test]
fn json_rpc_responses() {
    let mut seen = 0;
    for v in dlv_versions() {
        let dir = dlv_root().join(&v).join("jsonrpc");
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".response.json") {
                continue;
            }
            let text = read(&p);
            let reports =
                gostack::parse_delve_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
            let res = &raw["result"];
            if let Some(gs) = res["Goroutines"].as_array() {
                seen += 1;
                assert_eq!(reports[0].kind, ReportKind::DlvGoroutines);
                assert_eq!(reports[0].goroutines.len(), gs.len(), "{name}");
                let groups = res["Groups"].as_array().map_or(0, Vec::len);
                assert_eq!(reports[0].delve.as_ref().unwrap().groups.len(), groups);
                for (g, j) in reports[0].goroutines.iter().zip(gs) {
                    if j["unreadable"].as_str().unwrap_or("").is_empty() {
                        assert_eq!(g.id, j["id"].as_u64(), "{name}");
                        assert_eq!(
                            g.frames[0].line,
                            j["userCurrentLoc"]["line"].as_u64().map(|l| l as u32)
                        );
                    }
                }
            } else if let Some(fs) = res["Locations"].as_array() {
                seen += 1;
                let g = &reports[0].goroutines[0];
                assert_eq!(g.frames.len(), fs.len(), "{name}");
                let last_bottom = fs.last().is_some_and(|f| f["Bottom"] == true);
                assert_eq!(
                    g.delve.as_ref().is_some_and(|d| d.truncated),
                    !last_bottom && !fs.is_empty(),
                    "{name}"
                );
            } else if res["Ancestors"].is_array() {
                seen += 1;
                assert!(!reports[0].goroutines[0].ancestors.is_empty(), "{name}");
            } else if res.is_null() {
                assert!(reports.is_empty(), "{name}: an error response");
            }
        }
    }
    assert!(seen >= 6, "only {seen} JSON-RPC responses checked");
}

/// Rendering each Delve report back in Delve's format yields every line of
/// the capture it spans that carries data (goroutine, frame, `at`, labels,
/// variables, defers, offsets, totals, threads…): nothing read was dropped.
#[test]
fn delve_reports_lose_no_line() {
    let data_line = Regex::new(
        r"^(?:[* ] ?Goroutine |Goroutine \d+:$|\d+  0x|at |Labels: |\S+ = |\(\S+\) = |\(no (locals|args)\)$|defer \d+: |deferred by |frame: |error: |\(truncated\)$|Total: |\[\d+ goroutines\]$|Too many groups$|Created by Goroutine |(Runtime|User|Go|Start): |[* ] Thread |Thread \d+ at |Frame \d+: |Switched from )",
    )
    .unwrap();
    let mut failures = Vec::new();
    for path in dlv_fixtures() {
        let name = path.to_string_lossy().into_owned();
        if !name.ends_with("__nocolor.txt") {
            continue;
        }
        let text = read(&path);
        let lines: Vec<String> = text.lines().map(clean).collect();
        for r in gostack::parse(&text) {
            let mut rendered = String::new();
            gostack::render::write_report(&mut rendered, &r).unwrap();
            let mut have = std::collections::HashMap::<String, usize>::new();
            for l in rendered.lines() {
                *have.entry(l.trim().to_string()).or_default() += 1;
            }
            let skipped: Vec<usize> = r.diagnostics.iter().map(|d| d.line).collect();
            // `-exec` output is kept verbatim; its lines are checked as such.
            for n in r.lines.start..=r.lines.end {
                let l = lines[n - 1].trim();
                if !data_line.is_match(l) || skipped.contains(&n) {
                    continue;
                }
                match have.get_mut(l) {
                    Some(c) if *c > 0 => *c -= 1,
                    _ => failures.push(format!("{name}:{n}: lost {l:?}")),
                }
            }
        }
    }
    common::assert_no_failures(&failures, "lines lost", 40);
}

/// CRLF line ends (a pty) give the same model; a capture cut after any line
/// parses without panicking and keeps every goroutine line before the cut.
#[test]
fn crlf_and_truncation() {
    let goroutine = Regex::new(r"^\t?[* ] Goroutine ").unwrap();
    for v in dlv_versions() {
        for case in [
            "goroutines-l-t",
            "goroutines-group-t",
            "stack-defer-full",
            "goroutine-switch",
            "pipe-mode",
        ] {
            let Some(text) = capture(&v, case) else {
                continue;
            };
            let crlf = text.replace('\n', "\r\n");
            let shape = |t: &str| {
                gostack::parse(t)
                    .iter()
                    .map(|r| {
                        let fs: Vec<String> = r
                            .goroutines
                            .iter()
                            .flat_map(|g| g.frames.iter())
                            .map(|f| format!("{}:{:?}:{:?}", f.function, f.file, f.line))
                            .collect();
                        format!("{} {:?} {}", r.kind, r.lines, fs.join(","))
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(shape(&text), shape(&crlf), "{v} {case}");
            // About 40 cuts per capture (every line of small ones).
            let n = text.lines().count();
            let mut end = 0;
            for (i, line) in text.split_inclusive('\n').enumerate() {
                end += line.len();
                if i % (n / 40).max(1) != 0 {
                    continue;
                }
                let cut = &text[..end];
                let want = cut
                    .lines()
                    .map(clean)
                    .filter(|l| goroutine.is_match(l))
                    .count();
                let got: usize = gostack::parse(cut)
                    .iter()
                    .filter(|r| r.kind == ReportKind::DlvGoroutines)
                    .map(|r| r.goroutines.len())
                    .sum();
                assert_eq!(got, want, "{v} {case} cut after byte {end}");
            }
        }
    }
}

/// `x = 5` is Delve's `locals` output only after a Delve prompt or stop:
/// ordinary text (the start of a log, a syscall trace) is not a report.
#[test]
fn assignments_without_a_delve_context_are_text() {
    for text in [
        "x = 5\n",
        "r9 = getuid()\n",
        "a = 1\nb = 2\nc = 3\n",
        "i = 0\nj = (*int)(0xc000012345)\n",
        "starting\nx = 5\n",
    ] {
        assert!(gostack::parse(text).is_empty(), "{text:?}");
    }
    // After a prompt they are.
    let r = gostack::parse("(dlv) locals\nx = 5\ny = \"s\"\n");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, gostack::ReportKind::DlvVariables);
    assert_eq!(r[0].delve.as_ref().unwrap().variables.len(), 2);
}

/// A Delve listing cut inside a goroutine line (a log truncated, a paste
/// cut short) keeps that goroutine by its id, marked partial.
#[test]
fn listing_cut_inside_a_goroutine_line() {
    let text = common::fixture("dlv/1.27/goroutines__nocolor.txt");
    let whole = gostack::parse(&text);
    let listing = whole
        .iter()
        .find(|r| r.kind == gostack::ReportKind::DlvGoroutines)
        .unwrap();
    let at = text.find("  Goroutine 3 - User: ").unwrap();
    for cut in [
        at + "  Goroutine 3".len(),
        at + "  Goroutine 3 - User: /usr/local/go/src/runtime/pr".len(),
    ] {
        let got = gostack::parse(&text[..cut]);
        let r = got
            .iter()
            .find(|r| r.kind == gostack::ReportKind::DlvGoroutines)
            .unwrap();
        assert_eq!(r.goroutines.len(), 3, "cut at {cut}");
        assert_eq!(r.goroutines[..2], listing.goroutines[..2]);
        let g = &r.goroutines[2];
        assert_eq!(g.id, Some(3));
        assert!(g.partial);
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.kind() == gostack::ErrorKind::Truncated));
    }
}
