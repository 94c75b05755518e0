"""Query filters of the audit log."""

import django_filters

from accounts_app.models import AuditAction, AuditEntry
from assets_app.api.filters import UtcIsoDateTimeFilter


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """``?name=a,b``: any of the listed choices."""


class AuditEntryFilter(django_filters.FilterSet):
    action = ChoiceInFilter(
        choices=AuditAction.choices, help_text="Comma-separate for several (any matches)."
    )
    actor = django_filters.CharFilter(help_text="User name of the actor (exact); `cli:<user>` for commands.")
    target_type = django_filters.CharFilter(help_text="run, asset, code_location, user or token.")
    target_id = django_filters.CharFilter(help_text="The target's id or name (exact).")
    after = UtcIsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", help_text="Entries at or after this time (ISO 8601)."
    )
    before = UtcIsoDateTimeFilter(
        field_name="created_at", lookup_expr="lt", help_text="Entries before this time (ISO 8601)."
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []
