//! Keeping and dropping goroutines: by a regular expression over their
//! frames' functions and files, by state, by minimum wait, by label, and
//! the runtime's own goroutines (GC workers, finalizers, the scavenger…)
//! when asked to. An empty filter ([`Filter::new`], `Filter::default()`)
//! keeps everything.
//!
//! ```
//! use gostack::filter::Filter;
//! let text = "goroutine 2 [force gc (idle)]:\nruntime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)\n\t/usr/local/go/src/runtime/proc.go:435 +0xce\ncreated by runtime.init.7 in goroutine 1\n\t/usr/local/go/src/runtime/proc.go:337 +0x1a\n\ngoroutine 7 [chan receive, 3 minutes]:\nmain.worker()\n\t/app/main.go:12 +0x1d\n";
//! let r = gostack::parse(text);
//! let kept = |f: &Filter| -> Vec<Option<u64>> {
//!     r[0].goroutines.iter().filter(|g| f.matches(g)).map(|g| g.id).collect()
//! };
//! assert_eq!(kept(&Filter::default()), [Some(2), Some(7)]);
//! assert_eq!(kept(&Filter::new().hide_runtime(true)), [Some(7)]);
//! assert_eq!(kept(&Filter::new().min_wait(1)), [Some(7)]);
//! assert_eq!(kept(&Filter::new().grep("^runtime\\.").unwrap()), [Some(2)]);
//! ```

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::model::{Goroutine, Report};

/// What to keep. An empty filter keeps every goroutine.
///
/// Besides the builder methods, a filter reads from configuration: from a
/// [`FilterSpec`] (serde: a plugin's JSON, YAML or TOML maps onto it), or
/// from a string of `;`-separated conditions (`FromStr`):
///
/// ```
/// use gostack::filter::Filter;
/// let f: Filter = "grep=^main\\.;state=chan receive;min-wait=5;label=tier=db".parse().unwrap();
/// let g: Filter = serde_json::from_str(
///     r#"{"grep": ["^main\\."], "state": ["chan receive"], "min-wait": 5, "label": ["tier=db"]}"#,
/// ).unwrap();
/// assert_eq!(f.spec(), g.spec());
/// assert!("grep=(".parse::<Filter>().is_err());
/// ```
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(try_from = "FilterSpec")]
pub struct Filter {
    grep: Vec<Regex>,
    exclude: Vec<Regex>,
    states: Vec<String>,
    min_wait: Option<u64>,
    labels: Vec<(String, Option<String>)>,
    hide_runtime: bool,
}

pub use crate::group::is_runtime_goroutine;

/// A filter as configuration: the conditions of a [`Filter`] as plain data
/// (every field optional; keys in kebab case: `grep`, `exclude`, `state`,
/// `min-wait`, `label`, `hide-runtime`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct FilterSpec {
    /// Regular expressions a frame's function or file must match (all).
    pub grep: Vec<String>,
    /// Regular expressions no frame may match.
    pub exclude: Vec<String>,
    /// Wait reasons to keep (any).
    pub state: Vec<String>,
    /// Least `N minutes` waited.
    pub min_wait: Option<u64>,
    /// Labels to require: `KEY` or `KEY=VALUE`.
    pub label: Vec<String>,
    /// Drop the runtime's own goroutines.
    pub hide_runtime: bool,
}

/// Why a filter could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FilterError {
    /// A `grep` or `exclude` pattern is not a valid regular expression.
    #[error("bad regular expression '{pattern}': {source}")]
    Regex {
        /// The pattern.
        pattern: String,
        /// What the regex crate said.
        source: regex::Error,
    },
    /// A condition of a filter string that is not `KEY=VALUE` with a known
    /// key, or a `min-wait` that is not a number.
    #[error(
        "bad filter condition '{0}' (expected grep=, exclude=, state=, min-wait=, label= or all)"
    )]
    Condition(String),
}

