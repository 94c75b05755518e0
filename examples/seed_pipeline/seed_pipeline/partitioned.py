"""Time-partitioned assets for incremental processing."""

import httpx
import pandas as pd

from orchestrator import DailyPartitionsDefinition, asset

from .resources import api_base_url

daily_partitions = DailyPartitionsDefinition(start_date="2026-01-01")


def fetch_events(date: str) -> pd.DataFrame:
    """The events of one day (``YYYY-MM-DD``) from the API's ``/events`` endpoint."""
    response = httpx.get(f"{api_base_url()}/events", params={"date": date})
    response.raise_for_status()
    return pd.DataFrame(response.json())


@asset(partitions_def=daily_partitions, group_name="raw")
def daily_events(context):
    """Fetch events for a specific date partition."""
    date = context.partition_key  # e.g., "2026-02-19"
    context.log.info(f"Processing events for {date}")
    # Fetch only this date's data
    return fetch_events(date)
