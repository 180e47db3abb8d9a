/* pinpai site search: offline, loaded lazily, works over http and from
 * file://. The index is written by the build (src/search/; see
 * docs/SEARCH.md): search/index.js (pages and where the terms are),
 * search/i/<n>.js (chunks of terms and their pages), search/t/<n>.js (page
 * text and labelled fields, for phrase checks and snippets). Every data
 * file is a script that calls window.pinpaiSearch, because fetch() is
 * blocked on file://. Tokenising must agree with src/search/terms.rs. */
(function () {
  'use strict';

  var script = document.currentScript;
  var input = document.getElementById('search-q');
  var form = document.getElementById('search-form');
  var out = document.getElementById('search-results');
  var statusEl = document.getElementById('search-status') || out;
  if (!script || !input || !out) {
    return;
  }
  if (!window.Promise || !window.Int32Array) {
    statusEl.textContent = '这个浏览器版本较旧，无法使用站内搜索，请按栏目浏览。';
    return;
  }

  var PAGE = 10;            // results shown at a time
  var VERIFY_ALL_SHARDS = 12; // check every candidate if this few shards hold them
  var DEBOUNCE_MS = 180;
  var SNIPPET = 90;         // characters of text a snippet shows
  var BEFORE = 24;          // of which at most this many before the first match

  // The site root, from this script's own URL: …/theme/search.js.
  var root = script.src.replace(/theme\/search\.js(?:[?#].*)?$/, '');
  var fromDisk = location.protocol === 'file:';

  var idx = null;           // the main index, once loaded
  var indexPromise = null;
  var chunks = {};          // n -> {terms: {term: postings string}}
  var shards = {};          // n -> [[text, [label, value, …]], …]
  var loading = {};         // url -> Promise
  var decoded = {};         // term -> sorted array of page ids
  var normTitles = [];
  var current = 0;          // number of the latest query, to drop stale ones

  var api = window.pinpaiSearch = window.pinpaiSearch || {};
  api.index = function (data) {
    idx = data;
  };
  api.chunk = function (n, data) {
    var terms = data[0] ? data[0].split(' ') : [];
    var postings = data[1] ? data[1].split(' ') : [];
    var map = {};
    for (var i = 0; i < terms.length; i++) {
      map[terms[i]] = postings[i] || '';
    }
    chunks[n] = map;
  };
  api.shard = function (n, entries) {
    shards[n] = entries;
  };

  // ---------------------------------------------------------------- loading

  function load(path) {
    var url = root + path;
    if (!fromDisk && idx && idx.v && path !== 'search/index.js') {
      url += '?v=' + idx.v;
    }
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = url;
        s.async = true;
        s.onload = function () { resolve(); };
        s.onerror = function () {
          delete loading[url];
          reject(new Error(path));
        };
        document.head.appendChild(s);
      });
    }
    return loading[url];
  }

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = load('search/index.js').then(function () {
        if (!idx) {
          throw new Error('search/index.js');
        }
        orderByDate();
        return idx;
      });
      indexPromise['catch'](function () { indexPromise = null; });
    }
    return indexPromise;
  }

  function chunkOf(term) {
    var first = idx.chunks;
    var lo = 0;
    var hi = first.length - 1;
    if (hi < 0 || term < first[0]) {
      return -1;
    }
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (first[mid] <= term) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  function shardOf(id) {
    var starts = idx.shards;
    var lo = 0;
    var hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= id) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  function loadChunks(terms) {
    var wanted = [];
    for (var i = 0; i < terms.length; i++) {
      var n = chunkOf(terms[i]);
      if (n >= 0 && !chunks[n] && wanted.indexOf(n) < 0) {
        wanted.push(n);
      }
    }
    return Promise.all(wanted.map(function (n) { return load('search/i/' + n + '.js'); }));
  }

  function loadShards(ids) {
    var wanted = [];
    for (var i = 0; i < ids.length; i++) {
      var n = shardOf(ids[i]);
      if (!shards[n] && wanted.indexOf(n) < 0) {
        wanted.push(n);
      }
    }
    return Promise.all(wanted.map(function (n) { return load('search/t/' + n + '.js'); }));
  }

  // A page's shard entry: [text, [label, value, label, value, …]], the
  // labels as numbers into idx.labels; the fields may be left out.
  function pageText(id) {
    var n = shardOf(id);
    var entries = shards[n];
    return entries ? entries[id - idx.shards[n]] : null;
  }

  function fieldsOf(entry) {
    return entry[1] || [];
  }

  // ------------------------------------------------------------- tokenising

  function isCjk(cp) {
    return cp === 0x3007 || (cp >= 0x3040 && cp <= 0x30FF) ||
      (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
      (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0x20000 && cp <= 0x2FA1F);
  }

  function isWord(cp) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7A) ||
      (cp >= 0x41 && cp <= 0x5A) || (cp >= 0xC0 && cp <= 0xD6) ||
      (cp >= 0xD8 && cp <= 0xF6) || (cp >= 0xF8 && cp <= 0x24F) ||
      (cp >= 0x370 && cp <= 0x4FF);
  }

  // Full-width ASCII to ASCII, the ideographic space to a space, letters to
  // lower case; the result has the same length as the input, so positions
  // found in it hold in the original text.
  var NEEDS_NORMALIZING = /[A-Z\u00C0-\u04FF\u3000\uFF01-\uFF5E]/;
  function normalize(s) {
    if (!NEEDS_NORMALIZING.test(s)) {
      return s;
    }
    var parts = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xFF01 && c <= 0xFF5E) {
        c -= 0xFEE0;
      } else if (c === 0x3000) {
        c = 32;
      }
      if (c >= 0x41 && c <= 0x5A) {
        c += 32;
      } else if (c >= 0xC0 && c < 0x500 && isWord(c)) {
        var lower = String.fromCharCode(c).toLowerCase();
        if (lower.length === 1 && isWord(lower.charCodeAt(0))) {
          c = lower.charCodeAt(0);
        }
      }
      parts.push(c);
    }
    var text = '';
    for (var j = 0; j < parts.length; j += 4096) {
      text += String.fromCharCode.apply(null, parts.slice(j, j + 4096));
    }
    return text;
  }

  // Runs of CJK characters ('c') and of word characters ('w') in a
  // normalised string; everything else separates them.
  function runs(s) {
    var result = [];
    var kind = '';
    var run = '';
    for (var i = 0; i < s.length; i++) {
      var cp = s.charCodeAt(i);
      var ch = s.charAt(i);
      if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s.length) {
        var low = s.charCodeAt(i + 1);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = (cp - 0xD800) * 0x400 + (low - 0xDC00) + 0x10000;
          ch = s.substr(i, 2);
          i++;
        }
      }
      var k = isCjk(cp) ? 'c' : isWord(cp) ? 'w' : '';
      if (k !== kind && run) {
        result.push({ k: kind, s: run });
        run = '';
      }
      kind = k;
      if (k) {
        run += ch;
      }
    }
    if (run) {
      result.push({ k: kind, s: run });
    }
    return result;
  }

  function chars(s) {
    var list = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
        list.push(s.substr(i, 2));
        i++;
      } else {
        list.push(s.charAt(i));
      }
    }
    return list;
  }

  // A word as is; a CJK run as its pairs, or its one character.
  function runTerms(r) {
    if (r.k === 'w') {
      return [r.s];
    }
    var c = chars(r.s);
    if (c.length === 1) {
      return c;
    }
    var terms = [];
    for (var i = 0; i + 1 < c.length; i++) {
      if (terms.indexOf(c[i] + c[i + 1]) < 0) {
        terms.push(c[i] + c[i + 1]);
      }
    }
    return terms;
  }

  // The query's space-separated words, each as its runs.
  function parse(q) {
    var words = [];
    var parts = normalize(q).split(/\s+/);
    for (var i = 0; i < parts.length; i++) {
      var r = runs(parts[i]);
      if (r.length) {
        words.push(r);
      }
    }
    return words;
  }

  function queryTerms(words) {
    var terms = [];
    for (var i = 0; i < words.length; i++) {
      for (var j = 0; j < words[i].length; j++) {
        terms = terms.concat(runTerms(words[i][j]));
      }
    }
    return terms;
  }

  // ---------------------------------------------------------------- postings

  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var VALUE = [];
  for (var d = 0; d < 128; d++) {
    VALUE.push(undefined);
  }
  for (d = 0; d < 64; d++) {
    VALUE[DIGITS.charCodeAt(d)] = d;
  }

  // Page ids of an encoded postings string, ascending, as an Int32Array.
  function decode(s) {
    var i;
    var v;
    var count = 0;
    if (s.charAt(0) === '~') {
      var bits = new Int32Array((s.length - 1) * 6);
      for (i = 1; i < s.length; i++) {
        v = VALUE[s.charCodeAt(i)] || 0;
        for (var bit = 0; v; bit++, v >>= 1) {
          if (v & 1) {
            bits[count++] = (i - 1) * 6 + bit;
          }
        }
      }
      return bits.subarray(0, count);
    }
    var ids = new Int32Array(s.length);
    var previous = -1;
    var value = 0;
    var scale = 1;
    for (i = 0; i < s.length; i++) {
      v = VALUE[s.charCodeAt(i)];
      if (v === undefined) {
        break;
      }
      if (v >= 32) {
        value += (v - 32) * scale;
        scale *= 32;
      } else {
        value += v * scale;
        previous += value + 1;
        ids[count++] = previous;
        value = 0;
        scale = 1;
      }
    }
    return ids.subarray(0, count);
  }

  function postings(term) {
    if (!decoded[term]) {
      var n = chunkOf(term);
      var chunk = n >= 0 ? chunks[n] : null;
      var s = chunk && Object.prototype.hasOwnProperty.call(chunk, term) ? chunk[term] : null;
      decoded[term] = s === null ? new Int32Array(0) : decode(s);
    }
    return decoded[term];
  }

  function intersect(a, b) {
    var result = new Int32Array(Math.min(a.length, b.length));
    var count = 0;
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        i++;
      } else if (a[i] > b[j]) {
        j++;
      } else {
        result[count++] = a[i];
        i++;
        j++;
      }
    }
    return result.subarray(0, count);
  }

  function titleOf(id) {
    if (normTitles[id] === undefined) {
      normTitles[id] = normalize(idx.title[id]);
    }
    return normTitles[id];
  }

  function wordIn(word, text) {
    for (var i = 0; i < word.length; i++) {
      if (text.indexOf(word[i].s) < 0) {
        return false;
      }
    }
    return true;
  }

  // Pages in date order (newest first, then index order), and each page's
  // place in it: the ranking's second key.
  var dateOrder = null;
  var byDate = null;
  function orderByDate() {
    var dates = idx.date;
    var order = [];
    for (var i = 0; i < idx.n; i++) {
      order.push(i);
    }
    order.sort(function (a, b) {
      return dates[a] < dates[b] ? 1 : dates[a] > dates[b] ? -1 : a - b;
    });
    byDate = new Int32Array(idx.n);
    for (var j = 0; j < order.length; j++) {
      byDate[order[j]] = j;
    }
    dateOrder = order;
  }

  // Pages holding every term of every word, ranked: more words in the
  // title first, then newest first, then index order. Synchronous; the
  // chunks of the query's terms must be loaded.
  function query(words) {
    var lists = [];
    var terms = queryTerms(words);
    for (var i = 0; i < terms.length; i++) {
      lists.push(postings(terms[i]));
    }
    if (!lists.length) {
      return [];
    }
    lists.sort(function (a, b) { return a.length - b.length; });
    var ids = lists[0];
    for (var j = 1; j < lists.length && ids.length; j++) {
      ids = intersect(ids, lists[j]);
    }
    // Sort keys: fewer title words first is worse; among equals, the
    // order by date computed when the index loaded.
    var n = idx.n;
    var keys = new Float64Array(ids.length);
    for (var k = 0; k < ids.length; k++) {
      var title = titleOf(ids[k]);
      var t = 0;
      for (var w = 0; w < words.length; w++) {
        if (wordIn(words[w], title)) {
          t++;
        }
      }
      keys[k] = (words.length - t) * n + byDate[ids[k]];
    }
    keys.sort();
    var ranked = new Array(keys.length);
    for (var r = 0; r < keys.length; r++) {
      ranked[r] = dateOrder[keys[r] % n];
    }
    return ranked;
  }

  // A phrase of three or more characters needs a look at the text: its
  // pairs may be on the page without standing together.
  function needsCheck(words) {
    for (var i = 0; i < words.length; i++) {
      for (var j = 0; j < words[i].length; j++) {
        if (words[i][j].k === 'c' && chars(words[i][j].s).length > 2) {
          return true;
        }
      }
    }
    return false;
  }

  function searchable(id) {
    var entry = pageText(id);
    if (!entry) {
      return null;
    }
    if (entry.norm === undefined) {
      // Title, field values and text, as src/search/mod.rs (Doc::searchable)
      // indexes them; the labels are not searched.
      var parts = [idx.title[id]];
      var fields = fieldsOf(entry);
      for (var i = 1; i < fields.length; i += 2) {
        parts.push(fields[i]);
      }
      parts.push(entry[0] || '');
      entry.norm = normalize(parts.join('\n'));
    }
    return entry.norm;
  }

  function holdsAll(words, id) {
    var text = searchable(id);
    if (text === null) {
      return true;
    }
    for (var i = 0; i < words.length; i++) {
      if (!wordIn(words[i], text)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- showing

  function el(name, cls, text) {
    var node = document.createElement(name);
    if (cls) {
      node.className = cls;
    }
    if (text !== undefined) {
      node.appendChild(document.createTextNode(text));
    }
    return node;
  }

  function href(url) {
    var target = root + url.replace(/^\//, '');
    if (fromDisk && /\/$/.test(target)) {
      target += 'index.html';
    }
    return target;
  }

  function needles(words) {
    var list = [];
    for (var i = 0; i < words.length; i++) {
      for (var j = 0; j < words[i].length; j++) {
        list.push(words[i][j].s);
      }
    }
    return list;
  }

  // Where the needles occur in a normalised text: merged [start, end) pairs.
  function matches(norm, list) {
    var spans = [];
    for (var i = 0; i < list.length; i++) {
      var from = 0;
      var at;
      while (list[i] && (at = norm.indexOf(list[i], from)) >= 0 && spans.length < 500) {
        spans.push([at, at + list[i].length]);
        from = at + list[i].length;
      }
    }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    for (var k = 0; k < spans.length; k++) {
      var last = merged[merged.length - 1];
      if (last && spans[k][0] <= last[1]) {
        last[1] = Math.max(last[1], spans[k][1]);
      } else {
        merged.push(spans[k].slice());
      }
    }
    return merged;
  }

  // Appends text[start, end) to node, with the spans inside <mark>.
  function highlight(node, text, spans, start, end) {
    var at = start;
    for (var i = 0; i < spans.length; i++) {
      var s = Math.max(spans[i][0], start);
      var e = Math.min(spans[i][1], end);
      if (e <= s) {
        continue;
      }
      if (s > at) {
        node.appendChild(document.createTextNode(text.slice(at, s)));
      }
      node.appendChild(el('mark', '', text.slice(s, e)));
      at = e;
    }
    if (end > at) {
      node.appendChild(document.createTextNode(text.slice(at, end)));
    }
  }

  function safeCut(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xDC00 && c <= 0xDFFF ? i + 1 : i;
  }

  // Where an excerpt may start: after a sentence, a clause or a space.
  var SENTENCE_END = /[。！？；!?;]/;
  var CLAUSE_END = /[。！？；!?;，、：,: ]/;

  // Appends to node about `size` characters of text around the first span
  // (the start when there is none), spans in <mark>, with … where the text
  // is cut. The text before the match starts after a punctuation mark or
  // space where there is one: the farthest that leaves some context, else
  // the start of the match's sentence.
  function excerpt(node, text, spans, size) {
    text = text.replace(/\s/g, ' ');   // one for one: the spans still hold
    var first = spans.length ? spans[0][0] : 0;
    var start = Math.max(0, Math.min(first - BEFORE, text.length - size));
    var i;
    var from = -1;
    for (i = start; start > 0 && i < first - 6; i++) {
      if (CLAUSE_END.test(text.charAt(i))) {
        from = i + 1;
        break;
      }
    }
    for (i = first - 1; start > 0 && from < 0 && i > start; i--) {
      if (SENTENCE_END.test(text.charAt(i))) {
        from = i + 1;
        break;
      }
    }
    if (from >= 0) {
      start = from;
    }
    var cut = /\S/.test(text.slice(0, start));
    while (start < first && text.charAt(start) === ' ') {
      start++;
    }
    start = safeCut(text, start);
    var end = safeCut(text, Math.min(text.length, start + size));
    if (cut) {
      node.appendChild(document.createTextNode('…'));
    }
    highlight(node, text, spans, start, end);
    if (/\S/.test(text.slice(end))) {
      node.appendChild(document.createTextNode('…'));
    }
  }

  // The snippet of a result: the body text around the first match; else
  // the first field that matches, as 所属支部：急诊科党支部; else (the title
  // alone matched) the start of the text.
  function snippet(id, list) {
    var entry = pageText(id);
    if (!entry) {
      return null;
    }
    var text = entry[0] || '';
    var p = el('p', 'search-snippet');
    var spans = text ? matches(normalize(text), list) : [];
    if (spans.length) {
      excerpt(p, text, spans, SNIPPET);
      return p;
    }
    var fields = fieldsOf(entry);
    for (var i = 0; i + 1 < fields.length; i += 2) {
      var value = fields[i + 1];
      spans = matches(normalize(value), list);
      if (spans.length) {
        var label = (idx.labels && idx.labels[fields[i]]) || '';
        if (label) {
          p.appendChild(document.createTextNode(label + '：'));
        }
        excerpt(p, value, spans, Math.max(SNIPPET - label.length - 1, 20));
        return p;
      }
    }
    if (!/\S/.test(text)) {
      return null;
    }
    excerpt(p, text, [], SNIPPET);
    return p;
  }

  function zhDate(iso) {
    var m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso || '');
    if (!m) {
      return '';
    }
    return m[1] + '年' + (+m[2]) + '月' + (m[3] ? (+m[3]) + '日' : '');
  }

  function result(id, list) {
    var li = el('li', 'search-result');
    var a = el('a', 'search-result-title');
    a.href = href(idx.url[id]);
    var title = idx.title[id];
    highlight(a, title, matches(titleOf(id), list), 0, title.length);
    li.appendChild(a);
    var meta = el('p', 'search-result-meta');
    meta.appendChild(el('span', 'search-kind', idx.kinds[idx.kind[id]] || ''));
    var date = idx.date[id];
    if (date) {
      meta.appendChild(document.createTextNode(' · '));
      var time = el('time', '', zhDate(date));
      time.setAttribute('datetime', date);
      meta.appendChild(time);
    }
    li.appendChild(meta);
    var s = snippet(id, list);
    if (s) {
      li.appendChild(s);
    }
    return li;
  }

  function setStatus(text) {
    statusEl.textContent = text;
  }

  function clear() {
    while (out.firstChild) {
      out.removeChild(out.firstChild);
    }
    if (statusEl !== out) {
      statusEl.textContent = '';
    }
  }

  function showNothing(q) {
    clear();
    setStatus('没有找到“' + q + '”相关内容。');
    var box = el('div', 'notice search-empty');
    box.appendChild(el('p', '', '可以换个关键词，或按栏目浏览：'));
    var ul = el('ul', 'notice-links');
    for (var i = 0; i < idx.lists.length; i++) {
      var li = el('li');
      // Not a result: without the result rows' padding and rule.
      li.style.padding = '0';
      li.style.borderBottom = '0';
      var a = el('a', '', idx.lists[i][0]);
      a.href = href(idx.lists[i][1]);
      li.appendChild(a);
      ul.appendChild(li);
    }
    box.appendChild(ul);
    out.appendChild(box);
  }

  // Checks candidates (when needed) and shows them PAGE at a time.
  function show(q, words, ids, number) {
    var check = needsCheck(words);
    var list = needles(words);
    var limit = PAGE;  // how many to show
    var shown = 0;
    var next = 0;      // first candidate not yet checked
    var ok = [];       // checked candidates, in rank order
    var ol = el('ol', 'search-list');
    var more = el('button', 'search-more', '显示更多结果');
    more.type = 'button';

    function status() {
      var exact = !check || next >= ids.length;
      var count = check ? ids.length - (next - ok.length) : ids.length;
      setStatus((exact ? '找到 ' : '找到约 ') + count + ' 条与“' + q + '”相关的结果');
    }

    // Checks candidates until `limit` of them hold the query, loading the
    // text they need.
    function fill() {
      var batch = [];
      var from = next;
      while (ok.length + batch.length < limit && from < ids.length) {
        batch.push(ids[from]);
        from++;
      }
      return loadShards(batch).then(function () {
        if (number !== current) {
          return null;
        }
        for (var i = 0; i < batch.length; i++) {
          if (!check || holdsAll(words, batch[i])) {
            ok.push(batch[i]);
          }
        }
        next = from;
        return ok.length < limit && next < ids.length ? fill() : null;
      });
    }

    function render() {
      if (number !== current) {
        return;
      }
      if (!ok.length && next >= ids.length) {
        showNothing(q);
        return;
      }
      for (; shown < ok.length && shown < limit; shown++) {
        ol.appendChild(result(ok[shown], list));
      }
      status();
      if (shown < ok.length || next < ids.length) {
        if (!more.parentNode) {
          out.appendChild(more);
        }
      } else if (more.parentNode) {
        more.parentNode.removeChild(more);
      }
    }

    more.addEventListener('click', function () {
      more.disabled = true;
      var focusAt = shown;
      limit += PAGE;
      fill().then(function () {
        more.disabled = false;
        render();
        var item = ol.children[focusAt];
        var link = item && item.querySelector('a');
        if (link) {
          link.focus();
        }
      })['catch'](function () {
        more.disabled = false;
        setStatus('搜索数据加载失败，请刷新页面重试。');
      });
    });

    // Few enough pages: check them all now, so that the count is exact.
    var all = [];
    if (check) {
      for (var i = 0; i < ids.length && all.length <= VERIFY_ALL_SHARDS; i++) {
        var n = shardOf(ids[i]);
        if (all.indexOf(n) < 0) {
          all.push(n);
        }
      }
    }
    var everything = check && all.length <= VERIFY_ALL_SHARDS;
    var first = everything ? loadShards(ids) : Promise.resolve();
    return first.then(fill).then(function () {
      if (number !== current) {
        return;
      }
      if (everything) {
        for (; next < ids.length; next++) {
          if (holdsAll(words, ids[next])) {
            ok.push(ids[next]);
          }
        }
      }
      clear();
      out.appendChild(ol);
      render();
    });
  }

  // Runs a query and shows its results; resolves when they are shown.
  function run(q) {
    var number = ++current;
    q = q.replace(/^\s+|\s+$/g, '');
    var words = parse(q);
    if (!words.length) {
      clear();
      return Promise.resolve();
    }
    if (!idx) {
      setStatus('正在载入搜索索引…');
    }
    return loadIndex().then(function () {
      return loadChunks(queryTerms(words));
    }).then(function () {
      if (number !== current) {
        return null;
      }
      var started = performance.now();
      var ids = query(words);
      api.lastQueryMs = performance.now() - started;
      if (!ids.length) {
        showNothing(q);
        return null;
      }
      return show(q, words, ids, number);
    })['catch'](function () {
      if (number === current) {
        clear();
        setStatus('搜索索引加载失败，请刷新页面重试。');
      }
    });
  }

  function remember(q) {
    try {
      var url = location.pathname + (q ? '?q=' + encodeURIComponent(q) : '') + location.hash;
      history.replaceState(history.state, '', url);
    } catch (e) {
      // Some browsers refuse this on file://; the results still show.
    }
  }

  // For measurements and tests: the synchronous query, in ms.
  api.run = run;
  api.time = function (q) {
    var words = parse(q);
    return loadIndex().then(function () {
      return loadChunks(queryTerms(words));
    }).then(function () {
      var started = performance.now();
      var ids = query(words);
      return { ms: performance.now() - started, count: ids.length };
    });
  };

  // ------------------------------------------------------------------ wiring

  var timer = 0;
  input.addEventListener('focus', function () {
    loadIndex()['catch'](function () {});
  });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      remember(input.value.replace(/^\s+|\s+$/g, ''));
      run(input.value);
    }, DEBOUNCE_MS);
  });
  if (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearTimeout(timer);
      remember(input.value.replace(/^\s+|\s+$/g, ''));
      run(input.value);
    });
  }

  var initial = /(?:^|[?&])q=([^&#]*)/.exec(location.search);
  if (initial) {
    var q = '';
    try {
      q = decodeURIComponent(initial[1].replace(/\+/g, ' '));
    } catch (e) {
      q = initial[1];
    }
    input.value = q;
    run(q);
  }
}());
