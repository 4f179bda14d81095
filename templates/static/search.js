// hindsight search client (ADR-0020). The index is .js files that register
// themselves (search/index.js, t/N.js term shards, p/N.js merged prefixes, d/N.js result
// titles and metadata, x/N.js snippet text), loaded with <script> tags so that file://,
// sub-paths and any host work. Record text is only ever inserted as text.
// Snippet text loads once typing pauses for TEXT_DELAY ms.
(function () {
"use strict";
var D = document, root = (D.body && D.body.dataset.root) || "", base = root + "search/";
var PAGE = 10, INLINE = 6, FIRST = 5, TEXT_DELAY = 250;
var VAL = new Int8Array(128).fill(-1);
for (var i = 0; i < 64; i++) VAL["0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_".charCodeAt(i)] = i;
var TOKEN = /[\p{Alphabetic}\p{N}]+/gu, WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
var SPECIAL = { "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ς": "σ" };

// Same folding as the build: NFKD, no combining marks, lowercase, a few letters spelled out.
function fold(s) {
  return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[ßæœþøđðłıħŧς]/g, function (c) { return SPECIAL[c]; });
}
function tokens(s) { return fold(s).match(TOKEN) || []; }
function terms(q) { return tokens(q).filter(function (t, k, a) { return a.indexOf(t) === k; }).slice(0, 12); }
function starts(s, t) { return s.lastIndexOf(t, 0) === 0; }

var M = null, shards = {}, merged = {}, docs = {}, texts = {}, loading = {}, facetData = null;
var H = window.hindsightSearch = {
  setIndex: function (m) { M = m; },
  addShard: function (n, data) {
    var p = data ? data.split(" ") : [], t = [], s = [];
    for (var k = 0; k + 1 < p.length; k += 2) { t.push(p[k]); s.push(p[k + 1]); }
    shards[n] = { terms: t, posts: s, cache: {} };
  },
  addPrefix: function (n, data) { merged[n] = data; },
  addDoc: function (n, d) { docs[n] = d; },
  addText: function (n, t) { texts[n] = t; },
  lastMs: null, timings: []
};

function load(url) {
  return loading[url] || (loading[url] = new Promise(function (ok, no) {
    var s = D.createElement("script"), timer;
    function fail() { delete loading[url]; no(new Error("cannot load " + url)); }
    s.src = url; s.async = true;
    s.onload = function () { clearTimeout(timer); ok(); };
    s.onerror = function () { clearTimeout(timer); fail(); };
    timer = setTimeout(fail, 15000);
    D.head.appendChild(s);
  }));
}
function cardFile(dir, n) { return base + dir + Math.floor(n / (M.cards || 1)) + ".js"; }

// Numbers: base-32 digits, a digit from 32 up continues the number.
function num(s, pos) {
  var v = 0, d;
  while ((d = VAL[s.charCodeAt(pos.i++)]) >= 32) v = v * 32 + d - 32;
  return v * 32 + d;
}
// Term postings: (gap - 1) * 4 + c, c = body score - 1, or 3 and the score as a digit.
// Scores come out doubled, as merged prefixes store them (plus 1 for an exact word).
function postings(s) {
  var ds = [], vs = [], prev = -1, pos = { i: 0 };
  while (pos.i < s.length) {
    var v = num(s, pos), c = v % 4;
    prev += Math.floor(v / 4) + 1;
    ds.push(prev); vs.push((c < 3 ? c + 1 : VAL[s.charCodeAt(pos.i++)]) * 2);
  }
  return { docs: ds, vals: vs };
}
// Merged prefix postings: (gap - 1) * 8 + value, or 8 * (gap - 1) and the value.
function mergedPostings(s) {
  var ds = [], vs = [], prev = -1, pos = { i: 0 };
  while (pos.i < s.length) {
    var v = num(s, pos);
    prev += Math.floor(v / 8) + 1;
    ds.push(prev); vs.push(v % 8 || num(s, pos));
  }
  return { docs: ds, vals: vs };
}
function docList(s) {
  var out = [], prev = -1, pos = { i: 0 };
  while (pos.i < s.length) out.push(prev += num(s, pos) + 1);
  return out;
}

// Facets: the documents of each value.
function facets() {
  return facetData || (facetData = M.facets.map(function (f) {
    return { name: f.name, label: f.label, values: f.values.map(function (v) { return v[0]; }), lists: f.values.map(function (v) { return docList(v[1]); }) };
  }));
}

// Where each word's postings are: one merged file for a long prefix range, else its shards.
function plan(ts) {
  return ts.map(function (t) {
    var p = M.prefixes || [], lo = 0, hi = p.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (p[mid] < t) lo = mid + 1; else hi = mid; }
    if (p[lo] === t) return { t: t, m: lo, files: [base + "p/" + lo + ".js"] };
    var sh = M.shards, a = 0, b = sh.length - 1;
    while (a < b) { var m = (a + b + 1) >> 1; if (sh[m][0] <= t) a = m; else b = m - 1; }
    var list = [a];
    for (var j = a + 1; j < sh.length && starts(sh[j][0], t); j++) list.push(j);
    return { t: t, shards: list, files: list.map(function (n) { return base + "t/" + n + ".js"; }) };
  });
}

