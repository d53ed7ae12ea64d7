//! Targeted assertions: every shape of the model, checked on the real
//! fixture that shows it (testdata/go/<version>/…), so that a parser bug
//! in any of them fails a named test.

mod common;

use common::{fixture, minor, versions};
use gostack::{
    Addr, Arg, ErrorKind, FrameKind, PanicKind, ParseOptions, Recovered, Report, ReportKind,
    Synctest,
};

fn parse(rel: &str) -> Vec<Report<'static>> {
    let reports: Vec<_> = gostack::parse(&fixture(rel))
        .into_iter()
        .map(Report::into_owned)
        .collect();
    assert!(!reports.is_empty(), "{rel}: no report");
    reports
}

fn one(rel: &str) -> Report<'static> {
    let mut r = parse(rel);
    assert_eq!(r.len(), 1, "{rel}: {} reports", r.len());
    r.remove(0)
}

/// Every Go version with fixtures, newest last.
fn each_version(mut f: impl FnMut(&str, u32)) {
    for v in versions() {
        let m = minor(&v);
        f(&v, m);
    }
}

// ---------------------------------------------------------------------------
// Report kinds and what surrounds them
// ---------------------------------------------------------------------------

#[test]
fn report_kinds() {
    each_version(|v, _| {
        assert_eq!(
            one(&format!("go/{v}/panic_index.txt")).kind,
            ReportKind::Panic
        );
        assert_eq!(
            one(&format!("go/{v}/fatal_deadlock_chan.txt")).kind,
            ReportKind::Fatal
        );
        assert_eq!(
            one(&format!("go/{v}/states_sigquit.txt")).kind,
            ReportKind::Signal
        );
        assert_eq!(
            one(&format!("go/{v}/api_stack_all.txt")).kind,
            ReportKind::Dump
        );
        assert_eq!(
            one(&format!("go/{v}/api_pprof2.txt")).kind,
            ReportKind::Dump
        );
    });
}

#[test]
fn text_before_and_after_reports_is_skipped() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/panic_log_around.txt"));
        // "WARN about to fail: panic: …" is a log line, not a report.
        assert_eq!(r.panics.len(), 1);
        assert_eq!(r.panics[0].message, "crash after some log output");
        assert_eq!(r.lines.start, 4);
    });
}

#[test]
fn go_run_exit_trailer() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/gorun_panic.txt"));
        assert_eq!(r.exit.as_deref(), Some("exit status 2"));
        let r = one(&format!("go/{v}/gorun_panic_crash.txt"));
        assert!(
            r.exit.as_deref().unwrap().starts_with("signal: aborted"),
            "{v}"
        );
    });
}

#[test]
fn two_reports_back_to_back() {
    each_version(|v, _| {
        let text = fixture(&format!("go/{v}/double_panic_all.txt"));
        let reports = gostack::parse(&text);
        let panics = text.lines().filter(|l| l.starts_with("panic: ")).count();
        assert_eq!(reports.len(), panics, "{v}");
        if panics == 2 {
            assert_ne!(reports[0].panics[0].message, reports[1].panics[0].message);
            assert_eq!(reports[1].goroutines.len(), 1);
            assert_eq!(reports[0].lines.end + 1, reports[1].lines.start);
        }
    });
}

// ---------------------------------------------------------------------------
// Crash headers (§3)
// ---------------------------------------------------------------------------

#[test]
fn panic_messages_and_runtime_errors() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/panic_index.txt"));
        let p = &r.panics[0];
        assert_eq!(p.kind, PanicKind::Panic);
        assert_eq!(
            p.message,
            "runtime error: index out of range [5] with length 0"
        );
        assert!(p.is_runtime_error() && !p.is_recovered() && !p.nested);
        assert_eq!(
            one(&format!("go/{v}/panic_string_empty.txt")).panics[0].message,
            ""
        );
    });
}

