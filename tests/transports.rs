//! Crashes as they arrive through real log transports (`testdata/transport/`,
//! written by `testdata/gen/transports.sh`): Docker's json-file driver, CRI
//! files, docker compose, `kubectl logs --prefix`, journald, stern, JSON log
//! records carrying a stack, and net/http's recovered panics.
//!
//! The expected reports are computed independently of gostack's transport
//! code: the test decodes each format itself (serde_json, regex), parses the
//! plain text of each source, and requires the framed input to give exactly
//! those reports, each under its source — none lost, duplicated or merged.

mod common;

use std::collections::BTreeMap;

use common::fixture;
use gostack::{Report, ReportKind, Transport};
use regex::Regex;

fn parse_fixture(name: &str) -> Vec<Report<'static>> {
    let text = fixture(&format!("transport/{name}"));
    gostack::parse(&text)
        .into_iter()
        .map(Report::into_owned)
        .collect()
}

/// The records of a Docker json-file log, decoded with serde_json.
fn docker_records(name: &str) -> Vec<(String, String, String)> {
    fixture(&format!("transport/{name}"))
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_owned();
            (s("log"), s("stream"), s("time"))
        })
        .collect()
}

/// The text of one stream of a Docker json-file log.
fn docker_stream(name: &str, stream: &str) -> String {
    docker_records(name)
        .into_iter()
        .filter(|(_, s, _)| s == stream)
        .map(|(l, _, _)| l)
        .collect()
}

