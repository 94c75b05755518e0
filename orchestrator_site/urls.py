"""URLs: the REST API under /api/, its schema and docs, the health check, and the Django admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .health_views import HealthView

urlpatterns = [
    # The single-page UI will live at "/"; until then "/" opens the interactive API docs.
    path("", RedirectView.as_view(pattern_name="api-docs", permanent=False), name="home"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/health/", HealthView.as_view(), name="api-health"),
    path("api/", include("accounts_app.api.urls")),
    path("api/", include("assets_app.api.urls")),
    path("api/", include("runs_app.api.urls")),
]

handler404 = "orchestrator_site.views.not_found"
