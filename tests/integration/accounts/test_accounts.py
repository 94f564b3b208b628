"""Accounts: sign up by e-mail link, sign in (remember me), out (everywhere), reset by e-mail, change password and e-mail, addresses."""
import re
import uuid
from datetime import datetime, timedelta

from sqlalchemy import update

from storefront.accounts.models import PendingSignup
from storefront.extensions import db
from tests.integration.conftest import csrf_token
from tests.mailbox import address_of, sent_mail

PASSWORD = "correct horse battery"


def email():
    return f"user-{uuid.uuid4().hex[:10]}@example.org"


def ask_to_sign_up(client, address, market="en-gb", password=PASSWORD):
    """Post the sign-up form (no account yet: a link goes out by e-mail)."""
    token = csrf_token(client, f"/{market}/account/signup")
    return client.post(f"/{market}/account/signup", data={"email": address, "password": password, "name": "Sam", "csrf_token": token})


def last_mail(app, address, containing=""):
    """The newest e-mail to `address` (whose body has `containing`)."""
    return next(m for m in reversed(sent_mail(app)) if address_of(m) == address and containing in m.body)


def link_in(message, path=r"/account/signup/[\w-]+"):
    """The path of the first link to `path` in a message (links are absolute, on PUBLIC_URL)."""
    return re.search(rf"https?://[^/\s]+(/[a-z]{{2}}-[a-z]{{2}}{path})", message.body).group(1)


def confirm(client, path):
    """Press the button of an e-mailed sign-up link's page."""
    return client.post(path, data={"csrf_token": csrf_token(client)})


def signup(client, address, market="en-gb"):
    """Sign up and confirm by the e-mailed link: the client ends up signed in to a new account."""
    ask_to_sign_up(client, address, market)
    return confirm(client, link_in(last_mail(client.application, address)))


def login(client, address, password=PASSWORD, remember=False, next_=None, ip="127.0.0.1"):
    token = csrf_token(client, "/en-gb/account/login")
    data = {"email": address, "password": password, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    return client.post("/en-gb/account/login", query_string={"next": next_} if next_ else None, data=data,
                       environ_base={"REMOTE_ADDR": ip})


def test_signup_emails_a_link_that_creates_the_account_and_signs_in(app):
    client = app.test_client()
    address = email()
    sent = ask_to_sign_up(client, address)
    assert sent.status_code == 200 and "Check your inbox" in sent.get_data(as_text=True)
    assert client.get("/en-gb/account/").status_code == 302  # no account until the link is used
    path = link_in(last_mail(app, address))
    assert address in client.get(path).get_data(as_text=True)  # a page with a button: mail scanners use up nothing
    response = confirm(client, path)
    assert response.status_code == 303 and response.headers["Location"].endswith("/en-gb/account/")
    page = client.get("/en-gb/account/")
    assert page.status_code == 200 and address in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert app.test_client().get("/en-gb/account/").status_code == 302
    assert app.test_client().get(path).status_code == 404  # used once
    assert login(app.test_client(), address).status_code == 303


def test_signup_answers_the_same_whether_or_not_the_email_has_an_account(app):
    owner = app.test_client()
    taken = email()
    signup(owner, taken)
    stranger = app.test_client()
    before = len(sent_mail(app))
    answers = [ask_to_sign_up(stranger, address, password="another passphrase") for address in (taken, email())]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].get_data() == answers[1].get_data()
    assert len(sent_mail(app)) == before + 2  # one e-mail each
    warning = last_mail(app, taken).body
    assert "It already has an account" in warning
    assert link_in(last_mail(app, taken), "/account/login") and link_in(last_mail(app, taken), "/account/reset")
    assert "/account/signup/" not in warning  # nothing in it creates a second account
    assert login(app.test_client(), taken).status_code == 303  # the owner's password is untouched
    assert login(app.test_client(), taken, "another passphrase").status_code == 422


def test_a_short_password_is_refused_keeping_what_was_typed(app):
    client = app.test_client()
    token = csrf_token(client, "/en-gb/account/signup")
    short = client.post("/en-gb/account/signup", data={"email": "x@example.org", "password": "short", "csrf_token": token})
    assert short.status_code == 422 and 'value="x@example.org"' in short.get_data(as_text=True)


