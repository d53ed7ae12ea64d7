//! Delve (`dlv`) terminal output (`../shared/specs/delve.md`): `goroutines`
//! listings (flat, `-t`, `-l`, `-group`, `-exec`), `goroutine` / long blocks,
//! `stack` / `bt` (`-full`, `-offsets`, `-defer`, `-a`), `frame N` with
//! `locals` / `args`, and `threads`.
//!
//! Lines are first cleaned: colour escapes are removed (a copy is made only
//! for lines that have any) and `(dlv) ` prompts are taken off. A session
//! (the prompts, `Switched from`, stop lines) is followed across reports so
//! that a `stack` printed after `goroutine 7` knows it is goroutine 7's.

#[cfg(feature = "json")]
pub(crate) mod jsonrpc;
pub(crate) mod line;

use std::borrow::Cow;

use self::line::*;
use crate::error::{Error, ErrorKind};
use crate::model::{
    Addr, Ancestor, Defer, DelveFrame, DelveGoroutine, DelveLocation, DelveReport, Frame,
    FrameKind, Goroutine, GoroutineGroup, Labels, LocationKind, Report, ReportKind, StopLine,
    Thread, Variable,
};
use crate::parse::go::line::placeholder;
use crate::parse::lines::{Cursor, Line};
use crate::parse::{diag, sub_cow};

/// Most lines of `-exec` output kept for one goroutine of a listing.
const MAX_EXEC_LINES: usize = 4096;

/// A line with colour escapes and `(dlv) ` prompts removed.
#[derive(Clone, Debug)]
pub(crate) struct DLine<'a> {
    pub raw: Line<'a>,
    /// The cleaned line (borrowed unless escapes had to be removed), with
    /// trailing blanks kept (multi-line values end lines with `, `).
    pub text: Cow<'a, str>,
    /// Leading TABs of the cleaned line.
    pub tabs: usize,
    /// Byte index of the first non-blank character of `text`.
    start: usize,
    /// How many `(dlv) ` prompts were removed from its start.
    pub prompts: usize,
}

impl<'a> DLine<'a> {
    pub fn new(raw: Line<'a>) -> Self {
        let mut text: Cow<'a, str> = if raw.text.as_bytes().contains(&0x1b) {
            Cow::Owned(strip_ansi(raw.text))
        } else {
            Cow::Borrowed(raw.text)
        };
        let mut prompts = 0;
        loop {
            let t = text.trim_start_matches(' ');
            let Some(r) = t.strip_prefix("(dlv)") else {
                break;
            };
            let r = r.strip_prefix(' ').unwrap_or(r);
            let cut = text.len() - r.len();
            text = match text {
                Cow::Borrowed(b) => Cow::Borrowed(&b[cut..]),
                Cow::Owned(s) => Cow::Owned(s[cut..].to_owned()),
            };
            prompts += 1;
        }
        let b = text.as_bytes();
        let tabs = b.iter().take_while(|c| **c == b'\t').count();
        let start = b.iter().take_while(|c| **c == b'\t' || **c == b' ').count();
        DLine {
            raw,
            text,
            tabs,
            start,
            prompts,
        }
    }

    /// The cleaned line without indentation and trailing blanks.
    pub fn body(&self) -> &str {
        self.text[self.start..].trim_end_matches([' ', '\t'])
    }

    /// Indentation width (TABs and spaces).
    pub fn indent(&self) -> usize {
        self.start
    }

    pub fn is_blank(&self) -> bool {
        self.start == self.text.len()
    }

    /// `s` (a slice of `self.text`) as text borrowing from the input when
    /// the line needed no cleaning.
    pub fn piece(&self, s: &str) -> Cow<'a, str> {
        sub_cow(&self.text, s)
    }

    fn diag(&self, kind: ErrorKind) -> Error {
        diag(kind, &self.raw)
    }
}

/// Removes `ESC [ params final` sequences (SGR colours and any other CSI).
pub(crate) fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\x1b') {
        out.push_str(&rest[..i]);
        let r = &rest[i + 1..];
        match r.strip_prefix('[') {
            Some(p) => {
                let end = p
                    .bytes()
                    .position(|c| (0x40..=0x7e).contains(&c))
                    .map_or(p.len(), |k| k + 1);
                rest = &p[end..];
            }
            None => rest = r,
        }
    }
    out.push_str(rest);
    out
}

/// What the session has shown so far, carried from report to report.
#[derive(Clone, Debug, Default)]
pub(crate) struct Session<'a> {
    /// The command of the last `(dlv) cmd` line, until a report uses it.
    command: Option<Cow<'a, str>>,
    /// The selected goroutine (stop lines, `Switched from`).
    selected: Option<u64>,
    /// A stop line waiting for the output that follows it.
    stop: Option<StopLine<'a>>,
    /// Line number of the last prompt/stop line (variables may follow);
    /// `None` before any: text at the start of the input is not Delve's.
    expect_vars_after: Option<usize>,
    /// First line of the prompt / stop line the next report takes as context.
    context_start: Option<usize>,
    /// The frames of the last stack printed and whose it was, to name the
    /// function of a later `frame N` (which prints only file and line).
    /// Shared: the scanner keeps a copy of the session while a step may
    /// still be redone, and a stack is replaced whole, never edited.
    last_stack: Option<std::sync::Arc<(Option<u64>, Vec<NamedFrame<'a>>)>>,
}

/// A frame of the last stack printed: its number, function, file and line.
type NamedFrame<'a> = (Option<u32>, Cow<'a, str>, Option<Cow<'a, str>>, Option<u32>);

