"""E-mail goes out through the send_mail job: a request never waits on the mail server, a server that is down
is retried until the message goes, every message has its Date and Message-ID, and no text can add a header."""
import socket
from datetime import datetime, timedelta
from email import message_from_bytes, policy

import pytest
from flask_mailman.backends.locmem import EmailBackend as LocmemBackend

from storefront import mail
from tests.integration.accounts.test_accounts import ask_to_sign_up, email, signup
from tests.integration.conftest import csrf_token
from tests.mailbox import address_of, sent_mail

LATER = timedelta(days=1)  # past every retry delay


@pytest.fixture
def jobs(app):
    """The app's queue, emptied of what earlier tests left in it."""
    queue = app.extensions["jobs"]
    queue.queue.flush()
    yield queue
    queue.queue.flush()


def mails_to(app, address):
    return [m for m in app.extensions["mailman"].outbox if address_of(m) == address]


def mime(app, sent):
    """The message as it goes on the wire (email.message.Message)."""
    with app.app_context():
        return sent.message()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_sign_up_e_mail_waits_for_its_job_and_has_date_and_message_id(app, jobs):
    address = email()
    client = app.test_client()
    token = csrf_token(client, "/de-de/account/signup")
    answer = client.post("/de-de/account/signup", data={"email": address, "password": "correct horse battery",
                                                         "name": "Zoë Weiß", "csrf_token": token})
    assert answer.status_code == 200
    assert mails_to(app, address) == []  # queued, not sent in the request
    assert jobs.queue.pending_count() == 1
    assert jobs.run_pending() == 1
    [sent] = mails_to(app, address)
    message = mime(app, sent)
    assert message["Date"] and message["Message-ID"].endswith("@encore.invalid>")
    assert message["From"] == app.config["MAIL_FROM"]
    assert sent.subject != "Confirm your Encore account" and "Encore" in sent.subject  # in the shopper's language
    assert "/de-de/account/signup/" in sent.body
    wire = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert wire["To"] == f"Zoë Weiß <{address}>"  # the name the shopper gave, encoded for the header


def test_a_mail_server_that_is_down_breaks_no_request_and_the_job_retries_until_it_sends(app, jobs, monkeypatch):
    client, address = app.test_client(), email()
    signup(client, address)
    before = len(mails_to(app, address))  # the sign-up link
    state = app.extensions["mailman"]
    monkeypatch.setattr(state, "backend", "smtp")  # Flask-Mailman's SMTP backend, on a port nobody listens on
    monkeypatch.setattr(state, "server", "127.0.0.1")
    monkeypatch.setattr(state, "port", closed_port())
    monkeypatch.setattr(state, "timeout", 2)
    anon = app.test_client()
    token = csrf_token(anon, "/en-gb/account/reset")
    assert anon.post("/en-gb/account/reset", data={"email": address, "csrf_token": token}).status_code == 200
    assert jobs.run_pending() == 1  # tried: refused
    assert jobs.run_pending(at=datetime.utcnow() + LATER) == 1  # retried: refused again
    assert jobs.queue.scheduled_count() == 1 and len(mails_to(app, address)) == before  # waiting for its next try

    monkeypatch.setattr(state, "backend", "locmem")  # the server is back
    assert jobs.run_pending(at=datetime.utcnow() + 2 * LATER) == 1
    assert jobs.queue.scheduled_count() == 0 and jobs.queue.pending_count() == 0
    sent = mails_to(app, address)
    assert len(sent) == before + 1 and "/en-gb/account/reset/" in sent[-1].body  # sent once, nothing lost
    jobs.run_pending(at=datetime.utcnow() + 3 * LATER)
    assert len(mails_to(app, address)) == before + 1


class FlakyBackend(LocmemBackend):
    """A mail server that drops the first two messages it is given, recording what it was asked to send."""

    attempts: list[str] = []

    def send_messages(self, messages):
        FlakyBackend.attempts += [m.extra_headers["Message-ID"] for m in messages]
        if len(FlakyBackend.attempts) <= 2:
            raise ConnectionResetError("the server hung up")
        return super().send_messages(messages)


