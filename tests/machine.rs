//! Machine output for pipelines: per-goroutine fingerprints, reports read
//! back with `serde_json::from_reader`, the grouped JSON (`--format
//! grouped`, `OwnedBucket`) and `--dedup`, on real fixtures.

mod common;

use std::process::{Command, Output};

use gostack::fingerprint::{stack_fingerprint, Dedup, Level};
use gostack::group::{group_report, Similarity};
use gostack::{OwnedReport, Report};
use serde_json::Value;

fn gostack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(args)
        .output()
        .expect("run gostack")
}

/// Fixtures of every kind (Go, Delve, transports), one version of each.
fn sample() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = common::all_fixtures()
        .into_iter()
        .filter(|p| {
            let s = p.to_string_lossy();
            s.contains("/1.27/") || s.contains("/seed/")
        })
        .collect();
    files.extend(common::transport_fixtures());
    files
}

#[test]
fn ndjson_reads_back_with_from_reader() {
    let mut checked = 0;
    for path in sample() {
        let p = path.to_str().unwrap();
        let out = gostack(&["--format", "ndjson", p]);
        let text = std::fs::read_to_string(&path).unwrap();
        let want: Vec<Report<'static>> = gostack::parse(&text)
            .into_iter()
            .map(Report::into_owned)
            .collect();
        // A reader, not a string: nothing can be borrowed.
        let got: Vec<OwnedReport> = serde_json::Deserializer::from_reader(&out.stdout[..])
            .into_iter::<OwnedReport>()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(got.len(), want.len(), "{p}");
        for (g, w) in got.into_iter().zip(&want) {
            assert_eq!(&g.into_inner(), w, "{p}");
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}

#[test]
fn every_goroutine_carries_its_fingerprint() {
    for path in sample() {
        let p = path.to_str().unwrap();
        let out = gostack(&["--format", "ndjson", p]);
        let text = std::fs::read_to_string(&path).unwrap();
        let reports = gostack::parse(&text);
        for (line, r) in String::from_utf8(out.stdout).unwrap().lines().zip(&reports) {
            let v: Value = serde_json::from_str(line).unwrap();
            let gs = v["goroutines"].as_array().unwrap();
            for (i, (g, want)) in gs.iter().zip(&r.goroutines).enumerate() {
                let fp = stack_fingerprint(want, Level::Line).to_string();
                assert_eq!(g["fingerprint"], fp.as_str(), "{p} goroutine #{i}");
                // Version 1 readers keep their parallel array.
                assert_eq!(v["stack_fingerprints"][i], fp.as_str(), "{p}");
                // The report serialised on its own (no JsonReport around
                // it, nothing computed before) says the same.
                let alone = serde_json::to_value(want).unwrap();
                assert_eq!(alone["fingerprint"], fp.as_str(), "{p}");
            }
        }
    }
}

/// The grouped JSON of every sample fixture: the buckets partition the
/// goroutines, each bucket's stack is its first member, the crash comes
/// first, and the fingerprint is the stack's.
#[test]
fn grouped_json_partitions_the_goroutines() {
    let mut buckets_seen = 0;
    for path in sample() {
        let p = path.to_str().unwrap();
        let out = gostack(&["--format", "grouped", "--all", p]);
        assert!(out.status.success() || out.status.code() == Some(1), "{p}");
        let text = std::fs::read_to_string(&path).unwrap();
        let reports = gostack::parse(&text);
        let lines: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(lines.len(), reports.len(), "{p}");
        for (line, r) in lines.iter().zip(&reports) {
            let v: Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["version"], 1);
            assert_eq!(v["kind"], r.kind.as_str(), "{p}");
            assert!(v.get("goroutines_list").is_none());
            let buckets = v["buckets"].as_array().unwrap();
            let total: u64 = r.goroutines.iter().map(|g| g.count.unwrap_or(1)).sum();
            assert_eq!(v["goroutines"], total, "{p}");
            let sum: u64 = buckets
                .iter()
                .map(|b| b["goroutines"].as_u64().unwrap())
                .sum();
            assert_eq!(sum, total, "{p}: bucket sizes");
            let members: usize = buckets
                .iter()
                .map(|b| b["count"].as_u64().unwrap() as usize)
                .sum();
            assert_eq!(members, r.goroutines.len(), "{p}");
            // Every goroutine's id, as often as the report lists it (a
            // signal dump may print a goroutine under two Ms).
            let mut ids = Vec::new();
            for b in buckets {
                for id in b["ids"].as_array().unwrap() {
                    ids.push(id.as_u64().unwrap());
                }
                assert_eq!(
                    b["args"].as_array().unwrap().len(),
                    b["stack"]["frames"].as_array().unwrap().len(),
                    "{p}"
                );
                assert_eq!(b["fingerprint"], b["stack"]["fingerprint"], "{p}");
                buckets_seen += 1;
            }
            let mut want_ids: Vec<u64> = r.goroutines.iter().filter_map(|g| g.id).collect();
            ids.sort_unstable();
            want_ids.sort_unstable();
            assert_eq!(ids, want_ids, "{p}");
            // The crashing goroutine's bucket first, and only that one.
            let crashed: Vec<bool> = buckets.iter().map(|b| b["crashed"] == true).collect();
            match r.crashing_goroutine() {
                Some(g) => {
                    assert_eq!(crashed.iter().filter(|c| **c).count(), 1, "{p}");
                    assert!(crashed[0], "{p}");
                    assert_eq!(buckets[0]["stack"]["id"], serde_json::json!(g.id), "{p}");
                }
                None => assert!(!crashed.contains(&true), "{p}"),
            }
        }
    }
    assert!(buckets_seen > 500, "{buckets_seen}");
}

/// Labels and arguments merged over a bucket's members (a real dump whose
/// four `main.worker` goroutines were given labels and one a different
/// argument).
#[test]
fn grouped_buckets_merge_labels_and_arguments() {
    let text = common::fixture("go/1.27/leakdiff_twodumps.txt");
    let first = text.split("\n\n\n").next().unwrap_or(&text);
    let mut edited = String::new();
    let mut workers = 0;
    let mut lines = first.lines().peekable();
    while let Some(l) = lines.next() {
        let next_is_worker = lines.peek().is_some_and(|n| n.starts_with("main.worker("));
        if l.starts_with("goroutine ") && next_is_worker {
            workers += 1;
            let label = match workers {
                1 | 2 => " {job: \"a\"}",
                3 => " {job: \"b\"}",
                _ => "",
            };
            edited.push_str(&l.replacen("]:", &format!("]{label}:"), 1));
        } else if l.starts_with("main.worker(") && workers == 2 {
            edited.push_str("main.worker(0x7?, 0x0?)");
        } else {
            edited.push_str(l);
        }
        edited.push('\n');
    }
    assert!(workers >= 4, "{workers}");
    let r = &gostack::parse(&edited)[0];
    let buckets = group_report(r, Similarity::IgnoreArgs);
    let b = buckets
        .iter()
        .find(|b| b.representative.frames[0].function == "main.worker")
        .unwrap();
    let o = b.to_owned_bucket(&r.goroutines, Similarity::IgnoreArgs);
    // The first dump's workers (the labels went to the first three).
    let in_first = r
        .goroutines
        .iter()
        .filter(|g| g.frames[0].function == "main.worker")
        .count();
    assert_eq!(o.count, in_first);
    assert_eq!(o.args[0].as_deref(), Some("*, 0x0?"));
    assert_eq!(o.labels.len(), 1);
    let l = &o.labels[0];
    assert_eq!(l.key, "job");
    assert_eq!((l.distinct, l.missing), (2, in_first - 3));
    assert_eq!(
        l.values
            .iter()
            .map(|v| (v.value.as_str(), v.count))
            .collect::<Vec<_>>(),
        [("a", 2), ("b", 1)]
    );
    assert_eq!(
        o.fingerprint,
        stack_fingerprint(b.representative, Level::Line)
    );
    assert_eq!(o.stack, b.representative.clone().into_owned());
    // Ignoring lines, the fingerprint is the function-level one.
    let o = b.to_owned_bucket(&r.goroutines, Similarity::IgnoreLines);
    assert_eq!(
        o.fingerprint,
        stack_fingerprint(b.representative, Level::Function)
    );
}

/// A crash loop: the same real panic printed five times between log lines,
/// and another crash once.
fn crash_loop() -> (String, usize) {
    let panic = common::fixture("go/1.27/panic_goroutine.txt");
    let other = common::fixture("go/1.27/fatal_concurrent_map_writes.txt");
    let mut text = String::new();
    for i in 0..5 {
        text.push_str(&format!("2026/12/02 10:00:0{i} service starting\n"));
        text.push_str(&panic);
        if i == 2 {
            text.push_str(&other);
        }
    }
    (text, 5)
}

#[test]
fn dedup_collapses_a_crash_loop() {
    let (text, n) = crash_loop();
    let all = gostack::parse(&text);
    assert_eq!(all.len(), n + 1);
    let mut d = Dedup::new(Level::Line);
    let kept_flags: Vec<bool> = all.iter().cloned().map(|r| d.push(r)).collect();
    assert_eq!(kept_flags.iter().filter(|k| **k).count(), 2);
    let kept = d.finish();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0].occurrences.count, n as u64);
    let fp = gostack::fingerprint::report_fingerprint(&kept[0].report, Level::Line);
    let loop_lines: Vec<_> = all
        .iter()
        .filter(|r| gostack::fingerprint::report_fingerprint(r, Level::Line) == fp)
        .map(|r| r.lines)
        .collect();
    assert_eq!(loop_lines.len(), n);
    let at: Vec<_> = kept[0].occurrences.at.iter().map(|o| o.lines).collect();
    assert_eq!(at, loop_lines);
    assert_eq!(kept[1].occurrences.count, 1);
    assert_eq!(kept[0].report, all[0]);

    // The CLI, through a file: NDJSON, the text view and summary lines.
    let path = std::env::temp_dir().join(format!("gostack-dedup-{}.log", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    let p = path.to_str().unwrap();
    let out = gostack(&["--dedup", "--format", "ndjson", p]);
    assert!(out.status.success());
    let objs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objs.len(), 2);
    assert_eq!(objs[0]["occurrences"]["count"], n as u64);
    assert_eq!(
        objs[0]["occurrences"]["at"][4]["lines"]["start"],
        loop_lines[4].start as u64
    );
    assert_eq!(objs[1]["occurrences"]["count"], 1);
    let out = gostack(&["--dedup", "--format", "grouped", p]);
    let first: Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["occurrences"]["count"], n as u64);
    let out = gostack(&["--dedup", p]);
    let view = String::from_utf8(out.stdout).unwrap();
    assert_eq!(view.matches("=== report").count(), 2, "{view}");
    assert!(view.starts_with(&format!("--- seen {n} times")), "{view}");
    let out = gostack(&["--dedup", "--format", "summary", p]);
    let summary = String::from_utf8(out.stdout).unwrap();
    assert_eq!(summary.lines().count(), 2);
    assert!(summary
        .lines()
        .next()
        .unwrap()
        .ends_with(&format!("\tseen {n} times")));
    // Without --dedup every copy is printed.
    let out = gostack(&["--format", "summary", p]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        n + 1
    );
    std::fs::remove_file(&path).unwrap();
}
