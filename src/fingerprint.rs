//! Stable fingerprints of stacks and crash reports.
//!
//! A fingerprint is a 64-bit hash of a *canonical* form of a stack, so that
//! the same crash seen on two hosts, in two runs, or in two builds of the
//! same code gets the same value, and a different stack a different one.
//!
//! The canonical form of a frame is:
//!
//! - the function with type parameters written `[...]` (tracebacks print
//!   `[...]`, race reports and Delve print the shapes) and a GOPATH
//!   `…/vendor/` prefix removed from its package path;
//! - the file as `<package path>/<base name>` — which drops GOROOT, GOPATH,
//!   module-cache and build-directory prefixes and module versions
//!   (`…/pkg/mod/github.com/x/y@v1.2.3/z/f.go` and `/src/z/f.go` both become
//!   `github.com/x/y/z/f.go` for a function of package `github.com/x/y/z`);
//! - the line number, unless the level is [`Level::Function`].
//!
//! Goroutine ids, parent ids, argument values, pointers, `+0x` offsets,
//! `fp/sp/pc`, wait times and states never enter a fingerprint. A stack's
//! fingerprint covers its frames in order and its `created by` function.
//! A report's covers the header kind, the message *shape* (numbers and hex
//! words replaced) and the crashing goroutine's stack.
//!
//! The hash is [`StableHasher`]: a fixed, documented function of the bytes
//! (it does not depend on the Rust version or platform), so values can be
//! stored and compared across releases. The golden tests in
//! `tests/fingerprint.rs` pin values; changing them is a visible decision.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Frame, FuncName, Goroutine, PanicKind, Report};

/// A 64-bit fingerprint, printed (and serialised) as 16 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub u64);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::model::hex_de(d, "").map(Fingerprint)
    }
}

/// How much of a frame a fingerprint covers. Reads from `line` and
/// `function` (`FromStr`, serde).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Function, file and line: the same code at the same lines.
    #[default]
    Line,
    /// Function and file only: stable across edits that move lines.
    Function,
}

crate::error::named_enum!(Level, "fingerprint level", pub as_str, {
    Line => "line",
    Function => "function",
});

/// A fixed 64-bit hash. State starts at `0xcbf29ce484222325`; each 64-bit
/// word `w` is mixed as `h = (rotl(h, 5) ^ w) * 0x517cc1b727220a95`
/// (wrapping). A byte field is its length as one word, then its bytes as
/// little-endian words, the last one padded with zeros — so `("ab", "c")`
/// and `("a", "bc")` differ. A number field is one word. `finish` applies
/// `h ^= h >> 33; h *= 0xff51afd7ed558ccd; h ^= h >> 33`.
#[derive(Clone, Copy, Debug)]
pub struct StableHasher {
    h: u64,
}

const K: u64 = 0x517c_c1b7_2722_0a95;

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher::new()
    }
}

impl StableHasher {
    /// A hasher in its initial state.
    pub fn new() -> Self {
        StableHasher {
            h: 0xcbf2_9ce4_8422_2325,
        }
    }

    #[inline]
    fn word(&mut self, w: u64) {
        self.h = (self.h.rotate_left(5) ^ w).wrapping_mul(K);
    }

    /// Mixes in `bytes` as one field (length-prefixed).
    #[inline]
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.word(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.word(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(b));
        }
    }

    /// Mixes in a string field.
    #[inline]
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// Mixes in a number field.
    #[inline]
    pub fn u64(&mut self, n: u64) {
        self.word(n);
    }

    /// The hash of everything written.
    pub fn finish(&self) -> u64 {
        let mut h = self.h;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

/// The package path without a GOPATH `…/vendor/` prefix.
fn package_path<'s>(f: &FuncName<'s>) -> &'s str {
    match f.package.rfind("/vendor/") {
        Some(i) => &f.package[i + 8..],
        None => f.package,
    }
}

/// The function name (`f`, parsed) with `[...]` type parameters and its
/// package path `pkg`, written into `out`.
fn canonical_function(f: &FuncName<'_>, pkg: &str, out: &mut String) {
    out.push_str(pkg);
    let rest = &f.full[f.package.len()..];
    // Collapse every `[…]` (balanced) to `[...]`, copying the text between.
    let mut depth = 0usize;
    let mut from = 0;
    for (i, c) in rest.bytes().enumerate() {
        match c {
            b'[' => {
                if depth == 0 {
                    out.push_str(&rest[from..i]);
                    out.push_str("[...]");
                }
                depth += 1;
            }
            b']' if depth > 0 => {
                depth -= 1;
                from = i + 1;
            }
            _ => {}
        }
    }
    if depth == 0 {
        out.push_str(&rest[from..]);
    }
}

