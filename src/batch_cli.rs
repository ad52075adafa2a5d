//! (Binary only.) `check` and `report` over many files: walking options, the progress bar,
//! where the report goes, `--stats`, the baseline files and the exit code. Checking itself is
//! the library's [`Pipeline`].

use crate::{print_error, warn, CheckArgs, Format, LangArg};
use claimlint::baseline::{Baseline, Entry};
use claimlint::config::{LoadedConfig, Policy};
use claimlint::diagnostic::Diagnostic;
use claimlint::engine::{CheckOptions, Engine};
use claimlint::output;
use claimlint::report::{
    CsvEmitter, Emitter, FileIndex, GithubEmitter, HtmlEmitter, HumanEmitter, JsonEmitter,
    JsonlEmitter, RunMeta, SarifEmitter, Stats,
};
use claimlint::run::{FileReport, Input, Pipeline, ReportSink, Settings};
use claimlint::walk::{self, WalkOptions};
use claimlint::Error;
use claimlint::Lang;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Options for checking many files (see docs/batch.md).
#[derive(Args, Debug, Clone, Default)]
pub struct BatchArgs {
    /// Check only files matching this gitignore-style glob (repeatable).
    #[arg(long = "glob", short = 'g', value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Skip files and directories matching this glob (repeatable).
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
    /// Walk only these file types: text, markdown, html, rst, asciidoc, or all (repeatable).
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub types: Vec<String>,
    /// Also walk files with this extension (repeatable), e.g. --type-add php.
    #[arg(long = "type-add", value_name = "EXT")]
    pub type_add: Vec<String>,
    /// Also check hidden files and directories.
    #[arg(long)]
    pub hidden: bool,
    /// Follow symbolic links while walking (loops are reported, not followed).
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Do not honour .gitignore, .ignore or .git/info/exclude.
    #[arg(long)]
    pub no_ignore: bool,
    /// Also check the paths listed in FILE, one per line (`-` reads the list from stdin).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// The --files-from list is NUL-separated (find -print0).
    #[arg(long = "null", short = '0', requires = "files_from")]
    pub null: bool,
    /// Check this many files at once (default: all cores).
    #[arg(
        long = "jobs",
        short = 'j',
        value_name = "N",
        visible_alias = "threads"
    )]
    pub jobs: Option<usize>,
    /// Never show the progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Print findings per category and per file at the end (stderr for machine formats).
    #[arg(long)]
    pub stats: bool,
    /// Start CSV output with a UTF-8 byte order mark (for Excel).
    #[arg(long)]
    pub csv_bom: bool,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Decode every file with this encoding (a WHATWG label: shift_jis, euc-jp, gb18030, big5...).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
}

/// The encoding `--encoding` names, if any.
pub fn encoding(args: &BatchArgs) -> Result<Option<&'static encoding_rs::Encoding>, Error> {
    let Some(label) = &args.encoding else {
        return Ok(None);
    };
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
        .map(Some)
        .ok_or_else(|| {
            Error::Usage(format!(
                "unknown encoding `{label}` (try utf-8, shift_jis, euc-jp, iso-2022-jp, gb18030, big5, utf-16le)"
            ))
        })
}

/// The paths to check: the positional ones and those of `--files-from`.
fn paths(args: &CheckArgs) -> Result<Vec<PathBuf>, Error> {
    let b = &args.batch;
    let mut paths = args.paths.clone();
    let Some(list) = &b.files_from else {
        return Ok(paths);
    };
    let from_stdin = list.as_os_str() == "-";
    if from_stdin && paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::Usage(
            "standard input cannot be both the --files-from list and an input".into(),
        ));
    }
    // Read as inputs are: up to run::MAX_INPUT_BYTES, refused beyond it.
    let bytes = claimlint::run::read_input(&if from_stdin {
        Input::Stdin
    } else {
        Input::Path(list.clone())
    })?;
    // In a list, `-` is a file of that name, not standard input.
    paths.extend(walk::parse_path_list(&bytes, b.null).into_iter().map(|p| {
        if p.as_os_str() == "-" {
            PathBuf::from("./-")
        } else {
            p
        }
    }));
    Ok(paths)
}

