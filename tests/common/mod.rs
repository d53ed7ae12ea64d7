//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fmt::Write;
use std::path::{Path, PathBuf};

use gostack::{Frame, Goroutine, Report};

/// Every `*.txt` fixture with Go runtime output (Delve fixtures excluded).
pub fn go_fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut out = Vec::new();
    walk(&root.join("go"), &mut out);
    for e in std::fs::read_dir(root.join("seed")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Every `*.txt` fixture: Go runtime output, Delve captures, the seed.
pub fn all_fixtures() -> Vec<PathBuf> {
    let mut out = go_fixtures();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/dlv"),
        &mut out,
    );
    out.sort();
    out
}

/// The crashes through log transports (`testdata/transport/*.log`).
pub fn transport_fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/transport");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    walk_if(dir, out, &|p| p.extension().is_some_and(|x| x == "txt"));
}

/// The files under `dir` (recursively) that `keep` accepts.
fn walk_if(dir: &Path, out: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk_if(&p, out, keep);
        } else if keep(&p) {
            out.push(p);
        }
    }
}

/// Every fixture: Go (every version) and the seed, Delve captures and
/// JSON-RPC responses (`*.response.json`), logs through transports, JSON
/// log records and older releases' shapes.
#[allow(dead_code)]
pub fn every_fixture() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut out = all_fixtures();
    walk_if(&root.join("dlv"), &mut out, &|p| {
        p.to_string_lossy().ends_with(".response.json")
    });
    out.extend(transport_fixtures());
    for dir in ["old", "records"] {
        walk_if(&root.join(dir), &mut out, &|p| {
            p.extension().is_some_and(|x| x == "txt" || x == "log")
        });
    }
    out
}

/// Runs `cmd` (the `gostack` binary, set up) to its end, expecting exit
/// status 0; `what` names the run in the failure, with its standard error.
pub fn run_ok(cmd: &mut std::process::Command, what: &str) -> std::process::Output {
    let out = cmd.output().expect("run gostack");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `cmd` with `input` on its standard input (then closed), to its
/// end, its output captured.
pub fn with_stdin(cmd: &mut std::process::Command, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Written from a thread: a large input whose reports come out while it
    // is still being written would otherwise fill both pipes.
    let mut stdin = child.stdin.take().expect("piped");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer").expect("write the input");
    out
}

/// Fails with how many `failures` there are (`what` they are) and the
/// first `show` of them.
pub fn assert_no_failures(failures: &[String], what: &str, show: usize) {
    assert!(
        failures.is_empty(),
        "{} {what}:\n{}",
        failures.len(),
        failures[..failures.len().min(show)].join("\n")
    );
}

/// A fixture by its path under `testdata/`.
pub fn fixture(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(rel);
    let b = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    String::from_utf8_lossy(&b).into_owned()
}

/// The Go versions that have fixtures (`1.19`, `1.21`, …).
pub fn versions() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/go");
    // Directories still being generated (fewer than 100 runs) are skipped.
    let mut v: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| std::fs::read_dir(p).map_or(0, |d| d.count()) >= 200)
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        v.len() >= 3,
        "fixtures for at least three Go versions: {v:?}"
    );
    v.sort_by_key(|s| {
        s.split('.')
            .map(|x| x.parse::<u32>().unwrap_or(0))
            .collect::<Vec<_>>()
    });
    v
}

/// `(major, minor)` of a version directory name.
pub fn minor(v: &str) -> u32 {
    v.split('.').nth(1).unwrap().parse().unwrap()
}

