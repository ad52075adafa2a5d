//! Language tagging per paragraph: script evidence first, a language model only where script
//! leaves doubt.
//!
//! Measured: lingua restricted to ja/zh/en calls Han-only Japanese (再生医療, 医薬品) Chinese with
//! full confidence, so CJK is decided here by script: kana, Japanese-only kanji (薬 験 圧), and
//! Chinese-only forms (药 验 压 / 們 這 說). A paragraph that mixes Traditional forms with
//! Simplified ones (療 with 医) can only be Japanese. lingua decides what script cannot: whether a
//! Latin-script paragraph is English or another language (so "cure thermale" stays unchecked).

use crate::model::Lang;
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Kanji used in Japanese but not in Chinese (the Japanese simplified forms, shinjitai).
const JA_ONLY: &str = "薬験圧効済広歳気関図団変実総証転応対発単帰覚険検経継続読売価労働様込円悪県権歩渋沢浜粋絵脳臓髄剤処拡伝択浅戦黒齢隣壊懐払抜拝拠挙捜摂収恵悩戻担掲揺撃営栄鉄駅辺軽専釈顔隠歯髪弁芸触縦鋭銭巣畳塩糸乗仏仮偽倹剣勧呉圏塁壱奨嬢庁廃従徴徳恋恒慎戯挿据斉斎暁曽桜梅楼歓毎満滞瀬焼犠猟獣瓶痩盗砕穂穏窓粛絶緑縁縄繊聴胆脱舗荘蔵薫虜蛍覧観訳譲豊賛践遅郷酔醸鉱鋳錬闘陥雑霊静頼顕騒鶏黙竜亀";

/// Characters only Chinese uses: Simplified forms unknown to Japanese, Traditional forms Japanese
/// replaced, and particles.
const ZH_ONLY: &str = "们这说为时过还吗呢么个从对发现样种让给进话请问东车门间见长马头买卖钱读经认证议记评识调谈谢语诊设计订论则财费资质贵购员响专业务动劳办华单卫厅历压变积极标机权构检欢汤沟济热爱环电疗药验痒皱纹细结统维综缓缩网肤肠胶脏脑节获营视觉规负输转轻较辅边达远适选遗释钟针银铁阶际险隐难颈领频题风饮驾鲜减们這說們嗎麼讓證讀專勞發變號樣權檢歡濟經臟腦營覺輕轉邊釋鐵險隱驗藥體醫顏齡歲氣關圖團實總應對單歸續賣價廣壓區國會學當來與數點萬將畫條亂參雙寶齒髮劑處擊聽觀戰舊據壞懷齊齋龍龜鬥黨夠樂禮纖聲獨惡戀灣臺爲衛您吧啊";

const MARK_JA: u8 = 1;
const MARK_ZH: u8 = 2;
const MARK_TRAD: u8 = 4;
const MARK_SIMP: u8 = 8;

/// Simplified forms that Japanese shares (医 体 学 国 会…): with a Traditional form such as 療 in
/// the same paragraph, only Japanese mixes the two.
const JA_SHARED_SIMPLIFIED: &str =
    "医体学国会当来万与号区旧画尽点灯宝双参乱辞数断条寿径状将壮装称礼声虫写党独触蚕窃";

/// Where a character stands in JIS X 0208: 1 = level 1 (common Japanese kanji), 2 = level 2
/// (rarer, and most old forms), 0 = not in it.
///
/// The Shift_JIS code the WHATWG encoder gives `c` (the first pointer of the index, NEC-selected
/// IBM extensions excluded) decides. Asking the encoder once per character cost ~38 M
/// instructions at start-up (it searches its tables linearly), so the table is built once by
/// decoding every double-byte code in pointer order instead.
fn jis_level(c: char) -> u8 {
    static LEVELS: OnceLock<HashMap<char, u8>> = OnceLock::new();
    let levels = LEVELS.get_or_init(|| {
        let mut m: HashMap<char, u8> = HashMap::with_capacity(8192);
        let mut out = [0u8; 16];
        for lead in (0x81u8..=0x9F).chain(0xE0..=0xFC) {
            for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
                let lead_offset: u16 = if lead < 0xA0 { 0x81 } else { 0xC1 };
                let trail_offset: u16 = if trail < 0x7F { 0x40 } else { 0x41 };
                let pointer =
                    (u16::from(lead) - lead_offset) * 188 + u16::from(trail) - trail_offset;
                if (8272..=8835).contains(&pointer) {
                    continue;
                }
                // A fresh decoder per code: `last` finishes one.
                let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
                let (res, _, written) =
                    decoder.decode_to_utf8_without_replacement(&[lead, trail], &mut out, true);
                if !matches!(res, encoding_rs::DecoderResult::InputEmpty) {
                    continue;
                }
                let mut chars = out
                    .get(..written)
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or("")
                    .chars();
                let (Some(ch), None) = (chars.next(), chars.next()) else {
                    continue;
                };
                let code = (u16::from(lead) << 8) | u16::from(trail);
                let level = match code {
                    0x889F..=0x9872 => 1,
                    0x989F..=0xEAA4 => 2,
                    _ => 0,
                };
                m.entry(ch).or_insert(level);
            }
        }
        m
    });
    levels.get(&c).copied().unwrap_or(0)
}

