//! The rule-pack loader on arbitrary YAML: `rules::parse_pack`, `build_rule_set`, `Engine::new`,
//! then the pack's own examples. Errors must be located inside the pack and render.
#![no_main]

use claimlint::engine::Engine;
use claimlint::rules::{build_rule_set, parse_pack};
use claimlint::Error;
use libfuzzer_sys::fuzz_target;

/// Lines as YAML counts them: a line break is `\n`, `\r\n` or a lone `\r`.
fn yaml_line_count(text: &str) -> usize {
    1 + text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count()
}

fn check_error(e: Error, text: &str) {
    if let Error::Yaml(y) = &e {
        assert!(y.line >= 1 && y.column >= 1);
        assert!(
            y.line <= yaml_line_count(text),
            "line {} past the end",
            y.line
        );
    }
    // Render as the binary does (miette's graphical handler with the source snippet).
    let _ = format!("{:?}", miette::Report::new(e));
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        // Non-UTF-8 packs are refused before parsing; fuzz that path too.
        if let Err(e) = claimlint::rules::pack_text("fuzz.yaml", data.to_vec()) {
            check_error(e, &String::from_utf8_lossy(data));
        }
        return;
    };
    let parsed = match parse_pack("fuzz.yaml", text) {
        Ok(p) => p,
        Err(e) => return check_error(e, text),
    };
    let set = match build_rule_set(vec![parsed]) {
        Ok(s) => s,
        Err(e) => return check_error(e, text),
    };
    match Engine::new(set) {
        Ok(engine) => {
            let _ = engine.test_examples();
        }
        Err(e) => check_error(e, text),
    }
});
