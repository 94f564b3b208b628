"""The sellers' JSON API: bearer tokens, the seller's own offers only, writes through the feed's rules with
idempotency keys, limits per token that say when to retry, and JSON errors with the right status always."""
import uuid

import pytest
from sqlalchemy import delete, func, select

from storefront.api import idempotency
from storefront.extensions import db
from storefront.offers.models import Offer
from tests.integration.api.helpers import API, api_seller, call, drop_seller, token_for
from tests.integration.portal.helpers import offer_state, prices


@pytest.fixture(scope="module")
def shop(app):
    made = api_seller(app)
    yield made
    drop_seller(app, made)


def error_of(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "field"} and error["message"]
    return error


def free_variant(app, seller_id):
    """(product slug, storage, colour) of a variant without a keyboard the seller has no offer of."""
    from storefront.catalog.models import Product, Variant

    with app.app_context():
        taken = set(db.session.scalars(select(Offer.variant_id).where(Offer.seller_id == seller_id)))
        for row in db.session.execute(select(Variant.id, Product.slug, Variant.storage_gb, Variant.color_name)
                                      .join(Product).where(Variant.keyboard == "").order_by(Variant.id.desc())):
            if row.id not in taken:
                return row.slug, row.storage_gb, row.color_name


def offer_count(app, seller_id):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Offer).where(Offer.seller_id == seller_id))


def test_a_call_without_a_token_or_with_a_wrong_one_is_a_401_that_asks_for_a_bearer_token(api, shop):
    for token in (None, "", "not-a-token", "encore_sk_" + "x" * 43, shop["token"] + "x"):
        response = call(api, "GET", "/offers", token)
        assert error_of(response, 401)["code"] in ("unauthorized", "invalid_token")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    basic = api.get(API + "/offers", headers={"Authorization": "Basic " + shop["token"]})
    assert basic.status_code == 401


def test_the_session_cookie_of_a_signed_in_seller_is_not_a_token(app, shop):
    from tests.integration.staff.helpers import staff_csrf

    assert error_of(shop["client"].get(API + "/offers"), 401)["code"] == "unauthorized"
    token = staff_csrf(shop["client"], "/seller/tokens/")
    response = shop["client"].patch(f"{API}/offers/{shop['offers'][12]}", json={"stock": 1},
                                    headers={"X-CSRFToken": token, "Idempotency-Key": uuid.uuid4().hex})
    assert error_of(response, 401)["code"] == "unauthorized" and offer_state(app, shop["offers"][12])[0] == 5


def test_the_list_is_the_sellers_own_offers_paged_and_filtered_like_the_listings(api, shop, rival):
    page = call(api, "GET", "/offers", shop["token"])
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in page.headers
    body = page.get_json()
    assert body["total"] == 27 and body["pages"] == 2 and len(body["offers"]) == 25
    second = call(api, "GET", "/offers?page=2", shop["token"]).get_json()
    ids = {o["id"] for o in body["offers"]} | {o["id"] for o in second["offers"]}
    assert ids == set(shop["offers"]) and not ids & set(rival["offers"])
    paused = call(api, "GET", "/offers?status=paused", shop["token"]).get_json()
    assert [o["id"] for o in paused["offers"]] == [shop["offers"][0]] and paused["offers"][0]["status"] == "paused"
    out = call(api, "GET", "/offers?stock=out&grade=good", shop["token"]).get_json()
    assert [o["id"] for o in out["offers"]] == [shop["offers"][2]]
    assert call(api, "GET", f"/offers?q={shop['skus'][5]}", shop["token"]).get_json()["total"] == 1


def test_one_offer_shows_its_prices_per_market_with_their_currency(api, shop):
    offer = call(api, "GET", f"/offers/{shop['offers'][4]}", shop["token"]).get_json()
    assert offer["sku"] == shop["skus"][4] and offer["grade"] == "good" and offer["stock"] == 5
    assert offer["prices"] == {"en-gb": {"amount": "300.04", "currency": "GBP"}, "fr-fr": {"amount": "350.04", "currency": "EUR"}}


def test_another_sellers_offer_is_a_404_like_one_that_does_not_exist_and_stays_unchanged(app, api, shop, rival):
    theirs, nobody = rival["offers"][2], 999_999_999
    for offer_id in (theirs, nobody):
        assert error_of(call(api, "GET", f"/offers/{offer_id}", shop["token"]), 404)["code"] == "not_found"
        assert error_of(call(api, "PATCH", f"/offers/{offer_id}", shop["token"], {"stock": 1}), 404)["code"] == "not_found"
    assert call(api, "GET", f"/offers/{theirs}", shop["token"]).get_json() == call(
        api, "GET", f"/offers/{nobody}", shop["token"]).get_json()
    assert offer_state(app, theirs)[0] == 0
    assert call(api, "GET", f"/offers/{theirs}", rival["token"]).status_code == 200