// After a word read from a merged prefix, the merged files of its one-letter-longer
// prefixes are likely next: load them while the reader types.
function prefetch(words) {
  var w = words[words.length - 1], p = M.prefixes || [];
  if (!w || w.m == null) return;
  for (var k = w.m + 1; k < p.length && starts(p[k], w.t); k++) if (p[k].length === w.t.length + 1) load(base + "p/" + k + ".js").catch(function () {});
}

// Best value of each document for one word (prefix match; exact words score higher).
function wordScores(q, best) {
  function add(p, exact) {
    for (var j = 0; j < p.docs.length; j++) { var v = p.vals[j] + exact; if (v > best[p.docs[j]]) best[p.docs[j]] = v; }
  }
  if (q.m != null) {
    if (typeof merged[q.m] === "string") merged[q.m] = mergedPostings(merged[q.m]);
    return add(merged[q.m], 0);
  }
  q.shards.forEach(function (n) {
    var s = shards[n], ts = s.terms, lo = 0, hi = ts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (ts[mid] < q.t) lo = mid + 1; else hi = mid; }
    for (var k = lo; k < ts.length && starts(ts[k], q.t); k++) add(s.cache[k] || (s.cache[k] = postings(s.posts[k])), ts[k] === q.t ? 1 : 0);
  });
}

// A query's planned words: {results (best first), counts per facet value, words, any}.
function run(words, selected) {
  var n = M.docs, total = new Int32Array(n), hits = new Uint8Array(n), best = new Uint8Array(n), d, f;
  words.forEach(function (q) {
    best.fill(0);
    wordScores(q, best);
    for (d = 0; d < n; d++) if (best[d]) { hits[d]++; total[d] += best[d]; }
  });
  var fd = facets(), masks = fd.map(function (f) {
    var want = selected[f.name], vi = want ? f.values.indexOf(want) : -1, m;
    if (!want) return null;
    m = new Uint8Array(n);
    if (vi >= 0) f.lists[vi].forEach(function (d) { m[d] = 1; });
    return m;
  });
  // With no words every document matches (facets count them all); results are listed
  // once there is a word or a facet.
  var any = words.length > 0 || masks.some(Boolean), match = new Uint8Array(n), top = 0;
  for (d = 0; d < n; d++) {
    if (hits[d] !== words.length) continue;
    match[d] = 1;
    for (f = 0; f < masks.length; f++) if (masks[f] && !masks[f][d]) break;
    if (f === masks.length && any) { match[d] = 2; if (total[d] > top) top = total[d]; }
  }
  // Counting sort by score (scores are small integers), ties in document order.
  var count = new Int32Array(top + 2), results = [];
  for (d = 0; d < n; d++) if (match[d] === 2) count[top - total[d] + 1]++;
  for (var b = 1; b <= top + 1; b++) count[b] += count[b - 1];
  for (d = 0; d < n; d++) if (match[d] === 2) results[count[top - total[d]]++] = d;
  // Each facet's counts among the matches that pass every other facet.
  var counts = {};
  fd.forEach(function (f, fi) {
    counts[f.name] = f.lists.map(function (l) {
      var c = 0;
      for (var j = 0; j < l.length; j++) {
        var x = l[j], g;
        if (!match[x]) continue;
        for (g = 0; g < masks.length; g++) if (g !== fi && masks[g] && !masks[g][x]) break;
        if (g === masks.length) c++;
      }
      return c;
    });
  });
  return { results: results, counts: counts, words: words, any: any };
}

