//! Model → the text the Go runtime prints.

use std::fmt::{self, Write};

use crate::model::{Frame, FrameKind, Goroutine, Report};

fn write_location(w: &mut impl Write, f: &Frame<'_>) -> fmt::Result {
    if f.kind != FrameKind::Go {
        w.write_char('\t')?;
        if let (Some(file), Some(line)) = (&f.file, f.line) {
            write!(w, "{file}:{line} ")?;
        }
        if let Some(pc) = f.pc {
            write!(w, "pc={pc}")?;
        }
        return w.write_char('\n');
    }
    let (Some(file), Some(line)) = (&f.file, f.line) else {
        return Ok(());
    };
    write!(w, "\t{file}:{line}")?;
    if let Some(o) = f.offset {
        write!(w, " +{o:#x}")?;
    }
    if let (Some(fp), Some(sp), Some(pc)) = (f.fp, f.sp, f.pc) {
        write!(w, " fp={fp} sp={sp} pc={pc}")?;
    }
    w.write_char('\n')
}

/// Writes one frame as its function line and location line.
///
/// ```
/// let reports = gostack::parse("goroutine 1 [running]:\nmain.f(0x1?)\n\t/app/m.go:3 +0x1d\n");
/// let mut s = String::new();
/// gostack::render::write_frame(&mut s, &reports[0].goroutines[0].frames[0]).unwrap();
/// assert_eq!(s, "main.f(0x1?)\n\t/app/m.go:3 +0x1d\n");
/// ```
pub fn write_frame(w: &mut impl Write, f: &Frame<'_>) -> fmt::Result {
    match f.kind {
        FrameKind::NonGo => return writeln!(w, "{}", f.function),
        FrameKind::Error => {
            let msg = f.delve.as_ref().and_then(|d| d.error.as_deref());
            return writeln!(w, "error: {}", msg.unwrap_or(""));
        }
        FrameKind::C => writeln!(w, "{}", f.function)?,
        FrameKind::Go => match &f.args {
            Some(a) => writeln!(w, "{}({a})", f.function)?,
            // Race reports print `()`; a function line cut short before
            // its argument list has no location either.
            None if f.file.is_some() => writeln!(w, "{}()", f.function)?,
            None => writeln!(w, "{}(", f.function)?,
        },
    }
    write_location(w, f)
}

/// Writes a goroutine block the way the runtime prints it. A goroutine
/// without an id (Windows prints the faulting one's frames without a
/// header) gets no header line.
pub fn write_goroutine(w: &mut impl Write, g: &Goroutine<'_>) -> fmt::Result {
    if let Some(id) = g.id {
        write_header(w, g, id)?;
    }
    write_stack(w, g)
}

fn write_header(w: &mut impl Write, g: &Goroutine<'_>, id: u64) -> fmt::Result {
    write!(w, "goroutine {id}")?;
    if let Some(gp) = g.gp {
        write!(w, " gp={gp} m=")?;
        match (g.m, g.mp) {
            (Some(m), Some(mp)) => write!(w, "{m} mp={mp}")?,
            _ => w.write_str("nil")?,
        }
    }
    write!(w, " [{}", g.state.as_deref().unwrap_or(""))?;
    if let Some(m) = g.wait_minutes {
        write!(w, ", {m} minutes")?;
    }
    if g.locked_to_thread {
        w.write_str(", locked to thread")?;
    }
    match g.synctest {
        Some(crate::Synctest::Group(n)) => write!(w, ", synctest group {n}")?,
        Some(crate::Synctest::Bubble(n)) => write!(w, ", synctest bubble {n}")?,
        None => {}
    }
    w.write_char(']')?;
    if !g.labels.is_empty() {
        w.write_str(" {")?;
        for (i, l) in g.labels.iter().enumerate() {
            if i > 0 {
                w.write_str(", ")?;
            }
            write_label_str(w, &l.key)?;
            w.write_str(": ")?;
            write_label_str(w, &l.value)?;
        }
        w.write_char('}')?;
    }
    w.write_str(":\n")
}

fn write_stack(w: &mut impl Write, g: &Goroutine<'_>) -> fmt::Result {
    if g.stack_unavailable {
        w.write_str("\tgoroutine running on other thread; stack unavailable\n")?;
    }
    for m in &g.runtime_messages {
        writeln!(w, "{m}")?;
    }
    for (i, f) in g.frames.iter().enumerate() {
        if let Some(e) = g.elision.filter(|e| e.at == i) {
            write_elision(w, e.count)?;
        }
        write_frame(w, f)?;
    }
    if let Some(e) = g.elision.filter(|e| e.at >= g.frames.len()) {
        write_elision(w, e.count)?;
    }
    if let Some(c) = &g.created_by {
        write_created_by(w, c)?;
    }
    for a in &g.ancestors {
        writeln!(w, "[originating from goroutine {}]:", a.goroutine)?;
        for f in &a.frames {
            write_frame(w, f)?;
        }
        if a.frames_elided {
            write_elision(w, None)?;
        }
        if let Some(c) = &a.created_by {
            write_created_by(w, c)?;
        }
    }
    Ok(())
}

