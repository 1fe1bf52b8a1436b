//! A job's metadata, `OUTDIR/<part>/job_<id>.json`, written by the wrapper
//! (`scwin batch record SUBMIT_DIR JOB_ID`) once `scwin export` succeeded: the job's inputs,
//! and for each output its size and windows by class (0 no calo, 1 calo-matched,
//! 2 calo-matched main cluster), plus totals, host, time and scwin version.
//!
//! An existing metadata file whose recorded output sizes still match the files on disk is
//! kept (the job was skipped), unless the production was made with `--redo`.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::plan::{Format, Job, Part, Plan};

/// One output of a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputRecord {
    pub path: PathBuf,
    pub bytes: u64,
    pub windows: u64,
    /// Windows by class 0 / 1 / 2.
    pub classes: [u64; 3],
}

/// The metadata of a finished job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    pub job: usize,
    pub part: Part,
    pub inputs: Vec<PathBuf>,
    pub outputs: Vec<OutputRecord>,
    pub windows: u64,
    pub classes: [u64; 3],
    pub host: String,
    /// Seconds since the Unix epoch.
    pub finished: u64,
    pub scwin_version: String,
}

impl JobRecord {
    pub fn load(path: &Path) -> Option<JobRecord> {
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }
}

/// Counts the windows of an NDJSON output (plain or gzip, one window a line) by class,
/// reading the two window-level flags of each line.
pub fn count_ndjson(path: &Path) -> std::io::Result<[u64; 3]> {
    let file = std::fs::File::open(path)?;
    let reader: Box<dyn std::io::Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut r = std::io::BufReader::with_capacity(1 << 20, reader);
    let mut classes = [0u64; 3];
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let matched = flag(&line, b"\"is_seed_calo_matched\": ");
        let seed = flag(&line, b"\"is_seed_calo_seed\": ");
        classes[match (matched, seed) {
            (true, true) => 2,
            (true, false) => 1,
            _ => 0,
        }] += 1;
    }
    Ok(classes)
}

/// Reads the window counts of a TFRecord dataset's `NAME_metadata.txt` (`NAME;class;count`).
pub fn count_tf_metadata(path: &Path) -> std::io::Result<[u64; 3]> {
    let text = std::fs::read_to_string(path)?;
    let mut classes = [0u64; 3];
    for line in text.lines() {
        let mut f = line.rsplitn(3, ';');
        let (Some(n), Some(c)) = (f.next(), f.next()) else {
            continue;
        };
        if let (Ok(n), Ok(c)) = (n.trim().parse::<u64>(), c.trim().parse::<usize>())
            && c < 3
        {
            classes[c] += n;
        }
    }
    Ok(classes)
}

/// Whether the first `key` in `line` is followed by `true`.
fn flag(line: &[u8], key: &[u8]) -> bool {
    line.windows(key.len())
        .position(|w| w == key)
        .is_some_and(|i| line[i + key.len()..].starts_with(b"true"))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_default()
}

/// Writes the metadata of `job` (all its outputs must exist). Returns its path.
pub fn record(plan: &Plan, job: &Job) -> anyhow::Result<PathBuf> {
    let meta = plan.metadata_path(job);
    let outputs = plan.outputs(job);
    let mut sizes = Vec::with_capacity(outputs.len());
    for o in &outputs {
        let md = std::fs::metadata(o)
            .map_err(|e| anyhow::anyhow!("job {}: output {}: {e}", job.id, o.display()))?;
        sizes.push(md.len());
    }
    if !plan.export.redo
        && let Some(old) = JobRecord::load(&meta)
        && old.outputs.len() == outputs.len()
        && old
            .outputs
            .iter()
            .zip(outputs.iter().zip(&sizes))
            .all(|(r, (p, s))| &r.path == p && r.bytes == *s)
    {
        return Ok(meta);
    }
    let mut recs = Vec::with_capacity(outputs.len());
    let mut classes = [0u64; 3];
    for (o, bytes) in outputs.iter().zip(sizes) {
        let name = o.to_string_lossy();
        // Windows are counted once per input: in the NDJSON output, or (TFRecord only) in
        // the dataset's metadata file; the .proto files are listed with their sizes.
        let counted = if name.ends_with(".ndjson") || name.ends_with(".ndjson.gz") {
            Some(count_ndjson(o))
        } else if name.ends_with("_metadata.txt") && plan.export.format == Format::Tfrecord {
            Some(count_tf_metadata(o))
        } else {
            None
        };
        let c = match counted {
            Some(r) => r.map_err(|e| anyhow::anyhow!("job {}: {}: {e}", job.id, o.display()))?,
            None => [0; 3],
        };
        for k in 0..3 {
            classes[k] += c[k];
        }
        recs.push(OutputRecord {
            path: o.clone(),
            bytes,
            windows: c.iter().sum(),
            classes: c,
        });
    }
    let rec = JobRecord {
        job: job.id,
        part: job.part,
        inputs: job.inputs.clone(),
        outputs: recs,
        windows: classes.iter().sum(),
        classes,
        host: host(),
        finished: now(),
        scwin_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let text = serde_json::to_string_pretty(&rec)? + "\n";
    let tmp = meta.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|e| anyhow::anyhow!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &meta).map_err(|e| anyhow::anyhow!("{}: {e}", meta.display()))?;
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn counts_classes_in_plain_and_gzip() {
        let dir = tempfile::tempdir().unwrap();
        let text = concat!(
            "{\"window_index\": 0, \"is_seed_calo_matched\": true, \"calo_index\": 1, \"is_seed_calo_seed\": true, \"clusters\": [{\"is_calo_seed\": false}]}\n",
            "{\"window_index\": 1, \"is_seed_calo_matched\": true, \"calo_index\": 1, \"is_seed_calo_seed\": false}\n",
            "{\"window_index\": 2, \"is_seed_calo_matched\": false, \"calo_index\": -1, \"is_seed_calo_seed\": false}\n",
            "{\"window_index\": 3, \"is_seed_calo_matched\": false, \"calo_index\": -1, \"is_seed_calo_seed\": false}\n",
        );
        let plain = dir.path().join("a.ndjson");
        std::fs::write(&plain, text).unwrap();
        assert_eq!(count_ndjson(&plain).unwrap(), [2, 1, 1]);
        // Two gzip members, as the exporter writes.
        let gz = dir.path().join("a.ndjson.gz");
        let mut f = std::fs::File::create(&gz).unwrap();
        let (a, b) = text.split_at(text.find("{\"window_index\": 2").unwrap());
        for part in [a, b] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part.as_bytes()).unwrap();
            f.write_all(&e.finish().unwrap()).unwrap();
        }
        drop(f);
        assert_eq!(count_ndjson(&gz).unwrap(), [2, 1, 1]);
    }
}
