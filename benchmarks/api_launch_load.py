"""Launch load through the API: many clients, thousands of single-asset runs, two workers.

Starts ``orchestrator web``, two ``orchestrator worker`` processes and ``orchestrator daemon``
on PostgreSQL and Redis (a fresh database and Redis database, removed afterwards), then
``--clients`` threads launch ``--runs`` runs of one asset over HTTP. Prints accepted
launches per second, launch latency p50/p99, runs per second from the first launch to
the last run's end, and checks that every run ran exactly once with its events in order.

Run: .venv/bin/python benchmarks/api_launch_load.py [--runs 2000] [--clients 8] [--concurrency 2]
     [--postgres-url postgresql://postgres@127.0.0.1:5432/test] [--redis-url redis://127.0.0.1:6379/15]
"""

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.load import check_every_run_ran_once, launch_many  # noqa: E402
from tests.fixtures.locations import PROJECTS  # noqa: E402
from tests.fixtures.stack import ServerStack, fresh_postgres_database, redis_url_with_db  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--web-processes", type=int, default=2, help="gunicorn processes (orchestrator web's default)."
    )
    parser.add_argument(
        "--concurrency", type=int, default=2, help="Runs each of the two workers executes at once."
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("ORCHESTRATOR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("ORCHESTRATOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)

    with tempfile.TemporaryDirectory() as tmp, fresh_postgres_database(args.postgres_url) as database_url:
        stack = ServerStack(
            Path(tmp) / "home",
            PROJECTS / "faults_project.py",
            database_url=database_url,
            broker_url=redis_url_with_db(args.redis_url, 12),
            # Production-like monitoring: the default intervals, not the tests' fast ones.
            settings={
                "ORCHESTRATOR_MONITOR_INTERVAL_SECONDS": "10",
                "ORCHESTRATOR_QUEUED_REDISPATCH_SECONDS": "30",
            },
        )
        try:
            stack.prepare().start_web(processes=args.web_processes)
            stack.start_worker("worker-1", concurrency=args.concurrency)
            stack.start_worker("worker-2", concurrency=args.concurrency)
            stack.start_daemon()
            result = launch_many(stack, runs=args.runs, clients=args.clients, selection=["single"])
            problems = check_every_run_ran_once(stack, result, clients=args.clients)
        finally:
            stack.stop()
    figures = {k: round(v, 1) for k, v in result.figures().items()}
    shape = {
        "clients": args.clients,
        "web_processes": args.web_processes,
        "workers": 2,
        "concurrency": args.concurrency,
    }
    print(json.dumps({**shape, **figures}))
    print(
        f"checked: {len(result.accepted) - len(problems)} of {len(result.accepted)} runs ran once, events in order"
    )
    for problem in problems[:20]:
        print("  ", problem)
    return 1 if problems or result.refused else 0


if __name__ == "__main__":
    sys.exit(main())
