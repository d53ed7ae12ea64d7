//! The grouped view: per report its crash header, then one entry per bucket
//! of goroutines with the same stack (count, states, wait range, labels,
//! ids), the stack shortened to what a reader needs.

use std::fmt::{self, Write};

use crate::group::{Bucket, Similarity};
use crate::model::{Frame, FuncName, Report};

/// How to draw the grouped view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GroupedOptions {
    /// When two stacks are the same. The default,
    /// [`Similarity::IgnoreArgs`], folds a dump into one bucket per call
    /// path; the arguments that vary are shown by their values (up to
    /// [`VARYING_KEPT`](crate::group::VARYING_KEPT)) or their number.
    pub similarity: Similarity,
    /// ANSI colours.
    pub color: bool,
    /// Show buckets made only of the runtime's own goroutines.
    pub show_runtime: bool,
    /// Most member ids listed per bucket.
    pub max_ids: usize,
    /// The terminal's width in columns: longer frame lines have their
    /// argument lists elided instead of wrapping (`None`: no limit).
    pub width: Option<usize>,
}

impl Default for GroupedOptions {
    fn default() -> Self {
        GroupedOptions {
            similarity: Similarity::IgnoreArgs,
            color: false,
            show_runtime: false,
            max_ids: 10,
            width: None,
        }
    }
}

impl GroupedOptions {
    /// When two stacks are the same.
    pub fn similarity(mut self, s: Similarity) -> Self {
        self.similarity = s;
        self
    }
    /// ANSI colours.
    pub fn color(mut self, yes: bool) -> Self {
        self.color = yes;
        self
    }
    /// Show buckets made only of the runtime's own goroutines.
    pub fn show_runtime(mut self, yes: bool) -> Self {
        self.show_runtime = yes;
        self
    }
    /// Most member ids listed per bucket.
    pub fn max_ids(mut self, n: usize) -> Self {
        self.max_ids = n;
        self
    }
    /// The terminal's width: longer frame lines have their argument lists
    /// elided (`None`: no limit).
    pub fn width(mut self, columns: Option<usize>) -> Self {
        self.width = columns;
        self
    }
}

/// Whether the views show bucket `b`: buckets made only of the runtime's
/// own goroutines are hidden unless asked for (or they crashed).
pub(crate) fn shown(b: &Bucket<'_, '_>, o: &GroupedOptions) -> bool {
    o.show_runtime || b.crashed || !crate::group::is_runtime_goroutine(b.representative)
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
}