fn write_created_by(w: &mut impl Write, c: &crate::CreatedBy<'_>) -> fmt::Result {
    write!(w, "created by {}", c.frame.function)?;
    if let Some(p) = c.goroutine {
        write!(w, " in goroutine {p}")?;
    }
    w.write_char('\n')?;
    write_location(w, &c.frame)
}

fn write_elision(w: &mut impl Write, count: Option<u64>) -> fmt::Result {
    writeln!(w, "{}", elision_text(count))
}

/// The runtime's elision marker for `count` frames.
pub(crate) fn elision_text(count: Option<u64>) -> String {
    match count {
        Some(n) => format!("...{n} frames elided..."),
        None => "...additional frames elided...".to_owned(),
    }
}

/// Go 1.27 label quoting: bare when every byte is in `[A-Za-z0-9./_]`.
fn write_label_str(w: &mut impl Write, s: &str) -> fmt::Result {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'_'))
    {
        return w.write_str(s);
    }
    w.write_char('"')?;
    for c in s.chars() {
        match c {
            '\n' => w.write_str("\\n")?,
            '\r' => w.write_str("\\r")?,
            '\t' => w.write_str("\\t")?,
            '\\' => w.write_str("\\\\")?,
            '"' => w.write_str("\\\"")?,
            ' '..='~' => w.write_char(c)?,
            c if (c as u32) < 0x80 => write!(w, "\\x{:02x}", c as u32)?,
            c if (c as u32) < 0x10000 => write!(w, "\\u{:04x}", c as u32)?,
            c => write!(w, "\\U{:08x}", c as u32)?,
        }
    }
    w.write_char('"')
}

/// Writes a whole report in the format it came from: the runtime's
/// (headers, blank line, goroutine blocks separated by blank lines), the
/// race detector's, pprof's `debug=1`, or Delve's.
pub fn write_report(w: &mut impl Write, r: &Report<'_>) -> fmt::Result {
    if r.kind.is_delve() {
        return super::write_delve_report(w, r);
    }
    if let Some(race) = &r.race {
        return write_race(w, r, race);
    }
    if let Some(p) = &r.profile {
        return write_profile(w, r, p);
    }
    for m in &r.runtime_messages {
        writeln!(w, "{m}")?;
    }
    if let (Some(by), Some(p)) = (&r.recovered_by, r.panics.first()) {
        // The logger's line, the stack right under it.
        let prefix = by.prefix.as_deref().unwrap_or("");
        match (&by.location, &by.remote_addr) {
            (None, None) if by.logger == "slog" => {
                // log/slog's value for a `LogValue` that panicked, one
                // attribute as its text handler prints it.
                let key = r
                    .log
                    .as_ref()
                    .and_then(|c| c.trace_field.as_deref())
                    .unwrap_or("value");
                let mut v = format!("{}\n", p.message);
                for g in &r.goroutines {
                    for f in &g.frames {
                        let file = f.file.as_deref().unwrap_or("");
                        let line = f.line.unwrap_or(0);
                        let _ = writeln!(v, "called from {} ({file}:{line})", f.function);
                    }
                    if g.elision.is_some() {
                        v.push_str("(rest of stack elided)\n");
                    }
                }
                writeln!(w, "{key}={v:?}")?;
                return Ok(());
            }
            (Some(at), _) => {
                // The testing package's `t.Errorf` while fuzzing.
                let panic = if p.message == crate::scan::NIL_PANIC_OR_GOEXIT {
                    ""
                } else {
                    "panic: "
                };
                writeln!(w, "{prefix}{at}: {panic}{}", p.message)?;
            }
            (None, addr) => writeln!(
                w,
                "{prefix}{}: panic serving {}: {}",
                by.logger,
                addr.as_deref().unwrap_or(""),
                p.message
            )?,
        }
        for (i, g) in r.goroutines.iter().enumerate() {
            if i > 0 {
                w.write_char('\n')?;
            }
            write_goroutine(w, g)?;
        }
        return Ok(());
    }
    for p in &r.panics {
        if p.nested {
            w.write_char('\t')?;
        }
        w.write_str(p.kind.prefix())?;
        let mut lines = p.message.split('\n');
        w.write_str(lines.next().unwrap_or(""))?;
        for l in lines {
            write!(w, "\n\t{l}")?;
        }
        w.write_str(p.recovered.suffix())?;
        w.write_char('\n')?;
        if let Some(s) = &p.signal {
            w.write_str("[signal ")?;
            w.write_str(&s.name)?;
            if !s.description.is_empty() {
                write!(w, ": {}", s.description)?;
            }
            writeln!(w, " code={} addr={} pc={}]", s.code, s.addr, s.pc)?;
        }
        if let Some(c) = &p.context {
            write!(w, "PC={}", c.pc)?;
            if let Some(m) = c.m {
                write!(w, " m={m}")?;
            }
            if let (Some(_), Some(code)) = (c.m, c.sigcode) {
                write!(w, " sigcode={code}")?;
            }
            if let Some(a) = c.addr {
                write!(w, " addr={a}")?;
            }
            w.write_char('\n')?;
            if c.during_cgo {
                w.write_str("signal arrived during cgo execution\n")?;
            }
            if !c.instruction_bytes.is_empty() {
                w.write_str("instruction bytes:")?;
                for b in &c.instruction_bytes {
                    write!(w, " {b:#x}")?;
                }
                w.write_char('\n')?;
            }
        }
    }
    let mut first = r.kind == crate::ReportKind::Dump;
    if let Some(rs) = &r.runtime_stack {
        w.write_str("\nruntime stack:\n")?;
        for f in rs {
            write_frame(w, f)?;
        }
    }
    for g in &r.goroutines {
        if !first {
            w.write_char('\n')?;
        }
        first = false;
        write_goroutine(w, g)?;
    }
    for p in &r.panics {
        if !p.registers.is_empty() {
            w.write_char('\n')?;
        }
        for reg in &p.registers {
            writeln!(w, "{:<6} {}", reg.name, reg.value)?;
        }
    }
    if let Some(e) = &r.exit {
        writeln!(w, "{e}")?;
    }
    Ok(())
}

