"""Runs (launch, list, detail, events, cancel, re-execute) and the jobs, schedules and sensors of snapshots."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from accounts_app.api.pagination import BoundedLimitOffsetPagination
from accounts_app.audit import audit_record
from accounts_app.models import AuditAction, Role
from runs_app import compute_logs, selectors, services
from runs_app.launch_validation import RunConfigError
from runs_app.models import Run

from .filters import RunFilter
from .serializers import (
    ComputeLogFileSerializer,
    ComputeLogPageSerializer,
    ComputeLogReadQuerySerializer,
    JobSerializer,
    LocationQuerySerializer,
    RunCreateSerializer,
    RunDetailSerializer,
    RunEventPageSerializer,
    RunEventsQuerySerializer,
    RunReexecuteSerializer,
    RunSerializer,
    ScheduleSerializer,
    SensorSerializer,
)

BAD_LAUNCH = OpenApiResponse(
    description="A field error: selection, job, partition_key, partition_range, run_config, tags, executor, "
    "location or code_location."
)


@contextmanager
def _nested_config_errors() -> Iterator[None]:
    """A launch's run-config errors as a 400 nested by path: ``{"run_config": {"ops": {...}}}``."""
    try:
        yield
    except RunConfigError as exc:
        raise ValidationError({"run_config": exc.detail}) from None


def _run_target(run: Run) -> dict[str, Any]:
    """The audit target of a run, with what it ran."""
    details = {
        "job": run.job_name,
        "asset_selection": run.asset_selection,
        "partition_key": run.partition_key,
        "status": run.status,
        "parent_run_id": str(run.parent_run_id) if run.parent_run_id else None,
    }
    return {"target_type": "run", "target_id": run.id, "details": details}


@extend_schema_view(
    list=extend_schema(summary="List runs, newest first"),
    retrieve=extend_schema(
        summary="A run with its step stats and materialized assets", responses=RunDetailSerializer
    ),
)
class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Reads need a viewer; launching, canceling and re-executing need a launcher."""

    serializer_class = RunSerializer
    filterset_class = RunFilter
    pagination_class = BoundedLimitOffsetPagination
    action_roles = {"create": Role.LAUNCHER, "cancel": Role.LAUNCHER, "reexecute": Role.LAUNCHER}

    def get_queryset(self) -> QuerySet[Run]:
        return selectors.run_queryset()

    def get_object(self) -> Run:
        return selectors.run_get(self.kwargs["pk"])

    @extend_schema(
        summary="Launch a run",
        request=RunCreateSerializer,
        responses={201: RunDetailSerializer, 400: BAD_LAUNCH},
    )
    def create(self, request: Request) -> Response:
        serializer = RunCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _nested_config_errors():
            run = services.run_create(**serializer.validated_data, created_by=request.user.get_username())
        audit_record(action=AuditAction.RUN_LAUNCHED, **_run_target(run), actor=request.user, request=request)
        return Response(RunDetailSerializer(selectors.run_detail(str(run.id))).data, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(RunDetailSerializer(selectors.run_detail(pk)).data)

    @extend_schema(
        operation_id="runs_events",
        summary="A page of the run's events, oldest first, after a cursor",
        parameters=[RunEventsQuerySerializer],
        responses=RunEventPageSerializer,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def events(self, request: Request, pk: str) -> Response:
        query = RunEventsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = selectors.run_events(run=self.get_object(), **query.validated_data)
        return Response(RunEventPageSerializer(page).data)

    @extend_schema(
        operation_id="runs_compute_logs_list",
        summary="The run's compute logs (each step's stdout and stderr), in the order the steps started",
        responses=ComputeLogFileSerializer(many=True),
    )
    @action(
        detail=True, methods=["get"], url_path="compute-logs", pagination_class=None, filterset_class=None
    )
    def compute_logs(self, request: Request, pk: str) -> Response:
        files = compute_logs.compute_log_list(self.get_object())
        return Response(ComputeLogFileSerializer(files, many=True).data)

    @extend_schema(
        operation_id="runs_compute_logs_read",
        summary="A page of a step's stdout or stderr from a byte offset (poll with next_offset while it runs)",
        parameters=[ComputeLogReadQuerySerializer],
        responses={
            200: ComputeLogPageSerializer,
            404: OpenApiResponse(description="No such run, or the step has no log of that stream"),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="compute-logs/read",
        pagination_class=None,
        filterset_class=None,
    )
    def compute_logs_read(self, request: Request, pk: str) -> Response:
        query = ComputeLogReadQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = compute_logs.compute_log_read(run=self.get_object(), **query.validated_data)
        return Response(ComputeLogPageSerializer(page).data)

    @extend_schema(
        operation_id="runs_cancel",
        summary="Cancel a run (a queued run at once, a running one between steps)",
        request=None,
        responses={200: RunDetailSerializer, 400: OpenApiResponse(description="The run already finished")},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        run = services.run_cancel(run=self.get_object())
        audit_record(action=AuditAction.RUN_CANCELED, **_run_target(run), actor=request.user, request=request)
        return Response(RunDetailSerializer(selectors.run_detail(str(run.id))).data)

    @extend_schema(
        operation_id="runs_reexecute",
        summary="Launch a new run of the same selection (its parent_run_id is this run)",
        request=RunReexecuteSerializer,
        responses={201: RunDetailSerializer, 400: BAD_LAUNCH},
    )
    @action(detail=True, methods=["post"])
    def reexecute(self, request: Request, pk: str) -> Response:
        serializer = RunReexecuteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _nested_config_errors():
            run = services.run_reexecute(
                run=self.get_object(), created_by=request.user.get_username(), **serializer.validated_data
            )
        audit_record(
            action=AuditAction.RUN_REEXECUTED, **_run_target(run), actor=request.user, request=request
        )
        return Response(RunDetailSerializer(selectors.run_detail(str(run.id))).data, status.HTTP_201_CREATED)


class _SnapshotListView(GenericAPIView):
    """A paginated list read from the stored snapshots (no database filters apply)."""

    pagination_class = BoundedLimitOffsetPagination
    filter_backends: list[Any] = []

    def items(self, location: str | None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        query = LocationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(self.items(query.validated_data.get("location")))  # type: ignore[arg-type]
        assert page is not None  # the view always paginates
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="jobs_list", parameters=[LocationQuerySerializer], responses=JobSerializer(many=True)
    )
)
class JobListView(_SnapshotListView):
    serializer_class = JobSerializer

    def items(self, location: str | None) -> list[dict[str, Any]]:
        return selectors.job_list(location)


@extend_schema_view(
    get=extend_schema(
        operation_id="schedules_list",
        parameters=[LocationQuerySerializer],
        responses=ScheduleSerializer(many=True),
    )
)
class ScheduleListView(_SnapshotListView):
    serializer_class = ScheduleSerializer

    def items(self, location: str | None) -> list[dict[str, Any]]:
        return selectors.schedule_list(location)


@extend_schema_view(
    get=extend_schema(
        operation_id="sensors_list",
        parameters=[LocationQuerySerializer],
        responses=SensorSerializer(many=True),
    )
)
class SensorListView(_SnapshotListView):
    serializer_class = SensorSerializer

    def items(self, location: str | None) -> list[dict[str, Any]]:
        return selectors.sensor_list(location)
