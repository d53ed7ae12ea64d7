//! `gostack`: find Go panics and goroutine dumps in text and print them as
//! data. See `gostack --help`.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use gostack::render::{self, JsonReport};

mod cli;
mod huge_pages;
mod input;
#[cfg(unix)]
mod mapped;

use cli::{Args, DiffFormat, Format};

fn read_text(path: &std::ffi::OsStr) -> Result<String, String> {
    let data = if path == "-" {
        let mut d = Vec::new();
        io::stdin()
            .read_to_end(&mut d)
            .map_err(|e| format!("standard input: {e}"))?;
        d
    } else {
        std::fs::read(path).map_err(|e| format!("{}: {e}", path.to_string_lossy()))?
    };
    Ok(String::from_utf8_lossy(&data).into_owned())
}

/// `gostack diff [--format text|json] OLD NEW`.
fn run_diff(
    format: DiffFormat,
    old: &std::ffi::OsStr,
    new: &std::ffi::OsStr,
) -> Result<bool, String> {
    let json = format == DiffFormat::Json;
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
    let io_err = write_failed;
    if json {
        let v = serde_json::json!({"version": render::JSON_VERSION, "diff": d});
        serde_json::to_writer_pretty(&mut out, &v).map_err(json_failed)?;
        out.write_all(b"\n").map_err(io_err)?;
    } else {
        let total = |gs: &[gostack::Goroutine<'_>]| -> u64 {
            gs.iter().map(|g| g.count.unwrap_or(1)).sum()
        };
        writeln!(
            out,
            "{} goroutines before, {} after",
            total(&ga),
            total(&gb)
        )
        .map_err(io_err)?;
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

/// How the input ended.
#[derive(Clone, Copy, PartialEq)]
enum Ended {
    /// End of input.
    Eof,
    /// SIGINT or SIGTERM: what was read is printed, then the exit status
    /// says which.
    Signal(i32),
}

/// A step of the input: read on a thread of its own for streams (so that
/// the main thread can flush reports when the input goes quiet and stop on
/// a signal), on the main thread for regular files.
enum Chunk {
    Data(Vec<u8>),
    Error(String),
    /// How the input was decoded (sent before its first data).
    Decoded(Vec<input::Encoding>),
}

const CHUNK: usize = 256 << 10;

/// The input read chunk by chunk: opened at the first step, compressed and
/// UTF-16 input decoded on the fly, followed (`tail -f`) when asked.
struct Reading {
    input: Option<std::ffi::OsString>,
    follow: bool,
    r: Option<input::Input>,
    /// Bytes read since the file was (re)opened.
    read: u64,
    /// Ended, or failed (the error was the last step).
    done: bool,
}

impl Reading {
    fn new(input: Option<std::ffi::OsString>, follow: bool) -> Self {
        Reading {
            input,
            follow,
            r: None,
            read: 0,
            done: false,
        }
    }

    fn name(&self) -> String {
        self.input.as_deref().map_or_else(
            || "standard input".into(),
            |p| p.to_string_lossy().into_owned(),
        )
    }

    /// The file (or standard input) opened and its decoding sniffed.
    fn open(&self) -> Result<(input::Input, Vec<input::Encoding>), String> {
        let raw: input::Input = match &self.input {
            None => Box::new(io::stdin()),
            Some(path) => {
                Box::new(std::fs::File::open(path).map_err(|e| format!("{}: {e}", self.name()))?)
            }
        };
        input::decode(raw).map_err(|e| format!("{}: {e}", self.name()))
    }

    /// Opens the input (again): the step to hand out first, if any — how
    /// it is decoded, or why it could not be opened (then it has ended).
    fn reopen(&mut self) -> Option<Chunk> {
        match self.open() {
            Ok((r, enc)) => {
                self.r = Some(r);
                (!enc.is_empty()).then_some(Chunk::Decoded(enc))
            }
            Err(e) => {
                self.done = true;
                Some(Chunk::Error(e))
            }
        }
    }

    /// The next step, read into `buf` (a buffer done with, or a new one);
    /// `None` once the input has ended or failed.
    fn next(&mut self, mut buf: Vec<u8>) -> Option<Chunk> {
        if self.done {
            return None;
        }
        if self.r.is_none() {
            if let Some(step) = self.reopen() {
                return Some(step);
            }
        }
        loop {
            let r = self.r.as_mut()?;
            buf.resize(CHUNK, 0);
            match r.read(&mut buf) {
                Ok(0) if self.follow => {
                    // `tail -f`: wait for the file to grow; start again
                    // from the top when it was truncated.
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    if let Some(path) = &self.input {
                        let len = std::fs::metadata(path).map_or(self.read, |m| m.len());
                        if len < self.read {
                            self.read = 0;
                            if let Some(step) = self.reopen() {
                                return Some(step);
                            }
                        }
                    }
                }
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) => {
                    self.read += n as u64;
                    buf.truncate(n);
                    return Some(Chunk::Data(buf));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.done = true;
                    return Some(Chunk::Error(format!("{}: {e}", self.name())));
                }
            }
        }
    }
}

/// Where the main loop takes its input from.
enum Chunks {
    /// A reader thread: chunks come through the first channel; buffers
    /// done with go back through the second to be read into again (no
    /// fresh, zeroed buffer per read).
    Thread(
        std::sync::mpsc::Receiver<Chunk>,
        std::sync::mpsc::Sender<Vec<u8>>,
    ),
    /// Read here, into the one buffer: a regular file, not followed, never
    /// keeps a read waiting. (A thread would cost more than the reading:
    /// each chunk, written on one core and scanned on the other, crosses
    /// between their caches — a third of the CPU time of a large dump.)
    Here(Reading, Vec<u8>),
}

impl Chunks {
    fn new(input: Option<std::ffi::OsString>, follow: bool, regular_file: bool) -> Self {
        let mut reading = Reading::new(input, follow);
        if regular_file && !follow {
            return Chunks::Here(reading, Vec::new());
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        let (back, recycled) = std::sync::mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || {
            while let Some(c) = reading.next(recycled.try_recv().unwrap_or_default()) {
                if tx.send(c).is_err() {
                    return;
                }
            }
        });
        Chunks::Thread(rx, back)
    }

    /// The next step: waits up to `tick` for a stream.
    fn recv(
        &mut self,
        tick: std::time::Duration,
    ) -> Result<Chunk, std::sync::mpsc::RecvTimeoutError> {
        match self {
            Chunks::Thread(rx, _) => rx.recv_timeout(tick),
            Chunks::Here(reading, spare) => reading
                .next(std::mem::take(spare))
                .ok_or(std::sync::mpsc::RecvTimeoutError::Disconnected),
        }
    }

    /// A buffer done with, to be read into again.
    fn recycle(&mut self, buf: Vec<u8>) {
        match self {
            Chunks::Thread(_, back) => {
                let _ = back.send(buf);
            }
            Chunks::Here(_, spare) => *spare = buf,
        }
    }
}

/// The bytes left to read on standard input when it is a regular file
/// (`gostack < dump.txt`): read like a file named on the command line.
#[cfg(unix)]
fn stdin_file_size() -> Option<u64> {
    use std::io::Seek;
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    let mut f = std::fs::File::from(fd);
    let m = f.metadata().ok().filter(|m| m.is_file())?;
    let at = f.stream_position().ok()?;
    Some(m.len().saturating_sub(at))
}

#[cfg(not(unix))]
fn stdin_file_size() -> Option<u64> {
    None
}

/// Where reports go as they complete.
struct Printer<'o> {
    args: &'o Args,
    out: io::BufWriter<io::StdoutLock<'static>>,
    /// Reports printed (or kept) so far.
    count: usize,
    /// `json`, `html` and `--strict` print once the input has ended.
    kept: Vec<gostack::Report<'static>>,
    grouped: render::GroupedOptions,
    error: Option<String>,
    /// `--dedup`: the distinct reports, kept until the input ends.
    dedup: gostack::fingerprint::Dedup<'static>,
    /// The input has ended: what is printed now is not freed (the process
    /// ends next, and freeing a large report's model piece by piece took
    /// longer than printing its folded view).
    ending: bool,
}

