//! Inputs found by the fuzzers, kept as named regression tests.

/// An input a fuzzer once failed on, from `testdata/fuzz/`.
fn fuzz_input(name: &str) -> Vec<u8> {
    let path = format!("{}/testdata/fuzz/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A goroutine id with its frames' function, file and line.
type Shape = Vec<(Option<u64>, Vec<(String, Option<String>, Option<u32>)>)>;

/// Parse → render Go text → parse again keeps goroutines and frames.
fn round_trip(input: &[u8]) {
    let first = gostack::parse_bytes(input);
    let mut text = String::new();
    for r in &first {
        gostack::render::write_report(&mut text, r).unwrap();
    }
    let second = gostack::parse(&text);
    let shape = |rs: &[gostack::Report<'_>]| -> Shape {
        rs.iter()
            .flat_map(|r| &r.goroutines)
            .map(|g| {
                let frames = g
                    .frames
                    .iter()
                    .map(|f| {
                        (
                            f.function.to_string(),
                            f.file.as_deref().map(str::to_owned),
                            f.line,
                        )
                    })
                    .collect();
                (g.id, frames)
            })
            .collect()
    };
    assert_eq!(shape(&first), shape(&second), "rendered:\n{text}");
}

/// Like [`round_trip`], one report at a time (as the fuzz target does).
fn round_trip_each(input: &[u8]) {
    for r in gostack::parse_bytes(input) {
        let mut text = String::new();
        gostack::render::write_report(&mut text, &r).unwrap();
        let ids = |rs: &[gostack::Report<'_>]| -> Vec<Option<u64>> {
            rs.iter()
                .flat_map(|r| r.goroutines.iter().map(|g| g.id))
                .collect()
        };
        assert_eq!(
            ids(std::slice::from_ref(&r)),
            ids(&gostack::parse(&text)),
            "rendered:\n{text}"
        );
    }
}

/// A lone "." after a header is not a truncated function line.
#[test]
fn fuzz_roundtrip_dot_after_header() {
    round_trip(b"goroutine 7 []:\n.");
    let r = gostack::parse("goroutine 7 []:\n.");
    assert!(r[0].goroutines[0].frames.is_empty());
}

/// A function line without location followed by `created by` and its
/// location: the `created by` line is not skipped as interleaved output.
#[test]
fn fuzz_roundtrip_missing_location_before_created_by() {
    let input = "goroutine 1 [running]:\nmain.r()\ncreated by main.main\n\t/a.go:1 +0x1\n";
    round_trip(input.as_bytes());
    let r = &gostack::parse(input)[0];
    let g = &r.goroutines[0];
    assert_eq!(g.frames[0].file, None);
    assert_eq!(g.created_by.as_ref().unwrap().frame.line, Some(1));
    assert_eq!(r.diagnostics[0].kind, gostack::ErrorKind::MissingLocation);
    round_trip(b"goroutine 1 [running]:\nmain.r()\ncreated by main.main\n/a.go:1 +0x1\n");
    round_trip(b"\ngoroutine 1 []:\nr()\ncreated by }\nx:1");
}

/// A function line cut short renders as `f(` and parses back as truncated.
#[test]
fn truncated_function_line_round_trips() {
    round_trip(b"goroutine 1 [running]:\nmain.a()\n\t/a.go:1\nmain.b(0x1, 0x");
    round_trip(b"goroutine 1 [running]:\nmain.b");
}

/// A `created by` line ending in `:N +0x…` is not the location of the
/// function line above it.
#[test]
fn fuzz_roundtrip_created_by_is_not_a_location() {
    let input = b"goroutine 1 [running]:\nmain.main()\ncreated by runtime.ggo:135 +0x1b9d\n";
    round_trip(input);
    let r = gostack::parse_bytes(input);
    assert_eq!(r[0].goroutines[0].frames[0].file, None);
    assert_eq!(
        r[0].goroutines[0]
            .created_by
            .as_ref()
            .unwrap()
            .frame
            .function,
        "runtime.ggo:135 +0x1b9d"
    );
}

/// A junk line that ends in `(…)` between a function and a location: the
/// fast path must judge it like the careful path does (found by `roundtrip`
/// in a CI run).
#[test]
fn fuzz_roundtrip_junk_frame_after_missing_location() {
    let input = fuzz_input("roundtrip_junk_frame_after_missing_location.bin");
    round_trip(&input);
}

/// A truncated function line is not "followed by a location" when the next
/// line is a `created by` line ending in `:N`.
#[test]
fn fuzz_roundtrip_created_by_after_truncated_frame() {
    round_trip(b"pgoroutine 1 []:\nmn()\ncreated by t:1\nc(1");
    round_trip(b"goroutine 1 []:\nmn()\nc(\ncreated by t:1\n");
}

/// A goroutine header whose state has a comma not followed by a space
/// panicked the header parser (found by `roundtrip`).
#[test]
fn fuzz_header_comma_without_space() {
    let input = fuzz_input("roundtrip_header_comma.bin");
    round_trip(&input);
}

/// Quotes in a state outside Go 1.26 labels are plain text (found by
/// `roundtrip`).
#[test]
fn fuzz_roundtrip_quote_in_state() {
    round_trip(b"goroutine 5 [\", \"]:\n1");
    let r = gostack::parse("goroutine 5 [\"x]:\nmain.f()\n\t/a.go:1\n");
    assert_eq!(r[0].goroutines[0].state.as_deref(), Some("\"x"));
}

/// A `]` before Go 1.26 labels is not part of a state (found by `roundtrip`).
#[test]
fn fuzz_roundtrip_bracket_before_labels() {
    round_trip(b"goroutine 5 [] labels:{}]:\n{");
}

/// A goroutine printed without a header (Windows-style, first block of a
/// signal report) renders without one (found by `roundtrip`).
#[test]
fn fuzz_roundtrip_headerless_goroutine() {
    round_trip(b"SIGI: u\nPC=0x4\n\ne()");
    round_trip(b"SIGI: u\nPC=0x4\n\ne()\n\t/a.go:1\n\ngoroutine 2 [x]:\nf()\n\t/b.go:2\n");
}

/// Report and goroutine line spans of `reports` stay inside `1..=lines` and
/// do not overlap (the fuzz targets' structural invariant).
fn spans_nest(input: &str, reports: &[gostack::Report<'_>]) {
    let n = input.lines().count().max(1);
    let mut prev = 0;
    for r in reports {
        assert!(r.lines.start > prev && r.lines.end <= n, "{:?}", r.lines);
        prev = r.lines.end;
        let json = r.delve.as_ref().is_some_and(|d| d.json);
        let mut gprev = 0;
        for g in &r.goroutines {
            assert!(r.lines.start <= g.lines.start && g.lines.end <= r.lines.end);
            assert!(json || g.lines.start > gprev, "{:?} after {gprev}", g.lines);
            gprev = g.lines.end;
        }
    }
}

/// A race access line whose stack does not parse still ends inside the
/// report: the report's span covers every line it consumed.
#[test]
fn fuzz_race_access_without_stack_stays_in_the_report() {
    for f in [
        "parse_race_access_without_stack.bin",
        "formats_race_span.bin",
    ] {
        let bytes = fuzz_input(f);
        let text = String::from_utf8_lossy(&bytes);
        spans_nest(&text, &gostack::parse(&text));
        spans_nest(&text, &gostack::parse_race(&text));
    }
    let text = "WARNING: DATA RACE\nRead at 0x00c000074018 by main goroutine:\n  main.f()\n      /a.go:1 +0x1\n\nPrevious write at 0x00c00009a0f0 by goroutine 7:\n  junk without parentheses\n";
    let r = gostack::parse(text);
    spans_nest(text, &r);
    assert_eq!(r[0].race.as_ref().unwrap().accesses.len(), 2);
}

/// Goroutines of one JSON-RPC response share its line span.
#[test]
fn fuzz_delve_json_goroutines_share_the_span() {
    let bytes = fuzz_input("delve_json_shared_span.bin");
    let text = String::from_utf8_lossy(&bytes);
    let r = gostack::parse_delve_json(&text).unwrap();
    assert_eq!(r[0].goroutines.len(), 2);
    spans_nest(&text, &r);
    assert!(r.iter().all(|r| r.delve.as_ref().unwrap().json));
}

/// `Switched from A to B (thread T)` whose long block does not parse: the
/// Delve rendering keeps the thread so the goroutine parses back.
#[test]
fn fuzz_roundtrip_delve_switch_without_long_block() {
    let bytes = fuzz_input("roundtrip_delve_switch_without_block.bin");
    round_trip(&bytes);
    round_trip(
        b"Switched from 1 to 8 (thread 25302)\nThread 25302 at ./main.go:170\nGoroutine 8:\n",
    );
    round_trip(b"Switched from 3 to 4\n  Thread 4 at 0x1 ./a.go:1 main.f\n");
}

/// A long `Goroutine N:` block none of whose lines parse still renders its
/// header, so the goroutine is not lost.
#[test]
fn fuzz_roundtrip_delve_long_block_without_locations() {
    let bytes = fuzz_input("roundtrip_delve_long_block_unparsed.bin");
    round_trip(&bytes);
    let r = gostack::parse_bytes(&bytes);
    assert!(r.iter().any(|r| r.kind == gostack::ReportKind::DlvGoroutine
        && r.goroutines.first().is_some_and(|g| g.id == Some(1))));
}

/// A panic whose (multi-line) message holds TAB-indented Delve goroutine
/// lines stays a panic: a runtime report's first line is never a Delve
/// group header.
#[test]
fn fuzz_roundtrip_panic_message_with_delve_lines() {
    let bytes = fuzz_input("roundtrip_panic_message_with_delve_lines.bin");
    round_trip(&bytes);
    let text = "panic: boom\n\t  Goroutine 6 - User: ./a.go:3 main.f (0x1) [sleep]\n\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:5 +0x1\n";
    let r = gostack::parse(text);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, gostack::ReportKind::Panic);
    round_trip(text.as_bytes());
}

/// A runtime traceback printed between the entries of a `goroutines -exec`
/// listing is a report of its own, not exec output: no goroutine is lost.
#[test]
fn fuzz_go_report_inside_exec_output() {
    let bytes = fuzz_input("roundtrip_go_report_inside_exec_output.bin");
    round_trip(&bytes);
    let text = "  Goroutine 4 - User: ./main.go:202 main.f (0x1) [chan receive]\nsome exec output\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:5 +0x1\n\n  Goroutine 5 - User: ./main.go:203 main.g (0x2)\n[2 goroutines]\n";
    let r = gostack::parse(text);
    let kinds: Vec<_> = r.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&gostack::ReportKind::Dump), "{kinds:?}");
    let all: usize = r.iter().map(|r| r.goroutines.len()).sum();
    assert_eq!(all, 3);
}

