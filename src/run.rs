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
    /// The name shown in reports.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::Path(p) => p.to_string_lossy().into_owned(),
        }
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

/// Expands paths: files as given, directories walked recursively (sorted, hidden entries skipped).
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::Path(p.clone())),
            Err(e) => errors.push(Error::io(p.to_string_lossy(), &e)),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<Error>) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(Error::io(dir.to_string_lossy(), &e));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, inputs, errors),
            Ok(m) if m.is_file() => inputs.push(Input::Path(path)),
            Ok(_) => match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => inputs.push(Input::Path(path)),
                Ok(_) => {}
                Err(e) => errors.push(Error::io(path.to_string_lossy(), &e)),
            },
            Err(e) => errors.push(Error::io(path.to_string_lossy(), &e)),
        }
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

/// Checks every input; unreadable ones go to `errors`, the rest to `files`, sorted by path.
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

/// Reads an input's bytes (read-only; never writes anything).
pub fn read_input(input: &Input) -> Result<Vec<u8>, Error> {
    match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::io("<stdin>", &e))?;
            Ok(buf)
        }
        Input::Path(p) => std::fs::read(p).map_err(|e| Error::io(p.to_string_lossy(), &e)),
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
