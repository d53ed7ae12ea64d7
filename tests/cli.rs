//! The `gostack` binary: the JSON contract (`docs/json-output.md`)
//! on every fixture, the other formats, and the exit statuses.

mod common;

use std::process::{Command, Output};

use serde_json::Value;

fn gostack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(args)
        .output()
        .expect("run gostack")
}

fn is_int_or_null(v: &Value) -> bool {
    v.is_null() || v.is_u64()
}

/// Checks one report object against the required fields of schema version 1.
fn check_report(r: &Value) -> Result<(), String> {
    let o = r.as_object().ok_or("report is not an object")?;
    if o.get("version") != Some(&Value::from(1)) {
        return Err("version != 1".into());
    }
    let fp = o
        .get("fingerprint")
        .and_then(Value::as_str)
        .ok_or("fingerprint")?;
    if fp.len() != 16 || !fp.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("fingerprint {fp}"));
    }
    let sf = o
        .get("stack_fingerprints")
        .and_then(Value::as_array)
        .ok_or("stack_fingerprints")?;
    let n = o
        .get("goroutines")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if sf.len() != n {
        return Err(format!("{} stack fingerprints, {n} goroutines", sf.len()));
    }
    let kind = o.get("kind").and_then(Value::as_str).ok_or("kind")?;
    // The kinds are ReportKind's names; the schema (tests/schema.rs)
    // checks the same list independently.
    if !gostack::ReportKind::ALL.iter().any(|k| k.as_str() == kind) {
        return Err(format!("unknown kind {kind}"));
    }
    // `recovered_by` comes with the `recovered-panic` kind, and only then.
    match (o.get("recovered_by"), kind == "recovered-panic") {
        (Some(by), true) => {
            let logger = by["logger"].as_str().ok_or("recovered_by.logger")?;
            if !["http", "http2", "testing", "slog"].contains(&logger) {
                return Err(format!("recovered_by.logger {logger}"));
            }
            for k in ["remote_addr", "location", "prefix"] {
                if !(by.get(k).is_none() || by[k].is_string()) {
                    return Err(format!("recovered_by.{k}: {by}"));
                }
            }
        }
        (None, false) => {}
        (by, _) => return Err(format!("kind {kind} with recovered_by {by:?}")),
    }
    for p in o.get("panics").and_then(Value::as_array).ok_or("panics")? {
        let pk = p["kind"].as_str().ok_or("panic kind")?;
        if !["panic", "fatal error", "signal"].contains(&pk) {
            return Err(format!("panic kind {pk}"));
        }
        p["message"].as_str().ok_or("message")?;
        p["recovered"].as_bool().ok_or("recovered")?;
    }
    for g in o
        .get("goroutines")
        .and_then(Value::as_array)
        .ok_or("goroutines")?
    {
        if !is_int_or_null(&g["id"]) || !is_int_or_null(&g["wait_minutes"]) {
            return Err(format!("id/wait_minutes: {g}"));
        }
        if !(g["state"].is_null() || g["state"].is_string()) {
            return Err("state".into());
        }
        g["locked_to_thread"].as_bool().ok_or("locked_to_thread")?;
        g["frames_elided"].as_bool().ok_or("frames_elided")?;
        let labels = g["labels"].as_object().ok_or("labels")?;
        if !labels.values().all(Value::is_string) {
            return Err("label values".into());
        }
        for f in g["frames"].as_array().ok_or("frames")? {
            f["function"].as_str().ok_or("function")?;
            if !(f["file"].is_null() || f["file"].is_string()) || !is_int_or_null(&f["line"]) {
                return Err(format!("frame {f}"));
            }
        }
        let c = &g["created_by"];
        if !c.is_null() {
            c["function"].as_str().ok_or("created_by.function")?;
            if !(c["file"].is_null() || c["file"].is_string())
                || !is_int_or_null(&c["line"])
                || !is_int_or_null(&c["goroutine"])
            {
                return Err(format!("created_by {c}"));
            }
        }
    }
    Ok(())
}

