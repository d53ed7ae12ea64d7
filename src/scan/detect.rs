//! Detection: which format starts on a line, and the loop that hands each
//! report's first line to its format parser — the one road for a buffer
//! and a stream. The format parsers (`crate::parse`) read only their own
//! format; everything that decides where reports start, what precedes and
//! follows them (runtime lines, `go test` context, the race detector's
//! `Found N data race(s)`), and when a step must wait for more lines lives
//! here.

use std::borrow::Cow;
use std::ops::Range;

use memchr::memmem;

use crate::model::{
    own, LogContext, LogField, Panic, PanicKind, RecoveredBy, Report, ReportKind, TestName,
};
use crate::parse::delve;
use crate::parse::go::line::{
    fatal_line, func_line, goroutine_header, panic_line, pc_line, runtime_message, signal_name,
    truncated_header, Header, OTHER_THREAD,
};
use crate::parse::go::{
    body_start, headerless_stack, pprof, push_partial, race, running_tests, slog_panic_stack,
    test_ctx, test_fail, GoParser, Pending, MAX_PENDING_LINES, MAX_RAW_MESSAGE_LINES,
    SLOG_PANICKED,
};
use crate::parse::lines::{
    cut_lines, isolated, prefix_len, reset_cut_lines, reset_starved, starved, Cursor, Line,
};
use crate::parse::Formats;
use crate::scan::json;
use crate::scan::Limits;

/// The scan of one text: the Go parser (which owns the cursor) and what
/// detection keeps while it moves through the lines.
pub(crate) struct Detector<'a> {
    go: GoParser<'a>,
    /// Where a report may start after other text on a line.
    anchors: Anchors<'a>,
    /// Which formats to look for.
    formats: Formats,
    /// What a report may hold.
    limits: Limits,
    /// What a Delve session has shown so far.
    session: delve::Session<'a>,
    /// The last look-ahead for a prefixed `panic:` line that found nothing.
    prefix_scan: Option<PrefixScan<'a>>,
    /// The last line a report (or another format's output) took: the
    /// look-back for a recovered panic's value stops there.
    floor: usize,
    /// The first anchor of a trace (`goroutine `, `panic: `, `fatal
    /// error: `) on the line `embedded_start` looked at last.
    line_hit: Option<usize>,
    /// The text scanned, and the stream offset of its start.
    input: &'a str,
    base: usize,
    /// The last lines of the text before this one, when they may begin a
    /// recovered panic (see [`Carry::served`]).
    served: Option<(usize, Vec<Cow<'a, str>>)>,
}

/// A look-ahead over lines carrying a log prefix that found no report.
struct PrefixScan<'a> {
    prefix: &'a str,
    /// Positioned at the first line not looked at (with and without the
    /// prefix set).
    c: Cursor<'a>,
    raw: Cursor<'a>,
    /// That line's number.
    next: usize,
    /// Whether it stopped at a line without the prefix (or at the end)
    /// rather than at its limit.
    failed: bool,
}

/// Whether two log prefixes remove the same lines: each covers the other
/// whole under [`prefix_len`]'s rule (digit runs match digit runs).
fn same_prefix(a: &[u8], b: &[u8]) -> bool {
    prefix_len(a, b) == Some(b.len()) && prefix_len(b, a) == Some(a.len())
}

/// What the scan of one source carries from one piece of text to the next:
/// the lines waiting for the report they may precede, the Delve session, a
/// race report waiting for a later `Found N data race(s)` line, and how
/// much of the stream is behind. Everything is owned, so that the text it
/// was read from can be dropped.
#[derive(Debug, Default)]
pub(crate) struct Carry {
    /// Runtime lines seen just before (they become the next report's first
    /// lines if one starts right after them).
    pending: Vec<Pending<'static>>,
    /// `--- FAIL:` lines seen before the next report.
    tests: Vec<TestName<'static>>,
    /// The Delve session.
    session: delve::Session<'static>,
    /// The last race report, until a later line says how many races were
    /// found, the next report starts, or the stream ends.
    held: Option<Report<'static>>,
    /// Lines cut at the line limit while their end had not arrived: line
    /// number → bytes dropped (added to what the cursor cuts).
    pub line_cuts: Vec<(usize, u64)>,
    /// The last lines consumed, when they are a `http: panic serving`
    /// (or `testing.go:N: panic:`) line and the lines of its value (the
    /// stack it introduces may start the next text): the first one's
    /// number and the lines.
    served: Option<(usize, Vec<String>)>,
    /// Lines of the stream consumed so far.
    pub lines: usize,
    /// Bytes of the stream consumed so far.
    pub offset: usize,
}

impl Carry {
    /// Whether nothing but the position is carried (no report held, no
    /// pending lines).
    pub fn is_idle(&self) -> bool {
        self.pending.is_empty() && self.held.is_none()
    }

    /// After the source went quiet and what was open was handed out: the
    /// next report starts afresh (the position and the Delve session go on).
    pub fn after_idle(&mut self) {
        self.pending.clear();
        self.tests.clear();
        self.held = None;
    }
}

