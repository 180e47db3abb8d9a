//! The material an office holds (CONTENT-MODEL §8): Word drafts and saved
//! WeChat articles imported as draft pages, phone photos published upright,
//! ledgers headed the way branches head them. Each test runs the real
//! binary on a fixture site and looks at what the officer sees: the
//! command's words, the files written, the built page.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Site, SITE_YAML};

fn import_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The one page bundle an import wrote under `content/<section>/`.
fn imported_bundle(site: &Site, section: &str) -> PathBuf {
    let folder = site.path(&format!("content/{section}"));
    let mut bundles: Vec<PathBuf> = fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("index.md").is_file())
        .collect();
    assert_eq!(bundles.len(), 1, "{bundles:?}");
    bundles.pop().unwrap()
}

/// The built HTML of the one page under `output/<section>/`.
fn built_page(site: &Site, bundle: &Path, section: &str) -> String {
    let slug = bundle.file_name().unwrap().to_string_lossy().into_owned();
    site.read(&format!("output/{section}/{slug}/index.html"))
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn a_python_docx_draft_imports_and_builds_with_its_structure_and_pictures() {
    let site = Site::new();
    let file = import_fixture("python-docx.docx");
    let run = site.run(&["import", file.to_str().unwrap()]);
    run.ok();
    let bundle = imported_bundle(&site, "news");
    let shown = format!(
        "已导入为草稿：content/news/{}/index.md（图片 2 张，放在它旁边）",
        bundle.file_name().unwrap().to_string_lossy()
    );
    assert!(run.stdout.starts_with(&shown), "{}", run.stdout);
    assert!(
        run.stdout.contains("把 date 改成文章或活动的日期"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("把 draft: true 改成 draft: false"),
        "{}",
        run.stdout
    );

    let text = fs::read_to_string(bundle.join("index.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"急诊科党支部开展义诊活动\""),
        "{text}"
    );
    assert!(text.contains("\ndraft: true"), "{text}");
    // Headings, runs, lists, a merged table and both pictures, in order.
    for expected in [
        "\n## 急诊科党支部开展“120救在身边”义诊活动\n",
        "**急诊科党支部**",
        "<u>支部书记王建国</u>",
        "<span style=\"background-color: #ffff00\">免费测量血压、血糖</span>",
        // Word's pure red, darkened until it reads on white (4.5:1).
        "\">心肺复苏（CPR）</span>",
        "<span style=\"color: #",
        "\n### 活动内容\n\n- 测量血压、血糖，解读体检报告\n",
        "\n1. 每月开展一次社区义诊\n",
        "<td colspan=\"2\">服务项目及人次</td>",
        "<td rowspan=\"2\">护士长张丽华</td>",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let first = text.find("](图1.png)").expect("first picture");
    let second = text.find("](图2.jpg)").expect("second picture");
    assert!(first < text.find("活动内容").unwrap() && second > text.find("下一步").unwrap());
    assert!(!text.contains("\n\n\n"), "no empty paragraphs: {text}");
    for picture in ["图1.png", "图2.jpg"] {
        let bytes = fs::read(bundle.join(picture)).unwrap();
        image::load_from_memory(&bytes).expect(picture);
    }

    // Left out of a normal build, built with --drafts.
    site.build(&[]).ok();
    let slug = bundle.file_name().unwrap().to_string_lossy().into_owned();
    assert!(!site.exists(&format!("output/news/{slug}/index.html")));
    site.build(&["--drafts"]).ok();
    let page = built_page(&site, &bundle, "news");
    assert_eq!(count(&page, "srcset="), 2, "both pictures get web versions");
    assert!(
        page.contains("colspan=\"2\"") && page.contains("rowspan=\"2\""),
        "{page}"
    );
    assert!(page.contains("<strong>急诊科党支部</strong>"), "{page}");
    assert!(page.contains("<ol>") && page.contains("<ul>"), "{page}");
}

#[test]
fn a_libreoffice_draft_keeps_its_numbering_and_footnote() {
    let site = Site::new();
    let file = import_fixture("libreoffice.docx");
    site.run(&["import", file.to_str().unwrap(), "--section", "volunteer"])
        .ok();
    let bundle = imported_bundle(&site, "volunteer");
    let text = fs::read_to_string(bundle.join("index.md")).unwrap();
    assert!(
        text.contains("title: \"急诊科党支部开展“120救在身边”志愿服务活动\""),
        "{text}"
    );
    // The volunteer scaffold: its required branch is left to fill in.
    assert!(text.contains("\nbranch:"), "{text}");
    assert!(
        text.contains("[^1]: “120救在身边”是我院2023年启动的急救知识普及品牌项目。"),
        "{text}"
    );
    assert!(text.contains("\n1. 走进社区开展急救培训\n"), "{text}");
    assert!(
        text.contains("\n   1. 中小学生急救课堂\n"),
        "nested numbering: {text}"
    );
    assert!(text.contains("\n- 心肺复苏（CPR）现场教学\n"), "{text}");
}

#[test]
fn documents_that_cannot_be_imported_say_what_to_do_and_write_nothing() {
    let site = Site::new();
    let before = site.snapshot("");
    let cases = [
        (
            "old-word.doc",
            "这是旧版 Word 文档（.doc），无法导入：请在 Word 或 WPS 里打开它，选“文件 → 另存为”",
        ),
        ("wps.wps", "这是 WPS 文字文档（.wps），无法导入"),
        ("encrypted.docx", "这个文档设置了打开密码，无法导入"),
        ("damaged.docx", "文档已损坏，无法读取"),
        ("not-really.docx", "这个文件不是 Word 文档（.docx）"),
    ];
    for (name, message) in cases {
        let file = import_fixture(name);
        let run = site.run(&["import", file.to_str().unwrap()]);
        run.expect(1);
        let line = format!("错误：{}：{message}", file.display());
        assert!(run.stderr.starts_with(&line), "{name}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{name}");
    }
    common::assert_same_tree(&before, &site.snapshot(""));
}

#[test]
fn importing_twice_never_overwrites() {
    let site = Site::new();
    let file = import_fixture("python-docx.docx");
    site.run(&["import", file.to_str().unwrap()]).ok();
    let bundle = imported_bundle(&site, "news");
    fs::write(bundle.join("index.md"), "edited by hand").unwrap();
    let run = site.run(&["import", file.to_str().unwrap()]);
    run.expect(1);
    assert!(
        run.stderr
            .contains("已经存在（可能已经导入过）：没有覆盖它"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(bundle.join("index.md")).unwrap(),
        "edited by hand"
    );
    let run = site.run(&["import", file.to_str().unwrap(), "--section", "nwes"]);
    run.expect(1);
    assert!(run.stderr.contains("没有叫“nwes”的栏目"), "{}", run.stderr);
}

fn site_with(yaml_extra: &str) -> Site {
    Site::empty().file("site.yaml", format!("{SITE_YAML}{yaml_extra}"))
}

#[test]
fn a_branch_s_own_ledger_headers_give_the_right_totals() {
    let site = site_with("")
        .file(
            "content/branches/jizhen.md",
            "---\ntitle: 急诊品牌\nbranch: 急诊科党支部\n---\n",
        )
        .file(
            "data/volunteer/台账.csv",
            "序号,活动日期,活动主题,所属支部,参与人数,服务人次,时长（小时）\n\
             1,2024年3月5日,社区义诊,急诊科党支部,12,150,36\n\
             2,2024/4/1,健康讲座,急诊科党支部,8,60,2.5\n",
        );
    site.build(&[]).ok();
    let text = common::visible_text(&site.read("output/volunteer/index.html"));
    for figure in ["20", "210", "38.5"] {
        assert!(text.contains(figure), "{figure} in {text}");
    }
}

#[test]
fn an_unknown_column_of_figures_stops_the_build_at_its_cell() {
    let site = site_with("")
        .file(
            "content/branches/jizhen.md",
            "---\ntitle: 急诊品牌\nbranch: 急诊科党支部\n---\n",
        )
        .file(
            "data/volunteer/台账.csv",
            "日期,活动名称,支部,慰问人数\n2024-03-05,义诊,急诊科党支部,30\n",
        );
    let run = site.build(&[]);
    run.expect(1);
    run.stderr_has_line_starting(
        "data/volunteer/台账.csv:D1: 表头“慰问人数”看起来是人数或时长，但网站不认识这一列，它的数字不会计入合计",
    );
}

#[test]
fn front_matter_dates_accept_what_ledgers_accept() {
    let site = site_with("")
        .file(
            "content/branches/jizhen.md",
            "---\ntitle: 急诊品牌\nbranch: 急诊科党支部\nfounded: 2019年7月\n---\n",
        )
        .file(
            "content/news/a.md",
            "---\ntitle: 表彰\ndate: 2024年3月5日\n---\n正文\n",
        )
        .file(
            "content/news/b.md",
            "---\ntitle: 讲座\ndate: 2024/3/6\n---\n正文\n",
        )
        .file(
            "content/news/c.md",
            "---\ntitle: 坏\ndate: 3月5日\n---\n正文\n",
        );
    let run = site.build(&[]);
    run.expect(1);
    let line = run.stderr_line("content/news/c.md:3:");
    assert!(
        line.ends_with("date 不是有效的日期：“3月5日”。可以这样写：2024-03-05、2024/3/5、2024年3月5日 或 2024-03-05 09:30"),
        "{line}"
    );
    assert_eq!(
        run.stderr.matches("不是有效的日期").count(),
        1,
        "{}",
        run.stderr
    );
}

/// Real files from registry packages (`tools/fetch-test-material.sh`, which
/// `.ci/run` runs first): a folder of them, or `None` outside CI when they
/// have not been fetched (CI fails instead).
fn real_material(kind: &str) -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-material")
        .join(kind);
    let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e != "txt"))
            .collect(),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!(
                "skipped: run tools/fetch-test-material.sh for {}",
                dir.display()
            );
            return None;
        }
        Err(e) => panic!("{}: {e} (tools/fetch-test-material.sh)", dir.display()),
    };
    files.sort();
    assert!(!files.is_empty(), "{}", dir.display());
    Some(files)
}

