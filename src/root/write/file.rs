//! The file level: header, keys, directories, key lists, the StreamerInfo record, the free
//! segments record, the temporary name and the final atomic rename.
//!
//! Layout (the order ROOT itself uses): header (100 bytes), the TFile key holding the top
//! directory, then subdirectory keys and objects as they are written (baskets, TTree
//! metadata, histograms); at [`RootWriter::close`]: the StreamerInfo record, the key list
//! of each directory (parents before children), the free segments record; then the directory records and the header are rewritten in place with the final
//! seeks and the file is renamed to its final name.
//!
//! Determinism: every key and directory carries the same fixed date ([`DATIME`],
//! 2024-01-01 00:00:00) and each directory's UUID is a hash of the file's base name and the
//! directory path, so the same content always gives byte-identical files.
//!
//! Large files: keys that start past 2,000,000,000 bytes (ROOT's `kStartBigFile`) get the
//! 64-bit key format (version 1004), directory records with a seek past it get version
//! 1005, and the header switches to the 64-bit format when the file ends past it, as ROOT
//! does. Baskets always use 64-bit keys, as ROOT writes them.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::WriteError;
use super::compress::{Compression, compress};
use super::streamers::ClassSet;
use super::wbuf::{put_tstring, tstring_len};

/// ROOT's `kStartBigFile`: seeks past this need the 64-bit formats.
pub(crate) const START_BIG_FILE: u64 = 2_000_000_000;
/// Offset of the first key (`fBEGIN`).
const BEGIN: u64 = 100;
/// File format version written in the header (ROOT 6.40.00).
const ROOT_VERSION: i32 = 64000;
/// The fixed date of every key and directory: 2024-01-01 00:00:00 in ROOT's TDatime packing
/// `(year-1995)<<26 | month<<22 | day<<17 | hour<<12 | minute<<6 | second`.
pub const DATIME: u32 = (29 << 26) | (1 << 22) | (1 << 17);
/// Size of a directory record without the UUID (version, dates, sizes, three 32-bit seeks,
/// and three 32-bit words of padding so that the 64-bit form has the same size).
const DIR_RECORD_LEN: usize = 2 + 4 + 4 + 4 + 4 + 12 + 18 + 12;

/// Options of [`RootWriter::create_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriterOptions {
    /// Compression of every object and basket.
    pub compression: Compression,
    /// Write the 64-bit ("big file") header, keys and directory records from the start,
    /// as ROOT does for files past 2 GB. Readers must accept it on small files too; it is
    /// mostly useful to test that they do.
    pub force_64bit: bool,
}

/// One key header, as written in front of its object and copied into key lists.
#[derive(Debug, Clone)]
pub(crate) struct KeyHeader {
    pub nbytes: i32,
    pub objlen: i32,
    pub keylen: u16,
    pub cycle: i16,
    pub seek_key: u64,
    pub seek_pdir: u64,
    pub class: String,
    pub name: String,
    pub title: String,
    pub big: bool,
}

impl KeyHeader {
    /// Key length for these strings (without any class-specific extension).
    pub(crate) fn len_for(class: &str, name: &str, title: &str, big: bool) -> usize {
        18 + if big { 16 } else { 8 } + tstring_len(class) + tstring_len(name) + tstring_len(title)
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.nbytes.to_be_bytes());
        out.extend_from_slice(&(if self.big { 1004i16 } else { 4i16 }).to_be_bytes());
        out.extend_from_slice(&self.objlen.to_be_bytes());
        out.extend_from_slice(&DATIME.to_be_bytes());
        out.extend_from_slice(&(self.keylen as i16).to_be_bytes());
        out.extend_from_slice(&self.cycle.to_be_bytes());
        if self.big {
            out.extend_from_slice(&(self.seek_key as i64).to_be_bytes());
            out.extend_from_slice(&(self.seek_pdir as i64).to_be_bytes());
        } else {
            out.extend_from_slice(&(self.seek_key as i32).to_be_bytes());
            out.extend_from_slice(&(self.seek_pdir as i32).to_be_bytes());
        }
        put_tstring(out, &self.class);
        put_tstring(out, &self.name);
        put_tstring(out, &self.title);
    }
}

