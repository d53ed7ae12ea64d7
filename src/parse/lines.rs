//! The line cursor: byte offsets, 1-based line numbers, CRLF, indentation.
//!
//! A cursor runs over complete lines. When the text is not the end of its
//! stream (the scanner's buffer, more to come), a parser that looks past
//! its last line cannot know what is there: the cursor records that it
//! *starved* (see [`starved`]) and the scanner retries the step once more
//! lines have arrived, so every decision is made on the lines a one-shot
//! parse would see.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use memchr::memchr;

thread_local! {
    static STARVED: Cell<bool> = const { Cell::new(false) };
    /// Lines cut at the line limit: line number → bytes dropped.
    static CUT_LINES: RefCell<BTreeMap<usize, u64>> = const { RefCell::new(BTreeMap::new()) };
}

/// Runs `f` (a caller's sink, which may itself parse) with this thread's
/// scan state set aside, and puts it back after.
pub(crate) fn isolated<R>(f: impl FnOnce() -> R) -> R {
    let starved = STARVED.with(Cell::get);
    let cuts = CUT_LINES.with(|c| std::mem::take(&mut *c.borrow_mut()));
    let r = f();
    STARVED.with(|s| s.set(starved));
    CUT_LINES.with(|c| *c.borrow_mut() = cuts);
    r
}

/// Forgets the lines cut so far (before a pass over new text).
pub(crate) fn reset_cut_lines() {
    CUT_LINES.with(|c| c.borrow_mut().clear());
}

/// How many lines in `first..=last` were cut at the line limit, and the
/// bytes dropped from them.
pub(crate) fn cut_lines(first: usize, last: usize) -> (u64, u64) {
    CUT_LINES.with(|c| {
        c.borrow()
            .range(first..=last.max(first))
            .fold((0, 0), |(n, b), (_, d)| (n + 1, b + d))
    })
}

/// Clears the starvation flag of this thread (before a scanner step).
pub(crate) fn reset_starved() {
    STARVED.with(|s| s.set(false));
}

/// Whether a cursor over text that is not final looked past its end since
/// the last [`reset_starved`].
pub(crate) fn starved() -> bool {
    STARVED.with(Cell::get)
}

/// One input line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// The line without its terminator (`\n`, `\r\n`).
    pub text: &'a str,
    /// `text` without leading spaces and TABs.
    pub body: &'a str,
    /// Number of leading space/TAB bytes.
    pub indent: usize,
    /// 1-based line number.
    pub num: usize,
    /// Byte offset of the line start in the input.
    pub offset: usize,
}

impl<'a> Line<'a> {
    /// A line of `text` (terminator already removed).
    #[inline]
    pub fn new(text: &'a str, num: usize, offset: usize) -> Self {
        let bytes = text.as_bytes();
        let mut indent = 0;
        while indent < bytes.len() && (bytes[indent] == b' ' || bytes[indent] == b'\t') {
            indent += 1;
        }
        let mut body = &text[indent..];
        // Trailing whitespace never carries meaning for classification; keep
        // `text` intact for verbatim copies.
        if body
            .as_bytes()
            .last()
            .is_some_and(|c| *c == b' ' || *c == b'\t')
        {
            body = body.trim_end_matches([' ', '\t']);
        }
        Line {
            text,
            body,
            indent,
            num,
            offset,
        }
    }

    /// The same line without its first `n` bytes (a log prefix).
    pub fn without_prefix(&self, n: usize) -> Self {
        Line::new(&self.text[n..], self.num, self.offset + n)
    }

    /// True for an empty or whitespace-only line.
    #[inline]
    pub fn is_blank(&self) -> bool {
        self.body.is_empty()
    }
}

/// Lines up to this long (their line end included) are looked at eight
/// bytes at a time ([`line_end`]).
const SHORT_LINE: usize = 128;

