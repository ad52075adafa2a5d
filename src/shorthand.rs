//! `claimlint PATH...` as `claimlint check PATH...`: a new user's first try, as with `ruff` and
//! `rg`, should check the file rather than fail on a missing subcommand.

use clap::CommandFactory;
use std::ffi::OsString;
use std::path::Path;

/// The arguments with `check` inserted when the first one is not a subcommand but an existing
/// path. A subcommand name wins over a file of the same name (`claimlint rules` lists rules).
pub fn with_implicit_check<C: CommandFactory>(args: Vec<OsString>) -> Vec<OsString> {
    let Some(first) = args.get(1) else {
        return args;
    };
    let cmd = C::command();
    let is_subcommand = first.to_str().is_some_and(|f| {
        f == "help"
            || cmd
                .get_subcommands()
                .any(|s| s.get_name() == f || s.get_all_aliases().any(|a| a == f))
    });
    if is_subcommand || first.to_string_lossy().starts_with('-') || !Path::new(first).exists() {
        return args;
    }
    let mut out = args;
    out.insert(1, OsString::from("check"));
    out
}
