"""URLs of the catalog API.

Asset keys contain ``/``, so the suffixed routes come before the detail route: a key ending in
``/materializations`` or ``/checks`` (or the key ``wipe``) is still served, see the views.
A key or location name holding NUL matches no route (a 404): no database stores it.
"""

from django.urls import path, register_converter
from rest_framework.routers import SimpleRouter

from .views import (
    AssetCheckListView,
    AssetDetailView,
    AssetGraphView,
    AssetListView,
    AssetMaterializationListView,
    AssetSelectionView,
    AssetWipeView,
    CodeLocationViewSet,
)


class AssetKeyConverter:
    """``path`` (slashes allowed) without NUL characters."""

    regex = "[^\x00]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AssetKeyConverter, "asset_key")

router = SimpleRouter()
router.register("code-locations", CodeLocationViewSet, basename="code-location")

urlpatterns = [
    path("assets/", AssetListView.as_view(), name="asset-list"),
    path("assets/wipe/", AssetWipeView.as_view(), name="asset-wipe"),
    path(
        "assets/<asset_key:key>/materializations/",
        AssetMaterializationListView.as_view(),
        name="asset-materializations",
    ),
    path("assets/<asset_key:key>/checks/", AssetCheckListView.as_view(), name="asset-checks"),
    path("assets/<asset_key:key>/", AssetDetailView.as_view(), name="asset-detail"),
    path("asset-graph/", AssetGraphView.as_view(), name="asset-graph"),
    path("asset-selection/", AssetSelectionView.as_view(), name="asset-selection"),
    *router.urls,
]
