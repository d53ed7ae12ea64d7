//! The exports (`--format otel|sentry|ecs`, `gostack::export`) read by the
//! backends' own types: every OTLP/JSON line deserialised as
//! opentelemetry-proto's `ExportLogsServiceRequest`, every Sentry event as
//! sentry-types' `Event`, and the mapped fields checked against the parsed
//! report — not only that the JSON parses.

mod common;

use std::path::PathBuf;
use std::process::Command;

use gostack::fingerprint::{report_fingerprint, stack_fingerprint, Level};
use gostack::{Report, ReportKind};
use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use sentry_types::protocol::v7 as sentry;
use serde_json::Value;

/// Every text fixture (the Delve JSON-RPC responses are read by
/// `parse_delve_json`, not `parse`).
fn sample() -> Vec<PathBuf> {
    common::every_fixture()
        .into_iter()
        .filter(|p| p.extension().is_none_or(|x| x != "json"))
        .collect()
}

/// The CLI's lines for `format` and the reports the library parses.
fn lines_and_reports(path: &PathBuf, format: &str) -> (Vec<String>, Vec<Report<'static>>) {
    let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["--format", format, "--all", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let reports: Vec<_> = gostack::parse(&text)
        .into_iter()
        .map(Report::into_owned)
        .collect();
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), reports.len(), "{}", path.display());
    (lines, reports)
}

fn top_user_frame(r: &Report<'_>) -> Option<gostack::Frame<'static>> {
    let g = r.crashing_goroutine().or(r.goroutines.first())?;
    gostack::group::user_frame(g).map(|f| f.clone().into_owned())
}

fn crashed(r: &Report<'_>) -> bool {
    matches!(
        r.kind,
        ReportKind::Panic | ReportKind::Fatal | ReportKind::Signal | ReportKind::TestTimeout
    )
}

#[test]
fn sentry_events_read_by_sentry_types() {
    let mut events = 0;
    for path in sample() {
        let (lines, reports) = lines_and_reports(&path, "sentry");
        let p = path.display();
        for (line, r) in lines.iter().zip(&reports) {
            let e: sentry::Event<'static> =
                serde_json::from_str(line).unwrap_or_else(|err| panic!("{p}: {err}\n{line}"));
            events += 1;
            assert_eq!(e.platform, "go", "{p}");
            let want_level = if crashed(r) {
                sentry::Level::Fatal
            } else if matches!(r.kind, ReportKind::RecoveredPanic | ReportKind::Race) {
                sentry::Level::Error
            } else {
                sentry::Level::Info
            };
            assert_eq!(e.level, want_level, "{p}");
            assert_eq!(
                e.fingerprint.as_ref(),
                [report_fingerprint(r, Level::Line).to_string()],
                "{p}"
            );
            assert_eq!(e.exception.values.len(), 1, "{p}");
            let x = &e.exception.values[0];
            assert_eq!(x.ty, gostack::export::exception_type(r), "{p}");
            assert_eq!(
                x.value.as_deref(),
                Some(gostack::export::exception_message(r).as_str()),
                "{p}"
            );
            if let Some(c) = r.crash() {
                assert_eq!(x.value.as_deref(), Some(&*c.message), "{p}");
            }
            let m = x.mechanism.as_ref().unwrap();
            assert_eq!(m.handled, Some(!crashed(r)), "{p}");
            // A signal: its name and Linux number.
            if let Some(s) = r.crash().and_then(|c| c.signal.as_ref()) {
                let sig = m.meta.signal.as_ref().expect("signal meta");
                assert_eq!(sig.name.as_deref(), Some(&*s.name), "{p}");
                if s.name == "SIGSEGV" {
                    assert_eq!(sig.number, 11, "{p}");
                }
            }
            // The stack: the main goroutine's frames, oldest first, the
            // function split into module + function.
            let g = r.crashing_goroutine().or(r.goroutines.first());
            match (g, &x.stacktrace) {
                (Some(g), Some(st)) => {
                    assert_eq!(st.frames.len(), g.frames.len(), "{p}");
                    for (sf, f) in st.frames.iter().rev().zip(&g.frames) {
                        let joined = match sf.module.as_deref() {
                            Some(m) => format!("{m}.{}", sf.function.as_deref().unwrap()),
                            None => sf.function.clone().unwrap(),
                        };
                        assert_eq!(joined, f.function, "{p}");
                        assert_eq!(sf.abs_path.as_deref(), f.file.as_deref(), "{p}");
                        assert_eq!(sf.lineno, f.line.map(u64::from), "{p}");
                        let pkg = f.func().package.to_owned();
                        let file = f.file.as_deref().unwrap_or("");
                        if pkg == "runtime" || pkg.starts_with("net/") || file.contains("/pkg/mod/")
                        {
                            assert_eq!(sf.in_app, Some(false), "{p}: {}", f.function);
                        }
                        if pkg == "main" {
                            assert_eq!(sf.in_app, Some(true), "{p}: {}", f.function);
                        }
                    }
                    assert_eq!(
                        x.thread_id.as_ref().map(|t| t.to_string()),
                        g.id.map(|i| i.to_string()),
                        "{p}"
                    );
                }
                (None, None) => {}
                (g, st) => panic!(
                    "{p}: goroutine {:?}, stacktrace {:?}",
                    g.is_some(),
                    st.is_some()
                ),
            }
            // Threads: the crashed goroutine first, flagged.
            if let Some(cg) = r.crashing_goroutine() {
                let t = &e.threads.values[0];
                assert!(t.crashed && t.current, "{p}");
                assert_eq!(
                    t.id.as_ref().map(|i| i.to_string()),
                    cg.id.map(|i| i.to_string()),
                    "{p}"
                );
                assert_eq!(
                    e.threads.values.iter().filter(|t| t.crashed).count(),
                    1,
                    "{p}"
                );
            }
            assert!(e.threads.values.len() <= gostack::export::MAX_THREADS + 1);
            // The transport's time when it printed one.
            if let Some(t) = r.log.as_ref().and_then(|c| c.time.as_deref()) {
                if t.ends_with('Z') {
                    let secs = e
                        .timestamp
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .as_secs();
                    assert!(secs > 1_700_000_000, "{p}: {secs}");
                }
            }
        }
    }
    assert!(events > 1800, "{events}");
}

fn attr<'a>(
    attrs: &'a [opentelemetry_proto::tonic::common::v1::KeyValue],
    key: &str,
) -> Option<&'a AnyValue> {
    attrs
        .iter()
        .find(|a| a.key == key)
        .and_then(|a| a.value.as_ref())
        .and_then(|v| v.value.as_ref())
}

