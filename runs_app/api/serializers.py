"""Shapes of the runs, events, jobs, schedules and sensors endpoints."""

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts_app.api.schema import enum_field
from assets_app.selectors import code_location_exists
from orchestrator_site.errors import DomainError
from runs_app.launch_validation import (
    MAX_TAG_KEY_LENGTH,
    MAX_TAG_VALUE_LENGTH,
    RunConfigError,
    check_no_nul,
    check_run_config_shape,
    check_tags,
)
from runs_app.models import FINISHED, Executor, Run, RunEvent, RunStatus, StepStats


def _as_field_error(check: Callable[..., Any], *args: Any) -> Any:
    """Call a launch check, turning its ``DomainError`` into this field's validation error.

    A ``RunConfigError`` keeps its errors nested by path inside the field.
    """
    try:
        return check(*args)
    except RunConfigError as exc:
        raise serializers.ValidationError(exc.detail) from None
    except DomainError as exc:
        raise serializers.ValidationError(exc.message) from None


class StrictSerializer(serializers.Serializer):
    """Rejects unknown fields: a misspelt option is a 400 naming it, never silently ignored."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "description": "A selection string, e.g. `+total` or `group:raw`."},
            {"type": "array", "items": {"type": "string"}, "description": "Asset keys (`a/b`)."},
        ]
    }
)
class SelectionField(serializers.Field):
    """A selection string or a list of asset keys."""

    def to_internal_value(self, data: Any) -> str | list[str]:
        if isinstance(data, str):
            return data
        if isinstance(data, list) and all(isinstance(k, str) for k in data):
            return data
        raise serializers.ValidationError("Expected a selection string or a list of asset keys.")

    def to_representation(self, value: Any) -> Any:
        return value


class RunCreateSerializer(StrictSerializer):
    selection = SelectionField(required=False, allow_null=True)
    job = serializers.CharField(required=False, allow_null=True, max_length=200)
    partition_key = serializers.CharField(required=False, allow_null=True, max_length=500)
    partition_range = serializers.ListField(
        child=serializers.CharField(max_length=500),
        min_length=2,
        max_length=2,
        required=False,
        allow_null=True,
        help_text="[first, last] partition keys, inclusive.",
    )
    tags = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=MAX_TAG_VALUE_LENGTH, trim_whitespace=False),
        required=False,
        help_text=f"Keys of at most {MAX_TAG_KEY_LENGTH} characters, values of at most {MAX_TAG_VALUE_LENGTH}.",
    )
    run_config = serializers.DictField(
        required=False, help_text="`ops`, `resources`, `execution` and `loggers`, as in Dagster."
    )
    executor = enum_field(Executor, "Executor", default=Executor.IN_PROCESS)
    location = serializers.CharField(
        required=False,
        allow_null=True,
        max_length=200,
        help_text="The code location; needed when there are several.",
    )

    def validate_tags(self, value: dict[str, str]) -> dict[str, str]:
        return _as_field_error(check_tags, value)

    def validate_run_config(self, value: dict[str, Any]) -> dict[str, Any]:
        _as_field_error(check_no_nul, "run_config", value)
        _as_field_error(check_run_config_shape, value)
        return value

    def validate_selection(self, value: Any) -> Any:
        _as_field_error(check_no_nul, "selection", value)
        return value

    def validate_location(self, value: str | None) -> str | None:
        if value is not None and not code_location_exists(value):
            raise serializers.ValidationError(f"Unknown code location '{value}'")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Keyword arguments of ``run_create``."""
        partition_range = attrs.get("partition_range")
        return {
            "selection": attrs.get("selection"),
            "job": attrs.get("job"),
            "partition_key": attrs.get("partition_key"),
            "partition_range": tuple(partition_range) if partition_range else None,
            "tags": attrs.get("tags") or {},
            "run_config": attrs.get("run_config") or {},
            "executor": attrs["executor"],
            "location_name": attrs.get("location"),
        }


class RunReexecuteSerializer(StrictSerializer):
    from_failure = serializers.BooleanField(
        default=False, help_text="Only the steps that did not succeed (the run must have failed)."
    )
    step_selection = serializers.ListField(
        child=serializers.CharField(max_length=500),
        min_length=1,
        max_length=10000,
        required=False,
        help_text="Only these steps (step keys of the run); not with `from_failure`.",
    )


class RunSerializer(serializers.ModelSerializer):
    id = serializers.CharField(read_only=True)
    status = enum_field(RunStatus, "RunStatus")
    executor = enum_field(Executor, "Executor")
    asset_selection = serializers.ListField(child=serializers.CharField(), allow_null=True)
    partition_range = serializers.SerializerMethodField()
    tags = serializers.DictField(child=serializers.CharField())
    parent_run_id = serializers.CharField(allow_null=True)
    root_run_id = serializers.CharField(allow_null=True)
    is_finished = serializers.SerializerMethodField()

    class Meta:
        model = Run
        fields = [
            "id",
            "status",
            "is_finished",
            "location_name",
            "job_name",
            "asset_selection",
            "partition_key",
            "partition_range",
            "tags",
            "executor",
            "created_by",
            "created_at",
            "start_time",
            "end_time",
            "parent_run_id",
            "root_run_id",
            "failure_reason",
        ]
        read_only_fields = fields

    def get_partition_range(self, run: Run) -> list[str] | None:
        if run.partition_range_start is None:
            return None
        return [run.partition_range_start, run.partition_range_end or run.partition_range_start]

    def get_is_finished(self, run: Run) -> bool:
        return run.status in FINISHED