impl Session<'_> {
    /// Copies every borrowed string, so that the session outlives the text
    /// it was read from (the scanner's buffer moves on).
    pub(crate) fn into_owned(self) -> Session<'static> {
        use crate::model::{own, own_opt};
        Session {
            command: own_opt(self.command),
            selected: self.selected,
            stop: self.stop.map(StopLine::into_owned),
            expect_vars_after: self.expect_vars_after,
            context_start: self.context_start,
            last_stack: self.last_stack.map(|st| {
                let (g, frames) = std::sync::Arc::unwrap_or_clone(st);
                let frames = frames
                    .into_iter()
                    .map(|(n, f, file, line)| (n, own(f), own_opt(file), line))
                    .collect();
                std::sync::Arc::new((g, frames))
            }),
        }
    }

    /// Forgets the prompt and stop line waiting for a report: something else
    /// (a runtime traceback) came in between.
    pub(crate) fn clear_context(&mut self) {
        self.context_start = None;
        self.command = None;
    }
}

/// What [`step`] did with a line.
pub(crate) enum Step<'a> {
    /// Not Delve output; nothing consumed.
    No,
    /// Consumed Delve lines that make no report (prompts, stop lines).
    Consumed,
    /// A report.
    Report(Box<Report<'a>>),
}

fn to_line(n: i64) -> Option<u32> {
    u32::try_from(n).ok()
}

fn loc_frame<'a>(l: &DLine<'a>, loc: &Loc<'_>) -> Frame<'a> {
    let mut f = Frame::new(l.piece(loc.func));
    f.file = Some(l.piece(loc.file));
    f.line = to_line(loc.line);
    f.pc = Some(Addr(loc.pc));
    f
}

fn delve_frame<'f, 'a>(f: &'f mut Frame<'a>) -> &'f mut DelveFrame<'a> {
    f.delve.get_or_insert_with(Default::default)
}

fn delve_g<'g, 'a>(g: &'g mut Goroutine<'a>) -> &'g mut DelveGoroutine<'a> {
    g.delve.get_or_insert_with(Default::default)
}

fn delve_rep<'r, 'a>(r: &'r mut Report<'a>) -> &'r mut DelveReport<'a> {
    r.delve.get_or_insert_with(Default::default)
}

/// A cheap first look: whether `l` may start Delve output at all (most
/// lines of a log cannot; this keeps scanning them fast). `cur` is
/// positioned at `l`.
pub(crate) fn may_start(l: &Line<'_>, cur: &Cursor<'_>, s: &Session<'_>) -> bool {
    let b = l.body.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if memchr::memchr(0x1b, l.text.as_bytes()).is_some() || l.body.starts_with("(dlv)") {
        return true;
    }
    if s.expect_vars_after.is_some_and(|n| n + 1 == l.num) || s.command.is_some() {
        return true;
    }
    match first {
        b'0'..=b'9' if frame_line(l.body).is_some() => true,
        b'*' | b'G' | b'>' | b'T' | b'S' | b'F' | b'W' | b'B' | b'C' | b'P' | b'(' => true,
        // A group header: any text followed by a TAB-indented goroutine
        // line (but not a runtime report's first line).
        _ if go_report_line(l.body) => false,
        _ => {
            cur.after_next_may_be_tabbed()
                && cur.peek2().is_some_and(|n| {
                    n.text.starts_with('\t')
                        && memchr::memmem::find(n.body.as_bytes(), b"Goroutine ").is_some()
                })
        }
    }
}

/// A line of a runtime report (its first line, possibly after other text):
/// `-exec` output never swallows one.
fn go_text(b: &str) -> bool {
    use crate::parse::go::line::{fatal_line, goroutine_header, panic_line, signal_name};
    let starts = |s: &str| {
        goroutine_header(s).is_some()
            || panic_line(s).is_some()
            || fatal_line(s).is_some()
            || signal_name(s)
    };
    starts(b)
        || ["goroutine ", "panic: ", "fatal error: ", "SIG"]
            .iter()
            .any(|p| b.match_indices(p).any(|(i, _)| i > 0 && starts(&b[i..])))
}

/// The first line of a runtime report, which a Delve group header (any
/// text) must not be taken for.
fn go_report_line(b: &str) -> bool {
    b.starts_with("panic: ")
        || b.starts_with("fatal error: ")
        || b.starts_with("goroutine ")
        || b.starts_with("SIG")
}

/// Whether `l` starts Delve output, and if so parses it from `cur` (which
/// is positioned at `l`).
pub(crate) fn step<'a>(cur: &mut Cursor<'a>, l: Line<'a>, s: &mut Session<'a>) -> Step<'a> {
    let d = DLine::new(l);
    let mut p = Parser {
        cur,
        s,
        last: d.raw.num,
    };
    let num = d.raw.num;
    let step = p.start(d);
    // Whatever was recognised, the line itself is consumed: no report is
    // made of nothing, and the caller always moves on.
    if !matches!(step, Step::No) && p.cur.peek().is_some_and(|n| n.num == num) {
        p.cur.next_line();
    }
    step
}

struct Parser<'p, 'a> {
    cur: &'p mut Cursor<'a>,
    s: &'p mut Session<'a>,
    last: usize,
}

