"""The API's batch: many create-or-update rows in one call, by the feed's rules, all or nothing, a dry run that
writes nothing, one idempotency key and one call of the rate limit for the lot, and another seller's offers never
touched."""
import uuid

import pytest
from sqlalchemy import func, select

from storefront.api.offers import MAX_BATCH
from storefront.extensions import db
from storefront.offers.models import Offer
from tests.integration.api.helpers import api_seller, call, drop_seller, token_for
from tests.integration.portal.helpers import offer_state, prices


@pytest.fixture(scope="module")
def shop(app):
    made = api_seller(app, offers=12)
    yield made
    drop_seller(app, made)


def free_variants(app, seller_id, count):
    """(product slug, storage, colour) of `count` variants without a keyboard the seller has no offer of."""
    from storefront.catalog.models import Product, Variant

    with app.app_context():
        taken = set(db.session.scalars(select(Offer.variant_id).where(Offer.seller_id == seller_id)))
        rows = db.session.execute(select(Variant.id, Product.slug, Variant.storage_gb, Variant.color_name)
                                  .join(Product).where(Variant.keyboard == "").order_by(Variant.id.desc())).all()
        return [(row.slug, row.storage_gb, row.color_name) for row in rows if row.id not in taken][:count]


def new_row(variant, **fields):
    slug, storage, colour = variant
    return {"sku": f"batch-{uuid.uuid4().hex[:10]}", "model": slug, "storage": storage, "colour": colour,
            "grade": "fair", "stock": 2, "prices": {"fr-fr": "99.90"}, **fields}


def count(app, seller_id):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Offer).where(Offer.seller_id == seller_id))


def snapshot(app, offer_ids):
    return [(offer_state(app, offer_id), prices(app, offer_id)) for offer_id in offer_ids]


def test_a_batch_creates_updates_and_leaves_alone_in_one_call(app, api, shop):
    variant = free_variants(app, shop["id"], 1)[0]
    before = count(app, shop["id"])
    body = {"offers": [
        new_row(variant),
        {"id": shop["offers"][4], "stock": 8},  # by id
        {"sku": shop["skus"][5], "prices": {"fr-fr": "123.45"}},  # by SKU: its other fields left alone
        {"sku": shop["skus"][6], "stock": 5},  # already so
    ]}
    response = call(api, "POST", "/offers/batch", shop["token"], body)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["written"] is True and answer["dry_run"] is False
    assert answer["counts"] == {"created": 1, "updated": 2, "unchanged": 1, "error": 0}
    rows = answer["rows"]
    assert [row["outcome"] for row in rows] == ["created", "updated", "updated", "unchanged"]
    assert [row["index"] for row in rows] == [0, 1, 2, 3] and all(row["error"] is None for row in rows)
    assert rows[1]["id"] == shop["offers"][4] and rows[1]["sku"] == shop["skus"][4]
    assert rows[2]["id"] == shop["offers"][5]
    made = call(api, "GET", f"/offers/{rows[0]['id']}", shop["token"]).get_json()
    assert made["sku"] == body["offers"][0]["sku"] and made["stock"] == 2 and made["grade"] == "fair"
    assert count(app, shop["id"]) == before + 1
    assert offer_state(app, shop["offers"][4]) == (8, "live")
    assert prices(app, shop["offers"][5]) == {"en-gb": 30005, "fr-fr": 12345} and offer_state(app, shop["offers"][5])[0] == 5


def test_a_dry_run_says_what_would_change_and_writes_nothing_without_a_key(app, api, shop):
    variant = free_variants(app, shop["id"], 1)[0]
    before, state = count(app, shop["id"]), snapshot(app, [shop["offers"][7]])
    body = {"dry_run": True, "offers": [new_row(variant), {"id": shop["offers"][7], "stock": 1},
                                        {"id": shop["offers"][7] + 10 ** 6, "stock": 1}]}
    response = call(api, "POST", "/offers/batch", shop["token"], body, key="")
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["written"] is False and answer["dry_run"] is True
    assert [row["outcome"] for row in answer["rows"]] == ["created", "updated", "error"]
    assert answer["rows"][0]["id"] is None and answer["rows"][2]["error"]["code"] == "not_found"
    assert count(app, shop["id"]) == before and snapshot(app, [shop["offers"][7]]) == state


def test_one_bad_row_fails_the_whole_batch_with_every_rows_error(app, api, shop):
    variant = free_variants(app, shop["id"], 1)[0]
    targets = [shop["offers"][8], shop["offers"][9]]
    before, state = count(app, shop["id"]), snapshot(app, targets)
    body = {"offers": [new_row(variant), {"id": targets[0], "stock": 7}, {"id": targets[1], "stock": -1},
                       {"sku": shop["skus"][9], "warranty": 3}, {"id": targets[0], "colour": "red"}, "not an object",
                       {"id": targets[0], "stock": 6}]}
    response = call(api, "POST", "/offers/batch", shop["token"], body)
    assert response.status_code == 422, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["error"]["code"] == "invalid_rows" and answer["written"] is False
    rows = answer["rows"]
    assert [row["outcome"] for row in rows] == ["created", "updated", "error", "error", "error", "error", "error"]
    assert [row["error"]["field"] for row in rows[2:]] == ["stock", "warranty", "colour", None, "sku"]
    assert rows[4]["error"]["code"] == "unknown_field" and rows[5]["error"]["code"] == "bad_request"
    assert "2" in rows[6]["error"]["message"]  # the same offer as row 1 (index + 1 = 2)
    assert count(app, shop["id"]) == before and snapshot(app, targets) == state


