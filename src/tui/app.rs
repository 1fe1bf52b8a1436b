//! The inspector's state: ONE struct that the update function changes and the view reads.

use std::path::PathBuf;
use std::sync::Arc;

use super::cli::Formats;
use super::fields::Field;
use super::keymap::Ctx;
use super::msg::Filter;
use super::source::Inputs;
use super::stats::{Summary, disagrees};
use crate::dumper::OwnedEvent;
use crate::windows::{Builder, Params, Window};

/// Energy scale of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    #[default]
    Log,
    Linear,
}

/// What a text prompt is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptKind {
    /// Go to an entry (`by_id` false) or an event id.
    GoTo { by_id: bool },
    /// Type the value of a parameter.
    Edit(Field),
    /// Where to save the parameters.
    SavePath,
    /// The export's output directory.
    ExportDir,
}

/// An open text prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}

/// The status line: the last thing worth telling the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// The background computation of the file summary.
#[derive(Debug, Clone, Default)]
pub struct SummaryState {
    /// Generation of the newest request; results of other generations are ignored.
    pub req: u64,
    /// Progress of the newest request (entries done, total), while it runs.
    pub progress: Option<(u64, u64)>,
    /// The newest finished summary, and the generation it belongs to.
    pub result: Option<Arc<Summary>>,
    pub result_gen: u64,
    pub error: Option<String>,
}

impl SummaryState {
    /// Is the shown summary the one of the current parameters?
    pub fn current(&self) -> bool {
        self.result.is_some() && self.result_gen == self.req && self.progress.is_none()
    }
}

/// The export dialog and the running export.
#[derive(Debug, Clone, Default)]
pub struct ExportState {
    pub open: bool,
    pub formats: Formats,
    pub out_dir: String,
    /// (entries done, total) while running.
    pub running: Option<(u64, u64)>,
    /// The last outcome.
    pub outcome: Option<Result<String, String>>,
}

/// The whole state of the inspector.
#[derive(Debug, Clone)]
pub struct App {
    pub inputs: Inputs,
    /// Current parameters with their working-point map.
    pub builder: Builder,
    /// Global entry shown (or being loaded).
    pub entry: u64,
    /// The decoded event and its entry (may lag `entry` while loading).
    pub event: Option<(u64, Arc<OwnedEvent>)>,
    /// Windows of the current event with the current parameters.
    pub windows: Vec<Window>,
    /// Index in `windows` of the current window.
    pub window: usize,
    /// Selected row of the cluster table.
    pub row: usize,
    pub filter: Filter,
    pub scale: Scale,
    /// The parameters panel has the focus.
    pub params_focus: bool,
    /// Selected field of the parameters panel.
    pub field: usize,
    /// Small screens: the summary replaces the cluster table.
    pub show_summary: bool,
    pub help: bool,
    /// First line of the help overlay shown.
    pub help_scroll: u16,
    pub prompt: Option<Prompt>,
    pub export: ExportState,
    pub summary: SummaryState,
    /// Generation of the newest event request (load or seek).
    pub load_gen: u64,
    /// Why the current entry could not be shown.
    pub load_error: Option<String>,
    /// A load or seek is in flight.
    pub loading: bool,
    /// Window and row moves pressed while loading: replayed on the new event, so that
    /// `n ]` typed quickly means "next event, then its second window".
    pub deferred: Vec<super::keymap::Action>,
    pub wp_gen: u64,
    pub reopen_gen: u64,
    /// Parameters waiting for a working point or re-opened inputs; edits apply to them.
    pub pending: Option<Params>,
    /// Label of the working point shown in the header.
    pub wp_label: String,
    /// Where `w` saves the parameters; also the `--config` of the command line.
    pub config_path: PathBuf,
    /// The parameters were saved there and not changed since.
    pub config_saved: bool,
    pub status: Option<Status>,
    pub mouse: bool,
    /// Ticks seen (spinner phase).
    pub ticks: u64,
    pub quit: bool,
}

impl App {
    /// A fresh state over `inputs` with `builder`; nothing loaded yet (see
    /// [`update::start`](super::update::start)).
    pub fn new(inputs: Inputs, builder: Builder) -> Self {
        let wp_label = wp_label(&builder);
        App {
            inputs,
            builder,
            entry: 0,
            event: None,
            windows: Vec::new(),
            window: 0,
            row: 0,
            filter: Filter::default(),
            scale: Scale::Log,
            params_focus: false,
            field: 0,
            show_summary: false,
            help: false,
            help_scroll: 0,
            prompt: None,
            export: ExportState {
                out_dir: "scwin_out".into(),
                ..ExportState::default()
            },
            summary: SummaryState::default(),
            load_gen: 0,
            load_error: None,
            loading: false,
            deferred: Vec::new(),
            wp_gen: 0,
            reopen_gen: 0,
            pending: None,
            wp_label,
            config_path: PathBuf::from("scwin.toml"),
            config_saved: false,
            status: None,
            mouse: false,
            ticks: 0,
            quit: false,
        }
    }

    /// Which key-map context applies now.
    pub fn ctx(&self) -> Ctx {
        if self.help {
            Ctx::Help
        } else if self.prompt.is_some() {
            Ctx::Prompt
        } else if self.export.open {
            Ctx::Export
        } else if self.params_focus {
            Ctx::Params
        } else {
            Ctx::Main
        }
    }

    /// Does window `w` pass the filter?
    pub fn passes(&self, w: &Window) -> bool {
        (!self.filter.calo || w.calo >= 0) && (!self.filter.disagree || disagrees(w))
    }

    /// Indices (in `windows`) of the windows passing the filter.
    pub fn visible(&self) -> Vec<usize> {
        (0..self.windows.len())
            .filter(|&i| self.passes(&self.windows[i]))
            .collect()
    }

    /// The current window, if it passes the filter.
    pub fn current_window(&self) -> Option<&Window> {
        self.windows.get(self.window).filter(|w| self.passes(w))
    }

    /// The decoded event, if it is the one of `entry`.
    pub fn current_event(&self) -> Option<&OwnedEvent> {
        self.event.as_ref().map(|(_, e)| e.as_ref())
    }

    /// Name of the input holding the current entry.
    pub fn file_name(&self) -> String {
        self.inputs
            .locate(self.entry)
            .map(|(i, _)| self.inputs.sources[i].name())
            .unwrap_or_else(|| self.inputs.names().join(", "))
    }

    /// The parameters being edited: the pending ones, else the current ones.
    pub fn edit_params(&self) -> &Params {
        self.pending.as_ref().unwrap_or(&self.builder.params)
    }

    /// Spinner glyph for running background work.
    pub fn spinner(&self) -> char {
        ['|', '/', '-', '\\'][(self.ticks % 4) as usize]
    }
}

/// Header label of a working point: "default" or the file name, with the scale.
pub fn wp_label(b: &Builder) -> String {
    let name = match &b.params.wp {
        None => "default".to_string(),
        Some(p) => p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string()),
    };
    if b.params.wp_scale == 1.0 {
        name
    } else {
        format!("{name} x{:.2}", b.params.wp_scale)
    }
}
