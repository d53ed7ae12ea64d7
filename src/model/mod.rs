//! The typed model every parser produces and every helper consumes.
//!
//! All text borrows from the parsed input (`Cow::Borrowed`) unless it had to be
//! rebuilt (a multi-line panic message joined, an escaped label decoded); call
//! [`Report::into_owned`] to keep results past the input buffer.

pub(crate) mod args;
mod extra;
mod func;

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use self::args::{parse_args, Arg};
pub use self::extra::{
    AccessKind, Defer, DelveFrame, DelveGoroutine, DelveLocation, DelveReport, GoroutineGroup,
    LocationKind, Profile, Race, RaceAccess, RaceCreation, RaceLocation, StopLine, TestContext,
    TestName, TestPackage, Thread, Variable,
};
pub use self::func::{FuncName, FuncSuffix};
use crate::error::Error;

/// Turns a `Cow<'a, str>` into one that owns its text.
pub(crate) fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

pub(crate) fn own_opt(c: Option<Cow<'_, str>>) -> Option<Cow<'static, str>> {
    c.map(own)
}

/// A machine address or raw word (`pc`, `sp`, `fp`, `gp`, register values).
///
/// Serialised as a `"0x…"` string so that 64-bit values survive JSON readers
/// that use doubles.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Addr(pub u64);

impl fmt::Debug for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

impl Serialize for Addr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Addr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        hex_de(d, "0x").map(Addr)
    }
}

/// Reads a string of hex digits after `prefix` (the JSON form of [`Addr`]
/// and of fingerprints).
pub(crate) fn hex_de<'de, D: serde::Deserializer<'de>>(
    d: D,
    prefix: &str,
) -> Result<u64, D::Error> {
    let s: Cow<'de, str> = Deserialize::deserialize(d)?;
    let hex = s
        .strip_prefix(prefix)
        .ok_or_else(|| serde::de::Error::custom(format!("expected hex digits after {prefix:?}")))?;
    u64::from_str_radix(hex, 16).map_err(serde::de::Error::custom)
}

/// Reads an offset written as `"0x…"` (or as a plain number).
fn offset_de<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Off {
        Hex(Addr),
        Num(u64),
    }
    Ok(Option::<Off>::deserialize(d)?.map(|o| match o {
        Off::Hex(a) => a.0,
        Off::Num(n) => n,
    }))
}

/// Who recovered a panic and logged it with its stack
/// ([`ReportKind::RecoveredPanic`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecoveredBy<'a> {
    /// The form's tag: `http` (net/http's server), `http2` (its HTTP/2
    /// server), `testing` (a fuzz target's panic, logged by the testing
    /// package with `t.Errorf` while fuzzing), `slog` (log/slog's value for
    /// a `LogValuer` whose `LogValue` panicked: `LogValue panicked` and five
    /// `called from` frames; the panic's value is not printed).
    #[serde(borrow)]
    pub logger: Cow<'a, str>,
    /// Where the form was logged from, as the logger printed it: the
    /// `testing.go:1693` of `testing.go:1693: panic: VALUE`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Cow<'a, str>>,
    /// The client's address (`ADDR` of `panic serving ADDR: VALUE`).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub remote_addr: Option<Cow<'a, str>>,
    /// What the logger printed before the form (its flags: a timestamp,
    /// a prefix set with `log.SetPrefix`; not the indentation `go test`
    /// puts before a test's log), when anything.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<Cow<'a, str>>,
}

impl RecoveredBy<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> RecoveredBy<'static> {
        RecoveredBy {
            logger: own(self.logger),
            location: own_opt(self.location),
            remote_addr: own_opt(self.remote_addr),
            prefix: own_opt(self.prefix),
        }
    }
}

/// How the lines of a report reached gostack (see [`LogContext`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Transport {
    /// Docker's json-file log driver: `{"log":"…\n","stream":"stderr","time":"…"}`.
    DockerJson,
    /// The CRI log format of containerd/CRI-O (`/var/log/pods`):
    /// `TIME STREAM P|F TEXT`.
    Cri,
    /// `docker compose logs` / `up`: `service-1  | TEXT`.
    Compose,
    /// `kubectl logs --prefix`: `[pod/NAME/CONTAINER] TEXT`.
    Kubectl,
    /// `journalctl` (short formats): `Mon DD HH:MM:SS HOST IDENT[PID]: TEXT`.
    Journald,
    /// `stern` (no colour): `POD CONTAINER TEXT`.
    Stern,
}

/// What the log transport around a report said ([`Report::log`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogContext<'a> {
    /// The transport that carried the report's lines (`None`: plain text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<Transport>,
    /// The output stream (`stdout`, `stderr`) when the transport records it.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<Cow<'a, str>>,
    /// The timestamp the transport gave the report's first line, as written.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Cow<'a, str>>,
    /// The report was written on one line with its newlines escaped
    /// (`\n`: a JSON record's field, a quoted logfmt value) and decoded: its
    /// lines, and those of its goroutines, are that one line.
    #[serde(default, skip_serializing_if = "is_false")]
    pub escaped: bool,
    /// For a trace found in a JSON log record (zap, slog, logrus): the key
    /// of the field that held it (`stack`, `stacktrace`, `error.stack`, …).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub trace_field: Option<Cow<'a, str>>,
    /// The other fields of that JSON log record, in order: strings decoded,
    /// other values as JSON text.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<LogField<'a>>,
}

impl<'a> LogContext<'a> {
    /// A context for `transport` with nothing else known.
    pub fn new(transport: Option<Transport>) -> Self {
        LogContext {
            transport,
            stream: None,
            time: None,
            escaped: false,
            trace_field: None,
            fields: Vec::new(),
        }
    }

