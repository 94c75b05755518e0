"""One place that maps domain errors to API responses: 400 with the field, 404, never a 500."""

__all__ = ["DomainError", "NotFound", "api_exception_handler"]

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from orchestrator._core.errors import (
    InvalidConfigError,
    InvalidSubsetError,
    OrchestratorError,
    UnknownPartitionError,
)
from orchestrator_site.errors import DomainError, NotFound

logger = logging.getLogger(__name__)


_FIELD_BY_ERROR = {
    InvalidSubsetError: "selection",
    UnknownPartitionError: "partition_key",
    InvalidConfigError: "run_config",
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body = {"detail": exc.message} if exc.field == "detail" else {exc.field: [exc.message]}
        return Response(body, status=exc.status_code)
    for cls, field in _FIELD_BY_ERROR.items():
        if isinstance(exc, cls):
            return Response({field: [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, OrchestratorError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response(
            {"detail": f"The request body is larger than the server accepts ({limit} bytes)."},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, SuspiciousOperation):  # too many fields or files, malformed multipart...
        return Response({"detail": str(exc) or "Malformed request."}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "message_dict") else exc.messages)
    return exception_handler(exc, context)
