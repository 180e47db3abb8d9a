// The workbench's page editor (工作台 · 编辑页面), CONTENT-MODEL §9.1–9.2.
// Uses common.js (window.Pinpai).
//
// No framework and no build step: the form is made from what `api/form`
// says of the page's kind (src/model/schema.rs), so a field added to the
// model appears here with no change to this file. Every change is sent with
// the digest of the file as it was opened; a 409 shows both versions and
// lets the officer choose. Plain ES2017 (no modules): works in the Chromium
// cores of current Edge, Chrome, 360 and QQ browsers.
(function () {
  'use strict';

  var P = window.Pinpai;
  if (!P) return; // an old browser: the page says what to use instead
  var PREFIX = P.PREFIX;
  var el = P.el;
  var request = P.request;
  var say = function (text, isError) { P.say(text, isError, 'status'); };
  var main = document.getElementById('editor');
  var path = new URLSearchParams(location.search).get('path') || '';
  var state = { digest: '', fields: [], body: '', url: '', inputs: {}, review: null };

  // ---- fields ----------------------------------------------------------

  function listText(value) {
    if (Array.isArray(value)) return value.join('、');
    return value === null || value === undefined ? '' : String(value);
  }

  function splitList(text) {
    return text.split(/[、,，;；\n]+/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function fieldInput(field, id, describedBy) {
    var value = field.value;
    var common = { id: id, name: field.key, 'aria-describedby': describedBy, required: field.required };
    switch (field.type) {
      case 'long_text':
        return el('textarea', Object.assign({ rows: 3 }, common), [document.createTextNode(listText(value))]);
      case 'bool':
        return el('input', Object.assign({ type: 'checkbox', checked: value === true }, common));
      case 'count':
      case 'amount':
      case 'order':
        return el('input', Object.assign({ type: 'number', min: field.type === 'order' ? null : '0', step: field.type === 'amount' ? 'any' : '1', value: listText(value) }, common));
      case 'date':
        var text = listText(value);
        // A date picker only for a real date: it would show 2024-02-30 or
        // 2024年3月5日 as empty, and saving would then lose it.
        return isRealDate(text) || text === ''
          ? el('input', Object.assign({ type: 'date', value: text }, common))
          : el('input', Object.assign({ type: 'text', value: text }, common));
      case 'branch':
      case 'branches':
      case 'members':
        return choiceInput(field, common);
      case 'honors':
        return el('textarea', Object.assign({ rows: 3 }, common), [document.createTextNode(honorsText(value))]);
      default:
        return el('input', Object.assign({ type: 'text', value: listText(value) }, common));
    }
  }

  function isRealDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var d = new Date(text + 'T00:00:00Z');
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  }

  // Honours, one a line: `2023 市级优秀党支部` (the year may be left out).
  function honorsText(value) {
    return (Array.isArray(value) ? value : []).map(function (h) {
      return (h.year ? h.year + ' ' : '') + (h.title || '');
    }).join('\n');
  }

  function honorsValue(text) {
    return text.split('\n').map(function (line) { return line.trim(); }).filter(Boolean).map(function (line) {
      var m = /^(\d{4})\s*年?\s*[：:、，,]?\s*(.+)$/.exec(line);
      return m ? { year: Number(m[1]), title: m[2].trim() } : { title: line };
    });
  }

  function choiceInput(field, common) {
    var many = field.type !== 'branch';
    var options = field.type === 'members' ? state.choices.members : state.choices.branches;
    var chosen = Array.isArray(field.value) ? field.value.map(String) : (field.value ? [String(field.value)] : []);
    var select = el('select', Object.assign({ multiple: many, size: many ? Math.min(6, Math.max(3, options.length)) : null }, common));
    if (!many) select.appendChild(el('option', { value: '', text: '（请选择）' }));
    var known = {};
    options.forEach(function (o) {
      known[o.value] = true;
      select.appendChild(el('option', { value: o.value, text: o.label, selected: chosen.indexOf(o.value) >= 0 }));
    });
    // A name written by hand that is not (yet) a page stays chosen.
    chosen.forEach(function (v) {
      if (!known[v]) select.appendChild(el('option', { value: v, text: v, selected: true }));
    });
    return select;
  }

  function valueOf(field, input) {
    switch (field.type) {
      case 'bool': return input.checked;
      case 'count':
      case 'amount':
      case 'order': return input.value === '' ? null : Number(input.value);
      case 'date': return input.value === '' ? null : input.value;
      case 'honors': return honorsValue(input.value);
      case 'tags':
      case 'names':
      case 'images': return splitList(input.value);
      case 'branch': return input.value === '' ? '' : input.value;
      case 'branches':
      case 'members':
        var picked = Array.prototype.filter.call(input.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
        return field.type === 'branches' && picked.length === 1 ? picked[0] : picked;
      default: return input.value;
    }
  }

  // An empty input is no change to a field the file does not have: nothing
  // is written for fields left blank (`summary: ""` is not added).
  function empty(v) {
    return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  }

  function same(a, b) {
    if (empty(a) && empty(b)) return true;
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function renderField(field) {
    var id = 'f-' + field.key;
    var helpId = 'h-' + field.key;
    var input = fieldInput(field, id, field.help ? helpId : null);
    state.inputs[field.key] = input;
    var label = el('label', { for: id }, [document.createTextNode(field.label)]);
    if (field.required) label.appendChild(el('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }));
    var parts = [label, input];
    if (field.type === 'image' || field.type === 'images') parts.push(uploadButton(field, input));
    // What the form's own control needs to be told, then the model's help.
    var how = {
      honors: '每行一项：年份和名称，例如 2023 市级优秀党支部',
      branches: '按住 Ctrl 键再点，可以选多个；再点一次取消',
      members: '按住 Ctrl 键再点，可以选多个；再点一次取消',
    }[field.type];
    if (how) parts.push(el('p', { class: 'help', text: how }));
    if (field.help) parts.push(el('p', { class: 'help', id: helpId, text: field.help }));
    parts.push(el('p', { class: 'field-problem', id: 'problem-' + field.key, hidden: true }));
    var box = el('div', { class: 'field field-' + field.type }, parts);
    if (field.type === 'image' || field.type === 'images') {
      acceptDrops(box, function (files) { addPhotos(field, input, files); });
    }
    return box;
  }

  // ---- uploads -----------------------------------------------------------

  function folderOfPage() {
    return path.replace(/\/[^/]*$/, '');
  }

  function upload(file) {
    var url = PREFIX + 'api/upload?folder=' + encodeURIComponent(folderOfPage()) + '&name=' + encodeURIComponent(file.name);
    say('正在上传 ' + file.name + '……');
    return request('POST', url, file, 'application/octet-stream').then(function (r) {
      if (r.status !== 201) { say(r.data.message || '上传失败', true); return null; }
      say('已上传 ' + r.data.name + '（保存后生效）');
      return r.data.name;
    });
  }

  // Photos chosen or dropped on an image field: uploaded beside the page,
  // their names written into the field (saved with the next 保存).
  function addPhotos(field, input, files) {
    return P.eachFile(files, function (file) {
      return upload(file).then(function (name) {
        if (!name) return;
        input.value = field.type === 'images' && input.value ? input.value + '、' + name : name;
      });
    });
  }

  function uploadButton(field, input) {
    var picker = el('input', { type: 'file', accept: 'image/*', hidden: true, multiple: field.type === 'images' });
    picker.addEventListener('change', function () { addPhotos(field, input, picker.files); });
    var button = el('button', { type: 'button', class: 'secondary', text: '上传' + field.label, on: { click: function () { picker.click(); } } });
    return el('span', { class: 'upload' }, [button, picker, el('span', { class: 'help', text: ' 或把照片拖到这里' })]);
  }

  function acceptDrops(target, onFiles) {
    target.addEventListener('dragover', function (e) { e.preventDefault(); target.classList.add('dropping'); });
    target.addEventListener('dragleave', function () { target.classList.remove('dropping'); });
    target.addEventListener('drop', function (e) {
      e.preventDefault();
      target.classList.remove('dropping');
      if (e.dataTransfer.files.length) onFiles(e.dataTransfer.files);
    });
  }

  // ---- the body ----------------------------------------------------------

  function wrapSelection(area, before, after, placeholder) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder;
    area.setRangeText(before + chosen + after, start, end, 'select');
    area.focus();
  }

  function startLines(area, prefix) {
    var start = area.value.lastIndexOf('\n', area.selectionStart - 1) + 1;
    var end = area.selectionEnd;
    var lines = area.value.slice(start, end).split('\n').map(function (line, i) {
      return (typeof prefix === 'function' ? prefix(i) : prefix) + line;
    });
    area.setRangeText(lines.join('\n'), start, end, 'select');
    area.focus();
  }

  function toolbar(area) {
    var buttons = [
      ['小标题', function () { startLines(area, '## '); }],
      ['加粗', function () { wrapSelection(area, '**', '**', '加粗的文字'); }],
      ['列表', function () { startLines(area, '- '); }],
      ['编号列表', function () { startLines(area, function (i) { return (i + 1) + '. '; }); }],
      ['链接', function () { wrapSelection(area, '[', '](https://)', '链接文字'); }],
      ['表格', function () { wrapSelection(area, '\n| 项目 | 内容 |\n| --- | --- |\n| ', ' |  |\n', '第一行'); }],
    ];
    var bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': '正文格式' });
    buttons.forEach(function (b) {
      bar.appendChild(el('button', { type: 'button', text: b[0], on: { click: b[1] } }));
    });
    var picker = el('input', { type: 'file', accept: 'image/*', hidden: true });
    picker.addEventListener('change', function () {
      if (!picker.files[0]) return;
      upload(picker.files[0]).then(function (name) {
        if (name) wrapSelection(area, '![', '](' + target(name) + ')', '图片说明');
      });
    });
    bar.appendChild(el('button', { type: 'button', text: '插入图片', on: { click: function () { picker.click(); } } }));
    bar.appendChild(picker);
    return bar;
  }

  // What a file becomes in the body: a picture, a player, or a link.
  // `现场 1.jpg` has a space: Markdown needs it in <…>.
  function target(name) {
    return /[\s()<>]/.test(name) ? '<' + name + '>' : name;
  }

  function bodyReference(name) {
    if (/\.(jpe?g|png|gif|webp|heic|heif|avif)$/i.test(name)) return '![图片说明](' + target(name) + ')';
    if (/\.(mp4|webm|m4v|mov|mp3|m4a)$/i.test(name)) return '![' + name.replace(/\.[^.]*$/, '') + '](' + target(name) + ')';
    return '[' + name + '](' + target(name) + ')';
  }

  function insertFiles(area, files) {
    return P.eachFile(files, function (file) {
      return upload(file).then(function (name) {
        if (name) area.setRangeText('\n' + bodyReference(name) + '\n', area.selectionStart, area.selectionEnd, 'end');
      });
    });
  }

  // A paste from Word, WPS, WeChat or 秀米 carries HTML: the server makes it
  // Markdown by the import's rules and saves the pictures it holds. A
  // picture alone (a screenshot) is uploaded; plain text pastes as text.
  function pasteInto(area, e) {
    var data = e.clipboardData;
    if (!data) return;
    var html = data.getData('text/html');
    if (!html && data.files && data.files.length) {
      e.preventDefault();
      insertFiles(area, data.files);
      return;
    }
    if (!html) return;
    e.preventDefault();
    var start = area.selectionStart, end = area.selectionEnd;
    say('正在整理粘贴的内容……');
    request('POST', PREFIX + 'api/paste', { path: path, html: html }).then(function (r) {
      if (r.status !== 200) { say(r.data.message || '粘贴失败', true); return; }
      area.setRangeText(r.data.markdown, start, end, 'end');
      area.focus();
      var missing = r.data.missing || [];
      // Where each missing picture was, so it can be found and saved.
      say(r.data.message + (missing.length ? '。没有带过来的：' + missing.join('、') : ''), missing.length > 0);
    });
  }

  // ---- saving ------------------------------------------------------------

  function changes() {
    return state.fields.filter(function (field) {
      var now = valueOf(field, state.inputs[field.key]);
      // Honours compared as the form shows them: a file that writes
      // `title` before `year` is no change.
      if (field.type === 'honors') return JSON.stringify(now) !== JSON.stringify(honorsValue(honorsText(field.value)));
      // A missing true/false field is false: unticked is no change.
      if (field.type === 'bool') return now !== (field.value === true);
      return !same(now, field.value);
    });
  }

  var saving = false;

  // Resolves to true when everything was saved.
  function save() {
    // A second 保存 (Ctrl+S and a click) while the first is on its way
    // would be refused as a conflict with the officer's own save.
    if (saving || !P.may('edit')) return Promise.resolve(false);
    // A date the calendar cannot read (2 月 30 日) reads as empty: saving
    // it would remove the date from the file.
    var unreadable = state.fields.filter(function (f) {
      var input = state.inputs[f.key];
      return input && input.validity && input.validity.badInput;
    })[0];
    if (unreadable) {
      say(unreadable.label + '：这个日期不存在或没有填完整，请重新选择；没有保存', true);
      state.inputs[unreadable.key].focus();
      return Promise.resolve(false);
    }
    var pending = changes();
    var bodyArea = document.getElementById('body');
    // A textarea gives its text with LF line ends whatever the file has:
    // compared as such, so an untouched body is never sent back.
    var bodyChanged = bodyArea.value !== state.body.replace(/\r\n/g, '\n');
    if (!pending.length && !bodyChanged) { say('没有改动'); return Promise.resolve(true); }
    say('正在保存……');
    // Every change in one request: one previous version kept, one rebuild.
    var fields = pending.map(function (field) {
      return { key: field.key, value: valueOf(field, state.inputs[field.key]) };
    });
    var body = bodyChanged ? bodyArea.value : null;
    saving = true;
    return request('POST', PREFIX + 'api/edit', { path: path, digest: state.digest, fields: fields, body: body })
      .then(function (r) {
        saving = false;
        var ok = afterSave(r, function () {
          pending.forEach(function (field, i) { field.value = fields[i].value; });
          if (bodyChanged) state.body = body;
        });
        if (!ok) return false;
        say('已保存。预览会在生成后自动更新。');
        var frame = document.getElementById('preview');
        if (frame && state.url) frame.src = state.url;
        refreshReview();
        return true;
      });
  }

  // An edit voids approvals of what was there before: the review panel
  // says so at once, as it does after reopening the page.
  function refreshReview() {
    var old = document.getElementById('review');
    if (!old) return;
    request('GET', PREFIX + 'api/form?path=' + encodeURIComponent(path)).then(function (r) {
      if (r.status === 200 && r.data.review && r.data.review.required) old.replaceWith(reviewPanel(r.data.review, isDraft(r.data)));
    });
  }

  function afterSave(r, done) {
    if (r.status === 200) { state.digest = r.data.digest; done(); return true; }
    if (r.status === 409) { showConflict(r.data); return false; }
    say(r.data.message || ('保存失败（' + r.status + '）'), true);
    return false;
  }

  function showConflict(data) {
    say(data.message, true);
    var box = document.getElementById('conflict');
    box.hidden = false;
    box.textContent = '';
    var theirs = data.now ? data.now.text : '（文件已被删除或移走）';
    box.appendChild(el('h2', { text: '文件在你打开之后被改过' }));
    box.appendChild(el('p', { text: '下面是文件现在的内容。你的修改还在这个页面上，没有丢失。' }));
    box.appendChild(el('label', { for: 'theirs', text: '文件现在的内容' }));
    box.appendChild(el('textarea', { id: 'theirs', rows: 10, readonly: true }, [document.createTextNode(theirs)]));
    if (data.now) {
      box.appendChild(el('button', { type: 'button', text: '保存我的修改（覆盖上面的内容）', on: { click: function () {
        // Only the changed fields (and the body, if changed) go onto the
        // file as it is now; the form then shows that file, so a later
        // edit starts from it and not from what was first opened.
        state.digest = data.now.digest; box.hidden = true;
        save().then(function (ok) { if (ok) reload('已保存：你改的内容写进了文件现在的版本里'); });
      } } }));
    }
    box.appendChild(el('button', { type: 'button', class: 'secondary', text: '放弃我的修改，重新打开', on: { click: function () { location.reload(); } } }));
  }

  function remove() {
    if (!window.confirm('把这个页面移到回收站？（在 .pinpai/回收站 里可以找回）')) return;
    request('POST', PREFIX + 'api/delete', { path: path, digest: state.digest }).then(function (r) {
      if (r.status === 200) { location.href = PREFIX; return; }
      if (r.status === 409) { showConflict(r.data); return; }
      say(r.data.message || '删除失败', true);
    });
  }

  function history() {
    var box = document.getElementById('history');
    request('GET', PREFIX + 'api/history?path=' + encodeURIComponent(path)).then(function (r) {
      box.hidden = false;
      box.textContent = '';
      box.appendChild(el('h2', { text: '以前的版本' }));
      var versions = (r.data.versions || []);
      if (!versions.length) { box.appendChild(el('p', { text: '还没有以前的版本（每次保存时会留下保存前的版本）。' })); return; }
      var list = el('ul');
      versions.forEach(function (v) {
        list.appendChild(el('li', {}, [
          // Each version is what the file held until the save at that time.
          document.createTextNode(v.saved + ' 那次保存之前的内容（' + v.bytes + ' 字节） '),
          // Restoring is 管理's (the server refuses it to other roles).
          !P.may('restore') ? null : el('button', { type: 'button', class: 'secondary', text: '恢复 ' + v.saved, on: { click: function () {
            if (unsaved() && !window.confirm('有没保存的修改，恢复以前的版本会丢掉它们。继续吗？')) return;
            request('POST', PREFIX + 'api/restore', { path: path, id: v.id, digest: state.digest }).then(function (r2) {
              if (r2.status === 200) {
                location.href = PREFIX + 'edit?path=' + encodeURIComponent(path) + '&restored=' + encodeURIComponent(v.saved);
                return;
              }
              if (r2.status === 409) { showConflict(r2.data); return; }
              say(r2.data.message || '恢复失败', true);
            });
          } } }),
        ]));
      });
      box.appendChild(list);
    });
  }

  // ---- the build's own messages (§9.2) ------------------------------------

  // After every build of the preview (the page's own saves, or Notepad's),
  // the build's errors and warnings about this file are shown at their
  // fields; those about the body, above the body.
  function showProblems() {
    request('GET', PREFIX + 'api/problems?path=' + encodeURIComponent(path)).then(function (r) {
      if (r.status !== 200) return;
      var byField = {};
      var list = document.getElementById('problems');
      if (!list) return;
      list.textContent = '';
      r.data.problems.forEach(function (p) {
        var where = p.field ? labelOf(p.field) : (p.line ? '正文第 ' + p.line + ' 行' : '页面');
        list.appendChild(el('li', { class: p.error ? 'error' : 'warning', text: (p.error ? '错误' : '提醒') + '（' + where + '）：' + p.message }));
        if (p.field) (byField[p.field] = byField[p.field] || []).push(p);
      });
      document.getElementById('problems-box').hidden = !r.data.problems.length;
      state.fields.forEach(function (field) {
        var note = document.getElementById('problem-' + field.key);
        var input = state.inputs[field.key];
        var mine = byField[field.key] || [];
        note.hidden = !mine.length;
        note.textContent = mine.map(function (p) { return p.message; }).join('；');
        note.className = 'field-problem ' + (mine.some(function (p) { return p.error; }) ? 'error' : 'warning');
        var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(function (id) { return id && id !== note.id; });
        if (mine.length) described.unshift(note.id);
        if (described.length) input.setAttribute('aria-describedby', described.join(' ')); else input.removeAttribute('aria-describedby');
        if (mine.some(function (p) { return p.error; })) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
      });
    });
  }

  function labelOf(key) {
    var field = state.fields.filter(function (f) { return f.key === key; })[0];
    return field ? field.label : key;
  }

  function followBuilds() {
    if (!window.EventSource) return;
    var events = new EventSource('/__pinpai/events');
    events.addEventListener('status', showProblems);
  }

  // ---- drafts in the preview ------------------------------------------------

  function isDraft(form) {
    return form.fields.some(function (f) { return f.key === 'draft' && f.value === true; });
  }

  // A new or imported page is a draft, and the preview leaves drafts out
  // (as `pinpai serve` does): one button shows them, for this run only.
  // Shown on a draft while drafts are hidden (预览草稿), and on every page
  // while they are shown (不预览草稿: a way back when a draft elsewhere
  // stops the preview).
  function draftNote(shown) {
    var note = el('div', { class: 'draft-note', role: 'note' }, [
      el('p', { text: shown
        ? '预览里正在显示草稿（生成和打包网站时不包括草稿；关闭 pinpai 后恢复为不显示）。'
        : '这是草稿：预览里默认不显示草稿，生成和打包网站时也不包括它。' }),
    ]);
    note.appendChild(el('button', { type: 'button', class: shown ? 'secondary' : '', text: shown ? '不预览草稿' : '预览草稿', on: { click: function () {
      request('POST', PREFIX + 'api/drafts', { show: !shown }).then(function (r) {
        if (r.status !== 200) { say(r.data.message || '没能切换草稿预览', true); return; }
        note.replaceWith(draftNote(r.data.drafts_shown));
        say(r.data.drafts_shown
          ? '正在生成包括草稿的预览，稍等片刻就会显示'
          : '正在生成不含草稿的预览');
        // Said until the preview has reloaded.
        var frame = document.getElementById('preview');
        if (frame) frame.addEventListener('load', function () {
          say(r.data.drafts_shown ? '预览里显示了草稿' : '预览里不再显示草稿');
        }, { once: true });
      });
    } } }));
    return note;
  }

  // ---- review (§7.4) -------------------------------------------------------

  // Where the page stands, every approval the file records (a voided one
  // says so), and one button for the level waiting now: levels are passed
  // in order, and what is approved is what is on disk.
  function reviewPanel(review, draft) {
    var box = el('section', { id: 'review', class: 'review', 'aria-labelledby': 'review-heading' }, [
      el('h2', { id: 'review-heading', text: '审核' }),
      el('p', { text: '状态：' + (review.state || '（未生成）') }),
    ]);
    var list = el('ul');
    review.approvals.forEach(function (a) {
      list.appendChild(el('li', { class: a.valid ? '' : 'voided', text: a.level + '：' + a.by + '，' + a.date +
        (a.valid ? '' : '（已失效：通过之后页面又改过，需要重新审核）') }));
    });
    if (review.approvals.length) box.appendChild(list);
    if (review.approved_published) {
      box.appendChild(el('p', { class: 'kept', text: '网站上仍是上次审核通过的版本；这次的改动通过全部审核后才替换它。右边的预览是改动后的样子。' }));
    }
    // A draft is not yet sent for review (the step would be refused).
    if (review.next && draft) {
      box.appendChild(el('p', { text: '这是草稿：写好后把“草稿”的勾去掉并保存，再审核。' }));
    } else if (review.next && !P.mayReview(review.next)) {
      box.appendChild(el('p', { text: '等待' + review.next + '：你的账号不能审核这一级。' }));
    } else if (review.next && P.role) {
      // Signed in: the step records the account's name, never a typed one.
      box.appendChild(el('p', { text: '审核人：' + P.name + '（你登录的账号）' }));
      box.appendChild(el('button', { type: 'button', id: 'approve', text: '通过' + review.next, on: { click: function () { approve(review.next, null); } } }));
    } else if (review.next) {
      var saved = window.localStorage ? localStorage.getItem('pinpai-reviewer') || '' : '';
      var by = el('input', { type: 'text', id: 'review-by', value: saved, autocomplete: 'name' });
      box.appendChild(el('div', { class: 'field' }, [el('label', { for: 'review-by', text: '审核人' }), by]));
      box.appendChild(el('button', { type: 'button', id: 'approve', text: '通过' + review.next, on: { click: function () { approve(review.next, by); } } }));
    }
    return box;
  }

  function unsaved() {
    return changes().length > 0 || document.getElementById('body').value !== state.body.replace(/\r\n/g, '\n');
  }

  function approve(level, by) {
    if (unsaved()) {
      say('有没保存的修改：请先保存，再审核', true);
      return;
    }
    var name = by ? by.value.trim() : '';
    if (by && !name) { say('请填写审核人的姓名', true); by.focus(); return; }
    if (by && window.localStorage) localStorage.setItem('pinpai-reviewer', name);
    request('POST', PREFIX + 'api/review', { path: path, digest: state.digest, level: level, by: name }).then(function (r) {
      if (r.status === 409) { showConflict(r.data); return; }
      if (r.status !== 200) { say(r.data.message || '审核没有记录', true); return; }
      reload(r.data.message);
    });
  }

  // The form again from disk (after a review step), keeping a message.
  function reload(message) {
    request('GET', PREFIX + 'api/form?path=' + encodeURIComponent(path)).then(function (r) {
      if (r.status !== 200) { say(r.data.message || '打不开这个页面', true); return; }
      render(r.data);
      showProblems();
      say(message);
    });
  }

  // ---- the page ------------------------------------------------------------

  function render(form) {
    state.digest = form.digest;
    state.fields = form.fields;
    state.body = form.body;
    state.url = form.url;
    state.choices = form.choices;
    var title = form.fields.filter(function (f) { return f.key === 'title'; })[0];
    document.getElementById('heading').textContent = '编辑：' + (title && title.value ? title.value : path);
    document.title = (title && title.value ? title.value : path) + ' - 工作台';
    main.textContent = '';
    var fields = el('fieldset', { class: 'fields' }, [el('legend', { text: '字段' })]);
    form.fields.forEach(function (field) { fields.appendChild(renderField(field)); });
    var area = el('textarea', { id: 'body', rows: 18, 'aria-label': '正文' }, [document.createTextNode(form.body)]);
    // A role that cannot change the page reads it (the server refuses
    // the change anyway): no formatting buttons, no paste or drop, so
    // what a reviewer sees is what they approve.
    var editable = P.may('edit');
    if (editable) {
      area.addEventListener('paste', function (e) { pasteInto(area, e); });
      acceptDrops(area, function (files) { insertFiles(area, files); });
    } else {
      fields.disabled = true;
      area.readOnly = true;
    }
    var bodyBox = el('section', { class: 'body', 'aria-labelledby': 'body-heading' }, [
      el('h2', { id: 'body-heading', text: '正文' }), editable ? toolbar(area) : null, area,
    ]);
    var actions = el('div', { class: 'actions' }, [
      editable ? el('button', { type: 'button', id: 'save', text: '保存', on: { click: save } }) : null,
      el('button', { type: 'button', class: 'secondary', text: '以前的版本', on: { click: history } }),
      P.may('delete') ? el('button', { type: 'button', class: 'danger', text: '删除（移到回收站）', on: { click: remove } }) : null,
      // Focusable: a long message scrolls inside the bar (keyboard too).
      el('p', { id: 'status', class: 'status', role: 'status', tabindex: '0' }),
    ]);
    var problemsBox = el('section', { id: 'problems-box', class: 'problems-box', hidden: true, 'aria-labelledby': 'problems-heading' }, [
      el('h2', { id: 'problems-heading', text: '生成网站时发现的问题' }),
      el('ul', { id: 'problems' }),
    ]);
    var work = el('div', { class: 'work' }, [
      problemsBox, fields, bodyBox, actions,
      el('section', { id: 'conflict', class: 'conflict', hidden: true, role: 'alert' }),
      el('section', { id: 'history', class: 'history', hidden: true }),
    ]);
    // The reviewer reads the page beside the buttons that approve it.
    var review = form.review && form.review.required ? reviewPanel(form.review, isDraft(form)) : null;
    var preview = form.url
      ? el('aside', { class: 'preview', 'aria-label': '预览' }, [
          review,
          (isDraft(form) || form.drafts_shown) && P.may('drafts') ? draftNote(form.drafts_shown) : null,
          el('iframe', { id: 'preview', title: '页面预览', src: form.url }),
          el('p', {}, [el('a', { href: form.url, target: '_blank', text: '在新窗口打开预览' })]),
        ])
      : el('aside', { class: 'preview' }, [review, el('p', { text: '这个页面还没有预览（草稿或有错误时不显示）。' })]);
    main.appendChild(work);
    main.appendChild(preview);
  }

  if (!path) {
    main.textContent = '没有指定要编辑的页面。';
    return;
  }
  // Who else has this page open (signed-in colleagues), asked now and
  // every half minute; the answer also says this form is still open.
  function othersHere() {
    if (!P.role) return;
    request('GET', PREFIX + 'api/presence?path=' + encodeURIComponent(path), undefined, undefined, true).then(function (r) {
      if (r.status !== 200) return;
      var note = document.getElementById('others-here');
      if (!note) {
        note = el('p', { id: 'others-here', class: 'others-here', role: 'status' });
        main.parentNode.insertBefore(note, main);
      }
      var others = (r.data && r.data.others) || [];
      note.hidden = others.length === 0;
      note.textContent = others.length ? others.join('、') + ' 也打开了这个页面，可能正在修改。保存时如果对方已经先保存，会提示并列出两边的内容。' : '';
    });
  }

  // Signed out with edits not saved (the session expired, pinpai was
  // restarted, the password changed): what the form holds is put aside in
  // this tab and put back once signed in again, for the officer to save.
  var stashKey = 'pinpai-unsaved:' + path;
  P.beforeSignIn = function () {
    if (!document.getElementById('body') || !unsaved() || !window.sessionStorage) return;
    var values = {};
    Array.prototype.forEach.call(main.querySelectorAll('input, textarea, select'), function (input) {
      if (!input.id) return;
      if (input.type === 'checkbox') values[input.id] = input.checked;
      else if (input.multiple) values[input.id] = Array.prototype.filter.call(input.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      else if (input.type !== 'file') values[input.id] = input.value;
    });
    sessionStorage.setItem(stashKey, JSON.stringify(values));
  };

  function restoreStash() {
    var saved = window.sessionStorage && sessionStorage.getItem(stashKey);
    if (!saved) return;
    sessionStorage.removeItem(stashKey);
    var values = JSON.parse(saved);
    Object.keys(values).forEach(function (id) {
      var input = document.getElementById(id);
      if (!input) return;
      if (input.type === 'checkbox') input.checked = values[id];
      else if (input.multiple) Array.prototype.forEach.call(input.options, function (o) { o.selected = values[id].indexOf(o.value) >= 0; });
      else input.value = values[id];
    });
    say('登录前没保存的修改已经放回表单里：请检查后按“保存”', true);
  }

  request('GET', PREFIX + 'api/form?path=' + encodeURIComponent(path)).then(function (r) {
    if (r.status !== 200) { main.textContent = r.data.message || ('打不开这个页面（' + r.status + '）'); return; }
    render(r.data);
    restoreStash();
    followBuilds();
    othersHere();
    window.setInterval(othersHere, 30000);
    var restored = new URLSearchParams(location.search).get('restored');
    if (restored) say('已恢复为 ' + restored + ' 那次保存之前的内容。恢复前的内容也留在“以前的版本”里，可以再恢复回去');
    if (/[?&]new=1/.test(location.search)) say('已新建：它还是草稿。填好字段和正文后保存，再把“草稿”取消勾选');
  });
  document.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === 's') { e.preventDefault(); save(); }
  });
})();
