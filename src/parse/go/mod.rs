//! Go runtime tracebacks: panics, fatal errors, fatal signals and goroutine
//! dumps (`../shared/specs/go-traceback.md`).
//!
//! A small state machine over lines: report → header lines → sections
//! (goroutine blocks, `runtime stack:`, register dumps) → trailer. When a
//! line fits no production inside a goroutine block, a bounded look-ahead
//! decides whether it is interleaved output (skipped with a diagnostic) or
//! the end of the report.

pub(crate) mod line;
pub(crate) mod pprof;
pub(crate) mod race;

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// Goroutine ids are already well spread: a multiplicative hash is enough
/// (the default SipHash shows in profiles of large dumps).
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ self.0).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type IdSet = HashSet<u64, BuildHasherDefault<IdHasher>>;

use memchr::memmem;

use self::line::*;
use crate::error::{Error, ErrorKind};
use crate::model::own;
use crate::model::{
    Addr, Ancestor, CreatedBy, Elision, Frame, FrameKind, Goroutine, Panic, PanicKind, Recovered,
    Register, Report, ReportKind, TestContext, TestName, TestPackage,
};
use crate::parse::delve;
use crate::parse::lines::{
    cut_lines, prefix_len, reset_cut_lines, reset_starved, starved, Cursor, Line,
};
use crate::parse::{diag, sub_cow, Formats};
use crate::scan::Limits;

/// Most lines a pre-1.23 multi-line panic value may span (look-ahead bound).
pub const MAX_RAW_MESSAGE_LINES: usize = 256;
/// Most consecutive foreign lines skipped inside a goroutine block.
pub const MAX_JUNK_LINES: usize = 8;
/// Most runtime lines kept while waiting for the report they precede.
pub const MAX_PENDING_LINES: usize = 4096;

pub(crate) struct GoParser<'a> {
    cur: Cursor<'a>,
    last_num: usize,
    /// Indentation of the current report's first line (uniformly indented input).
    base: usize,
    /// Where a report may start after other text on a line.
    anchors: Anchors<'a>,
    /// Reused buffer for the frames of the goroutine being parsed.
    scratch: Vec<Frame<'a>>,
    /// Which formats to look for.
    formats: Formats,
    /// What a report may hold.
    limits: Limits,
    /// What a Delve session has shown so far.
    session: delve::Session<'a>,
    /// The last look-ahead for a prefixed `panic:` line that found nothing.
    prefix_scan: Option<PrefixScan<'a>>,
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

/// Whether two log prefixes remove the same lines: equal bytes, except that
/// runs of digits match runs of digits (see [`prefix_len`]).
fn same_prefix(a: &[u8], b: &[u8]) -> bool {
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                while a.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                while b.get(j).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                }
            }
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            _ => return false,
        }
    }
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

/// A runtime line seen before any report.
#[derive(Debug)]
struct Pending<'a> {
    num: usize,
    indent: usize,
    text: Cow<'a, str>,
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
/// A goroutine whose header was cut short (truncated buffer): kept, marked
/// partial, with a diagnostic.
fn push_partial<'a>(rep: &mut Report<'a>, l: &Line<'a>, id: u64, state: Option<&'a str>) {
    let mut g = Goroutine::new(Some(id), l.num);
    g.state = state.map(Cow::Borrowed);
    g.partial = true;
    rep.goroutines.push(g);
    rep.diagnostics.push(diag(ErrorKind::Truncated, l));
}

fn test_ctx<'r, 'a>(rep: &'r mut Report<'a>) -> &'r mut TestContext<'a> {
    rep.test.get_or_insert_with(Default::default)
}

/// `--- FAIL: TestName (0.00s)` (any indentation: subtests are indented).
pub(crate) fn test_fail(body: &str) -> Option<TestName<'_>> {
    let r = body.strip_prefix("--- FAIL: ")?;
    Some(match r.rfind(" (") {
        Some(i) if r.ends_with(')') => TestName {
            name: Cow::Borrowed(&r[..i]),
            duration: Some(Cow::Borrowed(&r[i + 2..r.len() - 1])),
        },
        _ => TestName {
            name: Cow::Borrowed(r),
            duration: None,
        },
    })
}

/// `t.Log` output: `file_test.go:15: message` (printed indented).
fn test_log(body: &str) -> bool {
    body.split_once(": ").is_some_and(|(loc, _)| {
        loc.rsplit_once(':').is_some_and(|(f, n)| {
            f.ends_with(".go") && !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit())
        })
    })
}

/// `testing.go:1867: race detected during execution of test`.
fn race_detected(body: &str) -> bool {
    body.starts_with("testing.go:") && body.ends_with(": race detected during execution of test")
}

