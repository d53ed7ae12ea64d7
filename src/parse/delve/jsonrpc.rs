//! Delve JSON-RPC v2 responses (`../shared/specs/delve.md` §14):
//! `ListGoroutines`, `Stacktrace`, `Ancestors`, `ListThreads`,
//! `ListLocalVars` / `ListFunctionArgs`, parsed into the same model as the
//! terminal output.

use std::borrow::Cow;

use serde::Deserialize;

use crate::error::{Error, ErrorKind};
use crate::model::{
    Addr, Ancestor, Defer, DelveFrame, DelveGoroutine, DelveLocation, DelveReport, Frame,
    FrameKind, Goroutine, GoroutineGroup, Label, Labels, LocationKind, Report, ReportKind, Thread,
    Variable,
};

#[derive(Deserialize)]
struct Response<'a> {
    #[serde(default)]
    id: Option<i64>,
    #[serde(borrow, default)]
    result: Option<ResultObj<'a>>,
    #[serde(borrow, default)]
    error: Option<Cow<'a, str>>,
}

/// The union of the result objects this module understands.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ResultObj<'a> {
    #[serde(rename = "Goroutines", borrow)]
    goroutines: Option<Vec<ApiGoroutine<'a>>>,
    #[serde(rename = "Groups", borrow)]
    groups: Option<Vec<ApiGroup<'a>>>,
    #[serde(rename = "TooManyGroups")]
    too_many_groups: bool,
    #[serde(rename = "Locations", borrow)]
    locations: Option<Vec<ApiFrame<'a>>>,
    #[serde(rename = "Ancestors", borrow)]
    ancestors: Option<Vec<ApiAncestor<'a>>>,
    #[serde(rename = "Threads", borrow)]
    threads: Option<Vec<ApiThread<'a>>>,
    #[serde(rename = "Variables", borrow)]
    variables: Option<Vec<ApiVariable<'a>>>,
    #[serde(rename = "Args", borrow)]
    args: Option<Vec<ApiVariable<'a>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiFunction<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiLocation<'a> {
    pc: u64,
    #[serde(borrow)]
    file: Cow<'a, str>,
    line: i64,
    #[serde(borrow)]
    function: Option<ApiFunction<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiGoroutine<'a> {
    id: u64,
    #[serde(rename = "currentLoc", borrow)]
    current_loc: ApiLocation<'a>,
    #[serde(rename = "userCurrentLoc", borrow)]
    user_loc: ApiLocation<'a>,
    #[serde(rename = "goStatementLoc", borrow)]
    go_loc: ApiLocation<'a>,
    #[serde(rename = "startLoc", borrow)]
    start_loc: ApiLocation<'a>,
    #[serde(rename = "threadID")]
    thread_id: u64,
    status: u64,
    #[serde(rename = "waitSince")]
    wait_since: u64,
    #[serde(rename = "waitReason")]
    wait_reason: u64,
    #[serde(borrow)]
    unreadable: Cow<'a, str>,
    #[serde(borrow)]
    labels: Option<std::collections::BTreeMap<Cow<'a, str>, Cow<'a, str>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiGroup<'a> {
    #[serde(rename = "Name", borrow)]
    name: Cow<'a, str>,
    #[serde(rename = "Offset")]
    offset: usize,
    #[serde(rename = "Count")]
    count: usize,
    #[serde(rename = "Total")]
    total: u64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiDefer<'a> {
    #[serde(rename = "DeferredLoc", borrow)]
    deferred: ApiLocation<'a>,
    #[serde(rename = "DeferLoc", borrow)]
    defer: ApiLocation<'a>,
    #[serde(rename = "Unreadable", borrow)]
    unreadable: Cow<'a, str>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiFrame<'a> {
    pc: u64,
    #[serde(borrow)]
    file: Cow<'a, str>,
    line: i64,
    #[serde(borrow)]
    function: Option<ApiFunction<'a>>,
    #[serde(rename = "Locals", borrow)]
    locals: Option<Vec<ApiVariable<'a>>>,
    #[serde(rename = "Arguments", borrow)]
    arguments: Option<Vec<ApiVariable<'a>>>,
    #[serde(rename = "FrameOffset")]
    frame_offset: i64,
    #[serde(rename = "FramePointerOffset")]
    frame_pointer_offset: i64,
    #[serde(rename = "Defers", borrow)]
    defers: Option<Vec<ApiDefer<'a>>>,
    #[serde(rename = "Bottom")]
    bottom: bool,
    #[serde(rename = "Err", borrow)]
    err: Cow<'a, str>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiAncestor<'a> {
    #[serde(rename = "ID")]
    id: u64,
    #[serde(rename = "Stack", borrow)]
    stack: Option<Vec<ApiFrame<'a>>>,
    #[serde(rename = "Unreadable", borrow)]
    unreadable: Cow<'a, str>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiThread<'a> {
    id: u64,
    pc: u64,
    #[serde(borrow)]
    file: Cow<'a, str>,
    line: i64,
    #[serde(borrow)]
    function: Option<ApiFunction<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiVariable<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(rename = "type", borrow)]
    typ: Cow<'a, str>,
    kind: u64,
    #[serde(borrow)]
    value: Cow<'a, str>,
    len: i64,
    cap: i64,
    children: Option<Vec<serde::de::IgnoredAny>>,
    #[serde(borrow)]
    unreadable: Cow<'a, str>,
    flags: u64,
}

/// `reflect.String` in Delve's `kind` field.
const KIND_STRING: u64 = 24;
/// `VariableShadowed` in Delve's `flags` field.
const FLAG_SHADOWED: u64 = 2;

fn to_line(n: i64) -> Option<u32> {
    u32::try_from(n).ok()
}

fn loc_frame<'a>(l: ApiLocation<'a>) -> Frame<'a> {
    let mut f = Frame::new(l.function.map_or(Cow::Borrowed("???"), |f| f.name));
    f.file = Some(l.file);
    f.line = to_line(l.line);
    f.pc = Some(Addr(l.pc));
    f
}

