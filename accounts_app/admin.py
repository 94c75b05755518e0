"""Admin: roles can be changed here; tokens can be inspected and revoked, never created or edited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ApiToken, UserRole


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role"]
    list_filter = ["role"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # users are created with a role (API or `createuser` command)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    search_fields = ["name", "user__username", "prefix"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a key is shown once, by the API that creates it

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
