//! The Go multiline parser (`fluentbit/parsers_multiline.conf`) checked
//! against the fixtures with Oniguruma (Fluent Bit's regexes are Onigmo's,
//! Ruby syntax) and Fluent Bit's rule engine as `src/multiline/flb_ml_rule.c`
//! runs it: a group starts on a `start_state` rule; each next line must
//! match a rule whose state is the last matched rule's next state, else the
//! group is flushed and the line goes out alone (it is not tried as a new
//! start); the last group is flushed at the end (the flush timeout).
//!
//! Every report gostack finds in a fixture must lie in one record — from
//! its first line through its last goroutine — and that record must read
//! back as the same report. (Delve's listings are left out: they come from
//! a debugger session, not a log.)

use std::path::{Path, PathBuf};

use onig::{Regex, RegexOptions, Syntax};

struct Rule {
    from: Vec<String>,
    re: Regex,
    to: String,
}

fn rules() -> Vec<Rule> {
    let conf = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("parsers_multiline.conf"),
    )
    .unwrap();
    let quoted = regex::Regex::new(r#""([^"]*)""#).unwrap();
    let mut out = Vec::new();
    for line in conf.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("rule ") else {
            continue;
        };
        let parts: Vec<&str> = quoted
            .captures_iter(rest)
            .map(|c| c.get(1).unwrap().as_str())
            .collect();
        assert_eq!(parts.len(), 3, "{line}");
        let pattern = parts[1]
            .strip_prefix('/')
            .and_then(|p| p.strip_suffix('/'))
            .unwrap_or_else(|| panic!("not /regex/: {line}"));
        let re = Regex::with_options(pattern, RegexOptions::REGEX_OPTION_NONE, Syntax::ruby())
            .unwrap_or_else(|e| panic!("{pattern}: {e}"));
        out.push(Rule {
            from: parts[0].split(',').map(|s| s.trim().to_owned()).collect(),
            re,
            to: parts[2].to_owned(),
        });
    }
    assert!(out.len() > 10);
    out
}

