"""The provider's webhook endpoint: signed events, handled once each."""
from flask import Blueprint, request

from ..extensions import csrf
from . import webhooks

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.post("/webhook")
@csrf.exempt  # the provider signs its events instead (HMAC in X-Sandbox-Signature)
def webhook():
    """Receive a payment event from the provider."""
    status, reason = webhooks.receive(request.get_data(), request.headers.get("X-Sandbox-Signature", ""))
    return {"result": reason}, status
