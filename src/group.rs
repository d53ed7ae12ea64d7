//! Buckets of goroutines with the same stack.
//!
//! [`group`] folds goroutines whose stacks are equal under a
//! [`Similarity`] into [`Bucket`]s in one pass: the bucket of the goroutine
//! before is tried first (pools are listed together), else a hash per
//! goroutine picks the bucket, confirmed by an exact comparison, so a hash
//! collision costs a comparison and never a wrong merge. Goroutine
//! ids, parent ids (`created by … in goroutine N`), wait minutes, states and
//! `+0x` offsets never split a bucket; the bucket keeps them as data.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::fingerprint::StableHasher;
use crate::model::args::{hex_run, lex, tree, Tok};
use crate::model::{Arg, Frame, Goroutine, Report};

/// When two stacks count as the same. Reads from (and serde-deserialises
/// from) its JSON name or the CLI's short one: `exact`, `ignore-pointers` /
/// `pointers`, `ignore-args` / `args`, `ignore-lines` / `lines`.
///
/// ```
/// use gostack::group::Similarity;
/// assert_eq!("args".parse::<Similarity>().unwrap(), Similarity::IgnoreArgs);
/// assert_eq!(Similarity::IgnoreArgs.to_string(), "ignore-args");
/// let s: Similarity = serde_json::from_str("\"pointers\"").unwrap();
/// assert_eq!(s, Similarity::IgnorePointers);
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Similarity {
    /// Functions, files, lines and the argument lists as printed.
    Exact,
    /// As [`Similarity::Exact`], but words that look like pointers (at least
    /// `0x100000`) are equal whatever their value.
    #[default]
    #[serde(alias = "pointers")]
    IgnorePointers,
    /// Functions, files and lines; arguments ignored.
    #[serde(alias = "args")]
    IgnoreArgs,
    /// Functions and files only; lines and arguments ignored.
    #[serde(alias = "lines")]
    IgnoreLines,
}

impl Similarity {
    /// The JSON name (`ignore-pointers`).
    pub fn as_str(self) -> &'static str {
        match self {
            Similarity::Exact => "exact",
            Similarity::IgnorePointers => "ignore-pointers",
            Similarity::IgnoreArgs => "ignore-args",
            Similarity::IgnoreLines => "ignore-lines",
        }
    }
}

impl std::fmt::Display for Similarity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Similarity {
    type Err = crate::error::UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "exact" => Similarity::Exact,
            "ignore-pointers" | "pointers" => Similarity::IgnorePointers,
            "ignore-args" | "args" => Similarity::IgnoreArgs,
            "ignore-lines" | "lines" => Similarity::IgnoreLines,
            _ => {
                return Err(crate::error::UnknownValue::new(
                    "similarity",
                    s,
                    &["exact", "pointers", "args", "lines"],
                ))
            }
        })
    }
}

/// The states of `gs` with how many are in each, most frequent first (ties
/// by name).
pub fn state_counts<'g>(gs: impl IntoIterator<Item = &'g Goroutine<'g>>) -> Vec<(&'g str, usize)> {
    let mut v: Vec<(&str, usize)> = Vec::new();
    let mut count = StateCount::default();
    for g in gs {
        count.add(&mut v, g.state.as_deref().unwrap_or(""));
    }
    sort_states(&mut v);
    v
}

/// Counts goroutines by state: a linear scan over the few distinct states
/// real dumps have, an index once there are more (any number of distinct
/// states costs constant time per goroutine).
#[derive(Debug, Default)]
struct StateCount<'g> {
    index: Option<HashMap<&'g str, usize>>,
}

/// States a scan looks through before an index is built.
const STATES_SCANNED: usize = 8;

impl<'g> StateCount<'g> {
    fn add(&mut self, v: &mut Vec<(&'g str, usize)>, s: &'g str) {
        if let Some(ix) = &mut self.index {
            let k = *ix.entry(s).or_insert_with(|| {
                v.push((s, 0));
                v.len() - 1
            });
            v[k].1 += 1;
            return;
        }
        match v.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += 1,
            None => {
                v.push((s, 1));
                if v.len() > STATES_SCANNED {
                    self.index = Some(v.iter().enumerate().map(|(k, (x, _))| (*x, k)).collect());
                }
            }
        }
    }
}

/// Most frequent first, ties by name.
fn sort_states(v: &mut [(&str, usize)]) {
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
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
#[non_exhaustive]
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
    /// Members that printed `N minutes` (the others waited under a minute,
    /// or are not waiting).
    pub waiting: usize,
    /// Members `locked to thread`.
    pub locked: usize,
    /// Per frame of the representative, its arguments merged over members
    /// (`None` where a member printed no parsable list).
    pub args: Vec<Option<Vec<MergedArg>>>,
    /// Holds the goroutine that crashed ([`group_report`]).
    pub crashed: bool,
    /// Goroutines the members stand for (counted while grouping).
    #[serde(skip)]
    total: u64,
    /// Some member carries pprof labels.
    #[serde(skip)]
    labeled: bool,
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
        // Counted while grouping (reading the members again, scattered
        // over a large dump, costs a cache miss each).
        let _ = all;
        self.total
    }

    /// The members' pprof labels merged ([`merge_labels`]); empty when no
    /// member carries any (known from grouping, without reading them).
    pub(crate) fn labels(&self, all: &[Goroutine<'_>]) -> Vec<LabelValues> {
        if !self.labeled {
            return Vec::new();
        }
        merge_labels(self.members.iter().map(|&m| &all[m]))
    }

    /// True when some frame is outside the runtime (`runtime.`,
    /// `internal/runtime/`): buckets of user code rank first.
    pub fn has_user_code(&self) -> bool {
        self.representative.frames.iter().any(|f| !f.is_runtime())
    }
}

/// Whether two words are equal under `sim`.
#[inline]
fn words_equal(v: u64, w: u64, sim: Similarity) -> bool {
    v == w || sim == Similarity::IgnorePointers && v >= POINTER_MIN && w >= POINTER_MIN
}

/// The argument tokens of one goroutine's frames, each list lexed at most
/// once, when first needed.
#[derive(Debug, Default)]
struct Lexed {
    toks: Vec<Tok>,
    spans: Vec<Span>,
}

#[derive(Clone, Copy, Debug)]
enum Span {
    Unread,
    /// No list, or one that does not lex (compared as printed).
    Unlexable,
    /// The range of the list's tokens in `toks`.
    At(u32, u32),
}

impl Lexed {
    /// Starts over for a stack of `n` frames.
    fn reset(&mut self, n: usize) {
        self.toks.clear();
        self.spans.clear();
        self.spans.resize(n, Span::Unread);
    }