    /// Copies every borrowed string.
    pub fn into_owned(self) -> LogContext<'static> {
        LogContext {
            transport: self.transport,
            stream: own_opt(self.stream),
            time: own_opt(self.time),
            escaped: self.escaped,
            trace_field: own_opt(self.trace_field),
            fields: self
                .fields
                .into_iter()
                .map(|f| LogField {
                    key: own(f.key),
                    value: own(f.value),
                })
                .collect(),
        }
    }

    /// The value of the record field `key`, if there is one.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.key == key).map(|f| &*f.value)
    }
}

/// One field of a JSON log record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogField<'a> {
    /// The key.
    #[serde(borrow)]
    pub key: Cow<'a, str>,
    /// A string value decoded, any other value as its JSON text.
    #[serde(borrow)]
    pub value: Cow<'a, str>,
}

/// A range of 1-based input lines, both ends inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LineSpan {
    /// First line (1-based).
    pub start: usize,
    /// Last line (1-based, inclusive).
    pub end: usize,
}

/// What kind of text a [`Report`] is. Reads its JSON name
/// (`"panic"`, `"recovered-panic"`, `"dlv-stack"`):
///
/// ```
/// use gostack::ReportKind;
/// assert_eq!("recovered-panic".parse::<ReportKind>().unwrap(), ReportKind::RecoveredPanic);
/// assert_eq!(ReportKind::RecoveredPanic.to_string(), "recovered-panic");
/// assert!("crash".parse::<ReportKind>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ReportKind {
    /// An unrecovered panic (`panic: …`).
    Panic,
    /// A fatal error (`fatal error: …`), possibly preceded by pending panics.
    Fatal,
    /// A fatal signal report (`SIGQUIT: quit` + `PC=…`), one or more per-M parts.
    Signal,
    /// A plain goroutine dump: `debug.Stack`, `debug.PrintStack`, `runtime.Stack`,
    /// pprof `goroutine?debug=2`.
    Dump,
    /// A pprof profile in `debug=1` text form (`goroutine profile: total N`).
    PprofDebug1,
    /// A race-detector report (`WARNING: DATA RACE`).
    Race,
    /// `panic: test timed out after …` from the `testing` package.
    TestTimeout,
    /// A panic the standard library recovered and logged with its stack,
    /// the process going on: net/http's `http: panic serving ADDR: VALUE`
    /// (and `http2: …`), and the testing package's `testing.go:N: panic:
    /// VALUE` for a fuzz target that panicked while fuzzing, and log/slog's
    /// `LogValue panicked` value. Who logged it
    /// is in [`Report::recovered_by`].
    RecoveredPanic,
    /// Delve `goroutines` listing (flat or `-group`).
    DlvGoroutines,
    /// Delve `goroutine` / `goroutine N` output (`Thread … at`, `Switched from`,
    /// the long `Goroutine N:` block).
    DlvGoroutine,
    /// Delve `stack` / `bt`.
    DlvStack,
    /// Delve `frame N` / `up` / `down` output, with `locals` / `args` that follow.
    DlvFrame,
    /// Delve `locals` / `args` output on its own.
    DlvVariables,
    /// Delve `threads`.
    DlvThreads,
}

crate::error::named_enum!(ReportKind, "report kind", pub as_str, {
    Panic => "panic",
    Fatal => "fatal",
    Signal => "signal",
    Dump => "dump",
    PprofDebug1 => "pprof-debug1",
    Race => "race",
    TestTimeout => "test-timeout",
    RecoveredPanic => "recovered-panic",
    DlvGoroutines => "dlv-goroutines",
    DlvGoroutine => "dlv-goroutine",
    DlvStack => "dlv-stack",
    DlvFrame => "dlv-frame",
    DlvVariables => "dlv-variables",
    DlvThreads => "dlv-threads",
});

impl ReportKind {
    /// True for the kinds parsed from Delve output.
    pub fn is_delve(self) -> bool {
        matches!(
            self,
            ReportKind::DlvGoroutines
                | ReportKind::DlvGoroutine
                | ReportKind::DlvStack
                | ReportKind::DlvFrame
                | ReportKind::DlvVariables
                | ReportKind::DlvThreads
        )
    }
}

/// A [`Report`] that owns all its text, readable from any JSON source:
/// `Report<'a>` borrows from the text it is read from, so it cannot be read
/// with `serde_json::from_reader` (or any `DeserializeOwned` consumer);
/// `OwnedReport` can, and reads what `gostack --format json|ndjson` prints.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let r = &gostack::parse("panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\n")[0];
/// let json = serde_json::to_vec(&gostack::render::JsonReport::new(r))?;
/// let back: gostack::OwnedReport = serde_json::from_reader(&json[..])?;
/// assert_eq!(back.panics[0].message, "boom");
/// assert_eq!(back.into_inner(), r.clone().into_owned());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedReport(pub Report<'static>);

impl OwnedReport {
    /// The report.
    pub fn into_inner(self) -> Report<'static> {
        self.0
    }
}

impl std::ops::Deref for OwnedReport {
    type Target = Report<'static>;
    fn deref(&self) -> &Report<'static> {
        &self.0
    }
}

impl std::ops::DerefMut for OwnedReport {
    fn deref_mut(&mut self) -> &mut Report<'static> {
        &mut self.0
    }
}

impl From<Report<'_>> for OwnedReport {
    fn from(r: Report<'_>) -> Self {
        OwnedReport(r.into_owned())
    }
}

impl From<OwnedReport> for Report<'static> {
    fn from(r: OwnedReport) -> Self {
        r.0
    }
}

