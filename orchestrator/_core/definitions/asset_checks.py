"""Asset checks: ``AssetCheckSpec``, ``@asset_check`` and ``AssetChecksDefinition``."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Union

from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError
from .asset_spec import AssetDep, AssetIn, normalize_deps, validate_name
from .assets_definition import InputBinding
from .compute_fn import ComputeFn, parse_compute_fn


@dataclass(frozen=True)
class AssetCheckKey:
    """Identity of a check: the asset it checks and its name."""

    asset_key: AssetKey
    name: str

    def to_user_string(self) -> str:
        return f"{self.asset_key.to_user_string()}:{self.name}"


@dataclass(frozen=True)
class AssetCheckSpec:
    """A check declared on an asset, evaluated by the asset's own function or a ``@asset_check``.

    Examples:
        >>> AssetCheckSpec("no_nulls", asset="users", blocking=True).key.to_user_string()
        'users:no_nulls'
    """

    name: str
    asset: Any
    additional_deps: Iterable[Any] | None = None
    description: str | None = None
    blocking: bool = False
    metadata: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        validate_name(self.name, what="check name")
        object.__setattr__(self, "asset", AssetDep.from_coercible(self.asset).asset_key)
        object.__setattr__(self, "additional_deps", normalize_deps(self.additional_deps))

    @property
    def asset_key(self) -> AssetKey:
        return self.asset  # type: ignore[no-any-return]

    @property
    def key(self) -> AssetCheckKey:
        return AssetCheckKey(self.asset_key, self.name)

    def with_asset_key(self, key: AssetKey) -> "AssetCheckSpec":
        return replace(self, asset=key)


class AssetChecksDefinition:
    """A function that evaluates a check on an asset, run as its own step after the asset."""

    def __init__(
        self,
        *,
        spec: AssetCheckSpec,
        compute: ComputeFn,
        inputs: Sequence[InputBinding],
        required_resource_keys: frozenset[str] = frozenset(),
        retry_policy: Any = None,
    ):
        self.spec = spec
        self.compute = compute
        self.inputs = tuple(inputs)
        self.required_resource_keys = required_resource_keys
        self.retry_policy = retry_policy

    @property
    def check_key(self) -> AssetCheckKey:
        return self.spec.key

    @property
    def check_keys(self) -> set[AssetCheckKey]:
        return {self.spec.key}

    @property
    def check_specs(self) -> list[AssetCheckSpec]:
        return [self.spec]

    @property
    def asset_key(self) -> AssetKey:
        return self.spec.asset_key

    @property
    def node_name(self) -> str:
        return f"{self.spec.asset_key.to_python_identifier()}_{self.spec.name}"

    @property
    def dep_keys(self) -> set[AssetKey]:
        keys = {self.spec.asset_key, *(b.asset_key for b in self.inputs)}
        keys.update(d.asset_key for d in self.spec.additional_deps)  # type: ignore[union-attr]
        return keys

    def all_resource_keys(self) -> frozenset[str]:
        keys = set(self.required_resource_keys) | set(self.compute.resource_params)
        keys.update("io_manager" if not b.input_manager_key else b.input_manager_key for b in self.inputs)
        return frozenset(keys)

    def with_asset_key_replacements(self, repl: Mapping[AssetKey, AssetKey]) -> "AssetChecksDefinition":
        return AssetChecksDefinition(
            spec=self.spec.with_asset_key(repl.get(self.spec.asset_key, self.spec.asset_key)),
            compute=self.compute,
            inputs=[replace(b, asset_key=repl.get(b.asset_key, b.asset_key)) for b in self.inputs],
            required_resource_keys=self.required_resource_keys,
            retry_policy=self.retry_policy,
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        fn = self.compute
        if fn.context_param and not args and fn.context_param not in kwargs:
            from ..execution.build_context import build_asset_context

            args = (build_asset_context(),)
        return fn.fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<AssetChecksDefinition {self.spec.key.to_user_string()}>"


def asset_check(
    fn: Callable[..., Any] | None = None,
    *,
    asset: Any = None,
    name: str | None = None,
    description: str | None = None,
    blocking: bool = False,
    additional_ins: Mapping[str, AssetIn] | None = None,
    additional_deps: Iterable[Any] | None = None,
    required_resource_keys: Iterable[str] | None = None,
    retry_policy: Any = None,
    metadata: Mapping[str, Any] | None = None,
    compute_kind: str | None = None,
) -> Union[AssetChecksDefinition, Callable[[Callable[..., Any]], AssetChecksDefinition]]:
    """Define a check on ``asset``; the function returns an ``AssetCheckResult``.

    A parameter named like the checked asset (or the only non-context parameter)
    receives the asset's value.

    Examples:
        >>> from orchestrator import AssetCheckResult, asset_check
        >>> @asset_check(asset="users")
        ... def users_not_empty(users):
        ...     return AssetCheckResult(passed=len(users) > 0)
        >>> users_not_empty.check_key.to_user_string()
        'users:users_not_empty'
    """

    def decorate(f: Callable[..., Any]) -> AssetChecksDefinition:
        check_name = name or f.__name__
        if asset is None:
            raise InvalidDefinitionError(f"Asset check '{check_name}' needs asset=")
        spec = AssetCheckSpec(
            check_name,
            asset=asset,
            additional_deps=additional_deps,
            description=description or (f.__doc__ or "").strip() or None,
            blocking=blocking,
            metadata=metadata,
        )
        extra = dict(additional_ins or {})
        compute = parse_compute_fn(
            f, node_name=check_name, node_kind="asset check", explicit_inputs=list(extra)
        )
        inputs = []
        asset_param_candidates = [p for p in compute.input_params if p not in extra]
        if len(asset_param_candidates) > 1:
            raise InvalidDefinitionError(
                f"Asset check '{check_name}' has parameters {asset_param_candidates}; only one can receive "
                f"asset '{spec.asset_key.to_user_string()}' — declare the others in additional_ins"
            )
        for param in compute.input_params:
            if param in extra:
                ain = extra[param]
                inputs.append(
                    InputBinding(
                        param,
                        ain.resolve_key(param),
                        ain.partition_mapping,
                        ain.input_manager_key,
                        ain.metadata,
                    )
                )
            else:
                inputs.append(InputBinding(param, spec.asset_key))
        return AssetChecksDefinition(
            spec=spec,
            compute=compute,
            inputs=inputs,
            required_resource_keys=frozenset(required_resource_keys or ()),
            retry_policy=retry_policy,
        )

    return decorate(fn) if fn is not None else decorate
