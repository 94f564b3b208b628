"""`flask mail preview` renders every e-mail in every language of the shop, fully, from sample data."""
import email
import email.policy
from pathlib import Path

from storefront.mail_preview import UNRENDERED, languages, previews

ROOT = Path(__file__).resolve().parents[3]


def read(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def test_the_preview_writes_every_e_mail_in_every_language_fully_rendered(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["mail", "preview", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        langs, names = list(languages()), [p.name for p in previews()]
    assert {"en", "fr", "de", "ja"} <= set(langs)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(langs)
    for name in names:
        subjects = {}
        for lang in langs:
            message = read(tmp_path / lang / f"{name}.eml")
            subject, body = message["Subject"], message.get_content()
            assert not UNRENDERED.search(subject) and not UNRENDERED.search(body), (lang, name)
            assert body.strip() and message["Date"] and message["Message-ID"] and message["To"], (lang, name)
            sample = ("EC-7Q4M2K", "ReNew Labs", "/account/")  # the sample order, application or team is in it
            assert any(text in subject + body for text in sample), (lang, name)
            subjects[lang] = subject
        assert len(set(subjects.values())) == len(langs), (name, subjects)  # each language its own words
    assert f"wrote {len(langs) * len(names)} e-mail(s)" in result.output


def test_every_e_mail_template_has_a_preview(app):
    templates = {str(path.relative_to(ROOT / "templates")) for path in (ROOT / "templates").glob("*/email/*.txt")}
    assert templates and templates == {p.template for p in previews()}


def test_the_preview_of_one_language_writes_only_that_one(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["mail", "preview", "--lang", "fr", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["fr"]
    assert "Votre commande EC-7Q4M2K est confirmée" in read(tmp_path / "fr" / "orders-confirmation.eml")["Subject"]


def test_an_unknown_language_is_refused_with_the_shop_s_languages(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["mail", "preview", "--lang", "xx", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "fr, " in result.output
    assert not list(tmp_path.iterdir())
