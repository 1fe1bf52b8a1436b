//! Output files that appear under their final name only when complete.
//!
//! Data goes to a hidden temporary file in the same directory (`.NAME.part-PID`); `commit`
//! flushes and renames it. Dropping an uncommitted file removes the temporary, so an error,
//! a cancel or Ctrl-C never leaves a half-written file under the final name.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The temporary name used while `path` is being written.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.part-{}", std::process::id()))
}

/// A file being written under a temporary name.
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    out: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Creates the temporary file (and the destination's directory). Errors name the path.
    pub fn create(dest: &Path) -> io::Result<Self> {
        let named =
            |p: &Path, e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", p.display()));
        if let Some(dir) = dest.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| named(dir, e))?;
        }
        let tmp = temp_path(dest);
        let f = File::create(&tmp).map_err(|e| named(&tmp, e))?;
        Ok(AtomicFile {
            tmp,
            dest: dest.to_path_buf(),
            out: Some(BufWriter::with_capacity(1 << 20, f)),
        })
    }

    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Flushes and syncs the data, still under the temporary name: a set of files can be
    /// synced first and renamed after, so that none appears unless all are complete.
    pub fn sync(&mut self) -> io::Result<()> {
        let out = self.out.as_mut().expect("not yet committed");
        out.flush()?;
        out.get_ref().sync_all()
    }

    /// Flushes, syncs and renames the file to its final name.
    pub fn commit(mut self) -> io::Result<()> {
        self.sync()?;
        // Closed before the rename; from here on, dropping `self` removes nothing.
        self.out.take();
        std::fs::rename(&self.tmp, &self.dest).map_err(|e| {
            let err = io::Error::new(
                e.kind(),
                format!(
                    "renaming {} to {}: {e}",
                    self.tmp.display(),
                    self.dest.display()
                ),
            );
            let _ = std::fs::remove_file(&self.tmp);
            err
        })
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.as_mut().expect("not yet committed").write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.as_mut().expect("not yet committed").write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.as_mut().expect("not yet committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_committed_files_appear() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("sub/out.txt");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"hello").unwrap();
        assert!(!dest.exists());
        assert!(temp_path(&dest).exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"hello");
        let dest2 = dir.path().join("sub/dropped.txt");
        let mut g = AtomicFile::create(&dest2).unwrap();
        g.write_all(b"partial").unwrap();
        drop(g);
        assert!(!dest2.exists() && !temp_path(&dest2).exists());
    }
}
