//! Line-level productions of the Go traceback grammar
//! (`../shared/specs/go-traceback.md` §3–§5). Every function takes the line
//! body (leading whitespace removed) and returns `None` when the line is not
//! of its shape.

use std::borrow::Cow;

use memchr::memchr;
use nom::bytes::complete::{tag, take_while1, take_while_m_n};
use nom::character::complete::digit1;
use nom::combinator::{all_consuming, map_opt, map_res, opt, recognize};
use nom::sequence::preceded;
use nom::{IResult, Parser};

use crate::model::args::HEX_VAL;
use crate::model::{Addr, Label, Labels, SignalContext, SignalDetail, Synctest};

/// `0x…` as a nom production, decoded by [`hex_bytes`].
pub(crate) fn hex(i: &str) -> IResult<&str, u64> {
    map_opt(
        recognize(preceded(
            tag("0x"),
            take_while1(|c: char| c.is_ascii_hexdigit()),
        )),
        |h: &str| hex_bytes(h.as_bytes()),
    )
    .parse(i)
}

pub(crate) fn dec(i: &str) -> IResult<&str, u64> {
    map_res(digit1, str::parse::<u64>).parse(i)
}

/// Parses a whole string as `0x…`.
pub(crate) fn parse_hex(s: &str) -> Option<u64> {
    hex_bytes(s.as_bytes())
}

/// `0x` followed by 1–16 hex digits, as bytes.
#[inline]
pub(crate) fn hex_bytes(s: &[u8]) -> Option<u64> {
    let h = s.strip_prefix(b"0x")?;
    if h.is_empty() || h.len() > 16 {
        return None;
    }
    let mut v = 0u64;
    for &c in h {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        v = (v << 4) | u64::from(d);
    }
    Some(v)
}

/// Parses a whole string as a decimal number.
pub(crate) fn parse_dec(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

// ---------------------------------------------------------------------------
// Goroutine header (§4.1)
// ---------------------------------------------------------------------------

/// A parsed `goroutine N [...]:` line.
#[derive(Debug, Default)]
pub(crate) struct Header<'a> {
    pub id: u64,
    pub gp: Option<u64>,
    pub m: Option<u64>,
    pub mp: Option<u64>,
    pub state: &'a str,
    pub wait_minutes: Option<u64>,
    pub locked: bool,
    pub synctest: Option<Synctest>,
    pub labels: Labels<'a>,
}

/// `gp`, then `m` and `mp` unless `m=nil`.
type GpFields = (u64, Option<(u64, u64)>);

fn gp_fields(i: &str) -> IResult<&str, GpFields> {
    let (i, gp) = preceded(tag(" gp="), hex).parse(i)?;
    let (i, _) = tag(" m=").parse(i)?;
    if let Some(rest) = i.strip_prefix("nil") {
        return Ok((rest, (gp, None)));
    }
    let (i, m) = dec(i)?;
    let (i, mp) = preceded(tag(" mp="), hex).parse(i)?;
    Ok((i, (gp, Some((m, mp)))))
}

