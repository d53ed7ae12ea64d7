#![no_main]
//! What sits on the model: grouping under every similarity, fingerprints,
//! the JSON output, filters, `diff`, the text views and Delve JSON
//! detection, on whatever any input parses to. Nothing panics, and the
//! basic invariants hold; grouping while parsing (frames released or not)
//! shows every report as grouping after does.

use gostack::group::{group_report, Similarity};
use gostack::render::{self, GroupedOptions, JsonReport};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gostack::is_delve_json(data);
    let reports = gostack::parse_bytes(data);
    for r in &reports {
        for sim in [
            Similarity::Exact,
            Similarity::IgnorePointers,
            Similarity::IgnoreArgs,
            Similarity::IgnoreLines,
        ] {
            let buckets = group_report(r, sim);
            let members: usize = buckets.iter().map(|b| b.count()).sum();
            assert_eq!(members, r.goroutines.len(), "{sim:?}");
            for b in &buckets {
                let states: usize = b.states.iter().map(|(_, n)| n).sum();
                assert_eq!(states, b.count());
            }
        }
        let _ = gostack::fingerprint::report_fingerprint(r, gostack::fingerprint::Level::Line);
        let json = serde_json::to_string(&JsonReport::new(r)).expect("serialises");
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["version"], 1);
        let back: gostack::Report<'_> = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back.goroutines.len(), r.goroutines.len());
        let mut f = r.clone();
        gostack::filter::Filter::new()
            .state("chan receive")
            .include_runtime(true)
            .apply(&mut f);
        assert!(f.goroutines.len() <= r.goroutines.len());
    }
    let mut s = String::new();
    let opts = GroupedOptions::default();
    render::write_grouped(&mut s, &reports, &opts).unwrap();
    render::write_text(&mut s, &reports).unwrap();
    render::write_html(&mut s, &reports, &opts).unwrap();
    let all: Vec<_> = reports.iter().flat_map(|r| r.goroutines.iter().cloned()).collect();
    let (old, new) = all.split_at(all.len() / 2);
    let d = gostack::diff::diff(old, new);
    let _ = serde_json::to_string(&d).unwrap();

    // Grouped while parsed, the members' frames released or not, a report
    // shows as grouped after: the text and JSON bucket views alike.
    let sim = [
        Similarity::Exact,
        Similarity::IgnorePointers,
        Similarity::IgnoreArgs,
        Similarity::IgnoreLines,
    ][data.len() % 4];
    let o = GroupedOptions::default().similarity(sim);
    let view = |i: usize, r: &gostack::Report<'_>| {
        let mut text = String::new();
        render::write_grouped_report(&mut text, i, r, &o).unwrap();
        let json = serde_json::to_string(&render::JsonGroupedReport::new(r, sim)).unwrap();
        (text, json)
    };
    let mut scanner = gostack::Scanner::new();
    scanner.group_while_parsing(Some(sim));
    scanner.release_member_frames(data.len() % 2 == 0);
    let mut fused = Vec::new();
    scanner.finish_with(data, |r| fused.push(view(fused.len(), &r)));
    let after: Vec<_> = reports.iter().enumerate().map(|(i, r)| view(i, r)).collect();
    assert_eq!(fused, after, "{sim:?}");
});
