//! A big-endian output buffer that knows ROOT's object-serialization conventions: byte
//! counts, class versions, TStrings, and the class/object reference map of `WriteObjectAny`.
//!
//! Offsets in ROOT's reference map count from the start of the key (the key header is
//! serialized into the same buffer before the object), so a buffer is created with the
//! key length as its `displacement`.

use std::collections::HashMap;

/// `kByteCountMask`: marks a 4-byte word as a byte count.
pub(crate) const BYTE_COUNT_MASK: u32 = 0x4000_0000;
/// `kNewClassTag`: a class name follows.
const NEW_CLASS_TAG: u32 = 0xFFFF_FFFF;
/// `kClassMask`: a reference to a class already written.
const CLASS_MASK: u32 = 0x8000_0000;
/// `kMapOffset`: ROOT stores reference offsets shifted by 2.
const MAP_OFFSET: u32 = 2;

/// Position of a reserved byte-count word, closed by [`WBuf::end`].
#[derive(Debug, Clone, Copy)]
#[must_use = "a byte count must be closed with WBuf::end"]
pub(crate) struct Mark(usize);

/// Output buffer for one serialized object (a key payload).
#[derive(Debug, Default)]
pub(crate) struct WBuf {
    data: Vec<u8>,
    displacement: u32,
    classes: HashMap<&'static str, u32>,
}

impl WBuf {
    /// A buffer whose first byte sits `displacement` bytes after the start of its key.
    pub(crate) fn new(displacement: u32) -> WBuf {
        WBuf {
            data: Vec::new(),
            displacement,
            classes: HashMap::new(),
        }
    }

    pub(crate) fn into_inner(self) -> Vec<u8> {
        self.data
    }

    /// Offset of the next byte from the start of the key, as ROOT's reference map counts it.
    fn key_pos(&self) -> u32 {
        self.displacement + self.data.len() as u32
    }

    pub(crate) fn u8(&mut self, v: u8) {
        self.data.push(v);
    }
    pub(crate) fn bool(&mut self, v: bool) {
        self.data.push(v as u8);
    }
    pub(crate) fn i16(&mut self, v: i16) {
        self.data.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn u16(&mut self, v: u16) {
        self.data.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn i32(&mut self, v: i32) {
        self.data.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.data.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.data.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn f32(&mut self, v: f32) {
        self.data.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn f64(&mut self, v: f64) {
        self.data.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn bytes(&mut self, v: &[u8]) {
        self.data.extend_from_slice(v);
    }

    /// A TString: one length byte, or 255 and a 4-byte length, then the bytes.
    pub(crate) fn tstring(&mut self, s: &str) {
        put_tstring(&mut self.data, s);
    }

    /// Reserves a byte count and writes a class version (`TBuffer::WriteVersion(cl, kTRUE)`).
    pub(crate) fn begin(&mut self, version: i16) -> Mark {
        let m = Mark(self.data.len());
        self.u32(0);
        self.i16(version);
        m
    }

    /// Closes a byte count opened by [`WBuf::begin`] or [`WBuf::begin_object`].
    pub(crate) fn end(&mut self, m: Mark) {
        let n = (self.data.len() - m.0 - 4) as u32;
        self.data[m.0..m.0 + 4].copy_from_slice(&(n | BYTE_COUNT_MASK).to_be_bytes());
    }

    /// Starts an object written through a pointer (`WriteObjectAny`): byte count, then the
    /// class name the first time the class appears in this buffer or a reference to it.
    /// Returns the mark to close and the object's reference tag (for later references).
    pub(crate) fn begin_object(&mut self, class: &'static str) -> (Mark, u32) {
        let m = Mark(self.data.len());
        let obj_tag = self.key_pos() + MAP_OFFSET;
        self.u32(0);
        if let Some(&tag) = self.classes.get(class) {
            self.u32(tag | CLASS_MASK);
        } else {
            let tag = self.key_pos() + MAP_OFFSET;
            self.classes.insert(class, tag);
            self.u32(NEW_CLASS_TAG);
            self.bytes(class.as_bytes());
            self.u8(0);
        }
        (m, obj_tag)
    }

    /// A reference to an object already written in this buffer.
    pub(crate) fn object_ref(&mut self, tag: u32) {
        self.u32(tag);
    }

    /// A null pointer.
    pub(crate) fn null_pointer(&mut self) {
        self.u32(0);
    }

    /// TObject streamer: version 1, fUniqueID, fBits.
    pub(crate) fn tobject(&mut self, bits: u32) {
        self.i16(1);
        self.u32(0);
        self.u32(bits);
    }

    /// TNamed streamer (version 1) with the given TObject bits.
    pub(crate) fn tnamed(&mut self, name: &str, title: &str, bits: u32) {
        let m = self.begin(1);
        self.tobject(bits);
        self.tstring(name);
        self.tstring(title);
        self.end(m);
    }
}

/// Appends a TString to a byte vector.
pub(crate) fn put_tstring(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    if b.len() < 255 {
        out.push(b.len() as u8);
    } else {
        out.push(255);
        out.extend_from_slice(&(b.len() as u32).to_be_bytes());
    }
    out.extend_from_slice(b);
}

/// Serialized length of a TString.
pub(crate) fn tstring_len(s: &str) -> usize {
    let n = s.len();
    if n < 255 { 1 + n } else { 5 + n }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_count_and_class_tags() {
        let mut b = WBuf::new(10);
        let (m, tag) = b.begin_object("TFoo");
        b.u8(7);
        b.end(m);
        assert_eq!(tag, 12);
        let (m2, _) = b.begin_object("TFoo");
        b.end(m2);
        let d = b.into_inner();
        assert_eq!(&d[0..4], &(0x4000_0000u32 | 10).to_be_bytes());
        assert_eq!(&d[4..8], &[0xff; 4]);
        assert_eq!(&d[8..13], b"TFoo\0");
        // class tag = position of 0xffffffff (10 + 4) + 2, with the class mask
        assert_eq!(&d[18..22], &(0x8000_0000u32 | 16).to_be_bytes());
    }

    #[test]
    fn long_tstring() {
        let s = "x".repeat(300);
        let mut v = Vec::new();
        put_tstring(&mut v, &s);
        assert_eq!(v[0], 255);
        assert_eq!(&v[1..5], &300u32.to_be_bytes());
        assert_eq!(v.len(), tstring_len(&s));
    }
}
