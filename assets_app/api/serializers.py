"""Shapes of the catalog endpoints (the asset graph is plain dicts; its serializers only document it)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts_app.api.schema import enum_field
from assets_app.models import AssetCheckEvaluation, CodeLocation, Materialization
from assets_app.selectors import AssetStatus, code_location_counts, key_string


class LatestMaterializationSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    run_id = serializers.CharField()
    timestamp = serializers.DateTimeField()
    partition = serializers.CharField(allow_null=True)


class PartitionCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    materialized = serializers.IntegerField()
    failed = serializers.IntegerField(
        help_text="The latest run targeting it failed after any materialization."
    )
    in_progress = serializers.IntegerField(help_text="Targeted by an unfinished run.")
    missing = serializers.IntegerField()


class AssetSerializer(serializers.Serializer):
    key = serializers.CharField()
    location = serializers.CharField(source="location_name")
    group = serializers.CharField(source="group_name")
    description = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())
    tags = serializers.DictField(child=serializers.CharField())
    owners = serializers.ListField(child=serializers.CharField())
    deps = serializers.ListField(child=serializers.CharField(), help_text="Keys of upstream assets.")
    is_materializable = serializers.BooleanField()
    is_partitioned = serializers.BooleanField()
    status = enum_field(
        AssetStatus,
        "AssetStatus",
        source="run_state.status",
        help_text="MATERIALIZED, NEVER_MATERIALIZED, FAILED (the latest run selecting it failed without "
        "materializing it) or IN_PROGRESS (the latest run selecting it has not finished).",
    )
    latest_materialization = LatestMaterializationSerializer(
        source="run_state.latest_materialization", allow_null=True
    )
    latest_run_id = serializers.CharField(source="run_state.latest_run_id", allow_null=True)
    latest_run_status = serializers.CharField(source="run_state.latest_run_status", allow_null=True)
    partition_counts = PartitionCountsSerializer(
        allow_null=True,
        help_text="For a partitioned asset: how its partitions stand (they sum to `total`); null otherwise.",
    )


class AssetCheckDefinitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    blocking = serializers.BooleanField()
    additional_deps = serializers.ListField(child=serializers.CharField())


class AssetDetailSerializer(AssetSerializer):
    key_path = serializers.SerializerMethodField()
    node_name = serializers.CharField(source="data.node_name")
    is_external = serializers.BooleanField(source="data.is_external", default=False)
    dependents = serializers.SerializerMethodField(help_text="Keys of downstream assets.")
    partitions = serializers.JSONField(
        source="data.partitions", allow_null=True, help_text="The partitions definition, or null."
    )
    metadata = serializers.JSONField(source="data.metadata", help_text="{name: {type, value}}")
    code_version = serializers.CharField(source="data.code_version", allow_null=True)
    config_schema = serializers.JSONField(source="data.config_schema", allow_null=True)
    checks = AssetCheckDefinitionSerializer(many=True)
    jobs = serializers.ListField(child=serializers.CharField(), help_text="Jobs that include the asset.")
    resources = serializers.ListField(
        child=serializers.CharField(),
        source="data.required_resource_keys",
        default=list,
        help_text="Keys of the resources the asset requires (its IO manager included).",
    )

    def get_key_path(self, asset: Any) -> list[str]:
        return list(asset.data.get("key") or asset.key.split("/"))

    def get_dependents(self, asset: Any) -> list[str]:
        return [key_string(k) for k in asset.data.get("dependents", [])]


class MaterializationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="event_id", help_text="The run event's storage id.")
    run_id = serializers.CharField()
    run_status = serializers.CharField(help_text="The status of the run that materialized it.")
    step_duration_seconds = serializers.SerializerMethodField(
        help_text="How long the step that materialized it ran (start to end), if it has ended."
    )

    class Meta:
        model = Materialization
        fields = [
            "id",
            "asset_key",
            "partition",
            "run_id",
            "run_status",
            "step_key",
            "step_duration_seconds",
            "timestamp",
            "metadata",
        ]
        read_only_fields = fields

    def get_step_duration_seconds(self, mat: Any) -> float | None:
        start, end = getattr(mat, "step_start", None), getattr(mat, "step_end", None)
        return round((end - start).total_seconds(), 3) if start and end else None


class CheckEvaluationSerializer(serializers.ModelSerializer):
    run_id = serializers.CharField()

    class Meta:
        model = AssetCheckEvaluation
        fields = [
            "event_id",
            "run_id",
            "partition",
            "passed",
            "severity",
            "blocking",
            "metadata",
            "timestamp",
        ]
        read_only_fields = fields


class AssetCheckSerializer(AssetCheckDefinitionSerializer):
    is_defined = serializers.BooleanField(help_text="False for a check evaluated in the past but gone now.")
    latest_evaluation = CheckEvaluationSerializer(allow_null=True)


class AssetWipeSerializer(serializers.Serializer):
    keys = serializers.ListField(child=serializers.CharField(), min_length=1, max_length=1000)


class AssetWipeResultSerializer(serializers.Serializer):
    wiped = serializers.ListField(child=serializers.CharField())


class AssetGraphNodeSerializer(serializers.Serializer):
    key = serializers.CharField()
    location = serializers.CharField()
    group = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField(help_text="The first 200 characters of the description.")
    is_materializable = serializers.BooleanField()
    is_partitioned = serializers.BooleanField()
    status = enum_field(AssetStatus, "AssetStatus")
    latest_materialization_at = serializers.DateTimeField(allow_null=True)
    latest_run_id = serializers.CharField(
        allow_null=True, help_text="The latest run that selected the asset."
    )
    partition_counts = PartitionCountsSerializer(allow_null=True)


class AssetGraphEdgeSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="The upstream asset.")  # type: ignore[assignment]
    target = serializers.CharField(help_text="The downstream asset.")


class AssetGraphLocationSerializer(serializers.Serializer):
    name = serializers.CharField()
    fingerprint = serializers.CharField()


class AssetGraphSerializer(serializers.Serializer):
    locations = AssetGraphLocationSerializer(many=True)
    nodes = AssetGraphNodeSerializer(many=True)
    edges = AssetGraphEdgeSerializer(many=True)


class AssetGraphQuerySerializer(serializers.Serializer):
    location = serializers.CharField(required=False, help_text="Only this code location.")


class LoadErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    cls = serializers.CharField(required=False)
    traceback = serializers.CharField(required=False)


class CodeLocationCountsSerializer(serializers.Serializer):
    assets = serializers.IntegerField()
    asset_checks = serializers.IntegerField()
    jobs = serializers.IntegerField()
    schedules = serializers.IntegerField()
    sensors = serializers.IntegerField()


class CodeLocationSerializer(serializers.ModelSerializer):
    status = enum_field(CodeLocation.Status, "CodeLocationStatus")
    load_error = LoadErrorSerializer(allow_null=True, help_text="Why the last load failed, or null.")
    counts = serializers.SerializerMethodField(help_text="Definitions in the stored snapshot.")

    class Meta:
        model = CodeLocation
        fields = [
            "name",
            "status",
            "load_error",
            "loaded_at",
            "updated_at",
            "fingerprint",
            "origin",
            "counts",
        ]
        read_only_fields = fields

    @extend_schema_field(CodeLocationCountsSerializer)
    def get_counts(self, location: CodeLocation) -> dict[str, int]:
        return code_location_counts(location)


class CodeLocationReloadSerializer(CodeLocationSerializer):
    """The location as stored when the reload was queued, and what to poll for."""

    previous_loaded_at = serializers.SerializerMethodField(
        help_text="`loaded_at` before this reload: the reload finished once `loaded_at` differs."
    )
    reloaded = serializers.SerializerMethodField(help_text="The reload already finished (eager workers).")

    class Meta(CodeLocationSerializer.Meta):
        fields = [*CodeLocationSerializer.Meta.fields, "previous_loaded_at", "reloaded"]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_previous_loaded_at(self, location: CodeLocation) -> str | None:
        previous = self.context["previous_loaded_at"]
        return serializers.DateTimeField().to_representation(previous) if previous else None

    def get_reloaded(self, location: CodeLocation) -> bool:
        return bool(location.loaded_at != self.context["previous_loaded_at"])


class AssetSelectionQuerySerializer(serializers.Serializer):
    select = serializers.CharField(
        max_length=10000,
        help_text="An asset selection, as the command line's `--select`: `+a`, `a+`, `*a`, `group:x`, "
        "`kind:x`, `tag:k=v`, `owner:x`, `*`, clauses joined by commas.",
    )
    location = serializers.CharField(required=False, help_text="Only this code location.")


class AssetSelectionSerializer(serializers.Serializer):
    keys = serializers.ListField(child=serializers.CharField(), help_text="The selected asset keys, sorted.")
