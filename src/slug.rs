//! URL names ("slugs") for file stems, titles and tags.
//!
//! Chinese text becomes toneless pinyin. The `pinyin` crate only knows one
//! default reading per character, which is wrong for many polyphones, so the
//! readings go through three corrections, most specific first:
//! 1. a phrase table (longest match) for words whose reading differs from the
//!    per-character defaults (重庆 chong-qing, 银行 yin-hang, 院长 yuan-zhang);
//! 2. a surname table, applied to the first character of a 2–4 character
//!    all-Han string, which is almost always a person's name (单 shan, 曾 zeng);
//! 3. a per-character override table for characters whose crate default is not
//!    the reading a reader expects on its own (长 chang, 似 si, 椎 zhui).

use pinyin::ToPinyin;
use std::collections::HashMap;
use std::sync::OnceLock;

/// URL name for a file stem, title or tag.
///
/// ASCII letters and digits are kept (lowercased, full-width forms folded to
/// ASCII), Chinese characters become pinyin syllables, and everything else
/// separates words with a single `-`. Text with nothing usable gives `""`.
/// At most [`MAX_SLUG`] bytes, cut between words.
pub fn slugify(text: &str) -> String {
    let text = text.trim();
    // Pinyin syllables are at most 6 letters for 3 UTF-8 bytes, so 2x plus a
    // little covers nearly every input without regrowing.
    let mut out = String::with_capacity(text.len() * 2 + 8);
    let person = is_person_name(text);
    // A separator is owed before the next word; only written if one follows,
    // which keeps leading/trailing/doubled `-` out without a cleanup pass.
    let mut owed = false;
    let mut last_was_pinyin = false;
    let mut rest = text;

    while let Some(c) = rest.chars().next() {
        if out.len() > MAX_SLUG {
            break;
        }
        let c = fold_width(c);
        if c.is_ascii_alphanumeric() {
            if !out.is_empty() && (owed || last_was_pinyin) {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            owed = false;
            last_was_pinyin = false;
            rest = &rest[rest.chars().next().map_or(1, char::len_utf8)..];
            continue;
        }
        if !c.is_ascii() {
            if let Some((reading, used)) = phrase_at(rest) {
                push_syllable(&mut out, reading);
                owed = false;
                last_was_pinyin = true;
                rest = &rest[used..];
                continue;
            }
            let first = person && rest.len() == text.len();
            let reading = if first { surname(c) } else { None }
                .or_else(|| preferred(c))
                .or_else(|| c.to_pinyin().map(|p| p.plain()));
            if let Some(reading) = reading {
                push_syllable(&mut out, reading);
                owed = false;
                last_was_pinyin = true;
                rest = &rest[c.len_utf8().min(rest.len())..];
                continue;
            }
        }
        // Punctuation, spaces, symbols and characters without a reading.
        owed = true;
        let len = rest.chars().next().map_or(1, char::len_utf8);
        rest = &rest[len..];
    }
    if out.len() > MAX_SLUG {
        let cut = out[..=MAX_SLUG].rfind('-').filter(|&at| at > 0);
        out.truncate(cut.unwrap_or(MAX_SLUG));
    }
    out
}

/// Longest slug: a folder name every file system takes (255 bytes), with
/// room to spare. Only longer titles and file names (a pasted paragraph as
/// a tag) are cut, between words; every slug that worked before stays as
/// it was.
pub const MAX_SLUG: usize = 200;

/// Appends one reading (a syllable, or a phrase's syllables joined by `-`),
/// writing `ü` as `v` the way pinyin input methods and URLs do.
fn push_syllable(out: &mut String, reading: &str) {
    if !out.is_empty() {
        out.push('-');
    }
    for ch in reading.chars() {
        out.push(if ch == 'ü' { 'v' } else { ch });
    }
}

/// Full-width ASCII (U+FF01–U+FF5E) to ASCII, so `１２０急救` matches `120急救`.
fn fold_width(c: char) -> char {
    if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// A short all-Han string is treated as a person's name, so its first
/// character gets its surname reading. Phrases still win (see `slugify`), which
/// keeps words such as 单位 or 解剖 from being read as names.
fn is_person_name(text: &str) -> bool {
    let mut n = 0;
    for c in text.chars() {
        if !is_han(c) {
            return false;
        }
        n += 1;
        if n > 4 {
            return false;
        }
    }
    n >= 2
}

/// Longest phrase starting at the beginning of `rest`: its reading and its
/// length in bytes.
fn phrase_at(rest: &str) -> Option<(&'static str, usize)> {
    let first = rest.chars().next()?;
    let candidates = phrase_index().get(&first)?;
    // Candidates are sorted longest first, so the first hit is the longest.
    candidates
        .iter()
        .find(|(phrase, _)| rest.starts_with(phrase))
        .map(|(phrase, reading)| (*reading, phrase.len()))
}

type PhraseIndex = HashMap<char, Vec<(&'static str, &'static str)>>;

/// Phrases grouped by first character: one hash lookup per Han character,
/// and most characters start no phrase at all.
fn phrase_index() -> &'static PhraseIndex {
    static INDEX: OnceLock<PhraseIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: PhraseIndex = HashMap::with_capacity(PHRASES.len());
        for &(phrase, reading) in PHRASES {
            if let Some(first) = phrase.chars().next() {
                index.entry(first).or_default().push((phrase, reading));
            }
        }
        for list in index.values_mut() {
            list.sort_by_key(|(phrase, _)| std::cmp::Reverse(phrase.len()));
        }
        index
    })
}

