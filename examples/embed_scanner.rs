//! A Rust program embedding gostack's scanner: reads standard input in
//! chunks as it arrives (a pipe from `kubectl logs -f`, a socket, a Kafka
//! consumer's messages) and prints one line per crash the moment it is
//! complete, with its fingerprint for deduplication.
//!
//!     cargo run --example embed_scanner < testdata/transport/docker_api.log
//!
//! Memory stays flat however long the input runs: the scanner keeps only
//! the report being read.

use std::io::Read;

use gostack::fingerprint::{report_fingerprint, Level};
use gostack::Report;

fn print(r: &Report<'_>) {
    let message = r.crash().map_or("", |p| &p.message);
    let source = r.source.as_deref().unwrap_or("-");
    println!(
        "{} {} {} lines {}-{} {:?}",
        report_fingerprint(r, Level::Line),
        source,
        r.kind,
        r.lines.start,
        r.lines.end,
        message
    );
}

fn main() -> std::io::Result<()> {
    let mut scanner = gostack::Scanner::new();
    let mut stdin = std::io::stdin().lock();
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = stdin.read(&mut buf)?;
        if n == 0 {
            break;
        }
        // Reports complete in this chunk come out now; a report still open
        // waits for the next bytes.
        scanner.feed(&buf[..n], |r| print(&r));
    }
    // End of input: whatever is still open is complete.
    scanner.finish(|r| print(&r));
    Ok(())
}
