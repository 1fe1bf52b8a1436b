//! The `scwin export ...` command line equivalent to the inspector's state, so that what the
//! user sees can be rerun in batch.
//!
//! Parameters with a command-line flag are written as flags; the others are carried by a
//! config file (`--config FILE`, the TOML that `w` saves), since `scwin export --config`
//! reads every field of [`Params`] and flags override it.

use std::path::Path;

use crate::windows::{Mode, Params};

/// The flags of `scwin export` for the parameters that have one, for the values that differ
/// from the defaults: `--compat`, `--maxnocalow N|all`, `--seed N`, `--wp FILE`.
pub fn params_to_cli_args(p: &Params) -> Vec<String> {
    let d = Params::default();
    let mut out = Vec::new();
    if p.mode == Mode::Compat {
        out.push("--compat".to_string());
    }
    if p.maxnocalow.limit() != d.maxnocalow.limit() {
        out.push("--maxnocalow".into());
        out.push(p.maxnocalow.to_string());
    }
    if p.seed != d.seed {
        out.push("--seed".into());
        out.push(p.seed.to_string());
    }
    if let Some(wp) = &p.wp {
        out.push("--wp".into());
        out.push(wp.display().to_string());
    }
    out
}

/// Does `p` differ from the defaults in a field that has no flag (so that the command line
/// needs `--config`)?
pub fn needs_config(p: &Params) -> bool {
    let mut q = p.clone();
    let d = Params::default();
    q.mode = d.mode;
    q.maxnocalow = d.maxnocalow;
    q.seed = d.seed;
    q.wp = d.wp.clone();
    q != d
}

/// Output formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formats {
    #[default]
    Ndjson,
    Tfrecord,
    Both,
}

impl Formats {
    pub fn next(self) -> Self {
        match self {
            Formats::Ndjson => Formats::Tfrecord,
            Formats::Tfrecord => Formats::Both,
            Formats::Both => Formats::Ndjson,
        }
    }

    pub fn ndjson(self) -> bool {
        matches!(self, Formats::Ndjson | Formats::Both)
    }

    pub fn tfrecord(self) -> bool {
        matches!(self, Formats::Tfrecord | Formats::Both)
    }

    /// The value of `--format`.
    pub fn arg(self) -> &'static str {
        match self {
            Formats::Ndjson => "ndjson",
            Formats::Tfrecord => "tfrecord",
            Formats::Both => "ndjson,tfrecord",
        }
    }
}

/// Quotes an argument for a POSIX shell when it needs it.
pub fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The whole command: `scwin export [--config FILE] FLAGS --format F -o OUT INPUTS...`.
/// `config` is the saved parameters file; it is written only when a parameter needs it.
pub fn export_command(
    p: &Params,
    config: Option<&Path>,
    formats: Formats,
    out_dir: &str,
    inputs: &[String],
) -> String {
    let mut args: Vec<String> = vec!["scwin".into(), "export".into()];
    if needs_config(p) {
        args.push("--config".into());
        args.push(
            config
                .map(|c| c.display().to_string())
                .unwrap_or_else(|| "scwin.toml".into()),
        );
    }
    args.extend(params_to_cli_args(p));
    args.push("--format".into());
    args.push(formats.arg().into());
    args.push("-o".into());
    args.push(out_dir.into());
    args.extend(inputs.iter().cloned());
    args.iter()
        .map(|a| shell_quote(a))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::windows::MaxNoCalo;

    #[test]
    fn defaults_give_no_flags() {
        assert!(params_to_cli_args(&Params::default()).is_empty());
        assert!(!needs_config(&Params::default()));
    }

    #[test]
    fn flags_for_flagged_fields() {
        let p = Params {
            mode: Mode::Compat,
            maxnocalow: MaxNoCalo::All,
            seed: 7,
            wp: Some("wp/e.json".into()),
            ..Params::default()
        };
        assert_eq!(
            params_to_cli_args(&p),
            ["--compat", "--maxnocalow", "all", "--seed", "7", "--wp", "wp/e.json"]
        );
        assert!(!needs_config(&p));
        let q = Params {
            maxnocalow: MaxNoCalo::Count(4),
            ..Params::default()
        };
        assert_eq!(params_to_cli_args(&q), ["--maxnocalow", "4"]);
        // Count(15) is the default value written another way: no flag.
        let r = Params {
            maxnocalow: MaxNoCalo::Count(15),
            ..Params::default()
        };
        assert!(params_to_cli_args(&r).is_empty());
    }

    #[test]
    fn config_when_a_field_has_no_flag() {
        let mut p = Params::default();
        p.barrel.dphi = 0.3;
        let cmd = export_command(
            &p,
            Some(Path::new("cfg/my params.toml")),
            Formats::Both,
            "out",
            &["a.root".into()],
        );
        assert_eq!(
            cmd,
            "scwin export --config 'cfg/my params.toml' --format ndjson,tfrecord -o out a.root"
        );
    }
}