/// JSON-RPC groups whose offsets point past the goroutines are kept inside.
#[test]
fn fuzz_delve_json_group_outside_the_goroutines() {
    let bytes = fuzz_input("delve_json_group_outside.bin");
    if let Ok(r) = gostack::parse_delve_json(&String::from_utf8_lossy(&bytes)) {
        for rep in &r {
            for g in rep.delve.iter().flat_map(|d| d.groups.iter()) {
                assert!(g.first + g.listed <= rep.goroutines.len());
            }
        }
    }
    let json = r#"{"result":{"Goroutines":[{"id":1}],"Groups":[{"Name":"x","Offset":5,"Count":3,"Total":9}]}}"#;
    let r = gostack::parse_delve_json(json).unwrap();
    let g = &r[0].delve.as_ref().unwrap().groups[0];
    assert_eq!((g.first, g.listed, g.total), (1, 0, 9));
}

/// A `goroutines -group` listing cut before a group's `Total:` keeps that
/// group (with a diagnostic) instead of dropping it.
#[test]
fn fuzz_delve_group_without_total() {
    let bytes = fuzz_input("roundtrip_delve_group_without_total.bin");
    round_trip_each(&bytes);
    let text = "running=false\n\t  Goroutine 2 - User: ./a.go:1 main.f (0x1) [sleep]\n\tTotal: 4\n\nrunning=true\n\t* Goroutine 1 - User: ./a.go:2 main.g (0x2) (thread 9)\n";
    let r = gostack::parse(text);
    let d = r[0].delve.as_ref().unwrap();
    assert_eq!(d.groups.len(), 2);
    assert_eq!((d.groups[1].first, d.groups[1].listed), (1, 1));
    assert_eq!(r[0].diagnostics[0].kind, gostack::ErrorKind::Truncated);
    assert_eq!(r[0].diagnostics[0].line, 6);
}

