//! Normalization and matching on arbitrary text with a fixed pack: `Normalized::build` and
//! `Engine::check`. The first byte picks the forced language (or detection).
#![no_main]

#[path = "common.rs"]
mod common;

use claimlint::engine::{CheckOptions, Engine};
use claimlint::text::{LangDetector, Normalized};
use claimlint::Lang;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let set =
            claimlint::load_rule_set(false, &[("prop_pack.yaml".into(), common::PACK.into())])
                .expect("the fuzz pack loads");
        Engine::new(set).expect("the fuzz pack compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let lang = match first % 4 {
        0 => None,
        1 => Some(Lang::Ja),
        2 => Some(Lang::Zh),
        _ => Some(Lang::En),
    };
    let text = String::from_utf8_lossy(rest);
    let norm = Normalized::build(&text, lang, &LangDetector::new());
    common::check_normalized(&norm, &text);
    let checked = engine().check(
        &text,
        &CheckOptions {
            lang,
            ..Default::default()
        },
    );
    common::check_diagnostics(&text, &checked.diagnostics);
});
