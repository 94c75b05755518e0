"""``FilesystemIOManager``: pickled values in files, one per asset or asset partition."""

import contextlib
import os
import pickle
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field

from ..errors import InvalidInvocationError
from ..resources.context import InitResourceContext
from ..resources.env_var import is_env_var, read_env_var
from ..resources.legacy_config import ConfigField, StringSource
from .contexts import InputContext, OutputContext
from .io_manager import ConfigurableIOManager, io_manager
from .locations import default_storage_dir, key_segments, partition_segments


def write_atomically(path: Path, obj: Any) -> None:
    """Pickle ``obj`` to a temporary file next to ``path``, then rename it into place.

    Readers on shared storage see either the old file or the complete new one.
    There is no fsync: the rename is what readers rely on, and a crash mid-run
    re-executes the step anyway.

    Examples:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "value"
        >>> write_atomically(target, {"a": 1})
        >>> pickle.loads(target.read_bytes())
        {'a': 1}
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump(obj, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def _describe(asset: str | None, partition: str | None, path: Path) -> str:
    what = f"asset '{asset}'" if asset else "output"
    if partition is not None:
        what += f" partition '{partition}'"
    return f"{what} at {path}"


class FilesystemIOManager(ConfigurableIOManager):
    """Stores each output as a pickle file under ``base_dir``.

    Layout: ``<base_dir>/<asset key parts...>`` for an asset, ``<base_dir>/<asset key
    parts...>/<partition key>`` for a partition (a multi-dimensional key ``a|b`` nests as
    ``a/b``), and ``<base_dir>/<run_id>/<step_key>/<output name>`` for plain op outputs.
    Unsafe characters in path segments are percent-encoded. Writes go to a temporary file
    that is renamed into place, so concurrent readers never see a partial file.

    Loading one upstream partition returns its value; loading several returns
    ``{partition_key: value}``.

    Args:
        base_dir: Root folder. Defaults to ``$ORCHESTRATOR_HOME/storage``, else
            ``$DAGSTER_HOME/storage``, else ``./.orchestrator/storage`` (read when used).

    Examples:
        >>> import tempfile
        >>> from orchestrator._core.storage.contexts import build_input_context, build_output_context
        >>> manager = FilesystemIOManager(base_dir=tempfile.mkdtemp())
        >>> manager.handle_output(build_output_context(asset_key="users"), [1, 2, 3])
        >>> manager.load_input(build_input_context(asset_key="users"))
        [1, 2, 3]
    """

    base_dir: str | None = Field(default=None, description="Folder where values are stored.")

    def root(self) -> Path:
        """The folder values are stored under."""
        base = self.base_dir
        if is_env_var(base):
            base = read_env_var(base.env_var_name, where="FilesystemIOManager (field 'base_dir')")  # type: ignore[union-attr]
        return Path(base) if base else default_storage_dir()

    def _asset_path(self, parts: list[str], partition_key: str | None) -> Path:
        path = self.root().joinpath(*key_segments(parts))
        if partition_key is not None:
            path = path.joinpath(*partition_segments(partition_key))
        return path

    def _run_path(self, context: OutputContext) -> Path:
        parts = [context.run_id or "no_run", context.step_key or "step", context.name]
        if context.mapping_key:
            parts.append(context.mapping_key)
        return self.root().joinpath(*key_segments(parts))

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        if context.asset_key is None:
            path = self._run_path(context)
            self._write(context, path, obj)
            return
        parts = list(context.asset_key.path)
        if not context.has_asset_partitions:
            self._write(context, self._asset_path(parts, None), obj)
            return
        keys = context.asset_partition_keys
        if len(keys) == 1:
            self._write(context, self._asset_path(parts, keys[0]), obj)
            return
        asset = context.asset_key.to_user_string()
        if not isinstance(obj, Mapping) or set(obj) != set(keys):
            raise InvalidInvocationError(
                f"Output of asset '{asset}' covers {len(keys)} partitions; return a dict with one value per "
                f"partition key ({', '.join(keys[:5])}{'...' if len(keys) > 5 else ''}) to store it"
            )
        for key in keys:
            self._write(context, self._asset_path(parts, key), obj[key])

    def _write(self, context: OutputContext, path: Path, obj: Any) -> None:
        context.log.debug("Writing %s", path)
        write_atomically(path, obj)
        context.add_output_metadata({"path": str(path)})

    def load_input(self, context: InputContext) -> Any:
        if context.asset_key is None:
            upstream = context.upstream_output
            if upstream is None:
                raise InvalidInvocationError(f"Input '{context.name}' has no upstream output to load")
            return self._read(self._run_path(upstream), None, None)
        parts = list(context.asset_key.path)
        asset = context.asset_key.to_user_string()
        if not context.has_asset_partitions:
            return self._read(self._asset_path(parts, None), asset, None)
        keys = context.asset_partition_keys
        if len(keys) == 1:
            return self._read(self._asset_path(parts, keys[0]), asset, keys[0])
        allow_missing = bool(
            context.definition_metadata.get("allow_missing_partitions")
            or (
                context.upstream_output
                and context.upstream_output.definition_metadata.get("allow_missing_partitions")
            )
        )
        values: dict[str, Any] = {}
        for key in keys:
            path = self._asset_path(parts, key)
            if allow_missing and not path.exists():
                continue
            values[key] = self._read(path, asset, key)
        return values

    def _read(self, path: Path, asset: str | None, partition: str | None) -> Any:
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            raise FileNotFoundError(
                f"No stored value for {_describe(asset, partition, path)}; was it materialized "
                "with this IO manager and base_dir?"
            ) from None


@io_manager(
    config_schema={"base_dir": ConfigField(StringSource, is_required=False)},
    description="Stores values as pickle files on the local or shared file system.",
)
def fs_io_manager(init_context: InitResourceContext) -> FilesystemIOManager:
    """IO manager definition storing pickles under ``base_dir`` (see ``FilesystemIOManager``).

    Examples:
        >>> isinstance(fs_io_manager, IOManagerDefinition)
        True
    """
    config = init_context.resource_config or {}
    return FilesystemIOManager(base_dir=config.get("base_dir"))
