//! Where the inspector's events come from.
//!
//! [`EventSource`] is the small interface the inspector needs of an input: a name, a number
//! of entries, one event by entry, and a way to re-open it with another association branch.
//! [`MemSource`] keeps events in memory (tests, benchmarks, the synthetic `synth:N` input);
//! the dumper reader plugs in as another implementation. [`Inputs`] chains several sources
//! into one sequence of global entries, as `scwin FILE...` opens them.

use std::sync::Arc;

use crate::dumper::{Event, OwnedEvent};

/// One input the inspector can step through.
pub trait EventSource: Send + Sync {
    /// The name shown in the header (the file name as the user gave it).
    fn name(&self) -> String;
    /// The file behind the source, if there is one (the exporter reads files).
    fn path(&self) -> Option<std::path::PathBuf> {
        None
    }
    /// Number of entries (events).
    fn entries(&self) -> u64;
    /// Decodes one entry. Errors are messages for the status line.
    fn event(&self, entry: u64) -> Result<OwnedEvent, String>;
    /// Calls `f(entry, event)` for each entry of `range`, in order. Implementations backed by
    /// a file decode the range in batches; the default reads entry by entry.
    fn for_each(
        &self,
        range: std::ops::Range<u64>,
        f: &mut dyn FnMut(u64, &Event<'_>),
    ) -> Result<(), String> {
        for entry in range {
            let ev = self.event(entry)?;
            f(entry, &ev.view());
        }
        Ok(())
    }
    /// The same input, read with another association branch (`pfCluster_<association>`).
    fn with_association(&self, association: &str) -> Result<Arc<dyn EventSource>, String>;
}

/// Events held in memory, with one score matrix per association branch.
#[derive(Debug, Clone)]
pub struct MemSource {
    pub name: String,
    pub events: Arc<Vec<OwnedEvent>>,
    /// Per association name, per event, the score matrix; the events' own `cl_scores` are
    /// those of `association`.
    pub alternatives: Arc<Vec<(String, Vec<crate::dumper::JaggedBuf<f64>>)>>,
    pub association: String,
}

impl MemSource {
    /// A source over `events`, whose `cl_scores` are the `sim_fraction` scores.
    pub fn new(name: impl Into<String>, events: Vec<OwnedEvent>) -> Self {
        MemSource {
            name: name.into(),
            events: Arc::new(events),
            alternatives: Arc::new(Vec::new()),
            association: "sim_fraction".into(),
        }
    }
}

impl EventSource for MemSource {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn entries(&self) -> u64 {
        self.events.len() as u64
    }

    fn event(&self, entry: u64) -> Result<OwnedEvent, String> {
        let mut ev = self
            .events
            .get(entry as usize)
            .cloned()
            .ok_or_else(|| format!("{}: no entry {entry}", self.name))?;
        if let Some((_, rows)) = self
            .alternatives
            .iter()
            .find(|(n, _)| *n == self.association)
        {
            ev.cl_scores = rows[entry as usize].clone();
        }
        Ok(ev)
    }

    fn for_each(
        &self,
        range: std::ops::Range<u64>,
        f: &mut dyn FnMut(u64, &Event<'_>),
    ) -> Result<(), String> {
        let alt = self
            .alternatives
            .iter()
            .find(|(n, _)| *n == self.association);
        for entry in range {
            let ev = self
                .events
                .get(entry as usize)
                .ok_or_else(|| format!("{}: no entry {entry}", self.name))?;
            let mut view = ev.view();
            if let Some((_, rows)) = alt {
                view.cl_scores = rows[entry as usize].view();
            }
            f(entry, &view);
        }
        Ok(())
    }

    fn with_association(&self, association: &str) -> Result<Arc<dyn EventSource>, String> {
        let known = association == "sim_fraction"
            || self.alternatives.iter().any(|(n, _)| n == association);
        if !known {
            return Err(format!("{}: no branch pfCluster_{association}", self.name));
        }
        Ok(Arc::new(MemSource {
            association: association.to_string(),
            ..self.clone()
        }))
    }
}

/// Several sources as one sequence of global entries (file after file).
#[derive(Clone, Default)]
pub struct Inputs {
    pub sources: Vec<Arc<dyn EventSource>>,
    /// The inputs are the bundled sample (`scwin export` without inputs reads it too).
    pub bundled: bool,
    /// `starts[i]` = global entry of the first entry of source i; one more element = total.
    starts: Vec<u64>,
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs")
            .field("names", &self.names())
            .field("starts", &self.starts)
            .finish()
    }
}

impl Inputs {
    pub fn new(sources: Vec<Arc<dyn EventSource>>) -> Self {
        let mut starts = vec![0u64];
        for s in &sources {
            let last = *starts.last().expect("non-empty");
            starts.push(last + s.entries());
        }
        Inputs {
            sources,
            bundled: false,
            starts,
        }
    }

    /// The inputs as `scwin export` arguments: none for the bundled sample.
    pub fn command_args(&self) -> Vec<String> {
        if self.bundled {
            Vec::new()
        } else {
            self.names()
        }
    }

    /// Total number of entries over all sources.
    pub fn total(&self) -> u64 {
        *self.starts.last().unwrap_or(&0)
    }

    pub fn names(&self) -> Vec<String> {
        self.sources.iter().map(|s| s.name()).collect()
    }

    /// (source index, local entry) of a global entry.
    pub fn locate(&self, global: u64) -> Option<(usize, u64)> {
        if global >= self.total() {
            return None;
        }
        let i = self.starts.partition_point(|&s| s <= global) - 1;
        Some((i, global - self.starts[i]))
    }

    /// Decodes the event at a global entry.
    pub fn event(&self, global: u64) -> Result<OwnedEvent, String> {
        let (i, local) = self
            .locate(global)
            .ok_or_else(|| format!("no entry {global} (inputs have {})", self.total()))?;
        self.sources[i].event(local)
    }

    /// Calls `f(global entry, event)` over a global range, crossing source boundaries.
    pub fn for_each(
        &self,
        range: std::ops::Range<u64>,
        f: &mut dyn FnMut(u64, &Event<'_>),
    ) -> Result<(), String> {
        for (i, s) in self.sources.iter().enumerate() {
            let (lo, hi) = (self.starts[i], self.starts[i + 1]);
            let a = range.start.max(lo);
            let b = range.end.min(hi);
            if a < b {
                s.for_each(a - lo..b - lo, &mut |e, ev| f(e + lo, ev))?;
            }
        }
        Ok(())
    }

    /// The files of all sources, if every source is a file.
    pub fn paths(&self) -> Option<Vec<std::path::PathBuf>> {
        self.sources.iter().map(|s| s.path()).collect()
    }

    /// All sources re-opened with another association branch.
    pub fn with_association(&self, association: &str) -> Result<Inputs, String> {
        let sources = self
            .sources
            .iter()
            .map(|s| s.with_association(association))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Inputs {
            bundled: self.bundled,
            ..Inputs::new(sources)
        })
    }
}
