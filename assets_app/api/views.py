"""Catalog endpoints: assets, their materializations and checks, the asset graph, code locations."""

import logging
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from accounts_app.api.pagination import BoundedLimitOffsetPagination
from accounts_app.audit import audit_record
from accounts_app.models import AuditAction
from assets_app import selectors, services
from assets_app.models import AssetDefinition, CodeLocation, Materialization
from orchestrator_site.errors import DomainError, NotFound
from runs_app.snapshots import selected_asset_keys

from .filters import AssetFilter, MaterializationFilter
from .serializers import (
    AssetCheckSerializer,
    AssetDetailSerializer,
    AssetGraphQuerySerializer,
    AssetGraphSerializer,
    AssetSelectionQuerySerializer,
    AssetSelectionSerializer,
    AssetSerializer,
    AssetWipeResultSerializer,
    AssetWipeSerializer,
    CodeLocationReloadSerializer,
    CodeLocationSerializer,
    MaterializationSerializer,
)

logger = logging.getLogger(__name__)

KEY_PARAMETER = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="The asset key, path parts joined with '/'."
)
LOCATION_PARAMETER = OpenApiParameter(
    "location", str, description="The code location, when several define the key."
)


def _asset_detail(key: str, location: str | None = None) -> Response:
    return Response(AssetDetailSerializer(selectors.asset_get(key, location)).data)


class CatalogPagination(BoundedLimitOffsetPagination):
    """The catalog is read whole by the UI: up to 5000 assets a page."""

    max_limit = 5000


class AssetListView(ListAPIView):
    """Every asset of the stored snapshots, filtered, with its status, latest materialization and
    partition counts (a bounded number of queries per page)."""

    serializer_class = AssetSerializer
    filterset_class = AssetFilter
    pagination_class = CatalogPagination

    def get_queryset(self) -> QuerySet[AssetDefinition]:
        return selectors.asset_queryset()

    @extend_schema(operation_id="assets_list")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.filter_queryset(self.get_queryset()).values(*selectors.ASSET_ROW_FIELDS)
        page = self.paginate_queryset(rows)  # type: ignore[arg-type]
        assert page is not None  # the view always paginates
        return self.get_paginated_response(selectors.asset_list_rows(page))


class AssetDetailView(GenericAPIView):
    serializer_class = AssetDetailSerializer

    @extend_schema(operation_id="assets_retrieve", parameters=[KEY_PARAMETER, LOCATION_PARAMETER])
    def get(self, request: Request, key: str) -> Response:
        return _asset_detail(key, request.query_params.get("location") or None)


class AssetMaterializationListView(ListAPIView):
    """The asset's materializations since its last wipe, newest first.

    An asset whose own key ends in ``/materializations`` is served here too when the prefix is not an
    asset (the sub-resource wins when both exist).
    """

    serializer_class = MaterializationSerializer
    filterset_class = MaterializationFilter
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self) -> QuerySet[Materialization]:
        if getattr(self, "swagger_fake_view", False):
            return Materialization.objects.none()
        return selectors.materialization_queryset(self.kwargs["key"])

    @extend_schema(operation_id="assets_materializations_list", parameters=[KEY_PARAMETER])
    def get(self, request: Request, key: str) -> Response:
        if not selectors.asset_exists(key):
            if selectors.asset_exists(f"{key}/materializations"):
                return _asset_detail(f"{key}/materializations")
            raise NotFound(f"No asset '{key}'")
        return self.list(request)


class AssetCheckListView(GenericAPIView):
    """The asset's checks with their latest evaluation (see also the key-suffix note above)."""

    serializer_class = AssetCheckSerializer
    pagination_class = None

    @extend_schema(operation_id="assets_checks_list", parameters=[KEY_PARAMETER])
    def get(self, request: Request, key: str) -> Response:
        if not selectors.asset_exists(key) and selectors.asset_exists(f"{key}/checks"):
            return _asset_detail(f"{key}/checks")
        return Response(AssetCheckSerializer(selectors.asset_checks(key), many=True).data)