    /// Lexes every list of `frames` now.
    fn fill(&mut self, frames: &[Frame<'_>]) {
        self.reset(frames.len());
        for i in 0..frames.len() {
            self.frame(frames, i);
        }
    }

    /// The tokens of frame `i` of `frames` (the stack this was reset for).
    fn frame(&mut self, frames: &[Frame<'_>], i: usize) -> Option<&[Tok]> {
        if let Span::Unread = self.spans[i] {
            let start = self.toks.len();
            let ok = frames[i]
                .args
                .as_deref()
                .is_some_and(|raw| lex(raw, &mut self.toks).is_some());
            self.spans[i] = if ok {
                Span::At(start as u32, self.toks.len() as u32)
            } else {
                self.toks.truncate(start);
                Span::Unlexable
            };
        }
        self.get(i)
    }

    /// The tokens of frame `i`, if lexed.
    fn get(&self, i: usize) -> Option<&[Tok]> {
        match *self.spans.get(i)? {
            Span::At(a, b) => Some(&self.toks[a as usize..b as usize]),
            Span::Unread | Span::Unlexable => None,
        }
    }
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// A whole string reduced to one word for the bucket key (every byte and
/// the length count, eight bytes per multiply). Keys only pick the
/// candidate bucket; stacks are then compared in full, so a collision costs
/// a comparison, never a wrong merge — and hashing whole names keeps
/// collisions rare on any input, generated names that share their ends
/// included.
#[inline]
fn whole(s: &str) -> u64 {
    whole_bytes(s.as_bytes())
}

/// [`whole`] of any bytes.
#[inline]
fn whole_bytes(b: &[u8]) -> u64 {
    let mut h = (b.len() as u64).wrapping_mul(K);
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        h = (h.rotate_left(23) ^ u64::from_le_bytes(w.try_into().expect("8 bytes")))
            .wrapping_mul(K);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        // The last eight bytes (overlapping what came before; the length is
        // in the hash), or the few bytes of a short string; fixed-size loads
        // (a variable-length copy would call memcpy).
        let tail = match (b.last_chunk::<8>(), b.last_chunk::<4>()) {
            (Some(t), _) => u64::from_le_bytes(*t),
            (None, Some(t)) => u64::from(u32::from_le_bytes(*t)) | u64::from(b[0]) << 32,
            (None, None) => rest.iter().fold(0, |w, c| w << 8 | u64::from(*c)),
        };
        h = (h.rotate_left(23) ^ tail).wrapping_mul(K);
    }
    h
}

/// The key of one frame: function, file, line (unless ignored) and, by
/// similarity, the argument list.
fn frame_key(h: &mut StableHasher, f: &Frame<'_>, sim: Similarity) {
    h.u64(whole(&f.function));
    let line = match sim {
        Similarity::IgnoreLines => 0,
        _ => f.line.map_or(u64::MAX, u64::from),
    };
    h.u64(whole(f.file.as_deref().unwrap_or("")).rotate_left(17) ^ line);
    let args = f.args.as_deref().unwrap_or("\u{0}");
    match sim {
        // In full: lists often differ only in the middle.
        Similarity::Exact => h.str(args),
        Similarity::IgnorePointers => h.u64(pointerless(args.as_bytes())),
        Similarity::IgnoreArgs | Similarity::IgnoreLines => {}
    }
}

/// A word for an argument list that does not change with its pointers:
/// the bytes with every `0x…` word read as its value (or as "a pointer"
/// at [`POINTER_MIN`] and above) and every `?` left out. Lists whose tokens
/// are equal under [`Similarity::IgnorePointers`] print the same bytes
/// between their words, so they get the same word (lists that do not lex
/// compare as printed, and any function of the bytes agrees with that).
/// Cheaper than lexing, which only frames whose lists differ from the
/// representative's then need.
fn pointerless(b: &[u8]) -> u64 {
    // Words and the bytes between them (commas, braces, `_`, `...`, eight
    // to a word) through one multiply chain, so that order counts.
    let (mut h, mut other, mut n) = (0u64, 0u64, 0u32);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'0' && b.get(i + 1) == Some(&b'x') {
            let v;
            (v, i) = hex_run(b, i + 2);
            let w = if v >= POINTER_MIN { POINTER_MIN } else { v };
            h = (h.rotate_left(23) ^ other ^ w.rotate_left(11)).wrapping_mul(K);
            (other, n) = (0, 0);
            continue;
        }
        if c != b'?' {
            other = other << 8 | u64::from(c);
            n += 1;
            if n == 8 {
                h = (h.rotate_left(23) ^ other).wrapping_mul(K);
                (other, n) = (0, 0);
            }
        }
        i += 1;
    }
    (h.rotate_left(23) ^ other ^ u64::from(n)).wrapping_mul(K)
}

fn key(g: View<'_, '_>, sim: Similarity) -> u64 {
    let mut h = StableHasher::new();
    h.u64(g.frames.len() as u64 | u64::from(g.elided) << 63);
    for f in g.frames {
        frame_key(&mut h, f, sim);
    }
    if let Some(c) = g.created {
        frame_key(&mut h, c, Similarity::IgnoreArgs.max(sim));
    }
    h.finish()
}

/// What the grouper reads of a goroutine: the frames of its stack (those
/// of the goroutine it shares them with, when the scanner released its
/// own: [`Goroutine::stack`]), its `created by` frame, whether frames
/// were elided.
#[derive(Clone, Copy)]
struct View<'t, 'x> {
    frames: &'t [Frame<'x>],
    created: Option<&'t Frame<'x>>,
    elided: bool,
}

impl<'t, 'x> View<'t, 'x> {
    /// Goroutine `g` of `all`.
    fn of(g: &'t Goroutine<'x>, all: &'t [Goroutine<'x>]) -> Self {
        View {
            frames: g.stack(all),
            created: g.created_by.as_ref().map(|c| &c.frame),
            elided: g.frames_elided(),
        }
    }
}

/// A place of a representative's stack as the grouper keeps it: what a
/// member's frame is compared with.
#[derive(Clone, Copy, Debug)]
struct Place<'s> {
    function: &'s str,
    file: Option<&'s str>,
    line: Option<u32>,
    args: Option<&'s str>,
}

/// Same function, file and (unless `sim` ignores lines) line.
#[inline]
fn place_equal(a: &Place<'_>, b: &Frame<'_>, sim: Similarity) -> bool {
    (a.line == b.line || sim == Similarity::IgnoreLines)
        && a.function == &*b.function
        && a.file == b.file.as_deref()
}

