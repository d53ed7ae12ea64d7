#![no_main]
//! The push scanner fed any bytes in a chunking drawn from the input's
//! first bytes (sizes from 1 byte up), some of it through a second source:
//! each source yields exactly what `parse_bytes` yields on its bytes.

use libfuzzer_sys::fuzz_target;

/// The second source's name (no transport names a service so).
const B: &str = "\u{1}b";
const B_SLASH: &str = "\u{1}b/";

fuzz_target!(|data: &[u8]| {
    let Some((&seed, data)) = data.split_first() else {
        return;
    };
    // A second source gets the input too, fed in other chunks, interleaved.
    let mut x = u64::from(seed).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = |max: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        1 + (x % max as u64) as usize
    };
    let max = match seed % 4 {
        0 => 1,
        1 => 8,
        2 => 300,
        _ => 5000,
    };
    let mut got_a = Vec::new();
    let mut got_b = Vec::new();
    let mut s = gostack::Scanner::new();
    let (mut a, mut b) = (0, 0);
    while a < data.len() || b < data.len() {
        if a < data.len() {
            let n = next(max).min(data.len() - a);
            s.feed(&data[a..a + n], |r| got_a.push(r.into_owned()));
            a += n;
        }
        if b < data.len() && seed % 2 == 0 {
            let n = next(max).min(data.len() - b);
            s.feed_source(B, &data[b..b + n], |r| got_b.push(r.into_owned()));
            b += n;
        } else {
            b = data.len();
        }
        if seed % 8 == 7 && a % 3 == 0 {
            // An idle flush must not lose or duplicate anything; what it
            // hands out may differ from a one-shot parse, so no comparison.
            s.flush_idle(|_| {});
            return;
        }
    }
    s.finish(|r| {
        // Source B's reports are named B, or B/SERVICE when a transport
        // named a service.
        let of_b = r.source.as_deref().is_some_and(|s| s == B || s.starts_with(B_SLASH));
        if of_b {
            got_b.push(r.into_owned())
        } else {
            got_a.push(r.into_owned())
        }
    });
    // Reports of one source (and stream) come in order; different sources'
    // come out as each completes, which depends on the chunking.
    fn per_source(v: &mut [gostack::Report<'_>]) {
        v.sort_by_key(|r| (r.source.clone(), r.log.as_ref().and_then(|l| l.stream.clone())));
    }
    let mut want = gostack::parse_bytes(data);
    per_source(&mut want);
    per_source(&mut got_a);
    assert_eq!(got_a, want, "chunks up to {max}");
    if seed % 2 == 0 {
        assert_eq!(got_b.len(), want.len());
        got_b.sort_by_key(|r| {
            let service = r.source.as_deref().and_then(|s| s.strip_prefix(B_SLASH));
            (service.map(str::to_owned), r.log.as_ref().and_then(|l| l.stream.clone()))
        });
        for (g, w) in got_b.iter().zip(&want) {
            let named = match w.source.as_deref() {
                None => B.to_owned(),
                Some(service) => format!("{B}/{service}"),
            };
            assert_eq!(g.source.as_deref(), Some(named.as_str()));
            let mut g = g.clone();
            g.source = w.source.clone();
            assert_eq!(&g, w);
        }
    }
});