/// What one step of the top-level loop found (committed only if the step
/// did not look past the end of text that is not final).
enum Outcome<'a> {
    /// A Go runtime report.
    Go(Report<'a>),
    /// A report of another format (Delve, race, pprof).
    Other(Report<'a>),
    /// Lines consumed without a report (Delve prompts).
    Consumed,
    /// A runtime line that may precede a report.
    Pending,
    /// The race detector's `Found N data race(s)`.
    Found(u64),
    /// A `--- FAIL:` line.
    TestFail(TestName<'a>),
    /// Reports decoded from one line (a trace with escaped newlines in a
    /// JSON log record or a quoted log field).
    Escaped(Vec<Report<'a>>),
    /// Any other line.
    Text,
    /// A line of a format not looked for.
    Skip,
}

/// What starts a report at the top level.
enum Start<'a> {
    Crash,
    Signal,
    Dump(Header<'a>),
    /// A goroutine header cut short at the very end of the input.
    Truncated,
}

fn report_start<'a>(l: &Line<'a>, after: &Cursor<'a>) -> Option<Start<'a>> {
    let b = l.body;
    match b.as_bytes().first()? {
        b'p' if panic_line(b).is_some() => Some(Start::Crash),
        b'f' if fatal_line(b).is_some() => Some(Start::Crash),
        b'g' => match goroutine_header(b) {
            Some(h) => Some(Start::Dump(h)),
            None if after.at_end() && truncated_header(b).is_some() => Some(Start::Truncated),
            None => None,
        },
        b'S' | b'E'
            if signal_name(b) && after.peek().is_some_and(|n| pc_line(n.body).is_some()) =>
        {
            Some(Start::Signal)
        }
        _ => None,
    }
}

/// Whether a line prefix is only a quote or comment marker (`> `, `// `,
/// `# `): the text after it is the original, read as if unprefixed (a
/// header-only report included).
fn quote_marker(prefix: &str) -> bool {
    matches!(prefix.trim_start(), "> " | ">> " | "// " | "# ")
}

/// The length of a quote marker at the start of `l` (after its indent):
/// `> `, `>> `, `// `, `# `.
fn quote_prefix(l: &Line<'_>) -> Option<usize> {
    let b = l.body;
    let q = [">> ", "> ", "// ", "# "]
        .into_iter()
        .find(|q| b.starts_with(q))?;
    Some(l.indent + q.len())
}

/// Whether decoded text holds a trace: a goroutine header or a panic /
/// fatal error line, on a line of its own, or log/slog's `LogValue
/// panicked` value.
fn holds_trace(text: &str) -> bool {
    text.contains('\n')
        && (text.split('\n').any(|line| {
            let b = line.trim_start();
            goroutine_header(b).is_some() || panic_line(b).is_some() || fatal_line(b).is_some()
        }) || text.starts_with(SLOG_PANICKED) && slog_panic_stack(text).is_some())
}

/// Whether a JSON log record's value holds a trace: [`holds_trace`], or a
/// stack without a goroutine header (zap's `stacktrace`).
fn record_trace(v: &str) -> bool {
    holds_trace(v) || headerless_stack(v).is_some()
}

/// A trace one level down in a JSON object value: (its key, the trace).
fn nested_trace(v: &str) -> Option<(String, String)> {
    if !v.starts_with('{') {
        return None;
    }
    let (members, _) = json::object(v)?;
    members.into_iter().find_map(|(k, v)| {
        let v = v.into_text();
        record_trace(&v).then(|| (k.into_owned(), v.into_owned()))
    })
}

/// Whether the byte at `i` is escaped by an odd run of backslashes.
fn escaped_at(b: &[u8], i: usize) -> bool {
    b[..i].iter().rev().take_while(|c| **c == b'\\').count() % 2 == 1
}

/// Every line number of a report decoded from one line: that line.
fn pin_lines(r: &mut Report<'_>, num: usize, offset: usize) {
    r.lines = crate::model::LineSpan {
        start: num,
        end: num,
    };
    for p in &mut r.panics {
        p.line = num;
    }
    for g in &mut r.goroutines {
        g.lines = r.lines;
    }
    // Positions in the decoded text point at the record's line.
    for d in &mut r.diagnostics {
        d.line = num;
        d.column = 1;
        d.offset = offset;
    }
}

/// Most lines a recovered panic's value may span before its stack.
const MAX_SERVED_LINES: usize = 16;

/// A line where the standard library logs a panic it recovered, the
/// stack following on the next lines: where each part lies in the line.
struct RecoverLine {
    /// What the logger printed before the form (flags, a prefix).
    prefix: Range<usize>,
    logger: Range<usize>,
    location: Option<Range<usize>>,
    addr: Option<Range<usize>>,
    value: Range<usize>,
}

/// The testing package's message when a test ends by `runtime.Goexit`
/// (or, before Go 1.21, `panic(nil)`), logged without `panic: `.
pub(crate) const NIL_PANIC_OR_GOEXIT: &str = "test executed panic(nil) or runtime.Goexit";

/// The forms the standard library logs a recovered panic in:
/// `[PREFIX]http: panic serving ADDR: VALUE` (or `http2:`), as net/http's
/// servers log it, and `testing.go:N: panic: VALUE`, as the testing package
/// logs a fuzz target's panic while fuzzing (`t.Errorf` with
/// `debug.Stack()`, indented by `go test`).
fn recover_line(text: &str) -> Option<RecoverLine> {
    if let Some(at) = memmem::find(text.as_bytes(), b": panic serving ") {
        // After the last character that cannot be in the name (of any
        // width: a byte past it may be inside it).
        let logger = text[..at]
            .char_indices()
            .rfind(|(_, c)| !c.is_ascii_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        if !matches!(&text[logger..at], "http" | "http2") {
            return None;
        }
        let addr = at + ": panic serving ".len();
        let colon = addr + memmem::find(&text.as_bytes()[addr..], b": ")?;
        return Some(RecoverLine {
            prefix: 0..logger,
            logger: logger..at,
            location: None,
            addr: Some(addr..colon),
            value: colon + 2..text.len(),
        });
    }
    let at = memmem::find(text.as_bytes(), b"testing.go:")?;
    if at > 0 && !text.as_bytes()[at - 1].is_ascii_whitespace() {
        return None;
    }
    let num = at + "testing.go:".len();
    let digits = text[num..].bytes().take_while(u8::is_ascii_digit).count();
    let loc_end = num + digits;
    let after = text[loc_end..].strip_prefix(": ")?;
    let value = if after.starts_with("panic: ") {
        loc_end + 2 + "panic: ".len()
    } else if after == NIL_PANIC_OR_GOEXIT {
        loc_end + 2
    } else {
        return None;
    };
    if digits == 0 {
        return None;
    }
    Some(RecoverLine {
        // `go test` indents a test's log: that is not the logger's.
        prefix: if text[..at].trim().is_empty() {
            0..0
        } else {
            0..at
        },
        logger: at..at + "testing".len(),
        location: Some(at..loc_end),
        addr: None,
        value: value..text.len(),
    })
}

/// `text[r]`, borrowed when `text` is.
fn cut<'a>(text: &Cow<'a, str>, r: Range<usize>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(&t[r]),
        Cow::Owned(t) => Cow::Owned(t[r].to_owned()),
    }
}

/// Turns the dump of the goroutine that a standard-library recover printed
/// into the report of that panic (`lines`: the line of the form and the
/// value's further lines, from line `num`; `indent`: the indentation of
/// the stack, which `t.Errorf` also puts before the value's further lines).
fn recovered<'a>(
    rep: &mut Report<'a>,
    num: usize,
    lines: Vec<Cow<'a, str>>,
    indent: usize,
) -> Option<()> {
    let mut lines = lines.into_iter();
    let first = lines.next()?;
    let form = recover_line(&first)?;
    let logger = cut(&first, form.logger);
    let testing = logger == "testing";
    let mut message = cut(&first, form.value);
    for l in lines {
        let m = message.to_mut();
        m.push('\n');
        let skip = if testing {
            l.bytes().take(indent).take_while(|b| *b == b' ').count()
        } else {
            0
        };
        m.push_str(&l[skip..]);
    }
    rep.kind = ReportKind::RecoveredPanic;
    rep.panics = vec![Panic::new(PanicKind::Panic, message, num)];
    rep.lines.start = num;
    rep.recovered_by = Some(Box::new(RecoveredBy {
        location: form.location.map(|r| cut(&first, r)),
        remote_addr: form.addr.map(|r| cut(&first, r)),
        prefix: (!form.prefix.is_empty()).then(|| cut(&first, form.prefix)),
        logger,
    }));
    Some(())
}

/// Test context for a report: `--- FAIL:` lines printed before it, and for
/// a test timeout the `running tests:` list of its message. The `--- FAIL:`
/// lines are taken from `before` (they come before those of the trailer).
fn test_context<'a>(rep: &mut Report<'a>, before: &mut Vec<TestName<'a>>) {
    if rep.kind == ReportKind::Panic {
        if let Some(p) = rep.panics.first() {
            if p.message.starts_with("test timed out after ") {
                rep.kind = ReportKind::TestTimeout;
                let running = running_tests(&p.message);
                if !running.is_empty() {
                    test_ctx(rep).running = running;
                }
            }
        }
    }
    let test_panic = match rep.kind {
        ReportKind::Panic | ReportKind::TestTimeout => true,
        // A fuzz target's panic, logged by the testing package.
        ReportKind::RecoveredPanic => rep
            .recovered_by
            .as_ref()
            .is_some_and(|b| b.logger == "testing"),
        _ => false,
    };
    if test_panic && !before.is_empty() {
        let t = test_ctx(rep);
        before.append(&mut t.failed);
        std::mem::swap(&mut t.failed, before);
    }
    before.clear();
}

