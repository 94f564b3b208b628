"""Page benchmarks against the bench catalog: throughput, CPU per request, bytes, queries.

    make bench        (or: .venv/bin/python bench/pages.py [--seconds 6] [--rounds 3] [--database postgresql])

Seeds a synthetic catalog (`flask seed --scale bench`) into .tmp/bench/ (SQLite), or into a private
PostgreSQL server started for the run (`--database postgresql`, or ENCORE_BENCH_DB=postgresql; see
tests/postgres.py), serves it with one gunicorn worker, and measures each page against the
"fortunes-like" reference route in the same run, interleaved, several rounds, and a revalidated page
(304) against the pre-rendered route. Prints figures, same-run ratios (goals from the performance
reference: P1, P2, P3, P4, P7) and the worker's memory (P10). It never fails on timing: it reports.
"""
from __future__ import annotations

import argparse
import gzip
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from config import local  # noqa: E402
from tests import postgres  # noqa: E402

BIN = ROOT / ".venv" / "bin"
WORK = ROOT / ".tmp" / "bench"
DB = WORK / "encore-bench.db"

PAGES = {
    "reference (fortunes-like)": "/_bench/fortunes",
    "pre-rendered (fortunes page)": "/_bench/prerendered",
    "home en-gb": "/en-gb/",
    "category en-gb": "/en-gb/c/smartphones",
    "category filtered en-gb": "/en-gb/c/smartphones?grade=excellent&storage=128&sort=price_asc",
    "category de-de": "/de-de/c/smartphones",
    "category ja-jp": "/ja-jp/c/smartphones",
    "product en-gb": "/en-gb/p/iphone-13",
    "product de-de": "/de-de/p/iphone-13",
    "seller en-gb": "/en-gb/s/maison-volta",
}
PARTIALS = {  # name: (URL, target id, URL of the page the shopper is on: htmx sends it as HX-Current-URL)
    "category grid (htmx)": ("/en-gb/c/smartphones?brand=apple", "catalog-grid", "/en-gb/c/smartphones"),
    "product buy box (htmx)": ("/en-gb/p/iphone-13?grade=good", "catalog-buy", "/en-gb/p/iphone-13"),
}


REVALIDATED = {  # name: URL of a page requested with its own ETag, as a shared cache revalidating it does
    "product en-gb revalidated (304)": "/en-gb/p/iphone-13",
}


def htmx_headers(target: str, shown: str) -> dict:
    return {"HX-Request": "true", "HX-Target": target, "HX-Current-URL": f"http://localhost{shown}"}


DATABASE_URL = f"sqlite:///{DB}"  # or the PostgreSQL server's, set by main()


def env(port: int = 5000) -> dict:
    """Production settings, with the local secrets and public URL `make run` provides."""
    # JOBS_WORKER=0: gunicorn reads gunicorn.conf.py, whose hook would start the job worker beside the web
    # worker, and its CPU and memory would be counted as the pages'.
    environ = {**os.environ, "DATABASE_URL": DATABASE_URL, "ENCORE_CONFIG": "production",
               "ENCORE_BENCH_ROUTES": "1", "FLASK_APP": "app", "PORT": str(port), "JOBS_WORKER": "0"}
    local.provide(environ)
    return environ


def prepare() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run([BIN / "flask", "db", "upgrade"], cwd=ROOT, env=env(), check=True, capture_output=True)
    started = time.perf_counter()
    out = subprocess.run([BIN / "flask", "seed", "--scale", "bench"], cwd=ROOT, env=env(), check=True,
                         capture_output=True, text=True).stdout.strip()
    print(f"seed: {out} ({time.perf_counter() - started:.1f} s)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn worker(s) under `pid`."""
    total = 0.0
    for child in [pid, *children(pid)]:
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def memory_kb(pid: int) -> dict:
    """Resident memory of the gunicorn worker(s) under `pid`, now and at their peak (VmRSS, VmHWM), in KB."""
    totals = {"VmRSS": 0, "VmHWM": 0}
    for child in children(pid):
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in totals:
                totals[key] += int(value.split()[0])
    return totals


def load(port: int, path: str, seconds: float, concurrency: int, headers: dict | None = None, status: int = 200) -> int:
    """Closed-loop load: `concurrency` keep-alive clients for `seconds`; returns completed requests."""
    stop = time.monotonic() + seconds
    counts = [0] * concurrency

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
            response = conn.getresponse()
            response.read()
            if response.status != status:
                raise SystemExit(f"{path}: HTTP {response.status}")
            counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts)


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[bytes, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    return body, {k.lower(): v for k, v in response.getheaders()}


def first_load_bytes(port: int, path: str) -> dict:
    """Compressed bytes of a first visit: HTML, CSS, JS (and fonts, counted apart)."""
    body, _ = fetch(port, path)
    html = gzip.decompress(body).decode()
    sizes = {"html": len(body), "css": 0, "js": 0, "font": 0, "third_party": 0}
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        if url.startswith(("http://", "https://", "//")):
            if not url.split("//", 1)[1].startswith((f"127.0.0.1:{port}", f"localhost:{port}")):
                sizes["third_party"] += 1
            continue
        kind = "css" if url.endswith(".css") else "js" if url.endswith(".js") else "font" if url.endswith(".woff2") else None
        if kind and url.startswith("/assets/"):
            sizes[kind] += len(fetch(port, url)[0])
    return sizes


def expected(headers: dict | None) -> int:
    """The status a request with these headers gets: 304 when it sends an ETag back."""
    return 304 if headers and "If-None-Match" in headers else 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default=os.environ.get("ENCORE_BENCH_DB", "sqlite"))
    args = parser.parse_args()
    server = postgres.Server() if args.database == "postgresql" else None
    try:
        if server is not None:
            global DATABASE_URL
            DATABASE_URL = server.start()
            print(f"database: PostgreSQL {server.version} (a private server for this run)")
        else:
            print(f"database: SQLite ({DB.relative_to(ROOT)})")
        run(args)
    finally:
        if server is not None:
            server.stop()


