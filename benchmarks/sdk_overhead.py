"""Orchestration overhead of in-process execution, against plain Python calls.

Prints, for a chain of no-op assets and for single-asset runs:
  - the plain-Python floor (calling the same functions directly),
  - materialize_to_memory (in-memory IO manager),
  - materialize (filesystem IO manager, pickles each output),
and the per-step / per-run overhead derived from them.

Run: .venv/bin/python benchmarks/sdk_overhead.py [--chain 200] [--runs 200] [--partitions 365]
"""

import argparse
import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

from orchestrator import (
    AssetIn,
    DagsterInstance,
    DailyPartitionsDefinition,
    asset,
    materialize,
    materialize_to_memory,
)


def build_chain(n: int) -> tuple[list[Any], list[Callable[..., Any]]]:
    assets, fns = [], []
    for i in range(n):
        if i == 0:

            def fn() -> int:
                return 0

            assets.append(asset(fn, name=f"a{i}"))
        else:

            def fn(upstream: int) -> int:
                return upstream

            assets.append(asset(fn, name=f"a{i}", ins={"upstream": AssetIn(f"a{i - 1}")}))
        fns.append(fn)
    return assets, fns


def best_of(repeats: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(repeats: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chain", type=int, default=200)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--partitions", type=int, default=365)
    args = parser.parse_args()
    logging.getLogger("orchestrator").setLevel(logging.WARNING)

    chain, fns = build_chain(args.chain)

    def plain() -> None:
        value = fns[0]()
        for fn in fns[1:]:
            value = fn(value)

    floor = best_of(20, plain)
    mem = best_of(5, lambda: materialize_to_memory(chain))
    tmp = tempfile.mkdtemp()
    instance = DagsterInstance.ephemeral(tempdir=tmp)
    fs = best_of(5, lambda: materialize(chain, instance=instance))
    n = args.chain
    print(f"chain of {n} no-op assets")
    print(f"  plain python floor          {floor * 1000:9.3f} ms")
    print(
        f"  materialize_to_memory       {mem * 1000:9.3f} ms   {(mem - floor) / n * 1000:.3f} ms/step overhead"
    )
    print(
        f"  materialize (filesystem IO) {fs * 1000:9.3f} ms   {(fs - floor) / n * 1000:.3f} ms/step overhead"
    )

    single = chain[0]
    run_mem = median_of(args.runs, lambda: materialize_to_memory([single]))
    run_fs = median_of(args.runs, lambda: materialize([single], instance=instance))
    print(f"single-asset run (median of {args.runs})")
    print(f"  materialize_to_memory       {run_mem * 1000:9.3f} ms/run")
    print(f"  materialize (filesystem IO) {run_fs * 1000:9.3f} ms/run")

    daily = DailyPartitionsDefinition(start_date="2025-01-01")

    @asset(partitions_def=daily)
    def daily_noop(context: Any) -> str:
        return str(context.partition_key)

    keys = daily.get_partition_keys()[: args.partitions]
    start = time.perf_counter()
    for key in keys:
        materialize([daily_noop], partition_key=key, instance=instance)
    per_partition = (time.perf_counter() - start) / len(keys)
    print(f"{len(keys)} partitions materialized one after another (filesystem IO)")
    print(f"  {per_partition * 1000:9.3f} ms/partition run")


if __name__ == "__main__":
    main()
