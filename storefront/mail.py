"""Outgoing e-mail behind one function. Development and tests write to an outbox; SMTP is a switch.

MAIL_BACKEND = "outbox" writes each message to instance/outbox/ (and, under tests, keeps it in
`app.extensions["outbox"]` for them to read); "smtp" sends through MAIL_SMTP_HOST:MAIL_SMTP_PORT.
"""
from __future__ import annotations

import logging
import smtplib
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import Flask, current_app

from .urls import absolute

log = logging.getLogger(__name__)


def send(to: str, subject: str, body: str, message_id: str | None = None) -> bool:
    """Send a plain-text message; a failure is logged and reported as False, never raised.

    `message_id` names a message that may be sent again after a crash (an order's e-mail): the outbox
    keeps one file per name, and mail clients recognise the repeat by its Message-ID.
    """
    config = current_app.config
    try:
        message = EmailMessage()
        message["From"] = config["MAIL_FROM"]
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        domain = config["MAIL_FROM"].rpartition("@")[2].rstrip(">") or "localhost"
        message["Message-ID"] = f"<{message_id}@{domain}>" if message_id else make_msgid(domain=domain)
        message.set_content(body)
        if config["MAIL_BACKEND"] == "smtp":
            with smtplib.SMTP(config["MAIL_SMTP_HOST"], config["MAIL_SMTP_PORT"], timeout=10) as smtp:
                smtp.send_message(message)
        else:
            outbox = Path(current_app.instance_path) / "outbox"
            outbox.mkdir(exist_ok=True)
            (outbox / f"{message_id or time.time_ns()}.eml").write_bytes(bytes(message))
            if current_app.testing:
                current_app.extensions["outbox"].append(message)
        return True
    except (OSError, ValueError, smtplib.SMTPException):  # ValueError: an address no header can hold
        log.exception("could not send mail %r", subject)
        return False


def link(endpoint: str, **values) -> str:
    """An absolute URL for an e-mail, on PUBLIC_URL: never on the Host header of the request that sent it."""
    return absolute(endpoint, **values)


def init_app(app: Flask) -> None:
    app.extensions["outbox"] = []