/// A report without what the transport added (to compare with the
/// report of the plain text).
fn plain(r: &Report<'_>) -> Report<'static> {
    let mut r = r.clone().into_owned();
    r.source = None;
    r.log = None;
    r
}

fn plain_all(reports: &[Report<'_>]) -> Vec<Report<'static>> {
    reports.iter().map(plain).collect()
}

#[test]
fn docker_json_file_is_decoded_per_stream() {
    let got = parse_fixture("docker_api.log");
    let stderr = docker_stream("docker_api.log", "stderr");
    let want = gostack::parse(&stderr);
    assert_eq!(got.len(), 3, "two recovered panics and the crash");
    assert_eq!(plain_all(&got), plain_all(&want));
    // Stream and the time of the report's first line, as Docker wrote it.
    let records = docker_records("docker_api.log");
    let stderr_times: Vec<&str> = records
        .iter()
        .filter(|(_, s, _)| s == "stderr")
        .map(|(_, _, t)| t.as_str())
        .collect();
    for r in &got {
        let log = r.log.as_deref().expect("transport context");
        assert_eq!(log.transport, Some(Transport::DockerJson));
        assert_eq!(log.stream.as_deref(), Some("stderr"));
        assert_eq!(
            log.time.as_deref(),
            Some(stderr_times[r.lines.start - 1]),
            "time of line {}",
            r.lines.start
        );
    }
    let crash = &got[2];
    assert_eq!(crash.kind, ReportKind::Panic);
    assert_eq!(crash.panics[0].message, "assignment to entry in nil map");
    assert!(crash.goroutines.len() >= 2, "GOTRACEBACK=all");
}

#[test]
fn net_http_recovered_panics() {
    let got = parse_fixture("docker_api.log");
    let addr = Regex::new(r"^127\.0\.0\.1:\d+$").unwrap();
    let stamp = Regex::new(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d $").unwrap();
    for r in &got[..2] {
        assert_eq!(r.kind, ReportKind::RecoveredPanic);
        assert_eq!(r.panics.len(), 1);
        assert_eq!(r.panics[0].message, "assignment to entry in nil map");
        assert_eq!(r.panics[0].line, r.lines.start);
        let by = r.recovered_by.as_deref().expect("who recovered it");
        assert_eq!(by.logger, "http");
        assert!(addr.is_match(by.remote_addr.as_deref().unwrap()), "{by:?}");
        assert!(stamp.is_match(by.prefix.as_deref().unwrap()), "{by:?}");
        let g = r.crashing_goroutine().expect("the handler's goroutine");
        assert_eq!(g.frames[0].function, "net/http.(*conn).serve.func1");
        assert!(g.frames.iter().any(|f| f.function == "main.(*Order).total"));
        assert_eq!(
            g.created_by.as_ref().map(|c| &*c.frame.function),
            Some("net/http.(*Server).Serve")
        );
    }
    // The line before the stack is the `panic serving` line; the report
    // starts there and its goroutine on the next line.
    assert_eq!(got[0].goroutines[0].lines.start, got[0].lines.start + 1);
    // A plain log (no transport) gives the same.
    let stderr = docker_stream("docker_api.log", "stderr");
    let plain_reports = gostack::parse(&stderr);
    assert_eq!(plain_reports[0].kind, ReportKind::RecoveredPanic);
    // Without the stack right after it, the line is only text.
    let text = "2026/12/02 17:39:56 http: panic serving 127.0.0.1:1: boom\nnext line\n";
    assert!(gostack::parse(text).is_empty());
}

/// The testing package recovers a fuzz target's panic while fuzzing and
/// logs it with `t.Errorf("panic: %s\n%s\n", err, debug.Stack())`, which
/// `go test` indents (real output of `go test -fuzz`, Go 1.24).
#[test]
fn fuzz_target_panic_logged_by_testing() {
    let text = fixture("go/1.24/gotest_fuzz_panic.txt");
    let got = gostack::parse(&text);
    assert_eq!(got.len(), 1, "{got:#?}");
    let r = &got[0];
    assert_eq!(r.kind, ReportKind::RecoveredPanic);
    assert_eq!(r.panics[0].message, r#"parse: input too long: "00000000""#);
    let line = text
        .lines()
        .position(|l| l.contains("testing.go:"))
        .unwrap()
        + 1;
    assert_eq!((r.lines.start, r.panics[0].line), (line, line));
    let by = r.recovered_by.as_deref().unwrap();
    assert_eq!(by.logger, "testing");
    assert!(
        Regex::new(r"^testing\.go:\d+$")
            .unwrap()
            .is_match(by.location.as_deref().unwrap()),
        "{by:?}"
    );
    // The indentation is `go test`'s, not a log prefix.
    assert_eq!(
        (by.prefix.as_deref(), by.remote_addr.as_deref()),
        (None, None)
    );
    let g = r.crashing_goroutine().unwrap();
    assert_eq!(g.frames[0].function, "runtime/debug.Stack");
    assert!(g
        .frames
        .iter()
        .any(|f| f.function == "example.com/tests.Parse"));
    // The `--- FAIL:` lines above it name the fuzz test.
    let t = r.test.as_ref().expect("test context");
    assert!(t.failed.iter().all(|t| t.name == "FuzzPanic") && !t.failed.is_empty());

    // A value of several lines: `t.Errorf` indents its further lines like
    // the stack; the indentation is not part of the value.
    let indent = " ".repeat(12);
    let multi = text.replacen(
        "\"00000000\"\n",
        &format!("\"00000000\"\n{indent}second line\n"),
        1,
    );
    let r = &gostack::parse(&multi)[0];
    assert_eq!(r.kind, ReportKind::RecoveredPanic);
    assert_eq!(
        r.panics[0].message,
        "parse: input too long: \"00000000\"\nsecond line"
    );
    // A test ended by runtime.Goexit: the testing package's own words,
    // without `panic: `.
    let goexit = Regex::new(r"panic: parse: .*")
        .unwrap()
        .replace(&text, "test executed panic(nil) or runtime.Goexit");
    let r = &gostack::parse(&goexit)[0];
    assert_eq!(r.kind, ReportKind::RecoveredPanic);
    assert_eq!(
        r.panics[0].message,
        "test executed panic(nil) or runtime.Goexit"
    );
    // Rendered back as the testing package printed it, read back the same.
    let mut back = String::new();
    gostack::render::write_report(&mut back, &got[0]).unwrap();
    assert!(back.starts_with("testing.go:"), "{back}");
    let again = &gostack::parse(&back)[0];
    assert_eq!(again.panics[0].message, got[0].panics[0].message);
    assert_eq!(again.recovered_by, got[0].recovered_by);
    // Another file's log line before a stack, or another message, is not
    // the form: the stack stays a plain dump.
    let form = Regex::new(r"testing\.go:\d+: panic: .*").unwrap();
    for other in [
        "mytesting.go:12: panic: x",
        "testing.go:12: boom",
        "testing.go:: panic: x",
    ] {
        let t = form.replace(&text, other);
        let r = &gostack::parse(&t)[0];
        assert_eq!(r.kind, ReportKind::Dump, "{other}");
        assert!(r.recovered_by.is_none());
    }
}

/// log/slog recovers a `LogValuer` whose `LogValue` panicked and logs, as
/// the attribute's value, `LogValue panicked` with five `called from` frames
/// (real output of slog's JSON and text handlers and of its default handler
/// through package log, Go 1.24).
#[test]
fn logvalue_panic_recovered_by_slog() {
    let text = fixture("records/slog_logvalue_panic.log");
    let got = gostack::parse(&text);
    assert_eq!(got.len(), 3, "{}", common::outline(&got));
    for (r, line) in got.iter().zip(2..) {
        assert_eq!(r.kind, ReportKind::RecoveredPanic);
        assert_eq!((r.lines.start, r.lines.end), (line, line));
        assert_eq!(r.panics[0].message, "LogValue panicked");
        assert_eq!(r.recovered_by.as_deref().unwrap().logger, "slog");
        let g = r.crashing_goroutine().unwrap();
        let funcs: Vec<&str> = g.frames.iter().map(|f| &*f.function).collect();
        assert_eq!(
            funcs,
            [
                "runtime.panicmem",
                "runtime.sigpanic",
                "main.lazyOrder.LogValue",
                "log/slog.Value.Resolve",
                "log/slog.(*handleState).appendAttr"
            ]
        );
        assert!(g.frames[2]
            .file
            .as_deref()
            .unwrap()
            .ends_with("/services/main.go"));
        assert!(g.frames_elided(), "(rest of stack elided)");
        assert!(r.log.as_ref().unwrap().escaped);
        // Written back as slog's text handler prints the attribute, read
        // back the same.
        let mut back = String::new();
        gostack::render::write_report(&mut back, r).unwrap();
        let again = &gostack::parse(&back)[0];
        assert_eq!(again.goroutines[0].frames, g.frames);
        assert_eq!(again.goroutines[0].elision, g.elision);
    }
    // The JSON record's other members are kept, the attribute named.
    let c = got[0].log.as_deref().unwrap();
    assert_eq!(c.trace_field.as_deref(), Some("order"));
    assert!(c
        .fields
        .iter()
        .any(|f| f.key == "msg" && f.value == "order"));
    // The words alone, or frames in another form, are not the form.
    for other in [
        "msg=\"LogValue panicked\"\n",
        "v=\"LogValue panicked\\nat main.f (main.go:3)\\n\"\n",
        "v=\"LogValue panicked\\ncalled from main.f main.go:3\\n\"\n",
    ] {
        assert!(gostack::parse(other).is_empty(), "{other}");
    }
}

#[test]
fn recovered_panic_split_across_chunks() {
    // The `panic serving` line is consumed in one chunk, the stack starts
    // the next: the report is the same.
    let stderr = docker_stream("docker_api.log", "stderr");
    let whole = gostack::parse(&stderr);
    let at = stderr.find("goroutine ").unwrap();
    let mut got = Vec::new();
    let mut s = gostack::Scanner::new();
    s.feed(&stderr.as_bytes()[..at], |r| got.push(r.into_owned()));
    s.feed(&stderr.as_bytes()[at..], |r| got.push(r.into_owned()));
    s.finish(|r| got.push(r.into_owned()));
    assert_eq!(got, whole);
    assert_eq!(got[0].kind, ReportKind::RecoveredPanic);
}

#[test]
fn docker_splits_long_lines_and_they_are_joined() {
    let records = docker_records("docker_longline.log");
    let pieces = records
        .iter()
        .filter(|(l, _, _)| !l.ends_with('\n'))
        .count();
    assert!(pieces >= 2, "Docker split the 40,000-byte line");
    let got = parse_fixture("docker_longline.log");
    assert_eq!(got.len(), 1);
    let msg = &got[0].panics[0].message;
    assert_eq!(msg.len(), 40_000);
    assert_eq!(*msg, "0123456789".repeat(4000));
    assert_eq!(got[0].goroutines[0].frames[0].function, "main.main");
    // The same through CRI's P/F records.
    let cri = parse_fixture("cri_longline.log");
    assert_eq!(plain_all(&cri), plain_all(&got));
    assert_eq!(
        cri[0].log.as_deref().unwrap().transport,
        Some(Transport::Cri)
    );
}

#[test]
fn out_of_memory_keeps_its_runtime_line() {
    let got = parse_fixture("docker_oom.log");
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(r.kind, ReportKind::Fatal);
    assert_eq!(r.panics[0].message, "out of memory");
    let cannot =
        Regex::new(r"^runtime: out of memory: cannot allocate \d+-byte block \(\d+ in use\)$")
            .unwrap();
    assert!(
        cannot.is_match(&r.runtime_messages[0]),
        "{:?}",
        r.runtime_messages
    );
    assert_eq!(r.lines.start + 1, r.panics[0].line);
    let g = r.crashing_goroutine().unwrap();
    assert_eq!(g.frames[0].function, "runtime.throw");
    assert!(g.frames.iter().any(|f| f.function == "main.oom"));
}

#[test]
fn cri_files_match_docker() {
    for name in ["api", "slog"] {
        let cri = parse_fixture(&format!("cri_{name}.log"));
        let docker = parse_fixture(&format!("docker_{name}.log"));
        assert!(!cri.is_empty());
        assert_eq!(plain_all(&cri), plain_all(&docker), "{name}");
        for r in &cri {
            let log = r.log.as_deref().unwrap();
            assert_eq!(log.transport, Some(Transport::Cri));
            assert!(log.time.is_some());
        }
    }
}

#[test]
fn json_log_records_with_a_stack() {
    let got = parse_fixture("docker_slog.log");
    assert_eq!(got.len(), 3, "three records carry a stack");
    let stdout = docker_stream("docker_slog.log", "stdout");
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let with_stack: Vec<&serde_json::Value> = records
        .iter()
        .filter(|r| r.get("stack").is_some())
        .collect();
    assert_eq!(with_stack.len(), 2);
    for (r, rec) in got.iter().zip(with_stack) {
        assert_eq!(r.kind, ReportKind::Dump);
        // The stack field decoded and parsed as the dump it is.
        let stack = rec["stack"].as_str().unwrap();
        let want = gostack::parse(stack);
        assert_eq!(r.goroutines.len(), want[0].goroutines.len());
        for (a, b) in r.goroutines[0]
            .frames
            .iter()
            .zip(&want[0].goroutines[0].frames)
        {
            assert_eq!(a.function, b.function);
            assert_eq!(a.file, b.file);
            assert_eq!(a.line, b.line);
        }
        assert_eq!(r.goroutines[0].frames[0].function, "runtime/debug.Stack");
        // The record's other fields kept, strings decoded.
        let log = r.log.as_deref().unwrap();
        assert_eq!(log.trace_field.as_deref(), Some("stack"));
        assert_eq!(log.field("msg"), rec["msg"].as_str());
        assert_eq!(log.field("level"), Some("ERROR"));
        assert!(log.field("stack").is_none());
        // One record is one line.
        assert_eq!(r.lines.start, r.lines.end);
    }
    let log = got[1].log.as_deref().unwrap();
    assert_eq!(log.field("error"), Some("assignment to entry in nil map"));
    assert_eq!(got[0].log.as_deref().unwrap().field("order"), Some("42"));
    // A stack one level down, in a group: `"error":{"message":…,"stack":…}`.
    let nested = records
        .iter()
        .find(|r| r["error"].is_object())
        .expect("a record with an error group");
    let r = &got[2];
    let log = r.log.as_deref().unwrap();
    assert_eq!(log.trace_field.as_deref(), Some("error.stack"));
    assert_eq!(
        log.field("error.message"),
        nested["error"]["message"].as_str()
    );
    assert_eq!(log.field("msg"), Some("handler failed"));
    let want = gostack::parse(nested["error"]["stack"].as_str().unwrap());
    assert_eq!(r.goroutines[0].frames, want[0].goroutines[0].frames);
}

#[test]
fn zap_stacktrace_without_a_goroutine_header() {
    let text = fixture("records/zap_stacktrace.log");
    let got = gostack::parse(&text);
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(r.kind, ReportKind::Dump);
    assert_eq!(r.lines, gostack::LineSpan { start: 2, end: 2 });
    let g = &r.goroutines[0];
    assert_eq!(g.id, None);
    let frames: Vec<(&str, Option<&str>, Option<u32>)> = g
        .frames
        .iter()
        .map(|f| (&*f.function, f.file.as_deref(), f.line))
        .collect();
    assert_eq!(
        frames,
        [
            ("main.(*Server).handle", Some("/app/handler.go"), Some(42)),
            (
                "net/http.HandlerFunc.ServeHTTP",
                Some("/usr/local/go/src/net/http/server.go"),
                Some(2294)
            ),
            ("main.main", Some("/app/main.go"), Some(20)),
            (
                "runtime.main",
                Some("/usr/local/go/src/runtime/proc.go"),
                Some(283)
            ),
        ]
    );
    let log = r.log.as_deref().unwrap();
    assert!(log.escaped);
    assert_eq!(log.trace_field.as_deref(), Some("stacktrace"));
    assert_eq!(log.field("msg"), Some("request failed"));
    assert_eq!(log.field("error"), Some("boom"));
    assert_eq!(log.field("ts"), Some("1764676801.2"));
    // A string that merely looks like one frame pair is not a stack unless
    // zap's key holds it.
    assert!(gostack::parse("{\"msg\":\"a\\n\\tb:1\"}\n").is_empty());
}

#[test]
fn single_line_traces_with_escaped_newlines() {
    // logfmt: the quoted value holds the trace.
    let line = r#"time=2026-12-02T10:00:00Z level=error msg="panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x25\nexit status 2" service=api"#;
    let got = gostack::parse(line);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].kind, ReportKind::Panic);
    assert_eq!(got[0].panics[0].message, "boom");
    assert_eq!(
        got[0].goroutines[0].frames[0].file.as_deref(),
        Some("/app/main.go")
    );
    assert_eq!(got[0].exit.as_deref(), Some("exit status 2"));
    // A bare line.
    let bare = r"2026/12/02 10:00:00 worker died: goroutine 7 [running]:\nmain.work()\n\t/app/w.go:9 +0x1d";
    let got = gostack::parse(bare);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].goroutines[0].id, Some(7));
    // Escaped text that is not a trace stays text.
    assert!(gostack::parse(r#"{"msg":"goroutine 1 [running]: fine\nnothing here"}"#).is_empty());
}

/// Per-source plain text of an interleaved file, split by `re` (capture 1:
/// the source, capture 2: the text).
fn demux(name: &str, re: &Regex) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for line in fixture(&format!("transport/{name}")).lines() {
        if let Some(c) = re.captures(line) {
            let t = out.entry(c[1].to_owned()).or_default();
            t.push_str(c.get(2).map_or("", |m| m.as_str()));
            t.push('\n');
        }
    }
    out
}

/// The reports of an interleaved file are, source by source, exactly the
/// reports of that source's own lines.
fn check_interleaved(name: &str, re: &str, transport: Transport, sources: &[&str]) {
    let re = Regex::new(re).unwrap();
    let texts = demux(name, &re);
    assert_eq!(texts.keys().collect::<Vec<_>>(), sources, "{name}");
    let got = parse_fixture(name);
    let mut by_source: BTreeMap<String, Vec<Report<'static>>> = BTreeMap::new();
    for r in &got {
        let s = r.source.as_deref().expect("every report names its source");
        assert_eq!(r.log.as_deref().unwrap().transport, Some(transport));
        by_source.entry(s.to_owned()).or_default().push(plain(r));
    }
    let mut total = 0;
    for (source, text) in &texts {
        let want = plain_all(&gostack::parse(text));
        total += want.len();
        assert_eq!(
            by_source.get(source).cloned().unwrap_or_default(),
            want,
            "{name}: source {source}"
        );
    }
    assert_eq!(got.len(), total, "{name}: no report lost or duplicated");
    // Both services crashed: each source has its crash.
    for (source, reps) in &by_source {
        assert!(
            reps.iter().any(|r| r.kind == ReportKind::Panic),
            "{name}: {source} has no crash"
        );
    }
}

#[test]
fn interleaved_services_are_demultiplexed() {
    check_interleaved(
        "kubectl_prefix.log",
        r"^\[(pod/[^\]]+)\] ?(.*)$",
        Transport::Kubectl,
        &[
            "pod/api-7d9c5b6f4-x2x7q/api",
            "pod/worker-5c6b8d9f7-q8z4m/worker",
        ],
    );
    check_interleaved(
        "journald.log",
        r"^\w{3} [ \d]\d \d\d:\d\d:\d\d node-1 (\w+\[\d+\]): ?(.*)$",
        Transport::Journald,
        &["api[4242]", "worker[4243]"],
    );
    check_interleaved(
        "stern.log",
        r"^(\S+ \S+) ?(.*)$",
        Transport::Stern,
        &["api-7d9c5b6f4-x2x7q api", "worker-5c6b8d9f7-q8z4m worker"],
    );
    check_interleaved(
        "compose_v2_interleaved.log",
        r"^(\S+) +\| ?(.*)$",
        Transport::Compose,
        &["api-1", "worker-1"],
    );
    // Real docker-compose v1 output (`up` and `logs`).
    for name in ["compose_up.log", "compose_logs.log"] {
        check_interleaved(
            name,
            r"^(\w+_1) +\| ?(.*)$",
            Transport::Compose,
            &["api_1", "worker_1"],
        );
    }
}

#[test]
fn interleaving_the_same_two_crashes_line_by_line_changes_nothing() {
    // The api's reports are the same whether its lines come alone or
    // interleaved with the worker's.
    let api_alone = plain_all(&gostack::parse(&docker_stream("docker_api.log", "stderr")));
    let got = parse_fixture("kubectl_prefix.log");
    let api: Vec<_> = got
        .iter()
        .filter(|r| r.source.as_deref() == Some("pod/api-7d9c5b6f4-x2x7q/api"))
        .map(plain)
        .collect();
    assert_eq!(api, api_alone);
}

#[test]
fn plain_logs_stay_plain() {
    // Lines shaped like a compose prefix here and there do not turn a
    // plain log into a framed one (two lines in a row are needed), and a
    // real panic in it is found whole.
    let text = "GET | 200\nstarting\nstate | ok\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x25\n";
    let got = gostack::parse(text);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].lines.start, 4);
    assert!(got[0].log.is_none());
    assert!(got[0].source.is_none());
}