/// The emitter of the chosen format.
impl Format {
    /// The one emitter of this format: every format streams through the same [`Emitter`]
    /// calls (begin, file, end).
    pub fn emitter<'a>(
        self,
        args: &CheckArgs,
        engine: &'a Engine,
        color: bool,
    ) -> Box<dyn Emitter + 'a> {
        match self {
            Format::Human => Box::new(HumanEmitter {
                color,
                quiet: args.quiet,
                width: terminal_width(args.batch.output.is_none()),
            }),
            Format::Json => Box::new(JsonEmitter::default()),
            Format::Jsonl => Box::new(JsonlEmitter),
            Format::Csv => Box::new(CsvEmitter {
                bom: args.batch.csv_bom,
            }),
            Format::Html => Box::new(HtmlEmitter::default()),
            Format::Sarif => Box::new(SarifEmitter::new(engine.rules())),
            Format::Github => Box::new(GithubEmitter),
            Format::Concise => Box::new(claimlint::concise::ConciseEmitter),
        }
    }
}

/// A file the run reads besides the files it checks, for [`guard_outputs`].
pub struct ReadFile {
    /// The path as given.
    pub path: PathBuf,
    /// What it is, for the error message ("a rule pack", "the config file").
    pub what: &'static str,
}

/// Refuses outputs that would overwrite something the run reads, and takes a baseline out of
/// the files to check. claimlint never writes to a file it reads:
///
/// - any output (`--output`, `--write-baseline`, a pruned `--baseline`) that is the same file
///   (device + inode: hard links and symbolic links too) as a rule pack, the config file, the
///   `--files-from` list, a file named on the command line or in the list, or another output
///   is refused;
/// - `--output` is refused when it is the same file as a file found by walking a directory;
/// - a baseline found by walking a directory is not checked (it holds matched claims); a
///   `--write-baseline` target found by walking is replaced only if it already is a claimlint
///   baseline, else refused, so a page of the site is never overwritten.
fn guard_outputs(
    args: &CheckArgs,
    reads: &[ReadFile],
    explicit: &[PathBuf],
    inputs: &mut Vec<Input>,
) -> Result<(), Error> {
    refuse_outputs_read(args, reads, explicit)?;
    drop_outputs_from_inputs(args, inputs)
}

/// The error for an output that is also a file the run reads.
fn refuse(flag: &str, out: &std::path::Path, other: &std::path::Path, what: &str) -> Error {
    let same = if out == other {
        String::new()
    } else {
        format!(" ({})", other.display())
    };
    Error::Usage(format!(
        "{flag} {} is {what}{same}; claimlint never writes to a file it reads",
        out.display()
    ))
}

/// Refuses an output that is a pack, the config, the list, a named input, the read baseline or
/// another output.
fn refuse_outputs_read(
    args: &CheckArgs,
    reads: &[ReadFile],
    explicit: &[PathBuf],
) -> Result<(), Error> {
    let b = &args.batch;
    let mut outputs: Vec<(&str, &PathBuf)> = Vec::new();
    if let Some(o) = &b.output {
        outputs.push(("--output", o));
    }
    if let Some(w) = &args.write_baseline {
        outputs.push(("--write-baseline", w));
    }
    let pruned = args.baseline.as_ref().filter(|_| args.prune_baseline);
    if let Some(p) = pruned {
        outputs.push(("--baseline (with --prune-baseline)", p));
    }
    let mut fixed: Vec<(&std::path::Path, &str)> =
        reads.iter().map(|r| (r.path.as_path(), r.what)).collect();
    if let Some(list) = b.files_from.as_ref().filter(|l| l.as_os_str() != "-") {
        fixed.push((list, "the --files-from list"));
    }
    fixed.extend(
        explicit
            .iter()
            .map(|p| (p.as_path(), "one of the files being checked")),
    );
    for (i, (flag, out)) in outputs.iter().enumerate() {
        for (other, what) in &fixed {
            if output::same_file(out, other) {
                return Err(refuse(flag, out, other, what));
            }
        }
        for (other_flag, other) in outputs.iter().skip(i + 1) {
            if output::same_file(out, other) {
                return Err(refuse(
                    flag,
                    out,
                    other,
                    &format!("also the file of {other_flag}"),
                ));
            }
        }
    }
    // The baseline read with --baseline is never checked either, and never named as input.
    if let Some(bl) = &args.baseline {
        if let Some((other, what)) = explicit
            .iter()
            .map(|p| (p, "one of the files being checked"))
            .find(|(p, _)| output::same_file(bl, p))
        {
            return Err(refuse("--baseline", bl, other, what));
        }
        if let Some(o) = &b.output {
            if output::same_file(o, bl) {
                return Err(refuse("--output", o, bl, "the baseline"));
            }
        }
    }
    Ok(())
}