/// `FAIL\texample.com/pkg\t0.012s` / `ok  \texample.com/pkg\t0.012s`.
fn package_line(body: &str) -> Option<TestPackage<'_>> {
    let (status, rest) = body.split_once('\t')?;
    let status = status.trim_end();
    if status != "FAIL" && status != "ok" {
        return None;
    }
    let (path, time) = match rest.split_once('\t') {
        Some((p, t)) => (p, Some(Cow::Borrowed(t))),
        None => (rest, None),
    };
    if path.is_empty() || path.contains(' ') {
        return None;
    }
    Some(TestPackage {
        status: Cow::Borrowed(status),
        path: Cow::Borrowed(path),
        time,
    })
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
    if matches!(rep.kind, ReportKind::Panic | ReportKind::TestTimeout) && !before.is_empty() {
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
        sink(h);
    }
    if rep.race.as_ref().is_some_and(|r| r.found.is_none()) {
        *held = Some(rep);
    } else {
        sink(rep);
    }
}

/// The `running tests:` entries of a test-timeout message (`Name (2s)`).
fn running_tests<'a>(msg: &Cow<'a, str>) -> Vec<TestName<'a>> {
    let mut out = Vec::new();
    let mut lines = msg.lines().skip(1);
    if lines.next().map(str::trim) != Some("running tests:") {
        return out;
    }
    for l in lines {
        let t = l.trim();
        let (name, dur) = match t.rfind(" (") {
            Some(i) if t.ends_with(')') => (&t[..i], Some(&t[i + 2..t.len() - 1])),
            _ => (t, None),
        };
        let piece = |s: &str| sub_cow(msg, s);
        out.push(TestName {
            name: piece(name),
            duration: dur.map(piece),
        });
    }
    out
}

fn append_line<'a>(msg: &mut Cow<'a, str>, text: &str) {
    let s = msg.to_mut();
    s.push('\n');
    s.push_str(text);
}

/// Substrings that may start a report after other text on a line, searched
/// over the whole input with the results remembered: a line contains an
/// anchor when the anchor's next occurrence lies inside it. Scanning text
/// without reports then costs about one vectorised pass per anchor, not a
/// search per line.
struct Anchors<'a> {
    input: &'a [u8],
    /// Stream offset of `input[0]`.
    base: usize,
    finders: &'static [memmem::Finder<'static>; 6],
    /// Offset (into `input`) of each anchor's next occurrence (`usize::MAX`: none).
    next: [usize; 6],
    /// Whether `next` has been computed.
    valid: [bool; 6],
}

const A_GOROUTINE: usize = 0;
const A_SIG: usize = 1;
const A_PANIC: usize = 2;
const A_FATAL: usize = 3;
const A_RACE: usize = 4;
const A_PROFILE: usize = 5;

impl<'a> Anchors<'a> {
    fn new(input: &'a str, base: usize) -> Self {
        static FINDERS: std::sync::OnceLock<[memmem::Finder<'static>; 6]> =
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
                ]
            }),
            next: [usize::MAX; 6],
            valid: [false; 6],
        }
    }

    /// Where anchor `k` first occurs in `l` (an offset into `l.text`).
    #[inline]
    fn find(&mut self, k: usize, l: &Line<'_>) -> Option<usize> {
        let start = l.offset - self.base;
        if !self.valid[k] || self.next[k] < start {
            self.valid[k] = true;
            self.next[k] = self
                .input
                .get(start..)
                .and_then(|h| self.finders[k].find(h))
                .map_or(usize::MAX, |i| start + i);
        }
        let n = self.next[k];
        let len = self.finders[k].needle().len();
        (n != usize::MAX && n + len <= start + l.text.len()).then(|| n - start)
    }
}

impl<'a> GoParser<'a> {
    /// A parser over `input`, the text of a stream after `carry.lines`
    /// lines and `carry.offset` bytes; `last` says whether the stream ends
    /// with it.
    pub fn new(
        input: &'a str,
        formats: Formats,
        limits: &Limits,
        carry: &Carry,
        last: bool,
    ) -> Self {
        // Lines cut from here on are this text's (the cursor splits its
        // first line at once).
        reset_cut_lines();
        GoParser {
            formats,
            limits: *limits,
            session: delve::Session::default(),
            cur: Cursor::at(
                input,
                carry.lines,
                carry.offset,
                last,
                limits.max_line_bytes,
            ),
            last_num: 0,
            base: 0,
            anchors: Anchors::new(input, carry.offset),
            scratch: Vec::new(),
            prefix_scan: None,
        }
    }

