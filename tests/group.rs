//! Grouping and fingerprints on the real fixtures.

mod common;

use common::{fixture, go_fixtures, versions};
use gostack::fingerprint::{report_fingerprint, stack_fingerprint, Level};
use gostack::group::{group, group_report, same_stack, MergedArg, Similarity};
use regex::Regex;

const ALL: [Similarity; 4] = [
    Similarity::Exact,
    Similarity::IgnorePointers,
    Similarity::IgnoreArgs,
    Similarity::IgnoreLines,
];

/// Buckets partition the goroutines; members share a stack, buckets do not.
#[test]
fn buckets_partition_every_fixture() {
    for path in go_fixtures() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        for r in gostack::parse(&text) {
            for sim in ALL {
                let buckets = group(&r.goroutines, sim);
                let mut seen = vec![false; r.goroutines.len()];
                for b in &buckets {
                    for &m in &b.members {
                        assert!(!seen[m], "{}: goroutine in two buckets", path.display());
                        seen[m] = true;
                        assert!(same_stack(b.representative, &r.goroutines[m], sim));
                    }
                }
                assert!(
                    seen.iter().all(|s| *s),
                    "{}: goroutine lost",
                    path.display()
                );
                for (i, a) in buckets.iter().enumerate() {
                    for b in &buckets[i + 1..] {
                        assert!(
                            !same_stack(a.representative, b.representative, sim),
                            "{}: two buckets with one stack at {sim:?}",
                            path.display()
                        );
                    }
                }
            }
        }
    }
}

/// Goroutine ids, parent ids (`in goroutine N`) and wait minutes never
/// split a bucket: rewriting them all in real dumps changes no bucket.
#[test]
fn ids_parents_and_waits_never_split() {
    let parent = Regex::new(r"in goroutine \d+").unwrap();
    let header =
        Regex::new(r"(?m)^goroutine \d+ \[([^\]]*?)(, \d+ minutes)?(, locked to thread)?\]")
            .unwrap();
    let mut checked = 0;
    for v in versions() {
        for name in [
            "states_sigquit.txt",
            "states_panic_all.txt",
            "api_stack_all.txt",
        ] {
            let text = fixture(&format!("go/{v}/{name}"));
            let mut n = 1000;
            let rewritten = parent.replace_all(&text, |_: &regex::Captures<'_>| {
                n += 7;
                format!("in goroutine {n}")
            });
            let rewritten = header.replace_all(&rewritten, |c: &regex::Captures<'_>| {
                n += 3;
                format!(
                    "goroutine {n} [{}, {} minutes{}]",
                    &c[1],
                    n % 17,
                    c.get(3).map_or("", |m| m.as_str())
                )
            });
            let a = gostack::parse(&text);
            let b = gostack::parse(&rewritten);
            for (ra, rb) in a.iter().zip(&b) {
                for sim in ALL {
                    let ka: Vec<Vec<usize>> = group(&ra.goroutines, sim)
                        .into_iter()
                        .map(|b| b.members)
                        .collect();
                    let kb: Vec<Vec<usize>> = group(&rb.goroutines, sim)
                        .into_iter()
                        .map(|b| b.members)
                        .collect();
                    assert_eq!(ka, kb, "{v} {name} {sim:?}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 10);
}

/// Identical stacks created by different parents: one bucket (panicparse
/// splits them on the Go 1.21 parent id).
#[test]
fn different_parents_one_bucket() {
    let text = fixture("go/1.27/states_sigquit.txt");
    let r = &gostack::parse(&text)[0];
    let workers: Vec<_> = r
        .goroutines
        .iter()
        .filter(|g| {
            g.created_by
                .as_ref()
                .is_some_and(|c| c.frame.function == "main.startAll")
        })
        .collect();
    assert!(workers.len() >= 10);
    // Give every worker a different parent.
    let mut n = 0;
    let text2 = Regex::new(r"created by main\.startAll in goroutine 1")
        .unwrap()
        .replace_all(&text, |_: &regex::Captures<'_>| {
            n += 1;
            format!("created by main.startAll in goroutine {}", 100 + n)
        });
    let r2 = &gostack::parse(&text2)[0];
    let parents: std::collections::HashSet<_> =
        r2.goroutines.iter().filter_map(|g| g.parent_id()).collect();
    assert!(parents.len() >= 10);
    assert_eq!(
        group(&r.goroutines, Similarity::IgnorePointers).len(),
        group(&r2.goroutines, Similarity::IgnorePointers).len()
    );
}

/// Two goroutines that differ only in a pointer argument merge when
/// pointers are ignored (the argument shown as differing) and not at exact.
#[test]
fn pointers_merge_at_the_pointer_level_only() {
    let block = "goroutine 7 [chan receive]:\nmain.worker(0xc000010000, 0x5)\n\t/app/main.go:12 +0x1d\ncreated by main.main in goroutine 1\n\t/app/main.go:30 +0x25\n";
    let other = block
        .replace("goroutine 7", "goroutine 8")
        .replace("0xc000010000", "0xc0000a2000");
    let small = block
        .replace("goroutine 7", "goroutine 9")
        .replace("0x5)", "0x6)");
    let text = format!("{block}\n{other}\n{small}");
    let r = &gostack::parse(&text)[0];
    assert_eq!(group(&r.goroutines, Similarity::Exact).len(), 3);
    let b = group(&r.goroutines, Similarity::IgnorePointers);
    assert_eq!(b.len(), 2, "a small integer is not a pointer");
    assert_eq!(b[0].ids, [7, 8]);
    assert_eq!(b[0].args[0].as_ref().unwrap()[0], MergedArg::Differs);
    assert!(matches!(
        b[0].args[0].as_ref().unwrap()[1],
        MergedArg::Same(_)
    ));
    let b = group(&r.goroutines, Similarity::IgnoreArgs);
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].args[0].as_ref().unwrap()[1], MergedArg::Differs);
}

