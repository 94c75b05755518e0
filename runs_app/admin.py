"""Admin: runs and their events are written by the orchestrator, so they are read-only here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assets_app.admin import ReadOnlyAdmin

from .models import DynamicPartition, Run, RunEvent, StepStats


class StepStatsInline(admin.TabularInline):
    model = StepStats
    extra = 0
    can_delete = False
    readonly_fields = ["step_key", "status", "start_time", "end_time", "attempts", "unavailable_outputs"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = ["id", "status", "job_name", "location_name", "partition_key", "created_by", "created_at"]
    list_filter = ["status", "location_name", "executor"]
    search_fields = ["job_name", "created_by", "partition_key"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    inlines = [StepStatsInline]


@admin.register(RunEvent)
class RunEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "run", "event_type", "step_key", "asset_key", "message"]
    list_filter = ["event_type"]
    search_fields = ["step_key", "asset_key"]
    ordering = ["-id"]
    raw_id_fields = ["run"]


@admin.register(DynamicPartition)
class DynamicPartitionAdmin(admin.ModelAdmin):
    """Dynamic partition keys may be added or removed by hand (as ``instance.add_dynamic_partitions``)."""

    list_display = ["name", "key", "created_at"]
    list_filter = ["name"]
    search_fields = ["name", "key"]
