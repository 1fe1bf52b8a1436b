//! A bounds-checked big-endian reader over a byte buffer, with ROOT's serialization
//! primitives: strings, byte-count + version headers, and `ReadObjectAny` class tags.
//!
//! Every read checks the buffer length first and fails with [`ErrorKind::Corrupt`]; no
//! read allocates more than the bytes actually present.

use std::collections::HashMap;

use super::error::{KResult, corrupt};

/// Flag marking a byte count (`u32`) in front of a version.
pub(crate) const K_BYTE_COUNT_MASK: u32 = 0x4000_0000;
/// Tag announcing a new class name in `ReadObjectAny`.
pub(crate) const K_NEW_CLASS_TAG: u32 = 0xFFFF_FFFF;
/// Flag marking a class reference in `ReadObjectAny`.
pub(crate) const K_CLASS_MASK: u32 = 0x8000_0000;
/// The first two map entries are taken by the null and the self object.
pub(crate) const K_MAP_OFFSET: u32 = 2;
/// `TObject::fBits` flag: a process id follows.
const K_IS_REFERENCED: u32 = 1 << 4;

/// The start of a streamed object: its version and, when there is a byte count, where it
/// ends.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ObjHeader {
    pub version: i16,
    /// Buffer position one past the object's last byte, when a byte count was written.
    pub end: Option<usize>,
}

/// What `ReadObjectAny` found.
#[derive(Debug, Clone)]
pub(crate) enum AnyObject {
    /// A null pointer.
    Null,
    /// A reference to an object already read (we never need its value).
    Reference,
    /// A new object of `class`, whose data starts at the cursor and ends at `end`.
    New { class: String, end: usize },
}

/// A big-endian cursor. `origin` is added to positions to form ROOT's "displacement" (the
/// position within the object's key, which class-tag references use).
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
    origin: usize,
}

