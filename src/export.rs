//! Crashes as the events error trackers and log backends take: OpenTelemetry
//! log records (OTLP/JSON), Sentry events and Elastic Common Schema
//! documents — one per report, built from the parsed model.
//!
//! Each function maps one [`Report`]; the CLI prints one JSON document per
//! line (`--format otel|sentry|ecs`). What every export carries, and under
//! which keys, is listed in `docs/json-output.md`.
//!
//! ```
//! let text = "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\nexit status 2\n";
//! let r = &gostack::parse(text)[0];
//! let event = gostack::export::sentry(r);
//! assert_eq!(event["level"], "fatal");
//! assert_eq!(event["exception"]["values"][0]["value"], "boom");
//! let record = gostack::export::otel(r);
//! let log = &record["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0];
//! assert_eq!(log["severityNumber"], 21);
//! ```

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use crate::fingerprint::{report_fingerprint, stack_fingerprint, Level};
use crate::group::{group_report, user_frame, Similarity};
use crate::model::{Frame, Goroutine, PanicKind, Report, ReportKind};

/// Most goroutines other than the crashing one sent as Sentry `threads`:
/// one per bucket of identical stacks, largest first.
pub const MAX_THREADS: usize = 50;

/// How bad a report is, for the backends' levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Severity {
    /// The process died (an unrecovered panic, a fatal error, a fatal
    /// signal, a test timeout).
    Fatal,
    /// Something failed and the process went on (a recovered panic, a data
    /// race).
    Error,
    /// A dump or a debugger listing: nothing failed.
    Info,
}

fn severity(r: &Report<'_>) -> Severity {
    match r.kind {
        ReportKind::Panic | ReportKind::Fatal | ReportKind::Signal | ReportKind::TestTimeout => {
            Severity::Fatal
        }
        ReportKind::RecoveredPanic | ReportKind::Race => Severity::Error,
        _ => Severity::Info,
    }
}

/// The crash's type, as the backends want one: the panic value's Go type
/// when the runtime printed it, `runtime.Error` for runtime errors, the
/// signal's name, `fatal error`, `panic`; the report kind otherwise.
pub fn exception_type(r: &Report<'_>) -> String {
    let Some(p) = r.crash() else {
        return match r.kind {
            ReportKind::Race => "DATA RACE".to_owned(),
            k => k.as_str().to_owned(),
        };
    };
    if let Some(t) = &p.value_type {
        return t.to_string();
    }
    match p.kind {
        PanicKind::Signal => p.message.split(':').next().unwrap_or(&p.message).to_owned(),
        PanicKind::Fatal => "fatal error".to_owned(),
        PanicKind::Panic if p.is_runtime_error() => "runtime.Error".to_owned(),
        PanicKind::Panic => match &p.signal {
            Some(s) => s.name.to_string(),
            None => "panic".to_owned(),
        },
    }
}

/// The crash's message: the panic value, the fatal error, the signal line;
/// a summary for reports without one.
pub fn exception_message(r: &Report<'_>) -> String {
    match r.crash() {
        Some(p) => p.message.to_string(),
        None if r.kind == ReportKind::Race => {
            let n = r.race.as_ref().map_or(0, |x| x.accesses.len());
            format!("data race ({n} accesses)")
        }
        None => format!(
            "{} with {} goroutine{}",
            r.kind,
            r.goroutines.len(),
            if r.goroutines.len() == 1 { "" } else { "s" }
        ),
    }
}

/// The goroutine whose stack stands for the report: the one that crashed,
/// else the first.
fn main_goroutine<'r, 'a>(r: &'r Report<'a>) -> Option<&'r Goroutine<'a>> {
    r.crashing_goroutine().or(r.goroutines.first())
}

/// The goroutine as Go printed it (header, frames, `created by`).
fn go_text(g: &Goroutine<'_>) -> String {
    let mut s = String::new();
    let _ = crate::render::write_goroutine(&mut s, g);
    s
}

/// The report's time from its log transport, in Unix nanoseconds, when
/// the transport printed an RFC 3339 time.
fn time_nanos(r: &Report<'_>) -> Option<u128> {
    rfc3339_nanos(r.log.as_ref()?.time.as_deref()?)
}