impl Printer<'_> {
    fn streams(&self) -> bool {
        !self.args.strict && self.args.format != Format::Html && !self.args.dedup
    }

    fn report(&mut self, mut r: gostack::Report<'_>) {
        if self.error.is_some() {
            return;
        }
        if let Some(f) = &self.args.filter {
            f.apply(&mut r);
        }
        if self.args.dedup {
            self.dedup.push(r.into_owned());
            self.count += 1;
            return;
        }
        if !self.streams() {
            self.kept.push(r.into_owned());
            self.count += 1;
            return;
        }
        if let Err(e) = self.print(&r, None) {
            self.error = Some(e);
        }
        self.count += 1;
        if self.ending {
            std::mem::forget(r);
        }
    }

    /// Writes one report (flushed by [`Printer::flush`], once the input
    /// read so far is done with).
    fn print(
        &mut self,
        r: &gostack::Report<'_>,
        occ: Option<&gostack::fingerprint::Occurrences>,
    ) -> Result<(), String> {
        let io_err = write_failed;
        let fmt_err = |_| "writing output failed".to_string();
        let out = &mut self.out;
        let json = |r| {
            let mut j = JsonReport::new(r);
            j.occurrences = occ;
            j
        };
        match self.args.format {
            Format::Ndjson => {
                serde_json::to_writer(&mut *out, &json(r)).map_err(json_failed)?;
                out.write_all(b"\n").map_err(io_err)?;
            }
            Format::Otel | Format::Sentry | Format::Ecs => {
                let mut v = match self.args.format {
                    Format::Otel => gostack::export::otel(r),
                    Format::Sentry => gostack::export::sentry(r),
                    _ => gostack::export::ecs(r),
                };
                if let Some(o) = occ {
                    add_occurrences(&mut v, self.args.format, o);
                }
                serde_json::to_writer(&mut *out, &v).map_err(json_failed)?;
                out.write_all(b"\n").map_err(io_err)?;
            }
            Format::Grouped => {
                let mut j = render::JsonGroupedReport::new(r, self.grouped.similarity);
                j.occurrences = occ;
                serde_json::to_writer(&mut *out, &j).map_err(json_failed)?;
                out.write_all(b"\n").map_err(io_err)?;
            }
            Format::Summary => {
                let mut line = render::summary_line(r);
                if let Some(o) = occ.filter(|o| o.count > 1) {
                    line.push_str(&format!("\tseen {} times", o.count));
                }
                out.write_all(line.as_bytes())
                    .and_then(|()| out.write_all(b"\n"))
                    .map_err(io_err)?;
            }
            Format::Raw => {
                seen_line(out, occ).map_err(io_err)?;
                render::write_text_report(&mut FmtIo(out), self.count, r).map_err(fmt_err)?
            }
            Format::Text => {
                seen_line(out, occ).map_err(io_err)?;
                render::write_grouped_report(&mut FmtIo(out), self.count, r, &self.grouped)
                    .map_err(fmt_err)?
            }
            Format::Json => {
                // The array of `--format json`, one element at a time: the
                // same bytes as printing it whole.
                out.write_all(if self.count == 0 { b"[\n" } else { b",\n" })
                    .map_err(io_err)?;
                let v = serde_json::to_string_pretty(&json(r)).map_err(|e| e.to_string())?;
                for (i, line) in v.lines().enumerate() {
                    let sep: &[u8] = if i > 0 { b"\n  " } else { b"  " };
                    out.write_all(sep)
                        .and_then(|()| out.write_all(line.as_bytes()))
                        .map_err(io_err)?;
                }
            }
            Format::Html => unreachable!("printed at the end"),
        }
        Ok(())
    }

    /// Sends what was printed on: called once the input read so far has
    /// been scanned, so that each report shows as soon as it is complete
    /// without a write per report when input comes fast.
    fn flush(&mut self) {
        if self.error.is_none() {
            if let Err(e) = self.out.flush() {
                self.error = Some(write_failed(e));
            }
        }
    }

    /// The input ended: prints what waited for the end.
    fn finish(&mut self) -> Result<(), String> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.args.strict {
            if let Some(e) = self.kept.iter().flat_map(|r| r.diagnostics.iter()).next() {
                return Err(format!("{e:#}"));
            }
        }
        let io_err = write_failed;
        if self.args.dedup {
            let d = std::mem::replace(
                &mut self.dedup,
                gostack::fingerprint::Dedup::new(gostack::fingerprint::Level::Line),
            );
            let kept = d.finish();
            if self.args.strict {
                if let Some(e) = kept.iter().flat_map(|k| k.report.diagnostics.iter()).next() {
                    return Err(format!("{e:#}"));
                }
            }
            if self.args.format == Format::Html {
                let reports: Vec<_> = kept.into_iter().map(|k| k.report).collect();
                self.kept = reports;
            } else {
                for (i, k) in kept.iter().enumerate() {
                    self.count = i;
                    self.print(&k.report, Some(&k.occurrences))?;
                }
                self.count = kept.len();
                if self.args.format == Format::Json {
                    let end: &[u8] = if self.count == 0 { b"[]\n" } else { b"\n]\n" };
                    self.out.write_all(end).map_err(io_err)?;
                }
                return self.out.flush().map_err(io_err);
            }
        }
        let reports = std::mem::take(&mut self.kept);
        match self.args.format {
            Format::Html => {
                let mut s = String::new();
                render::write_html(&mut s, &reports, &self.grouped).map_err(|e| e.to_string())?;
                self.out.write_all(s.as_bytes()).map_err(io_err)?;
            }
            // --strict with a streaming format: printed once known clean.
            _ => {
                for (i, r) in reports.iter().enumerate() {
                    self.count = i;
                    self.print(r, None)?;
                }
                self.count = reports.len().max(self.count);
            }
        }
        if self.args.format == Format::Json {
            let end: &[u8] = if self.count == 0 { b"[]\n" } else { b"\n]\n" };
            self.out.write_all(end).map_err(io_err)?;
        }
        self.out.flush().map_err(io_err)
    }
}

