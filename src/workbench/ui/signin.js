// The sign-in page (CONTENT-MODEL §9.4): the name and password sent as
// JSON to api/signin; on success the browser keeps the session's cookie
// (HttpOnly: no script reads it) and goes where it was going.
(function () {
  'use strict';

  var P = window.Pinpai;
  if (!P) return; // an old browser: the page says what to use instead

  var form = document.getElementById('signin');
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var name = document.getElementById('name').value.trim();
    var password = document.getElementById('password').value;
    if (!name || !password) { P.say('请填写姓名和密码', true); return; }
    var button = form.querySelector('button');
    button.disabled = true;
    P.say('正在登录……', false);
    P.request('POST', P.PREFIX + 'api/signin', { name: name, password: password, next: form.getAttribute('data-next') }).then(function (r) {
      button.disabled = false;
      if (r.status === 200) { location.href = r.data.next; return; }
      P.say(r.data.message || ('登录失败（' + r.status + '）'), true);
      document.getElementById('password').select();
    });
  });
})();