/// Finds the first `close` byte not inside a double-quoted string.
fn find_unquoted(s: &str, close: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut in_q = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_q {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_q = false;
            }
        } else if c == b'"' {
            in_q = true;
        } else if c == close {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `goroutine 1 [running]:` and every variant of §4.1.1.
pub(crate) fn goroutine_header(body: &str) -> Option<Header<'_>> {
    let rest = body.strip_prefix("goroutine ")?;
    if body.as_bytes().last() != Some(&b':') {
        return None;
    }
    let (rest, id) = dec(rest).ok()?;
    let (rest, gpm) = opt(gp_fields).parse(rest).ok()?;
    let inner = rest.strip_prefix(" [")?;
    // Quotes matter only inside Go 1.26 ` labels:{…}`; a wait reason has none.
    let close = match memchr(b'{', inner.as_bytes()).and_then(|_| inner.find(" labels:{")) {
        Some(l) => l + find_unquoted(&inner[l..], b']')?,
        None => memchr(b']', inner.as_bytes())?,
    };
    let bracket = &inner[..close];
    let after = &inner[close + 1..];
    let mut h = Header {
        id,
        ..Header::default()
    };
    if let Some((gp, m)) = gpm {
        h.gp = Some(gp);
        if let Some((m, mp)) = m {
            h.m = Some(m);
            h.mp = Some(mp);
        }
    }
    if after != ":" {
        // Go 1.27: ` {k: v, …}:`
        let labels = after.strip_prefix(" {")?.strip_suffix("}:")?;
        h.labels = parse_labels(labels)?;
    }
    // Go 1.26: ` labels:{…}` at the end of the bracket text.
    let mut status = bracket;
    if let Some(p) = memchr(b'{', bracket.as_bytes()).and_then(|_| bracket.find(" labels:{")) {
        let l = bracket[p + " labels:{".len()..].strip_suffix('}')?;
        h.labels = parse_labels(l)?;
        status = &bracket[..p];
        if memchr(b']', status.as_bytes()).is_some() {
            return None;
        }
    }
    // The state ends at the first ", " (a wait reason never contains one).
    let sb = status.as_bytes();
    let mut split = None;
    let mut from = 0;
    while let Some(p) = memchr(b',', &sb[from..]) {
        let p = from + p;
        if sb.get(p + 1) == Some(&b' ') {
            split = Some(p);
            break;
        }
        from = p + 1;
    }
    let (state, parts) = match split {
        Some(i) => (&status[..i], Some(status[i + 2..].split(", "))),
        None => (status, None),
    };
    h.state = state;
    for p in parts.into_iter().flatten() {
        if let Some(m) = p.strip_suffix(" minutes") {
            h.wait_minutes = parse_dec(m);
        } else if p == "locked to thread" {
            h.locked = true;
        } else if let Some(n) = p.strip_prefix("synctest bubble ") {
            h.synctest = parse_dec(n).map(Synctest::Bubble);
        } else if let Some(n) = p.strip_prefix("synctest group ") {
            h.synctest = parse_dec(n).map(Synctest::Group);
        }
    }
    Some(h)
}

/// Pairs of `key: value` separated by `", "`; keys and values bare
/// (`[A-Za-z0-9./_]+`, Go 1.27) or double-quoted with `printquoted` escapes.
pub(crate) fn parse_labels(s: &str) -> Option<Labels<'_>> {
    label_pairs(s, ": ")
}

/// `key<sep>value, key<sep>value`, keys and values bare or double-quoted
/// (Go tracebacks use `": "`, pprof `debug=1` `":"`).
pub(crate) fn label_pairs<'s>(s: &'s str, sep: &str) -> Option<Labels<'s>> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let (r, key) = label_str(rest)?;
        let r = r.strip_prefix(sep)?;
        let (r, value) = label_str(r)?;
        out.push(Label { key, value });
        rest = match r.strip_prefix(", ") {
            Some(r) => r,
            None if r.is_empty() => r,
            None => return None,
        };
    }
    Some(Labels(out))
}

pub(crate) fn label_str(s: &str) -> Option<(&str, Cow<'_, str>)> {
    if let Some(q) = s.strip_prefix('"') {
        let b = q.as_bytes();
        let mut i = 0;
        let mut escaped = false;
        while i < b.len() {
            match b[i] {
                b'\\' => {
                    escaped = true;
                    i += 2;
                }
                b'"' => {
                    let raw = &q[..i];
                    let v = if escaped {
                        Cow::Owned(unescape(raw))
                    } else {
                        Cow::Borrowed(raw)
                    };
                    return Some((&q[i + 1..], v));
                }
                _ => i += 1,
            }
        }
        None
    } else {
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '_' | '-')))
            .unwrap_or(s.len());
        if end == 0 {
            return None;
        }
        Some((&s[end..], Cow::Borrowed(&s[..end])))
    }
}