/// Token lists equal under `sim` (pointers equal whatever their value
/// under [`Similarity::IgnorePointers`]).
fn tokens_equal(x: &[Tok], y: &[Tok], sim: Similarity) -> bool {
    x.len() == y.len()
        && x.iter().zip(y).all(|(p, q)| match (*p, *q) {
            (Tok::Word(v, _), Tok::Word(w, _)) => words_equal(v, w, sim),
            (p, q) => p == q,
        })
}

/// How the grouper keeps the strings of a goroutine it reads: any string,
/// for as long as the goroutines are borrowed ([`Any`]), or only those
/// borrowed from the input, for as long as the input is
/// ([`FromInput`]: a report's goroutines grouped while it is parsed, whose
/// list grows after each is read).
trait Keep<'t, 'x, 's>: Copy {
    // The `Cow` itself: whether it borrows is what `FromInput` asks.
    #[allow(clippy::ptr_arg)]
    fn keep(self, c: &'t Cow<'x, str>) -> Option<&'s str>;
}

/// An optional string kept (`Some(None)`: there was none; `None`: it
/// could not be kept).
#[inline]
fn keep_opt<'t, 'x, 's, K: Keep<'t, 'x, 's>>(
    keep: K,
    c: &'t Option<Cow<'x, str>>,
) -> Option<Option<&'s str>> {
    match c {
        Some(s) => keep.keep(s).map(Some),
        None => Some(None),
    }
}

/// The argument list of `frame`, kept (`Some(None)`: no frame or no
/// list; `None`: it could not be kept).
#[inline]
fn list<'t, 'x, 's, K: Keep<'t, 'x, 's>>(
    keep: K,
    frame: Option<&'t Frame<'x>>,
) -> Option<Option<&'s str>> {
    frame.map_or(Some(None), |f| keep_opt(keep, &f.args))
}

#[derive(Clone, Copy)]
struct Any;

impl<'t, 'x: 't> Keep<'t, 'x, 't> for Any {
    #[inline]
    fn keep(self, c: &'t Cow<'x, str>) -> Option<&'t str> {
        Some(c.as_ref())
    }
}

#[derive(Clone, Copy)]
struct FromInput;

impl<'t, 's> Keep<'t, 's, 's> for FromInput {
    #[inline]
    fn keep(self, c: &'t Cow<'s, str>) -> Option<&'s str> {
        match c {
            Cow::Borrowed(s) => Some(s),
            Cow::Owned(_) => None,
        }
    }
}

/// A representative's stack as the grouper keeps it: its places and
/// argument lists (compact, so that comparing a goroutine with it reads
/// little beyond the goroutine itself), and its lists' tokens.
#[derive(Debug)]
struct Stack<'s> {
    places: Vec<Place<'s>>,
    created: Option<Place<'s>>,
    elided: bool,
    lexed: Lexed,
}

impl<'s> Stack<'s> {
    /// The stack of `g`, or `None` when `keep` cannot keep one of its
    /// strings.
    fn of<'t, 'x, K: Keep<'t, 'x, 's>>(g: View<'t, 'x>, keep: K) -> Option<Self> {
        let place = |f: &'t Frame<'x>| -> Option<Place<'s>> {
            Some(Place {
                function: keep.keep(&f.function)?,
                file: keep_opt(keep, &f.file)?,
                line: f.line,
                args: keep_opt(keep, &f.args)?,
            })
        };
        let places = g.frames.iter().map(place).collect::<Option<Vec<_>>>()?;
        let created = match g.created {
            Some(c) => Some(place(c)?),
            None => None,
        };
        let mut lexed = Lexed::default();
        lexed.fill(g.frames);
        Some(Stack {
            places,
            created,
            elided: g.elided,
            lexed,
        })
    }

    /// Whether `b` has this stack under `sim` (`lb`: `b`'s argument
    /// tokens, lexed here as needed under [`Similarity::IgnorePointers`]).
    fn matches(&self, b: View<'_, '_>, lb: &mut Lexed, sim: Similarity) -> bool {
        let created = match (&self.created, b.created) {
            (Some(x), Some(y)) => place_equal(x, y, sim),
            (None, None) => true,
            _ => false,
        };
        created
            && self.places.len() == b.frames.len()
            && self.elided == b.elided
            && self
                .places
                .iter()
                .zip(b.frames)
                .enumerate()
                .all(|(i, (x, y))| {
                    place_equal(x, y, sim)
                        && match sim {
                            Similarity::IgnoreArgs | Similarity::IgnoreLines => true,
                            _ if x.args == y.args.as_deref() => true,
                            Similarity::Exact => false,
                            Similarity::IgnorePointers => {
                                match (self.lexed.get(i), lb.frame(b.frames, i)) {
                                    (Some(p), Some(q)) => tokens_equal(p, q, sim),
                                    _ => false,
                                }
                            }
                        }
                })
    }
}

/// Whether two goroutines' stacks are the same under `sim`.
pub fn same_stack(a: &Goroutine<'_>, b: &Goroutine<'_>, sim: Similarity) -> bool {
    let own = |g| View::of(g, &[]);
    let a = Stack::of(own(a), Any).expect("any string is kept");
    let mut lb = Lexed::default();
    lb.reset(b.frames.len());
    a.matches(own(b), &mut lb, sim)
}

/// The end of the top-level argument that starts at `pos` in `t`.
fn arg_end(t: &[Tok], mut pos: usize) -> usize {
    let mut depth = 0i32;
    while pos < t.len() {
        match t[pos] {
            Tok::Open => depth += 1,
            Tok::Close => depth -= 1,
            _ => {}
        }
        pos += 1;
        if depth <= 0 {
            break;
        }
    }
    pos
}

/// Marks the representative's top-level arguments (`into`, printed as
/// `rep`) that a member (printing `mem`) prints differently. A `?` is a
/// printing detail, not a value. Returns how many became
/// [`MergedArg::Differs`].
fn merge(into: &mut [MergedArg], rep: &[Tok], mem: &[Tok]) -> usize {
    let (mut p, mut q) = (0, 0);
    let mut changed = 0;
    for m in into.iter_mut() {
        let (pe, qe) = (arg_end(rep, p), arg_end(mem, q));
        if matches!(m, MergedArg::Same(_)) {
            let same = pe - p == qe - q
                && rep[p..pe]
                    .iter()
                    .zip(&mem[q..qe])
                    .all(|(x, y)| match (*x, *y) {
                        (Tok::Word(v, _), Tok::Word(w, _)) => v == w,
                        (x, y) => x == y,
                    });
            if !same {
                *m = MergedArg::Differs;
                changed += 1;
            }
        }
        (p, q) = (pe, qe);
    }
    changed
}

