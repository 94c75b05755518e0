"""URLs of the accounts API."""

urlpatterns: list = []
