"""The catalog: code locations and their snapshots, asset definitions, materializations, checks."""

from django.db import models


class CodeLocation(models.Model):
    """A loaded (or failed) code location; the web serves its snapshot, never the code."""

    class Status(models.TextChoices):
        LOADING = "LOADING"
        LOADED = "LOADED"
        ERROR = "ERROR"

    name = models.CharField(max_length=200, unique=True)
    origin = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.LOADING)
    load_error = models.JSONField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    loaded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class AssetDefinition(models.Model):
    """One asset of a location's snapshot, as a row the catalog can filter and search."""

    location = models.ForeignKey(CodeLocation, on_delete=models.CASCADE, related_name="assets")
    key = models.CharField(max_length=500)
    group_name = models.CharField(max_length=200, default="default")
    description = models.TextField(blank=True, default="")
    kinds = models.JSONField(default=list)
    tags = models.JSONField(default=dict)
    owners = models.JSONField(default=list)
    deps = models.JSONField(default=list)
    is_materializable = models.BooleanField(default=True)
    is_partitioned = models.BooleanField(default=False)
    search_text = models.TextField(blank=True, default="")
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["location", "key"], name="unique_asset_key_per_location")
        ]
        indexes = [models.Index(fields=["key"]), models.Index(fields=["group_name", "key"])]

    def __str__(self) -> str:
        return self.key


class Materialization(models.Model):
    """An asset (partition) materialized by a run; ``event_id`` is the run event's storage id."""

    asset_key = models.CharField(max_length=500)
    partition = models.CharField(max_length=500, null=True, blank=True)
    run = models.ForeignKey("runs_app.Run", on_delete=models.CASCADE, related_name="materializations")
    event_id = models.BigIntegerField(unique=True)
    step_key = models.CharField(max_length=500, null=True, blank=True)
    timestamp = models.DateTimeField()
    metadata = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(fields=["asset_key", "-event_id"]),
            models.Index(fields=["asset_key", "partition", "-event_id"]),
        ]


class AssetCheckEvaluation(models.Model):
    """The result of an asset check in a run."""

    asset_key = models.CharField(max_length=500)
    check_name = models.CharField(max_length=200)
    partition = models.CharField(max_length=500, null=True, blank=True)
    run = models.ForeignKey("runs_app.Run", on_delete=models.CASCADE, related_name="check_evaluations")
    event_id = models.BigIntegerField(unique=True)
    passed = models.BooleanField()
    severity = models.CharField(max_length=8)
    blocking = models.BooleanField(default=False)
    metadata = models.JSONField(default=dict)
    timestamp = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["asset_key", "check_name", "-event_id"])]


class AssetState(models.Model):
    """Per asset key: its latest materialization and where a wipe cut its history."""

    asset_key = models.CharField(max_length=500, primary_key=True)
    latest_materialization = models.ForeignKey(
        Materialization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wiped_after_event_id = models.BigIntegerField(default=0)
