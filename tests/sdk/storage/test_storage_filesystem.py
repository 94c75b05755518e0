"""FilesystemIOManager and InMemoryIOManager round trips."""

import pickle
import threading
from pathlib import Path

import pytest

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.errors import InvalidInvocationError
from orchestrator._core.resources import init_resources
from orchestrator._core.storage import (
    FilesystemIOManager,
    InMemoryIOManager,
    OutputContext,
    build_input_context,
    build_output_context,
    fs_io_manager,
    mem_io_manager,
    write_atomically,
)


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_unpartitioned_round_trip(tmp_path: Path) -> None:
    manager = FilesystemIOManager(base_dir=str(tmp_path))
    context = build_output_context(asset_key=AssetKey(["sales", "orders"]))
    manager.handle_output(context, {"rows": [1, 2]})
    assert (tmp_path / "sales" / "orders").is_file()
    assert context.get_logged_metadata() == {"path": str(tmp_path / "sales" / "orders")}
    assert manager.load_input(build_input_context(asset_key=["sales", "orders"])) == {"rows": [1, 2]}


def test_partitioned_round_trip_and_several_partitions(tmp_path: Path) -> None:
    manager = FilesystemIOManager(base_dir=str(tmp_path))
    for day, value in [("2024-01-01", 1), ("2024-01-02", 2)]:
        manager.handle_output(build_output_context(asset_key="daily", partition_key=day), value)
    assert _files(tmp_path) == ["daily/2024-01-01", "daily/2024-01-02"]
    single = build_input_context(asset_key="daily", partition_key="2024-01-02")
    assert manager.load_input(single) == 2
    several = build_input_context(asset_key="daily", asset_partition_keys=["2024-01-01", "2024-01-02"])
    assert manager.load_input(several) == {"2024-01-01": 1, "2024-01-02": 2}


def test_multi_dimensional_and_unsafe_partition_keys(tmp_path: Path) -> None:
    manager = FilesystemIOManager(base_dir=str(tmp_path))
    manager.handle_output(build_output_context(asset_key="m", partition_key="2024-01-01|eu"), "a")
    manager.handle_output(build_output_context(asset_key="m", partition_key="../../x|a/b"), "b")
    assert _files(tmp_path) == ["m/..%2F..%2Fx/a%2Fb", "m/2024-01-01/eu"]
    assert manager.load_input(build_input_context(asset_key="m", partition_key="../../x|a/b")) == "b"


def test_missing_file_error_names_asset_partition_and_path(tmp_path: Path) -> None:
    manager = FilesystemIOManager(base_dir=str(tmp_path))
    with pytest.raises(FileNotFoundError) as excinfo:
        manager.load_input(build_input_context(asset_key="daily", partition_key="2024-03-01"))
    message = str(excinfo.value)
    assert "asset 'daily'" in message
    assert "partition '2024-03-01'" in message
    assert str(tmp_path / "daily" / "2024-03-01") in message


def test_allow_missing_partitions(tmp_path: Path) -> None:
    manager = FilesystemIOManager(base_dir=str(tmp_path))
    manager.handle_output(build_output_context(asset_key="d", partition_key="a"), 1)
    context = build_input_context(
        asset_key="d", asset_partition_keys=["a", "b"], definition_metadata={"allow_missing_partitions": True}
    )
    assert manager.load_input(context) == {"a": 1}


def test_output_spanning_several_partitions(tmp_path: Path) -> None:
    manager = FilesystemIOManager(base_dir=str(tmp_path))
    context = build_output_context(asset_key="d", asset_partition_keys=["a", "b"])
    manager.handle_output(context, {"a": 1, "b": 2})
    assert manager.load_input(build_input_context(asset_key="d", partition_key="b")) == 2
    with pytest.raises(InvalidInvocationError, match="covers 2 partitions"):
        manager.handle_output(context, [1, 2])


