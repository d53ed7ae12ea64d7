//! # gostack
//!
//! Turns what Go programs print when things go wrong — unrecovered panics,
//! fatal errors, fatal-signal dumps, `runtime/debug.Stack()`,
//! `runtime.Stack`, pprof `goroutine?debug=2` — into typed data.
//!
//! ```
//! let text = "\
//! panic: runtime error: index out of range [5] with length 0
//!
//! goroutine 7 [running]:
//! main.criticalOperation({0x8bb8f6, 0xd})
//! \t/home/gopher/app/main.go:19 +0x3ae
//! created by net/http.(*Server).Serve in goroutine 1
//! \t/usr/local/go/src/net/http/server.go:3454 +0xa9a
//! ";
//! let reports = gostack::parse(text);
//! let report = &reports[0];
//! assert_eq!(report.kind, gostack::ReportKind::Panic);
//! assert!(report.panics[0].is_runtime_error());
//! let g = &report.goroutines[0];
//! assert_eq!(g.id, Some(7));
//! assert_eq!(g.state.as_deref(), Some("running"));
//! assert_eq!(g.frames[0].func().name, "criticalOperation");
//! assert_eq!(g.frames[0].line, Some(19));
//! assert_eq!(g.parent_id(), Some(1));
//! ```
//!
//! Parsing is lenient by default: text around reports, CRLF line ends,
//! TABs turned into spaces, uniformly indented text and interleaved log
//! lines are tolerated; problems are recorded in [`Report::diagnostics`].
//! [`parse_with`] with [`ParseOptions::strict`] returns the first problem as
//! an [`Error`] with its line and column instead.
//!
//! ## The model
//!
//! A [`Report`] is one contiguous crash, dump or debugger listing found in
//! the input: its [`ReportKind`], its crash headers ([`Panic`]: `panic:`,
//! `fatal error:`, a fatal signal), its [`Goroutine`]s and what the format
//! adds (a [`Race`], a pprof [`Profile`], a [`DelveReport`], the `go test`
//! [`TestContext`], the [`LogContext`] of a log transport, who recovered a
//! panic in [`RecoveredBy`]). A goroutine has an id, a state, a wait, pprof
//! [`Labels`], its [`Frame`]s innermost first and the [`CreatedBy`] frame;
//! a frame has the function token (split by [`Frame::func`] into a
//! [`FuncName`]), the file, the line, the argument words ([`Frame::arg_tokens`])
//! and the offset. Strings borrow from the input ([`Report::into_owned`]
//! copies them; [`OwnedReport`] reads the JSON back from any reader).
//!
//! ## Entry points
//!
//! - [`parse`], [`parse_bytes`], [`parse_with`]: every report in a buffer;
//!   [`parse_go`], [`parse_delve`], [`parse_pprof`], [`parse_race`]: one
//!   format only; [`parse_delve_json`]: Delve JSON-RPC responses.
//! - [`Scanner`]: the same, pushed in chunks of any size from a stream
//!   (`feed`, `feed_source` for interleaved inputs, `flush_idle`,
//!   `finish`; `size_hint` when the input's size is known; `finish_with`
//!   for a whole input in memory, scanned in place), memory bounded by
//!   [`Limits`]; `group_while_parsing` groups each report's goroutines as
//!   they are read, and `release_member_frames` keeps the frames of one
//!   goroutine per bucket ([`Goroutine::stack_of`], [`Goroutine::stack`]).
//! - [`group`]: goroutines with the same stack in buckets, and what varies
//!   among their members ([`group::varying_args_all`]);
//!   [`fingerprint`]: stable fingerprints of stacks (one at a time, or
//!   [`fingerprint::stack_fingerprints`] for a whole dump) and reports, and
//!   [`fingerprint::Dedup`]; [`diff`]: two dumps compared, leak suspects
//!   ranked; [`filter`]: goroutines kept or dropped.
//! - [`render`]: the views — Go's own text, the grouped text view, HTML,
//!   summaries and the JSON forms ([`render::JsonReport`],
//!   [`render::JsonGroupedReport`]); [`export`]: OpenTelemetry, Sentry and
//!   ECS documents.
//!
//! The JSON the CLI prints (and these types serialise to) is a contract,
//! described field by field in `docs/json-output.md` with a JSON Schema per
//! form in `schemas/` (in the repository).
//!
//! ## Crate features
//!
//! - `cli` (default): the `gostack` command-line tool; implies `json` and
//!   `filter`. Library users can turn it off with
//!   `default-features = false`.
//! - `json`: [`parse_delve_json`] for Delve JSON-RPC responses and
//!   [`export`] (pulls in `serde_json`).
//! - `filter`: [`filter`], goroutine filters by regular expression (pulls
//!   in `regex`).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_debug_implementations)]

pub mod diff;
mod error;
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub mod export;
#[cfg(feature = "filter")]
#[cfg_attr(docsrs, doc(cfg(feature = "filter")))]
pub mod filter;
pub mod fingerprint;
pub mod group;
mod model;
mod parse;
mod scan;

pub use crate::error::{Error, ErrorKind, UnknownValue};
pub use crate::model::args::MAX_ARG_DEPTH;
pub use crate::model::{
    parse_args, AccessKind, Addr, Ancestor, Arg, CreatedBy, Cut, Defer, DelveFrame, DelveGoroutine,
    DelveLocation, DelveReport, Elision, Frame, FrameKind, FuncName, FuncSuffix, Goroutine,
    GoroutineGroup, Label, Labels, LineSpan, LocationKind, LogContext, LogField, OwnedReport,
    Panic, PanicKind, Profile, Race, RaceAccess, RaceCreation, RaceLocation, Recovered,
    RecoveredBy, Register, Report, ReportKind, SignalContext, SignalDetail, StopLine, Synctest,
    TestContext, TestName, TestPackage, Thread, Transport, Variable,
};
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub use crate::parse::{is_delve_json, parse_delve_json};
pub use crate::parse::{
    parse, parse_bytes, parse_delve, parse_go, parse_pprof, parse_race, parse_with, ParseOptions,
    MAX_JUNK_LINES, MAX_PENDING_LINES, MAX_RAW_MESSAGE_LINES,
};
pub mod render;
pub use crate::scan::{
    Limits, Scanner, MAX_FRAMES, MAX_GOROUTINES, MAX_LINE_BYTES, MAX_REPORT_BYTES,
};

/// The README's Rust examples, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The model and helper structs are `#[non_exhaustive]`: a field added
/// later is not a breaking change, so code outside the crate cannot build
/// them with struct expressions (it uses their constructors and builders):
///
/// ```compile_fail
/// let _ = gostack::render::GroupedOptions { max_ids: 3, ..Default::default() };
/// ```
///
/// ```compile_fail
/// let f = gostack::Frame::new("main.main".into());
/// let _ = gostack::CreatedBy { frame: f, goroutine: None };
/// ```
///
/// ```compile_fail
/// let _ = gostack::Elision { count: None, at: 0 };
/// ```
///
/// ```
/// let _ = gostack::render::GroupedOptions::default().max_ids(3);
/// let c = gostack::CreatedBy::new(gostack::Frame::new("main.main".into()), None);
/// assert_eq!(c.frame.function, "main.main");
/// let _ = gostack::Elision::new(None, 0);
/// ```
#[cfg(doctest)]
pub struct NonExhaustiveDoctests;
