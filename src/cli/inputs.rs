//! Turning command-line inputs (files, directories, globs) into a list of dumper files.

use std::path::{Path, PathBuf};

/// The bundled sample directory: `sample/` next to the sources (so `cargo run` works from
/// anywhere in the checkout), or `./sample` when the binary was moved elsewhere.
pub fn sample_dir() -> PathBuf {
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample");
    if built.is_dir() {
        built
    } else {
        PathBuf::from("sample")
    }
}

/// The bundled sample file(s).
pub fn bundled_sample() -> anyhow::Result<Vec<PathBuf>> {
    let dir = sample_dir();
    let files = root_files_in(&dir)?;
    if files.is_empty() {
        anyhow::bail!(
            "no input given and no bundled sample in {} (make one with `scwin sample -o {}/electrons.root`)",
            dir.display(),
            dir.display()
        );
    }
    Ok(files)
}

fn root_files_in(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let rd = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("cannot list {}: {e}", dir.display()))?;
    for entry in rd {
        let p = entry?.path();
        if p.is_dir() {
            out.extend(root_files_in(&p)?);
        } else if p.extension().is_some_and(|e| e == "root") {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

/// Expands inputs: a file is taken as is, a directory gives every `*.root` under it
/// (sorted), anything else is a glob pattern that must match at least one file.
pub fn expand(inputs: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for s in inputs {
        let p = Path::new(s);
        if p.is_dir() {
            let files = root_files_in(p)?;
            if files.is_empty() {
                anyhow::bail!("{s}: directory holds no .root file");
            }
            out.extend(files);
        } else if p.exists() {
            out.push(p.to_path_buf());
        } else if s.contains(['*', '?', '[']) {
            let mut matched: Vec<PathBuf> = glob::glob(s)
                .map_err(|e| anyhow::anyhow!("{s}: bad glob pattern: {e}"))?
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            if matched.is_empty() {
                anyhow::bail!("{s}: no file matches");
            }
            matched.sort();
            out.extend(matched);
        } else {
            anyhow::bail!("{s}: no such file or directory");
        }
    }
    Ok(out)
}