fn s(v: Option<&AnyValue>) -> Option<&str> {
    match v {
        Some(AnyValue::StringValue(s)) => Some(s),
        _ => None,
    }
}

fn i(v: Option<&AnyValue>) -> Option<i64> {
    match v {
        Some(AnyValue::IntValue(n)) => Some(*n),
        _ => None,
    }
}

#[test]
fn otel_records_read_by_opentelemetry_proto() {
    let mut records = 0;
    let mut timed = 0;
    for path in sample() {
        let (lines, reports) = lines_and_reports(&path, "otel");
        let p = path.display();
        for (line, r) in lines.iter().zip(&reports) {
            let req: ExportLogsServiceRequest =
                serde_json::from_str(line).unwrap_or_else(|err| panic!("{p}: {err}\n{line}"));
            let logs = &req.resource_logs[0].scope_logs[0];
            assert_eq!(logs.scope.as_ref().unwrap().name, "gostack");
            assert_eq!(logs.log_records.len(), 1);
            let rec = &logs.log_records[0];
            records += 1;
            let want = if crashed(r) {
                21
            } else if matches!(r.kind, ReportKind::RecoveredPanic | ReportKind::Race) {
                17
            } else {
                9
            };
            assert_eq!(rec.severity_number, want, "{p}");
            let a = &rec.attributes;
            assert_eq!(
                s(attr(a, "exception.type")),
                Some(gostack::export::exception_type(r).as_str()),
                "{p}"
            );
            if let Some(c) = r.crash() {
                assert_eq!(s(attr(a, "exception.message")), Some(&*c.message), "{p}");
                match &rec.body.as_ref().and_then(|b| b.value.as_ref()) {
                    Some(AnyValue::StringValue(b)) => assert_eq!(b, &*c.message),
                    other => panic!("{p}: body {other:?}"),
                }
            }
            assert_eq!(s(attr(a, "gostack.report.kind")), Some(r.kind.as_str()));
            assert_eq!(
                s(attr(a, "gostack.report.fingerprint")),
                Some(report_fingerprint(r, Level::Line).to_string().as_str())
            );
            if let Some(g) = r.crashing_goroutine().or(r.goroutines.first()) {
                let st = s(attr(a, "exception.stacktrace")).unwrap();
                let mut want = String::new();
                gostack::render::write_goroutine(&mut want, g).unwrap();
                assert_eq!(st, want, "{p}");
                // Read back, the stack trace is the same goroutine.
                let back = gostack::parse(st);
                if g.id.is_some() && !r.kind.is_delve() {
                    assert_eq!(back[0].goroutines[0].frames.len(), g.frames.len(), "{p}");
                }
                assert_eq!(
                    s(attr(a, "gostack.stack.fingerprint")),
                    Some(stack_fingerprint(g, Level::Line).to_string().as_str())
                );
                assert_eq!(
                    i(attr(a, "gostack.goroutine.id")),
                    g.id.map(|x| x as i64),
                    "{p}"
                );
                if let Some(f) = top_user_frame(r) {
                    assert_eq!(s(attr(a, "code.function.name")), Some(&*f.function), "{p}");
                    assert_eq!(s(attr(a, "code.file.path")), f.file.as_deref(), "{p}");
                    assert_eq!(i(attr(a, "code.line.number")), f.line.map(i64::from), "{p}");
                }
            }
            if let Some(src) = &r.source {
                assert_eq!(s(attr(a, "gostack.source")), Some(&**src));
            }
            if let Some(stream) = r.log.as_ref().and_then(|c| c.stream.as_deref()) {
                assert_eq!(s(attr(a, "log.iostream")), Some(stream));
            }
            if rec.time_unix_nano != 0 {
                timed += 1;
                assert!(rec.time_unix_nano > 1_700_000_000_000_000_000, "{p}");
            }
        }
    }
    assert!(records > 1800, "{records}");
    assert!(timed > 5, "Docker and CRI fixtures carry times: {timed}");
}