/// The same multi-line value reads the same whether printed raw (≤1.22) or
/// TAB-indented (1.23+), including the fake goroutine header inside it.
#[test]
fn multi_line_messages_are_joined() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/panic_string_multiline.txt"));
        assert_eq!(
            r.panics[0].message, "line one\nline two\ngoroutine 99 [running]:\nfake.frame()",
            "{v}"
        );
        assert_eq!(r.goroutines.len(), 1);
        assert_eq!(r.goroutines[0].id, Some(1));
        let r = one(&format!("go/{v}/panic_string_trailing_newline.txt"));
        assert_eq!(
            r.panics[0].message, "message with trailing newline\n",
            "{v}"
        );
        let r = one(&format!("go/{v}/panic_string_blank_line.txt"));
        assert!(
            r.panics[0].message.contains("\n\n"),
            "{v}: {:?}",
            r.panics[0].message
        );
    });
}

#[test]
fn nested_and_recovered_panics() {
    each_version(|v, m| {
        let r = one(&format!("go/{v}/panic_nested.txt"));
        assert_eq!(r.panics.len(), 2);
        assert!(!r.panics[0].nested && r.panics[1].nested);
        assert_eq!(r.panics[1].message, "second panic in defer");
        assert_eq!(r.crash().unwrap().message, "second panic in defer");

        let r = one(&format!("go/{v}/panic_recovered_repanic_same.txt"));
        if m >= 25 {
            assert_eq!(r.panics.len(), 1, "{v}");
            assert_eq!(r.panics[0].recovered, Recovered::Repanicked);
        } else {
            assert_eq!(r.panics.len(), 2, "{v}");
            assert_eq!(r.panics[0].recovered, Recovered::Recovered);
            assert_eq!(r.panics[1].message, "original panic value");
        }
        assert!(r.panics[0].is_recovered());
        assert_eq!(r.panics[0].message, "original panic value");
    });
}

#[test]
fn nil_panics_and_goexit_forms() {
    each_version(|v, m| {
        let p = one(&format!("go/{v}/panic_nil.txt")).panics[0].clone();
        assert!(p.is_nil_panic(), "{v}: {}", p.message);
        let want = match m {
            ..=20 => "nil",
            21..=26 => "panic called with nil argument",
            _ => "runtime error: panic called with nil argument",
        };
        assert_eq!(p.message, want);
        let r = one(&format!("go/{v}/fatal_main_goexit.txt"));
        assert_eq!(r.kind, ReportKind::Fatal);
        assert_eq!(
            r.panics[0].message,
            "no goroutines (main called runtime.Goexit) - deadlock!"
        );
        let r = one(&format!("go/{v}/panic_goexit_then_panic.txt"));
        assert_eq!(r.panics.len(), 1, "goexit panics print no line");
    });
}

#[test]
fn typed_values() {
    each_version(|v, _| {
        let p = &one(&format!("go/{v}/panic_struct.txt")).panics[0];
        assert_eq!(p.value_type.as_deref(), Some("main.Plain"));
        assert!(p.value_addr.is_some());
        let p = &one(&format!("go/{v}/panic_anon_struct.txt")).panics[0];
        assert_eq!(p.value_type.as_deref(), Some("struct { X int; Y int }"));
        let p = &one(&format!("go/{v}/panic_custom_string.txt")).panics[0];
        assert_eq!(p.message, "main.MyStr(\"custom string value\")");
        assert_eq!(p.value_type, None);
    });
}

#[test]
fn signal_detail_under_a_panic() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/panic_nilptr.txt"));
        let s = r.panics[0].signal.as_ref().expect("[signal …] line");
        assert_eq!(&*s.name, "SIGSEGV");
        assert_eq!(&*s.description, "segmentation violation");
        assert!(s.addr.0 < 0x1000, "{v}: nil dereference near 0");
        assert_eq!(s.code, Addr(1));
        assert!(s.pc.0 > 0);
        let r = one(&format!("go/{v}/panic_fault_addr.txt"));
        assert_eq!(r.kind, ReportKind::Fatal);
        assert_eq!(r.panics[0].message, "fault");
        assert!(r.runtime_messages[0].starts_with("unexpected fault address 0x"));
        assert!(r.panics[0].signal.is_some());
    });
}

