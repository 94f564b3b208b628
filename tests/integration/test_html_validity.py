"""Rendered pages are valid HTML, as the Nu Html Checker (vnu.jar, from npm's `vnu-jar`) sees them.

Every page is rendered with the test client and written to one folder; the checker then runs ONCE
over all of them (the JVM is slow to start) and each page's test reports that page's errors as
`url:line: message`. A page that is 404 today (a route not built yet) is skipped, so the list can
grow ahead of the code. Without `java` or `node_modules/vnu-jar` (run `make test`, which installs
it, or `npm ci`) the whole module is skipped.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

if JAVA is None:
    pytest.skip("HTML validity: no `java` on PATH (the Nu Html Checker needs Java 11+)", allow_module_level=True)
if not VNU_JAR.is_file():
    pytest.skip(
        "HTML validity: node_modules/vnu-jar is not installed (`make test` installs it; or run `npm ci`)",
        allow_module_level=True,
    )

PAGES = [
    "/fr-fr/",
    "/de-at/",
    "/ja-jp/",
    "/fr-fr/legal/returns",
    # Pages still being built: skipped while they are 404.
    "/fr-fr/c/smartphones",
    "/de-at/c/laptops",
    "/ja-jp/c/tablets",
    "/fr-fr/p/iphone-13",
    "/de-at/p/macbook-air-13-2020-m1",  # the demo catalog's slug for the M1 MacBook Air
    "/ja-jp/p/ipad-air-4",
    "/fr-fr/s/atelier-lumiere",
]


def file_name(url: str) -> str:
    """`/fr-fr/c/smartphones` -> `fr-fr_c_smartphones.html` (one file per page, same folder)."""
    return (re.sub(r"[^A-Za-z0-9-]+", "_", url).strip("_") or "root") + ".html"


def format_message(url: str, message: dict) -> str:
    line = message.get("lastLine") or message.get("firstLine") or "?"
    return f"{url}:{line}: {message.get('message', '').strip()}"


@pytest.fixture(scope="module")
def validation(app, tmp_path_factory):
    """Render every page, validate the 200s in one vnu run: {url: (status, [errors as text])}."""
    folder = tmp_path_factory.mktemp("html-validity")
    client = app.test_client()
    statuses: dict[str, int] = {}
    files: dict[str, str] = {}
    for url in PAGES:
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 200:
            path = folder / file_name(url)
            path.write_bytes(response.get_data())
            files[path.name] = url

    errors: dict[str, list[str]] = {url: [] for url in PAGES}
    if files:
        command = [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                   *(str(folder / name) for name in files)]
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=600)
        # vnu exits 1 when it found errors; it writes its report to stderr (stdout with --stdout).
        report = None
        for stream in (done.stderr, done.stdout):
            start = stream.find('{"')
            if start != -1:
                try:
                    report = json.loads(stream[start:])
                    break
                except json.JSONDecodeError:
                    pass
        if report is None or done.returncode not in (0, 1):
            pytest.fail(f"vnu.jar did not run (exit {done.returncode}):\n{done.stderr}\n{done.stdout}", pytrace=False)
        for message in report.get("messages", []):
            # `error` and `non-document-error` (e.g. unreadable input) both count; --errors-only drops the rest.
            if message.get("type") not in ("error", "non-document-error"):
                continue
            name = Path(unquote(urlparse(message.get("url", "")).path)).name
            url = files.get(name)
            if url is None:  # a message not tied to one page: blame every page, never drop it
                for url in files.values():
                    errors[url].append(format_message(url, message))
            else:
                errors[url].append(format_message(url, message))
    return {url: (statuses[url], errors[url]) for url in PAGES}


@pytest.mark.parametrize("url", PAGES)
def test_page_is_valid_html(validation, url):
    status, errors = validation[url]
    if status == 404:
        pytest.skip(f"{url} is 404 (not built yet)")
    assert status == 200, f"{url} answered {status}"
    if errors:
        pytest.fail(f"{len(errors)} HTML error(s) in {url}:\n" + "\n".join(errors), pytrace=False)