def test_every_retry_sends_the_very_same_message(app, jobs, monkeypatch):
    monkeypatch.setattr(app.extensions["mailman"], "backend", FlakyBackend)
    FlakyBackend.attempts = []
    address = email()
    with app.test_request_context("/fr-fr/"):
        mail.send(address, "Votre lien", "Bonjour")
    for day in range(3):
        jobs.run_pending(at=datetime.utcnow() + day * LATER)
    [sent] = mails_to(app, address)
    assert len(FlakyBackend.attempts) == 3 and len(set(FlakyBackend.attempts)) == 1
    assert mime(app, sent)["Message-ID"] == FlakyBackend.attempts[0]


def test_when_the_queue_cannot_take_a_message_it_is_sent_at_once(app, jobs, monkeypatch):
    def refuse(*_args):
        raise ConnectionError("queue down")

    monkeypatch.setitem(jobs.tasks, "send_mail", refuse)
    address = email()
    with app.test_request_context("/en-gb/"):
        mail.send(address, "Your link", "Hello")
    assert [m.subject for m in mails_to(app, address)] == ["Your link"]


def test_an_order_s_e_mail_keeps_its_message_id_when_sent_again(app):
    address = email()
    with app.app_context():
        assert mail.send_now(address, "Your order EC-1", "Thanks", message_id="order-EC-1")
        assert mail.send_now(address, "Your order EC-1", "Thanks", message_id="order-EC-1")
    first, again = (mime(app, m) for m in mails_to(app, address))
    assert first["Message-ID"] == again["Message-ID"] == "<order-EC-1@encore.invalid>"
    assert first["Date"] and again["Date"]


HOSTILE = "Sam\r\nBcc: victim@example.org\r\n\r\nfake body"


def headers_of(app, sent) -> list[str]:
    """The header lines of a sent message, as they would go on the wire."""
    return mime(app, sent).as_bytes().split(b"\n\n", 1)[0].decode().splitlines()


def test_line_breaks_in_a_subject_or_a_name_cannot_add_a_header(app, jobs):
    address = email()
    with app.test_request_context("/en-gb/"):
        mail.send(address, f"Hello {HOSTILE}", "body", name=HOSTILE)
    jobs.run_pending()
    [sent] = mails_to(app, address)
    lines = headers_of(app, sent)
    assert not any(line.lower().startswith("bcc") for line in lines), lines
    assert sent.recipients() == [sent.to[0]] and address_of(sent) == address
    assert sent.subject == "Hello Sam Bcc: victim@example.org fake body"
    assert sent.body == "body"


def test_a_hostile_name_typed_at_sign_up_cannot_add_a_header_or_a_recipient(app, jobs):
    address = email()
    client = app.test_client()
    token = csrf_token(client, "/en-gb/account/signup")
    for name in (HOSTILE, "Doe, Jane <victim@example.org>"):
        client.post("/en-gb/account/signup", data={"email": address, "password": "correct horse battery",
                                                   "name": name, "csrf_token": token})
    jobs.run_pending()
    sent = mails_to(app, address)
    assert len(sent) == 2
    for message in sent:
        assert not any(line.lower().startswith("bcc") for line in headers_of(app, message))
        assert len(message.recipients()) == 1 and address_of(message) == address


def test_an_address_with_a_line_break_is_never_sent(app, jobs):
    with app.test_request_context("/en-gb/"):
        before = len(sent_mail(app))
        mail.send("someone@example.org\r\nBcc: victim@example.org", "Hello", "body")
        assert not mail.send_now("someone@example.org\nBcc: victim@example.org", "Hello", "body")
    assert jobs.queue.pending_count() == 0 and len(sent_mail(app)) == before


def test_asking_to_sign_up_twice_sends_two_e_mails_and_no_more(app, jobs):
    address = email()
    client = app.test_client()
    for _ in range(2):
        assert ask_to_sign_up(client, address).status_code == 200
    jobs.run_pending()
    jobs.run_pending(at=datetime.utcnow() + LATER)
    assert len(mails_to(app, address)) == 2
