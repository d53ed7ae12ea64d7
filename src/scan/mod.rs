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
use std::collections::HashMap;

use memchr::memrchr;

mod detect;

use self::detect::{Carry, Detector};
use crate::model::Report;
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
    sources: HashMap<Box<str>, Source>,
    /// Bytes given to the parsers so far, retries included.
    scanned: u64,
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
}

/// What the scanner holds for one source.
#[derive(Debug, Default)]
struct Source {
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
}

impl Scanner {
    /// A scanner for every format, with the default [`Limits`].
    pub fn new() -> Self {
        Scanner::with_limits(Limits::default())
    }

    /// A scanner with `limits`.
    pub fn with_limits(limits: Limits) -> Self {
        Scanner {
            cfg: Config {
                formats: Formats::ALL,
                limits,
            },
            sources: HashMap::new(),
            scanned: 0,
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.cfg.limits
    }

    /// Bytes held for all sources (buffered lines and partial lines): at
    /// most about [`Limits::max_report_bytes`] plus a chunk per source.
    pub fn buffered(&self) -> usize {
        self.sources
            .values()
            .map(|s| s.buf.len() + s.partial.len())
            .sum()
    }

    /// Bytes given to the format parsers so far, retries included: the work
    /// done. Bounded by a few times the bytes fed, whatever the input and
    /// its chunking.
    pub fn bytes_scanned(&self) -> u64 {
        self.scanned
    }

    /// Feeds the next bytes of the default source; `sink` receives each
    /// report completed by them.
    pub fn feed(&mut self, chunk: &[u8], sink: impl FnMut(Report<'_>)) {
        self.feed_source("", chunk, sink);
    }

    /// Feeds the next bytes of `source` (any name: a pod, a container, a
    /// file). Sources never mix: each has its own lines, line numbers and
    /// reports, and reports record their source ([`Report::source`]).
    pub fn feed_source(&mut self, source: &str, chunk: &[u8], mut sink: impl FnMut(Report<'_>)) {
        let src = match self.sources.get_mut(source) {
            Some(s) => s,
            None => self.sources.entry(source.into()).or_insert_with(|| Source {
                credit: START_CREDIT,
                ..Source::default()
            }),
        };
        let mut run = Run::new(&self.cfg, source, &mut self.scanned, &mut sink);
        src.feed(chunk, &mut run);
    }

    /// The caller's clock says every source went quiet: reports still open
    /// are ended as if their source had ended (a crash already read is
    /// shown at once). Scanning goes on with the next bytes fed.
    pub fn flush_idle(&mut self, mut sink: impl FnMut(Report<'_>)) {
        for name in self.names() {
            self.flush_source_idle(&name, &mut sink);
        }
    }

    /// Like [`Scanner::flush_idle`], for one source.
    pub fn flush_source_idle(&mut self, source: &str, mut sink: impl FnMut(Report<'_>)) {
        if let Some(src) = self.sources.get_mut(source) {
            let mut run = Run::new(&self.cfg, source, &mut self.scanned, &mut sink);
            src.flush(false, &mut run);
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
        let mut names: Vec<_> = self.sources.keys().cloned().collect();
        names.sort();
        names
    }

    /// Ends one source (see [`Scanner::finish`]).
    pub fn finish_source(&mut self, source: &str, mut sink: impl FnMut(Report<'_>)) {
        if let Some(mut src) = self.sources.remove(source) {
            let mut run = Run::new(&self.cfg, source, &mut self.scanned, &mut sink);
            src.flush(true, &mut run);
        }
    }
}

/// Most lines a retry still looking ahead waits for before the next one:
/// more than the foreign lines a goroutine block may hold.
const LOOKAHEAD_LINES: usize = crate::parse::MAX_JUNK_LINES + 1;

/// What a source may re-read before it has been fed anything.
const START_CREDIT: usize = 64 << 10;
/// How many bytes a retry may re-read per byte fed: the bound on the work
/// redone, whatever the input.
const CREDIT_PER_BYTE: usize = 4;

/// Every report of `input`, scanned as one finished stream.
pub(crate) fn scan_str<'a>(input: &'a str, formats: Formats, limits: &Limits) -> Vec<Report<'a>> {
    let mut out = Vec::new();
    let mut carry = Carry::default();
    Detector::new(input, formats, limits, &carry, true).run(&mut carry, &mut |r| out.push(r));
    out
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
    name: &'r str,
    scanned: &'r mut u64,
    sink: &'r mut dyn FnMut(Report<'_>),
}

impl<'r> Run<'r> {
    fn new(
        cfg: &'r Config,
        name: &'r str,
        scanned: &'r mut u64,
        sink: &'r mut dyn FnMut(Report<'_>),
    ) -> Self {
        Run {
            cfg,
            name,
            scanned,
            sink,
        }
    }
}

impl Source {
    fn feed(&mut self, chunk: &[u8], run: &mut Run<'_>) {
        self.credit = self.credit.saturating_add(CREDIT_PER_BYTE * chunk.len());
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
                (self.run, self.target) = (run, 1);
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
                name: run.name,
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
        let source = (!run.name.is_empty()).then_some(run.name);
        let sink = &mut *run.sink;
        let mut named = |mut r: Report<'_>| {
            if let Some(s) = source {
                r.source = Some(Cow::Owned(s.to_owned()));
            }
            sink(r)
        };
        let cfg = run.cfg;
        Detector::new(text, cfg.formats, &cfg.limits, &self.carry, last)
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

/// Appends `bytes` as text, invalid UTF-8 sequences replaced by U+FFFD.
fn push_lossy(buf: &mut String, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(s) => buf.push_str(s),
        Err(_) => buf.push_str(&String::from_utf8_lossy(bytes)),
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
