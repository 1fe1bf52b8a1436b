//! Files written by scwin's ROOT writer are read back by real ROOT (PyROOT) and by uproot
//! with the C++ type names and the values written, exactly (floats compared as bits), in
//! every compression; TH2F edges and contents (flow bins included) too; baskets stay aligned
//! with ROOT's clusters. Also: determinism, no file left behind by a dropped writer, and
//! argument errors that name the branch and entry.
//!
//! One Python process checks every file (PyROOT's import is slow).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use scwin::root::hist::Th2;
use scwin::root::write::*;
use serde_json::{Value, json};

/// A small deterministic generator (splitmix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn f64(&mut self) -> f64 {
        const SPECIAL: [f64; 9] = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
            -0.0,
            5e-324,
            -1e300,
            0.0,
        ];
        if self.below(10) == 0 {
            SPECIAL[self.below(SPECIAL.len() as u64) as usize]
        } else {
            (self.next() as i64 as f64) / 1e15
        }
    }
    fn f32(&mut self) -> f32 {
        const SPECIAL: [f32; 9] = [
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            f32::MIN_POSITIVE,
            -0.0,
            1e-45,
            -3e38,
            0.0,
        ];
        if self.below(10) == 0 {
            SPECIAL[self.below(SPECIAL.len() as u64) as usize]
        } else {
            ((self.next() as i64 as f64) / 1e15) as f32
        }
    }
    fn i32(&mut self) -> i32 {
        match self.below(10) {
            0 => i32::MIN,
            1 => i32::MAX,
            _ => (self.below(2001) as i32) - 1000,
        }
    }
    fn len(&mut self, max: u64) -> usize {
        if self.below(6) == 0 {
            0
        } else {
            self.below(max + 1) as usize
        }
    }
}

fn f32h(x: f32) -> Value {
    Value::String(hex(&x.to_be_bytes()))
}
fn f64h(x: f64) -> Value {
    Value::String(hex(&x.to_be_bytes()))
}
fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// One entry of the all-types tree, owned.
struct Entry {
    l: i64,
    i: i32,
    f: f32,
    d: f64,
    vi: Vec<i32>,
    vf: Vec<f32>,
    vd: Vec<f64>,
    vvi: Vec<Vec<i32>>,
    vvf: Vec<Vec<f32>>,
    vvd: Vec<Vec<f64>>,
}

fn all_specs() -> Vec<BranchSpec> {
    vec![
        BranchSpec::new("eventId", BranchType::I64),
        BranchSpec::new("runId", BranchType::I32),
        BranchSpec::new("rho", BranchType::F32),
        BranchSpec::new("truePU", BranchType::F64),
        BranchSpec::new("pfCluster_ieta", BranchType::VecI32),
        BranchSpec::new("pfCluster_energy", BranchType::VecF32),
        BranchSpec::new("pfCluster_nXtals", BranchType::VecF64),
        BranchSpec::new("pfClusterHit_ieta", BranchType::VecVecI32),
        BranchSpec::new("pfClusterHit_rechitEnergy", BranchType::VecVecF32),
        BranchSpec::new("pfCluster_sim_fraction", BranchType::VecVecF64),
    ]
}

fn make_entries(seed: u64, n: usize) -> Vec<Entry> {
    let mut r = Rng(seed);
    (0..n)
        .map(|e| {
            if e % 17 == 3 {
                // An entry where every vector is empty.
                return Entry {
                    l: e as i64,
                    i: 0,
                    f: 0.0,
                    d: 0.0,
                    vi: vec![],
                    vf: vec![],
                    vd: vec![],
                    vvi: vec![],
                    vvf: vec![],
                    vvd: vec![],
                };
            }
            let l = match e % 50 {
                0 => i64::MIN,
                1 => i64::MAX,
                _ => r.next() as i64,
            };
            let n1 = r.len(12);
            let n2 = r.len(6);
            Entry {
                l,
                i: r.i32(),
                f: r.f32(),
                d: r.f64(),
                vi: (0..n1).map(|_| r.i32()).collect(),
                vf: (0..n1).map(|_| r.f32()).collect(),
                vd: (0..r.len(5)).map(|_| r.f64()).collect(),
                vvi: (0..n2)
                    .map(|_| (0..r.len(7)).map(|_| r.i32()).collect())
                    .collect(),
                vvf: (0..n2)
                    .map(|_| (0..r.len(7)).map(|_| r.f32()).collect())
                    .collect(),
                vvd: (0..r.len(4))
                    .map(|_| (0..r.len(3)).map(|_| r.f64()).collect())
                    .collect(),
            }
        })
        .collect()
}