def test_patch_sets_the_fields_given_and_leaves_the_others_alone(app, api, shop):
    offer_id = shop["offers"][6]
    response = call(api, "PATCH", f"/offers/{offer_id}", shop["token"], {"stock": 9, "prices": {"fr-fr": "349.90"}})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["stock"] == 9 and response.get_json()["prices"]["fr-fr"]["amount"] == "349.90"
    assert prices(app, offer_id) == {"en-gb": 30006, "fr-fr": 34990}
    assert call(api, "PATCH", f"/offers/{offer_id}", shop["token"], {"status": "paused"}).get_json()["status"] == "paused"
    assert offer_state(app, offer_id) == (9, "paused")
    added = call(api, "PATCH", f"/offers/{offer_id}", shop["token"], {"prices": {"ja-jp": 52000}, "status": "live"})
    assert added.status_code == 200 and prices(app, offer_id)["ja-jp"] == 52000 and offer_state(app, offer_id) == (9, "live")


@pytest.mark.parametrize(("body", "field"), [
    ({"stock": -1}, "stock"), ({"stock": "five"}, "stock"), ({"stock": True}, "stock"), ({"stock": 2.5}, "stock"),
    ({"stock": None}, "stock"), ({"stock": [1]}, "stock"), ({"stock": 10 ** 9}, "stock"),
    ({"prices": {"fr-fr": "0"}}, "prices.fr-fr"), ({"prices": {"fr-fr": "12.345"}}, "prices.fr-fr"),
    ({"prices": {"fr-fr": {"amount": 1}}}, "prices.fr-fr"), ({"prices": {"de-de": "100"}}, "prices.de-de"),
    ({"prices": ["fr-fr", 100]}, "prices"), ({"status": "suspended"}, "status"), ({"warranty": 6}, "warranty"),
    ({"sku": "renamed"}, "sku"), ({"<script>": 1}, "<script>"),
])
def test_a_patch_with_a_wrong_value_type_or_field_is_a_422_naming_the_field_and_changes_nothing(app, api, shop, body, field):
    offer_id = shop["offers"][7]
    before = offer_state(app, offer_id), prices(app, offer_id)
    error = error_of(call(api, "PATCH", f"/offers/{offer_id}", shop["token"], body), 422)
    assert error["field"] == field and error["code"] in ("invalid", "unknown_field")
    assert (offer_state(app, offer_id), prices(app, offer_id)) == before


def test_an_offer_the_operator_suspended_keeps_its_status(app, api, shop):
    suspended = shop["offers"][1]
    error = error_of(call(api, "PATCH", f"/offers/{suspended}", shop["token"], {"status": "live"}), 422)
    assert error["field"] == "status" and offer_state(app, suspended)[1] == "suspended"


@pytest.mark.parametrize("data", [b"{not json", b"[1, 2]", b'"text"', b"12"])
def test_a_body_that_is_not_a_json_object_is_a_400(api, shop, data):
    response = api.patch(f"{API}/offers/{shop['offers'][8]}", data=data, content_type="application/json",
                         headers={"Authorization": f"Bearer {shop['token']}", "Idempotency-Key": uuid.uuid4().hex})
    assert error_of(response, 400)["code"] == "bad_request"


def test_a_huge_body_is_refused_before_it_is_read(api, shop):
    body = {"prices": {f"m{n}": "1" for n in range(20_000)}}
    assert error_of(call(api, "PATCH", f"/offers/{shop['offers'][8]}", shop["token"], body), 413)["code"]


def test_a_write_without_an_idempotency_key_is_a_400(api, shop):
    for key in ("", "x" * 256, "naïve"):
        response = call(api, "PATCH", f"/offers/{shop['offers'][8]}", shop["token"], {"stock": 1}, key=key)
        assert error_of(response, 400)["code"] == "idempotency_key_missing"


def new_offer_body(app, seller_id, **fields):
    slug, storage, colour = free_variant(app, seller_id)
    return {"sku": f"api-{uuid.uuid4().hex[:10]}", "model": slug, "storage": storage, "colour": colour, "grade": "fair",
            "stock": 3, "prices": {"fr-fr": "189.90"}, **fields}


