#!/usr/bin/env python3
"""Benchmark of `hindsight serve` on a large folder, run on purpose (never from the tests).

    python3 benches/serve.py [N] [--edits 300] [--samples 20] [--gap 1.5]

Generates N records (default 10,000) with ../shared/bench/gen_corpus.py into a scratch
copy, starts the release binary's `serve` on a free port, listens on its event stream,
and makes edits as a person would, one at a time:

  create   a new record that links to an existing one
  relink   change one record's `relates:` to another record
  delete   remove a record created above
  body     add a sentence at the end of a record's body (the rest of the edits, 0.35 s
           apart, so that each one is followed by the resolve and list render of a pause)

For create, relink and delete it times, `--samples` times each, from the write to the
`reload` event naming the record's page (what an open browser waits for), and prints the
median and range. After `--edits` edits in all it reads VmRSS (resident) and VmHWM
(peak) of the server from /proc, twice: 2 x `--gap` after the last edit, and at rest (once
the server has used no CPU for 2 s). Print the machine's load with the figures: the machine
is shared. HINDSIGHT_TIMINGS=1 passes stage timings through to standard error.
"""
import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import queue

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def events(port, out):
    """Reads the server's event stream, putting (time, name, data) on `out`."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__hindsight/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    f = s.makefile("rb")
    name, data = None, None
    for raw in f:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
        elif line == "" and name:
            try:
                d = json.loads(data or "null")
            except ValueError:
                d = None
            out.put((time.monotonic(), name, d))
            name, data = None, None


def status(pid):
    """VmRSS and VmHWM of `pid`, in MB."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                fields[k] = int(v.split()[0]) // 1024
    return fields


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--gap", type=float, default=1.5, help="seconds between timed edits")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "hindsight"))
    args = ap.parse_args()
    if not os.path.exists(GEN):
        sys.exit(f"missing {GEN}")
    if args.bin.endswith("release/hindsight"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    cache = os.path.join(ROOT, "target", "bench", f"corpus-{args.n}")
    if not os.path.isdir(cache):
        subprocess.run([sys.executable, GEN, str(args.n), cache], check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="hindsight-serve-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    src = os.path.join(work, "decisions")
    shutil.copytree(cache, src)
    load = open("/proc/loadavg").read().split()[:3]
    print(f"machine: {os.cpu_count()} cores; load average {' '.join(load)}; {args.n} records")
    proc = subprocess.Popen(
        [args.bin, "serve", "--port", "0", "--today", "2026-11-23", src],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=dict(os.environ, NO_COLOR="1"), text=True,
    )
    try:
        port = None
        log = []
        t0 = time.monotonic()
        while port is None:
            line = proc.stderr.readline()
            if not line:
                sys.exit("serve stopped:\n" + "".join(log))
            log.append(line)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
        print(f"first build served after {time.monotonic() - t0:.2f} s; {status(proc.pid)}")
        q = queue.Queue()
        threading.Thread(target=events, args=(port, q), daemon=True).start()
        time.sleep(args.gap * 2)

        files = sorted(f for f in os.listdir(src) if f.endswith(".md"))
        ids = {}
        for f in files:
            with open(os.path.join(src, f)) as fh:
                m = re.search(r"^id: (\S+)$", fh.read(400), re.M)
            ids[f] = m.group(1) if m else None
        rng = random.Random(16)

        def pages_of(name):
            stem = name[:-3]
            out = {f"decisions/{stem}.html"}
            if ids.get(name):
                out.add(f"decisions/{ids[name]}.html")
            return out

        def timed(write, pages):
            while not q.empty():
                q.get_nowait()
            start = time.monotonic()
            write()
            deadline = start + 30
            while time.monotonic() < deadline:
                try:
                    at, name, data = q.get(timeout=deadline - time.monotonic())
                except queue.Empty:
                    break
                if name == "reload" and isinstance(data, dict) and pages & set(data.get("paths") or []):
                    return (at - start) * 1000
            return None

        def edit(name, fn):
            path = os.path.join(src, name)
            with open(path) as fh:
                text = fh.read()
            new = fn(text)
            def write():
                with open(path, "w") as fh:
                    fh.write(new)
            return write

        times = {"create": [], "relink": [], "delete": []}
        made = 0
        created = []
        for i in range(args.samples):
            # create: a new record linking to an existing one
            target = rng.choice(files)
            name = f"{args.n + 1000 + i:05d}-bench-created-{i}.md"
            ids[name] = None
            text = (f"---\ntitle: Bench record {i}\nstatus: proposed\ndate: 2026-11-01\n"
                    f"relates: [{ids[target] or target[:-3]}]\n---\n## Context\n\nMade by benches/serve.py.\n")
            def write(name=name, text=text):
                with open(os.path.join(src, name), "w") as fh:
                    fh.write(text)
            times["create"].append(timed(write, pages_of(name)))
            created.append(name)
            made += 1
            time.sleep(args.gap)
            # relink: point an existing record's relates at another record
            victim = rng.choice(files)
            other = rng.choice(files)
            ref = ids[other] or other[:-3]
            def relink(text, ref=ref):
                if re.search(r"^relates: .*$", text, re.M):
                    return re.sub(r"^relates: .*$", f"relates: [{ref}]", text, count=1, flags=re.M)
                return text.replace("\n---\n", f"\nrelates: [{ref}]\n---\n", 1)
            times["relink"].append(timed(edit(victim, relink), pages_of(victim)))
            made += 1
            time.sleep(args.gap)
        for name in created:
            def write(name=name):
                os.remove(os.path.join(src, name))
            times["delete"].append(timed(write, pages_of(name)))
            made += 1
            time.sleep(args.gap)
        body = 0
        while made < args.edits:
            victim = rng.choice(files)
            w = edit(victim, lambda t, k=made: t.rstrip("\n") + f"\n\nBench edit {k}.\n")
            if timed(w, pages_of(victim)) is not None:
                body += 1
            made += 1
            time.sleep(0.35)
        time.sleep(args.gap * 2)
        mem = status(proc.pid)
        # At rest: once the server has used no CPU for 2 s (the last edit's lists rendered,
        # freed memory given back), at most 60 s after the last edit.
        def cpu(pid):
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])
        quiet_since, last, waited = time.monotonic(), cpu(proc.pid), time.monotonic()
        while time.monotonic() - quiet_since < 2 and time.monotonic() - waited < 60:
            time.sleep(0.25)
            now = cpu(proc.pid)
            if now != last:
                quiet_since, last = time.monotonic(), now
        rest = status(proc.pid)
        for k, v in times.items():
            ok = [x for x in v if x is not None]
            missed = len(v) - len(ok)
            if ok:
                print(f"{k:7} median {statistics.median(ok):7.1f} ms  range {min(ok):.1f}-{max(ok):.1f} ms"
                      f"  ({len(ok)} samples{f', {missed} without a reload' if missed else ''})")
            else:
                print(f"{k:7} no reload seen in {len(v)} tries")
        print(f"after {made} edits ({body} body edits reloaded): resident {mem['VmRSS']} MB {args.gap * 2:.0f} s after the last, "
              f"{rest['VmRSS']} MB at rest; peak {rest['VmHWM']} MB")
        load = open("/proc/loadavg").read().split()[:3]
        print(f"load average after: {' '.join(load)}")
    finally:
        proc.send_signal(2)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