/// Decodes `printquoted` / `%q` escapes; unknown escapes are kept verbatim.
pub(crate) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.char_indices().peekable();
    let mut bytes: Vec<u8> = Vec::new();
    let flush = |bytes: &mut Vec<u8>, out: &mut String| {
        if !bytes.is_empty() {
            out.push_str(&String::from_utf8_lossy(bytes));
            bytes.clear();
        }
    };
    while let Some((i, c)) = it.next() {
        if c != '\\' {
            flush(&mut bytes, &mut out);
            out.push(c);
            continue;
        }
        let Some((_, e)) = it.next() else {
            out.push('\\');
            break;
        };
        if e != 'x' {
            flush(&mut bytes, &mut out);
        }
        let hexn = |n: usize| {
            raw.get(i + 2..i + 2 + n)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
        };
        match e {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'x' => {
                if let Some(v) = hexn(2) {
                    bytes.push(v as u8);
                    it.next();
                    it.next();
                    continue;
                }
                out.push_str("\\x");
            }
            'u' | 'U' => {
                let n = if e == 'u' { 4 } else { 8 };
                match hexn(n).and_then(char::from_u32) {
                    Some(ch) => {
                        out.push(ch);
                        for _ in 0..n {
                            it.next();
                        }
                    }
                    None => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    flush(&mut bytes, &mut out);
    out
}

// ---------------------------------------------------------------------------
// Frames (§4.3)
// ---------------------------------------------------------------------------

/// Splits `func(args)` from the right: the argument list is the final
/// balanced parenthesised group, restricted to the runtime's argument alphabet.
pub(crate) fn func_line(body: &str) -> Option<(&str, &str)> {
    let b = body.as_bytes();
    if b.last() != Some(&b')') {
        return None;
    }
    let mut i = b.len() - 1;
    loop {
        if i == 0 {
            return None;
        }
        i -= 1;
        let c = b[i];
        if c == b'(' {
            break;
        }
        if !ARG_BYTE[usize::from(c)] {
            return None;
        }
    }
    let func = &body[..i];
    let args = &body[i + 1..b.len() - 1];
    if func.is_empty() || !plausible_func(func) {
        return None;
    }
    Some((func, args))
}

/// The bytes an argument list may contain: `0-9 a-f x ? { } , space _ .`.
static ARG_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = b'0';
    while c <= b'9' {
        t[c as usize] = true;
        c += 1;
    }
    let mut c = b'a';
    while c <= b'f' {
        t[c as usize] = true;
        c += 1;
    }
    let extra = b"x?{}, _.";
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
};

/// A function line cut short by a truncated buffer: `main.f(0x1, 0x`.
pub(crate) fn truncated_func_line(body: &str) -> Option<&str> {
    let open = body.find('(')?;
    let (func, args) = (&body[..open], &body[open + 1..]);
    let ok = args.bytes().all(|b| {
        matches!(b, b'0'..=b'9' | b'a'..=b'f' | b'x' | b'?' | b'{' | b'}' | b',' | b' ' | b'_' | b'.')
    });
    (ok && !func.is_empty() && !func.contains('(') && plausible_func(func)).then_some(func)
}

/// A goroutine header cut short: `goroutine 18 [chan rece`.
pub(crate) fn truncated_header(body: &str) -> Option<(u64, Option<&str>)> {
    let rest = body.strip_prefix("goroutine ")?;
    let (rest, id) = dec(rest).ok()?;
    if rest.is_empty() || " [".starts_with(rest) || " gp=".starts_with(rest) {
        return Some((id, None));
    }
    if !rest.starts_with(" [") && !rest.starts_with(" gp=") {
        return None;
    }
    let state = rest.find(" [").map(|p| {
        let s = &rest[p + 2..];
        s.split(']')
            .next()
            .unwrap_or(s)
            .split(", ")
            .next()
            .unwrap_or(s)
    });
    Some((id, state))
}

/// Function tokens have no spaces outside brackets/braces and don't start
/// with punctuation that only prose has.
pub(crate) fn plausible_func(f: &str) -> bool {
    let b = f.as_bytes();
    if b.is_empty() {
        return false;
    }
    if matches!(
        b[0],
        b'[' | b'#' | b'=' | b'-' | b'"' | b'\'' | b'>' | b'<' | b'.'
    ) {
        return false;
    }
    if !b.contains(&b' ') {
        return true;
    }
    let mut depth = 0i32;
    for &c in b {
        match c {
            b'[' | b'{' | b'(' => depth += 1,
            b']' | b'}' | b')' => depth -= 1,
            b' ' if depth <= 0 => return false,
            _ => {}
        }
    }
    true
}

/// A location line: `file:line [+0xoff] [fp=0x… sp=0x… pc=0x…]`.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Location<'a> {
    pub file: &'a str,
    pub line: u32,
    pub offset: Option<u64>,
    pub fp: Option<u64>,
    pub sp: Option<u64>,
    pub pc: Option<u64>,
}

/// Reads `0x…` (lowercase, 1–16 digits) that ends at `end`, from the right.
/// Returns the index of its `0` and the value.
#[inline]
fn rhex(b: &[u8], end: usize) -> Option<(usize, u64)> {
    let mut i = end;
    let mut v = 0u64;
    let mut shift = 0u32;
    while i > 0 {
        let d = HEX_VAL[usize::from(b[i - 1])];
        if d == 0xff {
            break;
        }
        if shift >= 64 {
            return None;
        }
        v |= u64::from(d) << shift;
        shift += 4;
        i -= 1;
    }
    if shift > 0 && i >= 2 && b[i - 1] == b'x' && b[i - 2] == b'0' {
        Some((i - 2, v))
    } else {
        None
    }
}

/// Parses a location line from the right, touching only its suffix:
/// ` fp=0x… sp=0x… pc=0x…`, then ` +0x…`, then `:LINE`.
pub(crate) fn location(body: &str) -> Option<Location<'_>> {
    let b = body.as_bytes();
    let mut loc = Location::default();
    let mut end = b.len();
    if HEX_VAL[usize::from(*b.last()?)] != 0xff {
        if let Some((s, pc)) = rhex(b, end) {
            if b[..s].ends_with(b" pc=") {
                let (s2, sp) = rhex(b, s - 4)?;
                if !b[..s2].ends_with(b" sp=") {
                    return None;
                }
                let (s3, fp) = rhex(b, s2 - 4)?;
                if !b[..s3].ends_with(b" fp=") {
                    return None;
                }
                loc.pc = Some(pc);
                loc.sp = Some(sp);
                loc.fp = Some(fp);
                end = s3 - 4;
            } else if b[..s].ends_with(b" sp=") {
                // Go 1.8 and older: ` fp=0x… sp=0x…`, no `pc=`.
                let sp = pc;
                let (s2, fp) = rhex(b, s - 4)?;
                if !b[..s2].ends_with(b" fp=") {
                    return None;
                }
                loc.sp = Some(sp);
                loc.fp = Some(fp);
                end = s2 - 4;
            }
        }
    }
    if let Some((s, off)) = rhex(b, end) {
        if b[..s].ends_with(b" +") {
            loc.offset = Some(off);
            end = s - 2;
        }
    }
    // The line number: decimal digits after the last ':'.
    let mut d = end;
    while d > 0 && b[d - 1].is_ascii_digit() {
        d -= 1;
    }
    if d == end || end - d > 10 || d < 2 || b[d - 1] != b':' {
        return None;
    }
    let mut n = 0u32;
    for &c in &b[d..end] {
        n = n.checked_mul(10)?.checked_add(u32::from(c - b'0'))?;
    }
    loc.line = n;
    loc.file = &body[..d - 1];
    Some(loc)
}

