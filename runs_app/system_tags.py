"""Tags that change how a run is executed, spelled as in Dagster, and their checks."""

from collections.abc import Mapping

from orchestrator_site.errors import DomainError

MAX_RUNTIME_TAG = "dagster/max_runtime"  # seconds after its start before the run is terminated
MAX_RETRIES_TAG = "dagster/max_retries"  # how many times a failed run is retried
RETRY_NUMBER_TAG = "dagster/retry_number"  # which retry of the original run this is
RETRY_STRATEGY_TAG = "dagster/retry_strategy"  # FROM_FAILURE (the default) or ALL_STEPS
RETRY_STRATEGIES = ("FROM_FAILURE", "ALL_STEPS")


def check_system_tags(tags: Mapping[str, str]) -> None:
    """Refuse values the run could not act on, naming the tag.

    Raises:
        DomainError: on ``tags``.

    Examples:
        >>> check_system_tags({MAX_RUNTIME_TAG: "3600", MAX_RETRIES_TAG: "2"})
        >>> check_system_tags({MAX_RUNTIME_TAG: "an hour"})
        Traceback (most recent call last):
        ...
        orchestrator_site.errors.DomainError: Tag 'dagster/max_runtime' must be a positive number of seconds, not 'an hour'
    """
    if MAX_RUNTIME_TAG in tags:
        try:
            valid = float(tags[MAX_RUNTIME_TAG]) > 0
        except ValueError:
            valid = False
        if not valid:
            raise DomainError(
                "tags",
                f"Tag '{MAX_RUNTIME_TAG}' must be a positive number of seconds, not {tags[MAX_RUNTIME_TAG]!r}",
            )
    for tag in (MAX_RETRIES_TAG, RETRY_NUMBER_TAG):
        if tag in tags and not tags[tag].isdigit():
            raise DomainError("tags", f"Tag '{tag}' must be a whole number, not {tags[tag]!r}")
    if RETRY_STRATEGY_TAG in tags and tags[RETRY_STRATEGY_TAG] not in RETRY_STRATEGIES:
        raise DomainError(
            "tags",
            f"Tag '{RETRY_STRATEGY_TAG}' must be {' or '.join(RETRY_STRATEGIES)}, not {tags[RETRY_STRATEGY_TAG]!r}",
        )
