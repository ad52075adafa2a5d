//! Checking inputs: paths and stdin to [`FileReport`]s. One failing file is reported and the run
//! goes on; the caller turns the outcome into an exit code.

pub use crate::diagnostic::{FileReport, RunReport};
use crate::engine::{CheckOptions, Engine};
use crate::error::Error;
pub use crate::input::{path_from_shown, shown_path, Input};
use crate::model::Lang;
use crate::source::{Loaded, SourceOptions};
use std::io::Read;
use std::path::Path;

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
