"""Assets that use database resources."""

from orchestrator import AssetExecutionContext, asset

from .assets import raw_users
from .resources import DatabaseResource


@asset(group_name="warehouse", deps=[raw_users])
def dim_users(context: AssetExecutionContext, database: DatabaseResource):
    """Load cleaned user dimension table into warehouse."""
    users = database.query("SELECT id, name, email, created_at FROM raw_users")
    context.log.info(f"Loaded {len(users)} users into warehouse")
    return users
