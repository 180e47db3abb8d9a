// Double-click works (issue 12): a site made by `pinpai init` and built with
// a plain `pinpai build` opens from disk (file://) styled, with working
// links and search, as when a publicity officer double-clicks
// output/index.html.   Run: node --test tests/browser/disk.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { binary, launchChromium, rmTemp, tempDir, watch } from './lib.mjs';

let tmp;
let browser;
let base;

before(async () => {
  tmp = tempDir('pinpai-disk-');
  for (const args of [['init', join(tmp, 'site')], ['--root', join(tmp, 'site'), 'build', '--quiet']]) {
    const r = spawnSync(binary, args, { encoding: 'utf8' });
    assert.equal(r.status, 0, `pinpai ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  }
  base = pathToFileURL(join(tmp, 'site', 'output')).href + '/';
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmTemp(tmp);
});

test('output/index.html opened from disk is styled, its links and search work', async (t) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const watched = await watch(page, 'file://');
  t.after(() => page.close());
  await page.goto(`${base}index.html`);
  // The theme's stylesheet applies: the header is Party red, not unstyled.
  const header = await page.$eval('header', (h) => getComputedStyle(h).backgroundColor + getComputedStyle(h).backgroundImage);
  assert.ok(!/^rgba\(0, 0, 0, 0\)none$/.test(header), `header unstyled: ${header}`);
  // A menu link opens the brand list from disk.
  await page.getByRole('link', { name: '支部品牌', exact: true }).first().click();
  await page.waitForLoadState('load');
  assert.equal(page.url(), `${base}branches/index.html`);
  assert.ok((await page.locator('.brand-card').count()) > 3);
  // The header's search box finds a member from disk.
  await page.locator('#site-search-q').fill('杜杰');
  await page.locator('#site-search-q').press('Enter');
  await page.waitForURL(/search\/index\.html\?q=/);
  await page.waitForFunction(() => document.querySelectorAll('#search-results ol li').length > 0, null, { timeout: 10000 });
  const first = await page.$eval('#search-results ol li > a', (a) => a.href);
  assert.equal(first, `${base}members/du-jie/index.html`);
  assert.deepEqual(watched.problems.filter((p) => !p.includes('favicon')), []);
});
