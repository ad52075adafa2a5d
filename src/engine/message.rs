//! Message stage: one diagnostic per rule and place (a candidate inside another of the same
//! rule is dropped), then one per claim (overlapping findings of one category collapse into
//! one), its span mapped to the file, its message and suggestion filled in.

use super::{Candidate, Engine};
use crate::diagnostic::{Diagnostic, SharedList, SharedStr};
use crate::model::{Category, Severity};
use crate::rules::{Product, ProductStatus, Rule};
use crate::text::{Normalized, OffsetMap};
use std::collections::{BTreeMap, HashMap};

impl Engine {
    /// The diagnostics of the kept candidates, sorted by position then rule.
    pub(super) fn diagnostics(
        &self,
        norm: &Normalized,
        to_file: &OffsetMap,
        mut kept: Vec<Candidate>,
    ) -> Vec<Diagnostic> {
        kept.sort_by(|x, y| {
            (x.hit.span.start, std::cmp::Reverse(x.hit.span.end), x.rule).cmp(&(
                y.hit.span.start,
                std::cmp::Reverse(y.hit.span.end),
                y.rule,
            ))
        });
        let mut per_rule: Vec<Candidate> = Vec::with_capacity(kept.len());
        let mut last_end: HashMap<u32, usize> = HashMap::new();
        for c in kept {
            if last_end.get(&c.rule).is_some_and(|&e| c.hit.span.end <= e) {
                continue;
            }
            last_end.insert(c.rule, c.hit.span.end);
            per_rule.push(c);
        }
        let mut out: Vec<Diagnostic> = Vec::with_capacity(per_rule.len());
        for c in self.one_per_claim(per_rule) {
            if let Some(d) = self.diagnostic(norm, to_file, &c) {
                out.push(d);
            }
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        out
    }

    /// Collapses overlapping candidates of one category into one: the higher severity wins,
    /// then the longer span, then the lower rule id (deterministic whatever the input order).
    /// Candidates are taken in that order and kept when they overlap no kept candidate of their
    /// category; kept spans of a category never overlap, so a sorted map finds the neighbours.
    fn one_per_claim(&self, cands: Vec<Candidate>) -> Vec<Candidate> {
        let rules = &self.rules.rules;
        let key = |c: &Candidate| {
            let r = rules.get(c.rule as usize);
            (
                std::cmp::Reverse(r.map(|r| r.severity).unwrap_or(Severity::Info)),
                std::cmp::Reverse(c.hit.span.len()),
                r.map(|r| r.id.as_str()).unwrap_or(""),
                c.hit.span.start,
            )
        };
        let mut order: Vec<Candidate> = cands;
        order.sort_by(|x, y| key(x).cmp(&key(y)));
        let mut taken: HashMap<Category, BTreeMap<usize, usize>> = HashMap::new();
        let mut out = Vec::with_capacity(order.len());
        for c in order {
            let Some(category) = rules.get(c.rule as usize).map(|r| r.category) else {
                continue;
            };
            let spans = taken.entry(category).or_default();
            let (s, e) = (c.hit.span.start, c.hit.span.end);
            // The kept span starting last at or before `s`, and the first starting after it.
            let before = spans
                .range(..=s)
                .next_back()
                .is_some_and(|(_, &end)| end > s);
            let after = spans
                .range(s..)
                .next()
                .is_some_and(|(&start, _)| start < e.max(s + 1));
            if before || after {
                continue;
            }
            spans.insert(s, e);
            out.push(c);
        }
        out
    }

    fn diagnostic(
        &self,
        norm: &Normalized,
        to_file: &OffsetMap,
        c: &Candidate,
    ) -> Option<Diagnostic> {
        let rule = self.rules.rules.get(c.rule as usize)?;
        let texts = self.texts.get(c.rule as usize)?;
        let span = to_file.map_span(norm.map.map_span(c.hit.span.clone()));
        let product = c
            .hit
            .product
            .and_then(|p| self.rules.products.get(p as usize));
        let detail = c.detail.clone().and_then(|r| norm.text.get(r));
        let message = match (&texts.message, &c.missing) {
            (Some(shared), None) => shared.clone(),
            (_, missing) => {
                let mut message = fill(&rule.message, product, detail, missing.as_deref());
                if let Some(missing) = missing {
                    if !rule.message.contains("{missing}") {
                        message = format!("{message} (missing: {missing})");
                    }
                }
                message.into()
            }
        };
        let suggestion = match (&texts.suggestion, &rule.suggestion) {
            (Some(shared), _) => Some(shared.clone()),
            (None, Some(s)) => Some(fill(s, product, detail, c.missing.as_deref()).into()),
            (None, None) => None,
        };
        Some(Diagnostic {
            rule: texts.id.clone(),
            category: rule.category,
            severity: rule.severity,
            message,
            span,
            suggestion,
            references: texts.references.clone(),
            codes: texts.codes.clone(),
            voice: None,
            score: None,
        })
    }
}

/// The texts every finding of a rule shares: built once with the engine, so a finding holds
/// pointers to them, not copies (≈ 335 bytes a finding before, issue 17).
#[derive(Debug)]
pub(super) struct RuleTexts {
    id: SharedStr,
    /// The message, when it has no placeholder to fill.
    message: Option<SharedStr>,
    /// The suggestion, when it has no placeholder to fill.
    suggestion: Option<SharedStr>,
    references: SharedList,
    codes: SharedList,
}

impl RuleTexts {
    pub(super) fn new(rule: &Rule) -> Self {
        let fixed = |t: &String| (!t.contains('{')).then(|| SharedStr::from(t));
        RuleTexts {
            id: SharedStr::from(&rule.id),
            message: fixed(&rule.message),
            suggestion: rule.suggestion.as_ref().and_then(fixed),
            references: SharedList::from(rule.references.as_slice()),
            codes: SharedList::from(rule.codes.as_slice()),
        }
    }
}

/// Fills the placeholders of a message or suggestion: `{product}`, `{status}`, `{approved}`,
/// `{until}`, `{withdrawn}`, `{indications}` from the product named, `{disease}` from a
/// co-occurrence, `{missing}` from a document rule.
fn fill(
    template: &str,
    product: Option<&Product>,
    detail: Option<&str>,
    missing: Option<&str>,
) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut s = template.to_string();
    let none = "-";
    if let Some(p) = product {
        let status = match p.status {
            ProductStatus::Approved => "approved",
            ProductStatus::Conditional => "conditional, time-limited",
            ProductStatus::Withdrawn => "withdrawn",
        };
        s = s
            .replace(
                "{product}",
                p.names.first().map(String::as_str).unwrap_or(none),
            )
            .replace("{status}", status)
            .replace("{approved}", p.approved.as_deref().unwrap_or(none))
            .replace("{until}", p.until.as_deref().unwrap_or(none))
            .replace("{withdrawn}", p.withdrawn.as_deref().unwrap_or(none))
            .replace("{indications}", &p.indications.join(", "));
    }
    if let Some(d) = detail {
        s = s.replace("{disease}", d);
    }
    if let Some(m) = missing {
        s = s.replace("{missing}", m);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_of_one_rule_share_its_texts_instead_of_copying_them() {
        let pack = r#"pack: s
version: "1"
rules:
  - id: s.cure
    category: curative-claim
    severity: error
    message: a cure promise
    suggestion: say what the treatment does
    references: ["FTC Act §5; UK CAP Code rule 3.1", "医療法 第6条の5"]
    codes: ["us-ftc:5", "uk-cap:12", "mhlw:3"]
    patterns:
      - kind: literal
        phrases: [cure, 完治]
  - id: s.for
    category: unapproved-indication
    severity: error
    message: "stem cells for {disease}"
    patterns:
      - {kind: cooccurrence, a: [stem cells], b: [diabetes, asthma]}
"#;
        let set = crate::load_rule_set(false, &[("s.yaml".into(), pack.into())]).unwrap();
        let engine = Engine::new(set).unwrap();
        let text = "We cure it. Stem cells for diabetes. It will cure you. Stem cells for asthma.";
        let mut ds = engine
            .check(text, &super::super::CheckOptions::default())
            .diagnostics;
        let same = |a: &str, b: &str| std::ptr::eq(a.as_ptr(), b.as_ptr());
        let cures: Vec<&Diagnostic> = ds.iter().filter(|d| d.rule == "s.cure").collect();
        assert_eq!(cures.len(), 2, "{ds:#?}");
        let (a, b) = (cures[0], cures[1]);
        assert!(same(&a.rule, &b.rule) && same(&a.message, &b.message));
        assert!(same(
            a.suggestion.as_deref().unwrap(),
            b.suggestion.as_deref().unwrap()
        ));
        assert!(std::ptr::eq(a.references.as_ptr(), b.references.as_ptr()));
        assert!(std::ptr::eq(a.codes.as_ptr(), b.codes.as_ptr()));
        // A filled message is the finding's own.
        let fors: Vec<&Diagnostic> = ds.iter().filter(|d| d.rule == "s.for").collect();
        assert_eq!(fors[0].message, "stem cells for diabetes");
        assert_eq!(fors[1].message, "stem cells for asthma");
        // Keeping one jurisdiction's laws filters each rule's lists once, still shared.
        crate::jurisdiction::Jurisdictions::of(&[crate::jurisdiction::Jurisdiction::Us])
            .apply(&mut ds, false);
        let cures: Vec<&Diagnostic> = ds.iter().filter(|d| d.rule == "s.cure").collect();
        assert_eq!(cures[0].codes, ["us-ftc:5"]);
        assert_eq!(cures[0].references, ["FTC Act §5"]);
        assert!(std::ptr::eq(
            cures[0].codes.as_ptr(),
            cures[1].codes.as_ptr()
        ));
        assert!(std::ptr::eq(
            cures[0].references.as_ptr(),
            cures[1].references.as_ptr()
        ));
    }

    #[test]
    fn a_template_without_placeholders_is_kept_as_is() {
        assert_eq!(fill("no braces", None, None, None), "no braces");
    }

    #[test]
    fn product_and_disease_placeholders_are_filled() {
        let p = Product {
            id: "x".into(),
            names: vec!["Stemirac".into()],
            status: ProductStatus::Conditional,
            approved: Some("2018".into()),
            until: None,
            withdrawn: None,
            indications: vec!["a".into(), "b".into()],
            source: String::new(),
        };
        let s = fill(
            "{product} ({status}, until {until}) for {indications}, not {disease}",
            Some(&p),
            Some("ALS"),
            None,
        );
        assert_eq!(
            s,
            "Stemirac (conditional, time-limited, until -) for a, b, not ALS"
        );
    }

    #[test]
    fn missing_groups_fill_their_placeholder() {
        assert_eq!(
            fill("missing {missing}", None, None, Some("cost, risks")),
            "missing cost, risks"
        );
    }
}
