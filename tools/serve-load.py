#!/usr/bin/env python3
"""`pinpai serve` under load while a content file is saved every second (issue 15).

    python3 tools/serve-load.py [--connections 200] [--duration 20] [--threads 2]
    python3 tools/serve-load.py --smoke --binary target/debug/pinpai     50 connections, 5 s (CI)
    python3 tools/serve-load.py --site /path/to/site --port 18300 --max-growth 30

Copies the repository's example site (site.yaml, content/, static/, data/,
templates/ and the theme folder it names, when there) into a fresh folder
under --dir, so the repository is never touched (or uses --site as it is:
one of its Markdown files gets edited), starts `pinpai serve` on it and
waits for the home page. The paths to load are read from the running
site: the home page, a few content pages from its links (one per section),
its first style sheet and images, and the search index that the search
page's script loads. Then `wrk` keeps --connections connections busy for
--duration seconds, cycling through those paths, while this script saves
one content page every second (a new marker line in its body, so every
save is a real change and serve rebuilds) and samples serve's memory
(VmRSS in /proc).

Fails (exit 1) on: any response with status 400 or above, any socket error
wrk reports (connect, read, write, timeout after --timeout seconds), serve
exiting or failing a rebuild, the page not showing the last saved marker
within 15 s after the load, serve not stopping on Ctrl-C, or memory not
flat: RSS at the end minus RSS after 5 s of load (half the run if that is
shorter) above --max-growth MB. Prints requests, requests/s, latency
p50/p99/max, errors, the RSS series (MB, one a second), saves and
rebuilds, then PASS or FAIL.

pinpai is --binary: target/release/pinpai if it exists, else
target/debug/pinpai (this script never builds it). Needs `wrk` on PATH.
"""
import argparse
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ["site.yaml", "content", "static", "data", "templates"]
START_TIMEOUT = 120   # seconds for the first build
REBUILD_TIMEOUT = 15  # seconds for the last save to be served
STOP_GRACE = 10       # seconds serve may take to stop on Ctrl-C

# Cycles through `paths` (each thread from its own offset); counts statuses
# by class in every thread and gathers the counts in done() through the
# thread objects setup() kept: wrk's threads each have their own Lua state.
WRK_SCRIPT = r"""
local paths = {%(paths)s}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads * 7)
end

function init(args)
  n = offset or 0
  s2, s3, s4, s5, bad = 0, 0, 0, 0, ""
  requests = {}
  for i, p in ipairs(paths) do requests[i] = wrk.format("GET", p) end
end

function request()
  n = n + 1
  return requests[n %% #requests + 1]
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
  if status >= 400 and #bad < 200 then bad = bad .. status .. " " end
end

function done(summary, latency, requests)
  local t = {s2 = 0, s3 = 0, s4 = 0, s5 = 0}
  local bad_all = ""
  for _, thread in ipairs(threads) do
    for k in pairs(t) do t[k] = t[k] + thread:get(k) end
    bad_all = bad_all .. thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    "SERVE-LOAD requests=%%d duration_us=%%d bytes=%%d connect=%%d read=%%d write=%%d " ..
    "status=%%d timeout=%%d p50_us=%%d p99_us=%%d max_us=%%d s2=%%d s3=%%d s4=%%d s5=%%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(99), latency.max,
    t.s2, t.s3, t.s4, t.s5))
  io.write("SERVE-LOAD-BAD " .. bad_all .. "\n")
end
"""


