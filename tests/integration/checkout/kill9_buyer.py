"""A buyer process for the kill -9 test: places orders for the given offers until it is killed.

Run as `python -m tests.integration.checkout.kill9_buyer OFFER_ID …` with TEST_DATABASE_URL naming the
test database and KILL9_OUTBOX a folder for its e-mails (one file each, Flask-Mailman's file backend).
Prints "ready" once the app is up, then the checkout token of each order it places.
"""
import os
import sys

from config.settings import Test
from storefront import create_app
from tests.integration.checkout.helpers import attach, ready_checkout


class Buyer(Test):
    MAIL_BACKEND = "outbox"
    MAIL_FILE_PATH = os.environ.get("KILL9_OUTBOX")


def main(offer_ids: list[int]) -> None:
    app = create_app(Buyer)
    client = app.test_client()
    print("ready", flush=True)
    while True:
        cart_id, token, _ = ready_checkout(app, "fr-fr", offer_ids)
        csrf = attach(client, "fr-fr", cart_id, token)
        client.post("/fr-fr/checkout/place", data={"csrf_token": csrf})
        print(token, flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]])
