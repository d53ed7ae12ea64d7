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
    // Every number that names a goroutine is its id: the ids of each
    // stack's members are goroutines of that dump, and `persisted` ids
    // are in both lists.
    let ids = |t: &str| -> std::collections::BTreeSet<u64> {
        gostack::parse(t)
            .iter()
            .flat_map(|r| r.goroutines.iter().filter_map(|g| g.id))
            .collect()
    };
    let (ida, idb) = (ids(a), ids(b));
    for st in v["diff"]["stacks"].as_array().unwrap() {
        assert!(st.get("old_members").is_none() && st.get("new_members").is_none());
        let list = |k: &str| -> Vec<u64> {
            st[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap())
                .collect()
        };
        let (o, n) = (list("old_ids"), list("new_ids"));
        assert_eq!(o.len() as u64, st["old"].as_u64().unwrap());
        assert_eq!(n.len() as u64, st["new"].as_u64().unwrap());
        assert!(o.iter().all(|i| ida.contains(i)) && n.iter().all(|i| idb.contains(i)));
        for p in list("persisted") {
            assert!(o.contains(&p) && n.contains(&p), "{p}");
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["diff", pa.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "one file is a usage error");
    let _ = std::fs::remove_dir_all(&dir);
}

/// pprof `debug=1` profiles: a record stands for `count` goroutines, so a
/// stack going from 1 to 1000 grew (it showed as "same": one record each).
#[test]
fn pprof_counts_are_weighed() {
    let before = fixture("go/1.27/leak_pprof1.txt");
    let after = before
        .replacen(
            "goroutineleak profile: total 2",
            "goroutineleak profile: total 1001",
            1,
        )
        .replacen("1 @ 0x47d86a 0x41421c", "1000 @ 0x47d86a 0x41421c", 1);
    assert_ne!(before, after);
    let (a, b) = (gostack::parse(&before), gostack::parse(&after));
    let d = gostack::diff::diff(&a[0].goroutines, &b[0].goroutines);
    let grew = d
        .stacks
        .iter()
        .find(|s| s.function == "main.leaky.func1")
        .unwrap();
    assert_eq!(
        (grew.change, grew.old, grew.new),
        (gostack::diff::Change::Grew, 1, 1000)
    );
    assert_eq!(d.suspects[0].function, "main.leaky.func1");
    assert_eq!(d.suspects[0].growth, 999);
    // No ids in a debug=1 profile.
    assert!(grew.old_ids.is_empty() && grew.new_ids.is_empty());
    let same = d
        .stacks
        .iter()
        .find(|s| s.function == "main.leakyRecv.func1")
        .unwrap();
    assert_eq!(same.change, gostack::diff::Change::Same);
    // The CLI's totals weigh them too.
    let dir = std::env::temp_dir().join(format!("gostack-diff1-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (pa, pb) = (dir.join("a.txt"), dir.join("b.txt"));
    std::fs::write(&pa, &before).unwrap();
    std::fs::write(&pb, &after).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["diff", pa.to_str().unwrap(), pb.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("2 goroutines before, 1001 after"),
        "{text}"
    );
    assert!(text.contains("1 → 1000 goroutines"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
