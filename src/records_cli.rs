//! (Binary only.) `check --records`: the record stream on stdin and stdout, and its exit code.

use crate::{print_error, CheckArgs, LangArg};
use claimlint::config::{LoadedConfig, Policy};
use claimlint::engine::Engine;
use claimlint::records::{check_stream, TextChecker};
use claimlint::{Error, Lang};
use std::io;
use std::process::ExitCode;

/// Runs the record stream. Exit codes as for files: 2 when any record was an error record,
/// else 1 when a finding is at or above `--fail-on`, else 0.
pub fn check(
    args: &CheckArgs,
    cfg: Option<&LoadedConfig>,
    load_engine: &dyn Fn() -> Result<Engine, Error>,
) -> Result<ExitCode, Error> {
    // Left to the process's exit to free: dropping the compiled pack (automata, tables, a
    // few thousand strings) cost ~3 ms, a tenth of a small file's whole run.
    let engine = std::mem::ManuallyDrop::new(load_engine()?);
    let policy = Policy::new(engine.rules(), cfg, &args.overrides.lib())?;
    let lang = match args.lang {
        LangArg::Auto => None,
        LangArg::Ja => Some(Lang::Ja),
        LangArg::Zh => Some(Lang::Zh),
        LangArg::En => Some(Lang::En),
    };
    let checker = TextChecker::new(&engine, &policy, !args.no_inline_suppressions, lang);
    let jobs = args
        .batch
        .jobs
        .filter(|&j| j > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let stdin = io::stdin();
    let mut out = io::BufWriter::with_capacity(64 << 10, io::stdout());
    let stats = check_stream(&checker, stdin.lock(), &mut out, jobs)?;
    if stats.errors > 0 {
        print_error(Error::Usage(format!(
            "{} of {} records could not be checked (see their `error` fields)",
            stats.errors, stats.records
        )));
        return Ok(ExitCode::from(2));
    }
    let fails = policy
        .fail_on
        .level()
        .is_some_and(|l| stats.worst.is_some_and(|w| w >= l));
    Ok(if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
