"""``BackfillPolicy``: how many partitions one run of a backfill covers."""

from enum import Enum
from typing import Any

from ..errors import InvalidDefinitionError


class BackfillPolicyType(Enum):
    """Whether a backfill runs all partitions in one run or splits them across runs.

    Examples:
        >>> BackfillPolicyType("MULTI_RUN") is BackfillPolicyType.MULTI_RUN
        True
    """

    SINGLE_RUN = "SINGLE_RUN"
    MULTI_RUN = "MULTI_RUN"


class BackfillPolicy:
    """How a backfill of a partitioned asset is split into runs.

    Build one with :meth:`single_run` (one run for all partitions) or :meth:`multi_run` (runs of
    at most ``max_partitions_per_run`` partitions).

    Args:
        max_partitions_per_run: Partitions per run; None for a single run. Default 1.

    Raises:
        InvalidDefinitionError: if ``max_partitions_per_run`` is not a positive integer.

    Examples:
        >>> BackfillPolicy.single_run().policy_type
        <BackfillPolicyType.SINGLE_RUN: 'SINGLE_RUN'>
        >>> BackfillPolicy.multi_run(10).max_partitions_per_run
        10
    """

    __slots__ = ("max_partitions_per_run",)

    max_partitions_per_run: int | None

    def __init__(self, max_partitions_per_run: int | None = 1):
        if max_partitions_per_run is not None and (
            isinstance(max_partitions_per_run, bool)
            or not isinstance(max_partitions_per_run, int)
            or max_partitions_per_run <= 0
        ):
            raise InvalidDefinitionError(
                f"BackfillPolicy: max_partitions_per_run must be a positive integer or None, "
                f"got {max_partitions_per_run!r}"
            )
        object.__setattr__(self, "max_partitions_per_run", max_partitions_per_run)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("BackfillPolicy is immutable")

    @classmethod
    def single_run(cls) -> "BackfillPolicy":
        """All partitions of a backfill run in one run."""
        return cls(max_partitions_per_run=None)

    @classmethod
    def multi_run(cls, max_partitions_per_run: int = 1) -> "BackfillPolicy":
        """A backfill runs in runs of at most ``max_partitions_per_run`` partitions."""
        if max_partitions_per_run is None:
            raise InvalidDefinitionError(
                "BackfillPolicy.multi_run: max_partitions_per_run must be a positive integer"
            )
        return cls(max_partitions_per_run=max_partitions_per_run)

    @property
    def policy_type(self) -> BackfillPolicyType:
        """SINGLE_RUN without a maximum, else MULTI_RUN."""
        if self.max_partitions_per_run is None:
            return BackfillPolicyType.SINGLE_RUN
        return BackfillPolicyType.MULTI_RUN

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, BackfillPolicy) and other.max_partitions_per_run == self.max_partitions_per_run
        )

    def __hash__(self) -> int:
        return hash(("BackfillPolicy", self.max_partitions_per_run))

    def __repr__(self) -> str:
        return (
            f"BackfillPolicy(policy_type={self.policy_type.value}, "
            f"max_partitions_per_run={self.max_partitions_per_run})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (BackfillPolicy, (self.max_partitions_per_run,))

    def to_snapshot(self) -> dict[str, Any]:
        """Plain JSON data: the policy type and maximum partitions per run."""
        return {"policy_type": self.policy_type.value, "max_partitions_per_run": self.max_partitions_per_run}
