//! The command line: options, subcommands and their help (clap), turned
//! into the [`Args`] a run needs.

use std::ffi::OsString;

use clap::builder::Styles;
use clap::error::ErrorKind;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "Find Go panics, fatal errors, goroutine dumps, race reports, pprof \
debug=1 profiles and Delve output in text, and print them as data";

const LONG_ABOUT: &str = "\
Find Go panics, fatal errors, goroutine dumps, race reports, pprof debug=1 profiles and Delve \
output in text, and print them as data.

Reads FILE (or standard input when FILE is '-' or missing), finds every report in it and \
prints each as soon as it is complete (ndjson, summary, raw and text; json and html at the \
end). gzip and zstd input and UTF-16 with a byte-order mark are decoded on the fly. Ctrl-C \
(SIGINT) and SIGTERM print what was read before exiting. Input whose first JSON value is a \
Delve JSON-RPC response is read as Delve JSON-RPC.";

const AFTER_HELP: &str = "\
Exit status: 0 at least one report was found, 1 no report was found, 2 usage or I/O error.";

/// `gostack diff`, for the long help and the manual page.
const COMMANDS: &str = "'gostack diff OLD NEW' compares two dumps of the same program: stacks \
that appeared, vanished, grew or shrank (goroutines matched by stack fingerprint), and leak \
suspects, most suspicious first.";

/// Files named like a command, and `--`: the text before the examples,
/// the examples, the text after.
const NAMES: (&str, [&str; 2], &str) = (
    "A file named like a command (diff, completions, man, help) is read with '--' before it, \
or as a path:",
    ["gostack -- diff", "gostack ./diff"],
    "'--' also ends the options before a file name that starts with '-'.",
);

/// Where the completion script and the manual page go.
const INSTALL: [&str; 2] = [
    "gostack completions bash > ~/.local/share/bash-completion/completions/gostack",
    "gostack man > ~/.local/share/man/man1/gostack.1",
];

/// The exit statuses and what they mean.
const EXIT_STATUS: [(&str, &str); 4] = [
    ("0", "at least one report was found"),
    ("1", "no report was found"),
    ("2", "usage or I/O error (a --strict parse error too)"),
    (
        "130, 143",
        "ended by SIGINT, SIGTERM (after printing what was read)",
    ),
];

fn after_long_help() -> String {
    let (before, examples, after) = NAMES;
    let mut s = format!("Commands: {COMMANDS}\n\n{before}\n");
    for e in examples {
        s += &format!("    {e}\n");
    }
    s += &format!("{after}\n\nShell completions and the manual page:\n");
    for line in INSTALL {
        s += &format!("    {line}\n");
    }
    s += "\nExit status:";
    for (code, meaning) in EXIT_STATUS {
        s += &format!("\n    {code:<8}  {meaning}");
    }
    s
}

const FILTERS: &str = "Filters (keep only matching goroutines)";

const DIFF_ABOUT: &str = "Compare two dumps of the same program";

const DIFF_LONG_ABOUT: &str = "\
Compare two dumps of the same program (say two goroutine?debug=2 snapshots taken minutes \
apart): stacks that appeared, vanished, grew or shrank (goroutines matched by stack \
fingerprint), and leak suspects, most suspicious first.";

const DIFF_AFTER_HELP: &str = "\
Exit status: 0 the dumps hold goroutines, 1 neither does, 2 usage or I/O error.";

/// Help in the text view's colours: bold headings, the literal text to
/// type in bold, placeholders dimmed.
fn styles() -> Styles {
    use anstyle::{AnsiColor, Effects, Style};
    let bold = Style::new().effects(Effects::BOLD);
    Styles::styled()
        .header(bold | Effects::UNDERLINE)
        .usage(bold | Effects::UNDERLINE)
        .literal(bold)
        .placeholder(Style::new().effects(Effects::DIMMED))
        .error(AnsiColor::Red.on_default() | Effects::BOLD)
        .invalid(AnsiColor::Yellow.on_default() | Effects::BOLD)
        .valid(AnsiColor::Green.on_default() | Effects::BOLD)
}