/// What the caller asks of a new key; see [`RootWriter::put_key`].
pub(crate) struct KeySpec<'a> {
    pub class: &'a str,
    pub name: &'a str,
    pub title: &'a str,
    pub cycle: i16,
    pub seek_pdir: u64,
    pub big: bool,
    /// Bytes appended to the key header (the TBasket header fields).
    pub extra: &'a [u8],
}

/// A directory: the top one (index 0, the TFile) or a subdirectory.
#[derive(Debug)]
pub(crate) struct Dir {
    pub name: String,
    pub title: String,
    pub path: String,
    pub parent: Option<usize>,
    /// Position of the key holding the directory record.
    pub seek_dir: u64,
    /// Header of that key (for subdirectories; copied into the parent's key list).
    pub key: Option<KeyHeader>,
    /// `fNbytesName`: key length (plus the name and title TStrings for the top directory).
    pub nbytes_name: i32,
    pub keys: Vec<KeyHeader>,
    pub uuid: [u8; 16],
    /// Key list, once written at close.
    seek_keys: u64,
    nbytes_keys: i32,
}

/// Writes one ROOT file. See the module documentation of [`crate::root::write`].
///
/// The file is written under a temporary name in the same directory
/// (`.<name>.part-<pid>`); [`RootWriter::close`] finalizes it and renames it atomically to
/// its final name. Dropping a writer without closing it removes the temporary file, so an
/// interrupted run never leaves a half-written file under the final name.
pub struct RootWriter {
    final_path: PathBuf,
    tmp_path: PathBuf,
    file: Option<BufWriter<File>>,
    end: u64,
    pub(crate) compression: Compression,
    force_big: bool,
    file_name: String,
    title: String,
    pub(crate) dirs: Vec<Dir>,
    pub(crate) classes: ClassSet,
    /// Name of a tree started and not finished (its metadata would be lost at close).
    pub(crate) open_tree: Option<String>,
    /// Set once the file has its final name.
    renamed: bool,
}

impl std::fmt::Debug for RootWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RootWriter")
            .field("path", &self.final_path)
            .field("end", &self.end)
            .field("compression", &self.compression)
            .finish_non_exhaustive()
    }
}

impl RootWriter {
    /// Creates a writer for `path` with the given compression.
    pub fn create(
        path: impl AsRef<Path>,
        compression: Compression,
    ) -> Result<RootWriter, WriteError> {
        Self::create_with(
            path,
            WriterOptions {
                compression,
                force_64bit: false,
            },
        )
    }

