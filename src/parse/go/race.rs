//! Race-detector reports (`../shared/specs/go-traceback.md` §7):
//! `WARNING: DATA RACE`, the accesses with their stacks, heap-block /
//! global-variable locations, goroutine creation stacks, and the closing
//! `==================`.

use std::borrow::Cow;

use super::line::{location, parse_dec, parse_hex};
use crate::error::{Error, ErrorKind};
use crate::model::{
    AccessKind, Addr, CreatedBy, Frame, Goroutine, Race, RaceAccess, RaceCreation, RaceLocation,
    Report, ReportKind,
};
use crate::parse::diag;
use crate::parse::lines::Cursor;

/// The line that opens and closes a report.
pub(crate) const RULE: &str = "==================";

/// The first line of a report's body.
pub(crate) const WARNING: &str = "WARNING: DATA RACE";

/// Whether `body` is the first line of a report's body.
pub(crate) fn race_start(body: &str) -> bool {
    body == WARNING
}

/// `Found N data race(s)`.
pub(crate) fn found_line(body: &str) -> Option<u64> {
    parse_dec(body.strip_prefix("Found ")?.strip_suffix(" data race(s)")?)
}

/// `Read at 0x… by goroutine 7:` / `Previous write at 0x… by main goroutine:`.
///
/// The race detector of Go 1.1–1.2 printed no address (`Read by goroutine
/// 6:`); the address is then 0.
pub(crate) fn access_line(body: &str) -> Option<(AccessKind, bool, u64, Option<u64>)> {
    let (what, rest) = match body.split_once(" at ") {
        Some(x) => x,
        None => {
            let (what, who) = body.split_once(" by ")?;
            let g = who_id(who.strip_suffix(':')?)?;
            let (kind, previous) = access_kind(what)?;
            return Some((kind, previous, 0, g));
        }
    };
    let (kind, previous) = access_kind(what)?;
    let (addr, who) = rest.split_once(" by ")?;
    let addr = parse_hex(addr)?;
    let who = who.strip_suffix(':')?;
    let g = who_id(who)?;
    Some((kind, previous, addr, g))
}

/// `Read`, `Previous write`, `Atomic read`, …: the kind and whether it is
/// the previous access.
fn access_kind(what: &str) -> Option<(AccessKind, bool)> {
    let (previous, op) = match what.strip_prefix("Previous ") {
        Some(op) => (true, op),
        None => (false, what),
    };
    let kind = match op {
        "Read" | "read" | "Atomic read" | "atomic read" => AccessKind::Read,
        "Write" | "write" | "Atomic write" | "atomic write" => AccessKind::Write,
        _ => return None,
    };
    Some((kind, previous))
}

/// `main goroutine` → `None` (goroutine 1), `goroutine N` → `Some(N)`.
fn who_id(who: &str) -> Option<Option<u64>> {
    if who == "main goroutine" {
        return Some(None);
    }
    Some(Some(parse_dec(who.strip_prefix("goroutine ")?)?))
}

/// `Goroutine N (running|finished) created at:`.
fn created_line(body: &str) -> Option<(u64, bool)> {
    let r = body
        .strip_prefix("Goroutine ")?
        .strip_suffix(" created at:")?;
    let (id, state) = r.split_once(' ')?;
    let finished = match state {
        "(finished)" => true,
        "(running)" => false,
        _ => return None,
    };
    Some((parse_dec(id)?, finished))
}

/// `Heap block of size N at 0x… allocated by …:` (a stack follows) or
/// `Global var NAME of size N at 0x… declared at FILE:LINE`.
fn location_block(body: &str) -> Option<bool> {
    if body.starts_with("Heap block of size ") && body.ends_with(':') {
        return Some(true);
    }
    if body.starts_with("Global var ") && body.contains(" declared at ") {
        return Some(false);
    }
    None
}

