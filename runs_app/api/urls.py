"""URLs of the runs API: /api/runs/..., /api/jobs/, /api/schedules/, /api/sensors/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import JobListView, RunViewSet, ScheduleListView, SensorListView

router = SimpleRouter()
router.register("runs", RunViewSet, basename="run")

urlpatterns = [
    path("jobs/", JobListView.as_view(), name="job-list"),
    path("schedules/", ScheduleListView.as_view(), name="schedule-list"),
    path("sensors/", SensorListView.as_view(), name="sensor-list"),
    *router.urls,
]
