//! Language tagging per paragraph: script evidence first, a language model only where script
//! leaves doubt.
//!
//! Measured: lingua restricted to ja/zh/en calls Han-only Japanese (再生医療, 医薬品) Chinese with
//! full confidence, so CJK is decided here by script: kana, Japanese-only kanji (薬 験 圧), and
//! Chinese-only forms (药 验 压 / 們 這 說). A paragraph that mixes Traditional forms with
//! Simplified ones (療 with 医) can only be Japanese. lingua decides what script cannot: whether a
//! Latin-script paragraph is English or another language (so "cure thermale" stays unchecked).

use crate::model::Lang;
use crate::text::{is_simplified, is_traditional};
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use std::sync::OnceLock;

/// Kanji used in Japanese but not in Chinese (the Japanese simplified forms, shinjitai).
const JA_ONLY: &str = "薬験圧効済広歳気関図団変実総証転応対発単帰覚険検経継続読売価労働様込円悪県権歩渋沢浜粋絵脳臓髄剤処拡伝択浅戦黒齢隣壊懐払抜拝拠挙捜摂収恵悩戻担掲揺撃営栄鉄駅辺軽専釈顔隠歯髪弁芸触縦鋭銭巣畳塩糸乗仏仮偽倹剣勧呉圏塁壱奨嬢庁廃従徴徳恋恒慎戯挿据斉斎暁曽桜梅楼歓毎満滞瀬焼犠猟獣瓶痩盗砕穂穏窓粛絶緑縁縄繊聴胆脱舗荘蔵薫虜蛍覧観訳譲豊賛践遅郷酔醸鉱鋳錬闘陥雑霊静頼顕騒鶏黙竜亀";

/// Characters only Chinese uses: Simplified forms unknown to Japanese, Traditional forms Japanese
/// replaced, and particles.
const ZH_ONLY: &str = "们这说为时过还吗呢么个从对发现样种让给进话请问东车门间见长马头买卖钱读经认证议记评识调谈谢语诊设计订论则财费资质贵购员响专业务动劳办华单卫厅历压变积极标机权构检欢汤沟济热爱环电疗药验痒皱纹细结统维综缓缩网肤肠胶脏脑节获营视觉规负输转轻较辅边达远适选遗释钟针银铁阶际险隐难颈领频题风饮驾鲜减们這說們嗎麼讓證讀專勞發變號樣權檢歡濟經臟腦營覺輕轉邊釋鐵險隱驗藥體醫顏齡歲氣關圖團實總應對單歸續賣價廣壓區國會學當來與數點萬將畫條亂參雙寶齒髮劑處擊聽觀戰舊據壞懷齊齋龍龜鬥黨夠樂禮纖聲獨惡戀灣臺爲衛您吧啊";

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
                if JA_ONLY.contains(ch) {
                    c.ja_marks += 1;
                } else if ZH_ONLY.contains(ch) {
                    c.zh_marks += 1;
                }
                if is_traditional(ch) {
                    c.trad += 1;
                } else if is_simplified(ch) {
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
        let mut en = 0usize;
        let mut other = 0usize;
        let mut words = 0usize;
        for w in text
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
        {
            words += 1;
            let lw = w.to_lowercase();
            if EN_WORDS.contains(&lw.as_str()) {
                en += 1;
            }
            if OTHER_WORDS.contains(&lw.as_str()) {
                other += 1;
            }
            if words > 200 {
                break;
            }
        }
        if words == 0 {
            return Lang::Other;
        }
        if other == 0 && en > 0 {
            return Lang::En;
        }
        if en >= 3 * other.max(1) && en * 10 >= words {
            return Lang::En;
        }
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
            Some(Language::English) | None if other == 0 => Lang::En,
            Some(Language::English) => Lang::En,
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
