// Live preview in a real browser (issue 4): `pinpai serve` on a copy of the
// example site; an edit shows up without a manual reload (keeping the scroll
// position), a broken file shows the error overlay naming it, fixing it
// clears the overlay; Ctrl-C (SIGINT) stops the server and leaves no
// temporary folders behind. Run: node --test tests/browser/serve.test.mjs

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { binary, freePort, launchChromium, repoRoot, rmTemp, tempDir } from './lib.mjs';

let root;
let server;
let output = '';
let origin;
let browser;
let before_entries;

/** Resolves once the server's output contains `text`. */
function waitForOutput(text, timeout = 120000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (output.includes(text)) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeout || server.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`pinpai serve never printed ${JSON.stringify(text)}; output:\n${output}`));
      }
    }, 50);
  });
}

before(async () => {
  root = tempDir('pinpai-serve-');
  for (const name of ['site.yaml', 'content', 'static', 'themes']) {
    cpSync(join(repoRoot, name), join(root, name), { recursive: true });
  }
  before_entries = readdirSync(root).sort();
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['serve', '--root', root, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => { output += d; });
  server.stderr.on('data', (d) => { output += d; });
  await waitForOutput('网站已生成');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) server.kill('SIGKILL');
  rmTemp(root);
});

test('edits reload the page, errors show an overlay, Ctrl-C stops cleanly', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 300 } });
  await page.goto(`${origin}/about/`);
  // Wait until the live-reload script is connected.
  await page.waitForFunction(() => document.querySelector('script[src="/__pinpai/client.js"]'));
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, 250));
  const scrolled = await page.evaluate(() => window.scrollY);

  // 1. An edit appears without a manual reload, at the same scroll position.
  const marker = `实时预览测试文字${Date.now()}`;
  appendFileSync(join(root, 'content', 'about.md'), `\n\n${marker}\n`);
  await page.waitForFunction((m) => document.body.innerText.includes(m), marker, { timeout: 30000 });
  await page.waitForLoadState('load');
  if (scrolled > 0) {
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, scrolled, { timeout: 5000 });
  }

  // 2. A broken file: the overlay names it with path:line.
  const broken = join(root, 'content', 'news', 'broken-serve-test.md');
  writeFileSync(broken, '---\ntitle: 出错的新闻\ndate: 不是日期\n---\n正文\n');
  const overlay = page.locator('#pinpai-errors');
  await overlay.waitFor({ state: 'visible', timeout: 30000 });
  const text = await overlay.innerText();
  assert.match(text, /content\/news\/broken-serve-test\.md:3: /);
  // The last good site is still what is shown under the overlay.
  assert.ok((await page.content()).includes(marker));

  // 3. Fixing the file clears the overlay.
  writeFileSync(broken, '---\ntitle: 修好的新闻\ndate: 2024-06-01\n---\n正文\n');
  await overlay.waitFor({ state: 'detached', timeout: 30000 });
  const fixed = await (await fetch(`${origin}/news/broken-serve-test/`)).text();
  assert.ok(fixed.includes('修好的新闻'));
  rmSync(broken);
  await page.close();

  // 4. Ctrl-C: the server exits at once and leaves nothing behind.
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  server.kill('SIGINT');
  const { code } = await Promise.race([
    exited,
    new Promise((_, reject) => setTimeout(() => reject(new Error('serve did not stop within 10 s')), 10000)),
  ]);
  assert.equal(code, 0, output);
  assert.match(output, /已停止预览/);
  const left = readdirSync(root).filter((n) => n !== '.pinpai-cache').sort();
  assert.deepEqual(left, before_entries.filter((n) => n !== '.pinpai-cache'), 'no temporary folders left in the site');
});