/// An indented `name = value` line after a `Frame N:` header is read as a
/// variable; the parser never stalls on a line it cannot consume (this
/// input used to hang).
#[test]
fn fuzz_indented_variable_after_frame_header() {
    let bytes = fuzz_input("parse_indented_variable_after_frame_header.bin");
    let _ = gostack::parse_bytes(&bytes);
    let text = "Frame 1: ./main.go:124 (PC: 4e4cf8)\n   x = 1\ny = 2\n";
    let r = gostack::parse(text);
    let vars = &r[0].goroutines[0].frames[0]
        .delve
        .as_ref()
        .unwrap()
        .variables;
    let names: Vec<_> = vars.iter().map(|v| &*v.name).collect();
    assert_eq!(names, ["x", "y"]);
}

/// ` profile: total ` after a multi-byte character: the profile name is
/// looked for on character boundaries (this input panicked).
#[test]
fn fuzz_profile_anchor_after_multibyte_char() {
    let bytes = fuzz_input("parse_profile_anchor_after_multibyte.bin");
    let _ = gostack::parse_bytes(&bytes);
    let r = gostack::parse(
        "pöd| goroutine profile: total 1\npöd| 1 @ 0x1\npöd| #\t0x1\tmain.f+0x0\t/a.go:1\n",
    );
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].profile.as_ref().unwrap().name, "goroutine");
    let _ = gostack::parse("xö profile: total 3\n");
}

