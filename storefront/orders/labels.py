"""Translatable names of shipment statuses."""
from ..i18n.translate import lazy_gettext as _l

SHIPMENT_STATUSES = {
    # NOTE: status of one seller's parcel in an order.
    "awaiting_shipment": _l("Being prepared"),
    "shipped": _l("On its way"),
    "delivered": _l("Delivered"),
}
