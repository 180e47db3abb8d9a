#!/usr/bin/env python3
"""Build-speed benchmark: pinpai against Hugo and Zola on the same pages.

    python3 tools/bench.py [--pages 10000] [--runs 5] [--dir /dev/shm/pinpai-bench]
    python3 tools/bench.py --scale 1000,10000,50000     time per page as the site grows
    python3 tools/bench.py --smoke                       300 pages, one run: does it all work
    python3 tools/bench.py --smoke --binary target/debug/pinpai    (what .ci/run does)

Corpora come from tools/gen_corpus.py (kinds `plain`, `minimal`, `pinpai`,
`hugo`, `zola`). Hugo is needed (`apt-get install hugo`) unless --kinds
leaves it out; Zola is built only when a `zola` binary is on PATH. Each
build writes to a fresh output folder under --dir (put it on tmpfs: this
machine's disk write speed varies run to run). After one warm-up build of
each, the kinds are built in turn, round after round, so a slow moment of
the machine hits them all alike; the table shows medians of wall time, CPU
time (user + system) and peak memory (max RSS), then the ratios the
performance targets are stated in (docs/PERFORMANCE.md).

pinpai is target/release/pinpai (built first with `cargo build --release`
unless --no-build). No timing is asserted anywhere: this prints figures.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO / "tools" / "gen_corpus.py"
PINPAI = REPO / "target" / "release" / "pinpai"


def command(kind, src, out):
    if kind in ("plain", "minimal", "pinpai"):
        return [str(PINPAI), "build", "--quiet", "--root", str(src), "--output", str(out)]
    if kind == "hugo":
        return ["hugo", "--quiet", "--source", str(src), "--destination", str(out)]
    return ["zola", "--root", str(src), "build", "--output-dir", str(out), "--force"]


def run(cmd):
    """Wall seconds, CPU seconds and peak RSS (MB) of one run of `cmd`."""
    # stderr to a file, not a pipe: a build with many warnings would fill a
    # pipe nobody reads until the process ends.
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            sys.exit(f"failed: {' '.join(cmd)}\n{log.read().decode('utf-8', 'replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def generate(kind, dest, pages):
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run([sys.executable, str(GEN), kind, str(dest), "--pages", str(pages)], check=True,
                   stdout=subprocess.DEVNULL)


def bench(kinds, pages, runs, base):
    corpora = {k: base / f"{k}-{pages}" for k in kinds}
    for kind, src in corpora.items():
        generate(kind, src, pages)
    results = {k: [] for k in kinds}
    out = base / "out"
    for round_ in range(runs + 1):
        for kind in kinds:
            if out.exists():
                shutil.rmtree(out)
            figures = run(command(kind, corpora[kind], out))
            if round_ > 0:  # round 0 warms caches
                results[kind].append(figures)
    if out.exists():
        shutil.rmtree(out)
    return {k: tuple(statistics.median(r[i] for r in v) for i in range(3)) for k, v in results.items()}


LABELS = {
    "plain": "pinpai, default theme (`gen_corpus.py plain`)",
    "minimal": "pinpai, minimal templates (`gen_corpus.py minimal`)",
    "pinpai": "pinpai, domain site (`gen_corpus.py pinpai`: references, totals, charts, search)",
    "hugo": "Hugo, minimal templates (`gen_corpus.py hugo`)",
    "zola": "Zola, minimal templates (`gen_corpus.py zola`)",
}


def table(medians, pages, runs):
    print(f"\n{pages:,} pages, medians of {runs} alternating runs after a warm-up:\n")
    print("| build | wall | cpu | peak memory |")
    print("|---|---|---|---|")
    for kind, (wall, cpu, rss) in medians.items():
        print(f"| {LABELS[kind]} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MB |")
    wall = {k: v[0] for k, v in medians.items()}
    print()
    ratios = [
        ("default theme vs Hugo (target ≥ 2×)", "hugo", "plain"),
        ("default theme vs Zola (target > 1×)", "zola", "plain"),
        ("engine vs Hugo (target ≥ 3×)", "hugo", "minimal"),
        ("engine vs Zola (target ≥ 2.5×)", "zola", "minimal"),
    ]
    for text, other, ours in ratios:
        if other in wall and ours in wall:
            print(f"- {text}: {wall[other] / wall[ours]:.2f}×")
    if "pinpai" in wall and "plain" in wall:
        print(f"- domain site / plain corpus (target ≤ 1.3): {wall['pinpai'] / wall['plain']:.2f}")
    if "plain" in medians:
        print(f"- peak memory, default theme (target ≤ 300 MB): {medians['plain'][2]:.0f} MB")


def scale(sizes, runs, base):
    print(f"\nplain corpus, medians of {runs} runs after a warm-up:\n")
    print("| pages | wall | per page | cpu | peak memory |")
    print("|---|---|---|---|---|")
    per_page = []
    for n in sizes:
        (wall, cpu, rss), = bench(["plain"], n, runs, base).values()
        per_page.append(wall / n)
        print(f"| {n:,} | {wall:.2f} s | {wall / n * 1e6:.0f} µs | {cpu:.2f} s | {rss:.0f} MB |")
    if len(sizes) > 1:
        # Flat means the largest site costs no more per page than the
        # smallest; a step that grows faster than the site shows here.
        print(f"\n- time per page at {sizes[-1]:,} pages / at {sizes[0]:,}: {per_page[-1] / per_page[0]:.2f}")


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return "?"
    return out.strip().splitlines()[0] if out.strip() else "?"


def machine(kinds):
    """One line on what the figures were taken on."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    system = "?"
    release = Path("/etc/os-release")
    if release.is_file():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = line.split("=", 1)[1].strip('"')
    # `pinpai --version` prints "pinpai 0.1.0"; the commit says which code that was.
    commit = version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    tools = [f"{version([str(PINPAI), '--version'])} (commit {commit})"]
    if "hugo" in kinds:
        tools.append(version(["hugo", "version"]))
    if "zola" in kinds:
        tools.append(version(["zola", "--version"]))
    print(f"machine: {os.cpu_count()} cores, {memory:.0f} GiB, {system}; " + "; ".join(tools))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", type=Path, default=Path("/dev/shm/pinpai-bench"))
    ap.add_argument("--kinds", default="plain,minimal,pinpai,hugo,zola")
    ap.add_argument("--scale", help="comma-separated page counts: time per page of the plain corpus")
    ap.add_argument("--smoke", action="store_true", help="300 pages, one run (CI)")
    ap.add_argument("--no-build", action="store_true", help="use target/release/pinpai as it is")
    ap.add_argument("--binary", type=Path, help="another pinpai binary (CI's smoke run uses the debug build)")
    args = ap.parse_args()
    global PINPAI
    if args.binary:
        PINPAI = args.binary.resolve()
        args.no_build = True
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    if args.smoke:
        args.pages, args.runs = 300, 1
    # Everything goes into a folder of its own under --dir, removed at the
    # end; whatever else --dir holds is left alone.
    args.dir.mkdir(parents=True, exist_ok=True)
    args.dir = Path(tempfile.mkdtemp(prefix="pinpai-bench-", dir=args.dir))
    asked = args.kinds.split(",")
    if "hugo" in asked and not shutil.which("hugo") and not args.smoke and not args.scale:
        sys.exit("hugo is not on PATH: install it (apt-get install hugo) or leave it out with --kinds")
    kinds = [k for k in asked if k not in ("hugo", "zola") or shutil.which(k)]
    missing = sorted(set(asked) - set(kinds))
    if missing:
        print(f"not on PATH, left out: {', '.join(missing)}")
    machine(kinds)
    try:
        if args.scale:
            scale([int(s) for s in args.scale.split(",")], args.runs, args.dir)
        else:
            table(bench(kinds, args.pages, args.runs, args.dir), args.pages, args.runs)
    finally:
        shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