    /// A line as printed, without the report's uniform indentation.
    fn verbatim(&self, l: &Line<'a>) -> Cow<'a, str> {
        Cow::Borrowed(&l.text[self.base.min(l.indent)..])
    }

    #[inline]
    fn take(&mut self) -> Option<Line<'a>> {
        let l = self.cur.next_line()?;
        self.last_num = l.num;
        Some(l)
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
            let before = self.cur;
            reset_starved();
            let Some(l) = self.take() else { break };
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
                        sink(h);
                    }
                }
                Outcome::TestFail(t) => {
                    if tests.len() >= MAX_PENDING_LINES {
                        tests.clear();
                    }
                    tests.push(t);
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
                carry.lines = self.cur.lines_before_next();
                self.cur.input_len()
            }
        };
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
        if self.cur.is_last() {
            if let Some(h) = held {
                sink(h);
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
        let mut start = report_start(&l, &self.cur);
        let mut l = l;
        if start.is_none() && !runtime_message(l.body) {
            // A report whose lines carry a log prefix (`web-1  | `,
            // timestamps), or a dump printed after text on the same line.
            if let Some(p) = self.embedded_start(&l) {
                self.cur.set_prefix(Some(&l.text[..p]));
                l = l.without_prefix(p);
                start = report_start(&l, &self.cur);
            }
        }
        match start {
            Some(start) => {
                self.base = l.indent;
                let mut rep = match start {
                    Start::Crash => self.crash_report(l, pending),
                    Start::Signal => self.signal_report(l, pending),
                    Start::Dump(h) => self.dump_report(l, h),
                    Start::Truncated => {
                        let (id, state) = truncated_header(l.body).expect("checked");
                        let mut rep = Report::new(ReportKind::Dump, l.num);
                        push_partial(&mut rep, &l, id, state);
                        rep
                    }
                };
                self.trailer(&mut rep);
                self.cur.set_prefix(None);
                Outcome::Go(rep)
            }
            None if runtime_message(l.body) => Outcome::Pending,
            // The race detector's summary, printed at exit after the
            // program's own output.
            None => match race::found_line(l.body) {
                Some(n) => Outcome::Found(n),
                None => match test_fail(l.body) {
                    Some(t) => Outcome::TestFail(t),
                    None => Outcome::Text,
                },
            },
        }
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
        if self.formats.delve && delve::may_start(l, &before, &self.session) && !starved() {
            let mut c = before;
            let backup = self.session.clone();
            let step = delve::step(&mut c, *l, &mut self.session);
            if starved() {
                self.session = backup;
                return None;
            }
            match step {
                delve::Step::No => {}
                delve::Step::Consumed => {
                    self.cur = c;
                    return Some(None);
                }
                delve::Step::Report(r) => {
                    self.cur = c;
                    return Some(Some(*r));
                }
            }
        }
        None
    }

    /// A race report or pprof profile starting at `l`, possibly after a log
    /// prefix (then the next line must carry the same prefix and continue
    /// it). One substring search per format and line.
    fn race_or_profile(&mut self, before: Cursor<'a>, l: &Line<'a>) -> Option<Report<'a>> {
        let t = l.text;
        let mut at = None;
        if self.formats.race {
            if let Some(i) = self.anchors.find(A_RACE, l) {
                if race::race_start(t[i..].trim_end()) {
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
                if pprof::profile_header(t[start..].trim_end()).is_some() {
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
        self.cur = c;
        let mut rep = if race {
            race::race_report(&mut self.cur)
        } else {
            pprof::profile_report(&mut self.cur)
        };
        self.trailer(&mut rep);
        self.cur.set_prefix(None);
        Some(rep)
    }

    /// Where a report starts inside `l` after some other text, if the lines
    /// that follow confirm it (with the same prefix removed).
    fn embedded_start(&mut self, l: &Line<'a>) -> Option<usize> {
        let t = l.text;
        for k in [A_GOROUTINE, A_SIG, A_PANIC, A_FATAL] {
            let Some(p) = self.anchors.find(k, l) else {
                continue;
            };
            if p == 0 {
                continue;
            }
            let body = &t[p..];
            let mut c = self.cur;
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
                        && self.prefixed_message(l, &t[..p], c)
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
        let mut raw = self.cur;
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

    fn new_report(
        &self,
        kind: ReportKind,
        first: &Line<'a>,
        pending: &[Pending<'a>],
    ) -> Report<'a> {
        let mut rep = Report::new(kind, pending.first().map_or(first.num, |p| p.num));
        rep.runtime_messages = pending
            .iter()
            .map(|p| {
                let cut = self.base.min(p.indent);
                match &p.text {
                    Cow::Borrowed(t) => Cow::Borrowed(&t[cut..]),
                    Cow::Owned(t) => Cow::Owned(t[cut..].to_owned()),
                }
            })
            .collect();
        rep
    }

    // -----------------------------------------------------------------------
    // Reports
    // -----------------------------------------------------------------------

    fn crash_report(&mut self, first: Line<'a>, pending: &[Pending<'a>]) -> Report<'a> {
        let mut rep = self.new_report(ReportKind::Panic, &first, pending);
        self.headers(&mut rep, first);
        if rep.panics.iter().any(|p| p.kind == PanicKind::Fatal) {
            rep.kind = ReportKind::Fatal;
        }
        self.body(&mut rep, false);
        rep.lines.end = self.last_num;
        rep
    }

    fn signal_report(&mut self, first: Line<'a>, pending: &[Pending<'a>]) -> Report<'a> {
        let mut rep = self.new_report(ReportKind::Signal, &first, pending);
        self.signal_header(&mut rep, first);
        self.body(&mut rep, false);
        rep.lines.end = self.last_num;
        rep
    }

    fn dump_report(&mut self, first: Line<'a>, h: Header<'a>) -> Report<'a> {
        let mut rep = Report::new(ReportKind::Dump, first.num);
        self.goroutine(&mut rep, first, h);
        self.body(&mut rep, true);
        rep.lines.end = self.last_num;
        rep
    }

    /// What `go run` / `go test` print right after a report: `exit status N`,
    /// `signal: …`, `Found N data race(s)`, `testing.go:N: race detected…`,
    /// `--- FAIL: …`, `FAIL\tpkg\t0.01s`. Only `exit status` / `signal:`
    /// lines belong to the report's line span; the rest is context.
    fn trailer(&mut self, rep: &mut Report<'a>) {
        let mut c = self.cur;
        let mut blanks = 0;
        while let Some(l) = c.next_line() {
            if l.is_blank() {
                blanks += 1;
                if blanks > 1 {
                    break;
                }
                continue;
            }
            blanks = 0;
            let b = l.body;
            if exit_line(b) {
                if rep.exit.is_some() {
                    break;
                }
                rep.exit = Some(Cow::Borrowed(b));
                rep.lines.end = l.num;
            } else if let Some(n) = race::found_line(b) {
                match &mut rep.race {
                    Some(r) if r.found.is_none() => r.found = Some(n),
                    _ => break,
                }
            } else if race_detected(b) {
                test_ctx(rep).race_detected = true;
            } else if let Some(t) = test_fail(b) {
                test_ctx(rep).failed.push(t);
            } else if let Some(p) = package_line(b) {
                let t = test_ctx(rep);
                if t.package.is_some() {
                    break;
                }
                t.package = Some(p);
            } else if b != "FAIL" && !(l.indent > 0 && test_log(b)) {
                break;
            }
            self.cur = c;
            self.last_num = l.num;
        }
    }

    // -----------------------------------------------------------------------
    // Header lines (§3)
    // -----------------------------------------------------------------------

    fn push_header(&mut self, rep: &mut Report<'a>, l: &Line<'a>, nested: bool) -> bool {
        let (kind, msg) = if let Some(m) = panic_line(l.body) {
            (PanicKind::Panic, m)
        } else if let Some(m) = fatal_line(l.body) {
            (PanicKind::Fatal, m)
        } else {
            return false;
        };
        // Keep trailing spaces of the value (`panic: ` + "" has one) out of the body.
        let mut p = Panic::new(kind, Cow::Borrowed(msg), l.num);
        p.nested = nested;
        rep.panics.push(p);
        true
    }

    fn headers(&mut self, rep: &mut Report<'a>, first: Line<'a>) {
        let base = first.indent;
        self.push_header(rep, &first, false);
        while let Some(l) = self.cur.peek() {
            if l.is_blank() {
                if self.cur.peek2().is_some_and(|n| body_start(n.body)) {
                    break;
                }
                // A blank line inside a pre-1.23 message, or the end of a
                // header-only report (GOTRACEBACK=none).
                if !self.raw_continuation(rep, base) {
                    break;
                }
                continue;
            }
            if l.indent > base {
                self.take();
                if !self.push_header(rep, &l, true) {
                    // 1.23+ continuation line: drop the one TAB printindented added.
                    let t = &l.text[base..];
                    let t = t
                        .strip_prefix('\t')
                        .unwrap_or_else(|| t.trim_start_matches(' '));
                    if let Some(p) = rep.panics.last_mut() {
                        append_line(&mut p.message, t);
                    }
                }
                continue;
            }
            if let Some(sig) = signal_bracket(l.body) {
                self.take();
                if let Some(p) = rep.panics.last_mut() {
                    p.signal = Some(sig);
                }
                continue;
            }
            if panic_line(l.body).is_some() || fatal_line(l.body).is_some() {
                break; // a second report printed right after (concurrent panics)
            }
            if body_start(l.body) || !self.raw_continuation(rep, base) {
                break;
            }
        }
        for p in &mut rep.panics {
            finish_panic(p);
        }
    }

    /// Pre-1.23 multi-line values are printed raw: take the following lines
    /// into the message if a blank line followed by a goroutine header comes
    /// within [`MAX_RAW_MESSAGE_LINES`] lines.
    fn raw_continuation(&mut self, rep: &mut Report<'a>, base: usize) -> bool {
        let mut c = self.cur;
        let mut count = 0;
        let mut found = false;
        while count < MAX_RAW_MESSAGE_LINES {
            let Some(l) = c.next_line() else { break };
            count += 1;
            if l.is_blank() {
                if c.peek().is_some_and(|n| body_start(n.body)) {
                    found = true;
                    break;
                }
                continue;
            }
            if l.indent <= base && (panic_line(l.body).is_some() || fatal_line(l.body).is_some()) {
                break;
            }
        }
        if !found {
            return false;
        }
        for _ in 0..count - 1 {
            let l = self.take().expect("looked ahead");
            if let Some(sig) = signal_bracket(l.body) {
                if let Some(p) = rep.panics.last_mut() {
                    p.signal = Some(sig);
                }
            } else if l.indent > base && self.push_header(rep, &l, true) {
            } else if let Some(p) = rep.panics.last_mut() {
                // A whitespace-only line is an empty line of the value.
                let t = if l.is_blank() {
                    ""
                } else {
                    &l.text[base.min(l.indent)..]
                };
                append_line(&mut p.message, t);
            }
        }
        true
    }

    fn signal_header(&mut self, rep: &mut Report<'a>, first: Line<'a>) {
        let mut p = Panic::new(PanicKind::Signal, Cow::Borrowed(first.body), first.num);
        if let Some(l) = self.cur.peek() {
            if let Some(ctx) = pc_line(l.body) {
                self.take();
                p.context = Some(ctx);
            }
        }
        while let Some(l) = self.cur.peek() {
            let ctx = p.context.get_or_insert_with(Default::default);
            if l.body.starts_with("signal arrived during ") {
                ctx.during_cgo = true;
            } else if let Some(b) = instruction_bytes(l.body) {
                ctx.instruction_bytes = b;
            } else {
                break;
            }
            self.take();
        }
        rep.panics.push(p);
    }

    // -----------------------------------------------------------------------
    // Sections (§2.2)
    // -----------------------------------------------------------------------

    fn body(&mut self, rep: &mut Report<'a>, dump: bool) {
        let mut seen = IdSet::default();
        if dump {
            seen.extend(rep.goroutines.iter().filter_map(|g| g.id));
        }
        let signal = rep.kind == ReportKind::Signal;
        let mut after_blank = false;
        while let Some(l) = self.cur.peek() {
            if l.is_blank() {
                // Skip the blank lines and look at what follows.
                let mut c = self.cur;
                let mut next = None;
                for _ in 0..4 {
                    match c.peek() {
                        Some(n) if n.is_blank() => {
                            c.next_line();
                        }
                        other => {
                            next = other;
                            break;
                        }
                    }
                }
                let Some(n) = next else { break };
                if let Some(h) = goroutine_header(n.body) {
                    if dump && !seen.insert(h.id) {
                        break;
                    }
                    self.cur = c;
                    self.take();
                    self.goroutine(rep, n, h);
                    after_blank = false;
                    continue;
                }
                if self.section_start(&n, dump, signal) {
                    self.cur = c;
                    after_blank = true;
                    continue;
                }
                // A goroutine header cut short by a truncated buffer.
                if self.truncated_goroutine(rep, &n, &seen, dump, Some(c)) {
                    break;
                }
                // Interleaved output between blocks of a crash report.
                if !dump && self.junk_before_header(c) {
                    while let Some(j) = self.cur.peek() {
                        if !j.is_blank() && goroutine_header(j.body).is_some() {
                            break;
                        }
                        self.take();
                        if !j.is_blank() {
                            rep.diagnostics.push(diag(ErrorKind::UnexpectedLine, &j));
                        }
                    }
                    after_blank = true;
                    continue;
                }
                break;
            }
            if !self.section(rep, l, &mut seen, dump, signal, after_blank) {
                break;
            }
            after_blank = false;
        }
    }

    /// A goroutine header cut short by a truncated buffer (`runtime.Stack`):
    /// kept as a partial goroutine. `after` is the cursor to continue from
    /// when `l` was looked at ahead.
    fn truncated_goroutine(
        &mut self,
        rep: &mut Report<'a>,
        l: &Line<'a>,
        seen: &IdSet,
        dump: bool,
        after: Option<Cursor<'a>>,
    ) -> bool {
        if goroutine_header(l.body).is_some() {
            return false;
        }
        let Some((id, state)) = truncated_header(l.body) else {
            return false;
        };
        if dump && seen.contains(&id) {
            return false;
        }
        if let Some(c) = after {
            self.cur = c;
        }
        self.take();
        push_partial(rep, l, id, state);
        true
    }

    /// Whether `n` (after a blank line) starts a section of this report.
    fn section_start(&self, n: &Line<'a>, dump: bool, signal: bool) -> bool {
        let b = n.body;
        if dump {
            return false;
        }
        if b == "runtime stack:" {
            return true;
        }
        if signal && (b == "-----" || register(b).is_some() || func_line(b).is_some()) {
            return true;
        }
        runtime_message(b) && !signal
    }

    /// Parses one section starting at `l` (not consumed yet). Returns false
    /// when `l` does not start a section of this report.
    fn section(
        &mut self,
        rep: &mut Report<'a>,
        l: Line<'a>,
        seen: &mut IdSet,
        dump: bool,
        signal: bool,
        after_blank: bool,
    ) -> bool {
        let b = l.body;
        if let Some(h) = goroutine_header(b) {
            // The runtime separates blocks with a blank line, except in
            // per-M signal dumps; log shippers that drop empty lines remove
            // it too. A header right after a block still belongs to the
            // report, unless a dump already has that goroutine (a second
            // dump printed right after the first).
            if dump && seen.contains(&h.id) {
                return false;
            }
            self.take();
            if dump {
                seen.insert(h.id);
            }
            self.goroutine(rep, l, h);
            return true;
        }
        if self.truncated_goroutine(rep, &l, seen, dump, None) {
            return true;
        }
        if dump {
            return false;
        }
        // Windows prints the faulting goroutine's frames without a header.
        if signal && after_blank && rep.goroutines.is_empty() && func_line(b).is_some() {
            rep.goroutines.push(Goroutine::new(None, l.num));
            let g = rep.goroutines.last_mut().expect("just pushed");
            self.frames(&mut rep.diagnostics, g, l.indent);
            g.lines.end = self.last_num;
            return true;
        }
        if b == "runtime stack:" {
            self.take();
            let mut g = Goroutine::new(None, l.num);
            self.frames(&mut rep.diagnostics, &mut g, l.indent);
            rep.runtime_stack = Some(g.frames);
            return true;
        }
        if signal {
            if register(b).is_some() {
                let mut regs = Vec::new();
                while let Some(r) = self.cur.peek() {
                    let Some((name, v)) = register(r.body) else {
                        break;
                    };
                    self.take();
                    regs.push(Register {
                        name: Cow::Borrowed(name),
                        value: Addr(v),
                    });
                }
                if let Some(p) = rep
                    .panics
                    .iter_mut()
                    .rev()
                    .find(|p| p.kind == PanicKind::Signal)
                {
                    p.registers.extend(regs);
                }
                return true;
            }
            if b == "-----" {
                let mut c = self.cur;
                c.next_line();
                let mut n = c.next_line();
                while n.is_some_and(|x| x.is_blank()) {
                    n = c.next_line();
                }
                if let Some(s) = n {
                    if signal_name(s.body) && c.peek().is_some_and(|p| pc_line(p.body).is_some()) {
                        self.cur = c;
                        self.last_num = s.num;
                        self.signal_header(rep, s);
                        return true;
                    }
                }
                return false;
            }
        }
        if runtime_message(b) {
            self.take();
            rep.runtime_messages.push(self.verbatim(&l));
            return true;
        }
        false
    }

    /// After a blank line: a few foreign lines, then a goroutine header.
    fn junk_before_header(&self, mut c: Cursor<'a>) -> bool {
        for _ in 0..MAX_JUNK_LINES {
            let Some(l) = c.next_line() else { return false };
            if goroutine_header(l.body).is_some() {
                return true;
            }
            if panic_line(l.body).is_some() || fatal_line(l.body).is_some() {
                return false;
            }
        }
        false
    }

    // -----------------------------------------------------------------------
    // Goroutine blocks (§4)
    // -----------------------------------------------------------------------

    /// Parses a goroutine block into a new entry of `rep.goroutines`
    /// (built in place: the struct is large).
    fn goroutine(&mut self, rep: &mut Report<'a>, l: Line<'a>, h: Header<'a>) {
        rep.goroutines.push(Goroutine::new(Some(h.id), l.num));
        let g = rep.goroutines.last_mut().expect("just pushed");
        g.state = Some(Cow::Borrowed(h.state));
        g.wait_minutes = h.wait_minutes;
        g.locked_to_thread = h.locked;
        g.labels = h.labels;
        g.gp = h.gp.map(Addr);
        g.m = h.m;
        g.mp = h.mp.map(Addr);
        g.synctest = h.synctest;
        self.frames(&mut rep.diagnostics, g, l.indent);
        g.lines.end = self.last_num;
        if g.frames.is_empty() && !g.stack_unavailable && self.cur.at_end() {
            g.partial = true;
            rep.diagnostics.push(diag(ErrorKind::Truncated, &l));
        }
    }

    /// Frame lines and everything else a goroutine block holds.
    fn frames(&mut self, diags: &mut Vec<Error>, g: &mut Goroutine<'a>, base: usize) {
        // Collect into a reused buffer, then move into an exactly sized Vec:
        // one allocation per goroutine and no regrowth copies.
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let mine = std::mem::replace(&mut g.frames, scratch);
        self.frame_lines(diags, g, base);
        let mut scratch = std::mem::replace(&mut g.frames, mine);
        g.frames.reserve_exact(scratch.len());
        g.frames.append(&mut scratch);
        self.scratch = scratch;
    }

    fn frame_lines(&mut self, diags: &mut Vec<Error>, g: &mut Goroutine<'a>, base: usize) {
        while let Some(l) = self.cur.peek() {
            if l.is_blank() {
                break;
            }
            let b = l.body;
            if let Some((func, args)) = func_line(b) {
                self.take();
                let mut f = Frame::new(Cow::Borrowed(func));
                f.args = Some(Cow::Borrowed(args));
                self.location(diags, g, &mut f, base, &l);
                push_frame(g, f);
                continue;
            }
            if let Some((func, parent)) = created_by(b) {
                self.take();
                let mut f = Frame::new(Cow::Borrowed(func));
                self.location(diags, g, &mut f, base, &l);
                let cb = CreatedBy {
                    frame: f,
                    goroutine: parent,
                };
                match g.ancestors.last_mut() {
                    Some(a) => a.created_by = Some(cb),
                    None => g.created_by = Some(cb),
                }
                continue;
            }
            if let Some(n) = elision(b) {
                self.take();
                match g.ancestors.last_mut() {
                    Some(a) => a.frames_elided = true,
                    None => {
                        g.elision = Some(Elision {
                            count: n,
                            at: g.frames.len(),
                        })
                    }
                }
                continue;
            }
            if let Some(id) = ancestor_header(b) {
                self.take();
                g.ancestors.push(Ancestor {
                    goroutine: id,
                    frames: Vec::new(),
                    frames_elided: false,
                    created_by: None,
                });
                continue;
            }
            if b == OTHER_THREAD {
                self.take();
                g.stack_unavailable = true;
                continue;
            }
            if let Some(pc) = non_go(b) {
                self.take();
                let mut f = Frame::new(Cow::Borrowed(b));
                f.kind = FrameKind::NonGo;
                f.pc = Some(Addr(pc));
                push_frame(g, f);
                continue;
            }
            if runtime_message(b) {
                self.take();
                g.runtime_messages.push(self.verbatim(&l));
                continue;
            }
            if ends_block(&l, &self.cur) {
                break;
            }
            // A C function named by a cgo symbolizer: any text followed by
            // `\t[file:line ]pc=0x…`.
            if let Some(n) = self.cur.peek2() {
                if n.indent > base {
                    if let Some((fl, pc)) = cgo_location(n.body) {
                        self.take();
                        self.take();
                        let mut f = Frame::new(Cow::Borrowed(b));
                        f.kind = FrameKind::C;
                        f.pc = Some(Addr(pc));
                        if let Some((file, line)) = fl {
                            f.file = Some(Cow::Borrowed(file));
                            f.line = Some(line);
                        }
                        push_frame(g, f);
                        continue;
                    }
                }
            }
            // Right after the header, a line that is not a frame can only be
            // a function line cut short by a truncated buffer.
            if g.frames.is_empty()
                && g.ancestors.is_empty()
                && !g.stack_unavailable
                && g.created_by.is_none()
            {
                let func = truncated_func_line(b).or_else(|| {
                    (!b.contains('(') && b.len() < 512 && plausible_func(b)).then_some(b)
                });
                if let Some(func) = func {
                    self.take();
                    push_frame(g, Frame::new(Cow::Borrowed(func)));
                    g.partial = true;
                    diags.push(diag(ErrorKind::Truncated, &l));
                    break;
                }
            }
            if let Some(func) = truncated_func_line(b) {
                if self.cur.peek2().is_none_or(|n| location_line(&n).is_none()) {
                    self.take();
                    let f = Frame::new(Cow::Borrowed(func));
                    push_frame(g, f);
                    g.partial = true;
                    diags.push(diag(ErrorKind::Truncated, &l));
                    break;
                }
            }
            if self.junk_inside_block() {
                self.take();
                diags.push(diag(ErrorKind::UnexpectedLine, &l));
                continue;
            }
            break;
        }
    }

    /// The location line of a frame or `created by` line just consumed.
    fn location(
        &mut self,
        diags: &mut Vec<Error>,
        g: &mut Goroutine<'a>,
        f: &mut Frame<'a>,
        base: usize,
        func_l: &Line<'a>,
    ) {
        let Some(n) = self.cur.peek() else {
            g.partial = true;
            diags.push(diag(ErrorKind::Truncated, func_l));
            return;
        };
        if let Some(loc) = location_line(&n) {
            self.take();
            set_location(f, &loc);
            return;
        }
        // One foreign line between a function and its location.
        if let Some(n2) = self.cur.peek2() {
            if !n.is_blank() && !n2.is_blank() && n2.indent > base && !block_line(&n) {
                if let Some(loc) = location_line(&n2) {
                    self.take();
                    self.take();
                    diags.push(diag(ErrorKind::UnexpectedLine, &n));
                    set_location(f, &loc);
                    return;
                }
            }
        }
        // A location cut off by a truncated buffer (`runtime.Stack`).
        let mut c = self.cur;
        c.next_line();
        if !n.is_blank() && c.at_end() && n.indent > base {
            self.take();
            g.partial = true;
            diags.push(diag(ErrorKind::Truncated, &n));
            return;
        }
        diags.push(diag(ErrorKind::MissingLocation, func_l));
    }

    /// Whether the next line is foreign output with the goroutine's frames
    /// continuing within [`MAX_JUNK_LINES`] lines.
    fn junk_inside_block(&self) -> bool {
        let mut c = self.cur;
        c.next_line();
        for _ in 0..MAX_JUNK_LINES {
            let Some(l) = c.next_line() else { return false };
            if l.is_blank() || ends_block(&l, &c) {
                return false;
            }
            if func_line(l.body).is_some() || created_by(l.body).is_some() {
                return c.peek().is_some_and(|n| location_line(&n).is_some());
            }
            if elision(l.body).is_some() {
                return true;
            }
        }
        false
    }
}