/// Everything script evidence needs about a Han character, in one lookup.
///
/// Chinese-only: the hand lists, Traditional forms outside JIS level 1 (傳 帶 們: Japanese
/// writes 伝 帯 and uses the old forms only in names), and Simplified forms outside JIS (疗 药).
fn han_marks() -> &'static HashMap<char, u8> {
    static MARKS: OnceLock<HashMap<char, u8>> = OnceLock::new();
    MARKS.get_or_init(|| {
        let mut m: HashMap<char, u8> = HashMap::new();
        for c in JA_ONLY.chars() {
            *m.entry(c).or_default() |= MARK_JA;
        }
        let zh = |c: char, m: &mut HashMap<char, u8>| {
            let e = m.entry(c).or_default();
            if *e & MARK_JA == 0 {
                *e |= MARK_ZH;
            }
        };
        for c in ZH_ONLY.chars() {
            zh(c, &mut m);
        }
        for (t, s) in super::t2s_pairs() {
            match jis_level(t) {
                1 => *m.entry(t).or_default() |= MARK_TRAD,
                _ => zh(t, &mut m),
            }
            if jis_level(s) == 0 {
                zh(s, &mut m);
            }
        }
        for c in JA_SHARED_SIMPLIFIED.chars() {
            *m.entry(c).or_default() |= MARK_SIMP;
        }
        m.retain(|_, v| *v != 0);
        m
    })
}

/// [`han_marks`] as a direct table over the BMP ideographs (this runs once per Han character).
fn han_mark(c: char) -> u8 {
    static DIRECT: OnceLock<Vec<u8>> = OnceLock::new();
    let u = c as u32;
    if (super::HAN_FIRST..=super::HAN_LAST).contains(&u) {
        let table = DIRECT.get_or_init(|| {
            let mut v = vec![0u8; (super::HAN_LAST - super::HAN_FIRST + 1) as usize];
            for (ch, m) in han_marks() {
                if let Some(slot) = v.get_mut((*ch as u32).wrapping_sub(super::HAN_FIRST) as usize)
                {
                    *slot = *m;
                }
            }
            v
        });
        table
            .get((u - super::HAN_FIRST) as usize)
            .copied()
            .unwrap_or(0)
    } else {
        han_marks().get(&c).copied().unwrap_or(0)
    }
}

/// What a paragraph's characters say about its language.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScriptCounts {
    /// Hiragana and katakana (full- and half-width).
    pub kana: usize,
    /// Han ideographs.
    pub han: usize,
    /// Latin letters (ASCII and full-width).
    pub latin: usize,
    /// Japanese-only kanji.
    pub ja_marks: usize,
    /// Chinese-only characters.
    pub zh_marks: usize,
    /// Traditional forms that have a different Simplified form.
    pub trad: usize,
    /// Simplified forms of Traditional characters.
    pub simp: usize,
}

impl ScriptCounts {
    /// Counts the evidence in `text`.
    pub fn of(text: &str) -> Self {
        let mut c = ScriptCounts::default();
        for ch in text.chars() {
            let u = ch as u32;
            if ch.is_ascii_alphabetic()
                || (0xFF21..=0xFF5A).contains(&u)
                || (0xC0..=0x24F).contains(&u)
            {
                c.latin += 1;
            } else if (0x3041..=0x3096).contains(&u)
                || (0x30A1..=0x30FA).contains(&u)
                || (0xFF66..=0xFF9D).contains(&u)
            {
                c.kana += 1;
            } else if (0x3400..=0x9FFF).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || u >= 0x20000
            {
                c.han += 1;
                let m = han_mark(ch);
                if m & MARK_JA != 0 {
                    c.ja_marks += 1;
                } else if m & MARK_ZH != 0 {
                    c.zh_marks += 1;
                }
                if m & MARK_TRAD != 0 {
                    c.trad += 1;
                } else if m & MARK_SIMP != 0 {
                    c.simp += 1;
                }
            }
        }
        c
    }