impl Serialize for OwnedReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for OwnedReport {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Report::deserialize(d).map(|r| OwnedReport(r.into_owned()))
    }
}

/// One contiguous traceback or goroutine dump found in the input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report<'a> {
    /// What the report is.
    pub kind: ReportKind,
    /// The crash headers in printed order (oldest panic first); empty for dumps.
    #[serde(borrow)]
    pub panics: Vec<Panic<'a>>,
    /// The goroutine blocks in printed order.
    #[serde(borrow)]
    pub goroutines: Vec<Goroutine<'a>>,
    /// The `runtime stack:` section (frames of the system stack), when printed.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub runtime_stack: Option<Vec<Frame<'a>>>,
    /// Runtime lines printed before the header or between sections
    /// (`runtime: goroutine stack exceeds …`, `unexpected fault address …`,
    /// `stack: frame=…`, hexdumps), verbatim.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub runtime_messages: Vec<Cow<'a, str>>,
    /// The `exit status N` / `signal: …` line `go run` / `go test` printed after the report.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<Cow<'a, str>>,
    /// Delve context: the command, stop line, groups, threads, variables.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub delve: Option<Box<DelveReport<'a>>>,
    /// The accesses, locations and creation stacks of a race report.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub race: Option<Box<Race<'a>>>,
    /// The header of a pprof `debug=1` profile.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile<'a>>,
    /// `go test` lines around the report (running tests, `--- FAIL`, `FAIL pkg`).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub test: Option<Box<TestContext<'a>>>,
    /// Lines of the input the report spans (numbered per source).
    pub lines: LineSpan,
    /// The source the report was read from, when the scanner was fed
    /// several ([`crate::Scanner::feed_source`]).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Cow<'a, str>>,
    /// For [`ReportKind::RecoveredPanic`]: who recovered the panic and
    /// logged it.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub recovered_by: Option<Box<RecoveredBy<'a>>>,
    /// What the log transport around the report said: Docker's stream and
    /// timestamp, the CRI stream, the service or pod that printed it, the
    /// other fields of a JSON log record. `None` for plain text.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub log: Option<Box<LogContext<'a>>>,
    /// What the scanner's limits cut from the report ([`crate::Limits`]);
    /// `None` when nothing was cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut: Option<Cut>,
    /// Problems met while parsing this report (skipped junk, truncation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Error>,
    /// A filter ([`crate::filter::Filter::apply`]) removed the goroutine
    /// that crashed: [`Report::crashing_goroutine`] is then `None` (no
    /// other goroutine is taken for it) and the views say it was filtered
    /// out.
    #[serde(default, skip_serializing_if = "is_false")]
    pub crasher_filtered: bool,
    /// The goroutines grouped while they were parsed
    /// ([`crate::Scanner::group_while_parsing`]).
    #[serde(skip)]
    pub(crate) parsed: crate::group::ParsedGrouping<'a>,
}

/// What the scanner's limits ([`crate::Limits`]) cut from a report, and
/// how much. A report with nothing cut has no `Cut`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cut {
    /// Lines longer than [`crate::Limits::max_line_bytes`], kept up to it.
    #[serde(default)]
    pub long_lines: u64,
    /// Bytes dropped from those lines.
    #[serde(default)]
    pub line_bytes_dropped: u64,
    /// Frames dropped past [`crate::Limits::max_frames`] (all goroutines).
    #[serde(default)]
    pub frames_dropped: u64,
    /// Goroutines dropped past [`crate::Limits::max_goroutines`].
    #[serde(default)]
    pub goroutines_dropped: u64,
    /// The report reached [`crate::Limits::max_report_bytes`] and was
    /// ended there; what followed was scanned as new input.
    #[serde(default)]
    pub report_bytes: bool,
}

impl Cut {
    /// Whether anything was cut.
    pub fn is_empty(&self) -> bool {
        *self == Cut::default()
    }
}

impl<'a> Report<'a> {
    /// A new, empty report of `kind` starting at `line`.
    pub fn new(kind: ReportKind, line: usize) -> Self {
        Report {
            kind,
            panics: Vec::new(),
            goroutines: Vec::new(),
            runtime_stack: None,
            runtime_messages: Vec::new(),
            exit: None,
            delve: None,
            race: None,
            profile: None,
            test: None,
            lines: LineSpan {
                start: line,
                end: line,
            },
            source: None,
            recovered_by: None,
            crasher_filtered: false,
            log: None,
            cut: None,
            diagnostics: Vec::new(),
            parsed: Default::default(),
        }
    }

