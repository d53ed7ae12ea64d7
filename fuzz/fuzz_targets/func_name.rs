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
    assert!(p >= w && p + part.len() <= w + whole.len(), "{part:?} is not a slice of {whole:?}");
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
    let (_, pkg_end) = range(s, f.package);
    assert!(s.starts_with(f.package), "package {:?} is not a prefix of {s:?}", f.package);
    let (name_start, name_end) = range(s, f.name);
    let (suf_start, suf_end) = range(s, f.suffix);
    assert_eq!(suf_end, s.len(), "suffix {:?} does not end {s:?}", f.suffix);
    assert_eq!(name_end, suf_start, "name {:?} not followed by suffix {:?}", f.name, f.suffix);
    assert!(name_start >= pkg_end, "name {:?} overlaps package {:?}", f.name, f.package);
    if let Some(r) = f.receiver {
        let (rs, re) = range(s, r);
        assert!(rs >= pkg_end && re <= name_start, "receiver {r:?} out of place in {s:?}");
    }
    let pn = f.package_name();
    assert!(f.package.ends_with(pn));
    assert!(!pn.contains('/'));
    let suffixes: Vec<_> = f.suffixes().collect();
    let closure = suffixes.iter().any(|x| {
        matches!(
            x,
            FuncSuffix::Closure(_)
                | FuncSuffix::Nested(_)
                | FuncSuffix::GoWrap(_)
                | FuncSuffix::DeferWrap(_)
                | FuncSuffix::RangeBody(_)
        )
    });
    assert_eq!(f.is_closure(), closure);
    for x in &suffixes {
        if let FuncSuffix::Other(o) = x {
            range(f.suffix, o);
        }
    }
    assert_eq!(suffixes.is_empty(), f.suffix.is_empty());
    let _ = f.is_generic();
});
