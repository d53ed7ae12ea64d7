//! `gostack`: find Go panics and goroutine dumps in text and print them as
//! data. See `gostack --help`.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use gostack::render::{self, JsonReport};

const USAGE: &str = "\
gostack — parse Go panics, fatal errors, goroutine dumps, race reports,
pprof debug=1 profiles and Delve output

USAGE:
    gostack [OPTIONS] [FILE|-]
    gostack diff [--format text|json] OLD NEW

Reads FILE (or standard input when FILE is '-' or missing), finds every
report in it and prints them. Input that starts with '{' is first tried as
Delve JSON-RPC responses.

OPTIONS:
    -f, --format FORMAT   text (default: goroutines grouped by stack), raw (each
                          report re-printed in its own format), html (one
                          self-contained page), summary, ndjson or json
        --similarity S    text view: when stacks group together: exact,
                          pointers (default), args, lines
        --color WHEN      auto (default: on a terminal, unless NO_COLOR is
                          set), always, never
        --strict          fail on the first malformed line instead of
                          skipping it with a warning

FILTERS (keep only matching goroutines; with any of them the runtime's own
goroutines are hidden unless --all):
        --grep REGEX      a frame's function or file matches (repeatable: all)
        --exclude REGEX   drop goroutines with a matching frame
        --state STATE     wait reason, e.g. 'chan receive' (repeatable: any)
        --min-wait N      waiting at least N minutes
        --label KEY[=VAL] has the pprof label (repeatable: all)
        --all             keep the runtime's own goroutines too
    -h, --help            print this help
    -V, --version         print the version

`gostack diff OLD NEW` compares two dumps of the same program: stacks
that appeared, vanished, grew or shrank (goroutines matched by stack
fingerprint), and leak suspects, most suspicious first.

EXIT STATUS:
    0  at least one report was found
    1  no report was found
    2  usage or I/O error
";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Raw,
    Html,
    Summary,
    Ndjson,
    Json,
}

struct Args {
    format: Format,
    similarity: gostack::group::Similarity,
    color: Option<bool>,
    show_runtime: bool,
    strict: bool,
    input: Option<String>,
    filter: Option<gostack::filter::Filter>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        format: Format::Text,
        similarity: gostack::group::Similarity::IgnorePointers,
        color: None,
        show_runtime: false,
        strict: false,
        input: None,
        filter: None,
    };
    let filter = |a: &mut Args| a.filter.take().unwrap_or_default();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (a.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("gostack {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "-f" | "--format" => {
                let v = match inline {
                    Some(v) => v,
                    None => it.next().ok_or("--format needs a value")?,
                };
                args.format = match v.as_str() {
                    "text" => Format::Text,
                    "raw" => Format::Raw,
                    "html" => Format::Html,
                    "summary" => Format::Summary,
                    "ndjson" => Format::Ndjson,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "unknown format '{other}' (text, raw, html, summary, ndjson, json)"
                        ))
                    }
                };
            }
            "--strict" => args.strict = true,
            "--grep" | "--exclude" | "--state" | "--min-wait" | "--label" => {
                let v = match inline {
                    Some(v) => v,
                    None => it.next().ok_or(format!("{flag} needs a value"))?,
                };
                let f = filter(&mut args);
                let bad = |e: regex::Error| format!("{flag}: {e}");
                args.filter = Some(match flag.as_str() {
                    "--grep" => f.grep(&v).map_err(bad)?,
                    "--exclude" => f.exclude(&v).map_err(bad)?,
                    "--state" => f.state(&v),
                    "--min-wait" => f.min_wait(
                        v.parse()
                            .map_err(|_| format!("--min-wait: '{v}' is not a number"))?,
                    ),
                    _ => match v.split_once('=') {
                        Some((k, val)) => f.label(k, Some(val)),
                        None => f.label(&v, None),
                    },
                });
            }
            "--all" => {
                let f = filter(&mut args);
                args.filter = Some(f.include_runtime(true));
                args.show_runtime = true;
            }
            "--similarity" | "--color" => {
                let v = match inline {
                    Some(v) => v,
                    None => it.next().ok_or(format!("{flag} needs a value"))?,
                };
                use gostack::group::Similarity;
                match (flag.as_str(), v.as_str()) {
                    ("--similarity", "exact") => args.similarity = Similarity::Exact,
                    ("--similarity", "pointers") => args.similarity = Similarity::IgnorePointers,
                    ("--similarity", "args") => args.similarity = Similarity::IgnoreArgs,
                    ("--similarity", "lines") => args.similarity = Similarity::IgnoreLines,
                    ("--color", "auto") => args.color = None,
                    ("--color", "always") => args.color = Some(true),
                    ("--color", "never") => args.color = Some(false),
                    _ => return Err(format!("{flag}: unknown value '{v}'")),
                }
            }
            "-" => args.input = None,
            s if s.starts_with('-') => return Err(format!("unknown option '{s}'")),
            _ => {
                if args.input.is_some() {
                    return Err("only one input file can be given".into());
                }
                args.input = Some(a);
            }
        }
    }
    Ok(Some(args))
}

fn read_text(path: &str) -> Result<String, String> {
    let data = if path == "-" {
        let mut d = Vec::new();
        io::stdin()
            .read_to_end(&mut d)
            .map_err(|e| format!("standard input: {e}"))?;
        d
    } else {
        std::fs::read(path).map_err(|e| format!("{path}: {e}"))?
    };
    Ok(String::from_utf8_lossy(&data).into_owned())
}

