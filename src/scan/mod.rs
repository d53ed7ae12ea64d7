//! The scanner: the one road from bytes to reports, for a whole buffer and
//! for a stream alike.
//!
//! [`Scanner`] is a push scanner in the manner of csv-core and tokio-util's
//! `Decoder`: it owns no I/O, no thread and no clock. Feed it bytes in any
//! chunking (optionally per source, so that interleaved streams never mix)
//! and it hands out each report as soon as it is complete — when a line
//! arrives that cannot continue it, when the caller says the source went
//! quiet ([`Scanner::flush_idle`]), or at [`Scanner::finish`]. [`crate::parse`]
//! is this scanner fed one buffer and finished.
//!
//! How it stays exact: the format parsers look ahead over complete lines.
//! When a step of the scan would need a line that has not arrived yet, the
//! step is abandoned (nothing it found is handed out) and done again once
//! more lines are there, so every decision is made on the same lines a
//! one-shot parse sees. Only the lines of the report being read (and a
//! bounded look-ahead) are buffered; everything before is dropped.
//!
//! How it stays linear: redoing a step costs the size of the report it
//! reads, so a step is redone only when a line arrived that may end the
//! report (a line that is not part of a goroutine block or Delve stack),
//! a retry that was looking ahead has had the lines it may need, and the
//! work spent on retries is under a few times the bytes fed. A report
//! followed only by lines shaped like its own is handed out at the next
//! other line, when the caller says the source is quiet, or at the end.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};

use memchr::memrchr;

mod detect;
mod json;
mod transport;

pub(crate) use self::detect::NIL_PANIC_OR_GOEXIT;
use self::detect::{Carry, Detector};
use crate::model::{LogContext, Report, Transport};
use crate::parse::Formats;

/// Limits that bound what the scanner holds in memory, whatever the input.
///
/// When one cuts, the report says so in [`Report::cut`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Longest line kept: the rest of a longer line is dropped (counted in
    /// [`crate::Cut::long_lines`] and [`crate::Cut::line_bytes_dropped`]).
    pub max_line_bytes: usize,
    /// Most bytes of text buffered for one report still being read; a
    /// report that reaches it is ended there ([`crate::Cut::report_bytes`])
    /// and what follows is scanned as new input. Applies to [`Scanner`]
    /// (a buffer given to [`crate::parse`] is already in memory).
    pub max_report_bytes: usize,
    /// Most frames kept per goroutine ([`crate::Cut::frames_dropped`]).
    pub max_frames: usize,
    /// Most goroutines kept per report ([`crate::Cut::goroutines_dropped`]).
    pub max_goroutines: usize,
}

/// [`Limits::max_line_bytes`] by default: 256 KiB.
pub const MAX_LINE_BYTES: usize = 256 << 10;
/// [`Limits::max_report_bytes`] by default: 512 MiB.
pub const MAX_REPORT_BYTES: usize = 512 << 20;
/// [`Limits::max_frames`] by default (Go prints at most 100 per goroutine
/// in a traceback; `debug.Stack` and Delve print more).
pub const MAX_FRAMES: usize = 10_000;
/// [`Limits::max_goroutines`] by default.
pub const MAX_GOROUTINES: usize = 10_000_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line_bytes: MAX_LINE_BYTES,
            max_report_bytes: MAX_REPORT_BYTES,
            max_frames: MAX_FRAMES,
            max_goroutines: MAX_GOROUTINES,
        }
    }
}

impl Limits {
    /// Limits with `max_line_bytes` set (at least 64).
    pub fn max_line_bytes(mut self, n: usize) -> Self {
        self.max_line_bytes = n.max(64);
        self
    }
    /// Limits with `max_report_bytes` set (at least one line's worth).
    pub fn max_report_bytes(mut self, n: usize) -> Self {
        self.max_report_bytes = n.max(64);
        self
    }
    /// Limits with `max_frames` set.
    pub fn max_frames(mut self, n: usize) -> Self {
        self.max_frames = n;
        self
    }
    /// Limits with `max_goroutines` set.
    pub fn max_goroutines(mut self, n: usize) -> Self {
        self.max_goroutines = n;
        self
    }
}

