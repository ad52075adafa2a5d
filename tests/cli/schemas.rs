//! The JSON Schemas under schemas/ (editor completion for configs and packs) accept what
//! claimlint accepts: the default packs, the config `claimlint init` writes; and `init` itself.

use crate::common::*;

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn yaml_as_json(text: &str) -> serde_json::Value {
    let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).unwrap();
    serde_json::to_value(v).unwrap()
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

#[test]
fn default_packs_validate_against_the_pack_schema_and_name_it() {
    let v = validator("rule-pack.schema.json");
    for name in ["en.yaml", "ja.yaml", "zh.yaml", "products.yaml"] {
        let text = std::fs::read_to_string(root().join("rules").join(name)).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schemas/rule-pack.schema.json\n"),
            "{name}"
        );
        let errs = errors(&v, &yaml_as_json(&text));
        assert!(errs.is_empty(), "{name}: {errs:#?}");
    }
    // The schema is not vacuous: an unknown key and a bad category are rejected.
    let bad = yaml_as_json("pack: x\nversion: 1\nrulez: []\n");
    assert!(!errors(&v, &bad).is_empty());
    let bad = yaml_as_json(
        "pack: x\nversion: 1\nrules:\n  - {id: a, category: cure, severity: error, message: m}\n",
    );
    assert!(!errors(&v, &bad).is_empty());
}

#[test]
fn init_writes_a_commented_config_that_validates_loads_and_is_never_overwritten() {
    let dir = tempdir();
    let run = |args: &[&str]| run_in(dir.path(), args);
    let out = run(&["init"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let path = dir.path().join("claimlint.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema="),
        "{text}"
    );
    let errs = errors(&validator("claimlint.schema.json"), &yaml_as_json(&text));
    assert!(errs.is_empty(), "{errs:#?}");
    // claimlint reads it (a config error would exit 2).
    std::fs::write(dir.path().join("a.txt"), "Hello.\n").unwrap();
    let out = run(&["check", "a.txt"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // A second init refuses, and leaves the file as it was.
    std::fs::write(&path, "fail-on: never\n").unwrap();
    let out = run(&["init"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "fail-on: never\n");
    // The config schema rejects a misspelt key.
    let bad = yaml_as_json("fial-on: warning\n");
    assert!(!errors(&validator("claimlint.schema.json"), &bad).is_empty());
}
