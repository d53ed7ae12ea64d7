//! What formats other than plain runtime tracebacks add to the model: Delve
//! listings and stacks, race-detector reports, pprof `debug=1` profiles and
//! `go test` context. Each hangs off the common types as an optional box so
//! that plain tracebacks pay one pointer for it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{own, own_opt, Addr, Frame};

fn is_false(b: &bool) -> bool {
    !*b
}

/// Which location of a goroutine Delve printed (`goroutines -u/-r/-g/-s`, and
/// the four lines of the long `goroutine` form).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LocationKind {
    /// `User:` — the topmost frame outside the runtime (the default).
    User,
    /// `Runtime:` — the current pc, runtime frames included.
    Runtime,
    /// `Go:` — the `go` statement that created the goroutine.
    Go,
    /// `Start:` — the goroutine's start function.
    Start,
}

impl LocationKind {
    /// The label as Delve prints it (`User`, `Runtime`, `Go`, `Start`).
    pub fn as_str(self) -> &'static str {
        match self {
            LocationKind::User => "User",
            LocationKind::Runtime => "Runtime",
            LocationKind::Go => "Go",
            LocationKind::Start => "Start",
        }
    }
}

/// One location Delve printed for a goroutine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DelveLocation<'a> {
    /// Which one it is.
    pub kind: LocationKind,
    /// Function, file, line and pc (`:0 ??? (0x0)` keeps `???` and line 0).
    #[serde(borrow)]
    pub frame: Frame<'a>,
}

/// What Delve prints about a goroutine beyond the common model.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DelveGoroutine<'a> {
    /// Marked `* ` (the selected goroutine).
    #[serde(default, skip_serializing_if = "is_false")]
    pub current: bool,
    /// `(thread N)`: the OS thread the goroutine runs on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<u64>,
    /// The locations printed: one on a listing line, four in the long form.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<DelveLocation<'a>>,
    /// The raw `waitsince` number after the wait reason, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_since: Option<u64>,
    /// `(unreadable …)`: why Delve could not read the goroutine.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<Cow<'a, str>>,
    /// The runtime status number (`_Grunning` = 2 …), from JSON-RPC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u64>,
    /// The raw wait-reason number, from JSON-RPC (its text depends on the
    /// Go version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_reason: Option<u64>,
    /// `... (N more)` after the fifth label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more_labels: Option<u64>,
    /// `(truncated)`: the stack goes deeper than printed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub truncated: bool,
    /// Output of `goroutines -exec CMD` that is not a stack, verbatim.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub output: Vec<Cow<'a, str>>,
}

impl DelveGoroutine<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> DelveGoroutine<'static> {
        DelveGoroutine {
            current: self.current,
            thread: self.thread,
            locations: self
                .locations
                .into_iter()
                .map(|l| DelveLocation {
                    kind: l.kind,
                    frame: l.frame.into_owned(),
                })
                .collect(),
            wait_since: self.wait_since,
            unreadable: own_opt(self.unreadable),
            status: self.status,
            wait_reason: self.wait_reason,
            more_labels: self.more_labels,
            truncated: self.truncated,
            output: self.output.into_iter().map(own).collect(),
        }
    }
}

/// A variable line: `name = value` (`locals`, `args`, `stack -full`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Variable<'a> {
    /// The name (`~r0` for unnamed results).
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// The value as printed; the lines of a multi-line (`-v`) value joined
    /// with `\n`.
    #[serde(borrow)]
    pub value: Cow<'a, str>,
    /// Printed as `(name)`: hidden by an inner variable of the same name.
    #[serde(default, skip_serializing_if = "is_false")]
    pub shadowed: bool,
}

impl Variable<'_> {
    /// True for `(unreadable …)` values.
    pub fn is_unreadable(&self) -> bool {
        self.value.starts_with("(unreadable ")
    }
    /// Copies every borrowed string.
    pub fn into_owned(self) -> Variable<'static> {
        Variable {
            name: own(self.name),
            value: own(self.value),
            shadowed: self.shadowed,
        }
    }
}

/// A pending deferred call (`stack -defer`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Defer<'a> {
    /// `defer N:` (1-based).
    pub index: u32,
    /// The deferred function and where it is.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub call: Option<Frame<'a>>,
    /// `deferred by F at file:line`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub deferred_by: Option<Frame<'a>>,
    /// `(unreadable defer: …)`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<Cow<'a, str>>,
}

impl Defer<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> Defer<'static> {
        Defer {
            index: self.index,
            call: self.call.map(Frame::into_owned),
            deferred_by: self.deferred_by.map(Frame::into_owned),
            unreadable: own_opt(self.unreadable),
        }
    }
}

