"""Outgoing e-mail behind one function. Development and tests write to an outbox; SMTP is a switch.

MAIL_BACKEND = "outbox" writes each message to instance/outbox/ (and, under tests, keeps it in
`app.extensions["outbox"]` for them to read); "smtp" sends through MAIL_SMTP_HOST:MAIL_SMTP_PORT.
"""
from __future__ import annotations

import logging
import smtplib
import time
from email.message import EmailMessage
from pathlib import Path

from flask import Flask, current_app, url_for

log = logging.getLogger(__name__)


def send(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; a failure is logged and reported as False, never raised."""
    config = current_app.config
    try:
        message = EmailMessage()
        message["From"] = config["MAIL_FROM"]
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        if config["MAIL_BACKEND"] == "smtp":
            with smtplib.SMTP(config["MAIL_SMTP_HOST"], config["MAIL_SMTP_PORT"], timeout=10) as smtp:
                smtp.send_message(message)
        else:
            outbox = Path(current_app.instance_path) / "outbox"
            outbox.mkdir(exist_ok=True)
            (outbox / f"{time.time_ns()}.eml").write_bytes(bytes(message))
            if current_app.testing:
                current_app.extensions["outbox"].append(message)
        return True
    except (OSError, ValueError, smtplib.SMTPException):  # ValueError: an address no header can hold
        log.exception("could not send mail %r", subject)
        return False


def link(endpoint: str, **values) -> str:
    """An absolute URL for an e-mail: on PUBLIC_URL when configured, else on this request's host."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return base + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)


def init_app(app: Flask) -> None:
    app.extensions["outbox"] = []
