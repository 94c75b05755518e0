"""Latency of ``GET /api/asset-graph/`` and ``GET /api/assets/?limit=100`` over a 10,000-asset location.

Run with ``.venv/bin/python benchmarks/api_asset_graph.py``. It builds a synthetic snapshot (a layered
DAG, about two dependencies per asset), stores it as a code location in a fresh SQLite database under a
temporary ``ORCHESTRATOR_HOME``, records history for half of the assets (materializations, runs, a
failure), then times each endpoint with Django's test client: one warm-up request, then p50/p95 over
``--requests`` requests. The first (cold) request, which builds the per-fingerprint index, is printed too.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthetic_snapshot(count: int, width: int, seed: int = 7) -> dict[str, Any]:
    """A snapshot of ``count`` assets in layers of ``width``; each depends on two of the layer above."""
    rng = random.Random(seed)
    keys = [[f"layer_{i // width:03d}", f"asset_{i:05d}"] for i in range(count)]
    deps: list[list[list[str]]] = []
    for i in range(count):
        layer = i // width
        if layer == 0:
            deps.append([])
            continue
        above = range((layer - 1) * width, min(layer * width, count))
        deps.append(sorted(keys[j] for j in rng.sample(above, k=min(2, len(above)))))
    dependents: list[list[list[str]]] = [[] for _ in range(count)]
    index = {tuple(k): i for i, k in enumerate(keys)}
    for i, ds in enumerate(deps):
        for d in ds:
            dependents[index[tuple(d)]].append(keys[i])
    assets = [
        {
            "key": key,
            "key_string": "/".join(key),
            "node_name": "__".join(key),
            "group_name": key[0],
            "description": f"Synthetic asset {i}",
            "deps": [{"asset_key": d, "partition_mapping": None} for d in deps[i]],
            "dependents": sorted(dependents[i]),
            "is_materializable": True,
            "is_external": False,
            "skippable": False,
            "can_subset": False,
            "partitions": None,
            "metadata": {},
            "code_version": None,
            "kinds": ["python"] if i % 3 else ["sql", "postgres"],
            "owners": [],
            "tags": {"tier": "gold" if i % 2 else "silver"},
            "io_manager_key": "io_manager",
            "required_resource_keys": ["io_manager"],
            "backfill_policy": None,
            "retry_policy": None,
            "check_names": [],
            "config_schema": None,
        }
        for i, key in enumerate(keys)
    ]
    data: dict[str, Any] = {
        "snapshot_version": 1,
        "location_name": "bench",
        "assets": assets,
        "asset_checks": [],
        "jobs": [],
        "schedules": [],
        "sensors": [],
        "resources": [],
    }
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    data["fingerprint"] = hashlib.sha256(canonical.encode()).hexdigest()
    return data


def store(snapshot: dict[str, Any]) -> None:
    """Store the snapshot through the same service a worker uses."""
    from assets_app.services import code_location_store

    location = SimpleNamespace(
        name=snapshot["location_name"],
        origin={"kind": "python_file", "location_name": snapshot["location_name"]},
        definitions=object(),
        load_error=None,
        snapshot=lambda: SimpleNamespace(to_json=lambda: snapshot),
    )
    code_location_store(location=location)


def record_history(snapshot: dict[str, Any], runs: int = 50) -> None:
    """Runs over half of the assets: their materializations (via the event storage) and one failure."""
    from orchestrator._core.asset_key import AssetKey
    from orchestrator._core.events import DagsterEvent, DagsterEventType
    from runs_app.instance_storage import DjangoInstanceStorage
    from runs_app.models import Run, RunAsset, RunStatus

    keys = [a["key_string"] for a in snapshot["assets"]][: len(snapshot["assets"]) // 2]
    per_run = -(-len(keys) // runs)
    storage = DjangoInstanceStorage()
    for n in range(runs):
        chunk = keys[n * per_run : (n + 1) * per_run]
        failed = n == runs - 1
        run = Run.objects.create(
            location_name="bench",
            job_name="__ASSET_JOB",
            asset_selection=chunk,
            status=RunStatus.FAILURE if failed else RunStatus.SUCCESS,
        )
        RunAsset.objects.bulk_create([RunAsset(run=run, asset_key=k) for k in chunk])
        if not failed:
            storage.store_events(
                [
                    DagsterEvent(
                        DagsterEventType.ASSET_MATERIALIZATION,
                        run_id=str(run.id),
                        step_key=k.replace("/", "__"),
                        asset_key=AssetKey.from_user_string(k),
                    )
                    for k in chunk
                ]
            )


def timed(client: Any, url: str, requests: int, headers: dict[str, str]) -> dict[str, float]:
    start = time.perf_counter()
    first = client.get(url, **headers)
    cold = time.perf_counter() - start
    assert first.status_code == 200, first.content[:500]
    client.get(url, **headers)  # warm-up
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url, **headers)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200
    samples.sort()
    return {
        "cold_ms": cold * 1000,
        "p50_ms": statistics.median(samples) * 1000,
        "p95_ms": samples[max(0, round(0.95 * len(samples)) - 1)] * 1000,
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--width", type=int, default=100, help="assets per layer")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary ORCHESTRATOR_HOME")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="orchestrator-bench-")
    try:
        run(args, home)
    finally:
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)


def run(args: argparse.Namespace, home: str) -> None:
    (Path(home) / "static").mkdir()  # whitenoise expects STATIC_ROOT to exist
    os.environ["ORCHESTRATOR_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "orchestrator_site.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from accounts_app.services import token_create, user_create

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    snapshot = synthetic_snapshot(args.assets, args.width)
    store(snapshot)
    record_history(snapshot)
    setup = time.perf_counter() - start
    user_create(username="bench", role="viewer")
    _, key = token_create(username="bench", name="bench")
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}
    edges = sum(len(a["deps"]) for a in snapshot["assets"])
    print(f"{args.assets} assets, {edges} edges, half materialized; setup {setup:.1f}s")

    client = Client()
    for url in (
        "/api/asset-graph/",
        "/api/assets/?limit=100",
        "/api/assets/?limit=100&kind=sql&tag=tier=gold",
    ):
        r = timed(client, url, args.requests, headers)
        print(
            f"GET {url:<48} cold {r['cold_ms']:7.1f} ms   p50 {r['p50_ms']:6.1f} ms   "
            f"p95 {r['p95_ms']:6.1f} ms   {r['bytes'] / 1024:7.0f} KiB"
        )


if __name__ == "__main__":
    main()
