// The workbench under load (issue 27): 50 signed-in colleagues browsing
// (the page list, forms, the preview) while 5 save pages, for 60 s, on
// loopback only. Checks that no request fails, no save is lost (each
// saver's last title is the one on disk), and the server's memory stays
// flat; prints the figures.
//
//   cargo build --release
//   node tools/load-workbench.mjs                  # 50 browsing + 5 saving, 60 s
//   node tools/load-workbench.mjs --browsers 20 --savers 2 --seconds 20
//
// Exits 1 when a request failed or a save was lost. No figure here is
// asserted by a test: run it and read it.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]?.startsWith('--') ? true : all[i + 1] ?? true]);
  return pairs;
}, []));
const binary = args.binary || join(repo, 'target/release/pinpai');
const browsers = Number(args.browsers || 50);
const savers = Number(args.savers || 5);
const seconds = Number(args.seconds || 60);
const port = Number(args.port || 18411);
const PASSWORD = 'load-test-2024';

const root = mkdtempSync(join(process.platform === 'linux' ? '/dev/shm' : tmpdir(), 'pinpai-load-'));
for (const name of ['site.yaml', 'content', 'static', 'data']) cpSync(join(repo, name), join(root, name), { recursive: true });
// One page per saver, nobody else writes it.
for (let i = 0; i < savers; i++) {
  writeFileSync(join(root, `content/news/load-${i}.md`), `---\ntitle: 压力测试 ${i} 起点\ndate: 2024-07-01\n---\n正文。\n`);
}
for (const [name, role, levels] of [['浏览', '审核', '初审'], ['保存', '编辑', null]]) {
  const a = ['user', 'add', name, '--role', role, '--root', root];
  if (levels) a.push('--levels', levels);
  const run = spawnSync(binary, a, { input: `${PASSWORD}\n`, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
}

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

function rssMb() {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** A signed-in colleague: cookie and page token. */
async function signIn(name) {
  const r = await fetch(`${origin}/_pinpai/api/signin`, {
    method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`sign-in ${r.status}: ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const page = await (await fetch(`${origin}/_pinpai/`, { headers: { Cookie: cookie } })).text();
  const token = /name="pinpai-token" content="([^"]+)"/.exec(page)[1];
  return { cookie, token };
}

const failures = [];
const browseTimes = [];
const saveTimes = [];
const stopAt = Date.now() + seconds * 1000;

async function timed(times, what, work) {
  const t = performance.now();
  try {
    const status = await work();
    times.push(performance.now() - t);
    if (status !== 200 && status !== 304) failures.push(`${what}: ${status}`);
  } catch (e) {
    failures.push(`${what}: ${e.message}`);
  }
}

const targets = ['/_pinpai/api/pages', '/_pinpai/api/form?path=content%2Fnews%2Fload-0.md', '/', '/branches/', '/news/'];

async function browse(person, n) {
  let i = n;
  while (Date.now() < stopAt) {
    const url = targets[i++ % targets.length];
    await timed(browseTimes, `GET ${url}`, async () => {
      const r = await fetch(origin + url, { headers: { Cookie: person.cookie } });
      await r.arrayBuffer();
      return r.status;
    });
  }
}

const lastSaved = [];
async function save(person, n) {
  const path = `content/news/load-${n}.md`;
  let count = 0;
  while (Date.now() < stopAt) {
    const title = `压力测试 ${n} 第 ${++count} 次`;
    await timed(saveTimes, `save ${path}`, async () => {
      const file = await fetch(`${origin}/_pinpai/api/file?path=${encodeURIComponent(path)}`, { headers: { Cookie: person.cookie } });
      const { digest } = await file.json();
      const r = await fetch(`${origin}/_pinpai/api/edit`, {
        method: 'POST',
        headers: { Cookie: person.cookie, Origin: origin, 'X-Pinpai-Token': person.token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ path, digest, fields: [{ key: 'title', value: title }] }),
      });
      await r.arrayBuffer();
      if (r.status === 200) lastSaved[n] = title;
      return r.status;
    });
  }
}

const reader = await signIn('浏览');
const writer = await signIn('保存');
const memory = [];
const sampler = setInterval(() => memory.push(rssMb()), 1000);
memory.push(rssMb());
const started = performance.now();
await Promise.all([
  ...Array.from({ length: browsers }, (_, i) => browse(reader, i)),
  ...Array.from({ length: savers }, (_, i) => save(writer, i)),
]);
const wall = (performance.now() - started) / 1000;
clearInterval(sampler);
memory.push(rssMb());

const lost = [];
for (let i = 0; i < savers; i++) {
  const text = readFileSync(join(root, `content/news/load-${i}.md`), 'utf8');
  if (lastSaved[i] && !text.includes(`title: ${lastSaved[i]}`)) lost.push(`load-${i}.md: last saved "${lastSaved[i]}", on disk ${text.split('\n')[1]}`);
}
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const tenth = memory[Math.min(memory.length - 1, 10)];
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, site on ${root.startsWith('/dev/shm') ? 'tmpfs' : 'disk'}`);
console.log(`load: ${browsers} browsing + ${savers} saving for ${wall.toFixed(1)} s`);
console.log(`browsing: ${browseTimes.length} requests (${(browseTimes.length / wall).toFixed(0)}/s), median ${pct(browseTimes, 0.5).toFixed(1)} ms, 99th ${pct(browseTimes, 0.99).toFixed(1)} ms`);
console.log(`saving: ${saveTimes.length} saves (${(saveTimes.length / wall).toFixed(1)}/s), median ${pct(saveTimes, 0.5).toFixed(1)} ms, 99th ${pct(saveTimes, 0.99).toFixed(1)} ms`);
console.log(`memory (RSS): ${memory[0].toFixed(0)} MB at start, ${tenth.toFixed(0)} MB after 10 s, ${Math.max(...memory).toFixed(0)} MB at most, ${memory[memory.length - 1].toFixed(0)} MB at the end`);
console.log(`failed requests: ${failures.length}${failures.length ? ' — ' + [...new Set(failures)].slice(0, 5).join('; ') : ''}`);
console.log(`lost saves: ${lost.length}${lost.length ? ' — ' + lost.join('; ') : ''}`);
process.exitCode = failures.length || lost.length ? 1 : 0;
