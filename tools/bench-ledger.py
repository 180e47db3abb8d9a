#!/usr/bin/env python3
"""What a 5,000-row volunteer ledger adds to a release build.

    cargo build --release
    python3 tools/bench-ledger.py [ROWS] [RUNS]     # defaults: 5000 rows, 7 runs

Three copies of the example site, built RUNS times each, alternating:
- plain:    as it is;
- markdown: plus ROWS volunteer records as Markdown files;
- ledger:   plus the same ROWS records as one ledger (xlsx through openpyxl
            when it is installed, else a UTF-8 CSV).
Output goes to /dev/shm when there is one, so that the disk's mood does not
drown the figures. Prints the median wall time of each and of the load
stage (`build -v`). The ledger's own cost is ledger minus markdown: the
pages themselves cost what any page costs. The target (issue 11) is under
0.5 s. A benchmark, never a timed test.
"""

import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "pinpai")
BRANCHES = ["急诊科党支部", "儿科党支部", "护理部党支部", "药学部党支部",
            "血液科党支部", "重症医学科党支部", "心血管内科党支部", "眼科党支部"]
HEADER = ["序号", "日期", "活动名称", "支部", "参与人员", "地点",
          "志愿者人次", "服务时长（小时）", "服务群众人次", "备注"]


def rows(n):
    start = datetime.date(2019, 1, 1)
    for i in range(n):
        yield [i + 1, start + datetime.timedelta(days=i % 2500),
               f"社区健康服务第{i + 1}场", BRANCHES[i % len(BRANCHES)],
               "李明、王芳", "汉丰街道社区", 3 + i % 5, 2 + i % 4 * 0.5,
               20 + i % 30, "为居民测量血压、讲解用药。"]


def write_ledger(folder, n):
    os.makedirs(folder, exist_ok=True)
    try:
        from openpyxl import Workbook
    except ImportError:
        import csv
        path = os.path.join(folder, "台账.csv")
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for r in rows(n):
                r[1] = r[1].isoformat()
                w.writerow(r)
        return path
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows(n):
        ws.append(r)
    path = os.path.join(folder, "台账.xlsx")
    wb.save(path)
    return path


def write_markdown(folder, n):
    os.makedirs(folder, exist_ok=True)
    for r in rows(n):
        text = (f"---\ntitle: {r[2]}\ndate: {r[1].isoformat()}\nbranch: {r[3]}\n"
                f"participants: {r[4]}\nlocation: {r[5]}\nvolunteers: {r[6]}\n"
                f"hours: {r[7]}\nserved: {r[8]}\n---\n{r[9]}\n")
        with open(os.path.join(folder, f"r{r[0]}.md"), "w", encoding="utf-8") as f:
            f.write(text)


def build(site, out):
    start = time.perf_counter()
    done = subprocess.run([BIN, "--root", site, "build", "-v", "--output", out],
                          check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    load = next(float(line.split()[1]) / 1000 for line in done.stdout.splitlines()
                if line.strip().startswith("load"))
    return wall, load


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory(dir=shm) as outs:
        sites = {name: os.path.join(tmp, name) for name in ("plain", "markdown", "ledger")}
        for site in sites.values():
            os.makedirs(site)
            for part in ("site.yaml", "content", "static"):
                src = os.path.join(ROOT, part)
                copy = shutil.copytree if os.path.isdir(src) else shutil.copy
                copy(src, os.path.join(site, part))
        write_markdown(os.path.join(sites["markdown"], "content", "volunteer", "bench"), n)
        path = write_ledger(os.path.join(sites["ledger"], "data", "volunteer"), n)
        times = {name: [] for name in sites}
        for _ in range(runs):
            for name, site in sites.items():
                times[name].append(build(site, os.path.join(outs, name)))
        print(f"ledger: {os.path.basename(path)}, {n} rows, {os.path.getsize(path) // 1024} KB;"
              f" output in {outs}; medians of {runs} builds")
        median = {}
        for name, runs_of in times.items():
            wall = statistics.median(t[0] for t in runs_of)
            load = statistics.median(t[1] for t in runs_of)
            median[name] = (wall, load)
            print(f"  {name:9} wall {wall:6.3f} s   load stage {load:6.3f} s")
        own = median["ledger"][0] - median["markdown"][0]
        pages = median["ledger"][0] - median["plain"][0]
        print(f"the ledger's own cost (ledger - markdown): {own:+.3f} s")
        print(f"the {n} records' pages (ledger - plain):   {pages:+.3f} s")


if __name__ == "__main__":
    main()
