//! Document stage: rules with `requires`. When a trigger survives the context filter and a
//! disclosure group has none of its terms anywhere in the document, the rule fires once, at its
//! first trigger, naming the missing groups.

use super::{Candidate, Engine};
use crate::text::Normalized;
use std::collections::HashSet;

impl Engine {
    /// Appends one candidate per document rule with a missing disclosure group.
    pub(super) fn missing_disclosures(
        &self,
        norm: &Normalized,
        triggers: Vec<Candidate>,
        out: &mut Vec<Candidate>,
    ) {
        if triggers.is_empty() {
            return;
        }
        let present = self.cues.ids_in(&norm.text);
        let mut done: HashSet<u32> = HashSet::new();
        for t in triggers {
            if !done.insert(t.rule) {
                continue;
            }
            let missing = self.missing_groups(t.rule, &present);
            if !missing.is_empty() {
                let mut c = t;
                c.missing = Some(missing.join(", ").into());
                out.push(c);
            }
        }
    }

    /// The names of `rule`'s disclosure groups with no cue among `present`.
    fn missing_groups(&self, rule: u32, present: &HashSet<u32>) -> Vec<&str> {
        let Some(req) = self
            .rules
            .rules
            .get(rule as usize)
            .and_then(|r| r.requires.as_ref())
        else {
            return Vec::new();
        };
        let groups = self.cues.disclosures.get(rule as usize);
        req.disclose
            .iter()
            .enumerate()
            .filter(|(gi, _)| {
                !groups
                    .and_then(|g| g.get(*gi))
                    .is_some_and(|ids| ids.iter().any(|id| present.contains(id)))
            })
            .map(|(_, (name, _))| name.as_str())
            .collect()
    }
}
