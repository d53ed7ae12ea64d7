//! Large files that begin with a report, mapped and read in place.
//!
//! A goroutine dump is one report, and the scanner holds a report whole
//! until it ends. Read chunk by chunk, the dump's text is written into
//! fresh memory (by the kernel into a chunk, then into the report's
//! buffer), memory the kernel zeroes first: on the 100,000-goroutine dump
//! (49 MB), 12 % of the CPU time of the grouped view. Mapped, the file's
//! pages in the page cache are the text, scanned where they are
//! ([`gostack::Scanner::finish_with`]).
//!
//! Only for a regular file, not followed, of [`FROM`] bytes up to the
//! scanner's report limit, whose first [`PROBE`] bytes are one report
//! still open: a dump. A log with crashes in it is read chunk by chunk,
//! and its memory stays flat. `--no-mmap` reads every file so.
//!
//! A file cut while it is mapped would kill the process (SIGBUS) when the
//! scanner reads past its new end. A handler maps zeros over the rest of
//! the map instead: the scan ends on them, what was read is printed, and
//! the tool says that the file was cut ([`Mapped::was_cut`]). A file
//! rewritten in place while it is read is not guarded against, as by any
//! tool that maps files (ripgrep's `--mmap`): its text is checked as UTF-8
//! once, before the scan.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Files from this size on (smaller ones cost more to map than to read).
pub const FROM: u64 = 16 << 20;

/// Bytes of the file a probe scanner reads first: a dump when they are
/// nearly all one report still open.
pub const PROBE: usize = 64 << 10;

/// The map the SIGBUS handler guards: start and length (0: none).
static START: AtomicUsize = AtomicUsize::new(0);
static LEN: AtomicUsize = AtomicUsize::new(0);
static PAGE: AtomicUsize = AtomicUsize::new(4096);
/// The handler mapped zeros over a cut end.
static CUT: AtomicBool = AtomicBool::new(false);

/// A file mapped read-only.
pub struct Mapped {
    map: memmap2::Mmap,
}

impl Mapped {
    /// `path` mapped, when it is a file worth mapping: `size` bytes (its
    /// size, from [`FROM`] up to `limit`), text that is not compressed,
    /// UTF-16 or Delve's JSON, and that begins with a report still open
    /// after [`PROBE`] bytes. `None`: read it chunk by chunk.
    pub fn open(path: &std::path::Path, size: u64, limit: usize) -> Option<Mapped> {
        Mapped::of(&std::fs::File::open(path).ok()?, 0, size, limit)
    }

    /// Standard input mapped, when it is a file worth mapping (as
    /// [`Mapped::open`]): from its offset, `size` bytes (what is left).
    pub fn stdin(size: u64, limit: usize) -> Option<Mapped> {
        use std::io::Seek;
        use std::os::fd::AsFd;
        let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
        let mut file = std::fs::File::from(fd);
        let at = file.stream_position().ok()?;
        Mapped::of(&file, at, size, limit)
    }

    /// `size` bytes of `file` from `offset`, mapped when worth it.
    fn of(file: &std::fs::File, offset: u64, size: u64, limit: usize) -> Option<Mapped> {
        if size < FROM || size > limit as u64 {
            return None;
        }
        guard();
        // SAFETY: the map is read only; a cut file is guarded against
        // (SIGBUS handler), a file rewritten in place is not (see the
        // module's docs).
        let map = unsafe {
            memmap2::MmapOptions::new()
                .offset(offset)
                .len(usize::try_from(size).ok()?)
                .map(file)
        }
        .ok()?;
        if map.len() as u64 != size {
            return None;
        }
        // Guarded from here on (the probe reads it too); dropped, no more.
        START.store(map.as_ptr() as usize, Ordering::SeqCst);
        LEN.store(map.len(), Ordering::SeqCst);
        let mapped = Mapped { map };
        let head = &mapped.map[..mapped.map.len().min(PROBE)];
        let encoded = matches!(
            head,
            [0x1f, 0x8b, ..] | [0x28, 0xb5, 0x2f, 0xfd, ..] | [0xff, 0xfe, ..] | [0xfe, 0xff, ..]
        );
        if encoded || gostack::is_delve_json(head) == Some(true) || !opens_a_report(head) {
            return None;
        }
        Some(mapped)
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// The file was cut while it was read: what followed the cut was
    /// read as NUL bytes.
    pub fn was_cut(&self) -> bool {
        CUT.load(Ordering::SeqCst)
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        LEN.store(0, Ordering::SeqCst);
    }
}

/// Whether `head` (the start of a file) is one report still open at its
/// end: nearly all of it held by a scanner fed it.
fn opens_a_report(head: &[u8]) -> bool {
    let mut probe = gostack::Scanner::new();
    let mut ended = false;
    probe.feed(head, |_| ended = true);
    !ended && probe.buffered() * 10 >= head.len() * 9
}

/// Installs the SIGBUS handler once.
fn guard() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: plain libc calls; the handler only reads atomics and
        // calls `mmap` (a system call).
        unsafe {
            let page = libc::sysconf(libc::_SC_PAGESIZE);
            if page > 0 {
                PAGE.store(page as usize, Ordering::SeqCst);
            }
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_sigbus as *const () as usize;
            sa.sa_flags = libc::SA_SIGINFO;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(libc::SIGBUS, &sa, std::ptr::null_mut());
        }
    });
}

