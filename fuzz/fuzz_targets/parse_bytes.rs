#![no_main]
//! `gostack::parse_bytes` on any bytes: same result as `parse` on the
//! (lossily) decoded text.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reports = gostack::parse_bytes(data);
    let text = String::from_utf8_lossy(data);
    gostack_fuzz::check_reports(&text, &reports);
    assert_eq!(reports, gostack::parse(&text));
});