/// Takes outputs found by walking out of the inputs: the read baseline and a baseline to be
/// rewritten are not checked; a report target or a non-baseline `--write-baseline` target
/// among them is refused.
fn drop_outputs_from_inputs(args: &CheckArgs, inputs: &mut Vec<Input>) -> Result<(), Error> {
    let b = &args.batch;
    let ids = |p: Option<&PathBuf>| p.and_then(|p| output::FileId::of(p));
    let report = ids(b.output.as_ref());
    let written = ids(args.write_baseline.as_ref());
    let read = ids(args.baseline.as_ref());
    if report.is_none() && written.is_none() && read.is_none() {
        return Ok(()); // no output exists yet: no input can be one
    }
    let mut refused = None;
    inputs.retain(|i| {
        let Input::Path(p) = i else { return true };
        let Some(id) = output::FileId::of(p) else {
            return true;
        };
        if Some(id) == report {
            refused.get_or_insert_with(|| {
                let o = b.output.as_deref().unwrap_or(p);
                refuse("--output", o, p, "one of the files being checked")
            });
        }
        if Some(id) == read {
            return false;
        }
        if Some(id) == written {
            if Baseline::read(p).is_ok() {
                return false;
            }
            refused.get_or_insert_with(|| {
                let w = args.write_baseline.as_deref().unwrap_or(p);
                refuse(
                    "--write-baseline",
                    w,
                    p,
                    "one of the files being checked, not a claimlint baseline",
                )
            });
        }
        true
    });
    refused.map_or(Ok(()), Err)
}

/// Standard output for a run. When its reader goes away (`| head`), writes fail with
/// `BrokenPipe` and the run stops quietly; a run that must finish anyway (it writes a baseline)
/// discards the rest of its report instead.
struct PipeOut<W: Write> {
    inner: W,
    closed: bool,
    discard: bool,
}

impl<W: Write> PipeOut<W> {
    fn outcome<T>(&mut self, r: io::Result<T>, done: T) -> io::Result<T> {
        match r {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                if self.discard {
                    Ok(done)
                } else {
                    Err(e)
                }
            }
            r => r,
        }
    }
}

impl<W: Write> Write for PipeOut<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            let closed = Err(io::ErrorKind::BrokenPipe.into());
            return self.outcome(closed, buf.len());
        }
        let r = self.inner.write(buf);
        self.outcome(r, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return self.outcome(Err(io::ErrorKind::BrokenPipe.into()), ());
        }
        let r = self.inner.flush();
        self.outcome(r, ())
    }
}

/// The progress bar: drawn on stderr only when it is a terminal, and only once the run has
/// taken more than a second, so short runs and pipelines never see it.
struct Progress {
    bar: Option<ProgressBar>,
    /// Whether the bar is drawn (a cell: the report's writer holds the bar while files go by).
    shown: std::cell::Cell<bool>,
    started: Instant,
}

impl Progress {
    fn new(total: usize, enabled: bool) -> Self {
        let bar = enabled.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            let style = ProgressStyle::with_template(
                "{spinner} {elapsed_precise} [{wide_bar}] {human_pos}/{human_len} files, {per_sec}, ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style.progress_chars("=> "));
            bar
        });
        Progress {
            bar,
            shown: std::cell::Cell::new(false),
            started: Instant::now(),
        }
    }

    fn inc(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if !self.shown.get() && self.started.elapsed() >= Duration::from_secs(1) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(200));
            self.shown.set(true);
        }
    }

    /// Runs `f` with the bar taken off the screen, so that terminal output is not mixed into it.
    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if self.shown.get() => bar.suspend(f),
            _ => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Writes to `out` with the progress bar taken off the screen for each write.
struct Suspended<'a, 'b> {
    progress: &'a Progress,
    out: &'a mut (dyn Write + 'b),
}

impl Write for Suspended<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let out = &mut *self.out;
        self.progress.suspend(|| out.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        let out = &mut *self.out;
        self.progress.suspend(|| out.flush())
    }
}

