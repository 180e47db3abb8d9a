// Crawls a pinpai site served by a real web server, as a reader's browser
// would fetch it: every page, and every file a page or a stylesheet links
// to. Fails on any broken link and on any address outside the site's
// sub-path. Also checks the 404 page, compression and caching headers.
//
//   node tests/deploy/crawl.mjs http://127.0.0.1:18380/dangjian/

import assert from 'node:assert/strict';

const start = new URL(process.argv[2]);
const base = start.pathname; // /dangjian/
const seen = new Set();
const queue = [start.href];
const problems = [];
let pages = 0;
let files = 0;

/** Every address an HTML page or a stylesheet refers to. */
function references(text, type) {
  const found = [];
  if (type.includes('html')) {
    for (const m of text.matchAll(/\s(?:href|src|poster|action)\s*=\s*"([^"]*)"/g)) found.push(m[1]);
    for (const m of text.matchAll(/\ssrcset\s*=\s*"([^"]*)"/g)) {
      for (const part of m[1].split(',')) found.push(part.trim().split(/\s+/)[0]);
    }
  }
  for (const m of text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) found.push(m[1]);
  return found.map((u) => u.replaceAll('&amp;', '&'));
}

while (queue.length) {
  const url = queue.shift();
  const res = await fetch(url, { redirect: 'manual' });
  if (res.status !== 200) {
    problems.push(`${res.status} ${url}`);
    continue;
  }
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('html') && !type.includes('css')) {
    files++;
    await res.arrayBuffer();
    continue;
  }
  if (type.includes('html')) pages++;
  else files++;
  for (const ref of references(await res.text(), type)) {
    if (!ref || ref.startsWith('#') || /^(mailto|tel|javascript|data):/i.test(ref)) continue;
    const target = new URL(ref, url);
    if (target.origin !== start.origin) continue; // another site
    target.hash = '';
    target.search = '';
    if (!target.pathname.startsWith(base)) {
      problems.push(`outside ${base}: ${ref} on ${url}`);
      continue;
    }
    if (!seen.has(target.href)) {
      seen.add(target.href);
      queue.push(target.href);
    }
  }
}

// A missing address: the site's own 404 page, with status 404, styled.
const missing = await fetch(new URL('no-such-page/at/all/', start));
assert.equal(missing.status, 404, 'missing page status');
const notFound = await missing.text();
assert.match(notFound, /没有找到这个页面/);
for (const ref of references(notFound, 'text/html').filter((r) => r.endsWith('.css'))) {
  const css = await fetch(new URL(ref, missing.url));
  assert.equal(css.status, 200, `404 page stylesheet ${ref}`);
}

// Compression and caching, as docs/deploy/nginx.conf sets them.
const home = await fetch(start, { headers: { 'accept-encoding': 'gzip' } });
assert.equal(home.headers.get('content-encoding'), 'gzip', 'pages are compressed');
assert.equal(home.headers.get('cache-control'), 'no-cache', 'pages are revalidated');
const css = await fetch(new URL('theme/pinpai.css', start));
assert.equal(css.headers.get('cache-control'), 'no-cache', 'styles are revalidated');
const photo = [...seen].find((u) => /\/_img\/.+\.jpg$/.test(u));
assert.ok(photo, 'a photo web version was crawled');
const cached = await fetch(photo);
assert.match(cached.headers.get('cache-control') ?? '', /max-age=604800/, 'photos are cached a week');

console.log(`crawled ${pages} pages and ${files} files under ${base}: ${problems.length} problems`);
assert.deepEqual(problems, [], problems.join('\n'));
assert.ok(pages > 40, `only ${pages} pages reached`);
