//! `diff` on a real program dumped twice with a goroutine leak planted in
//! between (`testdata/gen/programs/leakdiff`).

mod common;

use common::{fixture, versions};
use gostack::diff::{diff, Change};

#[test]
fn the_planted_leak_ranks_first() {
    for v in versions() {
        let text = fixture(&format!("go/{v}/leakdiff_twodumps.txt"));
        let r = gostack::parse(&text);
        assert_eq!(r.len(), 2, "{v}: two dumps");
        let d = diff(&r[0].goroutines, &r[1].goroutines);
        let top = &d.suspects[0];
        assert_eq!(top.function, "main.handleRequest.func1", "{v}");
        assert_eq!(top.growth, 20, "{v}: 20 more requests leaked");
        let leak = d
            .stacks
            .iter()
            .find(|s| s.fingerprint == top.fingerprint)
            .unwrap();
        assert_eq!(
            (leak.old, leak.new, leak.change),
            (2, 22, Change::Grew),
            "{v}"
        );
        assert_eq!(
            leak.persisted.len(),
            2,
            "{v}: the first two are still there"
        );
        assert_eq!(leak.state.as_deref(), Some("chan send"), "{v}");
        // The worker pool and the ticker did not change.
        let same: Vec<_> = d
            .stacks
            .iter()
            .filter(|s| s.change == Change::Same)
            .map(|s| s.function.as_str())
            .collect();
        assert!(same.contains(&"main.worker"), "{v}: {same:?}");
        assert!(same.contains(&"main.ticker"), "{v}: {same:?}");
        let worker = d
            .stacks
            .iter()
            .find(|s| s.function == "main.worker")
            .unwrap();
        assert_eq!((worker.old, worker.new, worker.persisted.len()), (4, 4, 4));
    }
}

#[test]
fn cli_diff() {
    let dir = std::env::temp_dir().join(format!("gostack-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = fixture("go/1.27/leakdiff_twodumps.txt");
    let (a, b) = text.split_once("=== after ===").unwrap();
    let (pa, pb) = (dir.join("before.txt"), dir.join("after.txt"));
    std::fs::write(&pa, a).unwrap();
    std::fs::write(&pb, b).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["diff", pa.to_str().unwrap(), pb.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    let first = s.lines().find(|l| l.starts_with("  1. ")).unwrap();
    assert!(first.contains("main.handleRequest.func1"), "{s}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args([
            "diff",
            "--format",
            "json",
            pa.to_str().unwrap(),
            pb.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["diff"]["suspects"][0]["growth"], 20);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["diff", pa.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "one file is a usage error");
    let _ = std::fs::remove_dir_all(&dir);
}
