"""Recording inspections: the operator's look at one unit a seller sold, bought as a mystery order (a shipped unit
of one of its order lines) or picked for a spot check (one of its offers), and reading them back.

This module only writes and lists inspections; what they do to a seller's score is computed elsewhere."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from .. import uploads
from ..audit import services as audit
from ..catalog.grades import BY_CODE as GRADES
from ..catalog.grades import CODES as GRADE_CODES
from ..catalog.labels import variant_summary
from ..extensions import db
from ..i18n.translate import lazy_gettext as _l
from ..offers.models import Offer
from ..offers.rules import OfferInputError, parse_battery
from ..orders.models import OrderLine, SellerOrder, Unit
from ..paging import paged
from ..sellers.models import Seller
from .models import Inspection

PAGE_SIZE = 25
MAX_PHOTOS = 8
MAX_PHOTO_BYTES = 8 * 1024 * 1024
# What a whole inspection form may weigh: every photo at its largest, and room for the fields.
MAX_UPLOAD_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024
PHOTO_KINDS = ("image/jpeg", "image/png", "image/webp")
MAX_NOTES = 4000
MAX_IDENTIFIER = 40
MAX_CHOICES = 300  # units or offers offered to pick from, newest first

# NOTE: the grade an inspector finds when the unit does not reach the lowest grade at all.
BROKEN = _l("Broken")
GRADES_FOUND = (*GRADE_CODES, "broken")

DEFECTS = {
    # NOTE: a defect an inspector found on a seller's unit (a checkbox, and a chip on the inspection).
    "screen": _l("Screen"),
    "body": _l("Body or frame"),
    "battery": _l("Battery"),
    "camera": _l("Camera"),
    "buttons": _l("Buttons"),
    "connectivity": _l("Connectivity (Wi-Fi, Bluetooth, cellular)"),
    "non_original_parts": _l("Non-original parts"),
    "activation_lock": _l("Activation lock still on"),
    "other": _l("Other"),
}

OUTCOMES = {
    # NOTE: an inspection's outcome: the unit is in a worse grade than the seller claimed.
    "grade_miss": _l("Grade miss"),
    # NOTE: an inspection's outcome: the grade was right but defects were found.
    "defects": _l("Defects found"),
    # NOTE: an inspection's outcome: grade as claimed, no defect.
    "passed": _l("Passed"),
}
KIND_LABELS = {"mystery_order": _l("Mystery order"), "spot_check": _l("Spot check")}

audit.ACTIONS.update({
    # NOTE: audit log: the operator recorded an inspection of a seller's unit.
    "inspection.record": _l("Inspection recorded"),
})


def grade_label(code: str) -> str:
    return str(BROKEN if code == "broken" else GRADES[code].name)


def rank(code: str) -> int:
    """0 for the best grade; "broken" below every grade."""
    return len(GRADE_CODES) if code == "broken" else GRADES[code].rank


def outcome(inspection: Inspection) -> str:
    """grade_miss (found worse than claimed, whatever else), defects, or passed."""
    if rank(inspection.grade_found) > rank(inspection.grade_claimed):
        return "grade_miss"
    return "defects" if inspection.defects else "passed"


def template_helpers() -> dict:
    """What inspection pages use to name grades, outcomes, defects and kinds."""
    return {"grade_label": grade_label, "outcome_of": outcome, "outcomes": OUTCOMES, "defect_labels": DEFECTS,
            "kind_labels": KIND_LABELS}


def _rank_sql(column):
    return case({code: rank(code) for code in GRADES_FOUND}, value=column)


OUTCOME_WHERE = {
    "grade_miss": lambda: _rank_sql(Inspection.grade_found) > _rank_sql(Inspection.grade_claimed),
    "defects": lambda: (_rank_sql(Inspection.grade_found) <= _rank_sql(Inspection.grade_claimed))
    & (func.json_array_length(Inspection.defects) > 0),
    "passed": lambda: (_rank_sql(Inspection.grade_found) <= _rank_sql(Inspection.grade_claimed))
    & (func.json_array_length(Inspection.defects) == 0),
}


@dataclass
class Listing:
    rows: list[Inspection]
    page: int
    pages: int
    sellers: dict[int, str] = field(default_factory=dict)  # the listed inspections' sellers' names


def listing(seller_id: int | None = None, outcome_code: str = "", page: int = 1) -> Listing:
    """A page of inspections, newest first, of one seller or all, narrowed to one outcome."""
    stmt = select(Inspection).order_by(Inspection.inspected_at.desc(), Inspection.id.desc())
    if seller_id is not None:
        stmt = stmt.where(Inspection.seller_id == seller_id)
    if outcome_code in OUTCOME_WHERE:
        stmt = stmt.where(OUTCOME_WHERE[outcome_code]())
    rows, page, pages = paged(stmt, page, PAGE_SIZE)
    ids = {row.seller_id for row in rows}
    names = dict(db.session.execute(select(Seller.id, Seller.name).where(Seller.id.in_(ids))).all()) if ids else {}
    return Listing(rows, page, pages, names)


def outcome_counts(seller_id: int | None = None) -> dict[str, int]:
    """How many inspections (of one seller, or all) ended in each outcome."""
    counts = {}
    for code, where in OUTCOME_WHERE.items():
        stmt = select(func.count(Inspection.id)).where(where())
        if seller_id is not None:
            stmt = stmt.where(Inspection.seller_id == seller_id)
        counts[code] = db.session.scalar(stmt)
    return counts


def of_seller(seller_id: int | None, page: int = 1) -> Listing:
    """A page of one seller's inspections for its own team; an account linked to no seller sees none."""
    if seller_id is None:
        return Listing([], 1, 1)
    return listing(seller_id, page=page)