/// A cgo location: `[file:line ]pc=0x…` (§4.11).
pub(crate) fn cgo_location(body: &str) -> Option<(Option<(&str, u32)>, u64)> {
    if let Some(pc) = body.strip_prefix("pc=") {
        return Some((None, parse_hex(pc)?));
    }
    let p = body.rfind(" pc=")?;
    let pc = parse_hex(&body[p + 4..])?;
    let fl = &body[..p];
    let c = fl.rfind(':')?;
    let line: u32 = fl[c + 1..].parse().ok()?;
    Some((Some((&fl[..c], line)), pc))
}

/// `created by F[ in goroutine N]`.
pub(crate) fn created_by(body: &str) -> Option<(&str, Option<u64>)> {
    let rest = body.strip_prefix("created by ")?;
    let b = rest.as_bytes();
    let mut i = b.len();
    while i > 0 && b[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i < b.len() && b[..i].ends_with(b" in goroutine ") {
        if let Some(n) = parse_dec(&rest[i..]) {
            return Some((&rest[..i - 14], Some(n)));
        }
    }
    Some((rest, None))
}

/// `...N frames elided...` → `Some(Some(N))`; `...additional frames elided...` → `Some(None)`.
pub(crate) fn elision(body: &str) -> Option<Option<u64>> {
    let inner = body.strip_prefix("...")?.strip_suffix("...")?;
    if inner == "additional frames elided" {
        return Some(None);
    }
    let n = inner.strip_suffix(" frames elided")?;
    Some(Some(parse_dec(n)?))
}

/// A line an author put in place of lines left out of a pasted report:
/// `...`, `…`, `[snip]`, `<snip>`, `[...]`, `(stacks elided for clarity)`,
/// `// ... more frames`, Delve's `···`, a markdown fence.
pub(crate) fn placeholder(body: &str) -> bool {
    let b = body.trim_end();
    if b.is_empty() {
        return false;
    }
    if b.starts_with("```") || b.starts_with("~~~") {
        return true;
    }
    if b.chars().all(|c| matches!(c, '.' | '…' | '·' | ' ')) {
        return b.chars().filter(|c| *c != ' ').count() >= 2 || b == "…";
    }
    let inner = match (b.chars().next(), b.chars().last()) {
        (Some('['), Some(']')) | (Some('('), Some(')')) | (Some('<'), Some('>')) => {
            &b[1..b.len() - 1]
        }
        _ => match b.strip_prefix("// ").or_else(|| b.strip_prefix("# ")) {
            Some(r) if r.starts_with("...") || r.starts_with('…') => return true,
            _ => return false,
        },
    };
    let inner = inner.trim().to_ascii_lowercase();
    (!inner.is_empty() && inner.chars().all(|c| matches!(c, '.' | '…' | ' ')))
        || [
            "snip",
            "elided",
            "omitted",
            "truncated",
            "trimmed",
            "redacted",
            "removed",
            "more",
        ]
        .iter()
        .any(|w| inner.contains(w))
}

/// A log record's start: a date and time (`2026/12/02 10:00:00`,
/// `2026-12-02T10:00:00Z`), logfmt's `time=`/`ts=`/`level=`, glog's
/// `E1202 10:00:00.123456`, or a JSON record (`{"`).
pub(crate) fn log_record_line(body: &str) -> bool {
    let b = body.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if digits(0..4)
        && matches!(b.get(4), Some(b'/' | b'-'))
        && digits(5..7)
        && b.get(7) == b.get(4)
        && digits(8..10)
        && matches!(b.get(10), Some(b' ' | b'T'))
        && digits(11..13)
        && b.get(13) == Some(&b':')
    {
        return true;
    }
    if matches!(b.first(), Some(b'I' | b'W' | b'E' | b'F'))
        && digits(1..5)
        && b.get(5) == Some(&b' ')
        && digits(6..8)
        && b.get(8) == Some(&b':')
    {
        return true;
    }
    body.starts_with("{\"")
        || ["time=", "ts=", "level=", "t="]
            .iter()
            .any(|p| body.starts_with(p))
}

/// `[originating from goroutine N]:`.
pub(crate) fn ancestor_header(body: &str) -> Option<u64> {
    parse_dec(
        body.strip_prefix("[originating from goroutine ")?
            .strip_suffix("]:")?,
    )
}

/// `non-Go function at pc=0x…`.
pub(crate) fn non_go(body: &str) -> Option<u64> {
    parse_hex(body.strip_prefix("non-Go function at pc=")?)
}

pub(crate) const OTHER_THREAD: &str = "goroutine running on other thread; stack unavailable";

// ---------------------------------------------------------------------------
// Headers (§3)
// ---------------------------------------------------------------------------

/// `panic: …` → the value text (may still end in a `[recovered…]` tag).
pub(crate) fn panic_line(body: &str) -> Option<&str> {
    if body == "panic:" {
        return Some("");
    }
    body.strip_prefix("panic: ")
}

/// `fatal error: …`.
pub(crate) fn fatal_line(body: &str) -> Option<&str> {
    if body == "fatal error:" {
        return Some("");
    }
    body.strip_prefix("fatal error: ")
}

/// `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x49e260]`.
pub(crate) fn signal_bracket(body: &str) -> Option<SignalDetail<'_>> {
    let inner = body.strip_prefix("[signal ")?.strip_suffix(']')?;
    let p = inner.rfind(" code=")?;
    let head = &inner[..p];
    let (code, rest) = inner[p + 6..].split_once(" addr=")?;
    let (addr, pc) = rest.split_once(" pc=")?;
    let (name, description) = match head.split_once(": ") {
        Some((n, d)) => (n, d),
        None => (head, ""),
    };
    Some(SignalDetail {
        name: Cow::Borrowed(name),
        description: Cow::Borrowed(description),
        code: Addr(parse_hex(code)?),
        addr: Addr(parse_hex(addr)?),
        pc: Addr(parse_hex(pc)?),
    })
}

