"""The runs app of the orchestrator server."""