/// `2026-12-02T19:16:02.686383906Z` (or with an offset) → Unix nanoseconds.
fn rfc3339_nanos(t: &str) -> Option<u128> {
    let b = t.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { t.get(r)?.parse().ok() };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut rest = &t[19..];
    let mut nanos: i64 = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let digits = &frac[..n.min(9)];
        nanos = digits.parse::<i64>().ok()? * 10i64.pow(9 - digits.len() as u32);
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let oh: i64 = rest.get(1..3)?.parse().ok()?;
            let om: i64 = rest.get(4..6)?.parse().ok()?;
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    // Days from the civil date (proleptic Gregorian), 1970-01-01 = 0.
    let (yy, mm) = if mo <= 2 {
        (y - 1, mo + 9)
    } else {
        (y, mo - 3)
    };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + mi * 60 + s - offset;
    u128::try_from(secs)
        .ok()?
        .checked_mul(1_000_000_000)?
        .checked_add(nanos as u128)
}

/// An OTLP/JSON `AnyValue` holding a string.
fn otel_str(key: &str, v: impl Into<String>) -> Value {
    json!({"key": key, "value": {"stringValue": v.into()}})
}

/// An OTLP/JSON `AnyValue` holding an integer (OTLP/JSON writes 64-bit
/// integers as strings).
fn otel_int(key: &str, v: u64) -> Value {
    json!({"key": key, "value": {"intValue": v.to_string()}})
}

/// The report as an OTLP/JSON `ExportLogsServiceRequest` holding one log
/// record — what the OpenTelemetry collector's `otlpjsonfile` receiver
/// and OTLP/HTTP endpoints (`/v1/logs`, JSON) read.
///
/// - `severityNumber` 21 (FATAL) for a crash that ended the process, 17
///   (ERROR) for a recovered panic or a data race, 9 (INFO) for a dump or a
///   debugger listing; `severityText` to match;
/// - `body`: the crash message;
/// - attributes (OpenTelemetry semantic conventions): `exception.type`,
///   `exception.message`, `exception.stacktrace` (the crashing goroutine as
///   Go printed it), `code.function.name`, `code.file.path`,
///   `code.line.number` of the top frame in the program's own code,
///   `log.iostream` (the transport's stream);
/// - gostack's keys: `gostack.report.kind`, `gostack.report.fingerprint`,
///   `gostack.stack.fingerprint`, `gostack.goroutine.id`,
///   `gostack.goroutine.state`, `gostack.goroutines` (how many the report
///   holds), `gostack.source` (the source or service), `gostack.lines`;
/// - `timeUnixNano` from the transport's time when it printed one, else
///   left out (the collector then sets `observedTimeUnixNano`).
pub fn otel(r: &Report<'_>) -> Value {
    let sev = severity(r);
    let (number, text) = match sev {
        Severity::Fatal => (21, "FATAL"),
        Severity::Error => (17, "ERROR"),
        Severity::Info => (9, "INFO"),
    };
    let message = exception_message(r);
    let mut attrs = vec![
        otel_str("exception.type", exception_type(r)),
        otel_str("exception.message", message.clone()),
        otel_str("gostack.report.kind", r.kind.as_str()),
        otel_str(
            "gostack.report.fingerprint",
            report_fingerprint(r, Level::Line).to_string(),
        ),
        otel_int("gostack.goroutines", r.goroutines.len() as u64),
        otel_str(
            "gostack.lines",
            format!("{}-{}", r.lines.start, r.lines.end),
        ),
    ];
    if let Some(g) = main_goroutine(r) {
        attrs.push(otel_str("exception.stacktrace", go_text(g)));
        attrs.push(otel_str(
            "gostack.stack.fingerprint",
            stack_fingerprint(g, Level::Line).to_string(),
        ));
        if let Some(id) = g.id {
            attrs.push(otel_int("gostack.goroutine.id", id));
        }
        if let Some(s) = &g.state {
            attrs.push(otel_str("gostack.goroutine.state", s.to_string()));
        }
        if let Some(f) = user_frame(g) {
            attrs.push(otel_str("code.function.name", f.function.to_string()));
            if let Some(file) = &f.file {
                attrs.push(otel_str("code.file.path", file.to_string()));
            }
            if let Some(line) = f.line {
                attrs.push(otel_int("code.line.number", u64::from(line)));
            }
        }
    }
    if let Some(s) = &r.source {
        attrs.push(otel_str("gostack.source", s.to_string()));
    }
    if let Some(stream) = r.log.as_ref().and_then(|c| c.stream.as_deref()) {
        attrs.push(otel_str("log.iostream", stream));
    }
    let mut record = Map::new();
    if let Some(t) = time_nanos(r) {
        record.insert("timeUnixNano".into(), t.to_string().into());
    }
    record.insert("severityNumber".into(), number.into());
    record.insert("severityText".into(), text.into());
    record.insert("body".into(), json!({ "stringValue": message }));
    record.insert("attributes".into(), attrs.into());
    json!({
        "resourceLogs": [{
            "resource": {"attributes": []},
            "scopeLogs": [{
                "scope": {"name": "gostack", "version": env!("CARGO_PKG_VERSION")},
                "logRecords": [Value::Object(record)],
            }],
        }],
    })
}