/// One bucket while goroutines are added.
#[derive(Debug)]
struct Acc<'s> {
    /// The representative's index.
    rep: usize,
    stack: Stack<'s>,
    members: Vec<usize>,
    ids: Vec<u64>,
    states: Vec<(&'s str, usize)>,
    counts: StateCount<'s>,
    wait_minutes: Option<(u64, u64)>,
    waiting: usize,
    locked: usize,
    total: u64,
    labeled: bool,
    args: Vec<Option<Vec<MergedArg>>>,
    /// Arguments of `args` still [`MergedArg::Same`].
    same: usize,
    /// For the frames with an argument that may still turn out to vary
    /// (one still [`MergedArg::Same`]), the list each member printed
    /// there: kept when members' frames are released
    /// ([`Grouper::release`]), for the tally to read again.
    kept: Vec<(usize, Vec<Option<&'s str>>)>,
    /// The varying arguments of the frames that have some, by frame (when
    /// the grouper tallies them).
    tallies: Vec<FrameTally<'s>>,
}

/// Folds goroutines into buckets of equal stacks one at a time, in input
/// order — the one implementation of grouping: [`group`] over a slice,
/// and the parser while it reads a report (a goroutine is then compared
/// while its text is still in the cache; see
/// [`Scanner::group_while_parsing`](crate::Scanner::group_while_parsing)).
/// With [`Grouper::with_varying`], it also tallies the values of the
/// arguments that vary in each bucket ([`Bucket::varying_args`]) as it
/// goes.
#[derive(Debug)]
pub(crate) struct Grouper<'s> {
    sim: Similarity,
    varying: bool,
    /// The caller releases the frames of each goroutine that joins a
    /// bucket once it is added: the lists it printed are kept here.
    release: bool,
    /// Goroutines added (the first `added` of the list).
    added: usize,
    /// A string could not be kept: the grouping is unusable.
    lost: bool,
    accs: Vec<Acc<'s>>,
    /// Hash → buckets with that hash (more than one only on a collision).
    index: HashMap<u64, Vec<usize>, std::hash::BuildHasherDefault<PassThrough>>,
    /// The current goroutine's tokens, each list lexed once if at all (for
    /// the comparison and the merge).
    cur: Lexed,
    /// The bucket of the goroutine before: dumps list goroutines in
    /// creation order, so members of a pool often follow each other, and
    /// a match here needs no key. (Buckets are equivalence classes: a
    /// goroutine equal to one representative is equal to no other.)
    last: Option<usize>,
    /// Per bucket, the bucket of the goroutine that followed its last run:
    /// goroutines started in a loop (`go recv(); go send(); …`) print in a
    /// cycle, and the bucket that followed last time is checked before any
    /// key is computed.
    next: Vec<usize>,
}

impl<'s> Grouper<'s> {
    pub(crate) fn new(sim: Similarity) -> Self {
        Grouper {
            sim,
            varying: false,
            release: false,
            added: 0,
            lost: false,
            accs: Vec::new(),
            index: HashMap::default(),
            cur: Lexed::default(),
            last: None,
            next: Vec::new(),
        }
    }

    /// Tallies the varying arguments too.
    pub(crate) fn with_varying(mut self) -> Self {
        self.varying = true;
        self
    }

    /// The grouping of `n` goroutines under `sim` (with the varying
    /// arguments when `varying`), if this is one.
    pub(crate) fn serves(&self, n: usize, sim: Similarity, varying: bool) -> bool {
        !self.lost && self.added == n && self.sim == sim && (self.varying || !varying)
    }

    /// Adds the goroutines of `all` not added yet (`all` only grows).
    fn add_all<'a>(&mut self, all: &'s [Goroutine<'a>]) {
        for i in self.added..all.len() {
            self.add(all, i, Any);
        }
    }

