"""``manage.py`` commands of the catalog."""
