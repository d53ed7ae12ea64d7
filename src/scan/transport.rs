//! Transports and per-line source prefixes: what wraps the lines a Go
//! program printed by the time they reach a log file.
//!
//! - Docker's json-file driver writes one JSON record per line it read
//!   (`{"log":"…\n","stream":"stderr","time":"…"}`); a line longer than
//!   its buffer (16 KiB) becomes several records, all but the last without
//!   the final `\n`.
//! - The CRI format (containerd, CRI-O, `/var/log/pods`) writes
//!   `TIME STREAM TAG TEXT`, the tag `P` for a partial line continued by the
//!   next record of the stream, `F` for its end.
//! - Interleaved sources put a prefix before each line: docker compose
//!   (`web-1  | `), `kubectl logs --prefix` (`[pod/NAME/CONTAINER] `),
//!   journald (`Dec 02 17:28:02 HOST IDENT[PID]: `), stern (`POD CONTAINER `).
//!
//! Each line is decoded here into its source, stream, timestamp and text;
//! the scanner feeds the text to that source's own line stream.

use std::borrow::Cow;

use super::json;
use crate::model::Transport;

/// One line of input taken apart.
#[derive(Debug, PartialEq)]
pub(crate) struct Decoded<'a> {
    /// Which source printed it (`""`: the input's own).
    pub label: Cow<'a, str>,
    /// `stdout` / `stderr`, when the transport says.
    pub stream: Option<Cow<'a, str>>,
    /// The transport's timestamp.
    pub time: Option<Cow<'a, str>>,
    /// The text the program printed (without the line end).
    pub text: Cow<'a, str>,
    /// False when the text continues in the next record of the same
    /// source and stream (Docker's split of long lines, CRI `P`).
    pub ends_line: bool,
}

/// Decodes `line` (without its `\n`) under `t`; `None` when the line is
/// not of that shape (it is then the input's own text).
pub(crate) fn decode(t: Transport, line: &str) -> Option<Decoded<'_>> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    match t {
        Transport::DockerJson => docker(line, false),
        Transport::Cri => cri(line),
        Transport::Compose | Transport::Kubectl | Transport::Journald | Transport::Stern => {
            let (label, rest) = prefix(t, line)?;
            Some(Decoded {
                label: Cow::Borrowed(label),
                stream: None,
                time: None,
                text: Cow::Borrowed(rest),
                ends_line: true,
            })
        }
    }
}

/// The transport `line` is written in, if any.
pub(crate) fn classify(line: &str) -> Option<Transport> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let b = line.as_bytes();
    match b.first()? {
        // Only a whole record decides: Docker writes nothing else, and a
        // cut or damaged one (`{"log":"…","time":"2026-…0680main.f(...)`)
        // is as likely text that merely starts like one.
        b'{' => docker(line, true).map(|_| Transport::DockerJson),
        b'[' => prefix(Transport::Kubectl, line).map(|_| Transport::Kubectl),
        c if c.is_ascii_digit() => {
            if cri(line).is_some() {
                Some(Transport::Cri)
            } else {
                prefix(Transport::Journald, line).map(|_| Transport::Journald)
            }
        }
        _ => [Transport::Journald, Transport::Compose, Transport::Stern]
            .into_iter()
            .find(|t| prefix(*t, line).is_some()),
    }
}

/// A json-file record; `whole`: only one whose object is closed (once the
/// input is known to be Docker's, a record cut by the end of the input or
/// damaged still gives what it holds).
fn docker(line: &str, whole: bool) -> Option<Decoded<'_>> {
    if !line.starts_with("{\"log\":") {
        return None;
    }
    docker_as_written(line).or_else(|| docker_object(line, whole))
}

/// A record as Docker's json-file driver writes nearly all of them:
/// `{"log":"TEXT","stream":"S","time":"T"}` in that order, no space, and no
/// escape in `TEXT` but its final `\n` (nor any in `S` and `T`). Read where
/// it is, with no decoding and no allocation; `None` for any other record
/// (read by [`docker_object`], which gives the same for these).
fn docker_as_written(line: &str) -> Option<Decoded<'_>> {
    let rest = line.strip_prefix("{\"log\":\"")?;
    let end = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
    let (text, after, ends_line) = match rest[end..].strip_prefix("\\n\"") {
        Some(after) => (&rest[..end], after, true),
        None if rest.as_bytes()[end] == b'"' => (&rest[..end], &rest[end + 1..], false),
        None => return None,
    };
    let plain = |s: &str| !s.contains('\\');
    let (stream, after) = after.strip_prefix(",\"stream\":\"")?.split_once('"')?;
    let (time, after) = after.strip_prefix(",\"time\":\"")?.split_once('"')?;
    (after == "}" && plain(stream) && plain(time)).then_some(Decoded {
        label: Cow::Borrowed(""),
        stream: Some(Cow::Borrowed(stream)),
        time: Some(Cow::Borrowed(time)),
        text: Cow::Borrowed(text),
        ends_line,
    })
}