/// `net/http.(*conn).serve` → `http.(*conn).serve`: the package path
/// shortened to its last element.
pub fn short_function(function: &str) -> String {
    let f = FuncName::parse(function);
    if f.package.is_empty() {
        return function.to_owned();
    }
    let last = f.package.rsplit('/').next().unwrap_or(f.package);
    format!("{last}{}", &function[f.package.len()..])
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// One frame; `times` > 1 for a run of identical frames (recursion).
/// `args`: the list as the bucket prints it (merged over its members).
/// Within `width` columns, a long argument list is elided (`f(0x1, 0x2…)`),
/// never wrapped; the function and location are kept whole.
fn frame_line(
    w: &mut impl Write,
    p: &Paint,
    f: &Frame<'_>,
    args: Option<&str>,
    lead: &str,
    times: usize,
    width: Option<usize>,
) -> fmt::Result {
    let name = format!("{lead}{}", short_function(&f.function));
    let list = args.or(f.args.as_deref());
    let loc = match (&f.file, f.line) {
        (Some(file), Some(line)) => format!("{}:{line}", base_name(file)),
        (Some(file), None) => base_name(file).to_owned(),
        _ => String::new(),
    };
    let times_text = if times > 1 {
        format!(" ×{times}")
    } else {
        String::new()
    };
    let mut call = name.clone();
    if let Some(l) = list {
        let _ = write!(call, "({l})");
    }
    let mut call_len = call.chars().count();
    // Locations line up in a column when calls are short enough.
    let mut pad = 56usize.saturating_sub(call_len);
    if let Some(width) = width {
        let fixed = 4 + 2 + loc.chars().count() + times_text.chars().count();
        if let Some(l) = list.filter(|_| fixed + call_len > width) {
            let room = width.saturating_sub(fixed + name.chars().count() + 2);
            if room < l.chars().count() {
                let keep: String = l.chars().take(room.saturating_sub(1)).collect();
                call = format!("{name}({}…)", keep.trim_end_matches([',', ' ']));
                call_len = call.chars().count();
            }
        }
        pad = pad.min(width.saturating_sub(fixed + call_len));
    }
    let call = if f.is_runtime() { p.dim(&call) } else { call };
    let times = if times > 1 {
        format!(" {}", p.yellow(&format!("×{times}")))
    } else {
        String::new()
    };
    writeln!(w, "    {call}{:pad$}  {}{times}", "", p.dim(&loc))
}

fn same_line(a: &Frame<'_>, b: &Frame<'_>) -> bool {
    a.function == b.function && a.file == b.file && a.line == b.line && a.args == b.args
}

/// A bucket's header line: count, states, waits, labels, the crash
/// marker, then as many member ids as `max_ids` and the terminal's `width`
/// allow (`+N` for the rest; none when not even one fits).
fn header(
    b: &Bucket<'_, '_>,
    all: &[crate::Goroutine<'_>],
    p: &Paint,
    max_ids: usize,
    width: Option<usize>,
) -> String {
    // pprof `debug=1` records stand for `count` goroutines each.
    let n = b.goroutines(all);
    let mut s = p.yellow(&format!("{n} goroutine{}", if n == 1 { "" } else { "s" }));
    let states: Vec<String> = b
        .states
        .iter()
        .map(|(st, c)| {
            if b.states.len() > 1 {
                format!("{st} ×{c}")
            } else {
                (*st).to_owned()
            }
        })
        .collect();
    if !(states.len() == 1 && states[0].is_empty()) {
        let _ = write!(s, " [{}]", states.join(", "));
    }
    if let Some(w) = wait_text(b) {
        let _ = write!(s, " {w}");
    }
    if b.locked > 0 {
        let _ = write!(s, " locked to thread ×{}", b.locked);
    }
    if let Some(l) = labels_text(b, all) {
        let _ = write!(s, " {l}");
    }
    if b.crashed {
        let _ = write!(s, " {}", p.red("← crashed"));
    }
    if !b.ids.is_empty() {
        // The room left counts what is seen, not colour codes.
        let room = width.map(|w| {
            let used = crate::parse::delve::strip_ansi(&s).chars().count() + 2;
            w.saturating_sub(used)
        });
        let mut ids = String::from("ids");
        let mut shown = 0;
        for id in b.ids.iter().take(max_ids) {
            let word = format!(" {id}");
            let more = b.ids.len() - shown - 1;
            let tail = if more > 0 { 2 + digits(more) } else { 0 };
            if room.is_some_and(|r| ids.len() + word.len() + tail > r) {
                break;
            }
            ids.push_str(&word);
            shown += 1;
        }
        let more = b.ids.len() - shown;
        if more > 0 {
            let _ = write!(ids, " +{more}");
        }
        if shown > 0 {
            let _ = write!(s, "  {}", p.dim(&ids));
        }
    }
    s
}

/// Decimal digits of `n`.
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The waits of a bucket's members, when any printed one: `5 minutes`,
/// `1–30 minutes` when every member waits, `3 of 40 waiting, 1–30 minutes`
/// when most do not (a range alone would hide that).
pub(crate) fn wait_text(b: &Bucket<'_, '_>) -> Option<String> {
    let (lo, hi) = b.wait_minutes?;
    let range = if lo == hi {
        format!("{lo} minutes")
    } else {
        format!("{lo}–{hi} minutes")
    };
    Some(if b.waiting < b.count() {
        format!("{} of {} waiting, {range}", b.waiting, b.count())
    } else {
        range
    })
}

/// The members' pprof labels, merged ([`crate::group`]'s merge, as in
/// `--format grouped`): `{k=v, …}` for labels every member carries with
/// the same value, `k: N values` for a key whose value varies, `on n of m`
/// for a key only some goroutines carry (a pprof `debug=1` record counts
/// for its count); keys and values with spaces, quotes or control
/// characters quoted; `None` without labels.
pub(crate) fn labels_text(
    b: &Bucket<'_, '_>,
    all: &[crate::model::Goroutine<'_>],
) -> Option<String> {
    let merged = b.labels(all);
    if merged.is_empty() {
        return None;
    }
    let total = b.goroutines(all);
    let quote = |t: &str| -> String {
        if !t.is_empty()
            && t.chars()
                .all(|c| c.is_alphanumeric() || "._/:@-+".contains(c))
        {
            t.to_owned()
        } else {
            format!("{t:?}")
        }
    };
    let parts: Vec<String> = merged
        .iter()
        .map(|l| {
            let mut t = match (l.distinct, l.values.first()) {
                (1, Some(v)) => format!("{}={}", quote(&l.key), quote(&v.value)),
                (n, _) => format!("{}: {n} values", quote(&l.key)),
            };
            if l.missing > 0 {
                let _ = write!(t, " on {} of {total}", total - l.missing as u64);
            }
            t
        })
        .collect();
    Some(format!("{{{}}}", parts.join(", ")))
}

/// Writes `reports` in the grouped view.
///
/// ```
/// use gostack::render::{write_grouped, GroupedOptions};
/// let text = "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:9 +0x1d\n\ngoroutine 5 [chan receive]:\nmain.worker(0xc000010000)\n\t/app/main.go:20 +0x25\ncreated by main.main in goroutine 1\n\t/app/main.go:8 +0x3e\n\ngoroutine 6 [chan receive]:\nmain.worker(0xc000022000)\n\t/app/main.go:20 +0x25\ncreated by main.main in goroutine 1\n\t/app/main.go:8 +0x3e\n";
/// let mut s = String::new();
/// write_grouped(&mut s, &gostack::parse(text), &GroupedOptions::default()).unwrap();
/// assert!(s.contains("panic: boom"));
/// assert!(s.contains("2 goroutines [chan receive]"));
/// // One bucket per call path; the argument that varies by its values.
/// assert!(s.contains("main.worker(0xc000010000 | 0xc000022000)"));
/// ```
pub fn write_grouped(
    w: &mut impl Write,
    reports: &[Report<'_>],
    o: &GroupedOptions,
) -> fmt::Result {
    for (i, r) in reports.iter().enumerate() {
        write_grouped_report(w, i, r, o)?;
    }
    Ok(())
}

/// Writes one report in the grouped view, as the report at position
/// `index` (0-based) of [`write_grouped`]'s output: a streaming caller
/// prints each report as it completes.
pub fn write_grouped_report(
    w: &mut impl Write,
    index: usize,
    r: &Report<'_>,
    o: &GroupedOptions,
) -> fmt::Result {
    let p = Paint { on: o.color };
    let i = index;
    {
        if i > 0 {
            w.write_char('\n')?;
        }
        let title = format!(
            "=== report {} ({})",
            i + 1,
            super::summary_line(r).replace('\t', ", ")
        );
        writeln!(w, "{}", p.bold(&title))?;
        for h in &r.panics {
            let (prefix, tag) = (h.kind.prefix(), h.recovered.suffix());
            let indent = if h.nested { "\t" } else { "" };
            let msg = h.message.replace('\n', "\n\t");
            writeln!(w, "{indent}{}", p.red(&format!("{prefix}{msg}{tag}")))?;
            if let Some(s) = &h.signal {
                writeln!(
                    w,
                    "[signal {} {} addr={} pc={}]",
                    s.name, s.description, s.addr, s.pc
                )?;
            }
        }
        if r.crasher_filtered {
            writeln!(
                w,
                "{}",
                p.dim("(the goroutine that crashed is filtered out)")
            )?;
        }
        if r.goroutines.is_empty() {
            return Ok(());
        }
        let mut hidden = 0;
        for (b, varying) in &crate::group::group_report_with(r, o.similarity, true) {
            if !shown(b, o) {
                hidden += b.count();
                continue;
            }
            w.write_char('\n')?;
            writeln!(w, "{}", header(b, &r.goroutines, &p, o.max_ids, o.width))?;
            let g = b.representative;
            // Each frame's list as printed: merged over the members, a
            // varying argument shown by its values or their number.
            let lists = b.folded_lists(varying);
            let list = |k: usize| lists.get(k).and_then(|l| l.as_deref());
            let mut k = 0;
            while k < g.frames.len() {
                if let Some(e) = g.elision.filter(|e| e.at == k) {
                    writeln!(w, "    {}", p.dim(&super::gotext::elision_text(e.count)))?;
                }
                // A run of identical frames (recursion) is printed once.
                let f = &g.frames[k];
                let mut n = 1;
                while k + n < g.frames.len()
                    && g.elision.is_none_or(|e| e.at != k + n)
                    && same_line(f, &g.frames[k + n])
                    && list(k + n) == list(k)
                {
                    n += 1;
                }
                frame_line(w, &p, f, list(k), "", n, o.width)?;
                k += n;
            }
            if let Some(e) = g.elision.filter(|e| e.at >= g.frames.len()) {
                writeln!(
                    w,
                    "    {}",
                    p.dim(&format!(
                        "...{} frames elided...",
                        e.count.map_or("additional".into(), |c| c.to_string())
                    ))
                )?;
            }
            if let Some(c) = &g.created_by {
                frame_line(w, &p, &c.frame, None, "created by ", 1, o.width)?;
            }
        }
        if hidden > 0 {
            writeln!(
                w,
                "\n{}",
                p.dim(&format!(
                    "{hidden} runtime goroutine{} hidden (--all shows them)",
                    if hidden == 1 { "" } else { "s" }
                ))
            )?;
        }
    }
    Ok(())
}
