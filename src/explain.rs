//! Rule documentation, generated from the packs: `claimlint explain RULE_ID` and docs/rules.md
//! print the same text, with fixed headings (what it catches, why, examples, references).

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
    let _ = writeln!(s, "### Why is this a problem\n");
    let _ = writeln!(s, "{}\n", why(rule));
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

fn why(rule: &Rule) -> &'static str {
    use crate::model::Category::*;
    match rule.category {
        CurativeClaim => "Promising a cure is a false or exaggerated claim about medical care: prohibited by Japan's Medical Care Act art. 6-5 and Medical Advertising Guideline, China's Advertising Law art. 16 and 28, Taiwan's Medical Care Act art. 86, the US FTC Act §5 and the UK CAP Code section 12.",
        UnapprovedIndication => "No regenerative product is approved for these diseases outside its approved indications; advertising treatment for them misleads patients and falls outside what may be advertised (PMD Act arts. 66–68, Medical Advertising Guideline).",
        AntiAging => "Anti-aging and rejuvenation benefits of cell therapy are unproven; such claims are exaggerated advertising under the Medical Advertising Guideline and equivalent rules abroad.",
        ImmunityBoost => "Immunity-boost and wellness claims for cell therapy are unproven and imply effects on health that may not be advertised.",
        MissingDisclosure => "Free-practice and conditionally approved regenerative treatments may be advertised only with the disclosures the Medical Advertising Guideline requires (限定解除要件): that it is free practice, its cost, its main risks and side effects, and its regulatory status.",
        SafetyGuarantee => "No medical treatment is free of risk; guaranteeing safety is false advertising in every jurisdiction covered.",
        EfficacyRate => "Cure and success rates are prohibited in medical advertising (China Advertising Law art. 16) and are misleading without context under the Japanese guideline and FTC rules.",
        Superlative => "Superlatives and comparisons with other providers are prohibited comparative or exaggerated advertising (Medical Advertising Guideline; China Advertising Law art. 9(3)).",
        Testimonial => "Patient testimonials and before/after material based on subjective experience may not be used in medical advertising (Medical Advertising Guideline; China Advertising Law art. 16).",
        Suppression => "An inline suppression must say why the finding does not apply, so that a reviewer can check it; one that suppresses nothing hides nothing and should go.",
        IncompleteDisclosure => "Japan's Medical Advertising Guideline lets free-practice treatment be advertised only with all of the 限定解除要件: besides its status, its standard cost and its main risks and side effects; a page that omits either is incomplete even when it states the status.",
        ApprovalMisrepresentation => "Implying approval, certification or insurance coverage that does not exist, or offering a withdrawn product, misleads patients about the treatment's regulatory status.",
    }
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
