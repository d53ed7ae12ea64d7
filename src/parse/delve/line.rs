//! Line productions of Delve's terminal output (`../shared/specs/delve.md`
//! §4–§9, §16). Every function takes a line already cleaned of colour
//! escapes and prompts, without its leading indentation unless it says
//! otherwise, and returns `None` when the line is not of its shape.

use crate::model::{Label, LocationKind};
use crate::parse::go::line::{label_pairs, parse_dec};

/// `0x` + hex digits (any length up to 16).
pub(crate) fn hex0x(s: &str) -> Option<u64> {
    crate::parse::go::line::hex_bytes(s.as_bytes())
}

/// Hex digits without `0x` (`Frame N: … (PC: 55c529)`).
fn hex_bare(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    u64::from_str_radix(s, 16).ok()
}

/// A signed `%+#x` number: `-0xc38`, `+0x10`.
fn signed_hex(s: &str) -> Option<i64> {
    let (neg, h) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => return None,
    };
    let v = i64::try_from(hex0x(h)?).ok()?;
    Some(if neg { -v } else { v })
}

/// A line number as Delve prints it (`149`, `0`, `-1`).
fn line_no(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(d) => parse_dec(d).and_then(|v| i64::try_from(v).ok()).map(|v| -v),
        None => parse_dec(s).and_then(|v| i64::try_from(v).ok()),
    }
}

/// `file:line` where `line` is the digits after the last `:`.
pub(crate) fn file_line(s: &str) -> Option<(&str, i64)> {
    let i = s.rfind(':')?;
    Some((&s[..i], line_no(&s[i + 1..])?))
}

/// Splits `file:line rest` at the first `:<digits>` (or `:-<digits>`)
/// followed by a space, or by the end when `at_end` allows it: the file,
/// the line and what follows the space (`None` at the end).
fn split_file_line(s: &str, at_end: bool) -> Option<(&str, i64, Option<&str>)> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(k) = s[from..].find(':') {
        let i = from + k;
        let mut j = i + 1;
        if b.get(j) == Some(&b'-') {
            j += 1;
        }
        let d = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > d {
            if b.get(j) == Some(&b' ') {
                return Some((&s[..i], line_no(&s[i + 1..j])?, Some(&s[j + 1..])));
            }
            if at_end && j == b.len() {
                return Some((&s[..i], line_no(&s[i + 1..j])?, None));
            }
        }
        from = i + 1;
    }
    None
}

/// A location `<file>:<line> <func> (0x<pc>)` (§2.4). The file ends at the
/// first `:<digits> `; the function is everything up to ` (0x…)` at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Loc<'s> {
    pub file: &'s str,
    pub line: i64,
    pub func: &'s str,
    pub pc: u64,
}

pub(crate) fn location(s: &str) -> Option<Loc<'_>> {
    let s = s.strip_suffix(')')?;
    let open = s.rfind(" (0x")?;
    let pc = hex0x(&s[open + 2..])?;
    // The first `:<digits> ` (or `:-<digits> `) separates file and function.
    let (file, line, func) = split_file_line(&s[..open], false)?;
    Some(Loc {
        file,
        line,
        func: func?,
        pc,
    })
}

/// The body of a goroutine line after `Goroutine ` (§4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GBody<'s> {
    Unreadable(&'s str),
    Readable {
        id: u64,
        kind: LocationKind,
        loc: Loc<'s>,
        thread: Option<u64>,
        reason: Option<&'s str>,
        since: Option<u64>,
        /// Older Delve printed the wait as a duration (`[select
        /// 457422h31m13.3s]`): whole minutes.
        waited: Option<u64>,
    },
}

pub(crate) fn location_kind(s: &str) -> Option<LocationKind> {
    Some(match s {
        "User" => LocationKind::User,
        "Runtime" => LocationKind::Runtime,
        "Go" => LocationKind::Go,
        "Start" => LocationKind::Start,
        _ => return None,
    })
}

