//! Writes an input of one of the shapes that once took quadratic time or
//! memory, for whole-process runs (`benches/cli.py`):
//!
//! ```sh
//! cargo run --release --example shapes -- panic_lines 1000000 > /tmp/panic_lines.txt
//! benches/cli.py /tmp/panic_lines.txt --format ndjson
//! ```
//!
//! Without arguments, lists the shapes.

#[path = "../tests/common/shapes.rs"]
mod shapes;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [name, n] = &args[..] else {
        for s in shapes::SHAPES {
            println!("{s}");
        }
        return;
    };
    let n: usize = n.parse().expect("N: a number of items");
    std::io::stdout()
        .write_all(&shapes::shape(name, n))
        .expect("writing");
}
