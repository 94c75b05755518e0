"""Run latency and throughput through the server: ``run_create`` -> broker -> Celery worker -> database.

For the embedded broker (SQLite through kombu's SQLAlchemy transport) and, when
reachable, Redis, prints:
  - launch -> first STEP_START: from calling ``run_create`` for a one-asset run until
    the worker starts the step (the STEP_START event's timestamp; same clock), and
    until the event is readable in the database; p50/p95 over ``--runs`` runs;
  - a ``--chain``-asset chain launched through ``run_create`` (in-process executor):
    launch -> RUN_SUCCESS readable, median of ``--repeats``;
  - optionally (``--per-step``) the same chain with the per-step executor.

Each broker is measured in a child process with its own ``ORCHESTRATOR_HOME``
(SQLite database, embedded broker, storage) and its own worker processes.

Run: .venv/bin/python benchmarks/server_runs.py [--runs 30] [--chain 200] [--pool solo|prefork]
     [--redis-url redis://127.0.0.1:6379/14] [--per-step]
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

PROJECT = """
from orchestrator import AssetIn, Definitions, asset

CHAIN = {chain}


@asset
def one() -> int:
    return 1


def _link(i):
    if i == 0:

        def fn() -> int:
            return 0

        return asset(fn, name="c0")

    def fn(upstream: int) -> int:
        return upstream + 1

    return asset(fn, name=f"c{{i}}", ins={{"upstream": AssetIn(f"c{{i - 1}}")}})


defs = Definitions(assets=[one, *[_link(i) for i in range(CHAIN)]])
"""


def redis_reachable(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# -- child: one broker ----------------------------------------------------------------------------------
def _start_workers(
    args: argparse.Namespace, env: dict[str, str], home: Path
) -> list[subprocess.Popen[bytes]]:
    workers = []
    for i in range(args.workers):
        log = (home / f"worker{i}.log").open("wb")
        pool = ["--pool=solo"] if args.pool == "solo" else ["--pool=prefork", "--concurrency=2"]
        command = [sys.executable, "-m", "celery", "-A", "orchestrator_site", "worker", *pool]
        command += ["--loglevel=WARNING", f"--hostname=bench{i}@%h"]
        command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
        workers.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return workers


def _wait(predicate: Any, timeout: float, interval: float = 0.002) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark run did not finish in time")
        time.sleep(interval)


def child(args: argparse.Namespace) -> None:
    home = Path(args.home)
    os.environ.update(ORCHESTRATOR_HOME=str(home), CELERY_BROKER_URL=args.broker)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orchestrator_site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from assets_app.services import code_location_store
    from orchestrator._core.code_location import load_code_location
    from orchestrator_site.celery import app
    from runs_app.models import Run, RunEvent
    from runs_app.services import run_create

    project = home / "bench_project.py"
    project.write_text(PROJECT.format(chain=args.chain))
    code_location_store(location=load_code_location(python_file=str(project), location_name="bench"))
    app.control.purge()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = _start_workers(args, env, home)
    try:

        def finish(run: Any, timeout: float = 120.0) -> Any:
            return _wait(
                lambda: Run.objects.filter(id=run.id, status__in=["SUCCESS", "FAILURE"]).first(), timeout
            )

        # Warm up: workers start and import the code location.
        for _ in range(3):
            assert finish(run_create(selection=["one"]), timeout=60).status == "SUCCESS"

        started, visible = [], []
        for _ in range(args.runs):
            t0 = time.time()
            run = run_create(selection=["one"])
            event = _wait(
                lambda run=run: RunEvent.objects.filter(run=run, event_type="STEP_START").first(), timeout=30
            )
            visible.append(time.time() - t0)
            started.append(event.timestamp - t0)
            finish(run)

        results: dict[str, Any] = {"start": started, "visible": visible}
        for executor in ["in_process", *(["per_step"] if args.per_step else [])]:
            totals = []
            for _ in range(args.repeats):
                t0 = time.time()
                run = run_create(selection=f"*c{args.chain - 1}", executor=executor)
                done = finish(run, timeout=600)
                assert done.status == "SUCCESS", done.status
                totals.append(time.time() - t0)
            results[f"chain_{executor}"] = totals
        print(json.dumps(results))
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)


# -- parent: report -------------------------------------------------------------------------------------
def measure(args: argparse.Namespace, label: str, broker: str | None) -> dict[str, Any] | None:
    with tempfile.TemporaryDirectory(prefix="orchestrator-bench-") as home:
        broker = broker or f"sqla+sqlite:///{home}/broker.db"
        command = [sys.executable, __file__, "--child", "--home", home, "--broker", broker]
        command += ["--runs", str(args.runs), "--chain", str(args.chain), "--repeats", str(args.repeats)]
        command += ["--pool", args.pool, "--workers", str(args.workers)]
        command += ["--per-step"] if args.per_step else []
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
        proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{label}: failed\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}")
            return None
        return json.loads(proc.stdout.strip().splitlines()[-1])


def report(label: str, r: dict[str, Any], args: argparse.Namespace) -> None:
    ms = 1000.0
    print(f"{label}")
    print(
        f"  launch -> STEP_START on the worker  p50 {statistics.median(r['start']) * ms:7.1f} ms"
        f"   p95 {percentile(r['start'], 0.95) * ms:7.1f} ms   ({len(r['start'])} runs)"
    )
    print(
        f"  launch -> STEP_START readable       p50 {statistics.median(r['visible']) * ms:7.1f} ms"
        f"   p95 {percentile(r['visible'], 0.95) * ms:7.1f} ms"
    )
    for key, name in (("chain_in_process", "in-process"), ("chain_per_step", "per-step")):
        if key in r:
            print(
                f"  {args.chain}-asset chain, {name:<10}      median {statistics.median(r[key]):6.3f} s"
                f"   (runs: {', '.join(f'{t:.3f}' for t in r[key])})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--chain", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pool", choices=["solo", "prefork"], default="prefork")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument(
        "--per-step", action="store_true", help="also run the chain with the per-step executor"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    parser.add_argument("--broker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(
        f"server runs: SQLite database, {args.workers} worker(s), {args.pool} pool, {os.cpu_count()} CPU(s)"
    )
    brokers: list[tuple[str, str | None]] = [("embedded broker (SQLite)", None)]
    if redis_reachable(args.redis_url):
        brokers.append((f"Redis ({args.redis_url})", args.redis_url))
    else:
        print(f"Redis at {args.redis_url} is not reachable: skipped")
    for label, broker in brokers:
        result = measure(args, label, broker)
        if result is not None:
            report(label, result, args)


if __name__ == "__main__":
    main()