def test_post_creates_an_offer_once_per_idempotency_key_and_replays_the_answer(app, api, shop):
    body, key, before = new_offer_body(app, shop["id"]), uuid.uuid4().hex, offer_count(app, shop["id"])
    first = call(api, "POST", "/offers", shop["token"], body, key=key)
    assert first.status_code == 201, first.get_data(as_text=True)
    made = first.get_json()
    assert made["sku"] == body["sku"] and made["stock"] == 3 and made["status"] == "live" and made["warranty"] == 12
    assert made["prices"] == {"fr-fr": {"amount": "189.90", "currency": "EUR"}}
    again = call(api, "POST", "/offers", shop["token"], dict(reversed(body.items())), key=key)  # same body, other order
    assert again.status_code == 201 and again.get_json() == made and again.headers["Idempotent-Replayed"] == "true"
    assert offer_count(app, shop["id"]) == before + 1
    other = call(api, "POST", "/offers", shop["token"], {**body, "stock": 4}, key=key)
    assert error_of(other, 422)["code"] == "idempotency_key_reused"
    assert call(api, "GET", f"/offers/{made['id']}", shop["token"]).get_json()["stock"] == 3
    # A new key for the same offer: it exists now.
    assert error_of(call(api, "POST", "/offers", shop["token"], body), 409)["code"] == "exists"
    assert offer_count(app, shop["id"]) == before + 1


def test_a_refused_write_is_replayed_as_refused(app, api, shop):
    key = uuid.uuid4().hex
    body = new_offer_body(app, shop["id"], grade="mint")
    assert error_of(call(api, "POST", "/offers", shop["token"], body, key=key), 422)["field"] == "grade"
    assert error_of(call(api, "POST", "/offers", shop["token"], body, key=key), 422)["field"] == "grade"


@pytest.mark.parametrize(("fields", "field"), [
    ({"model": "no-such-phone"}, "model"), ({"grade": None}, "grade"), ({"stock": None}, "stock"),
    ({"prices": {"fr-fr": "-3"}}, "prices.fr-fr"), ({"sku": "has space"}, "sku"), ({"warranty": "sixty"}, "warranty"),
    ({"battery": 101}, "battery"), ({"id": 5}, "id"),
])
def test_post_refuses_what_the_feed_refuses_with_the_field_at_fault(app, api, shop, fields, field):
    before = offer_count(app, shop["id"])
    body = {key: value for key, value in new_offer_body(app, shop["id"], **fields).items() if value is not None}
    assert error_of(call(api, "POST", "/offers", shop["token"], body), 422)["field"] == field
    assert offer_count(app, shop["id"]) == before


def test_a_seller_whose_quality_paused_new_offers_cannot_create_one_through_the_api(app, api, shop):
    from storefront.sellers.models import Seller

    def level(value):
        with app.app_context():
            db.session.get(Seller, shop["id"]).quality_level = value
            db.session.commit()

    before = offer_count(app, shop["id"])
    level("pause")
    try:
        assert error_of(call(api, "POST", "/offers", shop["token"], new_offer_body(app, shop["id"])), 422)["field"] == "sku"
    finally:
        level("ok")
    assert offer_count(app, shop["id"]) == before


def test_post_with_another_sellers_sku_is_refused_without_touching_it(app, api, shop, rival):
    body = new_offer_body(app, shop["id"], sku=rival["skus"][0])
    assert error_of(call(api, "POST", "/offers", shop["token"], body), 422)["field"] == "sku"


def test_a_request_with_a_key_still_at_work_is_a_409_and_writes_nothing(app, api, shop):
    key, body = uuid.uuid4().hex, {"stock": 42}
    path = f"{API}/offers/{shop['offers'][9]}"
    with app.app_context():  # another worker has claimed the key and is writing
        claim = idempotency.begin(shop["id"], key, idempotency.fingerprint("PATCH", path, body))
    assert error_of(call(api, "PATCH", f"/offers/{shop['offers'][9]}", shop["token"], body, key=key), 409)["code"] == "in_progress"
    assert offer_state(app, shop["offers"][9])[0] == 5
    with app.app_context():
        idempotency.finish(claim, 200, {"done": True})
    assert call(api, "PATCH", f"/offers/{shop['offers'][9]}", shop["token"], body, key=key).get_json() == {"done": True}


def test_the_same_key_of_another_seller_is_another_key(app, api, shop, rival):
    key = uuid.uuid4().hex
    assert call(api, "PATCH", f"/offers/{shop['offers'][10]}", shop["token"], {"stock": 7}, key=key).status_code == 200
    assert call(api, "PATCH", f"/offers/{rival['offers'][0]}", rival["token"], {"stock": 7}, key=key).status_code == 200
    assert offer_state(app, rival["offers"][0])[0] == 7


