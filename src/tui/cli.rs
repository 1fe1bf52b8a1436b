//! The `scwin export ...` command line equivalent to the inspector's state, so that what the
//! user sees can be rerun in batch.
//!
//! Every parameter has a flag, so the command needs no config file (`w` still saves one, for
//! `scwin export --config FILE`).

use crate::windows::Params;

/// The flags of `scwin export` that reproduce `p` exactly (only values that differ from the
/// defaults): the same table the command line parses, [`crate::cli::params::params_to_args`].
pub fn params_to_cli_args(p: &Params) -> Vec<String> {
    crate::cli::params::params_to_args(p)
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

    /// The value of `scwin export --format`.
    pub fn arg(self) -> &'static str {
        match self {
            Formats::Ndjson => "ndjson",
            Formats::Tfrecord => "tfrecord",
            Formats::Both => "both",
        }
    }
}

/// Quotes an argument for a POSIX shell when it needs it.
pub fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The whole command: `scwin export FLAGS --format F -o OUT INPUTS...`, shell-quoted.
pub fn export_command(p: &Params, formats: Formats, out_dir: &str, inputs: &[String]) -> String {
    let mut args: Vec<String> = vec!["scwin".into(), "export".into()];
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
    use crate::windows::{CaloPosition, EtKind, HalfSize, MaxNoCalo, Mode, WindowShape};

    #[test]
    fn defaults_give_no_flags() {
        assert!(params_to_cli_args(&Params::default()).is_empty());
        // Count(15) is the default written another way: no flag.
        let p = Params {
            maxnocalow: MaxNoCalo::Count(15),
            ..Params::default()
        };
        assert!(params_to_cli_args(&p).is_empty());
    }

    #[test]
    fn every_field_has_its_flag() {
        let p = Params {
            mode: Mode::Compat,
            window: WindowShape::Dynamic,
            barrel: HalfSize {
                deta: 0.1,
                dphi: 0.3,
            },
            endcap: HalfSize {
                deta: 0.15,
                dphi: 0.4,
            },
            overlap: false,
            min_et_seed: 2.5,
            seed_min_fraction: 0.001,
            association: "simScore".into(),
            wp: Some("wp/e.json".into()),
            wp_hist: "h".into(),
            wp_scale: 1.1,
            wp_et: EtKind::Calib,
            calo_position: CaloPosition::Gen,
            maxnocalow: MaxNoCalo::All,
            seed: 7,
        };
        assert_eq!(
            params_to_cli_args(&p).join(" "),
            "--compat --wp wp/e.json --wp-hist h --wp-scale 1.1 --wp-et calib \
             --maxnocalow all --seed 7 --window-eb 0.1:0.3 --window-ee 0.15:0.4 \
             --dynamic-window --no-overlap --min-et-seed 2.5 --seed-min-fraction 0.001 \
             --association simScore --calo-position gen"
        );
        let q = Params {
            maxnocalow: MaxNoCalo::Count(4),
            ..Params::default()
        };
        assert_eq!(params_to_cli_args(&q), ["--maxnocalow", "4"]);
    }

    #[test]
    fn agrees_with_the_export_command_line() {
        let mut variants = vec![Params::default()];
        for f in crate::tui::fields::FIELDS {
            let mut p = Params::default();
            f.step(&mut p, 1);
            variants.push(p);
        }
        variants.push(Params {
            wp: Some("x.root".into()),
            wp_hist: "h".into(),
            ..Params::default()
        });
        for p in variants {
            assert_eq!(
                params_to_cli_args(&p),
                crate::cli::params::params_to_args(&p),
                "{p:?}"
            );
        }
    }

    #[test]
    fn whole_command_is_shell_quoted() {
        let mut p = Params::default();
        p.barrel.dphi = 0.3;
        let cmd = export_command(&p, Formats::Both, "my out", &["a.root".into()]);
        assert_eq!(
            cmd,
            "scwin export --window-eb 0.2:0.3 --format both -o 'my out' a.root"
        );
    }
}
