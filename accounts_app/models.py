"""Roles of users and hashed API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    LAUNCHER = "launcher", "Launcher"
    ADMIN = "admin", "Admin"


ROLE_RANK = {Role.VIEWER: 0, Role.LAUNCHER: 1, Role.ADMIN: 2}


class UserRole(models.Model):
    """The role of a user: viewer (read), launcher (read + run), admin (everything)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A token for scripts; only its SHA-256 is stored, the key is shown once."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="unique_token_name_per_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return "orc_" + secrets.token_urlsafe(32)


class AuditAction(models.TextChoices):
    RUN_LAUNCHED = "run.launched", "Run launched"
    RUN_CANCELED = "run.canceled", "Run canceled"
    RUN_REEXECUTED = "run.reexecuted", "Run re-executed"
    ASSET_WIPED = "asset.wiped", "Asset wiped"
    CODE_LOCATION_RELOADED = "code_location.reloaded", "Code location reload requested"
    USER_CREATED = "user.created", "User created"
    USER_ROLE_CHANGED = "user.role_changed", "User role changed"
    USER_PASSWORD_CHANGED = "user.password_changed", "User password changed"
    TOKEN_CREATED = "token.created", "API token created"
    TOKEN_DELETED = "token.deleted", "API token deleted"


class AuditEntry(models.Model):
    """Who did what to which object, when and from where; written once, never changed.

    ``actor`` is a user name kept as text, so entries outlive the users they name;
    ``cli:<OS user>`` is a command run on a server machine.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.CharField(max_length=150, db_index=True)
    action = models.CharField(max_length=32, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(max_length=32)
    target_id = models.CharField(max_length=255)
    details = models.JSONField(default=dict, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.target_type}:{self.target_id}"