#[test]
fn fatal_errors_with_runtime_lines_and_runtime_stack() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/fatal_stack_overflow.txt"));
        assert_eq!(r.kind, ReportKind::Fatal);
        assert_eq!(r.panics[0].message, "stack overflow");
        assert!(r.runtime_messages[0].starts_with("runtime: goroutine stack exceeds"));
        let rs = r.runtime_stack.as_ref().expect("runtime stack:");
        assert!(rs.iter().any(|f| f.function == "runtime.morestack"));
        assert!(rs
            .iter()
            .all(|f| f.pc.is_some() && f.fp.is_some() && f.sp.is_some()));
        let g = &r.goroutines[0];
        assert!(g.elision.is_some(), "{v}: deep recursion is elided");
        for (name, msg) in [
            (
                "fatal_deadlock_chan",
                "all goroutines are asleep - deadlock!",
            ),
            ("fatal_concurrent_map_writes", "concurrent map writes"),
            ("fatal_unlock_unlocked", "sync: unlock of unlocked mutex"),
        ] {
            let r = one(&format!("go/{v}/{name}.txt"));
            assert_eq!((r.kind, &*r.panics[0].message), (ReportKind::Fatal, msg));
        }
    });
}

#[test]
fn pending_panics_before_a_fatal_error() {
    each_version(|v, m| {
        let r = one(&format!("go/{v}/panic_fatal_during_panic.txt"));
        assert_eq!(r.kind, ReportKind::Fatal);
        let last = r.crash().unwrap();
        assert_eq!(last.kind, PanicKind::Fatal);
        assert_eq!(last.message, "sync: unlock of unlocked mutex");
        if m >= 26 {
            assert_eq!(r.panics[0].kind, PanicKind::Panic, "{v}");
            assert!(last.nested);
        } else {
            assert_eq!(r.panics.len(), 1, "{v}");
        }
    });
}

#[test]
fn signal_reports_and_register_dumps() {
    each_version(|v, m| {
        let r = one(&format!("go/{v}/states_sigquit.txt"));
        let p = &r.panics[0];
        assert_eq!((p.kind, &*p.message), (PanicKind::Signal, "SIGQUIT: quit"));
        let c = p.context.as_ref().unwrap();
        assert_eq!(c.sigcode, Some(0));
        assert_eq!(p.registers.len(), 21, "{v}: amd64 dumps 21 registers");
        assert_eq!(&*p.registers[16].name, "rip");
        if m >= 22 {
            let g = &r.goroutines[0];
            assert!(
                g.gp.is_some() && g.frames.iter().any(|f| f.pc.is_some()),
                "{v}"
            );
        }
        let r = one(&format!("go/{v}/cgo_ill.txt"));
        let c = r.panics[0].context.as_ref().unwrap();
        if m >= 21 {
            assert!(c.during_cgo);
            assert!(!c.instruction_bytes.is_empty());
        }
    });
}

#[test]
fn gotraceback_crash_per_m_dumps() {
    each_version(|v, _| {
        let text = fixture(&format!("go/{v}/states_sigquit_crash.txt"));
        let r = one(&format!("go/{v}/states_sigquit_crash.txt"));
        let parts = text.lines().filter(|l| *l == "SIGQUIT: quit").count();
        assert!(parts > 1, "{v}");
        assert_eq!(r.panics.len(), parts, "one signal header per M");
        assert!(r.panics.iter().all(|p| p.registers.len() == 21));
        let ms: Vec<u64> = r
            .panics
            .iter()
            .map(|p| p.context.as_ref().unwrap().m.unwrap())
            .collect();
        let mut dedup = ms.clone();
        dedup.dedup();
        assert_eq!(ms, dedup, "{v}: each M once");
    });
}