/// A goroutine line without indentation: `[* ]Goroutine …` (the marker is
/// optional so that lines whose leading spaces were lost still parse).
/// Returns whether the line is marked current, and the body.
/// The start of a goroutine line, `[* ]Goroutine N` then ` ` or the end:
/// (current, id).
pub(crate) fn goroutine_line_start(s: &str) -> Option<(bool, u64)> {
    let (current, rest) = match s.strip_prefix("* ") {
        Some(r) => (true, r),
        None => (false, s),
    };
    let rest = rest.strip_prefix("Goroutine ")?;
    let end = rest.find(' ').unwrap_or(rest.len());
    Some((current, parse_dec(&rest[..end])?))
}

pub(crate) fn goroutine_line(s: &str) -> Option<(bool, GBody<'_>)> {
    let (current, rest) = match s.strip_prefix("* ") {
        Some(r) => (true, r),
        None => (false, s),
    };
    let rest = rest.strip_prefix("Goroutine ")?;
    if let Some(u) = rest.strip_prefix("(unreadable ") {
        return Some((current, GBody::Unreadable(u.strip_suffix(')')?)));
    }
    let (id, rest) = rest.split_once(" - ")?;
    let id = parse_dec(id)?;
    let (kind, mut rest) = rest.split_once(": ")?;
    let kind = location_kind(kind)?;
    let mut reason = None;
    let mut since = None;
    let mut waited = None;
    if rest.ends_with(']') {
        // The reason may contain parentheses but no brackets.
        if let Some(i) = rest.rfind(" [") {
            if rest[..i].ends_with(')') {
                let r = &rest[i + 2..rest.len() - 1];
                rest = &rest[..i];
                let (r2, s) = split_since(r);
                reason = Some(r2);
                since = s;
                if let Some((head, secs)) = r2
                    .rsplit_once(' ')
                    .and_then(|(h, d)| Some((h, go_duration(d)?)))
                {
                    reason = Some(head);
                    waited = Some((secs / 60.0) as u64);
                }
            }
        }
    }
    let mut thread = None;
    if let Some(i) = rest.rfind(" (thread ") {
        if let Some(t) = rest[i + 9..].strip_suffix(')').and_then(parse_dec) {
            thread = Some(t);
            rest = &rest[..i];
        }
    }
    let loc = location(rest)?;
    Some((
        current,
        GBody::Readable {
            id,
            kind,
            loc,
            thread,
            reason,
            since,
            waited,
        },
    ))
}

/// A Go `time.Duration` as printed: `457422h31m13.3s`, `1m30s`, `2.5s`,
/// `300ms` (seconds).
fn go_duration(d: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = d;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|&n| n > 0)?;
        let v: f64 = rest[..n].parse().ok()?;
        let unit = &rest[n..];
        let (mult, len) = [
            ("h", 3600.0),
            ("ms", 1e-3),
            ("m", 60.0),
            ("s", 1.0),
            ("µs", 1e-6),
            ("us", 1e-6),
            ("ns", 1e-9),
        ]
        .into_iter()
        .find(|(u, _)| unit.starts_with(u))
        .map(|(u, m)| (m, u.len()))?;
        total += v * mult;
        rest = &unit[len..];
    }
    Some(total)
}

/// `reason N` → (`reason`, N), except for `unknown wait reason N` whose own
/// text ends in digits.
fn split_since(r: &str) -> (&str, Option<u64>) {
    if let Some(i) = r.rfind(' ') {
        if let Some(n) = parse_dec(&r[i + 1..]) {
            let head = &r[..i];
            let is_unknown = head == "unknown wait reason";
            if !is_unknown {
                return (head, Some(n));
            }
        }
    }
    (r, None)
}

/// `Labels: "k":"v", "k2":"v2"... (N more)` → labels and the `N more` count.
pub(crate) fn labels_line(s: &str) -> Option<(Vec<Label<'_>>, Option<u64>)> {
    let mut pairs = s.strip_prefix("Labels: ")?;
    let mut more = None;
    // `"k5":"v5"... (2 more)`: the count follows the last closing quote.
    if let Some(i) = pairs.rfind("... (") {
        if pairs[..i].ends_with('"') {
            more = Some(parse_dec(pairs[i + 5..].strip_suffix(" more)")?)?);
            pairs = &pairs[..i];
        }
    }
    if !pairs.starts_with('"') {
        return None;
    }
    Some((label_pairs(pairs, ":")?.0, more))
}