/// `reflect.Kind` values of Delve's `kind` field.
const KIND_ARRAY: u64 = 17;
const KIND_MAP: u64 = 21;
const KIND_SLICE: u64 = 23;

/// A variable as Delve's single-line text prints scalars and strings;
/// composite values are summarised by type (and length) — their contents
/// are in the JSON's `children`, which this model does not keep.
fn variable(v: ApiVariable<'_>) -> Variable<'_> {
    let value: Cow<'_, str> = if !v.unreadable.is_empty() {
        Cow::Owned(format!("(unreadable {})", v.unreadable))
    } else if v.kind == KIND_STRING {
        // `len` counts bytes, as Go does.
        let more = v.len - v.value.len() as i64;
        let mut s = format!("{:?}", &*v.value);
        if more > 0 {
            s.insert_str(s.len() - 1, &format!("...+{more} more"));
        }
        Cow::Owned(s)
    } else if v.value.is_empty() {
        Cow::Owned(match v.kind {
            KIND_SLICE => format!("{} len: {}, cap: {}, [...]", v.typ, v.len, v.cap),
            KIND_ARRAY | KIND_MAP => format!("{} [...]", v.typ),
            _ => format!("{} {{...}}", v.typ),
        })
    } else {
        v.value
    };
    let _ = v.children;
    Variable {
        name: v.name,
        value,
        shadowed: v.flags & FLAG_SHADOWED != 0,
    }
}

fn frames<'a>(stack: Vec<ApiFrame<'a>>, truncated: &mut bool) -> Vec<Frame<'a>> {
    *truncated = stack.last().is_some_and(|f| !f.bottom);
    stack
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let mut d = DelveFrame {
                index: u32::try_from(i).ok(),
                ..Default::default()
            };
            let mut f = if a.err.is_empty() {
                loc_frame(ApiLocation {
                    pc: a.pc,
                    file: a.file,
                    line: a.line,
                    function: a.function,
                })
            } else {
                let mut f = Frame::new(Cow::Borrowed(""));
                f.kind = FrameKind::Error;
                d.error = Some(a.err);
                f
            };
            if a.frame_offset != 0 || a.frame_pointer_offset != 0 {
                d.frame_offset = Some(a.frame_offset);
                d.frame_pointer_offset = Some(a.frame_pointer_offset);
            }
            for v in a.arguments.into_iter().flatten() {
                d.variables.push(variable(v));
            }
            for v in a.locals.into_iter().flatten() {
                d.variables.push(variable(v));
            }
            for (k, df) in a.defers.into_iter().flatten().enumerate() {
                let index = u32::try_from(k + 1).unwrap_or(u32::MAX);
                if !df.unreadable.is_empty() {
                    d.defers.push(Defer {
                        index,
                        call: None,
                        deferred_by: None,
                        unreadable: Some(df.unreadable),
                    });
                    continue;
                }
                let mut by = loc_frame(df.defer);
                by.pc = None;
                d.defers.push(Defer {
                    index,
                    call: Some(loc_frame(df.deferred)),
                    deferred_by: Some(by),
                    unreadable: None,
                });
            }
            f.delve = Some(Box::new(d));
            f
        })
        .collect()
}

