//! Parsers: one module per format family, all producing the [`crate::model`].

pub(crate) mod delve;
pub(crate) mod go;
pub(crate) mod lines;

#[cfg(feature = "json")]
pub use self::delve::jsonrpc::{is_delve_json, parse_delve_json};
use std::borrow::Cow;

use crate::error::{Error, ErrorKind};
use crate::model::Report;

pub use self::go::{MAX_JUNK_LINES, MAX_PENDING_LINES, MAX_RAW_MESSAGE_LINES};

/// How to parse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseOptions {
    /// Return the first problem as an error instead of recording it as a
    /// diagnostic and going on.
    pub strict: bool,
    /// What a report may hold (lines longer than the line limit are cut,
    /// frames and goroutines past theirs dropped; [`Report::cut`] says so).
    pub limits: crate::Limits,
}

impl ParseOptions {
    /// Lenient parsing (the default).
    pub fn lenient() -> Self {
        ParseOptions::default()
    }
    /// Strict parsing: the first diagnostic becomes an error.
    pub fn strict() -> Self {
        ParseOptions {
            strict: true,
            ..ParseOptions::default()
        }
    }
    /// These options with `limits`.
    pub fn limits(mut self, limits: crate::Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// Finds and parses every report in `input`, leniently.
///
/// Text before, between and after reports is skipped. Problems inside a
/// report are recorded in [`Report::diagnostics`].
///
/// ```
/// let text = "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x25\nexit status 2\n";
/// let reports = gostack::parse(text);
/// assert_eq!(reports.len(), 1);
/// assert_eq!(reports[0].panics[0].message, "boom");
/// assert_eq!(reports[0].goroutines[0].frames[0].function, "main.main");
/// assert_eq!(reports[0].exit.as_deref(), Some("exit status 2"));
/// ```
pub fn parse(input: &str) -> Vec<Report<'_>> {
    crate::scan::scan_str(input, Formats::ALL, &crate::Limits::default())
}

/// `s`, a slice of `src`, borrowing from the input when `src` does (a
/// copy only when `src` itself had to be rebuilt).
pub(crate) fn sub_cow<'a>(src: &Cow<'a, str>, s: &str) -> Cow<'a, str> {
    if let Cow::Borrowed(b) = src {
        let off = (s.as_ptr() as usize).wrapping_sub(b.as_ptr() as usize);
        if let Some(p) = b.get(off..off + s.len()) {
            return Cow::Borrowed(p);
        }
    }
    Cow::Owned(s.to_owned())
}

/// The diagnostic for `l`: its line, the column and offset of its first
/// non-blank character, the line as context.
pub(crate) fn diag(kind: ErrorKind, l: &lines::Line<'_>) -> Error {
    Error::new(kind, l.num, l.indent + 1, l.offset + l.indent, l.text)
}

/// Which formats a parse looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Formats {
    pub go: bool,
    pub delve: bool,
    pub race: bool,
    pub pprof: bool,
}

impl Formats {
    pub(crate) const ALL: Formats = Formats {
        go: true,
        delve: true,
        race: true,
        pprof: true,
    };
    const NONE: Formats = Formats {
        go: false,
        delve: false,
        race: false,
        pprof: false,
    };
}

/// Only Go runtime tracebacks, goroutine dumps and `go test` output (no
/// Delve, race or pprof `debug=1` detection).
///
/// ```
/// let text = "* Goroutine 1 - User: ./main.go:3 main.bp (0x4b638a) (thread 7)\n";
/// assert!(gostack::parse_go(text).is_empty());
/// assert_eq!(gostack::parse(text)[0].kind, gostack::ReportKind::DlvGoroutines);
/// ```
pub fn parse_go(input: &str) -> Vec<Report<'_>> {
    crate::scan::scan_str(
        input,
        Formats {
            go: true,
            ..Formats::NONE
        },
        &crate::Limits::default(),
    )
}

