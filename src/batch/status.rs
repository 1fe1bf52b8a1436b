//! `scwin batch status`: which jobs are done, running, failed or missing, and the command
//! that runs only the failed and missing ones again.
//!
//! - done: every output of the job exists under its final name (`scwin export` writes to a
//!   temporary name and renames, so a present output is complete);
//! - running: the job's log shows it queued or running (HTCondor event log; for Slurm, the
//!   wrapper's `started` line without its `finished` line);
//! - failed: `logs/job_<id>.failed` exists (the wrapper's exit code), or the log shows a
//!   non-zero exit, a signal, a removal/hold (HTCondor) or a `slurmstepd: error` (Slurm:
//!   cancelled, time limit, memory);
//! - missing: none of the above (never ran, or its outputs were removed).

use std::path::PathBuf;

use super::plan::{Job, Part, Plan, System, files};
use super::record::JobRecord;
use super::{condor, slurm};

/// The state of one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState {
    Done,
    /// Queued or running, by its log (the reason says which).
    Running(String),
    /// Why it failed.
    Failed(String),
    Missing,
}

impl JobState {
    pub fn name(&self) -> &'static str {
        match self {
            JobState::Done => "done",
            JobState::Running(_) => "running",
            JobState::Failed(_) => "failed",
            JobState::Missing => "missing",
        }
    }
}

/// The status of one job.
#[derive(Debug, Clone)]
pub struct JobStatus {
    pub id: usize,
    pub part: Part,
    pub state: JobState,
    /// Outputs present / expected.
    pub present: usize,
    pub total: usize,
    /// Windows written, from the job's metadata file when it exists.
    pub windows: Option<u64>,
}