#[test]
fn gotraceback_levels() {
    each_version(|v, _| {
        let none = one(&format!("go/{v}/states_panic_none.txt"));
        assert_eq!((none.goroutines.len(), none.panics.len()), (0, 1));
        let single = one(&format!("go/{v}/states_panic_single.txt"));
        assert_eq!(single.goroutines.len(), 1);
        let all = one(&format!("go/{v}/states_panic_all.txt"));
        assert!(all.goroutines.len() > 10);
        assert!(all.goroutines.iter().all(|g| g.gp.is_none()));
        let system = one(&format!("go/{v}/states_panic_system.txt"));
        assert!(system.goroutines.len() > all.goroutines.len());
        assert!(system.goroutines[0].frames.iter().any(|f| f.pc.is_some()));
        assert!(system
            .goroutines
            .iter()
            .any(|g| g.frames.iter().any(|f| f.function == "runtime.gopark")));
    });
}

// ---------------------------------------------------------------------------
// Goroutine headers and blocks (§4)
// ---------------------------------------------------------------------------

#[test]
fn goroutine_states_and_locked_threads() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/states_panic_all.txt"));
        let states: Vec<&str> = r
            .goroutines
            .iter()
            .filter_map(|g| g.state.as_deref())
            .collect();
        for s in [
            "running",
            "chan receive",
            "chan send",
            "select",
            "select (no cases)",
            "sleep",
        ] {
            assert!(states.contains(&s), "{v}: no {s:?} in {states:?}");
        }
        assert!(r.goroutines.iter().any(|g| g.locked_to_thread), "{v}");
        let r = one(&format!("go/{v}/fatal_locked_thread_panic.txt"));
        assert!(r.goroutines[0].locked_to_thread);
        assert_eq!(r.goroutines[0].state.as_deref(), Some("running"));
    });
}

#[test]
fn gp_m_fields_since_go_1_22() {
    each_version(|v, m| {
        let r = one(&format!("go/{v}/states_panic_system.txt"));
        let g = &r.goroutines[0];
        if m >= 22 {
            assert!(g.gp.is_some(), "{v}");
            assert!(
                r.goroutines
                    .iter()
                    .any(|g| g.gp.is_some() && g.m.is_none() && g.mp.is_none()),
                "{v}: m=nil"
            );
            assert!(
                r.goroutines.iter().any(|g| g.m.is_some() && g.mp.is_some()),
                "{v}: m=N mp="
            );
        } else {
            assert!(r.goroutines.iter().all(|g| g.gp.is_none()));
        }
    });
}

#[test]
fn wait_minutes() {
    let mut seen = 0;
    each_version(|v, _| {
        // The long-wait run takes a minute per version; it exists where the
        // generator was asked for it.
        let path = format!(
            "{}/testdata/go/{v}/states_minutes.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        if !text.contains(" minutes") {
            return;
        }
        let r = one(&format!("go/{v}/states_minutes.txt"));
        let g = r
            .goroutines
            .iter()
            .find(|g| g.wait_minutes.is_some())
            .expect(v);
        assert_eq!(g.wait_minutes, Some(1));
        seen += 1;
    });
    assert!(seen >= 1, "a long-wait fixture");
}

#[test]
fn stack_unavailable() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/states_panic_all_asyncpreemptoff.txt"));
        let g = r.goroutines.iter().find(|g| g.stack_unavailable).expect(v);
        assert!(g.frames.is_empty());
        assert_eq!(g.state.as_deref(), Some("running"));
        assert!(g.created_by.is_some());
    });
}

#[test]
fn elision_markers() {
    each_version(|v, m| {
        let r = one(&format!("go/{v}/fatal_deep_panic_200_system.txt"));
        let g = &r.goroutines[0];
        let e = g.elision.expect(v);
        if m >= 21 {
            assert_eq!(g.frames.len(), 100, "{v}");
            assert_eq!(e.at, 50);
            assert!(e.count.unwrap() > 100);
        } else {
            assert_eq!((e.count, e.at), (None, g.frames.len()));
        }
        let r = one(&format!("go/{v}/fatal_deep_panic_99.txt"));
        assert!(r.goroutines[0].elision.is_none());
    });
}

