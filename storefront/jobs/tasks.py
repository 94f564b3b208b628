"""The jobs: what each does, how often it is retried, and the sweeps that find work a crash left behind."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from huey import crontab

from .. import mail
from ..api import idempotency
from ..care import returns
from ..checkout import services as checkouts
from ..decisions import services as decisions
from ..extensions import db
from ..offers import buybox, feed_imports
from ..orders import fulfilment, tracking
from ..orders import services as orders
from ..quality import services as quality
from ..search import services as search

log = logging.getLogger(__name__)
# An order's follow-ups are done in the request that placed it; the sweep takes over once they are this late.
SETTLE_GRACE = timedelta(minutes=2)
# A refund is sent in the request that cancelled its line; the sweep takes over once it is this late.
REFUND_GRACE = timedelta(minutes=2)


def settle_order(order_id: int) -> None:
    """Capture, cart and e-mail of one placed order (idempotent)."""
    orders.settle(order_id)


def settle_orders() -> None:
    """Every order whose follow-ups are late: after a crash, a provider outage or a mail outage."""
    for order_id in orders.unsettled(SETTLE_GRACE):
        try:
            orders.settle(order_id)
        except Exception:
            db.session.rollback()
            log.exception("order %s: follow-ups failed, retried at the next sweep", order_id)


def expire_unaccepted() -> None:
    """Cancel and refund the order lines no seller accepted or refused within SELLER_ACCEPT_HOURS."""
    for seller_id, seller_order_id, line_id in fulfilment.overdue_lines():
        try:
            fulfilment.expire(seller_id, seller_order_id, line_id)
        except Exception:
            db.session.rollback()
            log.exception("order line %s: not expired, retried at the next run", line_id)


def send_refunds() -> None:
    """Refunds recorded with a cancellation but not sent (a crash or a provider outage after the commit)."""
    for refund_id in fulfilment.pending_refunds(REFUND_GRACE):
        try:
            fulfilment.send_refund(refund_id)
        except Exception:
            db.session.rollback()
            log.exception("refund %s: failed, retried at the next sweep", refund_id)


def track_parcels(now: datetime | None = None) -> None:
    """The sandbox carrier's news: parcels delivered (lines and seller orders move on), return parcels back
    with their sellers, and returns not confirmed in time refunded. `now`: the tests' clock."""
    now = now or datetime.utcnow()
    tracking.record_deliveries(now)
    returns.record_back(now)
    returns.refund_overdue(now)


def refresh_buy_boxes(product_ids: list[int] | None) -> None:
    """Recompute these products' buy boxes (None: every product) in every market, from what is committed now.

    Queued by offers.sync after a commit that touched offers, prices, sellers or the catalog columns a buy
    box copies. Idempotent; a failure rolls back and is retried.
    """
    buybox.rebuild(current_app.extensions["markets"], product_ids)


def rebuild_buy_boxes() -> None:
    """Every buy box, from what is committed: catches a refresh job lost between a commit and the queue (a crash,
    a queue outage). Writes and bumps the version only where something changed."""
    buybox.rebuild(current_app.extensions["markets"], None)


def apply_feed(import_id: int, task=None) -> None:
    """Write a seller's bulk-feed dry run, as it was shown (idempotent: only a queued import is applied). After
    the last retry the import is marked failed, so its page stops waiting."""
    try:
        feed_imports.apply(import_id)
    except Exception:
        if task is not None and not task.retries:
            feed_imports.give_up(import_id)
        raise


def send_mail(message: dict, task=None) -> None:
    """One e-mail composed in a request (`mail.send`): sent, or raised so that it is retried later. Its Date
    and Message-ID were fixed when it was composed, so a repeat is the same message, which mail clients
    recognise."""
    try:
        mail.deliver(message)
    except Exception:
        if task is not None and not task.retries:
            log.error("mail %s: not sent after every retry, given up", message["headers"]["Message-ID"])
        raise


def release_authorizations() -> None:
    """Void authorizations no order uses: superseded ones at once, abandoned checkouts' after a while."""
    hours = current_app.config["ABANDONED_AUTHORIZATION_HOURS"]
    checkouts.release_abandoned(datetime.utcnow(), timedelta(hours=hours))


def prune_search_changes() -> None:
    """Drop the search change log's old rows: every running node applied them long ago (a node that
    did not rebuilds its index)."""
    search.prune_changes()


def prune_idempotency_keys() -> None:
    """Drop the sellers' API idempotency keys past their retention (API_IDEMPOTENCY_HOURS): a seller who stops
    calling would keep its own forever."""
    idempotency.prune()


def terminate_sellers() -> None:
    """Suspend, for good, the sellers whose notice of termination ran out."""
    decisions.terminate_due()


def recompute_quality(seller_ids: list[int]) -> None:
    """Rescore these sellers now (queued by quality.sync after an inspection commits). Idempotent."""
    for seller_id in seller_ids:
        quality.recompute(seller_id)


def recompute_all_quality() -> None:
    """Rescore every seller: the window moves and orders change every day. A rerun with nothing new writes nothing."""
    quality.recompute_all()


def register(jobs) -> None:
    jobs.task(settle_order, retries=10, retry_delay=15, retry_backoff=2)
    jobs.task(refresh_buy_boxes, retries=10, retry_delay=5, retry_backoff=2)
    jobs.task(apply_feed, retries=3, retry_delay=10, retry_backoff=2, context=True)
    jobs.task(recompute_quality, retries=5, retry_delay=10, retry_backoff=2)
    jobs.task(send_mail, retries=10, retry_delay=15, retry_backoff=2, context=True)  # retried for about 4 hours
    jobs.periodic(settle_orders, crontab(minute="*"))
    jobs.periodic(release_authorizations, crontab(minute="*/5"))
    jobs.periodic(expire_unaccepted, crontab(minute="*/5"))
    jobs.periodic(send_refunds, crontab(minute="*"))
    jobs.periodic(rebuild_buy_boxes, crontab(minute="17"))  # hourly: a safety net, not the path
    jobs.periodic(prune_search_changes, crontab(minute="47"))
    jobs.periodic(prune_idempotency_keys, crontab(minute="53"))
    jobs.periodic(terminate_sellers, crontab(minute="*/15"))
    jobs.periodic(recompute_all_quality, crontab(minute="23"))  # hourly
    jobs.periodic(track_parcels, crontab(minute="41"))  # hourly: the sandbox carrier counts in days
