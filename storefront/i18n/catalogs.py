"""Catalog operations for translators and CI: extract, update, compile, status, check, pseudo.

Layout (Weblate-compatible, one folder per language or storefront):
  translations/messages.pot, translations/jokes.pot          the templates (committed, checked fresh)
  translations/<lang>/LC_MESSAGES/messages.po                 the UI of a language
  translations/markets/<ll_CC>/LC_MESSAGES/messages.po        a storefront's overrides (only what differs)
  translations/jokes/<ll_CC>/LC_MESSAGES/jokes.po             a storefront's jokes (all of them, no fallback)
Compiled catalogs go to a separate folder that is swapped in whole, so a broken .po never replaces
the last good ones.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from contextlib import chdir
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from ..files import swap_in

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "translations"
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "sk": "nplurals=3; plural=((n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2);",
    "ja": "nplurals=1; plural=0;",
}
DEFAULT_PLURAL = "nplurals=2; plural=(n != 1);"
PSEUDO_LOCALE = "en_001"
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")
DANGER = re.compile(r"<\s*script|\bon[a-z]+\s*=|javascript:", re.I)
# Translator notes are "NOTE:" comments; a joke's brief is a "BRIEF:" comment (so it never lands on a UI string).
EXTRACT = ["-F", "config/babel.cfg", "-s", "--sort-by-file", "--no-wrap", "--project", "Encore",
           "--copyright-holder", "Encore contributors"]
JOKE_KEYWORDS = ["--no-default-keywords", "-k", "joke", "-k", "lazy_joke"]
MAX_CHARS = re.compile(r"max(?:imum)?\s+(\d+)\s+char", re.I)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.message}"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(root: Path = ROOT, output: Path | None = None) -> None:
    """Write messages.pot (UI) and jokes.pot (jokes) from the code into `output` (root/translations)."""
    output = (output or root / "translations").resolve()  # before chdir: `root` may be relative
    with chdir(root):
        pybabel("extract", *EXTRACT, "-c", "NOTE:", "-k", "_l", "-k", "lazy_gettext", "-o", str(output / "messages.pot"), ".")
        pybabel("extract", *EXTRACT, "-c", "BRIEF:", *JOKE_KEYWORDS, "-o", str(output / "jokes.pot"), ".")


def update(languages: list[str], storefront_locales: list[str], source: Path = SOURCE) -> None:
    """Merge the templates into every catalog; create missing language and storefront joke catalogs."""
    for language in languages:
        _merge(source, language, "messages")
    for locale in storefront_locales:
        _merge(source / "jokes", locale, "jokes", pot=source / "jokes.pot")
    for po in (source / "markets").glob("*/LC_MESSAGES/messages.po"):
        _drop_stale(po, source / "messages.pot")


def _merge(folder: Path, locale: str, domain: str, pot: Path | None = None) -> None:
    """`pybabel update` the catalog of `locale` from its template, or `init` it when missing."""
    po = folder / locale / "LC_MESSAGES" / f"{domain}.po"
    command = "update" if po.exists() else "init"
    pybabel(command, "-D", domain, "-i", str(pot or folder / f"{domain}.pot"), "-d", str(folder), "-l", locale,
            "--no-wrap", *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []))


def _drop_stale(po: Path, pot: Path) -> None:
    """Overrides keep only entries the template still has (they are not merged like full catalogs)."""
    with open(pot, "rb") as fh:
        template = read_po(fh)
    with open(po, "rb") as fh:
        catalog = read_po(fh)
    for message in list(catalog):
        if message.id and template.get(message.id, context=message.context) is None:
            catalog.delete(message.id, context=message.context)
    with open(po, "wb") as fh:
        write_po(fh, catalog, width=0)


def po_files(source: Path = SOURCE) -> list[Path]:
    return sorted(source.glob("**/LC_MESSAGES/*.po"))


def compile_all(source: Path, target: Path, pseudo: bool = True) -> list[Problem]:
    """Compile every catalog with GNU msgfmt into a fresh folder and swap it in; on any error keep the old one."""
    problems = []
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent if target.parent.exists() else None))
    for po in po_files(source):
        relative = po.relative_to(source).with_suffix(".mo")
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["msgfmt", "--check", "-o", str(staging / relative), str(po)], capture_output=True, text=True)
        if result.returncode:
            problems += _msgfmt_problems(po, result.stderr)
        problems += check_entries(po)  # check's markup and script gate: what it refuses never goes live
    if pseudo and not problems:
        for po in write_pseudo_catalogs(source, staging):
            subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        return problems
    swap_in(staging, target)
    return []


def _msgfmt_problems(po: Path, stderr: str) -> list[Problem]:
    found = []
    for line in stderr.splitlines():
        match = re.match(r"(.+?):(\d+): (.*)", line)
        if match and "fatal error" not in line:
            found.append(Problem(po, int(match.group(2)), match.group(3)))
    return found or [Problem(po, 0, stderr.strip() or "msgfmt failed")]


def _read(po: Path) -> Catalog:
    with open(po, "rb") as fh:
        return read_po(fh)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


@dataclass
class Stats:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(po: Path) -> Stats:
    result = Stats()
    for message in _read(po):
        if not message.id:
            continue
        if message.fuzzy:
            result.fuzzy += 1
        elif all(_strings(message)):
            result.translated += 1
        else:
            result.untranslated += 1
    return result


def check(markets, source: Path = SOURCE, root: Path = ROOT) -> list[Problem]:
    """Every gate translators and CI rely on; returns the problems as file:line messages."""
    problems: list[Problem] = []
    problems += check_templates_fresh(root)
    for po in po_files(source):
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        if result.returncode:
            problems += _msgfmt_problems(po, result.stderr)
        problems += check_entries(po)
    languages = sorted({m.language for m in markets} - {"en"})
    for language in languages:
        po = source / language / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            problems.append(Problem(po, 0, f"no catalog for language {language!r}"))
            continue
        problems += check_complete(po)
        expected = PLURAL_FORMS.get(language, DEFAULT_PLURAL)
        if _read(po).plural_forms != expected:
            problems.append(Problem(po, 0, f"Plural-Forms must be {expected!r}"))
    for market in markets:
        po = source / "jokes" / market.locale / "LC_MESSAGES" / "jokes.po"
        if not po.exists():
            problems.append(Problem(po, 0, f"no joke catalog for storefront {market.code}"))
            continue
        problems += check_complete(po, what="joke")
        problems += check_lengths(po)
    return problems


def check_templates_fresh(root: Path) -> list[Problem]:
    """A template is fresh when it holds the same messages (ids, contexts, notes) as a new extraction.
    Line numbers are left out: they move with every edit and a translator loses nothing by them."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        extract(root, fresh)
        for name in ("messages.pot", "jokes.pot"):
            committed = root / "translations" / name
            if not committed.exists() or _messages(committed) != _messages(fresh / name):
                problems.append(Problem(committed, 0, "out of date: run `flask --app app i18n extract` and commit it"))
    return problems


