"""Quality inspections: the operator records one (a mystery order's unit or a spot check of an offer) with grade,
battery, defects, notes and photos; bad input saves nothing; a double submit records one; each seller reads its own."""
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from storefront.audit.models import AuditEntry
from storefront.extensions import db
from storefront.offers.models import Offer
from storefront.orders import fulfilment
from storefront.orders.models import OrderLine, Unit
from storefront.quality.models import Inspection
from tests.images import SERIAL, image, phone_exif, png_header, truncated_jpeg
from tests.integration.conftest import csrf_token, htmx_headers
from tests.integration.orders.helpers import approved_sellers, imei, offers_of, paid_order, seller_order_of, seller_slug
from tests.integration.staff.helpers import sellers_restored, staff_client, staff_csrf

PNG = image("image/png")
WEBP = image("image/webp")
FORM = "admin-inspection-form"


def run(app, fn, *args):
    with app.test_request_context("/seller/orders"):
        try:
            return fn(*args)
        finally:
            db.session.remove()


@pytest.fixture(scope="module")
def shop(app):
    """Two approved sellers, each with one shipped unit (a mystery order) and an offer: {seller: {...}}."""
    found = {}
    ids = approved_sellers(app, 2)
    for seller_id in ids:
        offer_id = offers_of(app, seller_id, 1)[0]
        so_id, (line_id,) = seller_order_of(app, paid_order(app, [offer_id]), seller_id)
        run(app, fulfilment.accept, seller_id, so_id, line_id)
        code = imei()
        run(app, fulfilment.ship, seller_id, so_id, "other", "ZX-77-1000", {line_id: [code]})
        with app.app_context():
            unit_id = db.session.scalar(select(Unit.id).where(Unit.line_id == line_id))
            grade = db.session.get(OrderLine, line_id).grade
        found[seller_id] = {"unit": unit_id, "line": line_id, "imei": code, "grade": grade, "offer": offer_id,
                            "slug": seller_slug(app, seller_id)}
    with sellers_restored(app, ids):
        yield found


@pytest.fixture(scope="module")
def operator(app):
    client, _user = staff_client(app, "quality")
    return client


def seller_ids(shop):
    return list(shop)


def form(client, seller_id, **fields):
    html = client.get(f"/admin/inspections/new?seller={seller_id}").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    data = {"csrf_token": staff_csrf(client, "/admin/inspections"), "seller": str(seller_id), "token": token,
            "grade_found": "good", "battery_health": "88", "notes": "", "identifier": ""}
    data.update(fields)
    return data


def post(client, data, photos=()):
    body = {**data, "photos": [(io.BytesIO(content), name) for name, content in photos]}
    environ = EnvironBuilder(path="/admin/inspections/new", method="POST", data=body,
                             content_type="multipart/form-data").get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()  # the test client's spooled copy of a big body (a server reads a socket)


def count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Inspection.id)))


def inspection(app, response) -> Inspection:
    assert response.status_code == 303, response.status_code
    inspection_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    with app.app_context():
        found = db.session.get(Inspection, inspection_id)
        db.session.expunge(found)
        return found


def status(client, url) -> int:
    with client.get(url) as response:  # a photo is a file: closed with its response
        return response.status_code


def stored_files(app):
    return sorted(p.name for p in Path(app.config["INSPECTION_FILES_DIR"]).glob("*"))


