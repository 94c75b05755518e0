"""Snapshots of resources: type, config schema and configured values with secrets redacted."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ._convert import plain


@dataclass(frozen=True)
class ResourceSnapshot:
    """A resource of a code location as the resources page shows it.

    ``config`` never holds a secret: ``EnvVar`` values appear as ``{"env": NAME}``,
    secret-looking fields and URL passwords as ``"***"``. ``is_default`` marks
    resources the code location did not define itself (the default IO manager).
    ``used_by`` names the asset nodes and checks that need the resource.

    Examples:
        >>> from orchestrator import ConfigurableResource, EnvVar
        >>> class Warehouse(ConfigurableResource):
        ...     user: str
        ...     password: str
        >>> snap = ResourceSnapshot.from_def("warehouse", Warehouse(user="app", password="hunter2"))
        >>> snap.type, snap.config
        ('Warehouse', {'user': 'app', 'password': '***'})
    """

    key: str
    type: str
    description: str | None
    config_schema: Mapping[str, Any] | None
    config: Any
    is_default: bool
    used_by: tuple[str, ...]

    @staticmethod
    def from_def(
        key: str, resource: Any, *, is_default: bool = False, used_by: Iterable[str] = ()
    ) -> "ResourceSnapshot":
        """The snapshot of ``resource`` bound to ``key`` (see ``resource_snapshot``)."""
        from ..resources import resource_snapshot

        data = plain(resource_snapshot(key, resource))
        return ResourceSnapshot(
            key=key,
            type=data["type"],
            description=data["description"],
            config_schema=data["config_schema"],
            config=data["config"],
            is_default=is_default,
            used_by=tuple(sorted(set(used_by))),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "type": self.type,
            "description": self.description,
            "config_schema": self.config_schema,
            "config": self.config,
            "is_default": self.is_default,
            "used_by": list(self.used_by),
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "ResourceSnapshot":
        return ResourceSnapshot(
            key=data["key"],
            type=data["type"],
            description=data["description"],
            config_schema=data["config_schema"],
            config=data["config"],
            is_default=data["is_default"],
            used_by=tuple(data["used_by"]),
        )