/// `SIGQUIT: quit` or `Signal 99` (only meaningful when a `PC=` line follows).
pub(crate) fn signal_name(body: &str) -> bool {
    if exception_line(body) {
        return true;
    }
    if let Some(n) = body.strip_prefix("Signal ") {
        return parse_dec(n).is_some();
    }
    let Some(rest) = body.strip_prefix("SIG") else {
        return false;
    };
    match rest.split_once(": ") {
        Some((n, d)) => {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && !d.is_empty()
        }
        None => false,
    }
}

/// `m=` and `sigcode=` of a `PC=` line.
type MSigcode = Option<(u64, Option<u64>)>;

/// `PC=0x… m=N sigcode=N[ addr=0x…]`; Windows prints only `PC=0x…`.
pub(crate) fn pc_line(body: &str) -> Option<SignalContext> {
    let sigcode = map_res(
        take_while1(|c: char| c.is_ascii_digit() || c == '-'),
        |s: &str| {
            s.parse::<i64>()
                .map(|v| v as u64)
                .or_else(|_| s.parse::<u64>())
        },
    );
    let r: IResult<&str, (u64, MSigcode, Option<u64>)> = all_consuming((
        preceded(tag("PC="), hex),
        opt((
            preceded(tag(" m="), dec),
            // Go 1.9 and older print no `sigcode=`.
            opt(preceded(tag(" sigcode="), sigcode)),
        )),
        opt(preceded(tag(" addr="), hex)),
    ))
    .parse(body);
    let (_, (pc, m_code, addr)) = r.ok()?;
    Some(SignalContext {
        pc: Addr(pc),
        m: m_code.map(|(m, _)| m),
        sigcode: m_code.and_then(|(_, c)| c),
        addr: addr.map(Addr),
        during_cgo: false,
        instruction_bytes: Vec::new(),
    })
}

