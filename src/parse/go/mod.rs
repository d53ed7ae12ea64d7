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
use std::hash::BuildHasherDefault;

/// The goroutine ids of a dump seen so far (a repeated id ends it): a bit
/// per id while the ids are dense (a dump of many goroutines counts up
/// from 1), a hash set for the others — a small dump of a long-running
/// process prints ids in the millions, and a bitmap up to those would cost
/// far more than the ids.
#[derive(Default)]
struct IdSet {
    bits: Vec<u64>,
    big: HashSet<u64, BuildHasherDefault<crate::group::WordHasher>>,
    /// Ids inserted.
    len: usize,
}

/// The bitmap grows to at most this many words more than ids inserted (a
/// word per id at worst: no more memory than the hash set would take).
const ID_SLACK_WORDS: usize = 64;

impl IdSet {
    /// Adds `id`; false when it was there already.
    fn insert(&mut self, id: u64) -> bool {
        if self.contains(&id) {
            return false;
        }
        self.len += 1;
        let word = usize::try_from(id / 64).unwrap_or(usize::MAX);
        let limit = self.len + ID_SLACK_WORDS;
        if word >= self.bits.len() && word < limit {
            let want = (word + 1).max(2 * self.bits.len()).min(limit);
            self.bits.resize(want, 0);
        }
        match self.bits.get_mut(word) {
            Some(w) => *w |= 1u64 << (id % 64),
            None => {
                self.big.insert(id);
            }
        }
        true
    }

    fn contains(&self, id: &u64) -> bool {
        let word = usize::try_from(*id / 64).unwrap_or(usize::MAX);
        self.bits
            .get(word)
            .is_some_and(|w| w & (1u64 << (*id % 64)) != 0)
            || self.big.contains(id)
    }
}

impl Extend<u64> for IdSet {
    fn extend<T: IntoIterator<Item = u64>>(&mut self, iter: T) {
        for id in iter {
            self.insert(id);
        }
    }
}

use self::line::*;
use crate::error::{Error, ErrorKind};
use crate::model::{
    Addr, Ancestor, CreatedBy, Elision, Frame, FrameKind, Goroutine, Panic, PanicKind, Recovered,
    Register, Report, ReportKind, TestContext, TestName, TestPackage,
};
use crate::parse::lines::{Cursor, Line};
use crate::parse::{diag, sub_cow};

/// Most lines a pre-1.23 multi-line panic value may span (look-ahead bound).
pub const MAX_RAW_MESSAGE_LINES: usize = 256;
/// Goroutines a report reads before it reserves room for the rest.
const RESERVE_AFTER: usize = 1024;
/// Most goroutines a report reserves room for before it has read them.
const MAX_RESERVED_GOROUTINES: usize = 1 << 18;
/// Most consecutive foreign lines skipped inside a goroutine block.
pub const MAX_JUNK_LINES: usize = 8;
/// Most runtime lines kept while waiting for the report they precede.
pub const MAX_PENDING_LINES: usize = 4096;

/// The parser of Go runtime reports, over a cursor the scanner moves:
/// given the first line of a report, it reads the report.
pub(crate) struct GoParser<'a> {
    pub cur: Cursor<'a>,
    pub last_num: usize,
    /// Indentation of the current report's first line (uniformly indented input).
    pub base: usize,
    /// Frames of the goroutine parsed last: the room the next one's frames
    /// get first (goroutines of a pool print stacks of the same depth).
    frames_hint: usize,
    /// The last header `truncated_goroutine` took was damaged, not cut.
    damaged_header: bool,
    /// Group each report's goroutines as they are read, under this
    /// similarity ([`crate::Scanner::group_while_parsing`]).
    pub group: Option<crate::group::Similarity>,
    /// Grouping so, members of a bucket give up their frames
    /// ([`crate::Scanner::release_member_frames`]).
    pub release_member_frames: bool,
}

/// A runtime line seen before any report.
#[derive(Debug)]
pub(crate) struct Pending<'a> {
    pub num: usize,
    pub indent: usize,
    pub text: Cow<'a, str>,
}

/// A goroutine whose header was cut short (truncated buffer): kept, marked
/// partial, with a diagnostic.
pub(crate) fn push_partial<'a>(
    rep: &mut Report<'a>,
    l: &Line<'a>,
    id: u64,
    state: Option<&'a str>,
) {
    let mut g = Goroutine::new(Some(id), l.num);
    g.state = state.map(Cow::Borrowed);
    g.partial = true;
    rep.goroutines.push(g);
    rep.diagnostics.push(diag(ErrorKind::Truncated, l));
}

