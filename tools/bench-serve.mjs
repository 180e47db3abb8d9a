// Save-to-reload time: edit one Markdown file, wait for the reload event.
// Appends a line to member pages of the site (use a throw-away copy).
//   python3 tools/gen_corpus.py pinpai /tmp/bench10k --pages 10000
//   cargo build --release
//   PINPAI_TIMINGS=1 node tools/bench-serve.mjs target/release/pinpai /tmp/bench10k 18203 10
// Arguments: binary, site, port, number of edits; GAP=ms between edits (400);
// EDIT=title changes the page's title (front matter) instead of its body.
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [bin, root, port = '18200', runs = '8'] = process.argv.slice(2);
const srv = spawn(bin, ['serve', '--root', root, '--port', port], { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
srv.stdout.on('data', (d) => { out += d; }); srv.stderr.on('data', (d) => { out += d; });
while (!out.includes('网站已生成')) await new Promise((r) => setTimeout(r, 100));
const res = await fetch(`http://127.0.0.1:${port}/__pinpai/events`);
const reader = res.body.getReader();
const dec = new TextDecoder(); let buf = ''; const waiters = [];
(async () => { for (;;) { const { value, done } = await reader.read(); if (done) break; buf += dec.decode(value);
  let i; while ((i = buf.indexOf('\n\n')) >= 0) { const ev = buf.slice(0, i); buf = buf.slice(i + 2);
    const data = ev.split('\n').find((l) => l.startsWith('data:')); if (data && waiters.length) waiters.shift()(JSON.parse(data.slice(5))); } } })();
const next = () => new Promise((r) => waiters.push(r));
await new Promise((r) => setTimeout(r, 500));
const dir = join(root, 'content', 'members');
const files = readdirSync(dir).filter((f) => f.endsWith('.md') && !f.startsWith('_'));
const times = [];
for (let n = 0; n < +runs; n++) {
  const f = join(dir, files[n * 37 % files.length]);
  const p = next(); const t0 = performance.now();
  if (process.env.EDIT === 'title') writeFileSync(f, readFileSync(f, 'utf8').replace('title: ', `title: 第${n}次改名 `));
  else appendFileSync(f, `\n\n第 ${n} 次修改的正文。\n`);
  const s = await p; const ms = performance.now() - t0; times.push(ms);
  if (s.errors.length) console.log('errors', s.errors);
  await new Promise((r) => setTimeout(r, +(process.env.GAP || 400)));
}
times.sort((a, b) => a - b);
console.log('save→reload ms:', times.map((t) => t.toFixed(0)).join(' '), ' median', times[times.length >> 1].toFixed(0));
console.log(out.split('\n').filter((l) => l.includes('已') || l.includes(' ms')).slice(-8).join('\n'));
srv.kill('SIGINT');