fn flat<T: Copy>(rows: &[Vec<T>]) -> (Vec<u32>, Vec<T>) {
    let mut off = vec![0u32];
    let mut vals = Vec::new();
    for r in rows {
        vals.extend_from_slice(r);
        off.push(vals.len() as u32);
    }
    (off, vals)
}

fn write_all_types(path: &Path, opts: WriterOptions, entries: &[Entry], tree_opts: TreeOptions) {
    let mut w = RootWriter::create_with(path, opts).unwrap();
    let mut t = w
        .tree_with(
            "recosimdumper/caloTree",
            "caloTree",
            &all_specs(),
            tree_opts,
        )
        .unwrap();
    for (k, e) in entries.iter().enumerate() {
        // Alternate the two jagged forms.
        let (oi, xi) = flat(&e.vvi);
        let (of, xf) = flat(&e.vvf);
        let vvi = if k % 2 == 0 {
            Jagged::Rows(&e.vvi)
        } else {
            Jagged::Flat {
                offsets: &oi,
                values: &xi,
            }
        };
        let vvf = if k % 2 == 1 {
            Jagged::Rows(&e.vvf)
        } else {
            Jagged::Flat {
                offsets: &of,
                values: &xf,
            }
        };
        t.fill(&[
            BranchValue::I64(e.l),
            BranchValue::I32(e.i),
            BranchValue::F32(e.f),
            BranchValue::F64(e.d),
            BranchValue::VecI32(&e.vi),
            BranchValue::VecF32(&e.vf),
            BranchValue::VecF64(&e.vd),
            BranchValue::VecVecI32(vvi),
            BranchValue::VecVecF32(vvf),
            BranchValue::VecVecF64(Jagged::Rows(&e.vvd)),
        ])
        .unwrap();
    }
    assert_eq!(t.entries(), entries.len() as u64);
    t.finish().unwrap();
    w.close().unwrap();
}

/// What a reader must see for the all-types tree: branch -> list of encoded values.
fn expected_values(entries: &[Entry]) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    let col = |f: &dyn Fn(&Entry) -> Value| Value::Array(entries.iter().map(f).collect());
    m.insert("eventId".into(), col(&|e| json!(e.l)));
    m.insert("runId".into(), col(&|e| json!(e.i)));
    m.insert("rho".into(), col(&|e| f32h(e.f)));
    m.insert("truePU".into(), col(&|e| f64h(e.d)));
    m.insert("pfCluster_ieta".into(), col(&|e| json!(e.vi)));
    m.insert(
        "pfCluster_energy".into(),
        col(&|e| Value::Array(e.vf.iter().map(|&x| f32h(x)).collect())),
    );
    m.insert(
        "pfCluster_nXtals".into(),
        col(&|e| Value::Array(e.vd.iter().map(|&x| f64h(x)).collect())),
    );
    m.insert("pfClusterHit_ieta".into(), col(&|e| json!(e.vvi)));
    m.insert(
        "pfClusterHit_rechitEnergy".into(),
        col(&|e| {
            Value::Array(
                e.vvf
                    .iter()
                    .map(|r| Value::Array(r.iter().map(|&x| f32h(x)).collect()))
                    .collect(),
            )
        }),
    );
    m.insert(
        "pfCluster_sim_fraction".into(),
        col(&|e| {
            Value::Array(
                e.vvd
                    .iter()
                    .map(|r| Value::Array(r.iter().map(|&x| f64h(x)).collect()))
                    .collect(),
            )
        }),
    );
    m
}

