"""Admin: roles can be changed here; tokens can be inspected and revoked, never created or edited;
the audit log can be read."""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from .audit import audit_record
from .models import ApiToken, AuditAction, AuditEntry, UserRole
from .services import user_set_role


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role"]
    list_filter = ["role"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # users are created with a role (API or `createuser` command)

    def save_model(self, request: HttpRequest, obj: UserRole, form: Any, change: bool) -> None:
        """Through the service, so the user's staff flag follows and the change is audited."""
        user_set_role(username=obj.user.get_username(), role=obj.role, actor=request.user, request=request)


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

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.select_related("user"):
            self.delete_model(request, token)

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: ApiToken) -> None:
        details = {"user": obj.user.get_username(), "name": obj.name, "prefix": obj.prefix}
        token_id = obj.id
        super().delete_model(request, obj)
        audit_record(
            action=AuditAction.TOKEN_DELETED,
            target_type="token",
            target_id=token_id,
            actor=request.user,
            request=request,
            details=details,
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are written by the changes they record."""

    list_display = ["created_at", "actor", "action", "target_type", "target_id", "client_address"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor", "target_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