/// A Delve stack whose goroutine is known from the session (a switch, a
/// breakpoint hit) renders the command that names it, so the id survives.
#[test]
fn fuzz_roundtrip_delve_stack_id_from_session() {
    let bytes = fuzz_input("roundtrip_delve_stack_id_from_session.bin");
    round_trip_each(&bytes);
    let text = "(dlv) goroutine 7\nSwitched from 1 to 7 (thread 9)\n(dlv) stack\n0  0x00000000004bf220 in main.bp\n   at ./main.go:81\n";
    let r = gostack::parse(text);
    let stack = r
        .iter()
        .find(|r| r.kind == gostack::ReportKind::DlvStack)
        .unwrap();
    assert_eq!(stack.goroutines[0].id, Some(7));
    round_trip_each(text.as_bytes());
}

/// Delve prints an error frame as `error: msg` alone; an `at` line after it
/// belongs to no frame (a diagnostic), so the error frame stays file-less and
/// renders back the same.
#[test]
fn fuzz_roundtrip_delve_at_after_error_frame() {
    let bytes = fuzz_input("roundtrip_delve_at_after_error_frame.bin");
    round_trip(&bytes);
    let r = gostack::parse_bytes(&bytes);
    let g = &r[0].goroutines[0];
    assert_eq!(g.frames.len(), 3);
    assert_eq!(g.frames[1].kind, gostack::FrameKind::Error);
    assert_eq!(g.frames[1].file, None);
    assert!(
        r[0].diagnostics.iter().any(|d| d.line == 4),
        "{:?}",
        r[0].diagnostics
    );
}

/// `Frame N:` takes its function from the stack printed before it; rendered
/// as a whole, the stack comes first again and names the frame the same way.
#[test]
fn fuzz_roundtrip_delve_frame_named_by_session() {
    let bytes = fuzz_input("roundtrip_delve_frame_named_by_session.bin");
    round_trip(&bytes);
    let r = gostack::parse_bytes(&bytes);
    let frame = r
        .iter()
        .find(|r| r.kind == gostack::ReportKind::DlvFrame)
        .expect("a frame report");
    assert_eq!(frame.goroutines[0].frames[0].function, "to");
}

/// `Frame N:` after a stop belongs to the stopped goroutine; rendered
/// alone, the report names it with `goroutine N frame M`, which parses back
/// to the same goroutine.
#[test]
fn fuzz_roundtrip_delve_frame_goroutine_from_stop() {
    let bytes = fuzz_input("roundtrip_delve_frame_goroutine_from_stop.bin");
    round_trip(&bytes);
    round_trip_each(&bytes);
    let r = gostack::parse_bytes(&bytes);
    let frame = r
        .iter()
        .find(|r| r.kind == gostack::ReportKind::DlvFrame)
        .expect("a frame report");
    assert_eq!(frame.goroutines[0].id, Some(1));
    let r = gostack::parse("(dlv) goroutine 7 frame 2\nFrame 2: ./main.go:19 (PC: 73b54e)\n");
    assert_eq!(r[0].kind, gostack::ReportKind::DlvFrame);
    assert_eq!(r[0].goroutines[0].id, Some(7));
}

/// A frame line whose `at` line comes after a prompt starts no stack (nor
/// does a `Goroutine N:` head whose location line does): the second line
/// belongs to another command's output, and a lone first line would not
/// parse back.
#[test]
fn fuzz_roundtrip_delve_frame_then_prompt() {
    for f in [
        "roundtrip_delve_frame_then_prompt.bin",
        "roundtrip_delve_long_head_then_prompt.bin",
    ] {
        let bytes = fuzz_input(f);
        round_trip(&bytes);
        round_trip_each(&bytes);
    }
    let bytes = fuzz_input("roundtrip_delve_frame_then_prompt.bin");
    let r = gostack::parse_bytes(&bytes);
    assert!(
        r.iter().all(|r| r.kind != gostack::ReportKind::DlvStack),
        "{r:?}"
    );
    // The same frame with its `at` line in the same output is a stack.
    let r = gostack::parse("0  0x0000000000000000 in ak\n   at ./a.go:1\n");
    assert_eq!(r[0].kind, gostack::ReportKind::DlvStack);
}