    /// The panic or fatal error that ended the program: the last header printed.
    pub fn crash(&self) -> Option<&Panic<'a>> {
        self.panics.last()
    }

    /// The goroutine that crashed (the first block of a crash report):
    /// `None` for dumps and listings, for a dump requested with SIGQUIT
    /// (`kill -QUIT`: nothing crashed; the first goroutine is whatever ran
    /// on the thread that took the signal), and when a filter removed it.
    pub fn crashing_goroutine(&self) -> Option<&Goroutine<'a>> {
        if self.crasher_filtered {
            return None;
        }
        match self.kind {
            ReportKind::Signal if self.is_quit_dump() => None,
            ReportKind::Panic
            | ReportKind::Fatal
            | ReportKind::Signal
            | ReportKind::TestTimeout
            | ReportKind::RecoveredPanic => self.goroutines.first(),
            _ => None,
        }
    }

    /// A dump the runtime printed because it was sent SIGQUIT (`kill
    /// -QUIT`, Ctrl-\\): a signal report whose signal is SIGQUIT.
    pub fn is_quit_dump(&self) -> bool {
        self.kind == ReportKind::Signal
            && self
                .crash()
                .is_some_and(|p| p.kind == PanicKind::Signal && p.message.starts_with("SIGQUIT"))
    }

    /// Copies every borrowed string so the report outlives the input.
    pub fn into_owned(self) -> Report<'static> {
        Report {
            kind: self.kind,
            panics: self.panics.into_iter().map(Panic::into_owned).collect(),
            goroutines: self
                .goroutines
                .into_iter()
                .map(Goroutine::into_owned)
                .collect(),
            runtime_stack: self
                .runtime_stack
                .map(|f| f.into_iter().map(Frame::into_owned).collect()),
            runtime_messages: self.runtime_messages.into_iter().map(own).collect(),
            exit: own_opt(self.exit),
            delve: self.delve.map(|d| Box::new(d.into_owned())),
            race: self.race.map(|r| Box::new(r.into_owned())),
            profile: self.profile.map(|p| Profile {
                name: own(p.name),
                total: p.total,
            }),
            test: self.test.map(|t| Box::new(t.into_owned())),
            lines: self.lines,
            source: own_opt(self.source),
            recovered_by: self.recovered_by.map(|r| Box::new(r.into_owned())),
            crasher_filtered: self.crasher_filtered,
            log: self.log.map(|l| Box::new(l.into_owned())),
            cut: self.cut,
            diagnostics: self.diagnostics,
            // Its strings borrow the input: grouped again if needed.
            parsed: Default::default(),
        }
    }

    /// Drops the grouping made while the report was parsed
    /// ([`crate::Scanner::group_while_parsing`]): call it after changing
    /// [`Report::goroutines`] yourself, so that
    /// [`group_report`](crate::group::group_report) and the views group
    /// them as they are. (This crate's own helpers that change them, such
    /// as [`Filter::apply`](crate::filter::Filter::apply), drop it.)
    pub fn forget_parsed_grouping(&mut self) {
        self.parsed = Default::default();
    }

    /// The grouping made while the report was parsed, if any.
    pub(crate) fn parsed_grouping(&self) -> Option<&crate::group::Grouper<'a>> {
        self.parsed.0.as_deref()
    }
}

/// The kind of a crash header line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PanicKind {
    /// `panic: …`
    #[serde(rename = "panic")]
    Panic,
    /// `fatal error: …`
    #[serde(rename = "fatal error")]
    Fatal,
    /// A fatal-signal header such as `SIGQUIT: quit`.
    #[serde(rename = "signal")]
    Signal,
}

impl PanicKind {
    /// What the runtime prints before the message: `panic: `,
    /// `fatal error: `, nothing for a signal header.
    pub fn prefix(self) -> &'static str {
        match self {
            PanicKind::Panic => "panic: ",
            PanicKind::Fatal => "fatal error: ",
            PanicKind::Signal => "",
        }
    }
}

/// Whether and how a panic was recovered before the program died.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Recovered {
    /// No tag.
    #[default]
    No,
    /// ` [recovered]`.
    Recovered,
    /// ` [recovered, repanicked]` (Go 1.25+).
    Repanicked,
}

impl Recovered {
    /// The tag as printed after the message: ` [recovered]`,
    /// ` [recovered, repanicked]`, or nothing.
    pub fn suffix(self) -> &'static str {
        match self {
            Recovered::No => "",
            Recovered::Recovered => " [recovered]",
            Recovered::Repanicked => " [recovered, repanicked]",
        }
    }
}

/// One crash header: a `panic:` line (with its continuation lines), a
/// `fatal error:` line, or a fatal-signal header.
///
/// Serialised with the contract's `"recovered": bool` plus, when tagged,
/// `"recovered_tag"`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Panic<'a> {
    /// `panic`, `fatal error` or `signal`.
    pub kind: PanicKind,
    /// The printed value without the `panic: ` prefix and the `[recovered]`
    /// tag; continuation lines joined with `\n`, their leading TAB removed.
    #[serde(borrow)]
    pub message: Cow<'a, str>,
    /// The `[recovered…]` tag, if any ([`Panic::is_recovered`]).
    #[serde(rename = "recovered_tag", default)]
    pub recovered: Recovered,
    /// True when the line was printed TAB-indented (a later panic of a chain, or
    /// a 1.26+ fatal error printed under pending panics).
    #[serde(default)]
    pub nested: bool,
    /// For values printed as `(TYPE) 0x…`: the type.
    #[serde(borrow, default)]
    pub value_type: Option<Cow<'a, str>>,
    /// For values printed as `(TYPE) 0x…`: the data word.
    #[serde(default)]
    pub value_addr: Option<Addr>,
    /// The `[signal SIG…: … code=… addr=… pc=…]` line printed under this header.
    #[serde(borrow, default)]
    pub signal: Option<SignalDetail<'a>>,
    /// For fatal-signal headers: the `PC=… m=… sigcode=…` line and what follows it.
    #[serde(default)]
    pub context: Option<SignalContext>,
    /// The register dump printed at the end of this signal report part.
    #[serde(borrow, default)]
    pub registers: Vec<Register<'a>>,
    /// 1-based line of the header.
    pub line: usize,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl<'a> Panic<'a> {
    /// A header of `kind` with `message`, everything else empty.
    pub fn new(kind: PanicKind, message: Cow<'a, str>, line: usize) -> Self {
        Panic {
            kind,
            message,
            recovered: Recovered::No,
            nested: false,
            value_type: None,
            value_addr: None,
            signal: None,
            context: None,
            registers: Vec::new(),
            line,
        }
    }

    /// True for any `[recovered…]` tag.
    pub fn is_recovered(&self) -> bool {
        self.recovered != Recovered::No
    }

    /// True for the messages Go prints for `panic(nil)` (`nil` before 1.21,
    /// `panic called with nil argument` after).
    pub fn is_nil_panic(&self) -> bool {
        self.kind == PanicKind::Panic
            && matches!(
                &*self.message,
                "nil"
                    | "panic called with nil argument"
                    | "runtime error: panic called with nil argument"
            )
    }

    /// True for `runtime error: …` panics (runtime.Error values).
    pub fn is_runtime_error(&self) -> bool {
        self.kind == PanicKind::Panic && self.message.starts_with("runtime error: ")
    }

    /// Copies every borrowed string.
    pub fn into_owned(self) -> Panic<'static> {
        Panic {
            kind: self.kind,
            message: own(self.message),
            recovered: self.recovered,
            nested: self.nested,
            value_type: own_opt(self.value_type),
            value_addr: self.value_addr,
            signal: self.signal.map(SignalDetail::into_owned),
            context: self.context,
            registers: self
                .registers
                .into_iter()
                .map(Register::into_owned)
                .collect(),
            line: self.line,
        }
    }
}

