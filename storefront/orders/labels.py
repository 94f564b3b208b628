"""Translatable names of shipment statuses."""
from ..i18n.translate import lazy_gettext as _l

SHIPMENT_STATUSES = {
    # NOTE: status of one seller's parcel in an order.
    "awaiting_shipment": _l("Being prepared"),
    "shipped": _l("On its way"),
    "delivered": _l("Delivered"),
}

# NOTE: an order's status when the payment could not be taken (nothing ships).
PAYMENT_PROBLEM = _l("Payment problem")
