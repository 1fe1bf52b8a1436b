//! `RootFile`: the file header, directories and keys, and reading objects by key.
//!
//! The file is read with positioned reads (`read_at`), never memory-mapped, so a file
//! truncated while being read gives an error instead of a SIGBUS; a `RootFile` is
//! `Send + Sync` and cheap to clone (shared handle), so threads read baskets concurrently.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::compression::{self, Compression};
use super::cursor::Cursor;
use super::error::{ErrorKind, KResult, Result, RootError, corrupt};
use super::key::{Key, parse_key_list};

/// The fixed part of the file header.
#[derive(Debug, Clone, PartialEq)]
pub struct FileHeader {
    /// ROOT version that wrote the file (e.g. 64000 for 6.40/00); >= 1000000 marks a file
    /// with 64-bit seeks, which is removed here.
    pub root_version: i32,
    /// True for the large-file (64-bit seeks) header variant.
    pub large: bool,
    /// Offset of the first key (the top directory).
    pub begin: u64,
    /// End of the file as written.
    pub end: u64,
    /// Bytes of the top directory's name record.
    pub nbytes_name: u32,
    /// The compression setting (`fCompress`).
    pub compress: i32,
    /// Offset of the streamer info record.
    pub seek_info: u64,
}

/// A key with its full path in the file (`recosimdumper/caloTree`).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyEntry {
    /// Directory path and name, `/`-separated.
    pub path: String,
    /// The key itself (class, cycle, sizes).
    pub key: Key,
}

#[derive(Debug)]
pub(crate) struct FileInner {
    pub(crate) path: PathBuf,
    source: Source,
    pub(crate) size: u64,
    header: FileHeader,
    top: Vec<Key>,
}

/// Where the bytes come from: a file read with positioned reads, or memory.
#[derive(Debug)]
enum Source {
    File(File),
    Memory(Vec<u8>),
}

/// An open ROOT file. Cloning shares the handle.
#[derive(Debug, Clone)]
pub struct RootFile {
    pub(crate) inner: Arc<FileInner>,
}

/// A parsed TDirectory record: where its key list is.
struct DirRecord {
    nbytes_keys: u32,
    seek_keys: u64,
}

fn parse_dir_record(buf: &[u8]) -> KResult<DirRecord> {
    let mut c = Cursor::new(buf, 0);
    let version = c.i16()?;
    let _ctime = c.u32()?;
    let _mtime = c.u32()?;
    let nbytes_keys = c.i32()?;
    let _nbytes_name = c.i32()?;
    let (_seek_dir, _seek_parent, seek_keys) = if version > 1000 {
        (c.i64()?, c.i64()?, c.i64()?)
    } else {
        (c.i32()? as i64, c.i32()? as i64, c.i32()? as i64)
    };
    if nbytes_keys < 0 || seek_keys < 0 {
        return Err(corrupt(format!(
            "directory record with negative key list position ({seek_keys}) or size \
             ({nbytes_keys})"
        )));
    }
    Ok(DirRecord {
        nbytes_keys: nbytes_keys as u32,
        seek_keys: seek_keys as u64,
    })
}

fn parse_header(buf: &[u8]) -> KResult<FileHeader> {
    let mut c = Cursor::new(buf, 0);
    if c.take(4)? != b"root" {
        return Err(ErrorKind::NotRoot);
    }
    let version = c.i32()?;
    let begin = c.i32()?;
    let large = version >= 1_000_000;
    let end = if large { c.i64()? } else { c.i32()? as i64 };
    let _seek_free = if large { c.i64()? } else { c.i32()? as i64 };
    let _nbytes_free = c.i32()?;
    let _nfree = c.i32()?;
    let nbytes_name = c.i32()?;
    let _units = c.u8()?;
    let compress = c.i32()?;
    let seek_info = if large { c.i64()? } else { c.i32()? as i64 };
    if begin <= 0 || end < 0 || nbytes_name < 0 || seek_info < 0 {
        return Err(corrupt(format!(
            "file header with impossible values (begin {begin}, end {end}, name bytes \
             {nbytes_name})"
        )));
    }
    Ok(FileHeader {
        root_version: version % 1_000_000,
        large,
        begin: begin as u64,
        end: end as u64,
        nbytes_name: nbytes_name as u32,
        compress,
        seek_info: seek_info as u64,
    })
}

