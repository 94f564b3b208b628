"""`read()`: a column select on the session's connection gives the rows a session query gives."""
from datetime import date

import pytest
from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError, StatementError

from storefront.catalog.models import Product, Review
from storefront.extensions import db, read
from storefront.offers.buybox import _VERSION

PRODUCTS = select(Product.id, Product.slug, Product.name).where(Product.id.in_(bindparam("ids", expanding=True))).order_by(Product.id)
REVIEWS = select(Review.id, Review.created_on).where(Review.product_id == bindparam("product_id")).order_by(Review.id).limit(3)


def as_session_query(statement, **params):
    return db.session.execute(statement, params).all()


@pytest.mark.parametrize("ids", [[1], [3, 1, 2], []])
def test_list_parameters_are_expanded(app, ids):
    with app.app_context():
        rows = read(PRODUCTS, ids=ids)
        assert rows == as_session_query(PRODUCTS, ids=ids)
    assert [r.id for r in rows] == sorted(ids)
    assert all(isinstance(r.slug, str) for r in rows)


def test_column_types_are_converted_and_constants_bound(app):
    with app.app_context():
        product_id = db.session.scalar(select(Review.product_id).limit(1))
        rows = read(REVIEWS, product_id=product_id)
        assert rows == as_session_query(REVIEWS, product_id=product_id) and len(rows) == 3  # LIMIT is a constant
        assert all(isinstance(r.created_on, date) for r in rows)
        assert read(_VERSION).scalar() == db.session.scalar(_VERSION) is not None  # `id == 1` is a constant too


def test_result_methods(app):
    with app.app_context():
        rows = read(PRODUCTS, ids=[2, 1])
        assert rows.first().id == 1 and rows.all() == rows and rows.scalars() == [1, 2] and rows.scalar() == 1
        assert list(rows.first()._asdict()) == ["id", "slug", "name"]  # by name, as ProductView takes them
        empty = read(PRODUCTS, ids=[0])
        assert empty.first() is None and empty.scalar() is None and empty.scalars() == []


def test_literal_lists_and_values_bound_in_the_statement(app):
    fixed = select(Product.id).where(Product.id.in_([2, 1])).order_by(Product.id)
    overridable = select(Product.id).where(Product.id == bindparam("id", value=1))
    with app.app_context():
        assert read(fixed).scalars() == [1, 2]
        assert read(overridable).scalar() == 1 and read(overridable, id=2).scalar() == 2


def test_a_missing_parameter_or_a_driver_error_is_sqlalchemys_error(app):
    broken = select(Product.id).where(Product.id == bindparam("id")).where(text("no_such_column = 1"))
    with app.app_context():
        with pytest.raises(StatementError):
            read(PRODUCTS)  # ids= missing
        with pytest.raises((OperationalError, ProgrammingError)):  # SQLite's and PostgreSQL's words for it
            read(broken, id=1)
        db.session.rollback()  # PostgreSQL refuses more statements in a failed transaction
        assert read(PRODUCTS, ids=[1]).scalars() == [1]  # the connection still works


def test_pending_changes_are_flushed_first_as_a_session_query_would(app):
    with app.app_context():
        review = db.session.scalars(select(Review).limit(1)).one()
        review.title = "Flushed before the read"
        try:
            title = read(select(Review.title).where(Review.id == bindparam("id")), id=review.id).scalar()
            assert title == "Flushed before the read"
        finally:
            db.session.rollback()