/// Runs `check` (or `report`): walk, compile the packs, check in parallel through the library
/// pipeline, stream the report, write or prune the baseline, exit code.
pub fn check(
    args: &CheckArgs,
    cfg: Option<&LoadedConfig>,
    reads: &[ReadFile],
    load_engine: &dyn Fn() -> Result<Engine, Error>,
) -> Result<ExitCode, Error> {
    let (inputs, mut errors, explicit, paths) = inputs(args, cfg)?;
    // Left to the process's exit to free: dropping the compiled pack (automata, tables, a
    // few thousand strings) cost ~3 ms, a tenth of a small file's whole run.
    let engine = std::mem::ManuallyDrop::new(load_engine()?);
    let policy = Policy::new(engine.rules(), cfg, &args.overrides.lib())?;
    if args.stdin_filename.is_some() && inputs.iter().any(|i| matches!(i, Input::Path(_))) {
        return Err(Error::Usage(
            "--stdin-filename names standard input: give no paths (or `-`) with it".into(),
        ));
    }
    let mut inputs = policy.keep_inputs(inputs);
    guard_outputs(args, reads, &explicit, &mut inputs)?;
    if inputs.is_empty() && errors.is_empty() && args.batch.files_from.is_none() {
        return Err(walk::nothing_to_check(&paths));
    }
    let baseline = match &args.baseline {
        Some(p) => Some(Baseline::read(p)?),
        None => None,
    };
    let pipeline = pipeline(args, &engine, &policy, baseline.as_ref())?;
    let (stats, recorded) = stream_report(args, &pipeline, &inputs, &mut errors)?;
    let baseline_written = finish_baseline(args, baseline.as_ref(), &pipeline, recorded)?;

    let failed_inputs = !errors.is_empty();
    for e in errors {
        print_error(e);
    }
    Ok(if failed_inputs {
        ExitCode::from(2)
    } else if !baseline_written && stats.fails_at(policy.fail_on.level()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The inputs to check (walked), the errors met walking, and the files named explicitly.
#[allow(clippy::type_complexity)]
fn inputs(
    args: &CheckArgs,
    cfg: Option<&LoadedConfig>,
) -> Result<(Vec<Input>, Vec<Error>, Vec<PathBuf>, Vec<PathBuf>), Error> {
    let b = &args.batch;
    let opts = WalkOptions {
        hidden: b.hidden,
        follow: b.follow,
        no_ignore: b.no_ignore,
        globs: b.globs.clone(),
        excludes: b.excludes.clone(),
        extensions: walk::select_extensions(
            &b.types,
            &b.type_add,
            cfg.and_then(|c| c.config.extensions.as_deref()),
        )?,
    };
    let paths = paths(args)?;
    // Files named on the command line or in the list (directories are walked).
    let explicit: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && !p.is_dir())
        .cloned()
        .collect();
    let (inputs, errors) = if b.files_from.is_some() && paths.is_empty() {
        // An empty list checks nothing; it does not fall back to standard input.
        (Vec::new(), Vec::new())
    } else {
        walk::collect(&paths, &opts)?
    };
    Ok((inputs, errors, explicit, paths))
}

/// The library pipeline as the arguments set it up.
fn pipeline<'a>(
    args: &CheckArgs,
    engine: &'a Engine,
    policy: &'a Policy,
    baseline: Option<&Baseline>,
) -> Result<Pipeline<'a>, Error> {
    let settings = Settings {
        check: CheckOptions {
            lang: match args.lang {
                LangArg::Auto => None,
                LangArg::Ja => Some(Lang::Ja),
                LangArg::Zh => Some(Lang::Zh),
                LangArg::En => Some(Lang::En),
            },
            ..Default::default()
        },
        source: claimlint::source::SourceOptions {
            encoding: encoding(&args.batch)?,
            ..Default::default()
        },
        ..Settings::default()
    };
    let pipeline = Pipeline::new(engine, settings)
        .stdin_filename(args.stdin_filename.clone())
        .policy(policy)
        .inline_suppressions(
            !args.no_inline_suppressions,
            args.report_unused_suppressions,
        );
    // Writing a baseline records every finding, whatever an older baseline holds.
    Ok(match baseline {
        Some(bl) if args.write_baseline.is_none() => pipeline.baseline(bl),
        _ => pipeline,
    })
}

/// Where the report goes: `--output` (written beside its target, renamed into place at the
/// end) or standard output.
struct Sink {
    file: Option<io::BufWriter<output::AtomicFile>>,
    stdout: PipeOut<io::BufWriter<io::StdoutLock<'static>>>,
    name: String,
    to_stdout: bool,
}

