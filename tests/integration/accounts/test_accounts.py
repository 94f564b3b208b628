"""Accounts: sign up, sign in (remember me), out, reset by e-mail, change password and e-mail, addresses."""
import re
import uuid

from tests.integration.conftest import csrf_token

PASSWORD = "correct horse battery"


def email():
    return f"user-{uuid.uuid4().hex[:10]}@example.org"


def signup(client, address, market="en-gb"):
    token = csrf_token(client, f"/{market}/account/signup")
    return client.post(f"/{market}/account/signup", data={"email": address, "password": PASSWORD, "name": "Sam", "csrf_token": token})


def login(client, address, password=PASSWORD, remember=False, next_=None):
    token = csrf_token(client, "/en-gb/account/login")
    data = {"email": address, "password": password, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    return client.post("/en-gb/account/login", query_string={"next": next_} if next_ else None, data=data)


def test_signup_signs_in_and_the_account_page_is_private(app):
    client = app.test_client()
    address = email()
    response = signup(client, address)
    assert response.status_code == 303 and response.headers["Location"].endswith("/en-gb/account/")
    page = client.get("/en-gb/account/")
    assert page.status_code == 200 and address in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert app.test_client().get("/en-gb/account/").status_code == 302


def test_a_taken_email_and_a_short_password_are_refused_keeping_what_was_typed(app):
    client = app.test_client()
    address = email()
    signup(client, address)
    other = app.test_client()
    response = signup(other, address)
    assert response.status_code == 422 and "already uses this e-mail" in response.get_data(as_text=True)
    token = csrf_token(other, "/en-gb/account/signup")
    short = other.post("/en-gb/account/signup", data={"email": "x@example.org", "password": "short", "csrf_token": token})
    assert short.status_code == 422 and 'value="x@example.org"' in short.get_data(as_text=True)


def test_wrong_password_gets_a_clear_422_and_remember_me_sets_a_secure_cookie(app):
    client = app.test_client()
    address = email()
    signup(client, address)
    fresh = app.test_client()
    bad = login(fresh, address, "nope nope nope")
    assert bad.status_code == 422 and "don&#39;t match" in bad.get_data(as_text=True) or "don't match" in bad.get_data(as_text=True)
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


def test_a_reset_link_is_built_on_the_public_url_not_on_the_request_host(app):
    client = app.test_client()
    address = email()
    signup(client, address)
    anon = app.test_client()
    anon.environ_base["HTTP_HOST"] = "evil.example"  # a forged Host header
    token = csrf_token(anon, "/en-gb/account/reset")
    app.config["PUBLIC_URL"] = "https://shop.example/"
    try:
        anon.post("/en-gb/account/reset", data={"email": address, "csrf_token": token})
    finally:
        app.config["PUBLIC_URL"] = ""
    body = app.extensions["outbox"][-1].get_content()
    assert "https://shop.example/en-gb/account/reset/" in body and "evil.example" not in body


def test_password_reset_by_email_link_works_once(app):
    client = app.test_client()
    address = email()
    signup(client, address)
    outbox = app.extensions["outbox"]
    anon = app.test_client()
    token = csrf_token(anon, "/en-gb/account/reset")
    before = len(outbox)
    assert anon.post("/en-gb/account/reset", data={"email": address, "csrf_token": token}).status_code == 200
    assert anon.post("/en-gb/account/reset", data={"email": "nobody@example.org", "csrf_token": token}).status_code == 200
    assert len(outbox) == before + 1
    link = re.search(r"http://[^\s]+/account/reset/[\w.-]+", outbox[-1].get_content()).group(0)
    path = link.split("localhost", 1)[-1]
    form_token = csrf_token(anon, path)
    done = anon.post(path, data={"password": "a brand new passphrase", "confirm": "a brand new passphrase", "csrf_token": form_token})
    assert done.status_code == 303
    assert anon.get(path).status_code == 404  # single use
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


def test_sign_in_is_rate_limited(app):
    client = app.test_client()
    address = email()
    statuses = [login(client, address, "wrong wrong wrong").status_code for _ in range(31)]
    assert statuses[-1] == 429 and 422 in statuses


def test_password_reset_requests_are_rate_limited_per_address(app):
    client = app.test_client()
    token = csrf_token(client, "/en-gb/account/reset")
    statuses = [client.post("/en-gb/account/reset", data={"email": email(), "csrf_token": token},
                            environ_base={"REMOTE_ADDR": "192.0.2.77"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    other = client.post("/en-gb/account/reset", data={"email": email(), "csrf_token": token},
                        environ_base={"REMOTE_ADDR": "192.0.2.78"})
    assert other.status_code == 200


def test_the_check_before_every_request_is_dropped_only_when_no_global_limit_exists(app, monkeypatch):
    from flask import Flask

    from storefront.extensions import limiter, skip_unneeded_limit_check

    assert limiter._check_request_limit not in app.before_request_funcs[None]  # only the routes' decorators limit
    probe = Flask("probe")
    probe.before_request(limiter._check_request_limit)
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [["100 per day"]])
    assert not skip_unneeded_limit_check(probe, limiter)
    assert probe.before_request_funcs[None] == [limiter._check_request_limit]
    monkeypatch.undo()
    assert skip_unneeded_limit_check(probe, limiter) and not probe.before_request_funcs[None]
