// Browser checks of /search/ (issue 5).
//
// Builds the example site with target/debug/pinpai into a temp folder,
// serves it on 127.0.0.1 and types queries into /search/ in headless
// Chromium: a name, a two-character word, phrases, a mixed query, several
// words, title-before-body ranking, the no-result message, JavaScript turned
// off; then builds a `relative_urls: true` copy and searches it from disk.
//
//   node --test tests/browser/search.test.mjs
//
// With PINPAI_SEARCH_BENCH=<built site folder> (e.g. the 10,000-page
// benchmark, see docs/SEARCH.md) it also measures that site: bytes loaded
// per query and the time of the query function in Chromium.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  buildSite,
  launchChromium,
  nodeModule,
  repoRoot,
  rmTemp,
  serve,
  tempDir,
  watch,
} from './lib.mjs';

let tmp;
let site;
let server;
let browser;

before(async () => {
  tmp = tempDir('pinpai-search-');
  site = buildSite(repoRoot, join(tmp, 'site'));
  server = await serve(site);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmTemp(tmp);
});

/** Text of the status line once a query has been answered. */
async function answered(page, q) {
  await page.waitForFunction(
    (q) => {
      const s = document.getElementById('search-status')?.textContent ?? '';
      return s.includes(`“${q}”`) && /找到|没有找到/.test(s);
    },
    q,
    { timeout: 10000 },
  );
  return page.locator('#search-status').textContent();
}

/** Site-root paths of the result links, in order. */
async function resultPaths(page, base) {
  const hrefs = await page.$$eval('#search-results ol li > a', (as) => as.map((a) => a.href));
  return hrefs.map((h) => '/' + h.slice(base.length));
}

/** Clicks “显示更多结果” until every result is listed, as a reader looking
 *  for one page would. */
async function showAll(page) {
  const more = page.locator('#search-results button.search-more');
  while ((await more.count()) > 0) {
    const before = await page.locator('#search-results ol li').count();
    await more.click();
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('#search-results ol li').length > n ||
        !document.querySelector('#search-results button.search-more'),
      before,
      { timeout: 10000 },
    );
  }
}

/** Types `q` into the search box of an open /search/ page, like a reader,
 *  and lists every result. */
async function type(page, q) {
  await page.locator('#search-q').fill('');
  await page.locator('#search-q').pressSequentially(q, { delay: 20 });
  const status = await answered(page, q);
  await showAll(page);
  return { status, paths: await resultPaths(page, server.origin + '/') };
}

async function openSearch(t) {
  const page = await browser.newPage();
  const watched = await watch(page, server.origin);
  t.after(async () => {
    await page.close();
    assert.deepEqual(watched.problems.filter((p) => !p.includes('favicon')), []);
  });
  await page.goto(`${server.origin}/search/`);
  return page;
}

/** Every page of the example site whose Markdown holds `text`, as
 *  site-root URLs; only files whose URL is plain (ASCII file or folder name,
 *  or a `slug:` field), the others are checked by name in the tests. */
function pagesContaining(text) {
  const found = new Set();
  const content = join(repoRoot, 'content');
  for (const section of readdirSync(content, { withFileTypes: true })) {
    if (!section.isDirectory()) continue;
    for (const entry of readdirSync(join(content, section.name), { withFileTypes: true })) {
      const file = entry.isDirectory()
        ? join(content, section.name, entry.name, 'index.md')
        : join(content, section.name, entry.name);
      if (!file.endsWith('.md') || basename(file) === '_index.md' || !existsSync(file)) continue;
      const source = readFileSync(file, 'utf8');
      if (/^draft:\s*true\s*$/m.test(source)) continue;
      const slug = /^slug:\s*(\S+)\s*$/m.exec(source)?.[1] ?? entry.name.replace(/\.md$/, '');
      if (!/^[\w-]+$/.test(slug)) continue;
      if (source.includes(text)) found.add(`/${section.name}/${slug}/`);
    }
  }
  return found;
}

function assertAllFound(paths, q) {
  const missing = [...pagesContaining(q)].filter((p) => !paths.includes(p));
  assert.deepEqual(missing, [], `pages containing ${q} not found`);
}

/** The text of a built page (tags stripped), for checking that a result holds the query. */
function builtText(path) {
  const html = readFileSync(join(site, path, 'index.html'), 'utf8');
  return html.replace(/<[^>]*>/g, '');
}

