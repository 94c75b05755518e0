"""The accounts app of the orchestrator server."""
