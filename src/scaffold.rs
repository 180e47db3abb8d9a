//! `pinpai init` and `pinpai new`: files a user starts from.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::slug::slugify;

/// The example site of this repository, so `init` works anywhere.
static EXAMPLE_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EXAMPLE_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");
const EXAMPLE_CONFIG: &str = include_str!("../site.yaml");

/// Writes a new site into `dir`. Refuses a folder that already holds a site
/// or any of the files it would write.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.join("site.yaml").exists() || dir.join("content").exists() {
        return Err(format!(
            "{} 里已经有网站（site.yaml 或 content/），pinpai init 不会覆盖。请换一个空文件夹",
            dir.display()
        ));
    }
    let mut written = Vec::new();
    let write = |path: PathBuf, bytes: &[u8], written: &mut Vec<PathBuf>| -> Result<(), String> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("无法创建文件夹 {}：{e}", parent.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
        written.push(path);
        Ok(())
    };
    write(
        dir.join("site.yaml"),
        EXAMPLE_CONFIG.as_bytes(),
        &mut written,
    )?;
    for (base, tree) in [("content", &EXAMPLE_CONTENT), ("static", &EXAMPLE_STATIC)] {
        let mut files = Vec::new();
        collect(tree, &mut files);
        for file in files {
            write(
                dir.join(base).join(file.path()),
                file.contents(),
                &mut written,
            )?;
        }
    }
    Ok(written)
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// 支部品牌
    Branch,
    /// 先锋风采
    Member,
    /// 志愿服务记录
    Volunteer,
    /// 独立页面（如“关于本站”）
    Page,
}

/// Writes a new content file with every field of its kind; returns its path.
pub fn new_page(root: &Path, kind: NewKind, title: &str, today: &str) -> Result<PathBuf, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("标题不能为空".into());
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!("无法从“{title}”生成文件名，请换一个标题"));
    }
    let folder = match kind {
        NewKind::Branch => "content/branches",
        NewKind::Member => "content/members",
        NewKind::Volunteer => "content/volunteer",
        NewKind::Page => "content",
    };
    let path = root.join(folder).join(format!("{slug}.md"));
    if path.exists() {
        return Err(format!(
            "{folder}/{slug}.md 已经存在，pinpai 不会覆盖它。请换一个标题，或直接编辑这个文件"
        ));
    }
    let quoted = yaml_quote(title);
    let text = match kind {
        NewKind::Branch => format!(
            "---\n\
title: {quoted}            # 品牌名称，例如 120救(就)在身边\n\
branch: \"\"                 # 必填：党支部名称，例如 急诊科党支部\n\
department: \"\"             # 科室，例如 急诊科\n\
secretary: \"\"              # 支部书记\n\
slogan: \"\"                 # 品牌口号\n\
method: \"\"                 # 工作方法，例如 一二三工作法\n\
founded: {today}         # 品牌创建时间\n\
logo: \"\"                   # 品牌标识图片：与本文件同一文件夹的图片名，或 /images/… （放在 static/ 里）\n\
featured: false            # true：在首页品牌墙展示\n\
weight: 0                  # 排序，数字小的在前\n\
honors:                    # 荣誉，每项写年份和名称\n\
  # - year: 2024\n\
  #   title: 市级优秀党支部\n\
tags: []                   # 标签，例如 [急救, 志愿服务]\n\
summary: \"\"                # 一句话介绍（不写则取正文开头）\n\
draft: true                # 写好后改为 false 才会发布\n\
---\n\n\
## 品牌内涵\n\n在这里介绍品牌的由来和内涵。\n\n## 工作方法\n\n## 工作成效\n"
        ),
        NewKind::Member => format!(
            "---\n\
title: {quoted}            # 标题，例如 杜杰：把急救课堂搬进社区\n\
name: {quoted}             # 必填：姓名\n\
branch: \"\"                 # 必填：所属支部品牌（品牌网址名、党支部名称或品牌名称）\n\
position: \"\"               # 职务，例如 神经内科副主任医师\n\
photo: \"\"                  # 照片（竖版 3:4），例如 /images/members/du-jie.jpg\n\
featured: false            # true：在首页先锋风采展示\n\
weight: 0                  # 排序，数字小的在前\n\
honors:                    # 荣誉，每项写年份和名称\n\
  # - year: 2024\n\
  #   title: 优秀共产党员\n\
tags: []\n\
summary: \"\"                # 一句话介绍（不写则取正文开头）\n\
draft: true                # 写好后改为 false 才会发布\n\
---\n\n在这里写人物故事。\n"
        ),
        NewKind::Volunteer => format!(
            "---\n\
title: {quoted}            # 活动名称，例如 社区义诊进万家\n\
date: {today}            # 必填：活动日期，例如 2024-03-05 或 2024-03-05 09:30\n\
branch: \"\"                 # 必填：组织支部品牌；多个支部写成 [急诊科党支部, 眼科党支部]\n\
members: []                # 参加的先锋人物姓名，例如 [杜杰, 单雪梅]\n\
location: \"\"               # 地点\n\
volunteers: 0              # 参与志愿者人次\n\
hours: 0                   # 服务总时长（小时，可以有小数）\n\
served: 0                  # 服务群众人次\n\
photos: []                 # 活动照片，例如 [/images/volunteer/a.jpg]\n\
tags: [志愿服务]\n\
summary: \"\"\n\
draft: true                # 写好后改为 false 才会发布\n\
---\n\n在这里记录活动经过。\n"
        ),
        NewKind::Page => format!(
            "---\n\
title: {quoted}            # 页面标题\n\
date: {today}            # 日期（可删除）\n\
summary: \"\"\n\
tags: []\n\
draft: true                # 写好后改为 false 才会发布\n\
---\n\n在这里写正文。\n"
        ),
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("无法创建文件夹 {}：{e}", parent.display()))?;
    }
    fs::write(&path, text).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    Ok(path)
}

/// A YAML double-quoted string, safe for any title.
fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
