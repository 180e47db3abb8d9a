// Save → preview in the workbench (CONTENT-MODEL §9.1): the officer
// changes a page's title in the form and presses 保存; how long until the
// preview serves the page with the new title? Measured as the workbench
// does it: `POST /_pinpai/api/field` with the page's token, then the
// serve's own build event, then the page fetched until it shows the title.
//
//   cargo build --release
//   node tools/bench-workbench.mjs                       # example site, 20 saves
//   node tools/bench-workbench.mjs --pages 1000          # a generated 1,000-page site
//   node tools/bench-workbench.mjs --site DIR --saves 40 # a site of your own (a copy: it is changed)
//
// Targets (issue 26): median under 150 ms on the example site and under
// 300 ms on 1,000 pages. Prints the machine line, every time, the median
// and the 90th percentile. No figure here is asserted by a test.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]?.startsWith('--') ? true : all[i + 1] ?? true]);
  return pairs;
}, []));
const binary = args.binary || join(repo, 'target/release/pinpai');
const saves = Number(args.saves || 20);
const port = Number(args.port || 18311);

function site() {
  const dir = mkdtempSync(join(process.env.BENCH_DIR || (process.platform === 'linux' ? '/dev/shm' : tmpdir()), 'pinpai-wb-'));
  if (args.site) cpSync(args.site, dir, { recursive: true });
  else if (args.pages) execFileSync('python3', [join(repo, 'tools/gen_corpus.py'), 'pinpai', dir, '--pages', String(args.pages)]);
  else for (const name of ['site.yaml', 'content', 'static', 'data']) cpSync(join(repo, name), join(dir, name), { recursive: true });
  return dir;
}

const root = site();
const origin = `http://127.0.0.1:${port}`;
const server = spawn(binary, ['serve', '--root', root, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
let said = '';
server.stdout.on('data', (d) => { said += d; });
server.stderr.on('data', (d) => { said += d; });
process.on('exit', () => { server.kill('SIGKILL'); rmSync(root, { recursive: true, force: true }); });
while (!said.includes('网站已生成')) {
  if (server.exitCode !== null) throw new Error(said);
  await new Promise((r) => setTimeout(r, 50));
}

// The token is in the workbench page, as the browser gets it.
const home = await (await fetch(`${origin}/_pinpai/`, { headers: { 'Sec-Fetch-Dest': 'document' } })).text();
const token = /name="pinpai-token" content="([^"]+)"/.exec(home)[1];
const headers = { 'X-Pinpai-Token': token, Origin: origin, 'Content-Type': 'application/json' };

// Build events, as the open preview gets them.
const events = await fetch(`${origin}/__pinpai/events`);
const reader = events.body.getReader();
const waiting = [];
let buffer = '';
(async () => {
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value);
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').find((l) => l.startsWith('data:'));
      if (data) for (const w of waiting.splice(0)) w(JSON.parse(data.slice(5)));
    }
  }
})();
const nextBuild = () => new Promise((r) => waiting.push(r));
await new Promise((r) => setTimeout(r, 300));

// Pages to change: plain news pages (no other page lists their title
// except the section's and the home page's lists).
const list = await (await fetch(`${origin}/_pinpai/api/pages`)).json();
// Drafts are not in the preview (as in `pinpai serve`), so not measured.
const pages = list.sections.flatMap((s) => s.pages)
  .filter((p) => p.path.startsWith('content/news/') && p.url && p.state !== '草稿');
const times = [];
for (let n = 0; n < saves; n++) {
  const page = pages[(n * 7) % pages.length];
  const opened = await (await fetch(`${origin}/_pinpai/api/file?path=${encodeURIComponent(page.path)}`)).json();
  const title = `工作台第${n}次修改的标题`;
  const built = nextBuild();
  const started = performance.now();
  const saved = await fetch(`${origin}/_pinpai/api/field`, {
    method: 'POST', headers, body: JSON.stringify({ path: page.path, digest: opened.digest, key: 'title', value: title }),
  });
  if (saved.status !== 200) throw new Error(`${page.path}: ${saved.status} ${await saved.text()}`);
  const status = await built;
  if (status.errors.length) throw new Error(status.errors.join('\n'));
  // The preview serves the new title (normally at once after the event).
  for (const deadline = performance.now() + 10000; ;) {
    const html = await (await fetch(origin + page.url)).text();
    if (html.includes(title)) break;
    if (performance.now() > deadline) throw new Error(`${page.url}: the preview never showed the new title`);
  }
  times.push(performance.now() - started);
  if (args.verbose) console.error(`${n} ${page.path} ${times.at(-1).toFixed(0)} ms`);
  await new Promise((r) => setTimeout(r, 250));
}

const sorted = [...times].sort((a, b) => a - b);
const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB; ${version}`);
console.log(`site: ${args.site || (args.pages ? `generated, ${args.pages} pages` : 'the example site')} (${pages.length} news pages changed in turn)`);
console.log(`save → preview ms: ${times.map((t) => t.toFixed(0)).join(' ')}`);
console.log(`median ${at(0.5).toFixed(0)} ms, 90th percentile ${at(0.9).toFixed(0)} ms over ${saves} saves`);
server.kill('SIGINT');
process.exit(0);
