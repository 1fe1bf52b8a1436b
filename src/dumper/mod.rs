//! The RecoSimDumper schema (`recosimdumper/caloTree`): which branches, which C++ types,
//! which are optional; events as views over columnar buffers.

pub mod event;

pub use event::{Event, EventId, Jagged, JaggedBuf, OwnedEvent, PileUp};
