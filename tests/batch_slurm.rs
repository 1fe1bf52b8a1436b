//! A real Slurm run: `tests/slurm/setup.sh` installs (apt-get) and starts a single-node Slurm
//! on this machine (munge, slurmctld, slurmd as root, state under a temporary directory),
//! the array job written by `scwin batch slurm` runs over small dumper files (made by
//! `scwin sample`), and its outputs must equal, byte for byte, a local `scwin export` of the
//! same files, and the jobs' metadata must count the same windows by class. Then one output is removed: `scwin batch status`
//! reports its job missing, the printed `sbatch --array=...` command runs it again, and the
//! job's other output is skipped (left untouched).
//!
//! Bounded: each wait is at most 3 minutes, the set-up 10. The daemons are stopped when the
//! test ends, passed or failed. If Slurm cannot run here the test fails and says why, unless
//! `SCWIN_SKIP_SLURM=1`.

#[path = "batch_support/mod.rs"]
mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::*;

const WAIT: Duration = Duration::from_secs(180);

/// The single-node cluster; stopped on drop.
struct Cluster {
    dir: PathBuf,
    conf: PathBuf,
}

fn setup_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/slurm/setup.sh")
}

/// Two consecutive free TCP ports (slurmctld, slurmd) on the loopback interface.
fn free_ports() -> u16 {
    for p in (16817..20000).step_by(2) {
        if TcpListener::bind(("127.0.0.1", p)).is_ok()
            && TcpListener::bind(("127.0.0.1", p + 1)).is_ok()
        {
            return p;
        }
    }
    panic!("no two free consecutive ports in 16817..20000 for slurmctld/slurmd");
}

impl Cluster {
    fn start(dir: &Path) -> Cluster {
        let out = Command::new("timeout")
            .arg("600")
            .arg("bash")
            .arg(setup_script())
            .arg("start")
            .arg(dir)
            .env("SCWIN_SLURM_PORT", free_ports().to_string())
            .output()
            .expect("run tests/slurm/setup.sh");
        let cluster = Cluster {
            dir: dir.to_path_buf(),
            conf: dir.join("slurm.conf"),
        };
        if !out.status.success() {
            let (_, o, e) = decode(out);
            drop(cluster);
            panic!(
                "cannot start a single-node Slurm on this machine (tests/slurm/setup.sh start):\n{o}\n{e}\n\
                 Set SCWIN_SKIP_SLURM=1 to skip this test where Slurm cannot run."
            );
        }
        cluster
    }

    fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("SLURM_CONF", &self.conf);
        c
    }

    /// Submits with `sbatch ARGS` (the command `scwin batch` printed, split at spaces);
    /// returns the job id.
    fn sbatch(&self, command_line: &str) -> String {
        let mut words = command_line.split_whitespace();
        assert_eq!(words.next(), Some("sbatch"), "{command_line}");
        let out = self
            .cmd("sbatch")
            .arg("--parsable")
            .args(words)
            .output()
            .expect("run sbatch");
        let (code, o, e) = decode(out);
        assert_eq!(code, 0, "sbatch failed: {o}{e}");
        o.trim().split(';').next().unwrap().to_string()
    }

    /// Waits until job `id` (all its array tasks) left the queue.
    fn wait(&self, id: &str, logs: &Path) {
        let start = Instant::now();
        loop {
            let out = self
                .cmd("squeue")
                .args(["-h", "-j", id, "-o", "%T"])
                .output()
                .expect("run squeue");
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let active = text.lines().any(|s| {
                [
                    "PENDING",
                    "RUNNING",
                    "CONFIGURING",
                    "COMPLETING",
                    "SUSPENDED",
                ]
                .contains(&s.trim())
            });
            if !active {
                return;
            }
            if start.elapsed() > WAIT {
                let mut msg = format!("job {id} still queued after {WAIT:?}:\n{text}\n");
                if let Ok(rd) = std::fs::read_dir(logs) {
                    for e in rd.flatten() {
                        msg += &format!(
                            "--- {}\n{}\n",
                            e.path().display(),
                            std::fs::read_to_string(e.path()).unwrap_or_default()
                        );
                    }
                }
                msg +=
                    &std::fs::read_to_string(self.dir.join("log/slurmd.log")).unwrap_or_default();
                panic!("{msg}");
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(setup_script())
            .arg("stop")
            .arg(&self.dir)
            .output();
    }
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = scwin_in(dir, args);
    assert_eq!(code, 0, "scwin {args:?} failed:\n{out}\n{err}");
    out
}

/// The files of `dir` (not recursive), sorted, with their bytes.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .filter(|(n, _)| n.ends_with(".ndjson.gz"))
        .collect();
    v.sort();
    v
}

