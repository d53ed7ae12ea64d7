//! Argument lists as the runtime prints them (`runtime.printArgs`).

use std::fmt;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::combinator::{map, opt, value};
use nom::multi::separated_list0;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};
use serde::{Deserialize, Serialize};

/// Value of each byte as a (lowercase, as Go prints) hex digit, 0xff for
/// anything else.
pub(crate) static HEX_VAL: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Deepest `{…}` nesting accepted; the runtime itself stops at 5 (`TraceArgsMaxDepth`).
pub const MAX_ARG_DEPTH: usize = 32;

/// One element of a printed argument list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arg {
    /// A scalar word: its raw bits, and whether it was printed with `?`
    /// (a possibly stale register-ABI spill slot).
    Word {
        /// The raw bits.
        value: u64,
        /// Printed with a trailing `?`.
        inexact: bool,
    },
    /// A braced aggregate: string, interface, slice, struct, array, complex.
    Aggregate(Vec<Arg>),
    /// `...`: the runtime stopped printing (more than 10 words, or an inlined frame).
    Ellipsis,
    /// `_`: a component that could not be encoded.
    Unknown,
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Word { value, inexact } => {
                write!(f, "{value:#x}")?;
                if *inexact {
                    f.write_str("?")?;
                }
                Ok(())
            }
            Arg::Aggregate(items) => {
                f.write_str("{")?;
                write_list(f, items)?;
                f.write_str("}")
            }
            Arg::Ellipsis => f.write_str("..."),
            Arg::Unknown => f.write_str("_"),
        }
    }
}

/// Writes `items` separated by `", "`, the way the runtime does.
pub fn write_list(f: &mut impl fmt::Write, items: &[Arg]) -> fmt::Result {
    for (i, a) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{a}")?;
    }
    Ok(())
}

/// Parses the text between a frame's parentheses into tokens.
///
/// ```
/// use gostack::{parse_args, Arg};
/// let args = parse_args("0x1?, {0x2, ...}, _").unwrap();
/// assert_eq!(args[0], Arg::Word { value: 1, inexact: true });
/// assert_eq!(args[1], Arg::Aggregate(vec![Arg::Word { value: 2, inexact: false }, Arg::Ellipsis]));
/// assert_eq!(args[2], Arg::Unknown);
/// ```
pub fn parse_args(raw: &str) -> Option<Vec<Arg>> {
    match list(raw, 0) {
        Ok(("", v)) => Some(v),
        _ => None,
    }
}

fn list(i: &str, depth: usize) -> IResult<&str, Vec<Arg>> {
    separated_list0(tag(", "), |i| arg(i, depth)).parse(i)
}

fn arg(i: &str, depth: usize) -> IResult<&str, Arg> {
    if depth >= MAX_ARG_DEPTH {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::TooLarge,
        )));
    }
    alt((
        value(Arg::Ellipsis, tag("...")),
        value(Arg::Unknown, tag("_")),
        map(
            delimited(tag("{"), |i| list(i, depth + 1), tag("}")),
            Arg::Aggregate,
        ),
        word,
    ))
    .parse(i)
}

fn word(i: &str) -> IResult<&str, Arg> {
    let (i, digits) = preceded(tag("0x"), take_while1(|c: char| c.is_ascii_hexdigit())).parse(i)?;
    let (i, q) = opt(tag("?")).parse(i)?;
    match u64::from_str_radix(digits, 16) {
        Ok(value) => Ok((
            i,
            Arg::Word {
                value,
                inexact: q.is_some(),
            },
        )),
        Err(_) => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::HexDigit,
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_runtime_examples() {
        let raw = "0x420e3a?, {0x547540?, 0x41f433?}, {0x170000000000?, 0x2?, 0x0?}, {0x421265?, 0x7f4365431728?}, 0x47a592?, {0x52aa80, ...}, ...";
        let v = parse_args(raw).unwrap();
        assert_eq!(v.len(), 7);
        assert_eq!(v[6], Arg::Ellipsis);
        let mut s = String::new();
        write_list(&mut s, &v).unwrap();
        assert_eq!(s, raw);
        assert_eq!(parse_args("").unwrap(), vec![]);
        assert_eq!(parse_args("{}").unwrap(), vec![Arg::Aggregate(vec![])]);
        assert_eq!(
            parse_args("{...}").unwrap(),
            vec![Arg::Aggregate(vec![Arg::Ellipsis])]
        );
    }

    #[test]
    fn rejects_garbage_and_deep_nesting() {
        assert!(parse_args("0xzz").is_none());
        assert!(parse_args("0x1,0x2").is_none());
        assert!(parse_args("0x10000000000000000").is_none());
        let deep = "{".repeat(100) + &"}".repeat(100);
        assert!(parse_args(&deep).is_none());
    }
}