impl Serialize for Panic<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Panic", 11)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("recovered", &self.is_recovered())?;
        if self.is_recovered() {
            st.serialize_field("recovered_tag", &self.recovered)?;
        }
        if self.nested {
            st.serialize_field("nested", &true)?;
        }
        if let Some(t) = &self.value_type {
            st.serialize_field("value_type", t)?;
        }
        if let Some(a) = &self.value_addr {
            st.serialize_field("value_addr", a)?;
        }
        if let Some(sig) = &self.signal {
            st.serialize_field("signal", sig)?;
        }
        if let Some(c) = &self.context {
            st.serialize_field("context", c)?;
        }
        if !self.registers.is_empty() {
            st.serialize_field("registers", &self.registers)?;
        }
        st.serialize_field("line", &self.line)?;
        st.end()
    }
}

/// The `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x49e260]` line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignalDetail<'a> {
    /// `SIGSEGV`, `signal 32`, or the Windows exception code `0xc0000005`.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// `segmentation violation`; empty when none is printed.
    #[serde(borrow)]
    pub description: Cow<'a, str>,
    /// The `code=` value.
    pub code: Addr,
    /// The `addr=` value.
    pub addr: Addr,
    /// The `pc=` value.
    pub pc: Addr,
}

impl SignalDetail<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> SignalDetail<'static> {
        SignalDetail {
            name: own(self.name),
            description: own(self.description),
            code: self.code,
            addr: self.addr,
            pc: self.pc,
        }
    }
}

/// The lines under a fatal-signal header: `PC=0x… m=N sigcode=N [addr=0x…]`,
/// `signal arrived during cgo execution`, `instruction bytes: …`.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignalContext {
    /// `PC=`.
    pub pc: Addr,
    /// `m=` (the M that took the signal); not printed on Windows.
    #[serde(default)]
    pub m: Option<u64>,
    /// `sigcode=` (unsigned, as printed); not printed on Windows.
    #[serde(default)]
    pub sigcode: Option<u64>,
    /// `addr=` (Go 1.22+, SIGSEGV/SIGBUS only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addr: Option<Addr>,
    /// `signal arrived during cgo execution` (or `external code` on Windows).
    #[serde(default, skip_serializing_if = "is_false")]
    pub during_cgo: bool,
    /// `instruction bytes: 0x.. 0x..` (SIGILL / SIGFPE).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruction_bytes: Vec<u8>,
}

/// One line of a register dump (`rax    0xfffffffffffffffc`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Register<'a> {
    /// Register name as printed.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Its value.
    pub value: Addr,
}

impl Register<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> Register<'static> {
        Register {
            name: own(self.name),
            value: self.value,
        }
    }
}

/// A `synctest` annotation of a goroutine header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Synctest {
    /// `, synctest group N` (Go 1.24 experiment; N is the root goroutine id).
    Group(u64),
    /// `, synctest bubble N` (Go 1.25+).
    Bubble(u64),
}

/// One pprof label printed with a goroutine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label<'a> {
    /// The key, unescaped.
    pub key: Cow<'a, str>,
    /// The value, unescaped.
    pub value: Cow<'a, str>,
}

/// Labels serialise as a JSON object, in printed order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Labels<'a>(pub Vec<Label<'a>>);

impl<'a> Labels<'a> {
    /// True when no label was printed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The number of labels.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// The value of `key`, if printed.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|l| l.key == key).map(|l| &*l.value)
    }
    /// The labels in printed order.
    pub fn iter(&self) -> std::slice::Iter<'_, Label<'a>> {
        self.0.iter()
    }
    /// Copies every borrowed string.
    pub fn into_owned(self) -> Labels<'static> {
        Labels(
            self.0
                .into_iter()
                .map(|l| Label {
                    key: own(l.key),
                    value: own(l.value),
                })
                .collect(),
        )
    }
}

impl Serialize for Labels<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for l in &self.0 {
            m.serialize_entry(&*l.key, &*l.value)?;
        }
        m.end()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Labels<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Labels<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of label keys to values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Labels<'a>, A::Error> {
                let mut v = Vec::new();
                while let Some((k, val)) = a.next_entry::<CowStr<'a>, CowStr<'a>>()? {
                    v.push(Label {
                        key: k.0,
                        value: val.0,
                    });
                }
                Ok(Labels(v))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// A `Cow<str>` that borrows when the deserializer allows it.
struct CowStr<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for CowStr<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct W<'a>(#[serde(borrow)] Cow<'a, str>);
        W::deserialize(d).map(|w| CowStr(w.0))
    }
}

