"""OpenAPI helpers: the token authentication scheme (registered when the URLs import this) and enums."""

import functools
from typing import Any

from django.db import models
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts_app.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "API token, prefixed by 'Token': `Authorization: Token orc_...`",
        }


@functools.cache
def _enum_field_class(component_name: str, values: tuple[str, ...]) -> type[serializers.ChoiceField]:
    field_class = type(f"{component_name}Field", (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": list(values)}
    return extend_schema_field(schema, component_name=component_name)(field_class)


def enum_field(
    choices: type[models.TextChoices], component_name: str, **kwargs: Any
) -> serializers.ChoiceField:
    """A choice field documented as the named enum ``component_name`` (one name per choice set)."""
    field_class = _enum_field_class(component_name, tuple(choices.values))
    return field_class(choices=choices.choices, **kwargs)