/// `<package path>/<base name>` for a frame's file (see the module docs).
fn canonical_file(pkg: &str, file: &str, out: &mut String) {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    if !pkg.is_empty() {
        out.push_str(pkg);
        out.push('/');
    }
    out.push_str(base);
}

/// Mixes one frame's canonical form into `h`; `buf` is scratch space.
pub(crate) fn hash_frame(h: &mut StableHasher, fr: &Frame<'_>, level: Level, buf: &mut String) {
    let f = FuncName::parse(&fr.function);
    let pkg = package_path(&f);
    buf.clear();
    canonical_function(&f, pkg, buf);
    h.str(buf);
    buf.clear();
    if let Some(file) = &fr.file {
        canonical_file(pkg, file, buf);
    }
    h.str(buf);
    if level == Level::Line {
        h.u64(fr.line.map_or(u64::MAX, u64::from));
    }
}

thread_local! {
    /// The line-level stack fingerprints already computed for a slice of
    /// goroutines being serialised (its address, length, the values), so
    /// that a goroutine's JSON `"fingerprint"` is not hashed a second time
    /// ([`crate::render::JsonReport`] computes them for
    /// `"stack_fingerprints"` first).
    static KNOWN: std::cell::RefCell<(usize, usize, Vec<Fingerprint>)> =
        const { std::cell::RefCell::new((0, 0, Vec::new())) };
}

