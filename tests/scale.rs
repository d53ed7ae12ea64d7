//! Readable at any scale: a real 100,000-goroutine dump whose goroutines
//! differ only in argument values (a counter, pointers to their own
//! objects) folds into a few dozen buckets in the default text and HTML
//! views. The fixture is `testdata/big/dump100k.txt.zst`, written by
//! `testdata/gen/bigdump.sh --fixture` (Go 1.24, zstd; read as is).

mod common;

use std::process::{Command, Output};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/big/dump100k.txt.zst");

fn gostack(args: &[&str]) -> Output {
    common::run_ok(
        Command::new(env!("CARGO_BIN_EXE_gostack"))
            .args(args)
            .arg(FIXTURE)
            .env_remove("COLUMNS"),
        &format!("{args:?}"),
    )
}

/// `N goroutine(s) [state…]` bucket headers with their counts.
fn buckets(text: &str) -> Vec<u64> {
    text.lines()
        .filter_map(|l| {
            let (n, rest) = l.split_once(' ')?;
            let n: u64 = n.parse().ok()?;
            (rest.starts_with("goroutine ") || rest.starts_with("goroutines ")).then_some(n)
        })
        .collect()
}

#[test]
fn the_100k_dump_folds_into_a_few_dozen_buckets() {
    let out = gostack(&[]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("=== report 1 (lines 1-1233313, dump, 100001 goroutines)"),
        "{}",
        &text[..200.min(text.len())]
    );
    // Well under 100 KB (the finer grouping printed 6.7 MB).
    assert!(text.len() < 20_000, "{} bytes", text.len());
    let b = buckets(&text);
    assert!((20..=40).contains(&b.len()), "{} buckets", b.len());
    // Every goroutine is in a bucket shown or in the hidden runtime count.
    let hidden: u64 = text
        .lines()
        .find_map(|l| l.strip_suffix(" runtime goroutines hidden (--all shows them)"))
        .map_or(0, |n| n.parse().unwrap());
    assert_eq!(b.iter().sum::<u64>() + hidden, 100_001);
    // The arguments that vary are shown as such, with their number: the
    // ticket of each waiter on the condition variable is its own.
    assert!(
        text.contains("sync.runtime_notifyListWait(0x5cf170, ‹3334 values›)"),
        "{text}"
    );
    assert!(text.lines().any(|l| l.contains("main.send(‹33")), "{text}");

    // The finer levels stay available.
    let fine =
        String::from_utf8(gostack(&["--similarity", "pointers", "-f", "summary"]).stdout).unwrap();
    assert!(fine.contains("100001 goroutines"));
    let fine = gostack(&["--similarity", "pointers"]).stdout;
    assert!(buckets(&String::from_utf8(fine).unwrap()).len() > 10_000);
}

#[test]
fn the_100k_dump_page_is_small() {
    let out = gostack(&["--format", "html"]);
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.len() < 100_000, "{} bytes", page.len());
    let buckets = page.matches("<details").count();
    assert!((20..=40).contains(&buckets), "{buckets} buckets");
    assert!(page.contains("values›"));
}

/// On a narrow terminal (`COLUMNS`), long argument lists are elided, not
/// wrapped: each frame line fits, its function and location whole; bucket
/// headers list the ids that fit and count the rest.
#[test]
fn frame_and_header_lines_fit_the_terminal() {
    let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .arg(FIXTURE)
        .env("COLUMNS", "64")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let frames: Vec<&str> = text.lines().filter(|l| l.starts_with("    ")).collect();
    assert!(frames.len() > 50);
    for l in &frames {
        assert!(l.chars().count() <= 64, "{l:?}");
    }
    assert!(
        frames
            .iter()
            .any(|l| l.starts_with("    sync.runtime_SemacquireMutex(‹")
                && l.contains("…)")
                && l.ends_with("sema.go:95")),
        "{text}"
    );
    // Headers: `N goroutines [state]  ids a b c +M`, with a + … + M = N.
    let headers: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" goroutines ["))
        .collect();
    assert!(headers.len() > 20, "{text}");
    for h in &headers {
        assert!(h.chars().count() <= 64, "{h:?}");
        let n: usize = h.split(' ').next().unwrap().parse().unwrap();
        let (_, ids) = h.split_once("  ids ").expect("some ids fit");
        let words: Vec<&str> = ids.split(' ').collect();
        let more: usize = match words.last().unwrap().strip_prefix('+') {
            Some(m) => m.parse().unwrap(),
            None => 0,
        };
        let listed = words.len() - usize::from(more > 0);
        assert!(listed >= 1, "{h:?}");
        assert_eq!(listed + more, n, "{h:?}");
    }
    // The same in colour: the width counts what the terminal shows.
    let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args([FIXTURE, "--color", "always"])
        .env("COLUMNS", "64")
        .output()
        .unwrap();
    let coloured = String::from_utf8(out.stdout).unwrap();
    let mut seen = 0;
    for l in coloured.lines() {
        let mut shown = String::new();
        let mut in_code = false;
        for c in l.chars() {
            match c {
                '\u{1b}' => in_code = true,
                'm' if in_code => in_code = false,
                _ if in_code => {}
                _ => shown.push(c),
            }
        }
        if !shown.contains(" goroutines [") {
            continue;
        }
        assert!(shown.chars().count() <= 64, "{shown:?}");
        assert!(shown.contains("  ids "), "{shown:?}");
        seen += 1;
    }
    assert_eq!(seen, headers.len());
    // Unlimited without a terminal width.
    let wide = String::from_utf8(gostack(&[]).stdout).unwrap();
    assert!(wide.lines().any(|l| l.chars().count() > 64));
    assert!(!wide.contains("…)"));
}

