//! The hostile inputs, each with what it must end in. The fixture site
//! (tests/common) is the starting point: a case adds or spoils files.

use std::fs;
use std::os::unix::fs::symlink;

use super::common::{png, Site};
use super::{Bounded, Case, Expect};

const NEWS: &str = "content/news/2024-dangke.md";
const RECORD: &str = "content/volunteer/2024-yizhen.md";

fn page(title: &str, extra_fields: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2024-05-01\n{extra_fields}---\n{body}\n")
}

fn replace(site: &Site, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, text.replacen(from, to, 1));
}

/// A news page whose body shows `image`, and the image beside it.
fn news_with_image(site: &Site, name: &str, bytes: &[u8]) {
    site.write(
        "content/news/photo.md",
        page("图片新闻", "", &format!("活动现场：\n\n![现场]({name})\n")),
    );
    site.write(&format!("content/news/{name}"), bytes);
}

/// A real JPEG of `width`×`height`, written by the image crate's encoder.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 256) as u8])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

/// A small real PNG whose header claims `width`×`height` (CRC fixed up):
/// a decompression bomb's header, without the bomb.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(16, 16);
    // Signature (8), IHDR length (4), "IHDR" (4), then width and height.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// PNG's CRC-32 (ISO 3309), bit by bit: a few hundred bytes at most.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// `a: &a [...]`, `b: &b [*a, *a, …]`, nine levels deep: a billion `x`s
/// once expanded.
fn alias_bomb() -> String {
    let mut text = String::from("title: 炸弹\ndate: 2024-05-01\nextra:\n  a: &a [\"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, name) = (pair[0], pair[1]);
        let items = vec![format!("*{prev}"); 10].join(", ");
        text.push_str(&format!("  {name}: &{name} [{items}]\n"));
    }
    format!("---\n{text}---\n正文。\n")
}

fn check_no_output_outside(site: &Site, _: &Bounded) {
    assert!(
        !site.exists("output/etc"),
        "a file from outside the site was published"
    );
    for (path, html) in site.html_files() {
        assert!(!html.contains("root:x:0:0"), "{path} shows /etc/passwd");
    }
}

fn check_title_escaped(site: &Site, _: &Bounded) {
    for (path, html) in site.html_files() {
        assert!(!html.contains("<b>粗"), "{path} has the title's markup");
    }
}

