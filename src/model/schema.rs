//! What each front-matter field is, for forms (the workbench, CONTENT-MODEL
//! §9.1): its Chinese name as `pinpai new` writes it, a line of help, its
//! type, and whether it is required. The workbench builds its forms from
//! this table alone, so a field added here appears in the form with no
//! change to the front end; a test keeps the table, the kinds' field lists
//! and the scaffolds `pinpai new` writes in step.

use serde::Serialize;

use super::Kind;

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// One line of text.
    Text,
    /// A few sentences (a summary).
    LongText,
    /// A date, as `2024-03-05` (a date picker); a time may follow.
    Date,
    /// A whole number not below 0 (people).
    Count,
    /// A number not below 0 with decimals (hours).
    Amount,
    /// A number ordering pages.
    Order,
    Bool,
    /// A picture beside the page or under `/images/…`.
    Image,
    /// Several pictures.
    Images,
    /// Words that group pages (标签).
    Tags,
    /// Names of people without a page of their own.
    Names,
    /// One brand of the site (a picker of its 支部品牌).
    Branch,
    /// One brand or several.
    Branches,
    /// Members of the site (a picker of its 先锋风采).
    Members,
    /// Year and title of each honour.
    Honors,
    /// The URL name (letters, digits, `-`).
    Slug,
}

/// One field of a kind's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    pub key: &'static str,
    /// Its Chinese name: the form's label.
    pub label: &'static str,
    /// One line under the field.
    pub help: &'static str,
    #[serde(rename = "type")]
    pub ty: FieldType,
    pub required: bool,
}

const fn field(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    ty: FieldType,
    required: bool,
) -> FieldSpec {
    FieldSpec {
        key,
        label,
        help,
        ty,
        required,
    }
}

use FieldType as T;

const TITLE: FieldSpec = field("title", "标题", "页面的标题", T::Text, true);
const DATE: FieldSpec = field(
    "date",
    "日期",
    "例如 2024-03-05；要写时间就写 2024-03-05 09:30",
    T::Date,
    false,
);
const SUMMARY: FieldSpec = field(
    "summary",
    "一句话介绍",
    "列表和搜索结果里显示；不写则取正文开头",
    T::LongText,
    false,
);
const TAGS: FieldSpec = field("tags", "标签", "例如 急救、志愿服务", T::Tags, false);
const COVER: FieldSpec = field("cover", "封面图片", "列表里显示的图片", T::Image, false);
const WEIGHT: FieldSpec = field(
    "weight",
    "排序",
    "数字小的排在前面；不写则按日期或标题",
    T::Order,
    false,
);
const AUTHOR: FieldSpec = field("author", "作者", "文章的作者或供稿人", T::Text, false);
const SLUG: FieldSpec = field(
    "slug",
    "网址名",
    "只用字母、数字和 -；不写则由标题生成",
    T::Slug,
    false,
);
const DRAFT: FieldSpec = field(
    "draft",
    "草稿",
    "草稿不发布；写好后取消勾选才会发布",
    T::Bool,
    false,
);
const FEATURED: FieldSpec = field(
    "featured",
    "首页展示",
    "打勾后这一页也出现在网站首页上",
    T::Bool,
    false,
);
const HONORS: FieldSpec = field(
    "honors",
    "荣誉",
    "支部或个人获得的表彰，页面上按年份列出",
    T::Honors,
    false,
);

const BRANCH_FIELDS: &[FieldSpec] = &[
    field("branch", "党支部名称", "例如 急诊科党支部", T::Text, true),
    field("department", "科室", "例如 急诊科", T::Text, false),
    field("secretary", "支部书记", "", T::Text, false),
    field("slogan", "品牌口号", "", T::Text, false),
    field("method", "工作方法", "例如 一二三工作法", T::Text, false),
    field("founded", "品牌创建时间", "例如 2021-07-01", T::Date, false),
    field("logo", "品牌标识", "品牌的标识图片", T::Image, false),
    FEATURED,
    HONORS,
];

const MEMBER_FIELDS: &[FieldSpec] = &[
    field("name", "姓名", "", T::Text, true),
    field(
        "branch",
        "所属支部",
        "所在党支部的支部品牌",
        T::Branch,
        true,
    ),
    field(
        "position",
        "职务",
        "例如 神经内科副主任医师",
        T::Text,
        false,
    ),
    field("photo", "照片", "竖版（3:4）的人物照片", T::Image, false),
    FEATURED,
    HONORS,
];

