//! Checking inputs: one document from bytes to its final [`FileReport`] ([`Pipeline`]), and
//! many inputs checked in parallel in input order. One failing file is reported and the run goes
//! on; the caller turns the outcome into an exit code.
//!
//! ```text
//! bytes -> decode -> extract -> normalize -> language -> match -> context -> document rules
//!   -> judge (the engine) -> config policy -> inline suppressions -> baseline -> FileReport
//! ```

use crate::baseline::{Baseline, Filtered, Key};
use crate::config::Policy;
pub use crate::diagnostic::{FileReport, RunReport};
use crate::engine::{CheckOptions, Engine};
use crate::error::Error;
pub use crate::input::{path_from_shown, shown_path, Input};
use crate::jurisdiction::Jurisdictions;
use crate::model::Lang;
use crate::source::{Kind, Loaded, Source, SourceOptions};
use crate::window::Window;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// How a run checks its inputs.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Matching options.
    pub check: CheckOptions,
    /// Decoding and markup options.
    pub source: SourceOptions,
    /// The jurisdictions every document answers to; `None`: each document's own
    /// ([`Jurisdictions::for_document`]).
    pub jurisdictions: Option<Jurisdictions>,
}

/// Everything a document is checked with, and the one way to check it: `check`, `report`,
/// `eval`, `check --records`, `lsp`, `serve` and [`check_all`] all go through
/// [`Pipeline::check_bytes`] (or [`Pipeline::check_text`] for text that is already decoded), so
/// they see the same findings.
#[derive(Debug)]
pub struct Pipeline<'a> {
    engine: &'a Engine,
    settings: Settings,
    policy: Option<&'a Policy>,
    inline_suppressions: bool,
    report_unused: bool,
    baseline: Option<BaselineFilter>,
    stdin_filename: Option<std::path::PathBuf>,
}

/// A baseline's keys and what matched them so far (files are checked on several threads).
#[derive(Debug)]
struct BaselineFilter {
    known: BTreeSet<Key>,
    filtered: Mutex<Filtered>,
}

impl<'a> Pipeline<'a> {
    /// Checks with `engine` and `settings`, as `check` does without a config file: inline
    /// suppressions count, unused ones are not reported, no baseline.
    pub fn new(engine: &'a Engine, settings: Settings) -> Self {
        Pipeline {
            engine,
            settings,
            policy: None,
            inline_suppressions: true,
            report_unused: false,
            baseline: None,
            stdin_filename: None,
        }
    }

    /// Checks every document for `jurisdictions` (`None`: each document's own).
    pub fn jurisdictions(mut self, jurisdictions: Option<Jurisdictions>) -> Self {
        self.settings.jurisdictions = jurisdictions;
        self
    }

    /// The file name standard input stands for: its kind, its name in reports and the
    /// config's per-path settings.
    pub fn stdin_filename(mut self, name: Option<std::path::PathBuf>) -> Self {
        self.stdin_filename = name;
        self
    }

    /// Applies a config policy: its rule switches, severities, per-path disables, ignored
    /// paths and how the learned judge takes part.
    pub fn policy(mut self, policy: &'a Policy) -> Self {
        self.settings.check.enabled = Some(policy.enabled.clone());
        self.settings.check.judge = policy.judge;
        if policy.jurisdictions.is_some() {
            self.settings.jurisdictions = policy.jurisdictions;
        }
        self.policy = Some(policy);
        self
    }

    /// Whether inline `claimlint-disable` comments count, and whether a suppression that
    /// suppresses nothing is reported.
    pub fn inline_suppressions(mut self, on: bool, report_unused: bool) -> Self {
        self.inline_suppressions = on;
        self.report_unused = report_unused;
        self
    }

    /// Reports only findings not recorded in `baseline`; [`Pipeline::baseline_matches`] tells
    /// what matched.
    pub fn baseline(mut self, baseline: &Baseline) -> Self {
        self.baseline = Some(BaselineFilter {
            known: baseline.keys(),
            filtered: Mutex::default(),
        });
        self
    }

