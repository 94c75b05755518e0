"""Orchestrator: software-defined assets, run in-process or on workers.

The public API mirrors Dagster's core API, so a Dagster project ports by
changing ``dagster`` to ``orchestrator`` in its imports.

Examples:
    >>> from orchestrator import asset, materialize_to_memory
    >>> @asset
    ... def answer():
    ...     return 42
    >>> materialize_to_memory([answer]).asset_value("answer")
    42
"""

from ._core.asset_graph import AssetGraph, AssetNode
from ._core.asset_key import AssetKey
from ._core.automation import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunRequest,
    RunStatusSensorContext,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    asset_sensor,
    build_run_status_sensor_context,
    build_schedule_context,
    build_schedule_from_partitioned_job,
    build_sensor_context,
    run_failure_sensor,
    run_status_sensor,
    schedule,
    sensor,
)
from ._core.definitions.asset_checks import AssetCheckKey, AssetChecksDefinition, AssetCheckSpec, asset_check
from ._core.definitions.asset_decorator import asset
from ._core.definitions.asset_spec import AssetDep, AssetIn, AssetOut, AssetSpec
from ._core.definitions.assets_definition import AssetsDefinition
from ._core.definitions.definitions_class import Definitions
from ._core.definitions.graph_definition import GraphDefinition, graph, job
from ._core.definitions.job_definition import JobDefinition, UnresolvedAssetJobDefinition, define_asset_job
from ._core.definitions.load_assets import (
    load_asset_checks_from_modules,
    load_asset_checks_from_package_module,
    load_assets_from_modules,
    load_assets_from_package_module,
    load_assets_from_package_name,
)
from ._core.definitions.multi_asset_decorator import multi_asset
from ._core.definitions.op_definition import In, OpDefinition, Out, op
from ._core.definitions.retry_policy import Backoff, Failure, Jitter, RetryPolicy, RetryRequested
from ._core.errors import (
    CodeLocationLoadError,
    DagsterError,
    DagsterExecutionStepExecutionError,
    DagsterInvalidConfigError,
    DagsterInvalidDefinitionError,
    DagsterInvalidInvocationError,
    DagsterInvalidSubsetError,
    DagsterResourceNotFoundError,
    DagsterRunFailedError,
    DagsterUnknownPartitionError,
    InvalidConfigError,
    InvalidDefinitionError,
    InvalidInvocationError,
    InvalidSubsetError,
    OrchestratorError,
    ResourceNotFoundError,
    StepExecutionError,
    UnknownPartitionError,
)
from ._core.events import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetMaterialization,
    AssetObservation,
    DagsterEvent,
    DagsterEventType,
    MaterializeResult,
    Output,
)
from ._core.execution.api import materialize, materialize_to_memory
from ._core.execution.build_context import build_asset_context, build_op_context
from ._core.execution.context import AssetCheckExecutionContext, AssetExecutionContext, OpExecutionContext
from ._core.execution.result import ExecuteInProcessResult
from ._core.instance import DagsterInstance, EventLogEntry, EventLogRecord, EventRecordsFilter, RunsFilter
from ._core.metadata import MetadataValue, TableColumn, TableRecord, TableSchema
from ._core.partitions import (
    AllPartitionMapping,
    BackfillPolicy,
    DailyPartitionsDefinition,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    IdentityPartitionMapping,
    LastPartitionMapping,
    MonthlyPartitionsDefinition,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    MultiToSingleDimensionPartitionMapping,
    PartitionKeyRange,
    PartitionMapping,
    PartitionsDefinition,
    SpecificPartitionsPartitionMapping,
    StaticPartitionMapping,
    StaticPartitionsDefinition,
    TimeWindow,
    TimeWindowPartitionMapping,
    TimeWindowPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from ._core.resources import (
    Config,
    ConfigurableResource,
    ConfigurableResourceFactory,
    EnvVar,
    Field,
    InitResourceContext,
    PermissiveConfig,
    ResourceDefinition,
    ResourceDependency,
    ResourceParam,
    RunConfig,
    build_init_resource_context,
    build_resources,
    resource,
)
from ._core.runs import DagsterRun, DagsterRunStatus
from ._core.selection import AssetSelection
from ._core.storage import (
    ConfigurableIOManager,
    ConfigurableIOManagerFactory,
    FilesystemIOManager,
    InMemoryIOManager,
    InputContext,
    IOManager,
    IOManagerDefinition,
    OutputContext,
    PandasSQLIOManager,
    build_input_context,
    build_output_context,
    fs_io_manager,
    io_manager,
    mem_io_manager,
)

__version__ = "0.1.0"

__all__ = [name for name in dir() if not name.startswith("_")]
