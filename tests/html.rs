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

/// The page is self-contained: no external resource of any kind (links
/// to the packages' documentation are followed only when clicked).
#[test]
fn html_is_self_contained() {
    let p = page("go/1.27/states_panic_all.txt");
    for needle in ["http://", "src=", "@import", "url(", "<link", "<iframe"] {
        assert!(!p.contains(needle), "{needle}");
    }
    for (at, _) in p.match_indices("href=") {
        assert!(
            p[at..].starts_with("href=\"https://pkg.go.dev/"),
            "{}",
            &p[at..at + 60]
        );
    }
}

/// Frames are classed as the program's own, the standard library's, a
/// dependency's or the runtime's, and library frames link to their
/// package's documentation.
#[test]
fn html_frame_classes_and_package_links() {
    let p = page("go/1.27/states_panic_all.txt");
    for class in ["main", "std"] {
        assert!(
            p.contains(&format!("<tr class=\"{class}\">")),
            "no {class} frame"
        );
    }
    // Every frame row has a class.
    assert_eq!(p.matches("<tr>").count(), 0);
    assert!(
        p.contains("<a href=\"https://pkg.go.dev/sync\">sync."),
        "std link"
    );
    // The program's own code and the runtime link nowhere.
    assert!(!p.contains("pkg.go.dev/main\""));
    assert!(!p.contains("pkg.go.dev/runtime\""));
    // A dependency: a module path (its first element has a dot).
    let text = "goroutine 1 [running]:\nruntime.gopark(0x1)\n\t/usr/lib/go/src/runtime/proc.go:435 +0x1d\ngithub.com/acme/lib.(*Pool).Get(0x1)\n\t/home/u/go/pkg/mod/github.com/acme/lib@v1.2.0/pool.go:10 +0x1d\nexample.com/app/internal/db.Open()\n\t/src/app/internal/db/db.go:5 +0x1d\nmain.main()\n\t/src/app/main.go:9 +0x1d\n";
    let mut s = String::new();
    write_html(&mut s, &gostack::parse(text), &GroupedOptions::default()).unwrap();
    assert!(
        s.contains("<tr class=\"dep\"><td><a href=\"https://pkg.go.dev/github.com/acme/lib\">"),
        "{s}"
    );
    // Under the main package's directory: the program's own code.
    assert!(s.contains("<tr class=\"main\"><td>db.Open()"), "{s}");
    assert!(s.contains("<tr class=\"rt\"><td>runtime.gopark"), "{s}");
    assert!(s.contains("Expand all") && s.contains("Collapse all"));
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
    // The page's DOM once its script has run, at `suffix` (`?q=…`, `#all`).
    let dom = |suffix: &str| -> String {
        let url = format!("file://{}{suffix}", path.display());
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
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let visible = |query: &str| -> usize {
        let dom = dom(query);
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
    // Expand all (what the button does, from the address: `#all`).
    let opened = |hash: &str| -> usize {
        let dom = dom(hash);
        dom.split("<details")
            .skip(1)
            .filter(|d| d.split('>').next().unwrap().contains(" open"))
            .count()
    };
    assert!(opened("") < buckets, "collapsed by default");
    assert_eq!(opened("#all"), buckets, "all expanded");
    let _ = std::fs::remove_dir_all(&dir);
}
