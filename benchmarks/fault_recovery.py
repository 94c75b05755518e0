"""How fast a killed run is failed, and whether the server goes on: real web, worker and daemon.

For each broker (embedded; Redis and RabbitMQ on PostgreSQL when their URLs are given),
``--kills`` times per executor: launch a run whose step waits, SIGKILL the process
executing the step, and time until the API shows the run FAILURE; then once more with
the whole worker killed and a replacement started. Prints p50 and max seconds, and
checks that a new run succeeds after every kill. Monitoring runs at its defaults
(``ORCHESTRATOR_STALE_AFTER_SECONDS=60``, monitor every 10 s) unless overridden.

Run: .venv/bin/python benchmarks/fault_recovery.py [--kills 5]
     [--postgres-url ...] [--redis-url ...] [--amqp-url ...]
"""

import argparse
import json
import logging
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.locations import PROJECTS  # noqa: E402
from tests.fixtures.stack import ServerStack, fresh_postgres_database, redis_url_with_db, wait_until  # noqa: E402

HOLD = ["before", "hold", "after_hold"]
DEFAULT_MONITORING = {
    "ORCHESTRATOR_HEARTBEAT_SECONDS": "5",
    "ORCHESTRATOR_STALE_AFTER_SECONDS": "60",
    "ORCHESTRATOR_MONITOR_INTERVAL_SECONDS": "10",
    "ORCHESTRATOR_QUEUED_REDISPATCH_SECONDS": "30",
}


def holding_pid(stack: ServerStack, run_id: str) -> int:
    path = stack.home / "faults" / f"holding-{run_id}"
    wait_until(path.exists, timeout=60, what="hold to start")
    return int(path.read_text())


def time_to_failure(stack: ServerStack, run_id: str, kill: Callable[[], None]) -> float:
    kill()
    killed = time.monotonic()
    run = stack.wait_finished(run_id, timeout=120)
    assert run["status"] == "FAILURE", run
    return time.monotonic() - killed


def measure(stack: ServerStack, kills: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    for executor in ("in_process", "per_step"):
        seconds = []
        for _ in range(kills):
            run_id = stack.launch({"selection": HOLD, "executor": executor})["id"]
            pid = holding_pid(stack, run_id)
            seconds.append(time_to_failure(stack, run_id, lambda pid=pid: os.kill(pid, signal.SIGKILL)))
            assert stack.wait_finished(stack.launch({"selection": ["single"]})["id"])["status"] == "SUCCESS"
        figures[f"{executor}_step_killed_p50_s"] = statistics.median(seconds)
        figures[f"{executor}_step_killed_max_s"] = max(seconds)
    run_id = stack.launch({"selection": HOLD})["id"]
    holding_pid(stack, run_id)

    def kill_worker() -> None:
        stack.kill("worker")
        stack.start_worker()

    figures["whole_worker_killed_s"] = time_to_failure(stack, run_id, kill_worker)
    assert stack.wait_finished(stack.launch({"selection": ["single"]})["id"])["status"] == "SUCCESS"
    return {k: round(v, 2) for k, v in figures.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--postgres-url", default=os.environ.get("ORCHESTRATOR_TEST_POSTGRES_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("ORCHESTRATOR_TEST_REDIS_URL"))
    parser.add_argument("--amqp-url", default=os.environ.get("ORCHESTRATOR_TEST_AMQP_URL"))
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    brokers = [("embedded", None)]
    if args.postgres_url and args.redis_url:
        brokers.append(("postgres+redis", "redis"))
    if args.postgres_url and args.amqp_url:
        brokers.append(("postgres+rabbitmq", "amqp"))
    for label, kind in brokers:
        with tempfile.TemporaryDirectory() as tmp, ExitStack() as resources:
            database_url = broker_url = None
            if kind is not None:
                database_url = resources.enter_context(fresh_postgres_database(args.postgres_url))
                broker_url = redis_url_with_db(args.redis_url, 12) if kind == "redis" else args.amqp_url
            stack = ServerStack(
                Path(tmp) / "home",
                PROJECTS / "faults_project.py",
                database_url=database_url,
                broker_url=broker_url,
                settings=DEFAULT_MONITORING,
            )
            resources.callback(stack.stop)
            (stack.home / "faults").mkdir(parents=True, exist_ok=True)
            stack.prepare().start_all()
            print(
                json.dumps({"broker": label, "kills": args.kills, **measure(stack, args.kills)}), flush=True
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