def test_a_mystery_order_takes_the_grade_claimed_and_the_imei_from_the_order(app, shop, operator):
    seller_id = seller_ids(shop)[0]
    unit = shop[seller_id]
    data = form(operator, seller_id, source=f"unit-{unit['unit']}", grade_found="broken", identifier="ignored",
                defects=["screen", "non_original_parts"], notes="Screen replaced with a copy, cracked corner.")
    found = inspection(app, post(operator, data, [("front.png", PNG), ("back.webp", WEBP)]))
    assert (found.kind, found.seller_id, found.order_line_id, found.grade_claimed, found.identifier) == (
        "mystery_order", seller_id, unit["line"], unit["grade"], unit["imei"])
    assert found.grade_found == "broken" and found.battery_health == 88
    assert found.defects == ["screen", "non_original_parts"]
    assert [(p["type"], p["name"]) for p in found.photos] == [("image/png", "front.png"), ("image/webp", "back.webp")]
    assert all(re.fullmatch(r"[0-9a-f]{32}", p["stored"]) for p in found.photos)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "inspection.record")
                                  .order_by(AuditEntry.id.desc()).limit(1))
        assert (entry.subject_type, entry.subject_id, entry.details["inspection"]) == ("seller", seller_id, found.id)
    page = operator.get(f"/admin/inspections/{found.id}").get_data(as_text=True)
    assert "Grade miss" in page and unit["imei"] in page and "Screen replaced" in page and "Non-original parts" in page
    with operator.get(f"/admin/inspections/{found.id}/photos/1") as photo:
        stored = Path(app.config["INSPECTION_FILES_DIR"]) / found.photos[1]["stored"]
        assert photo.status_code == 200 and photo.mimetype == "image/webp" and photo.data == stored.read_bytes()
        assert "sandbox" in photo.headers["Content-Security-Policy"]
        assert photo.headers["X-Content-Type-Options"] == "nosniff"
        assert photo.headers["Content-Disposition"].startswith("inline") and "back.webp" in photo.headers["Content-Disposition"]
    assert status(operator, f"/admin/inspections/{found.id}/photos/2") == 404
    audit_page = staff_client(app, "admin")[0].get("/admin/audit").get_data(as_text=True)
    assert "Inspection recorded" in audit_page


def test_a_spot_check_takes_the_grade_claimed_from_the_offer_and_the_serial_as_typed(app, shop, operator):
    seller_id = seller_ids(shop)[0]
    offer_id = shop[seller_id]["offer"]
    data = form(operator, seller_id, source=f"offer-{offer_id}", grade_found="premium", battery_health="",
                identifier=" F2LXK0ABC123 ")
    found = inspection(app, post(operator, data))
    with app.app_context():
        claimed = db.session.get(Offer, offer_id).grade
    assert (found.kind, found.offer_id, found.order_line_id, found.grade_claimed) == ("spot_check", offer_id, None, claimed)
    assert found.identifier == "F2LXK0ABC123" and found.battery_health is None and found.defects == []


