//! Messages into [`update`](super::update::update) and the effects it asks the runtime to
//! perform. Everything that happens — a key, a tick, a background result — is a [`Msg`];
//! everything the update cannot do itself (I/O, threads) is an [`Effect`].

use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::{KeyEvent, MouseEvent};

use super::cli::Formats;
use super::source::Inputs;
use super::stats::Summary;
use crate::dumper::OwnedEvent;
use crate::truth::wp::ThresholdMap;
use crate::windows::{Builder, Params};

/// Which windows are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filter {
    /// Only windows whose seed is calo-matched.
    pub calo: bool,
    /// Only windows where some cluster has in_scluster != in_mustache.
    pub disagree: bool,
}

impl Filter {
    pub fn any(self) -> bool {
        self.calo || self.disagree
    }
}

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// The terminal was resized (the next frame lays out again).
    Resize,
    /// A periodic tick (spinners; nothing else depends on time).
    Tick,
    /// An event was decoded (request `req`).
    Loaded {
        req: u64,
        entry: u64,
        result: Result<Arc<OwnedEvent>, String>,
    },
    /// A filtered seek found nothing in that direction.
    SeekExhausted {
        req: u64,
    },
    SummaryProgress {
        req: u64,
        done: u64,
        total: u64,
    },
    SummaryDone {
        req: u64,
        result: Result<Arc<Summary>, String>,
    },
    WpLoaded {
        req: u64,
        result: Result<Arc<ThresholdMap>, String>,
    },
    Reopened {
        req: u64,
        result: Result<Inputs, String>,
    },
    /// The parameters were saved (the path) or not (the error).
    Saved(Result<PathBuf, String>),
    ExportProgress {
        done: u64,
        total: u64,
    },
    /// The export ended: a summary of what was written, or why not.
    ExportDone(Result<String, String>),
}

/// What an export writes.
#[derive(Debug, Clone)]
pub struct ExportSpec {
    pub inputs: Inputs,
    pub params: Params,
    pub builder: Builder,
    pub formats: Formats,
    pub out_dir: PathBuf,
}

/// Something the runtime must do for the update function.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Decode global entry `entry` and answer with [`Msg::Loaded`].
    Load {
        req: u64,
        inputs: Inputs,
        entry: u64,
    },
    /// Find the next (or previous) entry from `from` (excluded) with a window passing
    /// `filter`, and answer with [`Msg::Loaded`] or [`Msg::SeekExhausted`].
    Seek {
        req: u64,
        inputs: Inputs,
        builder: Builder,
        from: u64,
        forward: bool,
        filter: Filter,
    },
    /// Recompute the file summary; any older summary job is abandoned.
    Summary {
        req: u64,
        inputs: Inputs,
        builder: Builder,
    },
    LoadWp {
        req: u64,
        path: Option<PathBuf>,
        hist: String,
    },
    Reopen {
        req: u64,
        inputs: Inputs,
        association: String,
    },
    /// Write `text` to `path` and answer with [`Msg::Saved`].
    Save {
        path: PathBuf,
        text: String,
    },
    Export(ExportSpec),
    CancelExport,
    SetMouse(bool),
    Quit,
}
