#!/usr/bin/env python3
"""Fuzz pinpai's parsers with cargo-fuzz (libFuzzer), issue 15.

    python3 tools/fuzz.py --seconds 600                 # each target 10 minutes
    python3 tools/fuzz.py --seconds 10 --dev            # .ci/run's smoke
    python3 tools/fuzz.py --seconds 600 markdown page   # some targets only

Targets (fuzz/fuzz_targets/, each calling src/fuzzing.rs): site_config
(site.yaml), page (a content file: front matter by section, then its body),
markdown (a body with `@/` links, summaries, the CJK emphasis pass, each
raw-HTML mode), sanitize (pasted WeChat/秀米 HTML), slug (titles to pinyin
slugs), ledger (volunteer ledgers, .xlsx and .csv), docx (Word drafts for
`pinpai import`: a whole file, or its XML parts zipped by the target so the
fuzzer works on Word's XML rather than zip checksums), wechat (saved WeChat
articles).

Built with `cargo fuzz build --sanitizer none`: the machine has one stable
toolchain and no nightly, and without a sanitizer cargo-fuzz needs no
unstable flag; libFuzzer's coverage guidance still works (SanitizerCoverage
is a stable codegen pass). Panics abort, which libFuzzer reports as crashes.

Seeds come from the repository each run (the example site, the Markdown
snapshots, the ledger fixtures) into fuzz/corpus/<target>/, which keeps
what the fuzzer finds between runs (git-ignored). A crash leaves its input
in fuzz/artifacts/<target>/; copy it to fuzz/regressions/<target>/ and
`cargo test` replays it for ever (src/fuzzing.rs). Exits non-zero on any
crash, printing each target's executions.
"""
import argparse
import re
import time
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FUZZ = REPO / "fuzz"
TARGETS = ["site_config", "page", "markdown", "sanitize", "slug", "ledger", "docx", "wechat"]
# src/fuzzing.rs: the parts of a Word document a docx input holds, in order.
DOCX_PARTS = ["word/document.xml", "word/styles.xml", "word/numbering.xml",
              "word/footnotes.xml", "word/_rels/document.xml.rels", "docProps/core.xml"]
PART_SEPARATOR = b"\xff|"
# src/fuzzing.rs picks a page's section by its first byte, in this order.
SECTIONS = ["branches", "members", "volunteer", "news"]


def section_byte(path):
    parts = path.relative_to(REPO / "content").parts
    if len(parts) >= 2 and parts[0] in SECTIONS:
        return bytes([SECTIONS.index(parts[0])])
    return bytes([4])


def snapshot_parts():
    """(markdown, html) of every Markdown snapshot test."""
    for path in sorted((REPO / "src/markdown/snapshots").glob("*")):
        text = path.read_text(encoding="utf-8")
        if "== markdown\n" in text and "\n== html\n" in text:
            markdown, html = text.split("== markdown\n", 1)[1].split("\n== html\n", 1)
            yield markdown, html


def seeds():
    """Seed inputs of each target: {target: [bytes]}."""
    pages = sorted((REPO / "content").rglob("*.md"))
    out = {t: [] for t in TARGETS}
    out["site_config"].append((REPO / "site.yaml").read_bytes())
    for path in pages:
        text = path.read_bytes()
        out["page"].append(section_byte(path) + text)
        body = text.split(b"\n---\n", 1)[-1]
        out["markdown"] += [b"\x00" + body, b"\x01" + body]
        out["slug"].append(path.stem.encode())
    for markdown, html in snapshot_parts():
        out["markdown"].append(b"\x00" + markdown.encode())
        out["sanitize"] += [markdown.encode(), html.encode()]
    import zipfile
    for path in sorted((REPO / "tests/fixtures/import").glob("*.docx")):
        data = path.read_bytes()
        out["docx"].append(b"\x00" + data)
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                parts = [z.read(n) if n in names else b"" for n in DOCX_PARTS]
            out["docx"].append(b"\x01" + PART_SEPARATOR.join(parts))
        except zipfile.BadZipFile:
            pass
    for path in sorted((REPO / "tests/fixtures/import").rglob("*.html")):
        out["wechat"].append(path.read_bytes())
    for path in sorted((REPO / "tests/fixtures/ledgers").glob("*")):
        if path.suffix == ".xlsx":
            out["ledger"].append(b"\x00" + path.read_bytes())
        elif path.suffix == ".csv":
            out["ledger"].append(b"\x01" + path.read_bytes())
    return out


def write_seeds(target, inputs):
    folder = FUZZ / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(inputs):
        (folder / f"seed-{i:04}").write_bytes(data)
    return folder


def run_target(target, seconds, corpus, profile):
    """Runs one target; returns (runs, seconds, crashed, output)."""
    artifacts = FUZZ / "artifacts" / target
    artifacts.mkdir(parents=True, exist_ok=True)
    max_len = 65536 if target in ("ledger", "docx", "wechat") else 16384
    command = [
        "cargo", "fuzz", "run", "--sanitizer", "none", profile, target, str(corpus), "--",
        f"-max_total_time={seconds}", "-timeout=10", "-rss_limit_mb=2048",
        f"-max_len={max_len}", f"-artifact_prefix={artifacts}/", "-print_final_stats=1",
    ]
    start = time.monotonic()
    result = subprocess.run(command, cwd=FUZZ, capture_output=True, text=True, errors="replace")
    elapsed = time.monotonic() - start
    log = result.stderr + result.stdout
    runs = re.findall(r"Done (\d+) runs", log) or re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
    crashed = result.returncode != 0
    return int(runs[-1]) if runs else 0, elapsed, crashed, log


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="time per target")
    parser.add_argument("--dev", action="store_true",
                        help="unoptimized build: compiles in half the time, runs slower (CI's smoke)")
    parser.add_argument("targets", nargs="*", default=TARGETS)
    args = parser.parse_args()
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        sys.exit(f"unknown targets: {unknown}; known: {TARGETS}")
    if not shutil.which("cargo-fuzz"):
        sys.exit("cargo-fuzz is not installed: cargo install cargo-fuzz --locked")
    profile = "--dev" if args.dev else "-O"
    subprocess.run(["cargo", "fuzz", "build", "--sanitizer", "none", profile], cwd=FUZZ, check=True)
    all_seeds = seeds()
    failed = []
    for target in args.targets:
        corpus = write_seeds(target, all_seeds[target])
        runs, seconds, crashed, log = run_target(target, args.seconds, corpus, profile)
        units = len(list(corpus.iterdir()))
        print(f"{target:12} {runs:>12,} executions in {seconds:.0f} s "
              f"({runs / max(seconds, 1):,.0f}/s), corpus {units} inputs: "
              f"{'CRASH' if crashed else 'no crash'}", flush=True)
        if crashed:
            failed.append(target)
            print("\n".join(log.splitlines()[-40:]))
    if failed:
        sys.exit(f"FAIL: crashes in {failed}; inputs in fuzz/artifacts/<target>/")
    print("PASS: no crash, no hang, no abort")


if __name__ == "__main__":
    main()