#[test]
fn recovered_panic_behind_a_timestamp_on_every_line() {
    // `kubectl logs --timestamps`: every line, the stack's included, starts
    // with the time; the `panic serving` line is found before the header,
    // and it is not taken for a journald line (no `IDENT[PID]:`).
    let text = "2026-01-01T00:00:00Z 2026/01/01 10:00:00 http: panic serving 1.2.3.4:5: boom\n\
                2026-01-01T00:00:00Z goroutine 7 [running]:\n\
                2026-01-01T00:00:00Z main.h()\n\
                2026-01-01T00:00:00Z \t/app/h.go:9 +0x1d\n\
                2026-01-01T00:00:00Z created by net/http.(*Server).Serve in goroutine 1\n\
                2026-01-01T00:00:00Z \t/usr/local/go/src/net/http/server.go:3454 +0x485\n";
    let got = gostack::parse(text);
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(r.kind, ReportKind::RecoveredPanic);
    assert_eq!(r.lines, gostack::LineSpan { start: 1, end: 6 });
    assert_eq!(r.panics[0].message, "boom");
    assert!(r.log.is_none() && r.source.is_none());
    let by = r.recovered_by.as_deref().unwrap();
    assert_eq!(by.remote_addr.as_deref(), Some("1.2.3.4:5"));
    assert_eq!(
        by.prefix.as_deref(),
        Some("2026-01-01T00:00:00Z 2026/01/01 10:00:00 ")
    );
    assert_eq!(r.goroutines[0].frames[0].function, "main.h");
}

