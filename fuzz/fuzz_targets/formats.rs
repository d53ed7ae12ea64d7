#![no_main]
//! The per-format entry points (`parse_go`, `parse_delve`, `parse_race`,
//! `parse_pprof`) on any UTF-8 text: each keeps the invariants, and each
//! finds only reports of its own format.

use gostack::ReportKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let go = gostack::parse_go(s);
    gostack_fuzz::check_reports(s, &go);
    assert!(go.iter().all(|r| !r.kind.is_delve()
        && r.kind != ReportKind::Race
        && r.kind != ReportKind::PprofDebug1));
    let delve = gostack::parse_delve(s);
    gostack_fuzz::check_reports(s, &delve);
    assert!(delve.iter().all(|r| r.kind.is_delve()));
    let race = gostack::parse_race(s);
    gostack_fuzz::check_reports(s, &race);
    assert!(race.iter().all(|r| r.kind == ReportKind::Race));
    let pprof = gostack::parse_pprof(s);
    gostack_fuzz::check_reports(s, &pprof);
    assert!(pprof.iter().all(|r| r.kind == ReportKind::PprofDebug1));
});
