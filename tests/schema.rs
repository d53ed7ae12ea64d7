//! Every output form validated against its JSON Schema (`schemas/`) on the
//! fixtures: `--format ndjson` and `json` (report.schema.json,
//! reports.schema.json), `--format grouped` (grouped.schema.json, with and
//! without `--dedup`), `gostack diff --format json` (diff.schema.json) and
//! the exports (`--format otel|sentry|ecs`: otel/sentry/ecs.schema.json).
//! The schemas forbid properties they do not declare, so a field added to
//! the output without its schema (and contract) fails here.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const SCHEMAS: [&str; 7] = [
    "report.schema.json",
    "reports.schema.json",
    "grouped.schema.json",
    "diff.schema.json",
    "otel.schema.json",
    "sentry.schema.json",
    "ecs.schema.json",
];

fn schema(name: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A validator for `name`, the other schemas registered under their ids
/// (references between them resolve without the network).
fn validator(name: &str) -> jsonschema::Validator {
    let mut registry = jsonschema::Registry::new();
    for other in SCHEMAS {
        let s = schema(other);
        let id = s["$id"].as_str().unwrap().to_owned();
        registry = registry.add(id, s).unwrap();
    }
    let registry = Box::leak(Box::new(registry.prepare().unwrap()));
    jsonschema::options()
        .offline()
        .with_registry(registry)
        .build(&schema(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args(args)
        .output()
        .expect("run gostack");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{args:?}");
    out.stdout
}

fn check(v: &jsonschema::Validator, value: &Value, what: &str, failures: &mut Vec<String>) {
    for e in v.iter_errors(value).take(3) {
        failures.push(format!("{what}: {e} at {}", e.instance_path()));
    }
}

/// Every fixture: Go (all versions), Delve (captures and JSON-RPC
/// responses), transports, records, old releases.
fn fixtures() -> Vec<std::path::PathBuf> {
    common::every_fixture()
}

#[test]
fn ndjson_and_grouped_follow_their_schemas() {
    let report = validator("report.schema.json");
    let grouped = validator("grouped.schema.json");
    let (otel, sentry, ecs) = (
        validator("otel.schema.json"),
        validator("sentry.schema.json"),
        validator("ecs.schema.json"),
    );
    let mut failures = Vec::new();
    let mut objects = 0;
    for path in fixtures() {
        let p = path.to_str().unwrap();
        for (args, v) in [
            (vec!["--format", "ndjson", "--all", p], &report),
            (vec!["--format", "grouped", "--all", p], &grouped),
            (vec!["--format", "otel", "--all", p], &otel),
            (vec!["--format", "sentry", "--all", p], &sentry),
            (vec!["--format", "ecs", "--all", p], &ecs),
        ] {
            for line in String::from_utf8(run(&args)).unwrap().lines() {
                let value: Value = serde_json::from_str(line).unwrap();
                check(v, &value, &format!("{p} {}", args[1]), &mut failures);
                objects += 1;
            }
        }
    }
    common::assert_no_failures(&failures, "objects that break their schema", 30);
    assert!(objects > 7000, "{objects}");
}

#[test]
fn json_array_dedup_and_diff_follow_their_schemas() {
    let reports = validator("reports.schema.json");
    let report = validator("report.schema.json");
    let grouped = validator("grouped.schema.json");
    let diff = validator("diff.schema.json");
    let (otel, sentry, ecs) = (
        validator("otel.schema.json"),
        validator("sentry.schema.json"),
        validator("ecs.schema.json"),
    );
    let mut failures = Vec::new();
    let sample: Vec<_> = fixtures()
        .into_iter()
        .filter(|p| {
            p.to_string_lossy().contains("/1.27/") || p.to_string_lossy().contains("/transport/")
        })
        .collect();
    assert!(sample.len() > 100);
    for path in &sample {
        let p = path.to_str().unwrap();
        let value: Value = serde_json::from_slice(&run(&["--format", "json", p])).unwrap();
        check(&reports, &value, p, &mut failures);
        for line in String::from_utf8(run(&["--dedup", "--format", "ndjson", p]))
            .unwrap()
            .lines()
        {
            check(
                &report,
                &serde_json::from_str(line).unwrap(),
                p,
                &mut failures,
            );
        }
        for line in String::from_utf8(run(&["--dedup", "--format", "grouped", p]))
            .unwrap()
            .lines()
        {
            check(
                &grouped,
                &serde_json::from_str(line).unwrap(),
                p,
                &mut failures,
            );
        }
        for (f, v) in [("otel", &otel), ("sentry", &sentry), ("ecs", &ecs)] {
            for line in String::from_utf8(run(&["--dedup", "--format", f, p]))
                .unwrap()
                .lines()
            {
                check(v, &serde_json::from_str(line).unwrap(), p, &mut failures);
            }
        }
    }
    // Diffs between dumps of the same programs.
    for (old, new) in [
        ("go/1.27/leak_pprof2.txt", "go/1.27/leakdiff_twodumps.txt"),
        (
            "go/1.27/leakdiff_twodumps.txt",
            "go/1.27/states_sigquit.txt",
        ),
        (
            "go/1.21/leakdiff_twodumps.txt",
            "go/1.27/leakdiff_twodumps.txt",
        ),
    ] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
        let (o, n) = (root.join(old), root.join(new));
        let out = run(&[
            "diff",
            "--format",
            "json",
            o.to_str().unwrap(),
            n.to_str().unwrap(),
        ]);
        check(
            &diff,
            &serde_json::from_slice(&out).unwrap(),
            old,
            &mut failures,
        );
    }
    common::assert_no_failures(&failures, "objects that break their schema", 30);
}

/// The schemas are not vacuous: objects that break the contract fail.
#[test]
fn schemas_reject_what_breaks_the_contract() {
    let report = validator("report.schema.json");
    let text = common::fixture("go/1.27/panic_goroutine.txt");
    let r = &gostack::parse(&text)[0];
    let good = serde_json::to_value(gostack::render::JsonReport::new(r)).unwrap();
    assert!(report.is_valid(&good));
    let mut edits: Vec<(&str, Value)> = Vec::new();
    let mut v = good.clone();
    v["version"] = 2.into();
    edits.push(("version 2", v));
    let mut v = good.clone();
    v["kind"] = "crash".into();
    edits.push(("unknown kind", v));
    let mut v = good.clone();
    v["goroutines"][0]["frames"][0]["line"] = "12".into();
    edits.push(("line as a string", v));
    let mut v = good.clone();
    v["goroutines"][0]["fingerprint"] = "xyz".into();
    edits.push(("bad fingerprint", v));
    let mut v = good.clone();
    v["goroutines"][0]["undocumented"] = true.into();
    edits.push(("undeclared goroutine field", v));
    let mut v = good.clone();
    v.as_object_mut().unwrap().remove("panics");
    edits.push(("panics missing", v));
    for (what, v) in edits {
        assert!(!report.is_valid(&v), "{what} passed");
    }
}
