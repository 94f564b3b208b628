"""Browsing: filter, facet, sort and paginate the device models on sale in a market.

Reads the stored buy boxes (`BuyBoxEntry`): one row per variant and grade on sale. A product matches
when at least one of its rows matches every filter; facet counts are "disjunctive" (each facet is
counted with every other filter applied, so choosing a brand never hides the other brands).
The state is plain query parameters, so a filtered page can be shared, bookmarked and crawled.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import or_
from typing import NamedTuple

from sqlalchemy import bindparam, func, select

from ..catalog.grades import CODES as GRADE_CODES
from ..catalog.models import Brand, Category, Product, Variant, display_name
from ..extensions import db, read
from ..markets.money import percent_off
from ..memo import app_memo, for_revalidation, remember
from ..safety import whole_number
from . import buybox
from .models import BuyBoxEntry

SORTS = ("relevance", "popular", "price_asc", "price_desc", "newest", "rating")
BATTERY_STEPS = (80, 85, 90, 95)
PAGE_SIZE = 24


@dataclass(frozen=True)
class Filters:
    """A validated browsing state. Unknown or malformed values have been dropped or corrected."""

    brand: tuple[str, ...] = ()
    grade: tuple[str, ...] = ()
    storage: tuple[int, ...] = ()
    color: tuple[str, ...] = ()
    keyboard: tuple[str, ...] = ()
    price_min: int | None = None  # minor units
    price_max: int | None = None
    battery_min: int | None = None
    sort: str = "popular"
    page: int = 1
    default_sort: str = "popular"  # left out of URLs

    @property
    def active(self) -> bool:
        return any((self.brand, self.grade, self.storage, self.color, self.keyboard,
                    self.price_min is not None, self.price_max is not None, self.battery_min))

    def to_args(self, currency_digits: int, **changes) -> dict[str, list[str] | str]:
        """Query parameters for this state (with `changes`), defaults left out: the canonical URL."""
        unknown = changes.keys() - FILTER_FIELDS
        if unknown:
            raise TypeError(f"not a filter: {', '.join(sorted(unknown))}")
        state = self.__dict__ | changes  # a page builds a link per pager step and chip: no replace()
        args: dict[str, list[str] | str] = {}
        for name in ("brand", "grade", "storage", "color", "keyboard"):
            values = state[name]
            if values:
                args[name] = [str(v) for v in values]
        for name in ("price_min", "price_max"):
            value = state[name]
            if value is not None:
                args[name] = _major(value, currency_digits)
        if state["battery_min"]:
            args["battery_min"] = str(state["battery_min"])
        if state["sort"] != state["default_sort"]:
            args["sort"] = state["sort"]
        if state["page"] > 1:
            args["page"] = str(state["page"])
        return args

    @property
    def match_key(self) -> tuple:
        """What decides the matches and facet counts: every field but the sort and the page."""
        return tuple(getattr(self, name) for name in MATCH_FIELDS)


FILTER_FIELDS = frozenset(f.name for f in fields(Filters))
FILTER_KEYS = FILTER_FIELDS - {"default_sort"}  # the query parameters of a browse page
MATCH_FIELDS = tuple(sorted(FILTER_KEYS - {"sort", "page"}))


def _major(amount: int, digits: int) -> str:
    value = Decimal(amount).scaleb(-digits)
    return str(value.to_integral_value()) if value == value.to_integral_value() else str(value)


def _money(raw: str | None, digits: int) -> int | None:
    """'1 234,5' / '1234.50' / '12,000' / '€ 300' → minor units; anything unreadable → None.

    The last "," or "." is the decimal mark unless exactly three digits follow it (then it groups
    thousands): nobody types a price to a tenth of a cent.
    """
    if not raw:
        return None
    text = "".join(ch for ch in raw if "0" <= ch <= "9" or ch in ".,")[:15]
    mark = max(text.rfind(","), text.rfind("."))
    if mark >= 0 and len(text) - mark - 1 != 3:
        text = text[:mark].replace(",", "").replace(".", "") + "." + text[mark + 1:]
    else:
        text = text.replace(",", "").replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return int(value.scaleb(digits).to_integral_value())


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # brands, colour families and keyboards are slugs
def parse_filters(args, currency_digits: int, default_sort: str = "popular") -> Filters:
    """Build Filters from a query-string mapping with `getlist`/`get`; never raises.

    "relevance" is a valid sort only where it is the default (search results).
    """

    def words(name, allowed=None, limit=20):
        values = []
        for raw in args.getlist(name)[:50]:
            value = raw.strip().lower()[:40]
            if SLUG.fullmatch(value) and value not in values and (allowed is None or value in allowed):
                values.append(value)
        return tuple(values[:limit])

    storage = []
    for raw in args.getlist("storage")[:50]:
        value = whole_number(raw, 5)
        if value is not None and value not in storage:
            storage.append(value)
    price_min, price_max = _money(args.get("price_min"), currency_digits), _money(args.get("price_max"), currency_digits)
    if price_min is not None and price_max is not None and price_min > price_max:
        price_min, price_max = price_max, price_min
    battery_min = whole_number(args.get("battery_min"), 3)
    battery_min = battery_min if battery_min in BATTERY_STEPS else None
    sort = args.get("sort", default_sort)
    page = whole_number(args.get("page"), 6)
    return Filters(
        brand=words("brand"), grade=words("grade", GRADE_CODES), storage=tuple(storage), color=words("color"),
        keyboard=words("keyboard"), price_min=price_min, price_max=price_max, battery_min=battery_min,
        sort=sort if sort in SORTS and (sort != "relevance" or default_sort == "relevance") else default_sort,
        page=page if page else 1,
        default_sort=default_sort,
    )


@dataclass(frozen=True, slots=True)
class Row:
    product_id: int
    brand: str
    grade: str
    storage: int
    color: str
    keyboard: str
    battery: int
    price: int
    new_price: int
    color_hex: str
    popularity: int
    release_year: int
    color_name: str


class Pick(NamedTuple):
    """The variant and grade a card's price is for: the product page's `?grade=&storage=&color=&keyboard=`."""

    grade: str
    storage: int
    color: str
    keyboard: str


@dataclass
class Card:
    """One device model in a grid: its cheapest matching offer and what is in stock."""

    product_id: int
    price: int
    saving_pct: int
    grades: list[str]
    color_hex: str
    popularity: int
    release_year: int
    pick: Pick  # the buy box whose price the card quotes, so the card opens the page on it


class CardProduct(NamedTuple):
    """What a card shows of its device model (read as columns: cheaper than ORM objects)."""

    id: int
    display_name: str
    slug: str
    category_slug: str
    rating_avg: int
    rating_count: int


@dataclass
class FacetOption:
    value: str
    count: int
    selected: bool


@dataclass
class Listing:
    cards: list[Card]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    price_bounds: tuple[int, int] | None = None
    brands: dict[str, str] = field(default_factory=dict)  # slug → name
    facet_updates: dict[str, list[FacetOption]] = field(default_factory=dict)  # counts the shown page lacks

    def page_links(self, around: int = 1) -> list[int | None]:
        """Pages the pager links to: the first, the last and `around` either side of the current
        one; None marks a gap ("1 … 4 5 6 … 21"). A gap of one page shows that page instead."""
        shown = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        links: list[int | None] = []
        for n in sorted(n for n in shown if 1 <= n <= self.pages):
            if links and n - links[-1] == 2:
                links.append(n - 1)
            elif links and n - links[-1] > 2:
                links.append(None)
            links.append(n)
        return links


def load_rows(market: str, where) -> tuple[list[Row], dict[str, str]]:
    """Every buy-box row of the market matching `where` (e.g. a category), and the brand names."""
    stmt = (
        select(
            BuyBoxEntry.product_id, Brand.slug, Brand.name, BuyBoxEntry.grade, BuyBoxEntry.storage_gb,
            BuyBoxEntry.color_family, BuyBoxEntry.keyboard, BuyBoxEntry.battery_floor, BuyBoxEntry.price,
            BuyBoxEntry.new_price, BuyBoxEntry.color_hex, BuyBoxEntry.popularity, BuyBoxEntry.release_year,
            Variant.color_name,
        )
        .join(Brand, Brand.id == BuyBoxEntry.brand_id)
        .join(Variant, Variant.id == BuyBoxEntry.variant_id)
        .where((BuyBoxEntry.market == market) & where)
        # A fixed order, whatever the database: at equal prices a card shows its first variant's colour.
        .order_by(BuyBoxEntry.variant_id, BuyBoxEntry.grade)
    )
    rows, brands = [], {}
    shared = {}  # one object per distinct value: a scope's rows repeat a few brands, grades, ids and prices
    for r in db.session.execute(stmt):
        brands[r[1]] = r[2]
        rows.append(Row(*(shared.setdefault(v, v) for v in (r[0], r[1], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13]))))
    return rows, brands


class RowSet:
    """The buy-box rows of one scope (a category in a market), indexed for fast filtering.

    Built once per scope and data version, then shared by every request. A set of rows is a bitmask
    (bit i: row i), so filtering is `&` of masks: each facet value, battery step and device model has
    one, and a worker holding every category of six markets stays small (a set of row numbers took 20×
    the memory).
    """

    def __init__(self, rows: list[Row], brands: dict[str, str]):
        self.rows = rows
        self.brands = brands
        size = len(rows)
        self.everything = (1 << size) - 1
        positions: dict[str, dict] = {name: defaultdict(list) for name in FACET_VALUES}
        by_product = defaultdict(list)
        for i, row in enumerate(rows):
            by_product[row.product_id].append(i)
            for name, value_of in FACET_VALUES.items():
                positions[name][value_of(row)].append(i)
        self.index = {name: {value: mask_of(p, size) for value, p in values.items()} for name, values in positions.items()}
        self.product_masks = [mask_of(p, size) for p in by_product.values()]
        self.battery = {step: mask_of((i for i, r in enumerate(rows) if r.battery >= step), size) for step in BATTERY_STEPS}
        self.by_price = sorted(range(size), key=lambda i: rows[i].price)
        self.prices = [rows[i].price for i in self.by_price]

    def priced(self, f: Filters) -> int:
        """The mask of rows within the price range of `f`."""
        if f.price_min is None and f.price_max is None:
            return self.everything
        low = bisect_left(self.prices, f.price_min or 0)
        high = bisect_right(self.prices, f.price_max) if f.price_max is not None else len(self.prices)
        return mask_of(self.by_price[low:high], len(self.rows))

    def matching(self, f: Filters, skip: str | None = None, priced: int | None = None) -> int:
        """The mask of rows matching every filter of `f` except the facet `skip`; `priced`: `self.priced(f)`."""
        mask = self.priced(f) if priced is None else priced
        for name in FACET_VALUES:
            chosen = getattr(f, name)
            if chosen and name != skip:
                values = self.index[name]
                mask &= reduce(or_, (values.get(v, 0) for v in chosen))
        if f.battery_min and skip != "battery":
            mask &= self.battery[f.battery_min]
        return mask

    def products(self, mask: int) -> int:
        """How many device models have a row in `mask`."""
        return sum(1 for rows in self.product_masks if rows & mask)


def mask_of(positions, size: int) -> int:
    """The bitmask of row `positions` among `size` rows."""
    bits = bytearray((size + 7) // 8)
    for i in positions:
        bits[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(bits, "little")


def members(mask: int) -> list[int]:
    """The rows in `mask`, in order."""
    bits = f"{mask:b}"[::-1]
    return [i for i, bit in enumerate(bits) if bit == "1"]


FACET_VALUES = {
    "brand": lambda r: r.brand, "grade": lambda r: r.grade, "storage": lambda r: r.storage,
    "color": lambda r: r.color, "keyboard": lambda r: r.keyboard,
}


@dataclass(frozen=True)
class Matches:
    """What a filter state selects in a RowSet: the cards (unsorted) and the facet counts."""

    cards: list[Card]
    facets: dict[str, list[FacetOption]]
    price_bounds: tuple[int, int] | None
    sorted_by: dict[str, list[Card]] = field(default_factory=dict)  # sort → cards, for sorts that need no extra data


def match(rowset: RowSet, f: Filters) -> Matches:
    """Cards and disjunctive facet counts for `f` (sort and page do not matter here)."""
    rows = rowset.rows
    cards: dict[int, Card] = {}
    priced = rowset.priced(f)
    for i in members(rowset.matching(f, priced=priced)):
        row = rows[i]
        card = cards.get(row.product_id)
        saving = percent_off(row.price, row.new_price)
        if card is None:
            cards[row.product_id] = Card(row.product_id, row.price, saving, [row.grade], row.color_hex, row.popularity,
                                         row.release_year, Pick(row.grade, row.storage, row.color_name, row.keyboard))
            continue
        if row.price < card.price:
            card.price, card.color_hex = row.price, row.color_hex
            card.pick = Pick(row.grade, row.storage, row.color_name, row.keyboard)
        card.saving_pct = max(card.saving_pct, saving)
        if row.grade not in card.grades:
            card.grades.append(row.grade)
    for card in cards.values():
        card.grades.sort(key=GRADE_CODES.index)

    facets = {}
    for name, values in rowset.index.items():
        others = rowset.matching(f, skip=name, priced=priced)
        chosen = getattr(f, name)
        order = {"grade": GRADE_CODES.index, "brand": lambda v: rowset.brands[v].lower()}.get(name, lambda v: v)
        facets[name] = [
            FacetOption(str(v), rowset.products(others & values[v]), v in chosen)
            for v in sorted(set(values) - {"", 0}, key=order)
        ]
    others = rowset.matching(f, skip="battery", priced=priced)
    facets["battery"] = [
        FacetOption(str(step), rowset.products(others & rowset.battery[step]), f.battery_min == step) for step in BATTERY_STEPS
    ]
    prices = [r.price for r in rows]
    return Matches(list(cards.values()), facets, (min(prices), max(prices)) if prices else None)


def browse(rowset: RowSet, f: Filters, ratings: dict[int, tuple[int, int]] | None = None,
           matches: Matches | None = None, rank: dict[int, int] | None = None) -> Listing:
    """Filter, facet, sort and paginate a RowSet. `ratings`: product → (avg, count); `rank`: search order."""
    matches = matches or match(rowset, f)
    ratings, rank = ratings or {}, rank or {}
    keys = {
        "relevance": lambda c: (rank.get(c.product_id, len(rank)),),
        "popular": lambda c: (-c.popularity, c.price),
        "price_asc": lambda c: (c.price, -c.popularity),
        "price_desc": lambda c: (-c.price, -c.popularity),
        "newest": lambda c: (-c.release_year, -c.popularity),
        "rating": lambda c: (-ratings.get(c.product_id, (0, 0))[0], -ratings.get(c.product_id, (0, 0))[1], -c.popularity),
    }
    ordered = matches.sorted_by.get(f.sort)
    if ordered is None:
        ordered = sorted(matches.cards, key=lambda c: (*keys[f.sort](c), c.product_id))
        if not rank and f.sort != "rating":  # other orders depend on this search or on live ratings
            matches.sorted_by[f.sort] = ordered
    pages = max(1, math.ceil(len(ordered) / PAGE_SIZE))
    page = min(f.page, pages)
    return Listing(ordered[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], len(ordered), page, pages,
                   facets=matches.facets, price_bounds=matches.price_bounds, brands=rowset.brands)




_RATINGS = select(Product.id, Product.rating_avg, Product.rating_count).where(
    Product.id.in_(bindparam("ids", expanding=True)))
_CARD_PRODUCTS = (
    select(Product.id, Brand.name, Product.name, Product.slug, Category.slug, Product.rating_avg, Product.rating_count)
    .join(Brand, Product.brand_id == Brand.id).join(Category, Product.category_id == Category.id)
    .where(Product.id.in_(bindparam("ids", expanding=True))))


def listing_for(market: str, scope: tuple, where, f: Filters, rank: dict[int, int] | None = None,
                shown: Filters | None = None) -> tuple[Listing, dict]:
    """Browse the rows matching `where()` (a category, a set of products) and load the page's products.

    `scope` names `where` for the caches, e.g. ("category", 3); `where` builds its condition only
    when the rows are read (building it costs more than the cache lookup). The indexed rows and the match
    results are kept per app and dropped when the buy boxes change (`buybox.version()`).
    `shown`: the filters of the page an htmx swap replaces; `facet_updates` then holds only the
    facet counts that differ from that page's (else all of them). Both are counted on today's
    rows: a count the buy boxes changed since that page was drawn waits for the next full page.
    Returns the listing and {product id: CardProduct} for the cards shown.
    """
    version = buybox.version()
    rowsets = app_memo("listing rows")  # (market, scope) → (version, RowSet)
    cached = rowsets.get((market, scope))
    if cached is None or cached[0] != version:
        cached = remember(rowsets, (market, scope), (version, RowSet(*load_rows(market, where()))))
    rowset = cached[1]

    def matched(filters: Filters) -> Matches:
        key = (version, market, scope, filters.match_key)
        matches = app_memo("listing matches")  # (version, market, scope, filters) → Matches
        return matches.get(key) or remember(matches, key, match(rowset, filters))

    matches = matched(f)
    ratings = None
    if f.sort == "rating":
        ids = {c.product_id for c in matches.cards}
        ratings = {pid: (avg, count) for pid, avg, count in read(_RATINGS, ids=list(ids))}
    listing = browse(rowset, f, ratings, matches, rank)
    listing.facet_updates = listing.facets
    if shown is not None:
        before = {(name, o.value): o.count for name, options in matched(shown).facets.items() for o in options}
        listing.facet_updates = {name: [o for o in options if before.get((name, o.value)) != o.count]
                                 for name, options in listing.facets.items()}
    return listing, card_products(tuple(c.product_id for c in listing.cards))


@for_revalidation()
def card_products(ids: tuple[int, ...]) -> dict[int, CardProduct]:
    """{product id: CardProduct} for the cards of a page (one select; none for no cards)."""
    if not ids:
        return {}
    return {pid: CardProduct(pid, display_name(brand, name), slug, category, avg, count)
            for pid, brand, name, slug, category, avg, count in read(_CARD_PRODUCTS, ids=list(ids))}


def popular_products(market: str, limit: int) -> list[int]:
    """The most popular device models on sale in `market`."""
    return list(db.session.scalars(
        select(BuyBoxEntry.product_id).where(BuyBoxEntry.market == market)
        .group_by(BuyBoxEntry.product_id).order_by(func.max(BuyBoxEntry.popularity).desc(), BuyBoxEntry.product_id)
        .limit(limit)))
