"""Query filters of the catalog endpoints, and the ``k=v`` tag filter shared with the runs API."""

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.datastructures import MultiValueDict
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from assets_app import selectors
from assets_app.models import AssetDefinition, Materialization
from runs_app.snapshots import selected_asset_keys


class CommaSeparatedWidget(forms.SelectMultiple):
    """Reads ``?name=a&name=b`` and ``?name=a,b`` alike."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        values = data.getlist(name) if isinstance(data, MultiValueDict) else [data.get(name) or ""]
        return [v.strip() for value in values for v in value.split(",") if v.strip()]


class StringListField(forms.Field):
    """Every value of a repeated ``?name=`` parameter."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        return [str(v) for v in value or [] if str(v)]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class StringListFilter(django_filters.Filter):
    """``?name=a&name=b`` (any matches)."""

    field_class = StringListField


class KeyValueListField(forms.Field):
    """Every value of a repeated ``?name=k=v`` parameter, as ``(k, v)`` pairs."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[tuple[str, str]]:
        pairs = []
        for item in value or []:
            key, sep, val = str(item).partition("=")
            if not sep or not key:
                # A parameter, not formatted in: the message is %-formatted later, and items hold '%'.
                raise forms.ValidationError("'%(item)s' is not of the form key=value", params={"item": item})
            pairs.append((key, val))
        return pairs


@extend_schema_field({"type": "array", "items": {"type": "string", "example": "team=data"}})
class KeyValueFilter(django_filters.Filter):
    """``?tag=k=v`` (repeat for several; all must match)."""

    field_class = KeyValueListField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, converted to UTC: PostgreSQL refuses offsets beyond ±15:59 that Python allows."""

    def to_python(self, value: Any) -> dt.datetime | None:
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        try:
            return parsed.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError("'%(value)s' is out of range", params={"value": value}) from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """``IsoDateTimeFilter`` comparing in UTC (see ``UtcIsoDateTimeField``)."""

    field_class = UtcIsoDateTimeField


class AssetFilter(django_filters.FilterSet):
    group = django_filters.CharFilter(field_name="group_name", help_text="Group name (exact).")
    kind = django_filters.CharFilter(method="filter_kind", help_text="A kind of the asset, e.g. `python`.")
    tag = KeyValueFilter(method="filter_tag", help_text="`key=value`; repeat for several, all must match.")
    q = django_filters.CharFilter(
        method="filter_text", help_text="Words that must all appear in the key, description or group."
    )
    location = django_filters.CharFilter(field_name="location__name", help_text="Code location name.")
    owner = StringListFilter(
        method="filter_owner", help_text="An owner (exact); repeat for several, any matches."
    )
    status = django_filters.MultipleChoiceFilter(
        choices=selectors.AssetStatus.choices,
        widget=CommaSeparatedWidget,
        method="filter_status",
        help_text="Repeat or comma-separate for several (any matches).",
    )
    select = django_filters.CharFilter(
        method="filter_select",
        help_text="An asset selection, as the command line's `--select` (`+a`, `a+`, `group:x`, `kind:x`, "
        "`tag:k=v`, `owner:x`, `*`, comma-separated unions).",
    )

    class Meta:
        model = AssetDefinition
        fields: list[str] = []

    def filter_owner(
        self, qs: QuerySet[AssetDefinition], name: str, value: list[str]
    ) -> QuerySet[AssetDefinition]:
        return selectors.asset_filter_owners(qs, value) if value else qs

    def filter_status(
        self, qs: QuerySet[AssetDefinition], name: str, value: list[str]
    ) -> QuerySet[AssetDefinition]:
        return selectors.asset_filter_status(qs, value) if value else qs

    def filter_select(
        self, qs: QuerySet[AssetDefinition], name: str, value: str
    ) -> QuerySet[AssetDefinition]:
        return qs.filter(key__in=selected_asset_keys(value))

    def filter_kind(self, qs: QuerySet[AssetDefinition], name: str, value: str) -> QuerySet[AssetDefinition]:
        return selectors.asset_filter_kind(qs, value)

    def filter_tag(
        self, qs: QuerySet[AssetDefinition], name: str, value: list[tuple[str, str]]
    ) -> QuerySet[AssetDefinition]:
        for key, val in value:
            qs = selectors.asset_filter_tag(qs, key, val)
        return qs

    def filter_text(self, qs: QuerySet[AssetDefinition], name: str, value: str) -> QuerySet[AssetDefinition]:
        return selectors.asset_filter_text(qs, value)


class MaterializationFilter(django_filters.FilterSet):
    partition = django_filters.CharFilter(field_name="partition", help_text="Partition key (exact).")

    class Meta:
        model = Materialization
        fields: list[str] = []