    /// The compiled rules.
    pub fn engine(&self) -> &'a Engine {
        self.engine
    }

    /// What filtering against the baseline matched so far (empty without a baseline).
    pub fn baseline_matches(&self) -> Filtered {
        self.baseline.as_ref().map_or_else(Filtered::default, |b| {
            b.filtered
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
        })
    }

    /// Reads and checks one input. Standard input is named explicitly, so binary bytes there
    /// are an error, as for a file named on the command line (the walk refuses those).
    pub fn check_input(&self, input: &Input) -> Result<FileReport, Error> {
        let (shown, path, bytes) = self.read_named(input)?;
        Ok(self.check_owned(&shown, path, bytes))
    }

    /// [`Pipeline::check_input`], the report handed to `sink` in pieces: a file whose text is
    /// checked in windows (over [`crate::engine::WINDOW_BYTES`]) goes out a window at a time, so
    /// its findings are never all held; any other file goes out whole
    /// ([`ReportSink::file`]). The outer error: the input could not be read (nothing reached
    /// `sink`); the inner one: `sink`'s.
    ///
    /// Windowed files go out whole too when their findings must all be known first: with a
    /// baseline (a finding's key counts its earlier occurrences in the file's final order) and
    /// when unused suppressions are reported for a file that has directives (an unused one is
    /// known only at the end, and sorts among the findings).
    pub fn check_input_into(
        &self,
        input: &Input,
        sink: &mut dyn ReportSink,
    ) -> Result<std::io::Result<()>, Error> {
        let (shown, path, bytes) = self.read_named(input)?;
        if let (Some(policy), Some(p)) = (self.policy, path) {
            if policy.is_ignored(p) {
                return Ok(sink.file(&self.check_bytes(&shown, path, &bytes, None, None)));
            }
        }
        Ok(
            match crate::source::load_owned(bytes, path, &self.settings.source) {
                Loaded::Binary { reason } => sink
                    .file(&self.finish(skipped(&shown, format!("binary file skipped ({reason})")))),
                Loaded::Source(src) => self.check_source_into(&shown, src, sink),
            },
        )
    }

    /// [`Pipeline::check_input_into`] with a panic in the engine turned into an error for that
    /// file, as [`Pipeline::check_each`] does. A panic after the file's first piece reached
    /// `sink` leaves that file's report cut short.
    pub fn check_guarded_into(
        &self,
        input: &Input,
        sink: &mut dyn ReportSink,
    ) -> Result<std::io::Result<()>, Error> {
        let run = || self.check_input_into(input, sink);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
            .unwrap_or_else(|panic| Err(internal_error(input, &*panic)))
    }

    /// An input's bytes, the name it is reported under and the path that decides its kind.
    fn read_named<'i>(
        &'i self,
        input: &'i Input,
    ) -> Result<(String, Option<&'i Path>, Vec<u8>), Error> {
        let bytes = read_input(input)?;
        let (shown, path) = match (input, &self.stdin_filename) {
            (Input::Path(p), _) => (shown_path(p), Some(p.as_path())),
            (Input::Stdin, Some(name)) => (shown_path(name), Some(name.as_path())),
            (Input::Stdin, None) => (input.display(), None),
        };
        if let (Input::Stdin, Some(message)) = (input, crate::walk::binary_refusal(&bytes)) {
            return Err(Error::Io {
                path: shown,
                message,
            });
        }
        Ok((shown, path, bytes))
    }

    /// [`Pipeline::check_bytes`] for bytes read for this check alone: they are dropped once
    /// decoded ([`crate::source::load_owned`]), which keeps a large file's peak at its decoded
    /// and extracted texts.
    fn check_owned(&self, shown: &str, path: Option<&Path>, bytes: Vec<u8>) -> FileReport {
        if let (Some(policy), Some(p)) = (self.policy, path) {
            if policy.is_ignored(p) {
                return self.check_bytes(shown, path, &bytes, None, None);
            }
        }
        match crate::source::load_owned(bytes, path, &self.settings.source) {
            Loaded::Binary { reason } => {
                self.finish(skipped(shown, format!("binary file skipped ({reason})")))
            }
            Loaded::Source(src) => self.check_source(shown, src, None),
        }
    }

    /// Checks bytes already read, from decoding to the final report. `kind` and `lang`
    /// override the pipeline's settings for this document; `path` decides the kind otherwise,
    /// and the config's per-path settings. A path the config ignores gets no findings.
    pub fn check_bytes(
        &self,
        shown: &str,
        path: Option<&Path>,
        bytes: &[u8],
        kind: Option<Kind>,
        lang: Option<Lang>,
    ) -> FileReport {
        if let (Some(policy), Some(p)) = (self.policy, path) {
            if policy.is_ignored(p) {
                let mut file = skipped(shown, "ignored by the config".into());
                file.text = String::from_utf8_lossy(bytes).into_owned();
                return file;
            }
        }
        let source = SourceOptions {
            kind: kind.or(self.settings.source.kind),
            ..self.settings.source
        };
        match crate::source::load(bytes, path, &source) {
            Loaded::Binary { reason } => {
                self.finish(skipped(shown, format!("binary file skipped ({reason})")))
            }
            Loaded::Source(src) => self.check_source(shown, src, lang),
        }
    }

    /// Checks text that is already decoded (a record of `check --records`): nothing is decoded,
    /// so a leading byte order mark stays and offsets are the text's own. Text that looks
    /// binary is skipped as a binary file is.
    pub fn check_text(
        &self,
        shown: &str,
        text: &str,
        kind: Kind,
        lang: Option<Lang>,
    ) -> FileReport {
        if let Some(reason) =
            crate::source::binary_reason(text.as_bytes(), Some(encoding_rs::UTF_8))
        {
            return skipped(shown, format!("binary text skipped ({reason})"));
        }
        let src = Source {
            text: text.to_owned(),
            kind,
            encoding: "UTF-8",
            warnings: Vec::new(),
            extracted: crate::source::extract(text, kind),
        };
        self.check_source(shown, src, lang)
    }

    /// The check options for `src` (its `<html lang>` hints CJK detection) and its
    /// `<html lang>`.
    fn options(&self, src: &Source, lang: Option<Lang>) -> (CheckOptions, Option<String>) {
        let html_lang = match src.kind {
            Kind::Html => crate::jurisdiction::html_lang(&src.text).map(str::to_owned),
            _ => None,
        };
        // Only CJK needs the hint: English is told by its words.
        let hint = html_lang
            .as_deref()
            .and_then(crate::jurisdiction::tag_lang)
            .filter(|l| *l != Lang::En);
        let opts = match (lang, hint) {
            (None, None) => self.settings.check.clone(),
            _ => CheckOptions {
                lang: lang.or(self.settings.check.lang),
                lang_hint: hint,
                ..self.settings.check.clone()
            },
        };
        (opts, html_lang)
    }

    /// The engine's stages on a decoded source, then the finishing stages.
    fn check_source(&self, shown: &str, src: Source, lang: Option<Lang>) -> FileReport {
        let (opts, html_lang) = self.options(&src, lang);
        let mut checked = self
            .engine
            .check_mapped(&src.extracted.text, &src.extracted.map, &opts);
        let named = self.settings.jurisdictions.is_some();
        let jurisdictions = self.settings.jurisdictions.unwrap_or_else(|| {
            Jurisdictions::for_document(checked.language, html_lang.as_deref(), &src.extracted.text)
        });
        jurisdictions.apply(&mut checked.diagnostics, named);
        self.finish(FileReport {
            jurisdictions,
            suppressions: crate::suppress::directives(&src),
            path: shown.to_string(),
            language: checked.language,
            diagnostics: checked.diagnostics,
            voice: checked.voice,
            notices: src.warnings,
            text: src.text,
            skipped: false,
        })
    }

    /// [`Pipeline::check_source`] into `sink`: window by window when the text is windowed and
    /// nothing needs the file's findings whole (see [`Pipeline::check_input_into`]). Each
    /// window's findings pass the finishing stages that [`Pipeline::finish`] applies to a whole
    /// file, each of which works finding by finding; the one ordering step (directives sort a
    /// file's findings with their meta findings by position) is kept by holding back the
    /// findings at or after the next window's start in the file until that window is checked.
    fn check_source_into(
        &self,
        shown: &str,
        src: Source,
        sink: &mut dyn ReportSink,
    ) -> std::io::Result<()> {
        let directives = crate::suppress::directives(&src);
        let sorted = self.inline_suppressions && !directives.is_empty();
        if src.extracted.text.len() <= crate::engine::WINDOW_BYTES
            || self.baseline.is_some()
            || (sorted && self.report_unused)
        {
            return sink.file(&self.check_source(shown, src, None));
        }
        let (opts, html_lang) = self.options(&src, None);
        let Source {
            text,
            extracted,
            warnings,
            ..
        } = src;
        let mut suppressor = sorted.then(|| crate::suppress::Suppressor::new(&text, &directives));
        // The meta findings (no unused ones on this path), in position order.
        let mut meta = suppressor
            .as_ref()
            .map(|s| s.meta(false))
            .unwrap_or_default();
        meta.sort_by(crate::suppress::position_order);
        let mut meta = std::collections::VecDeque::from(meta);
        let mut head = FileReport {
            path: shown.to_string(),
            language: Lang::Other,
            text,
            diagnostics: Vec::new(),
            notices: warnings,
            skipped: false,
            suppressions: directives,
            voice: Default::default(),
            jurisdictions: Default::default(),
        };
        let named = self.settings.jurisdictions.is_some();
        let mut held: Vec<crate::diagnostic::Diagnostic> = Vec::new();
        let mut result = Ok(());
        let voice = self
            .engine
            .check_streamed(&extracted.text, &extracted.map, &opts, |part| {
                let (mut found, frontier) = match part {
                    crate::engine::WindowPart::Language(weights) => {
                        head.language = crate::text::dominant_lang(weights);
                        head.jurisdictions = self.settings.jurisdictions.unwrap_or_else(|| {
                            Jurisdictions::for_document(
                                head.language,
                                html_lang.as_deref(),
                                &extracted.text,
                            )
                        });
                        result = sink.begin(&head);
                        return result.is_ok();
                    }
                    crate::engine::WindowPart::Findings(found, frontier) => (found, frontier),
                };
                head.jurisdictions.apply(&mut found, named);
                if let Some(policy) = self.policy {
                    policy.apply_to(&head.path, &mut found);
                }
                if let Some(s) = suppressor.as_mut() {
                    s.filter(&mut found);
                    held.append(&mut found);
                    held.sort_by(crate::suppress::position_order);
                    let before = |d: &crate::diagnostic::Diagnostic| {
                        frontier.is_none_or(|f| d.span.start < f)
                    };
                    let cut = held.partition_point(before);
                    let mut rest = held.split_off(cut);
                    std::mem::swap(&mut held, &mut rest);
                    found = merge_meta(rest, &mut meta, before);
                    if let Some(policy) = self.policy {
                        policy.apply_to(&head.path, &mut found);
                    }
                }
                result = sink.chunk(&head, &found);
                result.is_ok()
            });
        result?;
        head.voice = voice;
        sink.end(&head)
    }

    /// Config policy, then inline suppressions (and the policy again, for the findings they
    /// add), then the baseline: what is left counts.
    fn finish(&self, mut file: FileReport) -> FileReport {
        if let Some(policy) = self.policy {
            policy.apply(&mut file);
        }
        if self.inline_suppressions {
            crate::suppress::apply(&mut file, self.report_unused);
            if let Some(policy) = self.policy {
                policy.apply(&mut file);
            }
        }
        if let Some(b) = &self.baseline {
            let mut filtered = b.filtered.lock().unwrap_or_else(PoisonError::into_inner);
            Baseline::filter_file(&b.known, &mut file, &mut filtered);
        }
        file
    }

    /// Checks every input on this thread; unreadable ones go to `errors`, the rest to `files`,
    /// sorted by path.
    pub fn check_all(&self, inputs: &[Input]) -> RunReport {
        let mut run = RunReport::default();
        for input in inputs {
            match self.check_input(input) {
                Ok(r) => run.files.push(r),
                Err(e) => run.errors.push(e),
            }
        }
        run.files.sort_by(|a, b| a.path.cmp(&b.path));
        run
    }

    /// [`Pipeline::check_input`], with a panic in the engine turned into an error for that one
    /// file so that the other files of a batch are still checked.
    fn check_guarded(&self, input: &Input) -> Result<FileReport, Error> {
        let run = || self.check_input(input);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
            .unwrap_or_else(|panic| Err(internal_error(input, &*panic)))
    }
}