def get(inspection_id: int) -> Inspection | None:
    return db.session.get(Inspection, inspection_id)


def seller_name(seller_id: int) -> str:
    seller = db.session.get(Seller, seller_id)
    return seller.name if seller else ""


def sellers() -> list[tuple[int, str]]:
    """Every seller that is or was on the shop (an inspection may look at a suspended one's units), by name."""
    return list(db.session.execute(select(Seller.id, Seller.name).where(Seller.status != "pending")
                                   .order_by(Seller.name, Seller.id)).all())


def seller(seller_id: int | None) -> Seller | None:
    seller = db.session.get(Seller, seller_id) if seller_id else None
    return seller if seller is not None and seller.status != "pending" else None


@dataclass(frozen=True)
class Choice:
    value: str  # "unit-<id>" or "offer-<id>": what the form posts
    label: str


def _offer_label(offer: Offer) -> str:
    return f"{offer.variant.product.display_name} · {variant_summary(offer.variant, offer.grade)} · {offer.sku}"


def choices(seller_id: int) -> tuple[list[Choice], list[Choice]]:
    """What can be inspected at `seller_id`: its shipped units (mystery orders) and its offers (spot checks)."""
    units = db.session.execute(
        select(Unit, OrderLine).join(OrderLine, OrderLine.id == Unit.line_id)
        .join(SellerOrder, SellerOrder.id == OrderLine.seller_order_id)
        .where((SellerOrder.seller_id == seller_id) & (OrderLine.status == "shipped"))
        .order_by(Unit.id.desc()).limit(MAX_CHOICES)).all()
    mystery = [Choice(f"unit-{unit.id}", f"{line.title} · {line.variant} · {grade_label(line.grade)} · {unit.identifier}")
               for unit, line in units]
    offers = db.session.scalars(select(Offer).where(Offer.seller_id == seller_id)
                                .order_by(Offer.id.desc()).limit(MAX_CHOICES)).all()
    return mystery, [Choice(f"offer-{offer.id}", _offer_label(offer)) for offer in offers]


def source(seller_id: int, value: str) -> dict | None:
    """What the picked unit or offer says about what is inspected, if it is `seller_id`'s: kind, offer and order
    line, device, grade claimed, identifier (a mystery order's, from the order); None otherwise."""
    kind, _, raw = (value or "").partition("-")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        return None
    if kind == "unit":
        found = db.session.execute(
            select(Unit, OrderLine, SellerOrder.seller_id).join(OrderLine, OrderLine.id == Unit.line_id)
            .join(SellerOrder, SellerOrder.id == OrderLine.seller_order_id).where(Unit.id == int(raw))).first()
        if found is None or found[2] != seller_id or found[1].status != "shipped":
            return None
        unit, line, _seller = found
        return {"kind": "mystery_order", "offer_id": line.offer_id, "order_line_id": line.id,
                "device": f"{line.title} · {line.variant}"[:200], "grade_claimed": line.grade,
                "identifier": unit.identifier}
    if kind == "offer":
        offer = db.session.get(Offer, int(raw))
        if offer is None or offer.seller_id != seller_id:
            return None
        return {"kind": "spot_check", "offer_id": offer.id, "order_line_id": None,
                "device": f"{offer.variant.product.display_name} · {variant_summary(offer.variant)}"[:200],
                "grade_claimed": offer.grade, "identifier": None}
    return None


