//! How long the default pack takes to load and compile, stage by stage.
//! Run: `cargo run --release --example load_timing`.
use std::time::Instant;
fn main() {
    let t = Instant::now();
    let mut parsed = Vec::new();
    for (path, text) in claimlint::rules::default_pack_sources() {
        parsed.push(claimlint::rules::parse_pack(path, text).unwrap_or_else(|e| panic!("{e}")));
    }
    let t1 = t.elapsed();
    let set = claimlint::rules::build_rule_set(parsed).unwrap_or_else(|e| panic!("{e}"));
    let t2 = t.elapsed();
    let engine = claimlint::Engine::new(set).unwrap_or_else(|e| panic!("{e}"));
    let t3 = t.elapsed();
    let _ = engine.check("幹細胞で治ります。", &claimlint::CheckOptions::default());
    let t4 = t.elapsed();
    println!(
        "parse {t1:?}  resolve+regex {:?}  engine {:?}  first check {:?}",
        t2 - t1,
        t3 - t2,
        t4 - t3
    );
}