function hit(tok, words) {
  for (var k = 0; k < words.length; k++) if (starts(tok, words[k].t)) return k;
  return -1;
}
// The index of a query word that one word of text matches, or -1.
function wordHit(w, words) {
  var ts = tokens(w);
  for (var j = 0; j < ts.length; j++) { var k = hit(ts[j], words); if (k >= 0) return k; }
  return -1;
}
// Appends `text` to `el`, the words that match the query in <mark> elements (as text).
function highlight(el, text, words) {
  var last = 0, m;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text))) {
    if (wordHit(m[0], words) < 0) continue;
    if (m.index > last) el.appendChild(D.createTextNode(text.slice(last, m.index)));
    el.appendChild(D.createElement("mark")).textContent = m[0];
    last = m.index + m[0].length;
  }
  if (last < text.length) el.appendChild(D.createTextNode(text.slice(last)));
}
// The window of `text` holding the most distinct query words: [start, end, count, seen].
function bestWindow(text, words, width) {
  var found = [], m, k;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text)) && found.length < 200) {
    var ts = tokens(m[0]);
    for (k = 0; k < words.length; k++) if (ts.some(function (t) { return starts(t, words[k].t); })) found.push([m.index, k]);
  }
  if (!found.length) return null;
  var at = 0, most = 0, seen = {};
  for (var a = 0; a < found.length; a++) {
    var s = {}, c = 0;
    for (var b = a; b < found.length && found[b][0] < found[a][0] + width - 60; b++) if (!s[found[b][1]]) { s[found[b][1]] = 1; c++; }
    if (c > most) { most = c; at = found[a][0]; seen = s; }
  }
  var start = Math.max(0, at - 50);
  if (start > 0) { var sp = text.lastIndexOf(" ", start); start = sp < 0 ? 0 : sp + 1; }
  return [start, Math.min(text.length, start + width), most, seen];
}
function cut(text, w) {
  var end = w[1];
  if (end < text.length) { var sp = text.indexOf(" ", end); end = sp < 0 || sp > end + 30 ? end : sp; }
  return (w[0] > 0 ? "…" : "") + text.slice(w[0], end) + (end < text.length ? "…" : "");
}
// The best window of the body excerpt or of the structured fields; when the other holds
// query words the first lacks, a shorter window of it follows.
function snippet(el, d, words) {
  var x = d.x || "", y = d.y || "", wx = bestWindow(x, words, 200), wy = bestWindow(y, words, 200);
  var first = [x, wx], second = [y, wy];
  if (wy && (!wx || wy[2] > wx[2])) { first = [y, wy]; second = [x, wx]; }
  if (!first[1]) { var t = x || y; return highlight(el, cut(t, [0, Math.min(t.length, 200)]), words); }
  var part = cut(first[0], first[1]), w2 = second[1];
  if (w2 && Object.keys(w2[3]).some(function (k) { return !first[1][3][k]; })) part += " " + cut(second[0], [w2[0], Math.min(second[0].length, w2[0] + 120)]);
  highlight(el, part, words);
}

