//! Transparent huge pages for large files.
//!
//! Reading a large report builds a model of a few hundred bytes per
//! goroutine and frame: for the 100,000-goroutine dump, 160 MB of fresh
//! memory. Faulted in 4 KiB at a time, that memory cost as much system time
//! as the whole parse took user time. glibc's allocator backs its memory
//! with transparent huge pages when the tunable `glibc.malloc.hugetlb=1` is
//! set (glibc 2.35 and later; the kernel's `enabled` setting must be
//! `madvise` or `always`), with no more memory used than without — but a
//! tunable is read when a process starts. So for a regular file of
//! [`FROM`] bytes or more, and only then, the tool starts itself again with
//! the tunable added (the same arguments; standard streams and the file
//! are untouched). Streams and small files are read as they are: there a
//! few megabytes of memory make no difference, and no time is spent on
//! starting again. Setting any `glibc.malloc.hugetlb` in `GLIBC_TUNABLES`
//! yourself (`=0`: never) is respected.

use std::ffi::{OsStr, OsString};

/// Regular files from this size on.
pub const FROM: u64 = 32 << 20;

/// The tunable added.
const TUNABLE: &str = "glibc.malloc.hugetlb=1";

/// The `GLIBC_TUNABLES` to start again with, if the tool should: the input
/// is a regular file of `size` bytes (`None`: not one), not followed, and
/// `current` (the variable as set) says nothing of huge pages.
pub fn tunables(size: Option<u64>, follow: bool, current: Option<&OsStr>) -> Option<OsString> {
    if follow || size.is_none_or(|n| n < FROM) {
        return None;
    }
    let mut value = current.map(OsString::from).unwrap_or_default();
    if value.to_string_lossy().contains("glibc.malloc.hugetlb") {
        return None;
    }
    if !value.is_empty() {
        value.push(":");
    }
    value.push(TUNABLE);
    Some(value)
}

/// Starts the tool again with huge pages when [`tunables`] says so; goes
/// on as it is when that cannot be done.
/// `size`: the input's, when it is a regular file.
pub fn for_input(size: Option<u64>, follow: bool) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        let Some(value) = tunables(size, follow, std::env::var_os("GLIBC_TUNABLES").as_deref())
        else {
            return;
        };
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let mut again = std::process::Command::new(exe);
        if let Some(arg0) = args.next() {
            again.arg0(arg0);
        }
        // Returns only when the tool could not be started again.
        let _ = again.args(args).env("GLIBC_TUNABLES", value).exec();
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = (size, follow);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_regular_files_not_followed_nor_already_set() {
        let big = Some(FROM);
        assert_eq!(
            tunables(big, false, None).as_deref(),
            Some(OsStr::new(TUNABLE))
        );
        assert_eq!(tunables(Some(FROM - 1), false, None), None);
        assert_eq!(tunables(None, false, None), None);
        assert_eq!(tunables(big, true, None), None);
        assert_eq!(
            tunables(big, false, Some(OsStr::new("glibc.malloc.arena_max=2"))).as_deref(),
            Some(OsStr::new(
                "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"
            ))
        );
        assert_eq!(
            tunables(big, false, Some(OsStr::new(""))).as_deref(),
            Some(OsStr::new(TUNABLE))
        );
        // Set by the user (or by the first start): left alone.
        assert_eq!(
            tunables(big, false, Some(OsStr::new("glibc.malloc.hugetlb=0"))),
            None
        );
        assert_eq!(tunables(big, false, Some(OsStr::new(TUNABLE))), None);
    }
}
