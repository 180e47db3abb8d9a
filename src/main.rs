//! The `pinpai` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use pinpai::build::{self, BuildOptions, Summary};
use pinpai::diagnostics::Diagnostics;
use pinpai::scaffold::{self, NewKind};

// `pinpai import`: Word drafts, WeChat articles and ledgers.
#[path = "cli/import.rs"]
mod import_command;
use import_command::import;

// `pinpai user`: the workbench's accounts.
#[path = "cli/user.rs"]
mod user_command;

#[derive(Parser)]
#[command(
    name = "pinpai",
    // `pinpai.exe` on Windows, but typed `pinpai` there too.
    bin_name = "pinpai",
    version,
    about = "品牌 — 医院党建之窗网站生成器",
    long_about = "品牌（pinpai）把 content/ 里的 Markdown 页面生成完整的静态网站。\n常用：pinpai serve（边写边预览），pinpai build（生成到 output/）。",
    after_help = "不写命令（Windows 上双击 pinpai.exe）：在网站文件夹里开始预览，并用默认浏览器打开。"
)]
struct Cli {
    /// 网站文件夹（包含 site.yaml 的文件夹）
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// 只显示错误和警告
    #[arg(long, short, global = true)]
    quiet: bool,
    /// 显示每个步骤的用时
    #[arg(long, short, global = true)]
    verbose: bool,
    /// 不写命令：在网站文件夹里开始预览并打开浏览器（Windows 上双击 pinpai.exe 即是如此）
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// 新建一个网站（含默认主题和示例内容）
    Init {
        /// 新网站的文件夹（默认：当前文件夹）
        dir: Option<PathBuf>,
        /// 只写配置和栏目文件夹，不要示例内容
        #[arg(long)]
        empty: bool,
    },
    /// 新建一个内容文件，包含该类页面的全部字段
    New {
        /// branch 支部品牌 | member 先锋风采 | volunteer 志愿服务 | page 独立页面 | content/ 里的任一栏目文件夹（如 news）
        kind: String,
        /// 标题（先锋风采写人物姓名）
        title: String,
    },
    /// 生成网站
    Build {
        /// 同时发布草稿（draft: true）
        #[arg(long)]
        drafts: bool,
        /// 审核用的预览：连同未通过审核的页面一起生成（带“送审稿”标记），默认写到 output-preview
        #[arg(long)]
        preview: bool,
        /// 覆盖 site.yaml 的 base_url，例如 /dangjian/
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// 输出文件夹（默认：output；--preview 时为 output-preview）
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// 生成后列出各阶段和各模板的用时（找出拖慢生成的模板）
        #[arg(long)]
        timings: bool,
    },
    /// 生成网站并打成一个 zip 包（内含 SHA256SUMS 校验文件），用于拷到内网服务器
    Package {
        /// zip 文件名（默认：党建之窗-今天的日期.zip，放在网站文件夹里）
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// 审核：列出每个页面的审核状态，或用 approve 记录一级审核
    Review {
        #[command(subcommand)]
        action: Option<ReviewAction>,
        /// 把审核单写成文件：审核单.xlsx 或 审核单.csv（不写则显示在屏幕上）
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// 本地预览：生成网站、提供浏览，并在每次修改后自动刷新浏览器
    Serve {
        /// 监听地址
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: String,
        /// 端口
        #[arg(long, default_value_t = 1111, value_name = "N")]
        port: u16,
        /// 同时预览草稿
        #[arg(long)]
        drafts: bool,
        /// 用轮询代替系统通知监视文件（网络共享盘上使用）
        #[arg(long)]
        poll: bool,
        /// 生成后用默认浏览器打开预览
        #[arg(long)]
        open: bool,
        /// 用 https：证书文件和私钥文件（PEM 格式），局域网上有账号登录时需要
        #[arg(long, num_args = 2, value_names = ["证书.pem", "私钥.pem"])]
        tls: Option<Vec<PathBuf>>,
        /// 局域网上有账号时也允许不加密的 http（密码会明文经过网络，只在完全可信的网络里用）
        #[arg(long)]
        allow_http: bool,
    },
    /// 检查网站的全部内容，不写任何文件
    Check {
        /// 同时检查草稿
        #[arg(long)]
        drafts: bool,
    },
    /// 导入材料：Word 文档（.docx）或保存的公众号文章（.html）写成一篇草稿页面；志愿服务台账（.xlsx 或 .csv）的每一行写成一篇志愿服务记录
    Import {
        /// 要导入的文件，例如 草稿.docx、文章.html 或 data/volunteer/2024台账.xlsx
        file: PathBuf,
        /// 放进哪个栏目：news（默认）、branches、members、volunteer，或 content 里已有的栏目文件夹
        #[arg(long, value_name = "栏目", default_value = "news")]
        section: String,
    },
    /// 工作台的账号（局域网上的同事登录用）：add 新增、list 列出、remove 删除、password 重设密码
    User {
        #[command(subcommand)]
        action: user_command::UserAction,
    },
    /// 志愿服务统计：按支部或按月份的活动次数、志愿者人次、服务时长、服务群众人次和合计
    Stats {
        /// 只统计这一年，例如 --year 2024
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// branch 按支部 | month 按月份
        #[arg(long, value_enum, default_value = "branch")]
        by: pinpai::stats::By,
        /// 写成文件：统计.xlsx 或 统计.csv（不写则显示在屏幕上）
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ReviewAction {
    /// 记录一级审核通过，例如：pinpai review approve content/news/七一.md --level 初审 --by 张三
    Approve {
        /// 页面文件（content/ 里的 .md），或台账（data/volunteer/ 里的 .xlsx、.csv）
        path: PathBuf,
        /// 审核级别，例如 初审（site.yaml 的 review.levels）
        #[arg(long)]
        level: String,
        /// 审核人姓名
        #[arg(long)]
        by: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = &cli.command else {
        // `.` is also what an explicit `--root .` gives: the same folder.
        let root_given = cli.root != std::path::Path::new(".");
        return match pinpai::desktop::start(&cli.root, root_given) {
            pinpai::desktop::Outcome::Served => ExitCode::SUCCESS,
            pinpai::desktop::Outcome::Failed => ExitCode::from(1),
            pinpai::desktop::Outcome::NoSite => ExitCode::from(2),
        };
    };
    match command {
        Command::Init { dir, empty } => init(&cli, dir.as_deref(), *empty),
        Command::New { kind, title } => new_page(&cli, kind, title),
        Command::Build {
            drafts,
            preview,
            base_url,
            output,
            timings,
        } => {
            let default_output = if *preview { "output-preview" } else { "output" };
            let opts = BuildOptions {
                drafts: *drafts,
                preview: *preview,
                base_url: base_url.clone(),
                output: output.clone().unwrap_or_else(|| default_output.into()),
                ..BuildOptions::new(&cli.root)
            };
            let mut diags = Diagnostics::new();
            let summary = build::build(&opts, &mut diags);
            let code = report(&diags, summary.as_ref(), &cli, Some(&opts.output));
            if let (true, Some(s)) = (*timings && !diags.has_errors(), &summary) {
                print_timings(s);
            }
            code
        }
        Command::Import { file, section } => import(&cli, file, section),
        Command::User { action } => user_command::user(&cli, action),
        Command::Package { output } => package(&cli, output.as_deref()),
        Command::Review { action, output } => match action {
            None => review_list(&cli, output.as_deref()),
            Some(ReviewAction::Approve { path, level, by }) => {
                review_approve(&cli, path, level, by)
            }
        },
        Command::Stats { year, by, output } => stats(&cli, *year, *by, output.as_deref()),
        Command::Check { drafts } => {
            let opts = BuildOptions {
                drafts: *drafts,
                ..BuildOptions::new(&cli.root)
            };
            let mut diags = Diagnostics::new();
            let summary = build::check(&opts, &mut diags);
            report(&diags, summary.as_ref(), &cli, None)
        }
        Command::Serve {
            bind,
            port,
            drafts,
            poll,
            open,
            tls,
            allow_http,
        } => {
            // A preview: pages still in review are shown, with their band.
            let opts = BuildOptions {
                drafts: *drafts,
                preview: true,
                ..BuildOptions::new(&cli.root)
            };
            let options = pinpai::serve::Options {
                bind: bind.clone(),
                port: *port,
                poll: *poll,
                tls: tls.as_deref().and_then(|files| match files {
                    [cert, key] => Some(pinpai::serve::tls::TlsFiles {
                        cert: cert.clone(),
                        key: key.clone(),
                    }),
                    _ => None,
                }),
                allow_http: *allow_http,
                ..Default::default()
            };
            match pinpai::serve::serve(opts, options, *open) {
                Ok(()) => ExitCode::SUCCESS,
                // Started wrong: the command line must change.
                Err(error @ pinpai::serve::ServeError::PlainHttpWithAccounts) => {
                    eprintln!("错误：{error}");
                    ExitCode::from(2)
                }
                Err(error) => fail_with(&error.to_string()),
            }
        }
    }
}

/// `pinpai init [DIR] [--empty]`.
fn init(cli: &Cli, dir: Option<&std::path::Path>, empty: bool) -> ExitCode {
    let dir = dir.map_or_else(|| cli.root.clone(), std::path::Path::to_path_buf);
    let made = if empty {
        scaffold::init_empty(&dir)
    } else {
        scaffold::init(&dir)
    };
    match made {
        Ok(files) => {
            if !cli.quiet {
                println!(
                    "已在 {} 新建网站（{} 个文件）。",
                    dir.display(),
                    files.len()
                );
                if cfg!(windows) {
                    println!(
                        "下一步：把 pinpai.exe 复制到“{}”文件夹里，双击它，浏览器会打开网站的预览。",
                        dir.display()
                    );
                } else {
                    println!(
                        "下一步：cd {} && pinpai，浏览器会打开网站的预览（http://127.0.0.1:1111/）",
                        dir.display()
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail_with(&error.to_string()),
    }
}

/// `pinpai new KIND TITLE`.
fn new_page(cli: &Cli, kind: &str, title: &str) -> ExitCode {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let made = NewKind::parse(&cli.root, kind)
        .and_then(|kind| scaffold::new_page(&cli.root, &kind, title, &today));
    match made {
        Ok(path) => {
            if !cli.quiet {
                println!(
                    "已新建 {}（草稿，写好后把 draft 改为 false）",
                    pinpai::paths::shown(&cli.root, &path)
                );
            }
            ExitCode::SUCCESS
        }
        // An unknown KIND is a wrong command line.
        Err(error @ scaffold::ScaffoldError::UnknownKind { .. }) => {
            eprintln!("错误：{}", pinpai::paths::native_text(&error.to_string()));
            ExitCode::from(2)
        }
        Err(error) => fail_with(&error.to_string()),
    }
}

fn fail_with(message: &str) -> ExitCode {
    eprintln!("错误：{}", pinpai::paths::native_text(message));
    ExitCode::from(1)
}

/// Prints every diagnostic, then the summary (or the failure line).
fn report(
    diags: &Diagnostics,
    summary: Option<&Summary>,
    cli: &Cli,
    output: Option<&PathBuf>,
) -> ExitCode {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    match summary {
        Some(s) if !diags.has_errors() => {
            if !cli.quiet {
                for p in &s.pending {
                    if p.approved_published {
                        println!(
                            "改动{}：{}“{}”（网站上仍是上次审核通过的版本）",
                            p.state.label(),
                            pinpai::paths::native(&p.source),
                            p.title
                        );
                    } else if p.intro {
                        let what = if p.url == "/" { "首页" } else { "栏目" };
                        println!(
                            "介绍未发布（{}）：{}“{}”（{what}照常发布，先不显示这段介绍）",
                            p.state.label(),
                            pinpai::paths::native(&p.source),
                            p.title
                        );
                    } else {
                        println!(
                            "未发布（{}）：{}“{}”",
                            p.state.label(),
                            pinpai::paths::native(&p.source),
                            p.title
                        );
                    }
                }
                println!("{}", summary_line(s, diags.warning_count(), output));
                if cli.verbose {
                    print_stages(s);
                }
            }
            ExitCode::SUCCESS
        }
        _ => {
            let kept = match output {
                Some(dir) => format!("{} 保持原样。", dir.display()),
                None => String::new(),
            };
            eprintln!(
                "失败：{} 个错误，{} 个警告。{kept}",
                diags.error_count(),
                diags.warning_count()
            );
            ExitCode::from(1)
        }
    }
}

fn ms(time: std::time::Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1000.0)
}

fn print_stages(s: &Summary) {
    for (stage, time) in &s.timings {
        let note = if *stage == "search" {
            "（与 render 同时进行）"
        } else {
            ""
        };
        println!("  {stage:<8} {:>10}{note}", ms(*time));
    }
}

/// `build --timings`: each stage, then each template by total time.
fn print_timings(s: &Summary) {
    println!("各阶段用时：");
    print_stages(s);
    println!("各模板用时（多线程同时生成，各模板之和可能大于 render）：");
    // Chinese headings are two columns wide each: padded by display width.
    let right = |text: &str, width: usize| {
        let shown = unicode_width::UnicodeWidthStr::width(text);
        format!("{}{text}", " ".repeat(width.saturating_sub(shown)))
    };
    println!(
        "  {}{}{}{}  最慢的一页",
        "模板".to_string() + &" ".repeat(16),
        right("页数", 10),
        right("合计", 14),
        right("平均", 12)
    );
    for t in &s.templates {
        let average = t.total / u32::try_from(t.calls.max(1)).unwrap_or(u32::MAX);
        println!(
            "  {:<20}{:>10}{:>14}{:>12}  /{}（{}）",
            t.template,
            pinpai::numbers::format_number(t.calls as f64),
            ms(t.total),
            ms(average),
            t.slowest_url.trim_end_matches("index.html"),
            ms(t.slowest)
        );
    }
}

fn summary_line(s: &Summary, warnings: usize, output: Option<&PathBuf>) -> String {
    let verb = if output.is_some() {
        "已生成"
    } else {
        "检查通过"
    };
    let pages = s.branches + s.members + s.volunteer + s.other;
    let from_ledgers = match s.ledger_rows {
        0 => String::new(),
        n => format!("，其中台账 {n} 条"),
    };
    let mut line = format!(
        "{verb}：{pages} 个页面（支部品牌 {} · 先锋风采 {} · 志愿服务 {}{from_ledgers} · 其他 {}），图片 {} 张",
        s.branches, s.members, s.volunteer, s.other, s.images
    );
    if s.drafts > 0 {
        line.push_str(&format!("，草稿 {} 篇未发布", s.drafts));
    }
    // A ledger in review is one item however many rows it has.
    let unpublished = s.pending.iter().filter(|p| !p.approved_published).count();
    if unpublished > 0 {
        line.push_str(&format!("，待审核 {unpublished} 项未发布"));
    }
    let edits = s.pending.len() - unpublished;
    if edits > 0 {
        line.push_str(&format!("，{edits} 项改动待审核（仍发布通过的版本）"));
    }
    line.push_str(&format!(
        "，警告 {warnings} 个，用时 {:.2} 秒",
        s.elapsed.as_secs_f64()
    ));
    if let Some(dir) = output {
        line.push_str(&format!(
            " → {}{}",
            dir.display(),
            std::path::MAIN_SEPARATOR
        ));
    }
    line
}

/// `pinpai stats`: the site's own figures, from a check of the whole site.
fn stats(
    cli: &Cli,
    year: Option<i32>,
    by: pinpai::stats::By,
    output: Option<&std::path::Path>,
) -> ExitCode {
    let opts = BuildOptions::new(&cli.root);
    let mut diags = Diagnostics::new();
    let prepared = build::prepare_site(&opts, false, None, &mut diags);
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    let Some(prepared) = prepared else {
        eprintln!("网站有错误，先改好再统计（统计和网站上显示的数字必须一致）。");
        return ExitCode::from(1);
    };
    let table = pinpai::stats::compute(&prepared.site, year, by);
    match output {
        None => {
            print!("{}", pinpai::stats::to_text(&table));
            if !pinpai::stats::has_records(&prepared.site) {
                println!("（还没有志愿服务记录）");
            }
            ExitCode::SUCCESS
        }
        Some(path) => {
            let path = if path.is_absolute() {
                path.to_path_buf()
            } else {
                cli.root.join(path)
            };
            match pinpai::stats::write_file(&table, &path) {
                Ok(()) => {
                    if !cli.quiet {
                        println!("已写入 {}（{} 行和合计）", path.display(), table.rows.len());
                    }
                    ExitCode::SUCCESS
                }
                // A wrong file name is a wrong command line.
                Err(error @ pinpai::stats::WriteError::Extension(_)) => {
                    eprintln!("错误：{error}");
                    ExitCode::from(2)
                }
                Err(error) => fail_with(&error.to_string()),
            }
        }
    }
}

/// `pinpai review [--output FILE]`: every page with where it stands.
fn review_list(cli: &Cli, output: Option<&std::path::Path>) -> ExitCode {
    let mut diags = Diagnostics::new();
    let listed = pinpai::review::command::list(&cli.root, &mut diags);
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    let Some((entries, review)) = listed else {
        return ExitCode::from(1);
    };
    if !review.required {
        println!(
            "提示：site.yaml 里没有打开审核（review: {{required: true}}），所有页面都会直接发布。"
        );
    }
    let Some(path) = output else {
        print!("{}", pinpai::review::sheet::to_text(&entries, &review));
        return ExitCode::SUCCESS;
    };
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cli.root.join(path)
    };
    match pinpai::review::sheet::write_file(&entries, &review, &path) {
        Ok(()) => {
            if !cli.quiet {
                println!("已写入审核单 {}（{} 项）", path.display(), entries.len());
            }
            ExitCode::SUCCESS
        }
        Err(error @ pinpai::stats::WriteError::Extension(_)) => {
            eprintln!("错误：{error}");
            ExitCode::from(2)
        }
        Err(error) => fail_with(&error.to_string()),
    }
}

/// `pinpai review approve PATH --level L --by NAME`.
fn review_approve(cli: &Cli, path: &std::path::Path, level: &str, by: &str) -> ExitCode {
    let mut diags = Diagnostics::new();
    let Some(config) = pinpai::config::Config::load(&cli.root, &mut diags) else {
        for d in diags.sorted() {
            eprintln!("{d}");
        }
        return ExitCode::from(1);
    };
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    if cli.root.join(path).is_dir() || path.is_dir() {
        return review_approve_folder(cli, &config, path, level, by, &today);
    }
    match pinpai::review::approve::approve(&cli.root, &config, path, level, by, &today) {
        Ok(done) => {
            let next = match &done.state {
                pinpai::review::State::Passed => "已全部通过，下次生成网站时发布".to_string(),
                state => format!("现在{}", state.label()),
            };
            if !cli.quiet {
                println!(
                    "已记录：{} {}通过（{}，{}）。{next}",
                    pinpai::paths::native(&done.path),
                    done.approval.level,
                    done.approval.by,
                    done.approval.date
                );
            }
            if let Some(why) = &done.not_kept {
                eprintln!(
                    "警告：没能保存审核通过的版本（{why}）：以后改这个页面时，改好的版本通过审核之前它不会发布"
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail_with(&error.to_string()),
    }
}

/// `pinpai review approve FOLDER …`: every page there waiting for the level.
fn review_approve_folder(
    cli: &Cli,
    config: &pinpai::config::Config,
    folder: &std::path::Path,
    level: &str,
    by: &str,
    today: &str,
) -> ExitCode {
    use pinpai::review::approve::approve_folder;
    match approve_folder(&cli.root, config, folder, level, by, today) {
        Ok(done) => {
            for approved in done.approved.iter().filter(|_| !cli.quiet) {
                println!(
                    "已记录：{} {level}通过",
                    pinpai::paths::native(&approved.path)
                );
            }
            for failure in &done.failed {
                eprintln!("错误：{}", pinpai::paths::native_text(&failure.to_string()));
            }
            if cli.quiet {
                return if done.failed.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                };
            }
            println!(
                "{} 里：{} 个页面通过{level}（{by}，{today}），{} 个不在等{level}，没有改动{}",
                folder.display(),
                done.approved.len(),
                done.skipped,
                if done.failed.is_empty() {
                    String::new()
                } else {
                    format!("，{} 个出错（见上）", done.failed.len())
                }
            );
            if done.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(error) => fail_with(&error.to_string()),
    }
}

/// `pinpai package [--output FILE.zip]`: a normal build, then its zip.
fn package(cli: &Cli, output: Option<&std::path::Path>) -> ExitCode {
    let opts = BuildOptions::new(&cli.root);
    let mut diags = Diagnostics::new();
    let summary = build::build(&opts, &mut diags);
    let code = report(&diags, summary.as_ref(), cli, Some(&opts.output));
    if summary.is_none() || diags.has_errors() {
        eprintln!("网站有错误，没有打包。");
        return code;
    }
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let zip = match output {
        Some(path) if path.is_absolute() => path.to_path_buf(),
        Some(path) => cli.root.join(path),
        None => cli.root.join(pinpai::package::default_name(&today)),
    };
    if zip
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("zip"))
    {
        eprintln!(
            "错误：--output 的文件名要以 .zip 结尾（这里是 {}）",
            zip.display()
        );
        return ExitCode::from(2);
    }
    match pinpai::package::package(&opts.output_dir(), &zip) {
        Ok(files) => {
            if !cli.quiet {
                println!(
                    "已打包 {}（{files} 个文件，内含 {} 校验文件）：把它拷到内网服务器，解压到网站目录即可",
                    zip.display(),
                    pinpai::package::SUMS
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail_with(&error.to_string()),
    }
}
