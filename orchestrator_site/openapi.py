"""The OpenAPI schema's error responses: every operation documents the errors the API can answer with.

The exception handler (``orchestrator_site.exceptions``) answers bad input with a 400 naming the
field, unknown keys with 404, missing or wrong credentials with 401/403 and oversized bodies with
413, always as a JSON object; this schema class adds those responses to each operation so clients
(and schema-conformance tests) know them.
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "`detail` for errors of the whole request, else one list of messages per field "
    "(nested objects for nested fields, e.g. `run_config`).",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
_DESCRIPTIONS = {
    "400": "Invalid input: the body names each wrong field with its reasons.",
    "401": "Missing or invalid credentials.",
    "403": "The user's role does not allow this (or the CSRF check failed).",
    "404": "No such object.",
    "413": "The request body is too large.",
}


class ErrorDocumentingAutoSchema(AutoSchema):
    """drf-spectacular's schema with 400/401/403/404/413 responses where they can happen."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self._error_codes():
            response = responses.setdefault(code, {"description": _DESCRIPTIONS[code]})
            if "content" not in response:
                response["content"] = {"application/json": {"schema": self._error_ref()}}
        return responses

    def _error_codes(self) -> list[str]:
        has_body = self.method in ("POST", "PUT", "PATCH")
        codes = ["401", "403"]
        if has_body or self._get_parameters():
            codes.append("400")
        if "{" in self.path:
            codes.append("404")
        if has_body:
            codes.append("413")
        return sorted(codes)

    def _error_ref(self) -> dict[str, str]:
        component = ResolvedComponent(
            name="Error", type=ResolvedComponent.SCHEMA, object="Error", schema=ERROR_SCHEMA
        )
        self.registry.register_on_missing(component)
        return component.ref
