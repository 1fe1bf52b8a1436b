//! The bundled `sample/electrons.root` is exactly what the committed code makes with
//! `scwin sample -o sample/electrons.root` (the command docs/sample.md gives).

mod common;

use std::path::Path;

#[test]
fn bundled_sample_is_reproduced_by_the_committed_code() {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/electrons.root");
    let dir = tempfile::tempdir().unwrap();
    // Same file name: the ROOT file's UUID derives from it.
    let out = dir.path().join("electrons.root");
    let run = std::process::Command::new(common::scwin_bin())
        .args(["sample", "-q", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (a, b) = (
        std::fs::read(&bundled).unwrap(),
        std::fs::read(&out).unwrap(),
    );
    assert!(
        a.len() < 20_000_000,
        "the bundled file is {} bytes",
        a.len()
    );
    assert!(
        a == b,
        "sample/electrons.root is stale: regenerate it with `cargo run --release -- sample -o sample/electrons.root`"
    );
}
