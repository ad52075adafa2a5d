//! Document stage: rules with `requires`. When a trigger survives the context filter and a
//! disclosure group has none of its terms anywhere in the document, the rule fires once, at its
//! first trigger, naming the missing groups. A large document checked window by window
//! ([`super::windowed`]) knows the cues of all its windows, and fires once for all of them.

use super::{Candidate, Engine};
use crate::text::Normalized;
use std::collections::HashSet;

impl Engine {
    /// Appends one candidate per document rule with a missing disclosure group and no entry in
    /// `fired` (the rules that fired in earlier windows; this one's are added). `present`: the
    /// cue ids of the whole document, when `norm` is only a window of it.
    pub(super) fn missing_disclosures(
        &self,
        norm: &Normalized,
        triggers: Vec<Candidate>,
        present: Option<&HashSet<u32>>,
        fired: &mut HashSet<u32>,
        out: &mut Vec<Candidate>,
    ) {
        if triggers.is_empty() {
            return;
        }
        let own;
        let present = match present {
            Some(p) => p,
            None => {
                own = self.cues.ids_in(&norm.text);
                &own
            }
        };
        for t in triggers {
            if !fired.insert(t.rule) {
                continue;
            }
            let missing = self.missing_groups(t.rule, present);
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
