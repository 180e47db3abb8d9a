// Browser checks of the built example site (issue 3, item 7).
//
// Builds the example site (site.yaml + content/ + static/ in the repo root)
// with target/debug/pinpai into a temp folder, serves it on 127.0.0.1 and
// checks every page kind in headless Chromium, with axe-core and with the
// Nu HTML checker; then builds a `relative_urls: true` copy and browses it
// from disk. Run: node --test tests/browser/pages.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  buildSite,
  launchChromium,
  loadAllImages,
  nodeModule,
  repoRoot,
  rmTemp,
  serve,
  tempDir,
  watch,
} from './lib.mjs';

/** One URL of every page kind of the example site. */
const PAGES = [
  ['home', '/'],
  ['brand list', '/branches/'],
  ['brand page (bundle)', '/branches/xinxueguan-xinlian/'],
  ['brand page (single file)', '/branches/jizhen-120/'],
  ['member list', '/members/'],
  ['member page', '/members/du-jie/'],
  ['volunteer list', '/volunteer/'],
  ['volunteer year', '/volunteer/year/2024/'],
  ['volunteer record', '/volunteer/2024-03-yizhen/'],
  ['news list page 1', '/news/'],
  ['news list page 2', '/news/page/2/'],
  ['news page', '/news/2024-03-dangke/'],
  ['news page with a video and a pasted table', '/news/2025-11-zhiyuan-pian/'],
  ['about', '/about/'],
  ['tags', '/tags/'],
  ['tag page', '/tags/dang-ke/'],
  ['honours (荣誉榜)', '/honors/'],
  ['milestones (大事记)', '/timeline/'],
  ['search', '/search/'],
  ['search results', '/search/?q=' + encodeURIComponent('义诊')],
  ['404', '/no-such-page/'],
];
const NOT_FOUND = '/no-such-page/';
const WIDTHS = [1280, 390];

let tmp;
let site;
let server;
let browser;

before(async () => {
  tmp = tempDir();
  site = buildSite(repoRoot, join(tmp, 'site'));
  for (const [kind, url] of PAGES) {
    if (url === NOT_FOUND) continue;
    assert.ok(
      existsSync(join(site, url.replace(/\?.*/, ''), 'index.html')),
      `the example site has no ${kind} at ${url} — update PAGES in ${import.meta.filename ?? 'pages.test.mjs'}`,
    );
  }
  server = await serve(site);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmTemp(tmp);
});

/** Open `path` of the served site in a fresh page of `context`, watched. */
async function open(context, path) {
  const page = await context.newPage();
  const url = server.origin + path;
  const watcher = await watch(page, server.origin, {
    expectStatus: path === NOT_FOUND ? { [url]: 404 } : {},
  });
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.equal(res.status(), path === NOT_FOUND ? 404 : 200, `HTTP status of ${path}`);
  if (path.startsWith('/search/?q=')) {
    // The script loads the index and shows results after `load`.
    await page.waitForSelector('#search-results a', { timeout: 10_000 }).catch(() => {
      watcher.problems.push('search showed no results');
    });
  }
  return { page, problems: watcher.problems };
}

test('every page kind renders cleanly at 1280 px and 390 px', async () => {
  const failures = [];
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    for (const [kind, path] of PAGES) {
      const { page, problems } = await open(context, path);
      const broken = await loadAllImages(page);
      for (const src of broken) problems.push(`image did not load: ${src}`);
      if (width < 500) {
        const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          // The elements that stick out, to say where the overflow comes from.
          wide: [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 5)
            .map((el) => `<${el.localName} class="${el.className?.baseVal ?? el.className}">`),
        }));
        if (scrollWidth > innerWidth) {
          problems.push(`horizontal overflow: scrollWidth ${scrollWidth} > ${innerWidth} (${wide.join(', ')})`);
        }
      }
      await page.waitForTimeout(50); // let late console messages arrive
      await page.close();
      for (const p of problems) failures.push(`${width}px ${kind} ${path}: ${p}`);
    }
    await context.close();
  }
  assert.deepEqual(failures, [], `problems found:\n${failures.join('\n')}`);
});