#[test]
fn ndjson_follows_the_contract_on_every_fixture() {
    let mut failures = Vec::new();
    // Go runtime output, Delve terminal captures and Delve JSON-RPC
    // responses, logs through transports, JSON records, older releases.
    let files = common::every_fixture();
    assert!(files.len() > 1800, "fixtures missing: {}", files.len());
    for path in files {
        let p = path.to_str().unwrap();
        let out = gostack(&["--format", "ndjson", p]);
        let text = String::from_utf8(out.stdout).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let expected = if p.ends_with(".json") {
            gostack::parse_delve_json(std::str::from_utf8(&bytes).unwrap()).unwrap()
        } else {
            gostack::parse_bytes(&bytes)
        };
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() != expected.len() {
            failures.push(format!(
                "{p}: {} objects, {} reports",
                lines.len(),
                expected.len()
            ));
        }
        let want_status = if expected.is_empty() { 1 } else { 0 };
        if out.status.code() != Some(want_status) {
            failures.push(format!("{p}: exit {:?}", out.status.code()));
        }
        for (l, rep) in lines.iter().zip(&expected) {
            let v: Value = serde_json::from_str(l).unwrap();
            if let Err(e) = check_report(&v) {
                failures.push(format!("{p}: {e}"));
            }
            let n = v["goroutines"].as_array().unwrap().len();
            if n != rep.goroutines.len() {
                failures.push(format!("{p}: {n} goroutines in JSON"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_is_the_ndjson_objects_as_an_array() {
    let f = format!(
        "{}/testdata/go/1.27/states_panic_all.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let nd = String::from_utf8(gostack(&["--format", "ndjson", &f]).stdout).unwrap();
    let js: Value = serde_json::from_slice(&gostack(&["--format=json", &f]).stdout).unwrap();
    let objs: Vec<Value> = nd
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(js, Value::Array(objs));
}

#[test]
fn contract_values_on_a_real_panic() {
    let f = format!(
        "{}/testdata/go/1.27/panic_goroutine.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let v: Value = serde_json::from_slice(&gostack(&["-f", "ndjson", &f]).stdout).unwrap();
    assert_eq!(v["kind"], "panic");
    assert_eq!(v["panics"][0]["kind"], "panic");
    assert_eq!(v["panics"][0]["message"], "panic in a spawned goroutine");
    let g = &v["goroutines"][0];
    assert_eq!(g["state"], "running");
    assert_eq!(g["created_by"]["function"], "main.run");
    assert_eq!(g["created_by"]["goroutine"], 1);
    assert!(g["frames"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with("/main.go"));
    let sig = format!(
        "{}/testdata/go/1.27/states_sigquit.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let v: Value = serde_json::from_slice(&gostack(&["-f", "ndjson", &sig]).stdout).unwrap();
    assert_eq!(v["kind"], "signal");
    assert_eq!(
        v["panics"][0],
        serde_json::json!({"kind": "signal", "message": "SIGQUIT: quit", "recovered": false,
        "context": v["panics"][0]["context"].clone(), "registers": v["panics"][0]["registers"].clone(), "line": v["panics"][0]["line"].clone()})
    );
}

#[test]
fn summary_and_text_views() {
    let f = format!(
        "{}/testdata/go/1.27/double_panic_all.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = String::from_utf8(gostack(&["--format", "summary", &f]).stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].contains("\tpanic\t3 goroutines\tpanic: simultaneous panic from goroutine"));
    // The default view groups goroutines; not a terminal: no colour.
    let text = String::from_utf8(gostack(&[&f]).stdout).unwrap();
    assert!(text.starts_with("=== report 1 (lines 1-"));
    assert!(text.contains("← crashed"), "{text}");
    assert!(!text.contains('\x1b'));
    let colored = String::from_utf8(gostack(&["--color", "always", &f]).stdout).unwrap();
    assert!(colored.contains("\x1b[1;31m"));
    // The raw view re-prints each report in the runtime's format.
    let raw = String::from_utf8(gostack(&["--format", "raw", &f]).stdout).unwrap();
    assert!(raw.contains("\ngoroutine 1 [sleep]:\ntime.Sleep("), "{raw}");
    assert_eq!(
        gostack(&["--similarity", "nope", &f]).status.code(),
        Some(2)
    );
}

#[test]
fn exit_statuses_and_stdin() {
    let empty = format!(
        "{}/testdata/go/1.27/fatal_exit_in_defer_no_trace.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    assert_eq!(gostack(&["-f", "ndjson", &empty]).status.code(), Some(1));
    assert_eq!(gostack(&["/nonexistent/file"]).status.code(), Some(2));
    assert_eq!(gostack(&["--format", "yaml"]).status.code(), Some(2));
    assert_eq!(gostack(&["--bogus"]).status.code(), Some(2));
    assert_eq!(gostack(&["--help"]).status.code(), Some(0));
    let out = common::with_stdin(
        Command::new(env!("CARGO_BIN_EXE_gostack")).args(["-f", "summary", "-"]),
        b"log\r\npanic: boom\r\n\r\ngoroutine 1 [running]:\r\nmain.main()\r\n\t/a.go:1\r\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "lines 2-6\tpanic\t1 goroutine\tpanic: boom\n"
    );
    // strict mode turns the first problem into an error (exit 2)
    let small = format!(
        "{}/testdata/go/1.27/api_stack_small.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = gostack(&["--strict", &small]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("at line"));
}

/// `gostack … | head`: when the reader of the output goes away, gostack
/// ends quietly and successfully (a `set -o pipefail` script goes on),
/// in every format.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let one = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/go/1.27/states_panic_all.txt"),
    )
    .unwrap();
    let path = std::env::temp_dir().join(format!("gostack-pipe-{}.txt", std::process::id()));
    std::fs::write(&path, one.repeat(400)).unwrap();
    for format in [
        "text", "raw", "summary", "ndjson", "json", "grouped", "sentry", "html",
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gostack"))
            .args(["--format", format, path.to_str().unwrap()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
    std::fs::remove_file(&path).unwrap();
}

fn ndjson_of(args: &[&str], stdin: Option<&[u8]>) -> (Option<i32>, String, String) {
    let out = common::with_stdin(
        Command::new(env!("CARGO_BIN_EXE_gostack")).args(args),
        stdin.unwrap_or_default(),
    );
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A regular file (named, or as standard input) is read on the main
/// thread, a pipe on a reader thread: the same reports either way, also when reports span the reads (every
/// Go fixture of every release in a row, 5 MB: reads of 256 KiB end
/// inside reports).
#[test]
fn a_file_and_a_pipe_read_alike() {
    let go = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/go");
    let mut names: Vec<_> = std::fs::read_dir(&go)
        .unwrap()
        .flat_map(|v| std::fs::read_dir(v.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut all = Vec::new();
    for p in &names {
        all.extend_from_slice(&std::fs::read(p).unwrap());
        all.extend_from_slice(b"\nlog line between fixtures\n");
    }
    assert!(all.len() > 8 * (256 << 10), "{} bytes", all.len());
    let path = std::env::temp_dir().join(format!("gostack-alike-{}.txt", std::process::id()));
    std::fs::write(&path, &all).unwrap();
    for format in ["ndjson", "grouped", "summary"] {
        let (code, from_file, err) = ndjson_of(&["-f", format, path.to_str().unwrap()], None);
        assert_eq!((code, err.as_str()), (Some(0), ""), "{format}");
        let (code, piped, _) = ndjson_of(&["-f", format], Some(&all));
        assert_eq!(code, Some(0), "{format}");
        assert_eq!(from_file, piped, "{format}");
        // `gostack < FILE`: standard input that is a regular file.
        let redirected = Command::new(env!("CARGO_BIN_EXE_gostack"))
            .args(["-f", format])
            .stdin(std::fs::File::open(&path).unwrap())
            .output()
            .unwrap();
        assert_eq!(redirected.status.code(), Some(0), "{format}");
        assert_eq!(
            String::from_utf8(redirected.stdout).unwrap(),
            from_file,
            "{format}"
        );
        // Nearly every fixture holds a report (a few hold none, some two).
        assert!(
            from_file.lines().count() > names.len() * 3 / 4,
            "{format}: {} reports from {} fixtures",
            from_file.lines().count(),
            names.len()
        );
    }
    std::fs::remove_file(&path).unwrap();
}

/// gzip and zstd input (several members/frames too) and UTF-16 with a
/// byte-order mark are decoded on the fly: the same reports as the plain
/// text, from a file and from a pipe.
#[test]
fn compressed_and_utf16_input_read_as_text() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let plain = root.join("go/1.27/states_panic_all.txt");
    let (_, want, _) = ndjson_of(&["-f", "ndjson", plain.to_str().unwrap()], None);
    assert_eq!(want.lines().count(), 1);
    let text = std::fs::read_to_string(&plain).unwrap();
    let mut utf16le = vec![0xff, 0xfe];
    let mut utf16be = vec![0xfe, 0xff];
    for u in text.encode_utf16() {
        utf16le.extend_from_slice(&u.to_le_bytes());
        utf16be.extend_from_slice(&u.to_be_bytes());
    }
    for (name, copies) in [
        ("states_panic_all.txt.gz", 1),
        ("twice.txt.gz", 2),
        ("states_panic_all.txt.zst", 1),
        ("twice.txt.zst", 2),
        ("utf16le.txt.gz", 1),
    ] {
        let p = root.join("compressed").join(name);
        let (code, got, err) = ndjson_of(&["-f", "ndjson", p.to_str().unwrap()], None);
        assert_eq!((code, err.as_str()), (Some(0), ""), "{name}");
        let lines: Vec<&str> = got.lines().collect();
        assert_eq!(lines.len(), copies, "{name}");
        // The same report (the second copy's line numbers follow on).
        assert_eq!(lines[0], want.trim_end(), "{name}");
        let bytes = std::fs::read(&p).unwrap();
        let (code, piped, _) = ndjson_of(&["-f", "ndjson"], Some(&bytes));
        assert_eq!(
            (code, piped.as_str()),
            (Some(0), got.as_str()),
            "{name} on stdin"
        );
    }
    for (name, bytes) in [("UTF-16LE", &utf16le), ("UTF-16BE", &utf16be)] {
        let (code, got, _) = ndjson_of(&["-f", "ndjson"], Some(bytes));
        assert_eq!((code, got.as_str()), (Some(0), want.as_str()), "{name}");
    }
}

/// No report: one line on stderr that says what the input looked like.
#[test]
fn no_report_says_what_the_input_was() {
    let mut gz_text = Vec::new();
    {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(&mut gz_text, flate2::Compression::default());
        e.write_all(b"2026/12/02 10:00:00 started\n2026/12/02 10:00:01 ok\n")
            .unwrap();
        e.finish().unwrap();
    }
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    for (input, want) in [
        (&b""[..], "empty"),
        (
            &b"one line\nand another\nand a third"[..],
            "3 lines of text, no Go panic",
        ),
        (
            &b"{\"level\":\"info\",\"msg\":\"a\"}\n{\"level\":\"info\",\"msg\":\"b\"}\n"[..],
            "2 lines of JSON records",
        ),
        (&binary[..], "binary data, 4096 bytes, not text"),
        (&gz_text[..], "gzip-compressed, 2 lines of text"),
    ] {
        let (code, out, err) = ndjson_of(&[], Some(input));
        assert_eq!(code, Some(1), "{want}");
        assert_eq!(out, "", "{want}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("gostack: no report found in standard input (") && err.contains(want),
            "{err:?} should say {want:?}"
        );
    }
}

/// The crash marker goes to the goroutine that crashed, only while it is
/// shown: a filter that removes it leaves no other goroutine marked (text,
/// HTML, JSON, the library), and says so; a dump requested with SIGQUIT
/// has no crasher.
#[test]
fn the_crash_marker_tells_the_truth() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/go/1.27");
    let crash = root.join("states_panic_all.txt");
    let c = crash.to_str().unwrap();
    // Unfiltered: goroutine 1 (main.main) is the crasher.
    let text = String::from_utf8(gostack(&[c]).stdout).unwrap();
    assert_eq!(text.matches("← crashed").count(), 1);
    assert!(!text.contains("filtered out"));
    // --grep keeps only startAll's goroutines: main.main is gone.
    for args in [vec!["--grep", "startAll"], vec!["--state", "chan receive"]] {
        let mut a = args.clone();
        a.push(c);
        let text = String::from_utf8(gostack(&a).stdout).unwrap();
        assert!(!text.contains("← crashed"), "{args:?}: {text}");
        assert!(
            text.contains("(the goroutine that crashed is filtered out)"),
            "{args:?}"
        );
        a.splice(0..0, ["--format", "ndjson"]);
        let v: Value = serde_json::from_slice(&gostack(&a).stdout).unwrap();
        assert_eq!(v["crasher_filtered"], true);
        a[1] = "html";
        let html = String::from_utf8(gostack(&a).stdout).unwrap();
        assert!(!html.contains("bucket crashed"), "{args:?}");
        assert!(html.contains("The goroutine that crashed is filtered out."));
    }
    // The library: after Filter::apply, no goroutine stands in for it.
    let t = std::fs::read_to_string(&crash).unwrap();
    let mut r = gostack::parse(&t).remove(0);
    assert_eq!(r.crashing_goroutine().and_then(|g| g.id), Some(1));
    gostack::filter::Filter::new()
        .grep("startAll")
        .unwrap()
        .apply(&mut r);
    assert!(r.crasher_filtered && r.crashing_goroutine().is_none());
    assert!(!r.goroutines.is_empty());
    // kill -QUIT: nothing crashed, no marker; user code comes first.
    for v in ["1.21", "1.27"] {
        let q = root.parent().unwrap().join(v).join("states_sigquit.txt");
        let t = std::fs::read_to_string(&q).unwrap();
        let r = &gostack::parse(&t)[0];
        assert!(r.is_quit_dump() && r.crashing_goroutine().is_none(), "{v}");
        let text = String::from_utf8(gostack(&[q.to_str().unwrap()]).stdout).unwrap();
        assert!(!text.contains("← crashed"), "{v}");
        let buckets = gostack::group::group_report(r, Default::default());
        assert!(buckets.iter().all(|b| !b.crashed), "{v}");
        assert!(buckets[0].has_user_code(), "{v}");
        // The first bucket shown holds the program's own code.
        let first: Vec<&str> = text.split("\n\n").nth(1).unwrap().lines().collect();
        assert!(first.iter().any(|l| l.contains(" main.")), "{v}: {first:?}");
    }
}

/// Waits and labels as the members really have them, the same in the text
/// view and the HTML page: `2 of 4 waiting, 5–30 minutes` (a range alone
/// hid that most wait under a minute), labels merged over the members
/// (the HTML page showed one goroutine's).
#[test]
fn waits_and_labels_are_merged_truthfully() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/go/1.27/leakdiff_twodumps.txt"),
    )
    .unwrap();
    let first = text.split("=== after ===").next().unwrap();
    // The four `main.worker` goroutines: two waited, three carry a label.
    let mut n = 0;
    let edited: String = first
        .lines()
        .map(|l| {
            if l.starts_with("goroutine ") && l.ends_with("[chan receive]:") {
                n += 1;
                let (wait, label) = match n {
                    1 => (", 5 minutes", " {job: \"a\"}"),
                    2 => (", 30 minutes", " {job: \"a\"}"),
                    3 => ("", " {job: \"b\"}"),
                    _ => ("", ""),
                };
                format!("{}{wait}]{label}:\n", &l[..l.len() - 2])
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert_eq!(n, 4, "four workers in the first dump");
    let path = std::env::temp_dir().join(format!("gostack-waits-{}.txt", std::process::id()));
    std::fs::write(&path, &edited).unwrap();
    let p = path.to_str().unwrap();
    let view = String::from_utf8(gostack(&["--similarity", "args", p]).stdout).unwrap();
    let line = view
        .lines()
        .find(|l| l.starts_with("4 goroutines [chan receive]"))
        .unwrap_or_else(|| panic!("{view}"));
    assert!(
        line.contains("2 of 4 waiting, 5–30 minutes {job: 2 values on 3 of 4}"),
        "{line}"
    );
    let html = String::from_utf8(gostack(&["--format", "html", "--similarity", "args", p]).stdout)
        .unwrap();
    assert!(html.contains("2 of 4 waiting, 5–30 minutes"), "html waits");
    assert!(html.contains("{job: 2 values on 3 of 4}"), "html labels");
    std::fs::remove_file(&path).unwrap();
}

/// The HTML page says what it hides, as the text view does.
#[test]
fn html_says_what_is_hidden() {
    let q = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/go/1.27/states_sigquit.txt");
    let q = q.to_str().unwrap();
    let text = String::from_utf8(gostack(&[q]).stdout).unwrap();
    let n: u64 = text
        .lines()
        .find_map(|l| l.strip_suffix(" runtime goroutines hidden (--all shows them)"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    let html = String::from_utf8(gostack(&["--format", "html", q]).stdout).unwrap();
    assert!(
        html.contains(&format!(
            "{n} runtime goroutines hidden (<code>gostack --all</code> shows them)."
        )),
        "html hides {n} too"
    );
    let all = String::from_utf8(gostack(&["--format", "html", "--all", q]).stdout).unwrap();
    assert!(!all.contains("runtime goroutines hidden"));
}

/// Colour follows NO_COLOR, CLICOLOR_FORCE, CLICOLOR and TERM=dumb (the
/// test's stdout is a pipe: no colour unless forced); `--min-wait` takes
/// durations.
#[test]
fn colour_environment_and_wait_durations() {
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/go/1.27/states_minutes.txt");
    let f = f.to_str().unwrap();
    let run = |env: &[(&str, &str)], args: &[&str]| -> String {
        let mut c = Command::new(env!("CARGO_BIN_EXE_gostack"));
        for k in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"] {
            c.env_remove(k);
        }
        c.envs(env.iter().copied()).args(args).arg(f);
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    assert!(!run(&[], &[]).contains('\x1b'), "a pipe gets no colour");
    assert!(run(&[("CLICOLOR_FORCE", "1")], &[]).contains("\x1b["));
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).contains('\x1b'));
    assert!(!run(&[("CLICOLOR_FORCE", "0")], &[]).contains('\x1b'));
    assert!(run(&[("TERM", "dumb")], &["--color", "always"]).contains("\x1b["));
    // 1 minute waits in this dump: `1m` and `1` keep them, `1h` drops all.
    let n = |v: &str| run(&[], &["--format", "summary", "--min-wait", v]);
    assert_eq!(n("1m"), n("1"));
    assert!(!n("1m").contains("\t0 goroutines"), "{}", n("1m"));
    assert!(n("1h").contains("\t0 goroutines"), "{}", n("1h"));
    let bad = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["--min-wait", "soon", f])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--min-wait: 'soon'"));
}

/// A file name that is not UTF-8 is a file like any other (it panicked,
/// exit 101).
#[cfg(unix)]
#[test]
fn non_utf8_file_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = std::env::temp_dir().join(format!("gostack-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"crash-\xff\xfe.txt");
    let path = dir.join(name);
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/go/1.27/panic_goroutine.txt"),
        &path,
    )
    .unwrap();
    let out = common::run_ok(
        Command::new(env!("CARGO_BIN_EXE_gostack"))
            .args(["--format", "summary"])
            .arg(&path),
        "a file name that is not UTF-8",
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("panic"));
    // Missing: the error names the file, readably.
    let missing = dir.join(std::ffi::OsStr::from_bytes(b"gone-\xff.txt"));
    let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gone-\u{fffd}.txt"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn fixture_path(name: &str) -> String {
    format!("{}/testdata/go/1.27/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A directory of its own for one test, emptied first.
fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gostack-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `--` ends the options: a file whose name starts with '-' is read.
#[test]
fn double_dash_then_a_file_named_like_an_option() {
    let dir = scratch_dir("dash");
    std::fs::copy(fixture_path("panic_goroutine.txt"), dir.join("-weird.txt")).unwrap();
    let out = common::run_ok(
        Command::new(env!("CARGO_BIN_EXE_gostack"))
            .args(["-f", "summary", "--", "-weird.txt"])
            .current_dir(&dir),
        "-- -weird.txt",
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\tpanic\t"));
    // Without `--` it is an option, and not one gostack knows.
    let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .arg("-weird.txt")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A value goes with its option in every usual spelling.
#[test]
fn format_value_spellings() {
    let f = fixture_path("states_panic_all.txt");
    let want = gostack(&["--format", "json", &f]);
    assert_eq!(want.status.code(), Some(0));
    assert!(want.stdout.starts_with(b"[\n"));
    for spelling in [
        &["-fjson"][..],
        &["-f", "json"],
        &["-f=json"],
        &["--format=json"],
        // The last one counts.
        &["--format", "text", "--format", "json"],
    ] {
        let mut args = spelling.to_vec();
        args.push(&f);
        let out = gostack(&args);
        assert_eq!(out.status.code(), Some(0), "{spelling:?}");
        assert_eq!(out.stdout, want.stdout, "{spelling:?}");
    }
}

/// A mistyped option: a usage error that names the one meant.
#[test]
fn a_typo_suggests_the_option() {
    let out = gostack(&["--fromat", "json", &fixture_path("panic_goroutine.txt")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("'--fromat'") && err.contains("'--format'"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

/// An unknown value: the possible ones are listed, and no message shows
/// Rust's debug text (`gostack diff -f` said `Some("yaml")`).
#[test]
fn an_unknown_value_lists_the_possible_ones() {
    let f = fixture_path("panic_goroutine.txt");
    let out = gostack(&["-f", "htm", &f]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("possible values"), "{err}");
    for v in [
        "text", "raw", "html", "summary", "ndjson", "json", "grouped", "otel", "sentry", "ecs",
    ] {
        assert!(err.contains(v), "{v}: {err}");
    }
    assert!(!err.contains("Some("), "{err}");
    for args in [
        &["diff", "-f", "yaml", &f, &f][..],
        &["diff", "-f"],
        &["--color", "sometimes", &f],
        &["--similarity", "nope", &f],
        &["--idle", "soon", &f],
        &["--idle", "-1", &f],
    ] {
        let out = gostack(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.contains("Some(") && !err.contains("None"), "{err}");
    }
}

/// `gostack help`, `gostack help diff` and `gostack diff --help`.
#[test]
fn help_for_the_tool_and_for_diff() {
    let out = gostack(&["help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("Usage: gostack [OPTIONS] [FILE|-]"), "{help}");
    // The long help says what the short one leaves out (the words
    // compared as one line: help is wrapped to the terminal's width).
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for text in [
        "Delve JSON-RPC",
        "SIGTERM",
        "Exit status:",
        "no report was found",
        "usage or I/O error",
        "--grep <REGEX>",
        "--min-wait <N>",
        "Elastic Common Schema",
        "gostack -- diff",
    ] {
        assert!(help.contains(text), "{text}: {help}");
    }
    let long = String::from_utf8(gostack(&["--help"]).stdout).unwrap();
    assert_eq!(long.split_whitespace().collect::<Vec<_>>().join(" "), help);
    let short = gostack(&["-h"]);
    assert_eq!(short.status.code(), Some(0));
    assert!(String::from_utf8(short.stdout)
        .unwrap()
        .contains("Usage: gostack [OPTIONS] [FILE|-]"));
    for args in [&["diff", "--help"][..], &["help", "diff"]] {
        let out = gostack(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Usage: gostack diff [OPTIONS] <OLD> <NEW>"),
            "{args:?}: {text}"
        );
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("leak suspects, most suspicious first"),
            "{text}"
        );
    }
    let v = gostack(&["-V"]);
    assert_eq!(
        String::from_utf8(v.stdout).unwrap(),
        format!("gostack {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// A file named like a command is read after `--`, as a path, or after an
/// option; `gostack diff` alone is the command.
#[test]
fn a_file_named_diff() {
    let dir = scratch_dir("named-diff");
    std::fs::copy(fixture_path("panic_goroutine.txt"), dir.join("diff")).unwrap();
    for args in [
        &["-f", "summary", "--", "diff"][..],
        &["-f", "summary", "./diff"],
        &["-f", "summary", "diff"],
    ] {
        let out = common::run_ok(
            Command::new(env!("CARGO_BIN_EXE_gostack"))
                .args(args)
                .current_dir(&dir),
            &format!("{args:?}"),
        );
        assert!(
            String::from_utf8(out.stdout)
                .unwrap()
                .starts_with("lines 1-7\tpanic\t"),
            "{args:?}"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["--", "diff"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("=== report 1"));
    // The command wants two files.
    let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .arg("diff")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A second file is an error that says so.
    let out = gostack(&[&fixture_path("panic_goroutine.txt"), "diff"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("only one input file"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `gostack completions SHELL` and `gostack man`.
#[test]
fn completions_and_man_page() {
    let bash = gostack(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    let script = String::from_utf8(bash.stdout).unwrap();
    assert!(script.contains("--format") && script.contains("diff"));
    assert!(script.contains("--similarity") && script.contains("ndjson"));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = gostack(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(String::from_utf8(out.stdout).unwrap().contains("format"));
    }
    assert_eq!(gostack(&["completions", "tcsh"]).status.code(), Some(2));
    let man = gostack(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(
        page.starts_with(".TH ") || page.contains("\n.TH gostack 1"),
        "{page}"
    );
    for text in [
        ".SH NAME",
        ".SH SYNOPSIS",
        r"\-\-similarity",
        ".SH COMMANDS",
        r"\fBgostack diff\fR",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(text), "{text}");
    }
    // No reference to a page that does not exist.
    assert!(!page.contains("gostack\\-diff(1)"));
    // Rendered as man(1) shows it, where man is installed.
    let has_man = Command::new("sh")
        .args(["-c", "command -v man"])
        .output()
        .is_ok_and(|o| o.status.success());
    if has_man {
        let out = common::with_stdin(
            Command::new("man")
                .args(["-l", "-"])
                .env("MANWIDTH", "100")
                .env("MANPAGER", "cat")
                .env("PAGER", "cat"),
            page.as_bytes(),
        );
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for text in ["SYNOPSIS", "similarity", "EXIT STATUS", "Delve JSON-RPC"] {
            assert!(shown.contains(text), "{text}: {shown}");
        }
    } else {
        eprintln!("man is not installed: the page is not rendered");
    }
}

/// Colour on a terminal (a pseudo-terminal made by `script`, where it is
/// installed): on by default; NO_COLOR (not empty), CLICOLOR=0 and
/// TERM=dumb turn it off, TERM=dumb even with CLICOLOR=1.
#[cfg(unix)]
#[test]
fn colour_on_a_terminal() {
    let has_script = Command::new("sh")
        .args(["-c", "command -v script"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("script is not installed: no terminal to test colour on");
        return;
    }
    let f = fixture_path("states_minutes.txt");
    let run = |env: &[(&str, &str)], args: &str| -> bool {
        let line = format!("'{}' {args} '{f}'", env!("CARGO_BIN_EXE_gostack"));
        let mut c = Command::new("script");
        for k in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "CI"] {
            c.env_remove(k);
        }
        c.env("TERM", "xterm")
            .envs(env.iter().copied())
            .args(["-qec", &line, "/dev/null"])
            .stdin(std::process::Stdio::null());
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{env:?} {args}");
        String::from_utf8_lossy(&out.stdout).contains("\x1b[")
    };
    assert!(run(&[], ""), "a terminal gets colour");
    assert!(run(&[("NO_COLOR", "")], ""));
    assert!(!run(&[("NO_COLOR", "1")], ""));
    assert!(!run(&[("CLICOLOR", "0")], ""));
    assert!(!run(&[("TERM", "dumb")], ""));
    assert!(!run(&[("TERM", "dumb"), ("CLICOLOR", "1")], ""));
    assert!(run(&[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")], ""));
    assert!(!run(&[], "--color never"));
    assert!(
        !run(&[], "--format summary"),
        "only the text view has colour"
    );
}

/// The README's option table and install lines follow `--help`.
#[test]
fn the_readme_documents_every_option() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let help = String::from_utf8(gostack(&["--help"]).stdout).unwrap();
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let (readme, help) = (flat(&readme), flat(&help));
    let longs: std::collections::BTreeSet<&str> = help
        .split(|c: char| c.is_whitespace() || c == ',' || c == '\'')
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| w.len() > 2)
        .collect();
    assert!(longs.len() > 10, "{longs:?}");
    for o in longs {
        assert!(readme.contains(&format!("`{o}")), "README: {o}");
    }
    for line in [
        "gostack completions bash > ~/.local/share/bash-completion/completions/gostack",
        "gostack man > ~/.local/share/man/man1/gostack.1",
        "gostack -- diff",
    ] {
        assert!(readme.contains(line), "README: {line}");
        assert!(help.contains(line), "--help: {line}");
    }
}
