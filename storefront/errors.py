"""Designed error pages: in the storefront's language when the URL names one, else in the browser's."""
from __future__ import annotations

from flask import Flask, current_app, g, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from .extensions import db
from .i18n.jokes import lazy_joke
from .i18n.translate import in_locale
from .i18n.translate import lazy_gettext as _l

# status → (page title, headline, what to do). One template shows them all.
MESSAGES = {
    # NOTE: error page for a malformed request (often a form left open too long).
    400: (_l("That request went sideways"), _l("That request went sideways"),
          _l("The form may have been open for too long, or something was missing. Go back and try again.")),
    403: (_l("Staff only, sorry"), _l("Staff only, sorry"), _l("This page needs another role than yours.")),
    # NOTE: error page for an upload larger than the shop accepts (a seller's documents, say).
    413: (_l("That's too heavy"), _l("That's too heavy"),
          _l("The files sent were larger than we accept. Go back and choose smaller ones.")),
    429: (_l("Too many attempts"),
          # BRIEF: rate-limit page headline, max 40 characters: a gentle "slow down".
          lazy_joke("Easy there, speed racer"),
          _l("Too many attempts in a short time. Wait a minute, then try again.")),
    500: (_l("Something went wrong"), _l("Our bad. Something broke on our side."),
          _l("Nothing you did. Please try again in a moment.")),
}


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(error: HTTPException):
        """A 404 with a way back: the storefront's home and categories, or the storefront list."""
        markets = current_app.extensions["markets"]
        if g.get("market") is None:  # no route matched, but the path may still name a storefront
            g.market = markets.get(request.path.split("/")[1])
        if g.market is not None:
            return render_template("errors/404.html"), 404
        # No storefront in the path: answer in the browser's language, as the root's redirect would choose.
        nearest = markets.best_for(list(request.accept_languages))
        with in_locale(nearest.locale):
            response = make_response(render_template("errors/404.html", page_lang=nearest.html_lang), 404)
        response.vary.add("Accept-Language")
        return response

    def message_page(error):
        code = getattr(error, "code", 500) or 500
        title, headline, advice = MESSAGES[code]
        if code >= 500:
            db.session.rollback()  # a failed flush leaves the session unusable, and the page asks for the cart badge
        return render_template("errors/message.html", code=code, title=title, headline=headline, advice=advice), code

    for code in MESSAGES:
        app.register_error_handler(code, message_page)
