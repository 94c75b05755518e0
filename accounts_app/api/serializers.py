"""Shapes of the auth, user and token endpoints."""

from typing import Any

from django.contrib.auth import authenticate, get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts_app.api.schema import enum_field
from accounts_app.models import ApiToken, AuditAction, AuditEntry, Role
from accounts_app.services import user_role


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=512, trim_whitespace=False, write_only=True, style={"input_type": "password"}
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context["request"]
        user = authenticate(request._request, username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError("Invalid username or password", code="authorization")
        return {"user": user}

    @staticmethod
    def credentials_rejected(serializer: serializers.BaseSerializer[Any]) -> bool:
        """Whether validation failed on the user name and password (not on a missing field)."""
        errors = dict(serializer.errors).get("non_field_errors") or []
        return any(getattr(error, "code", None) == "authorization" for error in errors)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    role = enum_field(Role, "Role", read_only=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {"username": instance.get_username(), "role": user_role(instance)}


class CsrfSerializer(serializers.Serializer):
    csrf_token = serializers.CharField(read_only=True, help_text="Send it back in the X-CSRFToken header.")


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    role = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(read_only=True)
    date_joined = serializers.DateTimeField(read_only=True)
    last_login = serializers.DateTimeField(read_only=True, allow_null=True)

    @extend_schema_field(enum_field(Role, "Role"))
    def get_role(self, user: Any) -> Role:
        role = user_role(user)
        assert role is not None  # a stored user always has a role
        return role


class UserCreateSerializer(serializers.Serializer):
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=get_user_model()._meta.get_field("username").max_length or 150
    )
    role = enum_field(Role, "Role")
    password = serializers.CharField(
        required=False,
        allow_null=True,
        trim_whitespace=False,
        write_only=True,
        style={"input_type": "password"},
        help_text="Leave out for a user that only authenticates with tokens.",
    )


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=ApiToken._meta.get_field("name").max_length or 100)


class TokenCreatedSerializer(TokenSerializer):
    key = serializers.SerializerMethodField(help_text="The token's key: shown once, store it now.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
        read_only_fields = fields

    def get_key(self, token: ApiToken) -> str:
        return self.context["key"]


class AuditEntrySerializer(serializers.ModelSerializer):
    action = enum_field(AuditAction, "AuditAction", read_only=True)
    details = serializers.DictField(read_only=True, help_text="What changed, by action.")

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor",
            "action",
            "target_type",
            "target_id",
            "details",
            "client_address",
        ]
        read_only_fields = fields
