//! Race reports, pprof `debug=1` profiles and `go test` output: targeted
//! assertions on the real captures of every Go version, plus the spec's
//! shapes that no real program printed.

mod common;

use common::{fixture, versions};
use gostack::{AccessKind, FrameKind, ReportKind};

#[test]
fn race_reports() {
    for v in versions() {
        let text = fixture(&format!("go/{v}/race_two_goroutines.txt"));
        let r = gostack::parse(&text);
        assert_eq!(r.len(), 1, "{v}");
        let r = &r[0];
        assert_eq!(r.kind, ReportKind::Race);
        let race = r.race.as_ref().unwrap();
        assert_eq!(race.accesses.len(), 2, "{v}");
        assert!(
            !race.accesses[0].previous && race.accesses[1].previous,
            "{v}"
        );
        assert!(race.accesses.iter().all(|a| !a.main_goroutine), "{v}");
        for a in &race.accesses {
            let g = &r.goroutines[a.goroutine];
            assert!(g.id.is_some() && !g.frames.is_empty(), "{v}");
            assert!(g
                .frames
                .iter()
                .all(|f| f.args.is_none() && f.offset.is_some()));
            assert!(g.created_by.is_some(), "{v}: creation stack as created_by");
        }
        assert_eq!(race.created.len(), 2, "{v}");
        assert!(race.created.iter().any(|c| c.finished), "{v}");
        assert!(race.created.iter().any(|c| !c.finished), "{v}");
        assert_eq!(race.found, Some(1), "{v}: Found 1 data race(s)");

        let text = fixture(&format!("go/{v}/race_basic.txt"));
        let r = gostack::parse(&text);
        let race = r[0].race.as_ref().unwrap();
        let main = race.accesses.iter().find(|a| a.main_goroutine).unwrap();
        assert_eq!(
            r[0].goroutines[main.goroutine].id,
            Some(1),
            "{v}: main goroutine is 1"
        );
        assert!(race.accesses.iter().any(|a| a.kind == AccessKind::Write));

        let text = fixture(&format!("go/{v}/race_multiple.txt"));
        let r = gostack::parse(&text);
        assert_eq!(r.len(), 3, "{v}: three reports");
        assert_eq!(r[2].race.as_ref().unwrap().found, Some(3), "{v}");

        let text = fixture(&format!("go/{v}/race_generic.txt"));
        let r = gostack::parse(&text);
        let funcs: Vec<_> = r
            .iter()
            .flat_map(|r| r.goroutines.iter())
            .flat_map(|g| g.frames.iter())
            .map(|f| f.function.to_string())
            .collect();
        assert!(
            funcs.iter().any(|f| f.starts_with("main.store[")),
            "{v}: {funcs:?}"
        );

        let text = fixture(&format!("go/{v}/race_then_panic.txt"));
        let r = gostack::parse(&text);
        let kinds: Vec<_> = r.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [ReportKind::Race, ReportKind::Panic], "{v}");

        let text = fixture(&format!("go/{v}/race_test.txt"));
        let r = gostack::parse(&text);
        let t = r.last().unwrap().test.as_ref().unwrap();
        assert!(t.race_detected, "{v}");
        assert_eq!(t.failed[0].name, "TestRace", "{v}");
    }
}

/// Location blocks and unrestorable stacks exist in the race runtime's
/// source but Go never printed them in our runs (spec §7): the grammar's text.
#[test]
fn race_locations_from_the_spec() {
    let text = "\
==================
WARNING: DATA RACE
Write at 0x00c000018128 by goroutine 7:
  main.writer()
      /app/race/main.go:16 +0x28

Previous read at 0x00c000018128 by main goroutine:
  [failed to restore the stack]

Location is heap block of size 8 at 0x00c000018128 allocated by main goroutine:
Heap block of size 8 at 0x00c000018128 allocated by main goroutine:
  main.main()
      /app/race/main.go:30 +0x44

Global var counter of size 8 at 0x0000005f1c40 declared at /app/race/main.go:9

Goroutine 7 (running) created at:
  main.main()
      /app/race/main.go:40 +0x8c4
==================
";
    let r = gostack::parse(text);
    assert_eq!(r.len(), 1);
    let race = r[0].race.as_ref().unwrap();
    assert_eq!(race.accesses.len(), 2);
    assert_eq!(race.accesses[1].kind, AccessKind::Read);
    assert!(r[0].goroutines[race.accesses[1].goroutine]
        .frames
        .is_empty());
    assert_eq!(race.locations.len(), 2);
    assert_eq!(race.locations[0].frames.len(), 1);
    assert!(race.locations[1].text.starts_with("Global var counter"));
    assert_eq!(r[0].diagnostics.len(), 1, "the unknown `Location is` line");
}