#[test]
fn drafts_written_by_word_itself_import_and_build() {
    let Some(files) = real_material("docx") else {
        return;
    };
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let site = Site::new();
        let run = site.run(&["import", file.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
        let bundle = imported_bundle(&site, "news");
        let text = fs::read_to_string(bundle.join("index.md")).unwrap();
        let build = site.build(&["--drafts"]);
        assert_eq!(build.code, 0, "{name}: {}\n{text}", build.stderr);
        let page = built_page(&site, &bundle, "news");
        match name.as_str() {
            "word2016-merged-cells.docx" => {
                assert!(text.contains("<td colspan=\"2\">0-12</td>"), "{text}");
                assert!(text.contains("<td rowspan=\"2\">12-0</td>"), "{text}");
                assert!(
                    text.contains("<td colspan=\"3\" rowspan=\"2\">34-123</td>"),
                    "{text}"
                );
            }
            "word2010-footnotes.docx" => {
                assert!(text.contains("Ouch[^1].[^2]"), "{text}");
                assert!(text.contains("[^2]: Fin."), "{text}");
                assert!(page.contains("footnote-definition"), "{page}");
            }
            "word2016-comments-replies.docx" | "word2016-comments-table-picture.docx" => {
                for comment in ["COMMENT", "RESPONSE", "Comment 1"] {
                    assert!(!text.contains(comment), "{name}: comment kept: {text}");
                }
            }
            "word2010-simple-list.docx" => assert!(text.contains("- Apple\n- Banana"), "{text}"),
            "word2010-tiny-picture.docx" => {
                assert!(run.stdout.contains("（图片 1 张"), "{}", run.stdout);
                assert!(!run.stdout.contains("已去掉"), "{}", run.stdout);
                assert_eq!(count(&page, "srcset="), 1);
            }
            "word2016-footnotes-endnotes-lists-table-pictures.docx" => {
                for expected in [
                    "First footnote",
                    "Second endnote",
                    "## Heading 1",
                    "10 &lt; 20 and 20 &gt; 10",
                ] {
                    assert!(text.contains(expected), "{expected}: {text}");
                }
            }
            _ => {}
        }
    }
}

/// A picture's mean difference per channel from another, both scaled to
/// 96 pixels wide.
fn mean_difference(a: &image::DynamicImage, b: &image::DynamicImage) -> f64 {
    let small = |p: &image::DynamicImage| {
        let h = (96 * p.height() / p.width()).max(1);
        p.resize_exact(96, h, image::imageops::FilterType::Triangle)
            .to_rgb8()
    };
    let (a, b) = (small(a), small(b));
    assert_eq!(a.dimensions(), b.dimensions());
    let total: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    total as f64 / a.as_raw().len() as f64
}

#[test]
fn phone_heic_photos_publish_upright_like_libheif_shows_them() {
    let Some(files) = real_material("heic") else {
        return;
    };
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let site = Site::new().file(
            "content/news/a/index.md",
            format!("---\ntitle: 照片\ndate: 2024-05-01\n---\n![现场]({name})\n"),
        );
        fs::copy(&file, site.path(&format!("content/news/a/{name}"))).unwrap();
        let run = site.build(&[]);
        if name.starts_with("galaxys24ultra-200mp") {
            // 200 million pixels: over the guard against picture bombs.
            run.expect(1);
            assert!(run.stderr.contains("图片尺寸过大"), "{}", run.stderr);
            continue;
        }
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let page = site.read("output/news/a/index.html");
        let web = page
            .split("src=\"/_img/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{name}: {page}"));
        assert!(web.ends_with(".jpg"), "{name}: {web}");
        let ours = image::open(site.path(&format!("output/_img/{web}"))).unwrap();
        // libheif (Debian's heif-convert) applies the same rotation and mirror.
        let reference = tempfile::tempdir().unwrap();
        // JPEG: writing a 33-megapixel 10-bit camera picture as PNG takes
        // libheif half a minute.
        let png = reference.path().join("ref.jpg");
        let converted = std::process::Command::new("heif-convert")
            .arg(&file)
            .arg(&png)
            .output();
        if !converted.is_ok_and(|o| o.status.success()) {
            assert!(
                std::env::var_os("CI").is_none(),
                "heif-convert failed for {name}"
            );
            continue;
        }
        // A file of several pictures (a stereo pair, an edit) gives each
        // its own file; the first is the primary picture.
        let first = reference.path().join("ref-1.jpg");
        let theirs = image::open(if png.exists() { &png } else { &first }).unwrap();
        let expected_height =
            f64::from(ours.width()) * f64::from(theirs.height()) / f64::from(theirs.width());
        assert!(
            (expected_height - f64::from(ours.height())).abs() <= 1.0,
            "{name}: {}×{}, not the shape of libheif's {}×{}",
            ours.width(),
            ours.height(),
            theirs.width(),
            theirs.height()
        );
        let difference = mean_difference(&ours, &theirs);
        eprintln!("{name}: mean difference from libheif {difference:.1}");
        assert!(
            difference < 10.0,
            "{name}: {difference:.1} from libheif's picture"
        );
    }
}

