//! Inputs of `n` items in the shapes that once took quadratic time or
//! memory (issue notes): shared by `tests/linear.rs` and
//! `examples/shapes.rs` (which writes them for whole-process runs).
//!
//! They are crafted from the documented line formats, not captured: each is
//! one line shape repeated, which no real program prints this often.
#![allow(dead_code)]

use std::fmt::Write;

/// The names of the shapes, in the order of [`shape`].
pub const SHAPES: &[&str] = &[
    "panic_lines",
    "delve_frame_lines",
    "delve_goroutine_lines",
    "invalid_utf8",
    "json_lines",
    "generated_handlers",
    "wait_reasons",
    "delve_runtime_lines",
    "race_accesses",
    "delve_bt_then_frames",
    "prefixed_panic_lines",
    "damaged_headers",
    "docker_records",
    "escaped_records",
    "distinct_labels",
    "periodic_dumps",
];

/// The input of shape `name` with `n` items.
pub fn shape(name: &str, n: usize) -> Vec<u8> {
    let mut s = String::new();
    match name {
        // `panic: x` over and over: a report per line.
        "panic_lines" => {
            for _ in 0..n {
                s.push_str("panic: x\n");
            }
        }
        // Delve `frame N` outputs without their source listing.
        "delve_frame_lines" => {
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "Frame {}: /app/main.go:{} (PC: 4b638a)",
                    i % 50,
                    i % 900 + 1
                );
            }
        }
        // One long Delve `goroutines` listing.
        "delve_goroutine_lines" => {
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "  Goroutine {} - User: /usr/local/go/src/runtime/proc.go:475 runtime.gopark (0x4869b1) [chan receive]",
                    i + 1
                );
            }
        }
        // One crash whose goroutine headers all lost their `]` (each keeps
        // its block: no look-ahead may rescan the rest per header).
        // One stack, every goroutine with its own label value and key
        // (request ids): label merging in the views and grouped JSON.
        "distinct_labels" => {
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "goroutine {} [chan receive] {{req: \"r{i}\", k{i}: v, tier: db}}:\nmain.f()\n\t/app/main.go:9 +0x1\n",
                    i + 1
                );
            }
        }
        "damaged_headers" => {
            s.push_str("panic: x\n\n");
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "goroutine {} [chan receive:\nmain.f()\n\t/app/main.go:{} +0x1\n",
                    i + 1,
                    i % 900 + 1
                );
            }
        }
        // Small dumps of a long-running process (SIGQUIT every so often):
        // its goroutine ids grow into the millions.
        "periodic_dumps" => {
            for i in 0..n {
                let _ = write!(
                    s,
                    "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\n\ngoroutine {} [chan receive]:\nmain.worker()\n\t/app/main.go:12 +0x1d\n\nlevel=info msg=tick\n\n",
                    150 * i + 2
                );
            }
        }
        // A Docker json-file log of a long dump (per-line decoding).
        "docker_records" => {
            s.push_str("{\"log\":\"goroutine 1 [running]:\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T10:00:00Z\"}\n");
            for i in 0..n {
                let _ = writeln!(s, "{{\"log\":\"main.f{i}()\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T10:00:00.{i:09}Z\"}}");
                let _ = writeln!(s, "{{\"log\":\"\\u0009/app/main.go:{} +0x1\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T10:00:00Z\"}}", i % 900 + 1);
            }
        }
        // JSON log records, each with a stack in a field.
        "escaped_records" => {
            for i in 0..n {
                let _ = writeln!(s, "{{\"level\":\"error\",\"msg\":\"m{i}\",\"stack\":\"goroutine {} [running]:\\nmain.f()\\n\\t/app/main.go:3 +0x1\\n\"}}", i + 1);
            }
        }
        // Bytes that are not UTF-8, in lines.
        "invalid_utf8" => {
            let mut b = Vec::with_capacity(n * 41);
            for _ in 0..n {
                b.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28].repeat(10));
                b.push(b'\n');
            }
            return b;
        }
        // A JSON-lines service log (zap, slog), no crash.
        "json_lines" => {
            for i in 0..n {
                let _ = writeln!(
                    s,
                    r#"{{"level":"info","ts":"2026-12-02T14:00:{:02}.{:03}Z","caller":"api/handler.go:142","msg":"request served","path":"/v1/users/{i}","status":200}}"#,
                    i / 1000 % 60,
                    i % 1000
                );
            }
        }
        // A dump whose goroutines run distinct functions of one length
        // that share their first and last bytes (generated handlers).
        "generated_handlers" => {
            for i in 0..n {
                let _ = write!(
                    s,
                    "goroutine {} [select]:\npb._UserService_Get{i:08}_Handler(0xc000010000)\n\t/app/pb/user.pb.go:{} +0x25\ncreated by main.main in goroutine 1\n\t/app/main.go:20 +0x3e\n\n",
                    i + 1,
                    i % 900 + 1
                );
            }
        }
        // One stack, every goroutine waiting for another reason.
        "wait_reasons" => {
            for i in 0..n {
                let _ = write!(
                    s,
                    "goroutine {} [wait reason {i}]:\nmain.worker(0xc000010000)\n\t/app/main.go:20 +0x25\ncreated by main.main in goroutine 1\n\t/app/main.go:8 +0x3e\n\n",
                    i + 1
                );
            }
        }
        // Delve's long goroutine form with many `Runtime:` lines.
        "delve_runtime_lines" => {
            s.push_str("Goroutine 1:\n");
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "\tRuntime: /usr/local/go/src/runtime/proc.go:{} runtime.gopark (0x4869b1)",
                    i % 900 + 1
                );
            }
        }
        // One race report with many accesses, then their goroutines'
        // creation stacks.
        "race_accesses" => {
            s.push_str("==================\nWARNING: DATA RACE\n");
            for i in 0..n / 2 {
                let op = if i % 2 == 0 { "Write" } else { "Previous read" };
                let _ = write!(
                    s,
                    "{op} at 0x00c000012345 by goroutine {}:\n  main.f()\n      /app/main.go:{} +0x1\n\n",
                    i + 7,
                    i % 900 + 1
                );
            }
            for i in 0..n / 2 {
                let _ = write!(
                    s,
                    "Goroutine {} (running) created at:\n  main.main()\n      /app/main.go:{} +0x1\n\n",
                    i + 7,
                    i % 900 + 1
                );
            }
            s.push_str("==================\n");
        }
        // A Delve `bt` followed by many `frame N` commands and outputs.
        "delve_bt_then_frames" => {
            s.push_str("(dlv) bt\n");
            for k in 0..10 {
                let _ = write!(
                    s,
                    "{k}  0x00000000004b638a in main.f{k}\n   at ./main.go:{}\n",
                    k + 3
                );
            }
            for i in 0..n {
                let k = i % 10;
                let _ = write!(
                    s,
                    "(dlv) frame {k}\nFrame {k}: ./main.go:{} (PC: 4b638a)\n",
                    k + 3
                );
            }
        }
        // What recover middleware logs: `panic: ` after a constant prefix.
        "prefixed_panic_lines" => {
            for i in 0..n {
                let _ = writeln!(s, "[recovery] panic: request {i} failed");
            }
        }
        other => panic!("unknown shape {other}"),
    }
    s.into_bytes()
}
