// Pages made by `pinpai import` from a Word draft and a saved WeChat
// article (CONTENT-MODEL §8.2), as a reader sees them: built with --drafts,
// every picture loads, axe-core finds no serious or critical violation, the
// Nu HTML checker no error, and a phone-width screen does not scroll
// sideways. Screenshots go to target/screenshots/import-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  binary, launchChromium, loadAllImages, nodeModule, repoRoot, rmTemp, serve, tempDir, watch,
} from './lib.mjs';

const WIDTHS = [1280, 390];
const DOCUMENTS = [
  ['Word (python-docx)', 'tests/fixtures/import/python-docx.docx', 'news'],
  ['Word (LibreOffice)', 'tests/fixtures/import/libreoffice.docx', 'volunteer'],
  ['WeChat article', 'tests/fixtures/import/wechat/文章.html', 'news'],
];

let root;
let site;
let server;
let browser;
const pages = [];

function run(args) {
  const r = spawnSync(binary, [...args, '--root', root], { encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `pinpai ${args.join(' ')} (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

before(async () => {
  root = tempDir();
  run(['init', root]);
  for (const [kind, file, section] of DOCUMENTS) {
    const before = new Set(readdirSync(join(root, 'content', section)));
    run(['import', join(repoRoot, file), '--section', section]);
    const added = readdirSync(join(root, 'content', section)).filter((n) => !before.has(n));
    assert.equal(added.length, 1, `${kind}: one new bundle in content/${section}`);
    if (section === 'volunteer') {
      // What the command asks for: a volunteer record names its branch.
      const file = join(root, 'content', section, added[0], 'index.md');
      const text = readFileSync(file, 'utf8');
      assert.match(text, /^branch: ""/m);
      writeFileSync(file, text.replace(/^branch: ""/m, 'branch: 急诊科党支部'));
    }
    pages.push([kind, `/${section}/${added[0]}/`]);
  }
  site = join(root, 'output');
  const r = spawnSync(binary, ['build', '--drafts', '--quiet', '--root', root], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build --drafts:\n${r.stdout}${r.stderr}`);
  server = await serve(site);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  rmTemp(root);
});

test('imported pages show every picture and fit a phone screen', async () => {
  const shots = join(repoRoot, 'target', 'screenshots');
  mkdirSync(shots, { recursive: true });
  const failures = [];
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    for (const [kind, path] of pages) {
      const page = await context.newPage();
      const watcher = await watch(page, server.origin);
      const res = await page.goto(server.origin + path, { waitUntil: 'load' });
      assert.equal(res.status(), 200, `${kind} ${path}`);
      const broken = await loadAllImages(page);
      const facts = await page.evaluate(() => ({
        pictures: document.querySelectorAll('.prose img').length,
        overflow: document.documentElement.scrollWidth > window.innerWidth,
        title: document.querySelector('h1')?.textContent ?? '',
      }));
      await page.screenshot({ path: join(shots, `import-${kind.replace(/\W+/g, '-')}-${width}.png`), fullPage: true });
      await page.close();
      if (broken.length) failures.push(`${width}px ${kind}: pictures did not load: ${broken.join(', ')}`);
      if (facts.pictures < 2) failures.push(`${width}px ${kind}: ${facts.pictures} pictures`);
      if (facts.overflow) failures.push(`${width}px ${kind}: the page scrolls sideways`);
      if (!facts.title.includes('急诊科党支部')) failures.push(`${width}px ${kind}: title ${facts.title}`);
      for (const p of watcher.problems) failures.push(`${width}px ${kind}: ${p}`);
    }
    await context.close();
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('axe-core finds no serious or critical violations on imported pages', async () => {
  const failures = [];
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    for (const [kind, path] of pages) {
      const page = await context.newPage();
      await page.goto(server.origin + path, { waitUntil: 'load' });
      await page.addScriptTag({ path: nodeModule('axe-core/axe.min.js') });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      });
      await page.close();
      for (const v of violations) failures.push(`${width}px ${kind} ${path}: ${v}`);
    }
    await context.close();
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('the Nu HTML checker finds no errors on imported pages', () => {
  const files = pages.map(([, path]) => join(site, path, 'index.html'));
  const r = spawnSync('java', ['-jar', nodeModule('vnu-jar/build/dist/vnu.jar'), '--errors-only', ...files], {
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`could not run java: ${r.error.message}`);
  assert.equal(r.status, 0, `vnu.jar exit ${r.status}:\n${r.stdout}${r.stderr}`);
});