/// Where an elision marker was printed inside a goroutine's frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Elision {
    /// `N` of `...N frames elided...` (Go 1.21+); `None` for
    /// `...additional frames elided...`.
    pub count: Option<u64>,
    /// Index in `frames` of the first frame printed after the marker
    /// (equal to `frames.len()` when the marker came last).
    pub at: usize,
}

impl Elision {
    /// An elision marker: `count` for `...N frames elided...` (`None` for
    /// `...additional frames elided...`), printed before frame `at`.
    pub fn new(count: Option<u64>, at: usize) -> Self {
        Elision { count, at }
    }
}

/// One goroutine block: the header and its stack.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Goroutine<'a> {
    /// The goroutine id; `None` only when the input prints none.
    pub id: Option<u64>,
    /// The bracket text up to the first `", "` (`chan receive`, `running`,
    /// `chan send (leaked)`), without a Go 1.26 ` labels:{…}` part.
    #[serde(borrow)]
    pub state: Option<Cow<'a, str>>,
    /// `, N minutes`.
    pub wait_minutes: Option<u64>,
    /// `, locked to thread`.
    pub locked_to_thread: bool,
    /// pprof labels (Go 1.26 `labels:{…}`, Go 1.27 `{…}` after the brackets).
    #[serde(borrow, default)]
    pub labels: Labels<'a>,
    /// `gp=` (Go 1.22+ at traceback level ≥ 2).
    #[serde(default)]
    pub gp: Option<Addr>,
    /// `m=` id; `None` for `m=nil` or when not printed.
    #[serde(default)]
    pub m: Option<u64>,
    /// `mp=`.
    #[serde(default)]
    pub mp: Option<Addr>,
    /// The synctest group / bubble the goroutine belongs to.
    #[serde(default)]
    pub synctest: Option<Synctest>,
    /// The frames, innermost first, exactly as printed (inlined frames included).
    #[serde(borrow)]
    pub frames: Vec<Frame<'a>>,
    /// The elision marker, if one was printed.
    #[serde(default)]
    pub elision: Option<Elision>,
    /// The `created by` line.
    #[serde(borrow, default)]
    pub created_by: Option<CreatedBy<'a>>,
    /// `[originating from goroutine N]` sections (`GODEBUG=tracebackancestors`).
    #[serde(borrow, default)]
    pub ancestors: Vec<Ancestor<'a>>,
    /// `goroutine running on other thread; stack unavailable`.
    #[serde(default)]
    pub stack_unavailable: bool,
    /// The block was cut short (truncated input or `runtime.Stack` buffer).
    #[serde(default)]
    pub partial: bool,
    /// Runtime lines printed inside the block (`runtime: g 1: unexpected return pc…`,
    /// `stack: frame=…`, hexdump lines).
    #[serde(borrow, default)]
    pub runtime_messages: Vec<Cow<'a, str>>,
    /// How many goroutines share this stack (a pprof `debug=1` record).
    #[serde(default)]
    pub count: Option<u64>,
    /// What Delve printed beyond the common fields.
    #[serde(borrow, default)]
    pub delve: Option<Box<DelveGoroutine<'a>>>,
    /// Lines of the input the block spans.
    #[serde(default)]
    pub lines: LineSpan,
    /// Set when the scanner released this goroutine's frames once it had
    /// grouped it ([`crate::Scanner::release_member_frames`]): the index,
    /// in the report's goroutines, of the goroutine whose stack it shares
    /// (its bucket's representative, which keeps its frames). `frames` is
    /// then empty; the header, `created by` and line span are kept.
    #[serde(default)]
    pub stack_of: Option<usize>,
}

impl<'a> Goroutine<'a> {
    /// An empty goroutine block with `id`, starting at `line`.
    pub fn new(id: Option<u64>, line: usize) -> Self {
        Goroutine {
            id,
            state: None,
            wait_minutes: None,
            locked_to_thread: false,
            labels: Labels::default(),
            gp: None,
            m: None,
            mp: None,
            synctest: None,
            frames: Vec::new(),
            elision: None,
            created_by: None,
            ancestors: Vec::new(),
            stack_unavailable: false,
            partial: false,
            runtime_messages: Vec::new(),
            count: None,
            delve: None,
            lines: LineSpan {
                start: line,
                end: line,
            },
            stack_of: None,
        }
    }

    /// The wait reason or status without the ` (leaked)` / ` (durable)` / ` (scan)`
    /// annotations: `chan receive`, `running`.
    pub fn wait_reason(&self) -> Option<&str> {
        let mut s = self.state.as_deref()?;
        for suffix in [" (durable)", " (scan)", " (leaked)"] {
            s = s.strip_suffix(suffix).unwrap_or(s);
        }
        Some(s)
    }

    /// ` (leaked)` in the status (Go 1.26+ goroutine leak detection).
    pub fn is_leaked(&self) -> bool {
        self.state
            .as_deref()
            .is_some_and(|s| s.contains(" (leaked)"))
    }

    /// ` (scan)` in the status: the GC was scanning this stack.
    pub fn is_scan(&self) -> bool {
        self.state.as_deref().is_some_and(|s| s.contains(" (scan)"))
    }

    /// ` (durable)` in the status (synctest, Go 1.25+).
    pub fn is_durable(&self) -> bool {
        self.state
            .as_deref()
            .is_some_and(|s| s.contains("(durable)"))
    }

    /// True when frames were left out: an elision marker was printed, or
    /// Delve printed `(truncated)` after the stack.
    pub fn frames_elided(&self) -> bool {
        self.elision.is_some() || self.delve.as_ref().is_some_and(|d| d.truncated)
    }

