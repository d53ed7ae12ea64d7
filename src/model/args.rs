//! Argument lists as the runtime prints them (`runtime.printArgs`).

use std::fmt;

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

/// [`HEX_VAL`] that also reads `A`–`F` (argument words accept both cases).
static HEX_ANY: [u8; 256] = {
    let mut t = HEX_VAL;
    let mut i = 0;
    while i < 6 {
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// The run of hex digits (either case) in `b` from `i`: its value (the low
/// 64 bits when there are more than 16 digits) and where it ends.
#[inline(always)]
pub(crate) fn hex_run(b: &[u8], mut i: usize) -> (u64, usize) {
    let mut v = 0u64;
    while let Some(&c) = b.get(i) {
        let d = HEX_ANY[usize::from(c)];
        if d > 15 {
            break;
        }
        v = (v << 4) | u64::from(d);
        i += 1;
    }
    (v, i)
}

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
    let mut toks = Vec::new();
    lex(raw, &mut toks)?;
    tree(&toks)
}

/// The arguments a token list from [`lex`] stands for.
pub(crate) fn tree(toks: &[Tok]) -> Option<Vec<Arg>> {
    // Lists being built, innermost last.
    let mut stack: Vec<Vec<Arg>> = vec![Vec::new()];
    for &t in toks {
        let item = match t {
            Tok::Word(value, inexact) => Arg::Word { value, inexact },
            Tok::Ellipsis => Arg::Ellipsis,
            Tok::Unknown => Arg::Unknown,
            Tok::Open => {
                stack.push(Vec::new());
                continue;
            }
            Tok::Close => Arg::Aggregate(stack.pop()?),
        };
        stack.last_mut()?.push(item);
    }
    stack.pop()
}

/// One token of an argument list: a word (value, printed with `?`), a
/// brace, `...` or `_`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Word(u64, bool),
    Open,
    Close,
    Ellipsis,
    Unknown,
}

/// Appends the tokens of `raw` to `out` without allocating beyond it, or
/// returns `None` when `raw` is not an argument list as the runtime prints
/// it: items separated by `", "`, braces balanced and at most
/// [`MAX_ARG_DEPTH`] deep, words `0x` + 1–16 hex digits with an optional
/// `?` (on `None`, `out` holds a partial list the caller discards). The one
/// lexer behind [`parse_args`] and the grouping of stacks.
pub(crate) fn lex(raw: &str, out: &mut Vec<Tok>) -> Option<()> {
    let b = raw.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    // At the start of a list, which may be empty.
    let mut list_start = true;
    loop {
        match b.get(i) {
            None if list_start && depth == 0 => return Some(()),
            Some(b'}') if list_start && depth > 0 => {
                depth -= 1;
                out.push(Tok::Close);
                i += 1;
            }
            Some(b'{') => {
                if depth >= MAX_ARG_DEPTH {
                    return None;
                }
                depth += 1;
                out.push(Tok::Open);
                i += 1;
                list_start = true;
                continue;
            }
            Some(b'_') => {
                out.push(Tok::Unknown);
                i += 1;
            }
            Some(b'.') if b[i..].starts_with(b"...") => {
                out.push(Tok::Ellipsis);
                i += 3;
            }
            Some(b'0') if b.get(i + 1) == Some(&b'x') => {
                let (v, j) = hex_run(b, i + 2);
                if j == i + 2 || j - i - 2 > 16 {
                    return None;
                }
                let inexact = b.get(j) == Some(&b'?');
                out.push(Tok::Word(v, inexact));
                i = j + usize::from(inexact);
            }
            _ => return None,
        }
        // After an item: closing braces, then a separator or the end.
        loop {
            match b.get(i) {
                None => return (depth == 0).then_some(()),
                Some(b'}') if depth > 0 => {
                    depth -= 1;
                    out.push(Tok::Close);
                    i += 1;
                }
                Some(b',') if b.get(i + 1) == Some(&b' ') => {
                    i += 2;
                    break;
                }
                _ => return None,
            }
        }
        list_start = false;
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
        let ok = "{".repeat(MAX_ARG_DEPTH) + &"}".repeat(MAX_ARG_DEPTH);
        assert!(parse_args(&ok).is_some());
        let over = "{".repeat(MAX_ARG_DEPTH + 1) + &"}".repeat(MAX_ARG_DEPTH + 1);
        assert!(parse_args(&over).is_none());
        for bad in [
            "0x1, ", ", 0x1", "{0x1", "0x1}", "{, }", "0x", "0x1??", "....",
        ] {
            assert!(parse_args(bad).is_none(), "{bad}");
        }
    }
}
