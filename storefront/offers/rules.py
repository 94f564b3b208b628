"""What a seller may set on an offer, checked the same way whichever way it arrives (portal, CSV feed, API).

Each `parse_*` takes the text as typed and returns the value, or raises `OfferInputError` whose `message`
(translated when shown) says what is wrong in the seller's terms.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision

from ..catalog.grades import CODES as GRADE_CODES
from ..i18n.translate import lazy_gettext as _l
from .models import Offer

MAX_STOCK = 100_000
MAX_PRICE_MAJOR = 100_000  # in major units: a refurbished device above this is a typo
MAX_PRICE_MAJOR_NO_DECIMALS = 100_000_000  # currencies without minor units (¥100,000 is one phone)
MIN_WARRANTY, MAX_WARRANTY = 12, 60
SKU_LENGTH = 64  # Offer.sku's column
SELLER_STATUSES = ("live", "paused")  # what a seller may set; "suspended" is the operator's
NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


class OfferInputError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def parse_price(text: str, currency: str) -> int:
    """"199", "199.90" or "199,90" in `currency` → minor units (19990). Positive, with no more decimals than
    the currency has, and below a sanity ceiling."""
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if raw.startswith("-") and NUMBER.fullmatch(raw[1:]):
        raise OfferInputError(_l("A price must be more than zero."))
    if not NUMBER.fullmatch(raw):
        raise OfferInputError(_l("Type a price as a number, like 199.90."))
    try:
        major = Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
        raise OfferInputError(_l("Type a price as a number, like 199.90.")) from None
    digits = get_currency_precision(currency)
    if major.as_tuple().exponent < -digits:
        raise OfferInputError(_l("%(currency)s prices have at most %(num)d decimals.", currency=currency, num=digits))
    ceiling = MAX_PRICE_MAJOR if digits else MAX_PRICE_MAJOR_NO_DECIMALS
    if major <= 0:
        raise OfferInputError(_l("A price must be more than zero."))
    if major > ceiling:
        raise OfferInputError(_l("That price looks like a typo: it is above %(ceiling)s.", ceiling=ceiling))
    return int(major.scaleb(digits))


def parse_stock(text: str) -> int:
    """Whole units, 0 (sold out) up to MAX_STOCK."""
    raw = (text or "").strip()
    if not raw.isascii() or not raw.isdigit():
        raise OfferInputError(_l("Stock is a whole number of units, 0 or more."))
    stock = int(raw)
    if stock > MAX_STOCK:
        raise OfferInputError(_l("More than %(num)d units in stock? That looks like a typo.", num=MAX_STOCK))
    return stock


def parse_grade(text: str) -> str:
    grade = (text or "").strip().lower()
    if grade not in GRADE_CODES:
        raise OfferInputError(_l("The grade is one of %(grades)s.", grades=", ".join(GRADE_CODES)))
    return grade


def parse_warranty(text: str) -> int:
    """Months of warranty: at least 12 (the shop's promise), at most 60."""
    raw = (text or "").strip()
    if not raw.isascii() or not raw.isdigit() or not MIN_WARRANTY <= int(raw) <= MAX_WARRANTY:
        raise OfferInputError(_l("Warranty is %(min)d to %(max)d months.", min=MIN_WARRANTY, max=MAX_WARRANTY))
    return int(raw)


def parse_battery(text: str) -> int:
    """The guaranteed minimum battery health, in percent (0 for devices without a battery)."""
    raw = (text or "").strip().rstrip("%").strip()
    if not raw.isascii() or not raw.isdigit() or int(raw) > 100:
        raise OfferInputError(_l("Battery health is a percentage from 0 to 100."))
    return int(raw)


def parse_sku(text: str) -> str:
    """The seller's own reference for an offer: 1 to 64 visible characters, no spaces inside."""
    sku = (text or "").strip()
    if not sku or len(sku) > SKU_LENGTH or not sku.isprintable() or any(ch.isspace() for ch in sku):
        raise OfferInputError(_l("An SKU is 1 to %(num)d characters, without spaces.", num=SKU_LENGTH))
    return sku


def parse_status(text: str) -> str:
    """live (on sale) or paused (taken off sale by the seller)."""
    status = (text or "").strip().lower()
    if status not in SELLER_STATUSES:
        raise OfferInputError(_l("The status is live or paused."))
    return status


def check_market(market: str, seller_markets: list[str]) -> str:
    """A storefront the seller ships to."""
    if market not in seller_markets:
        raise OfferInputError(_l("You don't ship to %(market)s: ask the operator to add it first.", market=market))
    return market


def may_edit(offer: Offer, seller_id: int) -> bool:
    """Only the offer's own seller edits it (callers answer 404 otherwise: another seller's offer does not exist)."""
    return offer is not None and offer.seller_id == seller_id


# NOTE: shown when a seller whose quality scores passed the pause threshold tries to create an offer.
PAUSED = _l("Your quality scores are past the pause threshold, so you can't create new offers until they are back "
            "under it. Your existing offers stay on sale: see your quality page.")
