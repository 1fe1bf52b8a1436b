//! `scwin batch`: dataset production on HTCondor and Slurm (submission folders, job status,
//! resubmission). The work is in [`crate::batch`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::inputs;
use super::params::WindowArgs;
use crate::batch::{self, plan, status};

/// Produce a dataset on HTCondor or Slurm.
#[derive(Debug, Args)]
pub struct BatchArgs {
    #[command(subcommand)]
    pub command: BatchCommand,
}

#[derive(Debug, Subcommand)]
pub enum BatchCommand {
    /// Write an HTCondor submission folder (submit with condor_submit).
    Condor(Box<SubmitArgs>),
    /// Write a Slurm submission folder (an array job; submit with sbatch).
    Slurm(Box<SubmitArgs>),
    /// Per job done / running / failed / missing, and the command that resubmits the
    /// failed and missing ones.
    Status(StatusArgs),
    /// (Run by the job wrapper.) Write a finished job's metadata, OUTDIR/<part>/job_<id>.json.
    #[command(hide = true)]
    Record(RecordArgs),
}

/// Options of `scwin batch condor|slurm`.
#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// Dumper files, directories (every *.root inside) or globs.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,
    /// Output directory: outputs go to OUTDIR/training/ and OUTDIR/testing/.
    #[arg(short, long, value_name = "OUTDIR", alias = "output")]
    pub out: PathBuf,
    /// Input files per job.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub files_per_job: u64,
    /// Fraction of the input files that go to testing (exactly round(F × files)).
    #[arg(long, value_name = "F", value_parser = fraction)]
    pub test_fraction: f64,
    /// HTCondor JobFlavour (espresso, microcentury, longlunch, workday, tomorrow, testmatch,
    /// nextweek; default longlunch) or Slurm partition (default: the cluster's).
    #[arg(short, long, value_name = "Q")]
    pub queue: Option<String>,
    /// Rewrite outputs that already exist (jobs pass --redo to scwin export).
    #[arg(long)]
    pub redo: bool,
    /// Seed of the training/testing split (the window builder's is --seed).
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub split_seed: u64,
    /// Submission folder (default: OUTDIR/submit).
    #[arg(long, value_name = "DIR")]
    pub submit_dir: Option<PathBuf>,
    /// The scwin binary the jobs run (default: this one).
    #[arg(long, value_name = "PATH")]
    pub scwin: Option<PathBuf>,
    /// CPUs per job (request_cpus / --cpus-per-task; the export's worker threads).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub cpus: u32,
    /// Output format.
    #[arg(long, value_enum, default_value = "ndjson")]
    pub format: plan::Format,
    /// Write plain .ndjson instead of .ndjson.gz.
    #[arg(long)]
    pub no_gzip: bool,
    /// Compression of the TFRecord files.
    #[arg(long, value_enum, default_value = "none", help_heading = "TFRecord")]
    pub tf_compression: plan::TfCompression,
    /// Flavour flag `f` written for calo-matched windows (e.g. 11 electrons, 22 photons).
    #[arg(long, value_name = "N", default_value_t = 0, help_heading = "TFRecord")]
    pub flavour: i64,
    /// ROOT file with a TH2 `weight` (x: seed Et, y: number of clusters) for the `wi` weight.
    #[arg(long, value_name = "FILE", help_heading = "TFRecord")]
    pub weights: Option<PathBuf>,
    /// gzip compression level (0-9).
    #[arg(long, value_name = "0-9", default_value_t = 6, value_parser = clap::value_parser!(u32).range(0..=9))]
    pub gzip_level: u32,
    /// Fail a file on its first invalid event instead of skipping and counting them.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub window: WindowArgs,
}

/// Options of `scwin batch status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The production's output folder (or its submission folder).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// List every job, not only those that are not done.
    #[arg(long)]
    pub all: bool,
    /// Resubmit jobs that look running too (their log says so, but they are gone from
    /// condor_q/squeue).
    #[arg(long)]
    pub include_running: bool,
}

/// Options of `scwin batch record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The submission folder.
    pub submit_dir: PathBuf,
    /// The job id.
    pub job: usize,
}

fn fraction(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{s:?}: {e}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not in [0, 1]"))
    }
}

