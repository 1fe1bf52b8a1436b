//! TFRecord export: windows as `tf.train.SequenceExample` records (outputs.md, "TFRecord").
//!
//! - [`record`]: [`WindowRecord`] (the values), [`encode_window`], [`TfOptions`],
//!   [`Weights`], and a decoder for round trips.
//! - [`json`]: records from NDJSON windows ([`encode_json_window`]), for `scwin convert`.
//! - [`proto`]: the protobuf messages, declared by hand with prost.
//! - [`framing`]: TFRecord framing, gzip members, a CRC-checking reader.
//! - [`writer`]: the dataset layout ([`TfDatasetWriter`]) fed with [`TfChunk`]s.
//!
//! Each record holds, in context: `f`, `n_cl`, `s_f`, `s_h`, `s_l`, `s_m`, `w_cl`, `wi`;
//! in feature lists: `cl_f`, `cl_h0`, `cl_h1`, `cl_h2`, `cl_h4`, `cl_l`, `cl_m` (keys
//! written in this sorted order, so the same window always gives the same bytes).

pub mod framing;
pub mod json;
pub mod proto;
pub mod record;
pub mod writer;

pub use framing::{
    RecordReader, TfCompression, compress_chunk, frame_record, gzip_member, gzip_members,
    masked_crc32c, open_records, read_records, read_records_auto,
};
pub use json::{JsonWindowError, encode_json_line, encode_json_window, parse_json_lenient};
pub use record::{ClusterRecord, DecodeError, TfOptions, Weights, WindowRecord, encode_window};
pub use writer::{EncodedChunk, TfChunk, TfDatasetSummary, TfDatasetWriter, dataset_paths};
