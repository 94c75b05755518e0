"""Error types raised by the SDK, named as ported code expects them."""


class OrchestratorError(Exception):
    """Base class of every error the SDK raises on purpose."""


class InvalidDefinitionError(OrchestratorError):
    """A definition (asset, job, schedule, Definitions...) is malformed.

    Examples:
        >>> raise InvalidDefinitionError("Asset 'a' depends on unknown asset 'b'")
        Traceback (most recent call last):
        ...
        orchestrator._core.errors.InvalidDefinitionError: Asset 'a' depends on unknown asset 'b'
    """


class InvalidConfigError(OrchestratorError):
    """Run config or resource config failed validation."""


class InvalidInvocationError(OrchestratorError):
    """A definition was called or used in a way it does not support."""


class InvalidSubsetError(OrchestratorError):
    """A selection names keys that are not defined."""


class UnknownPartitionError(OrchestratorError):
    """A partition key is not part of its partitions definition."""


class ResourceNotFoundError(InvalidDefinitionError):
    """A required resource key is not provided."""


class StepExecutionError(OrchestratorError):
    """User code raised inside a step; ``__cause__`` holds the original error."""

    def __init__(self, message: str, *, step_key: str = "", user_exception: BaseException | None = None):
        super().__init__(message)
        self.step_key = step_key
        self.user_exception = user_exception


class RunFailedError(OrchestratorError):
    """A run ended in failure and the caller asked for an exception."""


class CodeLocationLoadError(OrchestratorError):
    """Loading a code location failed; ``traceback`` holds the formatted cause."""

    def __init__(self, message: str, *, traceback: str = ""):
        super().__init__(message)
        self.traceback = traceback


# Names ported Dagster code imports.
DagsterError = OrchestratorError
DagsterInvalidDefinitionError = InvalidDefinitionError
DagsterInvalidConfigError = InvalidConfigError
DagsterInvalidInvocationError = InvalidInvocationError
DagsterInvalidSubsetError = InvalidSubsetError
DagsterUnknownPartitionError = UnknownPartitionError
DagsterResourceNotFoundError = ResourceNotFoundError
DagsterExecutionStepExecutionError = StepExecutionError
DagsterRunFailedError = RunFailedError