def test_a_signup_link_stops_working_after_a_day_or_once_the_address_has_an_account(app):
    address = email()
    first, second = app.test_client(), app.test_client()
    ask_to_sign_up(first, address)
    first_link = link_in(last_mail(app, address))
    ask_to_sign_up(second, address)
    second_link = link_in(last_mail(app, address))
    assert confirm(second, second_link).status_code == 303
    assert confirm(first, first_link).status_code == 404  # the address has its account now
    late = email()
    ask_to_sign_up(first, late)
    with app.app_context():
        db.session.execute(update(PendingSignup).where(PendingSignup.email == late)
                           .values(expires_at=datetime.utcnow() - timedelta(seconds=1)))
        db.session.commit()
    expired = first.get(link_in(last_mail(app, late)))
    assert expired.status_code == 404 and "This link has expired" in expired.get_data(as_text=True)


def test_wrong_password_gets_a_clear_422_and_remember_me_sets_a_secure_cookie(app):
    client = app.test_client()
    address = email()
    signup(client, address)
    fresh = app.test_client()
    bad = login(fresh, address, "nope nope nope")
    assert (bad.status_code == 422 and "don&#39;t match" in bad.get_data(as_text=True)) or "don't match" in bad.get_data(as_text=True)
    good = login(fresh, address, remember=True)
    assert good.status_code == 303
    cookie = next(c for c in good.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logout_needs_a_post_and_ends_the_session(app):
    client = app.test_client()
    signup(client, email())
    assert client.get("/en-gb/account/logout").status_code == 405
    token = csrf_token(client, "/en-gb/account/")
    assert client.post("/en-gb/account/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/en-gb/account/").status_code == 302


def test_logout_revokes_a_copied_session_cookie(app):
    client, thief = app.test_client(), app.test_client()
    signup(client, email())
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/en-gb/account/").status_code == 200  # a copy works as long as the sign-in does
    client.post("/en-gb/account/logout", data={"csrf_token": csrf_token(client, "/en-gb/account/")})
    assert thief.get("/en-gb/account/").status_code == 302


def test_logout_revokes_a_copied_remember_cookie(app):
    address = email()
    signup(app.test_client(), address)
    client = app.test_client()
    login(client, address, remember=True)
    remembered = client.get_cookie("remember_token").value

    def replay():
        thief = app.test_client()
        thief.set_cookie("remember_token", remembered)
        return thief.get("/en-gb/account/").status_code

    assert replay() == 200
    client.post("/en-gb/account/logout", data={"csrf_token": csrf_token(client, "/en-gb/account/")})
    assert replay() == 302


def test_sign_out_everywhere_ends_every_session_including_this_one(app):
    address = email()
    here, phone, laptop = app.test_client(), app.test_client(), app.test_client()
    signup(here, address)
    login(phone, address)
    login(laptop, address, remember=True)
    remembered = laptop.get_cookie("remember_token").value
    overview = here.get("/en-gb/account/").get_data(as_text=True)
    form = re.search(r'<form[^>]*action="([^"]*logout-everywhere)"[\s\S]*?name="csrf_token" value="([^"]+)"', overview)
    assert form and "Sign out everywhere" in overview
    done = here.post(form.group(1), data={"csrf_token": form.group(2)})
    assert done.status_code == 303 and "/account/login" in done.headers["Location"]
    assert [c.get("/en-gb/account/").status_code for c in (here, phone, laptop)] == [302, 302, 302]
    thief = app.test_client()
    thief.set_cookie("remember_token", remembered)
    assert thief.get("/en-gb/account/").status_code == 302
    assert login(app.test_client(), address).status_code == 303  # signing in again works


def test_loading_the_signed_in_user_is_one_query(app, count_queries):
    from storefront.accounts import services
    from storefront.accounts.views import load_user

    address = email()
    signup(app.test_client(), address)
    with app.test_request_context("/en-gb/"):
        user = services.find_by_email(address)
        services.start_session(user)
        session_id = user.get_id()
        db.session.expire_all()
        loaded = []
        assert count_queries(lambda: loaded.append(load_user(session_id))) == 1
        assert loaded[0].email == address and loaded[0].get_id() == session_id
        assert load_user(f"{user.id}:forged") is None and load_user(f"{user.id}:") is None


def test_a_reset_link_is_built_on_the_public_url_not_on_the_request_host(app, monkeypatch):
    client = app.test_client()
    address = email()
    signup(client, address)
    anon = app.test_client()
    anon.environ_base["HTTP_HOST"] = "evil.example"  # a forged Host header
    token = csrf_token(anon, "/en-gb/account/reset")
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://shop.example")
    anon.post("/en-gb/account/reset", data={"email": address, "csrf_token": token})
    body = last_mail(app, address, "/account/reset/").body
    assert "https://shop.example/en-gb/account/reset/" in body and "evil.example" not in body


def test_password_reset_by_email_link_works_once(app):
    client = app.test_client()
    address = email()
    signup(client, address)
    anon = app.test_client()
    token = csrf_token(anon, "/en-gb/account/reset")
    before = len(sent_mail(app))
    assert anon.post("/en-gb/account/reset", data={"email": address, "csrf_token": token}).status_code == 200
    assert anon.post("/en-gb/account/reset", data={"email": "nobody@example.org", "csrf_token": token}).status_code == 200
    assert len(sent_mail(app)) == before + 1
    link = re.search(r"http://[^\s]+/account/reset/[\w.-]+", last_mail(app, address, "/account/reset/").body).group(0)
    path = link.split("localhost", 1)[-1]
    form_token = csrf_token(anon, path)
    done = anon.post(path, data={"password": "a brand new passphrase", "confirm": "a brand new passphrase", "csrf_token": form_token})
    assert done.status_code == 303
    assert anon.get("/en-gb/account/").status_code == 200  # the reset signs in
    assert anon.get(path).status_code == 404  # single use
    assert client.get("/en-gb/account/").status_code == 302  # whoever else was signed in is out
    assert login(app.test_client(), address, "a brand new passphrase").status_code == 303


def test_changing_the_password_signs_out_other_sessions(app):
    address = email()
    first, second = app.test_client(), app.test_client()
    signup(first, address)
    login(second, address)
    assert second.get("/en-gb/account/").status_code == 200
    token = csrf_token(first, "/en-gb/account/password")
    response = first.post("/en-gb/account/password", data={"current": PASSWORD, "password": "another good passphrase",
                                                            "confirm": "another good passphrase", "csrf_token": token})
    assert response.status_code == 303
    assert first.get("/en-gb/account/").status_code == 200
    assert second.get("/en-gb/account/").status_code == 302


def test_changing_the_email_asks_for_the_password(app):
    client = app.test_client()
    signup(client, email())
    token = csrf_token(client, "/en-gb/account/email")
    new = email()
    assert client.post("/en-gb/account/email", data={"email": new, "current": "wrong one", "csrf_token": token}).status_code == 422
    assert client.post("/en-gb/account/email", data={"email": new, "current": PASSWORD, "csrf_token": token}).status_code == 303
    assert new in client.get("/en-gb/account/").get_data(as_text=True)
    same = client.post("/en-gb/account/email", data={"email": new.upper(), "current": PASSWORD, "csrf_token": token})
    assert same.status_code == 303  # one's own address, typed again, is not "taken"


def test_address_book_validates_per_country_and_hides_other_peoples_addresses(app):
    owner, intruder = app.test_client(), app.test_client()
    signup(owner, email(), "en-us")
    signup(intruder, email(), "en-us")
    token = csrf_token(owner, "/en-us/account/addresses/new")
    bad = owner.post("/en-us/account/addresses/new", data={"name": "A", "line1": "1 Main St", "city": "Austin", "region": "ZZ",
                                                           "postcode": "7870", "phone": "+1 512 555 0100", "csrf_token": token})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Please choose from the list." in html and 'value="1 Main St"' in html
    good = owner.post("/en-us/account/addresses/new", data={"name": "A", "line1": "1 Main St", "city": "Austin", "region": "TX",
                                                            "postcode": "78701", "phone": "+1 512 555 0100", "csrf_token": token})
    assert good.status_code == 303
    address_id = re.search(r"/account/addresses/(\d+)", owner.get("/en-us/account/addresses").get_data(as_text=True)).group(1)
    assert intruder.get(f"/en-us/account/addresses/{address_id}").status_code == 404
    itoken = csrf_token(intruder, "/en-us/p/iphone-13")
    assert intruder.post(f"/en-us/account/addresses/{address_id}/delete", data={"csrf_token": itoken}).status_code == 404
    assert owner.get("/en-us/account/addresses/0").status_code == 404  # no address 0: not a new one either


def test_japanese_addresses_start_with_the_postal_code_and_prefecture(app):
    client = app.test_client()
    signup(client, email(), "ja-jp")
    html = client.get("/ja-jp/account/addresses/new").get_data(as_text=True)
    order = [html.index(f'id="f-{name}"') for name in ("postcode", "region", "city", "line1", "name")]
    assert order == sorted(order)


def test_wrong_passwords_lock_the_account_until_its_owner_resets_the_password(app):
    address = email()
    signup(app.test_client(), address)
    attacker = app.test_client()
    # From ever-changing addresses: the per-address limit never trips, the account's does.
    statuses = [login(attacker, address, f"guess number {i}", ip=f"198.51.100.{i}").status_code for i in range(11)]
    assert statuses == [422] * 10 + [429]
    owner = app.test_client()
    locked = login(owner, address, ip="203.0.113.5")  # even the right password waits: guessing gains nothing
    html = locked.get_data(as_text=True)
    assert locked.status_code == 429 and "reset your password" in html and f'value="{address}"' in html
    token = csrf_token(owner, "/en-gb/account/reset")
    owner.post("/en-gb/account/reset", data={"email": address, "csrf_token": token}, environ_base={"REMOTE_ADDR": "203.0.113.5"})
    path = link_in(last_mail(app, address), r"/account/reset/[\w.-]+")
    owner.post(path, data={"password": "the owner's new passphrase", "confirm": "the owner's new passphrase",
                           "csrf_token": csrf_token(owner, path)})
    assert owner.get("/en-gb/account/").status_code == 200
    assert login(app.test_client(), address, "the owner's new passphrase", ip="203.0.113.6").status_code == 303


def test_one_password_sprayed_over_many_accounts_from_one_address_is_limited(app, monkeypatch):
    from config.settings import Config

    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_IP", Config.RATELIMIT_LOGIN_IP)  # the real limit, not the suite's
    sprayer = app.test_client()
    statuses = [login(sprayer, email(), "Summer2024!", ip="198.51.100.250").status_code for _ in range(40)]
    assert statuses == [422] * 20 + [429] * 20
    assert login(app.test_client(), email(), "Summer2024!", ip="198.51.100.251").status_code == 422  # others are not


def test_sign_up_is_rate_limited_per_address(app, monkeypatch):
    from config.settings import Config

    monkeypatch.setitem(app.config, "RATELIMIT_SIGNUP", Config.RATELIMIT_SIGNUP)
    client = app.test_client()
    token = csrf_token(client, "/en-gb/account/signup")

    def sign_up(ip):
        return client.post("/en-gb/account/signup", data={"email": email(), "password": PASSWORD, "csrf_token": token},
                           environ_base={"REMOTE_ADDR": ip}).status_code

    assert [sign_up("192.0.2.90") for _ in range(6)] == [200] * 5 + [429]
    assert sign_up("192.0.2.91") == 200


def test_password_reset_requests_are_rate_limited_per_address(app):
    client = app.test_client()
    token = csrf_token(client, "/en-gb/account/reset")
    statuses = [client.post("/en-gb/account/reset", data={"email": email(), "csrf_token": token},
                            environ_base={"REMOTE_ADDR": "192.0.2.77"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    other = client.post("/en-gb/account/reset", data={"email": email(), "csrf_token": token},
                        environ_base={"REMOTE_ADDR": "192.0.2.78"})
    assert other.status_code == 200


def test_reset_emails_to_one_account_are_limited_whatever_the_address_asking(app):
    client = app.test_client()
    token = csrf_token(client, "/en-gb/account/reset")
    target = email()
    statuses = [client.post("/en-gb/account/reset", data={"email": target.upper() if i % 2 else target, "csrf_token": token},
                            environ_base={"REMOTE_ADDR": f"192.0.2.{100 + i}"}).status_code for i in range(4)]
    assert statuses == [200] * 3 + [429]
