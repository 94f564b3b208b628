"""Template helpers that turn catalog codes into translated names."""
from functools import lru_cache

from flask import Flask, g, has_request_context, request
from flask_babel import LazyString, ngettext
from markupsafe import Markup, escape

from ..extensions import Rows
from ..i18n.translate import LazyText
from ..i18n.translate import text as _
from ..markets.labels import TAX_NOTES
from ..markets.routing import current_locale, percent
from .grades import BY_CODE, GRADES
from .labels import CATEGORY_NAMES, CATEGORY_TAGLINES, COLOR_FAMILIES, KEYBOARDS, SPEC_NAMES, storage_label, variant_summary
from .services import categories_with_counts


def facet_label(name: str, value: str, brands: dict[str, str]) -> str:
    """What a shopper reads for a facet value: "Apple", "Excellent", "128 GB", "Battery ≥ 90%"."""
    if name == "brand":
        return brands.get(value, value)
    return _code_label(current_locale(), name, value)


@lru_cache(maxsize=1024)
def _code_label(_locale: str, name: str, value: str) -> str:
    """A catalog code's name, in the locale of the request (part of the memo key)."""
    if name == "grade":
        return str(BY_CODE[value].name)
    if name == "storage":
        return str(storage_label(int(value)))
    if name == "color":
        return str(COLOR_FAMILIES.get(value, value))
    if name == "keyboard":
        return str(KEYBOARDS.get(value, value))
    return _("Battery ≥ %(pct)s", pct=percent(int(value)))


def model_count(total: int) -> str:
    # NOTE: number of device models matching the filters.
    return ngettext("%(num)d model", "%(num)d models", total)


def facet_count(name: str, option, oob: bool = False) -> Markup:
    """A facet value's count; its id lets the grid partial refresh it out of band."""
    return _facet_count(name, option.value, option.count, oob)


@lru_cache(maxsize=8192)
def _facet_count(name: str, value: str, count: int, oob: bool) -> Markup:
    zero = " facet__count--zero" if not count else ""
    swap = ' data-hx-swap-oob="true"' if oob else ""
    dom_id = f"count-{name}-{value.replace(' ', '-')}"
    return Markup(f'<span class="facet__count{zero}" id="{escape(dom_id)}"{swap}>{count}</span>')


def facet_counts_oob(updates: dict) -> Markup:
    """The facet counts an htmx grid swap refreshes out of band ({facet: [options]})."""
    return Markup("".join(facet_count(name, option, oob=True) for name, options in updates.items() for option in options))


def facet_options(name: str, options, brands: dict[str, str]) -> Markup:
    """The choices of one facet, each with its label and count (a category page shows about forty).

    Battery is one choice among floors (radio buttons named battery_min); the others are multi-select.
    """
    kind, field = ("radio", "battery_min") if name == "battery" else ("checkbox", name)
    return Markup("".join(
        f'\n        <li><label class="facet__option">'
        f'\n          <input type="{kind}" name="{field}" value="{escape(o.value)}" '
        f'id="{escape(f"f-{name}-" + o.value.replace(" ", "-"))}"{" checked" if o.selected else ""}>'
        f'\n          <span class="facet__label">{escape(facet_label(name, o.value, brands))}</span>'
        f'\n          {facet_count(name, o)}\n        </label></li>'
        for o in options))


def product_pickers(pickers: list[dict], url) -> Markup:
    """The product page's pickers, each option a link to the page with that pick (a page shows a dozen).

    `url(**{dimension: value})` builds a choice's link; a choice not on sale is shown, marked unavailable.
    """
    note = _("unavailable")  # outside the f-strings: message extraction does not look inside them
    unavailable = f'<span class="picker__note">{escape(note)}</span>'
    html = []
    for p in pickers:
        dimension = p["dimension"]
        html.append(f'<fieldset class="picker picker--{dimension}">\n  <legend class="picker__legend">{escape(p["label"])}</legend>'
                    f'\n  <ul class="picker__options" role="list">')
        for o in p["options"]:
            href = escape(url(**{dimension: o["value"]}))
            off = "" if o["available"] else " picker__option--off"
            current = ' aria-current="true"' if o["current"] else ""
            swatch = (f'<svg class="picker__swatch" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
                      f'<circle cx="8" cy="8" r="7" fill="{escape(o["swatch"])}"/></svg>') if o["swatch"] else ""
            html.append(f'\n    <li><a class="picker__option{off}" href="{href}" data-hx-get="{href}"{current}>{swatch}'
                        f'\n      <span>{escape(o["text"])}</span>{"" if o["available"] else unavailable}\n    </a></li>')
        html.append("\n  </ul>\n</fieldset>")
    return Markup("".join(html))