test('a name finds the member story first, then the pages naming them', async (t) => {
  const page = await openSearch(t);
  const { status, paths } = await type(page, '杜杰');
  assert.equal(paths[0], '/members/du-jie/', status);
  for (const p of ['/branches/jizhen-120/', '/volunteer/2024-03-yizhen/', '/news/2024-03-dangke/']) {
    assert.ok(paths.includes(p), `${p} in ${paths}`);
  }
  assertAllFound(paths, '杜杰');
  for (const p of paths) assert.ok(builtText(p).includes('杜杰'), `${p} does not show 杜杰`);
  assert.match(status, new RegExp(`找到 ${paths.length} 条`));
  // The match is highlighted, in the title and in the snippet.
  const marks = await page.$$eval('#search-results li:first-child mark', (m) => m.map((x) => x.textContent));
  assert.ok(marks.length >= 2 && marks.every((m) => m === '杜杰'), `${marks}`);
  // Kind label and date.
  const record = page.locator('#search-results li', { has: page.locator('a[href$="/volunteer/2024-03-yizhen/"]') });
  assert.match(await record.textContent(), /志愿.*2024年3月5日/);
  assert.equal(await record.locator('time').getAttribute('datetime'), '2024-03-05');
  const member = page.locator('#search-results li').first();
  assert.match(await member.textContent(), /先锋/);
});

test('a two-character word finds every page with it, title matches first', async (t) => {
  const page = await openSearch(t);
  const { paths } = await type(page, '义诊');
  assertAllFound(paths, '义诊');
  for (const p of paths) assert.ok(builtText(p).includes('义诊'), `${p} does not show 义诊`);
  const titles = await page.$$eval('#search-results ol li > a', (as) => as.map((a) => a.textContent));
  const inTitle = titles.map((t) => t.includes('义诊'));
  assert.ok(inTitle[0], `first result ${titles[0]}`);
  // Every title match comes before every body match.
  assert.equal(inTitle.indexOf(false) === -1 ? inTitle.length : inTitle.indexOf(false), inTitle.filter(Boolean).length, `${titles}`);
  assert.ok(inTitle.includes(false), 'some pages mention 义诊 only in their text');
});

test('a phrase finds the pages holding it, not pages with its pairs apart', async (t) => {
  const page = await openSearch(t);
  for (const q of ['志愿服务', '急救培训', '心肺复苏']) {
    const { paths } = await type(page, q);
    assert.ok(paths.length > 0, q);
    assertAllFound(paths, q);
    for (const p of paths) assert.ok(builtText(p).includes(q), `${p} does not show ${q}`);
  }
  const { paths } = await type(page, '急救培训');
  assert.ok(paths.includes('/volunteer/2024-03-yizhen/'));
  assert.ok(paths.includes('/members/du-jie/'));
});

test('a mixed query needs both its number and its words', async (t) => {
  const page = await openSearch(t);
  const { paths } = await type(page, '120急救');
  assert.ok(paths.includes('/branches/jizhen-120/'), `${paths}`);
  for (const p of paths) {
    const text = builtText(p);
    assert.ok(text.includes('120') && text.includes('急救'), p);
  }
  // Full-width digits are the same query.
  const wide = await type(page, '１２０急救');
  assert.deepEqual(wide.paths, paths);
});

test('more words narrow the results', async (t) => {
  const page = await openSearch(t);
  const one = (await type(page, '义诊')).paths;
  const two = (await type(page, '义诊 眼科')).paths;
  assert.ok(two.length > 0 && two.length < one.length, `${two.length} of ${one.length}`);
  // (Not a subset check of what is shown: results come a page at a time,
  // and the first page of 义诊 need not hold every page with 眼科 too.)
  for (const p of two) {
    const text = builtText(p);
    assert.ok(text.includes('义诊') && text.includes('眼科'), p);
  }
  assert.ok(two.includes('/branches/yanke-shouma/'));
});

/** The snippet under the result linking to `path`: its text and marks. */
async function snippetOf(page, path) {
  const item = page.locator('#search-results li', { has: page.locator(`a[href$="${path}"]`) });
  const p = item.locator('.search-snippet');
  return { text: await p.textContent(), marks: await p.locator('mark').allTextContents() };
}