impl TryFrom<FilterSpec> for Filter {
    type Error = FilterError;
    fn try_from(spec: FilterSpec) -> Result<Self, FilterError> {
        let re = |p: &String| {
            Regex::new(p).map_err(|source| FilterError::Regex {
                pattern: p.clone(),
                source,
            })
        };
        Ok(Filter {
            grep: spec.grep.iter().map(re).collect::<Result<_, _>>()?,
            exclude: spec.exclude.iter().map(re).collect::<Result<_, _>>()?,
            states: spec.state,
            min_wait: spec.min_wait,
            labels: spec
                .label
                .iter()
                .map(|l| match l.split_once('=') {
                    Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                    None => (l.clone(), None),
                })
                .collect(),
            hide_runtime: spec.hide_runtime,
        })
    }
}

/// `grep=RE;exclude=RE;state=S;min-wait=N;label=K[=V];hide-runtime`: conditions
/// separated by `;` (write `\;` for a `;` inside a value), each key as
/// often as wanted.
impl std::str::FromStr for Filter {
    type Err = FilterError;
    fn from_str(s: &str) -> Result<Self, FilterError> {
        let mut spec = FilterSpec::default();
        let mut parts = Vec::new();
        let mut cur = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&';') => {
                    cur.push(';');
                    chars.next();
                }
                ';' => parts.push(std::mem::take(&mut cur)),
                _ => cur.push(c),
            }
        }
        parts.push(cur);
        for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            let bad = || FilterError::Condition(p.to_owned());
            match p.split_once('=') {
                Some(("grep", v)) => spec.grep.push(v.to_owned()),
                Some(("exclude", v)) => spec.exclude.push(v.to_owned()),
                Some(("state", v)) => spec.state.push(v.to_owned()),
                Some(("min-wait" | "min_wait", v)) => {
                    spec.min_wait = Some(v.trim().parse().map_err(|_| bad())?)
                }
                Some(("label", v)) => spec.label.push(v.to_owned()),
                None if p == "hide-runtime" => spec.hide_runtime = true,
                _ => return Err(bad()),
            }
        }
        Filter::try_from(spec)
    }
}

impl Filter {
    /// The filter's conditions as data (what [`FilterSpec`] reads).
    pub fn spec(&self) -> FilterSpec {
        FilterSpec {
            grep: self.grep.iter().map(|r| r.as_str().to_owned()).collect(),
            exclude: self.exclude.iter().map(|r| r.as_str().to_owned()).collect(),
            state: self.states.clone(),
            min_wait: self.min_wait,
            label: self
                .labels
                .iter()
                .map(|(k, v)| match v {
                    Some(v) => format!("{k}={v}"),
                    None => k.clone(),
                })
                .collect(),
            hide_runtime: self.hide_runtime,
        }
    }

    /// A filter that keeps every goroutine (the same as `default()`).
    pub fn new() -> Self {
        Filter::default()
    }

    /// Keeps goroutines with a frame (or `created by`) whose function or file
    /// matches `pattern`; several `grep`s must all match.
    pub fn grep(mut self, pattern: &str) -> Result<Self, regex::Error> {
        self.grep.push(Regex::new(pattern)?);
        Ok(self)
    }

    /// Drops goroutines with a frame whose function or file matches `pattern`.
    pub fn exclude(mut self, pattern: &str) -> Result<Self, regex::Error> {
        self.exclude.push(Regex::new(pattern)?);
        Ok(self)
    }

    /// Keeps goroutines whose wait reason ([`Goroutine::wait_reason`]) is
    /// `state`; several states are alternatives.
    pub fn state(mut self, state: &str) -> Self {
        self.states.push(state.to_owned());
        self
    }

    /// Keeps goroutines that printed `N minutes` with `N >= minutes`.
    pub fn min_wait(mut self, minutes: u64) -> Self {
        self.min_wait = Some(minutes);
        self
    }

