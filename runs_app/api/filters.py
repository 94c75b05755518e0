"""Query filters of the runs list."""


import django_filters
from django.db.models import QuerySet

from assets_app.api.filters import CommaSeparatedWidget, KeyValueFilter
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

    class Meta:
        model = Run
        fields: list[str] = []

    def filter_asset(self, qs: QuerySet[Run], name: str, value: str) -> QuerySet[Run]:
        return selectors.run_filter(qs, asset_key=value)

    def filter_tag(self, qs: QuerySet[Run], name: str, value: list[tuple[str, str]]) -> QuerySet[Run]:
        return selectors.run_filter(qs, tags=value)