def test_choosing_the_seller_reloads_the_page_without_js_and_swaps_only_the_form_with_htmx(app, shop, operator):
    seller_id = seller_ids(shop)[0]
    unit = f'value="unit-{shop[seller_id]["unit"]}"'
    page = operator.get(f"/admin/inspections/new?seller={seller_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html and unit in html and 'hx-target="#admin-inspection-form"' in html
    partial = operator.get(f"/admin/inspections/new?seller={seller_id}", headers=htmx_headers(FORM))
    html = partial.get_data(as_text=True)
    assert partial.status_code == 200 and "<html" not in html and html.lstrip().startswith(f'<div id="{FORM}"')
    assert unit in html and "HX-Target" in partial.headers["Vary"]
    other = seller_ids(shop)[1]
    assert f'value="unit-{shop[other]["unit"]}"' not in html  # only the chosen seller's units
    empty = operator.get("/admin/inspections/new", headers=htmx_headers(FORM)).get_data(as_text=True)
    assert "Choose a refurbisher first" in empty and "<html" not in empty


@pytest.mark.parametrize("fields, field", [
    ({"grade_found": ""}, "grade_found"),
    ({"grade_found": "mint"}, "grade_found"),
    ({"battery_health": "120"}, "battery_health"),
    ({"defects": ["screen", "teleporter"]}, "defects"),
    ({"defects": ["other"], "notes": ""}, "notes"),
    ({"notes": "x" * 4001}, "notes"),
    ({"source": ""}, "source"),
    ({"source": "unit-abc"}, "source"),
    ({"source": "offer-", "identifier": "x" * 41}, "source"),
])
def test_bad_input_gets_an_error_at_its_field_and_saves_nothing(app, shop, operator, fields, field):
    seller_id = seller_ids(shop)[0]
    data = form(operator, seller_id, source=f"offer-{shop[seller_id]['offer']}", notes="Kept as typed")
    data.update(fields)
    before, files = count(app), stored_files(app)
    response = post(operator, data, [("kept.png", PNG)])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="f-{field}-error"' in html and 'aria-invalid="true"' in html
    assert count(app) == before and stored_files(app) == files
    if "notes" not in fields:
        assert "Kept as typed" in html


def test_another_sellers_unit_or_offer_is_refused(app, shop, operator):
    mine, theirs = seller_ids(shop)
    before = count(app)
    for source in (f"unit-{shop[theirs]['unit']}", f"offer-{shop[theirs]['offer']}"):
        response = post(operator, form(operator, mine, source=source))
        assert response.status_code == 422 and 'id="f-source-error"' in response.get_data(as_text=True)
    assert count(app) == before


def test_a_double_submit_records_one_inspection(app, shop, operator):
    seller_id = seller_ids(shop)[0]
    data = form(operator, seller_id, source=f"offer-{shop[seller_id]['offer']}")
    before = count(app)
    first, second = post(operator, data, [("a.png", PNG)]), post(operator, data, [("a.png", PNG)])
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(app) == before + 1
    found = inspection(app, first)
    assert set(stored_files(app)) >= {p["stored"] for p in found.photos}
    with app.app_context():
        kept = {p["stored"] for i in db.session.scalars(select(Inspection)) for p in i.photos}
    assert set(stored_files(app)) == kept  # the second form's photo was not left behind


@pytest.mark.parametrize("photos", [
    [("photo.png", b"<html><script>alert(1)</script></html>")],
    [("photo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    [("photo.png", b"GIF89a" + b"\x00" * 32)],
    [("big.png", PNG + b"\x00" * (8 * 1024 * 1024))],
    [(f"p{n}.png", PNG) for n in range(9)],
])
def test_a_hostile_or_oversized_file_is_refused_and_nothing_is_stored(app, shop, operator, photos):
    seller_id = seller_ids(shop)[0]
    data = form(operator, seller_id, source=f"offer-{shop[seller_id]['offer']}")
    before, files = count(app), stored_files(app)
    response = post(operator, data, [("fine.png", PNG), *photos])
    assert response.status_code == 422 and 'id="f-photos-error"' in response.get_data(as_text=True)
    assert count(app) == before and stored_files(app) == files


def test_a_phone_photo_is_kept_upright_without_its_location_or_serial(app, shop, operator):
    seller_id = seller_ids(shop)[0]
    data = form(operator, seller_id, source=f"offer-{shop[seller_id]['offer']}")
    sent = image("image/jpeg", exif=phone_exif())
    found = inspection(app, post(operator, data, [("IMG_0042.jpg", sent)]))
    with operator.get(f"/admin/inspections/{found.id}/photos/0") as photo:
        assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
        assert SERIAL.encode() not in photo.data and photo.data != sent
        assert found.photos[0]["size"] == len(photo.data)
        with Image.open(io.BytesIO(photo.data)) as shown:
            assert not shown.getexif() and shown.size == (20, 40)


@pytest.mark.parametrize("photo, words", [
    (("huge.png", png_header(50_000, 50_000)), "huge.png has more than 40 megapixels"),
    (("wide.png", png_header(8000, 6000)), "wide.png has more than 40 megapixels"),
    (("cut.jpg", truncated_jpeg()), "cut.jpg could not be read as a photo"),
    (("fake.jpg", b"\xff\xd8\xff\xe0" + b"<script>alert(1)</script>" * 8), "fake.jpg could not be read as a photo"),
])
def test_a_bomb_or_a_broken_photo_is_refused_at_the_field_and_nothing_is_stored(app, shop, operator, photo, words):
    seller_id = seller_ids(shop)[0]
    data = form(operator, seller_id, source=f"offer-{shop[seller_id]['offer']}", notes="Kept as typed")
    before, files = count(app), stored_files(app)
    response = post(operator, data, [("fine.png", PNG), photo])
    html = response.get_data(as_text=True)
    error = re.search(r'id="f-photos-error">([^<]*)<', html)
    assert response.status_code == 422 and error and words in error.group(1)
    assert "Kept as typed" in html
    assert count(app) == before and stored_files(app) == files


@pytest.mark.parametrize("role", ["seller", "customer", "marketing", "care"])
def test_only_quality_and_admin_record_inspections(app, shop, operator, role):
    seller_id = seller_ids(shop)[0]
    data = form(operator, seller_id, source=f"offer-{shop[seller_id]['offer']}")
    client, _user = staff_client(app, role)
    data["csrf_token"] = csrf_token(client)
    before = count(app)
    response = post(client, data)
    assert response.status_code == 403 and count(app) == before
    assert client.get("/admin/inspections").status_code == 403


def test_the_list_is_newest_first_and_filters_by_seller_and_outcome(app, shop, operator):
    first, second = seller_ids(shop)
    miss = inspection(app, post(operator, form(operator, first, source=f"unit-{shop[first]['unit']}", grade_found="broken")))
    dents = inspection(app, post(operator, form(operator, second, source=f"offer-{shop[second]['offer']}",
                                                grade_found="premium", defects=["body"])))
    passed = inspection(app, post(operator, form(operator, second, source=f"offer-{shop[second]['offer']}",
                                                 grade_found="premium")))

    def listed(query=""):
        html = operator.get(f"/admin/inspections{query}").get_data(as_text=True)
        return [int(n) for n in re.findall(r'/admin/inspections/(\d+)"', html)]

    everything = listed()
    assert everything.index(passed.id) < everything.index(dents.id) < everything.index(miss.id)
    assert miss.id in listed("?outcome=grade_miss") and not {dents.id, passed.id} & set(listed("?outcome=grade_miss"))
    assert dents.id in listed("?outcome=defects") and not {miss.id, passed.id} & set(listed("?outcome=defects"))
    assert passed.id in listed("?outcome=passed") and not {miss.id, dents.id} & set(listed("?outcome=passed"))
    assert miss.id not in listed(f"?seller={second}") and dents.id in listed(f"?seller={second}")
    assert operator.get("/admin/inspections?outcome=nonsense&seller=x&page=999").status_code == 200
    tiles = operator.get(f"/admin/inspections?seller={second}").get_data(as_text=True)
    assert re.findall(r'stat__figure">(\d+)<', tiles) == ["0", "1", "1"]  # grade misses, defects, passed


def test_a_seller_sees_its_own_inspections_and_photos_never_another_sellers(app, shop, operator):
    mine, theirs = seller_ids(shop)
    found = inspection(app, post(operator, form(operator, mine, source=f"unit-{shop[mine]['unit']}", grade_found="fair",
                                                notes="Dent <b>near</b> the camera."), [("dent.png", PNG)]))
    photo_url = f"/seller/inspections/{found.id}/photos/0"
    own, _user = staff_client(app, "seller", seller_slug=shop[mine]["slug"])
    page = own.get("/seller/inspections").get_data(as_text=True)
    assert f"Inspection #{found.id}" in page and photo_url in page and "Dent &lt;b&gt;near&lt;/b&gt;" in page
    assert status(own, photo_url) == 200
    other, _user = staff_client(app, "seller", seller_slug=shop[theirs]["slug"])
    page = other.get("/seller/inspections").get_data(as_text=True)
    assert f"Inspection #{found.id}" not in page and photo_url not in page
    assert status(other, photo_url) == 404
    assert other.get(f"/admin/inspections/{found.id}").status_code == 403
    assert status(other, f"/admin/inspections/{found.id}/photos/0") == 403
    assert status(own, f"/admin/inspections/{found.id}/photos/0") == 403
