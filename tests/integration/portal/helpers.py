"""A refurbisher of the tests' own, with offers in known states, and reading a listing row as a browser would."""
import re
import uuid
from contextlib import contextmanager
from html import unescape

from sqlalchemy import delete, select, update

from storefront.accounts.models import User
from storefront.catalog.models import Product, Variant
from storefront.extensions import db
from storefront.offers.models import Offer, OfferPrice
from storefront.sellers.models import Seller

MARKETS = ["en-gb", "fr-fr", "ja-jp"]
HOSTILE = 'Sold as <script>alert("x")</script> Excellent, found Fair.'


def make_seller(app, offers: int = 27) -> dict:
    """A pending seller (its offers never reach the shop) shipping to MARKETS, with `offers` offers of distinct
    variants in grade good, priced in en-gb and fr-fr but not ja-jp. The first is paused, the second
    suspended with a hostile reason, the third out of stock, the fourth premium. Returns slug and offer ids."""
    slug = f"listings-{uuid.uuid4().hex[:8]}"
    with app.app_context():
        seller = Seller(slug=slug, name="Test Refurb", country="GB", founded=2015, status="pending", markets=MARKETS,
                        defect_rate=0.01, return_rate=0.02, cancellation_rate=0.01, on_time_rate=0.98)
        db.session.add(seller)
        db.session.flush()
        variants = db.session.scalars(select(Variant).join(Product).order_by(Variant.id).limit(offers)).all()
        rows = []
        for n, variant in enumerate(variants):
            offer = Offer(seller_id=seller.id, variant_id=variant.id, grade="premium" if n == 3 else "good",
                          sku=f"{slug}-{n:03d}", stock=0 if n == 2 else 5, battery_floor=85, warranty_months=12,
                          status={0: "paused", 1: "suspended"}.get(n, "live"), status_reason=HOSTILE if n == 1 else "")
            offer.prices = [OfferPrice(market="en-gb", amount=30000 + n, shipping=[{"code": "standard", "price": 0, "days_min": 2, "days_max": 4}]),
                            OfferPrice(market="fr-fr", amount=35000 + n, shipping=[])]
            db.session.add(offer)
            rows.append(offer)
        db.session.commit()
        return {"slug": slug, "id": seller.id, "offers": [o.id for o in rows], "skus": [o.sku for o in rows],
                "models": [o.variant.product.display_name for o in rows]}


def remove_seller(app, seller_id: int) -> None:
    with app.app_context():
        ids = select(Offer.id).where(Offer.seller_id == seller_id)
        db.session.execute(delete(OfferPrice).where(OfferPrice.offer_id.in_(ids)))
        db.session.execute(delete(Offer).where(Offer.seller_id == seller_id))
        db.session.execute(update(User).where(User.seller_id == seller_id).values(seller_id=None))
        db.session.execute(delete(Seller).where(Seller.id == seller_id))
        db.session.commit()


def row_form(html: str, offer_id: int) -> dict:
    """What a row's form would post: every input tied to it (form="o<id>-form") and its hidden fields."""
    form = {}
    for tag in re.findall(rf'<input[^>]*form="o{offer_id}-form"[^>]*>', html):
        form[re.search(r'name="([^"]+)"', tag).group(1)] = unescape(re.search(r'value="([^"]*)"', tag).group(1))
    inner = re.search(rf'<form id="o{offer_id}-form".*?</form>', html, re.S).group(0)
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', inner):
        form[name] = unescape(value)
    return form


def prices(app, offer_id: int) -> dict:
    with app.app_context():
        return dict(db.session.execute(select(OfferPrice.market, OfferPrice.amount).where(OfferPrice.offer_id == offer_id)).all())


def offer_state(app, offer_id: int) -> tuple:
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        return offer.stock, offer.status


@contextmanager
def offers_kept(app, seller_id: int):
    """Put a seller's offers back as they were after the block (stock, status, prices; offers it created are
    paused, unpriced and out of stock),
    and run the buy-box refresh that queues: the suite's other tests read the demo catalog's buy boxes."""
    from tests.integration.offers.helpers import run_jobs

    with app.app_context():
        offers = {o.id: (o.stock, o.status, o.status_reason) for o in
                  db.session.scalars(select(Offer).where(Offer.seller_id == seller_id))}
        prices = {(p.offer_id, p.market): p.amount for p in db.session.scalars(
            select(OfferPrice).where(OfferPrice.offer_id.in_(offers)))}
    try:
        yield
    finally:
        with app.app_context():
            for offer in db.session.scalars(select(Offer).where(Offer.seller_id == seller_id)):
                if offer.id not in offers:  # made by the test: off sale and unpriced (buy boxes and carts point at it)
                    db.session.execute(delete(OfferPrice).where(OfferPrice.offer_id == offer.id))
                    offer.stock, offer.status = 0, "paused"
                    continue
                offer.stock, offer.status, offer.status_reason = offers[offer.id]
                for price in db.session.scalars(select(OfferPrice).where(OfferPrice.offer_id == offer.id)):
                    if (offer.id, price.market) in prices:
                        price.amount = prices[(offer.id, price.market)]
                    else:
                        db.session.delete(price)
            db.session.commit()
        run_jobs(app)
