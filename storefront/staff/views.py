"""Staff settings shared by every area: the language staff pages speak."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request
from flask_login import current_user

from ..accounts import services as accounts
from ..accounts.models import STAFF_ROLES
from ..accounts.roles import role_required
from ..safety import safe_next

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.post("/language")
@role_required(*STAFF_ROLES)
def language():
    """Set the signed-in staff member's language, then back to the page they were on."""
    chosen = request.form.get("language", "")
    if chosen not in current_app.extensions["markets"].languages():
        abort(400)
    accounts.set_language(current_user, chosen)
    return redirect(safe_next(request.form.get("next"), "/seller/" if current_user.role == "seller" else "/admin/"), 303)