pub(crate) fn test_ctx<'r, 'a>(rep: &'r mut Report<'a>) -> &'r mut TestContext<'a> {
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

/// The `running tests:` entries of a test-timeout message (`Name (2s)`).
pub(crate) fn running_tests<'a>(msg: &Cow<'a, str>) -> Vec<TestName<'a>> {
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

impl<'a> GoParser<'a> {
    /// A parser reading from `cur`.
    pub fn new(cur: Cursor<'a>) -> Self {
        GoParser {
            cur,
            last_num: 0,
            base: 0,
            frames_hint: 0,
            group: None,
            release_member_frames: false,
            damaged_header: false,
        }
    }

    /// A line as printed, without the report's uniform indentation.
    fn verbatim(&self, l: &Line<'a>) -> Cow<'a, str> {
        Cow::Borrowed(&l.text[self.base.min(l.indent)..])
    }

    #[inline]
    pub fn take(&mut self) -> Option<Line<'a>> {
        let l = self.cur.next_line()?;
        self.last_num = l.num;
        Some(l)
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

    pub fn crash_report(&mut self, first: Line<'a>, pending: &[Pending<'a>]) -> Report<'a> {
        let mut rep = self.new_report(ReportKind::Panic, &first, pending);
        self.headers(&mut rep, first);
        if rep.panics.iter().any(|p| p.kind == PanicKind::Fatal) {
            rep.kind = ReportKind::Fatal;
        }
        self.body(&mut rep, false);
        rep.lines.end = self.last_num;
        rep
    }

    pub fn signal_report(&mut self, first: Line<'a>, pending: &[Pending<'a>]) -> Report<'a> {
        let mut rep = self.new_report(ReportKind::Signal, &first, pending);
        self.signal_header(&mut rep, first);
        self.body(&mut rep, false);
        rep.lines.end = self.last_num;
        rep
    }

    pub fn dump_report(&mut self, first: Line<'a>, h: Header<'a>) -> Report<'a> {
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
    pub fn trailer(&mut self, rep: &mut Report<'a>) {
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
                let mut after = self.cur;
                after.next_line();
                if after.peek().is_some_and(|n| body_start(n.body)) || damaged_header_next(after) {
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
            if body_start(l.body)
                || damaged_header_next(self.cur)
                || !self.raw_continuation(rep, base)
            {
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
                if c.peek().is_some_and(|n| body_start(n.body)) || damaged_header_next(c) {
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
            } else if placeholder(l.body) {
                rep.diagnostics.push(diag(ErrorKind::Placeholder, &l));
            } else if l.indent <= base && log_record_line(l.body) {
                rep.diagnostics.push(diag(ErrorKind::ForeignLogLine, &l));
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
        self.body_lines(rep, dump);
        rep.parsed.finish(&mut rep.goroutines);
        // Room reserved for a large report's goroutines and not used goes
        // back ([`GoParser::goroutine`]).
        if rep.goroutines.capacity() > 2 * rep.goroutines.len() {
            rep.goroutines.shrink_to_fit();
        }
    }

    /// The goroutine blocks and sections of a report's body.
    fn body_lines(&mut self, rep: &mut Report<'a>, dump: bool) {
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
                if placeholder(n.body) && {
                    let mut p = c;
                    p.next_line();
                    p.header_follows()
                } {
                    self.cur = c;
                    continue;
                }
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
                // A goroutine header cut short by a truncated buffer (the
                // report ends), or damaged (it goes on).
                self.damaged_header = false;
                if self.truncated_goroutine(rep, &n, &seen, dump, Some(c)) {
                    if self.damaged_header {
                        after_blank = false;
                        continue;
                    }
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
            if placeholder(l.body) && self.header_after_placeholders() {
                self.take();
                rep.diagnostics.push(diag(ErrorKind::Placeholder, &l));
                continue;
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
        // Frames follow: the header is damaged (a `]` lost, a label's
        // quote never closed), not cut; its block is read as usual.
        if self.cur.peek().is_some_and(|n| func_line(n.body).is_some()) {
            let mut g = Goroutine::new(Some(id), l.num);
            g.state = state.map(|s| Cow::Borrowed(s.trim_end_matches(':')));
            rep.diagnostics.push(diag(ErrorKind::BadGoroutineHeader, l));
            rep.goroutines.push(g);
            let g = rep.goroutines.last_mut().expect("just pushed");
            self.frames(&mut rep.diagnostics, g, l.indent);
            g.lines.end = self.last_num;
            self.damaged_header = true;
            return true;
        }
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
        if let Some(sim) = self.group {
            // The goroutines before this one are complete: grouped now,
            // while the last one's text is still in the cache.
            rep.parsed
                .catch_up(sim, &mut rep.goroutines, self.release_member_frames);
        }
        if rep.goroutines.len() == RESERVE_AFTER {
            // A large report: room for as many goroutines as the text left
            // could hold (one in 384 bytes; real dumps print 400–1,000 per
            // goroutine), so that its list is not copied as it grows; what
            // is left over is given back at the end ([`GoParser::body`]).
            let room = (self.cur.input_len() - self.cur.next_start()) / 384;
            rep.goroutines
                .reserve_exact(room.min(MAX_RESERVED_GOROUTINES));
        }
        rep.goroutines.push(Goroutine::new(Some(h.id), l.num));
        let g = rep.goroutines.last_mut().expect("just pushed");
        if self.group.is_some() {
            g.frames = rep.parsed.frames_room();
        }
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
        // Frames go straight into the goroutine's Vec, sized like the last
        // goroutine's: no copy when the depth repeats (pools), and the
        // room left over is given back when it is more than a third.
        g.frames.reserve_exact(self.frames_hint);
        self.frame_lines(diags, g, base);
        let n = g.frames.len();
        if g.frames.capacity() > n + n / 2 {
            g.frames.shrink_to_fit();
        }
        self.frames_hint = n;
    }

    fn frame_lines(&mut self, diags: &mut Vec<Error>, g: &mut Goroutine<'a>, base: usize) {
        while let Some(l) = self.cur.peek() {
            if l.is_blank() {
                break;
            }
            let b = l.body;
            if let Some((func, args)) = func_line(b) {
                self.take();
                let loc = self.location(diags, g, base, &l);
                // Built whole, then stored once: a frame is large, and
                // writing fields of one just copied into the Vec waits for
                // that copy to land.
                push_frame(g, go_frame(func, Some(args), loc.as_ref()));
                continue;
            }
            if let Some((func, parent)) = created_by(b) {
                self.take();
                let loc = self.location(diags, g, base, &l);
                let f = go_frame(func, None, loc.as_ref());
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
            if placeholder(b) && self.block_goes_on_after_placeholder() {
                self.take();
                diags.push(diag(ErrorKind::Placeholder, &l));
                continue;
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
            // A function line that does not parse (a damaged byte in its
            // arguments, a bracket lost) whose location does: the frame is
            // kept, named up to its `(`.
            if let Some(n) = self.cur.peek2() {
                if n.indent > base {
                    if let (Some(loc), Some((func, args))) = (location_line(&n), damaged_func(b)) {
                        self.take();
                        self.take();
                        let mut f = Frame::new(Cow::Borrowed(func));
                        f.args = args.map(Cow::Borrowed);
                        set_location(&mut f, &loc);
                        push_frame(g, f);
                        diags.push(diag(ErrorKind::BadFunctionLine, &l));
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
        base: usize,
        func_l: &Line<'a>,
    ) -> Option<Location<'a>> {
        let Some(n) = self.cur.peek() else {
            g.partial = true;
            diags.push(diag(ErrorKind::Truncated, func_l));
            return None;
        };
        if let Some(loc) = location_line(&n) {
            self.take();
            // The input ends inside this line: its number (or offset) may
            // be cut short.
            if self.cur.ends_mid_line() && self.cur.at_end() {
                g.partial = true;
                diags.push(diag(ErrorKind::Truncated, &n));
            }
            return Some(loc);
        }
        // The input ends inside the location line (down to its TAB).
        if self.cur.ends_mid_line() && n.indent > base && {
            let mut c = self.cur;
            c.next_line();
            c.at_end()
        } {
            self.take();
            g.partial = true;
            diags.push(diag(ErrorKind::Truncated, &n));
            return None;
        }
        // One foreign line between a function and its location.
        if let Some(n2) = self.cur.peek2() {
            if !n.is_blank()
                && !n2.is_blank()
                && n2.indent > base
                && !block_line(&n)
                && damaged_func(n.body).is_none()
            {
                if let Some(loc) = location_line(&n2) {
                    self.take();
                    self.take();
                    diags.push(diag(ErrorKind::UnexpectedLine, &n));
                    return Some(loc);
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
            return None;
        }
        diags.push(diag(ErrorKind::MissingLocation, func_l));
        None
    }

    /// Whether the report goes on after the placeholder line next: frames
    /// of this block follow, or (past blank lines) a goroutine header.
    fn block_goes_on_after_placeholder(&self) -> bool {
        match self.cur.peek2() {
            Some(n) if n.is_blank() => self.header_after_placeholders(),
            Some(n) => block_line(&n) || location_line(&n).is_some() || placeholder(n.body),
            None => false,
        }
    }

    /// Whether, past the placeholder line next and blank lines, a goroutine
    /// header comes (so the placeholder sits inside the report).
    fn header_after_placeholders(&self) -> bool {
        let mut c = self.cur;
        c.next_line();
        c.header_follows()
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

/// A stack printed without a goroutine header, as zap writes its
/// `stacktrace` field (`runtime.CallersFrames`): function lines without
/// arguments, each with a TAB-indented `file:line` under it. At least one
/// frame, and nothing else.
pub(crate) fn headerless_stack(text: &str) -> Option<Goroutine<'static>> {
    let mut g = Goroutine::new(None, 1);
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, func)) = lines.next() {
        if func.is_empty() && lines.peek().is_none() {
            break;
        }
        let (_, loc) = lines.next()?;
        let file_line = loc.strip_prefix('\t')?;
        if func.starts_with([' ', '\t']) || !plausible_func(func) || func.contains(' ') {
            return None;
        }
        let l = location(file_line)?;
        let mut f = Frame::new(Cow::Owned(func.to_owned()));
        f.file = Some(Cow::Owned(l.file.to_owned()));
        f.line = Some(l.line);
        f.offset = l.offset;
        g.frames.push(f);
        g.lines.end = i + 2;
    }
    (!g.frames.is_empty()).then_some(g)
}

/// What log/slog puts in place of a `LogValuer`'s value when its
/// `LogValue` panicked (`Value.Resolve` recovers the panic).
pub(crate) const SLOG_PANICKED: &str = "LogValue panicked";

/// log/slog's value for a `LogValuer` whose `LogValue` panicked: `LogValue
/// panicked`, then up to five `called from FUNC (FILE:LINE)` lines of the
/// goroutine that logged, and `(rest of stack elided)` when it had more.
/// The panic's own value is not printed.
pub(crate) fn slog_panic_stack(text: &str) -> Option<Goroutine<'static>> {
    let mut lines = text.lines();
    if lines.next()? != SLOG_PANICKED {
        return None;
    }
    let mut g = Goroutine::new(None, 2);
    for (i, l) in lines.enumerate() {
        let num = i + 2;
        match l {
            "" => continue,
            "(rest of stack elided)" => {
                g.elision = Some(Elision {
                    count: None,
                    at: g.frames.len(),
                });
            }
            _ => {
                let rest = l.strip_prefix("called from ")?.strip_suffix(')')?;
                let (func, loc) = rest.split_once(" (")?;
                let (file, line) = loc.rsplit_once(':')?;
                if !plausible_func(func) || file.is_empty() {
                    return None;
                }
                let mut f = Frame::new(Cow::Owned(func.to_owned()));
                f.file = Some(Cow::Owned(file.to_owned()));
                f.line = Some(line.parse().ok()?);
                g.frames.push(f);
            }
        }
        g.lines.end = num;
    }
    (!g.frames.is_empty()).then_some(g)
}

/// Whether the next line is a goroutine header that does not parse (a `]`
/// lost, a label's quote never closed) with a frame right under it.
fn damaged_header_next(c: Cursor<'_>) -> bool {
    let mut c = c;
    match c.next_line() {
        Some(h) if h.body.starts_with("goroutine ") => {
            goroutine_header(h.body).is_none()
                && truncated_header(h.body).is_some()
                && c.peek().is_some_and(|n| func_line(n.body).is_some())
        }
        _ => false,
    }
}

/// A function line that does not parse: the name before its `(` (a
/// plausible function token) and what follows up to the closing `)` if
/// any.
fn damaged_func(b: &str) -> Option<(&str, Option<&str>)> {
    let (name, args) = match b.find('(') {
        // `main.(*T).f(…`: the argument list's `(` follows the last `.`.
        Some(_) => {
            let open = b.rfind(").").map_or(0, |i| i + 2);
            let open = open + b[open..].find('(')?;
            // Up to the first `)` (junk after it dropped); a `(` inside
            // would be read differently once the line is written back.
            let after = &b[open + 1..];
            let args = after.find(')').map_or(after, |k| &after[..k]);
            if args.contains('(') {
                return None;
            }
            (&b[..open], Some(args))
        }
        None => (b, None),
    };
    (!name.is_empty() && name.len() < 1024 && plausible_func(name) && name.contains('.'))
        .then_some((name, args))
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
pub(crate) fn body_start(b: &str) -> bool {
    b == "runtime stack:" || goroutine_header(b).is_some()
}

fn push_frame<'a>(g: &mut Goroutine<'a>, f: Frame<'a>) {
    match g.ancestors.last_mut() {
        Some(a) => a.frames.push(f),
        None => g.frames.push(f),
    }
}

/// A Go frame: its function, its arguments and where it was.
#[inline]
fn go_frame<'a>(func: &'a str, args: Option<&'a str>, loc: Option<&Location<'a>>) -> Frame<'a> {
    Frame {
        function: Cow::Borrowed(func),
        args: args.map(Cow::Borrowed),
        file: loc.map(|l| Cow::Borrowed(l.file)),
        line: loc.map(|l| l.line),
        offset: loc.and_then(|l| l.offset),
        fp: loc.and_then(|l| l.fp).map(Addr),
        sp: loc.and_then(|l| l.sp).map(Addr),
        pc: loc.and_then(|l| l.pc).map(Addr),
        kind: FrameKind::Go,
        delve: None,
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

#[cfg(test)]
mod tests {
    use super::{IdSet, ID_SLACK_WORDS, RESERVE_AFTER};

    /// A large report reserves room for its goroutines from the text left;
    /// what it does not use goes back, whatever the report's kind.
    #[test]
    fn room_for_goroutines_is_given_back() {
        for head in ["panic: boom\n\n", ""] {
            let mut text = String::from(head);
            for id in 1..=2 * RESERVE_AFTER {
                text.push_str(&format!(
                    "goroutine {id} [chan receive]:\nmain.f()\n\t/app/main.go:9 +0x1d\n\n"
                ));
            }
            text.push_str(&"level=info msg=\"request served\" status=200\n".repeat(50_000));
            let reports = crate::parse(&text);
            let g = &reports[0].goroutines;
            assert_eq!(g.len(), 2 * RESERVE_AFTER, "{head:?}");
            assert!(
                g.capacity() <= 2 * g.len(),
                "{head:?}: room for {}",
                g.capacity()
            );
        }
    }

    /// Small ids as bits, large ones hashed: the same answers either way.
    #[test]
    fn id_set_small_and_large() {
        let mut s = IdSet::default();
        for id in [1, 2, 63, 64, 65, 1 << 20, (1 << 24) - 1, 1 << 24, u64::MAX] {
            assert!(!s.contains(&id));
            assert!(s.insert(id), "{id} is new");
            assert!(!s.insert(id), "{id} again");
            assert!(s.contains(&id));
        }
        assert!(!s.contains(&3) && !s.contains(&(1 << 21)) && !s.contains(&((1 << 24) + 1)));
        s.extend([7, 7, 8]);
        assert!(s.contains(&7) && s.contains(&8));
        // A few ids in the millions: hashed, not a bitmap up to them; a
        // later dense run may grow the bitmap over an id hashed before.
        let mut s = IdSet::default();
        assert!(s.insert(5_000_000) && s.insert(1) && s.insert(20_000));
        assert!(s.bits.len() <= 2 * ID_SLACK_WORDS, "{} words", s.bits.len());
        assert_eq!(s.big.len(), 2);
        for id in (2..300_000).filter(|&id| id != 20_000) {
            assert!(s.insert(id), "{id}");
        }
        assert!(s.contains(&5_000_000) && s.contains(&299_999) && !s.contains(&300_000));
        assert!(s.contains(&20_000) && !s.insert(20_000));
        assert!(!s.insert(5_000_000) && !s.insert(1));
        assert_eq!(s.big.len(), 2);
    }
}
