//! The plan of a batch production: which job exports which input files into which part, with
//! which options, and where every file of the production lives. It is saved as `batch.json`
//! in the submission folder; `scwin batch status` and the jobs themselves read it back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::split;
use crate::export::driver::{self, ExportOptions, TfExport};
use crate::export::tfrecord;

/// The batch system a submission folder is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum System {
    Condor,
    Slurm,
}

/// The part of the dataset a job writes: `OUTDIR/training/` or `OUTDIR/testing/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Training,
    Testing,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Training => "training",
            Part::Testing => "testing",
        }
    }
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Part {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "training" => Ok(Part::Training),
            "testing" => Ok(Part::Testing),
            _ => Err(format!("expected training or testing, got {s:?}")),
        }
    }
}

/// The output format the jobs write (the formats of `scwin export --format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Ndjson,
    Tfrecord,
    Both,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Ndjson => "ndjson",
            Format::Tfrecord => "tfrecord",
            Format::Both => "both",
        }
    }

    pub fn ndjson(self) -> bool {
        self != Format::Tfrecord
    }

    pub fn tfrecord(self) -> bool {
        self != Format::Ndjson
    }
}

/// Compression of TFRecord files (`scwin export --tf-compression`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum TfCompression {
    #[default]
    None,
    Gzip,
}

/// One job: its id (0-based, training jobs first), part and input files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: usize,
    pub part: Part,
    pub inputs: Vec<PathBuf>,
}

/// What `scwin export` is asked to do in every job (besides the window parameters, which
/// travel in `params.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFlags {
    pub format: Format,
    /// `.ndjson.gz` (true) or `.ndjson`.
    pub gzip: bool,
    pub gzip_level: u32,
    /// TFRecord: compression of the files.
    pub tf_compression: TfCompression,
    /// TFRecord: flavour flag `f` of calo-matched windows.
    pub flavour: i64,
    /// TFRecord: ROOT file with the `weight` TH2 (absolute).
    pub weights: Option<PathBuf>,
    /// Worker threads of each job (= the CPUs requested per job).
    pub cpus: u32,
    pub strict: bool,
    /// Rewrite outputs that already exist.
    pub redo: bool,
}

impl ExportFlags {
    /// The `scwin export` flags (window parameters excluded).
    pub fn to_args(&self) -> Vec<String> {
        let mut a = vec![
            "--format".to_string(),
            self.format.as_str().to_string(),
            "--gzip-level".to_string(),
            self.gzip_level.to_string(),
            "-j".to_string(),
            self.cpus.to_string(),
        ];
        if !self.gzip {
            a.push("--no-gzip".into());
        }
        if self.format.tfrecord() {
            if self.tf_compression == TfCompression::Gzip {
                a.extend(["--tf-compression".into(), "gzip".into()]);
            }
            if self.flavour != 0 {
                a.extend(["--flavour".into(), self.flavour.to_string()]);
            }
            if let Some(w) = &self.weights {
                a.extend(["--weights".into(), w.to_string_lossy().into_owned()]);
            }
        }
        if self.strict {
            a.push("--strict".into());
        }
        if self.redo {
            a.push("--redo".into());
        }
        a
    }
}

/// Everything needed to write, run and check a production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub system: System,
    /// Absolute: outputs go to `out_dir/training/` and `out_dir/testing/`.
    pub out_dir: PathBuf,
    /// Absolute: the submission folder (submit file, arguments, wrapper, logs).
    pub submit_dir: PathBuf,
    /// Absolute path of the scwin binary the jobs run.
    pub scwin: PathBuf,
    /// HTCondor JobFlavour or Slurm partition.
    pub queue: Option<String>,
    pub test_fraction: f64,
    pub split_seed: u64,
    pub files_per_job: usize,
    pub export: ExportFlags,
    pub jobs: Vec<Job>,
}