#[test]
fn ranking_puts_the_crash_first() {
    for v in versions() {
        let text = fixture(&format!("go/{v}/states_panic_all.txt"));
        let r = &gostack::parse(&text)[0];
        let b = group_report(r, Similarity::IgnorePointers);
        assert!(b[0].crashed, "{v}");
        assert_eq!(b[0].members[0], 0);
        assert!(b[1..].iter().all(|b| !b.crashed));
        // User code before runtime-only buckets.
        let first_runtime = b.iter().position(|b| !b.has_user_code()).unwrap_or(b.len());
        assert!(b[first_runtime..].iter().all(|b| !b.has_user_code()), "{v}");
        let again = group_report(r, Similarity::IgnorePointers);
        let m = |bs: &[gostack::group::Bucket<'_, '_>]| {
            bs.iter().map(|b| b.members.clone()).collect::<Vec<_>>()
        };
        assert_eq!(m(&b), m(&again), "deterministic");
    }
}

/// Same program, separate runs and builds: equal fingerprints; a different
/// crash: a different one.
#[test]
fn fingerprints_across_runs_and_builds() {
    for v in versions() {
        let a_text = fixture(&format!("go/{v}/panic_string.txt"));
        let a = gostack::parse(&a_text);
        // A separate build with -trimpath (module paths instead of /home/…).
        let b_text = fixture(&format!("go/{v}/panic_string_trimpath.txt"));
        let b = gostack::parse(&b_text);
        // A separate run through `go run`.
        let c_text = fixture(&format!("go/{v}/gorun_panic.txt"));
        let c = gostack::parse(&c_text);
        let fa = report_fingerprint(&a[0], Level::Line);
        assert_eq!(fa, report_fingerprint(&b[0], Level::Line), "{v}: -trimpath");
        assert_eq!(fa, report_fingerprint(&c[0], Level::Line), "{v}: go run");
        let d_text = fixture(&format!("go/{v}/panic_index.txt"));
        let d = gostack::parse(&d_text);
        assert_ne!(fa, report_fingerprint(&d[0], Level::Line), "{v}");
    }
    // Delve: the coloured and uncoloured captures are separate sessions
    // (other ids, threads, heap addresses).
    for v in ["1.20", "1.24", "1.27"] {
        let a_text = fixture(&format!("dlv/{v}/stack-full.txt"));
        let a = gostack::parse(&a_text);
        let b_text = fixture(&format!("dlv/{v}/stack-full__nocolor.txt"));
        let b = gostack::parse(&b_text);
        let fa = stack_fingerprint(&a.last().unwrap().goroutines[0], Level::Line);
        let fb = stack_fingerprint(&b.last().unwrap().goroutines[0], Level::Line);
        assert_eq!(fa, fb, "dlv {v}");
    }
}