/// Cuts what the limits do not allow and says so in [`Report::cut`]: lines
/// cut at the line limit (by the cursor, and in `partial` the bytes the
/// scanner dropped before a line's end arrived), frames past the limit per
/// goroutine, goroutines past the limit per report.
fn apply_limits(rep: &mut Report<'_>, limits: &Limits, partial: &[(usize, u64)]) {
    let (first, last) = (rep.lines.start, rep.lines.end);
    let (mut long, mut dropped) = cut_lines(first, last);
    for &(n, d) in partial {
        if (first..=last).contains(&n) {
            dropped += d;
            if cut_lines(n, n).0 == 0 {
                long += 1;
            }
        }
    }
    let mut frames = 0u64;
    for g in &mut rep.goroutines {
        if g.frames.len() > limits.max_frames {
            frames += (g.frames.len() - limits.max_frames) as u64;
            g.frames.truncate(limits.max_frames);
        }
    }
    let goroutines = rep.goroutines.len().saturating_sub(limits.max_goroutines) as u64;
    rep.goroutines.truncate(limits.max_goroutines);
    if frames + goroutines > 0 {
        // Grouped as parsed, not as kept.
        rep.forget_parsed_grouping();
    }
    if long + frames + goroutines > 0 {
        let c = rep.cut.get_or_insert_with(Default::default);
        c.long_lines += long;
        c.line_bytes_dropped += dropped;
        c.frames_dropped += frames;
        c.goroutines_dropped += goroutines;
    }
}