/// Where the first line of `b` ends (its `\n`). A goroutine dump's lines
/// are short (40 bytes on average, none past 128 in real ones), so their first [`SHORT_LINE`] bytes
/// are looked at here, eight at a time, before `memchr` is called: a call
/// per line (through the function `memchr` picks for the CPU) cost more
/// than the search itself. After a long line (`long`: a log's, 140 bytes
/// on average), `memchr` is called at once.
#[inline(always)]
fn line_end(b: &[u8], long: bool) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const NL: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut i = 0;
    while !long && i + 8 <= b.len() && i < SHORT_LINE {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes")) ^ NL;
        // The lowest byte flagged is the first zero byte of `w`, the first
        // `\n` (bytes above it may be flagged wrongly; they are not read).
        let t = w.wrapping_sub(ONES) & !w & HIGH;
        if t != 0 {
            return Some(i + (t.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    memchr(b'\n', &b[i..]).map(|k| i + k)
}

/// A cheap, copyable cursor over the lines of a `&str`, with the next line
/// already split so that peeking costs nothing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cursor<'a> {
    input: &'a str,
    /// Where the first line starts (after a byte order mark).
    start: usize,
    /// Stream offset of `input[0]` (lines report stream offsets).
    base: usize,
    /// Whether the end of `input` is the end of the stream.
    last: bool,
    /// Number of the last line split (the first line's minus one before).
    num: usize,
    /// Longest line: the rest of a longer one is not looked at.
    max_line: usize,
    /// Byte offset after `next`.
    pos: usize,
    /// The line the next call to `next_line` returns.
    next: Option<Line<'a>>,
    /// A log prefix removed from every line that carries it (see
    /// [`prefix_len`]).
    prefix: Option<&'a str>,
    /// The last line split was long: the next one's end is looked for
    /// with `memchr` at once ([`line_end`]).
    long: bool,
}

impl<'a> Cursor<'a> {
    #[cfg(test)]
    pub fn new(input: &'a str) -> Self {
        Cursor::at(input, 0, 0, true, usize::MAX)
    }

    /// A cursor over `input`, whose first line is line `num + 1` of the
    /// stream and starts at stream offset `base`; `last` says whether the
    /// stream ends with `input` (otherwise looking past it starves). Lines
    /// longer than `max_line` bytes are cut there (see [`cut_lines`]).
    pub fn at(input: &'a str, num: usize, base: usize, last: bool, max_line: usize) -> Self {
        let mut c = Cursor {
            input,
            start: 0,
            base,
            last,
            num,
            max_line,
            pos: 0,
            next: None,
            prefix: None,
            long: false,
        };
        // A UTF-8 byte order mark at the start of a stream is not text.
        if base == 0 && input.starts_with('\u{feff}') {
            c.start = 3;
            c.pos = 3;
        }
        c.next = c.split(num);
        c
    }

    /// Records that a parser looked past the end of text that is not the
    /// end of the stream.
    #[inline]
    fn observe_end(&self) {
        if !self.last {
            STARVED.with(|s| s.set(true));
        }
    }

    /// Byte offset (into the cursor's text) of the next line's start.
    pub fn next_start(&self) -> usize {
        match self.next {
            Some(l) => self.line_start(l.offset - self.base),
            None => self.input.len(),
        }
    }

    /// How many lines of the stream come before the next line (all lines
    /// split so far when none is left).
    pub fn lines_before_next(&self) -> usize {
        match self.next {
            Some(l) => l.num - 1,
            None => self.num,
        }
    }

    /// Length of the cursor's text.
    pub fn input_len(&self) -> usize {
        self.input.len()
    }

    /// Whether the line after the next one may start with a TAB: a cheap
    /// test on its first raw byte before splitting it (`true` when a log
    /// prefix is being removed or the text ends there: then only
    /// [`Cursor::peek2`] can tell).
    #[inline]
    pub fn after_next_may_be_tabbed(&self) -> bool {
        self.prefix.is_some()
            || self
                .input
                .as_bytes()
                .get(self.pos)
                .is_none_or(|c| *c == b'\t')
    }

    /// Whether the stream ends here inside a line (no line end after its
    /// last line: the input was cut).
    pub fn ends_mid_line(&self) -> bool {
        self.last && !self.input.ends_with('\n') && !self.input.is_empty()
    }

    /// Whether a goroutine header comes next, past blank lines and
    /// placeholders (at most a few).
    pub fn header_follows(&self) -> bool {
        let mut c = *self;
        for _ in 0..8 {
            match c.next_line() {
                Some(l) if l.is_blank() || crate::parse::go::line::placeholder(l.body) => {}
                Some(l) => return crate::parse::go::line::goroutine_header(l.body).is_some(),
                None => return false,
            }
        }
        false
    }

    /// Whether the text is the end of its stream.
    pub fn is_last(&self) -> bool {
        self.last
    }

    /// Splits the line that starts at `self.pos`, advancing `pos` past it.
    /// Always inlined: called once per line, and its result returned
    /// through memory then read back whole stalls on the store.
    #[inline(always)]
    fn split(&mut self, num: usize) -> Option<Line<'a>> {
        let rest = &self.input[self.pos..];
        if rest.is_empty() {
            return None;
        }
        let offset = self.base + self.pos;
        let (mut text, adv) = match line_end(rest.as_bytes(), self.long) {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        // CR of CRLF; NULs before the line end (UTF-16 text read as bytes
        // leaves one after every character, some writers one per line).
        if let Some(&(b'\r' | b'\0')) = text.as_bytes().last() {
            text = text.trim_end_matches(['\r', '\0']);
        }
        if text.len() > self.max_line {
            let mut k = self.max_line;
            while !text.is_char_boundary(k) {
                k -= 1;
            }
            let dropped = (text.len() - k) as u64;
            CUT_LINES.with(|c| c.borrow_mut().insert(num + 1, dropped));
            text = &text[..k];
        }
        self.pos += adv;
        self.long = adv > SHORT_LINE;
        let mut offset = offset;
        if let Some(p) = self.prefix {
            if let Some(n) = prefix_len(p.as_bytes(), text.as_bytes()) {
                text = &text[n..];
                offset += n;
            }
        }
        self.num = num + 1;
        Some(Line::new(text, num + 1, offset))
    }

    /// The next line, advancing.
    #[inline]
    pub fn next_line(&mut self) -> Option<Line<'a>> {
        let Some(l) = self.next else {
            self.observe_end();
            return None;
        };
        self.next = self.split(l.num);
        Some(l)
    }

    /// The next line without advancing.
    #[inline]
    pub fn peek(&self) -> Option<Line<'a>> {
        if self.next.is_none() {
            self.observe_end();
        }
        self.next
    }

    /// The line after the next one, without advancing.
    #[inline]
    pub fn peek2(&self) -> Option<Line<'a>> {
        let l = self.peek()?;
        let mut c = *self;
        let n = c.split(l.num);
        if n.is_none() {
            self.observe_end();
        }
        n
    }

    /// True when no line is left.
    #[inline]
    pub fn at_end(&self) -> bool {
        self.peek().is_none()
    }

    /// Removes `prefix` from the following lines that carry it (`None` stops).
    pub fn set_prefix(&mut self, prefix: Option<&'a str>) {
        self.prefix = prefix;
        if let Some(l) = self.next {
            self.pos = self.line_start(l.offset - self.base);
            self.next = self.split(l.num - 1);
        }
    }

    /// Start of the input line that contains byte `offset` (of the text).
    fn line_start(&self, offset: usize) -> usize {
        memchr::memrchr(b'\n', &self.input.as_bytes()[self.start..offset])
            .map_or(self.start, |i| self.start + i + 1)
    }
}

