//! pprof profiles in `debug=1` text form (`../shared/specs/go-traceback.md`
//! §6.4): `goroutine profile: total N`, then records `N @ 0x… 0x…` with an
//! optional `# labels: {…}` line and `#\t0x…\tfunc+0x…\tfile:line` frames.

use std::borrow::Cow;

use super::line::{label_pairs, parse_dec, parse_hex};
use crate::error::ErrorKind;
use crate::model::{Addr, Frame, FrameKind, Goroutine, Labels, Profile, Report, ReportKind};
use crate::parse::diag;
use crate::parse::lines::Cursor;

/// What every profile header contains.
pub(crate) const ANCHOR: &str = " profile: total ";

/// `NAME profile: total N`.
pub(crate) fn profile_header(body: &str) -> Option<(&str, u64)> {
    let (name, n) = body.split_once(" profile: total ")?;
    if name.is_empty() || !name.bytes().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    Some((name, parse_dec(n)?))
}

/// `N @ 0x… 0x…` → N.
pub(crate) fn record_line(body: &str) -> Option<u64> {
    let (n, pcs) = body.split_once(" @")?;
    if !pcs.is_empty() && !pcs.starts_with(' ') {
        return None;
    }
    for pc in pcs.split(' ').skip(1) {
        parse_hex(pc)?;
    }
    parse_dec(n)
}

/// `# labels: {"k":"v", "k2":"v2"}`.
fn labels_line(body: &str) -> Option<Labels<'_>> {
    label_pairs(body.strip_prefix("# labels: {")?.strip_suffix('}')?, ":")
}

/// `#\t0x4e1c36\tmain.dump+0x76\t\t\t/app/main.go:54` or `#\t0x4e1c36`. The
/// columns are separated by runs of TABs, or of spaces where TABs were
/// expanded.
fn frame_line(text: &str) -> Option<Frame<'_>> {
    let r = text.strip_prefix('#')?;
    let sep = |c: char| c == '\t' || c == ' ';
    if !r.starts_with(sep) {
        return None;
    }
    let r = r.trim_matches(sep);
    let (pc, rest) = match r.find(sep) {
        Some(i) => (&r[..i], r[i..].trim_start_matches(sep)),
        None => (r, ""),
    };
    let pc = parse_hex(pc)?;
    if rest.is_empty() {
        let mut f = Frame::new(Cow::Borrowed(""));
        f.kind = FrameKind::NonGo;
        f.pc = Some(Addr(pc));
        return Some(f);
    }
    // `func+0xOFF`, then the file: the function ends at the first `+0x…`
    // followed by a separator.
    let mut from = 0;
    let (func, off, fl) = loop {
        let i = from + rest[from..].find("+0x")?;
        let tail = &rest[i + 1..];
        let end = tail.find(sep).unwrap_or(tail.len());
        if let Some(off) = parse_hex(&tail[..end]) {
            if end < tail.len() {
                break (&rest[..i], off, tail[end..].trim_start_matches(sep));
            }
        }
        from = i + 3;
    };
    let i = fl.rfind(':')?;
    let line: u32 = fl[i + 1..].parse().ok()?;
    let mut f = Frame::new(Cow::Borrowed(func));
    f.file = Some(Cow::Borrowed(&fl[..i]));
    f.line = Some(line);
    f.offset = Some(off);
    f.pc = Some(Addr(pc));
    Some(f)
}

/// Parses a profile; `cur` is positioned at its header line.
pub(crate) fn profile_report<'a>(cur: &mut Cursor<'a>) -> Report<'a> {
    let first = cur.next_line().expect("positioned at the header");
    let (name, total) = profile_header(first.body).expect("checked by the caller");
    let mut rep = Report::new(ReportKind::PprofDebug1, first.num);
    rep.profile = Some(Profile {
        name: Cow::Borrowed(name),
        total,
    });
    let mut last = first.num;
    loop {
        // Records are separated by one blank line.
        let mut c = *cur;
        let mut n = c.next_line();
        if n.is_some_and(|l| l.is_blank()) {
            n = c.next_line();
        }
        let Some(l) = n else { break };
        let Some(count) = record_line(l.body) else {
            break;
        };
        *cur = c;
        last = l.num;
        let mut g = Goroutine::new(None, l.num);
        g.count = Some(count);
        while let Some(n) = cur.peek() {
            if let Some(labels) = labels_line(n.body) {
                g.labels = labels;
            } else if let Some(f) = frame_line(n.text.trim_start_matches(' ')) {
                g.frames.push(f);
            } else if n.body.starts_with('#') {
                rep.diagnostics.push(diag(ErrorKind::UnexpectedLine, &n));
            } else {
                break;
            }
            cur.next_line();
            last = n.num;
        }
        g.lines.end = last;
        rep.goroutines.push(g);
    }
    rep.lines.end = last;
    rep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(
            profile_header("goroutine profile: total 7"),
            Some(("goroutine", 7))
        );
        assert_eq!(
            profile_header("threadcreate profile: total 12"),
            Some(("threadcreate", 12))
        );
        assert_eq!(record_line("3 @ 0x47d9ea 0x41512e"), Some(3));
        assert_eq!(record_line("1 @"), Some(1));
        assert_eq!(record_line("3 @ zz"), None);
        let l = labels_line(r#"# labels: {"request":"r-1", "user id":"alice \"A\""}"#).unwrap();
        assert_eq!(l.get("user id"), Some("alice \"A\""));
        let f = frame_line("#\t0x4e3ef1\tmain.inner+0x11\t\t\t/app/main.go:21").unwrap();
        assert_eq!(
            (&*f.function, f.offset, f.line, f.pc),
            ("main.inner", Some(0x11), Some(21), Some(Addr(0x4e3ef1)))
        );
        assert_eq!(frame_line("#\t0x4e3ef1").unwrap().kind, FrameKind::NonGo);
        let f = frame_line(
            "#       0x4e3ef1        main.inner+0x11                 /my app/main.go:21",
        )
        .unwrap();
        assert_eq!(
            (&*f.function, f.file.as_deref(), f.line),
            ("main.inner", Some("/my app/main.go"), Some(21))
        );
    }
}