test('a video and a pasted table read well at 1280 px and at 390 px', async () => {
  const shots = join(repoRoot, 'target', 'screenshots');
  mkdirSync(shots, { recursive: true });
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const { page, problems } = await open(context, '/news/2025-11-zhiyuan-pian/');
    const facts = await page.evaluate(() => {
      const video = document.querySelector('.prose video');
      const table = document.querySelector('.prose table');
      const box = video?.getBoundingClientRect();
      const numberCell = [...(table?.querySelectorAll('td') ?? [])].find((td) => td.textContent.includes('1,200'));
      return {
        video: video && { width: box.width, height: box.height, controls: video.controls, label: video.getAttribute('aria-label') },
        table: table && { scrollWidth: table.scrollWidth, clientWidth: table.clientWidth },
        // The lines the number's text takes (a row is as tall as its tallest
        // cell, so the text itself is measured).
        numberLines: numberCell
          ? (() => {
            const range = document.createRange();
            range.selectNodeContents(numberCell);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          })()
          : 0,
        pageOverflow: document.documentElement.scrollWidth > window.innerWidth,
      };
    });
    await page.screenshot({ path: join(shots, `video-table-${width}.png`), fullPage: true });
    assert.ok(facts.video, 'the video player is on the page');
    assert.ok(facts.video.width > 100 && facts.video.height > 50, `video shown at ${width}px: ${JSON.stringify(facts.video)}`);
    assert.ok(facts.video.controls && facts.video.label.includes('宣传片'), JSON.stringify(facts.video));
    assert.ok(facts.table, 'the pasted table is kept');
    assert.equal(facts.pageOverflow, false, `the page does not scroll sideways at ${width}px`);
    // Wider than the screen, it would scroll in its own box (the page never does).
    assert.ok(facts.table.clientWidth <= width, JSON.stringify(facts.table));
    assert.ok(facts.numberLines <= 1, `1,200 stays on one line (${facts.numberLines} lines)`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the Nu HTML checker finds no errors in the built site', () => {
  const r = spawnSync(
    'java',
    ['-jar', nodeModule('vnu-jar/build/dist/vnu.jar'), '--errors-only', '--skip-non-html', site],
    { encoding: 'utf8' },
  );
  if (r.error) throw new Error(`could not run java (is a Java runtime installed?): ${r.error.message}`);
  assert.equal(r.status, 0, `vnu.jar exit ${r.status}:\n${r.stdout}${r.stderr}`);
});

test('axe-core finds no serious or critical violations', async () => {
  const failures = [];
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    for (const [kind, path] of PAGES) {
      const { page } = await open(context, path);
      await page.addScriptTag({ path: nodeModule('axe-core/axe.min.js') });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`),
          }));
      });
      await page.close();
      for (const v of violations) {
        failures.push(`${width}px ${kind} ${path}: [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
      }
    }
    await context.close();
  }
  assert.deepEqual(failures, [], `axe violations:\n${failures.join('\n')}`);
});

test('home, a brand page and the volunteer list work without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const expectations = {
    '/': {
      'h1 (site title)': 'h1',
      'brand wall cards': '.brand-wall .brand-card',
      'member cards': '.member-grid .member-card',
      'lead photo (图片新闻)': '.photo-lead img',
      'volunteer-by-year chart': '.home .charts svg',
    },
    '/branches/xinxueguan-xinlian/': {
      'brand title': 'main h1',
      'facts': 'main .facts',
      'its member cards': 'main .member-card',
      'its volunteer records': 'main .records li',
    },
    '/volunteer/': {
      'page heading': 'main h1',
      'chart SVGs': 'main .charts svg',
      'record list': 'main .records li',
    },
  };
  const failures = [];
  for (const [path, wanted] of Object.entries(expectations)) {
    const { page, problems } = await open(context, path);
    failures.push(...problems.map((p) => `${path}: ${p}`));
    for (const [what, selector] of Object.entries(wanted)) {
      const shown = await page.$$eval(selector, (els) =>
        els.filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
        }).length,
      );
      if (shown === 0) failures.push(`${path}: no visible ${what} (${selector})`);
    }
    if (path === '/volunteer/') {
      const charts = await page.locator('main .charts svg').count();
      if (charts < 3) failures.push(`${path}: only ${charts} chart SVGs, expected at least 3`);
    }
    await page.close();
  }
  await context.close();
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('the site built with relative_urls works when opened from disk', async () => {
  const root = join(tmp, 'relative');
  mkdirSync(root);
  const config = readFileSync(join(repoRoot, 'site.yaml'), 'utf8').replace(/^relative_urls:.*\n?/m, '');
  // `cp -a` keeps nanosecond mtimes, so pinpai's image cache (keyed on path,
  // size and mtime), copied along, is hit: the debug binary would otherwise
  // spend ~30 s re-encoding every photo. Output is the same either way.
  for (const dir of ['content', 'static', '.pinpai-cache']) {
    const from = join(repoRoot, dir);
    if (!existsSync(from)) continue;
    const cp = spawnSync('cp', ['-a', from, join(root, dir)]);
    if (cp.status !== 0) cpSync(from, join(root, dir), { recursive: true });
  }
  writeFileSync(join(root, 'site.yaml'), `${config.trimEnd()}\nrelative_urls: true\n`);
  const out = buildSite(root, join(root, 'output'));

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const { problems } = await watch(page, 'file://');
  const base = pathToFileURL(out).href;
  await page.goto(`${base}/index.html`);

  const checkPage = async (what) => {
    for (const src of await loadAllImages(page)) problems.push(`${what}: image did not load: ${src}`);
    const background = await page.$eval('.masthead-band', (el) => getComputedStyle(el).backgroundColor);
    if (/^(transparent|rgba\(0, 0, 0, 0\)|rgb\(255, 255, 255\))$/.test(background)) {
      problems.push(`${what}: the stylesheet did not apply (masthead background ${background})`);
    }
  };
  await checkPage('home');

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '支部品牌' }).click();
  await page.waitForURL(`${base}/branches/index.html`);
  await checkPage('brand list');
  const cards = await page.locator('main .brand-card').count();
  assert.ok(cards >= 6, `the brand list from disk shows ${cards} brand cards, expected at least 6`);

  await page.locator('main a.card-link[href*="xinxueguan-xinlian"]').click();
  await page.waitForURL(`${base}/branches/xinxueguan-xinlian/index.html`);
  await checkPage('brand page');
  const logo = await page.locator('main .brand-hero-logo img').count();
  assert.ok(logo > 0, 'the bundle brand page from disk shows no logo image');

  await context.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
