"""Query filters of the runs list."""

import django_filters
from django.db.models import QuerySet

from assets_app.api.filters import CommaSeparatedWidget, KeyValueFilter, UtcIsoDateTimeFilter
from runs_app import selectors
from runs_app.models import Run, RunStatus


class RunFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=RunStatus.choices,
        widget=CommaSeparatedWidget,
        help_text="Repeat or comma-separate for several (any matches).",
    )
    job = django_filters.CharFilter(field_name="job_name", help_text="Job name (exact).")
    asset = django_filters.CharFilter(method="filter_asset", help_text="Runs that selected this asset key.")
    tag = KeyValueFilter(method="filter_tag", help_text="`key=value`; repeat for several, all must match.")
    location = django_filters.CharFilter(field_name="location_name", help_text="Code location name.")
    created_after = UtcIsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", help_text="Created at or after this ISO 8601 time."
    )
    created_before = UtcIsoDateTimeFilter(
        field_name="created_at", lookup_expr="lt", help_text="Created before this ISO 8601 time."
    )
    q = django_filters.CharFilter(
        method="filter_text",
        help_text="Words that must all appear in the run id, the job name or the asset selection.",
    )

    class Meta:
        model = Run
        fields: list[str] = []

    def filter_asset(self, qs: QuerySet[Run], name: str, value: str) -> QuerySet[Run]:
        return selectors.run_filter(qs, asset_key=value)

    def filter_tag(self, qs: QuerySet[Run], name: str, value: list[tuple[str, str]]) -> QuerySet[Run]:
        return selectors.run_filter(qs, tags=value)

    def filter_text(self, qs: QuerySet[Run], name: str, value: str) -> QuerySet[Run]:
        return selectors.run_filter_text(qs, value)
