//! Every output format against one shared set of diagnostics, compared byte for byte with one
//! expected file per format under tests/snapshots/ (`UPDATE_SNAPSHOTS=1 cargo test --test
//! emitters` rewrites them after an intended change).

use claimlint::report::{
    emit_run, CsvEmitter, Emitter, GithubEmitter, HtmlEmitter, HumanEmitter, JsonEmitter,
    JsonlEmitter, RunMeta, SarifEmitter,
};
use claimlint::run::{Pipeline, RunReport, Settings};
use claimlint::source::Kind;
use claimlint::Engine;
use std::path::Path;

/// The shared fixture: a few documents of each kind, flagged and clean, one unreadable.
fn run(engine: &Engine) -> RunReport {
    let docs: [(&str, Kind, &str); 4] = [
        (
            "site/clinic.md",
            Kind::Markdown,
            "# 幹細胞点滴\n\n当院なら必ず治る。The best clinic in town.\n",
        ),
        (
            "site/en.html",
            Kind::Html,
            "<html><body><p>Our miracle cure works &amp; lasts.</p></body></html>\n",
        ),
        (
            "site/mixed, \"one\".txt",
            Kind::Text,
            "Our miracle cure works.\n<!-- claimlint-disable-next-line batch.best -->\nThe best clinic.\n当院なら必ず治る。\n",
        ),
        ("site/clean.txt", Kind::Text, "ご予約はお電話でどうぞ。\n"),
    ];
    // Rules alone, so the snapshots do not move with the model's weights; the judge's fields
    // are set by hand on the first document.
    let mut settings = Settings::default();
    settings.check.judge = claimlint::engine::JudgeOptions::OFF;
    let pipeline = Pipeline::new(engine, settings);
    let mut run = RunReport::default();
    for (path, kind, text) in docs {
        run.files
            .push(pipeline.check_bytes(path, None, text.as_bytes(), Some(kind), None));
    }
    let first = &mut run.files[0];
    first.voice = claimlint::engine::DocumentVoice {
        score: Some(0.9124),
        reporting: false,
    };
    first.diagnostics[0].voice = Some(931);
    first.diagnostics[0].score = Some(875);
    run.errors.push(claimlint::Error::Io {
        path: "site/gone.txt".into(),
        message: "No such file or directory".into(),
    });
    run
}

fn emitters(engine: &Engine) -> Vec<(&'static str, Box<dyn Emitter + '_>)> {
    vec![
        (
            "human",
            Box::new(HumanEmitter {
                color: false,
                quiet: false,
                width: 100,
            }),
        ),
        ("json", Box::new(JsonEmitter::default())),
        ("jsonl", Box::new(JsonlEmitter)),
        ("csv", Box::new(CsvEmitter { bom: false })),
        ("html", Box::new(HtmlEmitter::default())),
        ("sarif", Box::new(SarifEmitter::new(engine.rules()))),
        ("github", Box::new(GithubEmitter)),
    ]
}

#[test]
fn every_format_renders_the_shared_diagnostics_as_its_snapshot() {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/batch/pack.yaml");
    let pack = std::fs::read_to_string(pack).unwrap();
    let set = claimlint::load_rule_set(false, &[("pack.yaml".into(), pack)]).unwrap();
    let engine = Engine::new(set).unwrap();
    let run = run(&engine);
    assert!(
        run.files
            .iter()
            .filter(|f| !f.diagnostics.is_empty())
            .count()
            >= 3,
        "the fixture must flag something in each flagged document"
    );
    let meta = RunMeta {
        packs: engine.rules().packs.clone(),
    };
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for (format, mut emitter) in emitters(&engine) {
        let mut out = Vec::new();
        emit_run(&mut *emitter, &run, &meta, &mut out).unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots")
            .join(format!("emit.{format}"));
        if update {
            std::fs::write(&path, &out).unwrap();
            continue;
        }
        let expected = std::fs::read(&path).unwrap_or_default();
        if expected != out {
            stale.push(format);
        }
    }
    assert!(
        stale.is_empty(),
        "output differs from tests/snapshots/emit.<format> for {stale:?}"
    );
}