    /// [`Grouper::add_all`] for a report being parsed: strings are kept
    /// only when borrowed from the input (the list of goroutines grows,
    /// and is moved, after each is added). With `release`, a goroutine
    /// that joined a bucket gives up its frames
    /// ([`Goroutine::stack_of`]).
    /// `room`: where the room of released frames goes (the largest).
    pub(crate) fn catch_up(
        &mut self,
        all: &mut [Goroutine<'s>],
        release: bool,
        room: &mut Vec<Frame<'s>>,
    ) {
        self.release |= release;
        while self.added < all.len() && !self.lost {
            let i = self.added;
            let rep = self.add(all, i, FromInput);
            if let Some(r) = rep.filter(|&r| self.release && r != i) {
                let g = &mut all[i];
                let mut frames = std::mem::take(&mut g.frames);
                g.stack_of = Some(r);
                if frames.capacity() > room.capacity() {
                    frames.clear();
                    *room = frames;
                }
            }
        }
    }

    /// Adds `all[i]`, the goroutine after those added.
    /// Adds `all[i]`, the goroutine after those added. Returns the index
    /// of its bucket's representative (`None`: the grouping is lost).
    fn add<'t, 'x, K: Keep<'t, 'x, 's>>(
        &mut self,
        all: &'t [Goroutine<'x>],
        i: usize,
        keep: K,
    ) -> Option<usize> {
        debug_assert_eq!(i, self.added);
        self.added += 1;
        let g = &all[i];
        let v = View::of(g, all);
        let sim = self.sim;
        let Grouper {
            accs,
            index,
            cur,
            last,
            next,
            ..
        } = self;
        cur.reset(v.frames.len());
        let mut found = last.filter(|&b| accs[b].stack.matches(v, cur, sim));
        if found.is_none() {
            found = last
                .map(|l| next[l])
                .filter(|&b| b != usize::MAX && accs[b].stack.matches(v, cur, sim));
        }
        if found.is_none() {
            let k = key(v, sim);
            found = index.get(&k).and_then(|slot| {
                slot.iter()
                    .copied()
                    .find(|&b| accs[b].stack.matches(v, cur, sim))
            });
            if found.is_none() {
                index.entry(k).or_default().push(accs.len());
            }
        }
        let b = match found {
            Some(b) => b,
            None => {
                let Some(stack) = Stack::of(v, keep) else {
                    self.lost = true;
                    return None;
                };
                // Lexed once: the merged arguments start from these
                // tokens, and comparisons and merges read them.
                let args: Vec<Option<Vec<MergedArg>>> = (0..v.frames.len())
                    .map(|j| {
                        let t = tree(stack.lexed.get(j)?)?;
                        Some(t.into_iter().map(MergedArg::Same).collect())
                    })
                    .collect();
                let same = args.iter().flatten().map(Vec::len).sum();
                let kept = if self.release {
                    args.iter()
                        .enumerate()
                        .filter(|(_, a)| a.as_ref().is_some_and(|a| !a.is_empty()))
                        .map(|(j, _)| (j, Vec::new()))
                        .collect()
                } else {
                    Vec::new()
                };
                next.push(usize::MAX);
                accs.push(Acc {
                    rep: i,
                    stack,
                    members: Vec::new(),
                    ids: Vec::new(),
                    states: Vec::new(),
                    counts: StateCount::default(),
                    wait_minutes: None,
                    waiting: 0,
                    locked: 0,
                    total: 0,
                    labeled: false,
                    args,
                    same,
                    kept,
                    tallies: Vec::new(),
                });
                accs.len() - 1
            }
        };
        if let Some(l) = last.filter(|&l| l != b) {
            next[l] = b;
        }
        *last = Some(b);
        let acc = &mut accs[b];
        // The representative's own arguments are already in `args`; under
        // `Exact` members print the same lists.
        if !acc.members.is_empty() && sim != Similarity::Exact && acc.same > 0 {
            for j in 0..acc.args.len().min(v.frames.len()) {
                let Some(m) = acc.args[j].as_mut() else {
                    continue;
                };
                if v.frames[j].args.as_deref() == acc.stack.places[j].args
                    || !m.iter().any(|x| matches!(x, MergedArg::Same(_)))
                {
                    continue;
                }
                let (Some(rt), Some(mt)) = (acc.stack.lexed.get(j), cur.frame(v.frames, j)) else {
                    continue;
                };
                let turned = merge(m, rt, mt);
                acc.same -= turned;
                let settled = !m.iter().any(|x| matches!(x, MergedArg::Same(_)));
                let kept = acc.kept.iter().position(|(f, _)| *f == j);
                if turned > 0 && self.varying {
                    // An argument varies from here on: the members before
                    // printed it as the representative did, and are read
                    // again for it, so that the tally is the one a pass
                    // over all members with every varying argument known
                    // gives (the same values, in input order). Members
                    // whose frames were released left their lists.
                    let mut t = FrameTally::new(j, m);
                    for (k, &p) in acc.members.iter().enumerate() {
                        let raw = if self.release {
                            kept.and_then(|x| acc.kept[x].1[k])
                        } else {
                            let Some(raw) = list(keep, View::of(&all[p], all).frames.get(j)) else {
                                self.lost = true;
                                return None;
                            };
                            raw
                        };
                        if let Some(raw) = raw {
                            t.add(raw);
                        }
                    }
                    match acc.tallies.binary_search_by_key(&j, |t| t.frame) {
                        Ok(k) => acc.tallies[k] = t,
                        Err(k) => acc.tallies.insert(k, t),
                    }
                }
                if let Some(x) = kept.filter(|_| settled) {
                    // Every argument of the frame varies: nothing more to
                    // read again.
                    acc.kept.swap_remove(x);
                }
            }
        }
        // The lists a member prints where an argument may still turn out
        // to vary, for when its frames are released.
        for (j, lists) in &mut acc.kept {
            let Some(raw) = list(keep, v.frames.get(*j)) else {
                self.lost = true;
                return None;
            };
            lists.push(raw);
        }
        for t in &mut acc.tallies {
            let Some(raw) = list(keep, v.frames.get(t.frame)) else {
                self.lost = true;
                return None;
            };
            if let Some(raw) = raw {
                t.add(raw);
            }
        }
        acc.members.push(i);
        if let Some(id) = g.id {
            acc.ids.push(id);
        }
        if let Some(w) = g.wait_minutes {
            acc.waiting += 1;
            acc.wait_minutes = Some(match acc.wait_minutes {
                Some((lo, hi)) => (lo.min(w), hi.max(w)),
                None => (w, w),
            });
        }
        acc.locked += usize::from(g.locked_to_thread);
        acc.total += g.count.unwrap_or(1);
        acc.labeled |= !g.labels.is_empty();
        let state = match &g.state {
            Some(s) => match keep.keep(s) {
                Some(s) => s,
                None => {
                    self.lost = true;
                    return None;
                }
            },
            None => "",
        };
        acc.counts.add(&mut acc.states, state);
        Some(acc.rep)
    }

    /// The buckets, in first-seen order (`all`: the goroutines added),
    /// each with its varying arguments when they were tallied (else
    /// empty lists).
    fn buckets<'g, 'a>(
        &self,
        all: &'g [Goroutine<'a>],
    ) -> Vec<(Bucket<'g, 'a>, Vec<Vec<Varying<'g>>>)>
    where
        's: 'g,
    {
        self.accs
            .iter()
            .map(|a| {
                let mut states = a.states.clone();
                sort_states(&mut states);
                let bucket = Bucket {
                    members: a.members.clone(),
                    representative: &all[a.rep],
                    ids: a.ids.clone(),
                    states,
                    wait_minutes: a.wait_minutes,
                    waiting: a.waiting,
                    locked: a.locked,
                    args: a.args.clone(),
                    crashed: false,
                    total: a.total,
                    labeled: a.labeled,
                };
                let mut varying: Vec<Vec<Varying<'g>>> = vec![Vec::new(); a.args.len()];
                for t in &a.tallies {
                    varying[t.frame] = t.out.clone();
                }
                (bucket, varying)
            })
            .collect()
    }
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
    let mut g = Grouper::new(sim);
    g.add_all(goroutines);
    g.buckets(goroutines).into_iter().map(|(b, _)| b).collect()
}

/// Groups a report's goroutines and ranks the buckets: the crashing
/// goroutine's first, then buckets with user code, then by size (largest
/// first), then by first appearance. The order is deterministic.
///
/// A report read by a scanner that grouped it while parsing
/// ([`Scanner::group_while_parsing`](crate::Scanner::group_while_parsing))
/// under `sim` is not grouped again.
pub fn group_report<'g, 'a>(report: &'g Report<'a>, sim: Similarity) -> Vec<Bucket<'g, 'a>> {
    group_report_with(report, sim, false)
        .into_iter()
        .map(|(b, _)| b)
        .collect()
}

/// [`group_report`] with each bucket's varying arguments
/// ([`Bucket::varying_args`]), tallied in the same pass, when `varying`
/// (else empty lists).
pub(crate) fn group_report_with<'g, 'a>(
    report: &'g Report<'a>,
    sim: Similarity,
    varying: bool,
) -> Vec<(Bucket<'g, 'a>, Vec<Vec<Varying<'g>>>)> {
    let all = &report.goroutines;
    let mut buckets = match report
        .parsed_grouping()
        .filter(|g| g.serves(all.len(), sim, varying))
    {
        Some(g) => g.buckets(all),
        None => {
            let mut g = Grouper::new(sim);
            if varying {
                g = g.with_varying();
            }
            g.add_all(all);
            g.buckets(all)
        }
    };
    if report.crashing_goroutine().is_some() {
        if let Some((b, _)) = buckets
            .iter_mut()
            .find(|(b, _)| b.members.first() == Some(&0))
        {
            b.crashed = true;
        }
    }
    buckets.sort_by(|(a, _), (b, _)| {
        b.crashed
            .cmp(&a.crashed)
            .then_with(|| b.has_user_code().cmp(&a.has_user_code()))
            .then_with(|| b.count().cmp(&a.count()))
            .then_with(|| a.members[0].cmp(&b.members[0]))
    });
    buckets
}