fn write_race_stack(w: &mut impl Write, frames: &[Frame<'_>]) -> fmt::Result {
    for f in frames {
        writeln!(w, "  {}()", f.function)?;
        match (&f.file, f.line) {
            (Some(file), Some(line)) => {
                write!(w, "      {file}:{line}")?;
                if let Some(o) = f.offset {
                    write!(w, " +{o:#x}")?;
                }
                w.write_char('\n')?;
            }
            _ => {
                if let Some(pc) = f.pc {
                    writeln!(w, "      -:0 +{pc}")?;
                }
            }
        }
    }
    Ok(())
}

/// A race report the way the race detector prints it.
fn write_race(w: &mut impl Write, r: &Report<'_>, race: &crate::model::Race<'_>) -> fmt::Result {
    w.write_str("WARNING: DATA RACE\n")?;
    let mut first = true;
    for a in &race.accesses {
        if !first {
            w.write_char('\n')?;
        }
        first = false;
        let op = match (a.kind, a.previous) {
            (crate::AccessKind::Read, false) => "Read",
            (crate::AccessKind::Write, false) => "Write",
            (crate::AccessKind::Read, true) => "Previous read",
            (crate::AccessKind::Write, true) => "Previous write",
        };
        let g = r.goroutines.get(a.goroutine);
        write!(w, "{op} at {:#014x} by ", a.addr.0)?;
        match (a.main_goroutine, g.and_then(|g| g.id)) {
            (true, _) | (false, None) => w.write_str("main goroutine:\n")?,
            (false, Some(id)) => writeln!(w, "goroutine {id}:")?,
        }
        write_race_stack(w, g.map_or(&[][..], |g| &g.frames))?;
    }
    for l in &race.locations {
        writeln!(w, "\n{}", l.text)?;
        write_race_stack(w, &l.frames)?;
    }
    for c in &race.created {
        let state = if c.finished { "finished" } else { "running" };
        writeln!(w, "\nGoroutine {} ({state}) created at:", c.goroutine)?;
        write_race_stack(w, &c.frames)?;
    }
    w.write_str("==================\n")?;
    if let Some(n) = race.found {
        writeln!(w, "Found {n} data race(s)")?;
    }
    if let Some(e) = &r.exit {
        writeln!(w, "{e}")?;
    }
    Ok(())
}

/// A pprof `debug=1` profile. The `N @ 0x…` lines print the frames' pcs
/// (the profile's return addresses are one byte further).
fn write_profile(w: &mut impl Write, r: &Report<'_>, p: &crate::model::Profile<'_>) -> fmt::Result {
    writeln!(w, "{} profile: total {}", p.name, p.total)?;
    for g in &r.goroutines {
        write!(w, "{} @", g.count.unwrap_or(1))?;
        for f in &g.frames {
            if let Some(pc) = f.pc {
                write!(w, " {pc}")?;
            }
        }
        w.write_char('\n')?;
        if !g.labels.is_empty() {
            w.write_str("# labels: {")?;
            for (i, l) in g.labels.iter().enumerate() {
                if i > 0 {
                    w.write_str(", ")?;
                }
                write!(w, "{:?}:{:?}", &*l.key, &*l.value)?;
            }
            w.write_str("}\n")?;
        }
        for f in &g.frames {
            w.write_str("#\t")?;
            if let Some(pc) = f.pc {
                write!(w, "{pc}")?;
            }
            if f.kind != FrameKind::NonGo {
                write!(w, "\t{}", f.function)?;
                if let Some(o) = f.offset {
                    write!(w, "+{o:#x}")?;
                }
                if let (Some(file), Some(line)) = (&f.file, f.line) {
                    write!(w, "\t{file}:{line}")?;
                }
            }
            w.write_char('\n')?;
        }
        w.write_char('\n')?;
    }
    if let Some(e) = &r.exit {
        writeln!(w, "{e}")?;
    }
    Ok(())
}
