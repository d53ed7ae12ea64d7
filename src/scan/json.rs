//! A small, forgiving reader of one-line JSON objects: the records of
//! Docker's json-file driver and of JSON log lines (zap, slog, logrus).
//!
//! It reads the top-level members of an object in order; string values are
//! decoded (borrowed when they hold no escape), other values are kept as
//! their raw JSON text. A record cut short (a log line split by a transport
//! or a limit) yields the members read so far, the last string decoded up to
//! the cut. No recursion: nested values are skipped by counting brackets.

use std::borrow::Cow;

/// One top-level member's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    /// A string, decoded.
    Str(Cow<'a, str>),
    /// Anything else, as its raw JSON text (`42`, `true`, `{"a":1}`).
    Raw(&'a str),
}

impl<'a> Value<'a> {
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::Raw(_) => None,
        }
    }

    /// The value as text: a string decoded, anything else as written.
    pub(crate) fn into_text(self) -> Cow<'a, str> {
        match self {
            Value::Str(s) => s,
            Value::Raw(r) => Cow::Borrowed(r),
        }
    }
}

/// An object's members in order.
pub(crate) type Members<'a> = Vec<(Cow<'a, str>, Value<'a>)>;

/// The members of the object `line` holds (leading whitespace allowed), or
/// `None` when it does not start like one. `complete` tells whether the
/// object was closed.
pub(crate) fn object(line: &str) -> Option<(Members<'_>, bool)> {
    let t = line.trim_start();
    let mut r = Reader {
        s: t.as_bytes(),
        text: t,
        i: 1,
    };
    if !t.starts_with('{') {
        return None;
    }
    let mut out = Vec::new();
    loop {
        r.ws();
        match r.peek() {
            Some(b'}') => return Some((out, true)),
            Some(b',') => {
                r.i += 1;
                continue;
            }
            Some(b'"') => {}
            None => return Some((out, false)),
            Some(_) => {
                return if out.is_empty() {
                    None
                } else {
                    Some((out, false))
                }
            }
        }
        let (key, closed) = r.string();
        if !closed {
            return Some((out, false));
        }
        r.ws();
        if r.peek() != Some(b':') {
            return if out.is_empty() {
                None
            } else {
                Some((out, false))
            };
        }
        r.i += 1;
        r.ws();
        match r.peek() {
            None => return Some((out, false)),
            Some(b'"') => {
                let (v, closed) = r.string();
                out.push((key, Value::Str(v)));
                if !closed {
                    return Some((out, false));
                }
            }
            Some(_) => {
                let start = r.i;
                let closed = r.skip_value();
                out.push((key, Value::Raw(&t[start..r.i])));
                if !closed {
                    return Some((out, false));
                }
            }
        }
    }
}

/// Decodes the JSON string escapes of `s` (the text between the quotes;
/// also used for single-line traces whose newlines are escaped).
pub(crate) fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'\\', &b[i..]) {
        let at = i + k;
        out.push_str(&s[from..at]);
        let (ch, used) = escape(b, at);
        match ch {
            Some(c) => out.push(c),
            None => out.push_str(&s[at..at + used]),
        }
        i = at + used;
        from = i;
    }
    out.push_str(&s[from..]);
    Cow::Owned(out)
}

/// The escape at `b[at]` (a backslash): the char it stands for (`None`
/// when it is not a valid escape, kept as written) and its length.
fn escape(b: &[u8], at: usize) -> (Option<char>, usize) {
    let Some(&c) = b.get(at + 1) else {
        return (None, 1);
    };
    let simple = match c {
        b'n' => Some('\n'),
        b't' => Some('\t'),
        b'r' => Some('\r'),
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        b'/' => Some('/'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        _ => None,
    };
    if simple.is_some() {
        return (simple, 2);
    }
    if c != b'u' {
        return (None, 1);
    }
    let Some(hi) = hex4(b, at + 2) else {
        return (None, 1);
    };
    if (0xD800..0xDC00).contains(&hi) {
        if b.get(at + 6) == Some(&b'\\') && b.get(at + 7) == Some(&b'u') {
            if let Some(lo) = hex4(b, at + 8).filter(|lo| (0xDC00..0xE000).contains(lo)) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return (char::from_u32(c), 12);
            }
        }
        return (Some('\u{FFFD}'), 6);
    }
    (Some(char::from_u32(hi).unwrap_or('\u{FFFD}')), 6)
}

fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let h = b.get(at..at + 4)?;
    let mut v = 0;
    for c in h {
        v = v * 16 + (*c as char).to_digit(16)?;
    }
    Some(v)
}

struct Reader<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    /// A string at `self.i` (its opening quote): decoded, and whether its
    /// closing quote was there.
    fn string(&mut self) -> (Cow<'a, str>, bool) {
        let start = self.i + 1;
        let mut j = start;
        let mut escaped = false;
        loop {
            match memchr::memchr2(b'"', b'\\', &self.s[j..]) {
                None => {
                    self.i = self.s.len();
                    let raw = &self.text[start..];
                    return (decode(raw, escaped), false);
                }
                Some(k) if self.s[j + k] == b'\\' => {
                    escaped = true;
                    j += k + 2;
                    if j > self.s.len() {
                        self.i = self.s.len();
                        let raw = &self.text[start..self.s.len() - 1];
                        return (decode(raw, true), false);
                    }
                }
                Some(k) => {
                    let end = j + k;
                    self.i = end + 1;
                    return (decode(&self.text[start..end], escaped), true);
                }
            }
        }
    }

    /// Skips a non-string value (number, literal, object, array); false
    /// when the text ended inside it.
    fn skip_value(&mut self) -> bool {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    let (_, closed) = self.string();
                    if !closed {
                        return false;
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    if depth == 0 {
                        return true;
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return true;
                    }
                }
                b',' if depth == 0 => return true,
                _ => {}
            }
            self.i += 1;
        }
        false
    }
}

fn decode(raw: &str, escaped: bool) -> Cow<'_, str> {
    if escaped {
        unescape(raw)
    } else {
        Cow::Borrowed(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_record() {
        let line = r#"{"log":"\u0009/app/main.go:3 +0x98\n","stream":"stderr","time":"2026-12-02T17:30:57.37172967Z"}"#;
        let (m, complete) = object(line).unwrap();
        assert!(complete);
        assert_eq!(m[0].0, "log");
        assert_eq!(m[0].1.as_str(), Some("\t/app/main.go:3 +0x98\n"));
        assert_eq!(m[1].1.as_str(), Some("stderr"));
        assert_eq!(m[2].1.as_str(), Some("2026-12-02T17:30:57.37172967Z"));
    }

    #[test]
    fn raw_values_and_nesting() {
        let line = r#"{"a":1,"b":{"c":[1,"}"]},"d":true,"e":"x\"y"}"#;
        let (m, complete) = object(line).unwrap();
        assert!(complete);
        let vals: Vec<_> = m.iter().map(|(k, v)| (k.as_ref(), v.clone())).collect();
        assert_eq!(
            vals,
            [
                ("a", Value::Raw("1")),
                ("b", Value::Raw(r#"{"c":[1,"}"]}"#)),
                ("d", Value::Raw("true")),
                ("e", Value::Str(Cow::Borrowed("x\"y"))),
            ]
        );
    }

    #[test]
    fn cut_records_keep_what_was_read() {
        let (m, complete) = object(r#"{"log":"panic: bo"#).unwrap();
        assert!(!complete);
        assert_eq!(m[0].1.as_str(), Some("panic: bo"));
        let (m, complete) = object(r#"{"log":"a\"#).unwrap();
        assert!(!complete);
        assert_eq!(m[0].1.as_str(), Some("a"));
        assert!(object("not json").is_none());
        assert!(object("{not json").is_none());
    }

    #[test]
    fn escapes() {
        assert_eq!(
            unescape(r"a\nb\tc\u0041\u00e9\ud83d\ude00\q"),
            "a\nb\tcAé😀\\q"
        );
        assert_eq!(unescape(r"\ud83d"), "\u{FFFD}");
        assert_eq!(unescape(r"end\"), "end\\");
    }
}
