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
//! ## Crate features
//!
//! - `cli` (default): the `gostack` command-line tool; implies `json`.
//!   Library users can turn it off with `default-features = false`.
//! - `json`: [`parse_delve_json`] for Delve JSON-RPC responses (pulls in
//!   `serde_json`).
//! - `filter`: [`filter`], goroutine filters by regular expression (pulls
//!   in `regex`).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

pub mod diff;
mod error;
#[cfg(feature = "json")]
pub mod export;
#[cfg(feature = "filter")]
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
