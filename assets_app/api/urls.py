"""URLs of the catalog API.

Asset keys contain ``/``, so the suffixed routes come before the detail route: a key ending in
``/materializations`` or ``/checks`` (or the key ``wipe``) is still served, see the views.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    AssetCheckListView,
    AssetDetailView,
    AssetGraphView,
    AssetListView,
    AssetMaterializationListView,
    AssetWipeView,
    CodeLocationViewSet,
)

router = SimpleRouter()
router.register("code-locations", CodeLocationViewSet, basename="code-location")

urlpatterns = [
    path("assets/", AssetListView.as_view(), name="asset-list"),
    path("assets/wipe/", AssetWipeView.as_view(), name="asset-wipe"),
    path(
        "assets/<path:key>/materializations/",
        AssetMaterializationListView.as_view(),
        name="asset-materializations",
    ),
    path("assets/<path:key>/checks/", AssetCheckListView.as_view(), name="asset-checks"),
    path("assets/<path:key>/", AssetDetailView.as_view(), name="asset-detail"),
    path("asset-graph/", AssetGraphView.as_view(), name="asset-graph"),
    *router.urls,
]