/// Fluent Bit's regex rule engine over `lines`: the records, each as the
/// indices of its lines.
fn group(rules: &[Rule], lines: &[&str]) -> Vec<Vec<usize>> {
    let is_start = |k: usize| rules[k].from.iter().any(|f| f == "start_state");
    let next_rules = |k: usize| -> Vec<usize> {
        (0..rules.len())
            .filter(|&j| rules[j].from.contains(&rules[k].to))
            .collect()
    };
    let mut records = Vec::new();
    let mut buf: Vec<usize> = Vec::new();
    let mut first_line = true;
    let mut current: Option<usize> = None;
    let flush = |buf: &mut Vec<usize>, records: &mut Vec<Vec<usize>>| {
        if !buf.is_empty() {
            records.push(std::mem::take(buf));
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let mut matched = None;
        if first_line {
            // (flb_ml_rule.c also resets the current rule here; every path
            // below sets it again.)
            flush(&mut buf, &mut records);
            for k in (0..rules.len()).filter(|&k| is_start(k)) {
                if rules[k].re.find(line).is_some() {
                    buf.push(i);
                    first_line = false;
                    matched = Some(k);
                    break;
                }
            }
        } else if let Some(c) = current {
            for k in next_rules(c) {
                if rules[k].re.find(line).is_some() {
                    buf.push(i);
                    matched = Some(k);
                    break;
                }
            }
        }
        match matched {
            Some(k) => {
                current = Some(k);
                if next_rules(k).into_iter().any(is_start) && !buf.is_empty() {
                    flush(&mut buf, &mut records);
                    first_line = true;
                }
            }
            None => {
                // The group so far, then the line alone.
                current = None;
                flush(&mut buf, &mut records);
                buf.push(i);
                flush(&mut buf, &mut records);
                first_line = true;
            }
        }
    }
    flush(&mut buf, &mut records);
    records
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
    let mut out = Vec::new();
    let mut stack = vec![root.join("go"), root.join("seed"), root.join("old")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Groups `text` and checks every report of it: lines in one record that
/// reads back as the same report. Returns the failures.
fn check(rules: &[Rule], name: &str, text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let records = group(rules, &lines);
    let mut record_of = vec![usize::MAX; lines.len()];
    for (r, idx) in records.iter().enumerate() {
        for &i in idx {
            record_of[i] = r;
        }
    }
    let mut failures = Vec::new();
    for rep in gostack::parse(text) {
        // Delve's output is a debugger session, not a log.
        if rep.kind.is_delve() {
            continue;
        }
        // A goroutine cut inside its last line (a short runtime.Stack
        // buffer: `m` for `main.main()`) keeps that fragment out.
        let end = rep
            .goroutines
            .iter()
            .map(|g| g.lines.end - usize::from(g.partial && g.lines.end > g.lines.start))
            .max()
            .unwrap_or(rep.lines.end);
        let span = rep.lines.start..=end;
        let ids: std::collections::BTreeSet<usize> = span
            .clone()
            .filter(|&n| !lines[n - 1].trim().is_empty())
            .map(|n| record_of[n - 1])
            .collect();
        if ids.len() != 1 {
            failures.push(format!(
                "{name}: {} report at lines {}-{end} in {} records",
                rep.kind,
                rep.lines.start,
                ids.len()
            ));
            continue;
        }
        // The record, joined as Fluent Bit joins lines, reads back as the
        // same report.
        let rec = &records[*ids.iter().next().unwrap()];
        let joined: String = rec.iter().map(|&i| format!("{}\n", lines[i])).collect();
        let back = gostack::parse(&joined);
        let same = back.iter().any(|b| {
            b.kind == rep.kind
                && b.panics
                    .iter()
                    .map(|p| &p.message)
                    .eq(rep.panics.iter().map(|p| &p.message))
                && b.goroutines.len() == rep.goroutines.len()
                && b.goroutines
                    .iter()
                    .zip(&rep.goroutines)
                    .all(|(x, y)| x.id == y.id && (y.partial || x.frames.len() == y.frames.len()))
        });
        if !same {
            failures.push(format!(
                "{name}: {} report at lines {}-{end} reads back differently from its record",
                rep.kind, rep.lines.start
            ));
        }
    }
    failures
}

#[test]
fn every_fixture_report_is_one_record() {
    let rules = rules();
    let mut failures = Vec::new();
    let files = fixtures();
    assert!(files.len() > 1000, "{}", files.len());
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        failures.extend(check(&rules, &path.display().to_string(), &text));
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

/// CRLF line ends (Windows services, some log shippers) group the same.
#[test]
fn crlf_logs_group_the_same() {
    let rules = rules();
    let mut failures = Vec::new();
    for path in fixtures()
        .iter()
        .filter(|p| p.to_string_lossy().contains("/1.27/"))
    {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).replace('\n', "\r\n");
        // Fluent Bit's tail strips the LF; the CR stays on each line.
        let lf: Vec<&str> = text.split('\n').collect();
        let plain = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let want = group(&rules, &plain.split('\n').collect::<Vec<_>>());
        let got = group(&rules, &lf);
        if got != want {
            failures.push(path.display().to_string());
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

/// Ordinary log lines are records of their own, before and after a crash,
/// and end the crash's group.
#[test]
fn log_lines_stay_single_and_end_a_crash() {
    let rules = rules();
    let crash = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/go/1.27/panic_goroutine.txt"),
    )
    .unwrap();
    let before = [
        "2026/12/02 10:00:00 starting server on :8080",
        r#"{"level":"info","msg":"listening","port":8080}"#,
        "time=2026-12-02T10:00:00Z level=INFO msg=ready",
        "recovered from panic: not really, just a log line",
        "GET /health 200 1.2ms",
    ];
    let after = "2026/12/02 10:00:05 service restarting";
    let text = format!(
        "{}\n{}{}\n{}",
        before.join("\n"),
        crash.trim_end(),
        "",
        after
    );
    let lines: Vec<&str> = text.split('\n').collect();
    let records = group(&rules, &lines);
    // Each log line alone; the crash one record; the line after alone.
    assert_eq!(records.len(), before.len() + 2, "{records:?}");
    for (i, r) in records.iter().take(before.len()).enumerate() {
        assert_eq!(r, &[i]);
    }
    assert_eq!(records.last().unwrap(), &[lines.len() - 1]);
    let crash_rec = &records[before.len()];
    assert_eq!(crash_rec.len(), crash.trim_end().lines().count());
    // net/http's recovered panic behind a log prefix starts a group.
    let served = "2026/12/02 10:00:01 http: panic serving 127.0.0.1:5555: boom\ngoroutine 7 [running]:\nnet/http.(*conn).serve.func1()\n\t/usr/local/go/src/net/http/server.go:1947 +0xbe\n2026/12/02 10:00:02 next request";
    let lines: Vec<&str> = served.split('\n').collect();
    assert_eq!(group(&rules, &lines), [vec![0, 1, 2, 3], vec![4]]);
}

/// Real Docker json-file logs (`testdata/transport/`): the text of each
/// stream, line by line as Fluent Bit's docker parser hands it on, groups
/// every crash — net/http's recovered panics behind their timestamp
/// included — into one record.
#[test]
fn docker_logs_group_each_crash() {
    let rules = rules();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/transport");
    let mut failures = Vec::new();
    let mut reports = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("docker_") {
            continue;
        }
        for stream in ["stdout", "stderr"] {
            let text: String = std::fs::read_to_string(&p)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                .filter(|v| v["stream"] == stream)
                .map(|v| v["log"].as_str().unwrap().to_owned())
                .collect();
            reports += gostack::parse(&text).len();
            failures.extend(check(&rules, &format!("{name} {stream}"), &text));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(reports >= 6, "{reports}");
}

/// A `panic:` line whose goroutines never come (GOTRACEBACK=none, a cut
/// log) does not swallow the log records after it.
#[test]
fn a_panic_value_stops_at_a_log_record() {
    let rules = rules();
    for next in [
        "2026/12/02 10:00:05 service restarting",
        "2026-12-02T10:00:05Z INFO restarting",
        r#"{"level":"info","msg":"restarting"}"#,
        "time=2026-12-02T10:00:05Z level=INFO msg=restarting",
    ] {
        for gap in ["", "\n"] {
            let text = format!("panic: boom\n{gap}{next}\nanother line");
            let lines: Vec<&str> = text.split('\n').collect();
            let records = group(&rules, &lines);
            let at = lines.iter().position(|l| *l == next).unwrap();
            assert!(
                records.contains(&vec![at]),
                "{next:?} after {gap:?}: {records:?}"
            );
        }
    }
}
