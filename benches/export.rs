//! Export throughput on the bundled sample, one thread, split into its stages:
//! decode only, decode + build windows, decode + build + NDJSON (plain). Criterion reports
//! the time per pass over the file; the throughput lines give events/s and MB/s of NDJSON.
//!
//! Run: `cargo bench --bench export`

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scwin::dumper::{DumperFile, EventBatch};
use scwin::export::Source;
use scwin::export::ndjson::NdjsonEncoder;
use scwin::windows::{Builder, Params};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample/electrons.root")
}

fn batches(f: &DumperFile) -> Vec<EventBatch> {
    f.entry_ranges(256)
        .into_iter()
        .map(|r| f.read_range(r).unwrap())
        .collect()
}

fn bench(c: &mut Criterion) {
    let f = DumperFile::open(sample(), "sim_fraction").unwrap();
    let n = f.entries();
    let builder = Builder::new(Params::default()).unwrap();
    let decoded = batches(&f);
    let mut ndjson_bytes = 0u64;
    let mut out = Vec::new();
    let mut enc = NdjsonEncoder::new(false);
    for b in &decoded {
        for ev in b.events() {
            for w in builder.build(&ev) {
                enc.write_window(&mut out, &w, &ev, Source { file: "sample" });
            }
        }
    }
    ndjson_bytes += out.len() as u64;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();

    let mut g = c.benchmark_group("export_sample_1thread");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n));
    g.bench_function("decode", |b| b.iter(|| pool.install(|| batches(&f).len())));
    g.bench_function("build_windows (decoded)", |b| {
        b.iter(|| {
            let mut k = 0;
            for batch in &decoded {
                for ev in batch.events() {
                    k += builder.build(&ev).len();
                }
            }
            k
        })
    });
    g.bench_function("decode+build+ndjson", |b| {
        b.iter(|| {
            pool.install(|| {
                let mut out = Vec::with_capacity(ndjson_bytes as usize);
                let mut enc = NdjsonEncoder::new(false);
                for batch in batches(&f) {
                    for ev in batch.events() {
                        for w in builder.build(&ev) {
                            enc.write_window(&mut out, &w, &ev, Source { file: "sample" });
                        }
                    }
                }
                out.len()
            })
        })
    });
    g.finish();
    let mut g = c.benchmark_group("ndjson_bytes");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(ndjson_bytes));
    g.bench_function("ndjson_only (decoded, built)", |b| {
        let built: Vec<_> = decoded
            .iter()
            .flat_map(|batch| {
                batch
                    .events()
                    .map(|ev| builder.build(&ev))
                    .collect::<Vec<_>>()
            })
            .collect();
        b.iter(|| {
            let mut out = Vec::with_capacity(ndjson_bytes as usize);
            let mut enc = NdjsonEncoder::new(false);
            let mut k = 0;
            for batch in &decoded {
                for ev in batch.events() {
                    for w in &built[k] {
                        enc.write_window(&mut out, w, &ev, Source { file: "sample" });
                    }
                    k += 1;
                }
            }
            out.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
