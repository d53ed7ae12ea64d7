#![no_main]
//! `gostack::FuncName::parse`: never fails, and every part is a slice of the
//! token in order: `package` a prefix, `name` followed directly by `suffix`,
//! `suffix` a suffix; the suffixes iterator covers `suffix`.

use gostack::{FuncName, FuncSuffix};
use libfuzzer_sys::fuzz_target;

/// Byte range of `part` inside `whole`; panics if it is not a sub-slice.
fn range(whole: &str, part: &str) -> (usize, usize) {
    let w = whole.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    assert!(
        p >= w && p + part.len() <= w + whole.len(),
        "{part:?} is not a slice of {whole:?}"
    );
    (p - w, p - w + part.len())
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let f = FuncName::parse(s);
    assert_eq!(f.full, s);
    assert_eq!(f.to_string(), s);
    let _ = format!("{f:?}");
    // Empty parts may be `""` literals rather than slices of the input.
    assert!(
        s.starts_with(f.package),
        "package {:?} is not a prefix of {s:?}",
        f.package
    );
    assert!(
        s.ends_with(f.suffix),
        "suffix {:?} does not end {s:?}",
        f.suffix
    );
    let pkg_end = f.package.len();
    let suf_start = s.len() - f.suffix.len();
    if !f.package.is_empty() {
        assert_eq!(range(s, f.package), (0, pkg_end));
    }
    if !f.suffix.is_empty() {
        assert_eq!(range(s, f.suffix), (suf_start, s.len()));
    }
    let name_start = if f.name.is_empty() {
        suf_start
    } else {
        let (name_start, name_end) = range(s, f.name);
        assert_eq!(
            name_end, suf_start,
            "name {:?} not followed by suffix {:?}",
            f.name, f.suffix
        );
        name_start
    };
    assert!(
        name_start >= pkg_end,
        "name {:?} overlaps package {:?}",
        f.name,
        f.package
    );
    if let Some(r) = f.receiver.filter(|r| !r.is_empty()) {
        let (rs, re) = range(s, r);
        assert!(
            rs >= pkg_end && re <= name_start,
            "receiver {r:?} out of place in {s:?}"
        );
    }
    let pn = f.package_name();
    assert!(f.package.ends_with(pn));
    assert!(!pn.contains('/'));
    let suffixes: Vec<_> = f.suffixes().collect();
    // A closure has at least one suffix.
    assert!(!f.is_closure() || !suffixes.is_empty());
    for x in &suffixes {
        if let FuncSuffix::Other(o) = x {
            range(f.suffix, o);
        }
    }
    assert_eq!(suffixes.is_empty(), f.suffix.is_empty());
    let _ = f.is_generic();
});