/// What Delve prints about a frame beyond function, file, line and pc.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DelveFrame<'a> {
    /// The frame number as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    /// Arguments and locals (`stack -full`, `frame N locals`), in printed order.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<Variable<'a>>,
    /// `(no locals)` / `(no args)` printed: `locals`, `args`.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub no_variables: Vec<Cow<'a, str>>,
    /// Pending deferred calls (`stack -defer`).
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub defers: Vec<Defer<'a>>,
    /// `frame: ±0x…` (`stack -offsets`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame_offset: Option<i64>,
    /// `frame pointer ±0x…` (`stack -offsets`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame_pointer_offset: Option<i64>,
    /// `error: …` printed instead of the frame.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Cow<'a, str>>,
}

impl DelveFrame<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> DelveFrame<'static> {
        DelveFrame {
            index: self.index,
            variables: self
                .variables
                .into_iter()
                .map(Variable::into_owned)
                .collect(),
            no_variables: self.no_variables.into_iter().map(own).collect(),
            defers: self.defers.into_iter().map(Defer::into_owned).collect(),
            frame_offset: self.frame_offset,
            frame_pointer_offset: self.frame_pointer_offset,
            error: own_opt(self.error),
        }
    }
}

/// One group of a `goroutines -group` listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GoroutineGroup<'a> {
    /// The header as printed (`/app/main.go:80 in main.worker`, `worker=alpha`,
    /// `running=true`).
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// `Total: N`: the size of the group (at most 5 members are listed).
    pub total: u64,
    /// Index in [`crate::Report::goroutines`] of the first listed member.
    pub first: usize,
    /// How many members are listed.
    pub listed: usize,
}

/// A thread line (`threads`, or `Thread N at file:line` from `goroutine`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Thread<'a> {
    /// The OS thread id; `None` for `Thread <nil>`.
    pub id: Option<u64>,
    /// Marked `* ` (the current thread).
    #[serde(default, skip_serializing_if = "is_false")]
    pub current: bool,
    /// Where it is (function empty when Delve printed none).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Frame<'a>>,
}

impl Thread<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> Thread<'static> {
        Thread {
            id: self.id,
            current: self.current,
            location: self.location.map(Frame::into_owned),
        }
    }
}

/// The stop line Delve prints after `continue` and before `frame`/`up`/`down`:
/// `> [Breakpoint 1] main.bp() ./main.go:149 (hits goroutine(1):1 total:1) (PC: 0x55b1e4)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StopLine<'a> {
    /// `Breakpoint 1` (Delve ≥ 1.23 prints the breakpoint's name in brackets).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub breakpoint: Option<Cow<'a, str>>,
    /// The function, file, line and pc stopped at.
    #[serde(borrow)]
    pub frame: Frame<'a>,
    /// `hits goroutine(N)`: the goroutine that hit the breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goroutine: Option<u64>,
    /// `Warning: debugging optimized function` followed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optimized: bool,
}

impl StopLine<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> StopLine<'static> {
        StopLine {
            breakpoint: own_opt(self.breakpoint),
            frame: self.frame.into_owned(),
            goroutine: self.goroutine,
            optimized: self.optimized,
        }
    }
}

/// What a Delve report holds beyond its goroutines.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DelveReport<'a> {
    /// The command, when the input shows it after a `(dlv) ` prompt.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Cow<'a, str>>,
    /// The stop line printed before the output (`frame N`, `up`, after `continue`).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub stop: Option<StopLine<'a>>,
    /// `[N goroutines]`: how many goroutines the listing printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<u64>,
    /// `goroutines -group` groups, in printed order.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GoroutineGroup<'a>>,
    /// `Too many groups` ended the listing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub too_many_groups: bool,
    /// `threads` lines, or the `Thread N at …` line of `goroutine`.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub threads: Vec<Thread<'a>>,
    /// `Switched from A to B`: the goroutine (or thread) selected before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switched_from: Option<u64>,
    /// `locals` / `args` output not attached to a printed frame.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<Variable<'a>>,
    /// `(no locals)` / `(no args)` printed there: `locals`, `args`.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub no_variables: Vec<Cow<'a, str>>,
    /// Parsed from a JSON-RPC response rather than terminal output (its
    /// goroutines all share the response's line span).
    #[serde(default, skip_serializing_if = "is_false")]
    pub json: bool,
}

impl DelveReport<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> DelveReport<'static> {
        DelveReport {
            command: own_opt(self.command),
            stop: self.stop.map(StopLine::into_owned),
            listed: self.listed,
            groups: self
                .groups
                .into_iter()
                .map(|g| GoroutineGroup {
                    name: own(g.name),
                    total: g.total,
                    first: g.first,
                    listed: g.listed,
                })
                .collect(),
            too_many_groups: self.too_many_groups,
            threads: self.threads.into_iter().map(Thread::into_owned).collect(),
            switched_from: self.switched_from,
            variables: self
                .variables
                .into_iter()
                .map(Variable::into_owned)
                .collect(),
            no_variables: self.no_variables.into_iter().map(own).collect(),
            json: self.json,
        }
    }
}