/// A byte order mark, then a constant line prefix (`x `), then a pprof
/// `debug=1` profile: taking the prefix off went back before the mark, so
/// the header no longer matched and the CLI panicked (exit 101). Found by
/// a long fuzz campaign; the same prefix on other formats already parsed.
#[test]
fn fuzz_bom_then_prefixed_profile() {
    let bytes = fuzz_input("parse_bom_prefix_pprof.bin");
    let r = gostack::parse_bytes(&bytes);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, gostack::ReportKind::PprofDebug1);
    assert_eq!(r[0].goroutines[0].count, Some(1));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gostack"))
        .args([
            "--format",
            "summary",
            "testdata/fuzz/parse_bom_prefix_pprof.bin",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("lines 1-2\tpprof-debug1"), "{text}");
    // The same with a race report and a goroutine dump.
    for body in [
        "x goroutine 1 [running]:\nx main.main()\nx \t/a.go:1 +0x1\n",
        "x ==================\nx WARNING: DATA RACE\nx Write at 0x00c000012345 by goroutine 7:\nx   main.f()\nx       /a.go:1 +0x1\n",
    ] {
        let text = format!("\u{feff}{body}");
        assert_eq!(gostack::parse(&text).len(), 1, "{body}");
    }
}

/// Two JSON-RPC responses back to back on one line (a long campaign found
/// it): both parse, and both reports span that one line — spans count
/// lines, so reports of one line share it (the fuzz invariant allows that
/// for JSON-RPC reports only).
#[test]
fn fuzz_delve_json_two_responses_on_one_line() {
    let bytes = fuzz_input("delve_json_two_responses_one_line.bin");
    let text = String::from_utf8_lossy(&bytes);
    let r = gostack::parse_delve_json(&text).unwrap();
    assert_eq!(r.len(), 2);
    for rep in &r {
        assert_eq!(rep.lines, gostack::LineSpan { start: 1, end: 1 });
        assert!(rep.delve.as_ref().unwrap().json);
    }
    // One response per line, as Delve writes them: one line each.
    let split = text.replacen("}{", "}\n{", 1);
    let r = gostack::parse_delve_json(&split).unwrap();
    assert_eq!((r[0].lines.start, r[1].lines.start), (1, 2));
}

/// Reports in source order (see `tests/scanner.rs`).
fn per_source(mut v: Vec<gostack::Report<'static>>) -> Vec<gostack::Report<'static>> {
    v.sort_by_key(|r| {
        (
            r.source.clone(),
            r.log.as_ref().and_then(|l| l.stream.clone()),
        )
    });
    v
}

/// The reports of `input` read whole, after checking that the scanner
/// fed in chunks of each of `sizes` bytes reads the same (per source).
fn read_alike_in_chunks(input: &[u8], sizes: &[usize]) -> Vec<gostack::Report<'static>> {
    let whole = per_source(
        gostack::parse_bytes(input)
            .into_iter()
            .map(gostack::Report::into_owned)
            .collect(),
    );
    for &n in sizes {
        assert_eq!(per_source(chunked(input, n)), whole, "chunks of {n}");
    }
    whole
}

/// The scanner in chunks of `n` bytes.
fn chunked(input: &[u8], n: usize) -> Vec<gostack::Report<'static>> {
    let mut out = Vec::new();
    let mut s = gostack::Scanner::new();
    for c in input.chunks(n) {
        s.feed(c, |r| out.push(r.into_owned()));
    }
    s.finish(|r| out.push(r.into_owned()));
    out
}

#[test]
fn fuzz_recovered_panic_lookback_from_an_embedded_header() {
    // A goroutine header found after other text on its line (multi-byte
    // characters before it): the look-back for a `panic serving` line
    // started mid-line and sliced inside a character.
    let input = fuzz_input("scan_chunks_embedded_header_multibyte.bin");
    read_alike_in_chunks(&input[1..], &[1, 7, 300, 5000]);
}

#[test]
fn fuzz_embedded_fatal_error_after_an_escaped_trace_waits_for_its_lines() {
    // A line holding a trace with escaped newlines and, after it, an
    // embedded `fatal error:` whose report needs the lines that follow.
    // When those had not come yet, the look-ahead asked for more — but the
    // escaped trace's own scan, run next in the same step, cleared that
    // request, and the line was read as the escaped trace alone: fed in
    // small chunks, the fatal error was split into two reports.
    let input = fuzz_input("scan_chunks_embedded_fatal_after_escaped_trace.bin");
    let whole = read_alike_in_chunks(&input[1..], &[1, 8, 64, 300, 5000]);
    assert!(whole.iter().any(|r| r.kind == gostack::ReportKind::Fatal));
}

