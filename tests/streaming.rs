//! The real binary through a pipe: a report appears on stdout before the
//! input ends, and on SIGINT / SIGTERM every report already read is printed.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Lines of the child's stdout, as they come.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines() {
            if tx.send(l.unwrap()).is_err() {
                break;
            }
        }
    });
    rx
}

fn panic_text() -> String {
    common::fixture("go/1.24/panic_index.txt")
}

#[test]
fn a_report_is_printed_while_the_input_is_still_open() {
    let mut child = spawn(&["--format", "ndjson"]);
    let rx = lines_of(&mut child);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"service starting\n").unwrap();
    stdin.write_all(panic_text().as_bytes()).unwrap();
    stdin.flush().unwrap();
    // Nothing more is written: the input goes quiet and the report is
    // printed after the idle time (1 s by default), stdin still open.
    let t = Instant::now();
    let line = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the report is printed before the input ends");
    assert!(
        t.elapsed() >= Duration::from_millis(500),
        "not before the idle time"
    );
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["kind"], "panic");
    assert_eq!(v["lines"]["start"], 2);
    // A second crash after the first, lines that end it: printed too.
    stdin.write_all(panic_text().as_bytes()).unwrap();
    for i in 0..20 {
        writeln!(stdin, "request {i} served").unwrap();
    }
    stdin.flush().unwrap();
    let line = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        v["panics"][0]["message"],
        "runtime error: index out of range [5] with length 0"
    );
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(
        rx.recv_timeout(Duration::from_secs(5)).is_err(),
        "two reports in all"
    );
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig}");
}

#[test]
fn sigint_and_sigterm_print_every_report_already_read() {
    for (sig, code) in [("-INT", 130), ("-TERM", 143)] {
        for format in ["ndjson", "summary", "json"] {
            // No idle flush: only the signal can end the open report.
            let mut child = spawn(&["--format", format, "--idle", "0"]);
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(panic_text().as_bytes()).unwrap();
            stdin.write_all(b"\n").unwrap();
            stdin.write_all(panic_text().as_bytes()).unwrap();
            stdin.flush().unwrap();
            std::thread::sleep(Duration::from_millis(700));
            signal(&child, sig);
            let out = child.wait_with_output().unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            assert_eq!(out.status.code(), Some(code), "{sig} {format}: {text}");
            let n = match format {
                "json" => serde_json::from_str::<Vec<serde_json::Value>>(&text)
                    .unwrap()
                    .len(),
                _ => text.lines().count(),
            };
            assert_eq!(n, 2, "{sig} {format}: both panics printed: {text}");
            drop(stdin);
        }
    }
}

fn append(path: &std::path::Path, text: &str) {
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f.flush().unwrap();
}

#[test]
fn follow_reads_a_growing_file() {
    let dir = std::env::temp_dir().join(format!("gostack-follow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.log");
    std::fs::write(&path, "starting\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["--follow", "--format", "summary", "--idle", "0.3"])
        .arg(&path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let rx = lines_of(&mut child);
    std::thread::sleep(Duration::from_millis(300));
    append(&path, &panic_text());
    let line = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the crash appended is printed");
    assert!(line.starts_with("lines 2-8\tpanic"), "{line}");
    // Truncated (log rotation by copy-truncate): read again from the top.
    std::fs::write(&path, "").unwrap();
    std::thread::sleep(Duration::from_millis(600));
    append(&path, &panic_text());
    let line = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the crash after truncation");
    assert!(line.contains("\tpanic\t"), "{line}");
    signal(&child, "-TERM");
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--format json` prints its array one report at a time: the same bytes
/// as the whole array pretty-printed at once.
#[test]
fn json_array_streamed_is_the_array() {
    let text = format!(
        "{}\nlog line\n{}",
        panic_text(),
        common::fixture("go/1.24/fatal_concurrent_map_writes.txt")
    );
    let dir = std::env::temp_dir().join(format!("gostack-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("two.log");
    std::fs::write(&path, &text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let reports = gostack::parse(&text);
    assert!(reports.len() >= 2);
    let all: Vec<_> = reports
        .iter()
        .map(gostack::render::JsonReport::new)
        .collect();
    let want = serde_json::to_string_pretty(&all).unwrap() + "\n";
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
    let _ = std::fs::remove_dir_all(&dir);
}