/// The error for a file whose check panicked.
fn internal_error(input: &Input, panic: &(dyn std::any::Any + Send)) -> Error {
    Error::Io {
        path: input.display(),
        message: format!(
            "internal error while checking this file (please report it): {}",
            panic_message(panic)
        ),
    }
}

/// `found` (in position order) with the meta findings that sort before the frontier (`before`)
/// merged in: on equal positions a finding of the engine comes first, as the stable sort of a
/// whole file puts it (meta findings are appended after the engine's).
fn merge_meta(
    found: Vec<crate::diagnostic::Diagnostic>,
    meta: &mut std::collections::VecDeque<crate::diagnostic::Diagnostic>,
    before: impl Fn(&crate::diagnostic::Diagnostic) -> bool,
) -> Vec<crate::diagnostic::Diagnostic> {
    let mut out = Vec::with_capacity(found.len());
    for d in found {
        while let Some(m) = meta.front() {
            if crate::suppress::position_order(m, &d) != std::cmp::Ordering::Less {
                break;
            }
            out.extend(meta.pop_front());
        }
        out.push(d);
    }
    while meta.front().is_some_and(&before) {
        out.extend(meta.pop_front());
    }
    out
}

/// Receives one file's report in order: its head (every field but the findings and the
/// voice), its findings in chunks in their final order, then the whole but the findings
/// (voice included). See [`Pipeline::check_input_into`].
pub trait ReportSink {
    /// The file's head: `head.diagnostics` is empty and `head.voice` not yet known.
    fn begin(&mut self, head: &FileReport) -> std::io::Result<()>;
    /// The next findings of the file, after those of earlier chunks.
    fn chunk(
        &mut self,
        head: &FileReport,
        diagnostics: &[crate::diagnostic::Diagnostic],
    ) -> std::io::Result<()>;
    /// The end of the file: `file.voice` is known (`file.diagnostics` may be empty, or all of
    /// them when the file went out whole).
    fn end(&mut self, file: &FileReport) -> std::io::Result<()>;
    /// A whole file: one chunk of all its findings.
    fn file(&mut self, file: &FileReport) -> std::io::Result<()> {
        self.begin(file)?;
        self.chunk(file, &file.diagnostics)?;
        self.end(file)
    }
}

