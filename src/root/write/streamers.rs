//! The "StreamerInfo" record: a TList of TStreamerInfo objects describing every class whose
//! objects the file holds, plus ROOT's schema-evolution rules for them ("listOfRules").
//!
//! The class descriptions are data (`streamer_table.rs`, generated from what ROOT 6.40
//! writes); this module serializes them in ROOT's layout. Which classes a file needs is
//! recorded as objects are written ([`ClassSet`]), in the order ROOT would list them.

use super::streamer_table::CLASSES;
use super::wbuf::WBuf;

/// Class version of TStreamerInfo written by ROOT 6.40.
const STREAMER_INFO_VERSION: i16 = 10;
/// TObject bits ROOT writes on a TStreamerInfo (`kCompiled` is cleared, BIT(16) set).
const STREAMER_INFO_BITS: u32 = 0x0001_0000;

/// Kind of a TStreamerElement and its kind-specific members.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ElemKind {
    Base {
        base_version: i32,
    },
    BasicType,
    BasicPointer {
        count_version: i32,
        count_name: &'static str,
        count_class: &'static str,
    },
    Object,
    ObjectAny,
    ObjectPointer,
    String,
    Stl {
        stl_type: i32,
        ctype: i32,
    },
}

/// One TStreamerElement as ROOT writes it.
#[derive(Debug)]
pub(crate) struct ElemDesc {
    pub kind: ElemKind,
    pub name: &'static str,
    pub title: &'static str,
    pub ty: i32,
    pub size: i32,
    pub array_length: i32,
    pub array_dim: i32,
    pub max_index: [i32; 5],
    pub type_name: &'static str,
}

/// One TStreamerInfo: a class, its version and checksum, its members and its read rules.
#[derive(Debug)]
pub(crate) struct ClassDesc {
    pub name: &'static str,
    pub version: i32,
    pub checksum: u32,
    pub rules: &'static [&'static str],
    pub elements: &'static [ElemDesc],
}

impl ElemKind {
    fn class_name(&self) -> &'static str {
        match self {
            ElemKind::Base { .. } => "TStreamerBase",
            ElemKind::BasicType => "TStreamerBasicType",
            ElemKind::BasicPointer { .. } => "TStreamerBasicPointer",
            ElemKind::Object => "TStreamerObject",
            ElemKind::ObjectAny => "TStreamerObjectAny",
            ElemKind::ObjectPointer => "TStreamerObjectPointer",
            ElemKind::String => "TStreamerString",
            ElemKind::Stl { .. } => "TStreamerSTL",
        }
    }

    fn class_version(&self) -> i16 {
        match self {
            ElemKind::Base { .. } | ElemKind::Stl { .. } => 3,
            _ => 2,
        }
    }
}

/// Classes described for a TTree, before its branch and leaf classes.
pub(crate) const TREE_HEAD: &[&str] = &[
    "TTree",
    "TNamed",
    "TObject",
    "TAttLine",
    "TAttFill",
    "TAttMarker",
    "ROOT::TIOFeatures",
];
/// Classes described for a TTree, after its branch and leaf classes.
pub(crate) const TREE_TAIL: &[&str] = &[
    "TList",
    "TSeqCollection",
    "TCollection",
    "TString",
    "TBranchRef",
    "TRefTable",
    "TObjArray",
];
/// Classes described for a TH2F.
pub(crate) const TH2F_CLASSES: &[&str] = &[
    "TH2F",
    "TH2",
    "TH1",
    "TNamed",
    "TObject",
    "TAttLine",
    "TAttFill",
    "TAttMarker",
    "TAxis",
    "TAttAxis",
    "THashList",
    "TList",
    "TSeqCollection",
    "TCollection",
    "TString",
];

/// The classes a file needs, in first-use order.
#[derive(Debug, Default, Clone)]
pub(crate) struct ClassSet {
    names: Vec<&'static str>,
}

impl ClassSet {
    /// Records classes (ignoring those already recorded).
    pub(crate) fn add(&mut self, names: &[&'static str]) {
        for n in names {
            if !self.names.contains(n) {
                self.names.push(n);
            }
        }
    }

    /// Serializes the StreamerInfo TList (payload of the "StreamerInfo" key).
    pub(crate) fn serialize(&self, key_len: u32) -> WBuf {
        let descs: Vec<&ClassDesc> = self
            .names
            .iter()
            .map(|n| {
                CLASSES
                    .iter()
                    .find(|c| c.name == *n)
                    .unwrap_or_else(|| panic!("class {n} missing from streamer_table.rs"))
            })
            .collect();
        let rules: Vec<&str> = descs.iter().flat_map(|c| c.rules.iter().copied()).collect();

        let mut b = WBuf::new(key_len);
        let m = b.begin(5); // TList
        b.tobject(0);
        b.tstring("");
        b.i32((descs.len() + usize::from(!rules.is_empty())) as i32);
        for c in &descs {
            write_info(&mut b, c);
            b.tstring(""); // option
        }
        if !rules.is_empty() {
            let (mo, _) = b.begin_object("TList");
            let ml = b.begin(5);
            b.tobject(0x4000); // kIsOwner
            b.tstring("listOfRules");
            b.i32(rules.len() as i32);
            for r in &rules {
                let (mr, _) = b.begin_object("TObjString");
                let ms = b.begin(1);
                b.tobject(0);
                b.tstring(r);
                b.end(ms);
                b.end(mr);
                b.tstring("");
            }
            b.end(ml);
            b.end(mo);
            b.tstring("");
        }
        b.end(m);
        b
    }
}

fn write_info(b: &mut WBuf, c: &ClassDesc) {
    let (mo, _) = b.begin_object("TStreamerInfo");
    let m = b.begin(STREAMER_INFO_VERSION);
    b.tnamed(c.name, "", STREAMER_INFO_BITS);
    b.u32(c.checksum);
    b.i32(c.version);
    let (ma, _) = b.begin_object("TObjArray");
    let mt = b.begin(3);
    b.tobject(0);
    b.tstring("");
    b.i32(c.elements.len() as i32);
    b.i32(0);
    for e in c.elements {
        write_element(b, e);
    }
    b.end(mt);
    b.end(ma);
    b.end(m);
    b.end(mo);
}

fn write_element(b: &mut WBuf, e: &ElemDesc) {
    let (mo, _) = b.begin_object(e.kind.class_name());
    let m = b.begin(e.kind.class_version());
    let me = b.begin(4); // TStreamerElement
    b.tnamed(e.name, e.title, 0);
    b.i32(e.ty);
    b.i32(e.size);
    b.i32(e.array_length);
    b.i32(e.array_dim);
    for v in e.max_index {
        b.i32(v);
    }
    b.tstring(e.type_name);
    b.end(me);
    match e.kind {
        ElemKind::Base { base_version } => b.i32(base_version),
        ElemKind::BasicPointer {
            count_version,
            count_name,
            count_class,
        } => {
            b.i32(count_version);
            b.tstring(count_name);
            b.tstring(count_class);
        }
        ElemKind::Stl { stl_type, ctype } => {
            b.i32(stl_type);
            b.i32(ctype);
        }
        _ => {}
    }
    b.end(m);
    b.end(mo);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_class_is_in_the_table() {
        let mut s = ClassSet::default();
        s.add(TREE_HEAD);
        s.add(&["TBranch", "TBranchElement", "TLeafElement", "TLeaf"]);
        s.add(&["TLeafI", "TLeafL", "TLeafF", "TLeafD"]);
        s.add(TREE_TAIL);
        s.add(TH2F_CLASSES);
        let b = s.serialize(64);
        assert!(b.into_inner().len() > 1000);
    }
}