#[test]
fn created_by_and_parent_ids() {
    each_version(|v, m| {
        let r = one(&format!("go/{v}/panic_goroutine.txt"));
        let g = &r.goroutines[0];
        let c = g.created_by.as_ref().unwrap();
        assert_eq!(c.frame.function, "main.run");
        assert!(c.frame.line.is_some() && c.frame.file.is_some());
        assert_eq!(g.parent_id(), if m >= 21 { Some(1) } else { None }, "{v}");
    });
}

#[test]
fn ancestors() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/fatal_ancestors.txt"));
        let g = &r.goroutines[0];
        assert!(g.ancestors.len() >= 2, "{v}");
        assert_eq!(g.ancestors.last().unwrap().goroutine, 1);
        for a in &g.ancestors {
            assert!(!a.frames.is_empty());
            assert!(
                a.frames.iter().all(|f| f.is_inlined()),
                "ancestor frames print (...)"
            );
        }
        assert!(g.ancestors[0]
            .created_by
            .as_ref()
            .unwrap()
            .goroutine
            .is_none());
    });
}

#[test]
fn partial_goroutines_from_truncated_buffers() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/api_stack_small.txt"));
        assert!(r.goroutines.last().unwrap().partial, "{v}");
        assert!(r.diagnostics.iter().all(|d| d.kind == ErrorKind::Truncated));
        let e = gostack::parse_with(
            &fixture(&format!("go/{v}/api_stack_small.txt")),
            ParseOptions::strict(),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Truncated);
    });
}

// ---------------------------------------------------------------------------
// Frames (§4.3–4.6)
// ---------------------------------------------------------------------------

#[test]
fn frames_split_and_inlined() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/args_default.txt"));
        let frames = &r.goroutines[0].frames;
        assert!(frames.iter().any(|f| f.is_inlined()), "{v}");
        let f = &frames[0];
        assert!(f.file.as_deref().unwrap().starts_with("/home/gopher/app/"));
        assert!(f.offset.is_some());
        let tokens: Vec<Arg> = frames
            .iter()
            .filter_map(|f| f.arg_tokens())
            .flatten()
            .collect();
        assert!(tokens.iter().any(|a| matches!(a, Arg::Aggregate(_))), "{v}");
        assert!(
            tokens
                .iter()
                .any(|a| matches!(a, Arg::Word { inexact: true, .. })),
            "{v}"
        );
        assert!(tokens.contains(&Arg::Ellipsis), "{v}");
        // Every printed list tokenises.
        for f in frames {
            assert!(f.arg_tokens().is_some(), "{v}: {:?}", f.args);
        }
    });
}

#[test]
fn function_names() {
    each_version(|v, m| {
        let r = one(&format!("go/{v}/funcnames_panic_system.txt"));
        let names: Vec<String> = r
            .goroutines
            .iter()
            .flat_map(|g| g.frames.iter().map(|f| f.function.to_string()))
            .collect();
        let funcs: Vec<_> = r
            .goroutines
            .iter()
            .flat_map(|g| g.frames.iter())
            .map(|f| f.func())
            .collect();
        assert!(
            funcs
                .iter()
                .any(|f| f.receiver.is_some_and(|r| r.starts_with('*'))),
            "{v}: pointer receiver"
        );
        assert!(funcs.iter().any(|f| f.is_closure()), "{v}: closure");
        assert!(
            funcs.iter().any(|f| f.is_generic()),
            "{v}: generics in {names:?}"
        );
        assert!(
            names.iter().any(|n| n.contains("%2e")),
            "{v}: escaped package path"
        );
        assert!(
            names.iter().any(|n| n.ends_with("-fm")),
            "{v}: method value"
        );
        if m >= 22 {
            assert!(
                names
                    .iter()
                    .any(|n| n.contains(".deferwrap") || n.contains(".gowrap")),
                "{v}"
            );
        }
        let pkg = funcs.iter().find(|f| f.package.contains("%2e")).unwrap();
        assert!(pkg.package.ends_with("pkg%2ev2"));
    });
}

