"""The API's guards that work behind the calls: idempotency keys deleted once past their retention by a job,
and failed authentications limited per address so that tokens cannot be guessed at speed."""
import random
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from storefront.api.models import IdempotencyRecord
from storefront.extensions import db
from tests.integration.api.helpers import api_seller, call, drop_seller


@pytest.fixture(scope="module")
def shop(app):
    made = api_seller(app, offers=2)
    yield made
    drop_seller(app, made)


def test_the_job_deletes_keys_past_their_retention_even_of_a_seller_who_stopped_calling(app, shop):
    from storefront.jobs import tasks

    now = datetime.utcnow()
    hours = app.config["API_IDEMPOTENCY_HOURS"]
    with app.app_context():
        records = [IdempotencyRecord(seller_id=shop["id"], key=uuid.uuid4().hex, fingerprint="f", status=200, body={},
                                     created_at=now - timedelta(hours=age)) for age in (hours + 1, hours - 1)]
        db.session.add_all(records)
        db.session.commit()
        old, fresh = records[0].id, records[1].id
        tasks.prune_idempotency_keys()
        kept = set(db.session.scalars(select(IdempotencyRecord.id).where(IdempotencyRecord.id.in_([old, fresh]))))
    assert kept == {fresh}


def test_the_job_runs_every_hour(app):
    queue = app.extensions["jobs"].queue
    due = {task.name for task in queue.read_periodic(datetime(2026, 1, 1, 0, 53))}
    assert "prune_idempotency_keys" in due


def test_failed_tokens_are_limited_per_address_and_then_its_good_token_waits_too(app, shop):
    guesser, neighbour = app.test_client(), app.test_client()
    guesser.environ_base["REMOTE_ADDR"] = f"198.51.100.{random.randint(1, 254)}"
    neighbour.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    app.config["RATELIMIT_API_FAILED"] = "3 per minute"
    try:
        guesses = ["encore_sk_" + uuid.uuid4().hex for _ in range(3)]  # each its own per-token count
        assert [call(guesser, "GET", "/offers", guess).status_code for guess in guesses] == [401, 401, 401]
        refused = call(guesser, "GET", "/offers", "encore_sk_" + uuid.uuid4().hex)
        assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
        error = refused.get_json()["error"]
        assert error["code"] == "too_many_failed_tokens" and error["message"] and error["field"] is None
        assert call(guesser, "GET", "/offers", shop["token"]).status_code == 429  # a hit is not told apart
        assert call(guesser, "PATCH", f"/offers/{shop['offers'][0]}", shop["token"], {"stock": 1}).status_code == 429
        assert call(neighbour, "GET", "/offers", shop["token"]).status_code == 200  # another address counts apart
    finally:
        app.config["RATELIMIT_API_FAILED"] = "1000 per minute"