#[derive(Parser)]
#[command(
    name = "gostack",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    after_long_help = after_long_help(),
    // `gostack -f json diff` reads a file named `diff`: a command is
    // recognised only before any option or file.
    args_conflicts_with_subcommands = true,
    // `-f json -f text`: the last one counts.
    args_override_self = true,
    styles = styles(),
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// The file to read (standard input when it is '-' or missing)
    ///
    /// Any bytes: the name need not be UTF-8. A name that starts with '-',
    /// or that is a command's name (diff, completions, man, help), goes
    /// after '--': gostack -- diff.
    #[arg(value_name = "FILE|-")]
    input: Option<OsString>,

    /// Names after the first: an error that says so (clap would call the
    /// second name a command that conflicts with FILE).
    #[arg(hide = true)]
    more: Vec<OsString>,

    /// What to print
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = Format::Text)]
    format: Format,

    /// text, html and grouped: when stacks group together
    ///
    /// The default, args, folds a dump into one bucket per call path (the
    /// same functions, files and lines); an argument that varies among the
    /// members is shown by its values (up to 3: `0x1 | 0x2`) or by their
    /// number (`‹3314 values›`). The finer levels split buckets by
    /// argument values.
    #[arg(long, value_enum, value_name = "S", default_value_t = SimilarityArg::Args)]
    similarity: SimilarityArg,

    /// Collapse identical reports (same fingerprint) into one
    ///
    /// The one left says how many copies there were and where each was;
    /// printed once the input has ended.
    #[arg(long)]
    dedup: bool,

    /// Colours in the text view
    ///
    /// auto: on a terminal; NO_COLOR (not empty) turns them off, then
    /// CLICOLOR_FORCE (not 0) forces them even into a pipe, CLICOLOR=0 and
    /// TERM=dumb turn them off.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,

    /// Fail on the first malformed line instead of skipping it with a warning
    #[arg(long)]
    strict: bool,

    /// Print a report still open once the input has been quiet this long
    ///
    /// In seconds: 1, 0.5 or 2s; 0 prints open reports only at the end.
    #[arg(long, value_name = "SECONDS", default_value = "1", value_parser = seconds)]
    idle: f64,

    /// Keep reading FILE as it grows, like `tail -f`
    ///
    /// Starts over when the file is truncated (log rotation by
    /// copy-truncate).
    #[arg(short = 'F', long)]
    follow: bool,

    /// Read a large dump file chunk by chunk, not mapped into memory
    ///
    /// A regular file of 16 MiB or more that begins with a report still
    /// open after its first 64 KiB (a goroutine dump) is mapped and read
    /// in place: its text is not copied. A file cut while it is read is
    /// guarded against (what was read is printed); one rewritten in place
    /// while it is read is not.
    #[arg(long)]
    no_mmap: bool,

    /// A frame's function or file matches (repeatable: all must match)
    #[arg(long, value_name = "REGEX", help_heading = FILTERS)]
    grep: Vec<String>,

    /// Drop goroutines with a matching frame (repeatable)
    #[arg(long, value_name = "REGEX", help_heading = FILTERS)]
    exclude: Vec<String>,

    /// Wait reason, e.g. 'chan receive' (repeatable: any)
    #[arg(long, value_name = "STATE", help_heading = FILTERS)]
    state: Vec<String>,

    /// Waiting at least N minutes (or 20m, 1h, 1h30m)
    #[arg(long, value_name = "N", help_heading = FILTERS)]
    min_wait: Vec<String>,

    /// Has the pprof label (repeatable: all)
    #[arg(long, value_name = "KEY[=VAL]", help_heading = FILTERS)]
    label: Vec<String>,

    /// Keep the runtime's own goroutines, which any filter hides otherwise
    #[arg(long, help_heading = FILTERS)]
    all: bool,
}

#[derive(Subcommand)]
enum Command {
    #[command(about = DIFF_ABOUT, long_about = DIFF_LONG_ABOUT, after_help = DIFF_AFTER_HELP)]
    Diff {
        /// How to print the comparison
        #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// The earlier dump ('-': standard input)
        #[arg(value_name = "OLD")]
        old: OsString,
        /// The later dump ('-': standard input)
        #[arg(value_name = "NEW")]
        new: OsString,
    },
    /// Print a shell completion script
    ///
    /// For bash:
    /// gostack completions bash > ~/.local/share/bash-completion/completions/gostack
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff)
    ///
    /// To install it: gostack man > ~/.local/share/man/man1/gostack.1
    Man,
}

