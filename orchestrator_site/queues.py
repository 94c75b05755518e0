"""Broker queue names (no imports: the command line reads them without starting Django)."""

# Runs and steps: consumed by every ``orchestrator worker``.
RUNS_QUEUE = "celery"
# Periodic work sent by beat: consumed only by ``orchestrator daemon``.
DAEMON_QUEUE = "orchestrator.daemon"
