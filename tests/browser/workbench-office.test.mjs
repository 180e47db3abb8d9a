// The office's whole round in the workbench, as a publicity officer does it
// (CONTENT-MODEL §9.1): a brand, a member and a volunteer record made from
// the forms with photos dropped in, an article pasted from WeChat, a Word
// draft dropped to import, three review levels recorded, the site
// packaged. Each step is checked on disk and on the page the preview
// serves. Controls are found by their accessible names.
// Run: node --test tests/browser/workbench-office.test.mjs

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axe, binary, launchChromium, newPage as openPage, repoRoot, rmTemp, startServe, tempDir } from './lib.mjs';

/** A page of its own (lib.mjs), at `width` × 768. */
const newPage = (width = 1366) => openPage(browser, width);

let root;
let serve;
let origin;
let browser;
const shots = join(repoRoot, 'target', 'screenshots');
const LEVELS = ['初审', '复审', '终审'];

before(async () => {
  root = tempDir('pinpai-office-');
  for (const name of ['site.yaml', 'content', 'static', 'data']) {
    cpSync(join(repoRoot, name), join(root, name), { recursive: true });
  }
  // Review on, and everything already there approved (as a site that has
  // used review for a while), from the command line.
  writeFileSync(
    join(root, 'site.yaml'),
    readFileSync(join(root, 'site.yaml'), 'utf8') + '\nreview:\n  required: true\n  levels: [初审, 复审, 终审]\n',
  );
  for (const level of LEVELS) {
    execFileSync(binary, ['review', 'approve', 'content', '--level', level, '--by', '党办', '--root', root, '--quiet']);
    for (const ledger of readdirSync(join(root, 'data/volunteer')).filter((n) => n.endsWith('.xlsx'))) {
      execFileSync(binary, ['review', 'approve', `data/volunteer/${ledger}`, '--level', level, '--by', '党办', '--root', root, '--quiet']);
    }
  }
  serve = await startServe(root);
  origin = serve.origin;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  serve?.stop();
  rmTemp(root);
});

/** Files dropped on `target` as Explorer drops them. */
async function drop(page, target, files) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return dt;
  }, files.map((f) => ({ name: f.name, type: f.type, bytes: [...readFileSync(f.path)] })));
  await target.dispatchEvent('drop', { dataTransfer });
}

