//! Which default-pack regexes have no literal prefix (they run on every document).
fn main() {
    let set = claimlint::load_rule_set(true, &[]).unwrap_or_else(|e| panic!("{e}"));
    let mut none = 0;
    let mut total = 0;
    for r in &set.rules {
        for p in &r.patterns {
            if let claimlint::rules::Pattern::Regex { plain, .. } = p {
                total += 1;
                if plain.prefixes().is_none() {
                    none += 1;
                    println!("{}: {}", r.id, plain.as_str());
                }
            }
        }
    }
    println!("{none} of {total} regexes have no prefix");
}