#[test]
fn trimpath_and_autogenerated_locations() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/funcnames_trimpath.txt"));
        let files: Vec<&str> = r.goroutines[0]
            .frames
            .iter()
            .filter_map(|f| f.file.as_deref())
            .collect();
        assert!(
            files.iter().all(|f| !f.starts_with("/home/gopher")),
            "{v}: {files:?}"
        );
        let r = one(&format!("go/{v}/funcnames_panic_system.txt"));
        assert!(r
            .goroutines
            .iter()
            .flat_map(|g| &g.frames)
            .any(|f| f.file.as_deref() == Some("<autogenerated>") && f.line == Some(1)));
    });
}

#[test]
fn cgo_frames() {
    // Verified output quoted in the spec (§4.11, Go 1.27): symbolised C
    // frames and `non-Go function at pc=` lines.
    let text = "SIGSEGV: segmentation violation\nPC=0x49c481 m=0 sigcode=1 addr=0x0\nsignal arrived during cgo execution\n\n\
goroutine 1 gp=0x2eca82e981e0 m=0 mp=0x579340 [syscall]:\ninlined_c_func\n\tfake_c_file.c:11 pc=0x49c481\ncfuncA\n\tfake_c_file.c:12 pc=0x49c481\n\
cfuncB_nofile\n\tpc=0x49c5c1\nnon-Go function at pc=0x49c5c1\nruntime.cgocall(0x49c620, 0x2eca82ee3e78)\n\t/usr/local/go/src/runtime/cgocall.go:167 +0x4b fp=0x1 sp=0x2 pc=0x3\n";
    let r = &gostack::parse(text)[0];
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let f = &r.goroutines[0].frames;
    assert_eq!(f.len(), 5);
    assert_eq!(
        (f[0].kind, &*f[0].function, f[0].line),
        (FrameKind::C, "inlined_c_func", Some(11))
    );
    assert_eq!(
        (f[2].kind, f[2].file.as_deref(), f[2].pc),
        (FrameKind::C, None, Some(Addr(0x49c5c1)))
    );
    assert_eq!(f[3].kind, FrameKind::NonGo);
    assert_eq!(f[4].function, "runtime.cgocall");
    each_version(|v, _| {
        let r = one(&format!("go/{v}/cgo_callback_panic.txt"));
        assert!(
            r.goroutines[0]
                .frames
                .iter()
                .any(|f| f.function.contains("_Cfunc_")
                    || f.file.as_deref() == Some("_cgo_gotypes.go")),
            "{v}"
        );
    });
}

// ---------------------------------------------------------------------------
// Library dumps (§6)
// ---------------------------------------------------------------------------

#[test]
fn library_dump_apis() {
    each_version(|v, _| {
        let r = one(&format!("go/{v}/api_debugstack.txt"));
        assert_eq!(r.goroutines[0].frames[0].function, "runtime/debug.Stack");
        let r = one(&format!("go/{v}/api_printstack.txt"));
        assert_eq!(
            r.goroutines[0].frames[1].function,
            "runtime/debug.PrintStack"
        );
        assert_eq!(
            one(&format!("go/{v}/api_stack_single.txt"))
                .goroutines
                .len(),
            1
        );
        let all = one(&format!("go/{v}/api_stack_all.txt"));
        assert!(all.goroutines.len() > 1);
        assert_eq!(all.goroutines[0].state.as_deref(), Some("running"));
        let p = one(&format!("go/{v}/api_pprof2.txt"));
        assert!(p.goroutines[0]
            .frames
            .iter()
            .any(|f| f.function.starts_with("runtime/pprof.")));
    });
}