/// Words whose reading differs from the per-character readings. Readings are
/// toneless, `-`-joined, with `v` for `ü`.
const PHRASES: &[(&str, &str)] = &[
    // 重 chong
    ("重庆", "chong-qing"),
    ("重阳", "chong-yang"),
    ("重新", "chong-xin"),
    ("重复", "chong-fu"),
    ("重建", "chong-jian"),
    ("重组", "chong-zu"),
    ("重逢", "chong-feng"),
    ("重温", "chong-wen"),
    ("重申", "chong-shen"),
    ("重叠", "chong-die"),
    ("重启", "chong-qi"),
    ("重返", "chong-fan"),
    ("重整", "chong-zheng"),
    ("重修", "chong-xiu"),
    ("重播", "chong-bo"),
    // 长 zhang (titles and "grow")
    ("院长", "yuan-zhang"),
    ("科长", "ke-zhang"),
    ("护士长", "hu-shi-zhang"),
    ("主任", "zhu-ren"),
    ("部长", "bu-zhang"),
    ("局长", "ju-zhang"),
    ("处长", "chu-zhang"),
    ("所长", "suo-zhang"),
    ("校长", "xiao-zhang"),
    ("市长", "shi-zhang"),
    ("县长", "xian-zhang"),
    ("省长", "sheng-zhang"),
    ("区长", "qu-zhang"),
    ("镇长", "zhen-zhang"),
    ("乡长", "xiang-zhang"),
    ("村长", "cun-zhang"),
    ("厅长", "ting-zhang"),
    ("站长", "zhan-zhang"),
    ("馆长", "guan-zhang"),
    ("组长", "zu-zhang"),
    ("队长", "dui-zhang"),
    ("班长", "ban-zhang"),
    ("会长", "hui-zhang"),
    ("社长", "she-zhang"),
    ("团长", "tuan-zhang"),
    ("师长", "shi-zhang"),
    ("首长", "shou-zhang"),
    ("董事长", "dong-shi-zhang"),
    ("秘书长", "mi-shu-zhang"),
    ("行长", "hang-zhang"),
    ("家长", "jia-zhang"),
    ("学长", "xue-zhang"),
    ("兄长", "xiong-zhang"),
    ("成长", "cheng-zhang"),
    ("生长", "sheng-zhang"),
    ("增长", "zeng-zhang"),
    ("助长", "zhu-zhang"),
    ("长大", "zhang-da"),
    ("长辈", "zhang-bei"),
    ("长者", "zhang-zhe"),
    ("年长", "nian-zhang"),
    ("长期", "chang-qi"),
    // 行 hang
    ("银行", "yin-hang"),
    ("行业", "hang-ye"),
    ("行列", "hang-lie"),
    ("行情", "hang-qing"),
    ("内行", "nei-hang"),
    ("外行", "wai-hang"),
    ("排行", "pai-hang"),
    ("央行", "yang-hang"),
    ("商行", "shang-hang"),
    ("各行各业", "ge-hang-ge-ye"),
    // 乐 yue, 藏 zang
    ("音乐", "yin-yue"),
    ("乐器", "yue-qi"),
    ("乐团", "yue-tuan"),
    ("乐队", "yue-dui"),
    ("乐曲", "yue-qu"),
    ("声乐", "sheng-yue"),
    ("西藏", "xi-zang"),
    ("援藏", "yuan-zang"),
    ("藏族", "zang-zu"),
    ("藏医", "zang-yi"),
    ("藏药", "zang-yao"),
    ("宝藏", "bao-zang"),
    // 会 kuai, 便 pian, 调 tiao/diao
    ("会计", "kuai-ji"),
    ("财会", "cai-kuai"),
    ("便宜", "pian-yi"),
    ("调查", "diao-cha"),
    ("调研", "diao-yan"),
    ("调整", "tiao-zheng"),
    ("调节", "tiao-jie"),
    ("调理", "tiao-li"),
    ("调解", "tiao-jie"),
    ("调剂", "tiao-ji"),
    ("调配", "tiao-pei"),
    ("调控", "tiao-kong"),
    ("调和", "tiao-he"),
    ("协调", "xie-tiao"),
    ("空调", "kong-tiao"),
    ("失调", "shi-tiao"),
    // Medical words
    ("膀胱", "pang-guang"),
    ("梗塞", "geng-se"),
    ("栓塞", "shuan-se"),
    ("堵塞", "du-se"),
    ("阻塞", "zu-se"),
    ("闭塞", "bi-se"),
    ("鼻塞", "bi-se"),
    ("包扎", "bao-za"),
    ("落枕", "lao-zhen"),
    ("着凉", "zhao-liang"),
    ("大夫", "dai-fu"),
    ("人参", "ren-shen"),
    ("党参", "dang-shen"),
    ("丹参", "dan-shen"),
    ("海参", "hai-shen"),
    ("暖和", "nuan-huo"),
    // Other common polyphones
    ("传记", "zhuan-ji"),
    ("自传", "zi-zhuan"),
    ("了解", "liao-jie"),
    ("的确", "di-que"),
    ("目的", "mu-di"),
    ("首都", "shou-du"),
    ("成都", "cheng-du"),
    ("都市", "du-shi"),
    ("还款", "huan-kuan"),
    ("归还", "gui-huan"),
    ("偿还", "chang-huan"),
    ("还原", "huan-yuan"),
    ("着急", "zhao-ji"),
    ("着火", "zhao-huo"),
    ("睡着", "shui-zhao"),
    ("着手", "zhuo-shou"),
    ("着重", "zhuo-zhong"),
    ("着力", "zhuo-li"),
    ("着眼", "zhuo-yan"),
    ("着陆", "zhuo-lu"),
    ("执着", "zhi-zhuo"),
    ("穿着", "chuan-zhuo"),
    ("衣着", "yi-zhuo"),
    ("沉着", "chen-zhuo"),
    ("出差", "chu-chai"),
    ("差旅", "chai-lv"),
    ("参差", "cen-ci"),
    ("投降", "tou-xiang"),
    ("反省", "fan-xing"),
    ("弹性", "tan-xing"),
    ("弹力", "tan-li"),
    ("弹琴", "tan-qin"),
    ("角色", "jue-se"),
    ("主角", "zhu-jue"),
    ("配角", "pei-jue"),
    ("模样", "mu-yang"),
    ("模具", "mu-ju"),
    ("勉强", "mian-qiang"),
    ("倔强", "jue-jiang"),
    ("关卡", "guan-qia"),
    ("薄弱", "bo-ruo"),
    ("薄荷", "bo-he"),
    ("单薄", "dan-bo"),
    ("供给", "gong-ji"),
    ("给予", "ji-yu"),
    ("补给", "bu-ji"),
    ("自给", "zi-ji"),
    ("校对", "jiao-dui"),
    ("校准", "jiao-zhun"),
    ("校正", "jiao-zheng"),
    ("睡觉", "shui-jiao"),
    ("午觉", "wu-jiao"),
    ("露面", "lou-mian"),
    ("恐吓", "kong-he"),
    ("称职", "chen-zhi"),
    ("对称", "dui-chen"),
    ("相称", "xiang-chen"),
    ("匀称", "yun-chen"),
    ("厌恶", "yan-wu"),
    ("可恶", "ke-wu"),
    ("朝气", "zhao-qi"),
    ("朝夕", "zhao-xi"),
    ("仔细", "zi-xi"),
    ("似的", "shi-de"),
    ("仿佛", "fang-fu"),
    ("率领", "shuai-ling"),
    ("率先", "shuai-xian"),
    ("表率", "biao-shuai"),
    ("坦率", "tan-shuai"),
    ("直率", "zhi-shuai"),
    ("草率", "cao-shuai"),
    ("轻率", "qing-shuai"),
    ("没收", "mo-shou"),
    ("淹没", "yan-mo"),
    ("出没", "chu-mo"),
    // Words that start with a surname character (so a 2–4 character word is
    // not read as a name by the surname table).
    ("单位", "dan-wei"),
    ("单元", "dan-yuan"),
    ("单独", "dan-du"),
    ("单纯", "dan-chun"),
    ("单身", "dan-shen"),
    ("单据", "dan-ju"),
    ("单人", "dan-ren"),
    ("单病种", "dan-bing-zhong"),
    ("曾经", "ceng-jing"),
    ("解决", "jie-jue"),
    ("解放", "jie-fang"),
    ("解读", "jie-du"),
    ("解剖", "jie-pou"),
    ("解答", "jie-da"),
    ("解释", "jie-shi"),
    ("解析", "jie-xi"),
    ("解毒", "jie-du"),
    ("解除", "jie-chu"),
    ("解码", "jie-ma"),
    ("解题", "jie-ti"),
    ("查房", "cha-fang"),
    ("查体", "cha-ti"),
    ("查询", "cha-xun"),
    ("查看", "cha-kan"),
    ("查找", "cha-zhao"),
    ("查处", "cha-chu"),
    ("查验", "cha-yan"),
    ("区域", "qu-yu"),
    ("区别", "qu-bie"),
    ("区委", "qu-wei"),
    ("区块", "qu-kuai"),
    ("区间", "qu-jian"),
    ("区级", "qu-ji"),
    ("乐观", "le-guan"),
    ("乐意", "le-yi"),
    ("乐于", "le-yu"),
    ("乐趣", "le-qu"),
    ("乐园", "le-yuan"),
    ("黑色", "hei-se"),
    ("黑板", "hei-ban"),
    ("黑暗", "hei-an"),
    ("黑夜", "hei-ye"),
    ("黑龙江", "hei-long-jiang"),
    ("繁荣", "fan-rong"),
    ("繁忙", "fan-mang"),
    ("繁殖", "fan-zhi"),
    ("繁体", "fan-ti"),
    ("繁华", "fan-hua"),
    ("繁琐", "fan-suo"),
    ("种植", "zhong-zhi"),
    ("种子", "zhong-zi"),
    ("种类", "zhong-lei"),
    ("种族", "zhong-zu"),
    ("盖章", "gai-zhang"),
    ("仇恨", "chou-hen"),
    ("仇人", "chou-ren"),
    ("朴素", "pu-su"),
    ("朴实", "pu-shi"),
    // Compound surnames
    ("尉迟", "yu-chi"),
    ("万俟", "mo-qi"),
    ("长孙", "zhang-sun"),
    ("单于", "chan-yu"),
];