/// Only Delve terminal output: `goroutines`, `goroutine`, `stack`/`bt`,
/// `frame N` with `locals`/`args`, `threads`.
///
/// ```
/// let text = "0  0x00000000004b638a in main.bp\n   at ./main.go:3\n1  0x00000000004b640f in main.main\n   at ./main.go:4\n";
/// let r = &gostack::parse_delve(text)[0];
/// assert_eq!(r.kind, gostack::ReportKind::DlvStack);
/// assert_eq!(r.goroutines[0].frames[1].function, "main.main");
/// ```
pub fn parse_delve(input: &str) -> Vec<Report<'_>> {
    crate::scan::scan_str(
        input,
        Formats {
            delve: true,
            ..Formats::NONE
        },
        &crate::Limits::default(),
    )
}

/// Only race-detector reports (`WARNING: DATA RACE`).
pub fn parse_race(input: &str) -> Vec<Report<'_>> {
    crate::scan::scan_str(
        input,
        Formats {
            race: true,
            ..Formats::NONE
        },
        &crate::Limits::default(),
    )
}

/// Only pprof profiles in `debug=1` text form (`goroutine profile: total N`).
///
/// ```
/// let text = "goroutine profile: total 2\n2 @ 0x47d9ea 0x4837c1\n#\t0x47d9e9\tmain.worker+0x29\t/app/main.go:9\n";
/// let r = &gostack::parse_pprof(text)[0];
/// assert_eq!(r.goroutines[0].count, Some(2));
/// ```
pub fn parse_pprof(input: &str) -> Vec<Report<'_>> {
    crate::scan::scan_str(
        input,
        Formats {
            pprof: true,
            ..Formats::NONE
        },
        &crate::Limits::default(),
    )
}

/// Like [`parse`], for bytes that may not be UTF-8.
///
/// Valid UTF-8 is parsed in place; otherwise invalid sequences are replaced
/// with U+FFFD and the reports own their text.
///
/// ```
/// let reports = gostack::parse_bytes(b"panic: caf\xe9\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5\n");
/// assert_eq!(reports[0].panics[0].message, "caf\u{fffd}");
/// ```
pub fn parse_bytes(input: &[u8]) -> Vec<Report<'_>> {
    match std::str::from_utf8(input) {
        Ok(s) => parse(s),
        Err(_) => {
            let s = String::from_utf8_lossy(input);
            parse(&s).into_iter().map(Report::into_owned).collect()
        }
    }
}

/// Parses with `options`; in strict mode the first problem is returned as an
/// error carrying its kind, line and column, and input that holds no report
/// at all is an error too ([`ErrorKind::NoReport`](crate::ErrorKind::NoReport),
/// at line 1) — lenient mode answers it with no reports.
///
/// ```
/// use gostack::{parse_with, ErrorKind, ParseOptions};
/// let text = "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5\nmain.caller()\n";
/// let err = parse_with(text, ParseOptions::strict()).unwrap_err();
/// assert_eq!((err.kind(), err.line()), (ErrorKind::Truncated, 4));
/// assert_eq!(parse_with(text, ParseOptions::lenient()).unwrap()[0].goroutines[0].frames.len(), 2);
/// let err = parse_with("just a log line\n", ParseOptions::strict()).unwrap_err();
/// assert_eq!((err.kind(), err.line(), err.column()), (ErrorKind::NoReport, 1, 1));
/// assert!(parse_with("just a log line\n", ParseOptions::lenient()).unwrap().is_empty());
/// ```
pub fn parse_with(input: &str, options: ParseOptions) -> Result<Vec<Report<'_>>, Error> {
    let reports = crate::scan::scan_str(input, Formats::ALL, &options.limits);
    if options.strict {
        if let Some(e) = reports.iter().flat_map(|r| r.diagnostics.iter()).next() {
            return Err(e.clone());
        }
        if reports.is_empty() {
            let first = input.lines().next().unwrap_or("");
            return Err(Error::new(crate::ErrorKind::NoReport, 1, 1, 0, first));
        }
    }
    Ok(reports)
}
