"""Translation gates (run in `make test`): complete catalogs, sound placeholders and markup, per-storefront jokes."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from babel.support import Translations
from flask_babel import ngettext
from markupsafe import Markup

from storefront.i18n import catalogs
from storefront.i18n.jokes import joke

ROOT = Path(__file__).resolve().parents[3]


def test_every_catalog_passes_the_i18n_check(app):
    """`flask --app app i18n check`: fresh templates, msgfmt --check, complete, plural forms, markup, jokes."""
    problems = catalogs.check(list(app.extensions["markets"]))
    assert not problems, "\n".join(map(str, problems))


def repo_with(tmp_path: Path, edit) -> Path:
    """A copy of what extraction reads (code, templates, config) with committed templates changed by `edit`."""
    (tmp_path / "translations").mkdir(parents=True)
    for name in ("storefront", "templates", "config"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("messages.pot", "jokes.pot"):
        (tmp_path / "translations" / name).write_text(edit((ROOT / "translations" / name).read_text()))
    return tmp_path


def test_templates_are_fresh_when_only_line_numbers_moved_and_stale_when_a_message_is_missing(tmp_path):
    moved = repo_with(tmp_path / "moved", lambda pot: re.sub(r"(#: \S+\.(?:py|html|txt)):\d+", r"\1:1", pot))
    assert catalogs.check_templates_fresh(moved) == []
    missing = repo_with(tmp_path / "missing", lambda pot: pot.replace('msgid "Remove"\nmsgstr ""\n', "", 1))
    assert [p.path.name for p in catalogs.check_templates_fresh(missing)] == ["messages.pot"]


@pytest.mark.parametrize(("language", "forms"), [("fr", 2), ("sk", 3), ("ja", 1), ("de", 2), ("fi", 2)])
def test_plural_forms_are_pinned(language, forms):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        assert read_po(fh).num_plurals == forms


def broken_copy(tmp_path: Path) -> Path:
    source = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", source)
    po = source / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "Le neuf, c’est du passé."', 'msgstr "Le neuf"', 1)
    text = text.replace("%(brand)s", "%(marque)s", 1)  # a renamed placeholder
    text = text.replace('msgid "Remove"\nmsgstr "', 'msgid "Remove"\nmsgstr "<script>alert(1)</script>', 1)
    po.write_text(text, encoding="utf-8")
    return source


def test_a_corrupted_catalog_fails_with_file_and_line_and_keeps_the_last_good_compiled_set(tmp_path):
    good = tmp_path / "locale"
    assert catalogs.compile_all(ROOT / "translations", good) == []
    before = (good / "fr" / "LC_MESSAGES" / "messages.mo").read_bytes()
    source = broken_copy(tmp_path)
    problems = [str(p) for p in catalogs.check_entries(source / "fr" / "LC_MESSAGES" / "messages.po")]
    assert any("script" in p and "messages.po:" in p for p in problems), problems
    compile_problems = catalogs.compile_all(source, good)
    assert compile_problems and all(":" in str(p) for p in compile_problems)
    assert (good / "fr" / "LC_MESSAGES" / "messages.mo").read_bytes() == before


def hostile_copy(tmp_path: Path) -> Path:
    """The catalogs with an event handler in one French translation: valid for msgfmt, not for a page."""
    source = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", source)
    po = source / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Remove"\nmsgstr "', 'msgid "Remove"\nmsgstr "<img src=x onerror=alert(1)>', 1),
                  encoding="utf-8")
    return source


def test_compile_refuses_markup_the_check_refuses_and_keeps_the_last_good_set(app, tmp_path, monkeypatch):
    good = tmp_path / "locale"
    assert catalogs.compile_all(ROOT / "translations", good) == []
    before = (good / "fr" / "LC_MESSAGES" / "messages.mo").read_bytes()
    source = hostile_copy(tmp_path)
    po = source / "fr" / "LC_MESSAGES" / "messages.po"
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)]).returncode == 0  # msgfmt lets it through
    checked = [str(p) for p in catalogs.check_entries(po)]
    assert checked and all(re.search(r"fr/LC_MESSAGES/messages\.po:[1-9]\d*: ", p) for p in checked), checked
    assert set(checked) <= {str(p) for p in catalogs.compile_all(source, good)}
    assert (good / "fr" / "LC_MESSAGES" / "messages.mo").read_bytes() == before

    monkeypatch.setattr(catalogs, "SOURCE", source)
    monkeypatch.setitem(app.config, "LOCALE_DIR", str(good))
    result = app.test_cli_runner().invoke(args=["i18n", "compile"])
    assert result.exit_code == 1 and checked[0] in result.output and "last good catalogs stay" in result.output
    assert (good / "fr" / "LC_MESSAGES" / "messages.mo").read_bytes() == before


def test_an_untranslated_plural_in_an_override_never_replaces_the_language(tmp_path):
    source = tmp_path / "translations"
    (source / "markets" / "fr_BE" / "LC_MESSAGES").mkdir(parents=True)
    (source / "messages.pot").write_text((ROOT / "translations" / "messages.pot").read_text())
    (source / "jokes.pot").write_text((ROOT / "translations" / "jokes.pot").read_text())
    (source / "markets" / "fr_BE" / "LC_MESSAGES" / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "%(num)d model"\nmsgid_plural "%(num)d models"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "incl. VAT"\nmsgstr "TVAC"\n', encoding="utf-8")
    target = tmp_path / "locale"
    assert catalogs.compile_all(source, target, pseudo=False) == []
    override = Translations.load(str(target / "markets"), ["fr_BE"])
    assert override.ugettext("incl. VAT") == "TVAC"
    assert ("%(num)d model", 0) not in override._catalog  # left to the French catalog


def test_regional_overrides_layer_on_the_language(client):
    assert ">Color<" in client.get("/en-us/p/iphone-13").get_data(as_text=True)
    assert ">Colour<" in client.get("/en-gb/p/iphone-13").get_data(as_text=True)
    assert "TVAC" in client.get("/fr-be/").get_data(as_text=True)
    assert "TVA incluse" in client.get("/fr-fr/").get_data(as_text=True)
    assert "Handys" in client.get("/de-at/").get_data(as_text=True)
    assert "Handys" not in client.get("/de-de/").get_data(as_text=True)


def test_in_locale_switches_the_catalog_templates_and_lazy_labels_read(app):
    """The catalog is looked up once per request, yet in_locale() (order e-mails, search documents) switches it."""
    from storefront.catalog.grades import BY_CODE
    from storefront.i18n.translate import in_locale

    page = app.jinja_env.from_string('{{ _("incl. VAT") }} | {{ ngettext("%(num)d model", "%(num)d models", 0) }}')
    with app.test_request_context("/en-gb/"):
        app.preprocess_request()
        english, label = page.render(), str(BY_CODE["excellent"].name)
        with in_locale("fr_BE"):
            assert page.render() == "TVAC | 0 modèle"  # the storefront's override, the language's plural rule
            assert str(BY_CODE["excellent"].name) == "Parfait état"
        with in_locale("fr_FR"):
            assert page.render() == "TVA incluse | 0 modèle"  # no override for France
        assert page.render() == english and str(BY_CODE["excellent"].name) == label == "Excellent"


def test_each_storefront_tells_its_own_jokes(app, client):
    markets = list(app.extensions["markets"])
    heroes = {}
    for market in markets:
        with app.test_request_context(f"/{market.code}/"):
            app.preprocess_request()
            heroes[market.code] = joke("New is so last year.")
        assert heroes[market.code] in client.get(f"/{market.code}/").get_data(as_text=True)
    assert heroes["fr-be"] != heroes["fr-fr"] and heroes["de-at"] != heroes["de-de"]
    assert heroes["en-gb"] != "New is so last year." or heroes["en-us"] != "New is so last year."


def test_translations_are_rendered_as_text_not_markup(app, monkeypatch):
    class Hostile:
        def ugettext(self, message):
            return "<img src=x onerror=alert(1)>Retirer"

    monkeypatch.setattr("storefront.i18n.translate.request_translations", lambda: Hostile())
    with app.test_request_context("/fr-fr/"):
        app.preprocess_request()
        rendered = app.jinja_env.from_string('{{ _("Remove %(what)s", what="<b>") }}').render()
    assert rendered == "&lt;img src=x onerror=alert(1)&gt;Retirer"


def test_lazy_labels_are_text_where_markup_is_expected(app, monkeypatch):
    from markupsafe import escape

    from storefront.catalog.grades import BY_CODE
    from storefront.catalog.templating import product_pickers

    class Hostile:
        def ugettext(self, message):
            return "<b>PWN</b>"

    monkeypatch.setattr("storefront.i18n.translate.request_translations", lambda: Hostile())
    with app.test_request_context("/en-gb/"):
        app.preprocess_request()
        assert escape(BY_CODE["premium"].name) == "&lt;b&gt;PWN&lt;/b&gt;"
        pickers = [{"dimension": "grade", "label": "Condition", "options": [
            {"value": "premium", "text": BY_CODE["premium"].name, "swatch": None, "current": True, "available": True}]}]
        html = product_pickers(pickers, lambda **picks: "/p")
    assert "<b>" not in html and "&lt;b&gt;PWN" in html


def test_numbers_format_as_numbers(app):
    from decimal import Decimal

    with app.test_request_context("/en-gb/"):
        app.preprocess_request()
        rendered = app.jinja_env.from_string('{{ ngettext("%(num)d day of free returns", "%(num)d days of free returns", n) }}').render(n=Decimal(30))
    assert rendered == "30 days of free returns"


def test_variables_are_escaped_unless_markup(app):
    with app.test_request_context("/en-gb/"):
        app.preprocess_request()
        rendered = app.jinja_env.from_string(
            '{{ _("Sold by %(seller)s", seller=seller) }} | {{ _("Sold by %(seller)s", seller=chip) }} | '
            '{{ ngettext("%(num)d day of free returns", "%(num)d days of free returns", 2) }} | {{ _("%(pct)s vs new", pct=-0.5) }}'
        ).render(seller="<b>Smith & Sons</b>", chip=Markup("<b>Smith</b>"))
    assert rendered == ("Sold by &lt;b&gt;Smith &amp; Sons&lt;/b&gt; | Sold by <b>Smith</b> | 2 days of free returns | -0.5 vs new")


def test_plain_text_templates_get_translations_unescaped(app):
    """E-mails are .txt templates without autoescaping: no &#39; or &amp; in what the shopper reads."""
    with app.test_request_context("/en-gb/"):
        app.preprocess_request()
        rendered = app.jinja_env.from_string(
            '{% autoescape false %}{{ _("Sold by %(seller)s", seller="Smith & Sons") }} · '
            '{{ ngettext("%(num)d day of free returns", "%(num)d days of free returns", 2) }}{% endautoescape %}').render()
    assert rendered == "Sold by Smith & Sons · 2 days of free returns"


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


def test_slovak_has_three_plural_forms_in_use(app):
    with app.test_request_context("/sk-sk/"):
        app.preprocess_request()
        forms = {ngettext("%(num)d model", "%(num)d models", n).split(" ", 1)[-1] for n in (1, 3, 7)}
    assert len(forms) == 3


def test_a_lone_percent_sign_in_a_translation_is_a_problem(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Battery health, at least (percent)"\nmsgstr "バッテリー最大容量の最低値（%）"\n\n'
                  'msgid "Battery at %(pct)s"\nmsgstr "バッテリー %(pct)s（%%）"\n', encoding="utf-8")
    assert [p.message for p in catalogs.check_entries(po)] == ["a lone % sign: write %% for a percent sign"]
