//! HTCondor: the submit description (`job.sub`, and `resubmit.sub` for a subset of jobs),
//! JobFlavour names, and reading a job's event log.
//!
//! The description queues one job per line of the arguments file with
//! `queue job, part, inputs from FILE`: HTCondor splits each line at spaces/commas, gives
//! the first two fields to `job` and `part` and the rest of the line to `inputs`.

use std::path::Path;

use super::plan::{Plan, files};

/// The CERN HTCondor job flavours (maximum run time from 20 minutes to one week).
pub const FLAVOURS: [&str; 7] = [
    "espresso",
    "microcentury",
    "longlunch",
    "workday",
    "tomorrow",
    "testmatch",
    "nextweek",
];

/// The flavour when `--queue` is not given (as the original scripts).
pub const DEFAULT_FLAVOUR: &str = "longlunch";

/// Checks a JobFlavour name.
pub fn check_flavour(q: &str) -> Result<(), String> {
    if FLAVOURS.contains(&q) {
        Ok(())
    } else {
        Err(format!(
            "{q:?} is not an HTCondor JobFlavour; use one of {}",
            FLAVOURS.join(", ")
        ))
    }
}

/// The submit description queuing one job per line of `args_file`.
pub fn submit_description(plan: &Plan, args_file: &Path) -> String {
    let logs = plan.submit_dir.join(files::LOGS);
    let flavour = plan.queue.as_deref().unwrap_or(DEFAULT_FLAVOUR);
    format!(
        "# HTCondor submit description written by `scwin batch condor`: {n} job(s).\n\
         # Submit with: condor_submit {sub}\n\
         universe = vanilla\n\
         executable = {wrapper}\n\
         arguments = $(job) $(part) $(inputs)\n\
         output = {logs}/job_$(job).out\n\
         error = {logs}/job_$(job).err\n\
         log = {logs}/job_$(job).log\n\
         request_cpus = {cpus}\n\
         +JobFlavour = \"{flavour}\"\n\
         queue job, part, inputs from {args}\n",
        n = plan.jobs.len(),
        sub = plan.submit_file(files::CONDOR_SUBMIT).display(),
        wrapper = plan.submit_file(files::WRAPPER).display(),
        logs = logs.display(),
        cpus = plan.export.cpus,
        args = args_file.display(),
    )
}

/// What a job's HTCondor event log says about its last attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogState {
    /// Submitted (or released), not yet running.
    Queued,
    Running,
    /// Terminated normally with this return value.
    Exited(i32),
    /// Terminated by a signal.
    Signal(i32),
    Held,
    Aborted,
}

/// Reads an HTCondor event log (the `log =` file): the state after its last event, or
/// `None` when it holds no known event.
pub fn log_state(text: &str) -> Option<LogState> {
    let mut state = None;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let code = line.get(..4).and_then(|c| c.trim_end().parse::<u32>().ok());
        let Some(code) = code.filter(|_| line.as_bytes().get(3) == Some(&b' ')) else {
            continue;
        };
        match code {
            0 | 13 => state = Some(LogState::Queued),
            1 => state = Some(LogState::Running),
            5 => {
                // The next line says how: "(1) Normal termination (return value N)" or
                // "(0) Abnormal termination (signal N)".
                let detail = lines.peek().copied().unwrap_or("");
                state = Some(if let Some(v) = number_after(detail, "(return value ") {
                    LogState::Exited(v)
                } else if let Some(v) = number_after(detail, "(signal ") {
                    LogState::Signal(v)
                } else {
                    LogState::Exited(-1)
                });
            }
            9 => state = Some(LogState::Aborted),
            12 => state = Some(LogState::Held),
            _ => {}
        }
    }
    state
}

fn number_after(s: &str, prefix: &str) -> Option<i32> {
    let rest = &s[s.find(prefix)? + prefix.len()..];
    let end = rest.find(')')?;
    rest[..end].trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flavours() {
        assert!(check_flavour("espresso").is_ok());
        assert!(check_flavour("nextweek").is_ok());
        assert!(check_flavour("long").unwrap_err().contains("espresso"));
    }

    #[test]
    fn event_log() {
        let ok = "000 (123.000.000) 2024-05-01 10:00:00 Job submitted from host: <1.2.3.4:9618>\n...\n\
                  001 (123.000.000) 2024-05-01 10:01:00 Job executing on host: <1.2.3.5:9618>\n...\n\
                  005 (123.000.000) 2024-05-01 10:05:00 Job terminated.\n\
                  \t(1) Normal termination (return value 0)\n\
                  \t\tUsr 0 00:00:01, Sys 0 00:00:00  -  Run Remote Usage\n...\n";
        assert_eq!(log_state(ok), Some(LogState::Exited(0)));
        let bad = ok.replace("(return value 0)", "(return value 3)");
        assert_eq!(log_state(&bad), Some(LogState::Exited(3)));
        let sig = ok.replace(
            "(1) Normal termination (return value 0)",
            "(0) Abnormal termination (signal 9)",
        );
        assert_eq!(log_state(&sig), Some(LogState::Signal(9)));
        // Resubmitted after a failure: the last attempt counts.
        let again = format!(
            "{bad}000 (124.000.000) 2024-05-02 10:00:00 Job submitted from host: <1.2.3.4:9618>\n...\n"
        );
        assert_eq!(log_state(&again), Some(LogState::Queued));
        assert_eq!(
            log_state("012 (1.0.0) 2024-05-01 10:00:00 Job was held.\n"),
            Some(LogState::Held)
        );
        assert_eq!(log_state(""), None);
    }
}
