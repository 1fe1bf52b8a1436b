//! The RecoSimDumper schema (`recosimdumper/caloTree`): which branches, which C++ types,
//! which are optional; events as views over columnar buffers.
//!
//! - [`schema`]: the branch table and the check of a tree against it;
//! - [`reader`]: [`DumperFile`] (open + schema check, entry ranges, decoding into
//!   [`EventBatch`]es of [`Event`] views);
//! - [`mod@validate`]: per-event consistency checks;
//! - [`event`]: the [`Event`] view and [`OwnedEvent`].

pub mod event;
pub mod reader;
pub mod schema;
pub mod validate;

pub use event::{Event, EventId, Jagged, JaggedBuf, OwnedEvent, PileUp};
pub use reader::{DumperError, DumperFile, EventBatch, to_owned_event};
pub use schema::{SchemaError, SchemaReport};
pub use validate::{EventProblem, validate};
