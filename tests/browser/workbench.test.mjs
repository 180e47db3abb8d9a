// The workbench (工作台) in a real browser, as a publicity officer uses it
// (CONTENT-MODEL §9.1–9.2): from the page list to a page's form, a field
// changed and saved with every other byte of a hand-written CRLF file kept,
// the preview updated, a photo uploaded beside the page, a file changed in
// Notepad meanwhile shown as a conflict and resolved, a previous version
// restored. Controls are found by their accessible names; axe-core checks
// each screen. Run: node --test tests/browser/workbench.test.mjs

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axe, launchChromium, newPage as openPage, repoRoot, rmTemp, startServe, tempDir } from './lib.mjs';

/** A page of its own (lib.mjs), at `width` × 768. */
const newPage = (width = 1366) => openPage(browser, width);

let root;
let serve;
let origin;
let browser;
const shots = join(repoRoot, 'target', 'screenshots');

const HAND_WRITTEN =
  '\ufeff---\r\n# 宣传科 王芳 整理，请勿删除这一行\r\ntitle: \'七一专题党课\'   # 标题\r\ndate: 2024-07-01\r\ntags: [党课]\r\n---\r\n\r\n七一前夕，全院党员参加专题党课。\r\n';

before(async () => {
  root = tempDir('pinpai-workbench-');
  for (const name of ['site.yaml', 'content', 'static', 'data']) {
    cpSync(join(repoRoot, name), join(root, name), { recursive: true });
  }
  writeFileSync(join(root, 'content/news/shouxie.md'), HAND_WRITTEN);
  mkdirSync(shots, { recursive: true });
  serve = await startServe(root);
  origin = serve.origin;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  serve?.stop();
  rmTemp(root);
});

