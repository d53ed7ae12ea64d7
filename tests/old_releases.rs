//! Shapes of Go and Delve releases older than the toolchains here
//! (`testdata/old/`, written from the documented formats; each file names
//! the release it imitates).

mod common;

use common::fixture;
use gostack::{AccessKind, Addr, ReportKind};

fn one(name: &str) -> gostack::Report<'static> {
    let text = fixture(&format!("old/{name}"));
    let reports = gostack::parse(&text);
    assert_eq!(reports.len(), 1, "{name}:\n{}", common::outline(&reports));
    let r = reports.into_iter().next().unwrap().into_owned();
    assert!(r.diagnostics.is_empty(), "{name}: {:?}", r.diagnostics);
    r
}

#[test]
fn go1_8_locations_with_fp_and_sp_but_no_pc() {
    let r = one("go1.8_panic_system_fp_sp.txt");
    assert_eq!(r.kind, ReportKind::Panic);
    let g = &r.goroutines[0];
    let names: Vec<&str> = g.frames.iter().map(|f| &*f.function).collect();
    assert_eq!(
        names,
        ["panic", "main.main", "runtime.main", "runtime.goexit"]
    );
    let main = &g.frames[1];
    assert_eq!(main.file.as_deref(), Some("/home/user/app/main.go"));
    assert_eq!(main.line, Some(12));
    assert_eq!(main.offset, Some(0x2e));
    assert_eq!(main.fp, Some(Addr(0xc420043f48)));
    assert_eq!(main.sp, Some(Addr(0xc420043e38)));
    assert_eq!(main.pc, None);
}

#[test]
fn go1_9_signal_context_without_sigcode() {
    let r = one("go1.9_sigquit_no_sigcode.txt");
    assert_eq!(r.kind, ReportKind::Signal);
    let c = r.panics[0].context.as_ref().expect("PC= line");
    assert_eq!(c.pc, Addr(0x45bd21));
    assert_eq!(c.m, Some(0));
    assert_eq!(c.sigcode, None);
    assert_eq!(r.goroutines.len(), 2);
    assert_eq!(r.goroutines[1].state.as_deref(), Some("select (no cases)"));
    assert_eq!(r.panics[0].registers.len(), 2);
}

#[test]
fn go1_3_c_runtime_frames_and_dot_closures() {
    let r = one("go1.3_panic_c_closure.txt");
    let g = &r.goroutines[0];
    assert_eq!(g.frames[0].function, "runtime.panic");
    assert_eq!(
        g.frames[0].file.as_deref(),
        Some("/usr/lib/go/src/pkg/runtime/panic.c")
    );
    assert_eq!(g.frames[1].function, "main.func·001");
    assert_eq!(g.created_by.as_ref().unwrap().frame.function, "main.main");
    let last = r.goroutines[1].frames.last().unwrap();
    assert_eq!((last.line, last.offset), (Some(1394), None));
}

#[test]
fn go1_2_race_accesses_without_an_address() {
    let r = one("go1.2_race_no_address.txt");
    assert_eq!(r.kind, ReportKind::Race);
    let race = r.race.as_ref().unwrap();
    assert_eq!(race.accesses.len(), 2);
    let (a, b) = (&race.accesses[0], &race.accesses[1]);
    assert_eq!(
        (a.kind, a.previous, a.addr),
        (AccessKind::Read, false, Addr(0))
    );
    assert_eq!((b.kind, b.previous), (AccessKind::Write, true));
    assert_eq!(r.goroutines[a.goroutine].id, Some(6));
    assert_eq!(
        r.goroutines[a.goroutine].frames[0].function,
        "main.func·001"
    );
    assert_eq!(race.found, Some(1));
}

#[test]
fn go1_16_argument_words() {
    let r = one("go1.16_args_words.txt");
    let f = &r.goroutines[0].frames[0];
    let words = f.arg_tokens().unwrap();
    assert_eq!(words.len(), 11);
    assert_eq!(words[10], gostack::Arg::Ellipsis);
    assert!(words[..10]
        .iter()
        .all(|w| matches!(w, gostack::Arg::Word { inexact: false, .. })));
}

#[test]
fn delve_wait_as_a_duration_and_the_grs_alias() {
    let r = one("delve1.1_grs_wait_duration.txt");
    assert_eq!(r.kind, ReportKind::DlvGoroutines);
    assert_eq!(r.goroutines.len(), 2);
    let g = &r.goroutines[0];
    assert_eq!(g.state.as_deref(), Some("select"));
    // 457422h31m13.3s
    assert_eq!(g.wait_minutes, Some(457_422 * 60 + 31));
    assert_eq!(r.goroutines[1].state.as_deref(), Some("force gc (idle)"));
    assert_eq!(r.delve.as_ref().unwrap().command.as_deref(), Some("grs"));
}
