#![no_main]
//! `gostack::parse` on any UTF-8 text.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let reports = gostack::parse(s);
    gostack_fuzz::check_reports(s, &reports);
});