/// Windows: `Exception 0xc0000005 0x0 0x0 0x7ff6c4e21e66` (then `PC=0x…`).
pub(crate) fn exception_line(body: &str) -> bool {
    body.strip_prefix("Exception ")
        .is_some_and(|r| r.split(' ').all(|w| parse_hex(w).is_some()))
}

/// `instruction bytes: 0xf7 0x3b …`.
pub(crate) fn instruction_bytes(body: &str) -> Option<Vec<u8>> {
    let rest = body.strip_prefix("instruction bytes:")?;
    rest.split_ascii_whitespace()
        .map(|b| parse_hex(b).and_then(|v| u8::try_from(v).ok()))
        .collect()
}

/// `rax    0xfffffffffffffffc` (§5.1).
pub(crate) fn register(body: &str) -> Option<(&str, u64)> {
    let r: IResult<&str, &str> =
        take_while_m_n(1, 8, |c: char| c.is_ascii_lowercase() || c.is_ascii_digit()).parse(body);
    let (rest, name) = r.ok()?;
    if !name.as_bytes()[0].is_ascii_lowercase() || !rest.starts_with(' ') {
        return None;
    }
    Some((name, parse_hex(rest.trim_start_matches(' '))?))
}

/// Runtime lines printed around and inside reports (§3.3, §4.13).
pub(crate) fn runtime_message(body: &str) -> bool {
    let b = body.as_bytes();
    match b.first() {
        Some(b'r') => body.starts_with("runtime: "),
        Some(b'u') => body.starts_with("unexpected fault address "),
        Some(b'a') => body.starts_with("accessed data from freed user arena ") || hexdump(body),
        Some(b'p') => body == "panic during panic" || body.starts_with("preempt off reason: "),
        Some(b's') => {
            body == "stack trace unavailable"
                || body.starts_with("stack: frame={")
                || body.starts_with("stack=[")
        }
        Some(b'm') => body.starts_with("m=") && body.contains(" m->curg="),
        Some(b'^') => body.starts_with("^ "),
        Some(b'0'..=b'9' | b'a'..=b'f') => hexdump(body),
        _ => false,
    }
}

