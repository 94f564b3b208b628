"""The index is derived data: concurrent writers wait their turn, and a missing index rebuilds itself."""
import shutil
import threading

from sqlalchemy import select

from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.search import index, services


def test_concurrent_index_updates_wait_for_the_lock_instead_of_crashing(app):
    with app.app_context():
        ids = list(db.session.scalars(select(Product.id).limit(8)))
        root = services.index_root()
    errors = []

    def update(product_ids):
        try:
            with app.app_context():
                index.update(root, product_ids)
        except Exception as exc:  # noqa: BLE001 — any error is the failure we look for
            errors.append(exc)

    threads = [threading.Thread(target=update, args=(ids[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_missing_index_is_rebuilt_on_first_search(app, client):
    with app.app_context():
        shutil.rmtree(services.index_root())
    assert "Apple iPhone 13" in client.get("/en-gb/search?q=iphone+13").get_data(as_text=True)
    with app.app_context():
        assert index.exists(services.index_root())
