//! The claimlint command line: arguments to settings, run, choose a reporter, exit code.
//! Exit codes: 0 no finding at or above --fail-on; 1 there is one; 2 usage, I/O or pack error.

mod batch_cli;
mod document_check;
mod lsp;
mod records_cli;
mod serve;
mod shorthand;

use claimlint::engine::{Engine, JudgeMode};
use claimlint::Error;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "claimlint",
    version,
    about = "Lints clinic and regenerative-medicine marketing copy (ja/zh/en) for prohibited advertising claims"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    packs: PackArgs,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Args, Debug, Clone)]
struct ConfigArgs {
    /// Use this config file instead of searching for claimlint.yaml / .claimlint.yaml.
    #[arg(long = "config", value_name = "FILE", global = true)]
    config: Option<PathBuf>,
    /// Ignore config files.
    #[arg(long, global = true, conflicts_with = "config")]
    no_config: bool,
}

#[derive(Args, Debug, Clone)]
struct PackArgs {
    /// Add a rule pack (repeatable); added to the default pack.
    #[arg(long = "rules", value_name = "FILE", global = true)]
    rules: Vec<PathBuf>,
    /// Do not load the embedded default pack.
    #[arg(long, global = true)]
    no_default_rules: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check files, directories or standard input.
    Check(CheckArgs),
    /// Write one self-contained HTML report (`check --format html`), e.g. `-o report.html`.
    #[command(mut_arg("format", |a| a.hide(true)))]
    Report(CheckArgs),
    /// List, test or document the loaded rules.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
    /// Explain a rule: what it catches, why, examples, references.
    Explain {
        /// The rule id, e.g. ja.curative.cure-promise.
        rule: String,
    },
    /// What the learned judge hears in a document: its voice score (advertiser or reporting),
    /// each paragraph's, the gate's verdict, and the n-grams that weighed most either way.
    Voice {
        /// Files to judge; `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The document voice threshold to judge against (default: the config's, else the
        /// model's).
        #[arg(long, value_name = "SCORE", value_parser = claimlint::config::parse_threshold)]
        voice_threshold: Option<f32>,
    },
    /// Show the effective configuration.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Write a commented claimlint.yaml in the current directory (never overwrites).
    Init,
    /// A language server on stdio (Markdown, HTML, plain text): diagnostics as you type.
    Lsp,
    /// A local checking page on 127.0.0.1: paste or drop copy, see the findings in place.
    Serve {
        /// The port to listen on (default: any free port; the URL is printed).
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Score the loaded packs against a labeled corpus (see docs/corpus-format.md).
    Eval {
        /// Directory holding manifest.yaml files.
        dir: PathBuf,
        /// Do not list the false positives and negatives.
        #[arg(long)]
        no_mistakes: bool,
        /// Score only the documents of this half of a corpus split by site (dev or test).
        #[arg(long, value_name = "dev|test")]
        split: Option<claimlint::eval::Split>,
        /// What the learned judge adds: `off` (rules alone), `gate` (+ voice gate), `full`
        /// (+ sentence claim scores, the default, as `check` runs).
        #[arg(long, value_enum, default_value_t = JudgeMode::Full)]
        judge: JudgeMode,
        /// Gate by the manifest's `voice` label instead of the model: documents labelled
        /// `reporting` report nothing. With `--judge off`, the rules behind a gate that never
        /// errs: the ceiling a better voice model could reach with this pack.
        #[arg(long)]
        gate_by_label: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ConfigAction {
    /// Print the effective settings as YAML, and the file they came from.
    Show {
        /// Also apply these `check` overrides.
        #[command(flatten)]
        overrides: RuleOverrideArgs,
    },
}

#[derive(Args, Debug, Clone, Default)]
struct RuleOverrideArgs {
    /// Run this rule or category even if the config disables it (repeatable).
    #[arg(long, value_name = "RULE_OR_CATEGORY")]
    enable: Vec<String>,
    /// Do not run this rule or category, or `all` (repeatable).
    #[arg(long, value_name = "RULE_OR_CATEGORY")]
    disable: Vec<String>,
    /// Exit 1 when a finding is at or above this severity [default: error, or the config's].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// What the learned judge adds: `off` (rules alone), `gate` (+ the voice gate, which drops
    /// findings on pages that report rather than advertise), `full` (+ model findings; the
    /// default). Overrides the config's `judge.mode`.
    #[arg(long, value_enum, value_name = "MODE")]
    judge: Option<JudgeMode>,
    /// The document voice score (0-1, 1 = the advertiser speaking) below which a page counts
    /// as reporting and its findings are dropped; default: the model's (docs/model.md).
    /// Overrides the config's `judge.voice-threshold`.
    #[arg(long, value_name = "SCORE", value_parser = claimlint::config::parse_threshold)]
    voice_threshold: Option<f32>,
    /// The jurisdictions the copy answers to: jp, cn, tw, us, uk (comma-separated) or all.
    /// Findings of rules that enforce only other jurisdictions' laws are dropped, and only
    /// these jurisdictions' codes and references are shown. Default: each document's, from
    /// its `<html lang>` or language (ja: jp; zh: cn, or tw for Traditional; en: us,uk).
    #[arg(long, value_name = "LIST", value_parser = claimlint::jurisdiction::Jurisdictions::parse)]
    jurisdiction: Option<claimlint::jurisdiction::Jurisdictions>,
}

#[derive(Subcommand, Debug)]
enum RulesAction {
    /// id, category, severity and languages of every loaded rule.
    List,
    /// Run every rule's examples (or only those of the pack FILE); exit 1 on any failure.
    Test {
        /// A pack whose rules to test (loaded in addition to the others).
        file: Option<PathBuf>,
    },
    /// Print docs/rules.md for the loaded packs.
    Docs,
    /// Every literal phrase of the loaded packs, normalized, one per line.
    Literals,
    /// What each rule costs on a sample: how many bytes its regexes read (exact; the listing's
    /// order) and its time alone less the engine's shared work (a wall clock: noisy on a busy or
    /// virtual machine, compare runs on the same one). Where to look when checking gets slower.
    Profile {
        /// Files whose text is the sample (a megabyte or two of realistic pages is plenty).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Timed runs per rule; each time is the fastest.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// List by time instead of by regex bytes.
        #[arg(long)]
        by_time: bool,
        /// How many rules to list (0: all).
        #[arg(long, default_value_t = 25)]
        top: usize,
    },
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Files or directories; `-` or nothing reads standard input.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Language of the text, or auto to detect it per paragraph.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    lang: LangArg,
    #[command(flatten)]
    overrides: RuleOverrideArgs,
    /// Print only the summary (human format).
    #[arg(long, short)]
    quiet: bool,
    /// The file name standard input stands for: its type (md, html, txt), the name in
    /// reports, and the config's per-path rules.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// When the human format uses colour (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = claimlint::concise::ColorChoice::Auto)]
    color: claimlint::concise::ColorChoice,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every finding in FILE (the only file claimlint writes) and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// With --baseline: rewrite it without the entries that no longer occur.
    #[arg(long, requires = "baseline")]
    prune_baseline: bool,
    /// Report suppression comments that silence nothing (claimlint.suppression.unused).
    #[arg(long)]
    report_unused_suppressions: bool,
    /// Ignore claimlint-disable comments in the checked text (for auditing third-party pages).
    #[arg(long)]
    no_inline_suppressions: bool,
    /// Read JSON Lines records from stdin, write one JSON line per record (see docs/records.md).
    #[arg(long, conflicts_with_all = ["paths", "format", "baseline", "write_baseline", "report_unused_suppressions", "files_from", "output"])]
    records: bool,
    #[command(flatten)]
    batch: batch_cli::BatchArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// Annotated findings for a terminal, then a summary line.
    Human,
    /// The JSON contract (see README).
    Json,
    /// One JSON object per finding, one per line.
    Jsonl,
    /// One row per finding, with a header row.
    Csv,
    /// One self-contained HTML page.
    Html,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// One line per finding: `path:line:col: severity rule message`.
    Concise,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum LangArg {
    Auto,
    Ja,
    Zh,
    En,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn lib(self) -> claimlint::config::FailOn {
        match self {
            FailOn::Error => claimlint::config::FailOn::Error,
            FailOn::Warning => claimlint::config::FailOn::Warning,
            FailOn::Info => claimlint::config::FailOn::Info,
            FailOn::Never => claimlint::config::FailOn::Never,
        }
    }
}

impl RuleOverrideArgs {
    fn lib(&self) -> claimlint::config::Overrides {
        claimlint::config::Overrides {
            enable: self.enable.clone(),
            disable: self.disable.clone(),
            fail_on: self.fail_on.map(FailOn::lib),
            judge: self.judge,
            voice_threshold: self.voice_threshold,
            jurisdictions: self.jurisdiction,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(shorthand::with_implicit_check::<Cli>(
        std::env::args_os().collect(),
    ));
    match run(cli) {
        Ok(code) => code,
        // The reader of standard output has gone (`| head`): stop quietly, as ripgrep does.
        Err(Error::OutputClosed) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(e);
            ExitCode::from(2)
        }
    }
}

/// Writes to standard error, ignoring failure: a closed stderr (`2>&1 | head -c 100`) must not
/// panic the run as `eprintln!` would, and there is nowhere left to report it.
fn warn(args: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// Prints an error on standard error: I/O and usage errors as one line, pack and config errors
/// with miette's located snippet.
fn print_error(e: Error) {
    match e {
        Error::Yaml(_) => warn(format_args!("{:?}\n", miette::Report::new(e))),
        Error::OutputClosed => {}
        other => warn(format_args!("claimlint: {other}\n")),
    }
}

/// An error writing standard output; a closed pipe ends the run quietly.
fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::OutputClosed
    } else {
        Error::io("<stdout>", &e)
    }
}

fn load_engine(packs: &PackArgs, extra: Option<&PathBuf>) -> Result<Engine, Error> {
    let mut files = Vec::new();
    for p in packs.rules.iter().chain(extra) {
        // Read as inputs are: a pack over run::MAX_INPUT_BYTES is refused, not an abort.
        let text = claimlint::run::read_input(&claimlint::run::Input::Path(p.clone()))?;
        let text = claimlint::rules::pack_text(&p.to_string_lossy(), text)?;
        files.push((p.to_string_lossy().into_owned(), text));
    }
    let set = claimlint::load_rule_set(!packs.no_default_rules, &files)?;
    Engine::new(set)
}

fn run(mut cli: Cli) -> Result<ExitCode, Error> {
    let cfg = claimlint::config::resolve(cli.config.config.as_deref(), cli.config.no_config)?;
    let cli_packs = cli.packs.clone();
    if let Some(c) = &cfg {
        c.check_packs()?;
        // Config packs load before command-line packs; either side can drop the default pack.
        cli.packs.rules.splice(0..0, c.pack_paths());
        cli.packs.no_default_rules |= c.config.no_default_rules;
    }
    let packs = &cli.packs;
    match cli.command {
        // `report` is `check --format html`.
        Command::Report(args) => check(
            &CheckArgs {
                format: Format::Html,
                ..args
            },
            packs,
            cfg.as_ref(),
        ),
        Command::Check(args) => check(&args, packs, cfg.as_ref()),
        Command::Rules { action } => rules(action, packs),
        Command::Init => {
            let path = claimlint::init::write_config(Path::new("."))?;
            warn(format_args!("claimlint: wrote {}\n", path.display()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Voice {
            paths,
            voice_threshold,
        } => {
            let threshold =
                voice_threshold.or(cfg.as_ref().and_then(|c| c.config.judge.voice_threshold));
            voice(&paths, threshold, packs)
        }
        Command::Explain { rule } => explain(&rule, packs),
        Command::Config {
            action: ConfigAction::Show { overrides },
        } => {
            // Validate against the loaded rules, as `check` would.
            let engine = load_engine(packs, None)?;
            claimlint::config::Policy::new(engine.rules(), cfg.as_ref(), &overrides.lib())?;
            let effective = claimlint::config::effective(
                cfg.as_ref(),
                &overrides.lib(),
                &cli_packs.rules,
                cli_packs.no_default_rules,
            );
            print_text(&claimlint::config::show(cfg.as_ref(), &effective))
        }
        Command::Lsp => {
            lsp::run(lsp::LspOptions {
                packs: cli_packs,
                config: cli.config.config.clone(),
                no_config: cli.config.no_config,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { port } => {
            serve::run(port, &cli_packs, cfg.as_ref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            dir,
            no_mistakes,
            split,
            judge,
            gate_by_label,
        } => {
            let engine = load_engine(packs, None)?;
            let opts = claimlint::eval::EvalOptions {
                split,
                judge: judge.options(None),
                gate_by_label,
            };
            let ev = claimlint::eval::evaluate_with(&engine, &dir, opts)?;
            print_text(&ev.table(!no_mistakes))
        }
    }
}

/// `claimlint voice`: the judge's view of each file; exit 2 when one could not be judged.
fn voice(paths: &[PathBuf], threshold: Option<f32>, packs: &PackArgs) -> Result<ExitCode, Error> {
    let engine = load_engine(packs, None)?;
    let judge = claimlint::learned::Judge::embedded()
        .ok_or_else(|| Error::Usage("this build has no learned judge".into()))?;
    let mut failed = false;
    for p in paths {
        let input = if p.as_os_str() == "-" {
            claimlint::run::Input::Stdin
        } else {
            claimlint::run::Input::Path(p.clone())
        };
        let shown = input.display();
        let report = claimlint::run::read_input(&input).map(|bytes| {
            let path = (p.as_os_str() != "-").then_some(p.as_path());
            claimlint::learned::explain::voice_report(
                &engine, judge, &shown, path, &bytes, threshold,
            )
        });
        match report {
            Ok(Some(text)) => {
                print_text(&text)?;
            }
            Ok(None) => {
                failed = true;
                warn(format_args!(
                    "claimlint: {shown}: binary file, not judged\n"
                ));
            }
            Err(e) => {
                failed = true;
                print_error(e);
            }
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// `claimlint explain RULE`.
fn explain(rule: &str, packs: &PackArgs) -> Result<ExitCode, Error> {
    let engine = load_engine(packs, None)?;
    let Some(r) = engine.rules().rule(rule) else {
        return Err(Error::Usage(format!(
            "no rule `{rule}`{} (see `claimlint rules list`)",
            claimlint::suggest::hint(rule, engine.rules().rules.iter().map(|r| r.id.as_str()))
        )));
    };
    print_text(&claimlint::explain::explain_rule(engine.rules(), r))
}

/// Writes `text` to standard output.
fn print_text(text: &str) -> Result<ExitCode, Error> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write!(out, "{text}").map_err(stdout_error)?;
    out.flush().map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}

/// `check` and `report`: a record stream, or files (see `batch_cli`).
fn check(
    args: &CheckArgs,
    packs: &PackArgs,
    cfg: Option<&claimlint::config::LoadedConfig>,
) -> Result<ExitCode, Error> {
    let load = || load_engine(packs, None);
    if args.records {
        return records_cli::check(args, cfg, &load);
    }
    let mut reads: Vec<batch_cli::ReadFile> = packs
        .rules
        .iter()
        .map(|p| batch_cli::ReadFile {
            path: p.clone(),
            what: "a rule pack",
        })
        .collect();
    if let Some(c) = cfg {
        reads.push(batch_cli::ReadFile {
            path: c.path.clone(),
            what: "the config file",
        });
    }
    batch_cli::check(args, cfg, &reads, &load)
}

/// `rules list | test | docs | literals`.
fn rules(action: RulesAction, packs: &PackArgs) -> Result<ExitCode, Error> {
    use std::fmt::Write as _;
    let mut out = String::new();
    match action {
        RulesAction::List => {
            let engine = load_engine(packs, None)?;
            for r in &engine.rules().rules {
                let langs: Vec<&str> = r.langs.langs().map(|l| l.code()).collect();
                let _ = writeln!(
                    out,
                    "{:<48} {:<28} {:<8} {}",
                    r.id,
                    r.category,
                    r.severity,
                    langs.join(",")
                );
            }
        }
        RulesAction::Test { file } => return rules_test(packs, file.as_ref()),
        RulesAction::Docs => {
            let engine = load_engine(packs, None)?;
            out = claimlint::explain::rules_markdown(engine.rules());
        }
        RulesAction::Profile {
            files,
            rounds,
            top,
            by_time,
        } => {
            return rules_profile(packs, &files, rounds, top, by_time);
        }
        RulesAction::Literals => {
            let engine = load_engine(packs, None)?;
            for l in engine.literals() {
                if !l.contains('\n') {
                    out.push_str(l);
                    out.push('\n');
                }
            }
        }
    }
    print_text(&out)
}

/// `rules profile FILE...`: each rule's cost on the files' text, the widest regex readers first
/// (or the slowest, `--by-time`). A file that cannot be read, or is binary, is reported and left
/// out of the sample (exit 2, after the table).
fn rules_profile(
    packs: &PackArgs,
    files: &[PathBuf],
    rounds: usize,
    top: usize,
    by_time: bool,
) -> Result<ExitCode, Error> {
    use std::fmt::Write as _;
    let engine = load_engine(packs, None)?;
    let mut texts = Vec::new();
    let mut failed = false;
    for path in files {
        let bytes = match claimlint::run::read_input(&claimlint::run::Input::Path(path.clone())) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("claimlint: {e}");
                failed = true;
                continue;
            }
        };
        match claimlint::source::load(&bytes, Some(path), &Default::default()) {
            claimlint::source::Loaded::Source(src) => texts.push(src.extracted.text),
            claimlint::source::Loaded::Binary { reason } => {
                eprintln!(
                    "claimlint: {}: binary file skipped ({reason})",
                    path.display()
                );
                failed = true;
            }
        }
    }
    if texts.is_empty() {
        return Err(Error::Usage(
            "rules profile: no readable file to profile".into(),
        ));
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let profile = engine.profile_rules(&refs, rounds);
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let total: f64 = profile.rules.iter().map(|d| ms(*d)).sum();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} bytes of text in {} files; shared work {:.1} ms; each rule alone {:.1} ms in all (best of {} runs each)",
        profile.bytes,
        texts.len(),
        ms(profile.baseline),
        total,
        rounds.max(1)
    );
    let _ = writeln!(
        out,
        "{:>9} {:>6} {:>12}  rule",
        "ms", "share", "regex bytes"
    );
    let listed = if top == 0 { usize::MAX } else { top };
    let order = if by_time {
        profile.costliest()
    } else {
        profile.widest()
    };
    for i in order.into_iter().take(listed) {
        let (Some(rule), Some(d)) = (engine.rules().rules.get(i), profile.rules.get(i)) else {
            continue;
        };
        let share = if total > 0.0 {
            100.0 * ms(*d) / total
        } else {
            0.0
        };
        let scanned = profile.regex_bytes.get(i).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "{:>9.2} {:>5.1}% {:>12}  {}",
            ms(*d),
            share,
            scanned,
            rule.id
        );
    }
    print_text(&out)?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// `rules test [FILE]`: every pack example (or those of FILE) flags or passes as it says.
fn rules_test(packs: &PackArgs, file: Option<&PathBuf>) -> Result<ExitCode, Error> {
    let engine = load_engine(packs, file)?;
    let only_pack = file.map(|f| f.to_string_lossy().into_owned());
    let in_pack = |pack: usize| {
        only_pack.as_ref().is_none_or(|path| {
            engine
                .rules()
                .packs
                .get(pack)
                .is_some_and(|p| &p.path == path)
        })
    };
    let failures: Vec<String> = engine
        .test_examples()
        .into_iter()
        .filter(|line| {
            let id = line.split(':').next().unwrap_or("");
            only_pack.is_none() || engine.rules().rule(id).is_some_and(|r| in_pack(r.pack))
        })
        .collect();
    let tested = engine
        .rules()
        .rules
        .iter()
        .filter(|r| in_pack(r.pack))
        .map(|r| r.examples.flag.len() + r.examples.pass.len())
        .sum::<usize>();
    use std::fmt::Write as _;
    let mut out = String::new();
    for f in &failures {
        let _ = writeln!(out, "FAIL {f}");
    }
    let _ = writeln!(
        out,
        "{} passed, {} failed",
        tested - failures.len().min(tested),
        failures.len()
    );
    print_text(&out)?;
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