/// A framed input's lines are slices of the chunk once it was checked as
/// text; invalid UTF-8 in one line (and a chunk that ends inside a
/// character) falls back to that line alone. Fed whole, byte by byte and
/// in odd pieces, the CRI and Docker fixtures with a damaged byte in a
/// log line read alike, and every crash is kept.
#[test]
fn invalid_utf8_in_a_framed_line_is_that_line_only() {
    for (name, marker) in [
        ("cri_api.log", "stderr F "),
        ("docker_api.log", "{\"log\":\""),
    ] {
        let text = fixture(&format!("transport/{name}"));
        let clean = parse_fixture(name);
        // A byte that is never valid UTF-8 at the start of an early log line,
        // and a two-byte character in the next one.
        let mut bytes = Vec::new();
        let mut damaged = 0;
        for line in text.split_inclusive('\n') {
            if damaged < 2 && line.contains(marker) && !line.contains("goroutine") {
                let at = line.find(marker).unwrap() + marker.len();
                bytes.extend_from_slice(&line.as_bytes()[..at]);
                bytes.extend_from_slice(if damaged == 0 {
                    b"\xff"
                } else {
                    "é".as_bytes()
                });
                bytes.extend_from_slice(&line.as_bytes()[at..]);
                damaged += 1;
            } else {
                bytes.extend_from_slice(line.as_bytes());
            }
        }
        assert_eq!(damaged, 2, "{name}");
        let feed = |pieces: &[&[u8]]| {
            let mut got = Vec::new();
            let mut s = gostack::Scanner::new();
            for p in pieces {
                s.feed(p, |r| got.push(r.into_owned()));
            }
            s.finish(|r| got.push(r.into_owned()));
            got
        };
        let whole = feed(&[&bytes]);
        assert_eq!(whole.len(), clean.len(), "{name}");
        for (w, c) in whole.iter().zip(&clean) {
            assert_eq!(
                (w.kind, w.goroutines.len()),
                (c.kind, c.goroutines.len()),
                "{name}"
            );
        }
        let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(feed(&bytewise), whole, "{name} byte by byte");
        let odd: Vec<&[u8]> = bytes.chunks(777).collect();
        assert_eq!(feed(&odd), whole, "{name} in pieces of 777 bytes");
    }
}