/// Runs `f` with `fps` known as the line-level stack fingerprints of `gs`
/// (same order), for [`line_fingerprint`].
pub(crate) fn with_known<R>(gs: &[Goroutine<'_>], fps: &[Fingerprint], f: impl FnOnce() -> R) -> R {
    KNOWN.with(|k| {
        let mut k = k.borrow_mut();
        k.0 = gs.as_ptr() as usize;
        k.1 = gs.len();
        k.2.clear();
        k.2.extend_from_slice(fps);
    });
    /// Forgets the slice when `f` returns or unwinds: its memory may hold
    /// other goroutines afterwards.
    struct Forget;
    impl Drop for Forget {
        fn drop(&mut self) {
            KNOWN.with(|k| k.borrow_mut().1 = 0);
        }
    }
    let _forget = Forget;
    f()
}

/// [`stack_fingerprint`] at [`Level::Line`], taken from [`with_known`]
/// when `g` is one of the goroutines it was given.
pub(crate) fn line_fingerprint(g: &Goroutine<'_>) -> Fingerprint {
    let known = KNOWN.with(|k| {
        let k = k.borrow();
        let size = std::mem::size_of::<Goroutine<'_>>().max(1);
        let at = (g as *const Goroutine<'_> as usize).checked_sub(k.0)?;
        let i = at / size;
        (at % size == 0 && i < k.1)
            .then(|| k.2.get(i).copied())
            .flatten()
    });
    known.unwrap_or_else(|| stack_fingerprint(g, Level::Line))
}

/// The fingerprint of a goroutine's stack: its frames in order and the
/// function of its `created by` line.
///
/// ```
/// use gostack::fingerprint::{stack_fingerprint, Level};
/// let a = gostack::parse("goroutine 7 [chan receive]:\nmain.worker(0xc000010000)\n\t/home/ci/app/main.go:12 +0x1d\ncreated by main.main in goroutine 1\n\t/home/ci/app/main.go:30 +0x25\n");
/// let b = gostack::parse("goroutine 91 [chan receive, 3 minutes]:\nmain.worker(0xc000200000)\n\t/srv/build/app/main.go:12 +0x1d\ncreated by main.main in goroutine 5\n\t/srv/build/app/main.go:30 +0x25\n");
/// let fa = stack_fingerprint(&a[0].goroutines[0], Level::Line);
/// assert_eq!(fa, stack_fingerprint(&b[0].goroutines[0], Level::Line));
/// assert_eq!(fa.to_string().len(), 16);
/// ```
pub fn stack_fingerprint(g: &Goroutine<'_>, level: Level) -> Fingerprint {
    frames_fingerprint(&g.frames, g, level)
}

/// [`stack_fingerprint`] of `frames` with `g`'s `created by`.
fn frames_fingerprint(
    frames: &[crate::model::Frame<'_>],
    g: &Goroutine<'_>,
    level: Level,
) -> Fingerprint {
    let mut h = StableHasher::new();
    let mut buf = String::new();
    h.str("stack");
    h.u64(frames.len() as u64);
    for f in frames {
        hash_frame(&mut h, f, level, &mut buf);
    }
    match &g.created_by {
        Some(c) => {
            buf.clear();
            let f = FuncName::parse(&c.frame.function);
            canonical_function(&f, package_path(&f), &mut buf);
            h.str(&buf);
        }
        None => h.str(""),
    }
    Fingerprint(h.finish())
}

/// The stack fingerprints of many goroutines, in order: what
/// [`stack_fingerprint`] gives each (of the stack a goroutine shares when
/// its frames were released: [`Goroutine::stack`]), with every distinct
/// stack hashed once.
/// Goroutines are first grouped at a similarity under which members print
/// the same functions, files and (at [`Level::Line`]) lines — the whole
/// input of a stack fingerprint — so a dump of 100,000 goroutines started
/// by a few loops costs a few dozen fingerprints.
///
/// ```
/// use gostack::fingerprint::{stack_fingerprint, stack_fingerprints, Level};
/// let text = "goroutine 5 [chan receive]:\nmain.worker(0x1)\n\t/app/main.go:12 +0x1d\n\ngoroutine 6 [chan receive]:\nmain.worker(0x2)\n\t/app/main.go:12 +0x1d\n\ngoroutine 7 [sleep]:\ntime.Sleep(0x3)\n\t/go/src/runtime/time.go:300 +0x1d\n";
/// let r = gostack::parse(text);
/// let gs = &r[0].goroutines;
/// let fps = stack_fingerprints(gs, Level::Line);
/// assert_eq!(fps, gs.iter().map(|g| stack_fingerprint(g, Level::Line)).collect::<Vec<_>>());
/// assert_eq!(fps[0], fps[1]);
/// assert_ne!(fps[0], fps[2]);
/// ```
pub fn stack_fingerprints(gs: &[Goroutine<'_>], level: Level) -> Vec<Fingerprint> {
    // Hashing stacks one by one is cheaper than grouping a few of them.
    if gs.len() < 16 {
        return gs
            .iter()
            .map(|g| frames_fingerprint(g.stack(gs), g, level))
            .collect();
    }
    let sim = match level {
        Level::Line => crate::group::Similarity::IgnoreArgs,
        Level::Function => crate::group::Similarity::IgnoreLines,
    };
    bucket_fingerprints(&crate::group::group(gs, sim), gs.len(), level)
}

/// Per goroutine of a grouped slice of `n`, the stack fingerprint of its
/// bucket's representative: each goroutine's own when members print the
/// same places (a similarity that does not ignore lines, at
/// [`Level::Line`]).
pub(crate) fn bucket_fingerprints<'b, 'g: 'b, 'a: 'g>(
    buckets: impl IntoIterator<Item = &'b crate::group::Bucket<'g, 'a>>,
    n: usize,
    level: Level,
) -> Vec<Fingerprint> {
    let mut out = vec![Fingerprint(0); n];
    for b in buckets {
        let fp = stack_fingerprint(b.representative, level);
        for &m in &b.members {
            out[m] = fp;
        }
    }
    out
}

/// The shape of a crash message: runs of decimal digits become `N`, `0x…`
/// words become `X`, so `index out of range [5] with length 3` and
/// `index out of range [7] with length 2` share a shape.
pub fn message_shape(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let b = msg.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'0' && b.get(i + 1) == Some(&b'x') {
            let mut j = i + 2;
            while j < b.len() && b[j].is_ascii_hexdigit() {
                j += 1;
            }
            if j > i + 2 {
                out.push('X');
                i = j;
                continue;
            }
        }
        if b[i].is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push('N');
            continue;
        }
        let c = msg[i..].chars().next().expect("char boundary");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The fingerprint of a report: its kind, the kind and message shape of its
/// last crash header, and the crashing goroutine's stack (the first
/// goroutine of a crash; every goroutine's stack, in order, for dumps and
/// listings).
pub fn report_fingerprint(r: &Report<'_>, level: Level) -> Fingerprint {
    report_fingerprint_with(r, level, None)
}

/// [`report_fingerprint`], given the stack fingerprints of `r`'s goroutines
/// at `level` when they are known already.
pub(crate) fn report_fingerprint_with(
    r: &Report<'_>,
    level: Level,
    stacks: Option<&[Fingerprint]>,
) -> Fingerprint {
    let mut h = StableHasher::new();
    h.str("report");
    h.str(r.kind.as_str());
    match r.crash() {
        Some(p) => {
            h.str(match p.kind {
                PanicKind::Panic => "panic",
                PanicKind::Fatal => "fatal error",
                PanicKind::Signal => "signal",
            });
            h.str(&message_shape(&p.message));
        }
        None => h.str(""),
    }
    match r.crashing_goroutine() {
        Some(g) => h.u64(stack_fingerprint(g, level).0),
        None => match stacks {
            Some(fps) => fps.iter().for_each(|fp| h.u64(fp.0)),
            None => {
                for fp in stack_fingerprints(&r.goroutines, level) {
                    h.u64(fp.0);
                }
            }
        },
    }
    Fingerprint(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        let func = |name: &str| {
            let f = FuncName::parse(name);
            let mut s = String::new();
            canonical_function(&f, package_path(&f), &mut s);
            s
        };
        let file = |name: &str, path: &str| {
            let mut s = String::new();
            canonical_file(package_path(&FuncName::parse(name)), path, &mut s);
            s
        };
        assert_eq!(
            func("main.store[go.shape.struct { main.n int; main.s string }]"),
            "main.store[...]"
        );
        assert_eq!(
            func("github.com/me/app/vendor/github.com/x/y.(*T[...]).F.func1"),
            "github.com/x/y.(*T[...]).F.func1"
        );
        assert_eq!(
            func("main.(*S[int]).m[go.shape.int].func1"),
            "main.(*S[...]).m[...].func1"
        );
        assert_eq!(
            file(
                "github.com/x/y/z.F",
                "/root/go/pkg/mod/github.com/x/y@v1.2.3/z/f.go"
            ),
            "github.com/x/y/z/f.go"
        );
        assert_eq!(
            file(
                "net/http.(*conn).serve",
                "/usr/local/go/src/net/http/server.go"
            ),
            "net/http/server.go"
        );
        assert_eq!(
            message_shape("index out of range [5] with length 0x1f"),
            "index out of range [N] with length X"
        );
    }

    #[test]
    fn hasher_separates_fields() {
        let mut a = StableHasher::new();
        a.str("ab");
        a.str("c");
        let mut b = StableHasher::new();
        b.str("a");
        b.str("bc");
        assert_ne!(a.finish(), b.finish());
        // Pinned: the algorithm is part of the contract.
        let mut h = StableHasher::new();
        h.str("gostack");
        // Recomputed independently (Python) from the documented algorithm.
        assert_eq!(format!("{:016x}", h.finish()), "ce6ea91086776fbc");
    }
}

/// Most places listed per deduplicated report ([`Occurrences::at`]); the
/// count stays exact.
pub const MAX_OCCURRENCES: usize = 1000;

/// Where one copy of a deduplicated report was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Occurrence {
    /// Its source ([`Report::source`]), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Its lines.
    pub lines: crate::model::LineSpan,
}

/// How often, and where, a report was seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Occurrences {
    /// Copies seen (the kept one included).
    pub count: u64,
    /// Where they were, in input order (at most [`MAX_OCCURRENCES`]).
    pub at: Vec<Occurrence>,
}

/// A report kept by [`Dedup`], with where its copies were.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Deduped<'a> {
    /// The first copy.
    pub report: Report<'a>,
    /// Every copy, the first included.
    pub occurrences: Occurrences,
}