/// `--dedup` in the text views: how often the next report was seen, and
/// where (the first places).
fn seen_line(
    out: &mut impl Write,
    occ: Option<&gostack::fingerprint::Occurrences>,
) -> io::Result<()> {
    let Some(o) = occ.filter(|o| o.count > 1) else {
        return Ok(());
    };
    const SHOWN: usize = 8;
    let mut places: Vec<String> =
        o.at.iter()
            .take(SHOWN)
            .map(|a| match &a.source {
                Some(s) => format!("{s}:{}-{}", a.lines.start, a.lines.end),
                None => format!("{}-{}", a.lines.start, a.lines.end),
            })
            .collect();
    if o.count as usize > places.len() {
        places.push(format!("… {} more", o.count as usize - places.len()));
    }
    writeln!(
        out,
        "--- seen {} times (identical reports collapsed by --dedup): lines {}",
        o.count,
        places.join(", ")
    )
}

/// `--dedup` in the exports: how often the report was seen, where each
/// backend keeps such numbers.
fn add_occurrences(v: &mut serde_json::Value, f: Format, o: &gostack::fingerprint::Occurrences) {
    match f {
        Format::Otel => {
            let rec = &mut v["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0]["attributes"];
            if let Some(a) = rec.as_array_mut() {
                a.push(serde_json::json!({
                    "key": "gostack.occurrences",
                    "value": {"intValue": o.count.to_string()},
                }));
            }
        }
        Format::Sentry => v["extra"]["occurrences"] = o.count.into(),
        _ => v["labels"]["gostack_occurrences"] = o.count.to_string().into(),
    }
}

/// `fmt::Write` into an `io::Write` (the views write text).
struct FmtIo<'w, W: Write>(&'w mut W);