impl Sink {
    fn open(args: &CheckArgs) -> Result<Self, Error> {
        let b = &args.batch;
        Ok(Sink {
            file: match &b.output {
                Some(p) => Some(io::BufWriter::new(output::AtomicFile::create(p)?)),
                None => None,
            },
            stdout: PipeOut {
                inner: io::BufWriter::new(io::stdout().lock()),
                closed: false,
                // A baseline is what was asked for: the run finishes it whoever reads the report.
                discard: args.write_baseline.is_some() || args.prune_baseline,
            },
            name: b.output.as_ref().map_or_else(
                || "<stdout>".to_string(),
                |p| p.to_string_lossy().into_owned(),
            ),
            to_stdout: b.output.is_none(),
        })
    }

    fn out(&mut self) -> &mut dyn Write {
        match &mut self.file {
            Some(f) => f,
            None => &mut self.stdout,
        }
    }

    fn error(&self, e: io::Error) -> Error {
        if self.to_stdout && e.kind() == io::ErrorKind::BrokenPipe {
            Error::OutputClosed
        } else {
            Error::io(self.name.clone(), &e)
        }
    }

    /// Flushes the report and puts a report file in place.
    fn commit(mut self) -> Result<(), Error> {
        let flushed = self.out().flush();
        flushed.map_err(|e| self.error(e))?;
        if let Some(f) = self.file.take() {
            let file = f.into_inner().map_err(|e| self.error(e.into_error()))?;
            file.commit().map_err(|e| self.error(e))?;
        }
        Ok(())
    }
}

/// Checks `inputs` through `pipeline` in parallel and streams the report as files finish, in
/// input order. Returns the counts and, with `--write-baseline`, the findings to record.
fn stream_report(
    args: &CheckArgs,
    pipeline: &Pipeline<'_>,
    inputs: &[Input],
    errors: &mut Vec<Error>,
) -> Result<(Stats, Vec<Entry>), Error> {
    let b = &args.batch;
    let meta = RunMeta {
        packs: pipeline.engine().rules().packs.clone(),
    };
    let stdout_tty = b.output.is_none() && io::stdout().is_terminal();
    let color = args.color.enabled(stdout_tty);
    let mut emitter = args.format.emitter(args, pipeline.engine(), color);
    let jobs = b
        .jobs
        .filter(|&j| j > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut sink = Sink::open(args)?;
    let show_progress = !args.quiet && !b.no_progress && io::stderr().is_terminal();
    let progress = Progress::new(inputs.len(), show_progress);
    let mut stats = Stats::default();
    let mut recorded = Vec::new();
    let out = sink.out();
    let began = emitter.begin(&meta, &mut *out);
    let mut writer = FileWriter {
        args,
        emitter: &mut *emitter,
        out,
        progress: &progress,
        stats: &mut stats,
        recorded: &mut recorded,
        stdout_tty,
        index: FileIndex::default(),
        counts: [0; 3],
    };
    // One file at a time (-j1, or a single input): checked on this thread, each file's report
    // written as its windows are checked (a large file's findings are never all held). On more
    // threads, files are checked whole and written in input order. A baseline to write keeps
    // every finding anyway, and goes the whole-file way.
    let one_at_a_time = jobs.min(inputs.len()) <= 1 && args.write_baseline.is_none();
    let streamed = began.and_then(|()| {
        if one_at_a_time {
            for input in inputs {
                writer.progress.inc();
                match pipeline.check_guarded_into(input, &mut writer) {
                    Ok(written) => written?,
                    Err(e) => errors.push(e),
                }
            }
            Ok(())
        } else {
            // A file that may hold more than one window of text is left to this thread, which
            // checks and writes it window by window in its turn (the workers go on meanwhile), so
            // its findings are never all held on several threads either.
            let large = |input: &Input| {
                args.write_baseline.is_none()
                    && matches!(input, Input::Path(p)
                        if std::fs::metadata(p).is_ok_and(|m| m.len() > claimlint::engine::WINDOW_BYTES as u64))
            };
            pipeline.check_each_deferring(inputs, jobs, large, |input, result| -> io::Result<()> {
                writer.progress.inc();
                let written = match result {
                    None => pipeline.check_guarded_into(input, &mut writer),
                    Some(checked) => checked.map(|f| writer.file(&f)),
                };
                match written {
                    Ok(written) => written,
                    Err(e) => {
                        errors.push(e);
                        Ok(())
                    }
                }
            })
        }
    });
    progress.finish();
    streamed.map_err(|e| sink.error(e))?;
    stats.unreadable = errors.iter().map(|e| e.to_string()).collect();
    let out = sink.out();
    let ended = emitter.end(&stats, &meta, &mut *out).and_then(|()| {
        if !b.stats {
            Ok(())
        } else if args.format != Format::Human {
            warn(format_args!("{}", stats.render()));
            Ok(())
        } else {
            write!(out, "{}", stats.render())
        }
    });
    ended.map_err(|e| sink.error(e))?;
    sink.commit()?;
    Ok((stats, recorded))
}

/// Writes each file's report as its pieces come ([`ReportSink`]): counts, notices on stderr for
/// the machine formats, the emitter, a buffer at a time with the progress bar off the screen.
struct FileWriter<'a, 'b> {
    args: &'a CheckArgs,
    emitter: &'a mut (dyn Emitter + 'b),
    out: &'a mut dyn Write,
    progress: &'a Progress,
    stats: &'a mut Stats,
    /// With `--write-baseline`: every finding (files then come whole).
    recorded: &'a mut Vec<Entry>,
    stdout_tty: bool,
    /// The current file's line index.
    index: FileIndex,
    /// The current file's (errors, warnings, infos).
    counts: [usize; 3],
}

