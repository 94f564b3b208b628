"""The index is derived data: concurrent writers wait their turn, readers never see a half-written
commit, and a missing index rebuilds itself."""
import shutil
import threading

from sqlalchemy import select
from whoosh import index as whoosh_index

from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.search import index, services


def test_concurrent_index_updates_rebuilds_and_searches_never_crash(app):
    with app.app_context():
        services.ensure_index()
        ids = list(db.session.scalars(select(Product.id).limit(8)))
    errors = []

    def run(work):
        try:
            with app.app_context():
                for _ in range(3):
                    work()
        except Exception as exc:
            errors.append(exc)

    writers = [lambda part=ids[i::4]: services.products_changed(part) for i in range(4)]
    readers = [lambda: services.find("iphone 13", "en").product_ids for _ in range(4)]
    threads = [threading.Thread(target=run, args=(work,)) for work in [*writers, *readers, services.reindex]]
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


def test_an_update_never_creates_a_partial_index(app):
    with app.app_context():
        shutil.rmtree(services.index_root())
        services.products_changed({1, 2})
        assert not index.exists(services.index_root())


def test_opening_the_index_while_a_writer_commits_never_fails(tmp_path):
    """Whoosh's open_dir fails when a commit deletes the TOC it is reading; open_index retries."""
    whoosh_index.create_in(tmp_path, index.schema("en"))
    done, errors = threading.Event(), []

    def commit_many():
        for i in range(40):
            writer = index.open_index(tmp_path).writer(timeout=30)
            writer.update_document(id=str(i % 5), model="m", name="n", words="w", popularity=1)
            writer.commit()
        done.set()

    def open_many():
        while not done.is_set():
            try:
                index.open_index(tmp_path)
            except Exception as exc:
                errors.append(exc)

    threads = [threading.Thread(target=commit_many), *(threading.Thread(target=open_many) for _ in range(2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
