//! What the CLI reads: compressed and UTF-16 input decoded on the fly, and
//! what the input looked like when no report was found in it.

use std::io::{self, Read};

/// Input as read from a file or a pipe, `Send` for the reader thread.
pub type Input = Box<dyn Read + Send>;

/// How the input was decoded before scanning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Gzip,
    Zstd,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn describe(self) -> &'static str {
        match self {
            Encoding::Gzip => "gzip-compressed",
            Encoding::Zstd => "zstd-compressed",
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
        }
    }
}

/// Reads up to `n` bytes (fewer only at the end of the input).
fn peek(r: &mut Input, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    while head.len() < n {
        let mut b = [0u8; 8];
        let want = (n - head.len()).min(8);
        match r.read(&mut b[..want]) {
            Ok(0) => break,
            Ok(k) => head.extend_from_slice(&b[..k]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(head)
}

/// `r` decoded: gzip (several members too), zstd (several frames too),
/// UTF-16 with a byte-order mark (also inside compressed input). The
/// encodings found, outermost first.
pub fn decode(mut r: Input) -> io::Result<(Input, Vec<Encoding>)> {
    let mut found = Vec::new();
    for _ in 0..2 {
        let head = peek(&mut r, 4)?;
        let rest: Input = Box::new(io::Cursor::new(head.clone()).chain(r));
        let (next, enc): (Input, Encoding) = match head.as_slice() {
            [0x1f, 0x8b, ..] => (
                Box::new(flate2::read::MultiGzDecoder::new(rest)),
                Encoding::Gzip,
            ),
            [0x28, 0xb5, 0x2f, 0xfd, ..] => (Box::new(ZstdFrames::new(rest)), Encoding::Zstd),
            [0xff, 0xfe, ..] => (Box::new(Utf16::new(rest, false)), Encoding::Utf16Le),
            [0xfe, 0xff, ..] => (Box::new(Utf16::new(rest, true)), Encoding::Utf16Be),
            _ => return Ok((rest, found)),
        };
        found.push(enc);
        r = next;
        if matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be) {
            break;
        }
    }
    Ok((r, found))
}

/// zstd frames one after another (what `cat a.zst b.zst` makes).
struct ZstdFrames {
    source: Option<Input>,
    frame: Option<ruzstd::StreamingDecoder<Input, ruzstd::FrameDecoder>>,
}

impl ZstdFrames {
    fn new(source: Input) -> Self {
        ZstdFrames {
            source: Some(source),
            frame: None,
        }
    }
}

impl Read for ZstdFrames {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some(f) = &mut self.frame {
                let n = f.read(buf)?;
                if n > 0 || buf.is_empty() {
                    return Ok(n);
                }
                // The frame ended: the next one, if any.
                let f = self.frame.take().expect("checked");
                let mut src = f.into_inner();
                let head = peek(&mut src, 4)?;
                if head.is_empty() {
                    return Ok(0);
                }
                self.source = Some(Box::new(io::Cursor::new(head).chain(src)));
            }
            let Some(src) = self.source.take() else {
                return Ok(0);
            };
            match ruzstd::StreamingDecoder::new(src) {
                Ok(d) => self.frame = Some(d),
                Err(e) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("zstd: {e}"),
                    ))
                }
            }
        }
    }
}