/// A push scanner: bytes in, reports out as soon as they are complete.
///
/// Reports are handed to a closure and borrow the scanner's buffer (or the
/// chunk just fed) for the duration of the call: zero copies. Call
/// [`Report::into_owned`] to keep one.
///
/// ```
/// let mut scanner = gostack::Scanner::new();
/// let mut kinds = Vec::new();
/// let log = "starting\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x25\nexit status 2\n";
/// for chunk in log.as_bytes().chunks(7) {
///     scanner.feed(chunk, |r| kinds.push(r.kind));
/// }
/// // Nothing after `exit status 2` yet: the report may go on.
/// assert!(kinds.is_empty());
/// scanner.feed(b"listening on :8080\n", |r| kinds.push(r.kind));
/// assert_eq!(kinds, [gostack::ReportKind::Panic]);
/// scanner.finish(|r| kinds.push(r.kind));
/// assert_eq!(kinds.len(), 1);
/// ```
#[derive(Debug)]
pub struct Scanner {
    cfg: Config,
    inputs: HashMap<Box<str>, Input>,
    /// Bytes given to the parsers so far, retries included.
    scanned: u64,
    /// Lines of the sources that have ended.
    ended_lines: u64,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

/// What every source is scanned with.
#[derive(Debug, Clone, Copy)]
struct Config {
    formats: Formats,
    limits: Limits,
    /// Grouping while parsing.
    group: Option<crate::group::Similarity>,
    /// Members of a bucket release their frames, grouping while parsing.
    release: bool,
}

/// One input the caller feeds (a name given to [`Scanner::feed_source`]):
/// its transport, and the sources its lines are demultiplexed into.
#[derive(Debug)]
struct Input {
    framing: Framing,
    /// A raw line whose end has not arrived (framed input only).
    raw: Vec<u8>,
    /// No line end has come yet.
    first: bool,
    /// The input's own lines (all of them when it is plain text).
    main: Source,
    /// The sources a transport named (a service, a stream), in the order
    /// they appeared; looked up line by line, the last used first.
    subs: Vec<Sub>,
    /// Index in `subs` of the last source a line went to.
    last_sub: usize,
}

/// Whether an input's lines are wrapped by a transport.
#[derive(Debug)]
enum Framing {
    /// Not known yet: lines are classified one by one. A line in a shape
    /// that a plain log line could also have (compose, stern) is held until
    /// the next non-blank line says whether the input is in that shape.
    Undecided {
        plain_lines: usize,
        held: Option<(Transport, Vec<u8>)>,
    },
    /// Plain text: chunks go to the main source as they are.
    Plain,
    /// Plain text whose lines may end with a lone CR (classic Mac OS,
    /// some terminals and paste buffers): CR, LF and CRLF all end a line.
    /// `pending`: the last chunk ended with a CR (an LF may follow).
    Cr { pending: bool },
    /// Every line is decoded under this transport (lines not in its shape
    /// are the input's own text).
    Framed(Transport),
}

/// Lone CRs on an input's first line (up to its first LF, or the whole of
/// it) that make CR a line end: a CR-only text has nothing but them.
const CR_LINES: usize = 3;

/// CRs not followed by an LF.
fn lone_crs(b: &[u8]) -> usize {
    memchr::memchr_iter(b'\r', b)
        .filter(|&i| b.get(i + 1).is_some_and(|c| *c != b'\n'))
        .count()
}

/// Non-blank lines without a transport after which an input is plain text.
const DECIDE_LINES: usize = 32;

/// What the scanner holds for one source.
#[derive(Debug, Default)]
struct Source {
    /// The name its reports carry ([`Report::source`]; empty: none).
    display: Box<str>,
    /// What the transport says of its lines.
    track: Option<Box<Track>>,
    /// Decoded text waiting to be fed (filled line by line from one chunk
    /// of a framed input, fed at the end of it).
    batch: Vec<u8>,
    carry: Carry,
    /// Complete lines not yet done with (the report being read).
    buf: String,
    /// Lines in `buf`.
    buf_lines: usize,
    /// The start of a line whose end has not arrived.
    partial: Vec<u8>,
    /// Bytes dropped from `partial` past the line limit.
    partial_dropped: u64,
    /// `buf.len()` after the last pass (what it could not finish).
    left: usize,
    /// Bytes the next retries may re-read ([`CREDIT_PER_BYTE`] per byte
    /// fed, less the bytes re-read so far).
    credit: usize,
    /// Lines in a row, the last fed, that may end the open report.
    run: usize,
    /// The retry waits until `run` reaches this: 1, then doubled after each
    /// retry that could not finish (the parser is looking ahead over those
    /// lines: give it more first), up to [`LOOKAHEAD_LINES`], then every
    /// [`LOOKAHEAD_LINES`] lines.
    target: usize,
    /// Bytes the caller said are still to come ([`Scanner::size_hint`]).
    expect: usize,
}

/// A transport's record of a source's lines.
#[derive(Debug)]
struct Track {
    transport: Transport,
    stream: Option<Box<str>>,
    /// Line number → the transport's timestamp, for the lines that may
    /// still begin a report.
    times: VecDeque<(usize, String)>,
    /// A timestamp's room done with, written into again (a record's time
    /// differs from the last one's on nearly every line).
    spare: String,
    /// Complete lines fed so far.
    lines: usize,
    /// A line begun (its time recorded) whose end has not come.
    open: bool,
}

impl Source {
    fn new(display: &str, track: Option<Box<Track>>) -> Self {
        Source {
            display: display.into(),
            track,
            credit: START_CREDIT,
            ..Source::default()
        }
    }

    /// Adds one line of the input's own text to the batch.
    fn plain_line(&mut self, line: &[u8]) {
        self.batch.extend_from_slice(line);
        self.batch.push(b'\n');
    }

    /// Adds the input's last line, cut (no line end after it).
    fn cut_line(&mut self, line: &[u8]) {
        self.batch.extend_from_slice(line);
    }

    /// Feeds what was batched.
    fn feed_batch(&mut self, run: &mut Run<'_>) {
        if !self.batch.is_empty() {
            let batch = std::mem::take(&mut self.batch);
            self.feed(&batch, run);
            self.batch = batch;
            self.batch.clear();
        }
    }
}

impl Input {
    fn new(name: &str) -> Self {
        Input {
            framing: Framing::Undecided {
                plain_lines: 0,
                held: None,
            },
            raw: Vec::new(),
            first: true,
            main: Source::new(name, None),
            subs: Vec::new(),
            last_sub: 0,
        }
    }

    fn feed(&mut self, name: &str, chunk: &[u8], run: &mut Run<'_>) {
        match self.framing {
            Framing::Plain => return self.main.feed(chunk, run),
            Framing::Cr { .. } => return self.feed_cr(chunk, run),
            _ => {}
        }
        // The chunk checked as text once: its lines are then slices of it
        // (a line end is ASCII, so a line of valid text is valid text).
        let valid = match std::str::from_utf8(chunk) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(&chunk[..e.valid_up_to()]).unwrap_or(""),
        };
        let mut rest = chunk;
        loop {
            let nl = memchr::memchr(b'\n', rest);
            if let (Framing::Undecided { .. }, true) = (&self.framing, self.first) {
                let end = nl.unwrap_or(rest.len());
                let crs = if self.raw.is_empty() {
                    lone_crs(&rest[..end])
                } else {
                    lone_crs(&[&self.raw[..], &rest[..end]].concat())
                };
                if crs >= CR_LINES {
                    // Lines end with lone CRs: read them so from here on.
                    if let Framing::Undecided {
                        held: Some((_, line)),
                        ..
                    } = std::mem::replace(&mut self.framing, Framing::Cr { pending: false })
                    {
                        self.main.plain_line(&line);
                    }
                    self.main.feed_batch(run);
                    let raw = std::mem::take(&mut self.raw);
                    self.feed_cr(&raw, run);
                    self.feed_cr(rest, run);
                    return;
                }
                // A line longer than any transport's record: plain text.
                if self.raw.len() + nl.unwrap_or(rest.len()) > raw_bound(&run.cfg.limits) {
                    if let Framing::Undecided {
                        held: Some((_, line)),
                        ..
                    } = std::mem::replace(&mut self.framing, Framing::Plain)
                    {
                        self.main.plain_line(&line);
                    }
                    self.main.feed_batch(run);
                    let raw = std::mem::take(&mut self.raw);
                    self.main.feed(&raw, run);
                    self.main.feed(rest, run);
                    return;
                }
            }
            let Some(nl) = nl else { break };
            if self.raw.is_empty() {
                let at = chunk.len() - rest.len();
                let text = match valid.get(at..at + nl) {
                    Some(t) => Cow::Borrowed(t),
                    None => lossy(&rest[..nl]),
                };
                self.line_ended(name, &rest[..nl], text, run.cfg, true);
            } else {
                let mut raw = std::mem::take(&mut self.raw);
                push_bounded(&mut raw, &rest[..nl], &run.cfg.limits);
                self.line(name, &raw, run.cfg);
                raw.clear();
                self.raw = raw;
            }
            rest = &rest[nl + 1..];
            self.first = false;
            if let Framing::Plain = self.framing {
                self.main.feed_batch(run);
                self.main.feed(rest, run);
                return;
            }
        }
        push_bounded(&mut self.raw, rest, &run.cfg.limits);
        self.feed_batches(run);
    }

