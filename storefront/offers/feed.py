"""The bulk feed, the pure part: read a seller's CSV and plan what it would change, knowing no database.

`read()` turns the uploaded bytes into rows (UTF-8 with or without BOM, else Windows-1252/Latin-1; `,` `;` or
tab, sniffed from the header; header names in any case and spacing) or raises `FeedFileError` for the whole
file. `plan()` checks every value with `offers.rules` and matches each row to one of the seller's offers
(same SKU, or same variant and grade) or to a new one; a row with a problem changes nothing. A field left
out (no column, or an empty cell) is left as it is. `feed_imports` reads the catalog and the seller's
offers for it, stores the plan and applies it.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, field

from ..catalog.grades import BY_CODE as GRADES
from ..i18n.translate import lazy_gettext as _l
from .rules import (
    MIN_WARRANTY,
    PAUSED,
    OfferInputError,
    check_market,
    parse_battery,
    parse_grade,
    parse_price,
    parse_sku,
    parse_status,
    parse_stock,
    parse_warranty,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
IDENTITY = ("sku", "model", "storage", "colour", "grade")  # every file names the offer of each row
OPTIONAL = ("stock", "keyboard", "battery", "warranty", "status")
PRICE = "price_"
ALIASES = {"color": "colour"}
SEPARATORS = (",", ";", "\t")
STORAGE = re.compile(r"(\d{1,5})\s*(?:gb|go|g)?", re.IGNORECASE)


class FeedFileError(ValueError):
    """The file as a whole cannot be read: nothing in it is used."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Problem:
    """Why one row changes nothing: its line in the file, the column and the value at fault."""

    line: int
    column: str
    value: str
    why: object  # a lazy translation until shown


@dataclass
class Sheet:
    columns: list[str]
    markets: list[str]  # the markets of the price columns, in file order
    rows: list[tuple[int, dict]]  # (line, {column: cell}) of each non-blank row
    problems: list[Problem] = field(default_factory=list)


