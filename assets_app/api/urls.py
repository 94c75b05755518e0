"""URLs of the assets API."""

urlpatterns: list = []
