//! The claimlint command line: arguments to settings, run, choose a reporter, exit code.
//! Exit codes: 0 no finding at or above --fail-on; 1 there is one; 2 usage, I/O or pack error.

use claimlint::engine::{CheckOptions, Engine};
use claimlint::report::{HumanReporter, JsonReporter, Reporter, RunMeta};
use claimlint::run::{check_all, collect_inputs, Settings};
use claimlint::{Error, Lang, Severity};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
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
    /// Score the loaded packs against a labeled corpus (see docs/corpus-format.md).
    Eval {
        /// Directory holding manifest.yaml files.
        dir: PathBuf,
        /// Do not list the false positives and negatives.
        #[arg(long)]
        no_mistakes: bool,
    },
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
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Print only the summary (human format).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Human,
    Json,
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
    fn level(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            print_error(e);
            ExitCode::from(2)
        }
    }
}

fn print_error(e: Error) {
    let report = miette::Report::new(e);
    eprintln!("{report:?}");
}

fn load_engine(packs: &PackArgs, extra: Option<&PathBuf>) -> Result<Engine, Error> {
    let mut files = Vec::new();
    for p in packs.rules.iter().chain(extra) {
        let text = std::fs::read(p).map_err(|e| Error::io(p.to_string_lossy(), &e))?;
        let text = claimlint::rules::pack_text(&p.to_string_lossy(), text)?;
        files.push((p.to_string_lossy().into_owned(), text));
    }
    let set = claimlint::load_rule_set(!packs.no_default_rules, &files)?;
    Engine::new(set)
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let io_err = |e: std::io::Error| Error::io("<stdout>", &e);
    match cli.command {
        Command::Check(args) => {
            let engine = load_engine(&cli.packs, None)?;
            let opts = CheckOptions {
                lang: match args.lang {
                    LangArg::Auto => None,
                    LangArg::Ja => Some(Lang::Ja),
                    LangArg::Zh => Some(Lang::Zh),
                    LangArg::En => Some(Lang::En),
                },
                enabled: None,
            };
            let settings = Settings {
                check: opts,
                source: claimlint::source::SourceOptions::default(),
            };
            let (inputs, input_errors) = collect_inputs(&args.paths);
            let mut run = check_all(&engine, &inputs, &settings);
            run.errors.splice(0..0, input_errors);
            let meta = RunMeta {
                packs: engine.rules().packs.clone(),
            };
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut reporter: Box<dyn Reporter> = match args.format {
                Format::Human => Box::new(HumanReporter {
                    color,
                    quiet: args.quiet,
                    width: 100,
                }),
                Format::Json => Box::new(JsonReporter),
            };
            reporter.report(&run, &meta, &mut out).map_err(io_err)?;
            out.flush().map_err(io_err)?;
            let failed_inputs = !run.errors.is_empty();
            for e in std::mem::take(&mut run.errors) {
                print_error(e);
            }
            if failed_inputs {
                return Ok(ExitCode::from(2));
            }
            Ok(if run.fails_at(args.fail_on.level()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Rules { action } => match action {
            RulesAction::List => {
                let engine = load_engine(&cli.packs, None)?;
                for r in &engine.rules().rules {
                    let langs: Vec<&str> = r.langs.langs().map(|l| l.code()).collect();
                    writeln!(
                        out,
                        "{:<48} {:<28} {:<8} {}",
                        r.id,
                        r.category,
                        r.severity,
                        langs.join(",")
                    )
                    .map_err(io_err)?;
                }
                out.flush().map_err(io_err)?;
                Ok(ExitCode::SUCCESS)
            }
            RulesAction::Test { file } => {
                let engine = load_engine(&cli.packs, file.as_ref())?;
                let only_pack = file.as_ref().map(|f| f.to_string_lossy().into_owned());
                let failures: Vec<String> = engine
                    .test_examples()
                    .into_iter()
                    .filter(|line| {
                        only_pack.as_ref().is_none_or(|path| {
                            let id = line.split(':').next().unwrap_or("");
                            engine.rules().rule(id).is_some_and(|r| {
                                engine
                                    .rules()
                                    .packs
                                    .get(r.pack)
                                    .is_some_and(|p| &p.path == path)
                            })
                        })
                    })
                    .collect();
                let tested = engine
                    .rules()
                    .rules
                    .iter()
                    .filter(|r| {
                        only_pack.as_ref().is_none_or(|path| {
                            engine
                                .rules()
                                .packs
                                .get(r.pack)
                                .is_some_and(|p| &p.path == path)
                        })
                    })
                    .map(|r| r.examples.flag.len() + r.examples.pass.len())
                    .sum::<usize>();
                for f in &failures {
                    writeln!(out, "FAIL {f}").map_err(io_err)?;
                }
                writeln!(
                    out,
                    "{} passed, {} failed",
                    tested - failures.len().min(tested),
                    failures.len()
                )
                .map_err(io_err)?;
                out.flush().map_err(io_err)?;
                Ok(if failures.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                })
            }
            RulesAction::Docs => {
                let engine = load_engine(&cli.packs, None)?;
                write!(
                    out,
                    "{}",
                    claimlint::explain::rules_markdown(engine.rules())
                )
                .map_err(io_err)?;
                out.flush().map_err(io_err)?;
                Ok(ExitCode::SUCCESS)
            }
            RulesAction::Literals => {
                let engine = load_engine(&cli.packs, None)?;
                for l in engine.literals() {
                    if !l.contains('\n') {
                        writeln!(out, "{l}").map_err(io_err)?;
                    }
                }
                out.flush().map_err(io_err)?;
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Explain { rule } => {
            let engine = load_engine(&cli.packs, None)?;
            let Some(r) = engine.rules().rule(&rule) else {
                return Err(Error::Usage(format!(
                    "no rule `{rule}` (see `claimlint rules list`)"
                )));
            };
            write!(
                out,
                "{}",
                claimlint::explain::explain_rule(engine.rules(), r)
            )
            .map_err(io_err)?;
            out.flush().map_err(io_err)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { dir, no_mistakes } => {
            let engine = load_engine(&cli.packs, None)?;
            let ev = claimlint::eval::evaluate(&engine, &dir)?;
            write!(out, "{}", ev.table(!no_mistakes)).map_err(io_err)?;
            out.flush().map_err(io_err)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