impl FileWriter<'_, '_> {
    /// Runs `write` on the report's writer: a 64 KiB buffer (with the bar off the screen for
    /// each write), so a file with a million findings never has its whole report in memory.
    fn write(
        &mut self,
        write: impl FnOnce(&mut dyn Emitter, &mut FileIndex, &mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut w = io::BufWriter::with_capacity(
            64 << 10,
            Suspended {
                progress: self.progress,
                out: &mut *self.out,
            },
        );
        write(&mut *self.emitter, &mut self.index, &mut w)?;
        w.flush()?;
        drop(w);
        if self.stdout_tty {
            self.out.flush()?;
        }
        Ok(())
    }
}

impl ReportSink for FileWriter<'_, '_> {
    fn begin(&mut self, head: &FileReport) -> io::Result<()> {
        self.index = FileIndex::default();
        self.counts = [0; 3];
        // Machine formats keep stdout parseable: their notices go to stderr.
        if !self.args.quiet && matches!(self.args.format, Format::Jsonl | Format::Csv) {
            self.progress.suspend(|| {
                for n in &head.notices {
                    warn(format_args!("{}: notice: {n}\n", head.path));
                }
            });
        }
        self.write(|e, _, w| e.file_begin(head, w))
    }

    fn chunk(&mut self, head: &FileReport, diagnostics: &[Diagnostic]) -> io::Result<()> {
        let counts = self.stats.add_findings(diagnostics);
        for (total, n) in self.counts.iter_mut().zip(counts) {
            *total += n;
        }
        self.write(|e, index, w| e.file_chunk(head, diagnostics, index, w))
    }

    fn end(&mut self, file: &FileReport) -> io::Result<()> {
        self.stats.add_file(file, self.counts);
        self.write(|e, _, w| e.file_end(file, w))
    }

    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        if self.args.write_baseline.is_some() {
            self.recorded
                .extend(claimlint::baseline::file_entries(file));
        }
        self.begin(file)?;
        self.chunk(file, &file.diagnostics)?;
        self.end(file)
    }
}

/// Writes `--write-baseline`, or prunes `--baseline` with `--prune-baseline`. Returns whether a
/// baseline was written (the run then succeeds whatever it found).
fn finish_baseline(
    args: &CheckArgs,
    baseline: Option<&Baseline>,
    pipeline: &Pipeline<'_>,
    recorded: Vec<Entry>,
) -> Result<bool, Error> {
    if let Some(path) = &args.write_baseline {
        let written = Baseline::from_entries(recorded);
        written.write(path)?;
        warn(format_args!(
            "claimlint: wrote {} findings to {}\n",
            written.findings.len(),
            path.display()
        ));
        return Ok(true);
    }
    if let (Some(bl), Some(path), true) = (baseline, &args.baseline, args.prune_baseline) {
        let pruned = bl.pruned(&pipeline.baseline_matches());
        if &pruned != bl {
            pruned.write(path)?;
        }
        warn(format_args!(
            "claimlint: pruned {} of {} baseline entries from {}\n",
            bl.findings.len() - pruned.findings.len(),
            bl.findings.len(),
            path.display()
        ));
    }
    Ok(false)
}

/// The width human output is wrapped to: `COLUMNS` when set, else the terminal's when the report
/// goes to one, else 100.
fn terminal_width(to_stdout: bool) -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&n| n >= 40)
    {
        return n;
    }
    let tty = to_stdout && io::stdout().is_terminal();
    tty.then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten()
        .filter(|&n| n >= 40)
        .unwrap_or(100)
}