/** Polls until `check` holds of the value `read` gives. */
async function until(what, read, check, timeout = 20000) {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() - started > timeout) assert.fail(`${what} never happened; last:\n${value}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const onDisk = (rel) => () => (existsSync(join(root, rel)) ? readFileSync(join(root, rel), 'utf8') : '');
const served = (url) => async () => {
  const response = await fetch(origin + url);
  return response.ok ? response.text() : '';
};

async function createFromTheList(page, section, title) {
  await page.goto(`${origin}/_pinpai/`);
  await page.getByLabel('栏目', { exact: true }).selectOption(section);
  await page.getByLabel('标题', { exact: true }).fill(title);
  await page.getByRole('button', { name: '新建页面' }).click();
  await page.getByRole('status').filter({ hasText: '已新建' }).waitFor();
  return new URL(page.url()).searchParams.get('path');
}

async function saveAndPublish(page, rel) {
  // Scrolled to, as the officer does: not left under the 保存 bar.
  const draft = page.getByLabel('草稿');
  await draft.evaluate((box) => box.scrollIntoView({ block: 'center' }));
  await draft.uncheck();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
  await until(`${rel} saved`, onDisk(rel), (t) => !/^draft: true/m.test(t));
  return page.getByRole('link', { name: '在新窗口打开预览' }).getAttribute('href');
}

const photo = (name, file = 'orient-6.jpg') => ({ name, type: 'image/jpeg', path: join(repoRoot, 'tests/fixtures/photos', file) });

test('a brand, a member and a volunteer record are made from the forms, photos dropped in', async () => {
  const page = await newPage();
  await page.goto(`${origin}/_pinpai/`);
  await page.screenshot({ path: join(shots, 'workbench-home-1366.png'), fullPage: false });
  await axe(page, 'the first screen');

  // The brand.
  const brand = await createFromTheList(page, 'branches', '心连心');
  assert.equal(brand, 'content/branches/xin-lian-xin.md');
  await page.getByLabel('党支部名称').fill('心内科党支部');
  await page.getByLabel('荣誉').fill('2023 院级先进党支部\n2024年 市级优秀党支部');
  await drop(page, page.locator('.field-image').filter({ has: page.getByLabel('品牌标识') }), [photo('标识.jpg')]);
  await page.getByRole('status').filter({ hasText: '已上传 标识.jpg' }).waitFor();
  const brandUrl = await saveAndPublish(page, brand);
  const brandFile = readFileSync(join(root, brand), 'utf8');
  assert.match(brandFile, /^branch: 心内科党支部 +# 必填/m);
  assert.match(brandFile, /^logo: 标识.jpg +#/m);
  assert.match(brandFile, /^honors: +# 荣誉.*\n  - year: 2023\n    title: 院级先进党支部\n  - year: 2024\n    title: 市级优秀党支部\n/m);
  assert.ok(existsSync(join(root, 'content/branches/标识.jpg')));
  const brandHtml = await until('the brand page', served(brandUrl), (t) => t.includes('心内科党支部') && t.includes('市级优秀党支部'));
  // The logo's web version, upright: the file is stored 400×600 with EXIF
  // orientation 6 (a phone held sideways), the picture is 600×400.
  const logo = brandHtml.slice(brandHtml.indexOf('brand-hero-logo'), brandHtml.indexOf('brand-hero-text'));
  assert.match(logo, /<img src="[^"]*_img\/[^"]+" [^>]*width="600" height="400"/, logo);

  // A member of it, the brand picked from the site's brands.
  const member = await createFromTheList(page, 'members', '王芳');
  await page.getByLabel('所属支部').selectOption({ label: '心连心（心内科党支部）' });
  await page.getByLabel('职务').fill('心内科主管护师');
  await drop(page, page.locator('.field-image').filter({ has: page.getByLabel('照片', { exact: true }) }), [photo('王芳.jpg')]);
  await page.getByRole('status').filter({ hasText: '已上传 王芳.jpg' }).waitFor();
  const memberUrl = await saveAndPublish(page, member);
  assert.match(readFileSync(join(root, member), 'utf8'), /^branch: xin-lian-xin +#/m);
  await until('the member page', served(memberUrl), (t) => t.includes('心内科主管护师') && t.includes('xin-lian-xin'));

  // A volunteer record with two photos and the member.
  const record = await createFromTheList(page, 'volunteer', '社区高血压义诊');
  await page.getByLabel('日期').fill('2024-09-12');
  await page.getByLabel('组织支部').selectOption({ label: '心连心（心内科党支部）' });
  await page.getByLabel('先锋人物').selectOption('王芳');
  await page.getByLabel('志愿者人次').fill('6');
  await page.getByLabel('服务时长').fill('3.5');
  await drop(page, page.locator('.field-images'), [photo('义诊 1.jpg'), photo('义诊 2.jpg', 'orient-1.jpg')]);
  await page.getByRole('status').filter({ hasText: '已上传 义诊 2.jpg' }).waitFor();
  assert.equal(await page.getByLabel('活动照片').inputValue(), '义诊 1.jpg、义诊 2.jpg');
  await page.screenshot({ path: join(shots, 'workbench-new-volunteer-1366.png'), fullPage: true });
  await axe(page, 'a new volunteer record');
  const recordUrl = await saveAndPublish(page, record);
  const recordFile = readFileSync(join(root, record), 'utf8');
  assert.match(recordFile, /^date: 2024-09-12 +#/m);
  assert.match(recordFile, /^volunteers: 6 +#/m);
  assert.match(recordFile, /^hours: 3.5 +#/m);
  const recordHtml = await until('the record page', served(recordUrl), (t) => t.includes('社区高血压义诊') && t.includes('王芳'));
  assert.ok((recordHtml.match(/<img/g) || []).length >= 2, 'both photos shown');
});

test('an article pasted from WeChat becomes the body, its pictures saved beside the page', async () => {
  const page = await newPage();
  const rel = await createFromTheList(page, 'news', '党员志愿者走进社区');
  const article = readFileSync(join(repoRoot, 'tests/fixtures/import/wechat-html-only.html'), 'utf8');
  const content = article.slice(article.indexOf('<div class="rich_media_content'), article.lastIndexOf('</div>'));
  // Pasted as Chrome gives it: the copied fragment, and one picture that a
  // screenshot tool put in the clipboard as data.
  const dot = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const html = `<html><body><!--StartFragment-->${content}<p><img src="${dot}" alt="现场"></p><!--EndFragment--></body></html>`;
  const body = page.getByRole('textbox', { name: '正文' });
  await body.evaluate((area, pasted) => {
    area.focus();
    area.select(); // 在这里写正文。 replaced by the article
    const dt = new DataTransfer();
    dt.setData('text/html', pasted);
    dt.setData('text/plain', '纯文本');
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, html);
  await page.getByRole('status').filter({ hasText: '已粘贴' }).waitFor();
  const text = await body.inputValue();
  // WeChat's layout markup goes; the colour of highlighted phrases stays
  // (as sanitized HTML, §8.2).
  assert.doesNotMatch(text, /<section|class=|纯文本|在这里写正文/, 'WeChat layout left in the body');
  assert.match(text, /^## 急救技能进社区|<span style="color: #ffffff; background-color: #c00000">急救技能进社区/m);
  assert.match(text, /^- 心肺复苏（CPR）现场教学$/m);
  assert.match(text, /!\[现场\]\(粘贴的图片\.png\)/);
  assert.ok(existsSync(join(root, 'content/news/粘贴的图片.png')));
  const url = await saveAndPublish(page, rel);
  const saved = readFileSync(join(root, rel), 'utf8');
  assert.ok(saved.includes('粘贴的图片.png'), saved);
  const pageHtml = await until('the pasted article', served(url), (t) => t.includes('活动合影'));
  const shown = pageHtml.slice(pageHtml.indexOf('审核：党委办公室'));
  assert.match(shown, new RegExp(`<a class="photo" href="[^"]*${encodeURI('粘贴的图片.png')}"><img [^>]*alt="现场"`), shown);
});

