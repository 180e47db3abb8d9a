// The default theme as a user sees it (issue 13): balanced card grids for
// any count, the photo-led first screen, the logo at its own ratio, site
// colours, wide tables and charts on a phone, and screenshots of the home
// page for the record. Fixture sites are written into a temp folder and
// built with target/debug/pinpai. Run: node --test tests/browser/theme.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  buildSite,
  launchChromium,
  loadAllImages,
  nodeModule,
  repoRoot,
  rmTemp,
  serve,
  tempDir,
} from './lib.mjs';

let tmp;
let browser;
let example; // origin of the example site, built once
const servers = [];

before(async () => {
  tmp = tempDir();
  browser = await launchChromium();
  const server = await serve(buildSite(repoRoot, join(tmp, 'example')));
  servers.push(server);
  example = server.origin;
});

after(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
  rmTemp(tmp);
});

/** Write `files` ({path: text}) under a new folder and build it; → served origin. */
async function site(name, files) {
  const root = join(tmp, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const out = buildSite(root, join(root, 'output'));
  const server = await serve(out);
  servers.push(server);
  return server.origin;
}

const CONFIG = 'title: 江州市第一人民医院党建之窗\nhospital: 江州市第一人民医院\n';
const NAMES = ['李明', '王芳', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周强', '吴娟', '徐涛', '孙丽'];

/** A site with `n` featured brands and `n` featured members. */
function gridSite(n) {
  const files = { 'site.yaml': CONFIG };
  for (let i = 1; i <= n; i++) {
    files[`content/branches/b${i}.md`] =
      `---\ntitle: 品牌${i}\nbranch: 第${i}党支部\nslogan: 口号${i}\nfeatured: true\n---\n\n品牌介绍。\n`;
    files[`content/members/m${i}.md`] =
      `---\ntitle: ${NAMES[i - 1]}的故事\nname: ${NAMES[i - 1]}\nbranch: b${i}\nposition: 主治医师\nfeatured: true\n---\n\n故事正文。\n`;
  }
  return files;
}

/** Cards per row of each grid on the page, top to bottom. */
function rowsOf(page, selector) {
  return page.$$eval(selector, (grids) =>
    grids.map((grid) => {
      const rows = new Map();
      for (const li of grid.children) {
        const top = Math.round(li.getBoundingClientRect().top);
        rows.set(top, (rows.get(top) ?? 0) + 1);
      }
      return [...rows.values()];
    }),
  );
}

test('card grids leave no lone card in a last row, for 1 to 12 cards at 1280, 768 and 390 px and in print', async () => {
  const failures = [];
  for (let n = 1; n <= 12; n++) {
    const origin = await site(`grid-${n}`, gridSite(n));
    // 768: a tablet, or a narrow office window, where two or three cards
    // share a row; 794 in print: an A4 page.
    for (const [width, media] of [[1280, 'screen'], [768, 'screen'], [390, 'screen'], [794, 'print']]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.emulateMedia({ media });
      const grids = [
        ['/', 'home brand wall', '.brand-wall'],
        ['/', 'home members', '.member-grid'],
        ['/branches/', 'brand list', '.brand-grid'],
        ['/members/', 'member list', '.member-grid'],
      ];
      for (const [path, what, selector] of grids) {
        if (page.url() !== `${origin}${path}`) await page.goto(`${origin}${path}`);
        const [rows] = await rowsOf(page, selector);
        const total = rows?.reduce((a, b) => a + b, 0);
        if (total !== n) failures.push(`${n} ${what} at ${width}px ${media}: ${total} cards shown`);
        else if (rows.length > 1 && rows.at(-1) === 1 && rows[0] > 1) {
          failures.push(`${n} ${what} at ${width}px ${media}: rows ${rows.join(' + ')} leave one card alone`);
        } else if (rows.length > 1 && rows.at(-1) < rows[0] / 2) {
          failures.push(`${n} ${what} at ${width}px ${media}: rows ${rows.join(' + ')} are unbalanced`);
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        if (overflow && media === 'screen') failures.push(`${n} cards on ${path} at ${width}px: the page scrolls sideways`);
      }
      await page.close();
    }
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('the example home page leads with a photo on the first screen at 1366×768', async () => {
  const shots = join(repoRoot, 'target', 'screenshots');
  mkdirSync(shots, { recursive: true });
  for (const [width, height] of [[1366, 768], [390, 844]]) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${example}/`);
    const lead = await page.$eval('.photo-lead img', (img) => {
      const r = img.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, width: r.width, height: r.height, loaded: img.complete && img.naturalWidth > 0 };
    });
    assert.ok(lead.loaded, `the lead photo loaded at ${width}px`);
    assert.ok(lead.top < height && lead.height > 150, `the lead photo is on the first screen at ${width}px: ${JSON.stringify(lead)}`);
    if (width > 1000) {
      assert.ok(lead.bottom <= height, `the whole lead photo fits the first screen: ${JSON.stringify(lead)}`);
      const side = await page.$$eval('.photo-side li', (lis) => lis.filter((li) => li.getBoundingClientRect().bottom <= 768).length);
      assert.ok(side >= 3, `${side} more pictures beside it on the first screen`);
    }
    await page.screenshot({ path: join(shots, `home-${width}-first-screen.png`) });
    await loadAllImages(page);
    await page.screenshot({ path: join(shots, `home-${width}.png`), fullPage: true });
    await page.close();
  }
});

test('荣誉榜 lines up brand and member honours on one edge, at 1280 and 390 px', async () => {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${example}/honors/`);
    const edges = await page.$$eval('.honor', (lis) => [
      ...new Set(lis.map((li) => `${li.className.replace(/^honor /, '')} ${Math.round(li.querySelector('.honor-title').getBoundingClientRect().left)}`)),
    ]);
    const kinds = new Set(edges.map((e) => e.split(' ')[0]));
    assert.ok(kinds.has('honor-member') && kinds.has('honor-branch'), `the example has both kinds: ${edges}`);
    const lefts = new Set(edges.map((e) => e.split(' ')[1]));
    assert.equal(lefts.size, 1, `every honour's title starts at the same x at ${width}px: ${edges.join(', ')}`);
    await page.close();
  }
});

test('a site without photos opens with its introduction and figures', async () => {
  const origin = await site('no-photos', gridSite(3));
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${origin}/`);
  assert.equal(await page.locator('.headline').count(), 0, 'no empty picture block');
  const first = await page.$eval('main .home > section', (s) => s.className);
  assert.match(first, /intro/);
  await page.close();
});

// A wide logo (3:1) and a tall one (1:2), as SVG files with their own size.
const logo = (w, h) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="#fff"/><circle cx="${h / 2}" cy="${h / 2}" r="${h / 3}" fill="#C8161D"/></svg>`;

test('the logo keeps its own ratio in the masthead, on a phone and in print; the hospital name shows once', async () => {
  for (const [name, w, h] of [['wide', 300, 100], ['tall', 60, 120]]) {
    const origin = await site(`logo-${name}`, {
      'site.yaml': `${CONFIG}logo: /images/logo.svg\n`,
      'static/images/logo.svg': logo(w, h),
      'content/about.md': '---\ntitle: 关于\n---\n\n关于本站。\n',
    });
    for (const [width, media] of [[1280, 'screen'], [390, 'screen'], [1280, 'print']]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.emulateMedia({ media });
      await page.goto(`${origin}/`);
      const box = await page.$eval('.site-logo', (img) => {
        const r = img.getBoundingClientRect();
        return { width: r.width, height: r.height };
      });
      const ratio = box.width / box.height;
      assert.ok(Math.abs(ratio - w / h) / (w / h) < 0.03, `${name} logo ${media} ${width}px: drawn ${box.width}×${box.height}, own ratio ${w}:${h}`);
      const masthead = await page.$eval('.masthead', (m) => m.innerText);
      assert.equal(masthead.split('江州市第一人民医院').length - 1, 1, `hospital name once in: ${masthead}`);
      await page.close();
    }
  }
});

test('colors in site.yaml restyle the masthead and keep axe clean', async () => {
  const origin = await site('colors', {
    'site.yaml': `${CONFIG}colors:\n  primary: "#1a4f8b"\n  accent: "#e0b84c"\n`,
    'content/branches/b1.md': '---\ntitle: 品牌一\nbranch: 第一党支部\nfeatured: true\n---\n\n正文。\n',
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${origin}/`);
  const colours = await page.evaluate(() => ({
    band: getComputedStyle(document.querySelector('.masthead-band')).backgroundColor,
    gradient: getComputedStyle(document.querySelector('.masthead-band')).backgroundImage,
    nav: getComputedStyle(document.querySelector('.site-nav')).backgroundColor,
  }));
  assert.equal(colours.band, 'rgb(26, 79, 139)', JSON.stringify(colours));
  // What people see is the gradient drawn over that colour: it must be
  // the chosen blue too, with no trace of the default red (#C8161D).
  assert.match(colours.gradient, /linear-gradient\(.*rgb\(26, 79, 139\)/, colours.gradient);
  assert.doesNotMatch(colours.gradient, /rgb\(200, 22, 29\)|rgb\(168, 15, 23\)/, colours.gradient);
  assert.notEqual(colours.nav, 'rgb(158, 15, 22)', `the menu follows the colour too: ${colours.nav}`);
  await page.addScriptTag({ path: nodeModule('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  );
  assert.deepEqual(violations, []);
  await page.close();
});

test('on a 390 px phone a 10-column table scrolls in its own box and numbers stay whole', async () => {
  const head = Array.from({ length: 10 }, (_, i) => `第${i + 1}季度服务人次`).join(' | ');
  const row = Array.from({ length: 10 }, (_, i) => `${(12345.6 * (i + 1)).toLocaleString('en-US', { maximumFractionDigits: 1 })}`).join(' | ');
  const origin = await site('table', {
    'site.yaml': CONFIG,
    'content/news/table.md': `---\ntitle: 服务数据一览\ndate: 2025-03-01\n---\n\n| ${head} |\n|${' --: |'.repeat(10)}\n| ${row} |\n| ${row} |\n`,
  });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${origin}/news/table/`);
  const facts = await page.evaluate(() => {
    const table = document.querySelector('.prose table');
    const box = table.parentElement;
    const lines = (cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    };
    return {
      box: { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth, overflowX: getComputedStyle(box).overflowX, tabindex: box.getAttribute('tabindex') },
      brokenNumbers: [...table.querySelectorAll('td')].filter((td) => lines(td) > 1).map((td) => td.textContent),
      pageOverflow: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
  assert.equal(facts.pageOverflow, false, 'the page itself does not scroll sideways');
  assert.ok(facts.box.scrollWidth > facts.box.clientWidth, `the table is wider than its box and scrolls: ${JSON.stringify(facts.box)}`);
  assert.match(facts.box.overflowX, /auto|scroll/);
  assert.equal(facts.box.tabindex, '0', 'the scrolling box can be reached with the keyboard');
  assert.deepEqual(facts.brokenNumbers, [], 'no number is broken over two lines');
  await page.screenshot({ path: join(repoRoot, 'target', 'screenshots', 'table-390.png') });
  await page.close();
});

test('chart text is at least 11 px on a 390 px phone', async () => {
  const failures = [];
  for (const path of ['/', '/volunteer/', '/volunteer/year/2024/', '/branches/jizhen-120/']) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(example + path);
    const sizes = await page.$$eval('figure.chart svg text', (texts) =>
      texts
        .filter((t) => t.getBoundingClientRect().width > 0)
        .map((t) => {
          const m = t.getScreenCTM();
          const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
          return { text: t.textContent, size };
        }),
    );
    if (path !== '/branches/jizhen-120/' && sizes.length === 0) failures.push(`${path}: no chart text shown`);
    for (const { text, size } of sizes) {
      if (size < 11) failures.push(`${path}: “${text}” at ${size.toFixed(1)} px`);
    }
    await page.close();
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('the volunteer page and each year page chart January to December of one year', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const path of ['/volunteer/', '/volunteer/year/2024/']) {
    await page.goto(example + path);
    const months = await page.$$eval('figure.chart', (figs) =>
      figs
        .filter((f) => f.querySelector('figcaption').textContent.includes('每月'))
        .map((f) => [...f.querySelectorAll('table tbody th')].map((th) => th.textContent)),
    );
    assert.ok(months.length >= 1, `${path} has a monthly chart`);
    for (const labels of months) {
      assert.deepEqual(labels, Array.from({ length: 12 }, (_, i) => `${i + 1}月`), `${path}: ${labels}`);
    }
  }
  await page.close();
});

test('a long list links a window of pages with gaps, valid and axe-clean', async () => {
  const files = { 'site.yaml': `${CONFIG}paginate: 10\n` };
  for (let i = 1; i <= 120; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    files[`content/news/n${i}.md`] = `---\ntitle: 新闻第${i}期\ndate: 2024-${String((i % 12) + 1).padStart(2, '0')}-${day}\n---\n\n正文。\n`;
  }
  const origin = await site('pagination', files);
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${origin}/news/page/6/`);
  const shown = await page.$$eval('.pagination li', (lis) =>
    lis.map((li) => li.textContent.replace(/第 | 页|（中间省略若干页）/g, '').trim()),
  );
  assert.deepEqual(shown, ['‹ 上一页', '1', '…', '4', '5', '6', '7', '8', '…', '12', '下一页 ›']);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'the pagination fits a phone');
  await page.addScriptTag({ path: nodeModule('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id),
  );
  assert.deepEqual(violations, []);
  await page.close();
  const vnu = spawnSync('java', ['-jar', nodeModule('vnu-jar/build/dist/vnu.jar'), '--errors-only', join(tmp, 'pagination', 'output', 'news', 'page', '6', 'index.html')], { encoding: 'utf8' });
  assert.equal(vnu.status, 0, `${vnu.stdout}${vnu.stderr}`);
});
