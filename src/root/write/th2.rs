//! TH2F writer.