    /// Feeds text whose lines may end with lone CRs, as LF lines.
    fn feed_cr(&mut self, chunk: &[u8], run: &mut Run<'_>) {
        let Framing::Cr { pending } = &mut self.framing else {
            unreachable!("CR framing");
        };
        let mut out = Vec::with_capacity(chunk.len());
        let mut bytes = chunk;
        if *pending && bytes.first() == Some(&b'\n') {
            bytes = &bytes[1..];
        }
        let mut i = 0;
        while let Some(k) = memchr::memchr(b'\r', &bytes[i..]) {
            out.extend_from_slice(&bytes[i..i + k]);
            out.push(b'\n');
            i += k + 1;
            if bytes.get(i) == Some(&b'\n') {
                i += 1;
            }
        }
        out.extend_from_slice(&bytes[i..]);
        *pending = chunk.last() == Some(&b'\r');
        self.main.feed(&out, run);
    }

    fn feed_batches(&mut self, run: &mut Run<'_>) {
        self.main.feed_batch(run);
        for sub in &mut self.subs {
            sub.src.feed_batch(run);
        }
    }

    /// One complete raw line (without its `\n`).
    fn line(&mut self, name: &str, raw: &[u8], cfg: &Config) {
        self.line_ended(name, raw, lossy(raw), cfg, true);
    }

    /// One raw line and its `text` (invalid UTF-8 replaced); `ended`: a
    /// line end followed it (false for the last line of a cut input).
    fn line_ended(
        &mut self,
        name: &str,
        raw: &[u8],
        text: Cow<'_, str>,
        cfg: &Config,
        ended: bool,
    ) {
        match &mut self.framing {
            Framing::Plain | Framing::Cr { .. } if ended => self.main.plain_line(raw),
            Framing::Plain | Framing::Cr { .. } => self.main.cut_line(raw),
            Framing::Framed(t) => {
                let t = *t;
                self.framed_line(name, t, raw, &text, cfg, ended);
            }
            Framing::Undecided { plain_lines, held } => {
                if text.trim().is_empty() {
                    // A prefixing transport prefixes empty lines too: a
                    // held line is not followed by its kind, so it is text
                    // (and keeps its place before this one).
                    if let Some((_, line)) = held.take() {
                        self.main.plain_line(&line);
                        *plain_lines += 1;
                    }
                    if ended {
                        self.main.plain_line(raw);
                    } else {
                        self.main.cut_line(raw);
                    }
                    return;
                }
                match transport::classify(&text) {
                    Some(t @ (Transport::Compose | Transport::Stern)) => match held.take() {
                        Some((h, line)) if h == t => {
                            self.framing = Framing::Framed(t);
                            let held_text = lossy(&line);
                            self.framed_line(name, t, &line, &held_text, cfg, true);
                            self.framed_line(name, t, raw, &text, cfg, ended);
                        }
                        other => {
                            if let Some((_, line)) = other {
                                self.main.plain_line(&line);
                                *plain_lines += 1;
                            }
                            *held = Some((t, raw.to_vec()));
                        }
                    },
                    Some(t) => {
                        if let Some((_, line)) = held.take() {
                            self.main.plain_line(&line);
                        }
                        self.framing = Framing::Framed(t);
                        self.framed_line(name, t, raw, &text, cfg, ended);
                    }
                    None => {
                        if let Some((_, line)) = held.take() {
                            self.main.plain_line(&line);
                            *plain_lines += 1;
                        }
                        if ended {
                            self.main.plain_line(raw);
                        } else {
                            self.main.cut_line(raw);
                        }
                        *plain_lines += 1;
                        if *plain_lines >= DECIDE_LINES {
                            self.framing = Framing::Plain;
                        }
                    }
                }
            }
        }
    }

