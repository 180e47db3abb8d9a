// pinpai serve: reloads the page after every good build (keeping the scroll
// position) and shows the errors of a failed build over the page. Injected
// only while serving; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var mine = script ? script.getAttribute("data-build") : "";
  var key = "pinpai-scroll:" + location.pathname;
  var saved = null;
  try {
    saved = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
  } catch (e) {}
  if (saved) {
    var xy = saved.split(",");
    var restore = function () { window.scrollTo(+xy[0] || 0, +xy[1] || 0); };
    restore();
    window.addEventListener("load", restore);
  }

  var overlay = null;
  function show(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "pinpai-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2em;" +
        "background:rgba(40,0,0,.93);color:#fff;font:16px/1.6 system-ui,sans-serif";
      document.documentElement.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.style.cssText = "margin:0 0 .5em;font-size:1.3em;color:#ffd6d6";
    title.textContent = "网站没有生成成功，请修改下面的 " + errors.length + " 处问题（保存后自动刷新）";
    var note = document.createElement("p");
    note.style.cssText = "margin:0 0 1em;color:#f3c5c5";
    note.textContent = "每行开头是文件和行号。改好之前，网站仍显示上一次成功生成的内容。";
    var list = document.createElement("pre");
    list.style.cssText = "white-space:pre-wrap;font:15px/1.7 ui-monospace,monospace;margin:0";
    // textContent: messages quote the user's text, which must not become HTML.
    list.textContent = errors.join("\n");
    overlay.appendChild(title);
    overlay.appendChild(note);
    overlay.appendChild(list);
  }
  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  var events = new EventSource("/__pinpai/events");
  events.addEventListener("status", function (e) {
    var status;
    try { status = JSON.parse(e.data); } catch (err) { return; }
    if (status.errors && status.errors.length) {
      show(status.errors);
      return;
    }
    hide();
    if (status.build && status.build !== mine) {
      try { sessionStorage.setItem(key, window.scrollX + "," + window.scrollY); } catch (err) {}
      events.close();
      location.reload();
    }
  });
})();