pub fn run(args: &BatchArgs) -> anyhow::Result<ExitCode> {
    match &args.command {
        BatchCommand::Condor(a) => submit(plan::System::Condor, a),
        BatchCommand::Slurm(a) => submit(plan::System::Slurm, a),
        BatchCommand::Status(a) => show_status(a),
        BatchCommand::Record(a) => record(a),
    }
}

fn submit(system: plan::System, a: &SubmitArgs) -> anyhow::Result<ExitCode> {
    if system == plan::System::Condor
        && let Some(q) = &a.queue
    {
        batch::condor::check_flavour(q).map_err(anyhow::Error::msg)?;
    }
    for f in [&a.weights, &a.window.wp, &a.window.config]
        .into_iter()
        .flatten()
    {
        if !f.is_file() {
            anyhow::bail!("{}: no such file", f.display());
        }
    }
    let files = inputs::expand(&a.inputs)?;
    let params = a.window.params()?;
    let scwin = match &a.scwin {
        Some(p) => p.clone(),
        None => std::env::current_exe()
            .map_err(|e| anyhow::anyhow!("cannot find the scwin binary (give --scwin): {e}"))?,
    };
    let plan = plan::Plan::new(
        &files,
        plan::PlanOptions {
            system,
            out_dir: a.out.clone(),
            submit_dir: a.submit_dir.clone(),
            scwin,
            queue: a.queue.clone(),
            test_fraction: a.test_fraction,
            split_seed: a.split_seed,
            files_per_job: a.files_per_job as usize,
            export: plan::ExportFlags {
                format: a.format,
                gzip: !a.no_gzip,
                gzip_level: a.gzip_level,
                tf_compression: a.tf_compression,
                flavour: a.flavour,
                weights: a.weights.as_deref().map(plan::absolute).transpose()?,
                cpus: a.cpus,
                strict: a.strict,
                redo: a.redo,
            },
        },
    )?;
    let cmd = batch::write_submission(&plan, &params)?;
    let count = |p: plan::Part| {
        let jobs: Vec<_> = plan.jobs.iter().filter(|j| j.part == p).collect();
        (
            jobs.len(),
            jobs.iter().map(|j| j.inputs.len()).sum::<usize>(),
        )
    };
    let (jt, ft) = count(plan::Part::Training);
    let (js, fs) = count(plan::Part::Testing);
    println!(
        "{} job(s): training {ft} file(s) in {jt} job(s), testing {fs} file(s) in {js} job(s)",
        plan.jobs.len()
    );
    println!("submission folder: {}", plan.submit_dir.display());
    println!("outputs: {}/{{training,testing}}/", plan.out_dir.display());
    println!("submit with:\n  {cmd}");
    println!(
        "then check with:\n  scwin batch status {}",
        plan.out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn show_status(a: &StatusArgs) -> anyhow::Result<ExitCode> {
    let path = batch::find_plan(&a.dir)?;
    let plan = plan::Plan::load(&path)?;
    let st = status::status(&plan);
    print!("{}", status::report(&st, a.all));
    let ids = status::to_resubmit(&st, a.include_running);
    if ids.is_empty() {
        let [done, running, ..] = status::counts(&st);
        if done == st.len() {
            println!("all jobs done");
        } else if running > 0 {
            println!(
                "nothing to resubmit while jobs run (if they are gone from condor_q/squeue, add --include-running)"
            );
        }
        let _ = std::fs::remove_file(plan.submit_file(plan::files::RESUBMIT_ARGS));
    } else {
        let cmd = status::prepare_resubmit(&plan, &ids)?;
        println!(
            "to (re)submit only the {} failed/missing job(s) (listed in {}):\n  {cmd}",
            ids.len(),
            plan.submit_file(plan::files::RESUBMIT_ARGS).display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn record(a: &RecordArgs) -> anyhow::Result<ExitCode> {
    let plan = plan::Plan::load(&a.submit_dir.join(plan::files::PLAN))?;
    let job = plan
        .job(a.job)
        .ok_or_else(|| anyhow::anyhow!("no job {} in this production", a.job))?;
    let path = batch::record::record(&plan, job)?;
    println!("job {} metadata: {}", a.job, path.display());
    Ok(ExitCode::SUCCESS)
}