test('a Word draft dropped on the first screen becomes a draft page', async () => {
  const page = await newPage();
  await page.goto(`${origin}/_pinpai/`);
  await page.getByLabel('文档导入到栏目').selectOption('news');
  await drop(page, page.getByRole('region', { name: '导入材料' }), [
    { name: '急诊科志愿服务.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', path: join(repoRoot, 'tests/fixtures/import/libreoffice.docx') },
  ]);
  await page.getByRole('status').filter({ hasText: '已导入为草稿' }).waitFor();
  await page.screenshot({ path: join(shots, 'workbench-imported-1366.png') });
  const link = page.locator('#import-result').getByRole('link', { name: /^编辑：/ });
  const rel = new URL(await link.getAttribute('href'), origin).searchParams.get('path');
  assert.match(rel, /^content\/news\/[^/]+\/index\.md$/);
  const text = readFileSync(join(root, rel), 'utf8');
  assert.match(text, /^draft: true/m);
  assert.match(text, /!\[[^\]]*\]\(图1\.\w+\)/);
  await link.click();
  await page.getByLabel('标题').waitFor();
  // A draft is not sent for review yet: no approve button, a word why.
  await page.getByText('这是草稿：写好后把“草稿”的勾去掉并保存，再审核。').waitFor();
  assert.equal(await page.getByRole('button', { name: /^通过/ }).count(), 0);
  // A draft is not in the preview until the officer asks for drafts.
  const title = await page.getByLabel('标题').inputValue();
  await page.getByRole('button', { name: '预览草稿' }).click();
  await page.getByRole('status').filter({ hasText: /正在生成包括草稿的预览|预览里显示了草稿/ }).waitFor();
  await until('the draft in the preview', async () => page.frameLocator('#preview').locator('h1').first().textContent({ timeout: 1000 }).catch(() => ''), (t) => t.includes(title));
  await page.screenshot({ path: join(shots, 'workbench-draft-preview-1366.png') });
  await page.getByRole('button', { name: '不预览草稿' }).click();
  await page.getByRole('status').filter({ hasText: /正在生成不含草稿的预览|预览里不再显示草稿/ }).waitFor();
  await page.getByRole('button', { name: '预览草稿' }).waitFor();
  const url = await saveAndPublish(page, rel);
  await page.getByRole('button', { name: '通过初审' }).waitFor();
  await until('the imported page', served(url), (t) => t.includes('<h1'));
  assert.ok(!existsSync(join(root, '.pinpai/导入')) || readdirSync(join(root, '.pinpai/导入')).length === 0);
});