    /// The id of the goroutine that created this one (`in goroutine N`, Go 1.21+).
    pub fn parent_id(&self) -> Option<u64> {
        self.created_by.as_ref().and_then(|c| c.goroutine)
    }

    /// Copies every borrowed string.
    pub fn into_owned(self) -> Goroutine<'static> {
        Goroutine {
            id: self.id,
            state: own_opt(self.state),
            wait_minutes: self.wait_minutes,
            locked_to_thread: self.locked_to_thread,
            labels: self.labels.into_owned(),
            gp: self.gp,
            m: self.m,
            mp: self.mp,
            synctest: self.synctest,
            frames: self.frames.into_iter().map(Frame::into_owned).collect(),
            elision: self.elision,
            created_by: self.created_by.map(CreatedBy::into_owned),
            ancestors: self
                .ancestors
                .into_iter()
                .map(Ancestor::into_owned)
                .collect(),
            stack_unavailable: self.stack_unavailable,
            partial: self.partial,
            runtime_messages: self.runtime_messages.into_iter().map(own).collect(),
            count: self.count,
            delve: self.delve.map(|d| Box::new(d.into_owned())),
            lines: self.lines,
            stack_of: self.stack_of,
        }
    }

    /// The frames of this goroutine's stack: its own, or, when the scanner
    /// released them ([`Goroutine::stack_of`]), those of the goroutine of
    /// `all` (the report's goroutines) whose stack it shares.
    pub fn stack<'g>(&'g self, all: &'g [Goroutine<'a>]) -> &'g [Frame<'a>] {
        match self.stack_of.and_then(|i| all.get(i)) {
            Some(g) if self.frames.is_empty() => &g.frames,
            _ => &self.frames,
        }
    }
}

impl Serialize for Goroutine<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Goroutine", 20)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("state", &self.state)?;
        st.serialize_field("wait_minutes", &self.wait_minutes)?;
        st.serialize_field("locked_to_thread", &self.locked_to_thread)?;
        st.serialize_field("labels", &self.labels)?;
        st.serialize_field("frames", &self.frames)?;
        st.serialize_field("frames_elided", &self.frames_elided())?;
        st.serialize_field("created_by", &self.created_by)?;
        // Derived, never read back: the stack's fingerprint (line level).
        st.serialize_field("fingerprint", &crate::fingerprint::line_fingerprint(self))?;
        if let Some(e) = &self.elision {
            st.serialize_field("elision", e)?;
        }
        if self.gp.is_some() {
            st.serialize_field("gp", &self.gp)?;
            st.serialize_field("m", &self.m)?;
            st.serialize_field("mp", &self.mp)?;
        }
        if self.is_scan() {
            st.serialize_field("scan", &true)?;
        }
        if self.is_leaked() {
            st.serialize_field("leaked", &true)?;
        }
        if self.is_durable() {
            st.serialize_field("durable", &true)?;
        }
        if let Some(sy) = &self.synctest {
            st.serialize_field("synctest", sy)?;
        }
        if !self.ancestors.is_empty() {
            st.serialize_field("ancestors", &self.ancestors)?;
        }
        if self.stack_unavailable {
            st.serialize_field("stack_unavailable", &true)?;
        }
        if self.partial {
            st.serialize_field("partial", &true)?;
        }
        if let Some(i) = self.stack_of {
            st.serialize_field("stack_of", &i)?;
        }
        if !self.runtime_messages.is_empty() {
            st.serialize_field("runtime_messages", &self.runtime_messages)?;
        }
        if let Some(c) = self.count {
            st.serialize_field("count", &c)?;
        }
        if let Some(d) = &self.delve {
            st.serialize_field("delve", d)?;
        }
        st.serialize_field("lines", &self.lines)?;
        st.end()
    }
}

/// What produced a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrameKind {
    /// A Go function line plus its location line.
    #[default]
    Go,
    /// A C function named by a cgo symbolizer (`cfunc` + `\tfile.c:12 pc=0x…`).
    C,
    /// `non-Go function at pc=0x…`, or a pc without symbol information.
    NonGo,
    /// A frame Delve could not unwind (`error: …`); the message is in
    /// [`DelveFrame::error`].
    Error,
}

/// One stack frame.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Frame<'a> {
    /// The full function token without the argument list
    /// (`main.(*S).boom`, `net/http.(*conn).serve`, `main.Map[...].func1`).
    #[serde(borrow)]
    pub function: Cow<'a, str>,
    /// The raw text between the final parentheses (`0x1, {0x2, 0x3}`, `...`);
    /// `None` when no argument list was printed (C frames, race reports).
    #[serde(borrow, default)]
    pub args: Option<Cow<'a, str>>,
    /// The file as printed; `None` where none is printed.
    #[serde(borrow)]
    pub file: Option<Cow<'a, str>>,
    /// The line number; `None` where none is printed.
    pub line: Option<u32>,
    /// The `+0x…` offset of the pc from the function entry (serialised as
    /// a `"0x…"` string, like addresses).
    #[serde(default, deserialize_with = "offset_de")]
    pub offset: Option<u64>,
    /// `fp=`.
    #[serde(default)]
    pub fp: Option<Addr>,
    /// `sp=`.
    #[serde(default)]
    pub sp: Option<Addr>,
    /// `pc=`.
    #[serde(default)]
    pub pc: Option<Addr>,
    /// Go, C or non-Go.
    #[serde(default)]
    pub kind: FrameKind,
    /// What Delve printed beyond function, file, line and pc.
    #[serde(borrow, default)]
    pub delve: Option<Box<DelveFrame<'a>>>,
}

