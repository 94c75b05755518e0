"""Auth (session login, logout, me, CSRF cookie), users (admins), a user's own API tokens, the audit log."""

from typing import Any, NoReturn

from django.contrib.auth import get_user_model, login, logout
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from accounts_app.audit import audit_queryset
from accounts_app.models import ApiToken, AuditEntry, Role
from accounts_app.services import token_create, token_revoke, user_create
from accounts_app.throttling import (
    LOGIN_THROTTLES,
    LoginThrottled,
    login_failure_record,
    login_success_record,
)

from .filters import AuditEntryFilter
from .pagination import BoundedLimitOffsetPagination
from .serializers import (
    AuditEntrySerializer,
    CsrfSerializer,
    LoginSerializer,
    MeSerializer,
    TokenCreatedSerializer,
    TokenCreateSerializer,
    TokenSerializer,
    UserCreateSerializer,
    UserSerializer,
)


class LoginView(GenericAPIView):
    """Start a session. CSRF is checked here too (as Django's own login does), against login CSRF.

    Failed logins are limited per user name and per client address (see ``accounts_app.throttling``).
    """

    permission_classes = [AllowAny]
    serializer_class = LoginSerializer
    throttle_classes = LOGIN_THROTTLES

    def throttled(self, request: Request, wait: float | None) -> NoReturn:
        raise LoginThrottled(wait)

    @extend_schema(
        operation_id="auth_login",
        responses={
            200: MeSerializer,
            400: OpenApiResponse(description="Invalid username or password"),
            429: OpenApiResponse(
                description="Too many failed logins for this user name or address; see Retry-After."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        SessionAuthentication().enforce_csrf(request)
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            if LoginSerializer.credentials_rejected(serializer):
                login_failure_record(request=request)
            raise
        user = serializer.validated_data["user"]
        login(request._request, user)
        login_success_record(request=request)
        return Response(MeSerializer(user).data)


class LogoutView(GenericAPIView):
    required_role = Role.VIEWER
    serializer_class = None

    @extend_schema(operation_id="auth_logout", request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(GenericAPIView):
    serializer_class = MeSerializer

    @extend_schema(operation_id="auth_me")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class CsrfView(GenericAPIView):
    """Set the ``csrftoken`` cookie; the SPA sends it back in ``X-CSRFToken`` on unsafe requests."""

    permission_classes = [AllowAny]
    serializer_class = CsrfSerializer

    @extend_schema(operation_id="auth_csrf")
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})


@extend_schema_view(
    list=extend_schema(summary="List users (admins)"),
    create=extend_schema(
        summary="Create a user with a role (admins)",
        request=UserCreateSerializer,
        responses={201: UserSerializer},
    ),
)
class UserViewSet(mixins.ListModelMixin, GenericViewSet):
    read_role = Role.ADMIN
    required_role = Role.ADMIN
    serializer_class = UserSerializer
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self) -> QuerySet[Any]:
        return get_user_model().objects.select_related("role").order_by("username")

    def create(self, request: Request) -> Response:
        serializer = UserCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_create(**serializer.validated_data, actor=request.user, request=request)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List your API tokens"),
    create=extend_schema(
        summary="Create an API token (its key is returned once)",
        request=TokenCreateSerializer,
        responses={201: TokenCreatedSerializer},
    ),
    destroy=extend_schema(summary="Revoke one of your API tokens"),
)
class TokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, GenericViewSet):
    """Every user manages their own tokens; other users' tokens are invisible (404)."""

    required_role = Role.VIEWER
    serializer_class = TokenSerializer
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user_id=self.request.user.pk or 0).order_by("-created_at", "-id")

    def create(self, request: Request) -> Response:
        serializer = TokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = token_create(
            username=request.user.get_username(),
            **serializer.validated_data,
            actor=request.user,
            request=request,
        )
        return Response(
            TokenCreatedSerializer(token, context={"key": key}).data, status=status.HTTP_201_CREATED
        )

    def perform_destroy(self, instance: ApiToken) -> None:
        token_revoke(user=self.request.user, token_id=instance.id, request=self.request)


@extend_schema_view(list=extend_schema(summary="The audit log, newest first (admins)"))
class AuditEntryViewSet(mixins.ListModelMixin, GenericViewSet):
    """Who launched, canceled or re-executed runs, wiped assets, reloaded locations, changed accounts."""

    read_role = Role.ADMIN
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilter
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return audit_queryset()