    /// Keeps goroutines with label `key` (equal to `value` when given).
    pub fn label(mut self, key: &str, value: Option<&str>) -> Self {
        self.labels.push((key.to_owned(), value.map(str::to_owned)));
        self
    }

    /// Drops the runtime's own goroutines
    /// ([`is_runtime_goroutine`]) when `yes`.
    pub fn hide_runtime(mut self, yes: bool) -> Self {
        self.hide_runtime = yes;
        self
    }

    /// Keeps the runtime's own goroutines when `yes`: the opposite of
    /// [`Filter::hide_runtime`].
    pub fn include_runtime(self, yes: bool) -> Self {
        self.hide_runtime(!yes)
    }

    /// True when the filter keeps every goroutine.
    pub fn is_default(&self) -> bool {
        !self.hide_runtime
            && self.grep.is_empty()
            && self.exclude.is_empty()
            && self.states.is_empty()
            && self.min_wait.is_none()
            && self.labels.is_empty()
    }

    fn any_frame(g: &Goroutine<'_>, re: &Regex) -> bool {
        g.frames
            .iter()
            .chain(g.created_by.iter().map(|c| &c.frame))
            .any(|f| re.is_match(&f.function) || f.file.as_deref().is_some_and(|p| re.is_match(p)))
    }

    /// Whether `g` is kept.
    pub fn matches(&self, g: &Goroutine<'_>) -> bool {
        if self.hide_runtime && is_runtime_goroutine(g) {
            return false;
        }
        if !self.grep.iter().all(|re| Self::any_frame(g, re)) {
            return false;
        }
        if self.exclude.iter().any(|re| Self::any_frame(g, re)) {
            return false;
        }
        if !self.states.is_empty()
            && !g
                .wait_reason()
                .is_some_and(|s| self.states.iter().any(|x| x == s))
        {
            return false;
        }
        if let Some(m) = self.min_wait {
            if g.wait_minutes.is_none_or(|w| w < m) {
                return false;
            }
        }
        self.labels.iter().all(|(k, v)| match (g.labels.get(k), v) {
            (Some(have), Some(want)) => have == want,
            (Some(_), None) => true,
            (None, _) => false,
        })
    }

    /// Removes the goroutines of `report` that the filter drops, keeping
    /// what refers to them consistent: race accesses of dropped goroutines
    /// go too, Delve groups are recounted, and when the goroutine that
    /// crashed goes, [`Report::crasher_filtered`] says so (no other one is
    /// marked crashed). Returns how many were kept.
    pub fn apply(&self, report: &mut Report<'_>) -> usize {
        let keep: Vec<bool> = report.goroutines.iter().map(|g| self.matches(g)).collect();
        // The crasher leaves: no other goroutine may take its place.
        if report.crashing_goroutine().is_some() && keep.first() == Some(&false) {
            report.crasher_filtered = true;
        }
        // Old index → new index.
        let mut map = Vec::with_capacity(keep.len());
        let mut n = 0;
        for k in &keep {
            map.push(k.then_some(n));
            n += usize::from(*k);
        }
        if n < keep.len() {
            report.forget_parsed_grouping();
        }
        let mut it = keep.iter();
        report
            .goroutines
            .retain(|_| *it.next().expect("one flag per goroutine"));
        if let Some(race) = &mut report.race {
            race.accesses
                .retain_mut(|a| match map.get(a.goroutine).copied().flatten() {
                    Some(i) => {
                        a.goroutine = i;
                        true
                    }
                    None => false,
                });
        }
        if let Some(d) = &mut report.delve {
            for g in &mut d.groups {
                let members: Vec<usize> = (g.first..g.first + g.listed)
                    .filter_map(|i| map.get(i).copied().flatten())
                    .collect();
                g.first = members.first().copied().unwrap_or(n);
                g.listed = members.len();
            }
            d.groups.retain(|g| g.listed > 0);
        }
        n
    }
}
