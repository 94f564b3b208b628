"""Translatable market wording: how prices are shown with respect to tax."""
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