def run(args) -> None:
    prepare()
    port = free_port()
    server = subprocess.Popen(
        [BIN / "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}", "app:app"],
        cwd=ROOT, env=env(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                fetch(port, "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        targets = {name: (path, None) for name, path in PAGES.items()}
        targets |= {name: (path, htmx_headers(target, shown)) for name, (path, target, shown) in PARTIALS.items()}
        targets |= {name: (path, {"If-None-Match": fetch(port, path)[1]["etag"]}) for name, path in REVALIDATED.items()}
        for path, headers in targets.values():  # warm up caches and the ORM
            load(port, path, 0.5, 1, headers, expected(headers))
        results = {name: {"rps": [], "cpu_ms": []} for name in targets}
        for _ in range(args.rounds):
            for name, (path, headers) in targets.items():
                cpu = worker_cpu(server.pid)
                started = time.perf_counter()
                done = load(port, path, args.seconds, args.concurrency, headers, expected(headers))
                elapsed = time.perf_counter() - started
                results[name]["rps"].append(done / elapsed)
                results[name]["cpu_ms"].append(1000 * (worker_cpu(server.pid) - cpu) / max(done, 1))

        ref = results["reference (fortunes-like)"]
        ref_rps = statistics.median(ref["rps"])
        print(f"\n{'page':32} {'req/s':>8} {'CPU ms/req':>11} {'vs reference':>13}")
        for name, r in results.items():
            rps, cpu = statistics.median(r["rps"]), statistics.median(r["cpu_ms"])
            print(f"{name:32} {rps:8.0f} {cpu:11.2f} {rps / ref_rps:12.0%}")
        print("\nP1 goal: category and product pages >= 75 % of the reference's req/s (CPU/req <= 1.33x).")
        pre = statistics.median(results["pre-rendered (fortunes page)"]["rps"])
        for name in REVALIDATED:
            print(f"P2: {name} vs the pre-rendered route: {statistics.median(results[name]['rps']) / pre:.0%} "
                  "of its req/s (goal: >= 50 %)")

        print(f"\n{'htmx partial vs full page':32} {'bytes':>8} {'CPU':>8}")
        for name, (path, target, shown) in PARTIALS.items():  # the partial against the full page of the same URL
            partial_bytes = len(fetch(port, path, htmx_headers(target, shown))[0])
            full_bytes = len(fetch(port, path)[0])
            full_name = "category en-gb" if "grid" in target else "product en-gb"
            cpu = statistics.median(results[name]["cpu_ms"]) / statistics.median(results[full_name]["cpu_ms"])
            print(f"{name:32} {partial_bytes / full_bytes:8.1%} {cpu:8.0%}   (P3 goal: bytes <= 35 %, CPU <= 70 %)")

        en = statistics.median(results["category en-gb"]["cpu_ms"])
        for code in ("de-de", "ja-jp"):
            other = statistics.median(results[f"category {code}"]["cpu_ms"])
            print(f"localisation overhead {code} vs en-gb: {other / en:.2f}x  (P4 goal: <= 1.10x)")

        print(f"\n{'first load (gzip bytes)':32} {'HTML':>7} {'CSS':>7} {'JS':>7} {'total':>7} {'fonts':>7} {'3rd party':>9}")
        for name in ("home en-gb", "category en-gb", "product en-gb"):
            s = first_load_bytes(port, PAGES[name])
            total = s["html"] + s["css"] + s["js"]
            print(f"{name:32} {s['html']:7} {s['css']:7} {s['js']:7} {total:7} {s['font']:7} {s['third_party']:9}")
        print("P7 goal: HTML + CSS + JS <= 60 KB, JS <= 20 KB, fonts <= 40 KB, no third-party host.")
        memory = memory_kb(server.pid)
        print(f"\nworker memory after the run: RSS {memory['VmRSS'] / 1024:.0f} MB, peak {memory['VmHWM'] / 1024:.0f} MB"
              "  (P10 goal: peak <= 200 MB per worker)")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
