//! Goroutine filters on real fixtures, in the library and the CLI.

mod common;

use common::fixture;
use gostack::filter::{is_runtime_goroutine, Filter};

#[test]
fn filters_on_a_real_dump() {
    let text = fixture("go/1.27/states_sigquit.txt");
    let r = &gostack::parse(&text)[0];
    let count = |f: &Filter| r.goroutines.iter().filter(|g| f.matches(g)).count();
    let all = r.goroutines.len();
    let runtime = r
        .goroutines
        .iter()
        .filter(|g| is_runtime_goroutine(g))
        .count();
    assert!(runtime > 0 && runtime < all);
    // The empty filter is the identity; hiding the runtime is asked for.
    assert_eq!(count(&Filter::new()), all);
    assert_eq!(count(&Filter::default()), all);
    assert!(Filter::default().is_default());
    assert_eq!(
        count(&Filter::new().hide_runtime(true)),
        all - runtime,
        "runtime goroutines hidden"
    );
    assert_eq!(count(&Filter::new().include_runtime(false)), all - runtime);
    let workers = count(&Filter::new().grep(r"^main\.").unwrap());
    assert!(workers > 0);
    assert_eq!(
        count(
            &Filter::new()
                .hide_runtime(true)
                .exclude(r"^main\.")
                .unwrap()
        ) + workers,
        all - runtime
    );
    let chan = Filter::new().include_runtime(true).state("chan receive");
    assert!(r
        .goroutines
        .iter()
        .filter(|g| chan.matches(g))
        .all(|g| g.wait_reason() == Some("chan receive")));
    assert!(count(&chan) > 0);
    let by_file = Filter::new().grep(r"/home/gopher/app/").unwrap();
    assert_eq!(count(&by_file), workers, "files match as well as functions");
}

#[test]
fn labels_and_waits() {
    let text = fixture("go/1.27/api_labels_dump.txt");
    let r = &gostack::parse(&text)[0];
    let with: Vec<_> = r
        .goroutines
        .iter()
        .filter(|g| !g.labels.is_empty())
        .collect();
    assert!(!with.is_empty());
    let l = &with[0].labels.0[0];
    let f = Filter::new().label(&l.key, Some(&l.value));
    assert!(r
        .goroutines
        .iter()
        .filter(|g| f.matches(g))
        .all(|g| g.labels.get(&l.key) == Some(&*l.value)));
    assert!(r.goroutines.iter().any(|g| f.matches(g)));
    let text = fixture("go/1.27/states_minutes.txt");
    let r = &gostack::parse(&text)[0];
    let waited = Filter::new().include_runtime(true).min_wait(1);
    assert!(r.goroutines.iter().any(|g| waited.matches(g)));
    assert!(r
        .goroutines
        .iter()
        .filter(|g| waited.matches(g))
        .all(|g| g.wait_minutes >= Some(1)));
}

/// Applying a filter keeps race accesses and Delve groups consistent.
#[test]
fn apply_keeps_references_consistent() {
    let text = fixture("go/1.27/race_two_goroutines.txt");
    let mut r = gostack::parse(&text).remove(0);
    assert_eq!(r.goroutines.len(), 2);
    let f = Filter::new().include_runtime(true).grep("writer").unwrap();
    assert_eq!(f.apply(&mut r), 1, "only the writing goroutine");
    assert!(r.goroutines[0]
        .frames
        .iter()
        .any(|f| f.function.contains("writer")));
    let race = r.race.as_ref().unwrap();
    assert_eq!(race.accesses.len(), 1);
    assert_eq!(race.accesses[0].goroutine, 0, "re-indexed");
    let text = fixture("dlv/1.27/goroutines-group-running__nocolor.txt");
    let mut r = gostack::parse(&text).remove(0);
    let before = r.goroutines.len();
    assert_eq!(Filter::default().apply(&mut r), before, "the identity");
    Filter::new().hide_runtime(true).apply(&mut r);
    let d = r.delve.as_ref().unwrap();
    for g in &d.groups {
        assert!(g.first + g.listed <= r.goroutines.len());
    }
}

#[test]
fn cli_filters() {
    let f = format!(
        "{}/testdata/go/1.27/states_sigquit.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let run = |args: &[&str]| -> usize {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gostack"))
            .args(args)
            .arg(&f)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v[0]["goroutines"].as_array().unwrap().len()
    };
    let all = run(&["--format", "json"]);
    let user = run(&["--format", "json", "--grep", r"^main\."]);
    assert!(user > 0 && user < all);
    assert_eq!(run(&["--format", "json", "--all"]), all);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(["--grep", "("])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a bad regex is a usage error");
}