/// A report's grouping made while it was parsed (a field of
/// [`Report`], empty unless asked for): not compared, printed, serialised
/// or cloned.
#[derive(Default)]
pub(crate) struct ParsedGrouping<'a>(
    pub(crate) Option<Box<Grouper<'a>>>,
    /// The room of the frames a member gave up last, for the next
    /// goroutine's (no allocation and free per goroutine).
    Vec<crate::model::Frame<'a>>,
);

impl Clone for ParsedGrouping<'_> {
    fn clone(&self) -> Self {
        ParsedGrouping::default()
    }
}

impl PartialEq for ParsedGrouping<'_> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for ParsedGrouping<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "ParsedGrouping(..)"
        } else {
            "None"
        })
    }
}

impl<'a> ParsedGrouping<'a> {
    /// Adds the goroutines of `all` not added yet, starting a grouping
    /// under `sim` (with varying arguments) if there is none.
    /// With `release`, a goroutine that joins a bucket gives up its
    /// frames ([`Goroutine::stack_of`]).
    pub(crate) fn catch_up(&mut self, sim: Similarity, all: &mut [Goroutine<'a>], release: bool) {
        self.0
            .get_or_insert_with(|| Box::new(Grouper::new(sim).with_varying()))
            .catch_up(all, release, &mut self.1);
    }

    /// Adds the goroutines of `all` not added yet, if a grouping was
    /// started.
    pub(crate) fn finish(&mut self, all: &mut [Goroutine<'a>]) {
        if let Some(g) = &mut self.0 {
            let release = g.release;
            g.catch_up(all, release, &mut self.1);
        }
        self.1 = Vec::new();
    }

    /// Room for a goroutine's frames: what a member gave up last, if any.
    pub(crate) fn frames_room(&mut self) -> Vec<crate::model::Frame<'a>> {
        std::mem::take(&mut self.1)
    }
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

/// How many members of a bucket are in one state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StateShare {
    /// The state as printed (`chan receive`, `running`; empty when none).
    pub state: String,
    /// Members in it.
    pub count: usize,
}

/// The waits of a bucket's members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WaitRange {
    /// Shortest `N minutes` printed.
    pub min: u64,
    /// Longest `N minutes` printed.
    pub max: u64,
    /// Members that printed a wait (the others waited under a minute, or
    /// are not waiting).
    pub waiting: usize,
}

/// The values of one pprof label over a bucket's members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LabelValues {
    /// The label's key.
    pub key: String,
    /// Its values with how many members carry each, most frequent first
    /// (ties by value), at most [`MAX_LABEL_VALUES`].
    pub values: Vec<LabelValue>,
    /// How many distinct values members carry (`values` may list fewer).
    pub distinct: usize,
    /// Goroutines without this key (a pprof `debug=1` record counts for
    /// its count, as in every count here).
    pub missing: usize,
}

/// One value of a label and how many members carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LabelValue {
    /// The value.
    pub value: String,
    /// Goroutines with it.
    pub count: usize,
}

/// Most values listed per label key in [`OwnedBucket::labels`].
pub const MAX_LABEL_VALUES: usize = 20;

/// A bucket that owns its data and serialises whole — what `gostack
/// --format grouped` prints for each bucket: its members, the
/// representative goroutine (the stack) and the stack's fingerprint.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OwnedBucket {
    /// Member goroutines (pprof `debug=1` records count once each).
    pub count: usize,
    /// Goroutines the members stand for: a pprof `debug=1` record counts
    /// for its count.
    pub goroutines: u64,
    /// Member goroutine ids (those that have one), in input order.
    pub ids: Vec<u64>,
    /// Member states, most frequent first.
    pub states: Vec<StateShare>,
    /// The waits members printed, when any did.
    pub wait_minutes: Option<WaitRange>,
    /// Members `locked to thread`.
    pub locked: usize,
    /// pprof labels over the members, by key (in order of first
    /// appearance).
    pub labels: Vec<LabelValues>,
    /// Holds the goroutine that crashed.
    pub crashed: bool,
    /// Made only of the runtime's own goroutines.
    pub runtime: bool,
    /// The representative's stack fingerprint: at
    /// [`Level::Function`](crate::fingerprint::Level::Function) when the
    /// bucket was grouped ignoring lines, else at line level.
    pub fingerprint: crate::fingerprint::Fingerprint,
    /// Per frame of `stack`, the arguments merged over the members as the
    /// text view prints them (`*` where members differ); `null` where a
    /// member printed no parsable list.
    pub args: Vec<Option<String>>,
    /// The arguments that differ among the members (the `*` of `args`):
    /// how many distinct values each printed and the first few
    /// ([`Bucket::varying_args`]). Left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub varying: Vec<OwnedVarying>,
    /// The representative (first) member: its frames are the bucket's
    /// stack.
    pub stack: Goroutine<'static>,
}

/// One argument that differs among a bucket's members, owned
/// ([`OwnedBucket::varying`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct OwnedVarying {
    /// The frame of `stack` (0: the innermost).
    pub frame: usize,
    /// The argument's position in that frame's top-level list.
    pub arg: usize,
    /// Distinct values the members printed there.
    pub distinct: usize,
    /// The first [`VARYING_KEPT`] of them, in input order.
    pub values: Vec<String>,
}

