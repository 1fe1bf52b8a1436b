//! The TensorFlow protobuf messages a window record needs, declared by hand with prost
//! derive (no protoc, no build script).
//!
//! Field numbers follow `tensorflow/core/example/feature.proto`,
//! `tensorflow/core/example/example.proto`, `tensorflow/core/framework/tensor.proto` and
//! `tensorflow/core/framework/tensor_shape.proto`.
//!
//! The two proto maps (`Features.feature`, `FeatureLists.feature_list`) are declared as
//! repeated explicit entry messages `{ string key = 1; V value = 2; }`, which is exactly the
//! wire form of a proto map. Unlike a `HashMap` field this keeps the entry order we choose
//! (sorted keys, so bytes are deterministic), and an entry whose value is an empty
//! `FeatureList` is still written (`value` is `Some`), which TensorFlow needs: a missing
//! feature list key is an error for `parse_single_sequence_example`.

/// `tensorflow.BytesList`: `repeated bytes value = 1`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct BytesList {
    #[prost(bytes = "vec", repeated, tag = "1")]
    pub value: Vec<Vec<u8>>,
}

/// `tensorflow.FloatList`: `repeated float value = 1 [packed = true]`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FloatList {
    #[prost(float, repeated, tag = "1")]
    pub value: Vec<f32>,
}

/// `tensorflow.Int64List`: `repeated int64 value = 1 [packed = true]`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Int64List {
    #[prost(int64, repeated, tag = "1")]
    pub value: Vec<i64>,
}

/// `tensorflow.Feature`: `oneof kind { BytesList bytes_list = 1; FloatList float_list = 2;
/// Int64List int64_list = 3; }`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Feature {
    #[prost(oneof = "Kind", tags = "1, 2, 3")]
    pub kind: Option<Kind>,
}

/// The `kind` oneof of [`Feature`]. A set oneof member is always written, even when its
/// list is empty (a cluster without hits still has its `cl_h*` feature).
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum Kind {
    #[prost(message, tag = "1")]
    BytesList(BytesList),
    #[prost(message, tag = "2")]
    FloatList(FloatList),
    #[prost(message, tag = "3")]
    Int64List(Int64List),
}

impl Feature {
    /// A `float_list` feature.
    pub fn floats(value: Vec<f32>) -> Self {
        Feature {
            kind: Some(Kind::FloatList(FloatList { value })),
        }
    }

    /// An `int64_list` feature.
    pub fn ints(value: Vec<i64>) -> Self {
        Feature {
            kind: Some(Kind::Int64List(Int64List { value })),
        }
    }

    /// A `bytes_list` feature with one value.
    pub fn bytes(value: Vec<u8>) -> Self {
        Feature {
            kind: Some(Kind::BytesList(BytesList { value: vec![value] })),
        }
    }
}

/// One entry of the `map<string, Feature> feature = 1` of `tensorflow.Features`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FeatureEntry {
    #[prost(string, tag = "1")]
    pub key: String,
    #[prost(message, optional, tag = "2")]
    pub value: Option<Feature>,
}

/// `tensorflow.Features`: `map<string, Feature> feature = 1`, as explicit entries.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Features {
    #[prost(message, repeated, tag = "1")]
    pub feature: Vec<FeatureEntry>,
}

/// `tensorflow.FeatureList`: `repeated Feature feature = 1`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FeatureList {
    #[prost(message, repeated, tag = "1")]
    pub feature: Vec<Feature>,
}

/// One entry of the `map<string, FeatureList> feature_list = 1` of
/// `tensorflow.FeatureLists`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FeatureListEntry {
    #[prost(string, tag = "1")]
    pub key: String,
    #[prost(message, optional, tag = "2")]
    pub value: Option<FeatureList>,
}

/// `tensorflow.FeatureLists`: `map<string, FeatureList> feature_list = 1`, as explicit
/// entries.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FeatureLists {
    #[prost(message, repeated, tag = "1")]
    pub feature_list: Vec<FeatureListEntry>,
}

/// `tensorflow.SequenceExample`: `Features context = 1; FeatureLists feature_lists = 2`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct SequenceExample {
    #[prost(message, optional, tag = "1")]
    pub context: Option<Features>,
    #[prost(message, optional, tag = "2")]
    pub feature_lists: Option<FeatureLists>,
}

/// `tensorflow.DataType.DT_FLOAT`.
pub const DT_FLOAT: i32 = 1;

/// `tensorflow.TensorShapeProto.Dim`: `int64 size = 1; string name = 2`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Dim {
    #[prost(int64, tag = "1")]
    pub size: i64,
    #[prost(string, tag = "2")]
    pub name: String,
}

/// `tensorflow.TensorShapeProto`: `repeated Dim dim = 2; bool unknown_rank = 3`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct TensorShapeProto {
    #[prost(message, repeated, tag = "2")]
    pub dim: Vec<Dim>,
    #[prost(bool, tag = "3")]
    pub unknown_rank: bool,
}

/// The part of `tensorflow.TensorProto` that `tf.io.serialize_tensor` writes for a float
/// tensor: `DataType dtype = 1; TensorShapeProto tensor_shape = 2; int32 version_number = 3;
/// bytes tensor_content = 4` (little-endian values, row-major). `float_val = 5` is read too,
/// so a decoder accepts tensors written either way.
#[derive(Clone, PartialEq, prost::Message)]
pub struct TensorProto {
    #[prost(int32, tag = "1")]
    pub dtype: i32,
    #[prost(message, optional, tag = "2")]
    pub tensor_shape: Option<TensorShapeProto>,
    #[prost(int32, tag = "3")]
    pub version_number: i32,
    #[prost(bytes = "vec", tag = "4")]
    pub tensor_content: Vec<u8>,
    #[prost(float, repeated, tag = "5")]
    pub float_val: Vec<f32>,
}

impl TensorProto {
    /// A float32 tensor of shape `[rows.len(), N]`, as `tf.io.serialize_tensor` writes it.
    pub fn float_matrix<const N: usize>(rows: &[[f32; N]]) -> Self {
        let mut content = Vec::with_capacity(rows.len() * N * 4);
        for row in rows {
            for v in row {
                content.extend_from_slice(&v.to_le_bytes());
            }
        }
        TensorProto {
            dtype: DT_FLOAT,
            tensor_shape: Some(TensorShapeProto {
                dim: vec![
                    Dim {
                        size: rows.len() as i64,
                        name: String::new(),
                    },
                    Dim {
                        size: N as i64,
                        name: String::new(),
                    },
                ],
                unknown_rank: false,
            }),
            version_number: 0,
            tensor_content: content,
            float_val: Vec::new(),
        }
    }
}