/// `net/http.(*conn).serve` → (`net/http`, `(*conn).serve`): the package
/// path as Sentry's `module`, the rest as its `function`, the way sentry-go
/// splits Go names.
fn sentry_names(function: &str) -> (&str, &str) {
    let f = crate::model::FuncName::parse(function);
    if f.package.is_empty() {
        return ("", function);
    }
    let rest = function[f.package.len()..].trim_start_matches('.');
    (f.package, rest)
}

/// Whether a frame is the program's own code for Sentry (`in_app`): not the
/// standard library or the runtime, not a vendored or module-cache
/// dependency.
fn in_app(f: &Frame<'_>) -> bool {
    let file = f.file.as_deref().unwrap_or("");
    if file.contains("/pkg/mod/") || file.contains("/vendor/") || file.contains("/third_party/") {
        return false;
    }
    let pkg = f.func().package;
    if pkg == "main" {
        return true;
    }
    // The standard library's import paths have no dot in their first
    // element; modules' do (`example.com/…`, `github.com/…`).
    pkg.split('/').next().is_some_and(|e| e.contains('.'))
}

/// A Sentry stack trace: frames oldest first (Sentry's order); like
/// sentry-go, the goroutine's own frames only (its `created by` location
/// belongs to the parent goroutine).
fn sentry_stacktrace(g: &Goroutine<'_>) -> Value {
    let mut frames: Vec<Value> = Vec::with_capacity(g.frames.len() + 1);
    let mut push = |f: &Frame<'_>| {
        let (module, function) = sentry_names(&f.function);
        let mut o = Map::new();
        o.insert("function".into(), function.into());
        if !module.is_empty() {
            o.insert("module".into(), module.into());
        }
        if let Some(file) = &f.file {
            o.insert("abs_path".into(), file.to_string().into());
            let base = file.rsplit('/').next().unwrap_or(file);
            o.insert("filename".into(), base.into());
        }
        if let Some(line) = f.line {
            o.insert("lineno".into(), line.into());
        }
        o.insert("in_app".into(), in_app(f).into());
        frames.push(Value::Object(o));
    };
    for f in g.frames.iter().rev() {
        push(f);
    }
    json!({ "frames": frames })
}

/// Linux's number of a signal Go names (`SIGSEGV` → 11).
fn signal_number(name: &str) -> Option<u64> {
    const NAMES: [&str; 31] = [
        "SIGHUP",
        "SIGINT",
        "SIGQUIT",
        "SIGILL",
        "SIGTRAP",
        "SIGABRT",
        "SIGBUS",
        "SIGFPE",
        "SIGKILL",
        "SIGUSR1",
        "SIGSEGV",
        "SIGUSR2",
        "SIGPIPE",
        "SIGALRM",
        "SIGTERM",
        "SIGSTKFLT",
        "SIGCHLD",
        "SIGCONT",
        "SIGSTOP",
        "SIGTSTP",
        "SIGTTIN",
        "SIGTTOU",
        "SIGURG",
        "SIGXCPU",
        "SIGXFSZ",
        "SIGVTALRM",
        "SIGPROF",
        "SIGWINCH",
        "SIGIO",
        "SIGPWR",
        "SIGSYS",
    ];
    NAMES.iter().position(|n| *n == name).map(|i| i as u64 + 1)
}