macro_rules! be_reader {
    ($name:ident, $t:ty) => {
        #[allow(dead_code)]
        pub fn $name(&mut self) -> KResult<$t> {
            let b = self.take(std::mem::size_of::<$t>())?;
            let mut a = [0u8; std::mem::size_of::<$t>()];
            a.copy_from_slice(b);
            Ok(<$t>::from_be_bytes(a))
        }
    };
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `buf`; `origin` is the key length for object buffers (so
    /// that class-tag references resolve), 0 otherwise.
    pub fn new(buf: &'a [u8], origin: usize) -> Self {
        Cursor {
            buf,
            pos: 0,
            origin,
        }
    }

    /// Current position in the buffer.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Bytes left.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The whole buffer.
    #[allow(dead_code)]
    pub fn buffer(&self) -> &'a [u8] {
        self.buf
    }

    /// Moves to `pos` (which may equal the buffer length).
    pub fn seek(&mut self, pos: usize) -> KResult<()> {
        if pos > self.buf.len() {
            return Err(corrupt(format!(
                "jump to offset {pos} past the end of a {}-byte buffer",
                self.buf.len()
            )));
        }
        self.pos = pos;
        Ok(())
    }

    /// Skips `n` bytes.
    pub fn skip(&mut self, n: usize) -> KResult<()> {
        self.take(n).map(|_| ())
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> KResult<&'a [u8]> {
        if n > self.remaining() {
            return Err(corrupt(format!(
                "read of {n} bytes at offset {} past the end of a {}-byte buffer",
                self.pos,
                self.buf.len()
            )));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    be_reader!(u8, u8);
    be_reader!(i16, i16);
    be_reader!(u16, u16);
    be_reader!(i32, i32);
    be_reader!(u32, u32);
    be_reader!(i64, i64);
    be_reader!(u64, u64);
    be_reader!(f32, f32);
    be_reader!(f64, f64);

    /// A non-negative `i32` used as a count or size.
    pub fn count(&mut self, what: &str) -> KResult<usize> {
        let n = self.i32()?;
        usize::try_from(n).map_err(|_| corrupt(format!("negative {what} ({n})")))
    }

    /// A TString: one length byte, or 255 and a 4-byte length, then the characters.
    pub fn string(&mut self) -> KResult<String> {
        let short = self.u8()?;
        let n = if short == 255 {
            self.count("string length")?
        } else {
            short as usize
        };
        let bytes = self.take(n)?;
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }

    /// A NUL-terminated C string (class names in `ReadObjectAny`).
    pub fn cstring(&mut self) -> KResult<String> {
        let rest = &self.buf[self.pos..];
        let n = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| corrupt("unterminated class name"))?;
        let s = String::from_utf8_lossy(&rest[..n]).into_owned();
        self.pos += n + 1;
        Ok(s)
    }

    /// A byte count (when flagged) and a version.
    pub fn header(&mut self) -> KResult<ObjHeader> {
        let start = self.pos;
        let first = if self.remaining() >= 4 {
            self.u32()?
        } else {
            0
        };
        if first & K_BYTE_COUNT_MASK != 0 {
            let n = (first & !K_BYTE_COUNT_MASK) as usize;
            let end = start + 4 + n;
            if end > self.buf.len() {
                return Err(corrupt(format!(
                    "object at offset {start} claims {n} bytes, past the end of a {}-byte \
                     buffer",
                    self.buf.len()
                )));
            }
            let version = self.i16()?;
            Ok(ObjHeader {
                version,
                end: Some(end),
            })
        } else {
            self.pos = start;
            let version = self.i16()?;
            Ok(ObjHeader { version, end: None })
        }
    }

    /// Jumps to the end of an object read with [`Cursor::header`].
    pub fn skip_object(&mut self, h: &ObjHeader, class: &str) -> KResult<()> {
        match h.end {
            Some(end) if end >= self.pos => self.seek(end),
            Some(end) => Err(corrupt(format!(
                "{class} read past its end (offset {} > {end})",
                self.pos
            ))),
            None => Err(corrupt(format!(
                "{class} has no byte count, cannot skip it"
            ))),
        }
    }

    /// Skips a whole object that has a byte count (TAttLine, TIOFeatures, ...).
    pub fn skip_versioned(&mut self, class: &str) -> KResult<ObjHeader> {
        let h = self.header()?;
        self.skip_object(&h, class)?;
        Ok(h)
    }

    /// TObject: version, fUniqueID, fBits and the process id when referenced.
    pub fn tobject(&mut self) -> KResult<()> {
        let version = self.i16()?;
        if version as u16 & 0x4000 != 0 {
            self.skip(4)?;
        }
        let _unique_id = self.u32()?;
        let bits = self.u32()?;
        if bits & K_IS_REFERENCED != 0 {
            self.skip(2)?;
        }
        Ok(())
    }

    /// TNamed: returns (fName, fTitle).
    pub fn tnamed(&mut self) -> KResult<(String, String)> {
        let h = self.header()?;
        self.tobject()?;
        let name = self.string()?;
        let title = self.string()?;
        if h.end.is_some() {
            self.skip_object(&h, "TNamed")?;
        }
        Ok((name, title))
    }

    /// `TBufferFile::ReadObjectAny`: a null pointer, a reference, or a new object whose
    /// class (new or referenced) is returned with the object's end. `classes` maps tag
    /// positions to class names for the buffer being read.
    pub fn object_any(&mut self, classes: &mut HashMap<u32, String>) -> KResult<AnyObject> {
        let beg = self.pos;
        let first = self.u32()?;
        let (tag, end) = if first & K_BYTE_COUNT_MASK == 0 || first == K_NEW_CLASS_TAG {
            (first, None)
        } else {
            let n = (first & !K_BYTE_COUNT_MASK) as usize;
            let end = beg + 4 + n;
            if end > self.buf.len() {
                return Err(corrupt(format!(
                    "object at offset {beg} claims {n} bytes, past the end of a {}-byte \
                     buffer",
                    self.buf.len()
                )));
            }
            (self.u32()?, Some(end))
        };
        let tag_pos = if end.is_some() { beg + 4 } else { beg };
        if tag & K_CLASS_MASK == 0 {
            if tag == 0 {
                return Ok(AnyObject::Null);
            }
            if let Some(end) = end {
                self.seek(end)?;
            }
            return Ok(AnyObject::Reference);
        }
        let class = if tag == K_NEW_CLASS_TAG {
            let name = self.cstring()?;
            let key = (tag_pos + self.origin) as u32 + K_MAP_OFFSET;
            classes.insert(key, name.clone());
            name
        } else {
            let r = tag & !K_CLASS_MASK;
            classes
                .get(&r)
                .cloned()
                .ok_or_else(|| corrupt(format!("class reference {r} to no known class")))?
        };
        let end =
            end.ok_or_else(|| corrupt(format!("object of class {class} without byte count")))?;
        if end < self.pos {
            return Err(corrupt(format!(
                "object of class {class} ends before its data"
            )));
        }
        Ok(AnyObject::New { class, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounded() {
        let mut c = Cursor::new(&[0, 1, 2], 0);
        assert_eq!(c.u16().unwrap(), 1);
        assert!(c.u32().is_err());
        assert_eq!(c.u8().unwrap(), 2);
        assert!(c.u8().is_err());
    }

    #[test]
    fn strings_short_and_long() {
        let mut c = Cursor::new(&[3, b'a', b'b', b'c', 5, b'x'], 0);
        assert_eq!(c.string().unwrap(), "abc");
        assert!(c.string().is_err());
        let mut long = vec![255, 0, 0, 1, 0];
        long.extend(std::iter::repeat_n(b'z', 256));
        assert_eq!(Cursor::new(&long, 0).string().unwrap().len(), 256);
        let huge = [255, 0x7f, 0xff, 0xff, 0xff];
        assert!(Cursor::new(&huge, 0).string().is_err());
    }

    #[test]
    fn header_with_and_without_count() {
        let b = [0x40, 0, 0, 2, 0, 7];
        let h = Cursor::new(&b, 0).header().unwrap();
        assert_eq!((h.version, h.end), (7, Some(6)));
        let b = [0x40, 0, 0, 9, 0, 7];
        assert!(Cursor::new(&b, 0).header().is_err());
        let b = [0, 3];
        let h = Cursor::new(&b, 0).header().unwrap();
        assert_eq!((h.version, h.end), (3, None));
    }
}
