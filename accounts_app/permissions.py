"""Roles decide access: viewers read, launchers also launch/cancel/re-execute, admins do everything."""

from typing import Any

from rest_framework import permissions

from .models import ROLE_RANK, Role
from .services import user_role


class RolePermission(permissions.BasePermission):
    """Reads need a viewer; writes need the view's ``required_role`` (default admin)."""

    message = "Your role does not allow this action"

    def has_permission(self, request: Any, view: Any) -> bool:
        role = user_role(request.user)
        if role is None:
            return False
        if request.method in permissions.SAFE_METHODS:
            needed = getattr(view, "read_role", Role.VIEWER)
        else:
            needed = getattr(view, "required_role", Role.ADMIN)
            action_roles = getattr(view, "action_roles", {})
            needed = action_roles.get(getattr(view, "action", None), needed)
        return ROLE_RANK[role] >= ROLE_RANK[Role(needed)]