/// Stack hexdump lines, both formats (§4.13.1, §4.13.2).
fn hexdump(body: &str) -> bool {
    let b = body.as_bytes();
    if body.starts_with("7 6 5 4  3 2 1 0") {
        return true;
    }
    if let Some(h) = body.strip_prefix("0x") {
        let hb = h.as_bytes();
        return hb.len() > 17 && hb[..16].iter().all(u8::is_ascii_hexdigit) && hb[16] == b':';
    }
    b.len() > 17 && b[..16].iter().all(u8::is_ascii_hexdigit) && b[16] == b':'
}

/// `exit status N`, `signal: killed`, … printed by `go run` / `go test`.
pub(crate) fn exit_line(body: &str) -> bool {
    if let Some(n) = body.strip_prefix("exit status ") {
        return n.bytes().all(|b| b.is_ascii_digit() || b == b'-') && !n.is_empty();
    }
    body.strip_prefix("signal: ")
        .is_some_and(|s| s.as_bytes().first().is_some_and(u8::is_ascii_lowercase))
}

#[cfg(test)]
mod placeholder_tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "...",
            "…",
            "[snip]",
            "<snip>",
            "[...]",
            "(stacks elided for clarity)",
            "(3 frames omitted)",
            "···",
            "```",
            "```go",
            "// ... more frames",
            "[trimmed]",
        ] {
            assert!(placeholder(p), "{p}");
        }
        for p in [
            "main.main()",
            "(*T).f()",
            "[signal SIGSEGV: segmentation violation]",
            "x",
            ".",
            "()",
        ] {
            assert!(!placeholder(p), "{p}");
        }
    }

    #[test]
    fn log_records() {
        for l in [
            "2026/12/02 10:00:00 INFO x",
            "2026-12-02T10:00:00Z x",
            "2026-12-02 10:00:00,123 x",
            "E1202 10:00:00.123456   12 main.go:3] x",
            "time=2026-12-02T10:00:00Z level=info msg=x",
            "{\"level\":\"info\"}",
        ] {
            assert!(log_record_line(l), "{l}");
        }
        for l in [
            "boom",
            "goroutine 1 [running]:",
            "2026 was a year",
            "Error: x",
            "FAIL",
        ] {
            assert!(!log_record_line(l), "{l}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let h =
            goroutine_header("goroutine 33 [chan receive, 1 minutes, locked to thread]:").unwrap();
        assert_eq!(
            (h.id, h.state, h.wait_minutes, h.locked),
            (33, "chan receive", Some(1), true)
        );
        let h = goroutine_header("goroutine 0 gp=0x62a5e0 m=0 mp=0x62b3a0 [idle]:").unwrap();
        assert_eq!((h.gp, h.m, h.mp), (Some(0x62a5e0), Some(0), Some(0x62b3a0)));
        let h = goroutine_header("goroutine 1 gp=0x133b7adb61e0 m=nil [sleep]:").unwrap();
        assert_eq!((h.gp, h.m, h.mp), (Some(0x133b7adb61e0), None, None));
        let h = goroutine_header(r#"goroutine 22 [chan receive labels:{"odd]key": "line1\nline2 ]x", "ok_key": "plain/value.1"}]:"#).unwrap();
        assert_eq!(h.state, "chan receive");
        assert_eq!(h.labels.get("odd]key"), Some("line1\nline2 ]x"));
        assert_eq!(h.labels.get("ok_key"), Some("plain/value.1"));
        let h = goroutine_header(
            r#"goroutine 22 [chan receive] {"odd]key": "line1\nline2 ]x", ok_key: plain/value.1}:"#,
        )
        .unwrap();
        assert_eq!(h.labels.len(), 2);
        assert_eq!(h.labels.get("ok_key"), Some("plain/value.1"));
        let h =
            goroutine_header("goroutine 20 [chan receive (durable), synctest bubble 1]:").unwrap();
        assert_eq!(h.synctest, Some(Synctest::Bubble(1)));
        let h =
            goroutine_header("goroutine 7 [chan receive (synctest), synctest group 6]:").unwrap();
        assert_eq!(h.synctest, Some(Synctest::Group(6)));
        // Commas without a space, and multi-byte text after them (fuzz find).
        assert_eq!(
            goroutine_header("goroutine 1 [a,b, 2 minutes]:")
                .unwrap()
                .state,
            "a,b"
        );
        assert_eq!(goroutine_header("goroutine 1 [a,]:").unwrap().state, "a,");
        assert_eq!(goroutine_header("goroutine 1 [a,é]:").unwrap().state, "a,é");
        assert!(goroutine_header("goroutine 1 [running]").is_none());
        assert!(goroutine_header("goroutine x [running]:").is_none());
    }

    #[test]
    fn frames_and_locations() {
        assert_eq!(
            func_line("main.(*T).Ptr(0x1, {0x2, 0x3})"),
            Some(("main.(*T).Ptr", "0x1, {0x2, 0x3}"))
        );
        assert_eq!(
            func_line("main.inlined(...)"),
            Some(("main.inlined", "..."))
        );
        assert_eq!(
            func_line("runtime.goexit({})"),
            Some(("runtime.goexit", "{}"))
        );
        assert_eq!(func_line("Call stack: (0x1)"), None);
        assert_eq!(func_line("foo(bar)"), None);
        let l = location("/usr/local/go/src/runtime/panic.go:1243 +0x48 fp=0x7ffe82c90e68 sp=0x7ffe82c90e38 pc=0x479648").unwrap();
        assert_eq!(
            (l.file, l.line, l.offset, l.pc),
            (
                "/usr/local/go/src/runtime/panic.go",
                1243,
                Some(0x48),
                Some(0x479648)
            )
        );
        let l = location("C:/Users/x/main.go:12").unwrap();
        assert_eq!((l.file, l.line, l.offset), ("C:/Users/x/main.go", 12, None));
        assert!(location("main.go").is_none());
        assert!(location(":12").is_none());
        assert_eq!(
            cgo_location("fake_c_file.c:11 pc=0x49c481"),
            Some((Some(("fake_c_file.c", 11)), 0x49c481))
        );
        assert_eq!(cgo_location("pc=0x49c5c1"), Some((None, 0x49c5c1)));
    }

    #[test]
    fn signal_lines() {
        let s = signal_bracket(
            "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x49e260]",
        )
        .unwrap();
        assert_eq!(
            (&*s.name, &*s.description, s.pc),
            ("SIGSEGV", "segmentation violation", Addr(0x49e260))
        );
        let s = signal_bracket("[signal 0xc0000005 code=0x0 addr=0x0 pc=0x1]").unwrap();
        assert_eq!(&*s.name, "0xc0000005");
        assert!(signal_name("SIGQUIT: quit"));
        assert!(signal_name("Signal 99"));
        assert!(!signal_name("SIGQUIT"));
        let c = pc_line("PC=0x49c629 m=0 sigcode=1 addr=0x0").unwrap();
        assert_eq!(
            (c.pc, c.m, c.sigcode, c.addr),
            (Addr(0x49c629), Some(0), Some(1), Some(Addr(0)))
        );
        let c = pc_line("PC=0x40ebce m=0 sigcode=18446744073709551610").unwrap();
        assert_eq!(c.sigcode, Some(18446744073709551610));
        let c = pc_line("PC=0x7ff6c4e21e66").unwrap();
        assert_eq!((c.m, c.sigcode), (None, None));
        assert!(signal_name("Exception 0xc0000005 0x0 0x0 0x7ff6c4e21e66"));
        assert!(!signal_name("Exception in thread main"));
        assert_eq!(register("rflags 0x246"), Some(("rflags", 0x246)));
        assert_eq!(register("r0      0x0"), Some(("r0", 0)));
        assert_eq!(
            instruction_bytes("instruction bytes: 0xf7 0x3b"),
            Some(vec![0xf7, 0x3b])
        );
    }

    #[test]
    fn unescapes_printquoted() {
        assert_eq!(
            unescape(r#"a\"b\\c\nd\x41\u00e9\U0001F600"#),
            "a\"b\\c\ndA\u{e9}\u{1F600}"
        );
        assert_eq!(unescape(r"\xff\xfe"), "\u{fffd}\u{fffd}");
    }
}
