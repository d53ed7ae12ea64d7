//! Parsers: one module per format family, all producing the [`crate::model`].

pub(crate) mod go;
pub(crate) mod lines;

use crate::error::Error;
use crate::model::Report;

pub use self::go::{MAX_JUNK_LINES, MAX_PENDING_LINES, MAX_RAW_MESSAGE_LINES};

/// How to parse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseOptions {
    /// Return the first problem as an error instead of recording it as a
    /// diagnostic and going on.
    pub strict: bool,
}

impl ParseOptions {
    /// Lenient parsing (the default).
    pub fn lenient() -> Self {
        ParseOptions { strict: false }
    }
    /// Strict parsing: the first diagnostic becomes an error.
    pub fn strict() -> Self {
        ParseOptions { strict: true }
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
    go::GoParser::new(input).run()
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
/// error carrying its kind, line and column.
///
/// ```
/// use gostack::{parse_with, ErrorKind, ParseOptions};
/// let text = "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5\nmain.caller()\n";
/// let err = parse_with(text, ParseOptions::strict()).unwrap_err();
/// assert_eq!((err.kind(), err.line()), (ErrorKind::Truncated, 4));
/// assert_eq!(parse_with(text, ParseOptions::lenient()).unwrap()[0].goroutines[0].frames.len(), 2);
/// ```
pub fn parse_with(input: &str, options: ParseOptions) -> Result<Vec<Report<'_>>, Error> {
    let reports = parse(input);
    if options.strict {
        if let Some(e) = reports.iter().flat_map(|r| r.diagnostics.iter()).next() {
            return Err(e.clone());
        }
    }
    Ok(reports)
}