test('a snippet is the text around the match, or the matching field with its label', async (t) => {
  const page = await openSearch(t);
  // 重症医学科党支部 is a field of the member story and of the brand, and in
  // neither text: the snippet is the field, label and value, nothing else.
  const branch = await type(page, '重症医学科党支部');
  for (const p of ['/members/ou-yang-ming-yuan/', '/branches/zhong-zheng-yi-xue-ke/']) {
    assert.ok(branch.paths.includes(p), `${p} in ${branch.paths}`);
    const s = await snippetOf(page, p);
    assert.equal(s.text, '所属支部：重症医学科党支部', p);
    assert.deepEqual(s.marks, ['重症医学科党支部'], p);
  }
  // Never a dump of fields: every snippet shows the match, once per
  // field or sentence, and is short.
  const all = await page.$$eval('#search-results .search-snippet', (ps) =>
    ps.map((p) => ({ text: p.textContent, marks: p.querySelectorAll('mark').length })),
  );
  assert.equal(all.length, branch.paths.length);
  for (const { text, marks } of all) {
    assert.ok(marks > 0 && text.length <= 110, text);
    assert.ok(!/\n/.test(text) && !text.includes('重症医学科党支部 重症医学科党支部'), text);
  }

  // A match in the body: the text around it, cut with …, the match marked.
  await type(page, '海姆立克');
  const body = await snippetOf(page, '/members/du-jie/');
  assert.deepEqual(body.marks, ['海姆立克']);
  assert.match(body.text, /^…[^：]+海姆立克.*…$/, body.text);
  const inner = body.text.slice(1, -1);
  assert.ok(inner.length >= 60 && inner.length <= 100, `${inner.length}: ${inner}`);
  assert.ok(inner.indexOf('海姆立克') <= 24, inner);
  // Paragraphs are joined with a space.
  for (const part of inner.split(' ')) assert.ok(builtText('/members/du-jie/').includes(part), part);

  // Only the title matches: the start of the text, without fields or marks.
  const title = await type(page, '重症病房');
  assert.deepEqual(title.paths, ['/members/ou-yang-ming-yuan/']);
  const start = await snippetOf(page, '/members/ou-yang-ming-yuan/');
  assert.match(start.text, /^重症医学科的护士们私下叫欧阳明远/, start.text);
  assert.ok(start.text.endsWith('…') && !start.text.includes('所属支部'), start.text);
  assert.deepEqual(start.marks, []);
});

test('a query that matches nothing says so and links to the lists', async (t) => {
  const page = await openSearch(t);
  const { status } = await type(page, '量子计算机');
  assert.equal(status.trim(), '没有找到“量子计算机”相关内容。');
  const links = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
  for (const list of ['branches/', 'members/', 'volunteer/']) {
    assert.ok(links.some((l) => l.endsWith(list)), `${list} in ${links}`);
  }
});

test('the header form leads to the search page with ?q=, typing updates the address', async (t) => {
  const page = await openSearch(t);
  await page.goto(`${server.origin}/`);
  await page.locator('#site-search-q').fill('义诊');
  await page.locator('#site-search-q').press('Enter');
  // /search/?q= with absolute links, /search/index.html?q= with relative ones.
  await page.waitForURL(/\/search\/(index\.html)?\?q=/);
  await answered(page, '义诊');
  assert.equal(await page.locator('#search-q').inputValue(), '义诊');
  assert.ok((await resultPaths(page, server.origin + '/')).includes('/volunteer/2024-03-yizhen/'));
  await type(page, '杜杰');
  assert.equal(new URL(page.url()).searchParams.get('q'), '杜杰');
});

