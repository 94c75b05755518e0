"""REST API of the assets app."""