/// A location line: parses as one and is not a `created by` line whose
/// function happens to end in `:N`.
fn location_line<'a>(l: &Line<'a>) -> Option<Location<'a>> {
    if l.is_blank() || l.body.starts_with("created by ") {
        return None;
    }
    location(l.body)
}

/// Lines that mean something inside a goroutine block (so they are never
/// skipped as interleaved output).
fn block_line(l: &Line<'_>) -> bool {
    let b = l.body;
    func_line(b).is_some()
        || created_by(b).is_some()
        || elision(b).is_some()
        || ancestor_header(b).is_some()
        || non_go(b).is_some()
        || b == OTHER_THREAD
        || runtime_message(b)
        || goroutine_header(b).is_some()
        || panic_line(b).is_some()
        || fatal_line(b).is_some()
}

/// Lines that end a goroutine block without a blank line.
fn ends_block(l: &Line<'_>, after: &Cursor<'_>) -> bool {
    let b = l.body;
    goroutine_header(b).is_some()
        || panic_line(b).is_some()
        || fatal_line(b).is_some()
        || register(b).is_some()
        || b == "-----"
        || b == "runtime stack:"
        || exit_line(b)
        || (signal_name(b) && after.peek().is_some_and(|n| pc_line(n.body).is_some()))
}

/// Lines that may follow the blank line after a report's header.
fn body_start(b: &str) -> bool {
    b == "runtime stack:" || goroutine_header(b).is_some()
}

