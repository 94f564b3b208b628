"""Median Lighthouse scores for a few storefront pages, served by gunicorn like `make run`.

`make lighthouse` migrates and seeds the database, then runs this with the venv's Python:

    python bench/lighthouse.py [--runs 3] [--out .tmp/lighthouse] [PATH ...]

It starts gunicorn (production settings) on a free loopback port, runs Lighthouse (npm's
`lighthouse`, pinned in package.json) on every page RUNS times as a mobile device, keeps each JSON
report under OUT, prints the median score of each category per page and stops the server. Chromium
comes from CHROME_PATH (else `chromium` on PATH). Scores never fail it: it exits non-zero only when
Lighthouse (or the server) cannot run at all. A page that is 404 today gets no scores and says so.
Stdlib only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from config import local  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PATHS = ["/fr-fr/", "/fr-fr/c/smartphones", "/fr-fr/p/iphone-13"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
RUN_TIMEOUT = 300  # seconds for one Lighthouse run
BOOT_TIMEOUT = 60  # seconds for gunicorn to answer /healthz


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def start_server(port: int, log_path: Path) -> subprocess.Popen:
    """gunicorn as `make run` starts it, on 127.0.0.1:port, in its own process group."""
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    env = {**os.environ, "ENCORE_CONFIG": "production", "PORT": str(port)}
    local.provide(env)  # the local secrets and public URL `make run` provides
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
               "--access-logfile", "-", "app:app"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    server.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + BOOT_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        if status_of(f"http://127.0.0.1:{port}/healthz") == 200:
            return server
        time.sleep(0.5)
    stop_server(server)
    sys.exit(f"gunicorn did not come up on 127.0.0.1:{port}; see {log_path.relative_to(ROOT)}:\n"
             + log_path.read_text()[-2000:])


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # the master and its workers, nothing else
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    server.log.close()  # type: ignore[attr-defined]


def slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "_", path).strip("_") or "root"


def run_lighthouse(url: str, report: Path, env: dict[str, str]) -> tuple[dict | None, str]:
    """One Lighthouse run; (the report's JSON or None, what went wrong)."""
    report.unlink(missing_ok=True)
    command = [str(LIGHTHOUSE), url, "--form-factor=mobile", "--output=json", f"--output-path={report}",
               "--quiet", f"--chrome-flags={CHROME_FLAGS}"]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {RUN_TIMEOUT}s"
    # Lighthouse saves the report, then exits 1 on a page-level runtime error (e.g. a 404 document).
    if report.is_file():
        try:
            return json.loads(report.read_text()), ""
        except json.JSONDecodeError as error:
            return None, f"unreadable report: {error}"
    return None, f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-1500:]}"


def median_scores(reports: list[dict]) -> dict[str, float | None]:
    medians: dict[str, float | None] = {}
    for category in CATEGORIES:
        scores = [r["categories"][category]["score"] for r in reports
                  if r.get("categories", {}).get(category, {}).get("score") is not None]
        medians[category] = round(statistics.median(scores) * 100) if scores else None
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=PATHS, help="storefront paths (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=ROOT / ".tmp" / "lighthouse",
                        help="folder for the JSON reports (default: .tmp/lighthouse)")
    args = parser.parse_args(argv)
    args.out = args.out.resolve()

    if not os.access(LIGHTHOUSE, os.X_OK):
        sys.exit("node_modules/.bin/lighthouse is missing: run `npm ci` (or `make lighthouse`)")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not chrome:
        sys.exit("no Chromium: set CHROME_PATH or install Debian's chromium (`make browser`)")
    env = {**os.environ, "CHROME_PATH": chrome}
    args.out.mkdir(parents=True, exist_ok=True)

    port = free_port()
    server = start_server(port, args.out / "gunicorn.log")
    base = f"http://127.0.0.1:{port}"
    rows: list[tuple[str, str, dict[str, float | None]]] = []
    never_ran: list[str] = []
    try:
        for path in args.paths:
            url = base + path
            status = status_of(url)
            reports, notes = [], []
            for run in range(1, args.runs + 1):
                report_path = args.out / f"{slug(path)}.run{run}.json"
                print(f"lighthouse {path} run {run}/{args.runs} ...", file=sys.stderr, flush=True)
                report, problem = run_lighthouse(url, report_path, env)
                if report is None:
                    notes.append("Lighthouse failed")
                    print(f"  Lighthouse could not run: {problem}", file=sys.stderr)
                    continue
                reports.append(report)
                if report.get("runtimeError"):
                    notes.append(report["runtimeError"].get("code", "runtime error"))
            if not reports:
                never_ran.append(path)
            medians = median_scores(reports)
            note = [f"HTTP {status}"] if status != 200 else []
            if all(v is None for v in medians.values()):
                note += list(dict.fromkeys(notes))[:1] or ["no scores"]
            rows.append((path, ", ".join(note), medians))
            (args.out / f"{slug(path)}.median.json").write_text(
                json.dumps({"url": path, "status": status, "runs": len(reports), "median": medians}, indent=2))
    finally:
        stop_server(server)

    header = ["page", *CATEGORIES]
    table = [[path, *("–" if medians[c] is None else str(medians[c]) for c in CATEGORIES)]
             + ([note] if note else []) for path, note, medians in rows]
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    print(f"\nLighthouse (mobile), median of {args.runs} runs; reports in {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    for row in table:
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        print("  ".join(cells + row[len(widths):]))
    # Scores never fail the build; only a Lighthouse that could not run (no report for a page) does.
    if never_ran:
        print(f"Lighthouse could not run for: {', '.join(never_ran)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