impl<'a> Parser<'_, 'a> {
    fn peek(&self) -> Option<DLine<'a>> {
        self.cur.peek().map(DLine::new)
    }

    fn peek2(&self) -> Option<DLine<'a>> {
        self.cur.peek2().map(DLine::new)
    }

    fn peek3(&self) -> Option<DLine<'a>> {
        let mut c = *self.cur;
        c.next_line();
        c.peek2().map(DLine::new)
    }

    /// Whether the next line is an author's placeholder (`...`, `···`,
    /// `[snip]`; not Delve's own `(truncated)`) with a line after it that
    /// `goes_on` accepts: the output goes on past the placeholder.
    fn placeholder_next(&self, goes_on: impl Fn(&DLine<'a>) -> bool) -> bool {
        self.peek()
            .is_some_and(|n| placeholder(n.body()) && !truncated(n.body()))
            && self.peek2().is_some_and(|m| goes_on(&m))
    }

    /// Skips the placeholder [`Parser::placeholder_next`] found, with its
    /// diagnostic.
    fn skip_placeholder(&mut self, diags: &mut Vec<Error>) {
        if let Some(n) = self.peek() {
            diags.push(n.diag(ErrorKind::Placeholder));
        }
        self.take();
    }

    fn take(&mut self) {
        if let Some(l) = self.cur.next_line() {
            self.last = l.num;
        }
    }

    fn report(&mut self, kind: ReportKind, first: &DLine<'a>) -> Report<'a> {
        // The prompt and stop line before the output belong to the report.
        let start = self.s.context_start.take().unwrap_or(first.raw.num);
        let mut r = Report::new(kind, start.min(first.raw.num));
        let command = self.s.command.take();
        let stop = self.s.stop.take();
        if command.is_some() || stop.is_some() {
            let d = delve_rep(&mut r);
            d.command = command;
            d.stop = stop;
        }
        r
    }

    fn finish(&self, mut r: Report<'a>) -> Step<'a> {
        r.lines.end = self.last.max(r.lines.start);
        Step::Report(Box::new(r))
    }

    /// `d` is the cursor's next line (not consumed yet).
    fn start(&mut self, d: DLine<'a>) -> Step<'a> {
        let b = d.body();
        if d.prompts > 0 {
            if b.is_empty() {
                self.take();
                return Step::Consumed;
            }
            let word = b.split(' ').next().unwrap_or("");
            if is_command(word) && !is_output(&d) {
                self.take();
                // Only commands whose output is a report become its context
                // (`continue`, `break`, `exit` … print none).
                let reports = reports_output(word);
                self.s.context_start = reports.then_some(d.raw.num);
                self.s.command = reports.then(|| d.piece(b));
                self.s.expect_vars_after = Some(d.raw.num);
                return Step::Consumed;
            }
        }
        if let Some(st) = stop_line(b) {
            self.take();
            self.s.context_start.get_or_insert(d.raw.num);
            let mut f = Frame::new(d.piece(st.func));
            f.file = Some(d.piece(st.file));
            f.line = to_line(st.line);
            f.pc = Some(Addr(st.pc));
            let mut stop = StopLine {
                breakpoint: st.breakpoint.map(|x| d.piece(x)),
                frame: f,
                goroutine: st.goroutine,
                optimized: false,
            };
            if st.goroutine.is_some() {
                self.s.selected = st.goroutine;
            }
            // The warning and the source listing belong to the stop.
            while let Some(n) = self.peek() {
                let nb = n.body();
                if nb == "Warning: debugging optimized function" {
                    stop.optimized = true;
                } else if !(source_line(nb) && n.prompts == 0) {
                    break;
                }
                self.take();
            }
            self.s.stop = Some(stop);
            self.s.expect_vars_after = Some(self.last);
            return Step::Consumed;
        }
        if chatter(b) {
            self.take();
            return Step::Consumed;
        }
        // Two-line starts need both lines in one command's output: a line
        // after a prompt belongs to the next command.
        let after = self.peek2().filter(|n| n.prompts == 0);
        if goroutine_line(b).is_some() && d.tabs == 0 {
            return self.listing(d);
        }
        if frame_line(b).is_some()
            && after.as_ref().is_some_and(|n| {
                at_line(n.body()).is_some()
                    // An author's placeholder between the frame and its
                    // location (a pasted stack).
                    || placeholder(n.body())
                        && self
                            .peek3()
                            .is_some_and(|m| m.prompts == 0 && at_line(m.body()).is_some())
            })
        {
            return self.stack(d);
        }
        if long_head(b).is_some()
            && after
                .as_ref()
                .is_some_and(|n| n.tabs == 1 && long_loc(n.body()).is_some())
            || current_thread(b).is_some()
            || switched(b).is_some()
        {
            return self.goroutine_cmd(d);
        }
        if d.tabs == 0
            && !d.is_blank()
            && !go_report_line(b)
            && after
                .as_ref()
                .is_some_and(|n| n.tabs == 1 && goroutine_line(n.body()).is_some())
        {
            return self.listing(d);
        }
        if thread_line(b).is_some() {
            return self.threads(d);
        }
        if frame_header(b).is_some() {
            return self.frame_cmd(d);
        }
        if (var_line(b).is_some() || no_vars(b)) && self.vars_expected(&d) {
            let mut r = self.report(ReportKind::DlvVariables, &d);
            let (mut vars, mut none) = (Vec::new(), Vec::new());
            self.variables(d, &mut vars, &mut none);
            let dr = delve_rep(&mut r);
            dr.variables = vars;
            dr.no_variables = none;
            return self.finish(r);
        }
        Step::No
    }

    fn vars_expected(&self, d: &DLine<'a>) -> bool {
        // Right after a prompt or stop line (`locals` in pipe mode prints its
        // first variable glued to the prompt).
        d.prompts > 0
            || self.s.expect_vars_after.is_some_and(|n| n + 1 == d.raw.num)
            || self.s.command.as_deref().is_some_and(|c| {
                let w = c.split(' ').next().unwrap_or("");
                matches!(w, "locals" | "args" | "vars")
            })
    }

    // -----------------------------------------------------------------------
    // goroutines (§4)
    // -----------------------------------------------------------------------

    fn listing(&mut self, first: DLine<'a>) -> Step<'a> {
        let mut r = self.report(ReportKind::DlvGoroutines, &first);
        let mut next = Some(first);
        let mut group: Option<GoroutineGroup<'a>> = None;
        let mut groups = Vec::new();
        let mut last_member: Option<DLine<'a>> = None;
        while let Some(d) = next.take().or_else(|| self.peek_take_blankless()) {
            let b = d.body();
            if let Some((current, body)) = goroutine_line(b) {
                let expected_tabs = usize::from(group.is_some());
                if d.tabs != expected_tabs && !(d.tabs == 0 && d.indent() <= 2) {
                    break;
                }
                let g = self.goroutine_entry(&d, current, body);
                last_member = Some(d.clone());
                r.goroutines.push(g);
                if let Some(gr) = &mut group {
                    gr.listed += 1;
                }
                self.listing_extras(&mut r, d.tabs);
                continue;
            }
            // A goroutine line cut by the end of the input: kept by its id,
            // partial.
            if let Some((current, id)) = goroutine_line_start(b) {
                let cut = self.cur.ends_mid_line() && {
                    let mut c = *self.cur;
                    c.next_line();
                    c.at_end()
                };
                if cut {
                    self.take_line(&d);
                    let mut g = Goroutine::new(Some(id), d.raw.num);
                    delve_g(&mut g).current = current;
                    g.partial = true;
                    r.diagnostics.push(d.diag(ErrorKind::Truncated));
                    r.goroutines.push(g);
                    if let Some(gr) = &mut group {
                        gr.listed += 1;
                    }
                    break;
                }
            }
            // An author's placeholder between goroutine lines: skipped when
            // the listing goes on after it.
            if !r.goroutines.is_empty()
                && self.placeholder_next(|m| {
                    let mb = m.body();
                    goroutine_line(mb).is_some() || trailer(mb).is_some() || total(mb).is_some()
                })
            {
                self.skip_placeholder(&mut r.diagnostics);
                continue;
            }
            if let Some(n) = trailer(b) {
                delve_rep(&mut r).listed = Some(n);
                self.take_line(&d);
                break;
            }
            if let Some(n) = total(b).filter(|_| group.is_some()) {
                let mut gr = group.take().expect("checked");
                self.take_line(&d);
                gr.total = n;
                groups.push(gr);
                // Groups are separated by a blank line; `Too many groups` ends.
                if let Some(n) = self.peek() {
                    if n.body() == "Too many groups" {
                        self.take();
                        delve_rep(&mut r).too_many_groups = true;
                        break;
                    }
                    if n.is_blank() && self.peek2().is_some_and(|h| h.tabs == 0 && !h.is_blank()) {
                        self.take();
                        let h = self.peek().expect("peeked");
                        if self.header_then_member() {
                            self.take();
                            group = Some(self.open_group(&h, &r));
                            continue;
                        }
                    }
                }
                break;
            }
            if group.is_none()
                && d.tabs == 0
                && r.goroutines.is_empty()
                && self.group_follows_after(&d)
            {
                self.take_line(&d);
                group = Some(self.open_group(&d, &r));
                continue;
            }
            break;
        }
        if let Some(gr) = group {
            // A group cut short (no `Total:`): keep what was listed; the
            // diagnostic points at the last line read.
            if let Some(l) = last_member {
                r.diagnostics.push(l.diag(ErrorKind::Truncated));
            }
            groups.push(GoroutineGroup {
                total: gr.listed as u64,
                ..gr
            });
        }
        if !groups.is_empty() {
            delve_rep(&mut r).groups = groups;
        }
        self.finish(r)
    }

    /// Whether the next line is a group header followed by a member.
    fn header_then_member(&self) -> bool {
        let (Some(h), Some(m)) = (self.peek(), self.peek2()) else {
            return false;
        };
        h.tabs == 0 && m.tabs == 1 && goroutine_line(m.body()).is_some()
    }

    /// `d` (the cursor's next line) is followed by a group member.
    fn group_follows_after(&self, d: &DLine<'a>) -> bool {
        debug_assert_eq!(self.cur.peek().map(|p| p.num), Some(d.raw.num));
        self.peek2()
            .is_some_and(|n| n.tabs == 1 && goroutine_line(n.body()).is_some())
    }

    fn open_group(&self, h: &DLine<'a>, r: &Report<'a>) -> GoroutineGroup<'a> {
        GoroutineGroup {
            name: h.piece(h.body()),
            total: 0,
            first: r.goroutines.len(),
            listed: 0,
        }
    }

    /// Consumes `d`, the cursor's next line (every handler is given the
    /// line the cursor stands at).
    fn take_line(&mut self, d: &DLine<'a>) {
        debug_assert_eq!(self.cur.peek().map(|p| p.num), Some(d.raw.num));
        self.take();
    }

    /// The next line (consumed), skipping nothing; `None` at a blank line
    /// or the end.
    fn peek_take_blankless(&mut self) -> Option<DLine<'a>> {
        let n = self.peek()?;
        if n.is_blank() {
            return None;
        }
        Some(n)
    }

    fn goroutine_entry(&mut self, d: &DLine<'a>, current: bool, body: GBody<'_>) -> Goroutine<'a> {
        self.take_line(d);
        let mut g = Goroutine::new(None, d.raw.num);
        let dg = delve_g(&mut g);
        dg.current = current;
        match body {
            GBody::Unreadable(msg) => dg.unreadable = Some(d.piece(msg)),
            GBody::Readable {
                id,
                kind,
                loc,
                thread,
                reason,
                since,
                waited,
            } => {
                dg.thread = thread;
                dg.wait_since = since;
                let f = loc_frame(d, &loc);
                dg.locations.push(DelveLocation {
                    kind,
                    frame: f.clone(),
                });
                g.id = Some(id);
                g.state = reason.map(|x| d.piece(x));
                g.wait_minutes = waited;
                g.frames.push(f);
            }
        }
        g
    }

    /// Labels, `-t` stacks and `-exec` output of the goroutine just pushed.
    fn listing_extras(&mut self, r: &mut Report<'a>, gtabs: usize) {
        let g = r.goroutines.last_mut().expect("pushed");
        if let Some(n) = self.peek() {
            if n.tabs == gtabs + 1 {
                if let Some((labels, more)) = labels_line(n.body()) {
                    g.labels = labels_of(&n, labels);
                    delve_g(g).more_labels = more;
                    self.take();
                }
            }
        }
        // `-t`: a stack indented one TAB deeper than the goroutine line
        // (an author's placeholder before it skipped).
        if self.placeholder_next(|m| m.tabs == gtabs + 1 && frame_line(m.body()).is_some()) {
            self.skip_placeholder(&mut r.diagnostics);
        }
        if let Some(n) = self.peek() {
            if n.tabs == gtabs + 1 && frame_line(n.body()).is_some() {
                let mut st = StackOut::default();
                self.stack_lines(&mut st, Some(gtabs + 1), &mut r.diagnostics);
                let g = r.goroutines.last_mut().expect("pushed");
                g.frames = st.frames;
                g.ancestors = st.ancestors;
                g.lines.end = self.last;
                if st.truncated {
                    delve_g(g).truncated = true;
                }
            }
        }
        // `-exec`: output at column 0 until the next goroutine line.
        let mut exec_frames: Option<StackOut<'a>> = None;
        let mut out = Vec::new();
        let mut continues_until = 0;
        while let Some(n) = self.peek() {
            let b = n.body();
            if (n.tabs == gtabs && goroutine_line(b).is_some())
                || trailer(b).is_some()
                || (gtabs == 1 && n.tabs == 1 && total(b).is_some())
                || n.prompts > 0
                || stop_line(b).is_some()
                || switched(b).is_some()
                || frame_header(b).is_some()
                || current_thread(b).is_some()
                || (exec_frames.is_some() && frame_line(b).is_some())
                || go_text(b)
                || (out.is_empty()
                    && self.placeholder_next(|m| {
                        m.tabs == gtabs && goroutine_line(m.body()).is_some()
                    }))
            {
                break;
            }
            if n.tabs == 0
                && !n.is_blank()
                && frame_line(b).is_some()
                && exec_frames.is_none()
                && out.is_empty()
            {
                let mut st = StackOut::default();
                self.stack_lines(&mut st, None, &mut r.diagnostics);
                exec_frames = Some(st);
                continue;
            }
            // Only output that is followed by more of the listing belongs to it.
            if n.raw.num >= continues_until {
                match self.listing_continues() {
                    Some(until) => continues_until = until,
                    None => break,
                }
            }
            if out.len() >= MAX_EXEC_LINES {
                break;
            }
            out.push(n.piece(&n.text));
            self.take();
        }
        let g = r.goroutines.last_mut().expect("pushed");
        if let Some(st) = exec_frames {
            if !st.frames.is_empty() {
                g.frames = st.frames;
                g.ancestors = st.ancestors;
                if st.truncated {
                    delve_g(g).truncated = true;
                }
            }
        }
        if !out.is_empty() {
            // Trailing blank lines separate entries; they are not output.
            while out.last().is_some_and(|l| l.trim().is_empty()) {
                out.pop();
            }
            delve_g(g).output = out;
        }
        g.lines.end = self.last;
    }

    /// Whether a goroutine line, trailer or `Total:` comes within the next
    /// few hundred lines without a prompt in between (bounded look-ahead).
    /// Returns the number of that line (the lines before it need no new
    /// look-ahead, which keeps long `-exec` output linear).
    fn listing_continues(&self) -> Option<usize> {
        let mut c = *self.cur;
        for _ in 0..256 {
            let l = c.next_line()?;
            let d = DLine::new(l);
            let b = d.body();
            if d.prompts > 0 || go_text(b) {
                return None;
            }
            if goroutine_line(b).is_some() || trailer(b).is_some() || total(b).is_some() {
                return Some(d.raw.num);
            }
        }
        None
    }

    // -----------------------------------------------------------------------
    // stack / bt (§6)
    // -----------------------------------------------------------------------

    fn stack(&mut self, first: DLine<'a>) -> Step<'a> {
        let mut r = self.report(ReportKind::DlvStack, &first);
        let mut g = Goroutine::new(self.command_goroutine(&r), first.raw.num);
        let mut st = StackOut::default();
        self.stack_lines(&mut st, None, &mut r.diagnostics);
        g.frames = st.frames;
        g.ancestors = st.ancestors;
        if st.truncated {
            delve_g(&mut g).truncated = true;
        }
        g.lines.end = self.last;
        let named = g
            .frames
            .iter()
            .map(|f| {
                let index = f.delve.as_ref().and_then(|d| d.index);
                (index, f.function.clone(), f.file.clone(), f.line)
            })
            .collect();
        self.s.last_stack = Some(std::sync::Arc::new((g.id, named)));
        r.goroutines.push(g);
        self.finish(r)
    }

    /// The goroutine a `stack` or `Frame N:` belongs to, when the input says
    /// it: the echoed command names it (`goroutine 7 bt`, `goroutine 7
    /// frame 2`) or is a plain `stack`/`bt`/`frame`/`up`/`down` of the
    /// goroutine selected by an earlier stop or switch.
    fn command_goroutine(&self, r: &Report<'a>) -> Option<u64> {
        let cmd = r.delve.as_ref()?.command.as_deref()?;
        let mut w = cmd.split_whitespace();
        match w.next()? {
            "goroutine" | "gr" => w.next()?.parse().ok(),
            "stack" | "bt" => self.s.selected,
            "frame" | "up" | "down" => self.s.selected,
            _ => None,
        }
    }

    /// Frames (with their `at`, variables, offsets, defers), error frames,
    /// `(truncated)` and ancestors. `tabs` is the indentation of the frame
    /// lines when known (inside listings); `None` accepts any.
    fn stack_lines(&mut self, st: &mut StackOut<'a>, tabs: Option<usize>, diags: &mut Vec<Error>) {
        let mut frames: Vec<Frame<'a>> = Vec::new();
        let mut anc: Option<Ancestor<'a>> = None;
        let mut open_defer = false;
        while let Some(n) = self.peek() {
            if n.prompts > 0 && (!frames.is_empty() || anc.is_some()) {
                break;
            }
            let b = n.body();
            let in_scope = |t: usize| tabs.is_none_or(|x| t >= x);
            if n.is_blank() {
                // `-full`, `-defer`, `-offsets` print a blank line after each
                // frame: the stack goes on if a frame line comes next.
                let more = self.peek2().is_some_and(|m| {
                    frame_line(m.body()).is_some()
                        && in_scope(m.tabs)
                        && next_index(&frames, anc.as_ref())
                            .is_some_and(|i| frame_line(m.body()).is_some_and(|(k, _, _)| k == i))
                        || ancestor(m.body()).is_some()
                        || truncated(m.body())
                });
                if !more {
                    break;
                }
                self.take();
                continue;
            }
            // An author's placeholder (`...`, `···`, `[snip]`) between
            // frames (at any indentation): skipped when the stack goes on
            // after it.
            if (!frames.is_empty() || anc.is_some())
                && self.placeholder_next(|m| {
                    let mb = m.body();
                    in_scope(m.tabs)
                        && (frame_line(mb).is_some_and(|(k, _, _)| k > 0)
                            || ancestor(mb).is_some()
                            || at_line(mb).is_some()
                            || truncated(mb))
                })
            {
                self.skip_placeholder(diags);
                continue;
            }
            if !in_scope(n.tabs) {
                break;
            }
            if let Some(id) = ancestor(b) {
                self.take();
                st.ancestors.extend(anc.replace(new_ancestor(id)));
                continue;
            }
            let target = match &mut anc {
                Some(a) => &mut a.frames,
                None => &mut frames,
            };
            if let Some((idx, pc, func)) = frame_line(b) {
                // A new `stack` output starts again at frame 0.
                if !target.is_empty() && idx == 0 {
                    break;
                }
                let mut f = Frame::new(n.piece(func));
                f.args = None;
                f.pc = Some(Addr(pc));
                delve_frame(&mut f).index = Some(idx);
                target.push(f);
                open_defer = false;
                self.take();
                continue;
            }
            let Some(last) = target.last_mut() else {
                // Nothing to attach to (ancestor without frames yet).
                if let (Some(a), true) = (&mut anc, n.tabs >= 1) {
                    if !b.is_empty() && a.frames.is_empty() {
                        // `\t<unreadable message>`.
                        self.take();
                        a.frames_elided = true;
                        continue;
                    }
                }
                break;
            };
            if let Some((file, line)) = at_line(b) {
                if open_defer {
                    if let Some(df) = delve_frame(last).defers.last_mut() {
                        if let Some(c) = &mut df.call {
                            c.file = Some(n.piece(file));
                            c.line = to_line(line);
                        }
                    }
                } else if last.file.is_none() && last.kind != FrameKind::Error {
                    // Delve prints an error frame as its `error:` line alone.
                    last.file = Some(n.piece(file));
                    last.line = to_line(line);
                } else {
                    diags.push(n.diag(ErrorKind::UnexpectedLine));
                }
                self.take();
                continue;
            }
            if let Some(msg) = b.strip_prefix("error: ") {
                // An error frame stands for a frame of its own.
                let mut f = Frame::new(Cow::Borrowed(""));
                f.kind = FrameKind::Error;
                delve_frame(&mut f).error = Some(n.piece(msg));
                target.push(f);
                self.take();
                continue;
            }
            if truncated(b) {
                self.take();
                match &mut anc {
                    Some(a) => a.frames_elided = true,
                    None => st.truncated = true,
                }
                continue;
            }
            if let Some((fo, fpo)) = offsets_line(b) {
                let d = delve_frame(last);
                d.frame_offset = Some(fo);
                d.frame_pointer_offset = Some(fpo);
                self.take();
                continue;
            }
            if let Some(h) = defer_line(b) {
                let df = match h {
                    DeferHead::Call(i, pc, func) => {
                        let mut c = Frame::new(n.piece(func));
                        c.pc = Some(Addr(pc));
                        Defer {
                            index: i,
                            call: Some(c),
                            deferred_by: None,
                            unreadable: None,
                        }
                    }
                    DeferHead::Unreadable(i, msg) => Defer {
                        index: i,
                        call: None,
                        deferred_by: None,
                        unreadable: Some(n.piece(msg)),
                    },
                };
                delve_frame(last).defers.push(df);
                open_defer = true;
                self.take();
                continue;
            }
            if let Some((func, file, line)) = deferred_by(b) {
                if let Some(df) = delve_frame(last).defers.last_mut() {
                    let mut f = Frame::new(n.piece(func));
                    f.file = Some(n.piece(file));
                    f.line = to_line(line);
                    df.deferred_by = Some(f);
                }
                open_defer = false;
                self.take();
                continue;
            }
            if let Some((name, value, shadowed)) = var_line(b) {
                if last.file.is_some() {
                    delve_frame(last).variables.push(Variable {
                        name: n.piece(name),
                        value: n.piece(value),
                        shadowed,
                    });
                    self.take();
                    continue;
                }
            }
            // `tracebackancestors is disabled` and other errors end the stack.
            break;
        }
        if let Some(a) = anc {
            st.ancestors.push(a);
        }
        st.frames = frames;
    }

    // -----------------------------------------------------------------------
    // goroutine (§5)
    // -----------------------------------------------------------------------

    fn goroutine_cmd(&mut self, first: DLine<'a>) -> Step<'a> {
        let mut r = self.report(ReportKind::DlvGoroutine, &first);
        let mut next = Some(first);
        let mut g: Option<Goroutine<'a>> = None;
        let mut seen_switch = false;
        let mut seen_thread = false;
        while let Some(d) = next
            .take()
            .or_else(|| self.peek().filter(|n| !n.is_blank() && n.prompts == 0))
        {
            let b = d.body();
            if let Some((from, to, thread)) = switched(b) {
                if seen_switch || seen_thread || g.is_some() {
                    break;
                }
                self.take_line(&d);
                seen_switch = true;
                delve_rep(&mut r).switched_from = from;
                // `goroutine N` switches goroutines (with a thread); `thread N`
                // switches threads.
                match thread {
                    Some(t) => {
                        self.s.selected = to;
                        let mut gg = Goroutine::new(to, d.raw.num);
                        delve_g(&mut gg).thread = Some(t);
                        g = Some(gg);
                    }
                    None => {
                        r.kind = ReportKind::DlvThreads;
                        delve_rep(&mut r).threads.push(Thread {
                            id: to,
                            current: true,
                            location: None,
                        })
                    }
                }
                continue;
            }
            if let Some((tid, at)) = current_thread(b) {
                if seen_thread {
                    break;
                }
                self.take_line(&d);
                seen_thread = true;
                let location = at.map(|(file, line)| {
                    let mut f = Frame::new(Cow::Borrowed(""));
                    f.file = Some(d.piece(file));
                    f.line = to_line(line);
                    f
                });
                delve_rep(&mut r).threads.push(Thread {
                    id: tid,
                    current: true,
                    location,
                });
                continue;
            }
            if let Some(id) = long_head(b) {
                if g.as_ref()
                    .is_some_and(|x| x.id != Some(id) || !x.frames.is_empty())
                {
                    break;
                }
                self.take_line(&d);
                let mut gg = g
                    .take()
                    .unwrap_or_else(|| Goroutine::new(Some(id), d.raw.num));
                gg.id = Some(id);
                self.s.selected = Some(id);
                self.long_block(&mut gg);
                g = Some(gg);
                continue;
            }
            break;
        }
        if let Some(g) = g {
            r.goroutines.push(g);
        }
        self.finish(r)
    }

    /// The `\tRuntime: …` … `\tLabels: …` lines of the long form.
    fn long_block(&mut self, g: &mut Goroutine<'a>) {
        // The last Runtime location: the current frame when printed.
        let mut runtime = None;
        while let Some(n) = self.peek() {
            if n.tabs != 1 || n.prompts > 0 {
                break;
            }
            let b = n.body();
            if let Some((kind, loc)) = long_loc(b) {
                let f = loc_frame(&n, &loc);
                match kind {
                    LocationKind::Runtime => runtime = Some(f.clone()),
                    LocationKind::User if g.frames.is_empty() => g.frames.push(f.clone()),
                    LocationKind::Go if loc.func != "???" => {
                        g.created_by = Some(crate::model::CreatedBy {
                            frame: f.clone(),
                            goroutine: None,
                        })
                    }
                    _ => {}
                }
                delve_g(g).locations.push(DelveLocation { kind, frame: f });
                self.take();
                continue;
            }
            if let Some((labels, more)) = labels_line(b) {
                g.labels = labels_of(&n, labels);
                delve_g(g).more_labels = more;
                self.take();
                continue;
            }
            break;
        }
        // The User location is listed after Runtime: keep only the Runtime
        // (current) frame when both were printed.
        if let Some(r) = runtime {
            g.frames.insert(0, r);
        }
        if g.frames.len() > 1 {
            g.frames.truncate(1);
        }
        g.lines.end = self.last;
    }

    // -----------------------------------------------------------------------
    // threads (§9)
    // -----------------------------------------------------------------------

    fn threads(&mut self, first: DLine<'a>) -> Step<'a> {
        let mut r = self.report(ReportKind::DlvThreads, &first);
        let mut threads = Vec::new();
        let mut next = Some(first);
        while let Some(d) = next
            .take()
            .or_else(|| self.peek().filter(|n| n.prompts == 0))
        {
            let Some(t) = thread_line(d.body()) else {
                break;
            };
            self.take_line(&d);
            let mut f = Frame::new(t.func.map_or(Cow::Borrowed(""), |x| d.piece(x)));
            f.file = Some(d.piece(t.file));
            f.line = to_line(t.line);
            f.pc = t.pc.map(Addr);
            threads.push(Thread {
                id: Some(t.id),
                current: t.current,
                location: Some(f),
            });
        }
        delve_rep(&mut r).threads = threads;
        self.finish(r)
    }

    // -----------------------------------------------------------------------
    // frame N, locals, args (§7, §8)
    // -----------------------------------------------------------------------

    fn frame_cmd(&mut self, first: DLine<'a>) -> Step<'a> {
        let mut r = self.report(ReportKind::DlvFrame, &first);
        let (idx, file, line, pc) = frame_header(first.body()).expect("checked");
        self.take_line(&first);
        let mut f = Frame::new(Cow::Borrowed(""));
        f.file = Some(first.piece(file));
        f.line = to_line(line);
        f.pc = Some(Addr(pc));
        delve_frame(&mut f).index = Some(idx);
        // The source listing, then `locals` / `args` output (after a prompt
        // in interactive sessions).
        while let Some(n) = self.peek() {
            let b = n.body();
            if n.prompts == 0 && source_line(b) {
                self.take();
                continue;
            }
            if n.prompts > 0 && b.is_empty() {
                self.take();
                continue;
            }
            if n.prompts > 0 {
                let w = b.split(' ').next().unwrap_or("");
                if matches!(w, "locals" | "args") && !is_output(&n) {
                    self.take();
                    continue;
                }
            }
            if var_line(b).is_some() || no_vars(b) {
                let (mut vars, mut none) = (Vec::new(), Vec::new());
                let before = self.last;
                self.variables(n, &mut vars, &mut none);
                if self.last == before {
                    break;
                }
                let df = delve_frame(&mut f);
                df.variables.extend(vars);
                df.no_variables.extend(none);
                continue;
            }
            break;
        }
        let id = self.command_goroutine(&r);
        // `Frame N:` prints no function: take it from the stack printed
        // before for the same goroutine, when that frame is at the same place.
        if let Some((sid, frames)) = self.s.last_stack.as_deref() {
            if *sid == id {
                if let Some((_, function, ..)) = frames.iter().find(|(i, _, file, line)| {
                    *i == Some(idx) && *file == f.file && *line == f.line
                }) {
                    f.function = function.clone();
                }
            }
        }
        let mut g = Goroutine::new(id, first.raw.num);
        g.frames.push(f);
        g.lines.end = self.last;
        r.goroutines.push(g);
        self.finish(r)
    }

    /// `name = value` lines (with `-v` continuation lines) and `(no locals)`,
    /// starting at `first` (not yet consumed unless it was the start line).
    fn variables(
        &mut self,
        first: DLine<'a>,
        vars: &mut Vec<Variable<'a>>,
        none: &mut Vec<Cow<'a, str>>,
    ) {
        let first_num = first.raw.num;
        let mut next = Some(first);
        let mut last_var_line = 0;
        while let Some(d) = next.take().or_else(|| self.peek()) {
            let b = d.body();
            if d.prompts > 0 && last_var_line > 0 {
                break;
            }
            // The caller chose the first line; later ones start at column 0.
            let at_column_0 = d.raw.num == first_num || d.tabs == 0 && d.indent() == 0;
            if no_vars(b) {
                self.take_line(&d);
                // `(no locals)` → `locals`.
                none.push(d.piece(&b[4..b.len() - 1]));
                last_var_line = d.raw.num;
                continue;
            }
            if at_column_0 {
                if let Some((name, value, shadowed)) = var_line(b) {
                    self.take_line(&d);
                    vars.push(Variable {
                        name: d.piece(name),
                        value: d.piece(value),
                        shadowed,
                    });
                    last_var_line = d.raw.num;
                    continue;
                }
            }
            // `-v` values continue on lines that start with a TAB, `]`, `}`,
            // or (Delve ≥ 1.22) the pointed-to value `*T {…}`.
            if let Some(v) = vars.last_mut() {
                if !d.is_blank()
                    && d.prompts == 0
                    && (d.tabs > 0
                        || b.starts_with(']')
                        || b.starts_with('}')
                        || b.starts_with('*') && d.indent() == 0 && v.value.starts_with("(*"))
                {
                    self.take_line(&d);
                    let s = v.value.to_mut();
                    s.push('\n');
                    s.push_str(&d.text);
                    continue;
                }
            }
            break;
        }
    }
}

/// A line after a `(dlv) ` prompt that is command output glued to it
/// (pipe mode) rather than an echoed command.
fn is_output(d: &DLine<'_>) -> bool {
    let b = d.body();
    goroutine_line(b).is_some()
        || frame_line(b).is_some()
        || switched(b).is_some()
        || current_thread(b).is_some()
        || thread_line(b).is_some()
        || frame_header(b).is_some()
        || stop_line(b).is_some()
        || var_line(b).is_some()
        || no_vars(b)
        || long_head(b).is_some()
}

/// `Created by Goroutine N:` before its stack.
fn new_ancestor<'a>(id: u64) -> Ancestor<'a> {
    Ancestor {
        goroutine: id,
        frames: Vec::new(),
        frames_elided: false,
        created_by: None,
    }
}

/// A `Labels:` line as the model's labels (borrowing where the line could).
fn labels_of<'a>(d: &DLine<'a>, labels: Vec<crate::model::Label<'_>>) -> Labels<'a> {
    Labels(
        labels
            .into_iter()
            .map(|l| crate::model::Label {
                key: own_piece(d, l.key),
                value: own_piece(d, l.value),
            })
            .collect(),
    )
}

/// What a stack produced.
#[derive(Default)]
struct StackOut<'a> {
    frames: Vec<Frame<'a>>,
    ancestors: Vec<Ancestor<'a>>,
    truncated: bool,
}

fn truncated(b: &str) -> bool {
    b == "(truncated)"
}

/// The index the next frame line of the stack being read must carry.
fn next_index(frames: &[Frame<'_>], anc: Option<&Ancestor<'_>>) -> Option<u32> {
    let fs = match anc {
        Some(a) => &a.frames,
        None => frames,
    };
    match fs.last() {
        None => Some(0),
        Some(f) => f.delve.as_ref()?.index.map(|i| i + 1),
    }
}

/// A label key/value from a cleaned line, borrowing when possible.
fn own_piece<'a>(d: &DLine<'a>, c: Cow<'_, str>) -> Cow<'a, str> {
    match c {
        Cow::Borrowed(s) => d.piece(s),
        Cow::Owned(s) => Cow::Owned(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_colours_and_prompts() {
        assert_eq!(
            strip_ansi("0  0x1 in \x1b[1mmain.bp\x1b[0m"),
            "0  0x1 in main.bp"
        );
        let d = DLine::new(Line::new("(dlv) (dlv) * Goroutine 1", 1, 0));
        assert_eq!((d.body(), d.prompts), ("* Goroutine 1", 2));
        assert!(matches!(d.piece(d.body()), Cow::Borrowed(_)));
        let d = DLine::new(Line::new("   at ./\x1b[1mmain.go:3\x1b[0m", 1, 0));
        assert_eq!(d.body(), "at ./main.go:3");
        assert!(matches!(d.piece(d.body()), Cow::Owned(_)));
    }
}