const VOLUNTEER_FIELDS: &[FieldSpec] = &[
    field(
        "branch",
        "组织支部",
        "组织活动的支部品牌，可以选多个",
        T::Branches,
        true,
    ),
    field(
        "members",
        "先锋人物",
        "参加活动的先锋风采人物",
        T::Members,
        false,
    ),
    field(
        "participants",
        "其他参加人员",
        "没有先锋风采页面的参加者姓名",
        T::Names,
        false,
    ),
    field("location", "地点", "", T::Text, false),
    field(
        "volunteers",
        "志愿者人次",
        "参与的志愿者人次",
        T::Count,
        false,
    ),
    field(
        "hours",
        "服务时长",
        "服务总时长（小时，可以有小数）",
        T::Amount,
        false,
    ),
    field("served", "服务群众人次", "", T::Count, false),
    field("photos", "活动照片", "", T::Images, false),
];

/// The form of a page of `kind` in `section`: the common fields around the
/// kind's own, in the order `pinpai new` writes them.
pub fn form(kind: Kind, section: &str) -> Vec<FieldSpec> {
    let own = match kind {
        Kind::Branch => BRANCH_FIELDS,
        Kind::Member => MEMBER_FIELDS,
        Kind::Volunteer => VOLUNTEER_FIELDS,
        Kind::Page => &[],
    };
    let mut fields = vec![TITLE];
    if kind != Kind::Branch && kind != Kind::Member {
        fields.push(FieldSpec {
            required: kind.date_required(section),
            ..DATE
        });
    }
    fields.extend_from_slice(own);
    fields.extend([TAGS, SUMMARY, COVER, WEIGHT, AUTHOR, SLUG, DRAFT]);
    fields
}

/// The form of a section or home intro (`_index.md`).
pub fn intro_form() -> Vec<FieldSpec> {
    vec![
        FieldSpec {
            help:
                "栏目的名称，显示在栏目页顶上（首页介绍的标题只用在工作台里）；不写则用默认的名称",
            required: false,
            ..TITLE
        },
        FieldSpec {
            help: "栏目页开头加粗显示的一句话，也是搜索引擎看到的说明；首页介绍不显示它",
            ..SUMMARY
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::COMMON_FIELDS;

    /// Keys of the fields `pinpai new` writes for `kind`, commented out or not.
    fn scaffold_keys(kind: Kind) -> Vec<String> {
        let text = kind.info().scaffold;
        let front = text.split("---").nth(1).unwrap();
        front
            .lines()
            .map(|l| l.trim_start_matches("# "))
            .filter(|l| !l.starts_with([' ', '-', '#']))
            .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim().to_string()))
            .filter(|k| !k.is_empty() && !k.contains(' '))
            .collect()
    }

    #[test]
    fn every_field_of_every_kind_has_a_form_field_and_nothing_else_does() {
        for kind in Kind::ALL {
            let section = kind.info().section.unwrap_or("news");
            let form: Vec<&str> = form(kind, section).iter().map(|f| f.key).collect();
            let known: Vec<&str> = COMMON_FIELDS
                .iter()
                .chain(kind.info().fields)
                .copied()
                .filter(|k| !["extra", "review"].contains(k))
                .collect();
            for key in &known {
                // Brands and members are not dated (`date` is not theirs).
                let undated = *key == "date" && matches!(kind, Kind::Branch | Kind::Member);
                assert!(
                    undated || form.contains(key),
                    "{kind:?}: {key} has no form field"
                );
            }
            for key in &form {
                assert!(
                    known.contains(key),
                    "{kind:?}: form field {key} is not a field"
                );
            }
            for key in scaffold_keys(kind) {
                assert!(
                    form.contains(&key.as_str()),
                    "{kind:?}: pinpai new writes {key}, the form lacks it"
                );
            }
        }
    }

    #[test]
    fn required_fields_are_the_ones_the_build_requires() {
        let keys = |kind, section| -> Vec<&str> {
            form(kind, section)
                .iter()
                .filter(|f| f.required)
                .map(|f| f.key)
                .collect()
        };
        assert_eq!(keys(Kind::Branch, "branches"), ["title", "branch"]);
        assert_eq!(keys(Kind::Member, "members"), ["title", "name", "branch"]);
        assert_eq!(
            keys(Kind::Volunteer, "volunteer"),
            ["title", "date", "branch"]
        );
        assert_eq!(keys(Kind::Page, "news"), ["title", "date"]);
        assert_eq!(keys(Kind::Page, "about"), ["title"]);
    }
}
