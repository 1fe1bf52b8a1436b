//! Speed of the sample generator: events generated per second (single event, a parallel
//! batch) and events written per second to a zlib file.
//!
//! `cargo bench --bench sample`; for the 20,000-event figure of docs/sample.md:
//! `cargo build --release && time target/release/scwin sample -o /tmp/big.root --events 20000`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use scwin::root::write::Compression;
use scwin::sample::write::write_dumper;
use scwin::sample::{Config, Generator};

fn generation(c: &mut Criterion) {
    let g = Generator::new(Config::default());
    let mut group = c.benchmark_group("sample");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1));
    group.bench_function("generate one event", |b| {
        let mut k = 0;
        b.iter(|| {
            k += 1;
            black_box(g.generate(k))
        })
    });
    group.throughput(Throughput::Elements(1000));
    group.bench_function("generate 1000 events (rayon)", |b| {
        b.iter(|| black_box(g.generate_range(0..1000)))
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.root");
    let g1000 = Generator::new(Config {
        events: 1000,
        ..Config::default()
    });
    group.bench_function("generate and write 1000 events (zlib)", |b| {
        b.iter(|| write_dumper(&path, g1000.events(256), Compression::zlib(1)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, generation);
criterion_main!(benches);
