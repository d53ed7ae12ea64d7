//! Fluent Bit's `filter_wasm` imitated with wasmi: the filter module (built
//! for wasm32-unknown-unknown) is instantiated with no imports, and for
//! each record the host copies the tag and the record's JSON, each followed
//! by a NUL, into the module's memory (outside the module's own
//! allocations, as WAMR's app heap is), calls
//! `gostack_filter(tag, tag_len, time_sec, time_nsec, record, record_len)`
//! with six i32s, checks that the returned address starts a NUL-terminated
//! string inside memory, and copies it out as the new record — what
//! `flb_wasm_call_function_format_json` does.

use std::path::{Path, PathBuf};

use serde_json::Value;
use wasmi::{Engine, Instance, Linker, Memory, Module, Store, TypedFunc};

fn wasm_path() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let p = root.join("target/wasm32-unknown-unknown/wasm/gostack_fluentbit.wasm");
    assert!(
        p.exists(),
        "build the filter first: cargo build -p gostack-fluentbit --profile wasm --target wasm32-unknown-unknown"
    );
    p
}

/// One instance of the filter, as Fluent Bit holds it for a chunk.
struct Host {
    store: Store<()>,
    memory: Memory,
    filter: TypedFunc<(i32, i32, i32, i32, i32, i32), i32>,
    /// Start of the host's region (WAMR's app heap stand-in).
    heap: usize,
    heap_len: usize,
}

impl Host {
    fn new(module: &Module, engine: &Engine) -> Host {
        let mut store = Store::new(engine, ());
        // No imports: a filter that needed any would fail here, as in
        // Fluent Bit.
        let linker = Linker::<()>::new(engine);
        let instance: Instance = linker
            .instantiate(&mut store, module)
            .and_then(|pre| pre.start(&mut store))
            .expect("instantiate with no imports");
        let memory = instance
            .get_memory(&store, "memory")
            .expect("memory export");
        let filter = instance
            .get_typed_func::<(i32, i32, i32, i32, i32, i32), i32>(&store, "gostack_filter")
            .expect("gostack_filter(i32 x6) -> i32");
        Host {
            store,
            memory,
            filter,
            heap: 0,
            heap_len: 0,
        }
    }

    /// The region for `need` bytes: pages grown by the host, which the
    /// module's allocator never hands out (it only uses pages it grew).
    fn region(&mut self, need: usize) -> usize {
        if need > self.heap_len {
            let pages = need.div_ceil(65536) as u64;
            let old = self.memory.grow(&mut self.store, pages).expect("grow") as usize;
            self.heap = old * 65536;
            self.heap_len = pages as usize * 65536;
        }
        self.heap
    }

    /// Calls the filter on one record as filter_wasm does; `None` when the
    /// returned address is not a string in memory (Fluent Bit drops the
    /// record then).
    fn call(&mut self, tag: &str, record: &str) -> Option<String> {
        let need = tag.len() + 1 + record.len() + 1;
        let base = self.region(need);
        let (tag_at, rec_at) = (base, base + tag.len() + 1);
        let mut bytes = tag.as_bytes().to_vec();
        bytes.push(0);
        bytes.extend_from_slice(record.as_bytes());
        bytes.push(0);
        self.memory.write(&mut self.store, base, &bytes).unwrap();
        let ret = self
            .filter
            .call(
                &mut self.store,
                (
                    tag_at as i32,
                    tag.len() as i32,
                    1_764_700_000,
                    123,
                    rec_at as i32,
                    record.len() as i32,
                ),
            )
            .expect("the filter traps");
        let data = self.memory.data(&self.store);
        let at = ret as u32 as usize;
        if at == 0 || at >= data.len() {
            return None;
        }
        let end = data[at..].iter().position(|b| *b == 0)? + at;
        // The module must not have written into the host's region.
        assert_eq!(
            &data[base..base + bytes.len()],
            &bytes[..],
            "host region changed"
        );
        Some(String::from_utf8(data[at..end].to_vec()).expect("UTF-8"))
    }
}

fn load() -> (Engine, Module) {
    let engine = Engine::default();
    let bytes = std::fs::read(wasm_path()).unwrap();
    let module = Module::new(&engine, &bytes[..]).expect("valid module");
    (engine, module)
}

fn fixture(rel: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    String::from_utf8_lossy(&std::fs::read(root.join("testdata").join(rel)).unwrap()).into_owned()
}

