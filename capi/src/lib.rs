//! The C interface to gostack: Go crash text in, JSON out.
//!
//! Everything a C program needs is in `include/gostack.h` (generated from
//! this file by cbindgen; `capi/generate-header.sh`). Two ways in:
//!
//! - [`gostack_parse`]: a whole buffer, every report as one JSON document
//!   per line in the chosen [`GostackFormat`];
//! - a streaming handle ([`gostack_scanner_new`]): feed bytes as they
//!   arrive, take each completed report as one JSON document
//!   ([`gostack_scanner_next`]), say when the input went quiet or ended.
//!
//! # Memory
//!
//! Every `char *` gostack returns was allocated by gostack, is UTF-8,
//! NUL-terminated and owned by the caller, who frees it with
//! [`gostack_string_free`] (never with `free`). Buffers passed in are only
//! read during the call. A scanner is freed with [`gostack_scanner_free`].
//!
//! # Errors
//!
//! Functions return [`GOSTACK_OK`] (0) or a negative code; no Rust panic
//! ever crosses the boundary (a panic inside gostack is caught and
//! reported as [`GOSTACK_ERR_PANIC`]). A scanner is not thread-safe: use
//! one per thread, or lock around it.

use std::collections::VecDeque;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use gostack::{Report, Scanner};

/// Success.
pub const GOSTACK_OK: i32 = 0;
/// A required pointer was NULL.
pub const GOSTACK_ERR_NULL: i32 = -1;
/// gostack failed inside (a bug: please report it); the call had no effect
/// or a partial one.
pub const GOSTACK_ERR_PANIC: i32 = -2;
/// The format number is not one of [`GostackFormat`].
pub const GOSTACK_ERR_FORMAT: i32 = -3;
/// The scanner was finished: it takes no more input.
pub const GOSTACK_ERR_FINISHED: i32 = -4;
/// A source name is not valid UTF-8.
pub const GOSTACK_ERR_UTF8: i32 = -5;

/// The JSON form of each report (see gostack's `docs/json-output.md`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GostackFormat {
    /// The report object of `gostack --format ndjson` (schema version 1).
    Ndjson = 0,
    /// The grouped report of `gostack --format grouped`.
    Grouped = 1,
    /// An OTLP/JSON log request (`--format otel`).
    Otel = 2,
    /// A Sentry event (`--format sentry`).
    Sentry = 3,
    /// An Elastic Common Schema document (`--format ecs`).
    Ecs = 4,
}

impl GostackFormat {
    fn from_raw(n: i32) -> Option<Self> {
        Some(match n {
            0 => GostackFormat::Ndjson,
            1 => GostackFormat::Grouped,
            2 => GostackFormat::Otel,
            3 => GostackFormat::Sentry,
            4 => GostackFormat::Ecs,
            _ => return None,
        })
    }

    fn render(self, r: &Report<'_>) -> String {
        let v = match self {
            GostackFormat::Ndjson => serde_json::to_string(&gostack::render::JsonReport::new(r)),
            GostackFormat::Grouped => {
                serde_json::to_string(&gostack::render::JsonGroupedReport::new(
                    r,
                    gostack::group::Similarity::IgnorePointers,
                ))
            }
            GostackFormat::Otel => serde_json::to_string(&gostack::export::otel(r)),
            GostackFormat::Sentry => serde_json::to_string(&gostack::export::sentry(r)),
            GostackFormat::Ecs => serde_json::to_string(&gostack::export::ecs(r)),
        };
        // Serialising the model into a String cannot fail (no maps with
        // non-string keys, no I/O); an error would be a bug.
        v.unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
    }
}

/// Hands `s` to C: a NUL-terminated copy the caller frees with
/// [`gostack_string_free`]; its length without the NUL in `*len` when
/// `len` is not NULL.
fn to_c(s: String, len: *mut usize) -> *mut c_char {
    // JSON escapes every control character, so no NUL can be inside; a NUL
    // would only shorten the string.
    let c = CString::new(s).unwrap_or_else(|e| {
        let n = e.nul_position();
        let mut v = e.into_vec();
        v.truncate(n);
        CString::new(v).unwrap_or_default()
    });
    if !len.is_null() {
        // SAFETY: the caller passes a valid `size_t *` or NULL (checked).
        unsafe { *len = c.as_bytes().len() };
    }
    c.into_raw()
}