fn read(p: &PathBuf) -> Option<String> {
    std::fs::read(p)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The state of `job` from its outputs, failure marker and logs.
pub fn job_status(plan: &Plan, job: &Job) -> JobStatus {
    let outputs = plan.outputs(job);
    let present = outputs.iter().filter(|p| p.is_file()).count();
    let windows = JobRecord::load(&plan.metadata_path(job)).map(|r| r.windows);
    let state = if present == outputs.len() {
        JobState::Done
    } else {
        pending_state(plan, job.id)
    };
    JobStatus {
        id: job.id,
        part: job.part,
        state,
        present,
        total: outputs.len(),
        windows,
    }
}

fn pending_state(plan: &Plan, id: usize) -> JobState {
    let marker = plan.log_file(id, "failed");
    let marker_code = read(&marker).map(|s| s.trim().to_string());
    let rel = |ext: &str| format!("{}/job_{id}.{ext}", files::LOGS);
    match plan.system {
        System::Condor => {
            let log = read(&plan.log_file(id, "log")).and_then(|t| condor::log_state(&t));
            match log {
                Some(condor::LogState::Queued) => return JobState::Running("queued".into()),
                Some(condor::LogState::Running) => return JobState::Running("running".into()),
                _ => {}
            }
            if let Some(code) = marker_code {
                return JobState::Failed(format!("exit code {code}, see {}", rel("err")));
            }
            match log {
                Some(condor::LogState::Exited(c)) if c != 0 => {
                    JobState::Failed(format!("exit code {c}, see {}", rel("err")))
                }
                Some(condor::LogState::Signal(s)) => {
                    JobState::Failed(format!("killed by signal {s}, see {}", rel("log")))
                }
                Some(condor::LogState::Held) => JobState::Failed(format!(
                    "held: see {} and condor_q -hold, then condor_rm it before resubmitting",
                    rel("log")
                )),
                Some(condor::LogState::Aborted) => {
                    JobState::Failed("removed from the queue (condor_rm)".into())
                }
                _ => JobState::Missing,
            }
        }
        System::Slurm => {
            let log = read(&plan.log_file(id, "out")).and_then(|t| slurm::log_state(&t, id));
            match log {
                Some(slurm::LogState::Killed(why)) => {
                    return JobState::Failed(format!("{why} ({})", rel("out")));
                }
                Some(slurm::LogState::Running) => return JobState::Running("running".into()),
                _ => {}
            }
            if let Some(code) = marker_code {
                return JobState::Failed(format!("exit code {code}, see {}", rel("out")));
            }
            match log {
                Some(slurm::LogState::Exited(c)) if c != 0 => {
                    JobState::Failed(format!("exit code {c}, see {}", rel("out")))
                }
                _ => JobState::Missing,
            }
        }
    }
}

/// The status of every job.
pub fn status(plan: &Plan) -> Vec<JobStatus> {
    plan.jobs.iter().map(|j| job_status(plan, j)).collect()
}

/// The jobs to run again: failed and missing (and running ones when asked).
pub fn to_resubmit(st: &[JobStatus], include_running: bool) -> Vec<usize> {
    st.iter()
        .filter(|s| match s.state {
            JobState::Done => false,
            JobState::Running(_) => include_running,
            JobState::Failed(_) | JobState::Missing => true,
        })
        .map(|s| s.id)
        .collect()
}

/// Writes `resubmit_args.txt` (and for HTCondor `resubmit.sub`) for `ids`, and returns the
/// command that submits them.
pub fn prepare_resubmit(plan: &Plan, ids: &[usize]) -> anyhow::Result<String> {
    let jobs: Vec<&Job> = ids.iter().filter_map(|&i| plan.job(i)).collect();
    let args = plan.submit_file(files::RESUBMIT_ARGS);
    write(&args, &Plan::args_text(jobs))?;
    Ok(match plan.system {
        System::Condor => {
            let sub = plan.submit_file(files::CONDOR_RESUBMIT);
            write(&sub, &condor::submit_description(plan, &args))?;
            format!("condor_submit {}", sub.display())
        }
        System::Slurm => format!(
            "sbatch --array={} {}",
            slurm::array_spec(ids),
            plan.submit_file(files::SLURM_SCRIPT).display()
        ),
    })
}

fn write(p: &PathBuf, text: &str) -> anyhow::Result<()> {
    std::fs::write(p, text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
}

/// Counts by state: done, running, failed, missing.
pub fn counts(st: &[JobStatus]) -> [usize; 4] {
    let mut c = [0; 4];
    for s in st {
        c[match s.state {
            JobState::Done => 0,
            JobState::Running(_) => 1,
            JobState::Failed(_) => 2,
            JobState::Missing => 3,
        }] += 1;
    }
    c
}

/// The table of jobs (every job with `all`, otherwise those not done) and the summary line.
pub fn report(st: &[JobStatus], all: bool) -> String {
    let mut out = String::new();
    let shown: Vec<&JobStatus> = st
        .iter()
        .filter(|s| all || s.state != JobState::Done)
        .collect();
    if !shown.is_empty() {
        out.push_str("job    part      state    outputs  windows  note\n");
        for s in shown {
            let note = match &s.state {
                JobState::Running(w) | JobState::Failed(w) => w.as_str(),
                _ => "",
            };
            let row = format!(
                "{:<6} {:<9} {:<8} {:>7}  {:>7}  {}",
                s.id,
                s.part.as_str(),
                s.state.name(),
                format!("{}/{}", s.present, s.total),
                s.windows
                    .map(|w| w.to_string())
                    .unwrap_or_else(|| "-".into()),
                note
            );
            out.push_str(row.trim_end());
            out.push('\n');
        }
    }
    let [done, running, failed, missing] = counts(st);
    let windows: u64 = st.iter().filter_map(|s| s.windows).sum();
    let with_meta = st.iter().filter(|s| s.windows.is_some()).count();
    out.push_str(&format!(
        "{} job(s): {done} done, {running} running, {failed} failed, {missing} missing; {windows} windows recorded by {with_meta} job(s)\n",
        st.len()
    ));
    out
}
