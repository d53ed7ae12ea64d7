//! Buckets of goroutines with the same stack.
//!
//! [`group`] folds goroutines whose stacks are equal under a
//! [`Similarity`] into [`Bucket`]s in one pass (a hash per goroutine, an
//! exact comparison only against the bucket whose hash matches). Goroutine
//! ids, parent ids (`created by … in goroutine N`), wait minutes, states and
//! `+0x` offsets never split a bucket; the bucket keeps them as data.

use std::collections::HashMap;

use serde::Serialize;

use crate::fingerprint::StableHasher;
use crate::model::args::{lex, Tok};
use crate::model::{parse_args, Arg, Frame, Goroutine, Report};

/// When two stacks count as the same.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Similarity {
    /// Functions, files, lines and the argument lists as printed.
    Exact,
    /// As [`Similarity::Exact`], but words that look like pointers (at least
    /// `0x100000`) are equal whatever their value.
    #[default]
    IgnorePointers,
    /// Functions, files and lines; arguments ignored.
    IgnoreArgs,
    /// Functions and files only; lines and arguments ignored.
    IgnoreLines,
}

/// The states of `gs` with how many are in each, most frequent first (ties
/// by name).
pub fn state_counts<'g>(gs: impl IntoIterator<Item = &'g Goroutine<'g>>) -> Vec<(&'g str, usize)> {
    // A handful of distinct states: a linear scan.
    let mut v: Vec<(&str, usize)> = Vec::new();
    for g in gs {
        let s = g.state.as_deref().unwrap_or("");
        match v.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += 1,
            None => v.push((s, 1)),
        }
    }
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v
}

/// The frame that names a stack for a reader: the first in the program's
/// own code (`main` or a module path such as `example.com/…`), else the
/// first outside the runtime, else the first.
pub fn user_frame<'g, 'a>(g: &'g Goroutine<'a>) -> Option<&'g Frame<'a>> {
    let own = |f: &&Frame<'_>| {
        let pkg = f.func().package;
        pkg == "main" || pkg.split('/').next().is_some_and(|e| e.contains('.'))
    };
    g.frames
        .iter()
        .find(own)
        .or_else(|| g.frames.iter().find(|f| !f.is_runtime()))
        .or(g.frames.first())
}

/// True for goroutines of the runtime itself: every frame and the
/// `created by` function are in the runtime (`runtime.`, `internal/runtime/`).
pub fn is_runtime_goroutine(g: &Goroutine<'_>) -> bool {
    !g.frames.is_empty()
        && g.frames.iter().all(|f| f.is_runtime())
        && g.created_by.as_ref().is_none_or(|c| c.frame.is_runtime())
}

/// Words at least this large are taken for pointers by
/// [`Similarity::IgnorePointers`] (heap, stack and code addresses; lengths
/// and small integers are below it).
pub const POINTER_MIN: u64 = 0x10_0000;

/// One argument of a bucket's representative frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MergedArg {
    /// Every member printed this token.
    Same(Arg),
    /// Members printed different words here (pointers, under
    /// [`Similarity::IgnorePointers`]; anything, under looser similarities).
    Differs,
}

/// Goroutines with the same stack.
#[derive(Clone, Debug, Serialize)]
pub struct Bucket<'g, 'a> {
    /// Indices of the members in the grouped slice, in input order.
    pub members: Vec<usize>,
    /// The first member: its frames are the bucket's stack.
    #[serde(skip)]
    pub representative: &'g Goroutine<'a>,
    /// Member goroutine ids (those that have one), in input order.
    pub ids: Vec<u64>,
    /// Member states with how many members are in each, most frequent first.
    pub states: Vec<(&'g str, usize)>,
    /// Smallest and largest `N minutes` among members that printed one.
    pub wait_minutes: Option<(u64, u64)>,
    /// Members `locked to thread`.
    pub locked: usize,
    /// Per frame of the representative, its arguments merged over members
    /// (`None` where a member printed no parsable list).
    pub args: Vec<Option<Vec<MergedArg>>>,
    /// Holds the goroutine that crashed ([`group_report`]).
    pub crashed: bool,
}

impl Bucket<'_, '_> {
    /// How many goroutines share this stack.
    pub fn count(&self) -> usize {
        self.members.len()
    }