/// The message of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// The report of a document that was not checked.
fn skipped(shown: &str, notice: String) -> FileReport {
    FileReport {
        path: shown.to_string(),
        language: Lang::Other,
        text: String::new(),
        diagnostics: Vec::new(),
        notices: vec![notice],
        skipped: true,
        suppressions: Vec::new(),
        voice: Default::default(),
        jurisdictions: Default::default(),
    }
}

/// [`Pipeline::check_all`] without a config: every input on this thread, sorted by path.
pub fn check_all(engine: &Engine, inputs: &[Input], settings: &Settings) -> RunReport {
    Pipeline::new(engine, settings.clone()).check_all(inputs)
}

/// [`Pipeline::check_each`] without a config.
pub fn check_each<E>(
    engine: &Engine,
    inputs: &[Input],
    settings: &Settings,
    jobs: usize,
    emit: impl FnMut(&Input, Result<FileReport, Error>) -> Result<(), E>,
) -> Result<(), E> {
    Pipeline::new(engine, settings.clone()).check_each(inputs, jobs, emit)
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

/// The most threads [`Pipeline::check_each`] starts, whatever it is asked for.
pub const MAX_JOBS: usize = 256;

/// At most this many bytes of input checked and not yet emitted in a batch run (past the next
/// file to emit, which is always taken).
pub const AHEAD_BYTES: u64 = 64 << 20;

impl Pipeline<'_> {
    /// Checks `inputs` on `jobs` threads (at most one per input and [`MAX_JOBS`]) and hands each result to `emit` in input order, as soon as
    /// the next one in order is ready.
    ///
    /// This is how batch runs stay deterministic and small: output is the same for any `jobs`, and
    /// workers never run more than a bounded window ahead of `emit` (32 files a thread and
    /// [`AHEAD_BYTES`] of input), so memory holds that window's reports, not the corpus. `emit` returning an error stops the run (remaining files are not
    /// checked) and that error is returned.
    pub fn check_each<E>(
        &self,
        inputs: &[Input],
        jobs: usize,
        mut emit: impl FnMut(&Input, Result<FileReport, Error>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.check_each_deferring(
            inputs,
            jobs,
            |_| false,
            |input, result| emit(input, result.unwrap_or_else(|| self.check_guarded(input))),
        )
    }

    /// [`Pipeline::check_each`], except that the inputs `defer` picks are not checked by the
    /// workers: `emit` gets `None` for them, in their turn, and checks them itself. This is how a
    /// batch run on several threads streams a large file's findings (the writer checks it window
    /// by window when it is next, with [`Pipeline::check_guarded_into`]) instead of holding a
    /// worker's whole report of it; the other workers go on within the same bounded window ahead.
    pub fn check_each_deferring<E>(
        &self,
        inputs: &[Input],
        jobs: usize,
        defer: impl Fn(&Input) -> bool + Sync,
        mut emit: impl FnMut(&Input, Option<Result<FileReport, Error>>) -> Result<(), E>,
    ) -> Result<(), E> {
        use std::collections::BTreeMap;
        use std::sync::mpsc;

        // No more threads than files to check, and never more than MAX_JOBS: `-j 1000000` must not
        // try to start a million threads for three files.
        let jobs = jobs.min(inputs.len()).clamp(1, MAX_JOBS);
        // How far workers may run ahead of the in-order writer: jobs × 4 files left a -j2 run over
        // the 20 MiB bench corpus 16 % slower than jobs × 32 (a worker waited behind one slow
        // file); the byte bound keeps the waiting reports' texts bounded however large the files.
        let window = Window::new(jobs * 32, AHEAD_BYTES);
        let size = |i: usize| match inputs.get(i) {
            Some(Input::Path(p)) => std::fs::metadata(p).map_or(0, |m| m.len()),
            _ => 0,
        };
        let (tx, rx) = mpsc::channel::<(usize, Option<Result<FileReport, Error>>)>();

        std::thread::scope(|scope| {
            for _ in 0..jobs {
                let tx = tx.clone();
                let (window, size, defer) = (&window, &size, &defer);
                scope.spawn(move || {
                    while let Some(i) = window.take(inputs.len(), size) {
                        let Some(input) = inputs.get(i) else { break };
                        let result = (!defer(input)).then(|| self.check_guarded(input));
                        if tx.send((i, result)).is_err() {
                            break;
                        }
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
                    window.written(next);
                }
            }
            if outcome.is_err() {
                window.stop();
            }
            outcome
        })
    }
}