/// `N  0x<pc> in <func>` (index, pc, function); any run of spaces is accepted
/// between index and pc (copies from web pages lose them).
pub(crate) fn frame_line(s: &str) -> Option<(u32, u64, &str)> {
    let d = s.bytes().take_while(u8::is_ascii_digit).count();
    if d == 0 || d > 9 {
        return None;
    }
    let idx: u32 = s[..d].parse().ok()?;
    let rest = &s[d..];
    let rest2 = rest.trim_start_matches(' ');
    if rest2.len() == rest.len() {
        return None;
    }
    let sp = rest2.find(' ')?;
    let pc = hex0x(&rest2[..sp])?;
    // Trailing NULs go, as at the end of any line (a coloured name's
    // padding, before its reset code, may hold them).
    let func = rest2[sp..]
        .strip_prefix(" in ")?
        .trim_end_matches(['\0', ' ', '\t']);
    if func.is_empty() {
        return None;
    }
    Some((idx, pc, func))
}

/// `at <file>:<line>`.
pub(crate) fn at_line(s: &str) -> Option<(&str, i64)> {
    file_line(s.strip_prefix("at ")?)
}

/// `frame: ±0x… frame pointer ±0x…` (`stack -offsets`).
pub(crate) fn offsets_line(s: &str) -> Option<(i64, i64)> {
    let r = s.strip_prefix("frame: ")?;
    let (a, b) = r.split_once(" frame pointer ")?;
    Some((signed_hex(a)?, signed_hex(b)?))
}

/// A `defer N:` line: the deferred call, or why it is unreadable.
pub(crate) enum DeferHead<'s> {
    Call(u32, u64, &'s str),
    Unreadable(u32, &'s str),
}

pub(crate) fn defer_line(s: &str) -> Option<DeferHead<'_>> {
    let r = s.strip_prefix("defer ")?;
    let (n, r) = r.split_once(": ")?;
    let n: u32 = n.parse().ok()?;
    if let Some(u) = r.strip_prefix("(unreadable defer: ") {
        return Some(DeferHead::Unreadable(n, u.strip_suffix(')')?));
    }
    let (pc, func) = r.split_once(" in ")?;
    Some(DeferHead::Call(n, hex0x(pc)?, func))
}

/// `deferred by F at file:line`.
pub(crate) fn deferred_by(s: &str) -> Option<(&str, &str, i64)> {
    let r = s.strip_prefix("deferred by ")?;
    let i = r.rfind(" at ")?;
    let (file, line) = file_line(&r[i + 4..])?;
    Some((&r[..i], file, line))
}

/// `name = value` / `(name) = value` (variables).
pub(crate) fn var_line(s: &str) -> Option<(&str, &str, bool)> {
    let i = s.find(" = ")?;
    let name = &s[..i];
    let value = &s[i + 3..];
    if let Some(n) = name.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        return plain_name(n).then_some((n, value, true));
    }
    plain_name(name).then_some((name, value, false))
}

fn plain_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 256
        && !n.starts_with(|c: char| c.is_ascii_digit())
        && n.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '~' || c == '.' || c == '#')
}

/// `(no locals)` / `(no args)`.
pub(crate) fn no_vars(s: &str) -> bool {
    s == "(no locals)" || s == "(no args)"
}

/// `[N goroutines]`.
pub(crate) fn trailer(s: &str) -> Option<u64> {
    parse_dec(s.strip_prefix('[')?.strip_suffix(" goroutines]")?)
}

/// `Total: N` (group end).
pub(crate) fn total(s: &str) -> Option<u64> {
    parse_dec(s.strip_prefix("Total: ")?)
}

/// `Created by Goroutine N:` (ancestors, `stack -a`).
pub(crate) fn ancestor(s: &str) -> Option<u64> {
    parse_dec(s.strip_prefix("Created by Goroutine ")?.strip_suffix(':')?)
}

/// `Goroutine N:` (long form).
pub(crate) fn long_head(s: &str) -> Option<u64> {
    parse_dec(s.strip_prefix("Goroutine ")?.strip_suffix(':')?)
}

/// `Runtime: <location>` (long form).
pub(crate) fn long_loc(s: &str) -> Option<(LocationKind, Loc<'_>)> {
    let (k, rest) = s.split_once(": ")?;
    Some((location_kind(k)?, location(rest)?))
}