def new_token() -> str:
    """A one-time token for one inspection form: sent twice, it records one inspection."""
    return secrets.token_hex(16)


def check(seller_id: int | None, fields: dict[str, str], defects: list[str],
          items: list[uploads.Upload]) -> tuple[dict, list[dict], dict]:
    """An inspection's values and photos (read, not yet stored) as typed, and what is wrong with them:
    (values, photos, errors), errors keyed by field name."""
    errors, values = {}, {"defects": [code for code in DEFECTS if code in defects]}
    picked = source(seller_id, fields.get("source", "")) if seller_id is not None else None
    if seller_id is None:
        errors["seller"] = _l("Choose the refurbisher whose unit you inspected.")
    elif picked is None:
        errors["source"] = _l("Choose one of this refurbisher's shipped units or offers.")
    else:
        values.update(picked)
    if picked is not None and picked["identifier"] is None:
        identifier = " ".join((fields.get("identifier") or "").split())
        if len(identifier) > MAX_IDENTIFIER or not identifier.isprintable():
            errors["identifier"] = _l("An IMEI or serial number has at most %(num)d characters.", num=MAX_IDENTIFIER)
        values["identifier"] = identifier
    grade = fields.get("grade_found", "")
    if grade not in GRADES_FOUND:
        errors["grade_found"] = _l("Choose the grade you found.")
    values["grade_found"] = grade
    battery = (fields.get("battery_health") or "").strip()
    values["battery_health"] = None
    if battery:
        try:
            values["battery_health"] = parse_battery(battery)
        except OfferInputError as error:
            errors["battery_health"] = error.message
    if len(values["defects"]) != len(set(defects)):
        errors["defects"] = _l("Tick only defects from the list.")
    values["notes"] = notes = (fields.get("notes") or "").strip()
    if len(notes) > MAX_NOTES:
        errors["notes"] = _l("At most %(num)d characters, please.", num=MAX_NOTES)
    if "other" in values["defects"] and not notes:
        errors["notes"] = _l("Say what the other defect is.")
    photos = []
    try:
        photos = uploads.read(items, PHOTO_KINDS, MAX_PHOTOS, MAX_PHOTO_BYTES)
    except uploads.UploadProblem as problem:
        errors["photos"] = {
            "too_many": _l("At most %(num)d photos, please.", num=MAX_PHOTOS),
            "too_large": _l("%(name)s is larger than %(num)d MB.", name=problem.name, num=MAX_PHOTO_BYTES // 1024 // 1024),
            "too_many_pixels": _l("%(name)s has more than %(num)d megapixels: send a smaller photo.",
                                  name=problem.name, num=uploads.MAX_PIXELS // 1_000_000),
            "unreadable": _l("%(name)s could not be read as a photo: it may be damaged or cut short.", name=problem.name),
        }.get(problem.reason) or _l("%(name)s is not a JPEG, PNG or WebP photo.", name=problem.name)
    return values, photos, errors


def photos_folder() -> Path:
    return Path(current_app.config["INSPECTION_FILES_DIR"])


def record(inspector, seller_id: int, values: dict, photos: list[dict], token: str) -> tuple[Inspection, bool]:
    """Store a checked inspection, its photos under random names, and its audit entry, in one transaction:
    (the inspection, True), or (the one this form already recorded, False) when the form was sent before."""
    token = (token or "")[:32] or new_token()
    earlier = db.session.scalar(select(Inspection).where(Inspection.token == token))
    if earlier is not None:
        return earlier, False
    folder = photos_folder()
    stored = uploads.store(folder, photos)
    try:
        inspection = Inspection(seller_id=seller_id, inspector_id=inspector.id, token=token, photos=stored, **values)
        db.session.add(inspection)
        db.session.flush()
        audit.record(inspector, "inspection.record", "seller", seller_id, inspection=inspection.id,
                     kind=inspection.kind, grade_claimed=inspection.grade_claimed, grade_found=inspection.grade_found,
                     defects=inspection.defects)
        db.session.commit()
    except IntegrityError:  # the same form, sent twice at once: the other one recorded it
        db.session.rollback()
        uploads.discard(folder, stored)
        earlier = db.session.scalar(select(Inspection).where(Inspection.token == token))
        if earlier is None:
            raise
        return earlier, False
    except BaseException:
        db.session.rollback()
        uploads.discard(folder, stored)
        raise
    return inspection, True


def photo(inspection: Inspection, index: int) -> tuple[Path, dict] | None:
    """The stored file of an inspection's `index`-th photo (from 0) and what it is, or None."""
    return uploads.stored_file(photos_folder(), inspection.photos, index)