/// Any json-file record, decoded as JSON.
fn docker_object(line: &str, whole: bool) -> Option<Decoded<'_>> {
    let (members, complete) = json::object(line)?;
    if whole && !complete {
        return None;
    }
    let mut log = None;
    let mut stream = None;
    let mut time = None;
    for (k, v) in members {
        match &*k {
            "log" => log = Some(v.into_text()),
            "stream" => stream = Some(v.into_text()),
            "time" => time = Some(v.into_text()),
            _ => {}
        }
    }
    // Docker writes both; a record without its stream is not Docker's.
    let (log, stream) = (log?, Some(stream?));
    let (text, ends_line) = match log {
        Cow::Borrowed(s) => match s.strip_suffix('\n') {
            Some(t) => (Cow::Borrowed(t), true),
            None => (Cow::Borrowed(s), false),
        },
        Cow::Owned(mut s) => {
            let ends = s.ends_with('\n');
            if ends {
                s.pop();
            }
            (Cow::Owned(s), ends)
        }
    };
    Some(Decoded {
        label: Cow::Borrowed(""),
        stream,
        time,
        text,
        ends_line,
    })
}

/// `2016-10-06T00:17:09.669794202Z stdout F text` (RFC 3339 time, any
/// offset; the tag may carry more `:`-separated tags after `P`/`F`).
fn cri(line: &str) -> Option<Decoded<'_>> {
    let (time, rest) = split_space(line)?;
    if !rfc3339(time) {
        return None;
    }
    let (stream, rest) = split_space(rest)?;
    if stream != "stdout" && stream != "stderr" {
        return None;
    }
    let (tag, text) = match split_space(rest) {
        Some(x) => x,
        None => (rest, ""),
    };
    let partial = match tag.split(':').next() {
        Some("P") => true,
        Some("F") => false,
        _ => return None,
    };
    Some(Decoded {
        label: Cow::Borrowed(""),
        stream: Some(Cow::Borrowed(stream)),
        time: Some(Cow::Borrowed(time)),
        text: Cow::Borrowed(text),
        ends_line: !partial,
    })
}