test('the index loads only when it is needed, and search results pass axe', async (t) => {
  const page = await browser.newPage();
  t.after(() => page.close());
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(`${server.origin}/search/`);
  await page.waitForLoadState('load');
  assert.deepEqual(requested.filter((p) => p.startsWith('/search/') && p.endsWith('.js')), []);
  await page.locator('#search-q').focus();
  await page.waitForFunction(() => [...document.scripts].some((s) => s.src.endsWith('/search/index.js')));
  await page.locator('#search-q').pressSequentially('杜杰');
  await answered(page, '杜杰');
  await page.addScriptTag({ path: nodeModule('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, []);
});

test('with JavaScript turned off the page says search needs it', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}/search/?q=义诊`);
    const text = await page.locator('main').innerText();
    assert.match(text, /搜索功能需要启用 JavaScript/);
    const links = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.some((l) => /(^|\/)branches\/(index\.html)?$/.test(l)), `${links}`);
  } finally {
    await context.close();
  }
});

test('with relative URLs the search works opened from disk', async (t) => {
  // A copy of the example site with relative_urls: true.
  const root = join(tmp, 'relative');
  mkdirSync(root);
  // The image cache too, so that photos are not resized again.
  for (const name of ['content', 'static', 'themes', 'templates', '.pinpai-cache']) {
    if (existsSync(join(repoRoot, name))) symlinkSync(join(repoRoot, name), join(root, name));
  }
  const config = readFileSync(join(repoRoot, 'site.yaml'), 'utf8').replace(/^relative_urls:.*$/m, '');
  writeFileSync(join(root, 'site.yaml'), `${config}\nrelative_urls: true\n`);
  const output = buildSite(root, join(tmp, 'relative-out'));

  const page = await browser.newPage();
  const watched = await watch(page, 'file://');
  t.after(() => page.close());
  const base = pathToFileURL(output).href + '/';
  await page.goto(`${base}search/index.html?q=${encodeURIComponent('杜杰')}`);
  await answered(page, '杜杰');
  const hrefs = await page.$$eval('#search-results ol li > a', (as) => as.map((a) => a.href));
  assert.equal(hrefs[0], `${base}members/du-jie/index.html`);
  for (const h of hrefs) assert.ok(h.startsWith(base) && h.endsWith('/index.html'), h);
  // Typing works too, and a result opens.
  await page.locator('#search-q').fill('');
  await page.locator('#search-q').pressSequentially('120急救');
  await answered(page, '120急救');
  await page.locator('#search-results ol li > a').first().click();
  await page.waitForLoadState('load');
  assert.ok(page.url().startsWith(base) && page.url().endsWith('/index.html'), page.url());
  assert.deepEqual(watched.problems.filter((p) => !p.includes('favicon')), []);
});

test('a site under a sub-path finds its index and links inside it', async (t) => {
  const output = join(tmp, 'sub');
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(join(repoRoot, 'target/debug/pinpai'), ['build', '--quiet', '--root', repoRoot, '--base-url', '/dangjian/', '--output', output], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const parent = join(tmp, 'sub-root');
  mkdirSync(parent);
  symlinkSync(output, join(parent, 'dangjian'));
  const sub = await serve(parent);
  t.after(() => sub.close());
  const page = await browser.newPage();
  t.after(() => page.close());
  await page.goto(`${sub.origin}/dangjian/search/?q=${encodeURIComponent('义诊')}`);
  await answered(page, '义诊');
  const hrefs = await page.$$eval('#search-results ol li > a', (as) => as.map((a) => a.href));
  assert.ok(hrefs.length > 0);
  for (const h of hrefs) assert.ok(h.startsWith(`${sub.origin}/dangjian/`), h);
});

// --------------------------------------------------------------------------
// Measurement of a large site (opt-in).

const bench = process.env.PINPAI_SEARCH_BENCH;
test('measure a large site', { skip: !bench && 'set PINPAI_SEARCH_BENCH=<built site>' }, async (t) => {
  const big = await serve(bench);
  t.after(() => big.close());
  const textBytes = { raw: 0, gzip: 0 };
  const shardDir = join(bench, 'search', 't');
  const all = readdirSync(shardDir).map((f) => readFileSync(join(shardDir, f)));
  textBytes.raw = all.reduce((n, b) => n + b.length, 0);
  textBytes.gzip = gzipSync(Buffer.concat(all), { level: 9 }).length;
  const queries = ['杜杰', '义诊', '志愿服务', '急救培训', '心肺复苏', '120急救', '党员 社区', '医', '品牌 急诊 义诊'];
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const rows = [];
  for (const q of queries) {
    const cold = [];
    const warm = [];
    let files = [];
    let count = 0;
    // Each run in a fresh page: the first query there decodes its postings.
    for (let run = 0; run < 3; run++) {
      const page = await browser.newPage();
      const loaded = [];
      page.on('response', (res) => {
        const path = new URL(res.url()).pathname;
        if (path.startsWith('/search/') && path.endsWith('.js')) {
          loaded.push(res.body().then((b) => ({ path, raw: b.length, gzip: gzipSync(b, { level: 9 }).length })));
        }
      });
      await page.goto(`${big.origin}/search/`);
      const timing = await page.evaluate(async (q) => {
        const first = await window.pinpaiSearch.time(q);
        const again = await window.pinpaiSearch.time(q);
        return { first: first.ms, again: again.ms, count: first.count };
      }, q);
      cold.push(timing.first);
      warm.push(timing.again);
      count = timing.count;
      // Show the results too: loads the text shards of the first results.
      await page.evaluate((q) => window.pinpaiSearch.run(q), q);
      files = await Promise.all(loaded);
      await page.close();
    }
    const sum = (f, k) => f.reduce((n, x) => n + x[k], 0);
    const idx = files.filter((f) => f.path === '/search/index.js');
    const chunks = files.filter((f) => f.path.startsWith('/search/i/'));
    const shards = files.filter((f) => f.path.startsWith('/search/t/'));
    rows.push({
      q,
      pages: count,
      'ms (median)': +median(cold).toFixed(1),
      'ms (max)': +Math.max(...cold).toFixed(1),
      'ms again': +median(warm).toFixed(1),
      'index KB gz': +(sum(idx, 'gzip') / 1024).toFixed(1),
      chunks: chunks.length,
      'chunks KB gz': +(sum(chunks, 'gzip') / 1024).toFixed(1),
      shards: shards.length,
      'shards KB gz': +(sum(shards, 'gzip') / 1024).toFixed(1),
    });
  }
  console.log(`text shards: ${(textBytes.raw / 1024).toFixed(0)} KB raw, ${(textBytes.gzip / 1024).toFixed(0)} KB gzip`);
  console.table(rows);
  for (const r of rows) assert.ok(r['ms (median)'] < 50, `${r.q}: ${r['ms (median)']} ms`);
});