class StepSerializer(serializers.ModelSerializer):
    status = enum_field(StepStats.Status, "StepStatus")
    unavailable_outputs = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="[step_key, output_name] pairs this step left unavailable.",
    )

    class Meta:
        model = StepStats
        fields = ["step_key", "status", "start_time", "end_time", "attempts", "unavailable_outputs"]
        read_only_fields = fields


class RunDetailSerializer(RunSerializer):
    run_config = serializers.DictField()
    step_selection = serializers.ListField(child=serializers.CharField(), allow_null=True)
    steps = StepSerializer(many=True, source="step_list", help_text="Steps that started or were skipped.")
    materialized_asset_keys = serializers.ListField(child=serializers.CharField())

    class Meta(RunSerializer.Meta):
        fields = [
            *RunSerializer.Meta.fields,
            "run_config",
            "step_selection",
            "steps",
            "materialized_asset_keys",
        ]
        read_only_fields = fields


def iso_timestamp(value: float) -> str:
    return dt.datetime.fromtimestamp(value, tz=dt.UTC).isoformat().replace("+00:00", "Z")


class RunEventSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Storage id: pass the last one as `after` to read on.")
    type = serializers.CharField(source="event_type")
    level = serializers.SerializerMethodField(help_text="DEBUG, INFO, WARNING, ERROR or CRITICAL.")
    payload = serializers.DictField()
    timestamp = serializers.SerializerMethodField()

    class Meta:
        model = RunEvent
        fields = [
            "id",
            "type",
            "level",
            "step_key",
            "asset_key",
            "partition",
            "message",
            "payload",
            "timestamp",
        ]
        read_only_fields = fields

    def get_level(self, event: RunEvent) -> str:
        return logging.getLevelName(event.level)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_timestamp(self, event: RunEvent) -> str:
        return iso_timestamp(event.timestamp)


class RunEventPageSerializer(serializers.Serializer):
    events = RunEventSerializer(many=True)
    cursor = serializers.IntegerField(help_text="Pass as `after` to get the next events.")
    has_more = serializers.BooleanField(help_text="More events are stored beyond this page.")
    run_status = enum_field(RunStatus, "RunStatus")
    is_finished = serializers.BooleanField(help_text="The run finished and every event has been read.")


class RunEventsQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(min_value=0, default=0, help_text="Only events with a larger id.")
    limit = serializers.IntegerField(min_value=1, max_value=5000, default=1000)


class LocationQuerySerializer(serializers.Serializer):
    location = serializers.CharField(required=False, help_text="Only this code location.")


class JobSerializer(serializers.Serializer):
    name = serializers.CharField()
    location = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    is_asset_job = serializers.BooleanField()
    asset_keys = serializers.ListField(child=serializers.CharField(), help_text="In topological order.")
    ops = serializers.ListField(child=serializers.CharField(), help_text="Nodes of an op job.")
    partitions = serializers.JSONField(allow_null=True, help_text="The partitions definition, or null.")
    tags = serializers.DictField(child=serializers.CharField())
    run_tags = serializers.DictField(child=serializers.CharField())


class ScheduleSerializer(serializers.Serializer):
    name = serializers.CharField()
    location = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    cron_schedule = serializers.JSONField(help_text="A cron string, or a list of them.")
    execution_timezone = serializers.CharField()
    job_name = serializers.CharField()
    default_status = serializers.CharField()
    asset_selection = serializers.ListField(child=serializers.CharField(), allow_null=True)
    tags = serializers.DictField(child=serializers.CharField())


class SensorSerializer(serializers.Serializer):
    name = serializers.CharField()
    location = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    sensor_type = serializers.CharField()
    minimum_interval_seconds = serializers.IntegerField(allow_null=True)
    default_status = serializers.CharField()
    job_names = serializers.ListField(child=serializers.CharField())
    asset_selection = serializers.ListField(child=serializers.CharField(), allow_null=True)
    monitored_asset_keys = serializers.ListField(child=serializers.CharField())
    run_status = serializers.CharField(allow_null=True)
    tags = serializers.DictField(child=serializers.CharField())


class ComputeLogFileSerializer(serializers.Serializer):
    step_key = serializers.CharField()
    stream = serializers.ChoiceField(choices=["stdout", "stderr"])
    size = serializers.IntegerField(help_text="Bytes stored so far.")
    truncated = serializers.BooleanField(help_text="The stream reached its size cap; the rest was dropped.")


class ComputeLogReadQuerySerializer(StrictSerializer):
    step = serializers.CharField(max_length=500, help_text="The step key.")
    stream = serializers.ChoiceField(choices=["stdout", "stderr"], default="stdout")
    offset = serializers.IntegerField(min_value=0, default=0, help_text="Byte offset to read from.")
    limit = serializers.IntegerField(
        min_value=16, max_value=1024 * 1024, default=65536, help_text="Bytes to read at most."
    )


class ComputeLogPageSerializer(serializers.Serializer):
    step_key = serializers.CharField()
    stream = serializers.ChoiceField(choices=["stdout", "stderr"])
    offset = serializers.IntegerField()
    next_offset = serializers.IntegerField(
        help_text="Pass as `offset` to read on (a page ends on a UTF-8 character boundary)."
    )
    size = serializers.IntegerField(help_text="Bytes stored so far.")
    data = serializers.CharField(help_text="The page as UTF-8 text (undecodable bytes replaced).")  # type: ignore[assignment]
    truncated = serializers.BooleanField()
    is_complete = serializers.BooleanField(help_text="The step finished and everything has been read.")