/// UTF-16 → UTF-8, streaming: the byte-order mark dropped, a surrogate
/// pair or a code unit split between reads kept for the next, unpaired
/// surrogates as U+FFFD.
struct Utf16 {
    inner: Input,
    big_endian: bool,
    bom: bool,
    odd: Option<u8>,
    high: Option<u16>,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Utf16 {
    fn new(inner: Input, big_endian: bool) -> Self {
        Utf16 {
            inner,
            big_endian,
            bom: true,
            odd: None,
            high: None,
            out: Vec::new(),
            pos: 0,
            done: false,
        }
    }

    fn push_char(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }

    fn unit(&mut self, u: u16) {
        if self.bom {
            self.bom = false;
            if u == 0xfeff {
                return;
            }
        }
        match (self.high.take(), u) {
            (Some(h), 0xdc00..=0xdfff) => {
                let c = 0x10000 + ((u32::from(h) - 0xd800) << 10) + (u32::from(u) - 0xdc00);
                self.push_char(char::from_u32(c).unwrap_or('\u{fffd}'));
            }
            (h, 0xd800..=0xdbff) => {
                if h.is_some() {
                    self.push_char('\u{fffd}');
                }
                self.high = Some(u);
            }
            (h, _) => {
                if h.is_some() {
                    self.push_char('\u{fffd}');
                }
                let c = char::from_u32(u32::from(u)).unwrap_or('\u{fffd}');
                self.push_char(c);
            }
        }
    }
}

impl Read for Utf16 {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.out.clear();
            self.pos = 0;
            let mut raw = [0u8; 32 << 10];
            let n = loop {
                match self.inner.read(&mut raw) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    r => break r?,
                }
            };
            if n == 0 {
                self.done = true;
                if self.odd.take().is_some() || self.high.take().is_some() {
                    self.push_char('\u{fffd}');
                }
                continue;
            }
            let mut bytes = &raw[..n];
            if let Some(first) = self.odd.take() {
                let pair = [first, bytes[0]];
                bytes = &bytes[1..];
                let u = if self.big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                };
                self.unit(u);
            }
            let mut chunks = bytes.chunks_exact(2);
            for c in &mut chunks {
                let pair = [c[0], c[1]];
                let u = if self.big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                };
                self.unit(u);
            }
            if let [b] = chunks.remainder() {
                self.odd = Some(*b);
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// What the text read looked like, gathered as it streams past.
#[derive(Debug, Default)]
pub struct Seen {
    pub bytes: u64,
    /// Complete lines, from the scanner (which counts them anyway): set
    /// before [`Seen::describe`].
    pub lines: u64,
    /// NULs and other control bytes in the first 64 KiB (not TAB, CR, LF,
    /// ESC).
    controls: u64,
    sampled: u64,
    /// Lines of the first 64 KiB, and how many of them are JSON objects.
    sample_lines: u64,
    json_lines: u64,
    at_line_start: bool,
    /// The last byte read ended a line.
    ended_line: bool,
}

const SAMPLE: u64 = 64 << 10;

impl Seen {
    pub fn new() -> Self {
        Seen {
            at_line_start: true,
            ..Default::default()
        }
    }

    pub fn add(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        if let Some(&last) = chunk.last() {
            self.ended_line = last == b'\n';
        }
        if self.sampled >= SAMPLE {
            return;
        }
        let take = ((SAMPLE - self.sampled) as usize).min(chunk.len());
        for &b in &chunk[..take] {
            if self.at_line_start && !matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                self.sample_lines += 1;
                if b == b'{' {
                    self.json_lines += 1;
                }
                self.at_line_start = false;
            }
            if b == b'\n' {
                self.at_line_start = true;
            } else if b < 0x20 && !matches!(b, b'\t' | b'\r' | 0x1b) || b == 0x7f {
                self.controls += 1;
            }
        }
        self.sampled += take as u64;
    }

    /// One clause saying what the input looked like.
    pub fn describe(&self, encodings: &[Encoding]) -> String {
        let mut s: String = encodings
            .iter()
            .map(|e| format!("{}, ", e.describe()))
            .collect();
        let lines = self.lines + u64::from(self.bytes > 0 && !self.ended_line);
        if self.bytes == 0 {
            s.push_str("empty");
        } else if self.controls * 100 > self.sampled.max(1) {
            s.push_str(&format!("binary data, {} bytes, not text", self.bytes));
        } else if self.sample_lines > 0 && self.json_lines * 10 >= self.sample_lines * 9 {
            s.push_str(&format!(
                "{lines} line{} of JSON records, none holding a Go crash",
                plural(lines)
            ));
        } else {
            s.push_str(&format!(
                "{lines} line{} of text, no Go panic, fatal error, goroutine dump, race report or Delve output in {}",
                plural(lines),
                if lines == 1 { "it" } else { "them" }
            ));
        }
        s
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
