//! The ONE key map: every binding, with the context it applies in, the action it triggers,
//! its short hint (the always-visible hints line) and its help text (the `?` overlay).
//! [`lookup`] dispatches from it, [`hints`] and [`help`] are generated from it, so the three
//! can never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the user is: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Everywhere (checked after the current context).
    Global,
    /// Browsing events, windows and clusters.
    Main,
    /// The parameters panel has the focus.
    Params,
    /// The export dialog is open.
    Export,
    /// A text prompt (go to, edit a value, a path) is open.
    Prompt,
    /// The help overlay is open.
    Help,
}

impl Ctx {
    pub fn title(self) -> &'static str {
        match self {
            Ctx::Global => "everywhere",
            Ctx::Main => "browsing",
            Ctx::Params => "parameters panel",
            Ctx::Export => "export dialog",
            Ctx::Prompt => "text prompt",
            Ctx::Help => "help",
        }
    }
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextEvent,
    PrevEvent,
    FirstEvent,
    LastEvent,
    GoTo,
    NextWindow,
    PrevWindow,
    RowUp,
    RowDown,
    CycleFilter,
    FilterCalo,
    FilterDisagree,
    ToggleScale,
    FocusParams,
    ToggleSummary,
    Recompute,
    OpenExport,
    SaveParams,
    Help,
    ToggleMouse,
    // Parameters panel.
    FieldUp,
    FieldDown,
    ValueDec,
    ValueInc,
    EditValue,
    ResetValue,
    Back,
    // Export dialog.
    CycleFormat,
    EditOutDir,
    StartExport,
    CancelExport,
    // Prompt.
    Confirm,
    Cancel,
    ToggleGoToKind,
    DeleteChar,
    // Help.
    CloseHelp,
    HelpUp,
    HelpDown,
}

/// A key as written in the map.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Key {
    fn matches(&self, ev: &KeyEvent) -> bool {
        let has_ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        self.code == ev.code && self.ctrl == has_ctrl
    }
}

/// One binding of the key map.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [Key],
    /// How the keys are written in hints and help.
    pub label: &'static str,
    pub action: Action,
    /// Short text for the hints line (`None`: help only).
    pub hint: Option<&'static str>,
    pub help: &'static str,
}

use Action as A;
use Ctx as C;

