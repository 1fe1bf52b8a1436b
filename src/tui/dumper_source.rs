//! Dumper ROOT files as an [`EventSource`]: one event decoded on demand (the first frame
//! needs only entry 0), entry ranges decoded in batches for the file-wide summary. Invalid
//! events are errors when shown and skipped by the summary, as the exporter skips them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::source::EventSource;
use crate::dumper::{DumperFile, Event, OwnedEvent};

/// Entries decoded per batch by [`EventSource::for_each`].
const BATCH: u64 = 256;

/// An open dumper file.
#[derive(Debug, Clone)]
pub struct DumperSource {
    file: Arc<DumperFile>,
    name: String,
}

impl DumperSource {
    /// Opens `path` reading the association branch `pfCluster_<association>`.
    pub fn open(path: &Path, association: &str) -> Result<Self, String> {
        Self::open_named(path, association, path.display().to_string())
    }

    /// The same, shown as `name` (e.g. `sample/electrons.root` for the bundled sample).
    pub fn open_named(path: &Path, association: &str, name: String) -> Result<Self, String> {
        let file = DumperFile::open(path, association).map_err(|e| e.to_string())?;
        Ok(DumperSource {
            file: Arc::new(file),
            name,
        })
    }
}

impl EventSource for DumperSource {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn path(&self) -> Option<PathBuf> {
        Some(self.file.path().to_path_buf())
    }

    fn entries(&self) -> u64 {
        self.file.entries()
    }

    fn event(&self, entry: u64) -> Result<OwnedEvent, String> {
        let ev = self
            .file
            .event(entry)
            .map_err(|e| format!("{}: entry {entry}: {e}", self.name))?;
        self.file
            .validate(&ev.view())
            .map_err(|p| format!("{}: entry {entry} is invalid: {p}", self.name))?;
        Ok(ev)
    }

    fn for_each(
        &self,
        range: std::ops::Range<u64>,
        f: &mut dyn FnMut(u64, &Event<'_>),
    ) -> Result<(), String> {
        let mut start = range.start;
        while start < range.end {
            let end = (start + BATCH).min(range.end);
            let batch = self
                .file
                .read_range(start..end)
                .map_err(|e| format!("{}: {e}", self.name))?;
            for i in 0..batch.len() {
                let ev = batch.event(i);
                if self.file.validate(&ev).is_ok() {
                    f(start + i as u64, &ev);
                }
            }
            start = end;
        }
        Ok(())
    }

    fn with_association(&self, association: &str) -> Result<Arc<dyn EventSource>, String> {
        Ok(Arc::new(DumperSource::open_named(
            self.file.path(),
            association,
            self.name.clone(),
        )?))
    }
}