const ROOT_TYPES: &[(&str, &str)] = &[
    ("eventId", "Long64_t"),
    ("runId", "Int_t"),
    ("rho", "Float_t"),
    ("truePU", "Double_t"),
    ("pfCluster_ieta", "vector<int>"),
    ("pfCluster_energy", "vector<float>"),
    ("pfCluster_nXtals", "vector<double>"),
    ("pfClusterHit_ieta", "vector<vector<int> >"),
    ("pfClusterHit_rechitEnergy", "vector<vector<float> >"),
    ("pfCluster_sim_fraction", "vector<vector<double> >"),
];
const UPROOT_TYPES: &[(&str, &str)] = &[
    ("eventId", "int64_t"),
    ("runId", "int32_t"),
    ("rho", "float"),
    ("truePU", "double"),
    ("pfCluster_ieta", "std::vector<int32_t>"),
    ("pfCluster_energy", "std::vector<float>"),
    ("pfCluster_nXtals", "std::vector<double>"),
    ("pfClusterHit_ieta", "std::vector<std::vector<int32_t>>"),
    (
        "pfClusterHit_rechitEnergy",
        "std::vector<std::vector<float>>",
    ),
    ("pfCluster_sim_fraction", "std::vector<std::vector<double>>"),
];

fn run_checker(files: &[PathBuf]) -> Value {
    let out = common::python()
        .arg(common::py_script("check_written.py"))
        .args(files)
        .output()
        .expect("cannot start python3");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "check_written.py failed (install PyROOT and uproot with `bash tests/run.sh`):\n{stderr}"
    );
    let bad: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("Error") || l.contains("Warning") || l.contains("error"))
        .collect();
    assert!(bad.is_empty(), "ROOT or uproot complained:\n{stderr}");
    serde_json::from_slice(&out.stdout).expect("checker prints JSON")
}

fn th2_fixed() -> Th2 {
    let (nx, ny) = (4, 3);
    let contents = (0..(nx + 2) * (ny + 2))
        .map(|k| {
            if k % 5 == 0 {
                -(k as f64) * 0.5
            } else {
                k as f64 + 0.25
            }
        })
        .collect();
    Th2 {
        name: "h2_fixed".into(),
        title: "fixed bins".into(),
        x_edges: vec![0.0, 0.5, 1.0, 1.5, 2.0],
        y_edges: vec![-3.0, -1.0, 1.0, 3.0],
        contents,
    }
}

fn th2_variable() -> Th2 {
    let x = vec![0.0, 1.0, 1.479, 2.0, 3.0, 5.0];
    let y = vec![0.0, 0.1, 1.0, 10.0, 100.0];
    let n = (x.len() + 1) * (y.len() + 1);
    Th2 {
        name: "h2_Minimum_simScore_seedBins".into(),
        title: "variable bins".into(),
        x_edges: x,
        y_edges: y,
        contents: (0..n).map(|k| (k as f64).sqrt() * 0.1 + 1e-3).collect(),
    }
}

fn th2_edges(h: &Th2) -> (Vec<Value>, Vec<Value>, Vec<Value>) {
    (
        h.x_edges.iter().map(|&e| f64h(e)).collect(),
        h.y_edges.iter().map(|&e| f64h(e)).collect(),
        h.contents.iter().map(|&c| f32h(c as f32)).collect(),
    )
}