class Links(HTMLParser):
    """href, src and (form) action attributes of a page, in order."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append((tag, value))


def default_binary():
    release = REPO / "target" / "release" / "pinpai"
    return release if release.is_file() else REPO / "target" / "debug" / "pinpai"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def theme_name(config):
    match = re.search(r"^theme:\s*[\"']?([^\"'#\s]+)", config.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else "default"


def copy_site(source, dest):
    """What a build of `source` reads, copied into `dest`."""
    dest.mkdir()
    for part in SITE_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    theme = source / "themes" / theme_name(source / "site.yaml")
    if theme.is_dir():
        shutil.copytree(theme, dest / "themes" / theme.name)
    return dest


def fetch(url, timeout=10):
    """(status, body) of a GET; redirects followed."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_until_up(base, proc):
    """True once `base` answers 200 (after the first build)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if fetch(base, timeout=2)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def links_of(base, path):
    """Site paths (`/x/y`, percent-encoded) linked from the page at `path`."""
    _, body = fetch(base + path.lstrip("/"))
    parser = Links()
    parser.feed(body.decode("utf-8", "replace"))
    out = []
    for tag, link in parser.links:
        url = urllib.parse.urlsplit(urllib.parse.urljoin(base + path.lstrip("/"), link))
        if url.scheme != "http" or url.netloc != urllib.parse.urlsplit(base).netloc:
            continue
        if url.path.startswith("/__pinpai/"):
            continue
        out.append((tag, urllib.parse.quote(url.path, safe="/%")))
    return out


def search_index(base, home_links):
    """The search index the search page's script loads first, if the site has one."""
    page = next((p for _, p in home_links if p.rstrip("/").endswith("search") or "/search/" in p), None)
    if page is None:
        return None
    for tag, script in links_of(base, page):
        if tag == "script" and script.endswith("search.js"):
            _, js = fetch(base + script.lstrip("/"))
            found = re.search(r"load\('([^']+\.js)'\)", js.decode("utf-8", "replace"))
            if found:
                return script.rsplit("/", 2)[0] + "/" + found.group(1)
    return None


def pick_paths(base, site):
    """Paths to load and the content file to save: (paths, file, its page)."""
    home = links_of(base, "/")
    pages = []
    sections = set()
    for _, p in home:
        parts = p.strip("/").split("/")
        if len(parts) == 3 and parts[2] == "index.html" and parts[0] not in sections:
            sections.add(parts[0])
            pages.append(p)
    styles = [p for _, p in home if p.endswith(".css")][:1]
    images = []  # the first image of each folder (web versions, static files)
    for p in (p for tag, p in home if tag == "img"):
        if all(p.rsplit("/", 1)[0] != q.rsplit("/", 1)[0] for q in images):
            images.append(p)
    edited, page = content_file(site, [p for _, p in home])
    paths = ["/"] + pages[:4] + [page] + styles + images[:2]
    search = search_index(base, home)
    if search:
        paths.append(search)
    return list(dict.fromkeys(paths)), edited, page


def content_file(site, links):
    """A Markdown page under content/ that the home page links to, and its path;
    one in a section (a subfolder) first."""
    found = sorted((site / "content").rglob("*.md"), key=lambda md: (md.parent == site / "content", md))
    for md in found:
        stem = md.parent.name if md.stem in ("index", "_index") else md.stem
        if md.stem == "_index" or not stem.isascii():
            continue
        for link in links:
            if f"/{stem}/" in link:
                return md, link
    sys.exit("no content page linked from the home page found to edit")


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def save(md, original, n, token):
    md.write_text(original.rstrip("\n") + f"\n\n负载测试第 {n} 次保存：{token}-{n}\n", encoding="utf-8")


def wrk_command(args, base, script):
    return ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s",
            "--timeout", f"{args.timeout}s", "-s", str(script), base]


def load(args, serve, base, edited, original, token, work):
    """Runs wrk while saving `edited` every second; (wrk figures, saves, RSS series)."""
    script = work / "load.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(f'"{p}"' for p in args.paths)})
    out = work / "wrk.out"
    rss = [rss_mb(serve.pid)]
    saves = 0
    with open(out, "w", encoding="utf-8") as sink:
        wrk = subprocess.Popen(wrk_command(args, base, script), stdout=sink, stderr=subprocess.STDOUT)
        start = time.monotonic()
        try:
            while wrk.poll() is None:
                time.sleep(max(0.0, start + len(rss) - time.monotonic()))
                if serve.poll() is not None:
                    break
                rss.append(rss_mb(serve.pid))
                if saves < args.duration - 1 and wrk.poll() is None:
                    saves += 1
                    save(edited, original, saves, token)
        finally:
            end_wrk(wrk)
    rss.append(rss_mb(serve.pid))
    return wrk_figures(out.read_text(errors="replace")), saves, rss