/// The key map. Order matters only for display.
pub const KEYMAP: &[Binding] = &[
    // Browsing.
    Binding {
        ctx: C::Main,
        keys: &[k('n'), code(KeyCode::PageDown)],
        label: "n/p",
        action: A::NextEvent,
        hint: Some("event"),
        help: "next event (PgDn); with a filter, the next event with a matching window",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('p'), code(KeyCode::PageUp)],
        label: "p",
        action: A::PrevEvent,
        hint: None,
        help: "previous event (PgUp)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('<'), code(KeyCode::Home)],
        label: "</>",
        action: A::FirstEvent,
        hint: None,
        help: "first event (Home)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('>'), code(KeyCode::End)],
        label: ">",
        action: A::LastEvent,
        hint: None,
        help: "last event (End)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('g')],
        label: "g",
        action: A::GoTo,
        hint: Some("go to"),
        help: "go to an entry or an event id (Tab switches)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k(']'), code(KeyCode::Right)],
        label: "]/[",
        action: A::NextWindow,
        hint: Some("window"),
        help: "next window (Right)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('['), code(KeyCode::Left)],
        label: "[",
        action: A::PrevWindow,
        hint: None,
        help: "previous window (Left)",
    },
    Binding {
        ctx: C::Main,
        keys: &[code(KeyCode::Up), k('k')],
        label: "up/down",
        action: A::RowUp,
        hint: Some("cluster"),
        help: "previous cluster row (k)",
    },
    Binding {
        ctx: C::Main,
        keys: &[code(KeyCode::Down), k('j')],
        label: "down",
        action: A::RowDown,
        hint: None,
        help: "next cluster row (j)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('f')],
        label: "f",
        action: A::CycleFilter,
        hint: Some("filter"),
        help: "cycle filters: none, calo-matched, disagree with Mustache, both",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('c')],
        label: "c",
        action: A::FilterCalo,
        hint: None,
        help: "toggle: only calo-matched windows",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('d')],
        label: "d",
        action: A::FilterDisagree,
        hint: None,
        help: "toggle: only windows whose labels disagree with the Mustache SC",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('l')],
        label: "l",
        action: A::ToggleScale,
        hint: None,
        help: "energy scale of the grid: log / linear",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('P'), k('o')],
        label: "P",
        action: A::FocusParams,
        hint: Some("params"),
        help: "edit the parameters (o)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('s')],
        label: "s",
        action: A::ToggleSummary,
        hint: None,
        help: "show the file summary instead of the table (small screens)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('r')],
        label: "r",
        action: A::Recompute,
        hint: None,
        help: "recompute the file summary",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('e')],
        label: "e",
        action: A::OpenExport,
        hint: Some("export"),
        help: "export the whole input with the current parameters",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('w')],
        label: "w",
        action: A::SaveParams,
        hint: Some("save"),
        help: "save the parameters as TOML (for scwin export --config)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('m')],
        label: "m",
        action: A::ToggleMouse,
        hint: None,
        help: "mouse on/off (wheel scrolls cluster rows)",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('?')],
        label: "?",
        action: A::Help,
        hint: Some("help"),
        help: "this help",
    },
    Binding {
        ctx: C::Main,
        keys: &[k('q')],
        label: "q",
        action: A::Quit,
        hint: Some("quit"),
        help: "quit",
    },
    // Parameters panel.
    Binding {
        ctx: C::Params,
        keys: &[code(KeyCode::Up), k('k')],
        label: "up/down",
        action: A::FieldUp,
        hint: Some("field"),
        help: "previous parameter (k)",
    },
    Binding {
        ctx: C::Params,
        keys: &[code(KeyCode::Down), k('j')],
        label: "down",
        action: A::FieldDown,
        hint: None,
        help: "next parameter (j)",
    },
    Binding {
        ctx: C::Params,
        keys: &[code(KeyCode::Left), k('-')],
        label: "-/+",
        action: A::ValueDec,
        hint: Some("change"),
        help: "decrease / previous choice (Left)",
    },
    Binding {
        ctx: C::Params,
        keys: &[code(KeyCode::Right), k('+'), k('=')],
        label: "+",
        action: A::ValueInc,
        hint: None,
        help: "increase / next choice (Right)",
    },
    Binding {
        ctx: C::Params,
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: A::EditValue,
        hint: Some("type value"),
        help: "type a value",
    },
    Binding {
        ctx: C::Params,
        keys: &[k('0')],
        label: "0",
        action: A::ResetValue,
        hint: Some("default"),
        help: "reset the parameter to its default",
    },
    Binding {
        ctx: C::Params,
        keys: &[k('w')],
        label: "w",
        action: A::SaveParams,
        hint: Some("save"),
        help: "save the parameters as TOML",
    },
    Binding {
        ctx: C::Params,
        keys: &[k('?')],
        label: "?",
        action: A::Help,
        hint: None,
        help: "this help",
    },
    Binding {
        ctx: C::Params,
        keys: &[code(KeyCode::Esc), k('P'), k('o'), k('q')],
        label: "Esc",
        action: A::Back,
        hint: Some("back"),
        help: "back to browsing (P, q)",
    },
    // Export dialog.
    Binding {
        ctx: C::Export,
        keys: &[
            code(KeyCode::Tab),
            code(KeyCode::Left),
            code(KeyCode::Right),
            k('f'),
        ],
        label: "Tab",
        action: A::CycleFormat,
        hint: Some("format"),
        help: "NDJSON / TFRecord / both (f, Left, Right)",
    },
    Binding {
        ctx: C::Export,
        keys: &[k('o')],
        label: "o",
        action: A::EditOutDir,
        hint: Some("output dir"),
        help: "edit the output directory",
    },
    Binding {
        ctx: C::Export,
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: A::StartExport,
        hint: Some("start"),
        help: "start the export",
    },
    Binding {
        ctx: C::Export,
        keys: &[code(KeyCode::Esc), k('q')],
        label: "Esc",
        action: A::CancelExport,
        hint: Some("cancel/close"),
        help: "cancel a running export, or close the dialog",
    },
    // Prompt.
    Binding {
        ctx: C::Prompt,
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: A::Confirm,
        hint: Some("ok"),
        help: "confirm",
    },
    Binding {
        ctx: C::Prompt,
        keys: &[code(KeyCode::Esc)],
        label: "Esc",
        action: A::Cancel,
        hint: Some("cancel"),
        help: "cancel",
    },
    Binding {
        ctx: C::Prompt,
        keys: &[code(KeyCode::Tab)],
        label: "Tab",
        action: A::ToggleGoToKind,
        hint: Some("entry/event id"),
        help: "go to: switch between entry number and event id",
    },
    Binding {
        ctx: C::Prompt,
        keys: &[code(KeyCode::Backspace)],
        label: "Bksp",
        action: A::DeleteChar,
        hint: None,
        help: "delete a character",
    },
    // Help.
    Binding {
        ctx: C::Help,
        keys: &[code(KeyCode::Esc), k('?'), k('q')],
        label: "Esc",
        action: A::CloseHelp,
        hint: Some("close help"),
        help: "close the help (?, q)",
    },
    Binding {
        ctx: C::Help,
        keys: &[code(KeyCode::Up), k('k')],
        label: "up/down",
        action: A::HelpUp,
        hint: Some("scroll"),
        help: "scroll the help up (k)",
    },
    Binding {
        ctx: C::Help,
        keys: &[code(KeyCode::Down), k('j')],
        label: "down",
        action: A::HelpDown,
        hint: None,
        help: "scroll the help down (j)",
    },
    // Everywhere.
    Binding {
        ctx: C::Global,
        keys: &[ctrl('c')],
        label: "Ctrl-C",
        action: A::Quit,
        hint: None,
        help: "quit at once",
    },
];