fn push_frame<'a>(g: &mut Goroutine<'a>, f: Frame<'a>) {
    match g.ancestors.last_mut() {
        Some(a) => a.frames.push(f),
        None => g.frames.push(f),
    }
}

fn set_location<'a>(f: &mut Frame<'a>, loc: &Location<'a>) {
    f.file = Some(Cow::Borrowed(loc.file));
    f.line = Some(loc.line);
    f.offset = loc.offset;
    f.fp = loc.fp.map(Addr);
    f.sp = loc.sp.map(Addr);
    f.pc = loc.pc.map(Addr);
}

/// Strips the `[recovered…]` tag and recognises `(TYPE) 0x…` values.
fn finish_panic(p: &mut Panic<'_>) {
    for (tag, r) in [
        (" [recovered, repanicked]", Recovered::Repanicked),
        (" [recovered]", Recovered::Recovered),
    ] {
        if p.message.ends_with(tag) {
            let n = p.message.len() - tag.len();
            match &mut p.message {
                Cow::Borrowed(s) => *s = &s[..n],
                Cow::Owned(s) => s.truncate(n),
            }
            p.recovered = r;
            break;
        }
    }
    if p.kind == PanicKind::Panic && p.message.starts_with('(') {
        if let Some(i) = p.message.rfind(") 0x") {
            if let Some(a) = parse_hex(&p.message[i + 2..]) {
                p.value_addr = Some(Addr(a));
                p.value_type = Some(match &p.message {
                    Cow::Borrowed(s) => Cow::Borrowed(&s[1..i]),
                    Cow::Owned(s) => Cow::Owned(s[1..i].to_owned()),
                });
            }
        }
    }
}
