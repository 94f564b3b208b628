"""Reference data — categories, brands, device models, variants, new-device prices — in a plain Flask-Admin at
/admin/reference, for the admin role only. Grades and money rules live in code and config (catalog/grades.py,
config/commerce.toml): they change through a reviewed commit, so this admin shows them and never edits them.

The workflows (applications, decisions, inspections) are designed screens elsewhere; this is the spreadsheet
corner. Every save is audited in its own transaction, and commit events keep search and buy boxes in step.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from flask import Flask, abort, current_app, flash, g, request
from flask_admin import Admin, AdminIndexView, BaseView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import BaseForm
from flask_admin.menu import MenuLink
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import SelectField
from wtforms.validators import NumberRange, ValidationError
from wtforms.widgets import Select  # a plain select: Flask-Admin's Select2 fails axe

from ..audit import services as audit
from ..catalog.grades import GRADES
from ..catalog.labels import CATEGORY_NAMES, COLOR_FAMILIES, KEYBOARDS
from ..catalog.models import Brand, Category, NewPrice, Product, Variant
from ..commerce import commerce
from ..extensions import db, login_manager
from ..i18n.translate import lazy_gettext as _l
from ..safety import CSP
from ..staff import PRIVATE

URL = "/admin/reference"
audit.ACTIONS.update({"reference_created": _l("Reference data added"), "reference_changed": _l("Reference data changed")})


def _admin_only() -> bool:
    return current_user.is_authenticated and current_user.role == "admin"


class Guarded:
    """Admin only: anyone else is sent to sign in (signed out) or refused (signed in)."""

    def is_accessible(self):
        return _admin_only()

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(403)


class Home(Guarded, AdminIndexView):
    pass


class Form(FlaskForm, BaseForm):
    """The shop's CSRF token (Flask-WTF, checked on every POST) on Flask-Admin's form, which knows the row it edits."""


class Table(Guarded, ModelView):
    """A reference table: CSRF-checked forms (the shop's Flask-WTF token), audited saves, duplicates refused."""

    form_base_class = Form
    list_template = "admin/reference/list.html"
    # Rows are corrected, never deleted here (most are in use), and searched, not filtered: Flask-Admin's delete
    # buttons and filter menus use inline event handlers, which the strict CSP blocks.
    can_delete = False
    can_view_details = True
    column_labels = {
        "slug": _l("Slug (in URLs)"), "position": _l("Position"), "name": _l("Name"), "brand": _l("Brand"),
        "category": _l("Category"), "release_year": _l("Release year"), "popularity": _l("Popularity (0–100)"),
        "weight_g": _l("Weight (g)"), "footprint_kg": _l("New unit's footprint (kg CO₂e)"), "specs": _l("Specs (JSON)"),
        "product": _l("Device model"), "storage_gb": _l("Storage (GB, 0 = none)"), "color_name": _l("Maker's colour name"),
        "color_family": _l("Colour family"), "color_hex": _l("Colour (hex)"), "keyboard": _l("Keyboard"),
        "market": _l("Storefront"), "amount": _l("Price new (minor units)"),
    }
    page_size = 50

    def on_model_change(self, form, model, is_created):
        db.session.flush()  # a new row's id
        audit.record(current_user, "reference_created" if is_created else "reference_changed", model.__tablename__,
                     model.id, **{k: str(v) for k, v in form.data.items() if k != "csrf_token"})

    def handle_view_exception(self, exc):
        if isinstance(exc, IntegrityError):  # Flask-Admin's own message shows the SQL
            flash(str(_l("Nothing was saved: that would repeat a row that must be unique.")),
                  "error")
            return True
        return super().handle_view_exception(exc)


def _markets() -> list[tuple[str, str]]:
    return [(code, code) for code in current_app.extensions["markets"].codes]


def _labelled(labels: dict):
    """A select's choices from one of the catalog's label tables: the code, shown in the staff member's words."""
    return lambda: [(code, str(label)) for code, label in labels.items()]


def matching(pattern: str, message) -> Callable:
    """A validator whose message is translated when it fails (Flask-Admin shows only `str` errors)."""
    compiled = re.compile(pattern)

    def check(form, field):
        if not compiled.fullmatch(field.data or ""):
            raise ValidationError(str(message))

    return check


SLUG = matching(r"[a-z0-9]+(-[a-z0-9]+)*", _l("Lower-case letters and digits, joined by single dashes."))


class CategoryView(Table):
    column_list = form_columns = ("slug", "position")
    column_default_sort = "position"
    form_overrides = {"slug": SelectField}
    form_args = {"slug": {"choices": _labelled(CATEGORY_NAMES)}}  # a category's name and tagline are translated copy


class BrandView(Table):
    column_list = form_columns = ("name", "slug")
    column_searchable_list = ("name", "slug")
    column_default_sort = "name"
    form_args = {"slug": {"validators": [SLUG]}}


class ProductView(Table):
    column_list = ("name", "brand", "category", "release_year", "popularity")
    column_searchable_list = ("name", "slug")
    column_default_sort = ("popularity", True)
    form_columns = ("name", "slug", "brand", "category", "release_year", "weight_g", "footprint_kg", "popularity",
                    "specs")
    form_args = {
        "slug": {"validators": [SLUG]},
        "release_year": {"validators": [NumberRange(2000, 2100)]},
        "weight_g": {"validators": [NumberRange(1, 20000)]},
        "footprint_kg": {"validators": [NumberRange(0, 5000)]},
        "popularity": {"validators": [NumberRange(0, 100)]},
        "brand": {"widget": Select()}, "category": {"widget": Select()},
    }


class VariantView(Table):
    column_list = ("product", "storage_gb", "color_name", "color_family", "keyboard")
    column_searchable_list = ("color_name", "product.name")
    form_columns = ("product", "storage_gb", "color_name", "color_family", "color_hex", "keyboard")
    form_overrides = {"color_family": SelectField, "keyboard": SelectField}
    form_args = {
        "product": {"widget": Select()},
        "storage_gb": {"validators": [NumberRange(0, 16384)]},
        "color_family": {"choices": _labelled(COLOR_FAMILIES)},
        "keyboard": {"choices": lambda: [("", "—"), *_labelled(KEYBOARDS)()]},
        "color_hex": {"validators": [matching(r"#[0-9a-fA-F]{6}", _l("A colour like #1a2b3c."))]},
    }

    def on_model_change(self, form, model, is_created):
        """One variant per model, storage, colour and keyboard (a second submit of the same form adds none)."""
        with db.session.no_autoflush:
            twin = db.session.scalar(select(Variant.id).where(
                (Variant.product_id == model.product.id) & (Variant.storage_gb == model.storage_gb)
                & (Variant.color_name == model.color_name) & (Variant.keyboard == model.keyboard)
                & (Variant.id != model.id if model.id else True)))
        if twin:
            raise ValidationError(str(_l("This device model already has that variant (#%(id)d).", id=twin)))
        super().on_model_change(form, model, is_created)


class NewPriceView(Table):
    column_list = ("product", "market", "storage_gb", "amount")
    column_searchable_list = ("product.name", "market")
    form_columns = ("product", "market", "storage_gb", "amount")
    column_descriptions = {"amount": _l("In the storefront currency's minor units: 119900 = 1,199.00.")}
    form_overrides = {"market": SelectField}
    form_args = {"amount": {"validators": [NumberRange(1, 10**9)]}, "storage_gb": {"validators": [NumberRange(0, 16384)]},
                 "market": {"choices": _markets}, "product": {"widget": Select()}}


class RulesView(Guarded, BaseView):
    """Grades' rubric and the money rules: read here, changed by a reviewed commit."""

    @expose("/")
    def index(self):
        return self.render("admin/reference/rules.html", grades=GRADES, commerce=commerce())


def _nonce() -> str:
    if "reference_nonce" not in g:
        g.reference_nonce = secrets.token_urlsafe(16)
    return g.reference_nonce


def init_app(app: Flask) -> None:
    admin = Admin(app, name="Encore", url=URL, endpoint="reference", theme=Bootstrap4Theme(base_template="admin/reference/base.html"),
                  index_view=Home(name=_l("Reference data"), url=URL, endpoint="reference"),
                  csp_nonce_generator=_nonce)
    admin.add_link(MenuLink(name=_l("Back office"), url="/admin/"))
    tables = _l("Catalog")
    for view, model, name in ((CategoryView, Category, _l("Categories")), (BrandView, Brand, _l("Brands")),
                              (ProductView, Product, _l("Device models")), (VariantView, Variant, _l("Variants")),
                              (NewPriceView, NewPrice, _l("New-device prices"))):
        admin.add_view(view(model, db, name=name, category=tables, endpoint=f"reference_{model.__tablename__}"))
    admin.add_view(RulesView(name=_l("Grades and money rules"), endpoint="reference_rules"))

    @app.before_request
    def speak_their_language():
        if request.path.startswith(URL) and current_user.is_authenticated:
            g.staff_language = current_user.language

    @app.after_request
    def private(response):
        """Staff pages' headers; Flask-Admin's inline scripts carry this request's nonce, nothing else inline runs."""
        if request.path.startswith(URL):
            response.headers.update(PRIVATE)
            if "reference_nonce" in g:
                response.headers["Content-Security-Policy"] = re.sub(
                    r"script-src 'self'", f"script-src 'self' 'nonce-{g.reference_nonce}'", CSP)
        return response