def test_a_revoked_token_is_refused_at_once(app, api, shop):
    from storefront.accounts.models import User
    from storefront.api import tokens
    from storefront.api.models import ApiToken

    secret = token_for(app, shop["user_id"], "Soon revoked")
    assert call(api, "GET", "/offers", secret).status_code == 200
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == tokens.digest(secret)))
        assert token.last_used_at is not None and token.hint == secret[:len(token.hint)]
        tokens.revoke(db.session.get(User, shop["user_id"]), token.id)
    assert error_of(call(api, "GET", "/offers", secret), 401)["code"] == "invalid_token"
    assert error_of(call(api, "PATCH", f"/offers/{shop['offers'][11]}", secret, {"stock": 1}), 401)["code"] == "invalid_token"


def test_the_token_of_someone_taken_off_the_team_is_a_403(app, api, shop):
    from storefront.accounts import services as accounts
    from storefront.accounts.models import User
    from storefront.onboarding import services as onboarding

    with app.app_context():
        colleague = accounts.create_staff(f"leaver-{uuid.uuid4().hex[:6]}@example.org", "correct horse battery", "seller",
                                          shop["id"])
        colleague_id = colleague.id
    secret = token_for(app, colleague_id)
    assert call(api, "GET", "/offers", secret).status_code == 200
    with app.app_context():
        onboarding.remove(db.session.get(User, shop["user_id"]), db.session.get(User, colleague_id))
    assert error_of(call(api, "GET", "/offers", secret), 403)["code"] == "forbidden"


def test_the_rate_limit_counts_per_token_and_says_when_to_retry(app, api, shop):
    other = token_for(app, shop["user_id"], "Second system")
    app.config["RATELIMIT_API"] = "2 per minute"
    try:
        limited = token_for(app, shop["user_id"], "Busy system")
        assert [call(api, "GET", "/offers?q=none", limited).status_code for _ in range(2)] == [200, 200]
        response = call(api, "GET", "/offers?q=none", limited)
        assert error_of(response, 429)["code"] == "too_many_requests"
        assert 0 < int(response.headers["Retry-After"]) <= 60
        assert call(api, "GET", "/offers?q=none", other).status_code == 200  # another token counts apart
    finally:
        app.config["RATELIMIT_API"] = "1000 per minute"


def test_unknown_paths_and_methods_answer_in_json(api, shop):
    assert error_of(call(api, "GET", "/orders", shop["token"]), 404)["code"] == "not_found"
    response = call(api, "DELETE", f"/offers/{shop['offers'][3]}", shop["token"])
    assert error_of(response, 405)["code"] == "method_not_allowed" and "PATCH" in response.headers["Allow"]


def test_a_price_cut_through_the_api_wins_the_buy_box_by_itself(app, api):
    from storefront.offers.models import BuyBoxEntry, OfferPrice
    from storefront.sellers.models import Seller
    from tests.integration.offers.helpers import run_jobs
    from tests.integration.portal.helpers import offers_kept
    from tests.integration.staff.helpers import staff_client

    with app.app_context():
        seller = db.session.scalars(select(Seller).where(Seller.status == "approved").order_by(Seller.id)).all()
        seller = [s for s in seller if "fr-fr" in s.markets][2]
        seller_id, slug = seller.id, seller.slug
        offer_id = db.session.scalar(
            select(Offer.id).join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == "fr-fr"))
            .join(BuyBoxEntry, (BuyBoxEntry.variant_id == Offer.variant_id) & (BuyBoxEntry.grade == Offer.grade)
                  & (BuyBoxEntry.market == "fr-fr"))
            .where((Offer.seller_id == seller_id) & (Offer.stock > 0) & (Offer.status == "live")
                   & (BuyBoxEntry.offer_id != Offer.id)).order_by(Offer.id).limit(1))
    _client, user_id = staff_client(app, "seller", seller_slug=slug)
    secret = token_for(app, user_id)

    def holder():
        with app.app_context():
            offer = db.session.get(Offer, offer_id)
            return db.session.scalar(select(BuyBoxEntry.offer_id).where(
                (BuyBoxEntry.variant_id == offer.variant_id) & (BuyBoxEntry.grade == offer.grade) & (BuyBoxEntry.market == "fr-fr")))

    with offers_kept(app, seller_id):
        assert holder() != offer_id
        assert call(api, "PATCH", f"/offers/{offer_id}", secret, {"prices": {"fr-fr": "1.00"}}).status_code == 200
        run_jobs(app)  # what the commit queued: no call to refresh anything
        assert holder() == offer_id
    with app.app_context():
        from storefront.api.models import ApiToken

        db.session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
        db.session.commit()
