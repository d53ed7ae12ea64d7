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

Reads FILE (or standard input when FILE is '-' or missing), finds every
report in it and prints them. Input that starts with '{' is first tried as
Delve JSON-RPC responses.

OPTIONS:
    -f, --format FORMAT   text (default), summary, ndjson or json
        --strict          fail on the first malformed line instead of
                          skipping it with a warning
    -h, --help            print this help
    -V, --version         print the version

EXIT STATUS:
    0  at least one report was found
    1  no report was found
    2  usage or I/O error
";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Summary,
    Ndjson,
    Json,
}

struct Args {
    format: Format,
    strict: bool,
    input: Option<String>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        format: Format::Text,
        strict: false,
        input: None,
    };
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
                    "summary" => Format::Summary,
                    "ndjson" => Format::Ndjson,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "unknown format '{other}' (text, summary, ndjson, json)"
                        ))
                    }
                };
            }
            "--strict" => args.strict = true,
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

fn run() -> Result<bool, String> {
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
    let reports = match json.then(|| gostack::parse_delve_json(&text)) {
        Some(Ok(r)) if !r.is_empty() => r,
        _ => gostack::parse_with(&text, options).map_err(|e| format!("{e:#}"))?,
    };
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
        Format::Text => {
            let mut s = String::new();
            render::write_text(&mut s, &reports).map_err(|e| e.to_string())?;
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
