//! The line cursor: byte offsets, 1-based line numbers, CRLF, indentation.

use memchr::memchr;

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
    /// True for an empty or whitespace-only line.
    #[inline]
    pub fn is_blank(&self) -> bool {
        self.body.is_empty()
    }
}

/// A cheap, copyable cursor over the lines of a `&str`, with the next line
/// already split so that peeking costs nothing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cursor<'a> {
    input: &'a str,
    /// Byte offset after `next`.
    pos: usize,
    /// The line the next call to `next_line` returns.
    next: Option<Line<'a>>,
}

impl<'a> Cursor<'a> {
    pub fn new(input: &'a str) -> Self {
        let mut c = Cursor {
            input,
            pos: 0,
            next: None,
        };
        c.next = c.split(0);
        c
    }

    /// Splits the line that starts at `self.pos`, advancing `pos` past it.
    #[inline]
    fn split(&mut self, num: usize) -> Option<Line<'a>> {
        let rest = &self.input[self.pos..];
        if rest.is_empty() {
            return None;
        }
        let offset = self.pos;
        let (mut text, adv) = match memchr(b'\n', rest.as_bytes()) {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        if let Some(t) = text.strip_suffix('\r') {
            text = t;
        }
        self.pos += adv;
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
        Some(Line {
            text,
            body,
            indent,
            num: num + 1,
            offset,
        })
    }

    /// The next line, advancing.
    #[inline]
    pub fn next_line(&mut self) -> Option<Line<'a>> {
        let l = self.next?;
        self.next = self.split(l.num);
        Some(l)
    }

    /// The next line without advancing.
    #[inline]
    pub fn peek(&self) -> Option<Line<'a>> {
        self.next
    }

    /// The line after the next one, without advancing.
    #[inline]
    pub fn peek2(&self) -> Option<Line<'a>> {
        let l = self.next?;
        let mut c = *self;
        c.split(l.num)
    }

    /// True when no line is left.
    #[inline]
    pub fn at_end(&self) -> bool {
        self.next.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
