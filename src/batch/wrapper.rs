//! The job wrapper, `wrapper.sh JOB_ID PART INPUT...`: the executable of every HTCondor job
//! and Slurm array task. It runs `scwin export` on the job's inputs into `OUTDIR/<part>/`
//! with the production's parameters (`--config params.toml` plus the export flags), then
//! `scwin batch record` writes the job's metadata `OUTDIR/<part>/job_<id>.json`.
//!
//! It prints a `started` line and a `finished (exit code N)` line that `scwin batch status`
//! reads in the job's output log, and on failure leaves `logs/job_<id>.failed` holding the
//! exit code. `scwin export` itself skips inputs whose outputs are complete (unless
//! `--redo`), so a job run again only does what is missing.

use super::plan::{Plan, files};

/// Quotes `s` for a POSIX shell (single quotes; `'` becomes `'\''`).
pub fn sh_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:@%".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The line the wrapper prints when a job starts (status reads it).
pub fn started_marker(id: usize) -> String {
    format!("scwin batch job {id} started")
}

/// The prefix of the line the wrapper prints when a job ends: `... finished (exit code N)`.
pub fn finished_marker(id: usize) -> String {
    format!("scwin batch job {id} finished (exit code ")
}

/// The wrapper script of a plan.
pub fn script(plan: &Plan) -> String {
    let q = |p: &std::path::Path| sh_quote(&p.to_string_lossy());
    let flags: Vec<String> = plan.export.to_args().iter().map(|a| sh_quote(a)).collect();
    format!(
        r#"#!/bin/bash
# scwin batch job wrapper, written by `scwin batch {system}` (run it again rather than editing).
# Usage: wrapper.sh JOB_ID training|testing INPUT...
# Runs `scwin export` on the inputs into OUTDIR/<part>/, then writes the job's metadata
# OUTDIR/<part>/job_<id>.json. On failure it leaves logs/job_<id>.failed (the exit code).
set -u
SCWIN={scwin}
SUBMIT={submit}
OUTDIR={out}

if [ $# -lt 3 ]; then
  echo "usage: $0 JOB_ID training|testing INPUT..." >&2
  exit 2
fi
job=$1
part=$2
shift 2
case "$part" in
  training|testing) ;;
  *) echo "wrapper.sh: part must be training or testing, got $part" >&2; exit 2 ;;
esac
failed="$SUBMIT/{logs}/job_$job.failed"
mkdir -p "$SUBMIT/{logs}" "$OUTDIR/$part"
rm -f "$failed"
echo "scwin batch job $job started ($part, $# input(s)) on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)"

"$SCWIN" export --config "$SUBMIT/{params}" {flags} --quiet -o "$OUTDIR/$part" "$@"
rc=$?
if [ "$rc" -eq 0 ]; then
  "$SCWIN" batch record "$SUBMIT" "$job"
  rc=$?
fi
if [ "$rc" -ne 0 ]; then
  echo "$rc" > "$failed"
  echo "scwin batch job $job failed: see the lines above" >&2
fi
echo "scwin batch job $job finished (exit code $rc) at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
exit "$rc"
"#,
        system = match plan.system {
            super::plan::System::Condor => "condor",
            super::plan::System::Slurm => "slurm",
        },
        scwin = q(&plan.scwin),
        submit = q(&plan.submit_dir),
        out = q(&plan.out_dir),
        logs = files::LOGS,
        params = files::PARAMS,
        flags = flags.join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(sh_quote("/a/b.root"), "/a/b.root");
        assert_eq!(sh_quote("a b"), "'a b'");
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
        assert_eq!(sh_quote(""), "''");
    }
}