/// File names inside the submission folder.
pub mod files {
    /// The plan (this module's [`super::Plan`]), JSON.
    pub const PLAN: &str = "batch.json";
    /// Window parameters for `scwin export --config`.
    pub const PARAMS: &str = "params.toml";
    /// One line per job: `ID PART INPUT...`.
    pub const ARGS: &str = "args.txt";
    /// The lines of the jobs to run again (written by `scwin batch status`).
    pub const RESUBMIT_ARGS: &str = "resubmit_args.txt";
    pub const WRAPPER: &str = "wrapper.sh";
    pub const CONDOR_SUBMIT: &str = "job.sub";
    /// HTCondor submit description that queues only the lines of `resubmit_args.txt`.
    pub const CONDOR_RESUBMIT: &str = "resubmit.sub";
    pub const SLURM_SCRIPT: &str = "job.slurm";
    pub const README: &str = "README.txt";
    /// Per-job stdout/stderr, HTCondor event logs and failure markers.
    pub const LOGS: &str = "logs";
    /// Written into OUTDIR: the absolute path of the submission folder, so that
    /// `scwin batch status OUTDIR` finds it wherever it is.
    pub const POINTER: &str = ".scwin-batch";
}

/// Characters that would break the arguments file (HTCondor splits its items at spaces and
/// commas), the submit description or the shell.
const FORBIDDEN: &[char] = &[',', '"', '\'', '$', '\\', '`'];

/// Why a set of inputs cannot be planned.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("no input file")]
    NoInputs,
    #[error("{0}: the path is not UTF-8; rename it")]
    NotUtf8(PathBuf),
    #[error(
        "{0}: paths of batch inputs must not contain whitespace, control characters or any of , \" ' $ \\ ` (the arguments file and the submit description could not hold them); rename or link it"
    )]
    BadChars(PathBuf),
    #[error(
        "{a} and {b} are both in the {part} part and would both write {dir}/{stem}.*: rename one"
    )]
    SameStem {
        a: PathBuf,
        b: PathBuf,
        part: Part,
        dir: PathBuf,
        stem: String,
    },
    #[error("test fraction {0} is not in [0, 1]")]
    Fraction(f64),
    #[error("files per job must be at least 1")]
    FilesPerJob,
    #[error("cannot make {0} absolute: {1}")]
    Absolute(PathBuf, std::io::Error),
}

/// The options of a plan besides its inputs.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub system: System,
    pub out_dir: PathBuf,
    /// Default: `out_dir/submit`.
    pub submit_dir: Option<PathBuf>,
    pub scwin: PathBuf,
    pub queue: Option<String>,
    pub test_fraction: f64,
    pub split_seed: u64,
    pub files_per_job: usize,
    pub export: ExportFlags,
}

/// The absolute form of a path (without resolving symbolic links).
pub fn absolute(p: &Path) -> Result<PathBuf, PlanError> {
    std::path::absolute(p).map_err(|e| PlanError::Absolute(p.to_path_buf(), e))
}

/// The name outputs take from an input: its file name without `.root` (as `scwin export`).
pub fn input_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".to_string());
    name.strip_suffix(".root")
        .map(str::to_string)
        .unwrap_or(name)
}

fn check_chars(p: &Path) -> Result<(), PlanError> {
    let s = p
        .to_str()
        .ok_or_else(|| PlanError::NotUtf8(p.to_path_buf()))?;
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || FORBIDDEN.contains(&c))
    {
        return Err(PlanError::BadChars(p.to_path_buf()));
    }
    Ok(())
}

impl Plan {
    /// Splits and groups `inputs` (made absolute) into jobs.
    pub fn new(inputs: &[PathBuf], o: PlanOptions) -> Result<Plan, PlanError> {
        if inputs.is_empty() {
            return Err(PlanError::NoInputs);
        }
        if !(0.0..=1.0).contains(&o.test_fraction) {
            return Err(PlanError::Fraction(o.test_fraction));
        }
        if o.files_per_job == 0 {
            return Err(PlanError::FilesPerJob);
        }
        let out_dir = absolute(&o.out_dir)?;
        let submit_dir = match &o.submit_dir {
            Some(d) => absolute(d)?,
            None => out_dir.join("submit"),
        };
        let scwin = absolute(&o.scwin)?;
        let mut abs = Vec::with_capacity(inputs.len());
        for p in inputs {
            let a = absolute(p)?;
            check_chars(&a)?;
            abs.push(a);
        }
        for p in [&out_dir, &submit_dir, &scwin] {
            check_chars(p)?;
        }
        let s = split::split(&abs, o.test_fraction, o.split_seed);
        let mut jobs = Vec::new();
        for (part, files) in [(Part::Training, &s.training), (Part::Testing, &s.testing)] {
            let mut stems: HashMap<String, &PathBuf> = HashMap::new();
            for f in files {
                let stem = input_stem(f);
                if let Some(prev) = stems.insert(stem.clone(), f) {
                    return Err(PlanError::SameStem {
                        a: prev.clone(),
                        b: f.clone(),
                        part,
                        dir: out_dir.join(part.as_str()),
                        stem,
                    });
                }
            }
            for g in split::group(files, o.files_per_job) {
                jobs.push(Job {
                    id: jobs.len(),
                    part,
                    inputs: g,
                });
            }
        }
        Ok(Plan {
            system: o.system,
            out_dir,
            submit_dir,
            scwin,
            queue: o.queue,
            test_fraction: o.test_fraction,
            split_seed: o.split_seed,
            files_per_job: o.files_per_job,
            export: o.export,
            jobs,
        })
    }

