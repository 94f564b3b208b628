"""`read()`: the driver path gives the rows SQLAlchemy's path gives."""
from datetime import date

import pytest
from sqlalchemy import bindparam, event, select, text
from sqlalchemy.exc import OperationalError, StatementError

from storefront.catalog.models import Product, Review
from storefront.extensions import db, read
from storefront.offers.buybox import _VERSION

PRODUCTS = select(Product.id, Product.slug, Product.name).where(Product.id.in_(bindparam("ids", expanding=True))).order_by(Product.id)
REVIEWS = select(Review.id, Review.created_on).where(Review.product_id == bindparam("product_id")).order_by(Review.id).limit(3)


def both(app, statement, **params):
    """The rows of the driver path, then of SQLAlchemy's (taken while a cursor listener is attached)."""
    with app.app_context():
        fast = read(statement, **params)
        listener = lambda *_: None  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            slow = read(statement, **params)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return fast, slow


@pytest.mark.parametrize("ids", [[1], [3, 1, 2], []])
def test_list_parameters_are_expanded(app, ids):
    fast, slow = both(app, PRODUCTS, ids=ids)
    assert [tuple(r) for r in fast] == [tuple(r) for r in slow]
    assert [r.id for r in fast] == sorted(ids)
    assert all(isinstance(r.slug, str) for r in fast)


def test_column_types_are_converted_and_constants_bound(app):
    with app.app_context():
        product_id = db.session.scalar(select(Review.product_id).limit(1))
    fast, slow = both(app, REVIEWS, product_id=product_id)
    assert fast == [tuple(r) for r in slow] and len(fast) == 3  # LIMIT is a constant bound by the driver path
    assert all(isinstance(r.created_on, date) for r in fast)
    fast, slow = both(app, _VERSION)  # `id == 1` is a constant too
    assert fast.scalar() == slow.scalar() is not None


def test_result_methods(app):
    with app.app_context():
        rows = read(PRODUCTS, ids=[2, 1])
        assert rows.first().id == 1 and rows.all() == rows and rows.scalars() == [1, 2] and rows.scalar() == 1
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
        with pytest.raises(OperationalError):
            read(broken, id=1)
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
