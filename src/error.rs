//! The positioned error type, also used for lenient-mode diagnostics.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// A line inside a report that fits no production (interleaved output);
    /// lenient mode skips it.
    UnexpectedLine,
    /// A function line without its location line.
    MissingLocation,
    /// A location line that does not parse (`file:line [+0x…]`).
    BadLocation,
    /// A goroutine header that does not parse.
    BadGoroutineHeader,
    /// A function line that does not parse (its location does): the frame
    /// is kept with the function name read up to `(`.
    BadFunctionLine,
    /// The input ended inside a goroutine block (truncated dump).
    Truncated,
    /// A limit of the parser was hit (see the `MAX_*` constants).
    LimitExceeded,
    /// No report was found in the input (strict parsing, [`crate::parse_with`]).
    NoReport,
    /// Input that should be JSON (Delve JSON-RPC) is not valid JSON.
    Json,
    /// A placeholder an author put in place of lines they left out of a
    /// pasted report (`...`, `[snip]`, `(stacks elided for clarity)`, a
    /// markdown fence): skipped, the report goes on.
    Placeholder,
    /// A log record (a timestamped line) inside a report's message: another
    /// writer's output, kept out of the message.
    ForeignLogLine,
}

impl ErrorKind {
    /// A short description, as used in messages.
    pub fn describe(self) -> &'static str {
        match self {
            ErrorKind::UnexpectedLine => "unexpected line",
            ErrorKind::MissingLocation => "function line without location line",
            ErrorKind::BadLocation => "malformed location line",
            ErrorKind::BadGoroutineHeader => "malformed goroutine header",
            ErrorKind::BadFunctionLine => "malformed function line",
            ErrorKind::Truncated => "input ends inside a goroutine",
            ErrorKind::LimitExceeded => "parser limit exceeded",
            ErrorKind::NoReport => "no traceback found",
            ErrorKind::Json => "invalid JSON",
            ErrorKind::Placeholder => "placeholder for left-out lines",
            ErrorKind::ForeignLogLine => "log line inside the panic message",
        }
    }
}

/// An error or diagnostic with its position in the input.
///
/// `Display` reads `unexpected line at line 12 column 1`; the alternate form
/// (`{:#}`) adds the offending line with a caret when it was recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[non_exhaustive]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in bytes).
    pub column: usize,
    /// Byte offset from the start of the input.
    pub offset: usize,
    /// The offending line (shortened to [`Error::MAX_CONTEXT`] bytes).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
}

impl Error {
    /// Longest stretch of the offending line kept in [`Error::context`].
    pub const MAX_CONTEXT: usize = 200;

    /// A new error at the given position.
    pub fn new(kind: ErrorKind, line: usize, column: usize, offset: usize, text: &str) -> Self {
        let mut end = text.len().min(Self::MAX_CONTEXT);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        Error {
            kind,
            line,
            column,
            offset,
            context: text[..end].to_owned(),
        }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }
    /// 1-based column.
    pub fn column(&self) -> usize {
        self.column
    }
    /// Byte offset from the start of the input.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.kind.describe(),
            self.line,
            self.column
        )?;
        if f.alternate() && !self.context.is_empty() {
            write!(
                f,
                "\n{:>5} | {}\n      | {}^",
                self.line,
                self.context,
                " ".repeat(self.column.saturating_sub(1).min(self.context.len()))
            )?;
        }
        Ok(())
    }
}

/// A configuration value that names nothing gostack knows (`FromStr` of
/// [`Similarity`](crate::group::Similarity),
/// [`Level`](crate::fingerprint::Level), [`ReportKind`](crate::ReportKind),
/// the filter spec): says what was read and what is accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{value}' (expected one of: {})", expected.join(", "))]
pub struct UnknownValue {
    /// What was being read (`similarity`, `fingerprint level`, …).
    pub what: &'static str,
    /// The text read.
    pub value: String,
    /// The accepted names.
    pub expected: &'static [&'static str],
}

impl UnknownValue {
    /// `value` is not a `what`; `expected` lists what is.
    pub fn new(what: &'static str, value: &str, expected: &'static [&'static str]) -> Self {
        UnknownValue {
            what,
            value: value.to_owned(),
            expected,
        }
    }
}

/// `Display` and `FromStr` for a unit enum from its names (the ones serde
/// uses), so that every public enum reads back what it prints; with
/// `pub as_str`, also the public `as_str` and `ALL` (every variant, in
/// order). One table per enum: the names are written nowhere else.
macro_rules! named_enum {
    ($ty:ident, $what:literal, pub as_str, { $($v:ident => $name:literal),+ $(,)? }) => {
        $crate::error::named_enum!($ty, $what, { $($v => $name),+ });

        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$v),+];

            /// The name used in JSON and on the command line.
            pub fn as_str(self) -> &'static str {
                self.json_name()
            }
        }
    };
    ($ty:ident, $what:literal, { $($v:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            fn json_name(self) -> &'static str {
                match self {
                    $($ty::$v => $name),+
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.json_name())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::error::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$v),)+
                    _ => Err($crate::error::UnknownValue::new($what, s, &[$($name),+])),
                }
            }
        }
    };
}
pub(crate) use named_enum;

named_enum!(ErrorKind, "error kind", {
    UnexpectedLine => "unexpected-line",
    MissingLocation => "missing-location",
    BadLocation => "bad-location",
    BadGoroutineHeader => "bad-goroutine-header",
    BadFunctionLine => "bad-function-line",
    Truncated => "truncated",
    LimitExceeded => "limit-exceeded",
    NoReport => "no-report",
    Json => "json",
    Placeholder => "placeholder",
    ForeignLogLine => "foreign-log-line",
});
