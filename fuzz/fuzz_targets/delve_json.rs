#![no_main]
//! `gostack::parse_delve_json` on any UTF-8 text: an error or reports that
//! keep the invariants; never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(reports) = gostack::parse_delve_json(s) {
        gostack_fuzz::check_reports(s, &reports);
    }
});
