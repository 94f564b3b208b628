"""Staff accounts signed in, for the staff areas' tests."""
import uuid
from contextlib import contextmanager
from pathlib import Path

from tests.integration.conftest import csrf_token

PASSWORD = "correct horse battery"


def staff_client(app, role: str, seller_slug: str | None = None, language: str = "en", name: str = "Robin Staff"):
    """A test client signed in as a new account with `role` (a seller's staff works for `seller_slug`, or the
    first approved seller when none is given); returns (client, user id)."""
    from sqlalchemy import select

    from storefront.accounts import services as accounts
    from storefront.extensions import db
    from storefront.sellers.models import Seller

    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        seller_id = None
        if role == "seller":
            where = Seller.slug == seller_slug if seller_slug else Seller.status == "approved"
            seller_id = db.session.scalar(select(Seller.id).where(where).order_by(Seller.id).limit(1))
        if role == "customer":
            user = accounts.create_user(email, PASSWORD, name)
        else:
            user = accounts.create_staff(email, PASSWORD, role, seller_id, name=name, language=language)
        user_id = user.id
    client = app.test_client()
    response = client.post("/en-gb/account/login", data={"email": email, "password": PASSWORD,
                                                         "csrf_token": csrf_token(client)})
    assert response.status_code == 303
    return client, user_id


def staff_csrf(client, path: str) -> str:
    """The CSRF token of a staff page's forms (the language form is on every one)."""
    import re

    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@contextmanager
def sellers_restored(app, seller_ids):
    """Inspections rescore their seller (a grade miss can pause or suspend it): afterwards the queued rescoring is
    run, the sellers' inspections (with their photos), and scores are removed and their record put back, so the tests
    after these find the shop's sellers as seeded."""
    from sqlalchemy import delete, select

    from storefront.extensions import db
    from storefront.quality.models import Inspection, QualityScore
    from storefront.sellers.models import Seller

    kept = ("status", "status_reason", "quality_level", "defect_rate", "return_rate", "cancellation_rate", "on_time_rate")
    with app.app_context():
        before = {i: {name: getattr(db.session.get(Seller, i), name) for name in kept} for i in seller_ids}
    try:
        yield
    finally:
        with app.app_context():
            app.extensions["jobs"].run_pending()  # the rescoring they queued runs now, not in a later test
            for photos in db.session.scalars(select(Inspection.photos).where(Inspection.seller_id.in_(seller_ids))):
                for photo in photos:
                    (Path(app.config["INSPECTION_FILES_DIR"]) / photo["stored"]).unlink(missing_ok=True)
            db.session.execute(delete(Inspection).where(Inspection.seller_id.in_(seller_ids)))
            db.session.execute(delete(QualityScore).where(QualityScore.seller_id.in_(seller_ids)))
            for seller_id, values in before.items():
                seller = db.session.get(Seller, seller_id)
                for name, value in values.items():
                    setattr(seller, name, value)
            db.session.commit()