/// Every Go 1.27 fixture as one record (what the multiline parser makes of
/// a crash): the filter's `gostack` object says what the library says.
#[test]
fn crash_records_are_enriched() {
    let (engine, module) = load();
    let mut host = Host::new(&module, &engine);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/go/1.27");
    let mut checked = 0;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let reports = gostack::parse(&text);
        let record = serde_json::json!({"log": text, "stream": "stderr", "time": "2026-12-02T19:16:02.686383906Z"});
        let input = record.to_string();
        let out = host
            .call("kube.var.log.containers.app", &input)
            .expect("a record");
        let Some(r) = reports
            .iter()
            .find(|r| r.crash().is_some())
            .or(reports.first())
        else {
            assert_eq!(out, input, "{}: untouched", path.display());
            continue;
        };
        let v: Value = serde_json::from_str(&out).unwrap();
        // The record's own fields are kept, in order, the text included.
        assert_eq!(v["log"], record["log"]);
        assert_eq!(v["stream"], "stderr");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["log", "stream", "time", "gostack"]);
        let g = &v["gostack"];
        let p = path.display();
        assert_eq!(g["kind"], r.kind.as_str(), "{p}");
        assert_eq!(g["message"], gostack::export::exception_message(r), "{p}");
        assert_eq!(g["type"], gostack::export::exception_type(r), "{p}");
        assert_eq!(
            g["fingerprint"],
            gostack::fingerprint::report_fingerprint(r, gostack::fingerprint::Level::Line)
                .to_string(),
            "{p}"
        );
        assert_eq!(g["reports"], reports.len(), "{p}");
        if let Some(cg) = r.crashing_goroutine() {
            assert_eq!(g["goroutine"]["id"], serde_json::json!(cg.id), "{p}");
            let frames = g["frames"].as_array().unwrap();
            assert_eq!(frames.len(), cg.frames.len().min(10), "{p}");
            for (jf, f) in frames.iter().zip(&cg.frames) {
                assert_eq!(jf["function"], &*f.function, "{p}");
                assert_eq!(jf["line"], serde_json::json!(f.line), "{p}");
            }
            let top = gostack::group::user_frame(cg).unwrap();
            assert_eq!(g["top"]["function"], &*top.function, "{p}");
        }
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}

/// Records without a crash come back byte for byte: plain log lines, JSON
/// with other fields, non-objects, invalid JSON, non-ASCII text.
#[test]
fn other_records_are_untouched() {
    let (engine, module) = load();
    let mut host = Host::new(&module, &engine);
    for input in [
        r#"{"log":"2026/12/02 10:00:00 GET /health 200\n","stream":"stdout"}"#,
        r#"{"message":"user logged in","level":"info","n":1.50}"#,
        r#"{"log":"goroutine leak suspected in worker pool\n"}"#,
        r#"{"other":"panic: boom"}"#,
        r#"["not", "an", "object"]"#,
        r#"{"log": "unterminated"#,
        r#"{"log":"héllo wörld ✓"}"#,
        "{}",
        "",
    ] {
        assert_eq!(host.call("app", input).as_deref(), Some(input), "{input}");
    }
}

/// Where the text may be: `message`, `msg`, journald's `MESSAGE`; a crash
/// in a real Docker json-file log, one record per line joined as the
/// multiline parser joins them.
#[test]
fn text_fields_and_joined_docker_lines() {
    let (engine, module) = load();
    let mut host = Host::new(&module, &engine);
    let crash = fixture("go/1.27/panic_goroutine.txt");
    for field in ["message", "msg", "MESSAGE"] {
        let input = serde_json::json!({ field: crash }).to_string();
        let v: Value = serde_json::from_str(&host.call("app", &input).unwrap()).unwrap();
        assert_eq!(v["gostack"]["kind"], "panic", "{field}");
    }
    // Docker's records of the worker crash, their `log` values joined.
    let lines: Vec<Value> = fixture("transport/docker_worker.log")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let joined: String = lines
        .iter()
        .filter(|v| v["stream"] == "stderr")
        .map(|v| v["log"].as_str().unwrap())
        .collect();
    let input = serde_json::json!({"log": joined, "stream": "stderr"}).to_string();
    let v: Value = serde_json::from_str(&host.call("docker.worker", &input).unwrap()).unwrap();
    assert_eq!(v["gostack"]["kind"], "panic");
    assert_eq!(
        v["gostack"]["message"],
        "runtime error: invalid memory address or nil pointer dereference"
    );
    assert_eq!(v["gostack"]["type"], "runtime.Error");
}

/// Fluent Bit instantiates the module per chunk and calls it per record:
/// many records through one instance keep memory bounded, and a fresh
/// instance per chunk works the same.
#[test]
fn many_records_and_chunks() {
    let (engine, module) = load();
    let crash = serde_json::json!({"log": fixture("go/1.27/states_panic_all.txt")}).to_string();
    let plain = r#"{"log":"ok\n"}"#;
    let mut first = None;
    for _chunk in 0..3 {
        let mut host = Host::new(&module, &engine);
        for i in 0..400 {
            let input = if i % 4 == 0 { &crash } else { plain };
            let out = host.call("app", input).unwrap();
            if i % 4 == 0 {
                let f = first.get_or_insert_with(|| out.clone());
                assert_eq!(&out, f);
            } else {
                assert_eq!(out, plain);
            }
        }
        let pages = host.memory.size(&host.store);
        assert!(pages < 200, "memory grew to {pages} pages");
    }
}
