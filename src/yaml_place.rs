//! Where a node stands in a YAML file, from the YAML parser's own events and marks.
//!
//! serde hands our types no locations, so an error found after deserializing (an unknown
//! lexicon, a duplicate id, a regex that does not compile, a config naming a missing pack) is
//! placed here: the file is parsed again by `saphyr-parser`, only when there is such an error,
//! and its nodes are walked with their path (`rules[3].patterns[0].regex`) until the one asked
//! for. Nothing is searched as text, so a value in a comment, inside a longer word, or written
//! with quotes or escapes is never mistaken for the node, and the cost of placing an error is
//! one pass over the file whatever its size (a pack of 100,000 rules included).

use saphyr_parser::{Event, Parser};
use std::borrow::Cow;

/// One step of a path from the document's root: a mapping key or a sequence index.
#[derive(Debug, Clone)]
pub(crate) enum Step<'a> {
    /// The value of this key in a mapping.
    Key(Cow<'a, str>),
    /// The item at this index (from 0) of a sequence.
    Index(usize),
}

impl Step<'_> {
    fn same(&self, other: &Step<'_>) -> bool {
        match (self, other) {
            (Step::Key(a), Step::Key(b)) => a == b,
            (Step::Index(a), Step::Index(b)) => a == b,
            _ => false,
        }
    }
}

/// A place in the file: 1-based line, 1-based column in characters (as miette and our
/// `file:line:column` prefix count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    pub line: usize,
    pub column: usize,
}

/// One node as the walk meets it.
struct Seen<'p, 'v> {
    /// The node's path; a key's path is the path of the value it names.
    path: &'p [Step<'static>],
    /// This node is a mapping key, not a value.
    is_key: bool,
    /// The scalar's text (unquoted, unescaped), `None` for a collection or alias.
    scalar: Option<&'v str>,
    place: Place,
}

/// Walks the first document's nodes in order, calling `visit` with each until it returns
/// `true`. Stops quietly at a syntax error (the caller then falls back to a coarser place).
fn walk(text: &str, mut visit: impl FnMut(&Seen<'_, '_>) -> bool) {
    enum Frame {
        Map { want_key: bool, key: String },
        Seq { next: usize },
    }
    let mut frames: Vec<Frame> = Vec::new();
    // The path of the innermost open collection; a new node's path is this plus one step.
    let mut path: Vec<Step<'static>> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let place = Place {
            line: span.start.line().max(1),
            column: span.start.col() + 1,
        };
        let scalar = match &event {
            Event::Scalar(value, ..) => Some(value.as_ref()),
            Event::Alias(_) | Event::MappingStart(..) | Event::SequenceStart(..) => None,
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                path.pop();
                node_done(&mut frames);
                continue;
            }
            Event::DocumentEnd | Event::StreamEnd => return,
            _ => continue,
        };
        // Where this node sits in its parent.
        let (step, is_key) = match frames.last_mut() {
            None => (None, false),
            Some(Frame::Seq { next }) => {
                *next += 1;
                (Some(Step::Index(*next - 1)), false)
            }
            Some(Frame::Map {
                want_key: true,
                key,
            }) => {
                // A key: remember it for its value; a collection as a key is named "".
                *key = scalar.unwrap_or("").to_string();
                (Some(Step::Key(Cow::Owned(key.clone()))), true)
            }
            Some(Frame::Map { key, .. }) => (Some(Step::Key(Cow::Owned(key.clone()))), false),
        };
        let pushed = step.is_some();
        if let Some(step) = step {
            path.push(step);
        }
        let seen = Seen {
            path: &path,
            is_key,
            scalar,
            place,
        };
        if visit(&seen) {
            return;
        }
        match event {
            Event::MappingStart(..) => frames.push(Frame::Map {
                want_key: true,
                key: String::new(),
            }),
            Event::SequenceStart(..) => frames.push(Frame::Seq { next: 0 }),
            _ => {
                if pushed {
                    path.pop();
                }
                node_done(&mut frames);
            }
        }
    }

    /// A node of the innermost mapping is complete: after a key comes its value, after a
    /// value the next key.
    fn node_done(frames: &mut [Frame]) {
        if let Some(Frame::Map { want_key, .. }) = frames.last_mut() {
            *want_key = !*want_key;
        }
    }
}

fn starts_with(path: &[Step<'_>], prefix: &[Step<'_>]) -> bool {
    path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| a.same(b))
}

