//! Times `serve`'s rebuild after a one-file edit, in-process (no watcher, no
//! debounce): the builder's own share of save-to-reload.
//!   cargo run --release --example rebuild -- /tmp/bench10k [edits]
//! Appends a line to member pages of the site: use a throw-away copy.

use std::io::Write as _;
use std::time::Instant;

use pinpai::build::BuildOptions;
use pinpai::diagnostics::Diagnostics;
use pinpai::serve::Builder;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| "/tmp/bench10k".into());
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    // As `serve` with its watcher; WALK=1 looks at every file instead.
    let tell_changes = std::env::var_os("WALK").is_none();
    // EDIT=title edits the front matter instead of the body.
    let front_matter = std::env::var("EDIT").is_ok_and(|e| e == "title");
    let mut builder = Builder::new(BuildOptions::new(&root));
    let mut diags = Diagnostics::new();
    builder
        .build(None, &mut diags)
        .expect("the first build fails");
    let dir = std::path::Path::new(&root).join("content/members");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("no content/members")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut times = Vec::new();
    for n in 0..edits {
        let file = &files[n * 37 % files.len()];
        if front_matter {
            // A new title: shown in lists, so the site's structure is rebuilt.
            let text = std::fs::read_to_string(file).unwrap();
            let text = text.replacen("title: ", &format!("title: 第{n}次改名 "), 1);
            std::fs::write(file, text).unwrap();
        } else {
            let mut f = std::fs::OpenOptions::new().append(true).open(file).unwrap();
            writeln!(f, "\n\n第 {n} 次修改的正文。").unwrap();
        }
        let hint = tell_changes.then(|| vec![file.strip_prefix(&root).unwrap().to_path_buf()]);
        let start = Instant::now();
        let mut diags = Diagnostics::new();
        builder
            .build_pages(hint.as_deref(), &mut diags)
            .expect("a rebuild fails");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let shown: Vec<String> = times.iter().map(|t| format!("{t:.0}")).collect();
    println!(
        "rebuild ms: {}  median {:.0}",
        shown.join(" "),
        times[times.len() / 2]
    );
}
