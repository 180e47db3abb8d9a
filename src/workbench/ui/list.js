// The workbench's first screen (工作台): a new page from its kind and
// title, material imported by dropping it (Word, WeChat article, ledger),
// and the site packaged for the intranet. CONTENT-MODEL §9.1.
(function () {
  'use strict';

  var P = window.Pinpai;
  if (!P) return; // an old browser: the page says what to use instead

  // Each tool is on the page only when the account's role allows it.
  var newForm = document.getElementById('new-page');
  if (newForm) newForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var kind = document.getElementById('new-kind').value;
    var title = document.getElementById('new-title').value;
    P.say('正在新建……', false, 'new-status');
    P.request('POST', P.PREFIX + 'api/new', { kind: kind, title: title }).then(function (r) {
      if (r.status !== 201) { P.say(r.data.message || ('新建失败（' + r.status + '）'), true, 'new-status'); return; }
      location.href = P.PREFIX + 'edit?path=' + encodeURIComponent(r.data.path) + '&new=1';
    });
  });

  function importFile(file) {
    var section = document.getElementById('import-section').value;
    var url = P.PREFIX + 'api/import?name=' + encodeURIComponent(file.name) + '&section=' + encodeURIComponent(section);
    P.say('正在导入 ' + file.name + '……', false, 'import-status');
    return P.request('POST', url, file, 'application/octet-stream').then(function (r) {
      var box = document.getElementById('import-result');
      // Each file keeps its line in the results: with several dropped at
      // once, a refusal is not replaced by the next file's message.
      if (r.status !== 201) {
        var why = r.data.message || ('导入失败（' + r.status + '）');
        P.say(why, true, 'import-status');
        box.appendChild(P.el('li', { class: 'error', text: file.name + '：' + why }));
        return;
      }
      P.say(r.data.message, false, 'import-status');
      var item = P.el('li', {}, [document.createTextNode(file.name + ' → ')]);
      if (/\.md$/.test(r.data.path)) {
        item.appendChild(P.el('a', { href: P.PREFIX + 'edit?path=' + encodeURIComponent(r.data.path), text: '编辑：' + r.data.title }));
      } else {
        item.appendChild(document.createTextNode(r.data.path));
      }
      (r.data.missing || []).forEach(function (m) {
        item.appendChild(P.el('p', { class: 'warning', text: '没有带过来的图片：' + m }));
      });
      box.appendChild(item);
    });
  }

  var picker = document.getElementById('import-file');
  var zone = document.getElementById('import');
  if (picker && zone) {
    picker.addEventListener('change', function () {
      P.eachFile(picker.files, importFile).then(function () { picker.value = ''; });
    });
    document.getElementById('import-button').addEventListener('click', function () { picker.click(); });
    zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('dropping'); });
    zone.addEventListener('dragleave', function () { zone.classList.remove('dropping'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('dropping');
      P.eachFile(e.dataTransfer.files, importFile);
    });
  }

  var packageButton = document.getElementById('package');
  if (packageButton) packageButton.addEventListener('click', function () {
    var button = this;
    button.disabled = true;
    P.say('正在生成并打包网站，请稍候……', false, 'package-status');
    var problems = document.getElementById('package-problems');
    problems.textContent = '';
    P.request('POST', P.PREFIX + 'api/package', {}).then(function (r) {
      button.disabled = false;
      if (r.status === 200) { P.say(r.data.message, false, 'package-status'); return; }
      P.say(r.data.message || ('打包失败（' + r.status + '）'), true, 'package-status');
      (r.data.problems || []).forEach(function (p) {
        problems.appendChild(P.el('li', { class: 'error', text: p.path + (p.line ? ':' + p.line : '') + '：' + p.message }));
      });
    });
  });
})();