/// Hands `rep` out, unless it is a race report that a later
/// `Found N data race(s)` line may complete: that one is held until then,
/// until the next report, or until the stream ends or goes quiet.
fn emit<'a>(held: &mut Option<Report<'a>>, rep: Report<'a>, sink: &mut dyn FnMut(Report<'a>)) {
    if let Some(h) = held.take() {
        isolated(|| sink(h));
    }
    if rep.race.as_ref().is_some_and(|r| r.found.is_none()) {
        *held = Some(rep);
    } else {
        isolated(|| sink(rep));
    }
}

/// Substrings that may start a report after other text on a line, searched
/// ahead of the lines looked at, a window at a time, with the results
/// remembered: a line contains an anchor when the anchor's next occurrence
/// lies inside it. Scanning text without reports then costs about one
/// vectorised pass per anchor, not a search per line — and text that a
/// report swallows whole (a large dump) is not searched at all.
struct Anchors<'a> {
    input: &'a [u8],
    /// Stream offset of `input[0]`.
    base: usize,
    finders: &'static [memmem::Finder<'static>; 8],
    /// Offset (into `input`) of each anchor's next occurrence at or after
    /// the last line asked about (`usize::MAX`: none before `clear`).
    next: [usize; 8],
    /// Offset up to which each anchor has been searched: no occurrence
    /// starts before it other than `next` (0: not searched yet).
    clear: [usize; 8],
}

/// How far ahead one search for an anchor looks (at least).
const ANCHOR_WINDOW: usize = 64 << 10;

const A_GOROUTINE: usize = 0;
const A_SIG: usize = 1;
const A_PANIC: usize = 2;
const A_FATAL: usize = 3;
const A_RACE: usize = 4;
const A_PROFILE: usize = 5;
const A_ZAP: usize = 6;
/// log/slog's value for a `LogValuer` that panicked (see
/// [`slog_panic_stack`]).
const A_SLOG: usize = 7;
/// zap's key for a stack (`"stacktrace":"main.f\n\t/app/f.go:3\n…"`).
const ZAP_KEY: &str = "stacktrace\":\"";

impl<'a> Anchors<'a> {
    fn new(input: &'a str, base: usize) -> Self {
        static FINDERS: std::sync::OnceLock<[memmem::Finder<'static>; 8]> =
            std::sync::OnceLock::new();
        Anchors {
            input: input.as_bytes(),
            base,
            finders: FINDERS.get_or_init(|| {
                [
                    memmem::Finder::new("goroutine "),
                    memmem::Finder::new("SIG"),
                    memmem::Finder::new("panic: "),
                    memmem::Finder::new("fatal error: "),
                    memmem::Finder::new(race::WARNING),
                    memmem::Finder::new(pprof::ANCHOR),
                    memmem::Finder::new(ZAP_KEY),
                    memmem::Finder::new(SLOG_PANICKED),
                ]
            }),
            next: [usize::MAX; 8],
            clear: [0; 8],
        }
    }

    /// Where anchor `k` first occurs in `l` (an offset into `l.text`).
    #[inline]
    fn find(&mut self, k: usize, l: &Line<'_>) -> Option<usize> {
        let start = l.offset - self.base;
        let len = self.finders[k].needle().len();
        let end = start + l.text.len();
        let known = self.next[k] != usize::MAX && self.next[k] >= start
            || self.next[k] == usize::MAX && self.clear[k] >= end;
        if !known {
            // Search a window from this line on (at least the line itself):
            // an occurrence starting before `stop` is found.
            let stop = (end.max(start + ANCHOR_WINDOW)).min(self.input.len());
            let hay = self
                .input
                .get(start..(stop + len - 1).min(self.input.len()));
            self.next[k] = hay
                .and_then(|h| self.finders[k].find(h))
                .map_or(usize::MAX, |i| start + i);
            self.clear[k] = stop;
        }
        let n = self.next[k];
        (n != usize::MAX && n + len <= end).then(|| n - start)
    }
}

impl<'a> Detector<'a> {
    /// A scan of `input`, the text of a stream after `carry.lines` lines
    /// and `carry.offset` bytes; `last` says whether the stream ends with
    /// it.
    pub fn new(
        input: &'a str,
        formats: Formats,
        limits: &Limits,
        carry: &Carry,
        last: bool,
        group: Option<(crate::group::Similarity, bool)>,
    ) -> Self {
        // Lines cut from here on are this text's (the cursor splits its
        // first line at once).
        reset_cut_lines();
        let cur = Cursor::at(
            input,
            carry.lines,
            carry.offset,
            last,
            limits.max_line_bytes,
        );
        let mut go = GoParser::new(cur);
        go.group = group.map(|(sim, _)| sim);
        go.release_member_frames = group.is_some_and(|(_, release)| release);
        Detector {
            go,
            anchors: Anchors::new(input, carry.offset),
            formats,
            limits: *limits,
            session: delve::Session::default(),
            prefix_scan: None,
            floor: carry.lines,
            line_hit: None,
            input,
            base: carry.offset,
            served: carry
                .served
                .as_ref()
                .map(|(n, t)| (*n, t.iter().map(|l| Cow::Owned(l.clone())).collect())),
        }
    }

    /// Finds the reports of the text, handing each to `sink` as soon as it
    /// is complete. When the text is not the end of the stream, stops at
    /// the first line whose meaning depends on lines not read yet and
    /// returns its byte offset (everything before it is done with; `carry`
    /// holds what the next text needs). Returns the text's length when all
    /// of it was used.
    pub fn run(mut self, carry: &mut Carry, sink: &mut dyn FnMut(Report<'a>)) -> usize {
        let mut pending: Vec<Pending<'a>> = std::mem::take(&mut carry.pending);
        let mut tests: Vec<TestName<'a>> = std::mem::take(&mut carry.tests);
        let mut held: Option<Report<'a>> = carry.held.take();
        self.session = std::mem::take(&mut carry.session);
        let mut consumed = None;
        loop {
            let before = self.go.cur;
            reset_starved();
            let Some(l) = self.go.take() else { break };
            if l.is_blank() {
                continue;
            }
            let outcome = self.step(before, l, &pending);
            if starved() {
                // The step looked past the text: done again with more.
                consumed = Some(before);
                break;
            }
            let mut outcome = outcome;
            if let Outcome::Go(rep) | Outcome::Other(rep) = &mut outcome {
                apply_limits(rep, &self.limits, &carry.line_cuts);
            }
            if !matches!(
                outcome,
                Outcome::Text | Outcome::Pending | Outcome::Skip | Outcome::TestFail(_)
            ) {
                self.floor = self.go.last_num;
            }
            match outcome {
                Outcome::Go(mut rep) => {
                    pending.clear();
                    test_context(&mut rep, &mut tests);
                    self.session.clear_context();
                    emit(&mut held, rep, sink);
                }
                Outcome::Other(rep) => {
                    pending.clear();
                    tests.clear();
                    emit(&mut held, rep, sink);
                }
                Outcome::Consumed | Outcome::Skip => {}
                Outcome::Pending => {
                    if pending.len() >= MAX_PENDING_LINES {
                        pending.clear();
                    }
                    pending.push(Pending {
                        num: l.num,
                        indent: l.indent,
                        text: Cow::Borrowed(l.text),
                    });
                }
                Outcome::Found(n) => {
                    if let Some(r) = held.as_mut().and_then(|r| r.race.as_mut()) {
                        r.found = Some(n);
                    }
                    if let Some(h) = held.take() {
                        isolated(|| sink(h));
                    }
                }
                Outcome::TestFail(t) => {
                    if tests.len() >= MAX_PENDING_LINES {
                        tests.clear();
                    }
                    tests.push(t);
                }
                Outcome::Escaped(reps) => {
                    pending.clear();
                    tests.clear();
                    self.session.clear_context();
                    for rep in reps {
                        emit(&mut held, rep, sink);
                    }
                }
                Outcome::Text => pending.clear(),
            }
        }
        let used = match consumed {
            Some(c) => {
                carry.lines = c.lines_before_next();
                c.next_start()
            }
            None => {
                carry.lines = self.go.cur.lines_before_next();
                self.go.cur.input_len()
            }
        };
        if used > 0 {
            carry.served = self.served_tail(&self.input[..used], carry.lines);
        }
        carry.offset += used;
        let lines = carry.lines;
        carry.line_cuts.retain(|&(n, _)| n > lines);
        carry.pending = pending
            .into_iter()
            .map(|p| Pending {
                num: p.num,
                indent: p.indent,
                text: own(p.text),
            })
            .collect();
        carry.tests = tests.into_iter().map(TestName::into_owned).collect();
        carry.session = self.session.into_owned();
        if self.go.cur.is_last() {
            if let Some(h) = held {
                isolated(|| sink(h));
            }
        } else {
            carry.held = held.map(Report::into_owned);
        }
        used
    }

    /// One step of the top-level loop at line `l` (`before` is the cursor
    /// positioned at it).
    fn step(&mut self, before: Cursor<'a>, l: Line<'a>, pending: &[Pending<'a>]) -> Outcome<'a> {
        if let Some(rep) = self.other_format(before, &l) {
            return match rep {
                Some(rep) => Outcome::Other(rep),
                None => Outcome::Consumed,
            };
        }
        if !self.formats.go {
            return Outcome::Skip;
        }
        let mut start = report_start(&l, &self.go.cur);
        let mut l = l;
        if start.is_none() && !runtime_message(l.body) {
            // A report whose lines carry a log prefix (`web-1  | `,
            // timestamps), or a dump printed after text on the same line.
            if let Some(p) = self.embedded_start(&l) {
                self.go.cur.set_prefix(Some(&l.text[..p]));
                l = l.without_prefix(p);
                start = report_start(&l, &self.go.cur);
            }
        }
        match start {
            Some(start) => {
                self.go.base = l.indent;
                let mut rep = match start {
                    Start::Crash => self.go.crash_report(l, pending),
                    Start::Signal => self.go.signal_report(l, pending),
                    Start::Dump(h) => {
                        let served = self.served_before(&l);
                        let mut rep = self.go.dump_report(l, h);
                        if let Some((num, lines)) = served {
                            recovered(&mut rep, num, lines, l.indent);
                        }
                        rep
                    }
                    Start::Truncated => {
                        let (id, state) = truncated_header(l.body).expect("checked");
                        let mut rep = Report::new(ReportKind::Dump, l.num);
                        push_partial(&mut rep, &l, id, state);
                        rep
                    }
                };
                self.go.trailer(&mut rep);
                self.go.cur.set_prefix(None);
                Outcome::Go(rep)
            }
            None if runtime_message(l.body) => Outcome::Pending,
            // The race detector's summary, printed at exit after the
            // program's own output.
            None => match race::found_line(l.body) {
                Some(n) => Outcome::Found(n),
                None => match test_fail(l.body) {
                    Some(t) => Outcome::TestFail(t),
                    None => match self.escaped_trace(&l) {
                        Some(reps) => Outcome::Escaped(reps),
                        None => Outcome::Text,
                    },
                },
            },
        }
    }

    /// A trace written on one line with its newlines escaped (`\n`): a
    /// JSON log record's field (slog, logrus, zap with a `debug.Stack()`),
    /// a quoted logfmt value, or a bare line. Decoded and scanned as a
    /// stream of its own; the reports' lines are the record's line, and a
    /// JSON record's other fields are kept ([`Report::log`]).
    fn escaped_trace(&mut self, l: &Line<'a>) -> Option<Vec<Report<'a>>> {
        // Where `embedded_start` found a trace's anchor on this line.
        let hit = self.line_hit.take()?;
        let t = l.text;
        memmem::find(&t.as_bytes()[hit..], b"\\n")?;
        let mut fields = Vec::new();
        let mut json_record = None;
        let decoded = match json::object(t) {
            Some((members, _)) if t.trim_start().starts_with('{') => {
                let mut trace = None;
                for (k, v) in members {
                    let v = v.into_text();
                    if trace.is_none() && record_trace(&v) {
                        json_record = Some(k.into_owned());
                        trace = Some(v.into_owned());
                    } else if let Some((sub, st)) =
                        trace.is_none().then(|| nested_trace(&v)).flatten()
                    {
                        // `{"error":{"message":…,"stack":"…"}}`: the
                        // object's other members stay, dotted.
                        json_record = Some(format!("{k}.{sub}"));
                        trace = Some(st);
                        if let Some((members, _)) = json::object(&v) {
                            for (k2, v2) in members {
                                if k2 != sub {
                                    fields.push(LogField {
                                        key: Cow::Owned(format!("{k}.{k2}")),
                                        value: Cow::Owned(v2.into_text().into_owned()),
                                    });
                                }
                            }
                        }
                    } else {
                        fields.push(LogField {
                            key: Cow::Owned(k.into_owned()),
                            value: Cow::Owned(v.into_owned()),
                        });
                    }
                }
                trace?
            }
            _ => {
                // The quoted value around the hit, or the rest of the line.
                let b = t.as_bytes();
                let open = (0..hit).rev().find(|&i| b[i] == b'"' && !escaped_at(b, i));
                let seg = match open {
                    Some(o) => {
                        let close = (hit..b.len())
                            .find(|&i| b[i] == b'"' && !escaped_at(b, i))
                            .unwrap_or(b.len());
                        &t[o + 1..close]
                    }
                    None => &t[hit..],
                };
                let d = json::unescape(seg).into_owned();
                if !holds_trace(&d) {
                    return None;
                }
                d
            }
        };
        // Scanned apart: that scan's steps reset the look-past-the-end
        // flag, which this step's own look-ahead may have set (an
        // embedded `fatal error:` whose next lines have not come yet).
        let mut reps = isolated(|| crate::scan::scan_str(&decoded, self.formats, &self.limits));
        if reps.is_empty() {
            let rep = if let Some(g) = slog_panic_stack(&decoded) {
                // log/slog recovered a `LogValue` that panicked.
                let mut rep = Report::new(ReportKind::RecoveredPanic, 1);
                rep.panics = vec![Panic::new(
                    PanicKind::Panic,
                    Cow::Borrowed(SLOG_PANICKED),
                    1,
                )];
                rep.recovered_by = Some(Box::new(RecoveredBy {
                    logger: Cow::Borrowed("slog"),
                    location: None,
                    remote_addr: None,
                    prefix: None,
                }));
                rep.lines.end = g.lines.end;
                rep.goroutines.push(g);
                rep
            } else {
                // zap's `stacktrace`: frames without a goroutine header.
                let g = headerless_stack(&decoded)?;
                let mut rep = Report::new(ReportKind::Dump, 1);
                rep.lines.end = g.lines.end;
                rep.goroutines.push(g);
                rep
            };
            reps.push(rep);
        }
        Some(
            reps.into_iter()
                .map(|r| {
                    let mut r = r.into_owned();
                    pin_lines(&mut r, l.num, l.offset);
                    let mut c = LogContext::new(None);
                    c.escaped = true;
                    if let Some(key) = &json_record {
                        c.trace_field = Some(Cow::Owned(key.clone()));
                        c.fields = fields.clone();
                    }
                    r.log = Some(Box::new(c));
                    r
                })
                .collect(),
        )
    }

    /// The lines before the goroutine header `l` that log a recovered
    /// panic: `http: panic serving ADDR: VALUE`, the value's further lines
    /// up to `l` (first line number, lines).
    fn served_before(&self, l: &Line<'a>) -> Option<(usize, Vec<Cow<'a, str>>)> {
        // The start of `l`'s line (a log prefix before the header included).
        let at = l.offset.checked_sub(self.base)?.min(self.input.len());
        let mut end = memchr::memrchr(b'\n', &self.input.as_bytes()[..at]).map_or(0, |i| i + 1);
        let mut lines = Vec::new();
        for k in 1..=MAX_SERVED_LINES {
            if end == 0 {
                // The text before this one ended with the line and the
                // lines of its value read so far.
                let (num, texts) = self.served.as_ref()?;
                if *num + texts.len() + (k - 1) != l.num || texts.len() + k - 1 > MAX_SERVED_LINES {
                    return None;
                }
                lines.reverse();
                let mut all = texts.clone();
                all.extend(lines);
                return Some((*num, all));
            }
            // `end` starts a line: the byte before it ends the previous one.
            if self.input.as_bytes().get(end - 1) != Some(&b'\n') {
                return None;
            }
            let before = &self.input[..end - 1];
            let start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
            let text = before[start..]
                .strip_suffix('\r')
                .unwrap_or(&before[start..]);
            lines.push(Cow::Borrowed(text));
            if recover_line(text).is_some() {
                lines.reverse();
                return Some((l.num - k, lines));
            }
            if text.trim().is_empty() || l.num <= k + self.floor {
                return None;
            }
            end = start;
        }
        None
    }

    /// The lines at the end of `text` (complete lines, the last one line
    /// `last`) from a recovered panic's line on ([`recover_line`]), with no
    /// blank line among them and after the last report: what a stack in
    /// the next text looks back to ([`Detector::served_before`]). Goes on
    /// into the lines carried from the text before when `text` holds only
    /// the value's lines.
    fn served_tail(&self, text: &str, last: usize) -> Option<(usize, Vec<String>)> {
        let mut rest = text.strip_suffix('\n')?;
        let mut lines: Vec<&str> = Vec::new();
        for k in 0..MAX_SERVED_LINES {
            let num = last.checked_sub(k)?;
            if num <= self.floor {
                return None;
            }
            let start = memchr::memrchr(b'\n', rest.as_bytes()).map_or(0, |i| i + 1);
            let line = rest[start..].strip_suffix('\r').unwrap_or(&rest[start..]);
            let found = recover_line(line).is_some();
            if !found && line.trim().is_empty() {
                return None;
            }
            lines.push(line);
            if found {
                return Some((num, lines.iter().rev().map(|l| (*l).to_owned()).collect()));
            }
            if start == 0 {
                let (first, texts) = self.served.as_ref()?;
                if *first + texts.len() != num || texts.len() + lines.len() > MAX_SERVED_LINES {
                    return None;
                }
                let mut all: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
                all.extend(lines.iter().rev().map(|l| (*l).to_owned()));
                return Some((*first, all));
            }
            rest = &rest[..start - 1];
        }
        None
    }

    /// Delve output, race reports and pprof `debug=1` profiles starting at
    /// `l` (`before` is the cursor positioned at `l`): `Some(Some(report))`,
    /// `Some(None)` for lines consumed without a report, `None` when `l`
    /// starts none of them.
    fn other_format(&mut self, before: Cursor<'a>, l: &Line<'a>) -> Option<Option<Report<'a>>> {
        if let Some(rep) = self.race_or_profile(before, l) {
            self.session.clear_context();
            return Some(Some(rep));
        }
        if !self.formats.delve {
            return None;
        }
        // Delve output quoted in a mail or an issue (`> `, `// `, `# `) is
        // read with the quote removed from every line that has it: tried
        // first when the next line is quoted too (Delve's own stop lines
        // start with `> `, the lines under them do not).
        let quote = quote_prefix(l);
        let quoted_block = quote.is_some_and(|n| {
            before.peek2().is_some_and(|nx| {
                prefix_len(l.text[..n].trim_end().as_bytes(), nx.text.as_bytes()).is_some()
            })
        });
        if quoted_block {
            if let Some(out) = self.quoted_delve(before, l, quote?) {
                return Some(out);
            }
            if starved() {
                return None;
            }
        }
        if delve::may_start(l, &before, &self.session) {
            match self.delve_step(before, *l, false) {
                Some(delve::Step::No) => {}
                Some(step) => return Some(self.delve_outcome(step)),
                None => return None,
            }
        }
        if quoted_block {
            return None;
        }
        self.quoted_delve(before, l, quote?)
    }

    /// Delve output at `l` read with its first `n` bytes (a quote) removed
    /// from every line that has them.
    fn quoted_delve(
        &mut self,
        before: Cursor<'a>,
        l: &Line<'a>,
        n: usize,
    ) -> Option<Option<Report<'a>>> {
        let q = l.without_prefix(n);
        let mut c = before;
        c.set_prefix(Some(&l.text[..n]));
        if starved() || !delve::may_start(&q, &c, &self.session) {
            return None;
        }
        match self.delve_step(c, q, true)? {
            delve::Step::No => None,
            step => Some(self.delve_outcome(step)),
        }
    }

    /// One Delve step from `c` (positioned at `first`); `None` when it
    /// looked past the text (the session is left as it was). A quoted step
    /// ends with the quote prefix unset.
    fn delve_step(
        &mut self,
        c: Cursor<'a>,
        first: Line<'a>,
        quoted: bool,
    ) -> Option<delve::Step<'a>> {
        if starved() {
            return None;
        }
        let mut c = c;
        let backup = self.session.clone();
        let step = delve::step(&mut c, first, &mut self.session);
        if starved() {
            self.session = backup;
            return None;
        }
        if quoted {
            c.set_prefix(None);
        }
        if !matches!(step, delve::Step::No) {
            self.go.cur = c;
        }
        Some(step)
    }

    fn delve_outcome(&mut self, step: delve::Step<'a>) -> Option<Report<'a>> {
        match step {
            delve::Step::Report(r) => Some(*r),
            _ => None,
        }
    }

    /// A race report or pprof profile starting at `l`, possibly after a log
    /// prefix (then the next line must carry the same prefix and continue
    /// it). One substring search per format and line.
    fn race_or_profile(&mut self, before: Cursor<'a>, l: &Line<'a>) -> Option<Report<'a>> {
        let t = l.text;
        let mut at = None;
        if self.formats.race {
            if let Some(i) = self.anchors.find(A_RACE, l) {
                if race::race_start(t[i..].trim_end_matches([' ', '\t'])) {
                    at = Some((i, true));
                }
            }
        }
        if at.is_none() && self.formats.pprof {
            if let Some(i) = self.anchors.find(A_PROFILE, l) {
                // The profile name: the lowercase ASCII letters before.
                let start = t[..i]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !c.is_ascii_lowercase())
                    .map_or(0, |(k, c)| k + c.len_utf8());
                // Trimmed as the parser's line body will be (spaces and
                // TABs only: a form feed stays part of the header).
                if pprof::profile_header(t[start..].trim_end_matches([' ', '\t'])).is_some() {
                    at = Some((start, false));
                }
            }
        }
        let (p, race) = at?;
        // Text before the start: a log prefix, if the lines that follow
        // carry it too; uniform indentation is no prefix.
        let prefixed = !t[..p].bytes().all(|c| c == b' ' || c == b'\t');
        let mut c = before;
        if prefixed {
            c.set_prefix(Some(&t[..p]));
            let mut n = c;
            n.next_line();
            let next = n.peek()?;
            let continues = if race {
                race::access_line(next.body).is_some()
            } else {
                pprof::record_line(next.body).is_some()
            };
            if !continues {
                return None;
            }
        }
        self.go.cur = c;
        let mut rep = if race {
            race::race_report(&mut self.go.cur)
        } else {
            pprof::profile_report(&mut self.go.cur)
        };
        self.go.trailer(&mut rep);
        self.go.cur.set_prefix(None);
        Some(rep)
    }

