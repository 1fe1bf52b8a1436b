//! ROOT file I/O: what scwin needs of the ROOT format, and nothing about physics.
//!
//! - [`read`]: TFile, keys and directories, TTree / TBranch / TBasket, decompression,
//!   STL vector layouts, TH2 — handed out as typed columns.
//! - [`write`]: a TTree in a TDirectory with split STL branches, and TH2F.
//! - [`hist`]: the in-memory TH2 both sides share.

pub mod hist;
pub mod read;
pub mod write;
