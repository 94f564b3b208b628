"""The seller's quality dashboard: its rates over the rolling window, against the thresholds."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..accounts.roles import role_required
from ..quality import scoring
from ..quality import services as quality
from ..staff import area
from . import current_seller

bp = area(Blueprint("portal_quality", __name__, url_prefix="/seller/quality"), "portal")


@bp.get("/")
@role_required("seller")
def dashboard():
    """Each metric's smoothed rate, sample, forecast and threshold bar, and the seller's level."""
    seller = current_seller()
    metrics = quality.dashboard(seller) if seller else []
    return render_template("portal/quality.html", seller=seller, metrics=metrics, computed_at=quality.computed_at(metrics),
                           settings=quality.settings() if seller else {}, level_labels=quality.LEVEL_LABELS,
                           gauge=scoring.gauge)
