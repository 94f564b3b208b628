"""Outgoing e-mail through Flask-Mailman: composed where its language and links are known, sent by a job.

`send()` composes a message in the caller's language and queues it for the `send_mail` job, retried with
backoff while the mail server is down: a request never waits on the server nor fails with it.
`send_now()` is for work that is already a job (an order's e-mail, sent by the settle job).
MAIL_BACKEND picks where messages go (config/settings.py):
  smtp    MAIL_SERVER:MAIL_PORT, MAIL_USERNAME/MAIL_PASSWORD, MAIL_USE_TLS (STARTTLS) or MAIL_USE_SSL, MAIL_TIMEOUT
  outbox  Flask-Mailman's file backend: one file per message in instance/outbox/ (or MAIL_FILE_PATH)
  locmem  tests: the sent messages are kept in `app.extensions["mailman"].outbox`
or any other Flask-Mailman backend (console, dummy, a dotted path).
"""
from __future__ import annotations

import logging
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from flask import Flask, current_app
from flask_mailman import EmailMessage

from .extensions import mailman
from .queue import enqueue
from .urls import absolute

log = logging.getLogger(__name__)
BACKENDS = {"outbox": "file"}  # our names for Flask-Mailman's backends


def compose(to: str, subject: str, body: str, name: str = "", message_id: str | None = None) -> dict:
    """A message as plain data (so it can wait in the queue), with its Date (now) and Message-ID fixed: a
    retry sends the very same message. `message_id` names one that may be sent again after a crash (an
    order's), so mail clients recognise the repeat. The subject and the name are put on one line: text a
    shopper typed can never start a header of its own. Raises ValueError for an address with a line break."""
    if "\r" in to or "\n" in to:
        raise ValueError(f"no header can hold the address {to!r}")
    domain = current_app.config["MAIL_FROM"].rpartition("@")[2].rstrip(">") or "localhost"
    return {
        "to": formataddr((one_line(name), to)) if one_line(name) else to,
        "subject": one_line(subject),
        "body": body,
        "headers": {"Date": formatdate(), "Message-ID": f"<{message_id}@{domain}>" if message_id else make_msgid(domain=domain)},
    }


def one_line(text: str) -> str:
    """`text` with every run of whitespace, line breaks included, made one space."""
    return " ".join(str(text or "").split())


def email(message: dict) -> EmailMessage:
    """The Flask-Mailman message of a composed one, from MAIL_FROM."""
    return EmailMessage(message["subject"], message["body"], current_app.config["MAIL_FROM"], [message["to"]],
                        headers=message["headers"])


def deliver(message: dict) -> None:
    """Send a composed message now through the backend; raises when it fails (the job retries)."""
    email(message).send()


def send(to: str, subject: str, body: str, name: str = "") -> None:
    """Queue an e-mail for the `send_mail` job. When the queue can't take it, try to send it now (a failure is logged)."""
    try:
        message = compose(to, subject, body, name)
    except ValueError:
        log.exception("mail %r not sent", subject)
        return
    if not enqueue("send_mail", message):
        deliver_or_log(message)


def send_now(to: str, subject: str, body: str, name: str = "", message_id: str | None = None) -> bool:
    """Send an e-mail in this process; a failure is logged and reported as False, never raised."""
    try:
        message = compose(to, subject, body, name, message_id)
    except ValueError:
        log.exception("mail %r not sent", subject)
        return False
    return deliver_or_log(message)


def deliver_or_log(message: dict) -> bool:
    try:
        deliver(message)
        return True
    except Exception:  # the relay refused, timed out or is misconfigured: whatever it is, the caller goes on
        log.exception("could not send mail %s", message["headers"]["Message-ID"])
        return False


def link(endpoint: str, **values) -> str:
    """An absolute URL for an e-mail, on PUBLIC_URL: never on the Host header of the request that sent it."""
    return absolute(endpoint, **values)


def init_app(app: Flask) -> None:
    if not app.config.get("MAIL_FILE_PATH"):
        app.config["MAIL_FILE_PATH"] = str(Path(app.instance_path) / "outbox")
    state = mailman.init_app(app)
    state.backend = BACKENDS.get(state.backend, state.backend)
    if state.backend == "locmem":
        state.outbox = []  # there before the first message, for tests to hold on to