    /// The CJK decision script alone can make: `Some(ja|zh)`, or `None` when the paragraph is
    /// Han-only without telling marks (decided by the rest of the document).
    pub fn cjk_guess(&self) -> Option<Lang> {
        let ja =
            self.kana * 2 + self.ja_marks * 3 + usize::from(self.trad > 0 && self.simp > 0) * 2;
        let zh = self.zh_marks * 3;
        if ja > zh {
            Some(Lang::Ja)
        } else if zh > ja || (self.simp > 0 && self.trad == 0) {
            Some(Lang::Zh)
        } else {
            None
        }
    }

    /// Whether the paragraph is mostly CJK rather than Latin.
    pub fn is_cjk(&self) -> bool {
        let cjk = self.kana + self.han;
        cjk > 0 && cjk * 3 >= self.latin
    }
}

/// A first look at one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphGuess {
    /// Script decided.
    Decided(Lang),
    /// Han-only without telling marks: follow the document.
    Cjk,
    /// Latin script: the language model decides English or other.
    Latin,
    /// No letters at all.
    Nothing,
}

/// Decides one paragraph by script.
pub fn detect_paragraph(text: &str) -> ParagraphGuess {
    let c = ScriptCounts::of(text);
    if c.is_cjk() {
        match c.cjk_guess() {
            Some(l) => ParagraphGuess::Decided(l),
            None => ParagraphGuess::Cjk,
        }
    } else if c.latin > 0 {
        ParagraphGuess::Latin
    } else {
        ParagraphGuess::Nothing
    }
}

const EN_WORDS: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "is",
    "are",
    "with",
    "for",
    "your",
    "you",
    "our",
    "we",
    "this",
    "that",
    "can",
    "will",
    "be",
    "in",
    "on",
    "it",
    "not",
    "or",
    "from",
    "by",
    "as",
    "at",
    "has",
    "have",
    "was",
    "no",
    "an",
    "may",
    "all",
    "who",
    "what",
    "how",
    "after",
    "treatment",
    "therapy",
    "cells",
    "stem",
    "clinic",
    "patients",
    "cure",
    "cures",
    "results",
    "health",
];
const OTHER_WORDS: &[&str] = &[
    "le", "la", "les", "des", "du", "est", "et", "pour", "avec", "une", "dans", "el", "los", "las",
    "del", "es", "y", "para", "con", "una", "que", "der", "die", "das", "und", "ist", "mit", "für",
    "ein", "eine", "nicht", "dan", "yang", "untuk", "dengan", "ini", "itu", "di", "adalah", "os",
    "da", "é", "em", "não", "il", "gli", "della", "è", "per", "non", "che", "het", "een", "van",
    "ng", "sa", "mga", "và", "của", "là", "thermale", "cura", "terapia",
];

/// Decides Latin-script paragraphs: English, or another language. The model loads on first use.
#[derive(Default)]
pub struct LangDetector {
    model: OnceLock<LanguageDetector>,
}

impl std::fmt::Debug for LangDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LangDetector")
            .field("loaded", &self.model.get().is_some())
            .finish()
    }
}

impl LangDetector {
    /// A detector whose model is not loaded yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// English or `Other` for a Latin-script paragraph. Function words decide clear cases
    /// without the model; the model decides the rest.
    pub fn latin_language(&self, text: &str) -> Lang {
        self.latin_by_words(text)
            .unwrap_or_else(|| self.latin_by_model(text))
    }

    /// English or `Other` when function words make it clear; `None` when there are none
    /// (headlines, hashtags), which the caller may settle by the rest of the document.
    pub fn latin_by_words(&self, text: &str) -> Option<Lang> {
        static SETS: OnceLock<(HashSet<&'static str>, HashSet<&'static str>)> = OnceLock::new();
        let (en_words, other_words) = SETS.get_or_init(|| {
            (
                EN_WORDS.iter().copied().collect(),
                OTHER_WORDS.iter().copied().collect(),
            )
        });
        let mut en = 0usize;
        let mut other = 0usize;
        let mut words = 0usize;
        let mut lw = String::new();
        for w in text
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
        {
            words += 1;
            lw.clear();
            lw.extend(w.chars().flat_map(char::to_lowercase));
            if en_words.contains(lw.as_str()) {
                en += 1;
            }
            if other_words.contains(lw.as_str()) {
                other += 1;
            }
            if words > 200 {
                break;
            }
        }
        if words == 0 {
            return Some(Lang::Other);
        }
        if other == 0 && en > 0 {
            return Some(Lang::En);
        }
        if en >= 3 * other.max(1) && en * 10 >= words {
            return Some(Lang::En);
        }
        if other > 0 && en == 0 {
            return Some(Lang::Other);
        }
        None
    }

