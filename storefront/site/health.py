"""What a load balancer's health check asks of the app."""
from sqlalchemy import text

from ..extensions import db


def database_reachable() -> None:
    """Run the cheapest query there is; raises when the database cannot be reached."""
    db.session.execute(text("SELECT 1"))
