"""Domains depend one way and views hold no SQL (DESIGN.md §2): `python -m tests.import_graph` draws the graph these tests check."""
from tests.import_graph import graph, problems, views_on_the_database


def test_domains_import_only_the_ones_below_them_and_never_in_a_loop():
    assert problems() == []


def test_the_graph_reads_function_level_imports_too():
    assert ("orders", "services") in graph()[("accounts", "views")]


def test_an_upward_import_a_loop_and_a_service_reaching_for_views_are_each_reported():
    edges = {
        ("cart", "services"): {("orders", "money")},  # orders sits above cart
        ("orders", "services"): {("cart", "services"), ("catalog", "templating")},
        ("search", "views"): {("catalog", "views")},
    }
    assert problems(edges) == [
        "cart.services imports orders.money: orders sits above cart",
        "orders.services imports catalog.templating: a request-facing module, from a service",
        "search.views imports catalog.views: another domain's views",
        "loop: cart → orders → cart",
    ]


def test_views_reach_the_database_only_through_services():
    assert views_on_the_database() == []


def test_a_view_importing_sqlalchemy_or_the_session_is_reported():
    sources = {
        ("site", "views"): "from sqlalchemy import text\nfrom ..extensions import db, csrf\n",
        ("cart", "views"): "import sqlalchemy.orm\nfrom ..extensions import limiter\n",
        ("home", "views"): "from ..catalog.services import categories_with_counts\n",
    }
    assert views_on_the_database(sources) == [
        "cart.views imports sqlalchemy.orm: views reach the database through services",
        "site.views imports sqlalchemy: views reach the database through services",
        "site.views imports extensions.db: views reach the database through services",
    ]