#[test]
fn fuzz_a_line_held_as_maybe_compose_keeps_its_place_before_a_blank_line() {
    // At the start of an input, a line that looks like docker compose's
    // (`api_1     | …`) is held until the next line says whether the input
    // is compose's. A blank line went out before the held one, so the
    // scanner read `panic: …`, blank, `api_1 | …` where the text (and
    // `parse`) has the panic message go on over the `api_1` line.
    let input = fuzz_input("scan_chunks_held_prefixed_line_before_blank.bin");
    read_alike_in_chunks(&input[1..], &[1, 8, 300, 5000]);
    // The same shape, written plainly.
    let text = "panic: boom\nweb_1  | more of the message\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\n";
    let parsed = gostack::parse(text);
    assert_eq!(
        parsed[0].panics[0].message,
        "boom\nweb_1  | more of the message"
    );
    let scanned = chunked(text.as_bytes(), 5000);
    assert_eq!(scanned[0].panics[0].message, parsed[0].panics[0].message);
    assert_eq!(scanned[0].lines, parsed[0].lines);
}

#[test]
fn fuzz_panic_serving_after_a_multibyte_character() {
    // net/http's `http: panic serving ADDR: VALUE` with a multi-byte
    // character right before the logger's name: the name's start was taken
    // one byte past that character's start, inside it, and slicing there
    // panicked.
    let input = fuzz_input("scan_chunks_panic_serving_after_multibyte.bin");
    read_alike_in_chunks(&input[1..], &[1, 8, 300, 5000]);
    let text = "é\u{fffd}http: panic serving 127.0.0.1:4242: boom\ngoroutine 7 [running]:\nmain.handler()\n\t/app/main.go:9 +0x1d\n";
    let r = gostack::parse(text);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, gostack::ReportKind::RecoveredPanic);
    let by = r[0].recovered_by.as_ref().expect("recovered by net/http");
    assert_eq!(by.logger, "http");
    assert_eq!(by.prefix.as_deref(), Some("é\u{fffd}"));
}

#[test]
fn fuzz_recovered_panic_whose_value_lines_end_a_read() {
    // `testing.go:N: panic: VALUE` with a value over two lines, the stack
    // after them. When a read ended after the value's second line, only
    // the last line read was kept for the stack in the next read to look
    // back to — not the `panic:` line — and the recovered panic was read as
    // a bare dump. The lines from the `panic:` line on are kept now.
    let input = fuzz_input("scan_chunks_recovered_value_lines_across_reads.bin");
    let data = &input[1..];
    let whole = read_alike_in_chunks(data, &[1, 8, 300, 5000]);
    assert_eq!(
        whole.last().map(|r| r.kind),
        Some(gostack::ReportKind::RecoveredPanic)
    );
    let at = memchr::memmem::find(data, b"d0000\"\n").unwrap() + 7;
    let mut got = Vec::new();
    let mut s = gostack::Scanner::new();
    s.feed(&data[..at], |r| got.push(r.into_owned()));
    s.feed(&data[at..], |r| got.push(r.into_owned()));
    s.finish(|r| got.push(r.into_owned()));
    assert_eq!(per_source(got), whole, "split after the value");
}

#[test]
fn fuzz_escaped_trace_diagnostics_point_at_the_record() {
    // A trace decoded from one line: its diagnostics' positions were those
    // of the decoded text, past the end of the input.
    let input = fuzz_input("parse_escaped_trace_diagnostic.bin");
    let text = String::from_utf8_lossy(&input);
    let lines = text.lines().count().max(1);
    let reports = gostack::parse(&text);
    let escaped: Vec<_> = reports
        .iter()
        .filter(|r| r.log.as_ref().is_some_and(|l| l.escaped))
        .collect();
    assert!(!escaped.is_empty());
    for r in escaped {
        assert_eq!(r.lines.start, r.lines.end);
        for d in &r.diagnostics {
            assert_eq!(d.line(), r.lines.start);
            assert!(d.line() <= lines);
        }
    }
}

#[test]
fn fuzz_docker_streams_number_their_lines_apart() {
    // Docker json-file records of stdout and stderr: each stream numbers
    // its own lines, so reports of the two may share line numbers.
    let input = fuzz_input("parse_docker_streams_number_apart.bin");
    let reports = gostack::parse_bytes(&input);
    let streams: std::collections::BTreeSet<_> = reports
        .iter()
        .map(|r| r.log.as_ref().and_then(|l| l.stream.clone()))
        .collect();
    assert!(streams.len() >= 2, "{streams:?}");
}

#[test]
fn fuzz_recovered_panic_lookback_stops_at_the_previous_report() {
    // A goroutine header after a damaged recovered-panic report: the
    // look-back for a multi-line value walked into that report and took its
    // `panic serving` line again (two reports on the same lines).
    spans_increase_per_source("parse_recovered_lookback_into_previous_report.bin");
}

#[test]
fn fuzz_docker_record_without_its_stream_is_not_docker() {
    // A json-file record without `"stream"` went to a source numbered like
    // the input's own lines: two reports on the same line numbers.
    spans_increase_per_source("parse_docker_record_without_stream.bin");
}