def wrk_figures(text):
    """The figures the Lua script's done() printed, wrk's whole output as `output`."""
    lines = text.splitlines()
    summary = " ".join(l for l in lines if l.startswith("SERVE-LOAD "))
    figures = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", summary)}
    bad = [l.split()[1:] for l in lines if l.startswith("SERVE-LOAD-BAD")]
    figures["bad"] = bad[0] if bad else []
    figures["output"] = text
    return figures


def end_wrk(wrk):
    """Stops wrk early with Ctrl-C, so that it still prints its figures."""
    if wrk.poll() is None:
        wrk.send_signal(signal.SIGINT)
    try:
        wrk.wait(5)
    except subprocess.TimeoutExpired:
        wrk.kill()
        wrk.wait()


def served_last_save(base, page, token, saves):
    """Seconds until the page shows the last save's marker, or None."""
    marker = f"{token}-{saves}".encode()
    start = time.monotonic()
    while time.monotonic() - start < REBUILD_TIMEOUT:
        status, body = fetch(base + page.lstrip("/"))
        if status == 200 and marker in body:
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def stop(proc):
    """Ctrl-C, then SIGKILL after STOP_GRACE; True if it stopped cleanly,
    None if it had already ended."""
    if proc.poll() is not None:
        return None
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(STOP_GRACE) == 0
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return False