/// `--format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Goroutines grouped by stack, the crashing one's group first
    Text,
    /// Each report re-printed in its own format (Go's, the race detector's, pprof's, Delve's)
    Raw,
    /// One self-contained page, printed at the end
    Html,
    /// One tab-separated line per report: line range, kind, goroutines, crash message
    Summary,
    /// One JSON object per report per line
    Ndjson,
    /// The same objects as one pretty-printed array
    Json,
    /// NDJSON with the goroutines folded into buckets
    Grouped,
    /// OTLP/JSON log records, one document per line
    Otel,
    /// Sentry events, one document per line
    Sentry,
    /// Elastic Common Schema documents, one per line
    Ecs,
}

/// `--similarity`.
#[derive(Clone, Copy, ValueEnum)]
enum SimilarityArg {
    /// The same frames, arguments and all
    Exact,
    /// Pointer-like arguments ignored
    Pointers,
    /// Arguments ignored: one bucket per call path
    Args,
    /// Line numbers ignored too
    Lines,
}

/// `--color`.
#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    /// On a terminal, as the environment says
    Auto,
    /// Even into a pipe or a file
    Always,
    /// No colours
    Never,
}

/// `gostack diff --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

/// A run over one input.
pub struct Args {
    pub format: Format,
    pub similarity: gostack::group::Similarity,
    /// `--color always|never`; `None` for auto.
    pub color: Option<bool>,
    pub show_runtime: bool,
    pub strict: bool,
    /// The file to read (any bytes: a path need not be UTF-8); `None` for
    /// standard input.
    pub input: Option<OsString>,
    pub filter: Option<gostack::filter::Filter>,
    /// Seconds without input after which open reports are printed.
    pub idle: f64,
    pub follow: bool,
    pub no_mmap: bool,
    pub dedup: bool,
}

/// What the command line asks for.
pub enum Parsed {
    Run(Args),
    Diff {
        format: DiffFormat,
        old: OsString,
        new: OsString,
    },
    Completions(clap_complete::Shell),
    Man,
    /// Help, the version or a usage error was printed: exit with this.
    Exit(u8),
}

/// The clap command, for completions and the manual page.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Parses the process's arguments; help, the version and usage errors are
/// printed here.
pub fn parse() -> Parsed {
    parse_from(std::env::args_os())
}

fn parse_from(argv: impl IntoIterator<Item = OsString>) -> Parsed {
    let mut cmd = Cli::command();
    let built = cmd
        .try_get_matches_from_mut(argv)
        .and_then(|m| Ok((Cli::from_arg_matches(&m)?, m)))
        .and_then(|(cli, m)| {
            if let Some(extra) = cli.more.first() {
                return Err(cmd.error(
                    ErrorKind::UnknownArgument,
                    format!(
                        "only one input file can be given ('{}' is a second)",
                        extra.to_string_lossy()
                    ),
                ));
            }
            let filter = filter(&m, &mut cmd, cli.all)?;
            Ok((cli, filter))
        });
    let (cli, filter) = match built {
        Ok(v) => v,
        Err(e) => {
            // Help and the version to stdout (status 0), errors to stderr
            // (status 2).
            let _ = e.print();
            return Parsed::Exit(e.exit_code().clamp(0, 255) as u8);
        }
    };
    match cli.command {
        Some(Command::Diff { format, old, new }) => return Parsed::Diff { format, old, new },
        Some(Command::Completions { shell }) => return Parsed::Completions(shell),
        Some(Command::Man) => return Parsed::Man,
        None => {}
    }
    use gostack::group::Similarity;
    Parsed::Run(Args {
        format: cli.format,
        similarity: match cli.similarity {
            SimilarityArg::Exact => Similarity::Exact,
            SimilarityArg::Pointers => Similarity::IgnorePointers,
            SimilarityArg::Args => Similarity::IgnoreArgs,
            SimilarityArg::Lines => Similarity::IgnoreLines,
        },
        color: match cli.color {
            ColorWhen::Auto => None,
            ColorWhen::Always => Some(true),
            ColorWhen::Never => Some(false),
        },
        show_runtime: cli.all,
        strict: cli.strict,
        input: cli.input.filter(|p| p != "-"),
        filter,
        idle: cli.idle,
        follow: cli.follow,
        no_mmap: cli.no_mmap,
        dedup: cli.dedup,
    })
}

