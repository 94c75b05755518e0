"""``RetryPolicy``: how many times and how long to wait before retrying a failed step."""

import enum
import random
from dataclasses import dataclass

from ..errors import InvalidDefinitionError


class Backoff(enum.Enum):
    """How the delay grows between attempts."""

    LINEAR = "LINEAR"
    EXPONENTIAL = "EXPONENTIAL"


class Jitter(enum.Enum):
    """Random variation applied to the delay."""

    FULL = "FULL"
    PLUS_MINUS = "PLUS_MINUS"


@dataclass(frozen=True)
class RetryPolicy:
    """Retry a failing step up to ``max_retries`` times.

    Examples:
        >>> RetryPolicy(max_retries=3, delay=1, backoff=Backoff.EXPONENTIAL).delay_for(3)
        4.0
    """

    max_retries: int = 1
    delay: float | None = None
    backoff: Backoff | None = None
    jitter: Jitter | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise InvalidDefinitionError(
                f"RetryPolicy max_retries must be a non-negative int, got {self.max_retries!r}"
            )
        if self.delay is not None and self.delay < 0:
            raise InvalidDefinitionError(f"RetryPolicy delay must be >= 0, got {self.delay!r}")
        if self.delay is None and (self.backoff or self.jitter):
            raise InvalidDefinitionError("RetryPolicy backoff and jitter need a delay")

    def delay_for(self, attempt: int) -> float:
        """Seconds to wait before ``attempt`` (the first retry is attempt 1)."""
        if not self.delay:
            return 0.0
        base = float(self.delay)
        if self.backoff == Backoff.EXPONENTIAL:
            base = base * (2 ** (attempt - 1))
        elif self.backoff == Backoff.LINEAR:
            base = base * attempt
        if self.jitter == Jitter.FULL:
            base = random.random() * base
        elif self.jitter == Jitter.PLUS_MINUS:
            base = max(0.0, base + random.uniform(-self.delay, self.delay))
        return base


class RetryRequested(Exception):
    """Raise from user code to ask for a retry regardless of the step's policy."""

    def __init__(self, max_retries: int = 1, seconds_to_wait: float = 0):
        super().__init__(f"Retry requested (max {max_retries})")
        self.max_retries = max_retries
        self.seconds_to_wait = seconds_to_wait


class Failure(Exception):
    """Raise from user code to fail a step with a description and metadata, without retry."""

    def __init__(
        self, description: str | None = None, metadata: dict | None = None, allow_retries: bool = True
    ):
        super().__init__(description)
        self.description = description
        self.metadata = metadata or {}
        self.allow_retries = allow_retries
