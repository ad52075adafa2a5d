//! The config loader (`config::load`) on arbitrary file contents: errors are located and
//! render; a loaded config resolves into a policy (selectors, globs) against a fixed pack.
#![no_main]

#[path = "common.rs"]
mod common;

use claimlint::config::{self, Overrides, Policy};
use claimlint::{Error, RuleSet};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| {
        claimlint::load_rule_set(false, &[("prop_pack.yaml".into(), common::PACK.into())])
            .expect("the fuzz pack loads")
    })
}

fn check_error(e: Error) {
    if let Error::Yaml(y) = &e {
        assert!(y.line >= 1 && y.column >= 1);
    }
    let _ = format!("{:?}", miette::Report::new(e));
}

fuzz_target!(|data: &[u8]| {
    // `load` takes a path (it resolves pack paths against the file's directory).
    let dir = std::env::temp_dir().join(format!("claimlint-fuzz-config-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("claimlint.yaml");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    match config::load(&path) {
        Ok(loaded) => {
            let _ = loaded.pack_paths();
            match Policy::new(rules(), Some(&loaded), &Overrides::default()) {
                Ok(policy) => {
                    let _ = policy.is_ignored(&dir.join("a/b.html"));
                }
                Err(e) => check_error(e),
            }
        }
        Err(e) => check_error(e),
    }
});