fn variables(out: &mut String, indent: &str, vars: &[gostack::Variable<'_>]) {
    for v in vars {
        let shadow = if v.shadowed { "shadowed " } else { "" };
        let _ = writeln!(out, "{indent}var {shadow}{} = {:?}", v.name, v.value);
    }
}

fn frame_line(out: &mut String, f: &Frame<'_>) {
    let _ = write!(out, "{}", f.function);
    if let Some(a) = &f.args {
        let _ = write!(out, "({a})");
    }
    if let (Some(file), Some(line)) = (&f.file, f.line) {
        let _ = write!(out, " @ {file}:{line}");
    }
    if let Some(o) = f.offset {
        let _ = write!(out, " +{o:#x}");
    }
    if let Some(pc) = f.pc {
        let _ = write!(out, " pc={pc}");
    }
    if let Some(sp) = f.sp {
        let _ = write!(out, " sp={sp}");
    }
    if let Some(fp) = f.fp {
        let _ = write!(out, " fp={fp}");
    }
    if f.kind != gostack::FrameKind::Go {
        let _ = write!(out, " [{:?}]", f.kind);
    }
    if let Some(d) = &f.delve {
        if let Some(i) = d.index {
            let _ = write!(out, " #{i}");
        }
        if let (Some(a), Some(b)) = (d.frame_offset, d.frame_pointer_offset) {
            let _ = write!(out, " offsets={a},{b}");
        }
        if let Some(e) = &d.error {
            let _ = write!(out, " error={e:?}");
        }
    }
    out.push('\n');
    if let Some(d) = &f.delve {
        variables(out, "        ", &d.variables);
        for x in &d.no_variables {
            let _ = writeln!(out, "        (no {x})");
        }
        for df in &d.defers {
            let _ = write!(out, "        defer {}: ", df.index);
            match (&df.call, &df.unreadable) {
                (Some(c), _) => frame_line(out, c),
                (None, Some(u)) => {
                    let _ = writeln!(out, "unreadable {u:?}");
                }
                _ => out.push('\n'),
            }
            if let Some(b) = &df.deferred_by {
                out.push_str("          deferred by ");
                frame_line(out, b);
            }
        }
    }
}

fn goroutine_outline(out: &mut String, g: &Goroutine<'_>) {
    let _ = write!(
        out,
        "  goroutine {:?} [{}]",
        g.id,
        g.state.as_deref().unwrap_or("")
    );
    if let Some(m) = g.wait_minutes {
        let _ = write!(out, " wait={m}m");
    }
    if g.locked_to_thread {
        out.push_str(" locked");
    }
    if let Some(gp) = g.gp {
        let _ = write!(out, " gp={gp} m={:?} mp={:?}", g.m, g.mp);
    }
    if let Some(s) = g.synctest {
        let _ = write!(out, " {s:?}");
    }
    if !g.labels.is_empty() {
        out.push_str(" labels{");
        for l in g.labels.iter() {
            let _ = write!(out, "{:?}={:?} ", l.key, l.value);
        }
        out.push('}');
    }
    if g.stack_unavailable {
        out.push_str(" stack-unavailable");
    }
    if g.partial {
        out.push_str(" PARTIAL");
    }
    if let Some(c) = g.count {
        let _ = write!(out, " count={c}");
    }
    if let Some(d) = &g.delve {
        if d.current {
            out.push_str(" current");
        }
        if let Some(t) = d.thread {
            let _ = write!(out, " thread={t}");
        }
        if let Some(s) = d.wait_since {
            let _ = write!(out, " since={s}");
        }
        if let Some(u) = &d.unreadable {
            let _ = write!(out, " unreadable={u:?}");
        }
        if let Some(m) = d.more_labels {
            let _ = write!(out, " more_labels={m}");
        }
        if d.truncated {
            out.push_str(" truncated");
        }
        for l in &d.locations {
            let _ = write!(
                out,
                " {}={}:{:?}",
                l.kind.as_str(),
                l.frame.function,
                l.frame.line
            );
        }
    }
    let _ = writeln!(out, " lines {}-{}", g.lines.start, g.lines.end);
    for m in &g.runtime_messages {
        let _ = writeln!(out, "    | {m}");
    }
    if let Some(d) = &g.delve {
        for o in &d.output {
            let _ = writeln!(out, "    exec> {o}");
        }
    }
    for (i, f) in g.frames.iter().enumerate() {
        if let Some(e) = g.elision.filter(|e| e.at == i) {
            let _ = writeln!(out, "    ... elided {:?}", e.count);
        }
        out.push_str("    ");
        frame_line(out, f);
    }
    if let Some(e) = g.elision.filter(|e| e.at >= g.frames.len()) {
        let _ = writeln!(out, "    ... elided {:?}", e.count);
    }
    if let Some(c) = &g.created_by {
        let _ = write!(out, "    created by (parent {:?}) ", c.goroutine);
        frame_line(out, &c.frame);
    }
    for a in &g.ancestors {
        let _ = writeln!(
            out,
            "    ancestor {} (elided {})",
            a.goroutine, a.frames_elided
        );
        for f in &a.frames {
            out.push_str("      ");
            frame_line(out, f);
        }
        if let Some(c) = &a.created_by {
            out.push_str("      created by ");
            frame_line(out, &c.frame);
        }
    }
}

/// `s`, or its start and its size when it is too long to review.
fn elide(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 400;
    if s.len() <= MAX {
        return s.into();
    }
    let mut end = 160;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len()).into()
}