    /// Creates a writer for `path` with [`WriterOptions`].
    pub fn create_with(
        path: impl AsRef<Path>,
        options: WriterOptions,
    ) -> Result<RootWriter, WriteError> {
        let final_path = path.as_ref().to_path_buf();
        options
            .compression
            .validate()
            .map_err(|message| WriteError::Invalid {
                path: final_path.clone(),
                message,
            })?;
        let file_name = final_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| WriteError::Invalid {
                path: final_path.clone(),
                message: "the path has no file name".into(),
            })?;
        let dir = match final_path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp_path = dir.join(format!(".{file_name}.part-{}", std::process::id()));
        let file = File::create(&tmp_path).map_err(|source| WriteError::Io {
            path: final_path.clone(),
            what: format!("cannot create the temporary file {}", tmp_path.display()),
            source,
        })?;
        let mut w = RootWriter {
            final_path,
            tmp_path,
            file: Some(BufWriter::with_capacity(1 << 20, file)),
            end: 0,
            compression: options.compression,
            force_big: options.force_64bit,
            file_name: file_name.clone(),
            title: String::new(),
            dirs: Vec::new(),
            classes: ClassSet::default(),
            open_tree: None,
            renamed: false,
        };
        // Header placeholder, then the TFile key (rewritten at close with final values).
        w.append(&[0u8; BEGIN as usize])?;
        let big = w.force_big;
        let keylen = KeyHeader::len_for("TFile", &file_name, "", big);
        let nbytes_name = keylen + tstring_len(&file_name) + tstring_len("");
        let objlen = tstring_len(&file_name) + tstring_len("") + DIR_RECORD_LEN;
        let key = KeyHeader {
            nbytes: (keylen + objlen) as i32,
            objlen: objlen as i32,
            keylen: keylen as u16,
            cycle: 1,
            seek_key: BEGIN,
            seek_pdir: 0,
            class: "TFile".into(),
            name: file_name.clone(),
            title: String::new(),
            big,
        };
        w.dirs.push(Dir {
            name: file_name.clone(),
            title: String::new(),
            path: String::new(),
            parent: None,
            seek_dir: BEGIN,
            key: Some(key),
            nbytes_name: nbytes_name as i32,
            keys: Vec::new(),
            uuid: uuid_for(&file_name, ""),
            seek_keys: 0,
            nbytes_keys: 0,
        });
        let rec = w.top_record();
        w.append(&rec)?;
        Ok(w)
    }

    /// The final path of the file.
    pub fn path(&self) -> &Path {
        &self.final_path
    }

    /// Bytes written so far (the current end of the file).
    pub fn bytes_written(&self) -> u64 {
        self.end
    }

    pub(crate) fn io_err(
        &self,
        what: impl Into<String>,
    ) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
        let what = what.into();
        move |source| WriteError::Io {
            path: self.final_path.clone(),
            what,
            source,
        }
    }

    pub(crate) fn invalid(&self, message: impl Into<String>) -> WriteError {
        WriteError::Invalid {
            path: self.final_path.clone(),
            message: message.into(),
        }
    }

    /// Whether a key starting at the current end of file uses the 64-bit format.
    pub(crate) fn next_key_is_big(&self) -> bool {
        self.force_big || self.end > START_BIG_FILE
    }

    fn append(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        let path = &self.final_path;
        let f = self.file.as_mut().expect("file open until close");
        f.write_all(bytes).map_err(|source| WriteError::Io {
            path: path.clone(),
            what: "cannot write".into(),
            source,
        })?;
        self.end += bytes.len() as u64;
        Ok(())
    }

    fn overwrite(&mut self, at: u64, bytes: &[u8]) -> Result<(), WriteError> {
        let path = &self.final_path;
        let end = self.end;
        let f = self.file.as_mut().expect("file open until close");
        let res = (|| {
            f.seek(SeekFrom::Start(at))?;
            f.write_all(bytes)?;
            f.seek(SeekFrom::Start(end))?;
            Ok(())
        })();
        res.map_err(|source| WriteError::Io {
            path: path.clone(),
            what: format!("cannot rewrite {} bytes at offset {at}", bytes.len()),
            source,
        })
    }

    /// Appends a key and its (optionally compressed) payload at the end of the file.
    /// `payload` was serialized with the key length `KeyHeader::len_for(..) + extra.len()`
    /// as its displacement.
    pub(crate) fn put_key(
        &mut self,
        spec: &KeySpec,
        payload: &[u8],
        compressible: bool,
    ) -> Result<KeyHeader, WriteError> {
        let zipped = if compressible {
            compress(&self.compression, payload).map_err(|m| {
                self.invalid(format!(
                    "compressing {} '{}' failed: {m}",
                    spec.class, spec.name
                ))
            })?
        } else {
            None
        };
        let stored: &[u8] = zipped.as_deref().unwrap_or(payload);
        self.put_key_stored(spec, payload.len(), stored)
    }

    /// Appends a key whose payload is already compressed (`stored`, `objlen` bytes once
    /// uncompressed; `stored.len() == objlen` means stored as is).
    pub(crate) fn put_key_stored(
        &mut self,
        spec: &KeySpec,
        objlen: usize,
        stored: &[u8],
    ) -> Result<KeyHeader, WriteError> {
        let keylen =
            KeyHeader::len_for(spec.class, spec.name, spec.title, spec.big) + spec.extra.len();
        let nbytes = keylen + stored.len();
        if nbytes > i32::MAX as usize || objlen > i32::MAX as usize || keylen > i16::MAX as usize {
            return Err(self.invalid(format!(
                "{} '{}' is too large for a ROOT key ({} bytes)",
                spec.class,
                spec.name,
                nbytes.max(objlen)
            )));
        }
        let key = KeyHeader {
            nbytes: nbytes as i32,
            objlen: objlen as i32,
            keylen: keylen as u16,
            cycle: spec.cycle,
            seek_key: self.end,
            seek_pdir: spec.seek_pdir,
            class: spec.class.into(),
            name: spec.name.into(),
            title: spec.title.into(),
            big: spec.big,
        };
        if !key.big && key.seek_key > i32::MAX as u64 {
            return Err(self.invalid("internal: a 32-bit key past 2 GiB"));
        }
        let mut head = Vec::with_capacity(keylen);
        key.write(&mut head);
        head.extend_from_slice(spec.extra);
        self.append(&head)?;
        self.append(stored)?;
        Ok(key)
    }

    /// Index of the directory at `path` ("" is the top directory), created with its parents
    /// if needed.
    pub(crate) fn dir_index(&mut self, path: &str) -> Result<usize, WriteError> {
        let mut idx = 0;
        let mut cur = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            check_name(self, part, "directory")?;
            if !cur.is_empty() {
                cur.push('/');
            }
            cur.push_str(part);
            idx = match self.dirs.iter().position(|d| d.path == cur) {
                Some(i) => i,
                None => self.mkdir(idx, part, &cur)?,
            };
        }
        Ok(idx)
    }

    fn mkdir(&mut self, parent: usize, name: &str, path: &str) -> Result<usize, WriteError> {
        if self.dirs[parent].keys.iter().any(|k| k.name == name) {
            return Err(self.invalid(format!("'{path}' exists and is not a directory")));
        }
        let big = self.next_key_is_big();
        let spec = KeySpec {
            class: "TDirectory",
            name,
            title: name,
            cycle: 1,
            seek_pdir: self.dirs[parent].seek_dir,
            big,
            extra: &[],
        };
        let keylen = KeyHeader::len_for("TDirectory", name, name, big);
        let idx = self.dirs.len();
        self.dirs.push(Dir {
            name: name.into(),
            title: name.into(),
            path: path.into(),
            parent: Some(parent),
            seek_dir: self.end,
            key: None,
            nbytes_name: keylen as i32,
            keys: Vec::new(),
            uuid: uuid_for(&self.file_name, path),
            seek_keys: 0,
            nbytes_keys: 0,
        });
        let rec = self.dir_record(idx);
        let key = self.put_key(&spec, &rec, false)?;
        self.dirs[idx].key = Some(key.clone());
        self.dirs[parent].keys.push(key);
        Ok(idx)
    }

    /// Cycle number for a new key `name` in directory `dir`.
    pub(crate) fn next_cycle(&self, dir: usize, name: &str) -> i16 {
        let n = self.dirs[dir]
            .keys
            .iter()
            .filter(|k| k.name == name)
            .count();
        (n + 1) as i16
    }

    /// Writes an object as a key in directory `dir` and lists it there. `build` serializes
    /// the payload given the key length (the displacement of its reference offsets).
    pub(crate) fn put_object(
        &mut self,
        dir: usize,
        class: &str,
        name: &str,
        title: &str,
        build: impl FnOnce(u32) -> Vec<u8>,
    ) -> Result<(), WriteError> {
        if self
            .dirs
            .iter()
            .any(|d| d.parent == Some(dir) && d.name == name)
        {
            return Err(self.invalid(format!("'{name}' is already a directory")));
        }
        let big = self.next_key_is_big();
        let keylen = KeyHeader::len_for(class, name, title, big);
        let payload = build(keylen as u32);
        let spec = KeySpec {
            class,
            name,
            title,
            cycle: self.next_cycle(dir, name),
            seek_pdir: self.dirs[dir].seek_dir,
            big,
            extra: &[],
        };
        let key = self.put_key(&spec, &payload, true)?;
        self.dirs[dir].keys.push(key);
        Ok(())
    }

    /// The directory record of a subdirectory (payload of its key).
    fn dir_record(&self, idx: usize) -> Vec<u8> {
        let d = &self.dirs[idx];
        let parent_seek = d.parent.map(|p| self.dirs[p].seek_dir).unwrap_or(0);
        let mut out = Vec::with_capacity(DIR_RECORD_LEN);
        let big = self.force_big
            || d.seek_dir > START_BIG_FILE
            || parent_seek > START_BIG_FILE
            || d.seek_keys > START_BIG_FILE;
        out.extend_from_slice(&(if big { 1005i16 } else { 5i16 }).to_be_bytes());
        out.extend_from_slice(&DATIME.to_be_bytes());
        out.extend_from_slice(&DATIME.to_be_bytes());
        out.extend_from_slice(&d.nbytes_keys.to_be_bytes());
        out.extend_from_slice(&d.nbytes_name.to_be_bytes());
        if big {
            for s in [d.seek_dir, parent_seek, d.seek_keys] {
                out.extend_from_slice(&(s as i64).to_be_bytes());
            }
        } else {
            for s in [d.seek_dir, parent_seek, d.seek_keys] {
                out.extend_from_slice(&(s as i32).to_be_bytes());
            }
        }
        out.extend_from_slice(&1u16.to_be_bytes());
        out.extend_from_slice(&d.uuid);
        if !big {
            out.extend_from_slice(&[0u8; 12]);
        }
        debug_assert_eq!(out.len(), DIR_RECORD_LEN);
        out
    }

    /// The TFile key payload: file name and title, then the top directory record.
    fn top_record(&self) -> Vec<u8> {
        let d = &self.dirs[0];
        let key = d.key.as_ref().expect("top key");
        let mut out = Vec::new();
        key.write(&mut out);
        put_tstring(&mut out, &self.file_name);
        put_tstring(&mut out, &self.title);
        out.extend_from_slice(&self.dir_record(0));
        out
    }

    /// Finalizes the file (key lists, StreamerInfo, free segments, directory records,
    /// header) and renames it to its final name.
    pub fn close(mut self) -> Result<(), WriteError> {
        if let Some(t) = self.open_tree.take() {
            return Err(self.invalid(format!(
                "tree '{t}' was started but not finished (call TreeWriter::finish)"
            )));
        }
        self.finish_file()?;
        let file = self.file.take().expect("file open until close");
        let f = file.into_inner().map_err(|e| WriteError::Io {
            path: self.final_path.clone(),
            what: "cannot flush".into(),
            source: e.into_error(),
        })?;
        f.sync_all().map_err(self.io_err("cannot sync"))?;
        drop(f);
        std::fs::rename(&self.tmp_path, &self.final_path).map_err(self.io_err(format!(
            "cannot rename {} to the final name",
            self.tmp_path.display()
        )))?;
        self.renamed = true;
        Ok(())
    }

    fn finish_file(&mut self) -> Result<(), WriteError> {
        // StreamerInfo (an empty list when the file holds no objects, as ROOT writes it).
        let (seek_info, nbytes_info) = {
            let big = self.next_key_is_big();
            let keylen = KeyHeader::len_for("TList", "StreamerInfo", "Doubly linked list", big);
            let payload = self.classes.serialize(keylen as u32).into_inner();
            let spec = KeySpec {
                class: "TList",
                name: "StreamerInfo",
                title: "Doubly linked list",
                cycle: 1,
                seek_pdir: BEGIN,
                big,
                extra: &[],
            };
            let key = self.put_key(&spec, &payload, true)?;
            (key.seek_key, key.nbytes)
        };

        // Key lists: each directory before its subdirectories (ROOT's TFile::Close order).
        for idx in self.preorder() {
            let (class, name, title) = if idx == 0 {
                (
                    "TFile".to_string(),
                    self.file_name.clone(),
                    self.title.clone(),
                )
            } else {
                let d = &self.dirs[idx];
                ("TDirectory".to_string(), d.name.clone(), d.title.clone())
            };
            let mut payload = Vec::new();
            let keys = &self.dirs[idx].keys;
            payload.extend_from_slice(&(keys.len() as i32).to_be_bytes());
            // ROOT lists the newest key first.
            for k in keys.iter().rev() {
                k.write(&mut payload);
            }
            let spec = KeySpec {
                class: &class,
                name: &name,
                title: &title,
                cycle: 1,
                seek_pdir: self.dirs[idx].seek_dir,
                big: self.next_key_is_big(),
                extra: &[],
            };
            let key = self.put_key(&spec, &payload, false)?;
            self.dirs[idx].seek_keys = key.seek_key;
            self.dirs[idx].nbytes_keys = key.nbytes;
            if idx != 0 {
                let rec = self.dir_record(idx);
                let k = self.dirs[idx].key.as_ref().expect("subdir key");
                let at = k.seek_key + u64::from(k.keylen);
                self.overwrite(at, &rec)?;
            }
        }

        // Free segments: one segment from the end of file to ROOT's limit.
        let big = self.next_key_is_big();
        let keylen = KeyHeader::len_for("TFile", &self.file_name, &self.title, big);
        let free_big = self.force_big || self.end + 100 > START_BIG_FILE;
        let objlen = if free_big { 18 } else { 10 };
        let first = self.end + (keylen + objlen) as u64;
        let mut payload = Vec::new();
        if free_big {
            payload.extend_from_slice(&1001i16.to_be_bytes());
            payload.extend_from_slice(&(first as i64).to_be_bytes());
            payload.extend_from_slice(&1_000_000_000_000i64.to_be_bytes());
        } else {
            payload.extend_from_slice(&1i16.to_be_bytes());
            payload.extend_from_slice(&(first as i32).to_be_bytes());
            payload.extend_from_slice(&(START_BIG_FILE as i32).to_be_bytes());
        }
        let (fname, ftitle) = (self.file_name.clone(), self.title.clone());
        let spec = KeySpec {
            class: "TFile",
            name: &fname,
            title: &ftitle,
            cycle: 1,
            seek_pdir: BEGIN,
            big,
            extra: &[],
        };
        let free = self.put_key(&spec, &payload, false)?;
        debug_assert_eq!(self.end, first);

        // The TFile key with the final top directory record.
        let rec = self.top_record();
        self.overwrite(BEGIN, &rec)?;

        // Header.
        let big = self.force_big || self.end > START_BIG_FILE;
        let mut h = Vec::with_capacity(BEGIN as usize);
        h.extend_from_slice(b"root");
        h.extend_from_slice(
            &(if big {
                ROOT_VERSION + 1_000_000
            } else {
                ROOT_VERSION
            })
            .to_be_bytes(),
        );
        h.extend_from_slice(&(BEGIN as i32).to_be_bytes());
        let put_seek = |h: &mut Vec<u8>, v: u64| {
            if big {
                h.extend_from_slice(&(v as i64).to_be_bytes());
            } else {
                h.extend_from_slice(&(v as i32).to_be_bytes());
            }
        };
        put_seek(&mut h, self.end);
        put_seek(&mut h, free.seek_key);
        h.extend_from_slice(&free.nbytes.to_be_bytes());
        h.extend_from_slice(&1i32.to_be_bytes()); // nfree
        h.extend_from_slice(&self.dirs[0].nbytes_name.to_be_bytes());
        h.push(if big { 8 } else { 4 });
        h.extend_from_slice(&self.compression.setting().to_be_bytes());
        put_seek(&mut h, seek_info);
        h.extend_from_slice(&nbytes_info.to_be_bytes());
        h.extend_from_slice(&1u16.to_be_bytes());
        h.extend_from_slice(&self.dirs[0].uuid);
        h.resize(BEGIN as usize, 0);
        self.overwrite(0, &h)?;
        let path = self.final_path.clone();
        self.file
            .as_mut()
            .expect("file open")
            .flush()
            .map_err(|source| WriteError::Io {
                path,
                what: "cannot flush".into(),
                source,
            })?;
        Ok(())
    }

    /// Directory indices, each directory before its subdirectories (in creation order).
    fn preorder(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.dirs.len());
        let mut stack = vec![0];
        while let Some(i) = stack.pop() {
            out.push(i);
            let children = (0..self.dirs.len()).filter(|&c| self.dirs[c].parent == Some(i));
            stack.extend(children.collect::<Vec<_>>().into_iter().rev());
        }
        out
    }
}

impl Drop for RootWriter {
    /// Removes the temporary file unless [`RootWriter::close`] renamed it.
    fn drop(&mut self) {
        drop(self.file.take());
        if !self.renamed {
            let _ = std::fs::remove_file(&self.tmp_path);
        }
    }
}

/// Checks a directory, tree, branch or histogram name.
pub(crate) fn check_name(w: &RootWriter, name: &str, what: &str) -> Result<(), WriteError> {
    if name.is_empty() || name.contains('/') || name.contains('\0') || name.len() > 10_000 {
        return Err(w.invalid(format!("invalid {what} name {name:?}")));
    }
    Ok(())
}

/// A deterministic UUID for a directory: two FNV-1a hashes of the file name and path.
fn uuid_for(file_name: &str, dir_path: &str) -> [u8; 16] {
    let fnv = |seed: u64| {
        let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
        for b in file_name.bytes().chain([0]).chain(dir_path.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
        h
    };
    let mut u = [0u8; 16];
    u[..8].copy_from_slice(&fnv(0).to_be_bytes());
    u[8..].copy_from_slice(&fnv(0x5c77_1a2b).to_be_bytes());
    u
}