impl Bucket<'_, '_> {
    /// The bucket as owned, serialisable data (`all`: the slice that was
    /// grouped; `sim`: the similarity it was grouped with).
    pub fn to_owned_bucket(&self, all: &[Goroutine<'_>], sim: Similarity) -> OwnedBucket {
        self.to_owned_bucket_with(all, sim, self.varying_args(all))
    }

    /// [`Bucket::to_owned_bucket`], given the bucket's varying arguments.
    pub(crate) fn to_owned_bucket_with(
        &self,
        all: &[Goroutine<'_>],
        sim: Similarity,
        varying: Vec<Vec<Varying<'_>>>,
    ) -> OwnedBucket {
        let level = if sim == Similarity::IgnoreLines {
            crate::fingerprint::Level::Function
        } else {
            crate::fingerprint::Level::Line
        };
        let waiting = self.waiting;
        OwnedBucket {
            count: self.count(),
            goroutines: self.goroutines(all),
            ids: self.ids.clone(),
            states: self
                .states
                .iter()
                .map(|&(s, n)| StateShare {
                    state: s.to_owned(),
                    count: n,
                })
                .collect(),
            wait_minutes: self
                .wait_minutes
                .map(|(min, max)| WaitRange { min, max, waiting }),
            locked: self.locked,
            labels: self.labels(all),
            crashed: self.crashed,
            runtime: is_runtime_goroutine(self.representative),
            fingerprint: crate::fingerprint::stack_fingerprint(self.representative, level),
            args: self
                .args
                .iter()
                .map(|a| a.as_deref().map(merged_arg_list))
                .collect(),
            varying: varying
                .into_iter()
                .enumerate()
                .flat_map(|(frame, vs)| {
                    vs.into_iter().map(move |v| OwnedVarying {
                        frame,
                        arg: v.arg,
                        distinct: v.distinct,
                        values: v.values.into_iter().map(str::to_owned).collect(),
                    })
                })
                .collect(),
            stack: self.representative.clone().into_owned(),
        }
    }
}

/// At most this many distinct values of a varying argument are kept by
/// [`Bucket::varying_args`] (the count goes on).
pub const VARYING_KEPT: usize = 3;

/// The values the members of a bucket print for one argument that varies
/// ([`MergedArg::Differs`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Varying<'s> {
    /// The argument's position in the frame's top-level list.
    pub arg: usize,
    /// Distinct values printed there (a trailing `?`, a printing detail,
    /// ignored).
    pub distinct: usize,
    /// The first [`VARYING_KEPT`] distinct values, in input order, as the
    /// first member to print each did.
    pub values: Vec<&'s str>,
}

/// The top-level arguments of a printed list (`{0x1, 0x2}, 0x3` → two).
fn top_level(raw: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0i32;
    let mut start = 0;
    let b = raw.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        if start > b.len() {
            return None;
        }
        while i < b.len() {
            match b[i] {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                b',' if depth <= 0 => {
                    let piece = raw[start..i].trim();
                    i += 1;
                    start = i;
                    return Some(piece);
                }
                _ => {}
            }
            i += 1;
        }
        let piece = raw[start..].trim();
        start = b.len() + 1;
        Some(piece)
    })
}

/// The value of a word printed as Go prints one (`0x` and hex digits, no
/// leading zero): such words are equal exactly when their values are.
fn plain_word(piece: &str) -> Option<u64> {
    let digits = piece.strip_prefix("0x")?.as_bytes();
    if digits.is_empty() || digits.len() > 16 || (digits[0] == b'0' && digits.len() > 1) {
        return None;
    }
    let (v, end) = hex_run(piece.as_bytes(), 2);
    (end == piece.len()).then_some(v)
}

/// Distinct word values of one varying argument.
type Words = HashSet<u64, std::hash::BuildHasherDefault<WordHasher>>;

/// A small, fast hash for short keys: argument words and their values,
/// goroutine ids (a multiply-mix of each machine word, [`whole`] for text).
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(5) ^ whole_bytes(bytes);
    }
    fn write_u8(&mut self, i: u8) {
        self.0 ^= u64::from(i);
    }
    fn write_u64(&mut self, v: u64) {
        // Pointers share their low bits: mixed so that every bit counts
        // for the table's index and its tag.
        let x = (v ^ v >> 32).wrapping_mul(K);
        self.0 = x ^ x >> 29;
    }
}

impl Bucket<'_, '_> {
    /// Per frame of the representative, the arguments that vary among the
    /// members ([`MergedArg::Differs`]) with how many distinct values they
    /// print and the first few of them: what a folded bucket shows instead
    /// of the values themselves. `all` is the slice that was grouped.
    /// Frames without a varying argument get an empty list. Linear in the
    /// members' argument text.
    ///
    /// ```
    /// use gostack::group::{group, Similarity};
    /// let text = "goroutine 5 [chan receive]:\nmain.worker(0x1, 0xc000010000)\n\t/app/main.go:12 +0x1d\n\ngoroutine 6 [chan receive]:\nmain.worker(0x2, 0xc000020000)\n\t/app/main.go:12 +0x1d\n\ngoroutine 7 [chan receive]:\nmain.worker(0x2?, 0xc000030000)\n\t/app/main.go:12 +0x1d\n";
    /// let r = gostack::parse(text);
    /// let gs = &r[0].goroutines;
    /// let buckets = group(gs, Similarity::IgnoreArgs);
    /// let v = buckets[0].varying_args(gs);
    /// assert_eq!(v[0][0].distinct, 2);
    /// assert_eq!(v[0][0].values, ["0x1", "0x2"]);
    /// assert_eq!(v[0][1].distinct, 3);
    /// ```
    pub fn varying_args<'s>(&self, all: &'s [Goroutine<'_>]) -> Vec<Vec<Varying<'s>>> {
        let mut t = BucketTally::new(self);
        for &m in &self.members {
            t.add(&all[m]);
        }
        t.finish()
    }
}

/// [`Bucket::varying_args`] of every bucket of a grouping (`buckets`, of
/// the goroutines `all`), in the buckets' order — read in one pass over
/// the goroutines in input order rather than bucket by bucket: the members
/// of a bucket lie scattered over a large dump, and reading them front to
/// back is what memory serves fastest.
///
/// ```
/// use gostack::group::{group, varying_args_all, Similarity};
/// let text = "goroutine 5 [chan receive]:\nmain.worker(0x1)\n\t/app/main.go:12 +0x1d\n\ngoroutine 6 [sleep]:\ntime.Sleep(0x3)\n\t/go/src/runtime/time.go:300 +0x1d\n\ngoroutine 7 [chan receive]:\nmain.worker(0x2)\n\t/app/main.go:12 +0x1d\n";
/// let r = gostack::parse(text);
/// let gs = &r[0].goroutines;
/// let buckets = group(gs, Similarity::IgnoreArgs);
/// let all = varying_args_all(&buckets, gs);
/// assert_eq!(all[0], buckets[0].varying_args(gs));
/// assert_eq!(all[0][0][0].values, ["0x1", "0x2"]);
/// ```
pub fn varying_args_all<'s>(
    buckets: &[Bucket<'_, '_>],
    all: &'s [Goroutine<'_>],
) -> Vec<Vec<Vec<Varying<'s>>>> {
    let mut of = vec![u32::MAX; all.len()];
    let mut tallies: Vec<BucketTally<'s>> = Vec::with_capacity(buckets.len());
    for (i, b) in buckets.iter().enumerate() {
        let t = BucketTally::new(b);
        // Buckets without a varying argument need not be read at all.
        if !t.frames.is_empty() {
            for &m in &b.members {
                of[m] = i as u32;
            }
        }
        tallies.push(t);
    }
    for (g, &b) in all.iter().zip(&of) {
        if b != u32::MAX {
            tallies[b as usize].add(g);
        }
    }
    tallies.into_iter().map(BucketTally::finish).collect()
}