/// A compact, reviewable outline of parsed reports (used for snapshots).
pub fn outline(reports: &[Report<'_>]) -> String {
    let mut out = String::new();
    for (i, r) in reports.iter().enumerate() {
        let _ = writeln!(
            out,
            "report {} {} lines {}-{} goroutines={}",
            i + 1,
            r.kind,
            r.lines.start,
            r.lines.end,
            r.goroutines.len()
        );
        if let Some(s) = &r.source {
            let _ = writeln!(out, "  source {s:?}");
        }
        if let Some(c) = &r.log {
            let _ = write!(out, "  log {:?}", c.transport);
            if let Some(s) = &c.stream {
                let _ = write!(out, " stream={s}");
            }
            if let Some(t) = &c.time {
                let _ = write!(out, " time={t}");
            }
            if c.escaped {
                out.push_str(" escaped");
            }
            if let Some(f) = &c.trace_field {
                let _ = write!(out, " field={f}");
            }
            for f in &c.fields {
                let _ = write!(out, " {}={:?}", f.key, f.value);
            }
            out.push('\n');
        }
        if let Some(by) = &r.recovered_by {
            let _ = writeln!(
                out,
                "  recovered by {} location={:?} addr={:?} prefix={:?}",
                by.logger, by.location, by.remote_addr, by.prefix
            );
        }
        for m in &r.runtime_messages {
            let _ = writeln!(out, "  | {m}");
        }
        for p in &r.panics {
            let _ = write!(out, "  {:?} {:?}", p.kind, elide(&p.message));
            if p.is_recovered() {
                let _ = write!(out, " {:?}", p.recovered);
            }
            if p.nested {
                out.push_str(" nested");
            }
            if let (Some(t), Some(a)) = (&p.value_type, p.value_addr) {
                let _ = write!(out, " value=({t}){a}");
            }
            if let Some(s) = &p.signal {
                let _ = write!(
                    out,
                    " signal={}:{} code={} addr={} pc={}",
                    s.name, s.description, s.code, s.addr, s.pc
                );
            }
            if let Some(c) = &p.context {
                let _ = write!(out, " context={c:?}");
            }
            if !p.registers.is_empty() {
                let _ = write!(out, " registers={}", p.registers.len());
            }
            out.push('\n');
        }
        if let Some(rs) = &r.runtime_stack {
            let _ = writeln!(out, "  runtime stack:");
            for f in rs {
                out.push_str("    ");
                frame_line(&mut out, f);
            }
        }
        for g in &r.goroutines {
            goroutine_outline(&mut out, g);
        }
        if let Some(e) = &r.exit {
            let _ = writeln!(out, "  exit: {e}");
        }
        if let Some(p) = &r.profile {
            let _ = writeln!(out, "  profile {} total={}", p.name, p.total);
        }
        if let Some(race) = &r.race {
            for a in &race.accesses {
                let _ = writeln!(
                    out,
                    "  access {:?} previous={} addr={} main={} goroutine#{}",
                    a.kind, a.previous, a.addr, a.main_goroutine, a.goroutine
                );
            }
            for l in &race.locations {
                let _ = writeln!(out, "  location {:?} frames={}", l.text, l.frames.len());
            }
            for c in &race.created {
                let _ = writeln!(
                    out,
                    "  created goroutine {} finished={} frames={}",
                    c.goroutine,
                    c.finished,
                    c.frames.len()
                );
            }
            if let Some(n) = race.found {
                let _ = writeln!(out, "  found {n}");
            }
        }
        if let Some(t) = &r.test {
            for x in &t.running {
                let _ = writeln!(out, "  running test {} ({:?})", x.name, x.duration);
            }
            for x in &t.failed {
                let _ = writeln!(out, "  failed test {} ({:?})", x.name, x.duration);
            }
            if t.race_detected {
                out.push_str("  race detected in test\n");
            }
            if let Some(p) = &t.package {
                let _ = writeln!(out, "  package {} {} {:?}", p.status, p.path, p.time);
            }
        }
        if let Some(d) = &r.delve {
            if let Some(c) = &d.command {
                let _ = writeln!(out, "  command: {c}");
            }
            if let Some(s) = &d.stop {
                let _ = write!(
                    out,
                    "  stop {:?} goroutine={:?} optimized={} ",
                    s.breakpoint, s.goroutine, s.optimized
                );
                frame_line(&mut out, &s.frame);
            }
            if let Some(n) = d.listed {
                let _ = writeln!(out, "  listed {n}");
            }
            for g in &d.groups {
                let _ = writeln!(
                    out,
                    "  group {:?} total={} first={} listed={}",
                    g.name, g.total, g.first, g.listed
                );
            }
            if d.too_many_groups {
                out.push_str("  too many groups\n");
            }
            for t in &d.threads {
                let _ = write!(out, "  thread {:?} current={} ", t.id, t.current);
                match &t.location {
                    Some(f) => frame_line(&mut out, f),
                    None => out.push('\n'),
                }
            }
            if let Some(f) = d.switched_from {
                let _ = writeln!(out, "  switched from {f}");
            }
            variables(&mut out, "  ", &d.variables);
            for x in &d.no_variables {
                let _ = writeln!(out, "  (no {x})");
            }
        }
        for d in &r.diagnostics {
            let _ = writeln!(out, "  DIAGNOSTIC: {d}");
        }
    }
    out
}
