// hindsight: theme toggle, "/" to search, and index filters and sorting.
// Every page works without this file; it only adds conveniences.
(function () {
  "use strict";
  var doc = document.documentElement;
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var dark = doc.dataset.theme ? doc.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      doc.dataset.theme = dark ? "light" : "dark";
      try { localStorage.setItem("hindsight-theme", doc.dataset.theme); } catch (e) {}
    });
  }
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      var box = document.getElementById("search-input") || document.getElementById("site-search");
      if (box) { e.preventDefault(); box.focus(); box.select(); }
    }
  });

  var table = document.getElementById("records");
  // A paged index (a large site) filters and sorts with static pages: its facet links and
  // column headers are links, and this script leaves them to work as such.
  if (!table || table.dataset.paged) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var controls = document.getElementById("filter-controls");
  var facets = { status: "Status", tag: "Tag", package: "Package", revisit: "Revisit", kind: "Kind" };
  var values = {};
  rows.forEach(function (r) {
    var add = function (k, v) { if (v) { (values[k] = values[k] || {})[v] = (values[k][v] || 0) + 1; } };
    add("status", r.dataset.status); add("package", r.dataset.package); add("revisit", r.dataset.revisit); add("kind", r.dataset.kind);
    (r.dataset.tags || "").split("|").forEach(function (t) { add("tag", t); });
  });
  var selects = {};
  Object.keys(facets).forEach(function (k) {
    if (!values[k] || Object.keys(values[k]).length < 2 && k !== "status") return;
    var label = document.createElement("label");
    label.textContent = facets[k];
    var sel = document.createElement("select");
    sel.dataset.facet = k;
    var all = document.createElement("option");
    all.value = ""; all.textContent = "All";
    sel.appendChild(all);
    Object.keys(values[k]).sort().forEach(function (v) {
      var o = document.createElement("option");
      o.value = v; o.textContent = v + " (" + values[k][v] + ")";
      sel.appendChild(o);
    });
    sel.addEventListener("change", apply);
    label.appendChild(sel);
    controls.appendChild(label);
    selects[k] = sel;
  });
  var shown = document.createElement("p");
  shown.className = "count";
  shown.setAttribute("aria-live", "polite");
  controls.appendChild(shown);
  controls.hidden = false;

  function matches(r) {
    for (var k in selects) {
      var want = selects[k].value;
      if (!want) continue;
      if (k === "tag") { if ((r.dataset.tags || "").split("|").indexOf(want) < 0) return false; }
      else if ((r.dataset[k] || "") !== want) return false;
    }
    return true;
  }
  function apply() {
    var n = 0;
    rows.forEach(function (r) { var ok = matches(r); r.hidden = !ok; if (ok) n++; });
    shown.textContent = n + " of " + rows.length + " shown";
    var params = new URLSearchParams(location.search);
    for (var k in selects) { if (selects[k].value) params.set(k, selects[k].value); else params.delete(k); }
    var qs = params.toString();
    try { history.replaceState(null, "", qs ? "?" + qs : location.pathname); } catch (e) {}
  }
  var initial = new URLSearchParams(location.search);
  for (var k in selects) { if (initial.get(k)) selects[k].value = initial.get(k); }
  document.querySelectorAll(".facet-links a[data-filter]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      var sel = selects[a.dataset.filter];
      if (!sel) return;
      e.preventDefault();
      sel.value = sel.value === a.dataset.value ? "" : a.dataset.value;
      apply();
    });
  });
  apply();

  var order = { status: ["proposed", "accepted", "rejected", "deprecated", "superseded", "unknown"],
    revisit: ["overdue", "due", "scheduled", "unplanned", "reviewed", ""] };
  function key(r, by) {
    if (by === "number") return r.dataset.number === "" ? Infinity : Number(r.dataset.number);
    if (by === "title") return r.cells[1].textContent.trim().toLowerCase();
    if (by === "date") return r.dataset.date || "";
    if (by === "revisit") return order.revisit.indexOf(r.dataset.revisit) * 1e9 + (Date.parse(r.dataset.revisitDate || "") || 0) / 1e5;
    if (by === "status") return order.status.indexOf(r.dataset.status);
    return "";
  }
  // Each sortable header gets a button (sorting needs this script, so the buttons come with it).
  table.querySelectorAll("th[data-sort]").forEach(function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    var sort = function () {
      var by = th.dataset.sort;
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th[data-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, by), y = key(b, by);
        var c = x < y ? -1 : x > y ? 1 : 0;
        return asc ? c : -c;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    };
    button.addEventListener("click", sort);
  });
})();
