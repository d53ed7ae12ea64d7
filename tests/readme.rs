//! The README's command examples that show their output are run through
//! the real binary and must print what the README says (its Rust examples
//! are doc tests of the crate root; its pipeline recipes are run by
//! `docs/recipes/test.sh`).

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Each ```sh block of one command followed (nothing but blank lines
/// between) by a ```text block: the command (comment stripped) and the
/// text.
fn examples(readme: &str) -> Vec<(String, String)> {
    // (language, body, whether prose came between it and the block before)
    let mut blocks: Vec<(&str, String, bool)> = Vec::new();
    let mut lines = readme.lines();
    let mut prose = false;
    while let Some(l) = lines.next() {
        if let Some(lang) = l.strip_prefix("```").filter(|l| !l.is_empty()) {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            blocks.push((lang, body.join("\n"), prose));
            prose = false;
        } else if !l.trim().is_empty() {
            prose = true;
        }
    }
    blocks
        .windows(2)
        .filter(|w| w[0].0 == "sh" && w[1].0 == "text" && !w[1].2 && w[0].1.lines().count() == 1)
        .map(|w| {
            let cmd = w[0].1.split(" #").next().unwrap().trim().to_owned();
            (cmd, w[1].1.clone())
        })
        .collect()
}

#[test]
fn readme_examples_print_what_they_show() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let ex = examples(&readme);
    assert!(ex.len() >= 3, "{ex:?}");
    let dir = std::env::temp_dir().join(format!("gostack-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut ran = 0;
    for (cmd, want) in &ex {
        let words: Vec<&str> = cmd.split_whitespace().collect();
        let (args, cwd, exact) = match words.as_slice() {
            ["cargo", "run", "--", rest @ ..] => (rest.to_vec(), Path::new(ROOT).to_owned(), true),
            // The diff example: the two dumps of the fixture it names,
            // split at `=== after ===`; the README shows the output's start.
            ["gostack", "diff", "before.txt", "after.txt"] => {
                let text = std::fs::read_to_string(
                    Path::new(ROOT).join("testdata/go/1.27/leakdiff_twodumps.txt"),
                )
                .unwrap();
                assert!(
                    readme.contains(
                        "`testdata/go/1.27/leakdiff_twodumps.txt`, split at `=== after ===`"
                    ),
                    "the README names the fixture"
                );
                let (before, after) = text.split_once("=== after ===\n").unwrap();
                std::fs::write(dir.join("before.txt"), before).unwrap();
                std::fs::write(dir.join("after.txt"), after).unwrap();
                (words[1..].to_vec(), dir.clone(), false)
            }
            _ => panic!("a README example this test cannot run: {cmd}"),
        };
        let out = Command::new(env!("CARGO_BIN_EXE_gostack"))
            .args(&args)
            .current_dir(&cwd)
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        let got = String::from_utf8(out.stdout).unwrap();
        if exact {
            assert_eq!(got.trim_end(), want.trim_end(), "{cmd}");
        } else {
            assert!(
                got.starts_with(want.as_str()),
                "{cmd}\n--- README:\n{want}\n--- printed:\n{got}"
            );
        }
        ran += 1;
    }
    assert_eq!(ran, ex.len());
    let _ = std::fs::remove_dir_all(&dir);
}