    /// A line of an input framed by `t`: its text goes to the source the
    /// transport names, or to the input's own lines when it is not in the
    /// transport's shape.
    fn framed_line(
        &mut self,
        name: &str,
        t: Transport,
        raw: &[u8],
        text: &str,
        cfg: &Config,
        ended: bool,
    ) {
        let Some(d) = transport::decode(t, text) else {
            if ended {
                self.main.plain_line(raw);
            } else {
                self.main.cut_line(raw);
            }
            return;
        };
        // A prefixed line cut short ends where the input does; a record's
        // own line end is in the record.
        let ends_line =
            d.ends_line && (ended || matches!(t, Transport::DockerJson | Transport::Cri));
        let stream = d.stream.as_deref().unwrap_or("");
        let code = stream_code(stream);
        let label = &*d.label;
        let is = |s: &Sub| {
            s.code == code
                && (code != OTHER_STREAM || *s.stream == *stream)
                && s.label.len() == label.len()
                && (label.is_empty() || *s.label == *label)
        };
        let at = match self.subs.get(self.last_sub) {
            Some(s) if is(s) => self.last_sub,
            _ => match self.subs.iter().position(is) {
                Some(i) => i,
                None => {
                    let display = match (name, label) {
                        (n, "") => n.to_owned(),
                        ("", l) => l.to_owned(),
                        (n, l) => format!("{n}/{l}"),
                    };
                    let track = Track {
                        transport: t,
                        stream: d.stream.as_deref().map(Into::into),
                        times: VecDeque::new(),
                        spare: String::new(),
                        lines: 0,
                        open: false,
                    };
                    self.subs.push(Sub {
                        label: label.into(),
                        stream: stream.into(),
                        code,
                        src: Source::new(&display, Some(Box::new(track))),
                    });
                    self.subs.len() - 1
                }
            },
        };
        self.last_sub = at;
        let src = &mut self.subs[at].src;
        let track = src.track.as_mut().expect("a transport's source");
        if !track.open {
            if let Some(time) = d.time {
                let line = track.lines + 1;
                // Only the lines that may still begin a report.
                let done = src
                    .carry
                    .lines
                    .saturating_sub(crate::parse::MAX_PENDING_LINES);
                while track.times.len() > 1 && track.times[1].0 <= done {
                    if let Some((_, t)) = track.times.pop_front() {
                        track.spare = t;
                    }
                }
                if track.times.back().is_none_or(|(_, t)| **t != *time) {
                    let mut t = std::mem::take(&mut track.spare);
                    t.clear();
                    t.push_str(&time);
                    track.times.push_back((line, t));
                }
            }
        }
        let room = (cfg.limits.max_line_bytes + 4).saturating_sub(src.batch.len());
        let mut text = d.text.as_bytes();
        if text.len() > room && !ends_line {
            text = &text[..room];
        }
        src.batch.extend_from_slice(text);
        if let Cow::Owned(_) = d.text {
            // Only decoding makes line ends (a record's escaped `\n`); text
            // taken from the line as it is holds none.
            track.lines += memchr::memchr_iter(b'\n', text).count();
        }
        if ends_line {
            src.batch.push(b'\n');
            track.lines += 1;
        }
        track.open = !ends_line;
    }

    /// The end of the input: a held line and a last line without its line
    /// end are read as they are.
    fn finish(&mut self, name: &str, run: &mut Run<'_>) {
        let cut = !self.raw.is_empty();
        if cut {
            let raw = std::mem::take(&mut self.raw);
            self.line_ended(name, &raw, lossy(&raw), run.cfg, false);
        }
        if let Framing::Undecided { held, .. } = &mut self.framing {
            // Held last: it is the cut line when there was one.
            match held.take() {
                Some((_, line)) if cut => self.main.cut_line(&line),
                Some((_, line)) => self.main.plain_line(&line),
                None => {}
            }
        }
        self.feed_batches(run);
        self.main.flush(true, run);
        for i in self.sub_order() {
            self.subs[i].src.flush(true, run);
        }
    }

    fn flush_idle(&mut self, run: &mut Run<'_>) {
        self.feed_batches(run);
        self.main.flush(false, run);
        for i in self.sub_order() {
            self.subs[i].src.flush(false, run);
        }
    }

    /// Lines of the input read so far (a transport's lines counted once
    /// decoded).
    fn lines(&self) -> u64 {
        let lines = |s: &Source| (s.carry.lines + s.buf_lines) as u64;
        lines(&self.main) + self.subs.iter().map(|sub| lines(&sub.src)).sum::<u64>()
    }

    /// Nothing was fed yet (a size hint aside).
    fn untouched(&self) -> bool {
        matches!(self.framing, Framing::Undecided { held: None, .. })
            && self.first
            && self.raw.is_empty()
            && self.subs.is_empty()
            && self.main.buf.is_empty()
            && self.main.partial.is_empty()
            && self.main.batch.is_empty()
            && self.main.carry.lines == 0
    }

    fn buffered(&self) -> usize {
        let held = match &self.framing {
            Framing::Undecided {
                held: Some((_, l)), ..
            } => l.len(),
            _ => 0,
        };
        std::iter::once(&self.main)
            .chain(self.subs.iter().map(|s| &s.src))
            .map(|s| s.buf.len() + s.partial.len() + s.batch.len())
            .sum::<usize>()
            + self.raw.len()
            + held
    }
}

/// A source a transport named.
#[derive(Debug)]
struct Sub {
    label: Box<str>,
    stream: Box<str>,
    /// [`stream_code`] of `stream`.
    code: u8,
    src: Source,
}

/// A stream's name as a number, compared per line without a string
/// comparison: none, `stdout`, `stderr`, another.
fn stream_code(s: &str) -> u8 {
    match s.as_bytes() {
        b"" => 0,
        b"stdout" => 1,
        b"stderr" => 2,
        _ => OTHER_STREAM,
    }
}

const OTHER_STREAM: u8 = 3;

impl Input {
    /// The sources a transport named, sorted by name and stream: the order
    /// their last reports come out at the end (the same on every run).
    fn sub_order(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.subs.len()).collect();
        v.sort_by(|&a, &b| {
            let (x, y) = (&self.subs[a], &self.subs[b]);
            (&x.label, &x.stream).cmp(&(&y.label, &y.stream))
        });
        v
    }
}

/// The longest raw line of a transport kept: a record of the longest line
/// kept, escaped (six bytes per char at most).
fn raw_bound(limits: &Limits) -> usize {
    6 * limits.max_line_bytes + 1024
}