/// A thread id (`None` for `<nil>`) and where it is.
pub(crate) type ThreadAt<'s> = (Option<u64>, Option<(&'s str, i64)>);

/// `Thread N at file:line` / `Thread <nil>` (the `goroutine` command).
pub(crate) fn current_thread(s: &str) -> Option<ThreadAt<'_>> {
    let r = s.strip_prefix("Thread ")?;
    if r == "<nil>" {
        return Some((None, None));
    }
    let (tid, at) = r.split_once(" at ")?;
    let tid = parse_dec(tid)?;
    // A threads-listing line has a pc here; this form has none.
    if at.starts_with("0x") && at.contains(' ') {
        return None;
    }
    Some((Some(tid), Some(file_line(at)?)))
}

/// `[* ]Thread N at [0xPC ]file:line[ func]` (`threads`).
pub(crate) struct ThreadLine<'s> {
    pub current: bool,
    pub id: u64,
    pub pc: Option<u64>,
    pub file: &'s str,
    pub line: i64,
    pub func: Option<&'s str>,
}

pub(crate) fn thread_line(s: &str) -> Option<ThreadLine<'_>> {
    let (current, r) = match s.strip_prefix("* ") {
        Some(r) => (true, r),
        None => (false, s),
    };
    let r = r.strip_prefix("Thread ")?;
    let (tid, r) = r.split_once(" at ")?;
    let id = parse_dec(tid)?;
    let (pc, r) = match r.split_once(' ') {
        Some((p, rest)) if p.starts_with("0x") => (Some(hex0x(p)?), rest),
        _ => (None, r),
    };
    pc?;
    // file:line[ func]: the file ends at the first `:<digits>` followed by a
    // space or the end.
    let (file, line, func) = split_file_line(r, true)?;
    Some(ThreadLine {
        current,
        id,
        pc,
        file,
        line,
        func,
    })
}

/// `Switched from A to B[ (thread T)]`: (from, to, thread); `<none>` gives `None`.
pub(crate) fn switched(s: &str) -> Option<(Option<u64>, Option<u64>, Option<u64>)> {
    let r = s.strip_prefix("Switched from ")?;
    let (a, r) = r.split_once(" to ")?;
    let id = |x: &str| {
        if x == "<none>" {
            Some(None)
        } else {
            parse_dec(x).map(Some)
        }
    };
    let (b, thread) = match r.split_once(" (thread ") {
        Some((b, t)) => (b, Some(parse_dec(t.strip_suffix(')')?)?)),
        None => (r, None),
    };
    Some((id(a)?, id(b)?, thread))
}

/// `Frame N: file:line (PC: hex)`.
pub(crate) fn frame_header(s: &str) -> Option<(u32, &str, i64, u64)> {
    let r = s.strip_prefix("Frame ")?;
    let (n, r) = r.split_once(": ")?;
    let n: u32 = n.parse().ok()?;
    let r = r.strip_suffix(')')?;
    let i = r.rfind(" (PC: ")?;
    let pc = hex_bare(&r[i + 6..]).or_else(|| hex0x(&r[i + 6..]))?;
    let (file, line) = file_line(&r[..i])?;
    Some((n, file, line, pc))
}

/// The stop line: `> [Breakpoint 1] main.bp() ./main.go:149 (hits goroutine(1):1 total:1) (PC: 0x55b1e4)`.
pub(crate) struct Stop<'s> {
    pub breakpoint: Option<&'s str>,
    pub func: &'s str,
    pub file: &'s str,
    pub line: i64,
    pub goroutine: Option<u64>,
    pub pc: u64,
}

