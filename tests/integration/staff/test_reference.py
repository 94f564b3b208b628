"""The reference-data admin (Flask-Admin at /admin/reference): admin only, CSRF-checked, audited, strict CSP with a
per-request nonce, bad input refused with nothing saved."""
import re

import pytest
from sqlalchemy import func, select

from storefront.audit.models import AuditEntry
from storefront.catalog.models import Category, NewPrice, Product, Variant
from storefront.extensions import db
from tests.integration.staff.helpers import staff_client

BASE = "/admin/reference"


@pytest.fixture(scope="module")
def admin(app):
    return staff_client(app, "admin")[0]


def form_token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def a_product(app):
    with app.app_context():
        return db.session.scalar(select(Product.id).order_by(Product.id).limit(1))


def test_every_inline_script_carries_the_nonce_of_the_response_csp(admin):
    response = admin.get(f"{BASE}/reference_product/")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script([^>]*)>", response.get_data(as_text=True))
    assert scripts and all(f'nonce="{nonce}"' in attributes for attributes in scripts)
    assert admin.get(f"{BASE}/reference_product/").headers["Content-Security-Policy"] != response.headers["Content-Security-Policy"]
    assert "nonce" not in admin.get("/admin/").headers["Content-Security-Policy"]


def test_a_variant_is_added_once_audited_and_never_without_a_token_or_with_a_bad_colour(app, admin):
    product = a_product(app)
    path = f"{BASE}/reference_variant/new/"
    form = {"product": str(product), "storage_gb": "4096", "color_name": "Test Teal", "color_family": "green",
            "color_hex": "#00aa88", "keyboard": ""}
    mine = (Variant.product_id == product) & (Variant.color_name == "Test Teal")

    assert admin.post(path, data=form).status_code == 400  # no CSRF token
    bad = admin.post(path, data={**form, "color_hex": "teal", "csrf_token": form_token(admin, path)})
    assert bad.status_code == 200 and "A colour like #1a2b3c." in bad.get_data(as_text=True)
    assert count(app, Variant, mine) == 0

    token = form_token(admin, path)
    assert admin.post(path, data={**form, "csrf_token": token}).status_code == 302
    again = admin.post(path, data={**form, "csrf_token": token}, follow_redirects=True)  # the double submit
    assert "already has that variant" in again.get_data(as_text=True)
    assert count(app, Variant, mine) == 1
    with app.app_context():
        variant_id = db.session.scalar(select(Variant.id).where(mine))
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.subject_type == "variant")
                                  .where(AuditEntry.subject_id == variant_id))
    assert entry.action == "reference_created" and entry.details["color_hex"] == "#00aa88"


def test_a_new_price_needs_a_known_storefront_and_is_one_per_model_storage_and_storefront(app, admin):
    product = a_product(app)
    path = f"{BASE}/reference_new_price/new/"
    form = {"product": str(product), "market": "xx-yy", "storage_gb": "7", "amount": "99900"}
    before = count(app, NewPrice)
    refused = admin.post(path, data={**form, "csrf_token": form_token(admin, path)})
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)
    for amount in ("-5", "0", "12.50", "lots"):
        assert admin.post(path, data={**form, "market": "fr-fr", "amount": amount,
                                      "csrf_token": form_token(admin, path)}).status_code == 200
    assert count(app, NewPrice) == before
    token = form_token(admin, path)
    assert admin.post(path, data={**form, "market": "fr-fr", "csrf_token": token}).status_code == 302
    twice = admin.post(path, data={**form, "market": "fr-fr", "csrf_token": token}, follow_redirects=True)
    assert "Nothing was saved: that would repeat a row" in twice.get_data(as_text=True)
    assert count(app, NewPrice) == before + 1


def test_hostile_text_is_stored_as_typed_and_shown_escaped(app, admin):
    with app.app_context():
        product = db.session.get(Product, a_product(app))
        fields = {"name": '<script>alert("x")</script>', "slug": product.slug, "brand": str(product.brand_id),
                  "category": str(product.category_id), "release_year": str(product.release_year),
                  "weight_g": str(product.weight_g), "footprint_kg": str(product.footprint_kg),
                  "popularity": str(product.popularity), "specs": "{}", "original": product.name}
    path = f"{BASE}/reference_product/edit/?id={product.id}"
    assert admin.post(path, data={**fields, "slug": "Not A Slug", "csrf_token": form_token(admin, path)}).status_code == 200
    assert admin.post(path, data={**fields, "csrf_token": form_token(admin, path)}).status_code == 302
    page = admin.get(f"{BASE}/reference_product/?search=alert").get_data(as_text=True)
    assert "&lt;script&gt;alert" in page and '<script>alert("x")' not in page
    with app.app_context():
        assert db.session.get(Product, product.id).name == '<script>alert("x")</script>'
        db.session.get(Product, product.id).name = fields["original"]
        db.session.commit()


def test_categories_are_never_deleted_here(app, admin):
    with app.app_context():
        category = db.session.scalar(select(Category.id).limit(1))
    path = f"{BASE}/reference_category/"
    admin.post(f"{path}delete/", data={"id": str(category), "csrf_token": form_token(admin, f"{path}new/")})
    assert count(app, Category, Category.id == category) == 1


def test_grades_and_money_rules_are_read_from_the_code_and_config(admin):
    page = admin.get(f"{BASE}/reference_rules/").get_data(as_text=True)
    assert "Flawless screen and body" in page and "12%" in page and "9% of the device price, for 12 months." in page


def test_the_admin_speaks_the_staff_members_language(app):
    french, _user = staff_client(app, "admin", language="fr")
    assert "Liste" in french.get(f"{BASE}/reference_brand/").get_data(as_text=True)