/// Appends `bytes` to a raw line kept up to [`raw_bound`].
fn push_bounded(raw: &mut Vec<u8>, bytes: &[u8], limits: &Limits) {
    let room = raw_bound(limits).saturating_sub(raw.len());
    raw.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

impl Scanner {
    /// A scanner for every format, with the default [`Limits`].
    pub fn new() -> Self {
        Scanner::with_limits(Limits::default())
    }

    /// A scanner with `limits`.
    pub fn with_limits(limits: Limits) -> Self {
        Scanner::with_config(Formats::ALL, limits)
    }

    fn with_config(formats: Formats, limits: Limits) -> Self {
        Scanner {
            cfg: Config {
                formats,
                limits,
                group: None,
                release: false,
            },
            inputs: HashMap::new(),
            scanned: 0,
            ended_lines: 0,
        }
    }

    /// Groups each report's goroutines while it is parsed, under `sim`
    /// (`None`: not, the default). A goroutine is then compared with the
    /// buckets, and the values of its varying arguments tallied
    /// ([`Bucket::varying_args`](crate::group::Bucket::varying_args)),
    /// right after it is read, while its text is still in the cache —
    /// not in a second pass over a large dump after it has all been read.
    /// [`group_report`](crate::group::group_report) and the grouped views
    /// ([`crate::render`]) use that grouping when asked for the same
    /// similarity, so a report is grouped once either way, with the same
    /// result.
    ///
    /// The grouping is of the goroutines as parsed: after changing
    /// [`Report::goroutines`] yourself, call
    /// [`Report::forget_parsed_grouping`]. Reports made owned
    /// ([`Report::into_owned`]) or cloned are grouped again when asked.
    ///
    /// ```
    /// use gostack::group::{group_report, Similarity};
    /// let dump = "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\n\n\
    ///             goroutine 7 [chan receive]:\nmain.worker(0x1)\n\t/app/main.go:9 +0x2a\n\n\
    ///             goroutine 8 [chan receive]:\nmain.worker(0x2)\n\t/app/main.go:9 +0x2a\n";
    /// let mut scanner = gostack::Scanner::new();
    /// scanner.group_while_parsing(Some(Similarity::IgnoreArgs));
    /// let mut sizes = Vec::new();
    /// scanner.feed(dump.as_bytes(), |r| sizes.extend(group_report(&r, Similarity::IgnoreArgs).iter().map(|b| b.count())));
    /// scanner.finish(|r| sizes.extend(group_report(&r, Similarity::IgnoreArgs).iter().map(|b| b.count())));
    /// assert_eq!(sizes, [2, 1]);
    /// ```
    pub fn group_while_parsing(&mut self, sim: Option<crate::group::Similarity>) {
        self.cfg.group = sim;
    }

    /// While grouping while parsing ([`Scanner::group_while_parsing`]):
    /// whether a goroutine that joins a bucket gives up its frames once it
    /// is grouped (`true`; the default is `false`). A report then holds
    /// the frames of one goroutine per bucket, its representative: a dump
    /// of 100,000 goroutines in a few stacks takes the memory of those
    /// few. Each member keeps its header, `created by` and line span; its
    /// `frames` is empty and [`Goroutine::stack_of`](crate::Goroutine::stack_of)
    /// names the goroutine whose stack it shares
    /// ([`Goroutine::stack`](crate::Goroutine::stack) reads it).
    ///
    /// For views of buckets: [`group_report`](crate::group::group_report)
    /// and the grouped views ([`crate::render`]) give what they give with
    /// the frames kept (the values of varying arguments included). Grouped
    /// again under another similarity, a member goes with the goroutine
    /// whose stack it shares; helpers that read each goroutine's own
    /// frames (the text of every goroutine, per-goroutine fingerprints,
    /// filters on frames) see members without frames.
    ///
    /// ```
    /// use gostack::group::{group_report, Similarity};
    /// let dump: String = (1..=3)
    ///     .map(|i| format!("goroutine {i} [chan receive]:\nmain.worker({i:#x})\n\t/app/main.go:9 +0x2a\n\n"))
    ///     .collect();
    /// let mut scanner = gostack::Scanner::new();
    /// scanner.group_while_parsing(Some(Similarity::IgnoreArgs));
    /// scanner.release_member_frames(true);
    /// scanner.finish_with(dump.as_bytes(), |r| {
    ///     assert_eq!(r.goroutines[0].frames.len(), 1);
    ///     assert!(r.goroutines[2].frames.is_empty());
    ///     assert_eq!(r.goroutines[2].stack_of, Some(0));
    ///     assert_eq!(r.goroutines[2].stack(&r.goroutines)[0].function, "main.worker");
    ///     let b = group_report(&r, Similarity::IgnoreArgs);
    ///     assert_eq!((b.len(), b[0].count()), (1, 3));
    ///     let mut view = String::new();
    ///     let o = gostack::render::GroupedOptions::default();
    ///     gostack::render::write_grouped_report(&mut view, 0, &r, &o).unwrap();
    ///     assert!(view.contains("main.worker(0x1 | 0x2 | 0x3)"), "{view}");
    /// });
    /// ```
    pub fn release_member_frames(&mut self, yes: bool) {
        self.cfg.release = yes;
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.cfg.limits
    }

    /// Bytes held for all sources (buffered lines and partial lines): at
    /// most about [`Limits::max_report_bytes`] plus a chunk per source.
    pub fn buffered(&self) -> usize {
        self.inputs.values().map(Input::buffered).sum()
    }

    /// Bytes given to the format parsers so far, retries included: the work
    /// done. Bounded by a few times the bytes fed, whatever the input and
    /// its chunking.
    pub fn bytes_scanned(&self) -> u64 {
        self.scanned
    }

    /// Complete lines read so far, over every input and source (a
    /// transport's lines counted once decoded): what the scanner counts
    /// anyway, so a caller need not count them again.
    pub fn lines_read(&self) -> u64 {
        self.ended_lines + self.inputs.values().map(Input::lines).sum::<u64>()
    }

    /// Says that about `bytes` more bytes of the default source are coming
    /// (a regular file's size, say). When a report spans reads, the scanner
    /// then makes room for the rest of the input at once (up to
    /// [`Limits::max_report_bytes`]) instead of growing its buffer step by
    /// step, each step a copy of the report so far. A hint, not a limit:
    /// more or fewer bytes may come.
    ///
    /// ```
    /// let text = "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\n";
    /// let mut scanner = gostack::Scanner::new();
    /// scanner.size_hint(text.len() as u64);
    /// let mut n = 0;
    /// for chunk in text.as_bytes().chunks(7) {
    ///     scanner.feed(chunk, |_| n += 1);
    /// }
    /// scanner.finish(|r| n += r.goroutines.len());
    /// assert_eq!(n, 1);
    /// ```
    pub fn size_hint(&mut self, bytes: u64) {
        let input = self
            .inputs
            .entry(Box::from(""))
            .or_insert_with(|| Input::new(""));
        input.main.expect = usize::try_from(bytes).unwrap_or(usize::MAX);
    }

    /// Feeds the next bytes of the default source; `sink` receives each
    /// report completed by them.
    pub fn feed(&mut self, chunk: &[u8], sink: impl FnMut(Report<'_>)) {
        self.feed_source("", chunk, sink);
    }

    /// Feeds the next bytes of `source` (any name: a pod, a container, a
    /// file). Sources never mix: each has its own lines, line numbers and
    /// reports, and reports record their source ([`Report::source`]).
    ///
    /// A source's lines may arrive wrapped by a log transport — Docker's
    /// json-file records, CRI lines, or a per-line prefix naming the service
    /// that printed them (docker compose, `kubectl logs --prefix`, journald,
    /// stern). The scanner recognises it on the first lines, decodes every
    /// line, and demultiplexes the services into sources of their own
    /// (named `source/service`, or `service` for the default source), so
    /// that another service's lines never break, merge or end a report.
    /// What the transport said is in [`Report::log`].
    pub fn feed_source(&mut self, source: &str, chunk: &[u8], mut sink: impl FnMut(Report<'_>)) {
        let input = match self.inputs.get_mut(source) {
            Some(s) => s,
            None => self
                .inputs
                .entry(source.into())
                .or_insert_with(|| Input::new(source)),
        };
        let mut run = Run::new(&self.cfg, &mut self.scanned, &mut sink);
        input.feed(source, chunk, &mut run);
    }

    /// The caller's clock says every source went quiet: reports still open
    /// are ended as if their source had ended (a crash already read is
    /// shown at once). Scanning goes on with the next bytes fed.
    pub fn flush_idle(&mut self, mut sink: impl FnMut(Report<'_>)) {
        for name in self.names() {
            self.flush_source_idle(&name, &mut sink);
        }
    }

    /// Like [`Scanner::flush_idle`], for one source (and the services a
    /// transport demultiplexed from it).
    pub fn flush_source_idle(&mut self, source: &str, mut sink: impl FnMut(Report<'_>)) {
        if let Some(input) = self.inputs.get_mut(source) {
            let mut run = Run::new(&self.cfg, &mut self.scanned, &mut sink);
            input.flush_idle(&mut run);
        }
    }

    /// Every source ended: the last reports are handed out (a last line
    /// without a line end included) and the scanner is empty again.
    pub fn finish(&mut self, mut sink: impl FnMut(Report<'_>)) {
        for name in self.names() {
            self.finish_source(&name, &mut sink);
        }
    }

    /// The sources' names, in order (reports of several sources come out in
    /// the same order on every run).
    fn names(&self) -> Vec<Box<str>> {
        let mut names: Vec<_> = self.inputs.keys().cloned().collect();
        names.sort();
        names
    }

    /// Ends one source (see [`Scanner::finish`]).
    pub fn finish_source(&mut self, source: &str, mut sink: impl FnMut(Report<'_>)) {
        if let Some(mut input) = self.inputs.remove(source) {
            let mut run = Run::new(&self.cfg, &mut self.scanned, &mut sink);
            input.finish(source, &mut run);
            self.ended_lines += input.lines();
        }
    }

    /// Feeds the last bytes of the default source and ends it: what
    /// [`Scanner::feed`] then [`Scanner::finish_source`]`("")` do — but
    /// when nothing of it was fed before and `bytes` are plain text (valid
    /// UTF-8, no log transport), they are scanned where they are: reports
    /// borrow them, and a report is not copied into the scanner's buffer
    /// first. For a whole input already in memory (a file read or mapped
    /// at once), where a goroutine dump of many megabytes is one report.
    ///
    /// ```
    /// let dump = "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\n";
    /// let mut scanner = gostack::Scanner::new();
    /// let mut frames = Vec::new();
    /// scanner.finish_with(dump.as_bytes(), |r| frames.push(r.goroutines[0].frames[0].function.to_string()));
    /// assert_eq!(frames, ["main.main"]);
    /// assert_eq!(scanner.lines_read(), 3);
    /// ```
    pub fn finish_with(&mut self, bytes: &[u8], mut sink: impl FnMut(Report<'_>)) {
        let fresh = self.inputs.get("").is_none_or(Input::untouched);
        let text = simdutf8::basic::from_utf8(bytes)
            .ok()
            .filter(|t| fresh && !framed(t, &self.cfg.limits));
        let Some(text) = text else {
            self.feed(bytes, &mut sink);
            self.finish_source("", &mut sink);
            return;
        };
        let mut input = self.inputs.remove("").unwrap_or_else(|| Input::new(""));
        input.framing = Framing::Plain;
        let mut run = Run::new(&self.cfg, &mut self.scanned, &mut sink);
        // The pass that scans a chunk in place, ending the stream.
        let used = input.main.pass(text, true, &mut run);
        debug_assert_eq!(used, text.len());
        self.ended_lines += input.lines();
    }
}

/// Most lines a retry still looking ahead waits for before the next one:
/// more than the foreign lines a goroutine block may hold.
const LOOKAHEAD_LINES: usize = crate::parse::MAX_JUNK_LINES + 1;

/// A leftover this small (bytes) is finished line by line with the next
/// chunk's first lines ([`SMALL_LEFTOVER_LINES`] at most) before the rest of
/// the chunk is scanned where it is.
const SMALL_LEFTOVER: usize = 4096;
const SMALL_LEFTOVER_LINES: usize = 4;

/// What a source may re-read before it has been fed anything.
const START_CREDIT: usize = 64 << 10;
/// How many bytes a retry may re-read per byte fed: the bound on the work
/// redone, whatever the input.
const CREDIT_PER_BYTE: usize = 4;

/// Every report of `input`, scanned as one finished stream: plain text in
/// place (reports borrow `input`); text a transport wraps through the
/// scanner, whose decoded lines the reports own.
pub(crate) fn scan_str<'a>(input: &'a str, formats: Formats, limits: &Limits) -> Vec<Report<'a>> {
    let mut out = Vec::new();
    if framed(input, limits) {
        let mut scanner = Scanner::with_config(formats, *limits);
        scanner.feed(input.as_bytes(), |r| out.push(r.into_owned()));
        scanner.finish(|r| out.push(r.into_owned()));
        return out;
    }
    let mut carry = Carry::default();
    Detector::new(input, formats, limits, &carry, true, None).run(&mut carry, &mut |r| out.push(r));
    out
}

/// Whether the scanner would find a transport on the first lines of
/// `input` (the same decision, line by line).
fn framed(input: &str, limits: &Limits) -> bool {
    let mut probe = Input::new("");
    let cfg = Config {
        formats: Formats::ALL,
        limits: *limits,
        group: None,
        release: false,
    };
    for line in input.split('\n') {
        match probe.framing {
            Framing::Plain => return false,
            Framing::Framed(_) | Framing::Cr { .. } => return true,
            Framing::Undecided { .. } => {}
        }
        if probe.first && lone_crs(line.as_bytes()) >= CR_LINES {
            return true;
        }
        probe.first = false;
        if line.len() > raw_bound(limits) {
            return false;
        }
        probe.line("", line.as_bytes(), &cfg);
        probe.main.batch.clear();
    }
    matches!(probe.framing, Framing::Framed(_))
}

/// Whether a line of `text` that follows a blank line may end the report
/// being read ([`may_end`]): one vectorised search for blank lines (CRLF
/// ones when the text's first line ends so), stopping at the first.
fn ends_after_blank(text: &[u8]) -> bool {
    let crlf = memchr::memchr(b'\n', text).is_some_and(|i| i > 0 && text[i - 1] == b'\r');
    let blank: &[u8] = if crlf { b"\n\r\n" } else { b"\n\n" };
    memchr::memmem::find_iter(text, blank).any(|at| {
        let rest = &text[at + blank.len()..];
        let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        !line.is_empty() && may_end(line)
    })
}

/// Whether a new line may end the report being read: anything but the
/// shapes goroutine blocks and Delve stacks are made of (headers, function
/// lines, indented locations, frame lines, blank lines). Only a hint for
/// when to try again: the parsers decide.
fn may_end(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let start = line
        .iter()
        .position(|c| *c != b' ' && *c != b'\t')
        .unwrap_or(line.len());
    let body = &line[start..];
    if body.is_empty()
        || body.starts_with(b"...")
        || body.starts_with(b"goroutine ")
        || body.starts_with(b"created by ")
        || body.ends_with(b":")
        || (body.ends_with(b")") && memchr::memchr(b'(', body).is_some())
    {
        return false;
    }
    // Indented `file:line` locations (Go's, Delve's `at`).
    if start > 0 && memchr::memchr(b':', body).is_some() {
        return false;
    }
    // A Delve frame line: `12  0x00000000004b638a in main.bp`.
    let digits = body.iter().take_while(|c| c.is_ascii_digit()).count();
    !(digits > 0 && body[digits..].trim_ascii_start().starts_with(b"0x"))
}

/// What one call into the scanner works with.
struct Run<'r> {
    cfg: &'r Config,
    scanned: &'r mut u64,
    sink: &'r mut dyn FnMut(Report<'_>),
}

impl<'r> Run<'r> {
    fn new(cfg: &'r Config, scanned: &'r mut u64, sink: &'r mut dyn FnMut(Report<'_>)) -> Self {
        Run { cfg, scanned, sink }
    }
}

impl Source {
    fn feed(&mut self, chunk: &[u8], run: &mut Run<'_>) {
        self.credit = self.credit.saturating_add(CREDIT_PER_BYTE * chunk.len());
        // Bytes to come, this chunk's included.
        let expect = self.expect;
        self.expect = expect.saturating_sub(chunk.len());
        let Some(nl) = memrchr(b'\n', chunk) else {
            self.push_partial(chunk, &run.cfg.limits);
            return;
        };
        let (mut complete, rest) = chunk.split_at(nl + 1);
        if !self.partial.is_empty() {
            // The line begun in an earlier chunk ends here.
            let first = memchr::memchr(b'\n', complete).expect("has a line end");
            self.push_partial(&complete[..first], &run.cfg.limits);
            let mut line = std::mem::take(&mut self.partial);
            line.push(b'\n');
            complete = &complete[first + 1..];
            self.note_partial_cut();
            self.add_lines(&line);
            line.clear();
            self.partial = line;
            if self.left == 0 {
                self.retry(run);
            }
        }
        // A line or two left by a look-ahead at the end of the last chunk
        // (not a report being read): finish them with this chunk's first
        // lines, one at a time, so that the rest takes the fast road.
        if !self.buf.is_empty() && self.buf.len() <= SMALL_LEFTOVER {
            for _ in 0..SMALL_LEFTOVER_LINES {
                let Some(i) = memchr::memchr(b'\n', complete) else {
                    break;
                };
                let (line, rest) = complete.split_at(i + 1);
                self.add_lines(line);
                self.retry(run);
                if self.buf.as_bytes() == line {
                    // Only the line just added is left (a step on the last
                    // line looks at the next one): scan it where it is,
                    // with the rest of the chunk.
                    self.buf.clear();
                    (self.buf_lines, self.left) = (0, 0);
                    (self.run, self.target) = (0, 1);
                    break;
                }
                complete = rest;
                if self.buf.is_empty() || self.buf.len() > SMALL_LEFTOVER {
                    break;
                }
            }
        }
        // The common case: nothing open and the lines are valid text: scan
        // them where they are, keep only what is still open.
        if self.buf.is_empty() {
            if let Ok(text) = std::str::from_utf8(complete) {
                let used = self.pass(text, false, run);
                let rest_text = &text[used..];
                self.buf.push_str(rest_text);
                self.buf_lines = memchr::memchr_iter(b'\n', rest_text.as_bytes()).count();
                self.after_pass(run);
                self.push_partial(rest, &run.cfg.limits);
                return;
            }
        }
        if self.buf.capacity() - self.buf.len() < complete.len() && expect > 0 {
            // A report spans reads: room for the rest of the input at once
            // (growing step by step would copy it at every step).
            let room = expect.min(run.cfg.limits.max_report_bytes);
            self.buf.reserve_exact(room.max(complete.len()));
        }
        self.add_lines(complete);
        // Retry when nothing was left open (only new lines), or when lines
        // that may end the open report came (as many as a retry still
        // looking ahead may need) and the work stays under the credit.
        let retry =
            self.left == 0 || (self.run >= self.target.max(1) && self.credit >= self.buf.len());
        if retry {
            let was = self.buf.len();
            self.retry(run);
            if self.left > 0 && self.left == was {
                self.target = match self.target.max(1) {
                    t if t < LOOKAHEAD_LINES => (2 * t).min(LOOKAHEAD_LINES),
                    t => t + LOOKAHEAD_LINES,
                };
            } else {
                (self.run, self.target) = (0, 1);
            }
        } else if self.buf.len() > run.cfg.limits.max_report_bytes {
            self.after_pass(run);
        }
        self.push_partial(rest, &run.cfg.limits);
    }

    /// Appends complete lines to the buffer; while a report is open, counts
    /// the lines in a row that may end it.
    fn add_lines(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let before = self.buf.len();
        push_lossy(&mut self.buf, bytes);
        let new = &self.buf.as_bytes()[before..];
        self.buf_lines += memchr::memchr_iter(b'\n', new).count();
        if self.left > 0 {
            // Only the lines in a row at the end matter: read back from the
            // end to the first that continues the report.
            let mut lines = new[..new.len() - 1].rsplit(|c| *c == b'\n');
            let mut run = 0;
            let all = lines.all(|line| {
                let end = may_end(line);
                run += usize::from(end);
                end
            });
            if all {
                self.run += run;
            } else {
                // The last lines continue a report, maybe the next one: a
                // report may still have ended earlier in these bytes, at a
                // line after a blank one (small dumps with log lines
                // between them). Those count too, or such a stream would
                // be held until its end.
                (self.run, self.target) = (run + usize::from(ends_after_blank(new)), 1);
            }
        }
    }

    /// One pass over the buffered lines.
    fn retry(&mut self, run: &mut Run<'_>) {
        self.credit = self.credit.saturating_sub(self.buf.len());
        let buf = std::mem::take(&mut self.buf);
        let lines = self.carry.lines;
        let used = self.pass(&buf, false, run);
        self.buf = buf;
        self.buf.drain(..used);
        self.buf_lines -= self.carry.lines - lines;
        self.after_pass(run);
    }

    /// After a pass: what it left is the report being read; one that has
    /// grown past the limit is ended here, marked as cut.
    fn after_pass(&mut self, run: &mut Run<'_>) {
        if self.buf.len() > run.cfg.limits.max_report_bytes {
            let buf = std::mem::take(&mut self.buf);
            let mut reports = Vec::new();
            let inner = Run {
                cfg: run.cfg,
                scanned: &mut *run.scanned,
                sink: &mut |r: Report<'_>| reports.push(r.into_owned()),
            };
            let mut inner = inner;
            self.pass(&buf, true, &mut inner);
            if let Some(r) = reports.last_mut() {
                r.cut.get_or_insert_with(Default::default).report_bytes = true;
            }
            for r in reports {
                (run.sink)(r);
            }
            self.carry.after_idle();
            self.buf_lines = 0;
        }
        self.left = self.buf.len();
    }

    /// Scans `text` (complete lines that follow what was consumed);
    /// `last` ends the stream there. Returns the bytes done with.
    fn pass(&mut self, text: &str, last: bool, run: &mut Run<'_>) -> usize {
        *run.scanned += text.len() as u64;
        let source = (!self.display.is_empty()).then_some(&*self.display);
        let track = self.track.as_deref();
        let sink = &mut *run.sink;
        let mut named = |mut r: Report<'_>| {
            if let Some(s) = source {
                r.source = Some(Cow::Owned(s.to_owned()));
            }
            if let Some(t) = track {
                let c = t.context(r.lines.start);
                match &mut r.log {
                    // A trace decoded from a JSON record inside the transport.
                    Some(l) => {
                        l.transport = c.transport;
                        l.stream = l.stream.take().or(c.stream);
                        l.time = l.time.take().or(c.time);
                    }
                    None => r.log = Some(Box::new(c)),
                }
            }
            sink(r)
        };
        let cfg = run.cfg;
        let group = cfg.group.map(|sim| (sim, cfg.release));
        Detector::new(text, cfg.formats, &cfg.limits, &self.carry, last, group)
            .run(&mut self.carry, &mut named)
    }

    /// Keeps the start of a line whose end has not come, up to the limit.
    fn push_partial(&mut self, bytes: &[u8], limits: &Limits) {
        // Room for the longest UTF-8 sequence past the limit, so that the
        // cursor cuts the line where it would cut it whole.
        let room = (limits.max_line_bytes + 4).saturating_sub(self.partial.len());
        let keep = bytes.len().min(room);
        self.partial.extend_from_slice(&bytes[..keep]);
        self.partial_dropped += (bytes.len() - keep) as u64;
    }

    /// The partial line is complete: what was dropped from it is counted
    /// against its line.
    fn note_partial_cut(&mut self) {
        if self.partial_dropped > 0 {
            let num = self.carry.lines + self.buf_lines + 1;
            self.carry.line_cuts.push((num, self.partial_dropped));
            self.partial_dropped = 0;
        }
    }

    /// Ends what is open: at the end of the stream (`last`, the partial
    /// line included) or because the source went quiet.
    fn flush(&mut self, last: bool, run: &mut Run<'_>) {
        if last && !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.note_partial_cut();
            push_lossy(&mut self.buf, &line);
        }
        if self.buf.is_empty() && self.carry.is_idle() {
            return;
        }
        let buf = std::mem::take(&mut self.buf);
        let used = self.pass(&buf, true, run);
        debug_assert_eq!(used, buf.len());
        (self.left, self.buf_lines) = (0, 0);
        (self.run, self.target) = (0, 1);
        if !last {
            self.carry.after_idle();
        }
    }
}

impl Track {
    /// What the transport said of the report starting at `line`.
    fn context(&self, line: usize) -> LogContext<'static> {
        let mut c = LogContext::new(Some(self.transport));
        c.stream = self.stream.as_deref().map(|s| Cow::Owned(s.to_owned()));
        let i = self.times.partition_point(|(l, _)| *l <= line);
        c.time = self
            .times
            .get(i.saturating_sub(1))
            .map(|(_, t)| Cow::Owned(t.to_string()));
        c
    }
}

/// Appends `bytes` as text, invalid UTF-8 sequences replaced by U+FFFD.
fn push_lossy(buf: &mut String, bytes: &[u8]) {
    buf.push_str(&lossy(bytes));
}

/// `bytes` as text, invalid UTF-8 sequences replaced by U+FFFD. Valid text
/// (nearly all of it) is checked by `from_utf8`, several times faster than
/// `from_utf8_lossy`'s byte-by-byte walk: per line of a framed input, that
/// walk was a quarter of the time of reading Docker's records.
#[inline]
fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    /// Log pipelines move scanners between threads (async tasks).
    #[test]
    fn scanner_is_send() {
        fn send<T: Send>() {}
        send::<super::Scanner>();
    }
}
