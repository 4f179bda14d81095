//! The live-reload script `serve` adds to every page (never to `build` output), and the
//! pages it shows when there is nothing else to show.
//!
//! The script listens on the event stream: `reload` (with the paths that changed) reloads
//! the page when its own file is among them, keeping the scroll position; `problem` shows
//! the diagnostics in an overlay (`role="alert"`, text set with `textContent`, never
//! parsed as HTML); `ok` removes it; `hello`, sent on every (re)connection, reloads a page
//! that missed builds while disconnected.

/// The script served at `/__hindsight/live.js`.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  var me = document.currentScript;
  var page = (me && me.getAttribute("data-page")) || "";
  var key = "hindsight-scroll:" + page;
  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      var y = parseInt(saved, 10) || 0;
      window.addEventListener("load", function () { window.scrollTo(0, y); });
    }
  } catch (e) {}
  var build = null;
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "hindsight-overlay";
      box.setAttribute("role", "alert");
      box.setAttribute("aria-live", "assertive");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:70vh;overflow:auto;" +
        "z-index:2147483647;background:#fff5f5;color:#3b0a0a;border:2px solid #b71c1c;border-radius:6px;" +
        "padding:.75rem 1rem;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
        "box-shadow:0 6px 24px rgba(0,0,0,.3);text-align:left";
      var head = document.createElement("strong");
      head.textContent = "hindsight could not rebuild; this page shows the last good build.";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.setAttribute("aria-label", "Hide the build problem");
      close.style.cssText = "float:right;font:inherit;cursor:pointer";
      close.addEventListener("click", function () { if (box) { box.style.display = "none"; } });
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.5rem 0 0;font:inherit";
      box.appendChild(close);
      box.appendChild(head);
      box.appendChild(pre);
      (document.body || document.documentElement).appendChild(box);
    }
    box.style.display = "";
    box.lastChild.textContent = text;
  }
  function hide() {
    if (box) { box.parentNode.removeChild(box); box = null; }
  }
  function reload() {
    try { sessionStorage.setItem(key, String(window.scrollY || 0)); } catch (e) {}
    window.location.reload();
  }
  if (!window.EventSource) { return; }
  var source = new EventSource("/__hindsight/events");
  source.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (build !== null && d.build !== build) { reload(); return; }
    build = d.build;
    document.documentElement.setAttribute("data-hindsight-live", "connected");
    if (d.problem) { show(d.problem); } else { hide(); }
  });
  source.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    build = d.build;
    if (d.paths.indexOf(page) >= 0 || document.documentElement.hasAttribute("data-hindsight-waiting")) { reload(); }
  });
  source.addEventListener("problem", function (e) { show(JSON.parse(e.data).text); });
  source.addEventListener("ok", function () { hide(); });
})();
"#;

/// Shown for paths that are not in the site.
pub const NOT_FOUND: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><h1>Not found</h1><p>This page is not part of the site. <a href=\"/\">Go to the index</a>.</p></body></html>\n";

/// Shown before the first good build.
pub const WAITING: &str = "<!doctype html>\n<html lang=\"en\" data-hindsight-waiting><head><meta charset=\"utf-8\"><title>Waiting for a good build</title></head>\n<body><h1>Waiting for a good build</h1><p>The records have problems, shown below. This page reloads once they are fixed.</p></body></html>\n";