    /// `OUTDIR/<part>`.
    pub fn part_dir(&self, part: Part) -> PathBuf {
        self.out_dir.join(part.as_str())
    }

    /// The outputs `scwin export` writes for `input` into the part directory (named by the
    /// export driver itself, so the two cannot disagree).
    pub fn outputs_of(&self, part: Part, input: &Path) -> Vec<PathBuf> {
        let e = &self.export;
        let opts = ExportOptions {
            out_dir: self.part_dir(part),
            ndjson: e.format.ndjson(),
            tfrecord: e.format.tfrecord().then(|| TfExport {
                name: None,
                options: tfrecord::TfOptions::default(),
                compression: match e.tf_compression {
                    TfCompression::None => tfrecord::TfCompression::None,
                    TfCompression::Gzip => tfrecord::TfCompression::Gzip,
                },
            }),
            gzip: e.gzip,
            ..ExportOptions::default()
        };
        let o = driver::output_paths(&opts, input);
        o.ndjson.into_iter().chain(o.tf_files).collect()
    }

    /// Every output of a job, in input order.
    pub fn outputs(&self, job: &Job) -> Vec<PathBuf> {
        job.inputs
            .iter()
            .flat_map(|i| self.outputs_of(job.part, i))
            .collect()
    }

    /// The job's metadata file, `OUTDIR/<part>/job_<id>.json` (written when it succeeds).
    pub fn metadata_path(&self, job: &Job) -> PathBuf {
        self.part_dir(job.part).join(format!("job_{}.json", job.id))
    }

    /// A file of the submission folder.
    pub fn submit_file(&self, name: &str) -> PathBuf {
        self.submit_dir.join(name)
    }

    /// `logs/job_<id>.<ext>` in the submission folder.
    pub fn log_file(&self, id: usize, ext: &str) -> PathBuf {
        self.submit_dir
            .join(files::LOGS)
            .join(format!("job_{id}.{ext}"))
    }

    pub fn job(&self, id: usize) -> Option<&Job> {
        self.jobs.get(id).filter(|j| j.id == id)
    }

    /// The arguments file: one line per job, `ID PART INPUT...`, in job order.
    pub fn args_text<'a>(jobs: impl IntoIterator<Item = &'a Job>) -> String {
        let mut s = String::new();
        for j in jobs {
            s.push_str(&args_line(j));
            s.push('\n');
        }
        s
    }

    /// Reads a plan back from `batch.json`.
    pub fn load(path: &Path) -> anyhow::Result<Plan> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// The plan as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a plan always serializes") + "\n"
    }
}

/// One line of the arguments file: `ID PART INPUT...` separated by single spaces.
pub fn args_line(j: &Job) -> String {
    let mut s = format!("{} {}", j.id, j.part);
    for i in &j.inputs {
        s.push(' ');
        s.push_str(&i.to_string_lossy());
    }
    s
}

/// Parses a line of the arguments file.
pub fn parse_args_line(line: &str) -> Result<Job, String> {
    let mut it = line.split_whitespace();
    let id = it
        .next()
        .ok_or("empty line")?
        .parse::<usize>()
        .map_err(|e| format!("job id: {e}"))?;
    let part = it.next().ok_or("no part")?.parse::<Part>()?;
    let inputs: Vec<PathBuf> = it.map(PathBuf::from).collect();
    if inputs.is_empty() {
        return Err(format!("job {id} has no input"));
    }
    Ok(Job { id, part, inputs })
}
