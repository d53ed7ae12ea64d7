//! Configuration types read from strings and from serde, as a plugin's
//! config maps onto them: similarity, fingerprint level, report kind and
//! filters.

use gostack::filter::{Filter, FilterSpec};
use gostack::fingerprint::Level;
use gostack::group::Similarity;
use gostack::ReportKind;

#[test]
fn enums_read_back_what_they_print() {
    for s in [
        Similarity::Exact,
        Similarity::IgnorePointers,
        Similarity::IgnoreArgs,
        Similarity::IgnoreLines,
    ] {
        assert_eq!(s.to_string().parse::<Similarity>().unwrap(), s);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, format!("\"{s}\""));
        assert_eq!(serde_json::from_str::<Similarity>(&json).unwrap(), s);
    }
    // The CLI's short names.
    for (short, s) in [
        ("pointers", Similarity::IgnorePointers),
        ("args", Similarity::IgnoreArgs),
        ("lines", Similarity::IgnoreLines),
    ] {
        assert_eq!(short.parse::<Similarity>().unwrap(), s);
        assert_eq!(
            serde_json::from_str::<Similarity>(&format!("\"{short}\"")).unwrap(),
            s
        );
    }
    for l in [Level::Line, Level::Function] {
        assert_eq!(l.to_string().parse::<Level>().unwrap(), l);
        assert_eq!(
            serde_json::from_str::<Level>(&serde_json::to_string(&l).unwrap()).unwrap(),
            l
        );
    }
    for &k in ReportKind::ALL {
        assert_eq!(k.to_string().parse::<ReportKind>().unwrap(), k);
        assert_eq!(
            serde_json::from_str::<ReportKind>(&serde_json::to_string(&k).unwrap()).unwrap(),
            k
        );
    }
    let e = "fuzzy".parse::<Similarity>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown similarity 'fuzzy' (expected one of: exact, pointers, args, lines)"
    );
    assert!("lines ".parse::<Level>().is_err());
    assert!("Panic".parse::<ReportKind>().is_err());
}

/// A plugin's configuration, as JSON, mapped onto the library's types with
/// no glue.
#[test]
fn a_plugin_config_maps_onto_the_types() {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "kebab-case")]
    struct PluginConfig {
        similarity: Similarity,
        fingerprint: Level,
        kinds: Vec<ReportKind>,
        filter: Filter,
    }
    let c: PluginConfig = serde_json::from_str(
        r#"{"similarity": "args", "fingerprint": "function",
            "kinds": ["panic", "recovered-panic"],
            "filter": {"grep": ["^main\\."], "state": ["chan receive"], "min-wait": 1}}"#,
    )
    .unwrap();
    assert_eq!(c.similarity, Similarity::IgnoreArgs);
    assert_eq!(c.fingerprint, Level::Function);
    assert_eq!(c.kinds, [ReportKind::Panic, ReportKind::RecoveredPanic]);
    // The filter works: on a real dump it keeps only matching goroutines.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/go/1.27/states_minutes.txt"),
    )
    .unwrap();
    let r = &gostack::parse(&text)[0];
    let kept: Vec<_> = r
        .goroutines
        .iter()
        .filter(|g| c.filter.matches(g))
        .collect();
    assert!(!kept.is_empty());
    assert!(kept.len() < r.goroutines.len());
    for g in &kept {
        assert_eq!(g.wait_reason(), Some("chan receive"));
        assert!(g.wait_minutes.is_some_and(|m| m >= 1));
        assert!(g.frames.iter().any(|f| f.function.starts_with("main.")));
    }
    // Unknown keys and bad patterns are errors, with what was wrong.
    let e = serde_json::from_str::<Filter>(r#"{"grepp": ["x"]}"#).unwrap_err();
    assert!(e.to_string().contains("grepp"), "{e}");
    let e = serde_json::from_str::<Filter>(r#"{"grep": ["("]}"#).unwrap_err();
    assert!(e.to_string().contains("bad regular expression '('"), "{e}");
}

#[test]
fn filter_strings() {
    let f: Filter =
        "grep=^net/http\\.;exclude=runtime;state=select;min-wait=5;label=tier=db;label=k;hide-runtime"
            .parse()
            .unwrap();
    assert_eq!(
        f.spec(),
        serde_json::from_str::<FilterSpec>(
            r#"{"grep": ["^net/http\\."], "exclude": ["runtime"], "state": ["select"],
                "min-wait": 5, "label": ["tier=db", "k"], "hide-runtime": true}"#
        )
        .unwrap()
    );
    // `\;` keeps a `;` inside a value.
    let f: Filter = "grep=a\\;b".parse().unwrap();
    assert_eq!(f.spec().grep, ["a;b"]);
    for bad in ["grep", "min-wait=soon", "colour=red", "grep=("] {
        assert!(bad.parse::<Filter>().is_err(), "{bad}");
    }
    // The empty string is the default filter.
    assert_eq!("".parse::<Filter>().unwrap().spec(), Filter::new().spec());
}

/// Every public unit enum reads back what it prints, and prints what its
/// JSON says.
#[test]
fn every_public_enum_has_a_name() {
    fn check<T>(names: &[&str])
    where
        T: std::str::FromStr
            + std::fmt::Display
            + serde::Serialize
            + serde::de::DeserializeOwned
            + PartialEq
            + std::fmt::Debug,
        T::Err: std::fmt::Display,
    {
        for n in names {
            let v: T = n.parse().unwrap_or_else(|e| panic!("{n}: {e}"));
            assert_eq!(v.to_string(), *n);
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{n}\""));
            assert_eq!(serde_json::from_str::<T>(&format!("\"{n}\"")).unwrap(), v);
        }
        let e = "no such name".parse::<T>().expect_err("unknown names fail");
        assert!(e.to_string().contains("'no such name'"), "{e}");
    }
    check::<gostack::Transport>(&[
        "docker-json",
        "cri",
        "compose",
        "kubectl",
        "journald",
        "stern",
    ]);
    check::<gostack::PanicKind>(&["panic", "fatal error", "signal"]);
    check::<gostack::Recovered>(&["no", "recovered", "repanicked"]);
    check::<gostack::FrameKind>(&["go", "c", "non-go", "error"]);
    check::<gostack::LocationKind>(&["user", "runtime", "go", "start"]);
    check::<gostack::AccessKind>(&["read", "write"]);
    check::<gostack::ErrorKind>(&[
        "unexpected-line",
        "missing-location",
        "bad-location",
        "bad-goroutine-header",
        "bad-function-line",
        "truncated",
        "limit-exceeded",
        "no-report",
        "json",
        "placeholder",
        "foreign-log-line",
    ]);
    check::<gostack::diff::Change>(&["appeared", "vanished", "grew", "shrank", "same"]);
    let kinds: Vec<&str> = ReportKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(kinds.len(), 14);
    check::<ReportKind>(&kinds);
    check::<Level>(&["line", "function"]);
    check::<Similarity>(&["exact", "ignore-pointers", "ignore-args", "ignore-lines"]);
}
