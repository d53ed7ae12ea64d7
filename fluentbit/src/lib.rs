//! A Fluent Bit Wasm filter (`wasm32-unknown-unknown`) that parses the Go
//! crash a record carries and adds what it found to the record.
//!
//! Fluent Bit's `wasm` filter, in its JSON event mode (`Event_Format json`,
//! the default), calls for each record
//!
//! ```c
//! char *gostack_filter(char *tag, int tag_len, uint32_t time_sec,
//!                      uint32_t time_nsec, char *record, int record_len);
//! ```
//!
//! with the tag and the record's JSON copied into the module's memory
//! (each followed by a NUL), and reads back the NUL-terminated JSON object
//! the function returns as the new record. This filter looks for the crash
//! text in the record's `log` field (Docker, CRI, tail), else `message`,
//! `msg` or `MESSAGE` (journald) — joined into one record beforehand by
//! the Go multiline parser (`fluentbit/parsers_multiline.conf`) — and when
//! gostack finds a report there, returns the record with a `gostack`
//! object added:
//!
//! ```json
//! {"log": "panic: boom\n\ngoroutine 1 [running]:\n…",
//!  "gostack": {"kind": "panic", "message": "boom", "type": "panic",
//!              "fingerprint": "…", "reports": 1, "goroutines": 1,
//!              "goroutine": {"id": 1, "state": "running", "fingerprint": "…"},
//!              "top": {"function": "main.main", "file": "/app/main.go", "line": 5},
//!              "frames": [{"function": "main.main", "file": "/app/main.go", "line": 5}]}}
//! ```
//!
//! A record without a crash is returned unchanged, byte for byte. The
//! returned string stays valid until the next call (Fluent Bit copies it
//! at once).

use serde_json::{json, Map, Value};

/// Fields that may hold the crash text, in the order they are tried.
pub const TEXT_FIELDS: [&str; 4] = ["log", "message", "msg", "MESSAGE"];

/// Most frames of the crashing goroutine copied into the record.
pub const MAX_FRAMES: usize = 10;

/// The record (JSON text) with the crash it carries described under
/// `gostack`, or `None` when it carries none (or is not a JSON object).
pub fn enrich(record: &str) -> Option<String> {
    let Value::Object(mut map) = serde_json::from_str::<Value>(record).ok()? else {
        return None;
    };
    let text = TEXT_FIELDS
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str))?;
    let reports = gostack::parse(text);
    // The first crash, else the first report of any kind.
    let r = reports
        .iter()
        .find(|r| r.crash().is_some())
        .or(reports.first())?;
    let mut g = Map::new();
    g.insert("kind".into(), r.kind.as_str().into());
    g.insert(
        "message".into(),
        gostack::export::exception_message(r).into(),
    );
    g.insert("type".into(), gostack::export::exception_type(r).into());
    g.insert(
        "fingerprint".into(),
        gostack::fingerprint::report_fingerprint(r, gostack::fingerprint::Level::Line)
            .to_string()
            .into(),
    );
    g.insert("reports".into(), reports.len().into());
    g.insert("goroutines".into(), r.goroutines.len().into());
    if let Some(b) = &r.recovered_by {
        g.insert("recovered_by".into(), b.logger.to_string().into());
    }
    let frame =
        |f: &gostack::Frame<'_>| json!({"function": f.function, "file": f.file, "line": f.line});
    if let Some(cg) = r.crashing_goroutine().or(r.goroutines.first()) {
        g.insert(
            "goroutine".into(),
            json!({
                "id": cg.id,
                "state": cg.state,
                "fingerprint": gostack::fingerprint::stack_fingerprint(
                    cg,
                    gostack::fingerprint::Level::Line
                )
                .to_string(),
            }),
        );
        if let Some(f) = gostack::group::user_frame(cg) {
            g.insert("top".into(), frame(f));
        }
        g.insert(
            "frames".into(),
            cg.frames.iter().take(MAX_FRAMES).map(frame).collect(),
        );
    }
    map.insert("gostack".into(), Value::Object(g));
    serde_json::to_string(&Value::Object(map)).ok()
}

#[cfg(target_arch = "wasm32")]
mod abi {
    use std::cell::RefCell;
    use std::ffi::c_char;

    thread_local! {
        /// The last record returned: valid until the next call.
        static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }

    /// Fluent Bit's filter entry point (JSON event mode).
    ///
    /// # Safety
    /// `tag` and `record` point to `tag_len` and `record_len` bytes of the
    /// module's memory, as Fluent Bit's `filter_wasm` passes them.
    #[no_mangle]
    pub unsafe extern "C" fn gostack_filter(
        tag: *const c_char,
        tag_len: i32,
        _time_sec: u32,
        _time_nsec: u32,
        record: *const c_char,
        record_len: i32,
    ) -> *const u8 {
        let _ = (tag, tag_len);
        let len = usize::try_from(record_len).unwrap_or(0);
        let input: &[u8] = if record.is_null() || len == 0 {
            &[]
        } else {
            // SAFETY: by Fluent Bit's contract (see above).
            unsafe { std::slice::from_raw_parts(record.cast::<u8>(), len) }
        };
        let text = String::from_utf8_lossy(input);
        let out = super::enrich(&text);
        OUT.with(|o| {
            let mut o = o.borrow_mut();
            o.clear();
            match out {
                Some(s) => o.extend_from_slice(s.as_bytes()),
                // Untouched: the record as it came.
                None => o.extend_from_slice(input),
            }
            o.push(0);
            o.as_ptr()
        })
    }
}