#[test]
fn written_files_read_back_by_root_and_uproot() {
    let dir = tempfile::tempdir().unwrap();
    let entries = make_entries(42, 160);
    let compressions = [
        ("none", Compression::none()),
        ("zlib1", Compression::zlib(1)),
        ("zlib9", Compression::zlib(9)),
        ("lzma", Compression::lzma(6)),
        ("lz4", Compression::lz4(4)),
        ("zstd", Compression::zstd(5)),
    ];
    let mut tree_files = Vec::new();
    for (tag, c) in compressions {
        let p = dir.path().join(format!("tree_{tag}.root"));
        let tree_opts = TreeOptions {
            entries_per_cluster: Some(37),
            ..TreeOptions::default()
        };
        write_all_types(
            &p,
            WriterOptions {
                compression: c,
                force_64bit: false,
            },
            &entries,
            tree_opts,
        );
        tree_files.push((p, 37i64));
    }
    // The 64-bit ("big file") layout, as ROOT writes past 2 GB.
    let p = dir.path().join("tree_big_layout.root");
    write_all_types(
        &p,
        WriterOptions {
            compression: Compression::zlib(1),
            force_64bit: true,
        },
        &entries,
        TreeOptions::default(),
    );
    tree_files.push((p, -30_000_000));

    // Many baskets: 20,000 entries in clusters chosen by size.
    let many = make_entries(7, 20_000);
    let p = dir.path().join("tree_many_baskets.root");
    write_all_types(
        &p,
        WriterOptions::default(),
        &many,
        TreeOptions {
            cluster_bytes: 64 << 10,
            entries_per_cluster: None,
        },
    );
    let many_path = p.clone();

    // TH2F, fixed and variable bins, in the top directory and in a subdirectory.
    let th2_path = dir.path().join("maps_th2.root");
    {
        let mut w = RootWriter::create(&th2_path, Compression::zlib(1)).unwrap();
        w.write_th2f("", &th2_fixed()).unwrap();
        w.write_th2f("", &th2_variable()).unwrap();
        w.close().unwrap();
    }

    // Baskets over 16 MiB: compressed as several blocks.
    let big_path = dir.path().join("tree_bigbasket.root");
    let big_entries = write_big_baskets(&big_path);

    let mut files: Vec<PathBuf> = tree_files.iter().map(|(p, _)| p.clone()).collect();
    files.push(many_path.clone());
    files.push(th2_path.clone());
    files.push(big_path.clone());
    let got = run_checker(&files);

    let expected = expected_values(&entries);
    let expected_many = expected_values(&many);
    let mut checks: Vec<(&PathBuf, &BTreeMap<String, Value>, Option<i64>)> = tree_files
        .iter()
        .map(|(p, af)| (p, &expected, Some(*af)))
        .collect();
    checks.push((&many_path, &expected_many, None));
    for (path, exp, autoflush) in checks {
        let key = path.to_str().unwrap();
        let r = &got[key]["root"];
        let u = &got[key]["uproot"];
        let n = exp["eventId"].as_array().unwrap().len();
        assert_eq!(r["entries"], json!(n), "{key}");
        assert_eq!(u["entries"], json!(n), "{key}");
        for (b, t) in ROOT_TYPES {
            assert_eq!(r["types"][b], json!(t), "{key}: ROOT type of {b}");
        }
        for (b, t) in UPROOT_TYPES {
            assert_eq!(u["types"][b], json!(t), "{key}: uproot type of {b}");
        }
        for (b, v) in exp {
            assert!(r["values"][b] == *v, "{key}: ROOT values of {b} differ");
            assert!(u["values"][b] == *v, "{key}: uproot values of {b} differ");
        }
        // Baskets are aligned across branches and coincide with ROOT's clusters.
        let offsets = &u["basket_entries"]["eventId"];
        for (b, _) in ROOT_TYPES {
            assert_eq!(&u["basket_entries"][b], offsets, "{key}: baskets of {b}");
        }
        assert_eq!(&r["clusters"], offsets, "{key}: clusters vs baskets");
        if let Some(af) = autoflush {
            assert_eq!(r["autoflush"], json!(af), "{key}");
        }
    }
    // The many-baskets file really has many baskets, all clusters of fAutoFlush entries.
    let offs: Vec<i64> = got[many_path.to_str().unwrap()]["uproot"]["basket_entries"]["eventId"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert!(offs.len() > 20, "only {} baskets", offs.len() - 1);
    let af = got[many_path.to_str().unwrap()]["root"]["autoflush"]
        .as_i64()
        .unwrap();
    assert!(af > 0);
    for w in offs.windows(2).take(offs.len() - 2) {
        assert_eq!(w[1] - w[0], af);
    }

    // TH2F.
    let key = th2_path.to_str().unwrap();
    for h in [th2_fixed(), th2_variable()] {
        let (xe, ye, c) = th2_edges(&h);
        for reader in ["root", "uproot"] {
            let g = &got[key][reader][&h.name];
            assert_eq!(g["class"], json!("TH2F"), "{reader} {}", h.name);
            assert_eq!(g["title"], json!(h.title), "{reader} {}", h.name);
            assert_eq!(g["x_edges"], json!(xe), "{reader} {} x edges", h.name);
            assert_eq!(g["y_edges"], json!(ye), "{reader} {} y edges", h.name);
            assert_eq!(g["contents"], json!(c), "{reader} {} contents", h.name);
        }
    }
    // ROOT's FindBin(0.3, 0.3) on the fixed map: bin (1, 2) -> 1 + 6 * 2.
    assert_eq!(got[key]["root"]["h2_fixed"]["find_bin"], json!(13));

    // Big baskets.
    let g = &got[big_path.to_str().unwrap()];
    let expect: Vec<Value> = big_entries.iter().map(|v| json!(bit_sums(v))).collect();
    assert_eq!(
        g["root"]["big"],
        json!(expect),
        "ROOT values of the big baskets"
    );
    assert_eq!(
        g["uproot"]["big"],
        json!(expect),
        "uproot values of the big baskets"
    );
    let sizes = g["basket_bytes"]["big"].as_array().unwrap();
    assert_eq!(sizes.len(), 1);
    assert!(
        sizes[0].as_u64().unwrap() > 16 << 20,
        "basket not over 16 MiB: {sizes:?}"
    );
}

/// One cluster of two 24 MB entries: a 48 MB basket, compressed in 3 blocks.
fn write_big_baskets(path: &Path) -> Vec<Vec<f32>> {
    let mut r = Rng(99);
    let entries: Vec<Vec<f32>> = (0..2)
        .map(|_| {
            (0..6_000_000)
                .map(|_| f32::from_bits((r.next() as u32) & 0xFFFF_F000))
                .collect()
        })
        .collect();
    let mut w = RootWriter::create(path, Compression::zstd(1)).unwrap();
    let mut t = w
        .tree_with(
            "recosimdumper/caloTree",
            "t",
            &[BranchSpec::new("big", BranchType::VecF32)],
            TreeOptions {
                entries_per_cluster: Some(2),
                ..TreeOptions::default()
            },
        )
        .unwrap();
    for e in &entries {
        t.fill(&[BranchValue::VecF32(e)]).unwrap();
    }
    t.finish().unwrap();
    w.close().unwrap();
    entries
}

/// Element count and wrapping sum of the bits, as check_written.py computes them.
fn bit_sums(v: &[f32]) -> (u64, u64) {
    let s = v
        .iter()
        .fold(0u64, |a, x| a.wrapping_add(u64::from(x.to_bits())));
    (v.len() as u64, s)
}

#[test]
fn same_content_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let entries = make_entries(3, 300);
    let mut bytes = Vec::new();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        let p = dir.path().join(sub).join("same.root");
        write_all_types(
            &p,
            WriterOptions::default(),
            &entries,
            TreeOptions::default(),
        );
        bytes.push(std::fs::read(&p).unwrap());
    }
    assert!(
        bytes[0] == bytes[1],
        "two writes of the same content differ"
    );
}

