//! TKey headers and key lists (the table of contents of a directory).

use super::cursor::Cursor;
use super::error::{KResult, corrupt};

/// One key of a directory: the header ROOT writes in front of every object.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// Total bytes of the key on disk (header + compressed object).
    pub nbytes: u32,
    /// Key format version (> 1000: 64-bit seeks).
    pub version: i16,
    /// Uncompressed size of the object.
    pub obj_len: u32,
    /// Length of the key header.
    pub key_len: u16,
    /// Cycle number (the highest one is the current object).
    pub cycle: i16,
    /// Where the key starts in the file.
    pub seek_key: u64,
    /// Where the parent directory's record is.
    pub seek_pdir: u64,
    /// Class of the object, e.g. `TTree`.
    pub class_name: String,
    /// Object name.
    pub name: String,
    /// Object title.
    pub title: String,
}

impl Key {
    /// Parses a key header at the cursor.
    pub(crate) fn parse(c: &mut Cursor<'_>) -> KResult<Key> {
        let start = c.pos();
        let nbytes = c.i32()?;
        let version = c.i16()?;
        let obj_len = c.i32()?;
        let _datime = c.u32()?;
        let key_len = c.i16()?;
        let cycle = c.i16()?;
        let (seek_key, seek_pdir) = if version > 1000 {
            (c.i64()?, c.i64()?)
        } else {
            (c.i32()? as i64, c.i32()? as i64)
        };
        let class_name = c.string()?;
        let name = c.string()?;
        let title = c.string()?;
        if nbytes < 0 || obj_len < 0 || key_len < 0 || seek_key < 0 || seek_pdir < 0 {
            return Err(corrupt(format!(
                "key at offset {start} has negative sizes or seeks (nbytes {nbytes}, objlen \
                 {obj_len}, keylen {key_len}, seek {seek_key})"
            )));
        }
        if (key_len as i64) > nbytes as i64 || (key_len as usize) < c.pos() - start {
            return Err(corrupt(format!(
                "key '{name}' has inconsistent lengths (nbytes {nbytes}, keylen {key_len})"
            )));
        }
        Ok(Key {
            nbytes: nbytes as u32,
            version,
            obj_len: obj_len as u32,
            key_len: key_len as u16,
            cycle,
            seek_key: seek_key as u64,
            seek_pdir: seek_pdir as u64,
            class_name,
            name,
            title,
        })
    }

    /// Bytes of the (possibly compressed) object after the header.
    pub fn data_len(&self) -> u32 {
        self.nbytes - self.key_len as u32
    }

    /// True when the object is stored uncompressed.
    pub fn is_uncompressed(&self) -> bool {
        self.data_len() == self.obj_len
    }

    /// True for directory keys.
    pub fn is_directory(&self) -> bool {
        matches!(self.class_name.as_str(), "TDirectory" | "TDirectoryFile")
    }
}

/// Parses a key list: a key header (of the list itself), a count, and that many keys.
pub(crate) fn parse_key_list(buf: &[u8]) -> KResult<Vec<Key>> {
    let mut c = Cursor::new(buf, 0);
    let own = Key::parse(&mut c)?;
    c.seek(own.key_len as usize)?;
    let n = c.count("number of keys")?;
    // A key header is at least 26 bytes: bound the count by the bytes present.
    if n > c.remaining() / 26 + 1 {
        return Err(corrupt(format!(
            "key list claims {n} keys in {} bytes",
            c.remaining()
        )));
    }
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        keys.push(Key::parse(&mut c)?);
    }
    Ok(keys)
}