fn goroutine(a: ApiGoroutine<'_>) -> Goroutine<'_> {
    let mut g = Goroutine::new(None, 0);
    let mut d = DelveGoroutine::default();
    if !a.unreadable.is_empty() {
        d.unreadable = Some(a.unreadable);
        g.delve = Some(Box::new(d));
        return g;
    }
    g.id = Some(a.id);
    d.thread = (a.thread_id != 0).then_some(a.thread_id);
    d.wait_since = (a.wait_since != 0).then_some(a.wait_since);
    d.status = Some(a.status);
    d.wait_reason = (a.wait_reason != 0).then_some(a.wait_reason);
    if let Some(labels) = a.labels {
        g.labels = Labels(
            labels
                .into_iter()
                .map(|(key, value)| Label { key, value })
                .collect(),
        );
    }
    let user = loc_frame(a.user_loc);
    let go = loc_frame(a.go_loc);
    if go.function != "???" {
        g.created_by = Some(crate::model::CreatedBy {
            frame: go.clone(),
            goroutine: None,
        });
    }
    g.frames.push(user.clone());
    // The User location first: it is what `goroutines` prints by default.
    d.locations = vec![
        DelveLocation {
            kind: LocationKind::User,
            frame: user,
        },
        DelveLocation {
            kind: LocationKind::Runtime,
            frame: loc_frame(a.current_loc),
        },
        DelveLocation {
            kind: LocationKind::Go,
            frame: go,
        },
        DelveLocation {
            kind: LocationKind::Start,
            frame: loc_frame(a.start_loc),
        },
    ];
    g.delve = Some(Box::new(d));
    g
}

fn report_of<'a>(r: ResultObj<'a>) -> Option<Report<'a>> {
    if let Some(gs) = r.goroutines {
        let mut rep = Report::new(ReportKind::DlvGoroutines, 0);
        rep.goroutines = gs.into_iter().map(goroutine).collect();
        let mut d = DelveReport {
            listed: Some(rep.goroutines.len() as u64),
            too_many_groups: r.too_many_groups,
            ..Default::default()
        };
        let n = rep.goroutines.len();
        for g in r.groups.into_iter().flatten() {
            // Members are `Goroutines[Offset:Offset+Count]`; keep them inside.
            let first = g.offset.min(n);
            d.groups.push(GoroutineGroup {
                name: g.name,
                total: g.total,
                first,
                listed: g.count.min(n - first),
            });
        }
        rep.delve = Some(Box::new(d));
        return Some(rep);
    }
    if let Some(stack) = r.locations {
        let mut rep = Report::new(ReportKind::DlvStack, 0);
        let mut g = Goroutine::new(None, 0);
        let mut truncated = false;
        g.frames = frames(stack, &mut truncated);
        if truncated {
            g.delve = Some(Box::default());
            if let Some(d) = &mut g.delve {
                d.truncated = true;
            }
        }
        rep.goroutines.push(g);
        return Some(rep);
    }
    if let Some(ancestors) = r.ancestors {
        let mut rep = Report::new(ReportKind::DlvStack, 0);
        let mut g = Goroutine::new(None, 0);
        for a in ancestors {
            let mut truncated = false;
            let fs = frames(a.stack.unwrap_or_default(), &mut truncated);
            g.ancestors.push(Ancestor {
                goroutine: a.id,
                frames: fs,
                frames_elided: truncated || !a.unreadable.is_empty(),
                created_by: None,
            });
        }
        rep.goroutines.push(g);
        return Some(rep);
    }
    if let Some(threads) = r.threads {
        let mut rep = Report::new(ReportKind::DlvThreads, 0);
        let d = DelveReport {
            threads: threads
                .into_iter()
                .map(|t| Thread {
                    id: Some(t.id),
                    current: false,
                    location: Some(loc_frame(ApiLocation {
                        pc: t.pc,
                        file: t.file,
                        line: t.line,
                        function: t.function,
                    })),
                })
                .collect(),
            ..Default::default()
        };
        rep.delve = Some(Box::new(d));
        return Some(rep);
    }
    if let Some(vars) = r.variables.or(r.args) {
        let mut rep = Report::new(ReportKind::DlvVariables, 0);
        let d = DelveReport {
            variables: vars.into_iter().map(variable).collect(),
            ..Default::default()
        };
        rep.delve = Some(Box::new(d));
        return Some(rep);
    }
    None
}

