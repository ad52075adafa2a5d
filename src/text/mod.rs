//! Text pipeline: offset maps, normalization, paragraphs and sentences, language tagging.
//!
//! Everything downstream matches on [`Normalized`] text and maps positions back to the checked
//! text through its [`OffsetMap`].

mod lang;
mod normalize;
pub mod offset;
mod t2s_data;

pub use lang::{detect_paragraph, LangDetector, ScriptCounts};
pub use normalize::{
    dominant_lang, is_lead_in, normalize_term, Normalized, Paragraph, Sections, Sentence,
    LIST_MAX_ITEMS, LIST_MAX_ITEM_CHARS,
};
pub use offset::OffsetMap;

use std::collections::HashMap;
use std::sync::OnceLock;

/// The Traditional→Simplified table: one character to one character, all three bytes in UTF-8,
/// so folding never moves an offset. Data from fast2s (MIT, see t2s.LICENSE).
fn t2s_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| t2s_data::parse_pairs(include_str!("t2s.txt")).collect())
}

/// Every (Traditional, Simplified) pair of the table.
pub(crate) fn t2s_pairs() -> impl Iterator<Item = (char, char)> {
    t2s_table()
        .iter()
        .filter(|(t, s)| t != s)
        .map(|(t, s)| (*t, *s))
}

/// Whether `c` is a Traditional form with a different Simplified form.
pub fn is_traditional(c: char) -> bool {
    t2s_table().contains_key(&c)
}

/// Folds one character from Traditional to Simplified Chinese.
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    if !(HAN_FIRST..=HAN_LAST).contains(&u) {
        return c;
    }
    // A direct table over the BMP ideographs: this runs once per Chinese character.
    static DIRECT: OnceLock<Vec<u32>> = OnceLock::new();
    let table = DIRECT.get_or_init(|| {
        let mut v: Vec<u32> = (HAN_FIRST..=HAN_LAST).collect();
        for (t, s) in t2s_table() {
            if let Some(slot) = v.get_mut((*t as u32 - HAN_FIRST) as usize) {
                *slot = *s as u32;
            }
        }
        v
    });
    table
        .get((u - HAN_FIRST) as usize)
        .and_then(|&f| char::from_u32(f))
        .unwrap_or(c)
}

pub(crate) use t2s_data::{HAN_FIRST, HAN_LAST};

/// Folds a string from Traditional to Simplified Chinese, character by character.
pub fn fold_traditional(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Whether `c` is a CJK ideograph or kana (the characters between which a line break is a wrap).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // hiragana, katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width katakana
        | 0x20000..=0x2FA1F  // extensions B+
        | 0x3005 | 0x3006    // 々 〆
        | 0x3001 | 0x3002    // 、 。
        | 0xFF08 | 0xFF09    // （ ）
        | 0x300C..=0x300F    // 「」『』
    )
}
