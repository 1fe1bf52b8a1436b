//! The writer's records match, byte for byte, what ROOT 6.40 writes for the same tree and
//! histogram (uncompressed file, same branches, same values): the TTree metadata, the
//! baskets, the directory records and key lists, and the StreamerInfo record. Only the
//! dates, UUIDs and file name differ; tests/py/write_layout_ref.py masks those.

mod common;

use scwin::root::write::*;

/// The tree tests/py/write_layout_ref.py writes with PyROOT.
pub fn write_reference_tree(path: &std::path::Path, n: usize, compression: Compression) {
    let mut w = RootWriter::create(path, compression).unwrap();
    let specs = [
        BranchSpec::new("eventId", BranchType::I64),
        BranchSpec::new("runId", BranchType::I32),
        BranchSpec::new("rho", BranchType::F32),
        BranchSpec::new("truePU", BranchType::F64),
        BranchSpec::new("vf", BranchType::VecF32),
        BranchSpec::new("vi", BranchType::VecI32),
        BranchSpec::new("vd", BranchType::VecF64),
        BranchSpec::new("vvd", BranchType::VecVecF64),
        BranchSpec::new("vvf", BranchType::VecVecF32),
        BranchSpec::new("vvi", BranchType::VecVecI32),
    ];
    let mut t = w
        .tree("recosimdumper/caloTree", "caloTree", &specs)
        .unwrap();
    for e in 0..n {
        let vf: Vec<f32> = (0..e).map(|k| k as f32 + 0.5).collect();
        let vi: Vec<i32> = (0..e).map(|k| k as i32).collect();
        let vd: Vec<f64> = (0..e).map(|k| k as f64 * 2.0).collect();
        let vvd: Vec<Vec<f64>> = (0..e)
            .map(|k| (0..k).map(|m| m as f64 + 0.125).collect())
            .collect();
        let vvf: Vec<Vec<f32>> = (0..e)
            .map(|k| (0..k).map(|m| m as f32 + 0.25).collect())
            .collect();
        let vvi: Vec<Vec<i32>> = (0..e)
            .map(|k| (0..k).map(|m| m as i32 + 7).collect())
            .collect();
        t.fill(&[
            BranchValue::I64(e as i64 + 1000),
            BranchValue::I32(-(e as i32)),
            BranchValue::F32(e as f32 * 0.5),
            BranchValue::F64(e as f64 * 0.25),
            BranchValue::VecF32(&vf),
            BranchValue::VecI32(&vi),
            BranchValue::VecF64(&vd),
            BranchValue::VecVecF64(Jagged::Rows(&vvd)),
            BranchValue::VecVecF32(Jagged::Rows(&vvf)),
            BranchValue::VecVecI32(Jagged::Rows(&vvi)),
        ])
        .unwrap();
    }
    t.finish().unwrap();
    w.close().unwrap();
}

fn write_reference_th2(path: &std::path::Path) {
    let mut w = RootWriter::create(path, Compression::none()).unwrap();
    let mut contents = vec![0.0; 20];
    for ix in 0..5 {
        for iy in 0..4 {
            contents[ix + 5 * iy] = (ix * 10 + iy) as f64 + 0.5;
        }
    }
    let h = scwin::root::hist::Th2 {
        name: "h2".into(),
        title: "my title".into(),
        x_edges: vec![0.0, 1.0, 2.0, 3.0],
        y_edges: vec![-1.0, 0.5, 3.0],
        contents,
    };
    w.write_th2f("", &h).unwrap();
    w.close().unwrap();
}

#[test]
fn records_are_byte_identical_to_root() {
    let mine = tempfile::tempdir().unwrap();
    let reference = tempfile::tempdir().unwrap();
    let tree = mine.path().join("layout_tree.root");
    let th2 = mine.path().join("layout_th2.root");
    write_reference_tree(&tree, 5, Compression::none());
    write_reference_th2(&th2);
    let out = common::run_py(
        "write_layout_ref.py",
        &[
            reference.path().to_str().unwrap(),
            tree.to_str().unwrap(),
            th2.to_str().unwrap(),
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for f in ["layout_tree.root", "layout_th2.root"] {
        assert_eq!(
            v[f]["equal"],
            serde_json::json!(true),
            "{f} differs from ROOT's: {}",
            v[f]
        );
    }
}

/// Writes both reference files into `$SCWIN_DEV_OUT` (a directory), for debugging.
#[test]
#[ignore]
fn dev_write_reference_files() {
    let Some(dir) = std::env::var_os("SCWIN_DEV_OUT") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    write_reference_tree(&dir.join("layout_tree.root"), 5, Compression::none());
    write_reference_th2(&dir.join("layout_th2.root"));
}

/// Writes trees at the top level and in nested directories into `$SCWIN_DEV_OUT/nested.root`.
#[test]
#[ignore]
fn dev_write_nested() {
    let Some(dir) = std::env::var_os("SCWIN_DEV_OUT") else {
        return;
    };
    let p = std::path::PathBuf::from(dir).join("nested.root");
    let mut w = RootWriter::create(&p, Compression::zlib(1)).unwrap();
    for path in ["top", "a/b/deep", "a/mid", "c/other"] {
        let mut t = w
            .tree(path, path, &[BranchSpec::new("x", BranchType::VecI32)])
            .unwrap();
        for e in 0..3 {
            t.fill(&[BranchValue::VecI32(&vec![e; e as usize])])
                .unwrap();
        }
        t.finish().unwrap();
    }
    w.write_th2f(
        "a/b",
        &scwin::root::hist::Th2 {
            name: "h".into(),
            title: "h".into(),
            x_edges: vec![0.0, 1.0],
            y_edges: vec![0.0, 1.0],
            contents: vec![1.0; 9],
        },
    )
    .unwrap();
    w.close().unwrap();
}