/// SIGBUS: when the fault is in the map (the file was cut under it), maps
/// zeros over the rest of the map and returns (the read is done again and
/// sees zeros); else restores the default action, which the fault then
/// takes.
extern "C" fn on_sigbus(_: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
    let (start, len) = (START.load(Ordering::SeqCst), LEN.load(Ordering::SeqCst));
    let page = PAGE.load(Ordering::SeqCst);
    // SAFETY: `info` is the kernel's for this signal.
    let addr = unsafe { (*info).si_addr() } as usize;
    if len > 0 && addr >= start && addr < start + len {
        let from = addr & !(page - 1);
        // SAFETY: replaces pages of our own read-only map, which nothing
        // writes; the map's `Drop` unmaps the whole range as before.
        let zeros = unsafe {
            libc::mmap(
                from as *mut libc::c_void,
                start + len - from,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        if zeros != libc::MAP_FAILED {
            CUT.store(true, Ordering::SeqCst);
            return;
        }
    }
    // SAFETY: resetting a signal's action.
    unsafe {
        libc::signal(libc::SIGBUS, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One map at a time: the handler guards the last one made.
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn dump(n: usize) -> String {
        (1..=n)
            .map(|i| {
                format!("goroutine {i} [chan receive]:\nmain.worker()\n\t/app/main.go:5 +0x1d\n\n")
            })
            .collect()
    }

    #[test]
    fn only_large_dumps_are_mapped() {
        let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
        let dir = std::env::temp_dir().join(format!("gostack-mapped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dump(FROM as usize / 40);
        let try_map = |name: &str, text: &[u8], limit: usize| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            Mapped::open(&p, text.len() as u64, limit).is_some()
        };
        assert!(try_map("dump", big.as_bytes(), usize::MAX));
        // Too small, or past the report limit.
        assert!(!try_map("small", dump(100).as_bytes(), usize::MAX));
        assert!(!try_map("limit", big.as_bytes(), big.len() - 1));
        // A log whose first report ends early.
        let log = format!(
            "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:1 +0x1\nexit status 2\n{}",
            "listening on :8080\n".repeat(FROM as usize / 18)
        );
        assert!(!try_map("log", log.as_bytes(), usize::MAX));
        // Compressed.
        let mut gz = vec![0x1f, 0x8b];
        gz.extend_from_slice(big.as_bytes());
        assert!(!try_map("gz", &gz, usize::MAX));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file cut under its map reads as zeros past the cut, and says so.
    #[test]
    fn a_file_cut_while_mapped_reads_as_zeros() {
        let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
        let p = std::env::temp_dir().join(format!("gostack-cut-{}", std::process::id()));
        let text = dump(FROM as usize / 40);
        std::fs::write(&p, &text).unwrap();
        let m = Mapped::open(&p, text.len() as u64, usize::MAX).expect("mapped");
        assert!(!m.was_cut());
        std::fs::OpenOptions::new()
            .write(true)
            .open(&p)
            .unwrap()
            .set_len(4096)
            .unwrap();
        let b = m.bytes();
        assert_eq!(&b[..100], &text.as_bytes()[..100]);
        assert_eq!(b[b.len() - 1], 0);
        assert!(b[8192..].iter().all(|&c| c == 0));
        assert!(m.was_cut());
        drop(m);
        std::fs::remove_file(&p).unwrap();
    }
}