def _messages(pot: Path) -> set[tuple]:
    return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context, tuple(m.auto_comments))
            for m in _read(pot) if m.id}


def check_complete(po: Path, what: str = "message") -> list[Problem]:
    problems = []
    for message in _read(po):
        if not message.id:
            continue
        line = message.lineno or 0
        if message.fuzzy:
            problems.append(Problem(po, line, f"fuzzy {what}: {_ids(message)[0][:60]!r}"))
        elif not all(_strings(message)):
            problems.append(Problem(po, line, f"untranslated {what}: {_ids(message)[0][:60]!r}"))
    return problems


def check_entries(po: Path) -> list[Problem]:
    """Markup only where the source has it, nothing executable, the same placeholders."""
    problems = []
    for message in _read(po):
        if not message.id:
            continue
        source_text = " ".join(_ids(message))
        tags = sorted(TAG.findall(source_text))
        placeholders = set(PLACEHOLDER.findall(source_text))
        for text in _strings(message):
            if not text:
                continue
            line = message.lineno or 0
            if DANGER.search(text):
                problems.append(Problem(po, line, "a translation must not contain script or event handlers"))
            if sorted(TAG.findall(text)) != tags:
                problems.append(Problem(po, line, f"markup differs from the source ({tags or 'none'})"))
            if set(PLACEHOLDER.findall(text)) - placeholders - {"%%"}:  # a percent sign may be the language's own
                problems.append(Problem(po, line, "placeholder not in the source"))
            elif "%" in PLACEHOLDER.sub("", text):  # the shop formats every message: "（%）" would be an error page
                problems.append(Problem(po, line, "a lone % sign: write %% for a percent sign"))
    return problems


def check_lengths(po: Path) -> list[Problem]:
    problems = []
    for message in _read(po):
        limit = next((int(m.group(1)) for c in message.auto_comments for m in [MAX_CHARS.search(c)] if m), None)
        for text in _strings(message):
            if limit and text and len(text) > limit:
                problems.append(Problem(po, message.lineno or 0, f"{len(text)} characters, the brief allows {limit}"))
    return problems


ACCENTS = str.maketrans("aeiouyAEIOUYcnsCNS", "áéîõüýÅÉÎÕÜÝçñšÇÑŠ")


def pseudo_text(text: str) -> str:
    """"Hello %(name)s" → "[Ȟéłłõ %(name)s ~~~]": accented, ~35 % longer, bracketed; placeholders and tags kept."""
    parts = re.split(r"(%\([a-z_]+\)[sd]|%%|<[^>]+>)", text)
    out = "".join(p if (PLACEHOLDER.fullmatch(p) or p.startswith("<")) else p.translate(ACCENTS) for p in parts)
    letters = sum(len(p) for p in parts if not (PLACEHOLDER.fullmatch(p) or p.startswith("<")))
    padding = max(1, round(letters * 0.35))
    # Padding in short words, so it wraps like real text instead of forcing one unbreakable run.
    filler = " ".join("~" * min(4, padding - i) for i in range(0, padding, 5))
    return f"[{out} {filler}]" if letters else f"[{out}]"


def write_pseudo_catalogs(source: Path, target: Path) -> list[Path]:
    """The pseudo-locale .po of each domain, under `target` where the compiled catalogs go."""
    written = []
    for domain, folder in (("messages", target), ("jokes", target / "jokes")):
        po = folder / PSEUDO_LOCALE / "LC_MESSAGES" / f"{domain}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        write_pseudo(source / f"{domain}.pot", po)
        written.append(po)
    return written


def write_pseudo(pot: Path, po: Path) -> None:
    template = _read(pot)
    catalog = Catalog(locale=PSEUDO_LOCALE, domain=po.stem)
    for message in template:
        if not message.id:
            continue
        string = tuple(pseudo_text(i) for i in message.id) if isinstance(message.id, tuple) else pseudo_text(message.id)
        catalog.add(message.id, string, context=message.context, flags=message.flags)
    with open(po, "wb") as fh:
        write_po(fh, catalog, width=0)
