//! The Traditional→Simplified table's format and the block of characters it folds: plain
//! functions over std, which `build.rs` includes too, to fold the default pack's regexes exactly
//! as the loader does.

/// The range of BMP ideographs (extension A to the compatibility block) that folding looks up;
/// every other character folds to itself.
pub const HAN_FIRST: u32 = 0x3400;
/// See [`HAN_FIRST`].
pub const HAN_LAST: u32 = 0xFAFF;

/// The (Traditional, Simplified) pairs of a table written one pair a line (`T S`), keeping only
/// pairs of the same UTF-8 length, so that folding never moves an offset.
pub fn parse_pairs(data: &str) -> impl Iterator<Item = (char, char)> + '_ {
    data.lines().filter_map(|line| {
        let mut chars = line.chars();
        let t = chars.next()?;
        let _space = chars.next()?;
        let s = chars.next()?;
        (t.len_utf8() == s.len_utf8()).then_some((t, s))
    })
}