/// Lines moved by an edit change the line-level fingerprint only.
#[test]
fn function_level_ignores_lines() {
    let text = fixture("go/1.27/panic_index.txt");
    let moved = text.replace("main.go:", "main.go:1");
    let a = &gostack::parse(&text)[0];
    let b = &gostack::parse(&moved)[0];
    assert_ne!(
        report_fingerprint(a, Level::Line),
        report_fingerprint(b, Level::Line)
    );
    assert_eq!(
        report_fingerprint(a, Level::Function),
        report_fingerprint(b, Level::Function)
    );
}

/// Golden values: a change of algorithm must be a visible decision.
#[test]
fn golden_fingerprints() {
    let cases = [
        ("go/1.27/panic_index.txt", "9f014bef28064205"),
        ("go/1.19/panic_index.txt", "9f014bef28064205"),
        // A SIGQUIT dump has no crasher (since the crash marker fix): its
        // fingerprint covers every goroutine's stack, as any dump's does,
        // not the idle goroutine 0 that every such dump of a Go release
        // shares (was 0d31239710d0973d).
        ("go/1.27/states_sigquit.txt", "c3637b14071aee84"),
        ("seed/dlv/bt.txt", "5df87bd5ad3290cf"),
    ];
    for (f, want) in cases {
        let r_text = fixture(f);
        let r = gostack::parse(&r_text);
        assert_eq!(
            report_fingerprint(&r[0], Level::Line).to_string(),
            want,
            "{f}"
        );
    }
}

/// The text of every fixture (Go and Delve).
fn fixture_texts() -> Vec<String> {
    common::all_fixtures()
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect()
}

/// The goroutines of all `reports` in one slice.
fn all_goroutines<'a>(reports: &[gostack::Report<'a>]) -> Vec<gostack::Goroutine<'a>> {
    reports
        .iter()
        .flat_map(|r| r.goroutines.iter().cloned())
        .collect()
}

/// Stack fingerprints taken in bulk (goroutines grouped first, each
/// distinct stack hashed once) are each goroutine's own, at both levels,
/// over the goroutines of every fixture at once.
#[test]
fn stack_fingerprints_in_bulk_match_one_by_one() {
    let texts = fixture_texts();
    let reports: Vec<_> = texts.iter().flat_map(|t| gostack::parse(t)).collect();
    let gs = all_goroutines(&reports);
    assert!(gs.len() > 5000, "{} goroutines", gs.len());
    for level in [Level::Line, Level::Function] {
        let bulk = gostack::fingerprint::stack_fingerprints(&gs, level);
        let one: Vec<_> = gs.iter().map(|g| stack_fingerprint(g, level)).collect();
        let differ = bulk.iter().zip(&one).filter(|(a, b)| a != b).count();
        assert_eq!(differ, 0, "{level:?}: {differ} of {} differ", gs.len());
    }
}