/// An event id that is the same for the same report read twice: 32 hex
/// digits from the report's fingerprint, its place and its source.
fn event_id(r: &Report<'_>) -> String {
    let mut h = crate::fingerprint::StableHasher::new();
    h.u64(report_fingerprint(r, Level::Line).0);
    h.u64(r.lines.start as u64);
    h.u64(r.lines.end as u64);
    h.str(r.source.as_deref().unwrap_or(""));
    h.str(r.log.as_ref().and_then(|c| c.time.as_deref()).unwrap_or(""));
    let a = h.finish();
    h.str("second half");
    let b = h.finish();
    format!("{a:016x}{b:016x}")
}

/// The report as a Sentry event (the JSON that Sentry's store and envelope
/// endpoints take, and `sentry-types`' `Event` reads):
///
/// - `exception.values[0]`: `type` ([`exception_type`]), `value` (the
///   message), `mechanism` (`type` `go.panic` / `go.fatal` / `go.signal` /
///   `go.recovered` / `go.race` / `go.dump`, `handled: false` for a crash
///   that ended the process, the signal as `meta.signal` {`number` (Linux
///   numbering), `code`, `name`}), `stacktrace.frames` oldest first with
///   `function` and `module` split the way sentry-go splits Go names,
///   `abs_path`, `filename`, `lineno`, `in_app` (not the standard library,
///   not vendored or module-cache dependencies), `thread_id`;
/// - `threads.values`: the crashing goroutine (`crashed`, `current`) and
///   one goroutine per bucket of identical stacks (at most
///   [`MAX_THREADS`]), named with how many goroutines share the stack;
/// - `fingerprint`: the report's fingerprint, so that Sentry groups the
///   same crash across hosts as gostack does;
/// - `platform: "go"`, `level` (`fatal`, `error`, `info`), `logger:
///   "gostack"`, `event_id` (stable for the same report), `timestamp` from
///   the log transport when known, `tags` (report kind, source, stream),
///   `extra` (line range, goroutine count).
pub fn sentry(r: &Report<'_>) -> Value {
    let sev = severity(r);
    let level = match sev {
        Severity::Fatal => "fatal",
        Severity::Error => "error",
        Severity::Info => "info",
    };
    let crash = r.crash();
    let mech_type = match (r.kind, crash.map(|p| p.kind)) {
        (ReportKind::RecoveredPanic, _) => "go.recovered",
        (ReportKind::Race, _) => "go.race",
        (_, Some(PanicKind::Fatal)) => "go.fatal",
        (_, Some(PanicKind::Signal)) => "go.signal",
        (_, Some(PanicKind::Panic)) => "go.panic",
        _ => "go.dump",
    };
    let mut mechanism = Map::new();
    mechanism.insert("type".into(), mech_type.into());
    mechanism.insert("handled".into(), (sev != Severity::Fatal).into());
    // The signal: a `[signal …]` line under a panic, or a fatal signal.
    let signal = crash.and_then(|p| match (&p.signal, p.kind) {
        (Some(s), _) => Some((s.name.to_string(), Some(s.code.0))),
        (None, PanicKind::Signal) => {
            let name = p.message.split(':').next().unwrap_or("").to_owned();
            Some((name, p.context.as_ref().and_then(|c| c.sigcode)))
        }
        _ => None,
    });
    if let Some((name, code)) = &signal {
        let mut s = Map::new();
        if let Some(n) = signal_number(name) {
            s.insert("number".into(), n.into());
        }
        // The runtime prints the code as an unsigned word (`-6`, SI_TKILL,
        // as 0xfffffffffffffffa); Sentry takes a C `int`.
        if let Some(c) = code.and_then(|c| i32::try_from(c as i64).ok()) {
            s.insert("code".into(), c.into());
        }
        s.insert("name".into(), name.clone().into());
        mechanism.insert("meta".into(), json!({ "signal": s }));
    }
    let main = main_goroutine(r);
    let mut exception = Map::new();
    exception.insert("type".into(), exception_type(r).into());
    exception.insert("value".into(), exception_message(r).into());
    if let Some(g) = main {
        let top = user_frame(g).map(|f| sentry_names(&f.function).0);
        if let Some(m) = top.filter(|m| !m.is_empty()) {
            exception.insert("module".into(), m.into());
        }
        exception.insert("stacktrace".into(), sentry_stacktrace(g));
        if let Some(id) = g.id {
            exception.insert("thread_id".into(), id.into());
        }
    }
    exception.insert("mechanism".into(), Value::Object(mechanism));
    // Threads: the crashing goroutine, then one per bucket.
    let mut threads = Vec::new();
    let crashed = r.crashing_goroutine();
    if let Some(g) = crashed {
        let mut t = Map::new();
        if let Some(id) = g.id {
            t.insert("id".into(), id.into());
        }
        t.insert("name".into(), format!("goroutine {}", id_text(g)).into());
        t.insert("crashed".into(), true.into());
        t.insert("current".into(), true.into());
        t.insert("stacktrace".into(), sentry_stacktrace(g));
        threads.push(Value::Object(t));
    }
    let buckets = group_report(r, Similarity::IgnorePointers);
    for b in buckets.iter().filter(|b| !b.crashed).take(MAX_THREADS) {
        let g = b.representative;
        let mut t = Map::new();
        if let Some(id) = g.id {
            t.insert("id".into(), id.into());
        }
        let mut name = format!("goroutine {}", id_text(g));
        if b.count() > 1 {
            let _ = write!(name, " and {} more with this stack", b.count() - 1);
        }
        if let Some(s) = &g.state {
            let _ = write!(name, " [{s}]");
        }
        t.insert("name".into(), name.into());
        t.insert("crashed".into(), false.into());
        t.insert("current".into(), false.into());
        t.insert("stacktrace".into(), sentry_stacktrace(g));
        threads.push(Value::Object(t));
    }
    let mut tags = Map::new();
    tags.insert("gostack.kind".into(), r.kind.as_str().into());
    if let Some(s) = &r.source {
        tags.insert("gostack.source".into(), s.to_string().into());
    }
    if let Some(stream) = r.log.as_ref().and_then(|c| c.stream.as_deref()) {
        tags.insert("gostack.stream".into(), stream.into());
    }
    if let Some(b) = &r.recovered_by {
        tags.insert("gostack.recovered_by".into(), b.logger.to_string().into());
    }
    let mut event = Map::new();
    event.insert("event_id".into(), event_id(r).into());
    if let Some(t) = r.log.as_ref().and_then(|c| c.time.as_deref()) {
        if let Some(n) = rfc3339_nanos(t) {
            // Seconds as a float (what Sentry's protocol takes).
            event.insert("timestamp".into(), json!(n as f64 / 1e9));
        }
    }
    event.insert("platform".into(), "go".into());
    event.insert("level".into(), level.into());
    event.insert("logger".into(), "gostack".into());
    event.insert(
        "exception".into(),
        json!({ "values": [Value::Object(exception)] }),
    );
    if !threads.is_empty() {
        event.insert("threads".into(), json!({ "values": threads }));
    }
    event.insert(
        "fingerprint".into(),
        json!([report_fingerprint(r, Level::Line).to_string()]),
    );
    event.insert("tags".into(), Value::Object(tags));
    event.insert(
        "extra".into(),
        json!({
            "lines": format!("{}-{}", r.lines.start, r.lines.end),
            "goroutines": r.goroutines.len(),
        }),
    );
    Value::Object(event)
}