/// Surname readings for the first character of a person's name.
fn surname(c: char) -> Option<&'static str> {
    Some(match c {
        '单' => "shan",
        '曾' => "zeng",
        '解' => "xie",
        '仇' => "qiu",
        '朴' => "piao",
        '查' => "zha",
        '区' => "ou",
        '翟' => "zhai",
        '盖' => "ge",
        '覃' => "qin",
        '缪' => "miao",
        '乐' => "yue",
        '尉' => "yu",
        '黑' => "he",
        '繁' => "po",
        '种' => "chong",
        '冼' => "xian",
        '洗' => "xian",
        '隗' => "wei",
        '谌' => "chen",
        '眭' => "sui",
        _ => return None,
    })
}

/// Readings preferred over the crate default, for a character on its own.
/// Some entries equal today's default and are listed to pin the reading
/// against changes in the crate's data.
fn preferred(c: char) -> Option<&'static str> {
    Some(match c {
        '血' => "xue",
        '重' => "zhong",
        '泌' => "mi",
        '长' => "chang",
        '行' => "xing",
        '传' => "chuan",
        '似' => "si",
        '佛' => "fo",
        '椎' => "zhui",
        '阚' => "kan",
        '翟' => "zhai",
        '覃' => "qin",
        '缪' => "miao",
        '了' => "le",
        '还' => "hai",
        '都' => "dou",
        '着' => "zhe",
        '和' => "he",
        '得' => "de",
        '地' => "di",
        '的' => "de",
        '便' => "bian",
        '藏' => "cang",
        '调' => "diao",
        '乐' => "le",
        '会' => "hui",
        '单' => "dan",
        '曾' => "ceng",
        '解' => "jie",
        '查' => "cha",
        '区' => "qu",
        '种' => "zhong",
        '仇' => "chou",
        '朴' => "pu",
        '率' => "lv",
        '症' => "zheng",
        '核' => "he",
        '腔' => "qiang",
        '剂' => "ji",
        '呼' => "hu",
        '省' => "sheng",
        '参' => "can",
        '差' => "cha",
        '塞' => "sai",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{slugify, MAX_SLUG};

    #[test]
    fn long_names_are_cut_between_words() {
        let slug = slugify(&"志愿".repeat(5000));
        assert!(slug.len() <= MAX_SLUG, "{}", slug.len());
        assert!(
            slug.starts_with("zhi-yuan-zhi-yuan") && slug.ends_with("yuan"),
            "{slug}"
        );
        assert_eq!(slugify(&slug), slug);
        assert_eq!(slugify(&"a".repeat(300)), "a".repeat(MAX_SLUG));
    }

    #[test]
    fn ascii_and_separators() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  --a__b--  "), "a-b");
        assert_eq!(slugify("Jizhen 120"), "jizhen-120");
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn full_width_ascii_is_folded() {
        assert_eq!(slugify("１２０急救"), "120-ji-jiu");
        assert_eq!(slugify("ＡＢ　ｃ"), "ab-c");
    }

    #[test]
    fn chinese_and_mixed() {
        assert_eq!(slugify("120急救"), "120-ji-jiu");
        assert_eq!(slugify("急救120"), "ji-jiu-120");
        assert_eq!(slugify("急诊科 党支部"), "ji-zhen-ke-dang-zhi-bu");
        assert_eq!(slugify("《党章》学习，第2期"), "dang-zhang-xue-xi-di-2-qi");
        assert_eq!(slugify("CT室"), "ct-shi");
    }

    #[test]
    fn u_umlaut_is_v() {
        assert_eq!(slugify("绿"), "lv");
        assert_eq!(slugify("女性健康"), "nv-xing-jian-kang");
    }

    #[test]
    fn no_reading_is_dropped() {
        assert_eq!(slugify("🎉党建🎉"), "dang-jian");
        assert_eq!(slugify("党👍建"), "dang-jian");
        assert_eq!(slugify("🎉"), "");
    }

    #[test]
    fn department_names() {
        let cases = [
            ("急诊科", "ji-zhen-ke"),
            ("心血管内科", "xin-xue-guan-nei-ke"),
            ("血液科", "xue-ye-ke"),
            ("重症医学科", "zhong-zheng-yi-xue-ke"),
            ("内分泌科", "nei-fen-mi-ke"),
            ("泌尿外科", "mi-niao-wai-ke"),
            ("呼吸内科", "hu-xi-nei-ke"),
            ("儿科", "er-ke"),
            ("妇产科", "fu-chan-ke"),
            ("眼科", "yan-ke"),
            ("耳鼻喉科", "er-bi-hou-ke"),
            ("口腔科", "kou-qiang-ke"),
            ("骨科", "gu-ke"),
            ("神经内科", "shen-jing-nei-ke"),
            ("肿瘤科", "zhong-liu-ke"),
            ("感染科", "gan-ran-ke"),
            ("麻醉科", "ma-zui-ke"),
            ("检验科", "jian-yan-ke"),
            ("放射科", "fang-she-ke"),
            ("超声医学科", "chao-sheng-yi-xue-ke"),
            ("药剂科", "yao-ji-ke"),
            ("护理部", "hu-li-bu"),
            ("康复医学科", "kang-fu-yi-xue-ke"),
            ("中医科", "zhong-yi-ke"),
            ("核医学科", "he-yi-xue-ke"),
            ("输血科", "shu-xue-ke"),
            ("新生儿科", "xin-sheng-er-ke"),
            ("病理科", "bing-li-ke"),
            ("体检中心", "ti-jian-zhong-xin"),
            ("营养科", "ying-yang-ke"),
            ("行政后勤", "xing-zheng-hou-qin"),
            ("党委办公室", "dang-wei-ban-gong-shi"),
            ("宣传科", "xuan-chuan-ke"),
            ("长江路院区", "chang-jiang-lu-yuan-qu"),
        ];
        for (name, want) in cases {
            assert_eq!(slugify(name), want, "{name}");
        }
    }

    #[test]
    fn people() {
        assert_eq!(slugify("杜杰"), "du-jie");
        assert_eq!(slugify("单雪梅"), "shan-xue-mei");
        assert_eq!(slugify("曾长青"), "zeng-chang-qing");
        assert_eq!(slugify("解晓东"), "xie-xiao-dong");
        assert_eq!(slugify("翟文"), "zhai-wen");
        assert_eq!(slugify("区志强"), "ou-zhi-qiang");
        assert_eq!(slugify("尉迟恭"), "yu-chi-gong");
    }

    #[test]
    fn surname_only_for_short_all_han_text() {
        // Not a name: too long, or mixed with other characters.
        assert_eq!(
            slugify("单人病房管理制度"),
            "dan-ren-bing-fang-guan-li-zhi-du"
        );
        assert_eq!(slugify("曾 经"), "ceng-jing");
        // Words that begin with a surname character are phrases, not names.
        assert_eq!(slugify("单位"), "dan-wei");
        assert_eq!(slugify("解剖"), "jie-pou");
        assert_eq!(slugify("查房"), "cha-fang");
    }

    #[test]
    fn phrases_beat_character_defaults() {
        assert_eq!(slugify("重庆"), "chong-qing");
        assert_eq!(slugify("重阳节"), "chong-yang-jie");
        assert_eq!(slugify("重新出发"), "chong-xin-chu-fa");
        assert_eq!(slugify("副院长"), "fu-yuan-zhang");
        assert_eq!(slugify("护士长风采"), "hu-shi-zhang-feng-cai");
        assert_eq!(slugify("中国银行"), "zhong-guo-yin-hang");
        assert_eq!(slugify("医疗行业"), "yi-liao-hang-ye");
        assert_eq!(slugify("音乐会"), "yin-yue-hui");
        assert_eq!(slugify("西藏自治区"), "xi-zang-zi-zhi-qu");
        assert_eq!(slugify("援藏医疗队"), "yuan-zang-yi-liao-dui");
        assert_eq!(slugify("会计科"), "kuai-ji-ke");
        assert_eq!(slugify("便宜"), "pian-yi");
        assert_eq!(slugify("满意度调查"), "man-yi-du-diao-cha");
        assert_eq!(slugify("膀胱"), "pang-guang");
        assert_eq!(slugify("心肌梗塞"), "xin-ji-geng-se");
        assert_eq!(slugify("颈椎病"), "jing-zhui-bing");
    }

    #[test]
    fn phrase_readings_are_well_formed() {
        for &(phrase, reading) in super::PHRASES {
            let syllables = reading.split('-').count();
            assert_eq!(phrase.chars().count(), syllables, "{phrase}");
            assert!(
                reading.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{phrase}"
            );
        }
    }
}