/// What grouping counts on the way (goroutines per bucket, pprof counts
/// included) and the varying arguments read for all buckets in one pass
/// are what reading each bucket's members gives, on every fixture (the
/// goroutines of all of them at once too: buckets then spread over
/// thousands of goroutines) and at every similarity.
#[test]
fn bulk_bucket_figures_match_member_by_member() {
    let texts = fixture_texts();
    let reports: Vec<_> = texts.iter().flat_map(|t| gostack::parse(t)).collect();
    let everything = all_goroutines(&reports);
    let mut slices: Vec<&[gostack::Goroutine<'_>]> =
        reports.iter().map(|r| &r.goroutines[..]).collect();
    slices.push(&everything);
    let mut varying = 0;
    for gs in slices {
        for sim in ALL {
            let buckets = group(gs, sim);
            let bulk = gostack::group::varying_args_all(&buckets, gs);
            for (b, v) in buckets.iter().zip(&bulk) {
                let counted: u64 = b.members.iter().map(|&m| gs[m].count.unwrap_or(1)).sum();
                assert_eq!(b.goroutines(gs), counted);
                assert_eq!(*v, b.varying_args(gs));
                varying += v.iter().map(Vec::len).sum::<usize>();
            }
        }
    }
    assert!(varying > 100, "{varying} varying arguments");
}

/// Buckets as the tests compare them (a bucket holds a reference).
type BucketKey = (
    Vec<usize>,
    Vec<u64>,
    Vec<(String, usize)>,
    Option<(u64, u64)>,
    usize,
    usize,
    Vec<Option<Vec<MergedArg>>>,
    bool,
);

fn bucket_keys(r: &gostack::Report<'_>, sim: Similarity) -> Vec<BucketKey> {
    group_report(r, sim)
        .into_iter()
        .map(|b| {
            (
                b.members.clone(),
                b.ids.clone(),
                b.states.iter().map(|(s, n)| (s.to_string(), *n)).collect(),
                b.wait_minutes,
                b.waiting,
                b.locked,
                b.args.clone(),
                b.crashed,
            )
        })
        .collect()
}

/// Checks a report grouped while parsed against the same report grouped
/// after (a clone, which has no grouping of its own): the same buckets,
/// and the varying arguments tallied as each goroutine was read equal to
/// a pass over each bucket's members with every varying argument known
/// ([`Bucket::varying_args`] through [`Bucket::to_owned_bucket`]).
/// Returns whether the grouping made while parsing was the one used: it
/// is of the goroutines as parsed, so ids changed afterwards do not show.
fn same_grouping_as_after(r: gostack::Report<'_>, sim: Similarity, what: &str) -> bool {
    let after = r.clone();
    assert_eq!(bucket_keys(&r, sim), bucket_keys(&after, sim), "{what}");
    let json = gostack::render::JsonGroupedReport::new(&r, sim);
    let owned: Vec<_> = group_report(&after, sim)
        .iter()
        .map(|b| b.to_owned_bucket(&after.goroutines, sim))
        .collect();
    assert_eq!(json.buckets, owned, "{what}");
    let mut shown = String::new();
    let mut shown_after = String::new();
    let o = gostack::render::GroupedOptions::default().similarity(sim);
    gostack::render::write_grouped_report(&mut shown, 0, &r, &o).unwrap();
    gostack::render::write_grouped_report(&mut shown_after, 0, &after, &o).unwrap();
    assert_eq!(shown, shown_after, "{what}");
    let mut moved = r;
    for g in &mut moved.goroutines {
        g.id = g.id.map(|i| i + (1 << 40));
    }
    group_report(&moved, sim)
        .iter()
        .flat_map(|b| &b.ids)
        .any(|&i| i < 1 << 40)
}

/// Dumps whose argument lists vary late and in every way Go prints them:
/// a value that first differs at the hundredth member, `?` after a word
/// and inside a struct, nested braces, `...`, lists that do not lex.
fn varying_dump(seed: u64) -> String {
    const VALUES: [&str; 9] = [
        "0x1",
        "0x1?",
        "0x2",
        "{0x1, 0x2}",
        "{0x1?, 0x2}",
        "{{0x3, 0x4}, 0x5}",
        "0xc000010000",
        "0xc000020000?",
        "...",
    ];
    let mut x = seed;
    let mut next = |n: u64| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % n
    };
    let mut s = String::new();
    for id in 1..=400u64 {
        let worker = next(3);
        // The first argument stays the same for a while, then varies.
        let first = if id < 100 || next(2) == 0 {
            "0x7"
        } else {
            "0x8"
        };
        let rest: Vec<&str> = (0..next(3)).map(|_| VALUES[next(9) as usize]).collect();
        let list = std::iter::once(first)
            .chain(rest.iter().copied())
            .collect::<Vec<_>>()
            .join(", ");
        let list = if next(50) == 0 {
            "{0x1".to_string()
        } else {
            list
        };
        s.push_str(&format!(
            "goroutine {id} [chan receive]:\nmain.worker{worker}({list})\n\t/app/main.go:{} +0x1d\nmain.pool(0x{:x})\n\t/app/pool.go:8 +0x2a\ncreated by main.main in goroutine 1\n\t/app/main.go:30 +0x25\n\n",
            12 + worker,
            next(4) + 1,
        ));
    }
    s
}

