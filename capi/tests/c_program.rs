//! Builds `tests/c_api.c` with the system's C compiler against the static
//! library and runs it on real fixtures: the C interface as C sees it
//! (header, linking, ownership, errors, streaming).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The directory cargo puts this package's libraries in.
fn lib_dir() -> PathBuf {
    // target/<profile>/deps/c_program-… → target/<profile>
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().to_path_buf()
}

#[test]
fn the_c_test_program_passes() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = lib_dir();
    assert!(
        lib.join("libgostack_c.a").exists(),
        "build the library first: cargo build -p gostack-capi ({})",
        lib.display()
    );
    let exe = lib.join("c_api_test");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&cc)
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-o"])
        .arg(&exe)
        .arg(here.join("tests/c_api.c"))
        .arg("-I")
        .arg(here.join("include"))
        .arg(lib.join("libgostack_c.a"))
        .args(["-lpthread", "-ldl", "-lm"])
        .status()
        .unwrap_or_else(|e| panic!("{cc}: {e}"));
    assert!(status.success(), "compiling tests/c_api.c failed");
    let root = here.parent().unwrap().join("testdata");
    for (fixture, reports) in [
        ("go/1.27/states_panic_all.txt", 1),
        ("go/1.27/leakdiff_twodumps.txt", 2),
        ("transport/docker_api.log", 3),
        ("dlv/1.27/core-goroutines__nocolor.txt", 1),
    ] {
        let text = std::fs::read(root.join(fixture)).unwrap();
        assert_eq!(gostack::parse_bytes(&text).len(), reports, "{fixture}");
        let out = Command::new(&exe)
            .arg(root.join(fixture))
            .arg(reports.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{fixture}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
