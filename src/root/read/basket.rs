//! Loading one basket: its key and TBasket header, decompression, and the entry offsets
//! stored after the entry data.
//!
//! The byte buffers are recycled per thread ([`recycle`]), which saves the page faults of
//! allocating tens of MB per basket cluster.

use std::cell::RefCell;

use super::compression;
use super::cursor::Cursor;
use super::error::{KResult, corrupt};
use super::file::FileInner;
use super::key::Key;
use super::tree_meta::BasketInfo;

/// A loaded (uncompressed) basket.
#[derive(Debug)]
pub(crate) struct BasketData {
    buf: Vec<u8>,
    /// The compressed bytes, kept for recycling.
    raw: Option<Vec<u8>>,
    start: usize,
    border: usize,
    /// `nev + 1` offsets into the entry data, for variable-size entries.
    pub offsets: Option<Vec<usize>>,
    /// Entries in the basket.
    pub nev: usize,
}

impl BasketData {
    /// The entry data (without the offsets table).
    pub fn data(&self) -> &[u8] {
        &self.buf[self.start..self.start + self.border]
    }

    /// Bytes of entry `i` (requires offsets).
    pub fn entry(&self, i: usize) -> Option<&[u8]> {
        let o = self.offsets.as_ref()?;
        let (a, b) = (*o.get(i)?, *o.get(i + 1)?);
        self.data().get(a..b)
    }
}

thread_local! {
    /// Buffers of finished baskets, reused by the next ones on this thread.
    static POOL: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// At most this many buffers are kept per thread.
const POOL_SIZE: usize = 4;

fn take_buffer() -> Vec<u8> {
    POOL.with(|p| p.borrow_mut().pop()).unwrap_or_default()
}

fn give_buffer(b: Vec<u8>) {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() < POOL_SIZE {
            p.push(b);
        }
    });
}

/// Returns a basket's buffers to this thread's pool once it is decoded.
pub(crate) fn recycle(b: BasketData) {
    give_buffer(b.buf);
    if let Some(raw) = b.raw {
        give_buffer(raw);
    }
}

/// Size of the TBasket fields at the end of a basket's key header.
const BASKET_FIELDS: usize = 19;

/// Reads and decompresses the basket described by `info`.
pub(crate) fn load(file: &FileInner, info: &BasketInfo) -> KResult<BasketData> {
    let nev_expected = (info.end_entry - info.first_entry) as usize;
    if let Some(e) = &info.embedded {
        if e.nev != nev_expected {
            return Err(corrupt(format!(
                "embedded basket holds {} entries, the branch says {nev_expected}",
                e.nev
            )));
        }
        return Ok(BasketData {
            border: e.data.len(),
            buf: e.data.clone(),
            raw: None,
            start: 0,
            offsets: e.offsets.clone(),
            nev: e.nev,
        });
    }
    let mut raw = take_buffer();
    file.read_at_into(info.seek, info.bytes as usize, &mut raw)?;
    let mut c = Cursor::new(&raw, 0);
    let key = Key::parse(&mut c)?;
    if key.class_name != "TBasket" {
        return Err(corrupt(format!(
            "expected a TBasket key, found class '{}'",
            key.class_name
        )));
    }
    if key.nbytes != info.bytes {
        return Err(corrupt(format!(
            "basket key says {} bytes, the branch says {}",
            key.nbytes, info.bytes
        )));
    }
    let key_len = key.key_len as usize;
    if key_len < c.pos() + BASKET_FIELDS - 1 || key_len > raw.len() {
        return Err(corrupt(format!("basket key length {key_len}")));
    }
    c.seek(key_len - BASKET_FIELDS)?;
    let _version = c.u16()?;
    let _buffer_size = c.i32()?;
    let _nev_buf_size = c.i32()?;
    let nev = c.count("fNevBuf")?;
    let last = c.count("fLast")?;
    let _flag = c.u8()?;
    if nev != nev_expected {
        return Err(corrupt(format!(
            "basket holds {nev} entries, the branch says {nev_expected}"
        )));
    }
    let obj_len = key.obj_len as usize;
    if last < key_len || last - key_len > obj_len {
        return Err(corrupt(format!(
            "basket fLast {last} outside its {obj_len} bytes (key length {key_len})"
        )));
    }
    let border = last - key_len;
    let (buf, raw, start) = if key.is_uncompressed() {
        (raw, None, key_len)
    } else {
        let mut out = take_buffer();
        compression::decompress_into(&raw[key_len..], obj_len, &mut out)?;
        (out, Some(raw), 0)
    };
    let offsets = if border == obj_len {
        None
    } else {
        Some(entry_offsets(
            &buf[start + border..start + obj_len],
            nev,
            key_len,
            border,
        )?)
    };
    Ok(BasketData {
        buf,
        raw,
        start,
        border,
        offsets,
        nev,
    })
}

/// Parses the offsets table: a count, then offsets that include the key length; the end of
/// the last entry is the border between data and table.
fn entry_offsets(tail: &[u8], nev: usize, key_len: usize, border: usize) -> KResult<Vec<usize>> {
    let mut c = Cursor::new(tail, 0);
    let n = c.count("entry offsets count")?;
    if n < nev || n > c.remaining() / 4 + 1 {
        return Err(corrupt(format!(
            "basket entry offsets table has {n} entries for {nev} entries"
        )));
    }
    let mut out = Vec::with_capacity(nev + 1);
    let mut prev = 0usize;
    for i in 0..nev {
        let raw = c.i32()? as i64 - key_len as i64;
        if raw < prev as i64 || raw as usize > border {
            return Err(corrupt(format!(
                "basket entry {i} starts at byte {raw}, outside {prev}..={border}"
            )));
        }
        prev = raw as usize;
        out.push(prev);
    }
    out.push(border);
    Ok(out)
}
