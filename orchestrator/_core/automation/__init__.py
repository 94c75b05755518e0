"""Schedules and sensors: definitions, decorators, contexts and one-tick evaluation.

A daemon drives these by calling ``ScheduleDefinition.evaluate_tick(context)`` and
``SensorDefinition.evaluate_tick(context)``, which return plain data
(:class:`ScheduleExecutionData`, :class:`SensorExecutionData`) and never raise for
errors in user code; ``ScheduleDefinition.execution_time_iterator(start)`` gives the
tick times.
"""

from .asset_sensor import AssetSensorDefinition, asset_sensor
from .context import (
    CapturingLogger,
    ResourcesView,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    build_schedule_context,
    build_sensor_context,
)
from .cron import (
    cron_string_iterator,
    is_valid_cron_schedule,
    is_valid_cron_string,
    schedule_execution_time_iterator,
)
from .invocation import ANONYMOUS_ASSET_JOB_PREFIX, AutomationTarget
from .partitioned_schedule import build_schedule_from_partitioned_job
from .protocols import (
    AssetEventRecord,
    AssetEventStore,
    LatestRunStatusStore,
    RunStatusRecord,
    RunStatusStore,
)
from .results import (
    CapturedLogRecord,
    DagsterRunReaction,
    ScheduleExecutionData,
    SensorExecutionData,
    SerializableErrorInfo,
)
from .run_request import (
    PARTITION_NAME_TAG,
    SCHEDULE_NAME_TAG,
    SENSOR_NAME_TAG,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    SensorResult,
    SkipReason,
)
from .run_status_sensor import (
    RunFailureSensorContext,
    RunStatusSensorContext,
    RunStatusSensorDefinition,
    build_run_status_sensor_context,
    run_failure_sensor,
    run_status_sensor,
)
from .schedule import ScheduleDefinition
from .schedule_decorator import schedule
from .sensor import DEFAULT_SENSOR_DAEMON_INTERVAL, SensorDefinition, SensorType, sensor

__all__ = [
    "ANONYMOUS_ASSET_JOB_PREFIX",
    "DEFAULT_SENSOR_DAEMON_INTERVAL",
    "PARTITION_NAME_TAG",
    "SCHEDULE_NAME_TAG",
    "SENSOR_NAME_TAG",
    "AssetEventRecord",
    "AssetEventStore",
    "AssetSensorDefinition",
    "AutomationTarget",
    "CapturedLogRecord",
    "CapturingLogger",
    "DagsterRunReaction",
    "DefaultScheduleStatus",
    "DefaultSensorStatus",
    "LatestRunStatusStore",
    "ResourcesView",
    "RunFailureSensorContext",
    "RunRequest",
    "RunStatusRecord",
    "RunStatusSensorContext",
    "RunStatusSensorDefinition",
    "RunStatusStore",
    "ScheduleDefinition",
    "ScheduleEvaluationContext",
    "ScheduleExecutionData",
    "SensorDefinition",
    "SensorEvaluationContext",
    "SensorExecutionData",
    "SensorResult",
    "SensorType",
    "SerializableErrorInfo",
    "SkipReason",
    "asset_sensor",
    "build_run_status_sensor_context",
    "build_schedule_context",
    "build_schedule_from_partitioned_job",
    "build_sensor_context",
    "cron_string_iterator",
    "is_valid_cron_schedule",
    "is_valid_cron_string",
    "run_failure_sensor",
    "run_status_sensor",
    "schedule",
    "schedule_execution_time_iterator",
    "sensor",
]
