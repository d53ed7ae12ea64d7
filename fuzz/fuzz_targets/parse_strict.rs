#![no_main]
//! `gostack::parse_with(strict)`: fails exactly when the lenient parse
//! recorded a diagnostic, with that diagnostic, or found no report at all
//! (`NoReport` at line 1); succeeds with the lenient result otherwise.

use gostack::ParseOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let lenient = gostack::parse_with(s, ParseOptions::lenient()).expect("lenient never fails");
    assert_eq!(lenient, gostack::parse(s));
    let first = lenient.iter().flat_map(|r| r.diagnostics.iter()).next();
    match gostack::parse_with(s, ParseOptions::strict()) {
        Ok(reports) => {
            assert!(first.is_none(), "strict Ok although lenient saw {first:?}");
            gostack_fuzz::check_reports(s, &reports);
            assert_eq!(reports, lenient);
        }
        Err(e) if lenient.is_empty() => {
            assert_eq!(e.kind(), gostack::ErrorKind::NoReport);
            assert_eq!((e.line(), e.column()), (1, 1));
        }
        Err(e) => {
            assert_eq!(Some(&e), first, "strict error is not the first diagnostic");
            // A transport's lines count its decoded stream (see
            // `check_reports`).
            let n = (gostack_fuzz::line_count(s) + gostack_fuzz::escaped_newlines(s)).max(1);
            assert!(e.line() >= 1 && e.line() <= n, "error {e} outside 1..={n}");
            assert!(e.column() >= 1);
            let _ = format!("{e} {e:#} {e:?}");
        }
    }
});
