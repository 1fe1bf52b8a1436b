//! `scwin batch condor|slurm|status`: the submission folders (checked against the HTCondor
//! submit-description syntax and with `bash -n` / the `#SBATCH` header), the split and
//! grouping seen from the arguments file, errors, and status/resubmission with the wrapper
//! run by hand around a stand-in for `scwin export`. The real Slurm run is in
//! `batch_slurm.rs`.

#[path = "batch_support/mod.rs"]
mod support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use scwin::windows::Params;
use support::*;

/// `n` empty input files `in/cluster_job<i>_step2_output.root` (generation reads no input).
fn inputs(dir: &Path, n: usize) -> Vec<PathBuf> {
    let d = dir.join("in");
    std::fs::create_dir_all(&d).unwrap();
    (0..n)
        .map(|i| {
            let p = d.join(format!("cluster_job{i}_step2_output.root"));
            std::fs::write(&p, b"").unwrap();
            p
        })
        .collect()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = scwin_in(dir, args);
    assert_eq!(code, 0, "scwin {args:?} failed:\n{out}\n{err}");
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The jobs of an arguments file: (id, part, inputs).
fn jobs(args_txt: &str) -> Vec<(usize, String, Vec<String>)> {
    args_txt
        .lines()
        .map(|l| {
            let mut f = l.split(' ');
            let id = f.next().unwrap().parse().unwrap();
            let part = f.next().unwrap().to_string();
            (id, part, f.map(str::to_string).collect())
        })
        .collect()
}

#[test]
fn condor_folder_is_a_valid_submission() {
    let t = tempfile::tempdir().unwrap();
    let files = inputs(t.path(), 23);
    let out = ok(
        t.path(),
        &[
            "batch",
            "condor",
            "in",
            "-o",
            "prod",
            "--files-per-job",
            "4",
            "--test-fraction",
            "0.25",
            "--queue",
            "workday",
            "--cpus",
            "2",
            "--maxnocalow",
            "4",
            "--min-et-seed",
            "1.5",
        ],
    );
    let prod = t.path().join("prod");
    let submit = prod.join("submit");
    let sub_path = submit.join("job.sub");
    assert!(
        out.contains(&format!("condor_submit {}", sub_path.display())),
        "{out}"
    );

    let sub = check_submit_description(&read(&sub_path)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sub.queue_vars, ["job", "part", "inputs"]);
    assert_eq!(sub.queue_file, submit.join("args.txt"));
    assert_eq!(sub.get("+JobFlavour"), Some("\"workday\""));
    assert_eq!(sub.get("request_cpus"), Some("2"));
    assert_eq!(sub.get("universe"), Some("vanilla"));
    let exe = PathBuf::from(sub.get("executable").unwrap());
    assert_eq!(exe, submit.join("wrapper.sh"));
    bash_n(&exe).unwrap();
    // One job per line, each with its own output/error/log files.
    // round(0.25 × 23) = 6 testing files in 2 jobs, 17 training files in 5 jobs.
    assert_eq!(sub.items.len(), 7);
    let mut logs = HashSet::new();
    for item in &sub.items {
        let args = expand(sub.get("arguments").unwrap(), item);
        let mut words = args.split_whitespace();
        let id: usize = words.next().unwrap().parse().unwrap();
        assert!(["training", "testing"].contains(&words.next().unwrap()));
        assert!(words.all(|w| w.ends_with(".root") && Path::new(w).is_absolute()));
        for k in ["output", "error", "log"] {
            let f = expand(sub.get(k).unwrap(), item);
            assert!(f.ends_with(&format!("/logs/job_{id}.{}", &k[..3])), "{f}");
            assert!(logs.insert(f));
        }
    }

    // The split: exactly round(0.25 × 23) = 6 testing files, every file once, 4 per job.
    let js = jobs(&read(&submit.join("args.txt")));
    let mut seen: Vec<String> = js.iter().flat_map(|j| j.2.clone()).collect();
    let n_test: usize = js
        .iter()
        .filter(|j| j.1 == "testing")
        .map(|j| j.2.len())
        .sum();
    assert_eq!(n_test, 6);
    seen.sort();
    let mut want: Vec<String> = files
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    want.sort();
    assert_eq!(seen, want);
    assert_eq!(
        js.iter().map(|j| j.0).collect::<Vec<_>>(),
        (0..js.len()).collect::<Vec<_>>()
    );
    // Training jobs first; groups of 4 in path order, only a part's last group smaller.
    let parts: Vec<&str> = js.iter().map(|j| j.1.as_str()).collect();
    assert_eq!(
        parts,
        [["training"; 5].as_slice(), &["testing"; 2]].concat()
    );
    for part in ["training", "testing"] {
        let pj: Vec<_> = js.iter().filter(|j| j.1 == part).collect();
        let flat: Vec<&String> = pj.iter().flat_map(|j| &j.2).collect();
        let mut sorted = flat.clone();
        sorted.sort();
        assert_eq!(flat, sorted, "{part} files in path order");
        for (i, j) in pj.iter().enumerate() {
            if i + 1 < pj.len() {
                assert_eq!(j.2.len(), 4);
            } else {
                assert!((1..=4).contains(&j.2.len()));
            }
        }
    }

    // Parameters travel in params.toml; the README says how to submit and check.
    let p = Params::from_toml(&read(&submit.join("params.toml"))).unwrap();
    assert_eq!(p.maxnocalow.limit(), Some(4));
    assert_eq!(p.min_et_seed, 1.5);
    let readme = read(&submit.join("README.txt"));
    assert!(
        readme.contains(&format!("condor_submit {}", sub_path.display())),
        "{readme}"
    );
    assert!(readme.contains("batch status"), "{readme}");
    assert!(
        readme.contains("--maxnocalow 4 --min-et-seed 1.5"),
        "{readme}"
    );
    let wrapper = read(&exe);
    assert!(
        wrapper.contains(&format!("SCWIN={}", scwin_bin().display())),
        "{wrapper}"
    );
    assert!(
        wrapper.contains("export --config \"$SUBMIT/params.toml\""),
        "{wrapper}"
    );
    assert!(wrapper.contains("-j 2"), "{wrapper}");
    assert!(prod.join("training").is_dir() && prod.join("testing").is_dir());
}

#[test]
fn slurm_folder_is_a_valid_array_job() {
    let t = tempfile::tempdir().unwrap();
    inputs(t.path(), 10);
    let out = ok(
        t.path(),
        &[
            "batch",
            "slurm",
            "in",
            "-o",
            "prod",
            "--files-per-job",
            "3",
            "--test-fraction",
            "0.3",
            "--queue",
            "short",
            "--cpus",
            "2",
            "--submit-dir",
            "sub",
            "--no-gzip",
            "--redo",
            "--scwin",
            "/opt/scwin/bin/scwin",
        ],
    );
    let submit = t.path().join("sub");
    let script = submit.join("job.slurm");
    assert!(
        out.contains(&format!("sbatch {}", script.display())),
        "{out}"
    );
    bash_n(&script).unwrap();
    bash_n(&submit.join("wrapper.sh")).unwrap();
    let opts = sbatch_options(&read(&script)).unwrap();
    let get = |k: &str| {
        opts.iter()
            .find(|(o, _)| o == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no #SBATCH --{k}"))
    };
    // 7 training files in 3 jobs, 3 testing files in 1 job.
    assert_eq!(get("array"), "0-3");
    assert_eq!(get("cpus-per-task"), "2");
    assert_eq!(get("partition"), "short");
    assert_eq!(
        get("output"),
        format!("{}/logs/job_%a.out", submit.display())
    );
    let js = jobs(&read(&submit.join("args.txt")));
    assert_eq!(js.len(), 4);
    let wrapper = read(&submit.join("wrapper.sh"));
    assert!(wrapper.contains("SCWIN=/opt/scwin/bin/scwin"), "{wrapper}");
    assert!(
        wrapper.contains("--no-gzip") && wrapper.contains("--redo"),
        "{wrapper}"
    );
    // `scwin batch status` finds the folder from OUTDIR through OUTDIR/.scwin-batch.
    let st = ok(t.path(), &["batch", "status", "prod"]);
    assert!(st.contains("4 missing"), "{st}");
    assert!(
        st.contains(&format!("sbatch --array=0-3 {}", script.display())),
        "{st}"
    );
}

#[test]
fn split_is_deterministic_and_seeded() {
    let t = tempfile::tempdir().unwrap();
    let files = inputs(t.path(), 40);
    let mut names: Vec<String> = files
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let run = |out: &str, names: &[String], seed: &str| {
        let mut a = vec!["batch", "slurm"];
        a.extend(names.iter().map(String::as_str));
        a.extend([
            "-o",
            out,
            "--files-per-job",
            "3",
            "--test-fraction",
            "0.2",
            "--split-seed",
            seed,
        ]);
        ok(t.path(), &a);
        read(&t.path().join(out).join("submit/args.txt"))
    };
    let a = run("a", &names, "0");
    names.reverse();
    let b = run("b", &names, "0");
    assert_eq!(a, b, "same inputs in another order: same jobs");
    let c = run("c", &names, "1");
    assert_ne!(a, c, "another split seed: another split");
    let testing = |s: &str| -> usize {
        jobs(s)
            .iter()
            .filter(|j| j.1 == "testing")
            .map(|j| j.2.len())
            .sum()
    };
    assert_eq!(testing(&a), 8);
    assert_eq!(testing(&c), 8);
    // A directory, a glob and the files give the same jobs.
    let d = run("d", &["in/*.root".to_string()], "0");
    assert_eq!(a, d);
}

#[test]
fn relative_paths_become_absolute() {
    let t = tempfile::tempdir().unwrap();
    inputs(t.path(), 2);
    std::fs::write(t.path().join("wp.json"), "{}").unwrap();
    ok(
        t.path(),
        &[
            "batch",
            "condor",
            "in",
            "-o",
            "prod",
            "--files-per-job",
            "1",
            "--test-fraction",
            "0",
            "--wp",
            "wp.json",
        ],
    );
    let p = Params::from_toml(&read(&t.path().join("prod/submit/params.toml"))).unwrap();
    assert_eq!(p.wp.unwrap(), t.path().join("wp.json"));
    let plan = read(&t.path().join("prod/submit/batch.json"));
    assert!(
        plan.contains(&t.path().join("prod/training").display().to_string())
            || plan.contains(&t.path().join("prod").display().to_string())
    );
}

#[test]
fn bad_requests_are_refused_with_a_reason() {
    let t = tempfile::tempdir().unwrap();
    inputs(t.path(), 3);
    let base = [
        "batch",
        "condor",
        "in",
        "-o",
        "prod",
        "--files-per-job",
        "1",
    ];
    let fail = |extra: &[&str]| {
        let mut a: Vec<&str> = base.to_vec();
        a.extend(extra);
        let (code, out, err) = scwin_in(t.path(), &a);
        assert_ne!(code, 0, "{a:?} should fail: {out}");
        err
    };
    let e = fail(&["--test-fraction", "0.5", "--queue", "long"]);
    assert!(
        e.contains("not an HTCondor JobFlavour") && e.contains("espresso"),
        "{e}"
    );
    let e = fail(&["--test-fraction", "1.5"]);
    assert!(e.contains("not in [0, 1]"), "{e}");
    // A path the arguments file cannot hold.
    std::fs::create_dir_all(t.path().join("with space")).unwrap();
    std::fs::write(t.path().join("with space/x.root"), b"").unwrap();
    let (code, _, e) = scwin_in(
        t.path(),
        &[
            "batch",
            "slurm",
            "with space/x.root",
            "-o",
            "p2",
            "--files-per-job",
            "1",
            "--test-fraction",
            "0",
        ],
    );
    assert_ne!(code, 0);
    assert!(e.contains("whitespace"), "{e}");
    // Two inputs with the same name in one part would write the same output.
    std::fs::create_dir_all(t.path().join("other")).unwrap();
    std::fs::write(t.path().join("other/cluster_job0_step2_output.root"), b"").unwrap();
    let (code, _, e) = scwin_in(
        t.path(),
        &[
            "batch",
            "slurm",
            "in",
            "other",
            "-o",
            "p3",
            "--files-per-job",
            "1",
            "--test-fraction",
            "0",
        ],
    );
    assert_ne!(code, 0);
    assert!(e.contains("would both write"), "{e}");
}

/// A stand-in for scwin: `export` writes one gzip NDJSON line per input (and fails with
/// exit code 3 on inputs whose name contains "bad"); anything else goes to the real scwin.
fn fake_scwin(dir: &Path) -> PathBuf {
    let p = dir.join("fake-scwin");
    std::fs::write(
        &p,
        format!(
            r#"#!/bin/bash
if [ "$1" != export ]; then exec {real} "$@"; fi
shift
out=
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift 2 ;;
    --config|--format|--gzip-level|-j) shift 2 ;;
    -*) shift ;;
    *) files+=("$1"); shift ;;
  esac
done
for f in "${{files[@]}}"; do
  case "$f" in *bad*) echo "error: $f: broken" >&2; exit 3 ;; esac
  stem=$(basename "$f" .root)
  printf '{{"window_index": 0, "is_seed_calo_matched": true, "calo_index": 0, "is_seed_calo_seed": false}}\n{{"window_index": 1, "is_seed_calo_matched": false, "calo_index": -1, "is_seed_calo_seed": false}}\n' | gzip > "$out/$stem.ndjson.gz"
done
echo "${{#files[@]}} file(s) written to $out"
"#,
            real = scwin_bin().display()
        ),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&p).status().unwrap();
    p
}