def cached_macro(app: Flask, template: str, name: str, size: int = 8192):
    """A component macro as a template global whose output is memoised per storefront (`size` outputs kept).

    For pure macros called in loops (a 24-card grid calls each card's components 24 times), or rendered
    on every request from the same few rows (a product's reviews).
    Lists in the arguments are passed as tuples so they can be part of the key, lazy strings as text.
    """

    def render(_market_code, _root, *args, **kwargs):
        return Markup(getattr(app.jinja_env.get_template(template).module, name)(*args, **kwargs))

    # The development server reloads templates: no memo there.
    memo = render if app.debug else lru_cache(maxsize=size)(render)

    # Lists (and read()'s rows) become tuples; lazy strings are translated once here, not at every hash and comparison.
    as_key = {list: tuple, Rows: tuple, LazyString: str, LazyText: str}

    def key() -> tuple:
        """What the output depends on besides the arguments: locale, currency and URLs come from the
        storefront, and links carry the app's root."""
        market = g.get("market")
        return market.code if market else "", request.script_root if has_request_context() else ""

    def call(*args, **kwargs):
        args = [as_key[type(a)](a) if type(a) in as_key else a for a in args]
        kwargs = {k: as_key[type(v)](v) if type(v) in as_key else v for k, v in kwargs.items()}
        return memo(*key(), *args, **kwargs)

    # For a caller rendering many at once: memo(*key(), *hashable args), the key taken once.
    call.key, call.memo = key, memo
    return call


COMPONENTS = ("device_art", "rating", "rating_histogram", "review_stars", "price", "product_card", "grade_chip",
              "grade_picture", "sticker", "logo")


def init_app(app: Flask) -> None:
    for name in COMPONENTS:
        app.add_template_global(cached_macro(app, f"components/{name}.html", name), name)
    card = cached_macro(app, "catalog/_macros.html", "card")
    # A device model's or a seller's rating summary and latest reviews: kilobytes each, so fewer are kept.
    app.add_template_global(cached_macro(app, "catalog/_reviews.html", "reviews", size=512), "review_summary")

    def catalog_cards(cards, products) -> Markup:
        """A grid's cards (`products`: id → CardProduct), each memoised by what it shows."""
        key, memo = card.key(), card.memo
        note = str(TAX_NOTES[g.market.tax_display])
        return Markup("".join(
            f"\n    <li>{memo(*key, p.display_name, p.slug, p.category_slug, c.price, c.saving_pct, tuple(c.grades), c.color_hex, p.rating_avg, p.rating_count, note, c.pick)}</li>"
            for c in cards for p in (products[c.product_id],)))

    app.add_template_global(catalog_cards)
    # The site navigation's categories: those the catalog has names (and accents, art) for, in shop order.
    app.add_template_global(tuple(CATEGORY_NAMES), "category_slugs")
    app.add_template_global(variant_summary, "variant_summary")
    app.add_template_global(facet_label, "facet_label")
    app.add_template_global(facet_counts_oob, "facet_counts_oob")
    app.add_template_global(model_count, "model_count")
    app.add_template_global(facet_options, "facet_options")
    app.add_template_global(product_pickers, "product_pickers")
    app.add_template_global(categories_with_counts, "popular_categories")
    app.add_template_global(lambda key: SPEC_NAMES.get(key, key), "spec_name")
    app.add_template_global(GRADES, "all_grades")
    app.add_template_global(lambda slug: CATEGORY_NAMES.get(slug, slug), "category_name")
    app.add_template_global(lambda slug: CATEGORY_TAGLINES.get(slug, ""), "category_tagline")
    app.add_template_global(storage_label, "storage_label")
    app.add_template_global(BY_CODE.__getitem__, "grade")
    app.add_template_filter(lambda codes: [BY_CODE[code] for code in codes], "grades")
