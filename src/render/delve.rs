//! Model → Delve's terminal format (`goroutines`, `stack`, `frame`,
//! `threads`, `locals`), uncoloured.

use std::fmt::{self, Write};

use crate::model::{Frame, FrameKind, Goroutine, Report, ReportKind, Variable};

fn write_location(w: &mut impl Write, f: &Frame<'_>) -> fmt::Result {
    write!(
        w,
        "{}:{} {} ({:#x})",
        f.file.as_deref().unwrap_or(""),
        f.line.unwrap_or(0),
        f.function,
        f.pc.map_or(0, |p| p.0)
    )
}

fn write_labels(w: &mut impl Write, g: &Goroutine<'_>) -> fmt::Result {
    w.write_str("Labels: ")?;
    for (i, l) in g.labels.iter().enumerate() {
        if i > 0 {
            w.write_str(", ")?;
        }
        write!(w, "{:?}:{:?}", &*l.key, &*l.value)?;
    }
    if let Some(n) = g.delve.as_ref().and_then(|d| d.more_labels) {
        write!(w, "... ({n} more)")?;
    }
    w.write_char('\n')
}

/// One `goroutines` line (without indentation).
fn write_goroutine_line(w: &mut impl Write, g: &Goroutine<'_>) -> fmt::Result {
    let d = g.delve.as_deref();
    w.write_str(if d.is_some_and(|d| d.current) {
        "* "
    } else {
        "  "
    })?;
    w.write_str("Goroutine ")?;
    if let Some(u) = d.and_then(|d| d.unreadable.as_deref()) {
        return writeln!(w, "(unreadable {u})");
    }
    write!(w, "{} - ", g.id.unwrap_or(0))?;
    let loc = d.and_then(|d| d.locations.first());
    match loc {
        Some(l) => {
            write!(w, "{}: ", l.kind.as_str())?;
            write_location(w, &l.frame)?;
        }
        None => {
            w.write_str("User: ")?;
            if let Some(f) = g.frames.first() {
                write_location(w, f)?;
            }
        }
    }
    if let Some(t) = d.and_then(|d| d.thread) {
        write!(w, " (thread {t})")?;
    }
    if let Some(s) = &g.state {
        write!(w, " [{s}")?;
        if let Some(n) = d.and_then(|d| d.wait_since) {
            write!(w, " {n}")?;
        } else if let Some(m) = g.wait_minutes {
            // Older Delve: the wait as a duration.
            write!(w, " {}h{}m0s", m / 60, m % 60)?;
        }
        w.write_char(']')?;
    }
    w.write_char('\n')
}

/// `%+#x` of a signed number: `-0xc38`, `+0x10`.
fn signed(n: i64) -> String {
    if n < 0 {
        format!("-{:#x}", n.unsigned_abs())
    } else {
        format!("+{n:#x}")
    }
}