impl<'a> Frame<'a> {
    /// A Go frame for `function` with no location yet.
    pub fn new(function: Cow<'a, str>) -> Self {
        Frame {
            function,
            args: None,
            file: None,
            line: None,
            offset: None,
            fp: None,
            sp: None,
            pc: None,
            kind: FrameKind::Go,
            delve: None,
        }
    }

    /// True for frames of functions inlined into their caller (printed with `(...)`).
    ///
    /// Ancestor frames also print `(...)`; [`Ancestor::frames`] says which is which.
    pub fn is_inlined(&self) -> bool {
        self.args.as_deref() == Some("...")
    }

    /// The function name split into package, receiver, name and suffixes.
    pub fn func(&self) -> FuncName<'_> {
        FuncName::parse(&self.function)
    }

    /// The argument list as tokens (`0x1?`, `{…}`, `...`, `_`); `None` when no
    /// list was printed or it does not follow the runtime's grammar.
    pub fn arg_tokens(&self) -> Option<Vec<Arg>> {
        parse_args(self.args.as_deref()?)
    }

    /// True for frames of the Go runtime (`runtime.`, `internal/runtime/`…).
    pub fn is_runtime(&self) -> bool {
        let f = &*self.function;
        f.starts_with("runtime.") || f.starts_with("internal/runtime/") || f == "panic"
    }

    /// Copies every borrowed string.
    pub fn into_owned(self) -> Frame<'static> {
        Frame {
            function: own(self.function),
            args: own_opt(self.args),
            file: own_opt(self.file),
            line: self.line,
            offset: self.offset,
            fp: self.fp,
            sp: self.sp,
            pc: self.pc,
            kind: self.kind,
            delve: self.delve.map(|d| Box::new(d.into_owned())),
        }
    }
}

impl Serialize for Frame<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Frame", 12)?;
        st.serialize_field("function", &self.function)?;
        st.serialize_field("file", &self.file)?;
        st.serialize_field("line", &self.line)?;
        let f = self.func();
        if !f.package.is_empty() {
            st.serialize_field("package", f.package)?;
        }
        if let Some(r) = f.receiver {
            st.serialize_field("receiver", r)?;
        }
        if let Some(a) = &self.args {
            st.serialize_field("args", a)?;
        }
        if self.is_inlined() {
            st.serialize_field("inlined", &true)?;
        }
        if let Some(o) = self.offset {
            st.serialize_field("offset", &Addr(o))?;
        }
        if self.fp.is_some() || self.sp.is_some() {
            // Go prints the three together (`GOTRACEBACK=system`).
            st.serialize_field("fp", &self.fp)?;
            st.serialize_field("sp", &self.sp)?;
            st.serialize_field("pc", &self.pc)?;
        } else if self.pc.is_some() {
            st.serialize_field("pc", &self.pc)?;
        }
        if self.kind != FrameKind::Go {
            st.serialize_field("kind", &self.kind)?;
        }
        if let Some(d) = &self.delve {
            st.serialize_field("delve", d)?;
        }
        st.end()
    }
}

/// The `created by F [in goroutine N]` line and its location.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreatedBy<'a> {
    /// The creating function and where it started the goroutine.
    #[serde(borrow, flatten)]
    pub frame: Frame<'a>,
    /// The parent goroutine id (`in goroutine N`, Go 1.21+).
    pub goroutine: Option<u64>,
}

impl<'a> CreatedBy<'a> {
    /// The `created by` line of a goroutine: the `go` statement's frame and
    /// the parent's id (`in goroutine N`, Go 1.21+).
    pub fn new(frame: Frame<'a>, goroutine: Option<u64>) -> Self {
        CreatedBy { frame, goroutine }
    }
}

impl CreatedBy<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> CreatedBy<'static> {
        CreatedBy {
            frame: self.frame.into_owned(),
            goroutine: self.goroutine,
        }
    }
}

/// An `[originating from goroutine N]:` section (`GODEBUG=tracebackancestors=N`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Ancestor<'a> {
    /// N.
    pub goroutine: u64,
    /// The recorded frames (their arguments always print as `(...)`).
    #[serde(borrow)]
    pub frames: Vec<Frame<'a>>,
    /// `...additional frames elided...` ended the section.
    #[serde(default)]
    pub frames_elided: bool,
    /// The ancestor's own `created by` line.
    #[serde(borrow, default)]
    pub created_by: Option<CreatedBy<'a>>,
}

impl<'a> Ancestor<'a> {
    /// An ancestor block (`[originating from goroutine N]:`).
    pub fn new(
        goroutine: u64,
        frames: Vec<Frame<'a>>,
        frames_elided: bool,
        created_by: Option<CreatedBy<'a>>,
    ) -> Self {
        Ancestor {
            goroutine,
            frames,
            frames_elided,
            created_by,
        }
    }
}

impl Ancestor<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> Ancestor<'static> {
        Ancestor {
            goroutine: self.goroutine,
            frames: self.frames.into_iter().map(Frame::into_owned).collect(),
            frames_elided: self.frames_elided,
            created_by: self.created_by.map(CreatedBy::into_owned),
        }
    }
}

crate::error::named_enum!(Transport, "transport", pub as_str, {
    DockerJson => "docker-json",
    Cri => "cri",
    Compose => "compose",
    Kubectl => "kubectl",
    Journald => "journald",
    Stern => "stern",
});

crate::error::named_enum!(PanicKind, "panic kind", {
    Panic => "panic",
    Fatal => "fatal error",
    Signal => "signal",
});

crate::error::named_enum!(Recovered, "recovered tag", {
    No => "no",
    Recovered => "recovered",
    Repanicked => "repanicked",
});

crate::error::named_enum!(FrameKind, "frame kind", {
    Go => "go",
    C => "c",
    NonGo => "non-go",
    Error => "error",
});