/// Each source's (and stream's) reports come on increasing lines.
fn spans_increase_per_source(name: &str) {
    let input = fuzz_input(name);
    let reports = gostack::parse_bytes(&input);
    let mut ends: std::collections::HashMap<_, usize> = Default::default();
    for r in &reports {
        let key = (
            r.source.clone(),
            r.log.as_ref().and_then(|l| l.stream.clone()),
        );
        let end = ends.entry(key).or_default();
        assert!(
            r.lines.start > *end,
            "{:?} overlaps (ended at {end})",
            r.lines
        );
        *end = r.lines.end;
    }
}

#[test]
fn fuzz_escaped_trace_ends_the_delve_context() {
    // A Docker record holding a goroutine header, decoded as a one-line
    // trace, between a Delve stop and a listing: the listing's report took
    // the stop line as its start and spanned the trace's report.
    spans_increase_per_source("parse_escaped_trace_inside_delve_context.bin");
}

/// A function line that does not parse, right after a frame without its
/// location: it is a damaged frame, not a foreign line between that frame
/// and a location (the rendered text read back with one frame fewer).
#[test]
fn fuzz_roundtrip_damaged_function_after_missing_location() {
    let input = fuzz_input("roundtrip_damaged_function_after_missing_location.bin");
    round_trip(&input);
}

/// A `goroutines -group` header starting with digits (a source line shown
/// as the group's name) was found only on line 1, by accident of the
/// "variables may follow line 0" default.
#[test]
fn fuzz_roundtrip_delve_group_header_with_digits() {
    let input = fuzz_input("roundtrip_delve_group_header_with_digits.bin");
    round_trip_each(&input);
    let text = "x\n86:\t// Run has locals\n\t  Goroutine 18 - User: /usr/local/go/src/runtime/proc.go:475 runtime.gopark (0x4869b1) [GC scavenge wait]\n\tTotal: 1\n";
    let r = gostack::parse(text);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].goroutines.len(), 1);
}

#[test]
fn fuzz_roundtrip_damaged_function_with_brackets() {
    let input = fuzz_input("roundtrip_damaged_function_with_brackets.bin");
    round_trip_each(&input);
}

/// A profile header ending in a form feed (CI's long fuzz run): the scan
/// trimmed it as whitespace and took the line for a header, the profile
/// parser did not and panicked. Both now trim only spaces and TABs, so the
/// line is log text; a race report's first line the same.
#[test]
fn fuzz_profile_header_with_form_feed() {
    let bytes = fuzz_input("parse_profile_header_form_feed.bin");
    let _ = gostack::parse_bytes(&bytes);
    let record = "1 @ 0x1\n#\t0x1\tmain.f+0x0\t/a.go:1\n";
    for (end, profiles) in [("\u{c}", 0), (" \t", 1), ("", 1)] {
        let text = format!("goroutine profile: total 1{end}\n{record}");
        let r = gostack::parse(&text);
        let n = r
            .iter()
            .filter(|r| r.kind == gostack::ReportKind::PprofDebug1)
            .count();
        assert_eq!(n, profiles, "{text:?}");
    }
    let race = "==================\nWARNING: DATA RACE\u{c}\nWrite at 0x00c000012345 by goroutine 7:\n  main.f()\n      /a.go:1 +0x1\n";
    assert!(gostack::parse(race)
        .iter()
        .all(|r| r.kind != gostack::ReportKind::Race));
}

/// A Docker record whose `log` holds an escaped newline before its end
/// (Docker never writes one; a mangled log may; CI's fuzz run made one):
/// the stream has two lines there, and the trace decoded from the second
/// sits on line 2 of stdout although the file has one line — a transport's
/// line numbers count its decoded stream (the fuzz invariant now says so).
#[test]
fn fuzz_docker_record_with_inner_newline() {
    let bytes = fuzz_input("parse_docker_record_with_inner_newline.bin");
    let r = gostack::parse_bytes(&bytes);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].lines, gostack::LineSpan { start: 2, end: 2 });
    let log = r[0].log.as_ref().unwrap();
    assert_eq!(log.transport, Some(gostack::Transport::DockerJson));
    assert_eq!(log.stream.as_deref(), Some("stdout"));
    assert_eq!(r[0].goroutines[0].frames[0].function, "main.main");
}

