//! Compile stage: a [`RuleSet`] becomes an [`Engine`], once. Every literal goes into one
//! table (then one automaton), every regex into the pattern prefilters, every context and
//! disclosure term into the cue index.

use super::automaton::build_automaton;
use super::context::CueIndexBuilder;
use super::literal::{LiteralTable, Role};
use super::pattern::RegexPatternsBuilder;
use super::Engine;
use crate::error::Error;
use crate::model::{Lang, LangSet};
use crate::rules::{CooccurScope, Pattern, Product, Rule, RuleSet, Term};
use crate::text::{normalize_term, LangDetector};
use aho_corasick::MatchKind;
use std::collections::HashSet;

/// What the compile stage collects, rule by rule.
#[derive(Default)]
struct Compiler {
    literals: LiteralTable,
    regexes: RegexPatternsBuilder,
    /// Per rule, per pattern: approved indications, normalized.
    approved_indications: Vec<Vec<HashSet<String>>>,
    list_patterns: Vec<(u32, u32)>,
    wide_patterns: Vec<(u32, u32, CooccurScope)>,
}

impl Engine {
    /// Compiles a rule set.
    pub fn new(rules: RuleSet) -> Result<Self, Error> {
        // Three parts are built side by side, since start-up is what a per-file caller (a
        // hook, an editor) waits for: the cue index (every rule's context and disclosure
        // terms) from the start, then, once the rules are read, the literal automaton on a
        // second thread while this one builds the regex prefilters. Each is a few automata of
        // a few thousand strings, 5–15 ms apiece for the default pack.
        let (literal_side, regexes, cues, patterns) = std::thread::scope(|s| {
            let cue_side = s.spawn(|| {
                let mut cues = CueIndexBuilder::default();
                for rule in &rules.rules {
                    let disclosures = rule.requires.as_ref().map_or(&[][..], |r| &r.disclose[..]);
                    cues.add_rule(&rule.exceptions, disclosures);
                }
                cues.build()
            });
            let mut c = Compiler::default();
            for (ri, rule) in rules.rules.iter().enumerate() {
                c.add_rule(ri, rule, &rules.products);
            }
            let Compiler {
                mut literals,
                regexes,
                approved_indications,
                list_patterns,
                wide_patterns,
            } = c;
            let literal_side = s.spawn(move || -> Result<_, Error> {
                literals.finish()?;
                let automaton = build_automaton(literals.texts(), MatchKind::LeftmostLongest)
                    .map_err(|e| Error::Usage(format!("cannot compile the rule literals: {e}")))?;
                Ok((literals, automaton))
            });
            let regexes = regexes.build();
            let patterns = (approved_indications, list_patterns, wide_patterns);
            (join(literal_side), regexes, join(cue_side), patterns)
        });
        let (approved_indications, list_patterns, wide_patterns) = patterns;
        let product_indications = rules
            .products
            .iter()
            .map(|p| both_forms(&p.indications))
            .collect();
        let (literals, literal_automaton) = literal_side?;
        let texts = rules
            .rules
            .iter()
            .map(super::message::RuleTexts::new)
            .collect();
        Ok(Engine {
            texts,
            regexes: regexes?,
            cues: cues?,
            rules,
            literals,
            literal_automaton,
            approved_indications,
            product_indications,
            list_patterns,
            wide_patterns,
            detector: LangDetector::new(),
        })
    }
}

impl Compiler {
    fn add_rule(&mut self, ri: usize, rule: &Rule, products: &[Product]) {
        let mut approved = Vec::with_capacity(rule.patterns.len());
        for (pi, p) in rule.patterns.iter().enumerate() {
            approved.push(match p {
                Pattern::Literal(t) => {
                    self.literals
                        .add(&t.text, ri, Role::Phrase, rule.langs, t.product);
                    HashSet::new()
                }
                Pattern::Regex { plain, folded, .. } => {
                    self.regexes.add(ri, pi, plain, folded);
                    HashSet::new()
                }
                Pattern::Cooccur {
                    a,
                    b,
                    b_except,
                    scope,
                } => {
                    match scope {
                        CooccurScope::Sentence => {}
                        CooccurScope::List => self.list_patterns.push((ri as u32, pi as u32)),
                        CooccurScope::Section | CooccurScope::Document => {
                            self.wide_patterns.push((ri as u32, pi as u32, *scope))
                        }
                    }
                    let sides = CooccurSides { a, b, b_except };
                    self.add_cooccurrence(ri, pi as u32, rule.langs, sides, products)
                }
            });
        }
        self.approved_indications.push(approved);
        if let Some(req) = &rule.requires {
            for t in &req.trigger {
                self.literals
                    .add(&t.text, ri, Role::Trigger, rule.langs, t.product);
            }
        }
    }

    /// Adds both sides of a co-occurrence and its approved indications (as shields); returns
    /// the indications, normalized.
    fn add_cooccurrence(
        &mut self,
        ri: usize,
        pi: u32,
        langs: LangSet,
        sides: CooccurSides<'_>,
        products: &[Product],
    ) -> HashSet<String> {
        let mut shielded: HashSet<usize> = HashSet::new();
        for t in sides.a {
            self.literals
                .add(&t.text, ri, Role::CooccurA(pi), langs, t.product);
            // A product's indications shield the diseases inside them too.
            if let Some(p) = t.product.filter(|p| shielded.insert(*p)) {
                for ind in products.get(p).map_or(&[][..], |p| &p.indications) {
                    self.literals.add(ind, ri, Role::Shield, langs, None);
                }
            }
        }
        for t in sides.b {
            self.literals
                .add(&t.text, ri, Role::CooccurB(pi), langs, t.product);
        }
        // Approved indications are literals too, so that the longest match ("重症心不全")
        // shields the disease term inside it ("心不全").
        for t in sides.b_except {
            self.literals.add(t, ri, Role::Shield, langs, None);
        }
        both_forms(sides.b_except)
    }
}

/// The term lists of one co-occurrence pattern.
struct CooccurSides<'r> {
    a: &'r [Term],
    b: &'r [Term],
    b_except: &'r [String],
}

/// A scoped thread's result; a panic in it is re-raised here.
fn join<T>(h: std::thread::ScopedJoinHandle<'_, T>) -> T {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// Each term's Japanese and (folded) Chinese normalized forms.
fn both_forms(terms: &[String]) -> HashSet<String> {
    terms
        .iter()
        .flat_map(|t| [normalize_term(t, Lang::Ja), normalize_term(t, Lang::Zh)])
        .collect()
}