pub(crate) fn stop_line(s: &str) -> Option<Stop<'_>> {
    let r = s.strip_prefix("> ")?;
    let (breakpoint, r) = match r.strip_prefix('[') {
        Some(b) => {
            let i = b.find("] ")?;
            (Some(&b[..i]), &b[i + 2..])
        }
        None => (None, r),
    };
    let r = r.strip_suffix(')')?;
    let i = r.rfind(" (PC: ")?;
    let pc = hex0x(&r[i + 6..])?;
    let mut r = &r[..i];
    let mut goroutine = None;
    if r.ends_with(')') {
        if let Some(h) = r.rfind(" (hits ") {
            let hits = &r[h + 7..r.len() - 1];
            if let Some(g) = hits.strip_prefix("goroutine(") {
                goroutine = g.split_once(')').and_then(|(n, _)| parse_dec(n));
            }
            r = &r[..h];
        }
    }
    // `func(args) file:line`: the location is the last space-separated word.
    let sp = r.rfind(' ')?;
    let (file, line) = file_line(&r[sp + 1..])?;
    let call = &r[..sp];
    let func = match call.find('(') {
        Some(p) if call.ends_with(')') => &call[..p],
        _ => call,
    };
    Some(Stop {
        breakpoint,
        func,
        file,
        line,
        goroutine,
        pc,
    })
}

/// A source-listing line: `=> 149:\tcode` / `   144:\tcode` (body form,
/// leading spaces removed).
pub(crate) fn source_line(s: &str) -> bool {
    let r = s.strip_prefix("=>").map_or(s, str::trim_start);
    let d = r.bytes().take_while(u8::is_ascii_digit).count();
    d > 0 && (r[d..].starts_with(":\t") || &r[d..] == ":")
}

/// Delve's own lines that carry no data for the model.
pub(crate) fn chatter(s: &str) -> bool {
    s == "Type 'help' for list of commands."
        || s == "Warning: debugging optimized function"
        || s.starts_with("Breakpoint ") && s.contains(" set at 0x")
        || s.starts_with("Command failed: ")
        || s.starts_with("Process ") && s.contains(" has exited with status ")
        || s == "Sending output to pager..."
}

/// Commands whose output is a report (`goroutines`, `stack`, `frame`…).
const REPORT_COMMANDS: &[&str] = &[
    "goroutines",
    "grs",
    "goroutine",
    "gr",
    "stack",
    "bt",
    "frame",
    "up",
    "down",
    "locals",
    "args",
    "vars",
    "threads",
    "thread",
    "tr",
];

/// Other commands a `(dlv) ` prompt may echo.
const OTHER_COMMANDS: &[&str] = &[
    "print",
    "p",
    "continue",
    "c",
    "next",
    "n",
    "step",
    "s",
    "stepout",
    "so",
    "break",
    "b",
    "exit",
    "quit",
    "q",
    "list",
    "ls",
    "l",
    "config",
    "regs",
    "restart",
    "r",
    "clear",
    "clearall",
    "condition",
    "deferred",
    "disassemble",
    "funcs",
    "help",
    "h",
    "on",
    "set",
    "sources",
    "trace",
    "types",
    "whatis",
    "display",
    "dump",
    "libraries",
    "transcript",
    "rev",
    "call",
    "check",
    "checkpoint",
    "toggle",
    "watch",
    "edit",
];

/// Whether a command's output is a report: its prompt line becomes that
/// report's context.
pub(crate) fn reports_output(word: &str) -> bool {
    REPORT_COMMANDS.contains(&word)
}

