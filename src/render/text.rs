//! The readable text view and one-line summaries.

use std::fmt::{self, Write};

use crate::model::Report;

/// One line describing a report: where it is, its kind, how many goroutines,
/// and the crash message.
///
/// ```
/// let r = gostack::parse("panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5\n");
/// assert_eq!(gostack::render::summary_line(&r[0]), "lines 1-5\tpanic\t1 goroutine\tpanic: boom");
/// ```
pub fn summary_line(r: &Report<'_>) -> String {
    let n = r.goroutines.len();
    let mut s = format!("lines {}-{}", r.lines.start, r.lines.end);
    // Line numbers count per source and stream: say which.
    let stream = r.log.as_ref().and_then(|l| l.stream.as_deref());
    match (r.source.as_deref(), stream) {
        (Some(src), Some(st)) => {
            let _ = write!(s, " of {src} {st}");
        }
        (Some(x), None) | (None, Some(x)) => {
            let _ = write!(s, " of {x}");
        }
        (None, None) => {}
    }
    let _ = write!(
        s,
        "\t{}\t{} goroutine{}",
        r.kind,
        n,
        if n == 1 { "" } else { "s" }
    );
    if let Some(p) = r.crash() {
        let first = p.message.lines().next().unwrap_or("");
        let more = if p.message.contains('\n') { " …" } else { "" };
        let prefix = p.kind.prefix();
        let _ = write!(s, "\t{prefix}{first}{more}");
    }
    if let Some(by) = &r.recovered_by {
        let _ = write!(s, "\trecovered by {}", by.logger);
        if let Some(a) = &by.remote_addr {
            let _ = write!(s, " serving {a}");
        }
    }
    if let Some(race) = &r.race {
        let who: Vec<String> = race
            .accesses
            .iter()
            .map(|a| {
                let op = format!("{:?}", a.kind).to_lowercase();
                match r.goroutines.get(a.goroutine).and_then(|g| g.id) {
                    _ if a.main_goroutine => format!("{op} by main goroutine"),
                    Some(id) => format!("{op} by goroutine {id}"),
                    None => op,
                }
            })
            .collect();
        let at = r
            .goroutines
            .first()
            .and_then(|g| g.frames.first())
            .map(|f| format!(" in {}", f.function))
            .unwrap_or_default();
        let _ = write!(s, "\tdata race{at}: {}", who.join(" / "));
    }
    if let Some(p) = &r.profile {
        let _ = write!(s, "\t{} profile: total {}", p.name, p.total);
    }
    if let Some(c) = r.delve.as_ref().and_then(|d| d.command.as_deref()) {
        let _ = write!(s, "\t(dlv) {c}");
    }
    if !r.diagnostics.is_empty() {
        let _ = write!(s, "\t({} diagnostics)", r.diagnostics.len());
    }
    s
}

/// The readable view: a title line per report, then the report in Go's
/// own format, then any diagnostics.
pub fn write_text(w: &mut impl Write, reports: &[Report<'_>]) -> fmt::Result {
    for (i, r) in reports.iter().enumerate() {
        write_text_report(w, i, r)?;
    }
    Ok(())
}

/// Writes one report in the readable view, as the report at position
/// `index` (0-based) of [`write_text`]'s output.
pub fn write_text_report(w: &mut impl Write, index: usize, r: &Report<'_>) -> fmt::Result {
    if index > 0 {
        w.write_char('\n')?;
    }
    writeln!(
        w,
        "=== report {} ({})",
        index + 1,
        summary_line(r).replace('\t', ", ")
    )?;
    super::write_report(w, r)?;
    for d in &r.diagnostics {
        writeln!(w, "warning: {d}")?;
    }
    Ok(())
}