#[test]
fn dropped_writer_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dropped.root");
    {
        let mut w = RootWriter::create(&p, Compression::zlib(1)).unwrap();
        let mut t = w
            .tree(
                "recosimdumper/caloTree",
                "t",
                &[BranchSpec::new("x", BranchType::I32)],
            )
            .unwrap();
        t.fill(&[BranchValue::I32(1)]).unwrap();
        t.finish().unwrap();
        // dropped without close
    }
    assert!(!p.exists(), "a file exists under the final name");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn unfinished_tree_makes_close_fail() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("unfinished.root");
    let mut w = RootWriter::create(&p, Compression::zlib(1)).unwrap();
    {
        let mut t = w
            .tree("t", "t", &[BranchSpec::new("x", BranchType::I32)])
            .unwrap();
        t.fill(&[BranchValue::I32(1)]).unwrap();
    }
    let err = w.close().unwrap_err().to_string();
    assert!(
        err.contains("unfinished.root") && err.contains("not finished"),
        "{err}"
    );
    assert!(!p.exists());
}

#[test]
fn bad_values_are_errors_naming_branch_and_entry() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.root");
    let mut w = RootWriter::create(&p, Compression::zlib(1)).unwrap();
    let mut t = w
        .tree(
            "recosimdumper/caloTree",
            "t",
            &[
                BranchSpec::new("n", BranchType::I32),
                BranchSpec::new("pfCluster_energy", BranchType::VecF32),
                BranchSpec::new("hits", BranchType::VecVecI32),
            ],
        )
        .unwrap();
    let good = [
        BranchValue::I32(1),
        BranchValue::VecF32(&[1.0]),
        BranchValue::VecVecI32(Jagged::Rows(&[])),
    ];
    t.fill(&good).unwrap();
    t.fill(&good).unwrap();
    let err = t
        .fill(&[
            BranchValue::I32(1),
            BranchValue::VecF64(&[1.0]),
            BranchValue::VecVecI32(Jagged::Rows(&[])),
        ])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.root")
            && err.contains("pfCluster_energy")
            && err.contains("entry 2")
            && err.contains("vector<float>"),
        "{err}"
    );
    let err = t.fill(&good[..2]).unwrap_err().to_string();
    assert!(err.contains("2 values for 3 branches"), "{err}");
    let err = t
        .fill(&[
            BranchValue::I32(1),
            BranchValue::VecF32(&[]),
            BranchValue::VecVecI32(Jagged::Flat {
                offsets: &[0, 3],
                values: &[1, 2],
            }),
        ])
        .unwrap_err()
        .to_string();
    assert!(err.contains("hits") && err.contains("offsets"), "{err}");
    // Failed fills keep nothing; the tree goes on.
    assert_eq!(t.entries(), 2);
    t.fill(&good).unwrap();
    t.finish().unwrap();
    w.close().unwrap();

    // Bad definitions.
    let mut w = RootWriter::create(dir.path().join("bad2.root"), Compression::zlib(1)).unwrap();
    let e = w.tree("a/t", "t", &[]).unwrap_err().to_string();
    assert!(e.contains("no branches"), "{e}");
    let spec = [
        BranchSpec::new("x", BranchType::I32),
        BranchSpec::new("x", BranchType::F32),
    ];
    let e = w.tree("a/t", "t", &spec).unwrap_err().to_string();
    assert!(e.contains("defined twice"), "{e}");
    let e = w.tree("a//", "t", &spec[..1]).unwrap_err().to_string();
    assert!(e.contains("invalid tree name"), "{e}");
    let mut h = th2_fixed();
    h.contents.pop();
    let e = w.write_th2f("", &h).unwrap_err().to_string();
    assert!(e.contains("contents"), "{e}");
    h = th2_fixed();
    h.x_edges = vec![1.0, 0.0];
    let e = w.write_th2f("", &h).unwrap_err().to_string();
    assert!(e.contains("increase"), "{e}");
    let e = RootWriter::create(dir.path().join("c.root"), Compression::zlib(12))
        .unwrap_err()
        .to_string();
    assert!(e.contains("level"), "{e}");
    w.close().unwrap();

    // A missing directory is an I/O error naming the file.
    let e = RootWriter::create(dir.path().join("nope/x.root"), Compression::zlib(1))
        .unwrap_err()
        .to_string();
    assert!(e.contains("x.root"), "{e}");
    let _ = Command::new("true");
}

#[test]
fn empty_tree_and_empty_file_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.root");
    let mut w = RootWriter::create(&p, Compression::zlib(1)).unwrap();
    let t = w.tree("recosimdumper/caloTree", "t", &all_specs()).unwrap();
    t.finish().unwrap();
    w.close().unwrap();
    let p2 = dir.path().join("nothing_th2.root");
    RootWriter::create(&p2, Compression::zlib(1))
        .unwrap()
        .close()
        .unwrap();
    let got = run_checker(&[p.clone(), p2.clone()]);
    let key = p.to_str().unwrap();
    assert_eq!(got[key]["root"]["entries"], json!(0));
    assert_eq!(got[key]["uproot"]["entries"], json!(0));
    for (b, t) in UPROOT_TYPES {
        assert_eq!(got[key]["uproot"]["types"][b], json!(t));
    }
    assert_eq!(got[p2.to_str().unwrap()]["root"], json!({}));
    assert_eq!(got[p2.to_str().unwrap()]["uproot"], json!({}));
}
