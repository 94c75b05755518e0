"""URLs of the runs API."""

urlpatterns: list = []