#[test]
fn pprof_debug1() {
    for v in versions() {
        let text = fixture(&format!("go/{v}/api_pprof1_labels.txt"));
        let r = gostack::parse(&text);
        let r = r
            .iter()
            .find(|r| r.kind == ReportKind::PprofDebug1)
            .unwrap();
        let p = r.profile.as_ref().unwrap();
        assert_eq!(p.name, "goroutine");
        let total: u64 = r.goroutines.iter().map(|g| g.count.unwrap()).sum();
        assert_eq!(total, p.total, "{v}: record counts add up to the total");
        let labelled = r
            .goroutines
            .iter()
            .find(|g| g.labels.get("user id").is_some())
            .unwrap_or_else(|| panic!("{v}: no labelled record"));
        assert_eq!(labelled.labels.get("user id"), Some("alice \"A\""));
        assert!(r.goroutines.iter().all(|g| g.id.is_none()));
        for g in &r.goroutines {
            for f in &g.frames {
                assert!(f.pc.is_some());
                if f.kind == FrameKind::Go {
                    assert!(f.offset.is_some() && f.line.is_some(), "{v}: {f:?}");
                }
            }
        }
        let text = fixture(&format!("go/{v}/api_threadcreate1.txt"));
        let r = gostack::parse(&text);
        assert_eq!(r[0].profile.as_ref().unwrap().name, "threadcreate");
    }
}

#[test]
fn go_test_output() {
    for v in versions() {
        let text = fixture(&format!("go/{v}/gotest_timeout.txt"));
        let r = gostack::parse(&text);
        assert_eq!(r[0].kind, ReportKind::TestTimeout, "{v}");
        let t = r[0].test.as_ref().unwrap();
        let pkg = t.package.as_ref().unwrap();
        assert_eq!((&*pkg.status, &*pkg.path), ("FAIL", "example.com/tests"));
        if common::minor(&v) >= 21 {
            let names: Vec<_> = t.running.iter().map(|x| x.name.to_string()).collect();
            assert_eq!(names, ["TestTimeout", "TestTimeout/waiting_subtest"], "{v}");
            assert_eq!(t.running[0].duration.as_deref(), Some("2s"));
        }
        let text = fixture(&format!("go/{v}/gotest_panic.txt"));
        let r = gostack::parse(&text);
        assert_eq!(r[0].kind, ReportKind::Panic);
        let t = r[0].test.as_ref().unwrap();
        assert_eq!(t.failed[0].name, "TestPanic", "{v}");
        assert_eq!(t.package.as_ref().unwrap().path, "example.com/tests");
        let text = fixture(&format!("go/{v}/gotest_panic_local.txt"));
        let r = gostack::parse(&text);
        assert_eq!(r[0].exit.as_deref(), Some("exit status 2"), "{v}");
        assert!(r[0].test.as_ref().unwrap().package.is_some(), "{v}");
        let text = fixture(&format!("go/{v}/test_panic_subtest.txt"));
        let r = gostack::parse(&text);
        let failed: Vec<_> = r[0]
            .test
            .as_ref()
            .unwrap()
            .failed
            .iter()
            .map(|x| x.name.to_string())
            .collect();
        assert!(
            failed.contains(&"TestPanicSubtest/sub/one".to_string()),
            "{v}"
        );
    }
}

/// One entry point finds every kind in one log, each labelled.
#[test]
fn mixed_text_is_detected() {
    let v = "1.27";
    let mut text = String::from("starting service\n");
    for f in [
        format!("go/{v}/race_basic.txt"),
        format!("go/{v}/api_pprof1_labels.txt"),
        "seed/dlv/goroutines.txt".to_string(),
        format!("go/{v}/gotest_timeout.txt"),
        "dlv/1.27/stack__nocolor.txt".to_string(),
        format!("go/{v}/panic_nilptr.txt"),
    ] {
        text.push_str(&fixture(&f));
        text.push_str("some log line\n\n");
    }
    let r = gostack::parse(&text);
    let kinds: Vec<_> = r.iter().map(|r| r.kind).collect();
    for k in [
        ReportKind::Race,
        ReportKind::PprofDebug1,
        ReportKind::DlvGoroutines,
        ReportKind::TestTimeout,
        ReportKind::DlvStack,
        ReportKind::Panic,
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
}
