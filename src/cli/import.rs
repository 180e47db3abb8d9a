//! `pinpai import FILE`: a Word draft or a saved WeChat article becomes a
//! draft page bundle; a ledger becomes one record per row.

use std::process::ExitCode;

use pinpai::diagnostics::Diagnostics;

use super::{fail_with, Cli};

/// `pinpai import FILE [--section S]`: a document, or a ledger.
pub(super) fn import(cli: &Cli, file: &std::path::Path, section: &str) -> ExitCode {
    let path = if file.is_absolute() || file.exists() {
        file.to_path_buf()
    } else {
        cli.root.join(file)
    };
    if !path.is_file() {
        eprintln!("错误：找不到要导入的文件 {}", file.display());
        return ExitCode::from(2);
    }
    if pinpai::import::is_document(&path) {
        return import_document(cli, &path, section);
    }
    let shown = pinpai::paths::relative(&cli.root, &path);
    let mut diags = Diagnostics::new();
    let result = pinpai::ledger::import::import(&cli.root, &path, &shown, &mut diags);
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    match result {
        Ok(done) => {
            for skipped in &done.skipped {
                let shown = pinpai::paths::shown(&cli.root, skipped);
                println!("已有 {shown}，没有覆盖");
            }
            println!(
                "{}",
                pinpai::paths::native_text(&format!(
                    "已导入 {} 条记录到 content/volunteer/。导入后请把台账移出 data/volunteer/，否则每项活动会算两次。",
                    done.written.len()
                ))
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail_with(&error.to_string()),
    }
}

/// A Word draft or a saved WeChat article → a draft page bundle.
fn import_document(cli: &Cli, path: &std::path::Path, section: &str) -> ExitCode {
    // Never a content/ folder made where no site is.
    if !cli.root.join("site.yaml").is_file() {
        eprintln!(
            "错误：找不到网站配置文件 site.yaml（在 {} 下）。请在网站文件夹里运行，或用 --root 指定网站文件夹；新建网站请用 pinpai init",
            cli.root.display()
        );
        return ExitCode::from(1);
    }
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let shown_file = pinpai::paths::shown(&cli.root, path);
    let done = match pinpai::import::import(&cli.root, path, section, &today) {
        Ok(done) => done,
        Err(error) => {
            let error = error.to_string();
            let error = pinpai::paths::native_text(&error);
            eprintln!("错误：{shown_file}：{error}");
            return ExitCode::from(1);
        }
    };
    let page = pinpai::paths::shown(&cli.root, &done.page);
    println!(
        "已导入为草稿：{page}（图片 {} 张，放在它旁边）",
        done.pictures
    );
    if !done.missing.is_empty() {
        println!(
            "这些图片没有保存在电脑上，没有导入（请另存图片后放进页面文件夹，再在正文里写上 ![说明](文件名)）："
        );
        for line in &done.missing {
            println!("  {line}");
        }
    }
    if !done.dropped.is_empty() {
        println!("已去掉：{}", done.dropped.join("、"));
    }
    println!("还要做的：");
    println!("  - 打开 {page}，核对标题和正文");
    if done.date_is_today {
        println!("  - 把 date 改成文章或活动的日期（现在写的是今天）");
    }
    for field in &done.to_fill {
        println!("  - 填写 {field}");
    }
    println!("  - 检查无误后，把 draft: true 改成 draft: false 才会发布（预览草稿：pinpai serve --drafts）");
    ExitCode::SUCCESS
}