#[test]
fn ecs_documents_carry_the_mapped_fields() {
    let mut docs = 0;
    for path in sample() {
        let (lines, reports) = lines_and_reports(&path, "ecs");
        let p = path.display();
        for (line, r) in lines.iter().zip(&reports) {
            let d: Value = serde_json::from_str(line).unwrap();
            docs += 1;
            assert_eq!(d["ecs.version"], "8.11.0");
            assert_eq!(
                d["error"]["type"],
                gostack::export::exception_type(r),
                "{p}"
            );
            assert_eq!(d["error"]["message"], d["message"], "{p}");
            assert_eq!(
                d["error"]["id"],
                report_fingerprint(r, Level::Line).to_string()
            );
            let level = d["log.level"].as_str().unwrap();
            assert_eq!(level == "fatal", crashed(r), "{p}");
            if let Some(f) = top_user_frame(r) {
                assert_eq!(d["log"]["origin"]["function"], &*f.function, "{p}");
                if let Some(l) = f.line {
                    assert_eq!(d["log"]["origin"]["file"]["line"], l, "{p}");
                }
            }
            if let Some(g) = r.crashing_goroutine() {
                let st = d["error"]["stack_trace"].as_str().unwrap();
                let mut want = String::new();
                gostack::render::write_goroutine(&mut want, g).unwrap();
                assert_eq!(st, want, "{p}");
                if let Some(id) = g.id {
                    assert!(st.starts_with(&format!("goroutine {id} ")), "{p}: {st}");
                    assert_eq!(d["labels"]["gostack_goroutine_id"], id.to_string());
                }
            }
            if let Some(t) = r.log.as_ref().and_then(|c| c.time.as_deref()) {
                if t.ends_with('Z') {
                    assert_eq!(d["@timestamp"], t, "{p}");
                }
            }
        }
    }
    assert!(docs > 1800, "{docs}");
}
