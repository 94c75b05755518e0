"""Fixtures for the selection tests."""

import pytest
from selection_graphs import diamond_graph

from orchestrator._core.asset_graph import AssetGraph


@pytest.fixture
def graph() -> AssetGraph:
    """The diamond graph described in ``selection_graphs.diamond_graph``."""
    return diamond_graph()
