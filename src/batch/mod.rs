//! Batch production: submission folders for HTCondor and Slurm around `scwin export`.
//!
//! `scwin batch condor|slurm` turns a list of dumper files into a [`plan::Plan`] (a
//! deterministic training/testing split, N files per job, see [`split`]) and writes the
//! submission folder ([`write_submission`]):
//!
//! ```text
//! SUBMIT/ (default OUTDIR/submit)
//!   batch.json         the plan: options and every job's inputs
//!   params.toml        window parameters, for `scwin export --config`
//!   args.txt           one line per job: ID training|testing INPUT...
//!   wrapper.sh         runs `scwin export` for one job, then `scwin batch record`
//!   job.sub | job.slurm  HTCondor submit description | Slurm array script
//!   README.txt         how to submit, check and resubmit
//!   logs/              job_<id>.out/.err/.log, job_<id>.failed
//! OUTDIR/training/, OUTDIR/testing/
//!   <input stem>.ndjson.gz   one output per input (scwin export)
//!   job_<id>.json            one metadata file per finished job ([`record`])
//! ```
//!
//! `scwin batch status` ([`status`]) reads the folder back.

pub mod condor;
pub mod plan;
pub mod record;
pub mod slurm;
pub mod split;
pub mod status;
pub mod wrapper;

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::params::params_to_args;
use crate::windows::Params;
use plan::{Plan, System, files};
use wrapper::sh_quote;

fn write(p: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))
}

fn mkdir(p: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))
}

/// The command that submits the whole production.
pub fn submit_command(plan: &Plan) -> String {
    match plan.system {
        System::Condor => format!(
            "condor_submit {}",
            plan.submit_file(files::CONDOR_SUBMIT).display()
        ),
        System::Slurm => format!("sbatch {}", plan.submit_file(files::SLURM_SCRIPT).display()),
    }
}

/// The `scwin export` command a job runs into `out` (for README.txt), with the window
/// parameters as flags.
pub fn export_command(plan: &Plan, params: &Params, out: &Path) -> String {
    let mut a: Vec<String> = vec![plan.scwin.to_string_lossy().into_owned(), "export".into()];
    a.extend(params_to_args(params));
    a.extend(plan.export.to_args());
    a.push("-o".into());
    a.push(out.to_string_lossy().into_owned());
    let mut s: Vec<String> = a.iter().map(|x| sh_quote(x)).collect();
    s.push("INPUT...".into());
    s.join(" ")
}

/// README.txt of a submission folder.
fn readme(plan: &Plan, params: &Params) -> String {
    let n_train = plan
        .jobs
        .iter()
        .filter(|j| j.part == plan::Part::Training)
        .count();
    let files_train: usize = plan
        .jobs
        .iter()
        .filter(|j| j.part == plan::Part::Training)
        .map(|j| j.inputs.len())
        .sum();
    let files_all: usize = plan.jobs.iter().map(|j| j.inputs.len()).sum();
    let status = format!(
        "{} batch status {}",
        sh_quote(&plan.scwin.to_string_lossy()),
        sh_quote(&plan.out_dir.to_string_lossy())
    );
    let system_notes = match plan.system {
        System::Condor => format!(
            "HTCondor JobFlavour: {}. The submit description queues one job per line of\n\
             args.txt (queue job, part, inputs from args.txt).\n",
            plan.queue.as_deref().unwrap_or(condor::DEFAULT_FLAVOUR)
        ),
        System::Slurm => format!(
            "Slurm partition: {}. Array task i runs the line of args.txt whose job id is i.\n",
            plan.queue.as_deref().unwrap_or("(the cluster's default)")
        ),
    };
    format!(
        "scwin batch production: {jobs} job(s) over {files_all} dumper file(s), {files_per_job} per job;\n\
         training: {files_train} file(s) in {n_train} job(s), testing: {files_test} file(s) in {n_test} job(s)\n\
         (test fraction {tf}, split seed {seed}).\n\
         \n\
         Submit:\n  {submit}\n\
         \n\
         Check (done / running / failed / missing per job; prints the command that runs only\n\
         the failed and missing jobs again):\n  {status}\n\
         \n\
         {system_notes}\
         Each job runs wrapper.sh JOB_ID PART INPUT..., that is the equivalent of\n  {export}\n\
         (the wrapper reads the window parameters from params.toml with --config), then writes\n\
         {out}/<part>/job_<id>.json. {redo}\n\
         Logs: {logs}/job_<id>.*\n\
         The jobs need the scwin binary, this folder, the inputs and the output folder at the\n\
         same paths on the worker nodes (a shared file system: AFS/EOS at CERN).\n",
        jobs = plan.jobs.len(),
        files_per_job = plan.files_per_job,
        files_test = files_all - files_train,
        n_test = plan.jobs.len() - n_train,
        tf = plan.test_fraction,
        seed = plan.split_seed,
        submit = submit_command(plan),
        export = export_command(plan, params, &plan.out_dir.join("<part>")),
        out = plan.out_dir.display(),
        redo = if plan.export.redo {
            "Outputs that exist are rewritten (this folder was made with --redo)."
        } else {
            "Inputs whose outputs exist are skipped (--redo rewrites them)."
        },
        logs = plan.submit_dir.join(files::LOGS).display(),
    )
}