/// Every Go fixture, and generated dumps whose arguments vary late.
fn grouping_inputs() -> Vec<(String, Vec<u8>)> {
    let mut inputs: Vec<(String, Vec<u8>)> = go_fixtures()
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    for seed in 0..8 {
        inputs.push((
            format!("varying dump {seed}"),
            varying_dump(seed).into_bytes(),
        ));
    }
    inputs
}

/// Grouping while parsing ([`gostack::Scanner::group_while_parsing`])
/// gives what grouping after gives, on every Go fixture, every
/// similarity, whole and in small reads; and it is the grouping used.
#[test]
fn grouping_while_parsing_is_grouping_after() {
    let inputs = grouping_inputs();
    let (mut used, mut grouped) = (0, 0);
    for (what, bytes) in &inputs {
        for sim in ALL {
            for size in [usize::MAX, 777] {
                let mut scanner = gostack::Scanner::new();
                scanner.group_while_parsing(Some(sim));
                let mut check = |r: gostack::Report<'_>| {
                    let go = matches!(
                        r.kind,
                        gostack::ReportKind::Panic
                            | gostack::ReportKind::Fatal
                            | gostack::ReportKind::Dump
                    ) && !r.goroutines.is_empty()
                        && r.goroutines.iter().all(|g| g.id.is_some());
                    let what = format!("{what} at {sim:?} in reads of {size}");
                    let was = same_grouping_as_after(r, sim, &what);
                    grouped += usize::from(go);
                    used += usize::from(go && was);
                    assert!(was || !go, "{what}: grouped again");
                };
                for chunk in bytes.chunks(size) {
                    scanner.feed(chunk, &mut check);
                }
                scanner.finish(&mut check);
            }
        }
    }
    assert!(grouped > 1000, "{grouped} reports grouped");
    assert_eq!(used, grouped);
}