def test_another_sellers_offer_by_id_or_sku_is_an_error_row_and_stays_untouched(app, api, shop, rival):
    theirs, nobody = rival["offers"][1], 999_999_999
    state = snapshot(app, rival["offers"])
    variant = free_variants(app, shop["id"], 1)[0]
    body = {"offers": [{"id": theirs, "stock": 99}, {"id": nobody, "stock": 99},
                       new_row(variant, sku=rival["skus"][2], stock=99, prices={"fr-fr": "1.00"})]}
    response = call(api, "POST", "/offers/batch", shop["token"], body)
    rows = response.get_json()["rows"]
    assert response.status_code == 422 and [row["outcome"] for row in rows] == ["error"] * 3
    assert rows[0]["error"] == rows[1]["error"] and rows[0]["error"]["code"] == "not_found"
    assert rows[0]["sku"] is None and rows[0]["id"] is None  # nothing said of the offer
    assert rows[2]["error"]["field"] == "sku"  # an SKU is the shop's, as in the feed and POST
    dry = call(api, "POST", "/offers/batch", shop["token"], {**body, "dry_run": True}).get_json()["rows"]
    assert [row["outcome"] for row in dry] == ["error"] * 3
    assert snapshot(app, rival["offers"]) == state


@pytest.mark.parametrize(("body", "status", "code"), [
    ({}, 422, "invalid"), ({"offers": []}, 422, "invalid"), ({"offers": {"sku": "x"}}, 422, "invalid"),
    ({"offers": [{"stock": 1}] * (MAX_BATCH + 1)}, 422, "too_many_rows"), ({"offers": [], "all": True}, 422, "unknown_field"),
    ({"offers": [{"id": 1}], "dry_run": "yes"}, 422, "invalid"), ([1, 2], 400, "bad_request"),
])
def test_a_batch_of_the_wrong_shape_is_refused_whole(api, shop, body, status, code):
    response = call(api, "POST", "/offers/batch", shop["token"], body)
    assert response.status_code == status and response.get_json()["error"]["code"] == code


def test_a_batch_needs_a_key_writes_once_per_key_and_replays(app, api, shop):
    body = {"offers": [{"id": shop["offers"][10], "stock": 11}]}
    assert call(api, "POST", "/offers/batch", shop["token"], body, key="").get_json()["error"]["code"] == "idempotency_key_missing"
    assert offer_state(app, shop["offers"][10])[0] == 5
    key = uuid.uuid4().hex
    first = call(api, "POST", "/offers/batch", shop["token"], body, key=key)
    assert first.status_code == 200 and first.get_json()["rows"][0]["outcome"] == "updated"
    with app.app_context():
        db.session.get(Offer, shop["offers"][10]).stock = 4  # changed since, by the portal
        db.session.commit()
    again = call(api, "POST", "/offers/batch", shop["token"], body, key=key)
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_json() == first.get_json()
    assert offer_state(app, shop["offers"][10])[0] == 4  # not written twice
    other = call(api, "POST", "/offers/batch", shop["token"], {"offers": [{"id": shop["offers"][10], "stock": 12}]}, key=key)
    assert other.status_code == 422 and other.get_json()["error"]["code"] == "idempotency_key_reused"


def test_a_full_batch_fits_its_body_limit_and_the_others_keep_theirs(api, shop):
    rows = [{"id": shop["offers"][11], "stock": 5}] + [{"sku": f"x-{n:04d}", "model": "no-such-model-" + "x" * 900}
                                                      for n in range(MAX_BATCH - 1)]
    response = call(api, "POST", "/offers/batch", shop["token"], {"dry_run": True, "offers": rows})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_json()["counts"] == {"created": 0, "updated": 0, "unchanged": 1, "error": MAX_BATCH - 1}
    huge = {"offers": [{"sku": "x", "model": "y" * 1024 * 1024}]}
    too_big = call(api, "POST", "/offers/batch", shop["token"], huge)
    assert too_big.status_code == 413 and too_big.get_json()["error"]["message"]
    single = call(api, "PATCH", f"/offers/{shop['offers'][11]}", shop["token"], {"prices": {"fr-fr": "9" * 70_000}})
    assert single.status_code == 413


def test_a_batch_is_one_call_of_the_rate_limit(app, api, shop):
    app.config["RATELIMIT_API"] = "2 per minute"
    try:
        limited = token_for(app, shop["user_id"], "Batch system")
        body = {"offers": [{"id": offer_id, "stock": 5} for offer_id in shop["offers"][3:9]]}
        assert [call(api, "POST", "/offers/batch", limited, body).status_code for _ in range(2)] == [200, 200]
        assert call(api, "POST", "/offers/batch", limited, body).status_code == 429
    finally:
        app.config["RATELIMIT_API"] = "1000 per minute"
