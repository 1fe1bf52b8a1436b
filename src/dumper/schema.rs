//! The RecoSimDumper schema (`shared/spec/dumper.md`) in one table, and the check of a tree
//! against it.
//!
//! Required branches must exist with exactly the listed type, or the file is refused with
//! one [`SchemaError`] that lists every problem. Optional branches are used when present
//! with the listed type; an optional branch of another type is ignored and reported as a
//! warning (see [`SchemaReport::warnings`]).
//!
//! The association branch is `pfCluster_<association>` (default `pfCluster_sim_fraction`),
//! a required `vector<vector<double>>`.

use std::fmt;
use std::path::PathBuf;

use crate::root::read::{BranchKind, BranchType, ElemType, Tree};

/// The tree path in dumper files.
pub const TREE_PATH: &str = "recosimdumper/caloTree";

/// The default association strategy (branch `pfCluster_sim_fraction`).
pub const DEFAULT_ASSOCIATION: &str = "sim_fraction";

/// Whether the window builder needs a branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The file is refused without it.
    Required,
    /// Used when present.
    Optional,
}

/// One branch of the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BranchSpec {
    /// Branch name; `pfCluster_<association>` for the association row.
    pub name: &'static str,
    /// Expected type.
    pub btype: BranchType,
    /// Required or optional.
    pub need: Need,
}

const fn b(name: &'static str, kind: BranchKind, elem: ElemType, need: Need) -> BranchSpec {
    BranchSpec {
        name,
        btype: BranchType { kind, elem },
        need,
    }
}

use BranchKind::{Scalar as S, VecVec as VV, Vector as V};
use ElemType::{F32, F64, I32, I64};
use Need::{Optional as Opt, Required as Req};

/// Placeholder name of the association branch in [`SCHEMA`].
pub const ASSOCIATION_PLACEHOLDER: &str = "pfCluster_<association>";

/// Every branch of the schema, required then optional.
pub const SCHEMA: &[BranchSpec] = &[
    b("pfCluster_energy", V, F32, Req),
    b("pfCluster_rawEnergy", V, F32, Req),
    b("pfCluster_eta", V, F32, Req),
    b("pfCluster_phi", V, F32, Req),
    b("pfCluster_ieta", V, I32, Req),
    b("pfCluster_iphi", V, I32, Req),
    b("pfCluster_iz", V, I32, Req),
    b("pfCluster_nXtals", V, F64, Req),
    b("pfCluster_full5x5_r9", V, F32, Req),
    b("pfCluster_full5x5_sigmaIetaIeta", V, F32, Req),
    b("pfCluster_full5x5_sigmaIetaIphi", V, F32, Req),
    b("pfCluster_full5x5_sigmaIphiIphi", V, F32, Req),
    b("pfCluster_full5x5_swissCross", V, F32, Req),
    b("pfCluster_r9", V, F32, Req),
    b("pfCluster_sigmaIetaIeta", V, F32, Req),
    b("pfCluster_sigmaIetaIphi", V, F32, Req),
    b("pfCluster_sigmaIphiIphi", V, F32, Req),
    b("pfCluster_swissCross", V, F32, Req),
    b("pfCluster_etaWidth", V, F32, Req),
    b("pfCluster_phiWidth", V, F32, Req),
    b(ASSOCIATION_PLACEHOLDER, VV, F64, Req),
    b("pfClusterHit_rechitEnergy", VV, F32, Req),
    b("pfClusterHit_fraction", VV, F32, Req),
    b("pfClusterHit_ieta", VV, I32, Req),
    b("pfClusterHit_iphi", VV, I32, Req),
    b("pfClusterHit_iz", VV, I32, Req),
    b("caloParticle_simEnergy", V, F32, Req),
    b("caloParticle_simEta", V, F32, Req),
    b("caloParticle_simPhi", V, F32, Req),
    b("caloParticle_simIz", V, I32, Req),
    b("superCluster_seedIndex", V, I32, Req),
    b("superCluster_pfClustersIndex", VV, I32, Req),
    b("eventId", S, I64, Opt),
    b("runId", S, I32, Opt),
    b("lumiId", S, I32, Opt),
    b("nVtx", S, I32, Opt),
    b("rho", S, F32, Opt),
    b("obsPU", S, F64, Opt),
    b("truePU", S, F64, Opt),
    b("caloParticle_genEnergy", V, F32, Opt),
    b("caloParticle_genEta", V, F32, Opt),
    b("caloParticle_genPhi", V, F32, Opt),
    b("caloParticle_simEnergyGoodStatus", V, F32, Opt),
    b("superCluster_rawEnergy", V, F32, Opt),
    b("superCluster_energy", V, F32, Opt),
    b("superCluster_eta", V, F32, Opt),
    b("superCluster_phi", V, F32, Opt),
];