#[test]
fn slurm_array_job_matches_local_export() {
    if std::env::var("SCWIN_SKIP_SLURM").is_ok_and(|v| v == "1") {
        eprintln!("SCWIN_SKIP_SLURM=1: the real Slurm test is skipped");
        return;
    }
    let started = Instant::now();
    let t = tempfile::Builder::new()
        .prefix("scwin-slurm-")
        .tempdir()
        .unwrap();
    let root = t.path();

    // Small dumper files from the synthetic-sample generator (electrons and photons).
    std::fs::create_dir_all(root.join("in")).unwrap();
    for i in 0..5 {
        let f = root.join(format!("in/sample_{i}.root"));
        ok(
            root,
            &[
                "sample",
                "-o",
                f.to_str().unwrap(),
                "--events",
                "20",
                "--seed",
                &(i + 1).to_string(),
                "--particle",
                "mixed",
                "-q",
            ],
        );
    }

    let cluster = Cluster::start(&root.join("slurm"));

    // The production: 5 files, 2 per job, 2 testing files -> 3 jobs.
    let out = ok(
        root,
        &[
            "batch",
            "slurm",
            "in",
            "-o",
            "prod",
            "--files-per-job",
            "2",
            "--test-fraction",
            "0.4",
            "--queue",
            "debug",
            "--maxnocalow",
            "3",
            "--seed",
            "7",
        ],
    );
    let submit_line = out
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("sbatch "))
        .unwrap_or_else(|| panic!("no sbatch command in:\n{out}"))
        .to_string();
    let prod = root.join("prod");
    let logs = prod.join("submit/logs");
    let id = cluster.sbatch(&submit_line);
    cluster.wait(&id, &logs);

    let st = ok(root, &["batch", "status", "prod", "--all"]);
    assert!(
        st.contains("3 job(s): 3 done, 0 running, 0 failed, 0 missing"),
        "{st}"
    );
    assert!(st.contains("all jobs done"), "{st}");

    // The same files exported here, with the same parameters, named by the same paths.
    let args = std::fs::read_to_string(prod.join("submit/args.txt")).unwrap();
    let mut windows_local = 0u64;
    let mut classes_local = [0u64; 3];
    for part in ["training", "testing"] {
        let files: Vec<String> = args
            .lines()
            .filter(|l| l.split(' ').nth(1) == Some(part))
            .flat_map(|l| l.split(' ').skip(2).map(str::to_string).collect::<Vec<_>>())
            .collect();
        let local = root.join("local").join(part);
        let mut a = vec![
            "export".to_string(),
            "--config".into(),
            prod.join("submit/params.toml")
                .to_string_lossy()
                .into_owned(),
            "-o".into(),
            local.to_string_lossy().into_owned(),
        ];
        a.extend(files.iter().cloned());
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let text = ok(root, &a);
        windows_local += text
            .split(" windows")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or_else(|| panic!("no window count in {text}"));
        let counts = text
            .split("class 0/1/2 = ")
            .nth(1)
            .and_then(|r| r.split(" (").next())
            .unwrap_or_else(|| panic!("no class counts in {text}"));
        for (k, n) in counts.split(" / ").enumerate() {
            classes_local[k] += n.trim().parse::<u64>().unwrap();
        }
        let batch = outputs(&prod.join(part));
        let here = outputs(&local);
        assert_eq!(batch.len(), files.len(), "{part}: one output per input");
        assert_eq!(
            batch.iter().map(|o| &o.0).collect::<Vec<_>>(),
            here.iter().map(|o| &o.0).collect::<Vec<_>>()
        );
        for ((name, b), (_, h)) in batch.iter().zip(&here) {
            assert!(
                b == h,
                "{part}/{name}: the Slurm job's output differs from the local export"
            );
        }
    }
    assert!(
        classes_local.iter().all(|&c| c > 0),
        "the inputs make windows of every class: {classes_local:?}"
    );
    let mut classes_batch = [0u64; 3];
    for part in ["training", "testing"] {
        for e in std::fs::read_dir(prod.join(part)).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("job_") && name.ends_with(".json") {
                let v: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap();
                for (k, c) in v["classes"].as_array().unwrap().iter().enumerate() {
                    classes_batch[k] += c.as_u64().unwrap();
                }
            }
        }
    }
    assert_eq!(classes_batch, classes_local, "job metadata class counts");
    assert!(
        st.contains(&format!("{windows_local} windows recorded by 3 job(s)")),
        "job metadata windows == local export windows ({windows_local}):\n{st}"
    );

    // Remove one output of job 0: it is missing; resubmit only it; its other output is
    // skipped by scwin export (left untouched).
    let job0: Vec<&str> = args.lines().next().unwrap().split(' ').collect();
    let part0 = job0[1];
    let stems: Vec<String> = job0[2..]
        .iter()
        .map(|f| {
            Path::new(f)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(stems.len(), 2);
    let removed = prod.join(part0).join(format!("{}.ndjson.gz", stems[0]));
    let kept = prod.join(part0).join(format!("{}.ndjson.gz", stems[1]));
    let kept_mtime = std::fs::metadata(&kept).unwrap().modified().unwrap();
    std::fs::remove_file(&removed).unwrap();
    let st = ok(root, &["batch", "status", "prod"]);
    assert!(
        st.contains("2 done, 0 running, 0 failed, 1 missing"),
        "{st}"
    );
    let resubmit = st
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("sbatch --array=0 "))
        .unwrap_or_else(|| panic!("no `sbatch --array=0 ...` in:\n{st}"))
        .to_string();
    let id = cluster.sbatch(&resubmit);
    cluster.wait(&id, &logs);
    let st = ok(root, &["batch", "status", "prod"]);
    assert!(
        st.contains("3 done, 0 running, 0 failed, 0 missing"),
        "{st}"
    );
    assert_eq!(
        std::fs::read(&removed).unwrap(),
        std::fs::read(
            root.join("local")
                .join(part0)
                .join(format!("{}.ndjson.gz", stems[0]))
        )
        .unwrap()
    );
    assert_eq!(
        std::fs::metadata(&kept).unwrap().modified().unwrap(),
        kept_mtime,
        "the complete output of the resubmitted job was skipped"
    );
    drop(cluster);
    eprintln!("real Slurm test: {:.1} s", started.elapsed().as_secs_f64());
}
