"""``GET /api/health/``: open to anyone (load balancers, monitors), 200 when everything works, else 503."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from .health import COMPONENTS, health_report


class _ComponentSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    error = serializers.CharField(required=False, help_text="Why the component failed.")


class DatabaseHealthSerializer(_ComponentSerializer):
    vendor = serializers.CharField(required=False)


class BrokerHealthSerializer(_ComponentSerializer):
    transport = serializers.CharField(required=False)
    queued_messages = serializers.IntegerField(required=False)


class WorkersHealthSerializer(_ComponentSerializer):
    alive = serializers.IntegerField(help_text="Workers that reported in within the stale window.")
    names = serializers.ListField(child=serializers.CharField(), help_text="`host:pid` of each.")


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "unavailable"])
    failing = serializers.ListField(
        child=serializers.ChoiceField(choices=list(COMPONENTS)),
        help_text="The components that failed; empty when the status is ok.",
    )
    database = DatabaseHealthSerializer()
    broker = BrokerHealthSerializer()
    workers = WorkersHealthSerializer(help_text="The workers that execute runs.")
    daemon = WorkersHealthSerializer(
        help_text="`orchestrator daemon`: run monitoring and other periodic work (`daemon/host:pid`)."
    )


class HealthView(GenericAPIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    serializer_class = HealthSerializer
    pagination_class = None
    filter_backends: list[type] = []

    @extend_schema(
        operation_id="health_retrieve",
        summary="Database, broker and worker status (no authentication)",
        responses={
            200: HealthSerializer,
            503: OpenApiResponse(HealthSerializer, description="A component failed; `failing` names it."),
        },
    )
    def get(self, request: Request) -> Response:
        report = health_report()
        code = status.HTTP_200_OK if report["status"] == "ok" else status.HTTP_503_SERVICE_UNAVAILABLE
        return Response(HealthSerializer(report).data, status=code)