    /// English or `Other` by the language model (loaded on first use).
    pub fn latin_by_model(&self, text: &str) -> Lang {
        let model = self.model.get_or_init(|| {
            LanguageDetectorBuilder::from_languages(&[
                Language::English,
                Language::French,
                Language::German,
                Language::Spanish,
                Language::Portuguese,
                Language::Italian,
                Language::Dutch,
                Language::Indonesian,
                Language::Malay,
                Language::Tagalog,
                Language::Vietnamese,
            ])
            .with_low_accuracy_mode()
            .build()
        });
        match model.detect_language_of(model_sample(text).as_ref()) {
            Some(Language::English) | None => Lang::En,
            _ => Lang::Other,
        }
    }
}

/// Longest paragraph the language model sees whole; longer ones are sampled.
const MODEL_TEXT_MAX: usize = 4096;
/// Longest word the model sees: its n-gram extraction is quadratic in word length, so a 100 KB
/// run of letters (a data URI, a minified blob) would take minutes.
const MODEL_WORD_MAX: usize = 32;

/// The text the model judges: `text` itself when it is short and has no overlong word, else its
/// first 200 words, each cut to [`MODEL_WORD_MAX`] characters (the same words the function-word
/// count looked at), so the model's cost is bounded per paragraph.
fn model_sample(text: &str) -> std::borrow::Cow<'_, str> {
    let words = || {
        text.split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
    };
    if text.len() <= MODEL_TEXT_MAX && words().all(|w| w.chars().nth(MODEL_WORD_MAX).is_none()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut sample = String::new();
    for w in words().take(200) {
        if !sample.is_empty() {
            sample.push(' ');
        }
        sample.extend(w.chars().take(MODEL_WORD_MAX));
    }
    std::borrow::Cow::Owned(sample)
}

#[cfg(test)]
mod tests {

    /// The encoder-based definition `jis_level`'s decoded table replaced (regression: the
    /// table must agree with it on every character).
    fn jis_level_by_encoder(c: char) -> u8 {
        let mut buf = [0u8; 4];
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buf));
        if unmappable {
            return 0;
        }
        match (bytes.first(), bytes.get(1)) {
            (Some(&a), Some(&b)) => match (u16::from(a) << 8) | u16::from(b) {
                0x889F..=0x9872 => 1,
                0x989F..=0xEAA4 => 2,
                _ => 0,
            },
            _ => 0,
        }
    }

    #[test]
    fn jis_level_table_agrees_with_the_shift_jis_encoder() {
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(
                jis_level(c),
                jis_level_by_encoder(c),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    use super::*;

    #[test]
    fn han_only_japanese_with_shinjitai_is_japanese() {
        assert_eq!(
            detect_paragraph("医薬品"),
            ParagraphGuess::Decided(Lang::Ja)
        );
        assert_eq!(
            detect_paragraph("効果保証"),
            ParagraphGuess::Decided(Lang::Ja)
        );
        // 療 is Traditional, 医 Simplified: only Japanese mixes them.
        assert_eq!(
            detect_paragraph("再生医療"),
            ParagraphGuess::Decided(Lang::Ja)
        );
    }

    #[test]
    fn chinese_forms_are_chinese() {
        assert_eq!(
            detect_paragraph("干细胞治疗"),
            ParagraphGuess::Decided(Lang::Zh)
        );
        assert_eq!(
            detect_paragraph("幹細胞可以根治，這是真的"),
            ParagraphGuess::Decided(Lang::Zh)
        );
        assert_eq!(
            detect_paragraph("幹細胞で治ります"),
            ParagraphGuess::Decided(Lang::Ja)
        );
    }

    #[test]
    fn latin_text_is_english_or_other() {
        let d = LangDetector::new();
        assert_eq!(
            d.latin_language("Our stem cell therapy cures diabetes."),
            Lang::En
        );
        assert_eq!(
            d.latin_language("La cure thermale est une tradition."),
            Lang::Other
        );
        assert_eq!(
            d.latin_language("Terapi sel punca untuk diabetes dan yang lain"),
            Lang::Other
        );
    }
}