/// The kind of memory access in a race report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessKind {
    /// `Read at …`.
    Read,
    /// `Write at …`.
    Write,
}

/// One access of a data race.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RaceAccess {
    /// Read or write.
    pub kind: AccessKind,
    /// `Previous read/write at …` (the earlier access of the pair).
    #[serde(default, skip_serializing_if = "is_false")]
    pub previous: bool,
    /// The address accessed.
    pub addr: Addr,
    /// `by main goroutine` (goroutine 1).
    #[serde(default, skip_serializing_if = "is_false")]
    pub main_goroutine: bool,
    /// Index in [`crate::Report::goroutines`] of the goroutine (with the
    /// access stack as its frames).
    pub goroutine: usize,
}

/// `Goroutine N (running|finished) created at:` and its stack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RaceCreation<'a> {
    /// N.
    pub goroutine: u64,
    /// `finished` rather than `running`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub finished: bool,
    /// The creation stack, innermost first.
    #[serde(borrow)]
    pub frames: Vec<Frame<'a>>,
}

/// A `Heap block …` or `Global var …` block of a race report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RaceLocation<'a> {
    /// The first line, verbatim.
    #[serde(borrow)]
    pub text: Cow<'a, str>,
    /// The allocation stack of a heap block.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub frames: Vec<Frame<'a>>,
}

/// A `WARNING: DATA RACE` report.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Race<'a> {
    /// The accesses in printed order (current first, then previous).
    pub accesses: Vec<RaceAccess>,
    /// Where the racy memory lives, when printed.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<RaceLocation<'a>>,
    /// Creation stacks of the goroutines involved.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub created: Vec<RaceCreation<'a>>,
    /// `Found N data race(s)` printed after this report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<u64>,
}

impl Race<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> Race<'static> {
        Race {
            accesses: self.accesses,
            locations: self
                .locations
                .into_iter()
                .map(|l| RaceLocation {
                    text: own(l.text),
                    frames: l.frames.into_iter().map(Frame::into_owned).collect(),
                })
                .collect(),
            created: self
                .created
                .into_iter()
                .map(|c| RaceCreation {
                    goroutine: c.goroutine,
                    finished: c.finished,
                    frames: c.frames.into_iter().map(Frame::into_owned).collect(),
                })
                .collect(),
            found: self.found,
        }
    }
}

/// The header of a pprof `debug=1` profile: `goroutine profile: total N`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Profile<'a> {
    /// `goroutine`, `goroutineleak`, `threadcreate`.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// `total N`.
    pub total: u64,
}

/// A test named in `go test` output, with its duration when printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestName<'a> {
    /// `TestTimeout/waiting_subtest`.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// `2s`, `0.00s`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Cow<'a, str>>,
}

impl TestName<'_> {
    /// Copies every borrowed string.
    pub fn into_owned(self) -> TestName<'static> {
        TestName {
            name: own(self.name),
            duration: own_opt(self.duration),
        }
    }
}

/// `go test` lines printed around a report.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestContext<'a> {
    /// `running tests:` of a test timeout (Go 1.21+).
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub running: Vec<TestName<'a>>,
    /// `--- FAIL: Name (0.00s)` lines printed with the report.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<TestName<'a>>,
    /// `testing.go:N: race detected during execution of test`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub race_detected: bool,
    /// The package line: `FAIL\texample.com/pkg\t0.012s` (status, package, time).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub package: Option<TestPackage<'a>>,
}

/// `FAIL\t<importpath>\t<time>` / `ok  \t<importpath>\t<time>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestPackage<'a> {
    /// `FAIL` or `ok`.
    #[serde(borrow)]
    pub status: Cow<'a, str>,
    /// The import path.
    #[serde(borrow)]
    pub path: Cow<'a, str>,
    /// `0.012s` (may carry a suffix such as ` [build failed]`).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Cow<'a, str>>,
}

impl TestContext<'_> {
    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
            && self.failed.is_empty()
            && !self.race_detected
            && self.package.is_none()
    }
    /// Copies every borrowed string.
    pub fn into_owned(self) -> TestContext<'static> {
        let name = TestName::into_owned;
        TestContext {
            running: self.running.into_iter().map(name).collect(),
            failed: self.failed.into_iter().map(name).collect(),
            race_detected: self.race_detected,
            package: self.package.map(|p| TestPackage {
                status: own(p.status),
                path: own(p.path),
                time: own_opt(p.time),
            }),
        }
    }
}

crate::error::named_enum!(LocationKind, "location kind", {
    User => "user",
    Runtime => "runtime",
    Go => "go",
    Start => "start",
});

crate::error::named_enum!(AccessKind, "access kind", {
    Read => "read",
    Write => "write",
});
