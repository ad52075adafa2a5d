//! "Did you mean": the nearest known name to a mistyped one (rule ids, categories, config keys).
//!
//! A plain edit distance is enough for a few hundred names and keeps a dependency out.

/// The candidate closest to `wrong`, if it is close enough to be what was meant: within a third
/// of the longer name's length (at least 1, at most 4 edits), ties going to the first candidate.
pub fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = distance(&wrong_lower, &c.to_lowercase());
        let limit = (wrong.chars().count().max(c.chars().count()) / 3).clamp(1, 4);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// ` (did you mean `x`?)`, or nothing when no candidate is close.
pub fn hint<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(wrong, candidates).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}

/// For serde's ``unknown field `x`, expected one of `a`, `b` `` message: `did you mean `a`?`
/// when one of the expected names is close to `x`.
pub fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.split_once("unknown field `")?.1;
    let (wrong, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected")?.1;
    let names = expected.split('`').skip(1).step_by(2);
    nearest(wrong, names).map(|c| format!("did you mean `{c}`?"))
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for ((cb, diag), up) in b.iter().zip(&prev).zip(prev.iter().skip(1)) {
            let left = cur.last().copied().unwrap_or(0);
            cur.push((diag + usize::from(ca != *cb)).min(up + 1).min(left + 1));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_a_typo_and_ignores_strangers() {
        let names = ["curative-claim", "superlative", "ja.curative.cure-promise"];
        assert_eq!(nearest("curative-claims", names), Some("curative-claim"));
        assert_eq!(nearest("superlatve", names), Some("superlative"));
        assert_eq!(
            nearest("ja.curative.cure-promis", names),
            Some("ja.curative.cure-promise")
        );
        assert_eq!(nearest("testimonial", names), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn unknown_field_help_reads_serde_messages() {
        let m = "unknown field `fial-on`, expected one of `rules`, `severity`, `fail-on` at line 2";
        assert_eq!(
            unknown_field_help(m).as_deref(),
            Some("did you mean `fail-on`?")
        );
        assert_eq!(
            unknown_field_help("unknown field `zzz`, expected `rules`"),
            None
        );
    }
}
