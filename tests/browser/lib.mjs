// Shared helpers for the browser tests in tests/browser/.
//
//   buildSite(root, output)  build a site with the already-built debug binary
//                            (target/debug/pinpai); throws if it is missing
//   tempDir(prefix)          fresh folder under the OS temp dir (remove with rmTemp)
//   serve(dir)               static HTTP server on 127.0.0.1:<random port>
//                            → { origin, close() }
//   launchChromium()         headless Debian Chromium via playwright-core
//   watch(page, origin)      record console errors, page errors, failed
//                            requests and requests that leave `origin`
//                            → { problems: string[] }
//   freePort()               a free loopback TCP port (for pinpai serve)
//   loadAllImages(page)      scroll every <img> into view, wait for it, and
//                            return the sources of those that did not load
//
// Nothing here downloads anything: Chromium is the system package and every
// request that does not go to the test server is aborted (and reported).

import { createServer as createNetServer } from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The debug binary that `cargo build` (run by .ci/run before npm test) leaves behind. */
export const binary = join(repoRoot, 'target', 'debug', process.platform === 'win32' ? 'pinpai.exe' : 'pinpai');

/** Path of a file in node_modules, e.g. `nodeModule('axe-core/axe.min.js')`. */
export const nodeModule = (path) => join(repoRoot, 'node_modules', path);

/** A fresh empty folder in the OS temp dir. */
export function tempDir(prefix = 'pinpai-test-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Remove a folder made by `tempDir` (ignores errors). */
export function rmTemp(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * Build the site in `root` into `output` with target/debug/pinpai.
 * Throws with the binary's output if it fails, and with a clear message if
 * the binary has not been built — a missing binary is a failure, not a skip.
 */
export function buildSite(root, output) {
  if (!existsSync(binary)) {
    throw new Error(
      `${binary} does not exist: run \`cargo build\` first (.ci/run does this before \`npm test\`).`,
    );
  }
  const r = spawnSync(binary, ['build', '--quiet', '--root', root, '--output', output], {
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`pinpai build --root ${root} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  return output;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serve `dir` over HTTP on 127.0.0.1 with a random port, like a plain web
 * server would: `/x/` → `/x/index.html`, unknown paths → the site's
 * `404.html` with status 404. Resolves to `{ origin, close }`.
 */
export async function serve(dir) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = resolve(root, '.' + path);
      let status = 200;
      let body;
      let type;
      if ((file === root || file.startsWith(root + sep)) && (await isFile(file))) {
        body = await readFile(file);
        type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      } else {
        status = 404;
        const notFound = join(root, '404.html');
        body = (await isFile(notFound)) ? await readFile(notFound) : 'not found';
        type = TYPES['.html'];
      }
      res.writeHead(status, { 'content-type': type, 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/** Headless Debian Chromium (/usr/bin/chromium, or $CHROMIUM). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Watch a page for trouble. `origin` is the only place it may load from
 * (`'file://'` for a site opened from disk); any other request is aborted
 * and reported. `expectStatus` maps URLs to an expected HTTP error status
 * (the 404 page itself). Call before `page.goto`.
 */
export async function watch(page, origin, { expectStatus = {} } = {}) {
  const problems = [];
  const allowed = (url) =>
    url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank';
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    problems.push(`request to an outside host: ${url}`);
    return route.abort('blockedbyclient');
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    // Chromium logs "Failed to load resource … 404" for an expected 404 page.
    if (expectStatus[where] && /status of \d+/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (!allowed(req.url())) return; // already reported above
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    const want = expectStatus[res.url()] ?? 200;
    if (res.status() >= 400 && res.status() !== want) {
      problems.push(`HTTP ${res.status()}: ${res.url()}`);
    }
  });
  return { problems };
}

/**
 * Scroll every rendered `<img>` into view (so lazy ones load), wait up to
 * `timeout` ms for each, then return the src of every one that has not
 * loaded (`naturalWidth == 0`). Images the layout does not show at this
 * width (`display: none` on them or a parent) are left out: a lazy image
 * there is never fetched, by design. An empty array means all is fine.
 */
export async function loadAllImages(page, timeout = 5000) {
  return page.evaluate(async (timeout) => {
    const loaded = (img) => img.complete && img.naturalWidth > 0;
    const shown = [...document.images].filter((img) => img.checkVisibility());
    for (const img of shown) {
      img.scrollIntoView({ block: 'center' });
      const until = Date.now() + timeout;
      // `complete` stays false until a (lazy) image has loaded or failed.
      while (!img.complete && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    window.scrollTo(0, 0);
    return shown.filter((img) => !loaded(img)).map((img) => img.currentSrc || img.src);
  }, timeout);
}

/** A free TCP port on loopback, for a `pinpai serve` of a test. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * `pinpai serve` on `root` at a free port, resolved once the first build is
 * done. `output()` is everything it printed so far; `stop()` kills it.
 */
export async function startServe(root, args = []) {
  const port = await freePort();
  const server = spawn(binary, ['serve', '--root', root, '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (d) => { output += d; });
  server.stderr.on('data', (d) => { output += d; });
  const started = Date.now();
  while (!output.includes('网站已生成')) {
    if (Date.now() - started > 120000 || server.exitCode !== null) {
      server.kill('SIGKILL');
      throw new Error(`pinpai serve never finished its first build; output:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => { if (server.exitCode === null) server.kill('SIGKILL'); },
  };
}

/** A page of its own at `width` × 768, with axe let in despite the
 * workbench's CSP; a script error fails the test. */
export async function newPage(browser, width = 1366) {
  const context = await browser.newContext({ viewport: { width, height: 768 }, bypassCSP: true, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw new Error(`script error: ${e.message}`); });
  return page;
}

/** axe-core on the page: no serious or critical violation. */
export async function axe(page, what) {
  await page.addScriptTag({ path: nodeModule('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  if (violations.length) throw new Error(`${what}: axe violations:\n${violations.join('\n')}`);
}

/** `pinpai user add NAME --role ROLE [--levels …]`, the password piped in. */
export function addUser(root, name, role, levels, password) {
  const args = ['user', 'add', name, '--role', role, '--root', root];
  if (levels) args.push('--levels', levels);
  const run = spawnSync(binary, args, { input: `${password}\n`, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pinpai user add ${name}: ${run.stderr}`);
}
