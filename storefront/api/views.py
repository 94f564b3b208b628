"""/api/seller/v1/: a seller's offers as JSON, for its own systems. A bearer token names the seller (no cookie
is read, so no CSRF token is asked for); writes carry an Idempotency-Key; limits count per token, and unknown
tokens per address; every error is JSON: {"error": {"code", "message", "field"}}."""
from __future__ import annotations

import hashlib

from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..extensions import csrf, limiter
from ..i18n.translate import lazy_gettext as _l
from . import idempotency, throttle, tokens
from . import offers as api_offers
from .offers import ApiError

bp = Blueprint("api", __name__, url_prefix="/api/seller/v1")
csrf.exempt(bp)
MAX_BODY = 64 * 1024  # one offer's JSON is well under 1 KB
MAX_BATCH_BODY = 1024 * 1024  # the batch's: up to MAX_BATCH offers
WRITES = ("POST", "PATCH")
# NOTE: the API's answers to HTTP errors without a message of their own, by status.
HTTP_MESSAGES = {
    400: _l("The request could not be read: send a JSON object."),
    404: _l("No such endpoint: see the API documentation."),
    405: _l("This endpoint does not take that method."),
    413: _l("The body is too large: one offer at a time, under %(num)d KB.", num=MAX_BODY // 1024),
    "413-batch": _l("The body is too large: a batch is under %(num)d KB.", num=MAX_BATCH_BODY // 1024),
    500: _l("Something went wrong on our side: nothing was changed. Retry in a moment."),
    429: _l("Too many requests with this token: retry after the number of seconds in the Retry-After header."),
    "429-address": _l("Too many unknown tokens from your address: retry after the number of seconds in the "
                      "Retry-After header."),
}


def bearer() -> str:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def token_key() -> str:
    """What the rate limit counts by: the token (its hash), or the address of a call without one."""
    secret = bearer()
    return "api:" + hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest() if secret else "api-ip:" + (request.remote_addr or "")


limiter.limit(lambda: current_app.config["RATELIMIT_API"], key_func=token_key)(bp)


def failure(status: int, code: str, message, field: str | None = None, headers=None):
    response = jsonify({"error": {"code": code, "message": str(message), "field": field}})
    response.headers.update(headers or {})
    return response, status


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return jsonify(error.as_json()), error.status


def http_error(error: HTTPException):
    code = error.code or 500
    slug = (error.name or "error").lower().replace(" ", "_")
    message = HTTP_MESSAGES["413-batch"] if code == 413 and request.endpoint == "api.batch" else HTTP_MESSAGES.get(code, error.name)
    return failure(code, slug, message)


# By status as well as by class: the app's handlers by status (errors.py, HTML pages) would come first.
bp.register_error_handler(HTTPException, http_error)
for status in (400, 403, 404, 405, 413, 429, 500):
    bp.register_error_handler(status, http_error)


@bp.before_request
def authenticate():
    """The caller from its bearer token, before anything else: 401 without a live token, 403 when the account
    that made it left the seller."""
    limit = MAX_BATCH_BODY if request.endpoint == "api.batch" else MAX_BODY
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge()
    request.max_content_length = limit  # a body sent without a length stops being read there
    secret = bearer()
    challenge = {"WWW-Authenticate": 'Bearer realm="encore"'}
    if not secret:
        return failure(401, "unauthorized", _l("Send your API token: Authorization: Bearer <token>."), None, challenge)
    waiting = throttle.wait()
    if waiting:  # a valid token waits too: a guess that hits is not told apart
        return failure(429, "too_many_failed_tokens", HTTP_MESSAGES["429-address"], None, {"Retry-After": str(waiting)})
    try:
        g.api = tokens.authenticate(secret)
    except tokens.Unknown:
        throttle.count_failure()
        return failure(401, "invalid_token", _l("This token is unknown or revoked."), None,
                       {"WWW-Authenticate": 'Bearer realm="encore", error="invalid_token"'})
    except tokens.Forbidden:
        return failure(403, "forbidden", _l("The account that made this token no longer works for this seller."))
    g.staff_language = g.api.user.language


@bp.after_request
def private(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def payload():
    """The request's JSON body; 400 when it is not JSON."""
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "bad_request", _l("The body must be JSON (Content-Type: application/json)."))
    return body


def idempotent(write):
    """Run `write(body)` once per Idempotency-Key: the same key and body again get the first answer again."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not idempotency.valid_key(key):
        raise ApiError(400, "idempotency_key_missing", _l(
            "Writes need an Idempotency-Key header: a unique value per change (a UUID), up to %(num)d characters.",
            num=idempotency.KEY_LENGTH))
    body = payload()
    seller_id = g.api.seller.id
    try:
        claim = idempotency.begin(seller_id, key, idempotency.fingerprint(request.method, request.path, body))
    except idempotency.InProgress:
        raise ApiError(409, "in_progress", _l("A request with this Idempotency-Key is still at work: retry in a moment.")) from None
    except idempotency.Mismatch:
        raise ApiError(422, "idempotency_key_reused", _l(
            "This Idempotency-Key was used for another request: use a new key for each change.")) from None
    if isinstance(claim, idempotency.Stored):
        response = jsonify(claim.body)
        response.headers["Idempotent-Replayed"] = "true"
        return response, claim.status
    try:
        status, answer = write(body)
    except ApiError as error:
        status, answer = error.status, error.as_json()
    except Exception:
        idempotency.abandon(claim)
        raise
    idempotency.finish(claim, status, answer)
    return jsonify(answer), status


@bp.get("/offers")
def offers():
    """A page of the seller's offers: ?q=, status, grade, category, stock=out, page."""
    return jsonify(api_offers.listing(g.api.seller.id, request.args))


@bp.post("/offers")
def create():
    """Create an offer from the fields of a feed row."""
    return idempotent(lambda body: (201, api_offers.create(g.api.seller, body)))


@bp.get("/offers/<int:offer_id>")
def offer(offer_id: int):
    """One of the seller's offers (another seller's is a 404)."""
    return jsonify(api_offers.get(g.api.seller.id, offer_id))


@bp.patch("/offers/<int:offer_id>")
def change(offer_id: int):
    """Change an offer's stock, prices, battery floor, warranty or status; fields left out are left alone."""
    return idempotent(lambda body: (200, api_offers.update(g.api.seller, offer_id, body)))


@bp.post("/offers/batch")
def batch():
    """Create or update up to MAX_BATCH offers, all or nothing; {"dry_run": true} says what it would do, writes
    nothing and needs no Idempotency-Key."""
    body = payload()
    if isinstance(body, dict) and body.get("dry_run") is True:
        return jsonify(api_offers.batch(g.api.seller, body))
    return idempotent(lambda body: (200, api_offers.batch(g.api.seller, body)))


@bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def nowhere(rest: str):
    """Anything else under the API: a JSON 404, or 405 where the path is right and the method is not."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in ("GET", "POST", "PATCH"):
        try:
            endpoint, _args = adapter.match(request.path, method)
        except HTTPException:
            continue
        if endpoint != request.endpoint:
            allowed.append(method)
    if allowed:
        return failure(405, "method_not_allowed", HTTP_MESSAGES[405], None, {"Allow": ", ".join(allowed)})
    return failure(404, "not_found", HTTP_MESSAGES[404])
