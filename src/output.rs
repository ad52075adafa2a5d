//! Writing the files claimlint is asked to write (a report with `--output`, a baseline) without
//! ever losing one of the user's files: an output that is the same file as anything the run
//! reads is refused ([`FileId`], device + inode, so hard links and symlinks are caught), and
//! every output is written to a temporary file beside it and renamed into place ([`AtomicFile`]),
//! so a killed run leaves the old file whole and the inputs are read before anything is replaced.

use crate::error::Error;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The identity of a file on disk: two paths name the same file when their ids are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The id of the file `path` names (symbolic links followed), if it exists.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(FileId {
            dev: m.dev(),
            ino: m.ino(),
        })
    }

    /// The id of the file `path` names: without inode numbers, its canonical path's hash.
    #[cfg(not(unix))]
    pub fn of(path: &Path) -> Option<FileId> {
        use std::hash::{Hash, Hasher};
        let c = std::fs::canonicalize(path).ok()?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        c.hash(&mut h);
        Some(FileId {
            dev: 0,
            ino: h.finish(),
        })
    }
}

/// Whether `a` and `b` would be the same file: the same [`FileId`] when both exist, else the
/// same absolute path (two outputs not yet created).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (FileId::of(a), FileId::of(b)) {
        (Some(x), Some(y)) => x == y,
        (None, None) => crate::config::absolute(a) == crate::config::absolute(b),
        _ => false,
    }
}

/// An output being written: a temporary file in the target's folder, renamed over the target by
/// [`AtomicFile::commit`]. Dropped without a commit, the temporary file is removed and the
/// target is untouched.
///
/// A target that exists and is not a regular file (`/dev/null`, a FIFO, a terminal) is written
/// directly: it cannot be replaced, and there is nothing in it to lose.
#[derive(Debug)]
pub struct AtomicFile {
    file: Option<File>,
    /// The temporary file, `None` when writing the target directly.
    temp: Option<PathBuf>,
    target: PathBuf,
}

impl AtomicFile {
    /// Starts writing `path` (shown in errors as given).
    pub fn create(path: &Path) -> Result<AtomicFile, Error> {
        let shown = path.to_string_lossy();
        let err = |e: &io::Error| Error::io(shown.as_ref(), e);
        // Write through a symbolic link to the file it names, as `File::create` would, rather
        // than replacing the link.
        let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let existing = std::fs::metadata(&target).ok();
        if existing.as_ref().is_some_and(|m| !m.is_file()) {
            let file = OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&target)
                .map_err(|e| err(&e))?;
            return Ok(AtomicFile {
                file: Some(file),
                temp: None,
                target,
            });
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let mut last = None;
        for attempt in 0..100u32 {
            let temp = dir.join(format!(
                ".{name}.claimlint-{}-{attempt}.tmp",
                std::process::id()
            ));
            // `create_new` with the default mode: the umask decides, as for `File::create`.
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => {
                    if let Some(m) = &existing {
                        // Replacing a file keeps its permissions.
                        let _ = file.set_permissions(m.permissions());
                    }
                    return Ok(AtomicFile {
                        file: Some(file),
                        temp: Some(temp),
                        target,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(err(&e)),
            }
        }
        Err(err(
            &last.unwrap_or_else(|| io::Error::other("no temporary name"))
        ))
    }

    /// Flushes the data to disk and renames the temporary file over the target.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(file) = self.file.take() {
            if self.temp.is_some() {
                file.sync_all()?;
            }
        }
        if let Some(temp) = self.temp.take() {
            if let Err(e) = std::fs::rename(&temp, &self.target) {
                let _ = std::fs::remove_file(&temp);
                return Err(e);
            }
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("output already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            self.file.take();
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let shown = path.to_string_lossy();
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)
        .and_then(|()| f.commit())
        .map_err(|e| Error::io(shown.as_ref(), &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uncommitted_output_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.json");
        std::fs::write(&p, "old").unwrap();
        {
            let mut f = AtomicFile::create(&p).unwrap();
            f.write_all(b"half a rep").unwrap();
            // dropped: the run was interrupted
        }
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_are_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let h = dir.path().join("h.txt");
        std::fs::write(&a, "x").unwrap();
        std::fs::hard_link(&a, &h).unwrap();
        assert!(same_file(&a, &h));
        assert!(!same_file(&a, &dir.path().join("new.txt")));
        assert!(same_file(
            &dir.path().join("new.txt"),
            &dir.path().join("./new.txt")
        ));
    }
}
