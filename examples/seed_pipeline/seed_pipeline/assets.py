"""Software-defined assets: raw data from the API and revenue per user."""

import pandas as pd

from orchestrator import AssetExecutionContext, asset

from .resources import ApiResource


@asset(group_name="raw")
def raw_users(context: AssetExecutionContext, api: ApiResource) -> pd.DataFrame:
    """Fetch raw user data from API."""
    import httpx

    response = httpx.get(f"{api.base_url}/users")
    df = pd.DataFrame(response.json())
    context.log.info(f"Fetched {len(df)} users")
    return df


@asset(group_name="raw")
def raw_orders(context: AssetExecutionContext, api: ApiResource) -> pd.DataFrame:
    """Fetch raw order data from API."""
    import httpx

    response = httpx.get(f"{api.base_url}/orders")
    return pd.DataFrame(response.json())


@asset(group_name="analytics", deps=[raw_users, raw_orders])
def revenue_by_user(raw_users: pd.DataFrame, raw_orders: pd.DataFrame) -> pd.DataFrame:
    """Calculate total revenue per user."""
    merged = raw_orders.merge(raw_users, left_on="user_id", right_on="id")
    result = (
        merged.groupby(["user_id", "name"])
        .agg(total_revenue=("amount", "sum"), order_count=("id_x", "count"))
        .reset_index()
    )
    return result