/// Commands a `(dlv) ` prompt may echo.
pub(crate) fn is_command(word: &str) -> bool {
    reports_output(word) || OTHER_COMMANDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goroutine_lines() {
        let (cur, g) =
            goroutine_line("* Goroutine 1 - User: ./main.go:149 main.bp (0x55b1e4) (thread 17928)")
                .unwrap();
        assert!(cur);
        let GBody::Readable {
            id,
            kind,
            loc,
            thread,
            reason,
            ..
        } = g
        else {
            panic!()
        };
        assert_eq!(
            (id, kind, thread, reason),
            (1, LocationKind::User, Some(17928), None)
        );
        assert_eq!(
            (loc.file, loc.line, loc.func, loc.pc),
            ("./main.go", 149, "main.bp", 0x55b1e4)
        );
        let (_, g) = goroutine_line("Goroutine 2 - User: /usr/local/go/src/runtime/proc.go:475 runtime.gopark (0x48e6b1) [force gc (idle)]").unwrap();
        assert!(matches!(
            g,
            GBody::Readable {
                reason: Some("force gc (idle)"),
                since: None,
                waited: None,
                ..
            }
        ));
        let (_, g) = goroutine_line("Goroutine 9 - Start: ./m.go:3 main.Generic[go.shape.struct { A int; B int }] (0x1) [unknown wait reason 42]").unwrap();
        assert!(matches!(
            g,
            GBody::Readable {
                loc: Loc {
                    func: "main.Generic[go.shape.struct { A int; B int }]",
                    ..
                },
                reason: Some("unknown wait reason 42"),
                ..
            }
        ));
        let (_, g) = goroutine_line("Goroutine 9 - Go: :0 ??? (0x0) [sleep 12345]").unwrap();
        assert!(matches!(
            g,
            GBody::Readable {
                loc: Loc {
                    file: "",
                    line: 0,
                    func: "???",
                    pc: 0
                },
                reason: Some("sleep"),
                since: Some(12345),
                waited: None,
                ..
            }
        ));
        assert_eq!(
            goroutine_line("Goroutine (unreadable could not read G struct)")
                .unwrap()
                .1,
            GBody::Unreadable("could not read G struct")
        );
    }

    #[test]
    fn other_lines() {
        assert_eq!(
            frame_line("10  0x000000000055b1e4 in main.bp"),
            Some((10, 0x55b1e4, "main.bp"))
        );
        assert_eq!(
            frame_line("0 0x0000000000479e71 in runtime.gopark"),
            Some((0, 0x479e71, "runtime.gopark"))
        );
        assert_eq!(at_line("at ./main.go:149"), Some(("./main.go", 149)));
        assert_eq!(at_line("at ?:-1"), Some(("?", -1)));
        assert_eq!(
            offsets_line("frame: -0xc38 frame pointer +0x10"),
            Some((-0xc38, 0x10))
        );
        let (l, more) = labels_line(r#"Labels: "k1":"v1", "k\"2":"v2"... (2 more)"#).unwrap();
        assert_eq!((l.len(), &*l[1].key, more), (2, "k\"2", Some(2)));
        assert_eq!(
            switched("Switched from 1 to 34 (thread 31808)"),
            Some((Some(1), Some(34), Some(31808)))
        );
        assert_eq!(
            switched("Switched from <none> to 5"),
            Some((None, Some(5), None))
        );
        assert_eq!(
            frame_header("Frame 5: /app/main.go:19 (PC: 73b54e)"),
            Some((5, "/app/main.go", 19, 0x73b54e))
        );
        let s = stop_line(
            "> [Breakpoint 1] main.bp() ./main.go:149 (hits goroutine(1):1 total:1) (PC: 0x55b1e4)",
        )
        .unwrap();
        assert_eq!(
            (s.breakpoint, s.func, s.file, s.line, s.goroutine, s.pc),
            (
                Some("Breakpoint 1"),
                "main.bp",
                "./main.go",
                149,
                Some(1),
                0x55b1e4
            )
        );
        let s =
            stop_line("> runtime.gopark() /usr/local/go/src/runtime/proc.go:436 (PC: 0x479e71)")
                .unwrap();
        assert_eq!((s.func, s.line, s.goroutine), ("runtime.gopark", 436, None));
        let t = thread_line("* Thread 30501 at 0x55b1e4 ./main.go:149 main.bp").unwrap();
        assert_eq!(
            (t.current, t.id, t.pc, t.file, t.line, t.func),
            (
                true,
                30501,
                Some(0x55b1e4),
                "./main.go",
                149,
                Some("main.bp")
            )
        );
        assert_eq!(
            current_thread("Thread 31808 at ./main.go:149"),
            Some((Some(31808), Some(("./main.go", 149))))
        );
        assert_eq!(
            var_line("(err) = error nil"),
            Some(("err", "error nil", true))
        );
        assert_eq!(var_line("~r0 = 2336"), Some(("~r0", "2336", false)));
        assert!(var_line("x y = 1").is_none());
        assert!(source_line("=> 149:\tfunc bp() {"));
        assert!(source_line("144:\t"));
        assert_eq!(trailer("[1 goroutines]"), Some(1));
        assert!(matches!(
            defer_line("defer 1: 0x000000000055dae0 in main.deferrer.func1"),
            Some(DeferHead::Call(1, 0x55dae0, "main.deferrer.func1"))
        ));
        assert_eq!(
            deferred_by("deferred by main.deferrer at ./main.go:117"),
            Some(("main.deferrer", "./main.go", 117))
        );
    }
}