// A page of this site (relative to its root), or a record's page on its home site (an
// absolute http(s) address, for records of other sites); anything else is not linked.
function safeUrl(u) { return typeof u !== "string" ? "#" : /^https?:\/\/[^\s"'<>\\`]+$/i.test(u) ? u : !/^[a-z][a-z0-9+.-]*:/i.test(u) && u.charAt(0) !== "/" ? root + u : "#"; }
function el(tag, cls, parent) { var e = D.createElement(tag); if (cls) e.className = cls; if (parent) parent.appendChild(e); return e; }

// A result without its snippet (filled in by `snippet` once its text is loaded).
function resultItem(n, words, id) {
  var d = docs[n] || { t: "(missing)", u: "", s: "" }, li = el("li", "hs-result"), a = el("a", "hs-title", li);
  a.href = safeUrl(d.u);
  if (id) a.id = id;
  if (d.n != null) el("span", "num", a).textContent = d.n + " ";
  highlight(a, d.t, words);
  var meta = el("p", "hs-meta", li), g = d.g || [];
  meta.textContent = [d.k, d.s, d.d, d.r ? "revisit " + d.r : null, d.p].filter(Boolean).join(" · ") + (g.length ? " · " : "");
  g.forEach(function (t) { highlight(el("span", "tag", meta), t, words); meta.appendChild(D.createTextNode(" ")); });
  el("p", "hs-snippet", li);
  return li;
}

function addStyle() {
  if (D.getElementById("hs-style")) return;
  var st = el("style", null, D.head);
  st.id = "hs-style";
  st.textContent = ".hs-results{list-style:none;padding:0;margin:.5rem 0}.hs-result{padding:.55rem .2rem;border-bottom:1px solid var(--line,#ddd)}" +
    ".hs-title{font-weight:600}.hs-title .num{color:var(--muted,#666);font-weight:400}.hs-meta{margin:.1rem 0;font-size:.85rem;color:var(--muted,#666)}" +
    ".hs-meta .tag{margin-right:.2rem}.hs-snippet{margin:.15rem 0;font-size:.92rem}.hs-result a:focus{outline:3px solid var(--focus,#f0a000);outline-offset:2px}" +
    ".search-page input[type=search]{width:100%;max-width:40rem;font-size:1.1rem}";
}

// Arrow keys move between the input and the result links; Enter on the page's input opens the first.
function keyboard(input, list) {
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a.hs-title")); }
  input.addEventListener("keydown", function (e) {
    var l = links();
    if (e.key === "ArrowDown" && l.length) { e.preventDefault(); l[0].focus(); }
    else if (e.key === "Enter" && input.id === "search-input") { e.preventDefault(); if (l.length) l[0].click(); }
  });
  list.addEventListener("keydown", function (e) {
    var l = links(), k = l.indexOf(D.activeElement);
    if (k < 0) return;
    if (e.key === "ArrowDown") { e.preventDefault(); if (k + 1 < l.length) l[k + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (k > 0 ? l[k - 1] : input).focus(); }
    else if (e.key === "Escape") input.focus();
  });
}

var ready = null;
// Loads the manifest and decodes the facets, ahead of the first keystroke when it can.
function start() {
  return ready || (ready = load(base + "index.js").then(function () {
    if (!M) throw new Error("search index missing");
    facets();
    (window.requestIdleCallback || setTimeout)(warm);
  }));
}
// Runs the decoders and the ranking once on made-up words that match every document
// (one merged, one from a shard), while the page is idle: the first keystroke would
// otherwise run them cold, 10-30 ms more at 10,000 records.
function warm() {
  var all = new Array(M.docs + 1).join("2");
  merged[-1] = all;
  shards[-1] = { terms: [""], posts: [all], cache: {} };
  try { run([{ t: "", m: -1 }, { t: "", shards: [-1] }], {}); } finally { delete merged[-1]; delete shards[-1]; }
}

// One search view: an input, a results list, optional facets, status line and "more" button.
function view(o) {
  var input = o.input, list = o.list, status = o.status, seq = 0, shown = 0, current = null, t0 = 0, keyAt = null, timer = null;
  var selected = {}, selects = {};
  keyboard(input, list);

  function facetsUi(res) {
    if (!o.facets) return;
    var fd = facets();
    if (!Object.keys(selects).length) {
      fd.forEach(function (f) {
        if (f.values.length < 2 && !selected[f.name]) return;
        var label = el("label", null, o.facets), sel;
        label.textContent = f.label;
        sel = el("select", null, label);
        sel.dataset.facet = f.name;
        sel.id = "facet-" + f.name;
        sel.addEventListener("change", function () {
          if (sel.value) selected[f.name] = sel.value; else delete selected[f.name];
          update();
        });
        selects[f.name] = sel;
      });
      o.facets.hidden = false;
    }
    fd.forEach(function (f) {
      var sel = selects[f.name], c = res.counts[f.name];
      if (!sel) return;
      sel.textContent = "";
      el("option", null, sel).textContent = "All";
      sel.firstChild.value = "";
      f.values.forEach(function (v, vi) {
        if (!c[vi] && selected[f.name] !== v) return;
        var op = el("option", null, sel);
        op.value = v; op.textContent = v + " (" + c[vi] + ")";
      });
      sel.value = selected[f.name] || "";
    });
  }

  // Puts the query and facets in the address bar. Not on every keystroke: replaceState
  // keeps the browser busy for a while, and the next file loads ~10 ms later.
  function saveUrl(q) {
    if (!o.url) return;
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    Object.keys(selected).sort().forEach(function (k) { params.set(k, selected[k]); });
    var search = params.toString() ? "?" + params : "";
    if (search === location.search) return;
    try { history.replaceState(null, "", search || location.pathname); } catch (e) { /* file:// in some browsers */ }
  }

  // Shows results `from` on (titles and metadata); their snippets follow after `delay` ms.
  // While typing (`delay` > 0) the first FIRST results, about a screenful, are shown as
  // soon as their cards are in, and the rest of the page as soon as theirs are: a
  // keystroke that changes the results waits for at most FIRST card files.
  function render(res, from, my, tm, delay) {
    var page = res.results.slice(from, from + (o.inline ? INLINE : PAGE)), items = [];
    var head = delay && !from ? page.slice(0, FIRST) : page, q = input.value.trim(), count = res.results.length;
    function missing(ns) {
      return ns.map(function (n) { return docs[n] ? null : cardFile("d/", n); }).filter(function (f, k, a) { return f && a.indexOf(f) === k; });
    }
    function show(ns) {
      ns.forEach(function (n) { items.push(list.appendChild(resultItem(n, res.words, "result-" + (from + items.length)))); });
    }
    var files = missing(head);
    tm.newCards = head.filter(function (n) { return !docs[n]; }).length;
    tm.cardFiles = files.filter(function (f) { return !loading[f]; }).length;
    return Promise.all(files.map(load)).then(function () {
      if (my !== seq) return;
      tm.cards = performance.now() - t0;
      if (from === 0) list.textContent = "";
      show(head);
      if (status) status.textContent = !res.any ? "" : count ? count + (count === 1 ? " result" : " results") : "No decisions match.";
      if (o.inline) list.hidden = !res.any;
      H.lastMs = performance.now() - t0;
      if (from === 0) H.timings.push({ q: q, ms: H.lastMs, results: count, tm: tm });
      list.dataset.ms = H.lastMs.toFixed(1);
      list.dataset.query = q;
      list.dataset.count = String(count);
      return Promise.all(missing(page).map(load));
    }).then(function () {
      if (my !== seq) return;
      show(page.slice(items.length));
      tm.page = performance.now() - t0;
      shown = from + page.length;
      if (o.more) o.more.hidden = o.inline || shown >= count;
      if (o.inline && count > shown) {
        var a = el("a", null, el("li", null, list));
        a.href = root + "search.html?q=" + encodeURIComponent(q);
        a.textContent = "All " + count + " results";
      }
      if (from === 0) setTimeout(function () { prefetch(res.words); }, 0);
      var fill = function () {
        if (my !== seq) return;
        Promise.all(page.map(function (n) { return texts[n] ? 0 : load(cardFile("x/", n)); })).then(function () {
          if (my !== seq) return;
          page.forEach(function (n, k) { snippet(items[k].lastChild, texts[n] || {}, res.words); });
          tm.text = performance.now() - t0;
          saveUrl(q);
          list.dataset.state = "done";
        }, function (e) { if (status) status.textContent = "Search is unavailable: " + e.message; list.dataset.state = "error"; });
      };
      if (from) fill(); else { clearTimeout(timer); timer = setTimeout(fill, delay); }
    });
  }

  // Runs the query in the input; timed from `since` (its key press) or now.
  function update(since) {
    var my = ++seq, q = input.value, tm = {};
    t0 = since != null ? since : performance.now();
    list.dataset.state = "busy";
    tm.start = performance.now() - t0;
    return start().then(function () {
      var files = [];
      plan(terms(q)).forEach(function (w) { files = files.concat(w.files); });
      tm.newFiles = files.filter(function (f) { return !loading[f]; }).length;
      return Promise.all(files.map(load));
    }).then(function () {
      if (my !== seq) return;
      tm.load = performance.now() - t0;
      current = run(plan(terms(q)), selected);
      tm.rank = performance.now() - t0;
      facetsUi(current);
      return render(current, 0, my, tm, since != null ? TEXT_DELAY : 0);
    }).catch(function (e) {
      if (status) status.textContent = "Search is unavailable: " + e.message;
      list.dataset.state = "error";
    });
  }

  input.addEventListener("keydown", function (e) { keyAt = Math.min(e.timeStamp, performance.now()); });
  input.addEventListener("input", function () { var t = keyAt; keyAt = null; update(t); });
  if (o.more) o.more.addEventListener("click", function () { if (current) render(current, shown, seq, {}, 0); });
  return { update: update, selected: selected };
}

addStyle();
var pageInput = D.getElementById("search-input"), pageList = D.getElementById("search-results");
if (pageInput && pageList) {
  var params = new URLSearchParams(location.search), header = D.getElementById("site-search"), form = D.getElementById("search-form");
  pageInput.value = params.get("q") || "";
  if (header) header.value = pageInput.value;
  var v = view({ input: pageInput, list: pageList, status: D.getElementById("search-status"), facets: D.getElementById("search-facets"), more: D.getElementById("search-more"), url: true });
  ["status", "kind", "revisit", "package", "tag"].forEach(function (k) { if (params.get(k)) v.selected[k] = params.get(k); });
  if (form) form.addEventListener("submit", function (e) { e.preventDefault(); });
  v.update();
  return;
}
var inline = D.getElementById("inline-search-results"), box = D.getElementById("site-search");
if (inline && box) {
  var ol = el("ol", "hs-results", inline);
  ol.id = "inline-results-list";
  ol.setAttribute("aria-label", "Search results");
  ol.hidden = true;
  // The list is not a live region (it would be read out whole at every key); a status
  // line says how many results there are.
  var iv = view({ input: box, list: ol, inline: true, status: D.getElementById("inline-search-status") });
  box.addEventListener("focus", function () { start().catch(function () {}); }, { once: true });
  if (box.value) iv.update();
}
})();