/// `s` split at its first space (the fields of a CRI line; `memchr` finds
/// it faster than `split_once` on every line of a log).
#[inline]
fn split_space(s: &str) -> Option<(&str, &str)> {
    let i = memchr::memchr(b' ', s.as_bytes())?;
    Some((&s[..i], &s[i + 1..]))
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM|±HHMM)`.
fn rfc3339(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10) && digits(11..13) && digits(14..16)) {
        return false;
    }
    let mut i = 19;
    if b[16] != b':' || !digits(17..19) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    match &b[i..] {
        [b'Z'] => true,
        [b'+' | b'-', rest @ ..] => {
            rest.iter().filter(|c| c.is_ascii_digit()).count() == 4 && rest.len() <= 5
        }
        _ => false,
    }
}

/// The source label and the text after a per-line prefix of style `t`.
fn prefix(t: Transport, line: &str) -> Option<(&str, &str)> {
    match t {
        Transport::Compose => compose(line),
        Transport::Kubectl => kubectl(line),
        Transport::Journald => journald(line),
        Transport::Stern => stern(line),
        _ => None,
    }
}

/// `web-1  | text` (compose v2), `web_1  | text` (v1); `|` alone ends an
/// empty line. Colour codes around the name (a captured terminal) are
/// skipped.
fn compose(line: &str) -> Option<(&str, &str)> {
    let body = skip_csi(line);
    let b = body.as_bytes();
    let name_len = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
        .count();
    if name_len == 0 || !b[0].is_ascii_alphanumeric() {
        return None;
    }
    let after = skip_csi(&body[name_len..]);
    let spaces = after.bytes().take_while(|c| *c == b' ').count();
    if spaces == 0 {
        return None;
    }
    let rest = skip_csi(after[spaces..].strip_prefix('|')?);
    let text = match rest.strip_prefix(' ') {
        Some(t) => t,
        None if rest.is_empty() => rest,
        None => return None,
    };
    Some((&body[..name_len], text))
}

/// Skips ANSI CSI sequences (`ESC [ … final`) at the start of `s`.
fn skip_csi(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("\x1b[") {
        let end = rest
            .bytes()
            .position(|c| (0x40..=0x7e).contains(&c))
            .map_or(rest.len(), |i| i + 1);
        s = &rest[end..];
    }
    s
}

/// `[pod/NAME/CONTAINER] text`.
fn kubectl(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('[')?;
    let end = rest
        .find("] ")
        .or_else(|| rest.strip_suffix(']').map(|r| r.len()))?;
    let label = &rest[..end];
    let mut parts = label.split('/');
    let (kind, name, container) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || kind.is_empty()
        || name.is_empty()
        || container.is_empty()
        || label.contains(' ')
    {
        return None;
    }
    Some((label, rest.get(end + 2..).unwrap_or("")))
}

/// `Dec 02 17:28:02 host app[123]: text` (journalctl short, short-precise)
/// or `2026-12-02T17:28:02+0000 host app[123]: text` (short-iso); the
/// label is `app[123]` (a restarted process is another source).
fn journald(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    let after_time = if b.first()?.is_ascii_digit() {
        let (t, rest) = line.split_once(' ')?;
        if !rfc3339(t) {
            return None;
        }
        rest
    } else {
        // `Mmm dd HH:MM:SS[.ffffff] `
        if b.len() < 16
            || !b[0].is_ascii_uppercase()
            || !b[1].is_ascii_lowercase()
            || !b[2].is_ascii_lowercase()
            || b[3] != b' '
            || !(b[4] == b' ' || b[4].is_ascii_digit())
            || !b[5].is_ascii_digit()
            || b[6] != b' '
            || b[9] != b':'
            || b[12] != b':'
        {
            return None;
        }
        let clock = &line[7..];
        let (clock, rest) = clock.split_once(' ')?;
        if !clock
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b':' || c == b'.')
        {
            return None;
        }
        rest
    };
    let (host, rest) = after_time.split_once(' ')?;
    if host.is_empty()
        || !host
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'))
    {
        return None;
    }
    let colon = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(str::len))?;
    let ident = &rest[..colon];
    // A process: `IDENT[PID]` (what journald prints for every service).
    let open = ident.find('[')?;
    let pid = ident[open + 1..].strip_suffix(']')?;
    if open == 0
        || ident[..open].contains(' ')
        || pid.is_empty()
        || !pid.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((ident, rest.get(colon + 2..).unwrap_or("")))
}

/// `api-7d9c5b6f4-x2x7q app text`: a pod name ending in the random suffix
/// Kubernetes generates (five of `bcdfghjklmnpqrstvwxz2456789`), then a
/// container name. The label is `POD/CONTAINER`.
fn stern(line: &str) -> Option<(&str, &str)> {
    let (pod, rest) = line.split_once(' ')?;
    let (container, _) = rest.split_once(' ').unwrap_or((rest, ""));
    let dns = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.')
    };
    if !dns(pod) || !dns(container) {
        return None;
    }
    let (_, suffix) = pod.rsplit_once('-')?;
    if suffix.len() != 5
        || !suffix
            .bytes()
            .all(|c| b"bcdfghjklmnpqrstvwxz2456789".contains(&c))
    {
        return None;
    }
    let label_end = pod.len() + 1 + container.len();
    Some((&line[..label_end], line.get(label_end + 1..).unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: Transport, line: &str) -> Option<(String, String)> {
        decode(t, line).map(|d| (d.label.into_owned(), d.text.into_owned()))
    }

    #[test]
    fn classify_each_style() {
        let cases = [
            (
                r#"{"log":"panic: boom\n","stream":"stderr","time":"2026-12-02T17:30:57.3Z"}"#,
                Some(Transport::DockerJson),
            ),
            (
                "2026-12-02T17:30:57.371715008Z stderr F panic: boom",
                Some(Transport::Cri),
            ),
            ("web-1  | panic: boom", Some(Transport::Compose)),
            ("web_1  |", Some(Transport::Compose)),
            (
                "\x1b[36mweb-1  |\x1b[0m panic: boom",
                Some(Transport::Compose),
            ),
            ("[pod/api-5d8/app] panic: boom", Some(Transport::Kubectl)),
            (
                "Dec 02 17:28:02 host1 api[4242]: panic: boom",
                Some(Transport::Journald),
            ),
            (
                "Dec  2 17:28:02.123456 host1 api[9]: x",
                Some(Transport::Journald),
            ),
            ("Dec  2 17:28:02 host1 kernel: x", None),
            (
                "2026-01-01T00:00:00Z 2026/01/01 http: panic serving 1.2.3.4:5: boom",
                None,
            ),
            (
                "2026-12-02T17:28:02+0000 host1 api[7]: x",
                Some(Transport::Journald),
            ),
            (
                "api-7d9c5b6f4-x2x7q app panic: boom",
                Some(Transport::Stern),
            ),
            ("panic: boom", None),
            ("goroutine 1 [running]:", None),
            ("\t/app/main.go:12 +0x1d", None),
            ("main.main()", None),
            (
                "2026/12/02 17:28:02 http: panic serving 1.2.3.4:5: boom",
                None,
            ),
            (
                "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]",
                None,
            ),
            ("a|b", None),
            ("GET /x | 200", None),
            ("{\"level\":\"info\"}", None),
        ];
        for (line, want) in cases {
            assert_eq!(classify(line), want, "{line:?}");
        }
    }

    #[test]
    fn docker_records_as_written_read_as_json_reads_them() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/transport");
        let mut lines: Vec<String> = Vec::new();
        for name in [
            "docker_api.log",
            "docker_longline.log",
            "docker_oom.log",
            "docker_slog.log",
            "docker_worker.log",
        ] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            lines.extend(text.lines().map(str::to_owned));
        }
        let real = lines.len();
        // Shapes around the fast path's edges, each read by the JSON reader.
        for odd in [
            r#"{"log":"a\n","stream":"stderr","time":"t"}"#,
            r#"{"log":"a\\n","stream":"stderr","time":"t"}"#,
            r#"{"log":"a\nb\n","stream":"stderr","time":"t"}"#,
            r#"{"log":"a\"b","stream":"stdout","time":"t"}"#,
            r#"{"log":"","stream":"stdout","time":"t"}"#,
            r#"{"log":"\n","stream":"stdout","time":"t"}"#,
            r#"{"log":"a\n","stream":"std\u006fut","time":"t"}"#,
            r#"{"log":"a\n","stream":"stdout","time":"t","attrs":{"k":"v"}}"#,
            r#"{"log":"a\n", "stream":"stdout","time":"t"}"#,
            r#"{"log":"a\n","time":"t","stream":"stdout"}"#,
            r#"{"log":"a\n","stream":"stdout","time":"t"} "#,
            r#"{"log":"a\n","stream":"stdout","time":"t"#,
            r#"{"log":"a\n","stream":"stdout""#,
            r#"{"log":"a\"#,
        ] {
            lines.push(odd.to_owned());
        }
        let mut fast = 0;
        for (i, l) in lines.iter().enumerate() {
            let d = docker_as_written(l);
            if let Some(d) = &d {
                fast += 1;
                for whole in [true, false] {
                    assert_eq!(Some(d), docker_object(l, whole).as_ref(), "{l}");
                }
            }
            assert_eq!(docker(l, false), docker_object(l, false), "{l}");
            // A real record whose only escape is its final `\n` (log lines;
            // a trace's lines hold `\t`) is read as written.
            if i < real && l.matches('\\').count() == 1 && l.contains("\\n\",\"stream\":") {
                assert!(d.is_some(), "{l}");
            }
        }
        assert!(fast > real / 2, "{fast} of {real}");
    }

    #[test]
    fn decode_each_style() {
        let d = decode(
            Transport::DockerJson,
            r#"{"log":"\u0009/app/main.go:3 +0x98\n","stream":"stderr","time":"2026-12-02T17:30:57.37172967Z"}"#,
        )
        .unwrap();
        assert_eq!(d.text, "\t/app/main.go:3 +0x98");
        assert!(d.ends_line);
        assert_eq!(d.stream.as_deref(), Some("stderr"));
        let d = decode(
            Transport::DockerJson,
            r#"{"log":"aaaa","stream":"stdout","time":"t"}"#,
        )
        .unwrap();
        assert!(!d.ends_line);
        let d = decode(Transport::Cri, "2026-12-02T17:30:57Z stdout P abc").unwrap();
        assert!(!d.ends_line);
        assert_eq!(d.text, "abc");
        let d = decode(Transport::Cri, "2026-12-02T17:30:57.1+01:00 stderr F").unwrap();
        assert!(d.ends_line);
        assert_eq!(d.text, "");
        assert_eq!(
            text(Transport::Compose, "api-1  | \tmain.go:3"),
            Some(("api-1".into(), "\tmain.go:3".into()))
        );
        assert_eq!(
            text(Transport::Kubectl, "[pod/a/b] x y"),
            Some(("pod/a/b".into(), "x y".into()))
        );
        assert_eq!(
            text(Transport::Journald, "Dec 02 17:28:02 h app[1]: \tx"),
            Some(("app[1]".into(), "\tx".into()))
        );
        assert_eq!(
            text(Transport::Stern, "api-7d9c5b6f4-x2x7q app \tx"),
            Some(("api-7d9c5b6f4-x2x7q app".into(), "\tx".into()))
        );
        assert_eq!(text(Transport::Compose, "goroutine 1 [running]:"), None);
    }
}