#[test]
fn labels_in_headers() {
    let mut seen = 0;
    each_version(|v, m| {
        let r = parse(&format!("go/{v}/api_labels_dump.txt"));
        let labelled: Vec<_> = r
            .iter()
            .flat_map(|r| &r.goroutines)
            .filter(|g| !g.labels.is_empty())
            .collect();
        if m >= 27 {
            assert!(
                !labelled.is_empty(),
                "{v}: Go 1.27 prints labels by default"
            );
            seen += 1;
        } else if m < 26 {
            assert!(labelled.is_empty());
        }
        for g in labelled {
            assert!(
                g.state.as_deref().is_some_and(|s| !s.contains("labels")),
                "{v}"
            );
        }
    });
    assert!(seen > 0 || !versions().iter().any(|v| minor(v) >= 27));
}

#[test]
fn synctest_and_leaks() {
    each_version(|v, m| {
        if m < 26 {
            return;
        }
        let r = parse(&format!("go/{v}/leak_pprof2.txt"));
        assert!(
            r.iter()
                .flat_map(|r| &r.goroutines)
                .any(|g| g.is_leaked() && g.wait_reason().is_some_and(|w| !w.contains("leaked"))),
            "{v}"
        );
        let r = parse(&format!("go/{v}/synctest_deadlock.txt"));
        let gs: Vec<_> = r.iter().flat_map(|r| &r.goroutines).collect();
        assert!(
            gs.iter()
                .any(|g| matches!(g.synctest, Some(Synctest::Bubble(_)))),
            "{v}"
        );
        assert!(gs.iter().any(|g| g.is_durable()), "{v}");
    });
}

// ---------------------------------------------------------------------------
// The seed article
// ---------------------------------------------------------------------------

#[test]
fn seed_outputs() {
    // debug.PrintStack from a recovered panic, TABs lost by the article.
    let r = one("seed/seed_recovered_debug_stack.txt");
    assert_eq!(r.kind, ReportKind::Dump);
    let g = &r.goroutines[0];
    assert_eq!(g.id, Some(7));
    assert_eq!(g.frames.len(), 10);
    assert_eq!(g.frames[3].function, "panic");
    assert_eq!(g.frames[4].function, "main.criticalOperation");
    assert_eq!(g.frames[4].line, Some(19));
    assert_eq!(g.parent_id(), Some(1));
    assert!(r.diagnostics.is_empty());
    // `go run` output: PrintStack, then an error message embedding debug.Stack.
    let r = parse("seed/seed_debugstack_go_run.txt");
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].goroutines[0].frames.len(), 5);
    assert_eq!(
        r[0].goroutines[0].frames[4].file.as_deref(),
        Some("ch28/debugstack/main.go")
    );
    assert_eq!(r[1].goroutines[0].frames.len(), 2);
    assert_eq!(r[1].goroutines[0].frames[1].line, Some(25));
}

/// `runtime: g 1: unexpected return pc` with both hexdump formats (spec
/// §4.13, verified output quoted there; the generator has no such run).
#[test]
fn unexpected_return_pc_and_hexdumps() {
    let new = "runtime: g 1: unexpected return pc for main.corrupt called from 0xdeadbeef
stack: frame={sp:0x2f7eefd76cd8, fp:0x2f7eefd76d20} stack=[0x2f7eefd76000,0x2f7eefd77000)
                   7 6 5 4  3 2 1 0   f e d c  b a 9 8  0123456789abcdef
00002f7eefd76bd0:                    000f0000 0059dce0          ..Y.....
00002f7eefd76be0: 00000000 00473980  00002f7e efd181e0  .9G.........~/..
                  ^ <runtime.(*_panic).nextFrame.func1+0x0>
00002f7eefd76cd0: 00000000 0049d24d  00000000 005634f0  M.I......4V.....
                  ^ <main.corrupt+0x6d>
                                     ^ SP
fatal error: unknown caller pc

runtime stack:
runtime.throw({0x4a07be?, 0x419445?})
\t/usr/local/go/src/runtime/panic.go:1243 +0x48 fp=0x7ffe82c90e68 sp=0x7ffe82c90e38 pc=0x479648

goroutine 1 gp=0x2f7eefd761e0 m=0 mp=0x57e260 [running]:
main.corrupt()
\t/home/gopher/app/fatals/main.go:80 +0x6d fp=0x2f7eefd76d20 sp=0x2f7eefd76cd8 pc=0x49d24d
runtime: g 1: unexpected return pc for main.corrupt called from 0xdeadbeef
stack: frame={sp:0x2f7eefd76cd8, fp:0x2f7eefd76d20} stack=[0x2f7eefd76000,0x2f7eefd77000)
0x000000c00008ac88:  0x0000000000435c00 <runtime.(*_panic).nextFrame.func1+0x0000000000000000>  0x000000c000002380 
0x000000c00008ad88: <0x000000000049f820  0x00000000004df398 
";
    let r = &gostack::parse(new)[0];
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.kind, ReportKind::Fatal);
    assert_eq!(r.panics[0].message, "unknown caller pc");
    assert_eq!(r.runtime_messages.len(), 9);
    assert!(r.runtime_messages[8].trim() == "^ SP");
    assert_eq!(r.runtime_stack.as_ref().unwrap().len(), 1);
    let g = &r.goroutines[0];
    assert_eq!(g.frames.len(), 1);
    assert_eq!(g.runtime_messages.len(), 4);
    assert!(g.runtime_messages[2].starts_with("0x000000c00008ac88:"));
}