fn id_text(g: &Goroutine<'_>) -> String {
    g.id.map_or_else(|| "?".to_owned(), |i| i.to_string())
}

/// The report as an Elastic Common Schema (ECS 8) document, as
/// ecs-logging libraries write them: `@timestamp` (from the transport,
/// else left out), `log.level`, `message`, `ecs.version`, `error.message`,
/// `error.type`, `error.stack_trace` (the crashing goroutine as Go printed
/// it), `error.id` (the report's fingerprint), `log.origin.function`,
/// `log.origin.file.name`, `log.origin.file.line` (the top frame in the
/// program's own code), `log.logger: "gostack"`, `event.kind`,
/// `event.category`, `event.type`, `labels` (report kind, source, stream,
/// goroutine id and state, stack fingerprint).
pub fn ecs(r: &Report<'_>) -> Value {
    let level = match severity(r) {
        Severity::Fatal => "fatal",
        Severity::Error => "error",
        Severity::Info => "info",
    };
    let message = exception_message(r);
    let mut doc = Map::new();
    if let Some(t) = r.log.as_ref().and_then(|c| c.time.as_deref()) {
        if rfc3339_nanos(t).is_some() {
            doc.insert("@timestamp".into(), t.into());
        }
    }
    doc.insert("log.level".into(), level.into());
    doc.insert("message".into(), message.clone().into());
    doc.insert("ecs.version".into(), "8.11.0".into());
    let mut error = Map::new();
    error.insert("message".into(), message.into());
    error.insert("type".into(), exception_type(r).into());
    error.insert(
        "id".into(),
        report_fingerprint(r, Level::Line).to_string().into(),
    );
    let mut labels = Map::new();
    labels.insert("gostack_kind".into(), r.kind.as_str().into());
    let mut log = Map::new();
    log.insert("logger".into(), "gostack".into());
    if let Some(g) = main_goroutine(r) {
        error.insert("stack_trace".into(), go_text(g).into());
        if let Some(f) = user_frame(g) {
            let mut origin = Map::new();
            origin.insert("function".into(), f.function.to_string().into());
            let mut file = Map::new();
            if let Some(p) = &f.file {
                file.insert("name".into(), p.to_string().into());
            }
            if let Some(l) = f.line {
                file.insert("line".into(), l.into());
            }
            if !file.is_empty() {
                origin.insert("file".into(), Value::Object(file));
            }
            log.insert("origin".into(), Value::Object(origin));
        }
        if let Some(id) = g.id {
            labels.insert("gostack_goroutine_id".into(), id.to_string().into());
        }
        if let Some(s) = &g.state {
            labels.insert("gostack_goroutine_state".into(), s.to_string().into());
        }
        labels.insert(
            "gostack_stack_fingerprint".into(),
            stack_fingerprint(g, Level::Line).to_string().into(),
        );
    }
    if let Some(s) = &r.source {
        labels.insert("gostack_source".into(), s.to_string().into());
    }
    if let Some(stream) = r.log.as_ref().and_then(|c| c.stream.as_deref()) {
        labels.insert("gostack_stream".into(), stream.into());
    }
    doc.insert("error".into(), Value::Object(error));
    doc.insert("log".into(), Value::Object(log));
    doc.insert(
        "event".into(),
        json!({
            "kind": "event",
            "category": ["process"],
            "type": [if severity(r) == Severity::Info { "info" } else { "error" }],
        }),
    );
    doc.insert("labels".into(), Value::Object(labels));
    Value::Object(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times() {
        assert_eq!(rfc3339_nanos("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            rfc3339_nanos("2026-12-02T19:16:02.686383906Z"),
            Some(1_796_238_962_686_383_906)
        );
        assert_eq!(
            rfc3339_nanos("2026-12-02T20:16:02.5+01:00"),
            Some(1_796_238_962_500_000_000)
        );
        assert_eq!(
            rfc3339_nanos("2000-02-29T00:00:00Z"),
            Some(951_782_400_000_000_000)
        );
        for bad in [
            "2026-13-02T00:00:00Z",
            "2026/12/02 19:16:02",
            "2026-12-02T19:16:02",
            "",
        ] {
            assert_eq!(rfc3339_nanos(bad), None, "{bad}");
        }
    }

    #[test]
    fn go_names_split_as_sentry_go_splits_them() {
        assert_eq!(
            sentry_names("net/http.(*conn).serve.func1"),
            ("net/http", "(*conn).serve.func1")
        );
        assert_eq!(sentry_names("main.main"), ("main", "main"));
        // Go escapes dots in a path's last element (as runtime.Frame does).
        assert_eq!(
            sentry_names("gopkg.in/yaml%2ev2.(*decoder[...]).unmarshal"),
            ("gopkg.in/yaml%2ev2", "(*decoder[...]).unmarshal")
        );
        assert_eq!(sentry_names("panic"), ("", "panic"));
    }
}