/// The grouping made while parsing is of the goroutines as parsed: a
/// filter that removes some, or the limits cutting frames, drop it (the
/// report is grouped as it is), and so does
/// [`gostack::Report::forget_parsed_grouping`].
#[test]
fn a_report_changed_after_parsing_is_grouped_as_it_is() {
    let text = varying_dump(1);
    let sim = Similarity::IgnoreArgs;
    let ids = |r: &gostack::Report<'_>| -> Vec<u64> {
        group_report(r, sim)
            .iter()
            .flat_map(|b| b.ids.clone())
            .collect()
    };
    // Scans `text` (one report) with `limits`, then `change`s the report:
    // whether the ids of its buckets are still those parsed once every id
    // was moved, and whether they are the new ones once the grouping is
    // forgotten.
    let scan = |limits: gostack::Limits, change: &dyn Fn(&mut gostack::Report<'_>)| {
        let mut scanner = gostack::Scanner::with_limits(limits);
        scanner.group_while_parsing(Some(sim));
        let mut seen = Vec::new();
        let mut check = |mut r: gostack::Report<'_>| {
            change(&mut r);
            let parsed = ids(&r);
            for g in &mut r.goroutines {
                g.id = g.id.map(|i| i + 1000);
            }
            let stale = ids(&r) == parsed;
            r.forget_parsed_grouping();
            seen.push((stale, ids(&r).iter().all(|&i| i > 1000), r.goroutines.len()));
        };
        scanner.feed(text.as_bytes(), &mut check);
        scanner.finish(&mut check);
        seen
    };
    // As parsed: the grouping is used until forgotten.
    assert_eq!(
        scan(gostack::Limits::default(), &|_| {}),
        [(true, true, 400)]
    );
    // Frames cut by the limits: grouped as kept.
    assert_eq!(
        scan(gostack::Limits::default().max_frames(1), &|_| {}),
        [(false, true, 400)]
    );
    // A filter that removes goroutines: grouped as kept.
    let only = gostack::filter::Filter::new().grep("worker1").unwrap();
    let filtered = scan(gostack::Limits::default(), &|r| {
        only.apply(r);
    });
    assert_eq!(filtered.len(), 1);
    assert!(!filtered[0].0 && filtered[0].2 < 400, "{filtered:?}");
    // A filter that keeps every goroutine changes nothing.
    let all = gostack::filter::Filter::new();
    assert_eq!(
        scan(gostack::Limits::default(), &|r| {
            all.apply(r);
        }),
        [(true, true, 400)]
    );
}

/// Every view of a report read with members' frames released
/// ([`gostack::Scanner::release_member_frames`]) is the view of the report
/// read with them kept: the text view, the grouped JSON (varying values
/// included), on every Go fixture and generated dump, every similarity,
/// whole and in small reads. Members keep no frames and name their
/// representative; grouped again after the grouping is forgotten, the
/// report gives the same buckets (members, ids, states, waits: their
/// arguments, released, are taken for the representative's).
#[test]
fn releasing_member_frames_changes_no_view() {
    let inputs = grouping_inputs();
    let mut released = 0;
    for (what, bytes) in &inputs {
        for sim in ALL {
            let o = gostack::render::GroupedOptions::default().similarity(sim);
            let views = |r: &gostack::Report<'_>| {
                let mut text = String::new();
                gostack::render::write_grouped_report(&mut text, 0, r, &o).unwrap();
                let json = serde_json::to_string(&gostack::render::JsonGroupedReport::new(r, sim))
                    .unwrap();
                (text, json)
            };
            for size in [usize::MAX, 777] {
                let scan = |release: bool, check: &mut dyn FnMut(gostack::Report<'_>)| {
                    let mut scanner = gostack::Scanner::new();
                    scanner.group_while_parsing(Some(sim));
                    scanner.release_member_frames(release);
                    for chunk in bytes.chunks(size) {
                        scanner.feed(chunk, &mut *check);
                    }
                    scanner.finish(&mut *check);
                };
                let mut kept = Vec::new();
                scan(false, &mut |r| kept.push(views(&r)));
                let mut got = Vec::new();
                scan(true, &mut |mut r| {
                    got.push(views(&r));
                    let members = |r: &gostack::Report<'_>| {
                        let mut k = bucket_keys(r, sim);
                        k.iter_mut().for_each(|b| b.6.clear());
                        k
                    };
                    let parsed = members(&r);
                    for (i, g) in r.goroutines.iter().enumerate() {
                        if let Some(s) = g.stack_of {
                            assert!(s < i && g.frames.is_empty(), "{what}");
                            assert!(r.goroutines[s].stack_of.is_none(), "{what}");
                            released += 1;
                        }
                    }
                    r.forget_parsed_grouping();
                    assert_eq!(members(&r), parsed, "{what} grouped again");
                });
                assert_eq!(got, kept, "{what} at {sim:?} in reads of {size}");
            }
        }
    }
    assert!(released > 10_000, "{released} goroutines released");
}
