"""Designed error pages: in the storefront's language when the URL names one."""
from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(error: HTTPException):
        """A 404 with a way back: the storefront's home and categories, or the storefront list."""
        if g.get("market") is None:  # no route matched, but the path may still name a storefront
            g.market = current_app.extensions["markets"].get(request.path.split("/")[1])
        return render_template("errors/404.html"), 404

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("errors/403.html"), 403

    @app.errorhandler(429)
    def too_many(error):
        return render_template("errors/429.html"), 429

    @app.errorhandler(400)
    def bad_request(error):
        return render_template("errors/400.html"), 400

    @app.errorhandler(500)
    def server_error(error):
        return render_template("errors/500.html"), 500
