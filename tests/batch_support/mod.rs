//! Helpers of the batch tests: running scwin, and a checker for the subset of the HTCondor
//! submit-description language that `scwin batch condor` writes.
//!
//! HTCondor is not packaged on Debian, so `condor_submit -dry-run` cannot check the files
//! here; [`check_submit_description`] checks what we emit against the language as the
//! condor_submit manual describes it: `key = value` commands (known submit commands, or
//! `+Attribute` with a ClassAd literal), `#` comments, `$(macro)` references to queue
//! variables or automatic macros, and a final `queue <vars> from <file>` whose file's lines
//! have a field for every variable (the last one takes the rest of the line).
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Path to the built `scwin` binary.
pub fn scwin_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_scwin"))
}

/// Runs scwin in `dir`; returns (exit code, stdout, stderr).
pub fn scwin_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(scwin_bin())
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run scwin");
    decode(out)
}

pub fn decode(out: Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Submit commands `scwin batch` may write (lower case; the language is case-insensitive).
const KNOWN: &[&str] = &[
    "universe",
    "executable",
    "arguments",
    "output",
    "error",
    "log",
    "request_cpus",
    "request_memory",
    "request_disk",
    "getenv",
    "environment",
    "should_transfer_files",
    "when_to_transfer_output",
    "transfer_input_files",
    "initialdir",
    "batch_name",
    "max_retries",
    "requirements",
];

/// Macros HTCondor defines itself.
const AUTOMATIC: &[&str] = &[
    "cluster",
    "clusterid",
    "process",
    "procid",
    "item",
    "itemindex",
    "step",
    "row",
];

/// The result of checking a submit description.
#[derive(Debug)]
pub struct Submit {
    /// Commands in order (lower-case key, value).
    pub commands: Vec<(String, String)>,
    pub queue_vars: Vec<String>,
    pub queue_file: PathBuf,
    /// The values the queue variables take, one map per job.
    pub items: Vec<Vec<(String, String)>>,
}

impl Submit {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.commands
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

fn macros(value: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(i) = rest.find("$(") {
        let after = &rest[i + 2..];
        let end = after
            .find(')')
            .ok_or_else(|| format!("unclosed $( in {value:?}"))?;
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    Ok(out)
}

/// Splits a queue item line as condor_submit does for `queue a, b, c from FILE`: fields
/// separated by commas and/or whitespace, the last variable taking the rest of the line.
pub fn split_item(line: &str, nvars: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line.trim();
    while out.len() + 1 < nvars && !rest.is_empty() {
        let end = rest
            .find(|c: char| c == ',' || c.is_whitespace())
            .unwrap_or(rest.len());
        out.push(rest[..end].to_string());
        rest = rest[end..].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    }
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// Checks a submit description (see the module doc). `Err` says what is wrong.
pub fn check_submit_description(text: &str) -> Result<Submit, String> {
    let mut commands = Vec::new();
    let mut queue: Option<(Vec<String>, PathBuf)> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let at = |m: String| format!("line {}: {m}: {raw:?}", n + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if queue.is_some() {
            return Err(at("a command after the queue statement".into()));
        }
        if line.ends_with('\\') {
            return Err(at("line continuation not expected".into()));
        }
        let lower = line.to_ascii_lowercase();
        if lower == "queue" || lower.starts_with("queue ") {
            let rest = line[5..].trim();
            let (vars, file) = rest
                .split_once(" from ")
                .ok_or_else(|| at("expected `queue <vars> from <file>`".into()))?;
            let vars: Vec<String> = vars
                .split(',')
                .map(|v| v.trim().to_ascii_lowercase())
                .collect();
            if vars.is_empty() || !vars.iter().all(|v| is_ident(v)) {
                return Err(at("bad queue variable list".into()));
            }
            let file = file.trim();
            if file.is_empty() || file.starts_with('(') {
                return Err(at("expected a file name after from".into()));
            }
            queue = Some((vars, PathBuf::from(file)));
            continue;
        }
        let (k, v) = line
            .split_once('=')
            .ok_or_else(|| at("expected `key = value`".into()))?;
        let key = k.trim();
        let value = v.trim();
        if value.is_empty() {
            return Err(at("empty value".into()));
        }
        if let Some(attr) = key.strip_prefix('+') {
            if !is_ident(attr) {
                return Err(at("bad ClassAd attribute name".into()));
            }
            let literal = (value.len() >= 2
                && value.starts_with('"')
                && value.ends_with('"')
                && !value[1..value.len() - 1].contains('"'))
                || value.parse::<f64>().is_ok()
                || ["true", "false"].contains(&value.to_ascii_lowercase().as_str());
            if !literal {
                return Err(at("a +Attribute value must be a ClassAd literal".into()));
            }
        } else if !KNOWN.contains(&key.to_ascii_lowercase().as_str()) {
            return Err(at(format!("unknown submit command {key:?}")));
        }
        commands.push((key.to_ascii_lowercase(), value.to_string()));
    }
    let (queue_vars, queue_file) = queue.ok_or("no queue statement")?;
    let defined: HashSet<String> = queue_vars
        .iter()
        .cloned()
        .chain(AUTOMATIC.iter().map(|s| s.to_string()))
        .collect();
    for (k, v) in &commands {
        for m in macros(v)? {
            if !defined.contains(&m.to_ascii_lowercase()) {
                return Err(format!(
                    "{k}: $({m}) is neither a queue variable nor automatic"
                ));
            }
        }
    }
    for required in ["executable"] {
        if !commands.iter().any(|(k, _)| k == required) {
            return Err(format!("no {required} command"));
        }
    }
    let items_text = std::fs::read_to_string(&queue_file)
        .map_err(|e| format!("queue file {}: {e}", queue_file.display()))?;
    let mut items = Vec::new();
    for line in items_text.lines().filter(|l| !l.trim().is_empty()) {
        let fields = split_item(line, queue_vars.len());
        if fields.len() != queue_vars.len() {
            return Err(format!(
                "queue file line {line:?} has {} field(s) for {} variable(s)",
                fields.len(),
                queue_vars.len()
            ));
        }
        items.push(queue_vars.iter().cloned().zip(fields).collect());
    }
    Ok(Submit {
        commands,
        queue_vars,
        queue_file,
        items,
    })
}

/// Expands `$(var)` in `value` for one queued item.
pub fn expand(value: &str, item: &[(String, String)]) -> String {
    let mut s = value.to_string();
    for (k, v) in item {
        s = s.replace(&format!("$({k})"), v);
    }
    s
}

/// The `#SBATCH` options of a Slurm script, checking that they all come before the first
/// command (sbatch stops reading them there).
pub fn sbatch_options(script: &str) -> Result<Vec<(String, String)>, String> {
    let mut opts = Vec::new();
    let mut in_header = true;
    for (n, line) in script.lines().enumerate() {
        if n == 0 {
            if !line.starts_with("#!") {
                return Err("no #! line".into());
            }
            continue;
        }
        let t = line.trim();
        if let Some(o) = t.strip_prefix("#SBATCH") {
            if !in_header {
                return Err(format!("line {}: #SBATCH after the first command", n + 1));
            }
            let o = o.trim();
            let o = o
                .strip_prefix("--")
                .ok_or_else(|| format!("line {}: expected --option=value", n + 1))?;
            let (k, v) = o.split_once('=').unwrap_or((o, ""));
            opts.push((k.to_string(), v.to_string()));
        } else if !(t.is_empty() || t.starts_with('#')) {
            in_header = false;
        }
    }
    Ok(opts)
}

/// `bash -n FILE`: syntax check.
pub fn bash_n(p: &Path) -> Result<(), String> {
    let out = Command::new("bash")
        .arg("-n")
        .arg(p)
        .output()
        .map_err(|e| format!("cannot run bash: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