impl<W: Write> std::fmt::Write for FmtIo<'_, W> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write_all(s.as_bytes()).map_err(|e| {
            write_failed(e);
            std::fmt::Error
        })
    }
}

/// `--color auto`, as no-color.org and the CLICOLOR conventions say:
/// `NO_COLOR` (not empty) turns colour off; else `CLICOLOR_FORCE` (not
/// `0`) forces it, even into a pipe; else `CLICOLOR=0` and `TERM=dumb`
/// turn it off; otherwise colour on a terminal only.
///
/// Not anstream's `AutoStream::choice` (anstream 1.0.1, anstyle-query
/// 1.1.6), whose order is the same but whose answers are not: it takes
/// `CLICOLOR_FORCE=0` as forcing colour, and on a terminal it colours
/// with `TERM=dumb` when `CLICOLOR` (not `0`) or `CI` is set, and does
/// not colour when `TERM` is unset.
fn auto_color(terminal: bool, env: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    let set = |k: &str| env(k).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if env("CLICOLOR").is_some_and(|v| v == "0") || env("TERM").is_some_and(|v| v == "dumb") {
        return false;
    }
    terminal
}

/// The width of the terminal the text view is printed on: `COLUMNS` when
/// it is a positive number, else the width of stdout when it is a
/// terminal; `None` otherwise (a pipe, a file).
fn terminal_width() -> Option<usize> {
    columns(std::env::var_os("COLUMNS").as_deref()).or_else(|| {
        terminal_size::terminal_size_of(io::stdout())
            .map(|(w, _)| usize::from(w.0))
            .filter(|&w| w > 0)
    })
}