def normalise(name: str) -> str:
    """"Price FR-FR" → "price_fr-fr"; "Color" → "colour"."""
    name = re.sub(r"[\s_]+", "_", name.strip().lower())
    return ALIASES.get(name, name)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    if b"\x00" in data:
        raise FeedFileError(_l("This file holds binary data, not text: export your sheet as CSV."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read(data: bytes, markets: Collection[str]) -> Sheet:
    """The rows of a feed file whose price columns name storefronts among `markets`; FeedFileError when the
    file as a whole is unusable (too big, not text, not CSV, wrong columns, too many or no rows)."""
    if len(data) > MAX_BYTES:
        raise FeedFileError(_l("This file is over %(num)d MB: split it into smaller files.", num=MAX_BYTES // 2 ** 20))
    text = decode(data)
    if sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n") > 8:
        raise FeedFileError(_l("This file holds binary data, not text: export your sheet as CSV."))
    first = text.split("\n", 1)[0]
    if len(first) > 4000:
        raise FeedFileError(_l("The first line should name the columns, and this one does not look like a header."))
    separator = max(SEPARATORS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = next(reader, [])
        columns = [normalise(name) for name in header]
        check_columns(columns, markets)
        sheet = Sheet(columns, [c.removeprefix(PRICE) for c in columns if c.startswith(PRICE)], [])
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(sheet.rows) + len(sheet.problems) >= MAX_ROWS:
                raise FeedFileError(_l("This file has more than %(num)d rows: split it into smaller files.", num=MAX_ROWS))
            if len(cells) != len(columns):
                sheet.problems.append(Problem(reader.line_num, "", separator.join(cells)[:80], _l(
                    "This line has %(found)d values where the header names %(num)d columns.",
                    found=len(cells), num=len(columns))))
                continue
            sheet.rows.append((reader.line_num, dict(zip(columns, cells))))
    except csv.Error:
        raise FeedFileError(_l("This file cannot be read as CSV: check its quotes, or export it again.")) from None
    if not sheet.rows and not sheet.problems:
        raise FeedFileError(_l("This file has a header but no rows."))
    return sheet


def check_columns(columns: list[str], markets: Collection[str]) -> None:
    known = set(IDENTITY) | set(OPTIONAL) | {PRICE + code for code in markets}
    if not known.intersection(columns):
        raise FeedFileError(_l("The first line should name the columns (%(columns)s…); this one names none of them.",
                               columns=", ".join(IDENTITY)))
    unknown = [name for name in columns if name not in known]
    if unknown:
        shown = ", ".join(name[:40] for name in unknown[:5])
        raise FeedFileError(_l("Unknown columns: %(columns)s. Price columns are named price_ and a storefront, "
                               "like price_fr-fr.", columns=shown))
    missing = [name for name in IDENTITY if name not in columns]
    if missing:
        raise FeedFileError(_l("Missing columns: %(columns)s.", columns=", ".join(missing)))
    twice = sorted({name for name in columns if columns.count(name) > 1})
    if twice:
        raise FeedFileError(_l("These columns appear twice: %(columns)s.", columns=", ".join(twice)))


@dataclass(frozen=True)
class VariantRef:
    id: int
    storage_gb: int
    colour: str
    keyboard: str


@dataclass
class Catalog:
    """The device models a row may name: by slug, by name or by brand and name (any case)."""

    models: dict[str, int]  # lower-cased slug / name / display name → product id
    names: dict[int, str]  # product id → display name
    variants: dict[int, list[VariantRef]]  # product id → its variants


@dataclass
class Current:
    """One of the seller's offers as it is now (the columns a feed may set)."""

    id: int
    sku: str
    variant_id: int
    grade: str
    stock: int
    status: str
    battery_floor: int
    warranty_months: int
    prices: dict[str, int]  # market → amount


@dataclass
class Context:
    markets: list[str]  # where the seller ships
    currencies: dict[str, str]  # every storefront → its currency
    catalog: Catalog
    offers: list[Current]
    foreign_skus: set[str]  # SKUs of the file that belong to other sellers
    new_offers_paused: bool = False  # its quality scores are past the pause threshold: no new offers


@dataclass
class Change:
    """What one row does: create an offer, or set some columns and prices of an existing one."""

    line: int
    action: str  # create | update | pause | unchanged
    offer_id: int | None
    sku: str
    variant_id: int
    product_id: int
    grade: str
    fields: dict  # column → new value
    before: dict  # column → value now (updates)
    prices: dict  # market → new amount
    prices_before: dict  # market → amount now, or None where it has none

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class Plan:
    changes: list[Change]
    problems: list[Problem]

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)


def plan(sheet: Sheet, context: Context) -> Plan:
    """What applying `sheet` would change for the seller of `context`, row by row, and every row's problems."""
    by_sku = {offer.sku: offer for offer in context.offers}
    by_key = {(offer.variant_id, offer.grade): offer for offer in context.offers}
    skus, targets = {}, {}  # SKU → line; offer id or (variant, grade) → line
    changes, problems = [], list(sheet.problems)
    for line, row in sheet.rows:
        found = []

        def check(column, parse, *args, row=row, found=found, line=line):
            try:
                return parse(row.get(column, ""), *args)
            except OfferInputError as error:
                found.append(Problem(line, column, row.get(column, "")[:80], error.message))
                return None

        def given(column, row=row):
            return bool(row.get(column, "").strip())

        sku = check("sku", parse_sku)
        grade = check("grade", parse_grade)
        product_id, variant = find_variant(line, row, context.catalog, found)
        values = {}
        for column, name, parse in (("stock", "stock", parse_stock), ("battery", "battery_floor", parse_battery),
                                    ("warranty", "warranty_months", parse_warranty), ("status", "status", parse_status)):
            if given(column):
                values[name] = check(column, parse)
        prices = {}
        for market in sheet.markets:
            column = PRICE + market
            if not given(column):
                continue
            try:
                check_market(market, context.markets)
            except OfferInputError as error:
                found.append(Problem(line, column, row[column][:80], error.message))
                continue
            prices[market] = check(column, parse_price, context.currencies[market])
        if sku is not None:
            if sku in context.foreign_skus:
                found.append(Problem(line, "sku", sku, _l("Not your offer: this SKU belongs to another seller.")))
            elif sku in skus:
                found.append(Problem(line, "sku", sku, _l("This SKU is on line %(line)d already.", line=skus[sku])))
            else:
                skus[sku] = line
        offer = None
        if not found:
            offer = by_sku.get(sku)
            other = by_key.get((variant.id, grade))
            if offer is not None and (offer.variant_id, offer.grade) != (variant.id, grade):
                found.append(Problem(line, "sku", sku, _l(
                    "This SKU is your offer of another device or grade: an SKU stays with one device and grade.")))
            elif offer is None and other is not None:
                offer = other  # the seller renamed its SKU for this device and grade
            target = offer.id if offer is not None else (variant.id, grade)
            if not found and target in targets:
                found.append(Problem(line, "sku", sku, _l("Line %(line)d changes this offer already.", line=targets[target])))
            targets.setdefault(target, line)
        if offer is not None and offer.status == "suspended" and "status" in values:
            found.append(Problem(line, "status", row["status"], _l(
                "The operator suspended this offer: its status is theirs to change.")))
        if found:
            problems.extend(found)
            continue
        if offer is None:
            if context.new_offers_paused:
                problems.append(Problem(line, "sku", row.get("sku", "")[:80], PAUSED))
                continue
            if "stock" not in values:
                problems.append(Problem(line, "stock", row.get("stock", ""), _l("A new offer needs its stock (0 is fine).")))
                continue
            fields = {"sku": sku, "battery_floor": GRADES[grade].battery_floor, "warranty_months": MIN_WARRANTY,
                      "status": "live", **values}
            changes.append(Change(line, "create", None, sku, variant.id, product_id, grade, fields, {}, prices,
                                  dict.fromkeys(prices)))
            continue
        if sku != offer.sku:
            values["sku"] = sku
        fields = {name: value for name, value in values.items() if getattr(offer, name) != value}
        prices = {market: amount for market, amount in prices.items() if offer.prices.get(market) != amount}
        if not fields and not prices:
            action = "unchanged"
        elif fields.get("status") == "paused":
            action = "pause"
        else:
            action = "update"
        changes.append(Change(line, action, offer.id, sku, variant.id, product_id, grade, fields,
                              {name: getattr(offer, name) for name in fields}, prices,
                              {market: offer.prices.get(market) for market in prices}))
    problems.sort(key=lambda p: p.line)
    return Plan(changes, problems)


def find_variant(line: int, row: dict, catalog: Catalog, found: list) -> tuple[int | None, VariantRef | None]:
    """The variant a row names by model, storage, colour (and keyboard, for laptops); a Problem otherwise."""
    model = row.get("model", "").strip()
    product_id = catalog.models.get(model.lower())
    if product_id is None:
        found.append(Problem(line, "model", model[:80], _l(
            "No device model is called that: use the model's name or its slug, as in your template.")))
        return None, None
    storage_text = row.get("storage", "").strip()
    match = STORAGE.fullmatch(storage_text) if storage_text else None
    if storage_text and match is None:
        found.append(Problem(line, "storage", storage_text[:80], _l("Storage is a number of GB, like 128.")))
        return product_id, None
    storage = int(match.group(1)) if match else 0
    colour = row.get("colour", "").strip().lower()
    keyboard = row.get("keyboard", "").strip().lower()
    candidates = [v for v in catalog.variants.get(product_id, ())
                  if v.storage_gb == storage and v.colour.lower() == colour and (not keyboard or v.keyboard.lower() == keyboard)]
    if not candidates:
        choices = sorted({v.colour for v in catalog.variants.get(product_id, ()) if v.storage_gb == storage})
        if choices:
            why = _l("%(model)s with %(storage)d GB comes in %(colours)s.", model=catalog.names[product_id],
                     storage=storage, colours=", ".join(choices))
        else:
            why = _l("%(model)s does not come with %(storage)d GB.", model=catalog.names[product_id], storage=storage)
        found.append(Problem(line, "storage" if not choices else "colour", f"{storage_text} {row.get('colour', '')}".strip()[:80], why))
        return product_id, None
    if len(candidates) > 1:
        found.append(Problem(line, "keyboard", keyboard, _l("This model comes with several keyboards: name it in a "
                                                            "keyboard column (%(keyboards)s).",
                                                            keyboards=", ".join(sorted(v.keyboard for v in candidates)))))
        return product_id, None
    return product_id, candidates[0]