def memory_growth(rss, duration):
    """RSS at the end minus RSS after 5 s of load (or half the run if shorter)."""
    if len(rss) < 2:
        return None  # serve ended before a second sample
    base = rss[min(5, max(1, duration // 2), len(rss) - 1)]
    return rss[-1] - base if base is not None and rss[-1] is not None else None


def traffic_report(args, figures):
    """Prints what wrk saw; returns the failures among it."""
    secs = figures.get("duration_us", 0) / 1e6 or 1
    count = lambda key: figures.get(key, 0)
    print(f"\n{args.connections} connections, {args.threads} wrk threads, {secs:.1f} s, "
          f"{len(args.paths)} paths: {', '.join(urllib.parse.unquote(p) for p in args.paths)}")
    print(f"requests: {count('requests'):,} ({count('requests') / secs:,.0f}/s, "
          f"{count('bytes') / secs / 1e6:,.1f} MB/s); latency p50 {count('p50_us') / 1000:.1f} ms, "
          f"p99 {count('p99_us') / 1000:.1f} ms, max {count('max_us') / 1000:.1f} ms")
    print(f"statuses: 2xx {count('s2'):,}, 3xx {count('s3'):,}, 4xx {count('s4'):,}, 5xx {count('s5'):,}")
    errors = {k: count(k) for k in ("connect", "read", "write", "timeout")}
    print("socket errors: " + ", ".join(f"{k} {v}" for k, v in errors.items()))
    failures = []
    if "requests" not in figures:
        failures.append("no figures from wrk:\n" + figures["output"])
    if count("s4") or count("s5"):
        failures.append(f"{count('s4') + count('s5')} responses with status >= 400 "
                        f"(first ones: {' '.join(figures['bad'][:20])})")
    if any(errors.values()):
        failures.append("socket errors: " + ", ".join(f"{k} {v}" for k, v in errors.items() if v))
    return failures


def memory_report(args, rss):
    """Prints the RSS series; returns the failure if memory was not flat."""
    print("serve RSS MB, one a second: " + " ".join("-" if r is None else f"{r:.0f}" for r in rss))
    growth = memory_growth(rss, args.duration)
    if growth is None:
        return []  # serve is gone: reported as such
    known = [r for r in rss if r is not None]
    print(f"  start {rss[0]:.1f}, max {max(known):.1f}, end {rss[-1]:.1f} MB; "
          f"growth after the first seconds: {growth:+.1f} MB")
    if growth > args.max_growth:
        return [f"memory not flat: grew {growth:.1f} MB after the first seconds (allowed {args.max_growth} MB)"]
    return []


def rebuild_report(saves, log):
    """Prints saves and rebuilds (from serve's output); returns failed rebuilds."""
    updated, failed = log.count("已更新"), log.count("生成失败")
    ms = sorted(float(n) * (1000 if unit == "秒" else 1)
                for n, unit in re.findall(r"已更新：.*用时 ([\d.]+) (毫秒|秒)", log))
    took = f" in {ms[len(ms) // 2]:.0f} ms (median), {ms[-1]:.0f} ms (max)" if ms else ""
    print(f"saves: {saves}; rebuilds: {updated} served{took}, {failed} failed")
    return [f"{failed} rebuilds failed:\n{tail(log)}"] if failed else []


def tail(log, lines=20):
    return "\n".join(log.splitlines()[-lines:])


def run(args, work):
    site = args.site or copy_site(REPO, work / "site")
    log_path = work / "serve.log"
    base = f"http://127.0.0.1:{args.port}/"
    failures = []
    original = None
    with open(log_path, "w", encoding="utf-8") as log:
        serve = subprocess.Popen([str(args.binary), "serve", "--root", str(site), "--port", str(args.port)],
                                 stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        if not wait_until_up(base, serve):
            return [f"serve did not answer 200 on / within {START_TIMEOUT} s:\n{log_path.read_text()}"]
        args.paths, edited, page = pick_paths(base, site)
        for p in args.paths:
            status = fetch(base + p.lstrip("/"))[0]
            if status != 200:
                return [f"{p} answers {status} before the load: the script picked a wrong path"]
        print(f"serve on {base} (pid {serve.pid}); saving {edited.relative_to(site)} ({page}) every second")
        token = secrets.token_hex(4)
        original = edited.read_text(encoding="utf-8")
        figures, saves, rss = load(args, serve, base, edited, original, token, work)
        if serve.poll() is not None:
            failures.append(f"serve exited with {serve.returncode} under load:\n{tail(log_path.read_text())}")
        else:
            waited = served_last_save(base, page, token, saves) if saves else 0.0
            if waited is None:
                failures.append(f"{page} does not show save {saves} after {REBUILD_TIMEOUT} s")
            else:
                print(f"last save (no. {saves}) served {waited:.2f} s after the load ended")
    finally:
        clean = stop(serve)
        if args.site and original is not None:
            edited.write_text(original, encoding="utf-8")  # leave --site as it was
    failures += traffic_report(args, figures) + memory_report(args, rss)
    failures += rebuild_report(saves, log_path.read_text(errors="replace"))
    if clean is False:
        failures.append(f"serve did not stop cleanly on Ctrl-C (exit {serve.returncode})")
    return failures


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    # Ctrl-C (even when started in the background, where SIGINT comes
    # ignored) and kill both end the run through the clean-up below.
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", type=Path, default=default_binary())
    ap.add_argument("--site", type=Path, help="serve this site as it is (default: a copy of the example)")
    ap.add_argument("--connections", type=int, default=200)
    ap.add_argument("--duration", type=int, default=20, help="seconds")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=2, help="seconds before wrk counts a request as timed out")
    ap.add_argument("--port", type=int, default=0, help="default: a free one")
    ap.add_argument("--max-growth", type=float, default=30, help="MB of RSS growth allowed")
    ap.add_argument("--dir", type=Path, help="parent of the temporary folder")
    ap.add_argument("--smoke", action="store_true", help="50 connections for 5 s")
    args = ap.parse_args()
    if args.smoke:
        args.connections, args.duration = 50, 5
    args.port = args.port or free_port()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found (apt-get install wrk)")
    work = Path(tempfile.mkdtemp(prefix="pinpai-serve-load-", dir=args.dir))
    try:
        failures = run(args, work)
    except KeyboardInterrupt:
        failures = ["interrupted"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("FAIL" if failures else "PASS")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
