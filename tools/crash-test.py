#!/usr/bin/env python3
"""Crash safety of `pinpai build`: kill -9 at random moments (issue 15).

    python3 tools/crash-test.py [--pages 10000] [--trials 20] [--dir /dev/shm]
    python3 tools/crash-test.py --pages 1000 --trials 10 --binary target/debug/pinpai   (.ci/run)
    python3 tools/crash-test.py --wine target/windows/pinpai.exe --pages 1000 --trials 10   (.ci/run)

Generates a site with tools/gen_corpus.py, builds its two versions (the
site title alternates between them) completely once to know what each
looks like, then builds the other version again and again, killing the
build with SIGKILL after a random time between 0 and one build's length.
After every kill, `output/` must be exactly the previous complete site or
exactly the new one: every file and its content. After the trials, one
normal build must leave no temporary folder of earlier runs beside it.
Exits non-zero on any failure; prints the figures.

With --wine EXE, the Windows program runs under Wine and is killed the same
way (SIGKILL to the Wine process is TerminateProcess to the program). Windows
cannot swap two folders in one step, so the previous site is renamed aside
and the new one into place: a kill between the two renames leaves no output/
but the previous site whole in `.output.pinpai-old-*/site`, which the next
build puts back. That ending is counted as "set aside" and passes only if the
folder set aside is exactly the previous site.
"""
import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO / "tools" / "gen_corpus.py"


def manifest(folder):
    """Every file under `folder` with the SHA-256 of its content."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def set_version(site, version):
    config = site / "site.yaml"
    lines = [l for l in config.read_text(encoding="utf-8").splitlines() if not l.startswith("title:")]
    config.write_text(f"title: 基准版本{version}\n" + "\n".join(lines) + "\n", encoding="utf-8")


def leftovers(parent):
    return sorted(p.name for p in parent.iterdir() if ".pinpai-new-" in p.name or ".pinpai-old-" in p.name)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--dir", type=Path, default=Path("/dev/shm"))
    ap.add_argument("--binary", type=Path, default=REPO / "target" / "release" / "pinpai")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--wine", type=Path, help="pinpai.exe, run under /usr/lib/wine/wine64")
    args = ap.parse_args()
    if args.wine:
        prefix = REPO / "target" / "wineprefix"
        os.environ.update(WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=")
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="pinpai-crash-", dir=args.dir))
    try:
        site = work / "site"
        subprocess.run([sys.executable, str(GEN), "plain", str(site), "--pages", str(args.pages)],
                       check=True, stdout=subprocess.DEVNULL)
        program = ["/usr/lib/wine/wine64", str(args.wine)] if args.wine else [str(args.binary)]
        build = lambda out: program + ["build", "--quiet", "--root", str(site), "--output", str(out)]
        versions = {}
        for v in (0, 1):
            set_version(site, v)
            started = time.perf_counter()
            subprocess.run(build(work / f"complete-{v}"), check=True)
            length = time.perf_counter() - started
            versions[v] = manifest(work / f"complete-{v}")
        output = site / "output"
        set_version(site, 0)
        subprocess.run(build(output), check=True)
        current = 0
        ended = {"old": 0, "new": 0, "set aside": 0, "neither": 0}
        failures = []
        for trial in range(1, args.trials + 1):
            target = 1 - current
            set_version(site, target)
            # A little past one build's length too, so that some kills land
            # on the swap and the removal of the previous site.
            delay = rng.uniform(0, 1.4 * length)
            proc = subprocess.Popen(build(output), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            found = manifest(output)
            aside = [manifest(site / d / "site") for d in leftovers(site) if ".pinpai-old-" in d]
            if not output.exists() and versions[current] in aside:
                ended["set aside"] += 1
            elif found == versions[current]:
                ended["old"] += 1
            elif found == versions[target]:
                ended["new"] += 1
                current = target
            else:
                ended["neither"] += 1
                old, new = versions[current], versions[target]
                missing = sorted(set(old) - set(found))
                changed_old = sorted(p for p in found if p in old and found[p] != old[p])
                changed_new = sorted(p for p in found if p in new and found[p] != new[p])
                failures.append(f"trial {trial} (killed after {delay:.2f} s): output is neither site: "
                                f"{len(found)} files; vs old: {len(missing)} missing {missing[:3]}, "
                                f"{len(changed_old)} differ {changed_old[:3]}; vs new: {len(changed_new)} "
                                f"differ {changed_new[:3]}")
            print(f"trial {trial:2}: killed after {delay:.2f} s → {'new' if current == target else 'old'} site; "
                  f"temporary folders beside output: {len(leftovers(site))}")
        before = leftovers(site)
        set_version(site, 1 - current)
        subprocess.run(build(output), check=True)
        after = leftovers(site)
        if manifest(output) != versions[1 - current]:
            failures.append("the build after the trials did not produce the complete site")
        if after:
            failures.append(f"temporary folders left after a normal build: {after}")
        print(f"\n{args.trials} kills of a {args.pages:,}-page build (one build: {length:.2f} s): "
              f"{ended['old']} left the old site, {ended['new']} the new one, "
              f"{ended['set aside']} the old one set aside between two renames, {ended['neither']} neither.")
        print(f"temporary folders of killed builds: {len(before)} before the next build, {len(after)} after it.")
        for f in failures:
            print("FAIL:", f)
        sys.exit(1 if failures else 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
