"""Translatable names of shipment and line statuses, and of the reasons a line was cancelled."""
from ..i18n.translate import lazy_gettext as _l

SHIPMENT_STATUSES = {  # in the order a parcel goes through them: the least advanced names an order's status
    # NOTE: status of one seller's parcel in an order, as the shopper reads it.
    "awaiting_acceptance": _l("Waiting for the refurbisher"),
    # NOTE: status of one seller's parcel in an order.
    "accepted": _l("Being prepared"),
    "shipped": _l("On its way"),
    "delivered": _l("Delivered"),
    # NOTE: status of one seller's parcel in an order: nothing of it will ship, the money goes back.
    "cancelled": _l("Cancelled and refunded"),
    # NOTE: status of one seller's parcel in an order: every device of it was sent back and refunded.
    "returned": _l("Returned and refunded"),
}

# NOTE: an order's status when the payment could not be taken (nothing ships).
PAYMENT_PROBLEM = _l("Payment problem")

# A line's status as the seller reads it in the portal.
LINE_STATUSES = {
    "awaiting_acceptance": _l("To accept"),
    "accepted": _l("Accepted, to ship"),
    "shipped": _l("Shipped"),
    "refused": _l("Refused"),
    # NOTE: an order line the seller neither accepted nor refused in time: cancelled automatically.
    "expired": _l("Expired"),
    "cancelled": _l("Cancelled"),
    # NOTE: an order line the shopper sent back: refunded.
    "returned": _l("Returned"),
}

# Why a seller refuses or cancels a line, in the seller's words (the choices of the form).
SELLER_REASONS = {
    "out_of_stock": _l("Out of stock"),
    "defect": _l("Defect found"),
    "price_error": _l("Price error"),
    "other": _l("Other reason"),
}

# The same reasons as the shopper reads them on the order page and in the e-mail.
SHOPPER_REASONS = {
    "out_of_stock": _l("The refurbisher no longer had this device in stock."),
    "defect": _l("The refurbisher found a defect while checking this device, so it won't be sent."),
    "price_error": _l("The device was on sale at a wrong price."),
    "other": _l("The refurbisher couldn't send this device."),
    "expired": _l("The refurbisher didn't confirm the order in time."),
    "shopper": _l("You cancelled it."),
}