/// The action of a key in a context (the context's bindings, then the global ones).
pub fn lookup(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
    let find = |c: Ctx| {
        KEYMAP
            .iter()
            .filter(|b| b.ctx == c)
            .find(|b| b.keys.iter().any(|key| key.matches(ev)))
            .map(|b| b.action)
    };
    find(ctx).or_else(|| find(Ctx::Global))
}

/// (keys, hint) pairs for the hints line of a context.
pub fn hints(ctx: Ctx) -> Vec<(&'static str, &'static str)> {
    KEYMAP
        .iter()
        .filter(|b| b.ctx == ctx)
        .filter_map(|b| b.hint.map(|h| (b.label, h)))
        .collect()
}

/// Help lines, grouped by context: (context title, [(keys, help)]).
pub fn help() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let mut out = Vec::new();
    for ctx in [C::Main, C::Params, C::Export, C::Prompt, C::Help, C::Global] {
        let lines: Vec<(String, &'static str)> = KEYMAP
            .iter()
            .filter(|b| b.ctx == ctx)
            .map(|b| (key_names(b.keys), b.help))
            .collect();
        out.push((ctx.title(), lines));
    }
    out
}

/// All keys of a binding, written out ("n PgDn").
fn key_names(keys: &[Key]) -> String {
    keys.iter()
        .map(|key| {
            let base = match key.code {
                KeyCode::Char(c) => c.to_string(),
                KeyCode::Up => "Up".into(),
                KeyCode::Down => "Down".into(),
                KeyCode::Left => "Left".into(),
                KeyCode::Right => "Right".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::Backspace => "Bksp".into(),
                other => format!("{other:?}"),
            };
            if key.ctrl {
                format!("Ctrl-{base}")
            } else {
                base
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn dispatch_follows_context() {
        assert_eq!(
            lookup(Ctx::Main, &key(KeyCode::Char('n'))),
            Some(Action::NextEvent)
        );
        assert_eq!(
            lookup(Ctx::Params, &key(KeyCode::Up)),
            Some(Action::FieldUp)
        );
        assert_eq!(lookup(Ctx::Main, &key(KeyCode::Up)), Some(Action::RowUp));
        let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Ctx::Prompt, &cc), Some(Action::Quit));
        assert_eq!(lookup(Ctx::Main, &cc), Some(Action::Quit));
        // Shifted letters arrive with SHIFT on some terminals: still matched.
        let p = KeyEvent::new(KeyCode::Char('P'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Ctx::Main, &p), Some(Action::FocusParams));
    }

    #[test]
    fn no_key_bound_twice_in_a_context() {
        for a in KEYMAP {
            for b in KEYMAP {
                if std::ptr::eq(a, b) || a.ctx != b.ctx {
                    continue;
                }
                for ka in a.keys {
                    assert!(
                        !b.keys
                            .iter()
                            .any(|kb| kb.code == ka.code && kb.ctrl == ka.ctrl),
                        "{:?} bound twice in {:?}",
                        ka.code,
                        a.ctx
                    );
                }
            }
        }
    }

    #[test]
    fn hints_and_help_come_from_the_map() {
        let h = hints(Ctx::Main);
        assert!(h.contains(&("?", "help")));
        assert!(
            help()
                .iter()
                .any(|(_, l)| l.iter().any(|(k, _)| k == "n PgDn"))
        );
    }
}