/** Waits until the file on disk satisfies `check`. */
async function fileBecomes(rel, check, timeout = 10000) {
  const started = Date.now();
  for (;;) {
    const text = readFileSync(join(root, rel), 'utf8');
    if (check(text)) return text;
    if (Date.now() - started > timeout) assert.fail(`${rel} never changed as expected:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the page list leads to a form; a field saved changes that value only, and the preview shows it', async () => {
  const page = await newPage();
  await page.goto(`${origin}/_pinpai/`);
  await page.screenshot({ path: join(shots, 'workbench-list-1366.png') });
  await axe(page, 'the page list');
  await page.getByRole('link', { name: '编辑：七一专题党课' }).click();
  const title = page.getByLabel('标题');
  await title.waitFor();
  assert.equal(await title.inputValue(), '七一专题党课');
  await page.screenshot({ path: join(shots, 'workbench-edit-1366.png') });
  await axe(page, 'the page editor');
  await title.fill('“七一”专题党课');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
  const saved = await fileBecomes('content/news/shouxie.md', (t) => t.includes('“七一”'));
  assert.equal(
    saved,
    HAND_WRITTEN.replace("title: '七一专题党课'   # 标题", "title: '“七一”专题党课' # 标题"),
  );
  // The preview beside the form is the real page, rebuilt by serve.
  const preview = page.frameLocator('iframe[title="页面预览"]');
  await preview.getByRole('heading', { name: '“七一”专题党课' }).waitFor({ timeout: 20000 });
});

test('the body is edited with formatting buttons and saved under its front matter', async () => {
  const page = await newPage();
  await page.goto(`${origin}/_pinpai/edit?path=${encodeURIComponent('content/news/shouxie.md')}`);
  const body = page.getByRole('textbox', { name: '正文' });
  await body.waitFor();
  await body.focus();
  await page.keyboard.press('Control+End');
  await body.pressSequentially('\n\n活动安排');
  await page.keyboard.down('Shift');
  await page.keyboard.press('Home');
  await page.keyboard.up('Shift');
  await page.getByRole('button', { name: '小标题' }).click();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
  const saved = await fileBecomes('content/news/shouxie.md', (t) => t.includes('## 活动安排'));
  assert.ok(saved.startsWith('\ufeff---\r\n# 宣传科 王芳 整理'), saved);
  assert.ok(saved.includes('\r\n## 活动安排'), JSON.stringify(saved));
});

test('a file changed in Notepad meanwhile is shown beside mine, and nothing is lost', async () => {
  const rel = 'content/news/shouxie.md';
  const page = await newPage();
  await page.goto(`${origin}/_pinpai/edit?path=${encodeURIComponent(rel)}`);
  await page.getByLabel('作者').waitFor();
  // Someone saves the file in Notepad after the form was opened.
  const theirs = readFileSync(join(root, rel), 'utf8').replace('全院党员', '全院三百名党员');
  writeFileSync(join(root, rel), theirs);
  await page.getByLabel('作者').fill('王芳');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.getByRole('heading', { name: '文件在你打开之后被改过' }).waitFor();
  assert.match(await page.getByLabel('文件现在的内容').inputValue(), /全院三百名党员/);
  assert.equal(readFileSync(join(root, rel), 'utf8'), theirs, 'the file was overwritten');
  await page.screenshot({ path: join(shots, 'workbench-conflict-1366.png') });
  await axe(page, 'the conflict');
  await page.getByRole('button', { name: '保存我的修改（覆盖上面的内容）' }).click();
  await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
  const saved = await fileBecomes(rel, (t) => t.includes('author: 王芳'));
  assert.equal(saved, theirs.replace('tags: [党课]\r\n', 'tags: [党课]\r\nauthor: 王芳\r\n'));
  // The version before is kept and can be restored.
  await page.getByRole('button', { name: '以前的版本' }).click();
  const restore = page.getByRole('button', { name: /^恢复 / }).first();
  await restore.click();
  await fileBecomes(rel, (t) => !t.includes('author: 王芳'));
  await page.getByRole('status').filter({ hasText: /^已恢复为 .* 那次保存之前的内容/ }).waitFor();
});

test('a browser the workbench cannot run in is told what to use instead', async () => {
  const page = await newPage();
  await page.goto(`${origin}/_pinpai/`);
  assert.equal(await page.getByRole('alert').count(), 0, 'no notice in a current browser');
  // As 360 in its IE 兼容模式 has it: no fetch.
  await page.addInitScript(() => { delete window.fetch; });
  for (const url of ['/_pinpai/', `/_pinpai/edit?path=${encodeURIComponent('content/news/shouxie.md')}`]) {
    await page.goto(origin + url);
    await page.getByRole('alert').filter({ hasText: '极速模式' }).waitFor();
  }
});

test('a photo uploaded from the form lands beside the page and is filled in', async () => {
  const page = await newPage(390);
  await page.goto(`${origin}/_pinpai/`);
  await page.getByRole('button', { name: '新建页面' }).waitFor();
  await page.screenshot({ path: join(shots, 'workbench-home-390.png') });
  await axe(page, 'the first screen at 390 px');
  await page.goto(`${origin}/_pinpai/edit?path=${encodeURIComponent('content/news/shouxie.md')}`);
  await page.getByRole('button', { name: '上传封面图片' }).waitFor();
  await page.screenshot({ path: join(shots, 'workbench-edit-390.png') });
  await axe(page, 'the editor at 390 px');
  const photo = readFileSync(join(repoRoot, 'static/images/members/du-jie.jpg'));
  await page.locator('.field-image input[type="file"]').setInputFiles({
    name: '现场 照片.jpg', mimeType: 'image/jpeg', buffer: photo,
  });
  await page.getByRole('status').filter({ hasText: '已上传 现场 照片.jpg' }).waitFor();
  assert.equal(await page.getByLabel('封面图片').inputValue(), '现场 照片.jpg');
  assert.deepEqual(readFileSync(join(root, 'content/news/现场 照片.jpg')), photo);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
  await fileBecomes('content/news/shouxie.md', (t) => t.includes('cover: 现场 照片.jpg'));
});