/// `COLUMNS`, when it is a positive number.
fn columns(v: Option<&std::ffi::OsStr>) -> Option<usize> {
    v?.to_str()?.trim().parse().ok().filter(|&n| n > 0)
}

/// Set when the reader of our output went away (`gostack … | head`): the
/// run ends quietly, with success, as `head` asked for no more.
static BROKEN_PIPE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The message of a failed JSON write; notes a broken pipe.
fn json_failed(e: serde_json::Error) -> String {
    match e.io_error_kind() {
        Some(kind) => write_failed(io::Error::from(kind)),
        None => e.to_string(),
    }
}

/// The message of a failed write; notes a broken pipe.
fn write_failed(e: io::Error) -> String {
    if e.kind() == io::ErrorKind::BrokenPipe {
        BROKEN_PIPE.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    format!("writing output: {e}")
}

/// Writes `bytes` to stdout.
fn print_all(bytes: &[u8]) -> Result<(), String> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(write_failed)
}

fn run() -> Result<u8, String> {
    let args = match cli::parse() {
        cli::Parsed::Run(args) => args,
        cli::Parsed::Exit(code) => return Ok(code),
        cli::Parsed::Diff { format, old, new } => {
            return run_diff(format, &old, &new).map(|found| if found { 0 } else { 1 })
        }
        cli::Parsed::Completions(shell) => {
            // Into memory first: the generator panics on a failed write.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cli::command(), "gostack", &mut script);
            return print_all(&script).map(|()| 0);
        }
        cli::Parsed::Man => {
            let page = cli::man_page().map_err(write_failed)?;
            return print_all(&page).map(|()| 0);
        }
    };
    // The input's size when it is a regular file: large ones are read with
    // huge pages (the tool may start itself again here, before any work),
    // and a report that spans reads gets its room at once.
    let size = match args.input.as_deref() {
        Some(p) => std::fs::metadata(p)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len()),
        None => stdin_file_size(),
    };
    huge_pages::for_input(size, args.follow);
    // The first SIGINT / SIGTERM ends the input (what was read is printed);
    // a second one, while that printing runs, exits at once.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let again = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let installed =
            signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, again.clone())
                .and_then(|_| signal_hook::flag::register(sig, again.clone()))
                .and_then(|_| signal_hook::flag::register_usize(sig, stop.clone(), sig as usize));
        installed.map_err(|e| format!("installing a signal handler: {e}"))?;
    }
    use std::io::IsTerminal;
    let color = args.format == Format::Text
        && args
            .color
            .unwrap_or_else(|| auto_color(io::stdout().is_terminal(), |k| std::env::var_os(k)));
    let mut printer = Printer {
        args: &args,
        out: io::BufWriter::with_capacity(64 << 10, io::stdout().lock()),
        count: 0,
        kept: Vec::new(),
        grouped: render::GroupedOptions::default()
            .similarity(args.similarity)
            .color(color)
            .show_runtime(args.show_runtime)
            // Long argument lists elided to the terminal's width.
            .width(if args.format == Format::Text {
                terminal_width()
            } else {
                None
            }),
        error: None,
        ending: false,
        dedup: gostack::fingerprint::Dedup::new(gostack::fingerprint::Level::Line),
    };
    let idle = (args.idle > 0.0).then(|| std::time::Duration::from_secs_f64(args.idle));
    let mut chunks = Chunks::new(args.input.clone(), args.follow, size.is_some());
    let mut scanner = gostack::Scanner::new();
    if let Some(n) = size {
        scanner.size_hint(n);
    }
    // The grouped views group each report as it is parsed (a large dump
    // is not read a second time); not when a filter changes the
    // goroutines first, or when reports are kept owned until the end.
    if matches!(args.format, Format::Text | Format::Grouped)
        && printer.streams()
        && args.filter.is_none()
    {
        scanner.group_while_parsing(Some(args.similarity));
        // Only the buckets are printed: members keep no frames of their
        // own (a large dump in a few stacks takes the memory of those few).
        scanner.release_member_frames(true);
    }
    // A large dump file is mapped and scanned in place.
    #[cfg(unix)]
    let limit = scanner.limits().max_report_bytes;
    let map = match (&args.input, size) {
        _ if args.follow || args.no_mmap => None,
        (Some(path), Some(n)) => mapped::Mapped::open(std::path::Path::new(path), n, limit),
        (None, Some(n)) => mapped::Mapped::stdin(n, limit),
        (_, None) => None,
    };
    #[cfg(not(unix))]
    let map: Option<std::convert::Infallible> = None;
    // The start of the input, until it is known whether it is Delve JSON.
    let mut head: Option<Vec<u8>> = Some(Vec::new());
    let mut json = false;
    let tick = std::time::Duration::from_millis(100);
    let mut quiet = std::time::Duration::ZERO;
    let mut flushed = true;
    // What the input looked like, for the message when it holds no report.
    let mut seen = input::Seen::new();
    let mut encodings = Vec::new();
    #[cfg(unix)]
    if let Some(m) = &map {
        // All of it at once: each report is sent on as soon as it is found.
        head = None;
        seen.add(m.bytes());
        printer.ending = true;
        scanner.finish_with(m.bytes(), |r| {
            printer.report(r);
            printer.flush();
        });
        if m.was_cut() {
            eprintln!(
                "gostack: {}: the file was cut while it was read; what followed the cut read as NUL bytes",
                args.input.as_deref().map_or_else(|| "standard input".into(), |p| p.to_string_lossy())
            );
        }
    }
    let ended = loop {
        if map.is_some() {
            let s = stop.load(std::sync::atomic::Ordering::Relaxed);
            break if s != 0 {
                Ended::Signal(s as i32)
            } else {
                Ended::Eof
            };
        }
        let s = stop.load(std::sync::atomic::Ordering::Relaxed);
        if s != 0 {
            break Ended::Signal(s as i32);
        }
        let chunk = match chunks.recv(tick) {
            Ok(Chunk::Data(d)) => d,
            Ok(Chunk::Error(e)) => return Err(e),
            Ok(Chunk::Decoded(e)) => {
                encodings = e;
                continue;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                quiet += tick;
                if !flushed && head.is_none() && idle.is_some_and(|i| quiet >= i) {
                    scanner.flush_idle(|r| printer.report(r));
                    printer.flush();
                    flushed = true;
                }
                if let Some(e) = &printer.error {
                    return Err(e.clone());
                }
                continue;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break Ended::Eof,
        };
        quiet = std::time::Duration::ZERO;
        flushed = false;
        seen.add(&chunk);
        if let Some(h) = &mut head {
            h.extend_from_slice(&chunk);
            if json {
                // Decided on the first value; the rest is read whole.
                continue;
            }
            match gostack::is_delve_json(h) {
                None if h.len() < (1 << 20) => continue,
                Some(true) => {
                    json = true;
                    continue;
                }
                _ => {
                    let h = head.take().expect("checked");
                    scanner.feed(&h, |r| printer.report(r));
                }
            }
        } else {
            scanner.feed(&chunk, |r| printer.report(r));
        }
        chunks.recycle(chunk);
        printer.flush();
        if let Some(e) = &printer.error {
            return Err(e.clone());
        }
    };
    if let Some(h) = head.take() {
        if json || gostack::is_delve_json(&h) == Some(true) {
            let text = String::from_utf8_lossy(&h);
            match gostack::parse_delve_json(&text) {
                Ok(r) if !r.is_empty() => {
                    for r in r {
                        printer.report(r);
                    }
                }
                _ => scanner.feed(&h, |r| printer.report(r)),
            }
        } else {
            scanner.feed(&h, |r| printer.report(r));
        }
    }
    // Lines counted by the scanner (a last line without its end is added
    // by `describe`).
    seen.lines = scanner.lines_read();
    printer.ending = true;
    scanner.finish(|r| printer.report(r));
    printer.finish()?;
    // Not freed either, for the same reason.
    std::mem::forget(std::mem::take(&mut printer.kept));
    match ended {
        Ended::Signal(s) => Ok(128 + s as u8),
        Ended::Eof if printer.count > 0 => Ok(0),
        Ended::Eof => {
            let name = args
                .input
                .as_deref()
                .map_or_else(|| "standard input".into(), |p| p.to_string_lossy());
            let _ = writeln!(
                io::stderr(),
                "gostack: no report found in {name} ({})",
                seen.describe(&encodings)
            );
            Ok(1)
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => ExitCode::from(code),
        // The reader of our output is gone: nothing to say, nothing failed.
        Err(_) if BROKEN_PIPE.load(std::sync::atomic::Ordering::Relaxed) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "gostack: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_from_the_environment() {
        let c = |v: &str| columns(Some(std::ffi::OsStr::new(v)));
        assert_eq!(c("80"), Some(80));
        assert_eq!(c(" 120 "), Some(120));
        for bad in ["0", "-1", "", "wide", "80x"] {
            assert_eq!(c(bad), None, "{bad:?}");
        }
        assert_eq!(columns(None), None);
    }

    #[test]
    fn colour_conventions() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        assert!(auto_color(true, env(&[])));
        assert!(!auto_color(false, env(&[])));
        assert!(!auto_color(true, env(&[("NO_COLOR", "1")])));
        assert!(auto_color(true, env(&[("NO_COLOR", "")])));
        assert!(!auto_color(true, env(&[("TERM", "dumb")])));
        assert!(!auto_color(true, env(&[("CLICOLOR", "0")])));
        assert!(auto_color(false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!auto_color(
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])
        ));
        assert!(auto_color(
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")])
        ));
        assert!(!auto_color(false, env(&[("CLICOLOR_FORCE", "0")])));
    }
}
