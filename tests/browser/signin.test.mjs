// Colleagues sign in to the workbench (CONTENT-MODEL §9.4), in a real
// browser: the workbench sends a signed-out browser to the sign-in page, a
// wrong password is told, the branch secretary (审核, 初审 only) sees a
// read-only form with one button, 通过初审, records it under their own
// name, and signs out; the editor (编辑) gets the tools but no 打包.
// Run: node --test tests/browser/signin.test.mjs

import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { addUser, axe, launchChromium, newPage, repoRoot, rmTemp, startServe, tempDir } from './lib.mjs';

let root;
let serve;
let browser;
const shots = join(repoRoot, 'target', 'screenshots');
const PAGE = 'content/news/dangke-signin.md';

before(async () => {
  root = tempDir('pinpai-signin-');
  for (const name of ['site.yaml', 'content', 'static', 'data']) {
    cpSync(join(repoRoot, name), join(root, name), { recursive: true });
  }
  appendFileSync(join(root, 'site.yaml'), '\nreview:\n  required: true\n  levels: [初审, 复审, 终审]\n');
  writeFileSync(join(root, PAGE), '---\ntitle: 登录测试党课\ndate: 2024-07-01\n---\n七一前夕，全院党员参加专题党课。\n');
  addUser(root, '张书记', '审核', '初审', 'chushen-2024');
  addUser(root, '小王', '编辑', null, 'bianji-2024');
  mkdirSync(shots, { recursive: true });
  serve = await startServe(root);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  serve?.stop();
  rmTemp(root);
});

async function signIn(page, name, password) {
  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

test('a reviewer signs in, records only their level under their own name, and signs out', async () => {
  const page = await newPage(browser);
  await page.goto(`${serve.origin}/_pinpai/edit?path=${encodeURIComponent(PAGE)}`);
  await page.getByRole('heading', { name: '工作台登录' }).waitFor();
  assert.match(page.url(), /\/_pinpai\/signin\?next=/);
  await page.screenshot({ path: join(shots, 'workbench-signin-1366.png') });
  await axe(page, 'the sign-in page');

  await signIn(page, '张书记', 'wrong-password');
  await page.getByText('姓名或密码不对').waitFor();
  await signIn(page, '张书记', 'chushen-2024');

  // Back where the browser was going: the page's form, read-only.
  const approve = page.getByRole('button', { name: '通过初审' });
  await approve.waitFor();
  assert.equal(await page.getByLabel('标题').isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: '保存' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /删除/ }).count(), 0);
  // What a reviewer sees is what they approve: no formatting buttons.
  assert.equal(await page.getByRole('toolbar', { name: '正文格式' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: '加粗' }).count(), 0);
  assert.equal(await page.getByRole('textbox', { name: '正文' }).isEditable(), false);
  await page.getByText('审核人：张书记（你登录的账号）').waitFor();
  assert.equal(await page.getByLabel('审核人').count(), 0, 'no name to type');
  await page.getByText('张书记（审核）').waitFor();
  await axe(page, 'the form for a reviewer');
  await approve.click();
  await page.getByText(/已记录：初审通过（张书记/).waitFor();
  assert.match(readFileSync(join(root, PAGE), 'utf8'), /level: "初审", by: "张书记"/);
  // 复审 is not this account's level.
  await page.getByText('等待复审：你的账号不能审核这一级。').waitFor();
  await page.screenshot({ path: join(shots, 'workbench-reviewer-1366.png') });

  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('heading', { name: '工作台登录' }).waitFor();
  // The session is gone: the workbench asks to sign in again.
  await page.goto(`${serve.origin}/_pinpai/`);
  await page.getByRole('heading', { name: '工作台登录' }).waitFor();
});

test('an editor gets the tools to write, but not 打包 nor the log', async () => {
  const page = await newPage(browser);
  await page.goto(`${serve.origin}/_pinpai/`);
  await signIn(page, '小王', 'bianji-2024');
  await page.getByRole('heading', { name: '新建页面' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '打包网站' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: '操作记录' }).count(), 0);
  await axe(page, 'the page list for an editor');
  // Refused by the server too, whatever the page shows.
  const refused = await page.evaluate(async () => {
    const token = document.querySelector('meta[name="pinpai-token"]').content;
    const r = await fetch('/_pinpai/api/package', {
      method: 'POST', headers: { 'X-Pinpai-Token': token, 'Content-Type': 'application/json' }, body: '{}',
    });
    return [r.status, (await r.json()).message];
  });
  assert.deepEqual(refused, [403, '你的账号（编辑）不能打包网站']);
});