/// How many bytes of `text` the log prefix `prefix` covers: bytes must be
/// equal, except that each run of ASCII digits in `prefix` matches any
/// non-empty run of digits (timestamps, pids, counters). A line that is the
/// prefix without its trailing spaces is covered whole (an empty log line).
pub(crate) fn prefix_len(prefix: &[u8], text: &[u8]) -> Option<usize> {
    let (mut i, mut j) = (0, 0);
    while i < prefix.len() {
        if prefix[i].is_ascii_digit() {
            while i < prefix.len() && prefix[i].is_ascii_digit() {
                i += 1;
            }
            let s = j;
            while j < text.len() && text[j].is_ascii_digit() {
                j += 1;
            }
            if j == s {
                return None;
            }
        } else if j < text.len() && text[j] == prefix[i] {
            i += 1;
            j += 1;
        } else if j == text.len() && prefix[i..].iter().all(|c| *c == b' ' || *c == b'\t') {
            return Some(j);
        } else {
            return None;
        }
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line end found eight bytes at a time is `memchr`'s, wherever
    /// it falls (in the first words, past them, none) and whatever bytes
    /// surround it: bytes one off `\n`, `\n` twice in a word, bytes
    /// with the high bit set (UTF-8), which a borrow could flag wrongly.
    #[test]
    fn line_end_is_memchr() {
        let alphabet = [
            b'\n',
            0x0b,
            0x09,
            0x0a ^ 0x80,
            0x8a,
            0xff,
            0x00,
            0x01,
            b'a',
            0xc3,
            0xa9,
        ];
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let mut checked = 0;
        for _ in 0..20_000 {
            let len = next(300);
            let mut b: Vec<u8> = (0..len)
                .map(|_| alphabet[1 + next(alphabet.len() - 1)])
                .collect();
            // Zero, one or two line ends, anywhere.
            for _ in 0..next(3) {
                if len > 0 {
                    let at = next(len);
                    b[at] = b'\n';
                }
            }
            assert_eq!(line_end(&b, false), memchr(b'\n', &b), "{b:?}");
            assert_eq!(line_end(&b, true), memchr(b'\n', &b), "{b:?}");
            checked += usize::from(line_end(&b, false).is_some());
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn splits_lines_with_crlf_and_indent() {
        let mut c = Cursor::new("a\r\n\t b \n\nlast");
        let l = c.next_line().unwrap();
        assert_eq!((l.text, l.num, l.offset), ("a", 1, 0));
        let l = c.next_line().unwrap();
        assert_eq!((l.body, l.indent, l.num, l.offset), ("b", 2, 2, 3));
        assert!(c.next_line().unwrap().is_blank());
        assert_eq!(c.peek().unwrap().text, "last");
        assert_eq!(c.next_line().unwrap().text, "last");
        assert!(c.next_line().is_none());
        assert!(c.at_end());
    }

    #[test]
    fn prefixes_with_digit_runs() {
        assert_eq!(prefix_len(b"web-1  | ", b"web-1  | goroutine 1"), Some(9));
        assert_eq!(prefix_len(b"web-1  | ", b"web-1  |"), Some(8));
        assert_eq!(prefix_len(b"web-1  | ", b"web-2  | x"), Some(9));
        assert_eq!(prefix_len(b"web-1  | ", b"api-1  | x"), None);
        let p = b"2024-01-01T00:00:00.5Z stderr F ";
        assert_eq!(
            prefix_len(p, b"2024-01-01T00:00:00.123456789Z stderr F x"),
            Some(40)
        );
        let mut c = Cursor::new("a\nP1 b\nP22 c\nd\n");
        c.next_line();
        c.set_prefix(Some("P1 "));
        assert_eq!(c.next_line().unwrap().text, "b");
        assert_eq!(c.next_line().unwrap().text, "c");
        let l = c.next_line().unwrap();
        assert_eq!((l.text, l.num), ("d", 4));
        assert!(c.next_line().is_none());
        let mut c = Cursor::new("\u{feff}x\n");
        assert_eq!(c.next_line().unwrap().text, "x");
    }
}
