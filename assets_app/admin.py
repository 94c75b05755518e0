"""Admin: the catalog is written by workers, so it is read-only here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AssetCheckEvaluation, AssetDefinition, AssetState, CodeLocation, Materialization


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the orchestrator writes: viewable, never added, changed or deleted here."""

    show_full_result_count = False  # no COUNT(*) over large tables on every page

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CodeLocation)
class CodeLocationAdmin(ReadOnlyAdmin):
    list_display = ["name", "status", "loaded_at", "fingerprint"]
    list_filter = ["status"]
    search_fields = ["name"]
    exclude = ["snapshot"]  # can be megabytes; the API serves it

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("snapshot")


@admin.register(AssetDefinition)
class AssetDefinitionAdmin(ReadOnlyAdmin):
    list_display = ["key", "group_name", "location", "is_materializable", "is_partitioned"]
    list_filter = ["location", "group_name", "is_materializable", "is_partitioned"]
    search_fields = ["key", "search_text"]
    list_select_related = ["location"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("location__snapshot")


@admin.register(Materialization)
class MaterializationAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "asset_key", "partition", "run", "timestamp"]
    search_fields = ["asset_key", "partition"]
    ordering = ["-event_id"]


@admin.register(AssetCheckEvaluation)
class AssetCheckEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "asset_key", "check_name", "passed", "severity", "run", "timestamp"]
    list_filter = ["passed", "severity"]
    search_fields = ["asset_key", "check_name"]
    ordering = ["-event_id"]


@admin.register(AssetState)
class AssetStateAdmin(ReadOnlyAdmin):
    list_display = ["asset_key", "latest_materialization", "wiped_after_event_id"]
    search_fields = ["asset_key"]