#[test]
fn phone_and_camera_jpegs_publish_upright() {
    let Some(files) = real_material("jpeg") else {
        return;
    };
    let mut site = Site::new();
    let mut body = String::new();
    // Pillow's Ultra HDR sample keeps its headers but not its picture data:
    // a file cut short, which must be said, not published half grey.
    let (cut, files): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| f.ends_with("pixel6-ultrahdr.jpg"));
    assert_eq!(cut.len(), 1);
    let lone = Site::new().file(
        "content/news/b/index.md",
        "---\ntitle: 照片\ndate: 2024-05-01\n---\n![超感光](pixel6-ultrahdr.jpg)\n",
    );
    fs::copy(&cut[0], lone.path("content/news/b/pixel6-ultrahdr.jpg")).unwrap();
    let run = lone.build(&[]);
    run.expect(1);
    run.stderr_has_line_starting(
        "content/news/b/index.md:5: 图片文件不完整（可能没有复制完或下载完）",
    );
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        fs::create_dir_all(site.path("content/news/a")).unwrap();
        fs::copy(file, site.path(&format!("content/news/a/{name}"))).unwrap();
        body.push_str(&format!("![{name}]({name})\n\n"));
    }
    site = site.file(
        "content/news/a/index.md",
        format!("---\ntitle: 照片\ndate: 2024-05-01\n---\n{body}"),
    );
    site.build(&[]).ok();
    let page = site.read("output/news/a/index.html");
    // Each photo's largest web version, by the alt text it was given.
    let web = |name: &str| {
        let tag = page
            .split("<img ")
            .find(|t| t.contains(&format!("alt=\"{name}\"")))
            .unwrap_or_else(|| panic!("{name}: {page}"));
        let src = tag
            .split("src=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        image::open(site.path(&format!("output{src}"))).unwrap()
    };
    let upright = web("hopper.jpg");
    for n in 2..=8 {
        let name = format!("hopper_orientation_{n}.jpg");
        let difference = mean_difference(&web(&name), &upright);
        assert!(
            difference < 6.0,
            "{name}: {difference:.1} from the upright picture"
        );
    }
    let redmi = web("xiaomi-redminote9s-orient6.jpg");
    assert_eq!((redmi.width(), redmi.height()), (10, 10));
    // Photoshop's inverted YCCK publishes (its colours are checked pixel
    // by pixel on tests/fixtures/photos/cmyk.jpg, in src/images).
    let cmyk = web("photoshop-cmyk-ycck.jpg");
    assert_eq!((cmyk.width(), cmyk.height()), (100, 100));
}

