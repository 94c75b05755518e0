"""``InMemoryIOManager``: values kept in a dict for the life of the process."""

from typing import Any

from ..errors import InvalidInvocationError
from ..resources.context import InitResourceContext
from .contexts import InputContext, OutputContext
from .io_manager import IOManager, io_manager


class InMemoryIOManager(IOManager):
    """Keeps outputs in ``self.values`` keyed by asset key parts (plus partition key).

    Plain op outputs are keyed by ``(run_id, step_key, output name)``. Loading several
    upstream partitions returns ``{partition_key: value}``. Only useful within one process.

    Examples:
        >>> from orchestrator._core.storage.contexts import build_input_context, build_output_context
        >>> manager = InMemoryIOManager()
        >>> manager.handle_output(build_output_context(asset_key="users", partition_key="a"), 1)
        >>> manager.handle_output(build_output_context(asset_key="users", partition_key="b"), 2)
        >>> manager.load_input(build_input_context(asset_key="users", asset_partition_keys=["a", "b"]))
        {'a': 1, 'b': 2}
    """

    def __init__(self) -> None:
        self.values: dict[tuple[str, ...], Any] = {}

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        if context.asset_key is None:
            self.values[tuple(context.get_identifier())] = obj
            return
        parts = tuple(context.asset_key.path)
        if not context.has_asset_partitions:
            self.values[parts] = obj
            return
        keys = context.asset_partition_keys
        if len(keys) == 1:
            self.values[(*parts, keys[0])] = obj
            return
        if not isinstance(obj, dict) or set(obj) != set(keys):
            raise InvalidInvocationError(
                f"Output of asset '{context.asset_key.to_user_string()}' covers {len(keys)} partitions; "
                "return a dict with one value per partition key to store it"
            )
        for key in keys:
            self.values[(*parts, key)] = obj[key]

    def load_input(self, context: InputContext) -> Any:
        if context.asset_key is None:
            return self._get(tuple(context.get_identifier()), f"input '{context.name}'")
        parts = tuple(context.asset_key.path)
        asset = f"asset '{context.asset_key.to_user_string()}'"
        if not context.has_asset_partitions:
            return self._get(parts, asset)
        keys = context.asset_partition_keys
        if len(keys) == 1:
            return self._get((*parts, keys[0]), f"{asset} partition '{keys[0]}'")
        return {key: self._get((*parts, key), f"{asset} partition '{key}'") for key in keys}

    def _get(self, key: tuple[str, ...], what: str) -> Any:
        try:
            return self.values[key]
        except KeyError:
            raise KeyError(
                f"No value stored in memory for {what}; it was not materialized in this process"
            ) from None


@io_manager(description="Keeps values in memory, for tests and single-process runs.")
def mem_io_manager(_init_context: InitResourceContext) -> InMemoryIOManager:
    """IO manager definition providing a fresh ``InMemoryIOManager`` per run.

    Examples:
        >>> isinstance(mem_io_manager, IOManagerDefinition)
        True
    """
    return InMemoryIOManager()