    /// How many goroutines the members stand for: a pprof `debug=1` record
    /// counts for its `count`, anything else for one. `all` is the slice
    /// that was grouped.
    pub fn goroutines(&self, all: &[Goroutine<'_>]) -> u64 {
        self.members
            .iter()
            .map(|&m| all[m].count.unwrap_or(1))
            .sum()
    }

    /// True when some frame is outside the runtime (`runtime.`,
    /// `internal/runtime/`): buckets of user code rank first.
    pub fn has_user_code(&self) -> bool {
        self.representative.frames.iter().any(|f| !f.is_runtime())
    }
}

/// The words of an argument list, parsed (for the representative only).
fn arg_tokens(f: &Frame<'_>) -> Option<Vec<Arg>> {
    parse_args(f.args.as_deref()?)
}

/// Whether two words are equal under `sim`.
#[inline]
fn words_equal(v: u64, w: u64, sim: Similarity) -> bool {
    v == w || sim == Similarity::IgnorePointers && v >= POINTER_MIN && w >= POINTER_MIN
}

/// Scratch buffers reused across frames.
#[derive(Default)]
struct Scratch {
    a: Vec<Tok>,
    b: Vec<Tok>,
}

fn hash_args(h: &mut StableHasher, f: &Frame<'_>, sim: Similarity, sc: &mut Scratch) {
    let raw = f.args.as_deref().unwrap_or("\u{0}");
    if lex(raw, &mut sc.a).is_none() {
        h.str(raw);
        return;
    }
    h.u64(sc.a.len() as u64);
    for t in &sc.a {
        match *t {
            Tok::Word(v, _) if sim == Similarity::IgnorePointers && v >= POINTER_MIN => h.u64(1),
            Tok::Word(v, _) => {
                h.u64(2);
                h.u64(v);
            }
            Tok::Open => h.u64(3),
            Tok::Close => h.u64(4),
            Tok::Ellipsis => h.u64(5),
            Tok::Unknown => h.u64(6),
        }
    }
}

fn args_equal(a: &Frame<'_>, b: &Frame<'_>, sim: Similarity, sc: &mut Scratch) -> bool {
    if a.args == b.args {
        return true;
    }
    let (Some(x), Some(y)) = (a.args.as_deref(), b.args.as_deref()) else {
        return false;
    };
    if lex(x, &mut sc.a).is_none() || lex(y, &mut sc.b).is_none() {
        return false;
    }
    sc.a.len() == sc.b.len()
        && sc.a.iter().zip(&sc.b).all(|(p, q)| match (*p, *q) {
            (Tok::Word(v, _), Tok::Word(w, _)) => words_equal(v, w, sim),
            (p, q) => p == q,
        })
}

/// Tokens of one printed `Arg`, in order.
fn flatten(a: &Arg, out: &mut Vec<Tok>) {
    match a {
        Arg::Word { value, inexact } => out.push(Tok::Word(*value, *inexact)),
        Arg::Aggregate(items) => {
            out.push(Tok::Open);
            for i in items {
                flatten(i, out);
            }
            out.push(Tok::Close);
        }
        Arg::Ellipsis => out.push(Tok::Ellipsis),
        Arg::Unknown => out.push(Tok::Unknown),
    }
}

/// Marks the representative's top-level arguments that `raw` (a member's
/// list) prints differently.
fn merge(into: &mut [MergedArg], raw: &str, sc: &mut Scratch) {
    if lex(raw, &mut sc.b).is_none() {
        return;
    }
    let mut pos = 0;
    for m in into.iter_mut() {
        // The member's tokens for this argument: up to depth 0 again.
        let start = pos;
        let mut depth = 0i32;
        while pos < sc.b.len() {
            match sc.b[pos] {
                Tok::Open => depth += 1,
                Tok::Close => depth -= 1,
                _ => {}
            }
            pos += 1;
            if depth <= 0 {
                break;
            }
        }
        if let MergedArg::Same(a) = m {
            sc.a.clear();
            flatten(a, &mut sc.a);
            // The same words (a `?` is a printing detail, not a value).
            let same = sc.a.len() == pos - start
                && sc
                    .a
                    .iter()
                    .zip(&sc.b[start..pos])
                    .all(|(x, y)| match (*x, *y) {
                        (Tok::Word(v, _), Tok::Word(w, _)) => v == w,
                        (x, y) => x == y,
                    });
            if !same {
                *m = MergedArg::Differs;
            }
        }
    }
}

/// A cheap summary of a string for the bucket key: its length and its
/// first and last eight bytes. Keys only pick the candidate bucket; the
/// stacks are then compared in full, so a summary collision costs a
/// comparison, never a wrong merge.
#[inline]
fn summary(h: &mut StableHasher, s: &str) {
    let b = s.as_bytes();
    let word = |x: &[u8]| {
        let mut w = [0u8; 8];
        w[..x.len()].copy_from_slice(x);
        u64::from_le_bytes(w)
    };
    let n = b.len();
    h.u64(n as u64);
    h.u64(word(&b[..n.min(8)]));
    if n > 8 {
        h.u64(word(&b[n - 8..]));
    }
}

fn frame_key(h: &mut StableHasher, f: &Frame<'_>, sim: Similarity, sc: &mut Scratch) {
    summary(h, &f.function);
    summary(h, f.file.as_deref().unwrap_or(""));
    if sim != Similarity::IgnoreLines {
        h.u64(f.line.map_or(u64::MAX, u64::from));
    }
    match sim {
        Similarity::Exact => summary(h, f.args.as_deref().unwrap_or("\u{0}")),
        Similarity::IgnorePointers => hash_args(h, f, sim, sc),
        Similarity::IgnoreArgs | Similarity::IgnoreLines => {}
    }
}

fn key(g: &Goroutine<'_>, sim: Similarity, sc: &mut Scratch) -> u64 {
    let mut h = StableHasher::new();
    h.u64(g.frames.len() as u64);
    for f in &g.frames {
        frame_key(&mut h, f, sim, sc);
    }
    match &g.created_by {
        Some(c) => {
            h.u64(1);
            frame_key(&mut h, &c.frame, Similarity::IgnoreArgs.max(sim), sc);
        }
        None => h.u64(0),
    }
    h.u64(u64::from(g.frames_elided()));
    h.finish()
}

fn frames_equal(a: &Frame<'_>, b: &Frame<'_>, sim: Similarity, sc: &mut Scratch) -> bool {
    if a.function != b.function || a.file != b.file {
        return false;
    }
    if sim != Similarity::IgnoreLines && a.line != b.line {
        return false;
    }
    match sim {
        Similarity::Exact => a.args == b.args,
        Similarity::IgnorePointers => args_equal(a, b, sim, sc),
        Similarity::IgnoreArgs | Similarity::IgnoreLines => true,
    }
}

fn stacks_equal(a: &Goroutine<'_>, b: &Goroutine<'_>, sim: Similarity, sc: &mut Scratch) -> bool {
    let created = match (&a.created_by, &b.created_by) {
        (Some(x), Some(y)) => frames_equal(&x.frame, &y.frame, Similarity::IgnoreArgs.max(sim), sc),
        (None, None) => true,
        _ => false,
    };
    created
        && a.frames.len() == b.frames.len()
        && a.frames_elided() == b.frames_elided()
        && a.frames
            .iter()
            .zip(&b.frames)
            .all(|(x, y)| frames_equal(x, y, sim, sc))
}

/// Whether two goroutines' stacks are the same under `sim`.
pub fn same_stack(a: &Goroutine<'_>, b: &Goroutine<'_>, sim: Similarity) -> bool {
    stacks_equal(a, b, sim, &mut Scratch::default())
}

/// Folds `goroutines` into buckets of equal stacks, in first-seen order.
///
/// ```
/// use gostack::group::{group, Similarity};
/// let text = "goroutine 5 [chan receive]:\nmain.worker(0xc000010000)\n\t/app/main.go:12 +0x1d\ncreated by main.main in goroutine 1\n\t/app/main.go:30 +0x25\n\ngoroutine 6 [chan receive, 2 minutes]:\nmain.worker(0xc000020000)\n\t/app/main.go:12 +0x1d\ncreated by main.main in goroutine 4\n\t/app/main.go:30 +0x25\n";
/// let r = gostack::parse(text);
/// let buckets = group(&r[0].goroutines, Similarity::IgnorePointers);
/// assert_eq!(buckets.len(), 1);
/// assert_eq!(buckets[0].ids, [5, 6]);
/// assert_eq!(buckets[0].wait_minutes, Some((2, 2)));
/// assert_eq!(group(&r[0].goroutines, Similarity::Exact).len(), 2);
/// ```
pub fn group<'g, 'a>(goroutines: &'g [Goroutine<'a>], sim: Similarity) -> Vec<Bucket<'g, 'a>> {
    let mut buckets: Vec<Bucket<'g, 'a>> = Vec::new();
    // Hash → buckets with that hash (more than one only on a collision).
    let mut index: HashMap<u64, Vec<usize>, std::hash::BuildHasherDefault<PassThrough>> =
        HashMap::default();
    let mut sc = Scratch::default();
    for (i, g) in goroutines.iter().enumerate() {
        let k = key(g, sim, &mut sc);
        let slot = index.entry(k).or_default();
        let found = slot
            .iter()
            .copied()
            .find(|&b| stacks_equal(buckets[b].representative, g, sim, &mut sc));
        let b = match found {
            Some(b) => b,
            None => {
                slot.push(buckets.len());
                let args = g
                    .frames
                    .iter()
                    .map(|f| arg_tokens(f).map(|t| t.into_iter().map(MergedArg::Same).collect()))
                    .collect();
                buckets.push(Bucket {
                    members: Vec::new(),
                    representative: g,
                    ids: Vec::new(),
                    states: Vec::new(),
                    wait_minutes: None,
                    locked: 0,
                    args,
                    crashed: false,
                });
                buckets.len() - 1
            }
        };
        let bk = &mut buckets[b];
        // The representative's own arguments are already in `args`.
        if !bk.members.is_empty() && sim != Similarity::Exact {
            let rep = bk.representative;
            for ((m, f), r) in bk.args.iter_mut().zip(&g.frames).zip(&rep.frames) {
                if let (Some(m), Some(raw)) = (m.as_mut(), f.args.as_deref()) {
                    if f.args != r.args {
                        merge(m, raw, &mut sc);
                    }
                }
            }
        }
        bk.members.push(i);
        if let Some(id) = g.id {
            bk.ids.push(id);
        }
        if let Some(w) = g.wait_minutes {
            bk.wait_minutes = Some(match bk.wait_minutes {
                Some((lo, hi)) => (lo.min(w), hi.max(w)),
                None => (w, w),
            });
        }
        bk.locked += usize::from(g.locked_to_thread);
    }
    for bk in &mut buckets {
        bk.states = state_counts(bk.members.iter().map(|&m| &goroutines[m]));
    }
    buckets
}

/// Groups a report's goroutines and ranks the buckets: the crashing
/// goroutine's first, then buckets with user code, then by size (largest
/// first), then by first appearance. The order is deterministic.
pub fn group_report<'g, 'a>(report: &'g Report<'a>, sim: Similarity) -> Vec<Bucket<'g, 'a>> {
    let mut buckets = group(&report.goroutines, sim);
    if report.crashing_goroutine().is_some() {
        if let Some(b) = buckets.iter_mut().find(|b| b.members.first() == Some(&0)) {
            b.crashed = true;
        }
    }
    buckets.sort_by(|a, b| {
        b.crashed
            .cmp(&a.crashed)
            .then_with(|| b.has_user_code().cmp(&a.has_user_code()))
            .then_with(|| b.count().cmp(&a.count()))
            .then_with(|| a.members[0].cmp(&b.members[0]))
    });
    buckets
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
