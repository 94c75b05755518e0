"""REST API of the runs app."""
