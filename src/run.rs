//! Checking inputs: paths and stdin to [`FileReport`]s. One failing file is reported and the run
//! goes on; the caller turns the outcome into an exit code.

use crate::diagnostic::Diagnostic;
use crate::engine::{CheckOptions, Engine};
use crate::error::Error;
use crate::model::{Lang, Severity};
use crate::source::{Loaded, SourceOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Something to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input, shown as `<stdin>`.
    Stdin,
    /// A file.
    Path(PathBuf),
}

impl Input {
    /// The name shown in reports ([`shown_path`]).
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::Path(p) => shown_path(p),
        }
    }
}

/// A path as reports, baselines and errors show it: exact and printable. Bytes that are not
/// UTF-8 are written `\xFF` (a lossy `�` made 128 different names print alike, and a baseline
/// entry for one hid new findings in another), control characters `\x1B` / `\u{85}` (an ESC
/// in a name was printed raw to the terminal), and on Unix a backslash `\\`, so different
/// names never show alike. Ordinary names are shown unchanged; [`path_from_shown`] reverses it.
///
/// A line feed or tab in a name is kept: machine formats escape it themselves (JSON `\n`), and
/// the human reporter writes it as `\x0A` ([`crate::report::printable_path`]).
pub fn shown_path(p: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        p.as_os_str().as_bytes()
    };
    #[cfg(not(unix))]
    let lossy = p.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = lossy.as_bytes();
    let plain = std::str::from_utf8(bytes).is_ok_and(|s| {
        !s.chars()
            .any(|c| c.is_control() || (cfg!(unix) && c == '\\'))
    });
    if plain {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' if cfg!(unix) => out.push_str("\\\\"),
                c if c.is_ascii_control() && escaped(c) => {
                    let _ = write!(out, "\\x{:02X}", u32::from(c));
                }
                c if escaped(c) => {
                    let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    out
}

/// Control characters [`shown_path`] escapes: all but line feed and tab.
fn escaped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The path a [`shown_path`] string names (Unix: escapes turned back into bytes).
pub fn path_from_shown(shown: &str) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if !shown.contains('\\') {
            return PathBuf::from(shown);
        }
        let mut bytes = Vec::with_capacity(shown.len());
        let mut rest = shown;
        while let Some(at) = rest.find('\\') {
            bytes.extend_from_slice(rest.get(..at).unwrap_or_default().as_bytes());
            let esc = rest.get(at + 1..).unwrap_or_default();
            let hex = |s: &str| u32::from_str_radix(s, 16).ok();
            if let Some(tail) = esc.strip_prefix('\\') {
                bytes.push(b'\\');
                rest = tail;
            } else if let Some(b) = esc
                .strip_prefix('x')
                .and_then(|e| e.get(..2))
                .and_then(hex)
                .and_then(|v| u8::try_from(v).ok())
            {
                bytes.push(b);
                rest = esc.get(3..).unwrap_or_default();
            } else if let Some((c, len)) = esc.strip_prefix("u{").and_then(|e| {
                let end = e.find('}')?;
                let c = char::from_u32(hex(e.get(..end)?)?)?;
                Some((c, end + 3))
            }) {
                bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                rest = esc.get(len..).unwrap_or_default();
            } else {
                bytes.push(b'\\');
                rest = esc;
            }
        }
        bytes.extend_from_slice(rest.as_bytes());
        PathBuf::from(std::ffi::OsStr::from_bytes(&bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(shown)
    }
}

/// The outcome for one checked file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Path as given (or found by walking), `<stdin>` for standard input.
    pub path: String,
    /// The language with the most text.
    pub language: Lang,
    /// The decoded file text that diagnostic spans index into.
    pub text: String,
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings about the input (lossy decoding, binary file skipped, ...).
    pub notices: Vec<String>,
    /// Whether the file was skipped (binary) rather than checked.
    pub skipped: bool,
    /// Inline suppression directives found in the file (applied by [`crate::suppress::apply`]).
    pub suppressions: Vec<crate::suppress::Directive>,
}

/// All results of a run.
#[derive(Debug, Default)]
pub struct RunReport {
    /// Checked files, sorted by path.
    pub files: Vec<FileReport>,
    /// Files that could not be checked.
    pub errors: Vec<Error>,
}

impl RunReport {
    /// Counts diagnostics by severity: (errors, warnings, infos).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
                Severity::Info => c.2 += 1,
            }
        }
        c
    }

    /// Whether any diagnostic is at or above `level` (`None`: never fail).
    pub fn fails_at(&self, level: Option<Severity>) -> bool {
        level.is_some_and(|l| {
            self.files
                .iter()
                .flat_map(|f| &f.diagnostics)
                .any(|d| d.severity >= l)
        })
    }
}

