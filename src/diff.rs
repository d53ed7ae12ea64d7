//! Two dumps of the same program compared: which stacks appeared,
//! vanished, grew or shrank, which goroutines stayed blocked, and a ranked
//! list of leak suspects.
//!
//! Goroutines are matched by their [stack fingerprint](crate::fingerprint)
//! (so ids, pointers and parents do not matter); a goroutine id present in
//! both dumps with the same stack is the same goroutine still there.

use std::collections::HashMap;

use serde::Serialize;

use crate::fingerprint::{stack_fingerprints, Fingerprint, Level};
use crate::group::{state_counts, user_frame};
use crate::model::Goroutine;

/// How a stack's goroutine count changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Only in the new dump.
    Appeared,
    /// Only in the old dump.
    Vanished,
    /// More goroutines in the new dump.
    Grew,
    /// Fewer goroutines in the new dump.
    Shrank,
    /// As many in both.
    Same,
}

/// One stack in the comparison.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct StackChange {
    /// The stack's fingerprint (line level).
    pub fingerprint: Fingerprint,
    /// What changed.
    pub change: Change,
    /// Goroutines with this stack in the old dump (a pprof `debug=1`
    /// record counts for its count).
    pub old: usize,
    /// Goroutines with this stack in the new dump (weighed the same way).
    pub new: usize,
    /// Their goroutine ids in the old dump (those that have one: a pprof
    /// `debug=1` record has none).
    pub old_ids: Vec<u64>,
    /// Their goroutine ids in the new dump.
    pub new_ids: Vec<u64>,
    /// Indices of those goroutines in the old dump's slice (not in the
    /// JSON, which speaks of goroutine ids only).
    #[serde(skip)]
    pub old_members: Vec<usize>,
    /// Indices of those goroutines in the new dump's slice.
    #[serde(skip)]
    pub new_members: Vec<usize>,
    /// The function that names the stack ([`crate::group::user_frame`]):
    /// the program's own code that waits.
    pub function: String,
    /// The most frequent state in the new dump (the old one if vanished).
    pub state: Option<String>,
    /// Ids present in both dumps with this stack: still there, still blocked.
    pub persisted: Vec<u64>,
    /// Of those, the ones whose `N minutes` grew: (id, old, new).
    pub waits_grew: Vec<(u64, u64, u64)>,
}

/// A ranked leak suspect: a stack that grew, weighted by how blocked it is.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Suspect {
    /// The stack's fingerprint.
    pub fingerprint: Fingerprint,
    /// The score the ranking uses (higher is more suspicious).
    pub score: u64,
    /// Goroutines added since the old dump.
    pub growth: usize,
    /// The waiting function.
    pub function: String,
    /// Why it is suspected.
    pub reason: String,
}

/// The comparison of two dumps.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Diff {
    /// Every stack of either dump: changed ones first (by size of change),
    /// then the unchanged.
    pub stacks: Vec<StackChange>,
    /// Leak suspects, most suspicious first.
    pub suspects: Vec<Suspect>,
}

/// States in which a goroutine waits for something that may never happen.
fn blocked(state: &str) -> bool {
    let s = state.split(" (").next().unwrap_or(state);
    matches!(
        s,
        "chan send"
            | "chan receive"
            | "chan send (nil chan)"
            | "chan receive (nil chan)"
            | "select"
            | "select (no cases)"
            | "sync.Mutex.Lock"
            | "sync.RWMutex.Lock"
            | "sync.RWMutex.RLock"
            | "sync.WaitGroup.Wait"
            | "sync.Cond.Wait"
            | "semacquire"
            | "IO wait"
    ) || state.contains("(leaked)")
}

fn waiting_function(g: &Goroutine<'_>) -> String {
    user_frame(g).map_or_else(String::new, |f| f.function.to_string())
}