    /// Where a report starts inside `l` after some other text, if the lines
    /// that follow confirm it (with the same prefix removed).
    fn embedded_start(&mut self, l: &Line<'a>) -> Option<usize> {
        let t = l.text;
        self.line_hit = match (self.anchors.find(A_ZAP, l), self.anchors.find(A_SLOG, l)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for k in [A_GOROUTINE, A_SIG, A_PANIC, A_FATAL] {
            let Some(p) = self.anchors.find(k, l) else {
                continue;
            };
            if k != A_SIG {
                self.line_hit = Some(self.line_hit.map_or(p, |h| h.min(p)));
            }
            if p == 0 {
                continue;
            }
            let body = &t[p..];
            let mut c = self.go.cur;
            c.set_prefix(Some(&t[..p]));
            let ok = match k {
                A_GOROUTINE => {
                    goroutine_header(body).is_some()
                        && c.peek()
                            .is_some_and(|n| func_line(n.body).is_some() || n.body == OTHER_THREAD)
                }
                A_SIG => signal_name(body) && c.peek().is_some_and(|n| pc_line(n.body).is_some()),
                _ => {
                    (panic_line(body).is_some() || fatal_line(body).is_some())
                        && (quote_marker(&t[..p]) || self.prefixed_message(l, &t[..p], c))
                }
            };
            if ok {
                return Some(p);
            }
        }
        None
    }

    /// Whether every line after the `panic:` / `fatal error:` line `l` up to
    /// a blank line followed by a goroutine header carries `prefix` too
    /// (`c`: the cursor after `l`, the prefix set). What a look-ahead that
    /// found nothing has checked is remembered, so that the lines after it
    /// with the same prefix (recover middleware logs `panic:` line after
    /// line) are not looked over again: a bounded amount of work per line.
    fn prefixed_message(&mut self, l: &Line<'a>, prefix: &'a str, mut c: Cursor<'a>) -> bool {
        let mut raw = self.go.cur;
        // Lines l.num + 1 ..= last may be looked at.
        let last = l.num + MAX_RAW_MESSAGE_LINES;
        if let Some(m) = &self.prefix_scan {
            if m.next > l.num && same_prefix(m.prefix.as_bytes(), prefix.as_bytes()) {
                if m.failed {
                    // A line without the prefix (or the end) comes before any
                    // report start.
                    return false;
                }
                (c, raw) = (m.c, m.raw);
            }
        }
        let mut failed = true;
        while let Some(next) = c.peek() {
            if next.num > last {
                failed = false;
                break;
            }
            let (Some(n), Some(r)) = (c.next_line(), raw.next_line()) else {
                break;
            };
            if n.is_blank() {
                if c.peek().is_some_and(|h| body_start(h.body)) {
                    self.prefix_scan = None;
                    return true;
                }
                continue;
            }
            if prefix_len(prefix.as_bytes(), r.text.as_bytes()).is_none() {
                break;
            }
        }
        self.prefix_scan = Some(PrefixScan {
            prefix,
            c,
            raw,
            next: c.lines_before_next() + 1,
            failed,
        });
        false
    }
}