/// How a run checks its inputs.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Matching options.
    pub check: CheckOptions,
    /// Decoding and markup options.
    pub source: SourceOptions,
}

/// Checks every input on this thread; unreadable ones go to `errors`, the rest to `files`,
/// sorted by path. (The command line uses [`check_each`] to check in parallel and stream.)
pub fn check_all(engine: &Engine, inputs: &[Input], settings: &Settings) -> RunReport {
    let mut run = RunReport::default();
    for input in inputs {
        match check_input(engine, input, &settings.check, &settings.source) {
            Ok(r) => run.files.push(r),
            Err(e) => run.errors.push(e),
        }
    }
    run.files.sort_by(|a, b| a.path.cmp(&b.path));
    run
}

/// The largest input checked, in bytes. Checking holds about 12 copies' worth of a file at once
/// (decoded, extracted and normalized texts and their offset maps: 1.2 GB for a 100 MB file),
/// so a larger file is refused before it is read, with a message, rather than aborting the whole
/// run when memory runs out.
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

fn too_large(shown: String, len: Option<u64>) -> Error {
    let size = len.map_or_else(|| "more than".to_string(), |n| format!("{n} bytes,"));
    Error::Io {
        path: shown,
        message: format!(
            "file is too large to check ({size} the limit is {} MiB); not checked",
            MAX_INPUT_BYTES >> 20
        ),
    }
}

/// Reads at most [`MAX_INPUT_BYTES`] (plus one, to tell) from `r`.
fn read_capped(r: impl Read, shown: &str) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    r.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(shown, &e))?;
    if buf.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(shown.to_string(), None));
    }
    Ok(buf)
}

/// Reads an input's bytes (read-only; never writes anything). Files larger than
/// [`MAX_INPUT_BYTES`] are refused from their size before anything is allocated; standard
/// input and FIFOs are read up to the limit.
pub fn read_input(input: &Input) -> Result<Vec<u8>, Error> {
    match input {
        Input::Stdin => read_capped(std::io::stdin().lock(), "<stdin>"),
        Input::Path(p) => {
            let shown = shown_path(p);
            let file = std::fs::File::open(p).map_err(|e| Error::io(shown.as_str(), &e))?;
            let meta = file.metadata().map_err(|e| Error::io(shown.as_str(), &e))?;
            if meta.is_file() {
                if meta.len() > MAX_INPUT_BYTES {
                    return Err(too_large(shown, Some(meta.len())));
                }
                let mut buf = Vec::new();
                // The size is known: one allocation, and a failure to get it is an error for
                // this file, not an abort.
                buf.try_reserve_exact(usize::try_from(meta.len()).unwrap_or(usize::MAX))
                    .map_err(|e| Error::Io {
                        path: shown.to_string(),
                        message: format!("not enough memory to read it: {e}"),
                    })?;
                (&file)
                    .take(MAX_INPUT_BYTES + 1)
                    .read_to_end(&mut buf)
                    .map_err(|e| Error::io(shown.as_str(), &e))?;
                if buf.len() as u64 > MAX_INPUT_BYTES {
                    return Err(too_large(shown, None));
                }
                Ok(buf)
            } else {
                read_capped(&file, &shown)
            }
        }
    }
}

/// Checks one input.
pub fn check_input(
    engine: &Engine,
    input: &Input,
    opts: &CheckOptions,
    source: &SourceOptions,
) -> Result<FileReport, Error> {
    let bytes = read_input(input)?;
    let path = match input {
        Input::Path(p) => Some(p.as_path()),
        Input::Stdin => None,
    };
    Ok(check_bytes(
        engine,
        &input.display(),
        path,
        &bytes,
        opts,
        source,
    ))
}

/// Checks bytes already read: decode, extract the checkable text, match, map back.
pub fn check_bytes(
    engine: &Engine,
    shown: &str,
    path: Option<&Path>,
    bytes: &[u8],
    opts: &CheckOptions,
    source: &SourceOptions,
) -> FileReport {
    match crate::source::load(bytes, path, source) {
        Loaded::Binary { reason } => FileReport {
            path: shown.to_string(),
            language: Lang::Other,
            text: String::new(),
            diagnostics: Vec::new(),
            notices: vec![format!("binary file skipped ({reason})")],
            skipped: true,
            suppressions: Vec::new(),
        },
        Loaded::Source(src) => {
            let checked = engine.check_mapped(&src.extracted.text, &src.extracted.map, opts);
            let suppressions = crate::suppress::directives(&src);
            FileReport {
                suppressions,
                path: shown.to_string(),
                language: checked.language,
                diagnostics: checked.diagnostics,
                notices: src.warnings,
                text: src.text,
                skipped: false,
            }
        }
    }
}