/// The same record with its trace cut (CI's fuzz run, strict target): the
/// strict error sits on line 2 of the decoded stream, as the lenient
/// parse's diagnostic does.
#[test]
fn fuzz_strict_docker_record_with_inner_newline() {
    let bytes = fuzz_input("parse_strict_docker_inner_newline.bin");
    let text = std::str::from_utf8(&bytes).unwrap();
    let lenient = gostack::parse(text);
    let first = lenient
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .next()
        .expect("a diagnostic");
    let e = gostack::parse_with(text, gostack::ParseOptions::strict()).unwrap_err();
    assert_eq!(&e, first);
    assert_eq!(e.kind(), gostack::ErrorKind::Truncated);
    assert_eq!((e.line(), e.column()), (2, 1));
}

/// A function line that starts like a Docker record but is cut (a long
/// fuzz run joined one to a frame): it stays text however early it comes.
/// Only a closed record decides that an input is Docker's, so the same
/// goroutine reads the same alone (rendered) as inside a longer input.
#[test]
fn fuzz_roundtrip_delve_group_label_that_is_a_cri_record() {
    // A `goroutines -group` listing whose group label, kept verbatim, is a
    // whole CRI record. Inside its input (plain text) it is a label; the
    // listing rendered alone starts with it, and a text whose first line is
    // a transport's record is that transport's. The round-trip target skips
    // reports rendered with such a first line; this pins down why.
    let bytes = fuzz_input("roundtrip_delve_group_label_reads_as_cri.bin");
    let text = String::from_utf8(bytes).unwrap();
    let reports = gostack::parse(&text);
    let r = reports
        .iter()
        .find(|r| {
            r.kind == gostack::ReportKind::DlvGoroutines
                && r.goroutines.len() == 1
                && r.goroutines[0].id == Some(10)
        })
        .expect("the listing");
    assert!(r.log.is_none());
    let mut rendered = String::new();
    gostack::render::write_report(&mut rendered, r).unwrap();
    assert!(rendered.starts_with("2026-12-02T19:16:02.686407501Z stderr F nd 13892)\n"));
    // Read as CRI's: the record's text goes to its stream, the listing's
    // other lines stay the input's own, and no listing is left.
    assert_eq!(gostack::parse(&rendered).len(), 0);
    // After 40 plain lines (an input is plain after 32), a label again.
    let plain: String = "log line\n".repeat(40) + &rendered;
    let again = gostack::parse(&plain);
    assert_eq!(again.iter().map(|a| a.goroutines.len()).sum::<usize>(), 1);
}

#[test]
fn fuzz_roundtrip_delve_function_padded_with_nuls() {
    // A coloured Delve stack whose function name is padded with NULs before
    // its reset code: the name kept them; written back they ended the line,
    // where a line's NULs are dropped, and the name read back shorter.
    let bytes = fuzz_input("roundtrip_delve_function_padded_with_nuls.bin");
    round_trip_each(&bytes);
    round_trip(&bytes);
    let text = "0  0x00000000004e4cf8 in \u{1b}[1mmain.(*Inspector).Run\0\0\0\u{1b}[0m\n   at ./\u{1b}[1mmain.go:124\u{1b}[0m\n";
    let r = gostack::parse(text);
    assert_eq!(
        r[0].goroutines[0].frames[0].function,
        "main.(*Inspector).Run"
    );
}

#[test]
fn fuzz_roundtrip_cut_docker_record_as_function() {
    let bytes = fuzz_input("roundtrip_cut_docker_record_as_function.bin");
    round_trip_each(&bytes);
    round_trip(&bytes);
    let cut = "{\"log\":\"created by main.worker in goroutine 1\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T19:16:03.0680time.goparkunlock(...)";
    let text = format!(
        "goroutine 4 [GC scavenge wait]:\nruntime.gopark(0x1?)\n\t/usr/local/go/src/runtime/proc.go:474 +0xca\n{cut}\n\t/usr/local/go/src/runtime/proc.go:480\nruntime.goexit({{}})\n\t/usr/local/go/src/runtime/asm_amd64.s:1700 +0x1\n"
    );
    let r = gostack::parse(&text);
    assert_eq!(r.len(), 1);
    assert!(r[0].log.is_none(), "{:?}", r[0].log);
    assert_eq!(r[0].goroutines[0].frames.len(), 3);
    // A closed record still decides, cut ones after it are decoded.
    let docker = "{\"log\":\"panic: boom\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T19:16:03Z\"}\n{\"log\":\"\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T19:16:03Z\"}\n{\"log\":\"goroutine 1 [running]:\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T19:16:03Z\"}\n{\"log\":\"main.main()\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T19:16:03Z\"}\n{\"log\":\"\\t/app/main.go:5 +0x1d\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T19:1";
    let r = gostack::parse(docker);
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0].log.as_ref().and_then(|l| l.transport),
        Some(gostack::Transport::DockerJson)
    );
    assert_eq!(r[0].goroutines[0].frames[0].line, Some(5));
}
