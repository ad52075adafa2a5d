//! Rule documentation, generated from the packs: `claimlint explain RULE_ID` and docs/rules.md
//! print the same text, with fixed headings (what it catches, why, examples, references). The
//! "why" is the category's description from the packs' `categories:`.

use crate::rules::{Pattern, Rule, RuleSet};
use std::fmt::Write;

/// Markdown for one rule.
pub fn explain_rule(set: &RuleSet, rule: &Rule) -> String {
    let mut s = String::new();
    let pack = set
        .packs
        .get(rule.pack)
        .map(|p| p.name.as_str())
        .unwrap_or("?");
    let langs: Vec<&str> = rule.langs.langs().map(|l| l.code()).collect();
    let _ = writeln!(s, "## {}\n", rule.id);
    let _ = writeln!(
        s,
        "- category: `{}`\n- severity: `{}`\n- languages: {}\n- pack: {pack}",
        rule.category,
        rule.severity,
        langs.join(", ")
    );
    if !rule.codes.is_empty() {
        let _ = writeln!(s, "- codes: {}", rule.codes.join(", "));
    }
    let _ = writeln!(s, "\n### What it catches\n\n{}\n", rule.message);
    let _ = writeln!(s, "{}", describe_patterns(rule));
    if let Some(why) = set.category_description(rule.category) {
        let _ = writeln!(s, "### Why is this a problem\n");
        let _ = writeln!(s, "{why}\n");
    }
    if let Some(sug) = &rule.suggestion {
        let _ = writeln!(s, "### Use instead\n\n{sug}\n");
    }
    if !rule.examples.flag.is_empty() || !rule.examples.pass.is_empty() {
        let _ = writeln!(s, "### Examples\n");
        for e in &rule.examples.flag {
            let _ = writeln!(s, "- flagged: {}", one_line(e));
        }
        for e in &rule.examples.pass {
            let _ = writeln!(s, "- not flagged: {}", one_line(e));
        }
        s.push('\n');
    }
    if !rule.references.is_empty() {
        let _ = writeln!(s, "### References\n");
        for r in &rule.references {
            let _ = writeln!(s, "- {r}");
        }
        s.push('\n');
    }
    s
}

fn one_line(s: &str) -> String {
    s.replace('\n', " ⏎ ")
}

fn describe_patterns(rule: &Rule) -> String {
    let mut phrases = Vec::new();
    let mut regexes = Vec::new();
    let mut coocs = Vec::new();
    for p in &rule.patterns {
        match p {
            Pattern::Literal(t) => phrases.push(t.text.as_str()),
            Pattern::Regex { source, .. } => regexes.push(source.as_str()),
            Pattern::Cooccur { a, b, .. } => coocs.push((a.len(), b.len(), a.first(), b.first())),
        }
    }
    let mut s = String::new();
    if !phrases.is_empty() {
        let shown: Vec<&str> = phrases.iter().take(12).copied().collect();
        let more = phrases.len().saturating_sub(shown.len());
        let _ = write!(s, "Phrases: {}", shown.join(" · "));
        if more > 0 {
            let _ = write!(s, " (+{more} more)");
        }
        s.push_str("\n\n");
    }
    for r in regexes {
        let _ = writeln!(s, "Pattern: `{r}`\n");
    }
    for (na, nb, a, b) in coocs.iter().take(3) {
        let _ = writeln!(
            s,
            "Co-occurrence in one sentence: one of {na} terms (e.g. {}) with one of {nb} terms (e.g. {})\n",
            a.map(|t| t.text.as_str()).unwrap_or("-"),
            b.map(|t| t.text.as_str()).unwrap_or("-")
        );
    }
    if coocs.len() > 3 {
        let _ = writeln!(s, "(+{} more co-occurrence patterns)\n", coocs.len() - 3);
    }
    if let Some(req) = &rule.requires {
        let groups: Vec<&str> = req.disclose.iter().map(|(n, _)| n.as_str()).collect();
        let _ = writeln!(
            s,
            "Document rule: when one of {} trigger terms appears, the document must also disclose: {}.\n",
            req.trigger.len(),
            groups.join(", ")
        );
    }
    s
}

/// The whole generated docs/rules.md.
pub fn rules_markdown(set: &RuleSet) -> String {
    let mut s = String::from(
        "# claimlint rules\n\nGenerated from the default rule pack by `claimlint rules docs`; do not edit by hand.\n\n",
    );
    for p in &set.packs {
        let _ = writeln!(s, "- pack `{}` version {} ({})", p.name, p.version, p.path);
    }
    s.push('\n');
    for r in &set.rules {
        s.push_str(&explain_rule(set, r));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = "pack: t\nversion: \"1\"\nrules:\n  - id: t.best\n    category: superlative\n    severity: error\n    message: Best claim\n    patterns:\n      - {kind: literal, phrases: [best]}\n";

    #[test]
    fn the_why_comes_from_the_category_description_in_the_packs() {
        let with =
            format!("{PACK}categories:\n  superlative:\n    description: Comparisons mislead.\n");
        let set = crate::load_rule_set(false, &[("t.yaml".into(), with)]).unwrap();
        let md = explain_rule(&set, &set.rules[0]);
        assert!(
            md.contains("### Why is this a problem\n\nComparisons mislead.\n"),
            "{md}"
        );
    }

    #[test]
    fn no_description_no_why_section() {
        let set = crate::load_rule_set(false, &[("t.yaml".into(), PACK.into())]).unwrap();
        assert!(!explain_rule(&set, &set.rules[0]).contains("Why is this a problem"));
    }

    #[test]
    fn every_default_category_is_described() {
        let set = crate::load_rule_set(true, &[]).unwrap();
        for rule in &set.rules {
            assert!(
                set.category_description(rule.category).is_some(),
                "{}",
                rule.id
            );
        }
        let meta = crate::model::Category::Suppression;
        assert!(set.category_description(meta).is_some());
    }
}
