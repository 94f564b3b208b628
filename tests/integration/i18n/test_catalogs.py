"""French, German and Japanese prove the translation plumbing on two scripts and three plural systems."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import ngettext

ROOT = Path(__file__).resolve().parents[3]
LANGUAGES = ("fr", "de", "ja")
POT = ROOT / "translations" / "messages.pot"


def catalog(language):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh)


def test_committed_template_matches_a_fresh_extraction(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "config/babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-c", "NOTE:", "-s",
         "--sort-by-file", "--no-wrap", "--project", "Encore", "--copyright-holder", "Encore contributors",
         "-o", str(fresh), "."],
        cwd=ROOT, check=True,
    )
    strip = lambda text: re.sub(r'"POT-Creation-Date: [^"]*"\n', "", text)  # noqa: E731
    assert strip(fresh.read_text()) == strip(POT.read_text()), "run `make messages` and commit translations/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_every_message_without_fuzzy_entries(language):
    with open(POT, "rb") as fh:
        template = read_po(fh)
    translated = catalog(language)
    for message in template:
        if not message.id:
            continue
        entry = translated.get(message.id, context=message.context)
        assert entry is not None, f"{language}: missing {message.id!r}"
        assert "fuzzy" not in entry.flags, f"{language}: fuzzy {message.id!r}"
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(strings), f"{language}: untranslated {message.id!r}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is installed by `make test`")
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_passes_gnu_msgfmt_check(language):
    # Catches a dropped placeholder, which `pybabel compile` lets through.
    po = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("language", "plural_forms"),
    [("fr", "nplurals=2; plural=(n > 1);"), ("de", "nplurals=2; plural=(n != 1);"), ("ja", "nplurals=1; plural=0;")],
)
def test_plural_forms_header_is_pinned(language, plural_forms):
    assert catalog(language).plural_forms == plural_forms


@pytest.mark.parametrize(
    ("code", "hero"),
    [("fr-fr", "Le neuf, c’est du passé."), ("fr-be", "Le neuf, c’est du passé."), ("de-de", "Neu ist sowas von gestern."),
     ("de-at", "Neu ist sowas von gestern."), ("ja-jp", "毎年新品？それ、もう古いです。")],
)
def test_storefronts_render_their_language(client, code, hero):
    assert hero in client.get(f"/{code}/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "counts"),
    [
        ("fr-fr", {0: "0 modèle", 1: "1 modèle", 2: "2 modèles"}),
        ("de-de", {0: "0 Modelle", 1: "1 Modell", 2: "2 Modelle"}),
        ("ja-jp", {0: "0機種", 1: "1機種", 2: "2機種"}),
        ("en-gb", {0: "0 models", 1: "1 model", 2: "2 models"}),
    ],
)
def test_plurals_follow_each_language_rule(app, code, counts):
    with app.test_request_context(f"/{code}/"):
        app.preprocess_request()
        for n, expected in counts.items():
            assert ngettext("%(num)d model", "%(num)d models", n) == expected