/// The association branch for a strategy: `pfCluster_<association>`.
pub fn association_branch(association: &str) -> String {
    format!("pfCluster_{association}")
}

/// A schema branch with its concrete name (the association placeholder resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// Branch name.
    pub name: String,
    /// Expected type.
    pub btype: BranchType,
    /// Required or optional.
    pub need: Need,
}

/// The schema for an association strategy.
pub fn expected(association: &str) -> Vec<Expected> {
    SCHEMA
        .iter()
        .map(|s| Expected {
            name: if s.name == ASSOCIATION_PLACEHOLDER {
                association_branch(association)
            } else {
                s.name.to_string()
            },
            btype: s.btype,
            need: s.need,
        })
        .collect()
}

/// What a tree has for one schema branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Present with the expected type.
    Ok,
    /// Not in the tree.
    Missing,
    /// Present with another type (the file's type name).
    WrongType(String),
}

/// The schema check of one tree.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaReport {
    /// File checked.
    pub file: PathBuf,
    /// Tree path.
    pub tree: String,
    /// Every schema branch with its status, in schema order.
    pub branches: Vec<(Expected, Status)>,
}

impl SchemaReport {
    /// Checks `tree` against the schema for `association`.
    pub fn check(tree: &Tree, association: &str) -> SchemaReport {
        let branches = expected(association)
            .into_iter()
            .map(|e| {
                let status = match tree.get_branch(&e.name) {
                    None => Status::Missing,
                    Some(b) => match &b.btype {
                        Ok(t) if *t == e.btype => Status::Ok,
                        _ => Status::WrongType(b.type_name()),
                    },
                };
                (e, status)
            })
            .collect();
        SchemaReport {
            file: tree.file_path().to_path_buf(),
            tree: tree.path().to_string(),
            branches,
        }
    }

    /// True when the optional branch `name` is present with its expected type.
    pub fn has(&self, name: &str) -> bool {
        self.branches
            .iter()
            .any(|(e, s)| e.name == name && *s == Status::Ok)
    }

    /// Problems with required branches (empty when the file can be read).
    pub fn errors(&self) -> Vec<String> {
        self.problems(Need::Required)
    }

    /// Optional branches present with another type (ignored).
    pub fn warnings(&self) -> Vec<String> {
        self.branches
            .iter()
            .filter(|(e, s)| e.need == Need::Optional && matches!(s, Status::WrongType(_)))
            .map(|(e, s)| describe(e, s) + " (ignored)")
            .collect()
    }

    fn problems(&self, need: Need) -> Vec<String> {
        self.branches
            .iter()
            .filter(|(e, s)| e.need == need && *s != Status::Ok)
            .map(|(e, s)| describe(e, s))
            .collect()
    }

    /// The error for this report, if any required branch is missing or wrong.
    pub fn into_result(self) -> Result<SchemaReport, SchemaError> {
        let problems = self.errors();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(SchemaError {
                file: self.file,
                tree: self.tree,
                problems,
            })
        }
    }
}

fn describe(e: &Expected, s: &Status) -> String {
    match s {
        Status::Ok => format!("{}: {}", e.name, e.btype),
        Status::Missing => format!("missing branch {} (expected {})", e.name, e.btype),
        Status::WrongType(found) => {
            format!("branch {}: expected {}, found {found}", e.name, e.btype)
        }
    }
}

/// A tree that does not have the dumper schema: every problem, one per line.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaError {
    /// The file.
    pub file: PathBuf,
    /// The tree path.
    pub tree: String,
    /// One line per missing or wrong-typed required branch.
    pub problems: Vec<String>,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: tree {} is not a dumper tree ({} problem{}):",
            self.file.display(),
            self.tree,
            self.problems.len(),
            if self.problems.len() == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  - {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemaError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_are_unique_and_resolve_the_association() {
        let e = expected("simScore");
        let mut names: Vec<&str> = e.iter().map(|x| x.name.as_str()).collect();
        assert!(names.contains(&"pfCluster_simScore"));
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n);
        assert_eq!(e.iter().filter(|x| x.need == Need::Required).count(), 32);
    }
}
