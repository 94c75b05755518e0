"""The assets app of the orchestrator server."""