#[test]
fn a_site_that_shows_html_as_text_gets_an_import_without_any() {
    let site = site_with("markdown:\n  html: escape\n");
    let file = import_fixture("python-docx.docx");
    site.run(&["import", file.to_str().unwrap()]).ok();
    let bundle = imported_bundle(&site, "news");
    let text = fs::read_to_string(bundle.join("index.md")).unwrap();
    for tag in ["<span", "<u>", "<table", "<td"] {
        assert!(!text.contains(tag), "{tag} in\n{text}");
    }
    assert!(text.contains("| 服务项目及人次 |  | 负责人 |"), "{text}");
    site.build(&["--drafts"]).ok();
    let page = common::visible_text(&built_page(&site, &bundle, "news"));
    assert!(!page.contains("<span") && !page.contains("&lt;"), "{page}");
}

#[test]
fn pasted_html_photos_are_body_photos_and_the_page_describes_itself_on_one_line() {
    let site = site_with("").file("content/news/a/现场.png", common::png(1200, 800)).file(
        "content/news/a/index.md",
        "---\ntitle: 义诊\ndate: 2024-03-05\n---\n<section><p>第一段，\n写在两行。</p>\n<p><img src=\"现场.png\" alt=\"义诊现场\"></p><p>第二段</p></section>\n\n![义诊](现场.png)\n",
    );
    let run = site.build(&[]);
    run.ok();
    // Every photo published is counted, the pasted one and the Markdown one
    // (one original, so once).
    assert!(run.stdout.contains("图片 1 张"), "{}", run.stdout);
    let page = site.read("output/news/a/index.html");
    let pasted = page
        .split("<img ")
        .find(|t| t.contains("alt=\"义诊现场\""))
        .unwrap_or_else(|| panic!("{page}"));
    for attribute in [
        "srcset=\"/_img/",
        "width=\"960\"",
        "height=\"640\"",
        "loading=\"lazy\"",
    ] {
        assert!(pasted.contains(attribute), "{attribute} in <img {pasted}");
    }
    let description = page
        .split("<meta name=\"description\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert!(!description.contains('\n'), "{description:?}");
    assert!(
        description.starts_with("第一段，写在两行。 第二段"),
        "{description:?}"
    );
}

#[test]
fn a_package_s_files_are_dated_when_it_was_made() {
    let site = site_with("").file("content/about.md", "---\ntitle: 关于\n---\n正文\n");
    site.run(&["package", "--output", "site.zip"]).ok();
    let bytes = fs::read(site.path("site.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let today = chrono::Local::now().naive_local().date();
    for i in 0..zip.len() {
        let file = zip.by_index(i).unwrap();
        let when = file.last_modified().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(
            i32::from(when.year()),
            u32::from(when.month()),
            u32::from(when.day()),
        )
        .unwrap();
        // Around midnight the package may have been made yesterday.
        assert!(
            (today - day).num_days().abs() <= 1,
            "{:?} dated {day}",
            file.name()
        );
    }
}
