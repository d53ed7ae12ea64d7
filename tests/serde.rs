//! serde on the model: every report of every fixture serialises to JSON and
//! deserialises back to an equal report (owned), and `into_owned` keeps
//! everything.

mod common;

use gostack::Report;

#[test]
fn reports_round_trip_through_json() {
    let mut checked = 0;
    for path in common::go_fixtures() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        for r in gostack::parse(&text) {
            let json = serde_json::to_string(&r).unwrap();
            let back: Report<'_> = serde_json::from_str(&json)
                .unwrap_or_else(|e| panic!("{}: {e}\n{json}", path.display()));
            assert_eq!(back, r, "{}", path.display());
            let owned: Report<'static> = r.clone().into_owned();
            assert_eq!(owned, r);
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn borrowed_strings_stay_borrowed() {
    let text = common::fixture("go/1.27/panic_goroutine.txt");
    let r = &gostack::parse(&text)[0];
    let f = &r.goroutines[0].frames[0];
    assert!(matches!(f.function, std::borrow::Cow::Borrowed(_)));
    assert!(matches!(f.file, Some(std::borrow::Cow::Borrowed(_))));
    // A joined multi-line message is rebuilt, so it is owned.
    let text = common::fixture("go/1.27/panic_string_multiline.txt");
    let r = &gostack::parse(&text)[0];
    assert!(matches!(r.panics[0].message, std::borrow::Cow::Owned(_)));
}