/// The bytes `buf[0..len]` (empty for `len == 0`, even with a NULL
/// `buf`).
///
/// # Safety
/// `buf` points to `len` readable bytes when `len > 0`.
unsafe fn bytes<'a>(buf: *const u8, len: usize) -> Option<&'a [u8]> {
    if len == 0 {
        return Some(&[]);
    }
    if buf.is_null() {
        return None;
    }
    // SAFETY: by the caller's contract.
    Some(unsafe { std::slice::from_raw_parts(buf, len) })
}

/// Runs `f`, turning a panic into [`GOSTACK_ERR_PANIC`].
fn guarded(f: impl FnOnce() -> i32) -> i32 {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(GOSTACK_ERR_PANIC)
}

/// Parses the whole buffer `buf[0..len]` (any bytes: invalid UTF-8 is
/// replaced) and writes every report found, in `format`, one JSON document
/// per line (each line ends with `\n`), to `*out` — an empty string when
/// no report was found. `*out_len` (when not NULL) gets its length.
/// Returns [`GOSTACK_OK`] or an error code; `*out` is NULL on error.
///
/// # Safety
/// `buf` points to `len` readable bytes (or `len` is 0); `out` is a valid
/// `char **`; `out_len` is a valid `size_t *` or NULL.
#[no_mangle]
pub unsafe extern "C" fn gostack_parse(
    buf: *const u8,
    len: usize,
    format: i32,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> i32 {
    guarded(|| {
        if out.is_null() {
            return GOSTACK_ERR_NULL;
        }
        // SAFETY: checked above.
        unsafe { *out = std::ptr::null_mut() };
        let Some(format) = GostackFormat::from_raw(format) else {
            return GOSTACK_ERR_FORMAT;
        };
        // SAFETY: by the caller's contract.
        let Some(input) = (unsafe { bytes(buf, len) }) else {
            return GOSTACK_ERR_NULL;
        };
        let mut s = String::new();
        for r in gostack::parse_bytes(input) {
            s.push_str(&format.render(&r));
            s.push('\n');
        }
        // SAFETY: `out` checked above.
        unsafe { *out = to_c(s, out_len) };
        GOSTACK_OK
    })
}

/// A streaming scanner: bytes in, completed reports out.
pub struct GostackScanner {
    scanner: Scanner,
    format: GostackFormat,
    ready: VecDeque<String>,
    finished: bool,
}

/// A new scanner whose reports come out in `format`; NULL when `format`
/// is not one of [`GostackFormat`]. Free it with [`gostack_scanner_free`].
#[no_mangle]
pub extern "C" fn gostack_scanner_new(format: i32) -> *mut GostackScanner {
    catch_unwind(|| {
        let Some(format) = GostackFormat::from_raw(format) else {
            return std::ptr::null_mut();
        };
        Box::into_raw(Box::new(GostackScanner {
            scanner: Scanner::new(),
            format,
            ready: VecDeque::new(),
            finished: false,
        }))
    })
    .unwrap_or(std::ptr::null_mut())
}

impl GostackScanner {
    /// Runs `step` on the scanner with a sink that renders each completed
    /// report and queues it for [`gostack_scanner_next`].
    fn run(&mut self, step: impl FnOnce(&mut Scanner, &mut dyn FnMut(Report<'_>))) {
        let (format, ready) = (self.format, &mut self.ready);
        step(&mut self.scanner, &mut |r| {
            ready.push_back(format.render(&r))
        });
    }

    /// Feeds `input`, as the input named `source` when given.
    fn feed(&mut self, source: Option<&str>, input: &[u8]) -> i32 {
        if self.finished {
            return GOSTACK_ERR_FINISHED;
        }
        self.run(|scanner, sink| match source {
            Some(name) => scanner.feed_source(name, input, sink),
            None => scanner.feed(input, sink),
        });
        GOSTACK_OK
    }
}

/// Runs `f` on the scanner behind `s`.
///
/// # Safety
/// `s` is NULL or a pointer from [`gostack_scanner_new`] not yet freed.
unsafe fn with_scanner(s: *mut GostackScanner, f: impl FnOnce(&mut GostackScanner) -> i32) -> i32 {
    if s.is_null() {
        return GOSTACK_ERR_NULL;
    }
    // SAFETY: by the caller's contract, `s` is live and not aliased.
    let s = unsafe { &mut *s };
    guarded(|| f(s))
}

/// Feeds `buf[0..len]`, the next bytes of the input (any split: a line
/// may end in the next call). Reports completed by them are queued for
/// [`gostack_scanner_next`].
///
/// # Safety
/// `s` comes from [`gostack_scanner_new`]; `buf` points to `len` readable
/// bytes (or `len` is 0).
#[no_mangle]
pub unsafe extern "C" fn gostack_scanner_feed(
    s: *mut GostackScanner,
    buf: *const u8,
    len: usize,
) -> i32 {
    // SAFETY: by the caller's contract.
    unsafe {
        with_scanner(s, |s| {
            let Some(input) = bytes(buf, len) else {
                return GOSTACK_ERR_NULL;
            };
            s.feed(None, input)
        })
    }
}

/// As [`gostack_scanner_feed`], for the input named `source` (a
/// NUL-terminated UTF-8 name: a file, a container, a service): each
/// source is scanned on its own, so interleaved inputs never mix, and its
/// reports carry `"source"`.
///
/// # Safety
/// As [`gostack_scanner_feed`]; `source` is a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn gostack_scanner_feed_source(
    s: *mut GostackScanner,
    source: *const c_char,
    buf: *const u8,
    len: usize,
) -> i32 {
    // SAFETY: by the caller's contract.
    unsafe {
        with_scanner(s, |s| {
            if source.is_null() {
                return GOSTACK_ERR_NULL;
            }
            let Ok(name) = CStr::from_ptr(source).to_str() else {
                return GOSTACK_ERR_UTF8;
            };
            let Some(input) = bytes(buf, len) else {
                return GOSTACK_ERR_NULL;
            };
            s.feed(Some(name), input)
        })
    }
}

/// The input went quiet (a pipe with nothing more for a while): reports
/// still open are completed and queued. The scanner takes more input
/// afterwards.
///
/// # Safety
/// `s` comes from [`gostack_scanner_new`].
#[no_mangle]
pub unsafe extern "C" fn gostack_scanner_flush_idle(s: *mut GostackScanner) -> i32 {
    // SAFETY: by the caller's contract.
    unsafe {
        with_scanner(s, |s| {
            s.run(|scanner, sink| scanner.flush_idle(sink));
            GOSTACK_OK
        })
    }
}

/// The input ended: every report still open is completed and queued; the
/// scanner takes no more input (reports already queued can still be
/// taken).
///
/// # Safety
/// `s` comes from [`gostack_scanner_new`].
#[no_mangle]
pub unsafe extern "C" fn gostack_scanner_finish(s: *mut GostackScanner) -> i32 {
    // SAFETY: by the caller's contract.
    unsafe {
        with_scanner(s, |s| {
            if !s.finished {
                s.run(|scanner, sink| scanner.finish(sink));
                s.finished = true;
            }
            GOSTACK_OK
        })
    }
}

/// How many completed reports wait to be taken.
///
/// # Safety
/// `s` comes from [`gostack_scanner_new`] (NULL gives 0).
#[no_mangle]
pub unsafe extern "C" fn gostack_scanner_pending(s: *const GostackScanner) -> usize {
    if s.is_null() {
        return 0;
    }
    // SAFETY: by the caller's contract.
    unsafe { (*s).ready.len() }
}

/// Takes the next completed report, oldest first, as one JSON document
/// (no trailing newline) the caller frees with [`gostack_string_free`];
/// NULL when none is waiting. `*len` (when not NULL) gets its length.
///
/// # Safety
/// `s` comes from [`gostack_scanner_new`]; `len` is a valid `size_t *` or
/// NULL.
#[no_mangle]
pub unsafe extern "C" fn gostack_scanner_next(
    s: *mut GostackScanner,
    len: *mut usize,
) -> *mut c_char {
    if s.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: by the caller's contract.
    let s = unsafe { &mut *s };
    match s.ready.pop_front() {
        Some(j) => to_c(j, len),
        None => std::ptr::null_mut(),
    }
}

/// Frees a scanner (NULL is allowed). Reports not taken are dropped: call
/// [`gostack_scanner_finish`] and take them first.
///
/// # Safety
/// `s` is NULL or comes from [`gostack_scanner_new`] and is not used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn gostack_scanner_free(s: *mut GostackScanner) {
    if !s.is_null() {
        // SAFETY: by the caller's contract, `s` came from Box::into_raw.
        drop(unsafe { Box::from_raw(s) });
    }
}

/// Frees a string gostack returned (NULL is allowed).
///
/// # Safety
/// `p` is NULL or a string from gostack not freed yet.
#[no_mangle]
pub unsafe extern "C" fn gostack_string_free(p: *mut c_char) {
    if !p.is_null() {
        // SAFETY: by the caller's contract, `p` came from CString::into_raw.
        drop(unsafe { CString::from_raw(p) });
    }
}

/// gostack's version (`0.1.0`), a static string: do not free it.
#[no_mangle]
pub extern "C" fn gostack_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