/// Runs job `line` of the arguments file through the wrapper as a batch system would, with
/// stdout and stderr to `logs/job_<id>.out`.
fn run_job(submit: &Path, line: &str) -> i32 {
    let id = line.split(' ').next().unwrap();
    let log = std::fs::File::create(submit.join(format!("logs/job_{id}.out"))).unwrap();
    let err = log.try_clone().unwrap();
    Command::new(submit.join("wrapper.sh"))
        .args(line.split(' '))
        .stdout(log)
        .stderr(err)
        .status()
        .unwrap()
        .code()
        .unwrap_or(-1)
}

#[test]
fn status_reports_done_failed_missing_and_resubmits_only_those() {
    let t = tempfile::tempdir().unwrap();
    inputs(t.path(), 6);
    std::fs::write(t.path().join("in/bad_file.root"), b"").unwrap();
    let fake = fake_scwin(t.path());
    ok(
        t.path(),
        &[
            "batch",
            "slurm",
            "in",
            "-o",
            "prod",
            "--files-per-job",
            "2",
            "--test-fraction",
            "0",
            "--scwin",
            fake.to_str().unwrap(),
        ],
    );
    let prod = t.path().join("prod");
    let submit = prod.join("submit");
    let args = read(&submit.join("args.txt"));
    let lines: Vec<&str> = args.lines().collect();
    assert_eq!(lines.len(), 4); // 7 files, 2 per job
    let bad_job = lines.iter().position(|l| l.contains("bad_file")).unwrap();
    // Run every job but the last one.
    let last = lines.len() - 1;
    let never = if bad_job == last { last - 1 } else { last };
    for (i, l) in lines.iter().enumerate() {
        if i != never {
            let code = run_job(&submit, l);
            assert_eq!(code != 0, i == bad_job, "job {i}: exit {code}");
        }
    }
    assert!(submit.join(format!("logs/job_{bad_job}.failed")).is_file());
    // The metadata of a finished two-file job: 2 windows per input, classes 0 and 1.
    let ran = (0..lines.len())
        .find(|&i| i != bad_job && i != never)
        .unwrap();
    let meta =
        read(&prod.join(format!("training/job_{ran}.json"))).replace(char::is_whitespace, "");
    assert!(
        meta.contains("\"windows\":4") && meta.contains("\"classes\":[2,2,0]"),
        "{meta}"
    );

    let st = ok(t.path(), &["batch", "status", "prod", "--all"]);
    assert!(
        st.contains("4 job(s): 2 done, 0 running, 1 failed, 1 missing"),
        "{st}"
    );
    let row = |id: usize| {
        st.lines()
            .find(|l| l.split_whitespace().next() == Some(&id.to_string()))
            .unwrap_or_else(|| panic!("no row for job {id}:\n{st}"))
            .to_string()
    };
    assert!(
        row(bad_job).contains("failed") && row(bad_job).contains("exit code 3"),
        "{st}"
    );
    assert!(row(never).contains("missing"), "{st}");
    let mut ids = [bad_job, never];
    ids.sort();
    let spec = format!("{},{}", ids[0], ids[1]);
    assert!(
        st.contains(&format!(
            "sbatch --array={spec} {}",
            submit.join("job.slurm").display()
        )),
        "{st}"
    );
    let re = read(&submit.join("resubmit_args.txt"));
    assert_eq!(re, format!("{}\n{}\n", lines[ids[0]], lines[ids[1]]));

    // An output removed later: its job is missing again.
    let done = (0..lines.len()).find(|i| !ids.contains(i)).unwrap();
    let victim = lines[done].split(' ').nth(2).unwrap();
    let stem = Path::new(victim)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    std::fs::remove_file(prod.join(format!("training/{stem}.ndjson.gz"))).unwrap();
    let st = ok(t.path(), &["batch", "status", "prod"]);
    assert!(
        st.contains("1 done, 0 running, 1 failed, 2 missing"),
        "{st}"
    );
    assert!(
        !st.lines()
            .any(|l| l.starts_with(&format!("{} ", ids[0])) && l.contains("done"))
    );

    // The missing jobs run (again): done; the broken input still fails its job.
    for i in [done, never] {
        assert_eq!(run_job(&submit, lines[i]), 0);
    }
    let st = ok(t.path(), &["batch", "status", "prod"]);
    assert!(
        st.contains("3 done, 0 running, 1 failed, 0 missing"),
        "{st}"
    );
}