/// The most threads [`check_each`] starts, whatever it is asked for.
pub const MAX_JOBS: usize = 256;

/// Checks `inputs` on `jobs` threads (at most one per input and [`MAX_JOBS`]) and hands each result to `emit` in input order, as soon as
/// the next one in order is ready.
///
/// This is how batch runs stay deterministic and small: output is the same for any `jobs`, and
/// workers never run more than a few files ahead of `emit`, so memory holds a handful of file
/// texts, not the corpus. `emit` returning an error stops the run (remaining files are not
/// checked) and that error is returned.
pub fn check_each<E>(
    engine: &Engine,
    inputs: &[Input],
    settings: &Settings,
    jobs: usize,
    mut emit: impl FnMut(&Input, Result<FileReport, Error>) -> Result<(), E>,
) -> Result<(), E> {
    use std::collections::BTreeMap;
    use std::sync::{mpsc, Condvar, Mutex, PoisonError};

    struct Gate {
        /// The next input a worker may take.
        next: usize,
        /// How many results `emit` has consumed.
        emitted: usize,
        /// Set when `emit` failed: workers finish their file and stop.
        stop: bool,
    }

    // No more threads than files to check, and never more than MAX_JOBS: `-j 1000000` must not
    // try to start a million threads for three files.
    let jobs = jobs.min(inputs.len()).clamp(1, MAX_JOBS);
    // How far workers may run ahead of the writer: enough to keep every thread busy behind one
    // slow file, few enough that memory stays bounded by the largest files.
    let window = jobs * 4;
    let gate = Mutex::new(Gate {
        next: 0,
        emitted: 0,
        stop: false,
    });
    let ready = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, Result<FileReport, Error>)>();

    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (gate, ready) = (&gate, &ready);
            scope.spawn(move || loop {
                let i = {
                    let mut g = gate.lock().unwrap_or_else(PoisonError::into_inner);
                    while !g.stop && g.next < inputs.len() && g.next >= g.emitted + window {
                        g = ready.wait(g).unwrap_or_else(PoisonError::into_inner);
                    }
                    if g.stop || g.next >= inputs.len() {
                        break;
                    }
                    g.next += 1;
                    g.next - 1
                };
                let Some(input) = inputs.get(i) else { break };
                let result = check_guarded(engine, input, settings);
                if tx.send((i, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);

        let mut pending = BTreeMap::new();
        let mut next = 0;
        let mut outcome = Ok(());
        'recv: for (i, result) in rx.iter() {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&next) {
                let Some(input) = inputs.get(next) else { break };
                if let Err(e) = emit(input, result) {
                    outcome = Err(e);
                    break 'recv;
                }
                next += 1;
                gate.lock().unwrap_or_else(PoisonError::into_inner).emitted = next;
                ready.notify_all();
            }
        }
        if outcome.is_err() {
            gate.lock().unwrap_or_else(PoisonError::into_inner).stop = true;
            ready.notify_all();
        }
        outcome
    })
}

/// [`check_input`], with a panic in the engine turned into an error for that one file so that
/// the other files of a batch are still checked.
fn check_guarded(engine: &Engine, input: &Input, settings: &Settings) -> Result<FileReport, Error> {
    let run = || check_input(engine, input, &settings.check, &settings.source);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::Io {
            path: input.display(),
            message: format!("internal error while checking this file (please report it): {what}"),
        })
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn shown_paths_are_exact_printable_and_reversible() {
        let names: [&[u8]; 7] = [
            b"site/a.txt",
            b"x\xff.txt",
            b"esc\x1b[1m.txt",
            b"back\\slash\\x41.txt",
            "c1\u{85}.txt".as_bytes(),
            "日本語.md".as_bytes(),
            b"new\nline\t.txt",
        ];
        let shown: Vec<String> = names
            .iter()
            .map(|n| shown_path(Path::new(std::ffi::OsStr::from_bytes(n))))
            .collect();
        assert_eq!(
            shown,
            [
                "site/a.txt",
                "x\\xFF.txt",
                "esc\\x1B[1m.txt",
                "back\\\\slash\\\\x41.txt",
                "c1\\u{85}.txt",
                "日本語.md",
                "new\nline\t.txt"
            ]
        );
        for (n, s) in names.iter().zip(&shown) {
            assert_eq!(path_from_shown(s).as_os_str().as_bytes(), *n);
        }
    }
}