/// `gostack diff [--format text|json] OLD NEW`.
fn run_diff(args: &[String]) -> Result<bool, String> {
    let mut json = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-f" | "--format" => match it.next().map(String::as_str) {
                Some("json") => json = true,
                Some("text") => json = false,
                other => return Err(format!("diff: unknown format {other:?} (text, json)")),
            },
            "--format=json" => json = true,
            "--format=text" => json = false,
            s if s.starts_with('-') && s != "-" => {
                return Err(format!("diff: unknown option '{s}'"))
            }
            _ => files.push(a.clone()),
        }
    }
    let [old, new] = &files[..] else {
        return Err("diff needs two files: gostack diff OLD NEW".into());
    };
    let (old_text, new_text) = (read_text(old)?, read_text(new)?);
    let (a, b) = (gostack::parse(&old_text), gostack::parse(&new_text));
    let ga: Vec<_> = a
        .iter()
        .flat_map(|r| r.goroutines.iter().cloned())
        .collect();
    let gb: Vec<_> = b
        .iter()
        .flat_map(|r| r.goroutines.iter().cloned())
        .collect();
    let d = gostack::diff::diff(&ga, &gb);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let io_err = |e: io::Error| format!("writing output: {e}");
    if json {
        let v = serde_json::json!({"version": render::JSON_VERSION, "diff": d});
        serde_json::to_writer_pretty(&mut out, &v).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(io_err)?;
    } else {
        writeln!(out, "{} goroutines before, {} after", ga.len(), gb.len()).map_err(io_err)?;
        if !d.suspects.is_empty() {
            writeln!(out, "\nleak suspects:").map_err(io_err)?;
        }
        for (i, s) in d.suspects.iter().enumerate() {
            writeln!(
                out,
                "  {}. {} ({}) [{}]",
                i + 1,
                s.function,
                s.reason,
                s.fingerprint
            )
            .map_err(io_err)?;
        }
        writeln!(out, "\nstacks:").map_err(io_err)?;
        for s in &d.stacks {
            let change = format!("{:?}", s.change).to_lowercase();
            writeln!(
                out,
                "  {:>9} {:>5} → {:<5} {} [{}]{}",
                change,
                s.old,
                s.new,
                s.function,
                s.state.as_deref().unwrap_or(""),
                if s.persisted.is_empty() {
                    String::new()
                } else {
                    format!(" ({} still there)", s.persisted.len())
                }
            )
            .map_err(io_err)?;
        }
    }
    out.flush().map_err(io_err)?;
    Ok(!ga.is_empty() || !gb.is_empty())
}

fn run() -> Result<bool, String> {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) == Some("diff") {
        return run_diff(&argv[1..]);
    }
    let Some(args) = parse_args()? else {
        return Ok(true);
    };
    let mut data = Vec::new();
    match &args.input {
        Some(path) => {
            data = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        }
        None => {
            io::stdin()
                .read_to_end(&mut data)
                .map_err(|e| format!("standard input: {e}"))?;
        }
    }
    let text = String::from_utf8_lossy(&data);
    let options = if args.strict {
        gostack::ParseOptions::strict()
    } else {
        gostack::ParseOptions::lenient()
    };
    // Delve JSON-RPC responses (a headless session's transcript) or text.
    let json = text.trim_start().starts_with('{');
    let mut reports = match json.then(|| gostack::parse_delve_json(&text)) {
        Some(Ok(r)) if !r.is_empty() => r,
        _ => gostack::parse_with(&text, options).map_err(|e| format!("{e:#}"))?,
    };
    if let Some(f) = &args.filter {
        for r in &mut reports {
            f.apply(r);
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let io_err = |e: io::Error| format!("writing output: {e}");
    match args.format {
        Format::Ndjson => {
            for r in &reports {
                serde_json::to_writer(&mut out, &JsonReport::new(r)).map_err(|e| e.to_string())?;
                out.write_all(b"\n").map_err(io_err)?;
            }
        }
        Format::Json => {
            let all: Vec<_> = reports.iter().map(JsonReport::new).collect();
            serde_json::to_writer_pretty(&mut out, &all).map_err(|e| e.to_string())?;
            out.write_all(b"\n").map_err(io_err)?;
        }
        Format::Summary => {
            for r in &reports {
                writeln!(out, "{}", render::summary_line(r)).map_err(io_err)?;
            }
        }
        Format::Html => {
            let opts = render::GroupedOptions {
                similarity: args.similarity,
                show_runtime: args.show_runtime,
                ..Default::default()
            };
            let mut s = String::new();
            render::write_html(&mut s, &reports, &opts).map_err(|e| e.to_string())?;
            out.write_all(s.as_bytes()).map_err(io_err)?;
        }
        Format::Raw => {
            let mut s = String::new();
            render::write_text(&mut s, &reports).map_err(|e| e.to_string())?;
            out.write_all(s.as_bytes()).map_err(io_err)?;
        }
        Format::Text => {
            use std::io::IsTerminal;
            let color = args.color.unwrap_or_else(|| {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            });
            let opts = render::GroupedOptions {
                similarity: args.similarity,
                color,
                show_runtime: args.show_runtime,
                ..Default::default()
            };
            let mut s = String::new();
            render::write_grouped(&mut s, &reports, &opts).map_err(|e| e.to_string())?;
            out.write_all(s.as_bytes()).map_err(io_err)?;
        }
    }
    out.flush().map_err(io_err)?;
    Ok(!reports.is_empty())
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            let _ = writeln!(io::stderr(), "gostack: {e}");
            ExitCode::from(2)
        }
    }
}