/// The manual page (roff): clap_mangen's sections, then the commands, the
/// file names, the install lines and the exit statuses, each a section of
/// its own (clap_mangen would list the commands as pages `gostack-diff(1)`
/// that do not exist, and the rest as one "EXTRA" section).
pub fn man_page() -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let man = clap_mangen::Man::new(command());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let shells: Vec<String> = clap_complete::Shell::value_variants()
        .iter()
        .filter_map(|s| Some(s.to_possible_value()?.get_name().to_owned()))
        .collect();
    writeln!(out, ".SH COMMANDS")?;
    for (usage, text) in [
        (
            r"\fBgostack diff\fR [\fB\-f\fR \fItext\fR|\fIjson\fR] \fIOLD\fR \fINEW\fR".to_owned(),
            format!("{DIFF_LONG_ABOUT} {DIFF_AFTER_HELP}"),
        ),
        (
            r"\fBgostack completions\fR \fISHELL\fR".to_owned(),
            format!("Print a shell completion script: {}.", shells.join(", ")),
        ),
        (
            r"\fBgostack man\fR".to_owned(),
            "Print this manual page (roff).".to_owned(),
        ),
        (
            r"\fBgostack help\fR [\fICOMMAND\fR]".to_owned(),
            "Print the help, or a command's.".to_owned(),
        ),
    ] {
        writeln!(out, ".TP\n{usage}\n{}", roff(&text))?;
    }
    let (before, examples, after) = NAMES;
    writeln!(out, ".PP\n{}\n.PP\n.nf", roff(before))?;
    for e in examples {
        writeln!(out, ".RS 4\n{}\n.RE", roff(e))?;
    }
    writeln!(out, ".fi\n.PP\n{}", roff(after))?;
    writeln!(out, ".SH FILES\nShell completions and this page:\n.PP\n.nf")?;
    for line in INSTALL {
        writeln!(out, ".RS 4\n{}\n.RE", roff(line))?;
    }
    writeln!(out, ".fi")?;
    writeln!(out, ".SH \"EXIT STATUS\"")?;
    for (code, meaning) in EXIT_STATUS {
        writeln!(out, ".TP\n{}\n{}", roff(code), roff(meaning))?;
    }
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// Text as roff shows it: hyphens and quotes as such, no request at the
/// start of a line.
fn roff(text: &str) -> String {
    let t = text
        .replace('\\', r"\e")
        .replace('-', r"\-")
        .replace('\'', r"\(aq");
    if t.starts_with('.') {
        format!(r"\&{t}")
    } else {
        t
    }
}

/// A duration in seconds: a number in the unit `bare` (in seconds), or
/// numbers each with its unit, `h`, `m` or `s` (`1h30m`, `20m`, `2.5s`);
/// finite and not negative.
fn duration(v: &str, bare: f64) -> Option<f64> {
    let v = v.trim();
    let ok = |x: f64| (x.is_finite() && x >= 0.0).then_some(x);
    if let Ok(x) = v.parse::<f64>() {
        return ok(x * bare);
    }
    let (mut total, mut rest) = (0.0, v);
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|&n| n > 0)?;
        let unit = match rest.as_bytes()[n] {
            b'h' => 3600.0,
            b'm' => 60.0,
            b's' => 1.0,
            _ => return None,
        };
        total += rest[..n].parse::<f64>().ok()? * unit;
        rest = &rest[n + 1..];
    }
    (!v.is_empty()).then_some(total).and_then(ok)
}

/// `--idle`: seconds (`1`, `0.5`, `2s`).
fn seconds(v: &str) -> Result<f64, String> {
    duration(v, 1.0).ok_or_else(|| "not a number of seconds (1, 0.5, 2s)".into())
}

/// `--min-wait`: minutes (`20`), or a duration in whole minutes (`20m`,
/// `1h`, `1h30m`); the runtime prints waits in whole minutes.
fn minutes(v: &str) -> Option<u64> {
    let m = duration(v, 60.0)? / 60.0;
    (m.fract() == 0.0 && m <= u64::MAX as f64).then_some(m as u64)
}