def test_op_outputs_are_stored_per_run_and_step(tmp_path: Path) -> None:
    manager = FilesystemIOManager(base_dir=str(tmp_path))
    output = OutputContext(run_id="r1", step_key="compute", name="result")
    manager.handle_output(output, 7)
    assert (tmp_path / "r1" / "compute" / "result").is_file()
    assert manager.load_input(build_input_context(name="x", upstream_output=output)) == 7


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "a" / "value"
    write_atomically(target, list(range(1000)))
    assert _files(tmp_path) == ["a/value"]
    with pytest.raises((pickle.PicklingError, TypeError, AttributeError)):
        write_atomically(target, threading.Lock())
    assert _files(tmp_path) == ["a/value"]
    assert pickle.loads(target.read_bytes()) == list(range(1000))


def test_concurrent_writers_never_expose_partial_files(tmp_path: Path) -> None:
    manager = FilesystemIOManager(base_dir=str(tmp_path))
    payloads = [list(range(n * 1000)) for n in range(1, 6)]
    errors: list[BaseException] = []

    def write(payload: list[int]) -> None:
        try:
            for _ in range(5):
                manager.handle_output(build_output_context(asset_key="shared"), payload)
                value = manager.load_input(build_input_context(asset_key="shared"))
                assert value in payloads
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert _files(tmp_path) == ["shared"]


def test_default_base_dir_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manager = FilesystemIOManager()
    monkeypatch.delenv("ORCHESTRATOR_HOME", raising=False)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    assert manager.root() == tmp_path / "dagster" / "storage"
    monkeypatch.setenv("ORCHESTRATOR_HOME", str(tmp_path / "orch"))
    assert manager.root() == tmp_path / "orch" / "storage"
    monkeypatch.delenv("ORCHESTRATOR_HOME")
    monkeypatch.delenv("DAGSTER_HOME")
    assert manager.root() == Path(".orchestrator") / "storage"


def test_fs_io_manager_definition(tmp_path: Path) -> None:
    config = {"io_manager": {"config": {"base_dir": str(tmp_path)}}}
    with init_resources({"io_manager": fs_io_manager}, run_config_resources=config) as values:
        manager = values["io_manager"]
        manager.handle_output(build_output_context(asset_key="x"), 1)
    assert (tmp_path / "x").is_file()


def test_in_memory_io_manager() -> None:
    manager = InMemoryIOManager()
    manager.handle_output(build_output_context(asset_key="a"), 1)
    manager.handle_output(build_output_context(asset_key="p", partition_key="x"), 2)
    manager.handle_output(build_output_context(asset_key="p", partition_key="y"), 3)
    manager.handle_output(OutputContext(run_id="r", step_key="s"), 4)
    assert manager.load_input(build_input_context(asset_key="a")) == 1
    assert manager.load_input(build_input_context(asset_key="p", partition_key="y")) == 3
    assert manager.load_input(build_input_context(asset_key="p", asset_partition_keys=["x", "y"])) == {
        "x": 2,
        "y": 3,
    }
    assert (
        manager.load_input(build_input_context(upstream_output=OutputContext(run_id="r", step_key="s"))) == 4
    )
    with pytest.raises(KeyError, match="asset 'missing'"):
        manager.load_input(build_input_context(asset_key="missing"))
    with init_resources({"io_manager": mem_io_manager}) as values:
        assert isinstance(values["io_manager"], InMemoryIOManager)


def test_base_dir_from_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from orchestrator._core.errors import InvalidConfigError
    from orchestrator._core.resources import EnvVar

    manager = FilesystemIOManager(base_dir=EnvVar("TEST_FS_BASE_DIR"))
    monkeypatch.setenv("TEST_FS_BASE_DIR", str(tmp_path))
    assert manager.root() == tmp_path
    with init_resources({"io_manager": manager}) as values:
        assert values["io_manager"].base_dir == str(tmp_path)
    monkeypatch.delenv("TEST_FS_BASE_DIR")
    with pytest.raises(InvalidConfigError, match="TEST_FS_BASE_DIR"):
        manager.root()