/// Every case: name, setup, what it must end in, and an extra check.
pub fn cases() -> Vec<Case> {
    vec![
        // --- Size and depth
        Case {
            name: "markdown_of_20_mb",
            setup: |s| {
                let paragraph = "在第112个国际护士节到来之际，护理部党支部组织**18名**党员护士走进社区，开展[健康服务](@/members/杜杰.md)活动。\n\n";
                s.write(
                    NEWS,
                    page("长文", "", &paragraph.repeat(20_000_000 / paragraph.len())),
                );
            },
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "blockquotes_nested_100000_deep",
            setup: |s| {
                s.write(
                    NEWS,
                    page("引用", "", &format!("{}深处", ">".repeat(100_000))),
                )
            },
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "lists_nested_5000_deep",
            setup: |s| {
                let body: String = (0..5000)
                    .map(|i| format!("{}- 第{i}层\n", "  ".repeat(i)))
                    .collect();
                s.write(NEWS, page("列表", "", &body));
            },
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "emphasis_50000_stars",
            setup: |s| {
                s.write(
                    NEWS,
                    page(
                        "强调",
                        "",
                        &format!("{}中文{}", "*".repeat(50_000), "_".repeat(50_000)),
                    ),
                )
            },
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "pasted_html_nested_100000_divs",
            setup: |s| {
                s.write(
                    NEWS,
                    page(
                        "秀米",
                        "",
                        &format!(
                            "{}正文{}",
                            "<div>".repeat(100_000),
                            "</div>".repeat(100_000)
                        ),
                    ),
                )
            },
            expect: Expect::Fails("content/news/2024-dangke.md:5: 粘贴的 HTML 嵌套超过 256 层"),
            check: None,
        },
        Case {
            name: "yaml_nested_100000_deep",
            setup: |s| {
                s.write(
                    NEWS,
                    page(
                        "深",
                        &format!("extra: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000)),
                        "正文",
                    ),
                )
            },
            expect: Expect::Fails(
                "content/news/2024-dangke.md:4: 这里的 [ ] 或 { } 套了超过 64 层",
            ),
            check: None,
        },
        Case {
            name: "yaml_mappings_nested_2000_deep",
            setup: |s| {
                let nested: String = (0..2000)
                    .map(|i| format!("{}k{i}:\n", " ".repeat(i + 2)))
                    .collect();
                s.write(NEWS, page("深", &format!("extra:\n{nested}"), "正文"));
            },
            expect: Expect::Fails("content/news/2024-dangke.md:132: 这里的字段一层套一层"),
            check: None,
        },
        Case {
            name: "yaml_alias_bomb_in_front_matter",
            setup: |s| s.write(NEWS, alias_bomb()),
            expect: Expect::Fails(
                "content/news/2024-dangke.md:2: 这里用 & 和 * 引用的内容展开后太大了",
            ),
            check: None,
        },
        Case {
            name: "yaml_alias_bomb_in_site_yaml",
            setup: |s| {
                let bomb = alias_bomb()
                    .replace("---\n", "")
                    .replace("正文。\n", "")
                    .replace(
                        "title: 炸弹\ndate: 2024-05-01\n",
                        "title: 党建之窗\nhospital: 测试医院\n",
                    );
                s.write("site.yaml", bomb);
            },
            expect: Expect::Fails("site.yaml:1: 这里用 & 和 * 引用的内容展开后太大了"),
            check: None,
        },
        Case {
            name: "title_of_10000_characters",
            setup: |s| s.write(NEWS, page(&"党建引领".repeat(2500), "", "正文")),
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "tag_of_10000_characters",
            setup: |s| {
                s.write(
                    NEWS,
                    page(
                        "标签",
                        &format!("tags: [{}]\n", "志愿".repeat(5000)),
                        "正文",
                    ),
                )
            },
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "table_of_5000_columns",
            setup: |s| {
                let head = "|列".repeat(5000) + "|\n";
                let rule = "|-".repeat(5000) + "|\n";
                let row = "|12345".repeat(5000) + "|\n";
                s.write(
                    NEWS,
                    page("宽表", "", &format!("{head}{rule}{}", row.repeat(20))),
                );
            },
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "10000_footnotes_and_links",
            setup: |s| {
                let refs: String = (0..10_000)
                    .map(|i| format!("见[^{i}]与[链接{i}][l{i}]。"))
                    .collect();
                let defs: String = (0..10_000)
                    .map(|i| format!("[^{i}]: 注{i}\n[l{i}]: @/members/杜杰.md\n"))
                    .collect();
                s.write(NEWS, page("脚注", "", &format!("{refs}\n\n{defs}")));
            },
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "3000_pages_in_one_folder",
            setup: |s| {
                for i in 0..3000 {
                    s.write(
                        &format!("content/news/n{i}.md"),
                        page(&format!("通知{i}"), "", "正文"),
                    );
                }
            },
            expect: Expect::Builds,
            check: None,
        },
        // --- Files that are not what they claim
        Case {
            name: "binary_file_named_md",
            setup: |s| s.write("content/news/photo.md", jpeg(64, 48)),
            expect: Expect::Fails("content/news/photo.md:1: 这不是文字文件"),
            check: None,
        },
        Case {
            name: "binary_files_beside_pages",
            setup: |s| {
                s.write("content/news/录像.bin", vec![0u8, 159, 146, 150, 255, 0, 1]);
                s.write("content/news/~$党课.docx", vec![0u8; 162]);
            },
            expect: Expect::Warns(
                "content: 警告：这些文件没有被任何页面用到，不会发布：news/录像.bin",
            ),
            check: None,
        },
        Case {
            name: "nul_and_control_characters_in_the_body",
            setup: |s| {
                s.write(
                    NEWS,
                    page(
                        "控制字符",
                        "",
                        "正文\u{0}里有 NUL、退格\u{8}和转义\u{1b}[31m红字",
                    ),
                )
            },
            expect: Expect::Builds,
            check: Some(|s, _| {
                for feed in ["output/atom.xml", "output/sitemap.xml"] {
                    let text = s.read(feed);
                    assert!(
                        roxmltree::Document::parse(&text).is_ok(),
                        "{feed} is not XML"
                    );
                }
                let page = s.read("output/news/2024-dangke/index.html");
                assert!(!page.contains('\u{0}'), "NUL in the page");
            }),
        },
        Case {
            name: "control_characters_in_front_matter",
            setup: |s| s.write(NEWS, page("\"退格\u{8}与转义\u{1b}[31m\"", "", "正文")),
            expect: Expect::Builds,
            check: Some(|s, _| {
                let page = s.read("output/news/2024-dangke/index.html");
                assert!(
                    page.contains("退格与转义[31m"),
                    "title not kept without its controls"
                );
            }),
        },
        Case {
            name: "utf16_file_from_notepad",
            setup: |s| {
                let text = page("记事本", "", "正文");
                let mut bytes = vec![0xFF, 0xFE];
                bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                s.write(NEWS, bytes);
            },
            expect: Expect::Fails("content/news/2024-dangke.md:1: 文件是 UTF-16 编码"),
            check: None,
        },
        Case {
            name: "gbk_file",
            setup: |s| {
                let text = page("国标", "", "正文");
                let (bytes, _, _) = encoding_rs::GBK.encode(&text);
                s.write(NEWS, &bytes);
            },
            expect: Expect::Fails(
                "content/news/2024-dangke.md:2: 文件不是 UTF-8 编码（可能是 GBK）",
            ),
            check: None,
        },
        Case {
            name: "front_matter_a_list",
            setup: |s| s.write(NEWS, "---\n- 标题\n- 日期\n---\n正文\n"),
            expect: Expect::Fails("content/news/2024-dangke.md:2: 这里应当是“字段: 值”的列表"),
            check: None,
        },
        Case {
            name: "front_matter_never_closed",
            setup: |s| {
                s.write(
                    NEWS,
                    format!("---\ntitle: 没有结束\n{}", "正文\n".repeat(1000)),
                )
            },
            expect: Expect::Fails("content/news/2024-dangke.md:1: 文件开头的字段区没有结束"),
            check: None,
        },
        Case {
            name: "empty_site_yaml",
            setup: |s| s.write("site.yaml", ""),
            expect: Expect::Fails("site.yaml:1: 缺少必填字段 title"),
            check: None,
        },
        Case {
            name: "binary_site_yaml",
            setup: |s| s.write("site.yaml", png(8, 8)),
            expect: Expect::Fails("site.yaml:1: 这不是文字文件"),
            check: None,
        },
        Case {
            name: "content_is_a_file",
            setup: |s| {
                fs::remove_dir_all(s.path("content")).unwrap();
                s.write("content", "不是文件夹");
            },
            expect: Expect::Fails("content: 找不到 content 文件夹"),
            check: None,
        },
        // --- Names
        Case {
            name: "file_names_with_quotes_and_angle_brackets",
            setup: |s| {
                s.write(
                    "content/news/\"引号\"与'单引号'<b>.md",
                    page("引号", "", "正文"),
                );
                s.write("content/news/a&b.md", page("和号", "", "正文"));
            },
            expect: Expect::Builds,
            check: Some(|s, _| {
                for (path, html) in s.html_files() {
                    assert!(!html.contains("<b>.md") && !html.contains("'<b>"), "{path}");
                }
            }),
        },
        Case {
            name: "file_name_with_a_newline",
            setup: |s| s.write("content/news/第一行\n第二行.md", page("换行", "", "正文")),
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "file_names_with_dots",
            setup: |s| {
                s.write("content/news/...md", page("点", "", "正文"));
                s.write("content/news/a..b.md", page("两点", "", "正文"));
                s.write("content/..news/x.md", page("点开头的栏目", "", "正文"));
            },
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "slug_climbing_out_of_the_output",
            setup: |s| s.write(NEWS, page("越界", "slug: ../../../../etc\n", "正文")),
            expect: Expect::Builds,
            check: Some(|s, _| {
                assert!(!s.root().parent().unwrap().join("etc").exists());
                assert!(!s.exists("etc"), "written beside output");
            }),
        },
        Case {
            name: "slug_with_slashes_and_a_drive",
            setup: |s| s.write(NEWS, page("斜杠", "slug: 'C:\\Windows\\x/y'\n", "正文")),
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "file_name_of_250_bytes",
            setup: |s| {
                s.write(
                    &format!("content/news/{}.md", "长".repeat(82)),
                    page("长名", "", "正文"),
                )
            },
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "title_with_markup",
            setup: |s| {
                s.write(
                    NEWS,
                    page("\"<b>粗</b>&amp;<script>alert(1)</script>\"", "", "正文"),
                )
            },
            expect: Expect::Builds,
            check: Some(check_title_escaped),
        },
        // --- Links out of the site
        Case {
            name: "symlink_loop",
            setup: |s| symlink(s.path("content"), s.path("content/news/loop")).unwrap(),
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "symlink_to_a_system_file",
            setup: |s| symlink("/etc/passwd", s.path("content/news/passwd.md")).unwrap(),
            expect: Expect::Builds,
            check: Some(check_no_output_outside),
        },
        Case {
            name: "dangling_symlink",
            setup: |s| symlink(s.path("nowhere.md"), s.path("content/news/gone.md")).unwrap(),
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "image_path_climbing_out",
            setup: |s| {
                s.write(NEWS, page("越界图", "", "![x](../../../../../../etc/passwd)\n\n[下载](../../../../../../etc/passwd)"))
            },
            expect: Expect::Fails(
                "content/news/2024-dangke.md:5: 找不到图片 ../../../../../../etc/passwd",
            ),
            check: Some(check_no_output_outside),
        },
        Case {
            name: "cover_outside_the_site",
            setup: |s| {
                s.write(
                    NEWS,
                    page("封面", "cover: /../../../../etc/passwd\n", "正文"),
                )
            },
            expect: Expect::Fails(
                "content/news/2024-dangke.md:4: 找不到图片 /../../../../etc/passwd",
            ),
            check: Some(check_no_output_outside),
        },
        Case {
            name: "unreadable_file",
            setup: |s| {
                use std::os::unix::fs::PermissionsExt;
                s.write("content/news/unreadable.md", page("读不了", "", "正文"));
                let path = s.path("content/news/unreadable.md");
                fs::set_permissions(path, fs::Permissions::from_mode(0o000)).unwrap();
            },
            expect: Expect::Fails("content/news/unreadable.md: 无法读取：没有读取这个文件的权限"),
            check: None,
        },
        Case {
            name: "named_pipe_named_md",
            setup: |s| {
                let path = std::ffi::CString::new(s.path("content/news/pipe.md").to_str().unwrap())
                    .unwrap();
                // SAFETY: a valid path; mkfifo only reads it.
                assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
            },
            expect: Expect::Builds,
            check: None,
        },
        // --- Dates and numbers
        Case {
            name: "dates_out_of_range",
            setup: |s| {
                replace(s, RECORD, "date: 2024-03-05", "date: 99999-01-01");
                s.write(
                    "content/news/a.md",
                    "---\ntitle: 零\ndate: 0000-00-00\n---\n",
                );
                s.write(
                    "content/news/b.md",
                    "---\ntitle: 负\ndate: -5000-01-01\n---\n",
                );
                s.write(
                    "content/news/c.md",
                    "---\ntitle: 闰\ndate: 2023-02-29\n---\n",
                );
            },
            expect: Expect::Fails("content/volunteer/2024-yizhen.md:3: "),
            check: Some(|_, run| {
                for file in [
                    "content/news/a.md:3: ",
                    "content/news/b.md:3: ",
                    "content/news/c.md:3: ",
                ] {
                    assert!(run.stderr.lines().any(|l| l.starts_with(file)), "no {file}");
                }
            }),
        },
        Case {
            name: "numbers_that_overflow",
            setup: |s| {
                replace(
                    s,
                    RECORD,
                    "volunteers: 37",
                    "volunteers: 99999999999999999999999",
                );
                replace(s, RECORD, "hours: 12.5", "hours: 1e400");
                replace(s, RECORD, "served: 1234", "served: .nan");
            },
            expect: Expect::Fails(
                "content/volunteer/2024-yizhen.md:7: 数字 99999999999999999999999 太大了",
            ),
            check: None,
        },
        Case {
            name: "totals_that_overflow",
            setup: |s| {
                // Each below i64::MAX, which counts were once allowed up to;
                // three of them overflow any total.
                let big = "volunteers: 9223372036854775000";
                replace(s, RECORD, "volunteers: 37", big);
                replace(
                    s,
                    "content/volunteer/2023-shaicha.md",
                    "volunteers: 45",
                    big,
                );
                s.write(
                    "content/volunteer/2024-third.md",
                    format!("---\ntitle: 第三次\ndate: 2024-06-01\nbranch: jizhen-120\n{big}\n---\n正文\n"),
                );
            },
            expect: Expect::Fails(
                "content/volunteer/2024-yizhen.md:7: volunteers 的数字 9223372036854775000 太大了（上限 10 亿）",
            ),
            check: None,
        },
        Case {
            name: "weight_out_of_range",
            setup: |s| s.write(NEWS, page("权重", "weight: 9223372036854775808\n", "正文")),
            expect: Expect::Fails(
                "content/news/2024-dangke.md:4: weight 的数字 9223372036854775808 太大了",
            ),
            check: None,
        },
        Case {
            name: "infinite_hours",
            setup: |s| replace(s, RECORD, "hours: 12.5", "hours: .inf"),
            expect: Expect::Fails(
                "content/volunteer/2024-yizhen.md:8: hours 应当是不小于 0 的数字，这里写的是 .inf",
            ),
            check: None,
        },
        // --- Images
        Case {
            name: "png_claiming_60000_by_60000",
            setup: |s| news_with_image(s, "bomb.png", &png_claiming(60_000, 60_000)),
            expect: Expect::Fails("content/news/photo.md:7: 图片尺寸过大（60000×60000 像素"),
            check: None,
        },
        Case {
            name: "logo_claiming_60000_by_60000",
            setup: |s| {
                s.write(
                    "content/branches/yanke-shouming/logo.png",
                    png_claiming(60_000, 60_000),
                );
            },
            expect: Expect::Fails(
                "content/branches/yanke-shouming/index.md:5: 图片尺寸过大（60000×60000 像素",
            ),
            check: None,
        },
        Case {
            name: "truncated_jpeg",
            setup: |s| {
                let whole = jpeg(800, 600);
                news_with_image(s, "cut.jpg", &whole[..whole.len() / 2]);
            },
            expect: Expect::Fails("content/news/photo.md:7: 图片文件不完整"),
            check: None,
        },
        Case {
            name: "image_of_0_bytes",
            setup: |s| news_with_image(s, "empty.jpg", b""),
            expect: Expect::Fails("content/news/photo.md:7: 图片无法读取（文件损坏或格式不支持）"),
            check: None,
        },
        Case {
            name: "png_named_jpg",
            setup: |s| news_with_image(s, "wrong.jpg", &png(300, 200)),
            expect: Expect::Builds,
            check: None,
        },
        Case {
            name: "text_named_jpg",
            setup: |s| news_with_image(s, "notes.jpg", "这不是图片".as_bytes()),
            expect: Expect::Fails("content/news/photo.md:7: 图片无法读取（文件损坏或格式不支持）"),
            check: None,
        },
        Case {
            name: "large_photo_from_a_phone",
            setup: |s| news_with_image(s, "big.jpg", &jpeg(4000, 3000)),
            expect: Expect::Builds,
            check: Some(|s, _| {
                let html = s.read("output/news/photo/index.html");
                assert!(html.contains("srcset"), "no web versions");
            }),
        },
        // --- Ledgers
        Case {
            name: "ledger_not_a_workbook",
            setup: |s| s.write("data/volunteer/台账.xlsx", "这是一个改了扩展名的文本文件"),
            expect: Expect::Fails("data/volunteer/台账.xlsx: 无法读取这个台账：文件可能已损坏"),
            check: None,
        },
        Case {
            name: "ledger_csv_of_100000_columns_and_a_1_mb_cell",
            setup: |s| {
                let head =
                    "日期,活动名称,支部,志愿者人次".to_string() + &",x".repeat(100_000) + "\n";
                let row = format!("2024-05-01,{},急诊科党支部,3\n", "长".repeat(350_000));
                s.write("data/volunteer/台账.csv", head + &row);
            },
            expect: Expect::Warns("data/volunteer/台账.csv: 警告：台账里有不认识的列"),
            check: None,
        },
        Case {
            name: "ledger_csv_binary",
            setup: |s| s.write("data/volunteer/台账.csv", jpeg(32, 32)),
            expect: Expect::Fails(
                "data/volunteer/台账.csv: 无法读取这个台账：文字编码既不是 UTF-8 也不是 GBK",
            ),
            check: None,
        },
    ]
}
