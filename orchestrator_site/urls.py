"""URLs: the REST API under /api/, its schema and docs, the health check, the Django admin, and the UI."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .health_views import HealthView
from .webui.views import spa_index

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/health/", HealthView.as_view(), name="api-health"),
    path("api/", include("accounts_app.api.urls")),
    path("api/", include("assets_app.api.urls")),
    path("api/", include("runs_app.api.urls")),
    # Every other path is a route of the single-page UI (unknown ones show its "not found" page).
    re_path(r"^(?!api/|admin/|static/|_app/)(?P<route>.*)$", spa_index, name="home"),
]

handler404 = "orchestrator_site.views.not_found"
