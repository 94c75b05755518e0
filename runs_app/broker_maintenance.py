"""The embedded SQLAlchemy broker never deletes consumed messages; prune them."""

from django.conf import settings


def prune_consumed_messages() -> int:
    """Delete consumed (invisible) rows of the embedded broker; returns how many."""
    url = str(settings.CELERY_BROKER_URL)
    if not url.startswith("sqla+"):
        return 0
    import sqlalchemy

    engine = sqlalchemy.create_engine(url.removeprefix("sqla+"))
    try:
        with engine.begin() as conn:
            if not sqlalchemy.inspect(conn).has_table("kombu_message"):
                return 0
            result = conn.execute(sqlalchemy.text("DELETE FROM kombu_message WHERE visible = 0"))
            return int(result.rowcount or 0)
    finally:
        engine.dispose()
