"""The e-mails a test app sent: Flask-Mailman's locmem outbox (MAIL_BACKEND = "locmem" in the test settings)."""
from __future__ import annotations

from email.utils import parseaddr


def sent_mail(app) -> list:
    """Every message sent so far (flask_mailman.EmailMessage: .subject, .to, .body, .message()), once the
    queued jobs, the mail jobs among them, have run."""
    app.extensions["jobs"].run_pending()
    return app.extensions["mailman"].outbox


def address_of(message) -> str:
    """The address a message went to, without its display name."""
    return parseaddr(message.to[0])[1]


def translated(app, language: str, message: str, **variables) -> str:
    """`message` as the catalog of `language` says it (what an e-mail written in that language contains)."""
    from storefront.i18n.translate import in_locale, text

    with app.test_request_context(), in_locale(language):
        return text(message, **variables)