#[test]
fn condor_status_reads_event_logs_and_writes_a_resubmit_description() {
    let t = tempfile::tempdir().unwrap();
    inputs(t.path(), 4);
    ok(
        t.path(),
        &[
            "batch",
            "condor",
            "in",
            "-o",
            "prod",
            "--files-per-job",
            "1",
            "--test-fraction",
            "0.5",
            "-q",
            "espresso",
        ],
    );
    let submit = t.path().join("prod/submit");
    let logs = submit.join("logs");
    let ev =
        |code: &str, what: &str| format!("{code} (77.000.000) 2024-05-01 10:00:00 {what}\n...\n");
    std::fs::write(
        logs.join("job_0.log"),
        ev("000", "Job submitted from host: <1.2.3.4:9618>")
            + &ev("001", "Job executing on host: <1.2.3.5:9618>"),
    )
    .unwrap();
    std::fs::write(
        logs.join("job_1.log"),
        ev("000", "Job submitted from host: <1.2.3.4:9618>")
            + "005 (77.001.000) 2024-05-01 10:05:00 Job terminated.\n\t(1) Normal termination (return value 2)\n...\n",
    )
    .unwrap();
    std::fs::write(logs.join("job_2.log"), ev("012", "Job was held.")).unwrap();
    let st = ok(t.path(), &["batch", "status", "prod"]);
    assert!(
        st.contains("4 job(s): 0 done, 1 running, 2 failed, 1 missing"),
        "{st}"
    );
    assert!(st.contains("exit code 2") && st.contains("held"), "{st}");
    let resub = submit.join("resubmit.sub");
    assert!(
        st.contains(&format!("condor_submit {}", resub.display())),
        "{st}"
    );
    let sub = check_submit_description(&read(&resub)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sub.queue_file, submit.join("resubmit_args.txt"));
    let ids: Vec<&str> = sub.items.iter().map(|i| i[0].1.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"], "the running job 0 is not resubmitted");
    let st = ok(t.path(), &["batch", "status", "prod", "--include-running"]);
    assert!(
        st.contains("the 4 failed/missing") || st.contains("only the 4"),
        "{st}"
    );
}