/// One varying argument while the members are read.
#[derive(Debug)]
struct Tally<'s> {
    /// Distinct values other than plain words, as printed.
    seen: HashSet<&'s str, std::hash::BuildHasherDefault<WordHasher>>,
    /// Distinct plain words (`0x…`, the most common varying value) by
    /// value: cheaper to hash and compare than their text.
    words: Words,
}

/// The varying arguments of one frame of a bucket while its members are
/// read.
#[derive(Debug)]
struct FrameTally<'s> {
    frame: usize,
    out: Vec<Varying<'s>>,
    tallies: Vec<Tally<'s>>,
    /// The list the member before printed.
    last: Option<&'s str>,
}

impl<'s> FrameTally<'s> {
    /// The tally of frame `frame`, whose merged arguments are `merged`
    /// (its [`MergedArg::Differs`] are tallied).
    fn new(frame: usize, merged: &[MergedArg]) -> Self {
        let out: Vec<Varying<'s>> = merged
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m, MergedArg::Differs))
            .map(|(arg, _)| Varying {
                arg,
                distinct: 0,
                values: Vec::new(),
            })
            .collect();
        FrameTally {
            frame,
            tallies: out
                .iter()
                .map(|_| Tally {
                    seen: HashSet::default(),
                    words: Words::default(),
                })
                .collect(),
            out,
            last: None,
        }
    }

    /// Reads the list one member printed for the frame.
    fn add(&mut self, raw: &'s str) {
        // Runs of members printing the same list (pools) cost one
        // comparison.
        if self.last == Some(raw) {
            return;
        }
        self.last = Some(raw);
        let mut want = self.out.iter_mut().zip(self.tallies.iter_mut()).peekable();
        for (i, piece) in top_level(raw).enumerate() {
            let Some((v, _)) = want.peek() else { break };
            if i < v.arg {
                continue;
            }
            let (v, tally) = want.next().expect("peeked");
            let value = piece.strip_suffix('?').unwrap_or(piece);
            let new = match plain_word(value) {
                Some(x) => tally.words.insert(x),
                None => tally.seen.insert(value),
            };
            if new {
                v.distinct += 1;
                if v.values.len() < VARYING_KEPT {
                    v.values.push(piece);
                }
            }
        }
    }
}

/// The varying arguments of one bucket while its members are read (in
/// input order).
struct BucketTally<'s> {
    frames: Vec<FrameTally<'s>>,
    /// Frames of the bucket's stack.
    depth: usize,
}

impl<'s> BucketTally<'s> {
    fn new(b: &Bucket<'_, '_>) -> Self {
        let frames = b
            .args
            .iter()
            .enumerate()
            .filter_map(|(j, a)| {
                let t = FrameTally::new(j, a.as_ref()?);
                (!t.out.is_empty()).then_some(t)
            })
            .collect();
        BucketTally {
            frames,
            depth: b.args.len(),
        }
    }

    /// Reads one member's values.
    fn add(&mut self, member: &'s Goroutine<'_>) {
        for t in &mut self.frames {
            if let Some(raw) = member.frames.get(t.frame).and_then(|f| f.args.as_deref()) {
                t.add(raw);
            }
        }
    }

    /// Per frame of the stack, its varying arguments.
    fn finish(self) -> Vec<Vec<Varying<'s>>> {
        let mut result: Vec<Vec<Varying<'s>>> = (0..self.depth).map(|_| Vec::new()).collect();
        for t in self.frames {
            result[t.frame] = t.out;
        }
        result
    }
}

impl Bucket<'_, '_> {
    /// Per frame of the stack, its argument list as the folded views print
    /// it ([`folded_arg_list`]), given the bucket's varying arguments
    /// ([`Bucket::varying_args`]); `None` where a member printed no
    /// parsable list.
    pub(crate) fn folded_lists(&self, varying: &[Vec<Varying<'_>>]) -> Vec<Option<String>> {
        self.args
            .iter()
            .enumerate()
            .map(|(j, a)| {
                let a = a.as_ref()?;
                Some(folded_arg_list(
                    a,
                    varying.get(j).map_or(&[], Vec::as_slice),
                ))
            })
            .collect()
    }
}

/// Merged arguments as the folded views print them: a varying argument as
/// its values when there are at most [`VARYING_KEPT`] (`0x1 | 0x2`), else
/// as their number (`‹3314 values›`); `*` where the values are not known.
pub fn folded_arg_list(args: &[MergedArg], varying: &[Varying<'_>]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        match a {
            MergedArg::Same(x) => {
                let _ = write!(s, "{x}");
            }
            MergedArg::Differs => match varying.iter().find(|v| v.arg == i) {
                Some(v) if v.distinct <= v.values.len() => s.push_str(&v.values.join(" | ")),
                Some(v) => {
                    let _ = write!(s, "‹{} values›", v.distinct);
                }
                None => s.push('*'),
            },
        }
    }
    s
}

/// `0x1, *, {0x2, 0x3}`: merged arguments as the text view prints them.
pub fn merged_arg_list(args: &[MergedArg]) -> String {
    // Folded with no values known: every varying argument is a `*`.
    folded_arg_list(args, &[])
}

/// The labels of `members`, merged by key (keys in order of first
/// appearance), each goroutine weighed by its count (a pprof `debug=1`
/// record stands for `count` goroutines). Linear in the labels read: keys
/// and values are looked up by hash, and borrowed until the end.
pub(crate) fn merge_labels<'g>(
    members: impl Iterator<Item = &'g Goroutine<'g>>,
) -> Vec<LabelValues> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut keys: Vec<(&str, HashMap<&str, u64>)> = Vec::new();
    let mut total = 0u64;
    for g in members {
        let weight = g.count.unwrap_or(1);
        total += weight;
        for l in &g.labels.0 {
            let i = *index.entry(&l.key).or_insert_with(|| {
                keys.push((&l.key, HashMap::new()));
                keys.len() - 1
            });
            *keys[i].1.entry(&l.value).or_default() += weight;
        }
    }
    keys.into_iter()
        .map(|(key, vals)| {
            let with: u64 = vals.values().sum();
            let distinct = vals.len();
            let mut values: Vec<LabelValue> = vals
                .into_iter()
                .map(|(value, count)| LabelValue {
                    value: value.to_owned(),
                    count: usize::try_from(count).unwrap_or(usize::MAX),
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            values.truncate(MAX_LABEL_VALUES);
            LabelValues {
                key: key.to_owned(),
                values,
                distinct,
                missing: usize::try_from(total.saturating_sub(with)).unwrap_or(usize::MAX),
            }
        })
        .collect()
}
