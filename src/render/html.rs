//! One self-contained HTML page (no network): per report its crash header
//! and its buckets of goroutines, stacks collapsible, with a search box
//! that filters buckets by any text they show (`?q=` in the address too).

use std::fmt::{self, Write};

use crate::group::group_report_with;
use crate::model::{Frame, FuncName, Report};

use super::grouped::{short_function, shown, GroupedOptions};

/// Writes `s` with `&`, `<`, `>`, `"` and `'` escaped.
fn esc(w: &mut impl Write, s: &str) -> fmt::Result {
    for c in s.chars() {
        match c {
            '&' => w.write_str("&amp;")?,
            '<' => w.write_str("&lt;")?,
            '>' => w.write_str("&gt;")?,
            '"' => w.write_str("&quot;")?,
            '\'' => w.write_str("&#39;")?,
            c => w.write_char(c)?,
        }
    }
    Ok(())
}

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}\
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.5em}\
.crash{color:#b00;font-family:monospace;white-space:pre-wrap}\
.bucket{border:1px solid #ddd;border-radius:6px;margin:.6em 0;padding:.3em .8em}\
.bucket.crashed{border-color:#b00}\
summary{cursor:pointer}.note{color:#666;font-style:italic}.count{font-weight:bold;color:#a60}.ids{color:#888;font-size:.9em}\
table{border-collapse:collapse;font-family:monospace;font-size:13px}\
td{padding:0 1em 0 0;vertical-align:top}td.loc{color:#777}\
tr.main td:first-child{color:#05a;font-weight:600}tr.std td:first-child{color:#363}\
tr.dep td:first-child{color:#84a}tr.rt td{color:#999}a{color:inherit;text-decoration:none}\
a:hover{text-decoration:underline}.legend span{margin-right:1em;font-family:monospace}\
.legend .main{color:#05a;font-weight:600}.legend .std{color:#363}.legend .dep{color:#84a}.legend .rt{color:#999}\
#q{width:30em;padding:.3em;font-size:1em}.hidden{display:none}";

const SCRIPT: &str = "function apply(q){q=q.toLowerCase();var n=0;\
document.querySelectorAll('.bucket').forEach(function(b){\
var hit=!q||b.textContent.toLowerCase().indexOf(q)>=0;\
b.classList.toggle('hidden',!hit);if(hit)n++;});\
document.body.setAttribute('data-visible',n);\
document.getElementById('shown').textContent=n;}\
var box=document.getElementById('q');\
box.addEventListener('input',function(){apply(box.value)});\
var p=new URLSearchParams(location.search).get('q');if(p){box.value=p;}apply(box.value);\
function all(o){document.querySelectorAll('details.bucket').forEach(function(d){d.open=o});}\
document.getElementById('open').addEventListener('click',function(){all(true)});\
document.getElementById('close').addEventListener('click',function(){all(false)});\
if(location.hash=='#all')all(true);";

/// The class of a frame's code: the program's own (`main`), the standard
/// library (`std`), a dependency (`dep`) or the runtime (`rt`).
/// `main_dir`: the directory of the report's `main` package, when a frame
/// shows it (the program's other packages live under it).
fn frame_class(f: &Frame<'_>, main_dir: Option<&str>) -> &'static str {
    if f.is_runtime() {
        return "rt";
    }
    let pkg = FuncName::parse(&f.function).package;
    let in_main = main_dir.is_some_and(|d| {
        f.file
            .as_deref()
            .is_some_and(|file| file.starts_with(d) && file[d.len()..].starts_with('/'))
    });
    if pkg == "main" || in_main {
        "main"
    } else if pkg
        .split('/')
        .next()
        .is_some_and(|first| first.contains('.'))
    {
        "dep"
    } else {
        "std"
    }
}

/// The directory of the report's `main` package (from a frame of it).
fn main_dir<'r>(r: &'r Report<'_>) -> Option<&'r str> {
    r.goroutines
        .iter()
        .flat_map(|g| g.frames.iter())
        // Package main's functions print as `main.…` (no path to parse).
        .find(|f| f.function.starts_with("main."))
        .and_then(|f| f.file.as_deref())
        .and_then(|file| file.rsplit_once('/').map(|(d, _)| d))
        .filter(|d| !d.is_empty())
}

/// The package's documentation page, for the standard library and
/// dependencies (a link to follow, not a resource the page loads).
fn package_link(f: &Frame<'_>) -> Option<String> {
    let pkg = FuncName::parse(&f.function).package;
    (!pkg.is_empty() && pkg != "main").then(|| format!("https://pkg.go.dev/{pkg}"))
}

/// Writes `reports` as one HTML page.
///
/// ```
/// use gostack::render::{write_html, GroupedOptions};
/// let r = gostack::parse("panic: <boom>\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:9 +0x1d\n");
/// let mut s = String::new();
/// write_html(&mut s, &r, &GroupedOptions::default()).unwrap();
/// assert!(s.starts_with("<!DOCTYPE html>"));
/// assert!(s.contains("panic: &lt;boom&gt;"));
/// // No resource loaded from the network (links to package docs only).
/// assert!(!s.contains("src=") && !s.contains("<link"));
/// ```
pub fn write_html(w: &mut impl Write, reports: &[Report<'_>], o: &GroupedOptions) -> fmt::Result {
    let total: usize = reports.iter().map(|r| r.goroutines.len()).sum();
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>gostack: {} report{}, {total} goroutines</title><style>{STYLE}</style></head><body>",
        reports.len(),
        if reports.len() == 1 { "" } else { "s" }
    )?;
    writeln!(
        w,
        "<h1>gostack</h1><p><input id=\"q\" type=\"search\" placeholder=\"filter: function, file, state, label…\" autofocus> \
         <span id=\"shown\"></span> buckets shown \
         <button id=\"open\" type=\"button\">Expand all</button> \
         <button id=\"close\" type=\"button\">Collapse all</button></p>\
         <p class=\"legend\"><span class=\"main\">program</span><span class=\"std\">standard library</span>\
         <span class=\"dep\">dependency</span><span class=\"rt\">runtime</span></p>"
    )?;
    for (i, r) in reports.iter().enumerate() {
        write!(w, "<h2>Report {} — ", i + 1)?;
        esc(w, &super::summary_line(r).replace('\t', ", "))?;
        writeln!(w, "</h2>")?;
        for h in &r.panics {
            let prefix = h.kind.prefix();
            w.write_str("<div class=\"crash\">")?;
            esc(w, &format!("{prefix}{}", h.message))?;
            w.write_str("</div>\n")?;
        }
        if r.crasher_filtered {
            w.write_str("<p class=\"note\">The goroutine that crashed is filtered out.</p>\n")?;
        }
        let mut hidden = 0u64;
        let main = main_dir(r);
        for (b, varying) in group_report_with(r, o.similarity, true) {
            if !shown(&b, o) {
                hidden += b.goroutines(&r.goroutines);
                continue;
            }
            let n = b.goroutines(&r.goroutines);
            write!(
                w,
                "<details class=\"bucket{}\"{}><summary><span class=\"count\">{n} goroutine{}</span> ",
                if b.crashed { " crashed" } else { "" },
                if b.crashed { " open" } else { "" },
                if n == 1 { "" } else { "s" }
            )?;
            let states: Vec<&str> = b.states.iter().map(|(s, _)| *s).collect();
            if !states.iter().all(|s| s.is_empty()) {
                w.write_char('[')?;
                esc(w, &states.join(", "))?;
                w.write_str("] ")?;
            }
            if let Some(t) = super::grouped::wait_text(&b) {
                esc(w, &t)?;
                w.write_char(' ')?;
            }
            let top = crate::group::user_frame(b.representative);
            if let Some(f) = top {
                w.write_str("<b>")?;
                esc(w, &short_function(&f.function))?;
                w.write_str("</b> ")?;
            }
            // Merged over the members, as the text view shows them.
            if let Some(t) = super::grouped::labels_text(&b, &r.goroutines) {
                w.write_str("<span class=\"labels\">")?;
                esc(w, &t)?;
                w.write_str("</span> ")?;
            }
            if !b.ids.is_empty() {
                let ids: Vec<String> = b.ids.iter().take(o.max_ids).map(u64::to_string).collect();
                write!(w, "<span class=\"ids\">ids {}", ids.join(" "))?;
                if b.ids.len() > o.max_ids {
                    write!(w, " +{}", b.ids.len() - o.max_ids)?;
                }
                w.write_str("</span>")?;
            }
            w.write_str("</summary><table>\n")?;
            let mut lists = b.folded_lists(&varying).into_iter();
            let frames = b
                .representative
                .frames
                .iter()
                .map(|f| (f, lists.next().flatten(), false))
                .chain(
                    b.representative
                        .created_by
                        .iter()
                        .map(|c| (&c.frame, None, true)),
                );
            for (f, list, created) in frames {
                let class = frame_class(f, main);
                write!(w, "<tr class=\"{class}\"><td>")?;
                if created {
                    w.write_str("created by ")?;
                }
                // Only library code links to its documentation.
                let link = matches!(class, "std" | "dep")
                    .then(|| package_link(f))
                    .flatten();
                if let Some(l) = &link {
                    w.write_str("<a href=\"")?;
                    esc(w, l)?;
                    w.write_str("\">")?;
                }
                esc(w, &short_function(&f.function))?;
                if link.is_some() {
                    w.write_str("</a>")?;
                }
                match (list, &f.args) {
                    (Some(a), _) => esc(w, &format!("({a})"))?,
                    (None, Some(raw)) if !created => esc(w, &format!("({raw})"))?,
                    _ => {}
                }
                w.write_str("</td><td class=\"loc\">")?;
                if let (Some(file), Some(line)) = (&f.file, f.line) {
                    esc(w, &format!("{file}:{line}"))?;
                }
                w.write_str("</td></tr>\n")?;
            }
            w.write_str("</table></details>\n")?;
        }
        if hidden > 0 {
            writeln!(
                w,
                "<p class=\"note\">{hidden} runtime goroutine{} hidden (<code>gostack --all</code> shows them).</p>",
                if hidden == 1 { "" } else { "s" }
            )?;
        }
    }
    writeln!(w, "<script>{SCRIPT}</script></body></html>")
}
