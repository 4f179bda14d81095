// hindsight search client. The index is a set of .js files written at build time
// (search/index.js, search/t/N.js, search/d/N.js) that call hindsightSearch.* to register
// themselves, so they load with <script> tags from file://, under a sub-path and on any
// static host. Nothing leaves the site. Record text is only ever inserted as text.
(function () {
  "use strict";
  var body = document.body;
  var root = (body && body.dataset.root) || "";
  var base = root + "search/";
  var PAGE = 10;          // results shown at first, and added by "Show more"
  var INLINE = 6;         // results shown inline on the index page
  // Most shard bytes one query may load for prefix matches (and one term of 1 or 2
  // letters); above that, the term matches whole words only, until more letters are typed.
  var BUDGET = 280000, BUDGET_1 = 48000, BUDGET_2 = 160000;
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_";
  var VAL = new Int8Array(128).fill(-1);
  for (var i = 0; i < 64; i++) VAL[DIGITS.charCodeAt(i)] = i;
  var TOKEN = /[\p{Alphabetic}\p{N}]+/gu;
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var SPECIAL = { "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ς": "σ" };
  var SPECIAL_RE = /[ßæœþøđðłıħŧς]/g;

  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(SPECIAL_RE, function (c) { return SPECIAL[c]; });
  }
  function tokens(s) { return fold(s).match(TOKEN) || []; }
  // The distinct words of a query (at most 12).
  function uniqueTerms(q) {
    return tokens(q).filter(function (t, k, a) { return a.indexOf(t) === k; }).slice(0, 12);
  }

  var manifest = null, shards = {}, docs = {}, loading = {};
  var facetData = null;
  var H = window.hindsightSearch = {
    setIndex: function (m) { manifest = m; },
    addShard: function (n, data) {
      var parts = data ? data.split(" ") : [];
      var terms = [], posts = [];
      for (var k = 0; k + 1 < parts.length; k += 2) { terms.push(parts[k]); posts.push(parts[k + 1]); }
      shards[n] = { terms: terms, posts: posts, cache: {} };
    },
    addDoc: function (n, d) { docs[n] = d; },
    lastMs: null,
    timings: []
  };

  function load(url) {
    if (loading[url]) return loading[url];
    loading[url] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.async = true;
      var fail = function () { delete loading[url]; reject(new Error("cannot load " + url)); };
      var timer = setTimeout(fail, 15000);
      s.onload = function () { clearTimeout(timer); resolve(); };
      s.onerror = function () { clearTimeout(timer); fail(); };
      document.head.appendChild(s);
    });
    return loading[url];
  }
  function loadShard(n) {
    if (shards[n]) return Promise.resolve();
    return load(base + "t/" + n + ".js");
  }
  function loadDoc(n) {
    return docs[n] ? Promise.resolve() : load(base + "d/" + Math.floor(n / (manifest.cards || 1)) + ".js");
  }

  function readNumber(s, pos) {
    var v = 0, d;
    while ((d = VAL[s.charCodeAt(pos.i++)]) >= 32) v = v * 32 + (d - 32);
    return v * 32 + d;
  }
  function decodePostings(s) {
    var ds = [], sc = [], prev = -1, pos = { i: 0 }, n = s.length;
    while (pos.i < n) {
      var v = readNumber(s, pos), c = v % 4;
      prev += Math.floor(v / 4) + 1;
      ds.push(prev);
      sc.push(c < 3 ? c + 1 : VAL[s.charCodeAt(pos.i++)]);
    }
    return { docs: ds, scores: sc };
  }
  function decodeDocs(s) {
    var out = [], prev = -1, pos = { i: 0 };
    while (pos.i < s.length) { prev += readNumber(s, pos) + 1; out.push(prev); }
    return out;
  }

  // Facets: for single-valued ones, the value of each document; for tags, their documents.
  function prepareFacets() {
    if (facetData) return facetData;
    var n = manifest.docs;
    facetData = manifest.facets.map(function (f) {
      var lists = f.values.map(function (v) { return decodeDocs(v[1]); });
      var of = null;
      if (f.name !== "tag") {
        of = new Int16Array(n).fill(-1);
        lists.forEach(function (l, vi) { l.forEach(function (d) { of[d] = vi; }); });
      }
      return { name: f.name, label: f.label, values: f.values.map(function (v) { return v[0]; }), lists: lists, of: of };
    });
    return facetData;
  }

  // The shards that may hold `t` (and, for a prefix, every term starting with it).
  function shardsFor(t, prefix) {
    var sh = manifest.shards, lo = 0, hi = sh.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (sh[mid][0] <= t) lo = mid; else hi = mid - 1; }
    var out = [lo];
    if (prefix) for (var j = lo + 1; j < sh.length && sh[j][0].lastIndexOf(t, 0) === 0; j++) out.push(j);
    return out;
  }
  function plan(terms) {
    var used = {}, total = 0;
    return terms.map(function (t) {
      var list = shardsFor(t, true), bytes = 0;
      list.forEach(function (n) { if (!used[n]) bytes += manifest.shards[n][1]; });
      var limit = t.length === 1 ? BUDGET_1 : t.length === 2 ? BUDGET_2 : BUDGET;
      var prefix = bytes <= limit && total + bytes <= BUDGET;
      if (!prefix) list = shardsFor(t, false);
      list.forEach(function (n) { if (!used[n]) { used[n] = 1; total += manifest.shards[n][1]; } });
      return { t: t, prefix: prefix, shards: list };
    });
  }

  // Best score of each document for one query term (exact matches rank above prefix ones).
  function termScores(q, best) {
    var t = q.t;
    q.shards.forEach(function (n) {
      var s = shards[n], terms = s.terms, lo = 0, hi = terms.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < t) lo = mid + 1; else hi = mid; }
      for (var k = lo; k < terms.length; k++) {
        var term = terms[k];
        var exact = term === t;
        if (!exact && (!q.prefix || term.lastIndexOf(t, 0) !== 0)) break;
        var p = s.cache[k] || (s.cache[k] = decodePostings(s.posts[k]));
        var bonus = exact ? 1 : 0;
        for (var j = 0; j < p.docs.length; j++) {
          var v = p.scores[j] * 2 + bonus;
          if (v > best[p.docs[j]]) best[p.docs[j]] = v;
        }
      }
    });
  }

  // Runs a query: returns {results: [doc], counts: {facet: [count per value]}, terms}.
  function run(query, selected) {
    var n = manifest.docs;
    var terms = uniqueTerms(query);
    var planned = plan(terms);
    var total = new Float64Array(n), hits = new Uint8Array(n), best = new Uint8Array(n);
    planned.forEach(function (q) {
      best.fill(0);
      termScores(q, best);
      for (var d = 0; d < n; d++) if (best[d]) { hits[d]++; total[d] += best[d]; }
    });
    var fd = prepareFacets();
    var masks = fd.map(function (f) {
      var want = selected[f.name];
      if (!want) return null;
      var vi = f.values.indexOf(want), m = new Uint8Array(n);
      if (vi >= 0) f.lists[vi].forEach(function (d) { m[d] = 1; });
      return m;
    });
    // With no terms every document matches (so facets count them all); results are
    // listed once there is a term or a facet.
    var match = new Uint8Array(n), any = terms.length > 0 || masks.some(Boolean);
    for (var d = 0; d < n; d++) match[d] = hits[d] === terms.length ? 1 : 0;
    var results = [], counts = {};
    for (var d2 = 0; any && d2 < n; d2++) {
      if (!match[d2]) continue;
      var ok = true;
      for (var f = 0; f < masks.length; f++) if (masks[f] && !masks[f][d2]) { ok = false; break; }
      if (ok) results.push(d2);
    }
    results.sort(function (a, b) { return total[b] - total[a] || a - b; });
    // Counts of each facet value among the matches that pass every other facet.
    fd.forEach(function (f, fi) {
      var c = new Array(f.values.length).fill(0);
      var pass = function (d) {
        if (!match[d]) return false;
        for (var g = 0; g < masks.length; g++) if (g !== fi && masks[g] && !masks[g][d]) return false;
        return true;
      };
      f.lists.forEach(function (l, vi) { for (var j = 0; j < l.length; j++) if (pass(l[j])) c[vi]++; });
      counts[f.name] = c;
    });
    return { results: results, counts: counts, terms: planned, any: any };
  }

  function matchesToken(tok, planned) {
    for (var k = 0; k < planned.length; k++) {
      var q = planned[k];
      if (q.prefix ? tok.lastIndexOf(q.t, 0) === 0 : tok === q.t) return true;
    }
    return false;
  }
  function wordMatches(w, planned) {
    var toks = tokens(w);
    for (var k = 0; k < toks.length; k++) if (matchesToken(toks[k], planned)) return true;
    return false;
  }
  // Appends `text` to `el`, with the words that match the query in <mark> (as text nodes).
  function highlight(el, text, planned) {
    var last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (!wordMatches(m[0], planned)) continue;
      if (m.index > last) el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
  }
  // The window of `text` around the most distinct query terms: [start, end, score].
  function bestWindow(text, planned, width) {
    var found = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) && found.length < 200) {
      var toks = tokens(m[0]);
      for (var k = 0; k < planned.length; k++) {
        var q = planned[k], hit = false;
        for (var j = 0; j < toks.length; j++) if (q.prefix ? toks[j].lastIndexOf(q.t, 0) === 0 : toks[j] === q.t) hit = true;
        if (hit) found.push([m.index, k]);
      }
    }
    if (!found.length) return null;
    var bestAt = 0, bestN = 0, bestSeen = {};
    for (var a = 0; a < found.length; a++) {
      var seen = {}, cnt = 0;
      for (var b = a; b < found.length && found[b][0] < found[a][0] + width - 60; b++) {
        if (!seen[found[b][1]]) { seen[found[b][1]] = 1; cnt++; }
      }
      if (cnt > bestN) { bestN = cnt; bestAt = found[a][0]; bestSeen = seen; }
    }
    var start = Math.max(0, bestAt - 50);
    if (start > 0) { var sp = text.lastIndexOf(" ", start); start = sp < 0 ? 0 : sp + 1; }
    return [start, Math.min(text.length, start + width), bestN, bestSeen];
  }
  function cut(text, w) {
    var end = w[1];
    if (end < text.length) { var sp = text.indexOf(" ", end); end = sp < 0 || sp > end + 30 ? end : sp; }
    return (w[0] > 0 ? "…" : "") + text.slice(w[0], end) + (end < text.length ? "…" : "");
  }
  // The best window of the body excerpt or of the structured fields; when the other one
  // holds query words the first lacks, a shorter window of it follows.
  function snippet(el, d, planned) {
    var width = 200, x = d.x || "", y = d.y || "";
    var wx = bestWindow(x, planned, width), wy = bestWindow(y, planned, width);
    var first = [x, wx], second = [y, wy];
    if (wy && (!wx || wy[2] > wx[2])) { first = [y, wy]; second = [x, wx]; }
    if (!first[1]) { var t = x || y; highlight(el, cut(t, [0, Math.min(t.length, width)]), planned); return; }
    var part = cut(first[0], first[1]);
    var more = second[1] && Object.keys(second[1][3]).some(function (k) { return !first[1][3][k]; });
    if (more) {
      var w2 = second[1];
      part += " " + cut(second[0], [w2[0], Math.min(second[0].length, w2[0] + 120)]);
    }
    highlight(el, part, planned);
  }

  function safeUrl(u) { return typeof u === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(u) && u.charAt(0) !== "/" ? root + u : "#"; }

  function resultItem(n, planned, id) {
    var d = docs[n] || { t: "(missing)", u: "", s: "" };
    var li = document.createElement("li");
    li.className = "hs-result";
    var a = document.createElement("a");
    a.href = safeUrl(d.u);
    a.className = "hs-title";
    if (id) a.id = id;
    if (d.n != null) { var num = document.createElement("span"); num.className = "num"; num.textContent = d.n + " "; a.appendChild(num); }
    highlight(a, d.t, planned);
    li.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "hs-meta";
    var bits = [d.k || null, d.s, d.d || null, d.r ? "revisit " + d.r : null, d.p || null].filter(Boolean);
    meta.textContent = bits.join(" · ") + (d.g && d.g.length ? " · " : "");
    (d.g || []).forEach(function (t) { var s = document.createElement("span"); s.className = "tag"; highlight(s, t, planned); meta.appendChild(s); meta.appendChild(document.createTextNode(" ")); });
    li.appendChild(meta);
    var p = document.createElement("p");
    p.className = "hs-snippet";
    snippet(p, d, planned);
    li.appendChild(p);
    return li;
  }

  function addStyle() {
    if (document.getElementById("hs-style")) return;
    var st = document.createElement("style");
    st.id = "hs-style";
    st.textContent = ".hs-results{list-style:none;padding:0;margin:.5rem 0}.hs-result{padding:.55rem .2rem;border-bottom:1px solid var(--line,#ddd)}" +
      ".hs-title{font-weight:600}.hs-title .num{color:var(--muted,#666);font-weight:400}.hs-meta{margin:.1rem 0;font-size:.85rem;color:var(--muted,#666)}" +
      ".hs-meta .tag{margin-right:.2rem}.hs-snippet{margin:.15rem 0;font-size:.92rem}.hs-result a:focus{outline:3px solid var(--focus,#f0a000);outline-offset:2px}" +
      ".search-page input[type=search]{width:100%;max-width:40rem;font-size:1.1rem}";
    document.head.appendChild(st);
  }

  // Arrow keys move between the input and the result links; Enter on a link opens it.
  function keyboard(input, list) {
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a.hs-title")); }
    input.addEventListener("keydown", function (e) {
      var l = links();
      if (e.key === "ArrowDown" && l.length) { e.preventDefault(); l[0].focus(); }
      else if (e.key === "Enter" && input.id === "search-input") {
        e.preventDefault();
        if (l.length) l[0].click();
      }
    });
    list.addEventListener("keydown", function (e) {
      var l = links(), k = l.indexOf(document.activeElement);
      if (k < 0) return;
      if (e.key === "ArrowDown") { e.preventDefault(); if (k + 1 < l.length) l[k + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); if (k > 0) l[k - 1].focus(); else input.focus(); }
      else if (e.key === "Escape") { input.focus(); }
    });
  }

  var ready = null;
  function start() {
    if (!ready) ready = load(base + "index.js").then(function () {
      if (!manifest) throw new Error("search index missing");
    });
    return ready;
  }

  // One search view: an input, a results list, optional facets, status line and "more" button.
  function view(opts) {
    var input = opts.input, list = opts.list, status = opts.status;
    var seq = 0, shown = 0, current = null, started = 0;
    var selected = {};
    var selects = {};
    keyboard(input, list);

    function facetsUi(res) {
      if (!opts.facets) return;
      var fd = prepareFacets();
      if (!Object.keys(selects).length) {
        fd.forEach(function (f) {
          if (f.values.length < 2 && !selected[f.name]) return;
          var label = document.createElement("label");
          label.textContent = f.label;
          var sel = document.createElement("select");
          sel.dataset.facet = f.name;
          sel.id = "facet-" + f.name;
          sel.addEventListener("change", function () {
            if (sel.value) selected[f.name] = sel.value; else delete selected[f.name];
            update(true);
          });
          label.appendChild(sel);
          opts.facets.appendChild(label);
          selects[f.name] = sel;
        });
        opts.facets.hidden = false;
      }
      fd.forEach(function (f) {
        var sel = selects[f.name];
        if (!sel) return;
        var c = res.counts[f.name];
        sel.textContent = "";
        var all = document.createElement("option");
        all.value = ""; all.textContent = "All";
        sel.appendChild(all);
        f.values.forEach(function (v, vi) {
          if (!c[vi] && selected[f.name] !== v) return;
          var o = document.createElement("option");
          o.value = v; o.textContent = v + " (" + c[vi] + ")";
          sel.appendChild(o);
        });
        sel.value = selected[f.name] || "";
      });
    }

    function render(res, from, my) {
      var page = res.results.slice(from, from + (opts.inline ? INLINE : PAGE));
      return Promise.all(page.map(loadDoc)).then(function () {
        if (my !== seq) return;
        if (from === 0) list.textContent = "";
        page.forEach(function (n, k) { list.appendChild(resultItem(n, res.terms, "result-" + (from + k))); });
        shown = from + page.length;
        var q = input.value.trim(), count = res.results.length;
        if (status) {
          status.textContent = !res.any ? "" : count === 0 ? "No decisions match." :
            count + (count === 1 ? " result" : " results") + (res.terms.some(function (t) { return !t.prefix; }) ? " (type more letters for prefix matches)" : "");
        }
        if (opts.more) opts.more.hidden = opts.inline || shown >= count;
        if (opts.inline) {
          if (count > shown) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = root + "search.html?q=" + encodeURIComponent(q);
            a.textContent = "All " + count + " results";
            li.appendChild(a);
            list.appendChild(li);
          }
          list.hidden = !res.any;
        }
        H.lastMs = performance.now() - started;
        H.timings.push({ q: q, ms: H.lastMs, results: count });
        list.dataset.ms = H.lastMs.toFixed(1);
        list.dataset.query = q;
        list.dataset.count = String(count);
        list.dataset.state = "done";
      });
    }

    function update(fromFacet) {
      var my = ++seq;
      started = opts.t0 != null ? opts.t0 : performance.now();
      opts.t0 = null;
      list.dataset.state = "busy";
      var q = input.value;
      if (opts.url) {
        var params = new URLSearchParams();
        if (q.trim()) params.set("q", q.trim());
        Object.keys(selected).sort().forEach(function (k) { params.set(k, selected[k]); });
        var qs = params.toString();
        try { history.replaceState(null, "", qs ? "?" + qs : location.pathname); } catch (e) { /* file:// in some browsers */ }
      }
      return start().then(function () {
        var need = {};
        plan(uniqueTerms(q)).forEach(function (p) { p.shards.forEach(function (n) { need[n] = 1; }); });
        return Promise.all(Object.keys(need).map(function (n) { return loadShard(+n); }));
      }).then(function () {
        if (my !== seq) return;
        current = run(q, selected);
        facetsUi(current);
        return render(current, 0, my);
      }).catch(function (e) {
        if (status) status.textContent = "Search is unavailable: " + e.message;
        list.dataset.state = "error";
      });
    }

    input.addEventListener("input", function () { opts.t0 = performance.now(); update(false); });
    if (opts.more) opts.more.addEventListener("click", function () { if (current) render(current, shown, seq); });
    return { update: update, selected: selected };
  }

  addStyle();
  var pageInput = document.getElementById("search-input");
  var pageList = document.getElementById("search-results");
  if (pageInput && pageList) {
    var params = new URLSearchParams(location.search);
    pageInput.value = params.get("q") || "";
    var headerBox = document.getElementById("site-search");
    if (headerBox) headerBox.value = pageInput.value;
    var v = view({
      input: pageInput, list: pageList, status: document.getElementById("search-status"),
      facets: document.getElementById("search-facets"), more: document.getElementById("search-more"), url: true
    });
    ["status", "kind", "revisit", "package", "tag"].forEach(function (k) { if (params.get(k)) v.selected[k] = params.get(k); });
    var form = document.getElementById("search-form");
    if (form) form.addEventListener("submit", function (e) { e.preventDefault(); });
    v.update(false);
    return;
  }
  var inline = document.getElementById("inline-search-results");
  var box = document.getElementById("site-search");
  if (inline && box) {
    var ol = document.createElement("ol");
    ol.className = "hs-results";
    ol.id = "inline-results-list";
    ol.hidden = true;
    inline.appendChild(ol);
    var iv = view({ input: box, list: ol, inline: true });
    box.addEventListener("focus", function () { start().catch(function () {}); }, { once: true });
    if (box.value) iv.update(false);
  }
})();
