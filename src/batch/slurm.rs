//! Slurm: the array job script (`job.slurm`), array index lists, and reading a task's log.
//!
//! Task `i` of the array runs the line of the arguments file whose job id is `i`, so that
//! `sbatch --array=1,4,7 job.slurm` runs jobs 1, 4 and 7 again with the same files.

use super::plan::{Plan, files};
use super::wrapper::{finished_marker, sh_quote, started_marker};

/// The array job script.
pub fn script(plan: &Plan) -> String {
    let n = plan.jobs.len();
    let logs = plan.submit_dir.join(files::LOGS);
    let name = plan
        .out_dir
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".into());
    let mut s = format!(
        "#!/bin/bash\n\
         # Slurm array job written by `scwin batch slurm`: {n} job(s).\n\
         # Submit with: sbatch {script}\n\
         # Run some jobs again with: sbatch --array=1,4,7 {script}\n\
         #SBATCH --job-name=scwin-{name}\n\
         #SBATCH --array=0-{last}\n\
         #SBATCH --ntasks=1\n\
         #SBATCH --cpus-per-task={cpus}\n\
         #SBATCH --output={logs}/job_%a.out\n",
        script = plan.submit_file(files::SLURM_SCRIPT).display(),
        last = n.saturating_sub(1),
        cpus = plan.export.cpus,
        logs = logs.display(),
    );
    if let Some(p) = &plan.queue {
        s.push_str(&format!("#SBATCH --partition={p}\n"));
    }
    s.push_str(&format!(
        "set -euo pipefail\n\
         ARGS={args}\n\
         line=$(awk -v id=\"$SLURM_ARRAY_TASK_ID\" '$1 == id' \"$ARGS\")\n\
         if [ -z \"$line\" ]; then\n\
         \x20 echo \"no job $SLURM_ARRAY_TASK_ID in $ARGS\" >&2\n\
         \x20 exit 2\n\
         fi\n\
         read -r -a fields <<< \"$line\"\n\
         exec {wrapper} \"${{fields[@]}}\"\n",
        args = sh_quote(&plan.submit_file(files::ARGS).to_string_lossy()),
        wrapper = sh_quote(&plan.submit_file(files::WRAPPER).to_string_lossy()),
    ));
    s
}

/// An array index list for `sbatch --array`: sorted ids with runs collapsed, `0-3,5,7-9`.
pub fn array_spec(ids: &[usize]) -> String {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        parts.push(if j > i + 1 {
            format!("{}-{}", ids[i], ids[j])
        } else if j == i + 1 {
            format!("{},{}", ids[i], ids[j])
        } else {
            ids[i].to_string()
        });
        i = j + 1;
    }
    parts.join(",")
}

/// What a task's output log (`logs/job_<id>.out`) says about its last run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogState {
    /// The wrapper started and has not finished.
    Running,
    /// The wrapper finished with this exit code.
    Exited(i32),
    /// Slurm stopped the task (`slurmstepd: error: ...`: cancelled, time limit, memory).
    Killed(String),
}

/// Reads a task's output log, or `None` when the wrapper never started in it.
pub fn log_state(text: &str, id: usize) -> Option<LogState> {
    let started = started_marker(id);
    let finished = finished_marker(id);
    let mut state = None;
    for line in text.lines() {
        if line.starts_with(&started) {
            state = Some(LogState::Running);
        } else if let Some(rest) = line.strip_prefix(&finished) {
            let code = rest
                .split(')')
                .next()
                .and_then(|c| c.trim().parse().ok())
                .unwrap_or(-1);
            state = Some(LogState::Exited(code));
        } else if line.contains("slurmstepd") && line.contains("error:") {
            state = Some(LogState::Killed(line.trim().to_string()));
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays() {
        assert_eq!(array_spec(&[7, 1, 4]), "1,4,7");
        assert_eq!(array_spec(&[0, 1, 2, 3, 5, 7, 8, 9]), "0-3,5,7-9");
        assert_eq!(array_spec(&[2, 3]), "2,3");
        assert_eq!(array_spec(&[]), "");
    }

    #[test]
    fn task_log() {
        let ok = "scwin batch job 3 started (training, 2 input(s)) on n1 at 2024\n\
                  1 file(s) written\n\
                  scwin batch job 3 finished (exit code 0) at 2024\n";
        assert_eq!(log_state(ok, 3), Some(LogState::Exited(0)));
        assert_eq!(
            log_state(&ok.replace("code 0", "code 1"), 3),
            Some(LogState::Exited(1))
        );
        let running = "scwin batch job 3 started (training, 2 input(s)) on n1 at 2024\n";
        assert_eq!(log_state(running, 3), Some(LogState::Running));
        let killed = format!(
            "{running}slurmstepd: error: *** JOB 12 ON n1 CANCELLED AT 2024 DUE TO TIME LIMIT ***\n"
        );
        assert!(matches!(log_state(&killed, 3), Some(LogState::Killed(_))));
        assert_eq!(log_state("", 3), None);
    }
}