/// Windows `winthrow` output (spec §3.5, from the runtime source): an
/// `Exception` line, `PC=` without `m=`/`sigcode=`, then the faulting
/// goroutine's frames without a header, other goroutines, registers.
#[test]
fn windows_exception_reports() {
    let text = "Exception 0xc0000005 0x0 0x0 0x7ff6c4e21e66
PC=0x7ff6c4e21e66
signal arrived during external code execution

main._Cfunc_crash()
\t_cgo_gotypes.go:61 +0x4d
main.main()
\tC:/Users/gopher/app/main.go:12 +0x17

goroutine 2 [force gc (idle)]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
\tC:/Program Files/Go/src/runtime/proc.go:402 +0xce
rax     0x0
rip     0x7ff6c4e21e66
";
    let r = &gostack::parse(text)[0];
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.kind, ReportKind::Signal);
    let c = r.panics[0].context.as_ref().unwrap();
    assert_eq!((c.m, c.during_cgo), (None, true));
    assert_eq!(r.goroutines.len(), 2);
    assert_eq!(r.goroutines[0].id, None);
    assert_eq!(
        r.goroutines[0].frames[1].file.as_deref(),
        Some("C:/Users/gopher/app/main.go")
    );
    assert_eq!(
        r.goroutines[1].frames[0].file.as_deref(),
        Some("C:/Program Files/Go/src/runtime/proc.go")
    );
    assert_eq!(r.panics[0].registers.len(), 2);
}

/// `go test` output: the test timeout's multi-line value reads the same in
/// every version that lists running tests, and test-framework lines around
/// a test panic are not part of the report.
#[test]
fn test_binaries() {
    each_version(|v, m| {
        let r = one(&format!("go/{v}/test_timeout.txt"));
        let want = if m >= 21 {
            "test timed out after 2s\nrunning tests:\n\tTestTimeout (2s)\n\tTestTimeout/waiting_subtest (2s)"
        } else {
            "test timed out after 2s"
        };
        assert_eq!(r.panics[0].message, want, "{v}");
        assert!(
            r.goroutines.len() >= 3,
            "{v}: GOTRACEBACK=all is set by testing"
        );
        assert_eq!(
            r.goroutines[0].frames[0].function,
            "testing.(*M).startAlarm.func1"
        );

        let r = one(&format!("go/{v}/test_panic.txt"));
        assert_eq!(
            r.lines.start, 4,
            "{v}: after === RUN, the t.Log line and --- FAIL"
        );
        assert_eq!(r.crash().unwrap().message, "assignment to entry in nil map");
        let g = &r.goroutines[0];
        assert!(g
            .frames
            .iter()
            .any(|f| f.function == "example.com/tests.helper" && f.is_inlined()));
        assert_eq!(
            g.created_by.as_ref().unwrap().frame.function,
            "testing.(*T).Run"
        );
    });
}
