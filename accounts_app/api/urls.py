"""URLs of the accounts API: /api/auth/..., /api/users/, /api/tokens/, /api/audit/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import schema  # noqa: F401  (registers the OpenAPI description of token authentication)
from .views import AuditEntryViewSet, CsrfView, LoginView, LogoutView, MeView, TokenViewSet, UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")
router.register("tokens", TokenViewSet, basename="token")
router.register("audit", AuditEntryViewSet, basename="audit")

urlpatterns = [
    path("auth/login/", LoginView.as_view(), name="auth-login"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("auth/me/", MeView.as_view(), name="auth-me"),
    path("auth/csrf/", CsrfView.as_view(), name="auth-csrf"),
    *router.urls,
]