/// Parses Delve JSON-RPC v2 responses: one response object, several
/// (newline-delimited, as the server writes them), or bare result objects.
/// Responses this crate has no model for (`State`, `GetVersion`, errors)
/// yield no report. Every report's line span is the input line its JSON
/// starts on.
///
/// ```
/// let json = r#"{"id":3,"result":{"Locations":[{"pc":5129572,"file":"/app/main.go","line":81,
///   "function":{"name":"main.bp"},"Bottom":true,"Err":""}]},"error":null}"#;
/// let reports = gostack::parse_delve_json(json).unwrap();
/// assert_eq!(reports[0].kind, gostack::ReportKind::DlvStack);
/// assert_eq!(reports[0].goroutines[0].frames[0].function, "main.bp");
/// ```
pub fn parse_delve_json(input: &str) -> Result<Vec<Report<'_>>, Error> {
    let mut out = Vec::new();
    let mut it = serde_json::Deserializer::from_str(input).into_iter::<Response<'_>>();
    let mut start = 0;
    // Line numbers counted on from the last position (once per byte).
    let mut counted = (0, 1);
    let mut line_at = |pos: usize| {
        let (from, n) = counted;
        let n = n + memchr::memchr_iter(b'\n', &input.as_bytes()[from..pos]).count();
        counted = (pos, n);
        n
    };
    loop {
        let begin = input[start..]
            .find(|c: char| !c.is_whitespace())
            .map_or(input.len(), |i| start + i);
        let next = it.next();
        let Some(next) = next else { break };
        let line = line_at(begin);
        let resp = next.map_err(|e| {
            let l = e.line();
            let col = e.column();
            Error::new(ErrorKind::Json, l, col, begin, &e.to_string())
        })?;
        start = it.byte_offset();
        let _ = (resp.id, resp.error);
        if let Some(mut rep) = resp.result.and_then(report_of) {
            rep.delve.get_or_insert_with(Default::default).json = true;
            rep.lines.start = line;
            rep.lines.end = line_at(start);
            for g in &mut rep.goroutines {
                g.lines = rep.lines;
            }
            out.push(rep);
        }
    }
    Ok(out)
}

/// Whether input that starts with `data` is Delve JSON-RPC: its first JSON
/// value is a response (an object with `id` and `result` or `error`) or
/// parses to a report. `None` while `data` holds no complete first value
/// (read more, or decide at the end); `Some(false)` for anything else, a
/// JSON-lines service log included (decided on its first line).
///
/// ```
/// assert_eq!(gostack::is_delve_json(br#"{"id":1,"result":{"State":{}},"error":null}"#), Some(true));
/// assert_eq!(gostack::is_delve_json(br#"{"level":"info","msg":"started"}"#), Some(false));
/// assert_eq!(gostack::is_delve_json(b"panic: boom\n"), Some(false));
/// assert_eq!(gostack::is_delve_json(br#"{"id":1,"res"#), None);
/// ```
pub fn is_delve_json(data: &[u8]) -> Option<bool> {
    let start = data.iter().position(|c| !c.is_ascii_whitespace())?;
    if data[start] != b'{' {
        return Some(false);
    }
    let mut it = serde_json::Deserializer::from_slice(&data[start..])
        .into_iter::<serde_json::Map<String, serde_json::Value>>();
    match it.next() {
        Some(Ok(m)) => {
            if m.contains_key("id") && (m.contains_key("result") || m.contains_key("error")) {
                return Some(true);
            }
            let end = start + it.byte_offset();
            let first = std::str::from_utf8(&data[start..end]).unwrap_or("");
            Some(parse_delve_json(first).is_ok_and(|r| !r.is_empty()))
        }
        Some(Err(e)) if e.is_eof() => None,
        _ => Some(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_results_and_errors() {
        let r = parse_delve_json(r#"{"id":18,"result":null,"error":"unknown goroutine 99999"}"#)
            .unwrap();
        assert!(r.is_empty());
        let r = parse_delve_json(
            "{\"result\":{\"Threads\":[{\"id\":7,\"pc\":1,\"file\":\"a.go\",\"line\":3}]}}\n{\"result\":{\"Args\":[{\"name\":\"s\",\"kind\":24,\"value\":\"a\\\"b\",\"len\":5}]}}",
        )
        .unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].lines.start, 2);
        let v = &r[1].delve.as_ref().unwrap().variables[0];
        assert_eq!(v.value, "\"a\\\"b...+2 more\"");
        let e = parse_delve_json("{\"result\": [").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Json);
    }
}