/// The filters, built in the order they were given (the first bad one is
/// the one reported); with any of them the runtime's own goroutines go
/// too, unless `--all`.
fn filter(
    m: &ArgMatches,
    cmd: &mut clap::Command,
    all: bool,
) -> Result<Option<gostack::filter::Filter>, clap::Error> {
    let mut given: Vec<(usize, &str, &String)> = Vec::new();
    for id in ["grep", "exclude", "state", "min_wait", "label"] {
        if let (Some(at), Some(values)) = (m.indices_of(id), m.get_many::<String>(id)) {
            given.extend(at.zip(values).map(|(i, v)| (i, id, v)));
        }
    }
    if given.is_empty() {
        return Ok(None);
    }
    given.sort_by_key(|g| g.0);
    let mut f = gostack::filter::Filter::new();
    for (_, id, v) in given {
        let flag = format!("--{}", id.replace('_', "-"));
        let bad = |cmd: &mut clap::Command, e: String| cmd.error(ErrorKind::ValueValidation, e);
        f = match id {
            "grep" => f.grep(v).map_err(|e| bad(cmd, format!("{flag}: {e}")))?,
            "exclude" => f.exclude(v).map_err(|e| bad(cmd, format!("{flag}: {e}")))?,
            "state" => f.state(v),
            "min_wait" => match minutes(v) {
                Some(n) => f.min_wait(n),
                None => {
                    return Err(bad(
                        cmd,
                        format!("{flag}: '{v}' is not minutes (20) or a duration (20m, 1h, 1h30m)"),
                    ))
                }
            },
            _ => match v.split_once('=') {
                Some((k, val)) => f.label(k, Some(val)),
                None => f.label(v, None),
            },
        };
    }
    Ok(Some(f.hide_runtime(!all)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn idle_seconds() {
        for (v, want) in [
            ("1", Some(1.0)),
            ("0.5", Some(0.5)),
            ("2s", Some(2.0)),
            ("0", Some(0.0)),
        ] {
            assert_eq!(seconds(v).ok(), want, "{v:?}");
        }
        for v in ["", "-1", "soon", "inf", "NaN"] {
            assert!(seconds(v).is_err(), "{v:?}");
        }
    }

    #[test]
    fn minutes_and_durations() {
        for (v, want) in [
            ("20", Some(20)),
            ("20m", Some(20)),
            ("1h", Some(60)),
            ("1h30m", Some(90)),
            (" 5 ", Some(5)),
            ("", None),
            ("m", None),
            ("5s", None),
            ("1h30", None),
            ("-3", None),
            ("99999999999999999999h", None),
        ] {
            assert_eq!(minutes(v), want, "{v:?}");
        }
    }

    #[test]
    fn filters_keep_their_order() {
        let args = |a: &[&str]| -> Vec<OsString> {
            std::iter::once("gostack")
                .chain(a.iter().copied())
                .map(Into::into)
                .collect()
        };
        let Parsed::Run(a) = parse_from(args(&[
            "--state",
            "select",
            "--grep",
            "^main\\.",
            "--label",
            "job=a",
            "--label",
            "k",
            "--min-wait",
            "1h30m",
            "--exclude",
            "x",
            "--grep",
            "y",
        ])) else {
            panic!("not a run");
        };
        let want = gostack::filter::Filter::new()
            .state("select")
            .grep("^main\\.")
            .unwrap()
            .label("job", Some("a"))
            .label("k", None)
            .min_wait(90)
            .exclude("x")
            .unwrap()
            .grep("y")
            .unwrap()
            .hide_runtime(true);
        assert_eq!(a.filter.unwrap().spec(), want.spec());
        let Parsed::Run(a) = parse_from(args(&["--all", "--state", "select"])) else {
            panic!("not a run");
        };
        assert_eq!(
            a.filter.unwrap().spec(),
            gostack::filter::Filter::new()
                .state("select")
                .hide_runtime(false)
                .spec()
        );
        let Parsed::Run(a) = parse_from(args(&["-"])) else {
            panic!("not a run");
        };
        assert!(a.filter.is_none() && a.input.is_none());
    }
}