/// Collapses identical reports — the same [`report_fingerprint`] at a
/// level — into one with a count and the places its copies were found: a
/// crash loop of fifty identical panics becomes one report seen fifty
/// times. Reports keep the order of their first copies.
///
/// ```
/// use gostack::fingerprint::{Dedup, Level};
/// let one = "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\nexit status 2\n";
/// let log = one.repeat(3);
/// let mut d = Dedup::new(Level::Line);
/// for r in gostack::parse(&log) {
///     d.push(r);
/// }
/// let kept = d.finish();
/// assert_eq!(kept.len(), 1);
/// assert_eq!(kept[0].occurrences.count, 3);
/// assert_eq!(kept[0].occurrences.at[2].lines.start, 13);
/// ```
#[derive(Debug)]
pub struct Dedup<'a> {
    level: Level,
    index: std::collections::HashMap<Fingerprint, usize>,
    kept: Vec<Deduped<'a>>,
}

impl<'a> Dedup<'a> {
    /// Deduplicates by fingerprints at `level`.
    pub fn new(level: Level) -> Self {
        Dedup {
            level,
            index: std::collections::HashMap::new(),
            kept: Vec::new(),
        }
    }

    /// Takes a report: kept when it is the first of its fingerprint, else
    /// counted. Returns true when it was kept.
    pub fn push(&mut self, r: Report<'a>) -> bool {
        let fp = report_fingerprint(&r, self.level);
        let at = Occurrence {
            source: r.source.as_deref().map(str::to_owned),
            lines: r.lines,
        };
        match self.index.get(&fp) {
            Some(&i) => {
                let o = &mut self.kept[i].occurrences;
                o.count += 1;
                if o.at.len() < MAX_OCCURRENCES {
                    o.at.push(at);
                }
                false
            }
            None => {
                self.index.insert(fp, self.kept.len());
                self.kept.push(Deduped {
                    report: r,
                    occurrences: Occurrences {
                        count: 1,
                        at: vec![at],
                    },
                });
                true
            }
        }
    }

    /// Distinct reports kept so far.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// True when no report was taken.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The distinct reports, in the order of their first copies.
    pub fn finish(self) -> Vec<Deduped<'a>> {
        self.kept
    }
}