/// Compares `old` and `new` (the goroutines of two dumps). Counts weigh
/// pprof `debug=1` records by their count, so `1 @ …` → `1000 @ …` grew.
///
/// ```
/// let one = "goroutine 7 [chan send]:\nmain.leak.func1()\n\t/app/main.go:9 +0x1d\ncreated by main.leak in goroutine 1\n\t/app/main.go:8 +0x25\n";
/// let two = format!("{one}\n{}", one.replace("goroutine 7", "goroutine 9"));
/// let a = gostack::parse(one);
/// let b = gostack::parse(&two);
/// let d = gostack::diff::diff(&a[0].goroutines, &b[0].goroutines);
/// assert_eq!(d.suspects[0].function, "main.leak.func1");
/// assert_eq!(d.suspects[0].growth, 1);
/// assert_eq!(d.stacks[0].persisted, [7]);
/// // The same goroutine, waiting longer:
/// let later = one.replace("[chan send]", "[chan send, 5 minutes]");
/// let c = gostack::parse(&later);
/// let d = gostack::diff::diff(&a[0].goroutines, &c[0].goroutines);
/// assert_eq!(d.stacks[0].waits_grew, [(7, 0, 5)]);
/// ```
pub fn diff(old: &[Goroutine<'_>], new: &[Goroutine<'_>]) -> Diff {
    let mut by: HashMap<Fingerprint, (Vec<usize>, Vec<usize>)> = HashMap::new();
    let mut order: Vec<Fingerprint> = Vec::new();
    for (side, gs) in [(0, old), (1, new)] {
        for (i, fp) in stack_fingerprints(gs, Level::Line).into_iter().enumerate() {
            let e = by.entry(fp).or_insert_with(|| {
                order.push(fp);
                (Vec::new(), Vec::new())
            });
            if side == 0 {
                e.0.push(i);
            } else {
                e.1.push(i);
            }
        }
    }
    let mut stacks = Vec::new();
    for fp in order {
        let (o, n) = by.remove(&fp).expect("inserted");
        let weight = |gs: &[Goroutine<'_>], m: &[usize]| -> usize {
            m.iter()
                .map(|&i| usize::try_from(gs[i].count.unwrap_or(1)).unwrap_or(usize::MAX))
                .fold(0, usize::saturating_add)
        };
        let (old_n, new_n) = (weight(old, &o), weight(new, &n));
        let change = match (old_n, new_n) {
            (0, _) => Change::Appeared,
            (_, 0) => Change::Vanished,
            (a, b) if b > a => Change::Grew,
            (a, b) if b < a => Change::Shrank,
            _ => Change::Same,
        };
        let rep = match n.first() {
            Some(&i) => &new[i],
            None => &old[o[0]],
        };
        let side: Vec<&Goroutine<'_>> = if n.is_empty() {
            o.iter().map(|&i| &old[i]).collect()
        } else {
            n.iter().map(|&i| &new[i]).collect()
        };
        let states = state_counts(side);
        let old_waits: HashMap<u64, Option<u64>> = o
            .iter()
            .filter_map(|&i| old[i].id.map(|id| (id, old[i].wait_minutes)))
            .collect();
        let mut persisted: Vec<u64> = Vec::new();
        let mut waits_grew = Vec::new();
        for &i in &n {
            let Some(id) = new[i].id else { continue };
            let Some(before) = old_waits.get(&id) else {
                continue;
            };
            persisted.push(id);
            let (b, a) = (before.unwrap_or(0), new[i].wait_minutes.unwrap_or(0));
            if a > b {
                waits_grew.push((id, b, a));
            }
        }
        persisted.sort_unstable();
        waits_grew.sort_unstable();
        stacks.push(StackChange {
            fingerprint: fp,
            change,
            old: old_n,
            new: new_n,
            old_ids: o.iter().filter_map(|&i| old[i].id).collect(),
            new_ids: n.iter().filter_map(|&i| new[i].id).collect(),
            old_members: o,
            new_members: n,
            function: waiting_function(rep),
            state: states.first().map(|(s, _)| (*s).to_owned()),
            persisted,
            waits_grew,
        });
    }
    let delta = |s: &StackChange| s.new.abs_diff(s.old);
    stacks.sort_by(|a, b| {
        (b.change != Change::Same)
            .cmp(&(a.change != Change::Same))
            .then_with(|| delta(b).cmp(&delta(a)))
            .then_with(|| b.new.cmp(&a.new))
            .then_with(|| a.fingerprint.cmp(&b.fingerprint))
    });
    let mut suspects: Vec<Suspect> = stacks
        .iter()
        .filter(|s| matches!(s.change, Change::Grew | Change::Appeared))
        .map(|s| {
            let growth = s.new - s.old;
            let state = s.state.as_deref().unwrap_or("");
            let is_blocked = blocked(state);
            let user = {
                let g = &new[s.new_members[0]];
                g.frames.iter().any(|f| !f.is_runtime())
            };
            let score = growth as u64 * if is_blocked { 4 } else { 1 } * if user { 2 } else { 1 }
                + s.persisted.len() as u64
                + 2 * s.waits_grew.len() as u64;
            let mut reason = format!("{} → {} goroutines", s.old, s.new);
            if is_blocked {
                reason.push_str(&format!(", blocked in [{state}]"));
            }
            if !s.waits_grew.is_empty() {
                reason.push_str(&format!(", {} waiting longer", s.waits_grew.len()));
            }
            if !s.persisted.is_empty() {
                reason.push_str(&format!(", {} still there from before", s.persisted.len()));
            }
            Suspect {
                fingerprint: s.fingerprint,
                score,
                growth,
                function: s.function.clone(),
                reason,
            }
        })
        .collect();
    suspects.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| b.growth.cmp(&a.growth))
            .then_with(|| a.fingerprint.cmp(&b.fingerprint))
    });
    Diff { stacks, suspects }
}

crate::error::named_enum!(Change, "change", {
    Appeared => "appeared",
    Vanished => "vanished",
    Grew => "grew",
    Shrank => "shrank",
    Same => "same",
});