/// Writes the submission folder of `plan` with window parameters `params` (a relative
/// working-point path is made absolute, since jobs run elsewhere), and creates the output
/// folders. Returns the command that submits it.
pub fn write_submission(plan: &Plan, params: &Params) -> anyhow::Result<String> {
    let mut params = params.clone();
    if let Some(wp) = &params.wp {
        params.wp = Some(plan::absolute(wp)?);
    }
    mkdir(&plan.submit_dir)?;
    mkdir(&plan.submit_dir.join(files::LOGS))?;
    for part in [plan::Part::Training, plan::Part::Testing] {
        mkdir(&plan.part_dir(part))?;
    }
    write(&plan.submit_file(files::PLAN), &plan.to_json())?;
    write(&plan.submit_file(files::PARAMS), &params.to_toml())?;
    write(&plan.submit_file(files::ARGS), &Plan::args_text(&plan.jobs))?;
    let wrapper = plan.submit_file(files::WRAPPER);
    write(&wrapper, &wrapper::script(plan))?;
    make_executable(&wrapper)?;
    match plan.system {
        System::Condor => write(
            &plan.submit_file(files::CONDOR_SUBMIT),
            &condor::submit_description(plan, &plan.submit_file(files::ARGS)),
        )?,
        System::Slurm => {
            let s = plan.submit_file(files::SLURM_SCRIPT);
            write(&s, &slurm::script(plan))?;
            make_executable(&s)?;
        }
    }
    write(&plan.submit_file(files::README), &readme(plan, &params))?;
    write(
        &plan.out_dir.join(files::POINTER),
        &format!("{}\n", plan.submit_dir.display()),
    )?;
    Ok(submit_command(plan))
}

#[cfg(unix)]
fn make_executable(p: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", p.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> anyhow::Result<()> {
    Ok(())
}

/// Finds the plan of a production from its output folder or its submission folder:
/// `DIR/batch.json`, `DIR/submit/batch.json`, or the folder named in `DIR/.scwin-batch`.
pub fn find_plan(dir: &Path) -> anyhow::Result<PathBuf> {
    let direct = dir.join(files::PLAN);
    if direct.is_file() {
        return Ok(direct);
    }
    let sub = dir.join("submit").join(files::PLAN);
    if sub.is_file() {
        return Ok(sub);
    }
    if let Ok(text) = std::fs::read_to_string(dir.join(files::POINTER)) {
        let p = PathBuf::from(text.trim()).join(files::PLAN);
        if p.is_file() {
            return Ok(p);
        }
        anyhow::bail!(
            "{} points to {}, which holds no {}",
            dir.join(files::POINTER).display(),
            text.trim(),
            files::PLAN
        );
    }
    anyhow::bail!(
        "{}: not a batch production (no {} here, in submit/, or named by {})",
        dir.display(),
        files::PLAN,
        files::POINTER
    )
}