fn same_path(a: &[Step<'_>], b: &[Step<'_>]) -> bool {
    a.len() == b.len() && starts_with(a, b)
}

/// The key of the mapping entry at `path` (where `name:` is written).
pub(crate) fn key(text: &str, path: &[Step<'_>]) -> Option<Place> {
    let mut found = None;
    walk(text, |n| {
        let hit = n.is_key && same_path(n.path, path);
        if hit {
            found = Some(n.place);
        }
        hit
    });
    found
}

/// The first scalar at or under `path` (keys included when `keys`) whose text `want` accepts.
pub(crate) fn scalar_under(
    text: &str,
    path: &[Step<'_>],
    keys: bool,
    want: impl Fn(&str) -> bool,
) -> Option<Place> {
    let mut found = None;
    walk(text, |n| {
        let hit = (keys || !n.is_key) && n.scalar.is_some_and(&want) && starts_with(n.path, path);
        if hit {
            found = Some(n.place);
        }
        hit
    });
    found
}

/// The node at `path`, else its nearest ancestor that exists (a value serde filled in from a
/// default has no node of its own); the document's start when there is nothing at all.
pub(crate) fn nearest(text: &str, path: &[Step<'_>]) -> Place {
    let mut best: Option<(usize, Place)> = None;
    walk(text, |n| {
        if !n.is_key
            && starts_with(path, n.path)
            && best.is_none_or(|(depth, _)| n.path.len() > depth)
        {
            best = Some((n.path.len(), n.place));
        }
        n.path.len() == path.len() && !n.is_key && same_path(n.path, path)
    });
    best.map_or(Place { line: 1, column: 1 }, |(_, place)| place)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &'static str) -> Step<'static> {
        Step::Key(Cow::Borrowed(s))
    }

    const PACK: &str = "\
pack: x   # rules: not this one
rules:
  - id: \"h.rule\"
    patterns:
      - { kind: regex, regex: \"a\\\\d\" }
      - kind: literal
        phrases: [a, \"\", b]
    languages: []
";

    #[test]
    fn values_and_keys_are_placed_by_path() {
        let at = |line, column| Place { line, column };
        assert_eq!(
            nearest(PACK, &[k("rules"), Step::Index(0), k("id")]),
            at(3, 9)
        );
        assert_eq!(
            key(PACK, &[k("rules"), Step::Index(0), k("id")]),
            Some(at(3, 5))
        );
        let second = [k("rules"), Step::Index(0), k("patterns"), Step::Index(1)];
        assert_eq!(nearest(PACK, &second), at(6, 9));
        let regex = [
            k("rules"),
            Step::Index(0),
            k("patterns"),
            Step::Index(0),
            k("regex"),
        ];
        assert_eq!(nearest(PACK, &regex), at(5, 31));
        let langs = [k("rules"), Step::Index(0), k("languages")];
        assert_eq!(key(PACK, &langs), Some(at(8, 5)));
        assert_eq!(nearest(PACK, &langs), at(8, 16));
        assert_eq!(key(PACK, &[k("rules"), Step::Index(1)]), None);
    }

    #[test]
    fn scalars_are_matched_whole_and_unescaped_within_a_subtree() {
        let rule = [k("rules"), Step::Index(0)];
        // The regex as serde gives it (one backslash), not as written (two).
        assert_eq!(
            scalar_under(PACK, &rule, false, |v| v == "a\\d"),
            Some(Place {
                line: 5,
                column: 31
            })
        );
        assert_eq!(
            scalar_under(PACK, &rule, false, |v| v.is_empty()),
            Some(Place {
                line: 7,
                column: 22
            })
        );
        // `rules` in the comment on line 1 is not a node; the key on line 2 is outside the rule.
        assert_eq!(scalar_under(PACK, &rule, true, |v| v == "rules"), None);
        assert_eq!(
            scalar_under(PACK, &[], true, |v| v == "rules"),
            Some(Place { line: 2, column: 1 })
        );
    }

    #[test]
    fn a_missing_node_falls_back_to_its_nearest_ancestor() {
        let missing = [k("rules"), Step::Index(0), k("exceptions"), Step::Index(2)];
        assert_eq!(nearest(PACK, &missing), Place { line: 3, column: 5 });
        assert_eq!(nearest("", &missing), Place { line: 1, column: 1 });
        // A syntax error stops the walk; what was seen before it still places.
        let broken = "rules:\n  - id: a\n    x: [\n";
        assert_eq!(nearest(broken, &missing), Place { line: 2, column: 5 });
    }
}
