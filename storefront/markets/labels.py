"""Translatable market wording: how prices are shown with respect to tax."""
from babel.numbers import get_currency_name

from ..i18n.translate import lazy_gettext as _l

TAX_NOTES = {
    # NOTE: next to every price in storefronts whose prices include VAT (fr: "TVA incluse", de: "inkl. MwSt.").
    "incl_vat": _l("incl. VAT"),
    # NOTE: next to every price in Australia: prices include the goods and services tax.
    "incl_gst": _l("incl. GST"),
    # NOTE: next to every price in Japan: consumption tax included (ja: 税込).
    "incl_consumption_tax": _l("tax included"),
    # NOTE: next to every price in the US: sales tax depends on the delivery address.
    "plus_sales_tax": _l("+ sales tax at checkout"),
}

# One whole sentence per tax regime, never glued from fragments; %(currency)s is the currency's name in the
# plural from CLDR ("euros", "US dollars", "svenska kronor", "円").
PRICES_NOTES = {
    # NOTE: footer, legal notice and checkout: prices include VAT. %(currency)s: the currency's plural name ("euros").
    "incl_vat": _l("Prices in %(currency)s, VAT included."),
    # NOTE: footer, legal notice and checkout in Australia. %(currency)s: "Australian dollars".
    "incl_gst": _l("Prices in %(currency)s, GST included."),
    # NOTE: footer, legal notice and checkout in Japan: consumption tax included. %(currency)s: "円".
    "incl_consumption_tax": _l("Prices in %(currency)s, consumption tax included."),
    # NOTE: footer and legal notice in the US: sales tax depends on the delivery address. %(currency)s: "US dollars".
    "plus_sales_tax": _l("Prices in %(currency)s. Sales tax is added at checkout, from the delivery address."),
}


def prices_note(market) -> str:
    """The storefront's sentence on its prices: its currency by name and how tax is shown, in its language."""
    return str(PRICES_NOTES[market.tax_display]) % {"currency": get_currency_name(market.currency, 2, market.locale)}
