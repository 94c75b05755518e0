"""The Django admin lists every registered model read-only, and shows a row's page."""

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.events import DagsterEvent, DagsterEventType
from runs_app.execution import run_execute
from runs_app.instance_storage import DjangoInstanceStorage
from runs_app.services import run_create

MODELS = sorted(f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry)
OURS = [m for m in MODELS if m.split(".")[0] in {"accounts_app", "assets_app", "runs_app"}]


@pytest.fixture
def superuser_client(db: Any) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "correct-horse-battery")
    client = Client()
    client.force_login(user)
    return client


def test_our_models_are_registered() -> None:
    assert OURS == [
        "accounts_app.apitoken",
        "accounts_app.auditentry",
        "accounts_app.userrole",
        "assets_app.assetcheckevaluation",
        "assets_app.assetdefinition",
        "assets_app.assetstate",
        "assets_app.codelocation",
        "assets_app.materialization",
        "runs_app.dynamicpartition",
        "runs_app.run",
        "runs_app.runevent",
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("model", OURS)
def test_changelist_and_change_page_render(superuser_client: Client, basic_location: Any, model: str) -> None:
    from accounts_app.services import token_create, user_create
    from runs_app.models import DynamicPartition

    user_create(username="viewer", role="viewer")
    token_create(username="viewer", name="ci")
    DynamicPartition.objects.create(name="regions", key="eu")
    run = run_create(selection=["numbers"])
    run_execute(run_id=str(run.id))
    DjangoInstanceStorage().store_events(
        [
            DagsterEvent(
                DagsterEventType.ASSET_CHECK_EVALUATION,
                run_id=str(run.id),
                asset_key=AssetKey("numbers"),
                payload={"check_name": "positive", "passed": True, "severity": "WARN"},
            )
        ]
    )

    app_label, model_name = model.split(".")
    listing = superuser_client.get(f"/admin/{app_label}/{model_name}/")
    assert listing.status_code == 200
    model_class = next(m for m in admin.site._registry if m._meta.label_lower == model)
    row = model_class._default_manager.first()
    assert row is not None
    page = superuser_client.get(f"/admin/{app_label}/{model_name}/{row.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content or model in {
        "accounts_app.userrole",
        "runs_app.dynamicpartition",
    }