test("the build's own message about a field is shown at that field", async () => {
  const rel = 'content/news/bad-date.md';
  writeFileSync(join(root, rel), '---\ntitle: 日期写错的新闻\ndate: 2024-02-30\n---\n正文。\n');
  const page = await newPage();
  await page.goto(`${origin}/_pinpai/edit?path=${encodeURIComponent(rel)}`);
  const note = page.locator('#problem-date');
  await note.waitFor({ state: 'visible', timeout: 20000 });
  // The message is the build's own, word for word.
  const check = spawnSync(binary, ['check', '--root', root], { encoding: 'utf8' });
  const line = check.stderr.split('\n').find((l) => l.startsWith(`${rel}:3:`));
  assert.ok(line, check.stderr);
  assert.ok(line.endsWith(await note.textContent()), `${line} / ${await note.textContent()}`);
  const date = page.getByLabel('日期');
  assert.equal(await date.getAttribute('aria-invalid'), 'true');
  // The wrong date is shown as written (not emptied by a date picker), so a
  // save of another field keeps it.
  assert.equal(await date.inputValue(), '2024-02-30');
  await page.screenshot({ path: join(shots, 'workbench-problem-1366.png') });
  await axe(page, 'a field with a problem');
  await date.fill('2024-02-29');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await note.waitFor({ state: 'hidden', timeout: 20000 });
  assert.match(readFileSync(join(root, rel), 'utf8'), /^date: 2024-02-29$/m);
});

test('a date the calendar cannot read is not saved as no date', async () => {
  const page = await newPage();
  const rel = await createFromTheList(page, 'news', '日期没选完');
  const before = readFileSync(join(root, rel), 'utf8');
  assert.match(before, /^date: \d{4}-\d{2}-\d{2}/m);
  // Typed into the calendar's boxes as the officer types: 30 February
  // (this Chromium shows month/day/year; each box moves on when full).
  const date = page.getByLabel('日期');
  await date.focus();
  await page.keyboard.type('02302024');
  assert.ok(await date.evaluate((i) => i.validity.badInput), 'the calendar holds an unreadable date');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '日期：这个日期不存在或没有填完整' }).waitFor();
  assert.equal(readFileSync(join(root, rel), 'utf8'), before, 'nothing saved');
});

test('three review levels are recorded with buttons, and the package holds the approved page', async () => {
  const page = await newPage();
  const rel = 'content/branches/xin-lian-xin.md';
  await page.goto(`${origin}/_pinpai/edit?path=${encodeURIComponent(rel)}`);
  const region = page.getByRole('region', { name: '审核' });
  await region.getByText('状态：待初审').waitFor();
  for (const [i, level] of LEVELS.entries()) {
    await page.getByLabel('审核人').fill(['张书记', '宣传科 李娜', '党办 赵强'][i]);
    await page.getByRole('button', { name: `通过${level}` }).click();
    await page.getByRole('status').filter({ hasText: `已记录：${level}通过` }).waitFor();
  }
  await region.getByText('状态：已通过').waitFor();
  const text = readFileSync(join(root, rel), 'utf8');
  for (const level of LEVELS) assert.match(text, new RegExp(`level: "${level}"`));
  await page.screenshot({ path: join(shots, 'workbench-review-1366.png'), fullPage: true });
  await axe(page, 'the review panel');

  // An edit voids the approvals, and the page says so.
  await page.getByLabel('品牌口号').fill('心手相连');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
  // At once, without reopening the page.
  await region.getByText('状态：待初审').waitFor();
  assert.equal(await region.getByText(/已失效/).count(), 3);
  for (const [i, level] of LEVELS.entries()) {
    await page.getByLabel('审核人').fill(['张书记', '宣传科 李娜', '党办 赵强'][i]);
    await page.getByRole('button', { name: `通过${level}` }).click();
    await page.getByRole('status').filter({ hasText: `已记录：${level}通过` }).waitFor();
  }

  await page.goto(`${origin}/_pinpai/`);
  await page.getByRole('button', { name: '打包网站' }).click();
  const status = page.locator('#package-status');
  await status.filter({ hasText: '已打包' }).waitFor({ timeout: 60000 });
  const zipName = readdirSync(root).find((n) => /^党建之窗-\d{4}-\d{2}-\d{2}\.zip$/.test(n));
  assert.ok(zipName, 'no zip in the site folder');
  assert.ok((await status.textContent()).includes(join(root, zipName)));
  const listing = execFileSync('unzip', ['-Z1', join(root, zipName)], { encoding: 'utf8' });
  assert.match(listing, /^branches\/xin-lian-xin\/index\.html$/m, 'the approved brand is published');
  // The member and the record were never approved: left out.
  assert.doesNotMatch(listing, /^volunteer\/2024-09-12-she-qu/m);
  await page.screenshot({ path: join(shots, 'workbench-packaged-1366.png') });
});