class AssetWipeView(GenericAPIView):
    """Forget the materialization history of assets (admins); stored values are untouched."""

    serializer_class = AssetWipeSerializer

    @extend_schema(
        operation_id="assets_wipe",
        responses={200: AssetWipeResultSerializer, 400: OpenApiResponse(description="Unknown keys")},
    )
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        keys = list(dict.fromkeys(serializer.validated_data["keys"]))
        unknown = selectors.unknown_asset_keys(keys)
        if unknown:
            raise DomainError("keys", f"Unknown asset(s): {', '.join(unknown)}")
        services.asset_wipe(keys=keys)
        for key in keys:
            audit_record(
                action=AuditAction.ASSET_WIPED,
                target_type="asset",
                target_id=key,
                actor=request.user,
                request=request,
            )
        return Response({"wiped": keys})

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        # ``GET /api/assets/wipe/`` is the detail of an asset named "wipe".
        return _asset_detail("wipe", request.query_params.get("location") or None)


class AssetGraphView(GenericAPIView):
    """Every node and edge in one response, joined from JSON cached per location fingerprint.

    The body is built as text (see ``selectors.asset_graph_json``), so it is always JSON whatever the
    Accept header; ``AssetGraphSerializer`` documents its shape.
    """

    serializer_class = AssetGraphSerializer
    pagination_class = None

    @extend_schema(operation_id="asset_graph_retrieve", parameters=[AssetGraphQuerySerializer])
    def get(self, request: Request) -> HttpResponse:
        query = AssetGraphQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        body = selectors.asset_graph_json(query.validated_data.get("location"))
        return HttpResponse(body, content_type="application/json")


class AssetSelectionView(GenericAPIView):
    """The keys an asset selection string selects, resolved as a launch and the command line do."""

    serializer_class = AssetSelectionSerializer
    pagination_class = None

    @extend_schema(
        operation_id="asset_selection_retrieve",
        parameters=[AssetSelectionQuerySerializer],
        responses={200: AssetSelectionSerializer, 400: OpenApiResponse(description="Bad selection syntax")},
    )
    def get(self, request: Request) -> Response:
        query = AssetSelectionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        keys = selected_asset_keys(query.validated_data["select"], query.validated_data.get("location"))
        return Response({"keys": keys})


@extend_schema_view(
    list=extend_schema(summary="List code locations with their load status and definition counts"),
    retrieve=extend_schema(summary="A code location"),
)
class CodeLocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    serializer_class = CodeLocationSerializer
    pagination_class = BoundedLimitOffsetPagination
    lookup_field = "name"
    lookup_value_regex = "[^/\x00]+"

    def get_queryset(self) -> QuerySet[CodeLocation]:
        return selectors.code_location_queryset()

    def get_object(self) -> CodeLocation:
        return selectors.code_location_get(self.kwargs["name"])

    @extend_schema(
        operation_id="code_locations_reload",
        summary="Queue a reload of the code location on a worker (admins)",
        description="Answers at once: poll `GET /api/code-locations/{name}/` (the `Location` header) until "
        "`loaded_at` differs from `previous_loaded_at`; `status` then tells whether the load succeeded.",
        request=None,
        responses={
            202: OpenApiResponse(CodeLocationReloadSerializer, description="The reload is queued."),
            503: OpenApiResponse(description="The task broker is unreachable."),
        },
    )
    @action(detail=True, methods=["post"])
    def reload(self, request: Request, name: str) -> Response:
        location = self.get_object()
        previous_loaded_at = location.loaded_at
        services.code_location_reload_request(name=location.name)
        audit_record(
            action=AuditAction.CODE_LOCATION_RELOADED,
            target_type="code_location",
            target_id=location.name,
            actor=request.user,
            request=request,
        )
        # A web thread never waits for the worker: the client polls the location instead.
        location = self.get_object()
        body = CodeLocationReloadSerializer(location, context={"previous_loaded_at": previous_loaded_at}).data
        url = reverse("code-location-detail", kwargs={"name": location.name})
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})