/// `--format grouped` carries what the views show: the folded buckets, and
/// for each argument that varies its number of distinct values.
#[test]
fn the_100k_dump_grouped_json_counts_distinct_values() {
    let out = gostack(&["--format", "grouped"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["similarity"], "ignore-args");
    let buckets = v["buckets"].as_array().unwrap();
    assert!((20..=45).contains(&buckets.len()), "{}", buckets.len());
    let cond = buckets
        .iter()
        .find(|b| b["stack"]["frames"][0]["function"] == "sync.runtime_notifyListWait")
        .expect("the condition variable's waiters");
    assert_eq!(cond["args"][0], "0x5cf170, *");
    let ticket = &cond["varying"][0];
    assert_eq!(
        (ticket["frame"].as_u64(), ticket["arg"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(ticket["distinct"].as_u64(), cond["count"].as_u64());
    assert_eq!(ticket["values"].as_array().unwrap().len(), 3);
}

/// A regular file of 32 MiB or more is read with transparent huge pages:
/// the tool starts itself again with glibc's tunable set. Same arguments,
/// same output, same exit status as a run that does not (the tunable set
/// by the user is respected).
#[test]
fn a_large_file_reads_the_same_with_huge_pages() {
    use std::io::Read;
    let mut text = Vec::new();
    ruzstd::StreamingDecoder::new(std::fs::File::open(FIXTURE).unwrap())
        .unwrap()
        .read_to_end(&mut text)
        .unwrap();
    assert!(text.len() as u64 >= 32 << 20, "{} bytes", text.len());
    let dir = std::env::temp_dir().join(format!("gostack-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dump100k.txt");
    std::fs::write(&path, &text).unwrap();
    let run = |tunables: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_gostack"));
        c.args(["--format", "summary", "--grep", "main\\.send"])
            .arg(&path);
        match tunables {
            Some(t) => c.env("GLIBC_TUNABLES", t),
            None => c.env_remove("GLIBC_TUNABLES"),
        };
        c.output().unwrap()
    };
    let again = run(None);
    let not = run(Some("glibc.malloc.hugetlb=0"));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(again.status.code(), not.status.code());
    assert_eq!(again.stdout, not.stdout);
    assert!(String::from_utf8_lossy(&again.stdout).contains("dump"));
}

/// A large dump file, named or redirected to standard input, is mapped and
/// scanned in place: the same output in every view as read chunk by chunk
/// (`--no-mmap`) and as a pipe.
#[test]
fn a_large_dump_file_reads_the_same_mapped() {
    use std::io::Read;
    let mut text = Vec::new();
    ruzstd::StreamingDecoder::new(std::fs::File::open(FIXTURE).unwrap())
        .unwrap()
        .read_to_end(&mut text)
        .unwrap();
    let dir = std::env::temp_dir().join(format!("gostack-mapped-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dump100k.txt");
    std::fs::write(&path, &text).unwrap();
    for view in [
        &["--format", "text"][..],
        &["--format", "grouped"],
        &["--format", "summary"],
    ] {
        let run = |extra: &[&str]| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_gostack"));
            c.args(view).args(extra).arg(&path).env_remove("COLUMNS");
            common::run_ok(&mut c, &format!("{view:?} {extra:?}")).stdout
        };
        let mapped = run(&[]);
        assert!(!mapped.is_empty());
        assert_eq!(mapped, run(&["--no-mmap"]), "{view:?}");
        let piped = common::with_stdin(
            Command::new(env!("CARGO_BIN_EXE_gostack"))
                .args(view)
                .env_remove("COLUMNS"),
            &text,
        );
        assert_eq!(mapped, piped.stdout, "{view:?}");
        // Standard input that is the file (`gostack < dump.txt`) is mapped too.
        let redirected = Command::new(env!("CARGO_BIN_EXE_gostack"))
            .args(view)
            .env_remove("COLUMNS")
            .stdin(std::fs::File::open(&path).unwrap())
            .output()
            .unwrap();
        assert_eq!(mapped, redirected.stdout, "{view:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
