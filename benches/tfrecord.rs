//! TFRecord throughput in records/s: encoding windows (from built windows and from NDJSON
//! lines), framing, and plain or GZIP chunks, on one thread and on all threads.
//!
//! `cargo bench --bench tfrecord`; criterion reports "thrpt" in elements (records) per second.

#[path = "../tests/tfrecord_support/mod.rs"]
mod tfrecord_support;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use scwin::export::tfrecord::{
    EncodedChunk, TfChunk, TfCompression, TfOptions, encode_json_line, encode_window,
};
use tfrecord_support::*;

/// Records per chunk (one gzip member per chunk and class), as `scwin convert`'s default.
const CHUNK: usize = 1024;

fn bench(c: &mut Criterion) {
    let evs = random_events(1, 3000);
    let ws = windows_of(&evs);
    let all = pairs(&evs, &ws);
    let n = all.len() as u64;
    let text = ndjson(&evs, &ws, true);
    let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
    let opts = TfOptions {
        flavour: 11,
        weights: None,
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    eprintln!(
        "{n} windows, {} NDJSON bytes, {threads} threads",
        text.len()
    );

    let mut g = c.benchmark_group("tfrecord");
    g.throughput(Throughput::Elements(n));
    g.sample_size(10);

    g.bench_function("encode_window/1thread", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for (w, ev) in &all {
                bytes += black_box(encode_window(w, ev, &opts)).len();
            }
            bytes
        })
    });

    for (label, nthreads) in [("1thread", 1), ("all", threads)] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(nthreads)
            .build()
            .unwrap();
        for comp in [TfCompression::None, TfCompression::Gzip] {
            let cname = match comp {
                TfCompression::None => "plain",
                TfCompression::Gzip => "gzip",
            };
            g.bench_function(format!("windows_to_chunks/{cname}/{label}"), |b| {
                b.iter(|| {
                    pool.install(|| {
                        let out: Vec<EncodedChunk> = all
                            .par_chunks(CHUNK)
                            .map(|part| {
                                let mut ch = TfChunk::new();
                                for (w, ev) in part {
                                    ch.push_window(w, ev, &opts);
                                }
                                ch.finish(comp).unwrap()
                            })
                            .collect();
                        black_box(out)
                    })
                })
            });
            g.bench_function(format!("ndjson_to_chunks/{cname}/{label}"), |b| {
                b.iter(|| {
                    pool.install(|| {
                        let out: Vec<EncodedChunk> = lines
                            .par_chunks(CHUNK)
                            .map(|part| {
                                let mut ch = TfChunk::new();
                                for l in part {
                                    if let Some((class, rec)) = encode_json_line(l, &opts).unwrap()
                                    {
                                        ch.push(class, &rec);
                                    }
                                }
                                ch.finish(comp).unwrap()
                            })
                            .collect();
                        black_box(out)
                    })
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
