//! `scwin info FILE...`: what is in dumper files — tree, entries, compression, every branch
//! with its type, baskets and sizes, and which dumper branches are present, missing or of
//! the wrong type.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::dumper::schema::{self, Need, SchemaReport, Status};
use crate::root::read::{RootFile, Tree};

use super::{human_bytes, thousands};

/// Arguments of `scwin info`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Dumper ROOT files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Path of the tree in the file.
    #[arg(long, default_value = schema::TREE_PATH)]
    pub tree: String,
    /// Association strategy: the scores branch is `pfCluster_<ASSOCIATION>`.
    #[arg(long, default_value = schema::DEFAULT_ASSOCIATION)]
    pub association: String,
}

/// Prints the description of every file; exit code 1 when a file cannot be read.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for (i, path) in args.files.iter().enumerate() {
        if i > 0 {
            println!();
        }
        let (text, error) = describe(path, args);
        print!("{text}");
        if let Some(e) = error {
            failed = true;
            println!("  error: {e}");
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The text `info` prints for one file, and the error that stopped it, if any.
pub fn describe(path: &std::path::Path, args: &Args) -> (String, Option<String>) {
    let mut out = format!("{}\n", path.display());
    match describe_into(&mut out, path, args) {
        Ok(()) => (out, None),
        Err(e) => (out, Some(format!("{e:#}"))),
    }
}

fn describe_into(out: &mut String, path: &std::path::Path, args: &Args) -> anyhow::Result<()> {
    let f = RootFile::open(path)?;
    let h = f.header();
    writeln!(
        out,
        "  file         {} ({} bytes), written by ROOT {}.{:02}/{:02}{}",
        human_bytes(f.size()),
        thousands(f.size()),
        h.root_version / 10000,
        (h.root_version / 100) % 100,
        h.root_version % 100,
        if h.large { ", large-file format" } else { "" }
    )?;
    writeln!(out, "  compression  {}", f.compression())?;
    let tree = match f.tree(&args.tree) {
        Ok(t) => t,
        Err(e) => {
            writeln!(out, "  tree         {}: {}", args.tree, e.kind)?;
            write_keys(out, &f)?;
            return Err(e.into());
        }
    };
    write_tree(out, &tree)?;
    write_schema(out, &SchemaReport::check(&tree, &args.association), args)
}

fn write_keys(out: &mut String, f: &RootFile) -> anyhow::Result<()> {
    let keys = f.keys()?;
    writeln!(out, "  keys         {}", keys.len())?;
    for k in keys.iter().take(30) {
        writeln!(
            out,
            "    {:<40} {:<12} cycle {}",
            k.path, k.key.class_name, k.key.cycle
        )?;
    }
    if keys.len() > 30 {
        writeln!(out, "    ... and {} more", keys.len() - 30)?;
    }
    Ok(())
}

fn write_tree(out: &mut String, t: &Tree) -> anyhow::Result<()> {
    let branches = t.all_branches();
    let zip: u64 = branches.iter().map(|b| b.zip_bytes).sum();
    let tot: u64 = branches.iter().map(|b| b.tot_bytes).sum();
    writeln!(
        out,
        "  tree         {} (cycle {}): {} entries, {} branches, {} compressed / {} \
         uncompressed",
        t.path(),
        t.cycle(),
        thousands(t.entries()),
        branches.len(),
        human_bytes(zip),
        human_bytes(tot)
    )?;
    let width = branches
        .iter()
        .map(|b| b.name.len())
        .max()
        .unwrap_or(0)
        .max(6);
    let twidth = branches
        .iter()
        .map(|b| b.type_name().len())
        .max()
        .unwrap_or(0)
        .max(4);
    writeln!(
        out,
        "    {:<width$}  {:<twidth$}  {:>7}  {:>10}  {:>10}",
        "branch", "type", "baskets", "compressed", "raw"
    )?;
    for b in branches {
        let note = match &b.btype {
            Ok(_) => String::new(),
            Err(why) => format!("  (unsupported: {why})"),
        };
        writeln!(
            out,
            "    {:<width$}  {:<twidth$}  {:>7}  {:>10}  {:>10}{note}",
            b.name,
            b.type_name(),
            b.baskets.len(),
            human_bytes(b.zip_bytes),
            human_bytes(b.tot_bytes)
        )?;
    }
    Ok(())
}

fn write_schema(out: &mut String, r: &SchemaReport, args: &Args) -> anyhow::Result<()> {
    let count = |need: Need| {
        let all = r.branches.iter().filter(|(e, _)| e.need == need).count();
        let ok = r
            .branches
            .iter()
            .filter(|(e, s)| e.need == need && *s == Status::Ok)
            .count();
        (ok, all)
    };
    let (rok, rall) = count(Need::Required);
    let (ook, oall) = count(Need::Optional);
    writeln!(
        out,
        "  dumper       {} (association {}): {rok}/{rall} required, {ook}/{oall} optional \
         branches",
        if rok == rall {
            "readable"
        } else {
            "NOT readable"
        },
        args.association
    )?;
    for (e, s) in &r.branches {
        let need = match e.need {
            Need::Required => "required",
            Need::Optional => "optional",
        };
        match s {
            Status::Ok => {}
            Status::Missing => writeln!(
                out,
                "    missing     {need}  {}: expected {}",
                e.name, e.btype
            )?,
            Status::WrongType(found) => writeln!(
                out,
                "    wrong type  {need}  {}: expected {}, found {found}{}",
                e.name,
                e.btype,
                if e.need == Need::Optional {
                    " (ignored)"
                } else {
                    ""
                }
            )?,
        }
    }
    let present: Vec<&str> = r
        .branches
        .iter()
        .filter(|(e, s)| e.need == Need::Optional && *s == Status::Ok)
        .map(|(e, _)| e.name.as_str())
        .collect();
    if !present.is_empty() {
        writeln!(out, "    optional present: {}", present.join(" "))?;
    }
    Ok(())
}