fn write_vars(w: &mut impl Write, vars: &[Variable<'_>], indent: &str) -> fmt::Result {
    for v in vars {
        w.write_str(indent)?;
        if v.shadowed {
            write!(w, "({})", v.name)?;
        } else {
            w.write_str(&v.name)?;
        }
        writeln!(w, " = {}", v.value)?;
    }
    Ok(())
}

/// A stack the way `stack` prints it, each line prefixed with `ind`.
pub(crate) fn write_stack(w: &mut impl Write, frames: &[Frame<'_>], ind: &str) -> fmt::Result {
    let width = frames.len().saturating_sub(1).to_string().len();
    let pad = " ".repeat(width + 2 + ind.len());
    for (i, f) in frames.iter().enumerate() {
        let d = f.delve.as_deref();
        let idx = d.and_then(|d| d.index).map_or(i, |n| n as usize);
        if f.kind == FrameKind::Error {
            let msg = d.and_then(|d| d.error.as_deref()).unwrap_or("");
            writeln!(w, "{ind}{pad}error: {msg}")?;
            continue;
        }
        writeln!(
            w,
            "{ind}{idx:>width$}  {:#018x} in {}",
            f.pc.map_or(0, |p| p.0),
            f.function
        )?;
        if let Some(file) = &f.file {
            match f.line {
                Some(l) => writeln!(w, "{ind}{pad}at {file}:{l}")?,
                // `?:-1`: Delve's unknown line.
                None => writeln!(w, "{ind}{pad}at {file}:-1")?,
            }
        }
        let Some(d) = d else { continue };
        if let (Some(a), Some(b)) = (d.frame_offset, d.frame_pointer_offset) {
            writeln!(
                w,
                "{ind}{pad}frame: {} frame pointer {}",
                signed(a),
                signed(b)
            )?;
        }
        for df in &d.defers {
            let head = format!("{ind}{pad}    defer {}: ", df.index);
            match (&df.call, &df.unreadable) {
                (Some(c), _) => {
                    writeln!(
                        w,
                        "{head}{:#018x} in {}",
                        c.pc.map_or(0, |p| p.0),
                        c.function
                    )?;
                    let sp = " ".repeat(head.len());
                    writeln!(
                        w,
                        "{sp}at {}:{}",
                        c.file.as_deref().unwrap_or(""),
                        c.line.unwrap_or(0)
                    )?;
                    if let Some(b) = &df.deferred_by {
                        writeln!(
                            w,
                            "{sp}deferred by {} at {}:{}",
                            b.function,
                            b.file.as_deref().unwrap_or(""),
                            b.line.unwrap_or(0)
                        )?;
                    }
                }
                (None, Some(u)) => writeln!(w, "{head}(unreadable defer: {u})")?,
                (None, None) => writeln!(w, "{head}")?,
            }
        }
        write_vars(w, &d.variables, &format!("{ind}{pad}    "))?;
    }
    Ok(())
}

/// Writes a Delve report in Delve's own (uncoloured) format.
pub fn write_delve_report(w: &mut impl Write, r: &Report<'_>) -> fmt::Result {
    let d = r.delve.as_deref();
    match r.kind {
        ReportKind::DlvGoroutines => {
            let groups = d.map_or(&[][..], |d| &d.groups[..]);
            let mut in_group = vec![None; r.goroutines.len()];
            for (k, gr) in groups.iter().enumerate() {
                let end = (gr.first + gr.listed).min(in_group.len());
                for slot in in_group.iter_mut().take(end).skip(gr.first) {
                    *slot = Some(k);
                }
            }
            let mut open = None;
            for (i, g) in r.goroutines.iter().enumerate() {
                if in_group[i] != open {
                    if let Some(k) = open {
                        writeln!(w, "\tTotal: {}\n", groups[k].total)?;
                    }
                    if let Some(k) = in_group[i] {
                        writeln!(w, "{}", groups[k].name)?;
                    }
                    open = in_group[i];
                }
                let ind = if open.is_some() { "\t" } else { "" };
                w.write_str(ind)?;
                write_goroutine_line(w, g)?;
                if !g.labels.is_empty() {
                    write!(w, "{ind}\t")?;
                    write_labels(w, g)?;
                }
                if g.frames.len() > 1 || g.frames.first().is_some_and(|f| f.delve.is_some()) {
                    write_stack(w, &g.frames, &format!("{ind}\t"))?;
                    if g.delve.as_ref().is_some_and(|d| d.truncated) {
                        writeln!(w, "{ind}\t(truncated)")?;
                    }
                }
                for o in g.delve.iter().flat_map(|d| d.output.iter()) {
                    writeln!(w, "{o}")?;
                }
            }
            if let Some(k) = open {
                writeln!(w, "\tTotal: {}", groups[k].total)?;
            }
            if d.is_some_and(|d| d.too_many_groups) {
                w.write_str("Too many groups\n")?;
            }
            if let Some(n) = d.and_then(|d| d.listed) {
                writeln!(w, "[{n} goroutines]")?;
            }
        }
        ReportKind::DlvStack => {
            for g in &r.goroutines {
                // A stack knows its goroutine only from the session: the
                // command that names it says so again.
                if let Some(id) = g.id {
                    writeln!(w, "(dlv) goroutine {id} stack")?;
                }
                write_stack(w, &g.frames, "")?;
                if g.delve.as_ref().is_some_and(|d| d.truncated) {
                    w.write_str("(truncated)\n")?;
                }
                for a in &g.ancestors {
                    writeln!(w, "Created by Goroutine {}:", a.goroutine)?;
                    write_stack(w, &a.frames, "\t")?;
                    if a.frames_elided {
                        w.write_str("\t(truncated)\n")?;
                    }
                }
            }
        }
        ReportKind::DlvGoroutine => {
            let g = r.goroutines.first();
            if let Some(from) = d.and_then(|d| d.switched_from) {
                write!(
                    w,
                    "Switched from {from} to {}",
                    g.and_then(|g| g.id).unwrap_or(0)
                )?;
                if let Some(t) = g.and_then(|g| g.delve.as_ref()).and_then(|d| d.thread) {
                    write!(w, " (thread {t})")?;
                }
                w.write_char('\n')?;
            }
            // `Thread N at file:line`: the current thread, no pc, no marker.
            for t in d.map_or(&[][..], |d| &d.threads[..]) {
                match t.id {
                    Some(id) => write!(w, "Thread {id}")?,
                    None => w.write_str("Thread <nil>")?,
                }
                if let Some(f) = &t.location {
                    let file = f.file.as_deref().unwrap_or("");
                    write!(w, " at {file}:{}", f.line.unwrap_or(0))?;
                }
                w.write_char('\n')?;
            }
            for g in &r.goroutines {
                let locations = g.delve.iter().flat_map(|d| d.locations.iter());
                // A goroutine known only from `Switched from` (it has the
                // thread) prints no block of its own.
                let dg = g.delve.as_deref();
                if dg.is_some_and(|d| d.locations.is_empty() && d.thread.is_some()) {
                    continue;
                }
                writeln!(w, "Goroutine {}:", g.id.unwrap_or(0))?;
                for l in locations {
                    write!(w, "\t{}: ", l.kind.as_str())?;
                    write_location(w, &l.frame)?;
                    w.write_char('\n')?;
                }
                if !g.labels.is_empty() {
                    w.write_char('\t')?;
                    write_labels(w, g)?;
                }
            }
        }
        ReportKind::DlvThreads => {
            let threads = d.map_or(&[][..], |d| &d.threads[..]);
            if let Some(from) = d.and_then(|d| d.switched_from) {
                // `thread N`: the new thread has no location line.
                let to = threads
                    .iter()
                    .find(|t| t.location.is_none())
                    .and_then(|t| t.id);
                match to {
                    Some(to) => writeln!(w, "Switched from {from} to {to}")?,
                    None => writeln!(w, "Switched from {from} to <none>")?,
                }
            }
            for t in threads {
                let Some(f) = &t.location else { continue };
                w.write_str(if t.current { "* " } else { "  " })?;
                write!(w, "Thread {} at ", t.id.unwrap_or(0))?;
                if let Some(pc) = f.pc {
                    write!(w, "{pc} ")?;
                }
                write!(
                    w,
                    "{}:{}",
                    f.file.as_deref().unwrap_or(""),
                    f.line.unwrap_or(0)
                )?;
                if !f.function.is_empty() {
                    write!(w, " {}", f.function)?;
                }
                w.write_char('\n')?;
            }
        }
        ReportKind::DlvFrame => {
            for g in &r.goroutines {
                for f in &g.frames {
                    let idx = f.delve.as_ref().and_then(|d| d.index).unwrap_or(0);
                    // As for stacks, the goroutine comes from the session.
                    if let Some(id) = g.id {
                        writeln!(w, "(dlv) goroutine {id} frame {idx}")?;
                    }
                    writeln!(
                        w,
                        "Frame {idx}: {}:{} (PC: {:x})",
                        f.file.as_deref().unwrap_or(""),
                        f.line.unwrap_or(0),
                        f.pc.map_or(0, |p| p.0)
                    )?;
                    if let Some(d) = &f.delve {
                        write_vars(w, &d.variables, "")?;
                        for x in &d.no_variables {
                            writeln!(w, "(no {x})")?;
                        }
                    }
                }
            }
        }
        ReportKind::DlvVariables => {
            if let Some(d) = d {
                write_vars(w, &d.variables, "")?;
                for x in &d.no_variables {
                    writeln!(w, "(no {x})")?;
                }
            }
        }
        _ => return super::write_report(w, r),
    }
    Ok(())
}
