//! The built binary, end to end: one test binary, one module per behaviour (see tests/README.md).

#[path = "../common/mod.rs"]
mod common;

mod closed_pipes;
mod config_and_policy;
mod data_loss;
mod exit_codes;
mod file_selection;
mod judge_and_jurisdictions;
mod lsp;
mod output_formats;
mod parallel_determinism;
mod records;
mod rule_packs;
mod schemas;
mod serve;
mod suppressions_and_baselines;
