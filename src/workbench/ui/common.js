// What both screens of the workbench use: making elements, asking the
// server (with the page's token, CONTENT-MODEL §9.3) and telling the
// officer how it went. Plain ES2017, no modules, no build step.
(function () {
  'use strict';

  // What the workbench needs; without it the page's notice stays and
  // nothing else runs (an IE core would fail half-way through a click).
  if (!(window.fetch && window.Promise && window.URLSearchParams && window.DataTransfer && Element.prototype.closest)) return;
  var notice = document.getElementById('old-browser');
  if (notice) notice.parentNode.removeChild(notice);

  var PREFIX = '/_pinpai/';
  function meta(name) {
    var node = document.querySelector('meta[name="' + name + '"]');
    return node ? node.content : '';
  }
  var token = meta('pinpai-token');
  // Signed in (CONTENT-MODEL §9.4): the role and review levels, to offer
  // only what the server will accept. Empty on this PC without accounts.
  var role = meta('pinpai-role');
  var levels = meta('pinpai-levels') ? meta('pinpai-levels').split(',') : [];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else if (name === 'on') Object.keys(attrs.on).forEach(function (ev) { node.addEventListener(ev, attrs.on[ev]); });
      else if (attrs[name] !== null && attrs[name] !== undefined && attrs[name] !== false) node.setAttribute(name, attrs[name] === true ? '' : attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // Signed out or expired (or pinpai restarted): to the sign-in page and
  // back. What the page holds unsaved is first put aside by the page
  // (`Pinpai.beforeSignIn`) and given back after signing in.
  var sendingToSignIn = false;
  function toSignIn(signin) {
    if (sendingToSignIn) return;
    sendingToSignIn = true;
    if (window.Pinpai && window.Pinpai.beforeSignIn) window.Pinpai.beforeSignIn();
    location.href = signin + '?next=' + encodeURIComponent(location.pathname + location.search);
  }

  // A JSON body is sent as JSON; a file (with its content type) as it is.
  // A `background` request (a poll) never leaves the page.
  function request(method, url, body, contentType, background) {
    var headers = { 'X-Pinpai-Token': token };
    if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
    return fetch(url, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : (contentType ? body : JSON.stringify(body)),
      credentials: 'same-origin',
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 401 && data.signin && !background) toSignIn(data.signin);
        return { status: response.status, data: data };
      });
    }, function () {
      return { status: 0, data: { message: '连不上预览程序：它的窗口是不是关掉了？' } };
    });
  }

  function say(text, isError, id) {
    var status = document.getElementById(id || 'status');
    if (!status) return;
    status.textContent = text;
    status.className = isError ? 'status error' : 'status';
  }

  // Files dropped or chosen, one after another (a network share is slow).
  function eachFile(files, work) {
    return Array.prototype.reduce.call(files, function (done, file) {
      return done.then(function () { return work(file); });
    }, Promise.resolve());
  }

  // Dropping files anywhere else must not make the browser open them in
  // place of the workbench (and lose what was typed).
  ['dragover', 'drop'].forEach(function (type) {
    window.addEventListener(type, function (e) {
      if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') >= 0) e.preventDefault();
    });
  });

  var signOut = document.getElementById('sign-out');
  if (signOut) signOut.addEventListener('click', function () {
    request('POST', PREFIX + 'api/signout', {}).then(function (r) {
      location.href = (r.data && r.data.next) || PREFIX + 'signin';
    });
  });

  window.Pinpai = {
    PREFIX: PREFIX, el: el, request: request, say: say, eachFile: eachFile,
    role: role, levels: levels, name: meta('pinpai-name'),
    // What the signed-in role may do (the server decides; this only
    // hides what it would refuse).
    may: function (what) {
      if (!role) return true;
      if (role === '管理') return true;
      if (role === '编辑') return ['edit', 'create', 'upload', 'delete', 'drafts'].indexOf(what) >= 0;
      return false;
    },
    mayReview: function (level) {
      if (!role) return true;
      if (role === '编辑') return false;
      if (role === '管理' && levels.length === 0) return true;
      return levels.indexOf(level) >= 0;
    },
  };
})();
