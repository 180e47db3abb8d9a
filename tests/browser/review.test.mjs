// Review before publishing, as a reviewer sees it (issue 12): with
// `review.required: true`, `pinpai serve` shows a page that has not passed
// review with a clearly visible 送审稿（未经审核） band (and its cards with a
// 送审稿 tag); the band passes axe; a plain `pinpai build` of the same site
// publishes the version approved before the edit (CONTENT-MODEL §9.5) and
// never writes the band.
// Run: node --test tests/browser/review.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { binary, launchChromium, nodeModule, repoRoot, rmTemp, startServe, tempDir } from './lib.mjs';

let root;
let serve;
let origin;
let browser;

function run(args) {
  const r = spawnSync(binary, ['--root', root, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `pinpai ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

before(async () => {
  root = tempDir('pinpai-review-');
  for (const name of ['site.yaml', 'content', 'static']) {
    cpSync(join(repoRoot, name), join(root, name), { recursive: true });
  }
  appendFileSync(join(root, 'site.yaml'), '\nreview:\n  required: true\n  levels: [初审, 终审]\n');
  // Everything passes review (a folder at a time; drafts are skipped),
  // then one news item no page links to is changed: in review again.
  for (const level of ['初审', '终审']) run(['review', 'approve', 'content', '--level', level, '--by', '张三']);
  appendFileSync(join(root, 'content', 'news', '2025-07-xuanjiang.md'), '\n审核后又改了一句。\n');
  appendFileSync(join(root, 'content', 'news', '_index.md'), '\n栏目介绍审核后也改了。\n');
  serve = await startServe(root);
  origin = serve.origin;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  serve?.stop();
  rmTemp(root);
});

test('serve shows a page in review with its band, a published page without', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  await page.goto(`${origin}/news/2025-07-xuanjiang/`);
  const band = page.locator('.review-band');
  await band.waitFor({ state: 'visible' });
  assert.match(await band.innerText(), /送审稿（未经审核）[\s\S]*本页待初审[\s\S]*正式生成的网站上仍是上次审核通过的版本/);
  const box = await band.boundingBox();
  assert.ok(box.y < 400 && box.height > 20, `band not at the top: ${JSON.stringify(box)}`);
  await page.addScriptTag({ path: nodeModule('axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document.querySelector('.review-band')));
  assert.deepEqual(result.violations.map((v) => v.id), []);

  // The news list marks the card; a published page has no band.
  await page.goto(`${origin}/news/`);
  assert.equal(await page.locator('.review-tag').count(), 1);
  await page.goto(`${origin}/about/`);
  assert.equal(await page.locator('.review-band').count(), 0);
  await page.close();
});

test('an edited section intro: its band, and the form a reviewer opens from the list', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(`${origin}/news/`);
  const band = page.locator('.review-band');
  assert.match(await band.innerText(), /本栏目的介绍待初审[\s\S]*正式生成的网站上仍是上次审核通过的版本/);
  await page.getByText('栏目介绍审核后也改了。').waitFor();
  await page.goto(`${origin}/_pinpai/`);
  await page.getByRole('link', { name: '编辑：栏目介绍：新闻动态' }).click();
  await page.getByRole('textbox', { name: '标题' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: '标题' }).inputValue(), '新闻动态');
  await page.getByRole('textbox', { name: '一句话介绍' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: '日期' }).count(), 0, 'an intro has no date');
  await page.getByRole('button', { name: '通过初审' }).waitFor();
  await page.screenshot({ path: join(repoRoot, 'target', 'screenshots', 'workbench-intro-1366.png'), fullPage: true });
  await page.close();
});

test('a plain build publishes the approved version and never writes the band', () => {
  const out = join(root, 'output');
  const stdout = run(['build']);
  assert.match(stdout, /改动待初审：content\/news\/2025-07-xuanjiang\.md.*（网站上仍是上次审核通过的版本）/);
  const published = readFileSync(join(out, 'news', '2025-07-xuanjiang', 'index.html'), 'utf8');
  assert.ok(!published.includes('审核后又改了一句'), 'the edit in review is not published');
  assert.match(stdout, /改动待初审：content\/news\/_index\.md“新闻动态”（网站上仍是上次审核通过的版本）/);
  const list = readFileSync(join(out, 'news', 'index.html'), 'utf8');
  assert.ok(list.includes('医院党委及各党支部党建工作动态') && !list.includes('栏目介绍审核后也改了'), 'the approved intro is published');
  const stack = [out];
  while (stack.length) {
    const dir = stack.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.name.endsWith('.html')) {
        const html = readFileSync(path, 'utf8');
        assert.ok(!html.includes('review-band') && !html.includes('送审稿'), `${path} has the band`);
      }
    }
  }
});