/// Parses one report; `cur` is positioned at the `WARNING: DATA RACE` line.
pub(crate) fn race_report<'a>(cur: &mut Cursor<'a>) -> Report<'a> {
    let first = cur.next_line().expect("positioned at the report");
    let mut rep = Report::new(ReportKind::Race, first.num);
    let mut race = Race::default();
    let mut last = first.num;
    let mut creations: Vec<RaceCreation<'a>> = Vec::new();
    while let Some(l) = cur.peek() {
        let b = l.body;
        if l.is_blank() {
            cur.next_line();
            continue;
        }
        if b == RULE {
            cur.next_line();
            last = l.num;
            break;
        }
        if let Some((kind, previous, addr, who)) = access_line(b) {
            cur.next_line();
            last = l.num;
            let mut g = Goroutine::new(Some(who.unwrap_or(1)), l.num);
            g.frames = stack(cur, &mut rep.diagnostics, &mut last);
            g.lines.end = last.max(l.num);
            race.accesses.push(RaceAccess {
                kind,
                previous,
                addr: Addr(addr),
                main_goroutine: who.is_none(),
                goroutine: rep.goroutines.len(),
            });
            rep.goroutines.push(g);
            continue;
        }
        if let Some((id, finished)) = created_line(b) {
            cur.next_line();
            last = l.num;
            let frames = stack(cur, &mut rep.diagnostics, &mut last);
            creations.push(RaceCreation {
                goroutine: id,
                finished,
                frames,
            });
            continue;
        }
        if let Some(has_stack) = location_block(b) {
            cur.next_line();
            last = l.num;
            let frames = if has_stack {
                stack(cur, &mut rep.diagnostics, &mut last)
            } else {
                Vec::new()
            };
            race.locations.push(RaceLocation {
                text: Cow::Borrowed(b),
                frames,
            });
            continue;
        }
        // A line of the program's own output inside the report (both write
        // to stderr): skip it, keep the report.
        if looks_like_report_end(cur) {
            break;
        }
        cur.next_line();
        last = l.num;
        rep.diagnostics.push(diag(ErrorKind::UnexpectedLine, &l));
    }
    // Creation stacks become the goroutines' `created by` (the first one
    // printed for each goroutine).
    let mut by_id = std::collections::HashMap::with_capacity(creations.len());
    for (k, c) in creations.iter().enumerate() {
        by_id.entry(c.goroutine).or_insert(k);
    }
    for g in &mut rep.goroutines {
        if let Some(c) = g.id.and_then(|id| by_id.get(&id)).map(|&k| &creations[k]) {
            if let Some(f) = c.frames.first() {
                g.created_by = Some(CreatedBy {
                    frame: f.clone(),
                    goroutine: None,
                });
            }
        }
    }
    race.created = creations;
    rep.race = Some(Box::new(race));
    rep.lines.end = last.max(first.num);
    rep
}

/// Whether the lines after the current one hold no more of the report
/// before another report or the end (bounded look-ahead).
fn looks_like_report_end(cur: &Cursor<'_>) -> bool {
    let mut c = *cur;
    c.next_line();
    for _ in 0..8 {
        let Some(l) = c.next_line() else { return true };
        let b = l.body;
        if b == RULE || access_line(b).is_some() || created_line(b).is_some() {
            return false;
        }
        if race_start(b) {
            return true;
        }
    }
    true
}

/// `  func()` + `      file:line +0xoff` pairs, or `[failed to restore the stack]`.
fn stack<'a>(cur: &mut Cursor<'a>, diags: &mut Vec<Error>, last: &mut usize) -> Vec<Frame<'a>> {
    let mut frames = Vec::new();
    while let Some(l) = cur.peek() {
        let b = l.body;
        if l.is_blank() || l.indent == 0 {
            break;
        }
        if b == "[failed to restore the stack]" {
            cur.next_line();
            *last = l.num;
            continue;
        }
        let Some(func) = b.strip_suffix("()") else {
            break;
        };
        cur.next_line();
        *last = l.num;
        let mut f = Frame::new(Cow::Borrowed(func));
        match cur.peek() {
            Some(n) if n.indent > l.indent => {
                if let Some(loc) = location(n.body) {
                    f.file = Some(Cow::Borrowed(loc.file));
                    f.line = Some(loc.line);
                    f.offset = loc.offset;
                    cur.next_line();
                    *last = n.num;
                } else if let Some(off) = n.body.strip_prefix("-:0 +") {
                    // An unsymbolised pc: `??()` / `-:0 +0x<pc>`.
                    f.pc = parse_hex(off).map(Addr);
                    cur.next_line();
                    *last = n.num;
                } else {
                    diags.push(diag(ErrorKind::MissingLocation, &l));
                }
            }
            _ => diags.push(diag(ErrorKind::MissingLocation, &l)),
        }
        frames.push(f);
    }
    frames
}
