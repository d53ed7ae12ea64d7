#![no_main]
//! `gostack::parse_args`: whatever it accepts, its canonical printing is
//! accepted again and yields the same tokens.

use gostack::{Arg, MAX_ARG_DEPTH};
use libfuzzer_sys::fuzz_target;

fn depth(a: &[Arg]) -> usize {
    a.iter()
        .map(|x| match x {
            Arg::Aggregate(v) => 1 + depth(v),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Some(args) = gostack::parse_args(s) else {
        return;
    };
    assert!(
        depth(&args) <= MAX_ARG_DEPTH,
        "nesting deeper than MAX_ARG_DEPTH"
    );
    let printed = args
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let again = gostack::parse_args(&printed)
        .unwrap_or_else(|| panic!("canonical form {printed:?} of {s:?} rejected"));
    assert_eq!(
        again, args,
        "canonical form {printed:?} of {s:?} parses differently"
    );
});