impl RootFile {
    /// Opens a ROOT file: reads the header and the top directory's keys.
    ///
    /// Fails on empty, non-ROOT and truncated files (file shorter than the header's end).
    pub fn open(path: impl AsRef<Path>) -> Result<RootFile> {
        let path = path.as_ref().to_path_buf();
        let err = |kind: ErrorKind| RootError::new(&path, "", kind);
        let file = File::open(&path).map_err(|e| err(ErrorKind::Io(e)))?;
        let size = file.metadata().map_err(|e| err(ErrorKind::Io(e)))?.len();
        Self::from_source(path, Source::File(file), size)
    }

    /// A ROOT file held in memory; `name` stands for the path in messages.
    pub fn from_bytes(name: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<RootFile> {
        let size = bytes.len() as u64;
        Self::from_source(name.into(), Source::Memory(bytes), size)
    }

    fn from_source(path: PathBuf, source: Source, size: u64) -> Result<RootFile> {
        let err = |kind: ErrorKind| RootError::new(&path, "", kind);
        if size == 0 {
            return Err(err(ErrorKind::Empty));
        }
        let mut inner = FileInner {
            path,
            source,
            size,
            header: FileHeader {
                root_version: 0,
                large: false,
                begin: 0,
                end: 0,
                nbytes_name: 0,
                compress: 0,
                seek_info: 0,
            },
            top: Vec::new(),
        };
        let head = inner
            .read_at(0, size.min(128) as usize)
            .map_err(|k| inner.error("", k))?;
        inner.header = parse_header(&head).map_err(|k| match k {
            ErrorKind::Corrupt(m) if head.starts_with(b"root") => {
                inner.error("file header", ErrorKind::Truncated(m))
            }
            k => inner.error("file header", k),
        })?;
        if inner.header.end > size {
            return Err(inner.error(
                "",
                ErrorKind::Truncated(format!(
                    "the file has {size} bytes but its header says it ends at byte {} ({} \
                     bytes missing)",
                    inner.header.end,
                    inner.header.end - size
                )),
            ));
        }
        let dir_pos = inner.header.begin + inner.header.nbytes_name as u64;
        let rec_len = (size.saturating_sub(dir_pos)).min(64) as usize;
        let rec = inner
            .read_at(dir_pos, rec_len)
            .and_then(|b| parse_dir_record(&b))
            .map_err(|k| inner.error("top directory", k))?;
        inner.top = inner
            .read_key_list(&rec)
            .map_err(|k| inner.error("top directory keys", k))?;
        Ok(RootFile {
            inner: Arc::new(inner),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Size of the file in bytes.
    pub fn size(&self) -> u64 {
        self.inner.size
    }

    /// The file header.
    pub fn header(&self) -> &FileHeader {
        &self.inner.header
    }

    /// The file's compression setting.
    pub fn compression(&self) -> Compression {
        Compression::from_setting(self.inner.header.compress)
    }

    /// Every key of the file, directories recursed, in file order (all cycles).
    pub fn keys(&self) -> Result<Vec<KeyEntry>> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        self.inner
            .list_keys(&self.inner.top, "", &mut out, &mut seen)?;
        Ok(out)
    }

    /// The key at `path` (`dir/sub/name`, optionally `;cycle`); without a cycle the highest
    /// cycle wins.
    pub fn key(&self, path: &str) -> Result<Key> {
        self.inner.find_key(path)
    }

    /// The uncompressed bytes of the object behind `key`.
    pub fn read_object(&self, key: &Key) -> Result<Vec<u8>> {
        self.inner.read_object(key).map_err(|k| {
            self.inner
                .error(&format!("{} '{}'", key.class_name, key.name), k)
        })
    }
}

/// "a (TTree), b (TDirectory), ... and 230 more" — at most 12 names, one per name.
fn describe_keys(keys: &[Key]) -> String {
    let mut names: Vec<String> = Vec::new();
    for k in keys {
        let s = format!("{} ({})", k.name, k.class_name);
        if !names.contains(&s) {
            names.push(s);
        }
    }
    if names.is_empty() {
        return "nothing".into();
    }
    let n = names.len();
    if n > 12 {
        names.truncate(12);
        format!("{} and {} more", names.join(", "), n - 12)
    } else {
        names.join(", ")
    }
}

impl FileInner {
    /// An error about this file.
    pub(crate) fn error(&self, location: &str, kind: ErrorKind) -> RootError {
        RootError::new(&self.path, location, kind)
    }

    /// Reads `len` bytes at `pos`, failing with [`ErrorKind::Truncated`] past the end.
    pub(crate) fn read_at(&self, pos: u64, len: usize) -> KResult<Vec<u8>> {
        let mut buf = Vec::new();
        self.read_at_into(pos, len, &mut buf)?;
        Ok(buf)
    }

    /// As [`FileInner::read_at`], into `buf` (resized to `len`; its capacity is reused).
    pub(crate) fn read_at_into(&self, pos: u64, len: usize, buf: &mut Vec<u8>) -> KResult<()> {
        let end = pos.checked_add(len as u64);
        if end.is_none_or(|e| e > self.size) {
            return Err(ErrorKind::Truncated(format!(
                "{len} bytes at offset {pos} are past the end of the file ({} bytes)",
                self.size
            )));
        }
        buf.clear();
        match &self.source {
            Source::File(f) => {
                buf.resize(len, 0);
                f.read_exact_at(buf, pos)?;
            }
            Source::Memory(m) => buf.extend_from_slice(&m[pos as usize..pos as usize + len]),
        }
        Ok(())
    }

    fn read_key_list(&self, rec: &DirRecord) -> KResult<Vec<Key>> {
        if rec.seek_keys == 0 {
            return Ok(Vec::new());
        }
        let buf = self.read_at(rec.seek_keys, rec.nbytes_keys as usize)?;
        parse_key_list(&buf)
    }

    /// The uncompressed object of a key (read and decompressed).
    pub(crate) fn read_object(&self, key: &Key) -> KResult<Vec<u8>> {
        let raw = self.read_at(key.seek_key, key.nbytes as usize)?;
        let on_disk = Key::parse(&mut Cursor::new(&raw, 0))?;
        if on_disk.nbytes != key.nbytes || on_disk.obj_len != key.obj_len {
            return Err(corrupt(format!(
                "key header at offset {} does not match the directory entry for '{}'",
                key.seek_key, key.name
            )));
        }
        let data = &raw[key.key_len as usize..];
        if key.is_uncompressed() {
            Ok(data.to_vec())
        } else {
            compression::decompress(data, key.obj_len as usize)
        }
    }

    fn subdirectory_keys(&self, key: &Key) -> KResult<Vec<Key>> {
        let rec = self.read_object(key)?;
        let rec = parse_dir_record(&rec)?;
        self.read_key_list(&rec)
    }

    fn list_keys(
        &self,
        keys: &[Key],
        prefix: &str,
        out: &mut Vec<KeyEntry>,
        seen: &mut std::collections::HashSet<u64>,
    ) -> Result<()> {
        for k in keys {
            let path = format!("{prefix}{}", k.name);
            out.push(KeyEntry {
                path: path.clone(),
                key: k.clone(),
            });
            // Each directory is listed once, so corrupt self-references cannot loop.
            if k.is_directory() && seen.insert(k.seek_key) {
                let sub = self
                    .subdirectory_keys(k)
                    .map_err(|e| self.error(&format!("directory {path}"), e))?;
                self.list_keys(&sub, &format!("{path}/"), out, seen)?;
            }
        }
        Ok(())
    }

    pub(crate) fn find_key(&self, path: &str) -> Result<Key> {
        let (path_part, cycle) = match path.rsplit_once(';') {
            Some((p, c)) => match c.parse::<i16>() {
                Ok(c) => (p, Some(c)),
                Err(_) => (path, None),
            },
            None => (path, None),
        };
        let parts: Vec<&str> = path_part.split('/').filter(|s| !s.is_empty()).collect();
        if parts.is_empty() {
            return Err(self.error("", ErrorKind::NotFound("empty object path".into())));
        }
        let mut keys = self.top.clone();
        let mut walked = String::new();
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let want_cycle = if last { cycle } else { None };
            let found = keys
                .iter()
                .filter(|k| k.name == *part && want_cycle.is_none_or(|c| k.cycle == c))
                .max_by_key(|k| k.cycle)
                .cloned();
            let Some(k) = found else {
                let here = if walked.is_empty() {
                    "the top directory".to_string()
                } else {
                    format!("directory {walked}")
                };
                return Err(self.error(
                    "",
                    ErrorKind::NotFound(format!(
                        "no '{part}' in {here} while looking for '{path}' (it holds: {})",
                        describe_keys(&keys)
                    )),
                ));
            };
            if last {
                return Ok(k);
            }
            if !k.is_directory() {
                return Err(self.error(
                    "",
                    ErrorKind::NotFound(format!(
                        "'{part}' in '{path}' is a {}, not a directory",
                        k.class_name
                    )),
                ));
            }
            if !walked.is_empty() {
                walked.push('/');
            }
            walked.push_str(part);
            keys = self
                .subdirectory_keys(&k)
                .map_err(|e| self.error(&format!("directory {walked}"), e))?;
        }
        unreachable!("the loop returns on the last path element")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_file_headers() {
        let mut small = b"root".to_vec();
        small.extend(62206i32.to_be_bytes()); // version
        small.extend(100i32.to_be_bytes()); // begin
        small.extend(5000i32.to_be_bytes()); // end
        small.extend(4000i32.to_be_bytes()); // seek free
        small.extend(60i32.to_be_bytes()); // nbytes free
        small.extend(1i32.to_be_bytes()); // nfree
        small.extend(58i32.to_be_bytes()); // nbytes name
        small.push(4); // units
        small.extend(101i32.to_be_bytes()); // compress
        small.extend(3000i32.to_be_bytes()); // seek info
        let h = parse_header(&small).unwrap();
        assert_eq!(
            (
                h.root_version,
                h.large,
                h.begin,
                h.end,
                h.compress,
                h.seek_info
            ),
            (62206, false, 100, 5000, 101, 3000)
        );

        let mut large = b"root".to_vec();
        large.extend(1_064_000i32.to_be_bytes());
        large.extend(100i32.to_be_bytes());
        large.extend(5_000_000_000i64.to_be_bytes()); // end past 4 GB
        large.extend(4_999_000_000i64.to_be_bytes());
        large.extend(60i32.to_be_bytes());
        large.extend(1i32.to_be_bytes());
        large.extend(58i32.to_be_bytes());
        large.push(8);
        large.extend(505i32.to_be_bytes());
        large.extend(4_900_000_000i64.to_be_bytes());
        let h = parse_header(&large).unwrap();
        assert_eq!(
            (h.root_version, h.large, h.end, h.compress, h.seek_info),
            (64000, true, 5_000_000_000, 505, 4_900_000_000)
        );
        assert!(matches!(parse_header(b"xroot"), Err(ErrorKind::NotRoot)));
        assert!(parse_header(&large[..30]).is_err());
    }

    #[test]
    fn keys_with_64_bit_seeks() {
        let mut k = Vec::new();
        k.extend(1000i32.to_be_bytes()); // nbytes
        k.extend(1004i16.to_be_bytes()); // version > 1000: 64-bit seeks
        k.extend(2000i32.to_be_bytes()); // objlen
        k.extend(0u32.to_be_bytes()); // datime
        let key_len = 4 + 2 + 4 + 4 + 2 + 2 + 8 + 8 + 6 + 2 + 2;
        k.extend((key_len as i16).to_be_bytes());
        k.extend(3i16.to_be_bytes()); // cycle
        k.extend(6_000_000_000i64.to_be_bytes()); // seek key
        k.extend(100i64.to_be_bytes()); // seek pdir
        for s in ["TTree", "t", "x"] {
            k.push(s.len() as u8);
            k.extend(s.as_bytes());
        }
        let key = Key::parse(&mut Cursor::new(&k, 0)).unwrap();
        assert_eq!(key.seek_key, 6_000_000_000);
        assert_eq!(
            (key.cycle, key.obj_len, key.key_len as usize),
            (3, 2000, key_len)
        );
        assert_eq!(key.class_name, "TTree");
        assert!(!key.is_uncompressed());
    }
}
