#!/usr/bin/env python3
"""Benchmark of the paged site in Chromium, run on purpose (never from the tests).

    python3 benches/paging_browser.py [SIZES...] [--runs 7] [--keep]

For each size (default 1000 and 10000) it generates records with
../shared/bench/gen_corpus.py, builds them with the release binary into /tmp, and drives
headless Chromium through chromedriver (plain W3C WebDriver over HTTP, Python standard
library only) from file://, at desktop speed and with the CPU slowed down 4x (the DevTools
protocol's Emulation.setCPUThrottlingRate, through chromedriver's goog/cdp/execute):

  load     index.html from about:blank: the navigation's loadEventEnd, and first
           contentful paint
  filter   clicking the first status link of the index (a static facet page)
  sort     clicking the Date column header (the static page index/date.html)
  show all from the filter page, back to the whole list (index.html)
  search   each keystroke of "kube" typed into the header's search on index.html, from
           the key to the inline results list showing that query's first results (and
           a frame)
  snippets the same keystrokes to the results' text snippets, which the page fills in
           once typing pauses (250 ms)

A paged list filters and sorts by loading another static page, so filter, sort and show
all are timed from the click (in the old page) to the new page's loadEventEnd. Prints
medians (and the range) of --runs runs, the page's size and element count, and the
machine's load: the machine is shared, so quote the load with the figures.
"""
import argparse
import json
import re
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
BIN = os.path.join(ROOT, "target", "release", "hindsight")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--window-size=1280,900"]


class Driver:
    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium") or "/usr/bin/chromium", "args": FLAGS}}}}
        self.sid = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data,
                                     method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.loads(r.read())["value"]

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.sid}{path}", body)

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script, *args):
        return self.s("POST", "/execute/async", {"script": script, "args": list(args)})

    def goto(self, url):
        self.s("POST", "/url", {"url": url})

    def throttle(self, rate):
        self.s("POST", "/goog/cdp/execute",
               {"cmd": "Emulation.setCPUThrottlingRate", "params": {"rate": rate}})

    def close(self):
        try:
            self.s("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait()


NOW = "return performance.timeOrigin + performance.now();"
LOADED = ("var n = performance.getEntriesByType('navigation')[0];"
          "return document.readyState === 'complete' && n && n.loadEventEnd > 0 &&"
          " decodeURI(location.pathname).endsWith(arguments[0]) ? performance.timeOrigin + n.loadEventEnd : null;")


def navigate_by_click(d, selector, target):
    """Clicks `selector` and returns ms from the click to `target`'s loadEventEnd."""
    t0 = d.js("var t = performance.timeOrigin + performance.now();"
              "document.querySelector(arguments[0]).click(); return t;", selector)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            t1 = d.js(LOADED, target)
        except OSError:
            t1 = None
        if t1:
            return t1 - t0
        time.sleep(0.01)
    raise RuntimeError(f"{target} did not load after clicking {selector}")


KEY = """
var q = arguments[0], done = arguments[arguments.length - 1];
var input = document.getElementById('site-search'), list = null, shown = null;
input.focus();
var t0 = performance.now();
input.dispatchEvent(new KeyboardEvent('keydown', {key: q[q.length - 1], bubbles: true}));
input.value = q;
input.dispatchEvent(new Event('input', {bubbles: true}));
(function poll() {
  list = list || document.getElementById('inline-results-list');
  if (shown === null && list && list.dataset.query === q && list.children.length)
    requestAnimationFrame(function () { shown = performance.now() - t0; });
  if (shown !== null && list.dataset.state === 'done' && list.dataset.query === q)
    done([shown, performance.now() - t0]);
  else if (performance.now() - t0 > 60000) done([-1, -1]);
  else setTimeout(poll, 1);
})();
"""


def med(xs):
    xs = [x for x in xs if x is not None]
    return f"{statistics.median(xs):7.0f} ms (range {min(xs):.0f}-{max(xs):.0f})" if xs else "n/a"


def measure(d, base, runs, rate):
    out = {k: [] for k in ("load", "fcp", "filter", "sort", "show all", "search", "snippets")}
    for _ in range(runs):
        d.goto("about:blank")
        d.throttle(rate)
        d.goto(base + "index.html")
        t = d.js("var n = performance.getEntriesByType('navigation')[0];"
                 "var p = performance.getEntriesByName('first-contentful-paint')[0];"
                 "return [n.loadEventEnd, p ? p.startTime : null];")
        out["load"].append(t[0])
        out["fcp"].append(t[1])
        status = d.js("return document.querySelector('.facet-links a[data-filter=status]').getAttribute('href');")
        out["filter"].append(navigate_by_click(d, ".facet-links a[data-filter=status]", status))
        out["show all"].append(navigate_by_click_to_index(d))
        out["sort"].append(navigate_by_click(d, "th a.sort[href$='index/date.html']", "index/date.html"))
        d.goto(base + "index.html")
        for k in range(1, 5):
            shown, done = d.js_async(KEY, "kube"[:k])
            out["search"].append(shown if shown >= 0 else None)
            out["snippets"].append(done if done >= 0 else None)
    d.throttle(1)
    return out


def navigate_by_click_to_index(d):
    """From a facet page, the whole list again: the header's link to the index."""
    return navigate_by_click(d, "a.brand", "site/index.html")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the sites in /tmp")
    a = ap.parse_args()
    if not os.path.isfile(GEN):
        sys.exit(f"missing {GEN}")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    print(f"machine: {os.cpu_count()} cores; load average {open('/proc/loadavg').read().split()[:3]}")
    work = "/tmp/hindsight-paging-bench"
    d = Driver()
    try:
        for n in a.sizes:
            src, site = f"{work}/{n}/records", f"{work}/{n}/site"
            shutil.rmtree(f"{work}/{n}", ignore_errors=True)
            subprocess.run([sys.executable, GEN, str(n), src], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([BIN, "build", src, "--out", site], check=True, stdout=subprocess.DEVNULL)
            index = open(f"{site}/index.html", encoding="utf-8").read()
            biggest = max((os.path.getsize(os.path.join(r, f)), os.path.join(r, f))
                          for r, _, fs in os.walk(site) for f in fs if f.endswith(".html"))
            print(f"\n{n} records: index.html {len(index.encode()) / 1024:.0f} KB, "
                  f"{len(re.findall(r'<[a-zA-Z]', index))} elements; "
                  f"largest page {biggest[0] / 1024:.0f} KB ({os.path.relpath(biggest[1], site)})")
            base = "file://" + os.path.abspath(site) + "/"
            for rate in (1, 4):
                r = measure(d, base, a.runs, rate)
                print(f"  CPU {'desktop' if rate == 1 else f'{rate}x slower'}:")
                for k, v in r.items():
                    print(f"    {k:9} {med(v)}")
            print(f"  load average now {open('/proc/loadavg').read().split()[:3]}")
    finally:
        d.close()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
