"""Runs, their tags and assets, typed run events, step stats and dynamic partitions."""

import uuid

from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "QUEUED"
    STARTING = "STARTING"
    STARTED = "STARTED"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    CANCELING = "CANCELING"
    CANCELED = "CANCELED"


FINISHED = (RunStatus.SUCCESS, RunStatus.FAILURE, RunStatus.CANCELED)


class Executor(models.TextChoices):
    IN_PROCESS = "in_process"
    PER_STEP = "per_step"


class Run(models.Model):
    """One execution of a job or asset selection."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    location_name = models.CharField(max_length=200)
    job_name = models.CharField(max_length=200)
    asset_selection = models.JSONField(null=True, blank=True)
    partition_key = models.CharField(max_length=500, null=True, blank=True)
    partition_range_start = models.CharField(max_length=500, null=True, blank=True)
    partition_range_end = models.CharField(max_length=500, null=True, blank=True)
    tags = models.JSONField(default=dict)
    run_config = models.JSONField(default=dict)
    executor = models.CharField(max_length=16, choices=Executor.choices, default=Executor.IN_PROCESS)
    step_selection = models.JSONField(null=True, blank=True)
    parent_run = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    root_run_id = models.UUIDField(null=True, blank=True)
    created_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    dispatch_count = models.PositiveIntegerField(default=0)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True, default="")
    failure_reason = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["-created_at"]),
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["job_name", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.id} ({self.status})"


class RunTag(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="tag_rows")
    key = models.CharField(max_length=200)
    value = models.CharField(max_length=500)

    class Meta:
        indexes = [models.Index(fields=["key", "value"])]


class RunAsset(models.Model):
    """An asset a run was asked to materialize (for filtering runs by asset)."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="asset_rows")
    asset_key = models.CharField(max_length=500)

    class Meta:
        indexes = [models.Index(fields=["asset_key"])]


class RunEvent(models.Model):
    """One event of a run; ``id`` is the storage id (increasing), the cursor of every reader."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(max_length=40)
    level = models.PositiveSmallIntegerField(default=10)
    step_key = models.CharField(max_length=500, null=True, blank=True)
    asset_key = models.CharField(max_length=500, null=True, blank=True)
    partition = models.CharField(max_length=500, null=True, blank=True)
    message = models.TextField(blank=True, default="")
    payload = models.JSONField(default=dict)
    timestamp = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["run", "id"]),
            models.Index(fields=["event_type", "id"]),
        ]


class StepStats(models.Model):
    """Per step of a run: status, timing, attempts, and outputs it left unavailable.

    ``unavailable_outputs`` holds ``[step_key, output_name]`` pairs this step made
    unavailable (optional outputs not produced, outputs withheld by a failed blocking
    check). The per-step executor also records where and when a step was dispatched
    and which worker runs it, with that worker's heartbeat.
    """

    class Status(models.TextChoices):
        PENDING = "PENDING"
        RUNNING = "RUNNING"
        SUCCESS = "SUCCESS"
        FAILURE = "FAILURE"
        SKIPPED = "SKIPPED"

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="steps")
    step_key = models.CharField(max_length=500)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    unavailable_outputs = models.JSONField(default=list)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True, default="")
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "step_key"], name="unique_step_per_run")]


class DynamicPartition(models.Model):
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="unique_dynamic_partition")]


class WorkerHeartbeat(models.Model):
    """A worker process (``host:pid`` of its main process) and when it last reported in."""

    name = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.name
