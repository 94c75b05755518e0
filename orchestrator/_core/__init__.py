"""Implementation of the orchestrator SDK; import public names from ``orchestrator``."""
