//! The HTML page: snapshot on real fixtures, and (with Chromium) rendered
//! headless to check that it loads and that its search filters buckets.

mod common;

use common::fixture;
use gostack::render::{write_html, GroupedOptions};

fn page(rel: &str) -> String {
    let text = fixture(rel);
    let mut s = String::new();
    write_html(&mut s, &gostack::parse(&text), &GroupedOptions::default()).unwrap();
    s
}

#[test]
fn html_snapshots() {
    for f in [
        "go/1.27/states_panic_all.txt",
        "go/1.27/leakdiff_twodumps.txt",
        "dlv/1.27/goroutines-t__nocolor.txt",
    ] {
        let name = f.replace('/', "__");
        insta::assert_snapshot!(name, page(f));
    }
}

/// The page is self-contained: no external resource of any kind.
#[test]
fn html_is_self_contained() {
    let p = page("go/1.27/states_panic_all.txt");
    for needle in ["http://", "https://", "src=", "href=", "@import", "url("] {
        assert!(!p.contains(needle), "{needle}");
    }
}

/// Chromium, headless: the page renders every bucket, and `?q=` filters.
/// Runs where Chromium is installed (`.ci/run` installs it and sets
/// `GOSTACK_REQUIRE_BROWSER=1` so that a missing browser fails).
#[test]
fn html_renders_and_searches_in_chromium() {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    let Some(browser) = browser else {
        assert!(
            std::env::var_os("GOSTACK_REQUIRE_BROWSER").is_none(),
            "Chromium is required (GOSTACK_REQUIRE_BROWSER is set) but not installed"
        );
        eprintln!("skipped: no Chromium");
        return;
    };
    let dir = std::env::temp_dir().join(format!("gostack-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("page.html");
    let p = page("go/1.27/states_panic_all.txt");
    let buckets = p.matches("<details class=\"bucket").count();
    assert!(buckets > 10);
    std::fs::write(&path, &p).unwrap();
    let visible = |query: &str| -> usize {
        let url = format!("file://{}{query}", path.display());
        let out = std::process::Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--dump-dom",
                &url,
            ])
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&out.stdout);
        let at = dom.find("data-visible=\"").expect("the script ran") + 14;
        dom[at..].split('"').next().unwrap().parse().unwrap()
    };
    assert_eq!(visible(""), buckets, "every bucket shown");
    let select = p.matches("[select").count();
    assert!(select >= 2);
    assert_eq!(
        visible("?q=select"),
        select,
        "the search keeps matching buckets"
    );
    assert_eq!(visible("?q=no-such-function-anywhere"), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
