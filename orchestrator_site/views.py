"""Site-wide views: JSON errors for API paths."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A JSON 404 under ``/api/``; Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": f"Not found: {request.path}"}, status=404)
    return defaults.page_not_found(request, exception)  # type: ignore[arg-type]
